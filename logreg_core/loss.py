"""Binary cross-entropy and its derivatives, computed from the raw score z.

The loss is never computed from probabilities: :math:`\\log\\sigma(z)` rounds to
``log(0) = -inf`` once :math:`\\sigma(z)` underflows, while the same quantity written with
the raw score, :math:`-\\log(1 + e^{-z})`, stays finite and exact. No ``eps`` clipping is
needed anywhere.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

# Rows per block in loss_gradient: 16384 rows of 20 float64 features are 2.6 MB, small
# enough to stay in cache between computing z and accumulating X^T r.
ROWS_PER_BLOCK = 16384
_CORES = os.cpu_count() or 1


@functools.cache
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=_CORES, thread_name_prefix="loss_gradient")


def softplus(z: ArrayLike) -> NDArray[np.float64]:
    r"""The softplus function, :math:`\log(1 + e^{z})`, finite for every finite z.

    .. math:: \operatorname{softplus}(z) = \max(z, 0) + \log\left(1 + e^{-|z|}\right)

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray of float64, same shape as ``z``
    """
    score = np.asarray(z, dtype=np.float64)
    return np.maximum(score, 0.0) + np.log1p(np.exp(-np.abs(score)))


def pointwise_cross_entropy(z: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    r"""Cross-entropy of each point, from its raw score :math:`z_i` and label :math:`y_i`.

    .. math::
        \ell_i = -\left[y_i \log\sigma(z_i) + (1-y_i)\log(1-\sigma(z_i))\right]
               = (1-y_i)\,\operatorname{softplus}(z_i) + y_i\,\operatorname{softplus}(-z_i)

    using :math:`-\log\sigma(z) = \operatorname{softplus}(-z)` and
    :math:`-\log(1-\sigma(z)) = \operatorname{softplus}(z)`. Both terms are non-negative,
    so there is no cancellation: a confident correct point gets its tiny loss to full
    relative precision, a confident wrong one a loss of about :math:`|z_i|`.

    Parameters
    ----------
    z : array_like, shape (n,)
        Raw scores.
    y : array_like, shape (n,)
        Labels in {0, 1} (values in between are accepted as soft labels).

    Returns
    -------
    ndarray of float64, shape (n,)
        Non-negative and finite for every finite ``z``.
    """
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return (1.0 - y) * softplus(z) + y * softplus(-z)


def model_point_losses(X: ArrayLike, y: ArrayLike, coef: ArrayLike, intercept: float) -> NDArray[np.float64]:
    r"""Each row's cross-entropy under the model (w, b): :math:`\ell_i(w\cdot x_i + b)`, shape (n,)."""
    z = np.asarray(X, dtype=np.float64) @ np.asarray(coef, dtype=np.float64) + intercept
    return pointwise_cross_entropy(z, y)


def cross_entropy(z: ArrayLike, y: ArrayLike) -> float:
    r"""Mean binary cross-entropy :math:`J` of the raw scores z against labels y.

    .. math::
        J = -\frac{1}{n}\sum_{i=1}^{n}\left[y_i\log\sigma(z_i) + (1-y_i)\log(1-\sigma(z_i))\right]

    Each point's loss is divided by n before summing (and, when some loss is near the
    largest float, by the largest loss first), so the mean stays finite even when every
    point's loss is close to the largest float.

    Parameters
    ----------
    z : array_like, shape (n,)
        Raw scores :math:`z_i = w \cdot x_i + b`.
    y : array_like, shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    float
        Finite and non-negative for every finite ``z``.
    """
    losses = pointwise_cross_entropy(z, y)
    largest = float(np.max(losses, initial=0.0))
    if largest > 1e300:  # near the largest float even the partial sums of l_i / n may round up past it
        return largest * float(np.mean(losses / largest))
    return float(np.sum(losses / losses.size))


def l2_penalty(w: ArrayLike, l2: float) -> float:
    r"""Ridge penalty added to the mean cross-entropy; the bias is not penalised.

    .. math:: R(w) = \frac{\lambda}{2}\lVert w\rVert^2

    Parameters
    ----------
    w : array_like, shape (m,)
    l2 : float
        The strength :math:`\lambda \ge 0`.
    """
    w = np.asarray(w, dtype=np.float64)
    return 0.5 * l2 * float(w @ w) if l2 else 0.0


class LossGradient(NamedTuple):
    """Objective and its gradient at one point (w, b), from one pass over X."""

    loss: float
    grad_w: NDArray[np.float64]
    grad_b: float
    accuracy: float


def _block_sums(
    w: NDArray[np.float64], b: float, X: NDArray[np.float64], signs: NDArray[np.float64], n: int
) -> tuple[float, NDArray[np.float64], float, int]:
    """Loss, X^T r, sum r and correct count over the rows of X, block by block.

    Works with the signed margin m = s z, s = 1 - 2y, in which every quantity is exact:
    the point's loss is softplus(m) = max(m, 0) + log1p(e^{-|m|}) and its residual
    sigma(z) - y = s sigma(m). A point counts as correct by the one threshold rule of the
    whole core, class 1 exactly when sigma(z) >= 0.5: that is z >= 0, or |z| so small that
    e^{-|z|} rounds to 1 and sigma(z) rounds to 0.5.
    """
    loss_sum = 0.0
    residual_sum = 0.0
    correct = 0
    grad_w = np.zeros(X.shape[1])
    for start in range(0, X.shape[0], ROWS_PER_BLOCK):
        X_block = X[start : start + ROWS_PER_BLOCK]
        s = signs[start : start + ROWS_PER_BLOCK]
        margin = X_block @ w
        margin += b
        margin *= s
        negative = margin < 0.0
        correct += int(np.count_nonzero(negative))
        e = np.abs(margin)
        np.negative(e, out=e)
        np.exp(e, out=e)
        if e.max() == 1.0:  # some sigma(z) rounds to 0.5: class 1 is predicted there
            rounds_to_half = e == 1.0
            correct += int(np.count_nonzero(rounds_to_half & (s < 0))) - int(
                np.count_nonzero(rounds_to_half & negative)
            )
        # log1p(e) <= log 2, so its sum cannot overflow; the margins are divided by n before
        # summing, which keeps the mean finite for huge losses
        loss_sum += float((np.maximum(margin, 0.0) / n).sum() + np.log1p(e).sum() / n)
        residual = np.where(negative, e, 1.0)
        e += 1.0
        residual /= e
        residual *= s
        residual_sum += float(residual.sum())
        grad_w += residual @ X_block
    return loss_sum, grad_w, residual_sum, correct


@functools.cache
def _kernels() -> ModuleType | None:
    """The compiled kernels of :mod:`logreg_core.kernels`, or None when Numba is not installed.

    Imported on first use, so that importing the core does not wait for Numba; without it
    the NumPy path computes the same numbers, three to four times slower.
    """
    try:
        from . import kernels
    except ImportError:
        return None
    return kernels


# Below this many rows the NumPy passes cost well under a millisecond more than the compiled
# kernels, which is not worth their one-off compilation on a machine's first use (about 2 s
# each, then cached on disk): the app's usual tables never wait for it.
COMPILED_MIN_ROWS = 50_000


# The multinomial and ordinal descent passes use the kernels at every size: 500 steps took
# 0.11 -> 0.04 s on iris (150 rows) and 0.38 -> 0.14 s on ANES 1996 (944 rows, K = 7), all of
# it per-step overhead of the NumPy passes. Their compilation is not waited for by users:
# the app warms them in the background when it starts (:func:`warm_kernels`), and after a
# machine's first run they load from Numba's disk cache.
KINDS_COMPILED_MIN_ROWS = 1


@functools.cache
def warm_kernels() -> None:
    """Compile (or load from Numba's disk cache) every kernel by one call on a tiny input.

    Meant for a background thread at app start, so that no request waits on compilation;
    does nothing without Numba, and runs once per process.
    """
    kernels = _kernels()
    if kernels is None:
        return
    X = np.zeros((2, 1))
    codes = np.array([0, 1], dtype=np.int64)
    kernels.binomial_block_sums(np.zeros(1), 0.0, X, np.array([1.0, -1.0]), 2)
    kernels.binomial_hessian_sums(np.zeros(1), 0.0, X)
    kernels.binomial_block_sums_hessian(np.zeros(1), 0.0, X, np.array([1.0, -1.0]), 2)
    kernels.multinomial_block_sums(np.zeros((2, 2)), X, codes, 2)
    kernels.multinomial_hessian_sums(np.zeros((2, 2)), X, np.array([1], dtype=np.int64))
    kernels.ordinal_block_sums(np.zeros(1), np.zeros(1), np.zeros(2), np.zeros(2), X, codes, 2)
    kernels.ordinal_descent_step(np.zeros(2), 1, 0.0, np.zeros(2), X, codes)
    kernels.multinomial_descent_step(np.zeros(2), 0, X, codes)
    kernels.column_moments(X, np.zeros(1))
    kernels.class_score_extremes(np.zeros(2), codes)
    kernels.standardise(X, np.zeros(1), np.ones(1), np.empty_like(X))


def _kernels_for(n_rows: int, kinds: bool = False) -> ModuleType | None:
    """The compiled kernels for a pass over ``n_rows`` rows, or None for the NumPy path.

    ``kinds``: the multinomial or ordinal loss-and-gradient pass (threshold
    :data:`KINDS_COMPILED_MIN_ROWS`); otherwise :data:`COMPILED_MIN_ROWS`.
    """
    return _kernels() if n_rows >= (KINDS_COMPILED_MIN_ROWS if kinds else COMPILED_MIN_ROWS) else None


def _worker_count(n: int) -> int:
    # Threads pay off only when each gets several blocks; NumPy releases the GIL in ufuncs.
    return max(1, min(_CORES, n // (4 * ROWS_PER_BLOCK)))


def loss_gradient(
    w: ArrayLike,
    b: float,
    X: ArrayLike,
    y: ArrayLike,
    l2: float = 0.0,
) -> LossGradient:
    r"""Penalised mean cross-entropy and its gradient, in one pass over X.

    .. math::
        z_i = w \cdot x_i + b, \qquad
        J(w, b) = \frac{1}{n}\sum_{i=1}^{n}\ell_i(z_i) + \frac{\lambda}{2}\lVert w\rVert^2

        \frac{\partial J}{\partial w_j} = \frac{1}{n}\sum_{i=1}^{n}(\sigma(z_i) - y_i)\,x_{ij}
            + \lambda w_j, \qquad
        \frac{\partial J}{\partial b} = \frac{1}{n}\sum_{i=1}^{n}(\sigma(z_i) - y_i)

    This is the negative of the log-likelihood's gradient divided by n: descending J is
    ascending the likelihood. Rows are processed in blocks so that each block of X is
    read from memory once and reused from cache for both :math:`Xw` and
    :math:`X^\top(\sigma(z) - y)`; :math:`e^{-|z|}` is shared by the sigmoid and the loss.
    Large inputs are split between the machine's cores; the partial sums are added in a
    fixed order, so results do not depend on timing.

    Parameters
    ----------
    w : array_like, shape (m,)
        Weights.
    b : float
        Bias (intercept).
    X : array_like, shape (n, m)
        Features.
    y : array_like, shape (n,)
        Labels in {0, 1}.
    l2 : float, default 0.0
        Ridge strength :math:`\lambda \ge 0` on w (not on b).

    Returns
    -------
    LossGradient
        ``loss`` (float), ``grad_w`` (m,), ``grad_b`` (float) and ``accuracy``, the share
        of points whose class at threshold 0.5 (:math:`z_i \ge 0`) equals :math:`y_i`.
    """
    return loss_gradient_signed(w, b, X, label_signs(y), l2)


def label_signs(y: ArrayLike) -> NDArray[np.float64]:
    r"""The sign of each label in the margin :math:`m_i = s_i z_i`: :math:`s_i = 1 - 2y_i`.

    Negative margins are correct classifications. Computed once per training run, since
    it does not change between steps.
    """
    return 1.0 - 2.0 * np.asarray(y, dtype=np.float64)


def loss_gradient_signed(
    w: ArrayLike, b: float, X: ArrayLike, signs: NDArray[np.float64], l2: float = 0.0
) -> LossGradient:
    """:func:`loss_gradient` with the labels given as :func:`label_signs`."""
    w = np.asarray(w, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    workers = _worker_count(n)
    kernels = _kernels_for(n)
    block_sums = _block_sums if kernels is None else kernels.binomial_block_sums
    if workers == 1:
        parts = [block_sums(w, b, X, signs, n)]
    else:
        cuts = np.linspace(0, n, workers + 1).astype(int) // ROWS_PER_BLOCK * ROWS_PER_BLOCK
        cuts[-1] = n
        futures = [
            _executor().submit(block_sums, w, b, X[lo:hi], signs[lo:hi], n)
            for lo, hi in itertools.pairwise(cuts)
        ]
        parts = [future.result() for future in futures]
    loss_sum = sum(part[0] for part in parts)
    grad_w = sum(part[1] for part in parts) / n
    residual_sum = sum(part[2] for part in parts)
    correct = sum(part[3] for part in parts)
    if l2:
        grad_w = grad_w + l2 * w
    return LossGradient(
        loss=loss_sum + l2_penalty(w, l2),
        grad_w=grad_w,
        grad_b=residual_sum / n,
        accuracy=correct / n,
    )


def hessian(w: ArrayLike, b: float, X: ArrayLike, l2: float = 0.0) -> NDArray[np.float64]:
    r"""Hessian of the penalised mean cross-entropy in (b, w), intercept first.

    .. math::
        H = \frac{1}{n}\tilde X^\top S \tilde X + \lambda\,\operatorname{diag}(0, 1, \dots, 1),
        \qquad S = \operatorname{diag}\big(\sigma(z_i)(1-\sigma(z_i))\big)

    where :math:`\tilde X = [\mathbf 1, X]`.

    Parameters
    ----------
    w : array_like, shape (m,)
    b : float
    X : array_like, shape (n, m)
    l2 : float, default 0.0

    Returns
    -------
    ndarray of float64, shape (m+1, m+1)
    """
    features = np.asarray(X, dtype=np.float64)
    n, m = features.shape
    z = features @ np.asarray(w, dtype=np.float64) + b
    # sigma(z)(1 - sigma(z)) = e^{-|z|} / (1 + e^{-|z|})^2, symmetric in z and exact
    e = np.exp(-np.abs(z))
    s = e / (1.0 + e) ** 2
    X_tilde = np.column_stack([np.ones(n), features])
    H: NDArray[np.float64] = (X_tilde.T * s) @ X_tilde / n
    if l2:
        H[1:, 1:] += l2 * np.eye(m)
    return H


def cross_entropy_path(
    X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: ArrayLike
) -> NDArray[np.float64]:
    r"""Mean cross-entropy of each model on a path, for example on held-out rows.

    .. math:: J_k = \frac{1}{n}\sum_{i=1}^{n}\ell_i\big(w^{(k)}\cdot x_i + b^{(k)}\big)

    Without the L2 term: this measures fit, not the training objective.

    Parameters
    ----------
    X : array_like, shape (n, m)
    y : array_like, shape (n,)
    weights : array_like, shape (k, m)
    bias : array_like, shape (k,)

    Returns
    -------
    ndarray, shape (k,)
    """
    labels = np.asarray(y, dtype=np.float64)
    n = labels.shape[0]
    path_weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    totals = np.zeros(path_weights.shape[0])
    for rows, models, scores in score_blocks(X, path_weights, bias):
        # each loss divided by n before summing: the mean stays finite for losses near the largest float
        totals[models] += (pointwise_cross_entropy(scores, labels[rows, None]) / n).sum(axis=0)
    return totals


# Scores computed at once by score_blocks: 2**20 float64 are 8 MB, whatever the number of rows.
SCORES_PER_BLOCK = 1 << 20
# Models scored together on one block of rows, which stays in cache meanwhile.
MODELS_PER_BLOCK = 64


def score_blocks(
    X: ArrayLike, weights: ArrayLike, bias: ArrayLike,
    scores_per_block: int = SCORES_PER_BLOCK, models_per_block: int = MODELS_PER_BLOCK,
) -> Iterator[tuple[slice, slice, NDArray[np.float64]]]:
    r"""The scores :math:`z_{ik} = w^{(k)}\cdot x_i + b^{(k)}` of many models, in blocks of rows x models.

    Memory stays at ``scores_per_block`` scores however many rows and models there are (all
    of them at once take n x k floats: 4.8 GB for a million rows and 600 models).

    Parameters
    ----------
    X : array_like, shape (n, m)
    weights : array_like, shape (k, m)
    bias : array_like, shape (k,)
    scores_per_block : int
    models_per_block : int

    Yields
    ------
    rows : slice
        The block's rows of X.
    models : slice
        The block's models.
    scores : ndarray, shape (rows, models)
    """
    X = np.asarray(X, dtype=np.float64)
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    bias = np.atleast_1d(np.asarray(bias, dtype=np.float64))
    n, k = X.shape[0], weights.shape[0]
    width = max(1, min(k, models_per_block, scores_per_block))
    height = max(1, scores_per_block // width)
    for first_row in range(0, n, height):
        rows = slice(first_row, min(first_row + height, n))
        for first_model in range(0, k, width):
            models = slice(first_model, min(first_model + width, k))
            yield rows, models, X[rows] @ weights[models].T + bias[models]


def scores_along_path(
    X: ArrayLike, weights: ArrayLike, bias: ArrayLike, models_per_block: int | None = None
) -> Iterator[NDArray[np.float64]]:
    r"""The scores :math:`z_{ik} = w^{(k)}\cdot x_i + b^{(k)}` of many models, a block of models at a time.

    Yields arrays of shape (n, block). Without ``models_per_block``, a block holds about
    ``SCORES_PER_BLOCK`` scores (at least one model): :func:`score_blocks` bounds memory
    for any n by blocking the rows too.
    """
    X = np.asarray(X, dtype=np.float64)
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    bias = np.atleast_1d(np.asarray(bias, dtype=np.float64))
    if models_per_block is None:
        models_per_block = max(1, min(256, SCORES_PER_BLOCK // max(X.shape[0], 1)))
    for start in range(0, weights.shape[0], models_per_block):
        yield X @ weights[start : start + models_per_block].T + bias[start : start + models_per_block]
