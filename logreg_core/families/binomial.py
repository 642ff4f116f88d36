r"""Binomial family: two classes, one raw score, :math:`P(y = 1 \mid z) = \sigma(z)`.

The fast blocked loss-and-gradient kernel lives in :mod:`logreg_core.loss`; these are the
pointwise formulas it implements.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..functions import log_sigmoid, sigmoid
from ..loss import pointwise_cross_entropy


def pointwise_loss(z: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    r"""Minus the log-likelihood of each point: :math:`\ell_i = \operatorname{softplus}(z_i) - y_i z_i`, shape (n,)."""
    return pointwise_cross_entropy(z, y)


def score_gradient(z: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    r"""Derivative of each point's loss in its score: :math:`\partial\ell_i/\partial z_i = \sigma(z_i) - y_i`, shape (n,)."""
    return sigmoid(z) - np.asarray(y, dtype=np.float64)


def score_curvature(z: ArrayLike) -> NDArray[np.float64]:
    r"""Second derivative of each point's loss: :math:`\sigma(z)(1-\sigma(z)) = e^{-|z|}/(1+e^{-|z|})^2`, shape (n,)."""
    e = np.exp(-np.abs(np.asarray(z, dtype=np.float64)))
    return e / (1.0 + e) ** 2


def probabilities(z: ArrayLike) -> NDArray[np.float64]:
    r"""Class probabilities :math:`[\sigma(-z), \sigma(z)]`, shape (n, 2); rows sum to 1."""
    z = np.asarray(z, dtype=np.float64)
    # sigma(-z) rather than 1 - sigma(z): exact where sigma(z) is close to 1
    return np.column_stack([sigmoid(-z), sigmoid(z)])


def log_probabilities(z: ArrayLike) -> NDArray[np.float64]:
    r"""Log class probabilities :math:`[\log\sigma(-z), \log\sigma(z)]`, shape (n, 2), finite for finite z."""
    z = np.asarray(z, dtype=np.float64)
    return np.column_stack([log_sigmoid(-z), log_sigmoid(z)])


def null_intercept(y: ArrayLike) -> float:
    r"""The intercept of the intercept-only model, the log-odds of the base rate: :math:`\log\frac{\bar y}{1-\bar y}`."""
    rate = float(np.mean(np.asarray(y, dtype=np.float64)))
    return float(np.log(rate) - np.log1p(-rate))
