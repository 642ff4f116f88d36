"""The loss over a plane of two parameters, and gradient descent walking on it.

A model has m weights and a bias; a picture has two axes. Here two of the parameters are
free and every other one is held at a base point (usually the maximum-likelihood fit), so
the loss is an honest function of two variables and descent on those two walks exactly on
the drawn surface. Parameter index m stands for the bias b.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .descent import StopReason, check_descent_settings, count_rises, diverged
from .functions import sigmoid
from .loss import pointwise_cross_entropy
from .objective import Layout, Objective


def plane_columns(X: NDArray[np.float64], pair: tuple[int, int]) -> NDArray[np.float64]:
    """The two columns that multiply the free parameters: a feature, or ones for the bias."""
    n, m = X.shape
    return np.column_stack([X[:, k] if k < m else np.ones(n) for k in pair])


def plane_offset(
    X: NDArray[np.float64], base_w: NDArray[np.float64], base_b: float, pair: tuple[int, int]
) -> NDArray[np.float64]:
    r"""The fixed part of each score: :math:`o_i = \sum_{k \notin \text{pair}} w_k x_{ik} + b\,[b \notin \text{pair}]`."""
    m = X.shape[1]
    fixed = [k for k in range(m) if k not in pair]
    offset = X[:, fixed] @ base_w[fixed] if fixed else np.zeros(X.shape[0])
    return offset + (0.0 if m in pair else base_b)


def plane_loss_grid(
    X: ArrayLike, y: ArrayLike, base_w: ArrayLike, base_b: float, pair: tuple[int, int],
    first: ArrayLike, second: ArrayLike, l2: float = 0.0,
) -> NDArray[np.float64]:
    r"""Mean cross-entropy at every point of a grid over two parameters.

    .. math:: J(a, c) = \frac1n\sum_i \ell_i\big(o_i + a\,u_i + c\,v_i\big) + \frac{\lambda}{2}\lVert w\rVert^2

    with u, v the columns of the two free parameters and o the fixed part of the score.

    Parameters
    ----------
    X : (n, m); y : (n,)
    base_w : (m,), base_b : float
        Values of the parameters that are not free.
    pair : two parameter indices (m means the bias)
    first, second : 1-D grids of the two free parameters' values
    l2 : float

    Returns
    -------
    ndarray, shape (len(second), len(first))
        Row k, column j is the loss at (first[j], second[k]), the layout of a contour plot.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    base_w = np.asarray(base_w, dtype=np.float64)
    first = np.asarray(first, dtype=np.float64)
    second = np.asarray(second, dtype=np.float64)
    columns = plane_columns(X, pair)
    offset = plane_offset(X, base_w, base_b, pair)
    m = X.shape[1]
    fixed_penalty = sum(base_w[k] ** 2 for k in range(m) if k not in pair)
    result = np.empty((second.size, first.size))
    for row, c in enumerate(second):
        scores = offset[None, :] + first[:, None] * columns[None, :, 0] + c * columns[None, :, 1]
        result[row] = pointwise_cross_entropy(scores, y[None, :]).mean(axis=1)
        if l2:
            free_penalty = (first**2 if pair[0] < m else 0.0) + (c**2 if pair[1] < m else 0.0)
            result[row] += 0.5 * l2 * (fixed_penalty + free_penalty)
    return result


@dataclass(frozen=True, eq=False)
class PlanePath:
    """Gradient descent on two parameters: the points visited and the loss at each."""

    learning_rate: float
    path: NDArray[np.float64]  # (k+1, 2)
    loss: NDArray[np.float64]  # (k+1,)
    stop_reason: StopReason

    @property
    def n_steps(self) -> int:
        return int(self.loss.size - 1)

    @property
    def rises(self) -> int:
        """Steps at which the loss went up (the one counting rule: :func:`count_rises`)."""
        return count_rises(self.loss)

    def outcome(self) -> str:
        """How the path ended, in a few plain words (for notebooks; the app's words are the UI's)."""
        n = self.n_steps
        ending = {"diverged": f"diverged at step {n}", "tolerance": f"converged in {_steps(n)}",
                  "iterations": f"stopped after {_steps(n)}"}[self.stop_reason]
        return f"{ending}; the loss rose at {_steps(self.rises)}"


def _steps(number: int) -> str:
    """'1 step', '2 steps'."""
    return f"{number} step" + ("" if number == 1 else "s")


def plane_descent_on(
    objective: Objective, base_params: ArrayLike, indices: tuple[int, int], start: tuple[float, float], *,
    learning_rate: float, iterations: int, tol: float = 1e-6, divergence_factor: float = 10.0,
) -> PlanePath:
    r"""Gradient descent on two entries of any objective's parameter vector, the others held fixed.

    .. math:: (\theta_a, \theta_c)^{(k+1)} = (\theta_a, \theta_c)^{(k)} - \eta\,(\partial_a J, \partial_c J)

    Stops on a gradient shorter than ``tol``, or as "diverged" when the loss exceeds
    ``divergence_factor`` times max(start loss, log K) (see :func:`diverged`).

    Parameters
    ----------
    objective : Objective
    base_params : array_like, shape (n_params,)
        Values of the fixed parameters (in the objective's layout).
    indices : the two free entries of the layout
    start : their start values
    """
    check_descent_settings(learning_rate, iterations, tol, divergence_factor)
    params = np.array(base_params, dtype=np.float64)
    free = list(indices)
    theta = np.array(start, dtype=np.float64)
    uninformed = float(np.log(objective.layout.n_classes))
    path, losses = [theta.copy()], []
    stop: StopReason = "iterations"
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(int(iterations) + 1):
            params[free] = theta
            result = objective.evaluate(params)
            if not np.isfinite(result.loss):
                path.pop()
                stop = "diverged"
                break
            losses.append(result.loss)
            if k > 0 and diverged(result.loss, losses[0], divergence_factor, uninformed):
                stop = "diverged"
                break
            gradient = result.gradient[free]
            if np.hypot(*gradient) <= tol:
                stop = "tolerance"
                break
            if k == iterations:
                break
            theta = theta - learning_rate * gradient
            path.append(theta.copy())
    return PlanePath(learning_rate=float(learning_rate), path=np.array(path[: len(losses)]),
                     loss=np.array(losses), stop_reason=stop)


def plane_descent(
    X: ArrayLike, y: ArrayLike, base_w: ArrayLike, base_b: float, pair: tuple[int, int],
    start: tuple[float, float], *, learning_rate: float, iterations: int, l2: float = 0.0,
    tol: float = 1e-6, divergence_factor: float = 10.0,
) -> PlanePath:
    r"""Gradient descent on two parameters of binary logistic regression, the others held fixed.

    .. math::
        \theta^{(k+1)} = \theta^{(k)} - \eta\,\frac1n\sum_i\big(\sigma(z_i) - y_i\big)\,(u_i, v_i)
        - \eta\lambda\,\theta^{(k)}_{\text{weights}}

    Parameter index m stands for the bias. The loss includes the penalty of the fixed
    weights too, so the path lies on the surface :func:`plane_loss_grid` draws.
    """
    X = np.asarray(X, dtype=np.float64)
    m = X.shape[1]
    objective = Objective(X, y, Layout("binomial", m), l2=l2)
    base = np.r_[base_b, np.asarray(base_w, dtype=np.float64)]
    indices = (_layout_index(pair[0], m), _layout_index(pair[1], m))
    return plane_descent_on(objective, base, indices, start, learning_rate=learning_rate,
                            iterations=iterations, tol=tol, divergence_factor=divergence_factor)


def _layout_index(index: int, m: int) -> int:
    """The landscape's index (weights 0..m-1, bias m) in the binomial layout (bias 0, weights 1..m)."""
    return 0 if index == m else index + 1


def plane_smoothness(X: ArrayLike, pair: tuple[int, int], l2: float = 0.0) -> float:
    r"""An upper bound L on the loss's curvature over the plane; steps below 2/L always descend.

    .. math:: L = \tfrac14\,\lambda_{\max}\!\left(\tfrac1n\,U^\top U\right) + \lambda

    because :math:`\sigma'(z) \le 1/4`. Rates are offered as multiples of 1/L.
    """
    columns = plane_columns(np.asarray(X, dtype=np.float64), pair)
    gram = columns.T @ columns / columns.shape[0]
    return float(0.25 * np.linalg.eigvalsh(gram)[-1] + l2)


def squared_error_through_sigmoid(z: ArrayLike, y: ArrayLike) -> float:
    r"""Mean squared error of the probabilities, the loss cross-entropy is preferred to.

    .. math:: E = \frac1n\sum_i\big(\sigma(z_i) - y_i\big)^2

    Bounded by 1 per point, it flattens out where σ saturates: a confidently wrong point
    barely pulls on the weights, and E is not convex in w.
    """
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return float(np.mean((sigmoid(z) - y) ** 2))


def losses_along_weight(
    X: ArrayLike, y: ArrayLike, base_w: ArrayLike, base_b: float, index: int, values: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Cross-entropy and squared error as one parameter (index m: the bias) runs over ``values``."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    base_w = np.asarray(base_w, dtype=np.float64)
    m = X.shape[1]
    column = X[:, index] if index < m else np.ones(X.shape[0])
    fixed = X @ base_w + base_b - (base_w[index] * column if index < m else base_b)
    scores = fixed[None, :] + np.asarray(values, dtype=np.float64)[:, None] * column[None, :]
    cross_entropy = pointwise_cross_entropy(scores, y[None, :]).mean(axis=1)
    squared_error = ((sigmoid(scores) - y[None, :]) ** 2).mean(axis=1)
    return cross_entropy, squared_error
