"""Full-batch gradient descent on the cross-entropy, every step kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .loss import label_signs, loss_gradient_signed
from .validation import check_features_labels, read_only

StopReason = Literal["iterations", "tolerance", "diverged"]



@dataclass(frozen=True, eq=False)
class History:
    """The whole path of one gradient-descent run; read-only.

    Row k of every array describes the parameters after k updates: row 0 is the start,
    the last row is where the run stopped. Plots and replays only read it.

    Attributes
    ----------
    weights : ndarray, shape (k+1, m)
    bias : ndarray, shape (k+1,)
    loss : ndarray, shape (k+1,)
        Penalised mean cross-entropy J(w, b) at each step.
    grad_norm : ndarray, shape (k+1,)
        Euclidean norm of the full gradient (w and b together) at each step.
    accuracy : ndarray, shape (k+1,)
        Share of points classified correctly at threshold 0.5 at each step.
    stop_reason : {"iterations", "tolerance", "diverged"}
        Why the run ended: the iteration budget was used up, the gradient norm fell to
        ``tol``, or the loss blew up (the learning rate is too large).
    learning_rate, l2, tol : float or None
        The settings of the run, kept so the history explains itself.
    """

    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    loss: NDArray[np.float64]
    grad_norm: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    stop_reason: StopReason
    learning_rate: float
    l2: float
    tol: float | None

    def __post_init__(self) -> None:
        for name in ("weights", "bias", "loss", "grad_norm", "accuracy"):
            object.__setattr__(self, name, read_only(getattr(self, name)))

    @property
    def n_steps(self) -> int:
        """Number of updates made (the iteration of the last row)."""
        return int(self.loss.shape[0] - 1)

    @property
    def final_weights(self) -> NDArray[np.float64]:
        return self.weights[-1]

    @property
    def final_bias(self) -> float:
        return float(self.bias[-1])


def diverged(loss: float, start_loss: float, divergence_factor: float) -> bool:
    r"""Whether a run has blown up: its loss is not finite or has grown far past the start.

    .. math:: J_k > \rho \cdot \max(J_0, \log 2)

    with :math:`\rho` the divergence factor. :math:`\log 2` is the loss of the
    uninformed model w = 0, b = 0, so a start that already fits well does not make the
    rule hair-triggered. A rate small enough never raises the loss at all; a loss ten
    times its start means the steps overshoot further each time.
    """
    return not np.isfinite(loss) or loss > divergence_factor * max(start_loss, np.log(2.0))


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
    r"""Minimise the mean cross-entropy by full-batch gradient descent.

    .. math::
        w^{(k+1)} = w^{(k)} - \eta\,\nabla_w J(w^{(k)}, b^{(k)}), \qquad
        b^{(k+1)} = b^{(k)} - \eta\,\frac{\partial J}{\partial b}(w^{(k)}, b^{(k)})

    starting from :math:`w^{(0)} = 0` (or ``w0``) and :math:`b^{(0)} = b_0`.

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
        When a setting is out of range.
    """
    X, y = check_features_labels(X, y)
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}.")
    if int(iterations) != iterations or iterations < 0:
        raise ValueError(f"iterations must be a whole number >= 0, got {iterations!r}.")
    if not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}.")
    if tol is not None and not tol >= 0:
        raise ValueError(f"tol must be >= 0 or None, got {tol!r}.")
    m = X.shape[1]
    w = np.zeros(m) if w0 is None else np.array(w0, dtype=np.float64).reshape(m)
    b = float(b0)
    if not (np.all(np.isfinite(w)) and np.isfinite(b)):
        raise ValueError("w0 and b0 must be finite numbers.")
    iterations = int(iterations)

    weights = np.empty((iterations + 1, m))
    bias = np.empty(iterations + 1)
    loss = np.empty(iterations + 1)
    grad_norm = np.empty(iterations + 1)
    accuracy = np.empty(iterations + 1)

    signs = label_signs(y)
    stop_reason: StopReason = "iterations"
    last = 0
    for k in range(iterations + 1):
        # A diverging run may push w to inf; that is detected below, not warned about.
        with np.errstate(over="ignore", invalid="ignore"):
            step = loss_gradient_signed(w, b, X, signs, l2)
        norm = float(np.sqrt(step.grad_w @ step.grad_w + step.grad_b**2))
        if not (np.isfinite(step.loss) and np.isfinite(norm) and np.all(np.isfinite(w)) and np.isfinite(b)):
            stop_reason = "diverged"  # nothing finite to keep from this step
            break
        weights[k], bias[k], loss[k] = w, b, step.loss
        grad_norm[k], accuracy[k] = norm, step.accuracy
        last = k
        if k > 0 and diverged(step.loss, loss[0], divergence_factor):
            stop_reason = "diverged"  # kept: the step that blew up is what the user must see
            break
        if tol is not None and norm <= tol:
            stop_reason = "tolerance"
            break
        if k < iterations:
            w = w - learning_rate * step.grad_w
            b = b - learning_rate * step.grad_b

    end = last + 1
    return History(
        weights=weights[:end],
        bias=bias[:end],
        loss=loss[:end],
        grad_norm=grad_norm[:end],
        accuracy=accuracy[:end],
        stop_reason=stop_reason,
        learning_rate=float(learning_rate),
        l2=float(l2),
        tol=None if tol is None else float(tol),
    )
