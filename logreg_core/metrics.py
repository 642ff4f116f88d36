"""Classification quality at a threshold."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .functions import logit


def accuracy_path(
    X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: ArrayLike, threshold: float = 0.5
) -> NDArray[np.float64]:
    r"""Accuracy of each model on a path, classifying by :math:`\sigma(z) \ge t`.

    .. math::
        \text{accuracy}_k = \frac{1}{n}\sum_{i=1}^{n}
        \mathbb 1\left[\,[z_{ik} \ge \operatorname{logit}(t)] = y_i\,\right],
        \qquad z_{ik} = w^{(k)}\cdot x_i + b^{(k)}

    Comparing the score with :math:`\operatorname{logit}(t)` instead of the probability
    with t gives the same decisions without computing any probability.

    Parameters
    ----------
    X : array_like, shape (n, m)
    y : array_like, shape (n,)
    weights : array_like, shape (k, m)
    bias : array_like, shape (k,)
    threshold : float in [0, 1]

    Returns
    -------
    ndarray, shape (k,)
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64) == 1.0
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    bias = np.atleast_1d(np.asarray(bias, dtype=np.float64))
    cut = float(logit(threshold))
    result = np.empty(weights.shape[0])
    # A few hundred models at a time keeps the n x k score matrix small.
    for start in range(0, weights.shape[0], 256):
        scores = X @ weights[start : start + 256].T + bias[start : start + 256]
        result[start : start + 256] = np.mean((scores >= cut) == y[:, None], axis=0)
    return result
