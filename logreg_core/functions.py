"""The link functions of logistic regression: sigmoid, logit and odds.

All three are vectorised and exact in float64 for every finite input: they never
overflow, never warn and never return NaN for a finite argument.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def sigmoid(z: ArrayLike) -> NDArray[np.float64]:
    r"""Logistic sigmoid, the probability of class 1 given the raw score z.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{e^{z}}{1 + e^{z}}

    Evaluated as :math:`1/(1+e^{-|z|})` for :math:`z \ge 0` and
    :math:`e^{-|z|}/(1+e^{-|z|})` for :math:`z < 0`, so the exponential is never of a
    positive number and cannot overflow.

    Parameters
    ----------
    z : array_like, any shape
        Raw scores :math:`z = w \cdot x + b`.

    Returns
    -------
    ndarray of float64, same shape as ``z``
        Values in [0, 1]; exactly 0 only where the true value is below the smallest
        float (z < -745), exactly 1 only where it rounds to 1 (z > 37).
    """
    score = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(score))
    return np.where(score >= 0, 1.0, e) / (1.0 + e)


def logit(p: ArrayLike) -> NDArray[np.float64]:
    r"""Log-odds, the inverse of the sigmoid.

    .. math:: \operatorname{logit}(p) = \log\frac{p}{1-p} = \log p - \log(1-p)

    Parameters
    ----------
    p : array_like, any shape
        Probabilities in [0, 1].

    Returns
    -------
    ndarray of float64, same shape as ``p``
        ``-inf`` at p = 0, ``+inf`` at p = 1, NaN outside [0, 1].
    """
    probability = np.asarray(p, dtype=np.float64)
    # log1p(-p) keeps precision for small p; p = 0 or 1 gives the infinite log-odds
    # they mathematically have, without a divide-by-zero warning.
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(probability) - np.log1p(-probability)


def odds(p: ArrayLike) -> NDArray[np.float64]:
    r"""Odds of class 1: how many times likelier it is than class 0.

    .. math:: \operatorname{odds}(p) = \frac{p}{1-p} = e^{z} \quad\text{when } p = \sigma(z)

    Parameters
    ----------
    p : array_like, any shape
        Probabilities in [0, 1].

    Returns
    -------
    ndarray of float64, same shape as ``p``
        In [0, inf]; ``inf`` at p = 1, NaN outside [0, 1].
    """
    probability = np.asarray(p, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((probability >= 0.0) & (probability <= 1.0), probability / (1.0 - probability), np.nan)


def odds_from_score(z: ArrayLike) -> NDArray[np.float64]:
    r"""Odds of class 1 at log-odds z, and the factor a weight w multiplies the odds by.

    .. math:: \operatorname{odds}(z) = e^{z} = \frac{\sigma(z)}{1 - \sigma(z)}

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray of float64, same shape as ``z``
        ``inf`` past the float range (z > 709.78), without an overflow warning: the odds
        really are larger than any float.
    """
    scores = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore"):
        result: NDArray[np.float64] = np.exp(scores)
    return result


def log_sum_exp(scores: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    r"""Log of the sum of exponentials along an axis, without overflow.

    .. math:: \operatorname{lse}(z) = \log\sum_k e^{z_k} = z_{\max} + \log\sum_k e^{z_k - z_{\max}}

    Every exponent is at most 0, so nothing overflows, and the largest term is exactly 1,
    so the sum never underflows to 0.

    Parameters
    ----------
    scores : array_like, shape (..., K)
    axis : int, default -1

    Returns
    -------
    ndarray of float64, the shape of ``scores`` without ``axis``
    """
    z = np.asarray(scores, dtype=np.float64)
    # reductions over an axis are typed as Any by NumPy's stubs (they may return a scalar)
    top: NDArray[np.float64] = np.max(z, axis=axis, keepdims=True)
    total: NDArray[np.float64] = np.sum(np.exp(z - top), axis=axis, keepdims=True)
    return np.squeeze(top + np.log(total), axis=axis)


def log_softmax(scores: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    r"""Log-probabilities of K classes from their raw scores: :math:`\log p_k = z_k - \operatorname{lse}(z)`."""
    z = np.asarray(scores, dtype=np.float64)
    return z - np.expand_dims(log_sum_exp(z, axis=axis), axis)


# Classes up to this many are looped over in softmax rather than reduced by NumPy, which adds
# fewer than 8 numbers one after another as the loop does (from 8 on, in pairs): the same sums.
SHORT_AXIS = 7


def softmax(scores: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    r"""Probabilities of K classes from their raw scores, the multinomial link.

    .. math:: p_k = \frac{e^{z_k}}{\sum_j e^{z_j}} = e^{z_k - \operatorname{lse}(z)}

    Parameters
    ----------
    scores : array_like, shape (..., K)

    Returns
    -------
    ndarray of float64, same shape; each slice along ``axis`` is in [0, 1] and sums to 1
    """
    z = np.asarray(scores, dtype=np.float64)
    if z.ndim < 2 or axis not in (-1, z.ndim - 1) or z.shape[-1] > SHORT_AXIS:
        top: NDArray[np.float64] = np.max(z, axis=axis, keepdims=True)
        shifted = np.exp(z - top)
        total: NDArray[np.float64] = np.sum(shifted, axis=axis, keepdims=True)
        return shifted / total
    # Many rows of a few classes: K whole-array operations. NumPy's reductions loop over every
    # short row, three times slower here.
    top = z[..., 0].copy()
    for k in range(1, z.shape[-1]):
        np.maximum(top, z[..., k], out=top)
    shifted = np.exp(z - top[..., None])
    total = shifted[..., 0].copy()
    for k in range(1, z.shape[-1]):
        total += shifted[..., k]
    result: NDArray[np.float64] = shifted / total[..., None]
    return result


def log_sigmoid(z: ArrayLike) -> NDArray[np.float64]:
    r"""Log of the sigmoid, finite for every finite z: :math:`\log\sigma(z) = -\operatorname{softplus}(-z)`."""
    score = np.asarray(z, dtype=np.float64)
    return np.minimum(score, 0.0) - np.log1p(np.exp(-np.abs(score)))
