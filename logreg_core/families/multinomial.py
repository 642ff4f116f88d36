r"""Multinomial family: K unordered classes, scores against a reference class.

Class k has the score :math:`z_k = b_k + w_k\cdot x`, the reference class the score 0, and

.. math:: P(y = k \mid x) = \frac{e^{z_k}}{\sum_j e^{z_j}}, \qquad
          \ell = \operatorname{lse}(z) - z_y

with the log-sum-exp taken after subtracting the largest score, so it never overflows.
Scores here are the full (n, K) matrix with the reference column 0.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..functions import log_softmax, log_sum_exp, softmax
from .base import class_counts


def one_hot(codes: ArrayLike, n_classes: int) -> NDArray[np.float64]:
    """Indicator matrix, shape (n, K): row i has a 1 in column y_i."""
    codes = np.asarray(codes, dtype=np.int64)
    result = np.zeros((codes.size, n_classes))
    result[np.arange(codes.size), codes] = 1.0
    return result


def pointwise_loss(scores: ArrayLike, codes: ArrayLike) -> NDArray[np.float64]:
    r"""Minus the log-likelihood of each point, :math:`\operatorname{lse}(z_i) - z_{i,y_i}`, shape (n,); never negative."""
    z = np.asarray(scores, dtype=np.float64)
    y = np.asarray(codes, dtype=np.int64)
    loss = log_sum_exp(z) - z[np.arange(y.size), y]
    # lse is at least the largest score, so the loss is >= 0 up to rounding: clip that
    return np.maximum(loss, 0.0)


def score_gradient(scores: ArrayLike, codes: ArrayLike) -> NDArray[np.float64]:
    r"""Derivative of each point's loss in each score: :math:`p_{ik} - [y_i = k]`, shape (n, K)."""
    scores = np.asarray(scores, dtype=np.float64)
    return softmax(scores) - one_hot(codes, scores.shape[1])


def score_curvature(probability: ArrayLike, a: int, b: int) -> NDArray[np.float64]:
    r"""Second derivative of each point's loss in scores a and b: :math:`p_a([a=b] - p_b)`, shape (n,)."""
    probability = np.asarray(probability, dtype=np.float64)
    return probability[:, a] * (float(a == b) - probability[:, b])


def probabilities(scores: ArrayLike) -> NDArray[np.float64]:
    """Class probabilities, the softmax of the scores, shape (n, K); rows sum to 1."""
    return softmax(scores)


def probabilities_at_scale(scaled_scores: ArrayLike, exponents: ArrayLike) -> NDArray[np.float64]:
    r"""Class probabilities from scores stored as :math:`z = 2^e s` when z itself overflows, shape (n, K).

    .. math:: p_k = \frac{e^{2^e (s_k - \max_j s_j)}}{\sum_i e^{2^e (s_i - \max_j s_j)}}

    The differences are taken at the small scale, where they are finite, and multiplied by
    :math:`2^e` (exactly, or to -inf) afterwards, so no inf - inf arises.

    Parameters
    ----------
    scaled_scores : array_like, shape (n, K), finite
    exponents : array_like of int, shape (n,)
    """
    scaled_scores = np.asarray(scaled_scores, dtype=np.float64)
    differences = scaled_scores - np.max(scaled_scores, axis=1, keepdims=True)
    with np.errstate(over="ignore"):
        shifted: NDArray[np.float64] = np.exp(np.ldexp(differences, np.asarray(exponents)[:, None]))
    probability: NDArray[np.float64] = shifted / np.sum(shifted, axis=1, keepdims=True)
    return probability


def log_probabilities(scores: ArrayLike) -> NDArray[np.float64]:
    """Log class probabilities, shape (n, K), finite for finite scores."""
    return log_softmax(scores)


def null_intercepts(codes: ArrayLike, n_classes: int, reference: int) -> NDArray[np.float64]:
    r"""Intercepts of the intercept-only model: :math:`b_k = \log(n_k / n_{\text{ref}})` for each class, shape (K,)."""
    counts = class_counts(codes, n_classes)
    return np.log(counts) - float(np.log(counts[reference]))
