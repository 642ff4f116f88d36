"""Full-batch gradient descent on any family's objective, every step kept."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .blas import single_threaded_blas
from .objective import Layout, Objective
from .validation import check_features_labels, read_only

StopReason = Literal["iterations", "tolerance", "diverged"]


@dataclass(frozen=True, eq=False)
class History:
    """The whole path of one gradient-descent run; read-only.

    Row k of every array describes the parameters after k updates: row 0 is always the
    start, the last row is where the run stopped. Plots and replays only read it.

    Attributes
    ----------
    params : ndarray, shape (k+1, n_params)
        The parameters at each step in the ``layout`` (ordinal: real cut-points).
    loss : ndarray, shape (k+1,)
        Penalised mean loss J at each step.
    grad_norm : ndarray, shape (k+1,)
        Euclidean norm of the gradient descent followed (for ordinal models, in the
        increments that keep the cut-points ordered) at each step.
    accuracy : ndarray, shape (k+1,)
        Share of points whose most probable class (two classes: probability of class 1
        >= 0.5) is their own, at each step.
    stop_reason : {"iterations", "tolerance", "diverged"}
        Why the run ended: the iteration budget was used up, the gradient norm fell to
        ``tol``, or the loss blew up (the learning rate is too large).
    learning_rate, l2, tol : float or None
        The settings of the run, kept so the history explains itself.
    layout : Layout
        Where each parameter sits in a row of ``params``.
    """

    params: NDArray[np.float64]
    loss: NDArray[np.float64]
    grad_norm: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    stop_reason: StopReason
    learning_rate: float
    l2: float
    tol: float | None
    layout: Layout

    def __post_init__(self) -> None:
        for name in ("params", "loss", "grad_norm", "accuracy"):
            object.__setattr__(self, name, read_only(getattr(self, name)))

    @property
    def weights(self) -> NDArray[np.float64]:
        """The coefficients at each step: (k+1, m) for binomial and ordinal, (k+1, K-1, m) for multinomial."""
        layout = self.layout
        if layout.kind == "ordinal":
            return self.params[:, : layout.n_features]
        blocks = self.params.reshape(self.params.shape[0], -1, layout.n_features + 1)[:, :, 1:]
        result: NDArray[np.float64] = blocks[:, 0, :] if layout.kind == "binomial" else blocks
        return result

    @property
    def bias(self) -> NDArray[np.float64]:
        """The intercept at each step: (k+1,) for binomial, (k+1, K-1) for multinomial; ordinal: the cut-points (k+1, K-1)."""
        layout = self.layout
        if layout.kind == "ordinal":
            return self.params[:, layout.n_features :]
        blocks = self.params.reshape(self.params.shape[0], -1, layout.n_features + 1)[:, :, 0]
        result: NDArray[np.float64] = blocks[:, 0] if layout.kind == "binomial" else blocks
        return result

    @property
    def n_steps(self) -> int:
        """Number of updates made (the iteration of the last row)."""
        return int(self.loss.shape[0] - 1)

    @property
    def final_params(self) -> NDArray[np.float64]:
        return self.params[-1, :]

    @property
    def final_weights(self) -> NDArray[np.float64]:
        return self.weights[-1, ...]

    @property
    def final_bias(self) -> float | NDArray[np.float64]:
        """Binomial: the last intercept as a float; multinomial: the intercepts, ordinal: the cut-points."""
        return float(self.bias[-1]) if self.layout.kind == "binomial" else self.bias[-1, :]


def diverged(loss: float, start_loss: float, divergence_factor: float, uninformed_loss: float = float(np.log(2.0))) -> bool:
    r"""Whether a run has blown up: its loss is not finite or has grown far past the start.

    .. math:: J_k > \rho \cdot \max(J_0, J_\text{uninformed})

    with :math:`\rho` the divergence factor and :math:`J_\text{uninformed}` the loss of the
    model that gives every class the same probability, :math:`\log K` (log 2 for two
    classes), so a start that already fits well does not make the rule hair-triggered. A
    rate small enough never raises the loss at all; a loss ten times its start means the
    steps overshoot further each time.
    """
    return not np.isfinite(loss) or loss > divergence_factor * max(start_loss, uninformed_loss)


def count_rises(loss: ArrayLike) -> int:
    r"""How many steps raised the loss beyond rounding: :math:`J_{k+1} - J_k > 10^{-12}\max(1, J_k)`.

    The one rule by which every run (descent, the landscape's two-parameter paths) counts
    overshooting steps.
    """
    loss = np.asarray(loss, dtype=np.float64)
    return int(np.count_nonzero(np.diff(loss) > 1e-12 * np.maximum(1.0, loss[:-1])))


def stable_norm(vector: NDArray[np.float64]) -> float:
    r"""Euclidean norm without overflow for entries near the largest float: :math:`a\sqrt{\sum (v_j/a)^2}`, a = max |v_j|."""
    largest = float(np.max(np.abs(vector), initial=0.0))
    if largest == 0.0 or not np.isfinite(largest):
        return largest
    scaled = vector / largest
    return largest * float(np.sqrt(scaled @ scaled))


def check_descent_settings(learning_rate: float, iterations: int, tol: float | None, divergence_factor: float) -> None:
    """Refuse settings descent cannot use, naming the bad value."""
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}.")
    if int(iterations) != iterations or iterations < 0:
        raise ValueError(f"iterations must be a whole number >= 0, got {iterations!r}.")
    if tol is not None and not (tol >= 0 and np.isfinite(tol)):
        raise ValueError(f"tol must be a number >= 0 or None, got {tol!r}.")
    if not (np.isfinite(divergence_factor) and divergence_factor > 1):
        raise ValueError(f"divergence_factor must be a number above 1, got {divergence_factor!r}.")


def _checked_start(layout: Layout, start: ArrayLike) -> NDArray[np.float64]:
    """The start as a float64 vector of the layout's length; ordinal cut-points strictly increasing."""
    start = np.asarray(start, dtype=np.float64)
    if start.ndim != 1 or start.size != layout.n_params:
        raise ValueError(
            f"The start must be a vector of {layout.n_params} parameters for this {layout.kind} model "
            f"({layout.n_features} feature(s), {layout.n_classes} classes); got shape {start.shape}."
        )
    if layout.kind == "ordinal":
        cutpoints = layout.split_ordinal(start)[1]
        if np.any(np.diff(cutpoints) <= 0):
            raise ValueError(
                f"The start cut-points must increase strictly (theta_1 < ... < theta_{layout.n_classes - 1}); "
                f"got {cutpoints.tolist()}. Sort them, or start from the null model's."
            )
    return start


def descend(
    objective: Objective,
    start: ArrayLike,
    *,
    learning_rate: float,
    iterations: int,
    tol: float | None = None,
    divergence_factor: float = 10.0,
) -> History:
    r"""Full-batch gradient descent on any objective.

    .. math:: u^{(k+1)} = u^{(k)} - \eta\,\nabla_u J(u^{(k)})

    where u are the objective's descent parameters (the layout itself, except ordinal
    cut-points, moved as :math:`(\theta_1, \log(\theta_2 - \theta_1), \dots)` so that they
    stay ordered). Stops after ``iterations`` updates, when the gradient norm is at most
    ``tol``, or as "diverged" (see :func:`diverged`).

    Parameters
    ----------
    objective : Objective
    start : array_like, shape (n_params,)
        Start in the layout (ordinal cut-points strictly increasing); its loss must be finite.
    learning_rate : float
    iterations : int
    tol : float or None
    divergence_factor : float, default 10.0

    Returns
    -------
    History
        Never contains NaN or inf; row 0 is the start.

    Raises
    ------
    ValueError
        A start of the wrong length, unordered start cut-points, a start whose loss is not
        finite, or settings out of range.
    """
    check_descent_settings(learning_rate, iterations, tol, divergence_factor)
    iterations = int(iterations)
    free = objective.to_descent(_checked_start(objective.layout, start))
    p = free.size
    params = np.empty((iterations + 1, p))
    loss = np.empty(iterations + 1)
    grad_norm = np.empty(iterations + 1)
    accuracy = np.empty(iterations + 1)
    uninformed = float(np.log(objective.layout.n_classes))
    stop_reason: StopReason = "iterations"
    last = 0
    limit = np.inf  # the loss above which the run has diverged (see diverged), set from the start's
    # BLAS's thread limit is set once for the run, not on every evaluation (0.1-0.4 ms each), and
    # so is NumPy's error state: a diverging run may push the parameters to inf, which is
    # detected below, not warned about.
    with single_threaded_blas(), np.errstate(over="ignore", invalid="ignore"):
        for k in range(iterations + 1):
            step, current = objective.descent_pass(free)
            norm = stable_norm(step.gradient)
            finite = math.isfinite(step.loss) and math.isfinite(norm) and bool(np.isfinite(current).all())
            if not finite:
                if k == 0:
                    raise ValueError(
                        "The loss at the start is not finite (the start values times the features "
                        "overflow). Start from smaller values or rescale the features."
                    )
                stop_reason = "diverged"  # nothing finite to keep from this step
                break
            params[k], loss[k], grad_norm[k], accuracy[k] = current, step.loss, norm, step.accuracy
            last = k
            if k == 0:
                limit = divergence_factor * max(step.loss, uninformed)
            elif step.loss > limit:
                stop_reason = "diverged"  # kept: the step that blew up is what the user must see
                break
            if tol is not None and norm <= tol:
                stop_reason = "tolerance"
                break
            if k < iterations:
                free = free - learning_rate * step.gradient

    end = last + 1
    return History(
        params=params[:end],
        loss=loss[:end],
        grad_norm=grad_norm[:end],
        accuracy=accuracy[:end],
        stop_reason=stop_reason,
        learning_rate=float(learning_rate),
        l2=objective.l2,
        tol=None if tol is None else float(tol),
        layout=objective.layout,
    )


def gradient_descent(
    X: ArrayLike,
    y: ArrayLike,
    *,
    learning_rate: float,
    iterations: int,
    tol: float | None = None,
    l2: float = 0.0,
    w0: ArrayLike | None = None,
    b0: float = 0.0,
    divergence_factor: float = 10.0,
) -> History:
    r"""Minimise the mean cross-entropy of binary logistic regression by full-batch gradient descent.

    .. math::
        w^{(k+1)} = w^{(k)} - \eta\,\nabla_w J(w^{(k)}, b^{(k)}), \qquad
        b^{(k+1)} = b^{(k)} - \eta\,\frac{\partial J}{\partial b}(w^{(k)}, b^{(k)})

    starting from :math:`w^{(0)} = 0` (or ``w0``) and :math:`b^{(0)} = b_0`: the binary
    case of :func:`descend`.

    Parameters
    ----------
    X : array_like, shape (n, m)
        Features.
    y : array_like, shape (n,)
        Labels in {0, 1}.
    learning_rate : float
        Step size :math:`\eta > 0`.
    iterations : int
        Most updates to make (0 keeps only the start).
    tol : float or None, default None
        Stop once the gradient norm is at most ``tol``; None runs all iterations.
    l2 : float, default 0.0
        Ridge strength :math:`\lambda \ge 0` on w.
    w0 : array_like of shape (m,) or None
        Start weights; zeros when None, as in the notes.
    b0 : float, default 0.0
        Start bias.
    divergence_factor : float, default 10.0
        The run stops as "diverged" when the loss exceeds this multiple of
        max(start loss, log 2), or stops being finite (see :func:`diverged`).

    Returns
    -------
    History
        Every step, including the start; never contains NaN or inf. A diverged run
        ends with the first step whose loss crossed the divergence limit (or, if that
        step overflowed, the one before it).

    Raises
    ------
    DataError
        When X or y are malformed (see :func:`check_features_labels`).
    ValueError
        When a setting is out of range, or the start's loss is not finite.
    """
    X, y = check_features_labels(X, y)
    if not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}.")
    m = X.shape[1]
    w = np.zeros(m) if w0 is None else np.array(w0, dtype=np.float64).reshape(m)
    b = float(b0)
    if not (np.all(np.isfinite(w)) and np.isfinite(b)):
        raise ValueError("w0 and b0 must be finite numbers.")
    objective = Objective(X, y, Layout("binomial", m), l2=l2)
    return descend(
        objective, np.r_[b, w], learning_rate=learning_rate, iterations=iterations, tol=tol,
        divergence_factor=divergence_factor,
    )


def stable_learning_rate(
    X: ArrayLike,
    *,
    kind: str = "binomial",
    n_classes: int = 2,
    l2: float = 0.0,
    standardize: bool = False,
) -> float:
    r"""The largest learning rate for which full-batch descent on the mean loss cannot diverge.

    Gradient descent on a convex function whose Hessian is everywhere at most :math:`L I`
    lowers the loss at every step when :math:`\eta < 2/L` (it cannot overshoot so far that
    the loss rises). The returned rate is :math:`2/L`; use it, or anything below it.

    - Binomial: :math:`H = \frac1n\tilde X^\top S\tilde X + \lambda D` with
      :math:`S = \operatorname{diag}(\sigma(z_i)(1-\sigma(z_i))) \preceq \tfrac14 I`, so
      :math:`L = \frac{\lambda_{\max}(\tilde X^\top\tilde X)}{4n} + \lambda` and, without L2,
      :math:`\eta < 8n/\lambda_{\max}(\tilde X^\top\tilde X)` (:math:`\tilde X = [1, X]`).
    - Multinomial (reference layout): each observation's curvature in its K - 1 scores is
      :math:`\operatorname{diag}(p) - pp^\top \preceq \tfrac12(I - \tfrac1K\mathbf 1\mathbf 1^\top)`
      (Böhning, 1992), whose largest eigenvalue is 1/2 for K >= 3 (1/4 for K = 2). So
      :math:`H \preceq \tfrac12 I \otimes \frac1n\tilde X^\top\tilde X + \lambda D` and
      :math:`L = \frac{\lambda_{\max}(\tilde X^\top\tilde X)}{2n} + \lambda`.
    - Ordinal: the curvature in the score :math:`\eta` is :math:`f(u) + f(l) \le \tfrac12`
      (:math:`f = \sigma(1-\sigma)`), the same constant as the multinomial bound, which is
      returned; but the curvature in the cut-points grows without bound as two of them
      approach each other (:math:`q = 1/(e^{\theta_{j+1}-\theta_j} - 1)`), so for ordinal
      models no rate is safe everywhere and this one holds while the cut-points stay about
      one unit apart or more.

    Parameters
    ----------
    X : array_like, shape (n, m)
        The features descent will run on (raw), or to be standardised when ``standardize``.
    kind : {"binomial", "multinomial", "ordinal"}
    n_classes : int, default 2
    l2 : float, default 0.0
    standardize : bool, default False
        Compute the bound for :math:`(x - \mu)/s`, as training with standardisation does.

    Returns
    -------
    float
        :math:`2/L`.
    """
    features = np.asarray(X, dtype=np.float64)
    if features.ndim == 1:
        features = features.reshape(-1, 1)
    if kind not in ("binomial", "multinomial", "ordinal"):
        raise ValueError(f"kind must be 'binomial', 'multinomial' or 'ordinal', got {kind!r}.")
    if not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}.")
    if not np.all(np.isfinite(features)):
        raise ValueError(
            "The features contain missing (NaN) or infinite values, so no learning rate is safe: "
            "drop those rows or fill them in first."
        )
    if standardize:
        spread = features.std(axis=0)
        features = (features - features.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    n = features.shape[0]
    gram = np.empty((features.shape[1] + 1, features.shape[1] + 1))
    gram[0, 0] = n
    gram[0, 1:] = gram[1:, 0] = features.sum(axis=0)
    gram[1:, 1:] = features.T @ features
    curvature = 0.25 if kind == "binomial" or n_classes == 2 else 0.5
    smoothness = curvature * float(np.linalg.eigvalsh(gram / n)[-1]) + l2
    return 2.0 / smoothness
