r"""Ordinal family: K ordered classes, proportional odds (the cumulative logit model).

.. math::
    P(y \le j \mid x) = \sigma(\theta_j - \eta), \qquad \eta = x\cdot\beta, \qquad
    \theta_1 < \dots < \theta_{K-1}

as statsmodels ``OrderedModel(distr="logit")``, R ``polr``/``clm`` and Stata ``ologit`` write
it: a positive :math:`\beta_j` moves probability towards the higher classes. There is no
intercept; the cut-points play its part. Class j (0-based) has the probability
:math:`\sigma(u) - \sigma(l)` with :math:`u = \theta_{j+1} - \eta` and
:math:`l = \theta_j - \eta` (:math:`\theta_0 = -\infty`, :math:`\theta_K = +\infty`), whose
log is taken without subtracting two probabilities:

.. math::
    \log\big(\sigma(u) - \sigma(l)\big) = \log\sigma(u) + \log\sigma(-l) + \log\big(1 - e^{-(u - l)}\big)

Every term is finite, and exact, however far out in the tails u and l lie.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..functions import log_sigmoid, logit, sigmoid
from .base import class_counts


def extended_cutpoints(cutpoints: ArrayLike) -> NDArray[np.float64]:
    r"""The cut-points with :math:`\theta_0 = -\infty` before and :math:`\theta_K = +\infty` after, shape (K+1,)."""
    return np.hstack([-np.inf, np.asarray(cutpoints, dtype=np.float64), np.inf])


def class_bounds(
    eta: ArrayLike, cutpoints: ArrayLike, codes: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    r"""Upper and lower arguments of each point's class, :math:`u_i = \theta_{y_i+1} - \eta_i` and
    :math:`l_i = \theta_{y_i} - \eta_i`, and the class's width :math:`u_i - l_i = \theta_{y_i+1} - \theta_{y_i}`.

    The width is taken from the cut-points themselves: for a huge :math:`\eta` the
    difference u - l would round to 0.
    """
    eta = np.asarray(eta, dtype=np.float64)
    codes = np.asarray(codes, dtype=np.int64)
    edges = extended_cutpoints(cutpoints)
    return edges[codes + 1] - eta, edges[codes] - eta, _widths(edges)[codes]


def _widths(edges: NDArray[np.float64]) -> NDArray[np.float64]:
    """Width of each class between consecutive edges; infinite for the first and last class."""
    widths = np.diff(edges)
    widths[0] = widths[-1] = np.inf
    return widths


def log_interval_probability(upper: ArrayLike, lower: ArrayLike, width: ArrayLike | None = None) -> NDArray[np.float64]:
    r"""Log of :math:`\sigma(u) - \sigma(l)` for :math:`u > l`, stably:
    :math:`\log\sigma(u) + \log\sigma(-l) + \log(-\operatorname{expm1}(-(u - l)))`.

    ``width`` is u - l when known exactly (from the cut-points); by default it is computed.
    """
    high = np.asarray(upper, dtype=np.float64)
    low = np.asarray(lower, dtype=np.float64)
    gap = high - low if width is None else np.asarray(width, dtype=np.float64)
    with np.errstate(divide="ignore"):  # u = l gives log 0 = -inf, the true value
        return log_sigmoid(high) + log_sigmoid(-low) + np.log(-np.expm1(-gap))


def pointwise_loss(eta: ArrayLike, cutpoints: ArrayLike, codes: ArrayLike) -> NDArray[np.float64]:
    r"""Minus the log-likelihood of each point, :math:`-\log(\sigma(u_i) - \sigma(l_i))`, shape (n,)."""
    upper, lower, width = class_bounds(eta, cutpoints, codes)
    return np.maximum(-log_interval_probability(upper, lower, width), 0.0)


def _gap_ratio(width: NDArray[np.float64]) -> NDArray[np.float64]:
    r""":math:`q = 1/(e^{u-l} - 1) = e^{-(u-l)} / (1 - e^{-(u-l)})`, 0 for the first and last class."""
    with np.errstate(divide="ignore"):
        return np.exp(-width) / -np.expm1(-width)


def class_gap_terms(cutpoints: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Per class j, :math:`\log(1 - e^{-(\theta_{j+1} - \theta_j)})` and :math:`q_j = 1/(e^{\theta_{j+1} - \theta_j} - 1)`,
    each shape (K,), both 0 for the first and last class (whose width is infinite)."""
    widths = _widths(extended_cutpoints(cutpoints))
    return np.log(-np.expm1(-widths)), _gap_ratio(widths)


class BoundDerivatives(NamedTuple):
    """First and second derivatives of each point's loss in its bounds u and l, each shape (n,)."""

    d_upper: NDArray[np.float64]
    d_lower: NDArray[np.float64]
    d_upper_upper: NDArray[np.float64]
    d_upper_lower: NDArray[np.float64]
    d_lower_lower: NDArray[np.float64]


def bound_derivatives(
    upper: ArrayLike, lower: ArrayLike, width: ArrayLike | None = None, second: bool = True
) -> BoundDerivatives:
    r"""Derivatives of :math:`\ell = -\log(\sigma(u) - \sigma(l))` in u and l.

    With :math:`q = 1/(e^{u-l} - 1)` and :math:`f(t) = \sigma(t)\sigma(-t)`:

    .. math::
        \ell_u = -\sigma(-u) - q, \quad \ell_l = \sigma(l) + q, \quad
        \ell_{uu} = f(u) + q + q^2, \quad \ell_{ll} = f(l) + q + q^2, \quad
        \ell_{ul} = -(q + q^2)

    An infinite bound (the first or last class) contributes 0 to each.
    """
    upper = np.asarray(upper, dtype=np.float64)
    lower = np.asarray(lower, dtype=np.float64)
    q = _gap_ratio(upper - lower if width is None else np.asarray(width, dtype=np.float64))
    d_upper = -sigmoid(-upper) - q
    d_lower = sigmoid(lower) + q
    if not second:
        empty = np.empty(0)
        return BoundDerivatives(d_upper, d_lower, empty, empty, empty)
    with np.errstate(over="ignore"):
        q_term = q + q * q
    e_upper = np.exp(-np.abs(upper))
    e_lower = np.exp(-np.abs(lower))
    return BoundDerivatives(
        d_upper=d_upper,
        d_lower=d_lower,
        d_upper_upper=e_upper / (1.0 + e_upper) ** 2 + q_term,
        d_upper_lower=-q_term,
        d_lower_lower=e_lower / (1.0 + e_lower) ** 2 + q_term,
    )


def log_probabilities(eta: ArrayLike, cutpoints: ArrayLike) -> NDArray[np.float64]:
    r"""Log class probabilities :math:`\log(\sigma(\theta_{j+1} - \eta_i) - \sigma(\theta_j - \eta_i))`, shape (n, K)."""
    eta = np.asarray(eta, dtype=np.float64)
    edges = extended_cutpoints(cutpoints)
    upper = edges[None, 1:] - eta[:, None]
    lower = edges[None, :-1] - eta[:, None]
    return log_interval_probability(upper, lower, _widths(edges)[None, :])


def probabilities(eta: ArrayLike, cutpoints: ArrayLike) -> NDArray[np.float64]:
    """Class probabilities, shape (n, K); each in [0, 1], rows sum to 1."""
    probability = np.exp(log_probabilities(eta, cutpoints))
    total: NDArray[np.float64] = probability.sum(axis=1, keepdims=True)
    return probability / total


def null_cutpoints(codes: ArrayLike, n_classes: int) -> NDArray[np.float64]:
    r"""Cut-points of the model without features: :math:`\theta_j = \operatorname{logit}(P(y \le j))`, shape (K-1,)."""
    counts = class_counts(codes, n_classes)
    cumulative = np.cumsum(counts)[:-1] / counts.sum()
    return logit(cumulative)


def cutpoints_from_increments(increments: ArrayLike) -> NDArray[np.float64]:
    r"""Real cut-points from the unconstrained parametrisation :math:`(\theta_1, \log(\theta_2-\theta_1), \dots)`.

    .. math:: \theta_j = \theta_1 + \sum_{i=2}^{j} e^{g_i}

    Every vector of increments gives strictly increasing cut-points, so gradient descent on
    them can never cross two cut-points.
    """
    free = np.asarray(increments, dtype=np.float64)
    with np.errstate(over="ignore"):
        cutpoints: NDArray[np.float64] = np.cumsum(np.concatenate([free[:1], np.exp(free[1:])]))
    return cutpoints


def increments_from_cutpoints(cutpoints: ArrayLike) -> NDArray[np.float64]:
    r"""The inverse of :func:`cutpoints_from_increments`: :math:`(\theta_1, \log(\theta_{j} - \theta_{j-1}))`."""
    theta = np.asarray(cutpoints, dtype=np.float64)
    return np.concatenate([theta[:1], np.log(np.diff(theta))])


def increments_jacobian(increments: ArrayLike) -> NDArray[np.float64]:
    r"""Jacobian :math:`\partial\theta_j / \partial g_i`, shape (K-1, K-1): 1 in column 0, :math:`e^{g_i}` for i <= j."""
    increments = np.asarray(increments, dtype=np.float64)
    size = increments.size
    jacobian = np.tril(np.ones((size, size)))
    jacobian[:, 1:] *= np.exp(increments[1:])[None, :]
    return jacobian


def increments_gradient(increments: ArrayLike, cutpoint_gradient: ArrayLike) -> NDArray[np.float64]:
    r"""The gradient in the increments from the gradient in the cut-points, shape (K-1,).

    .. math:: \frac{\partial J}{\partial g_1} = \sum_j \frac{\partial J}{\partial\theta_j}, \qquad
              \frac{\partial J}{\partial g_i} = e^{g_i}\sum_{j \ge i} \frac{\partial J}{\partial\theta_j}

    the product :math:`J^\top\nabla_\theta J` with :func:`increments_jacobian`, without forming J.
    """
    free = np.asarray(increments, dtype=np.float64)
    tail_sums: NDArray[np.float64] = np.cumsum(np.asarray(cutpoint_gradient, dtype=np.float64)[::-1])[::-1]
    with np.errstate(over="ignore", invalid="ignore"):
        tail_sums[1:] *= np.exp(free[1:])
    return tail_sums
