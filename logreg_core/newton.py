"""The exact maximum-likelihood fit by Newton's method (iteratively reweighted least squares)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .loss import l2_penalty, loss_gradient
from .separation import Separation, detect_separation, separates_completely
from .validation import DataError, check_features_labels, read_only

# Backtracking halves the Newton step at most this many times before giving up.
_MAX_HALVINGS = 40
# Armijo constant: a step must win at least this share of the decrease it promised.
_SUFFICIENT_DECREASE = 1e-4



@dataclass(frozen=True, eq=False)
class NewtonResult:
    """The outcome of :func:`fit_newton`; read-only.

    Attributes
    ----------
    coef : ndarray, shape (m,)
        Weights w.
    intercept : float
        Bias b.
    converged : bool
        Whether the iterations reached the optimum within ``tol``.
    n_iter : int
        Newton steps taken.
    separation : {None, "complete", "quasi-complete"}
        Whether the classes are separated by a hyperplane. Without L2 this means no
        finite maximum-likelihood estimate exists: the coefficients grow without bound
        and ``coef`` is only where the iterations stopped.
    loss : float
        Penalised mean cross-entropy at (coef, intercept).
    log_likelihood : float
        :math:`\\sum_i [y_i\\log p_i + (1-y_i)\\log(1-p_i)]`, the unpenalised
        log-likelihood.
    covariance : ndarray of shape (m+1, m+1), or None
        Estimated covariance of (intercept, coef...), the inverse of the Hessian of the
        penalised negative log-likelihood; intercept first. None when the fit did not
        converge, because it would then describe no estimate.
    n_obs : int
    l2 : float
    message : str
        What happened, in words.
    """

    coef: NDArray[np.float64]
    intercept: float
    converged: bool
    n_iter: int
    separation: Separation | None
    loss: float
    log_likelihood: float
    covariance: NDArray[np.float64] | None
    n_obs: int
    l2: float
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "coef", read_only(self.coef))
        if self.covariance is not None:
            object.__setattr__(self, "covariance", read_only(self.covariance))

    @property
    def params(self) -> NDArray[np.float64]:
        """(intercept, coef...) as one vector, the order of ``covariance``."""
        return np.r_[self.intercept, self.coef]


def _mean_hessian(w: NDArray[np.float64], b: float, X: NDArray[np.float64], l2: float) -> NDArray[np.float64]:
    r"""Hessian of the penalised mean cross-entropy in (b, w), built without copying [1, X].

    .. math:: H = \frac{1}{n}\tilde X^\top S\tilde X + \lambda\operatorname{diag}(0, 1, \dots, 1)
    """
    n, m = X.shape
    z = X @ w + b
    e = np.exp(-np.abs(z))
    s = e / (1.0 + e) ** 2  # sigma(z)(1 - sigma(z)), exact for any z
    root_weighted = X * np.sqrt(s)[:, None]
    H = np.empty((m + 1, m + 1))
    H[0, 0] = s.sum()
    H[0, 1:] = H[1:, 0] = X.T @ s
    H[1:, 1:] = root_weighted.T @ root_weighted
    H /= n
    if l2:
        H[1:, 1:] += l2 * np.eye(m)
    return H


def _check_identifiable(X: NDArray[np.float64], H: NDArray[np.float64]) -> None:
    """Refuse features that are constant or linear combinations of each other.

    ``H`` is the Hessian at a start with all weights zero, where every point has the same
    weight: it is then a multiple of the Gram matrix of [1, X], and singular exactly when
    a column of [1, X] is a combination of the others.
    """
    n, m = X.shape
    constant = np.flatnonzero(X.min(axis=0) == X.max(axis=0))
    if constant.size:
        raise DataError(
            f"Feature column {constant[0]} has the same value in every row, so its effect "
            "cannot be told apart from the intercept. Remove it, or add L2."
        )
    if n <= m:
        raise DataError(
            f"There are {n} rows for {m} features and an intercept; without L2 the fit needs "
            "more rows than that."
        )
    scale = 1.0 / np.sqrt(np.diag(H))
    if np.linalg.eigvalsh(H * scale[:, None] * scale[None, :])[0] < 1e-12 * (m + 1):
        raise DataError(
            "The feature columns are linearly dependent (one is a combination of the "
            "others), so the coefficients are not unique. Remove a redundant column, or add L2."
        )


def fit_newton(
    X: ArrayLike,
    y: ArrayLike,
    *,
    l2: float = 0.0,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> NewtonResult:
    r"""Maximum-likelihood logistic regression by damped Newton steps (IRLS).

    .. math::
        \theta^{(k+1)} = \theta^{(k)} - \alpha_k H(\theta^{(k)})^{-1}\nabla J(\theta^{(k)}),
        \qquad \theta = (b, w)

    with :math:`J` the penalised mean cross-entropy, :math:`H` its Hessian and
    :math:`\alpha_k \in (0, 1]` halved until J decreases enough (Armijo). Stops when
    the step is at most ``tol`` relative to the parameters, or when J can no longer
    decrease within float precision and the Newton decrement is negligible.

    Parameters
    ----------
    X : array_like, shape (n, m)
    y : array_like, shape (n,)
        Labels in {0, 1}.
    l2 : float, default 0.0
        Ridge strength on w (not b); the objective is
        :math:`J = \frac1n\sum_i \ell_i + \frac{\lambda}{2}\lVert w\rVert^2`, which is
        scikit-learn's ``C = 1 / (n \lambda)``.
    tol : float, default 1e-10
    max_iter : int, default 100

    Returns
    -------
    NewtonResult
        ``converged`` is False and ``separation`` set when the data are separated and
        l2 = 0: no finite estimate exists, and ``covariance`` is then None.

    Raises
    ------
    DataError
        Malformed data, or (without L2) features that are constant or linearly
        dependent, or fewer rows than parameters.
    """
    X, y = check_features_labels(X, y)
    if not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}.")
    n, m = X.shape
    theta = np.zeros(m + 1)
    # Starting at the intercept-only optimum (the log-odds of the base rate) saves a step.
    base_rate = y.mean()
    theta[0] = np.log(base_rate) - np.log1p(-base_rate)
    current = loss_gradient(theta[1:], theta[0], X, y, l2)
    H = _mean_hessian(theta[1:], theta[0], X, l2)
    if l2 == 0:
        _check_identifiable(X, H)
    converged = False
    converged_by_step = False
    n_iter = 0
    stalled = False
    for n_iter in range(1, max_iter + 1):
        gradient = np.r_[current.grad_b, current.grad_w]
        if n_iter > 1:
            H = _mean_hessian(theta[1:], theta[0], X, l2)
        try:
            step = np.linalg.solve(H, gradient)
        except np.linalg.LinAlgError:
            stalled = True
            break
        decrement = float(gradient @ step)  # the decrease in J a full step promises, x2
        if not np.all(np.isfinite(step)) or decrement < 0:
            stalled = True
            break
        if np.max(np.abs(step)) <= tol * (1.0 + np.max(np.abs(theta))):
            theta = theta - step
            current = loss_gradient(theta[1:], theta[0], X, y, l2)
            converged = True
            converged_by_step = True
            break
        alpha = 1.0
        for _ in range(_MAX_HALVINGS):
            trial = theta - alpha * step
            candidate = loss_gradient(trial[1:], trial[0], X, y, l2)
            if candidate.loss <= current.loss - _SUFFICIENT_DECREASE * alpha * decrement:
                break
            alpha /= 2.0
        else:
            # No step lowers J: at the float-precision optimum if little was promised.
            converged = decrement <= 1e-12 * (1.0 + current.loss)
            stalled = not converged
            break
        theta, current = trial, candidate

    w, b = theta[1:], float(theta[0])
    z = X @ w + b
    # Separation is certain when the scores already split the classes; otherwise a fit that
    # converged by a small Newton step without L2 is a finite MLE, which rules it out.
    separation: Separation | None = None
    if separates_completely(z, y):
        separation = "complete"
    elif not converged_by_step or l2 > 0:
        separation = detect_separation(X, y)
    if separation is not None and l2 == 0:
        converged = False  # coefficients that grow without bound have no converged value

    covariance = None
    if converged:
        covariance = np.linalg.inv(_mean_hessian(w, b, X, l2) * n)
    log_likelihood = -n * (current.loss - l2_penalty(w, l2))
    message = _describe(converged, separation, l2, n_iter, stalled)
    return NewtonResult(
        coef=w,
        intercept=b,
        converged=converged,
        n_iter=n_iter,
        separation=separation,
        loss=current.loss,
        log_likelihood=log_likelihood,
        covariance=covariance,
        n_obs=n,
        l2=float(l2),
        message=message,
    )


def _describe(converged: bool, separation: Separation | None, l2: float, n_iter: int, stalled: bool) -> str:
    if separation is not None and l2 == 0:
        kind = "perfectly" if separation == "complete" else "almost perfectly (quasi-completely)"
        return (
            f"The classes are {kind} separated by a straight boundary, so the likelihood keeps "
            "rising as the weights grow: no finite maximum-likelihood estimate exists. The "
            f"numbers shown are where Newton's method stopped after {n_iter} steps. Add L2 "
            "to get a finite, unique fit."
        )
    if converged:
        text = f"Converged in {n_iter} Newton steps."
        if separation is not None:
            text += " The classes are separable; L2 keeps the weights finite."
        return text
    if stalled:
        return (
            f"Newton's method stopped after {n_iter} steps without converging (the curvature "
            "became singular). Standardise the features or add L2."
        )
    return f"Newton's method did not converge in {n_iter} steps. Allow more iterations or add L2."
