"""Correct decisions of many models at many thresholds, in memory that does not grow with the rows.

A training path has hundreds of models and a page offers about a hundred thresholds. Scoring
every row under every model at once takes n x k floats (6 GB for a million rows and 768
models); here rows and models go in blocks of a fixed number of scores, and each score is
placed once among the thresholds' cuts, so one pass gives the count for every threshold.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .functions import sigmoid
from .loss import SCORES_PER_BLOCK, score_blocks


def score_cut(threshold: float) -> float:
    r"""The smallest score :math:`z` whose probability reaches the threshold.

    .. math:: c(t) = \min\{z : \sigma(z) \ge t\} \approx \operatorname{logit}(t)

    Found by bisection on the computed :func:`~logreg_core.functions.sigmoid`, so that
    :math:`z \ge c(t)` decides exactly as :math:`\sigma(z) \ge t` does, also for scores within
    a rounding error of :math:`\operatorname{logit}(t)`.

    Parameters
    ----------
    threshold : float in [0, 1]

    Returns
    -------
    float
        ``-inf`` for t = 0 (every score is class 1).
    """
    t = float(threshold)
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"threshold must be a probability between 0 and 1, got {threshold!r}.")
    return _bisected_cut(t)


# The bisection takes about 60 scalar sigmoids: 0.25 ms per threshold, 25 ms for the slider's 99
# values on every new training run, where counting the 20 rows of the notes' table takes under 1 ms.
# The answer depends on the threshold alone, and a page offers about a hundred of them.
@functools.lru_cache(maxsize=4096)
def _bisected_cut(t: float) -> float:
    if t == 0.0:
        return -math.inf
    low, high = -800.0, 800.0  # sigmoid(-800) is 0 < t, sigmoid(800) is 1 >= t
    while True:
        middle = 0.5 * (low + high)
        if middle in (low, high):
            return high
        if float(sigmoid(middle)) >= t:
            high = middle
        else:
            low = middle


def correct_counts_by_threshold(
    X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: ArrayLike, thresholds: ArrayLike,
    scores_per_block: int = SCORES_PER_BLOCK,
) -> NDArray[np.int64]:
    r"""How many rows each model classifies correctly at each threshold.

    .. math::
        C_{kj} = \sum_{i=1}^{n} \mathbb 1\left[\,[\sigma(z_{ik}) \ge t_j] = y_i\,\right],
        \qquad z_{ik} = w^{(k)}\cdot x_i + b^{(k)}

    Each score is binned among the cuts :math:`c(t_1) \le \dots \le c(t_T)` (:func:`score_cut`);
    a row of class 1 in bin b is right at the thresholds below b, one of class 0 at the others,
    so cumulative sums of the bin counts give every column of C at once.

    Parameters
    ----------
    X : array_like, shape (n, m)
    y : array_like, shape (n,)
        Labels in {0, 1}.
    weights : array_like, shape (k, m)
    bias : array_like, shape (k,)
    thresholds : array_like, shape (T,)
        Increasing probabilities in [0, 1].
    scores_per_block : int
        Scores computed at once (rows x models): with their bin numbers about 30 bytes each.

    Returns
    -------
    ndarray of int64, shape (k, T)
        Accuracy is ``C / n``.
    """
    X = np.asarray(X, dtype=np.float64)
    positive = np.asarray(y, dtype=np.float64) == 1.0
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    bias = np.atleast_1d(np.asarray(bias, dtype=np.float64))
    thresholds = np.atleast_1d(np.asarray(thresholds, dtype=np.float64))
    if np.any(np.diff(thresholds) < 0):
        raise ValueError("thresholds must be in increasing order.")
    cuts = np.array([score_cut(t) for t in thresholds])
    k, n_bins = weights.shape[0], thresholds.size + 1
    # bin_counts[c, j, b]: rows of class c (0 or 1) whose score under model j reaches b cuts
    bin_counts = np.zeros((2, k, n_bins), dtype=np.int64)
    for rows, models, scores in score_blocks(X, weights, bias, scores_per_block):
        width = models.stop - models.start
        bins = np.searchsorted(cuts, scores, side="right") + np.arange(width) * n_bins
        bins += positive[rows, None] * (width * n_bins)
        counts = np.bincount(bins.ravel(), minlength=2 * width * n_bins)
        bin_counts[:, models] += counts.reshape(2, width, n_bins)
    # class 1 is right at threshold j when its score reaches cut j (bin > j); class 0 when it does not
    positives_right = np.cumsum(bin_counts[1, :, ::-1], axis=1)[:, ::-1][:, 1:]
    negatives_right = np.cumsum(bin_counts[0], axis=1)[:, :-1]
    correct: NDArray[np.int64] = positives_right + negatives_right
    return correct
