"""The exact maximum-likelihood fit by Newton's method, for any family.

Newton's method runs in an internal basis where every feature is centred and scaled to
unit spread, whatever the user's scale (an offset of 1e6 or values near 1e300 are then no
harder than standardised data), and the estimate and its covariance are mapped back.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import inference
from .blas import single_threaded_blas
from .loss import _CORES, _executor, _kernels_for
from .objective import (
    GRAM_ROWS_PER_WORKER,
    Evaluation,
    Layout,
    Objective,
    StandardisedBinomial,
    _kernel_worker_count,
    _symmetric,
    original_scale_map,
)
from .separation import Separation, recession_constraints, separates_completely, separation_of_constraints
from .validation import DataError, check_design, check_features_labels, check_finite_features, read_only

if TYPE_CHECKING:
    import pandas as pd

# Backtracking halves the Newton step at most this many times before giving up.
_MAX_HALVINGS = 40
# Armijo constant: a step must win at least this share of the decrease it promised.
_SUFFICIENT_DECREASE = 1e-4
# Below this many rounding units of the loss, a promised decrease cannot be checked by
# evaluating the loss: the quadratic model is trusted and the full step taken.
_RESOLVABLE_DECREASE = 64 * np.finfo(np.float64).eps
# In the internal (standardised) basis a coefficient this large means odds multiplied by
# e^10 per standard deviation: worth asking the separation LP whether an estimate exists.
_LARGE_COEFFICIENT = 10.0
# A Hessian is kept for the next Newton step while each full step is at most this share of
# the one before (the iterations are then in the region where the curvature changes little).
_FAST_CONTRACTION = 0.1
# From this many rows on, a fit first solves a random subsample of WARM_START_ROWS rows and
# starts from that estimate and its Hessian: the subsample's Newton steps cost a tenth as
# much, and the full data's steps start near the optimum.
WARM_START_MIN_ROWS = 50_000
WARM_START_ROWS = 10_000
# The subsample's own optimum is only a start: its sampling error (about 1/sqrt(10,000) of a
# standard error's scale; a first step of 5e-2 on 100,000 x 20) dwarfs what remains after a
# Newton step this small (about its square), and its Hessian is off by its sampling error,
# not by this step. 1e-4 took two more steps with their Hessians.
_WARM_START_TOL = 1e-2
# Columns whose values stay within this magnitude have their moments taken in one pass
# without overflow in the squared deviations (see kernels.column_moments); larger ones are
# divided by their largest value first.
_MOMENTS_LIMIT = 1e100
# The binomial Hessian pass costs about this many loss-and-gradient passes (3.5-4.7 ms against
# 1.5-1.8 on 100,000 x 20); with them in one pass, about the Hessian's alone.
_BINOMIAL_HESSIAN_COST = 2.0
# Spreads of columns whose standardisation may be folded into the parameters (StandardisedBinomial):
# within these, products of two values and their sums keep to the normal float range.
_FOLD_SCALES = (1e-30, 1e30)
# A Hessian this ill-conditioned (in the standardised basis) is near-singular.
_NEAR_SINGULAR = 1e-10

MomentsPart = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]
"""Per column: lowest, highest, mean, sum of squared deviations (:func:`logreg_core.kernels.column_moments`)."""

NewtonStop = Literal["converged", "iterations", "singular", "no_progress"]
"""Why Newton's method stopped: the step became negligible, the iteration budget ran out,
the curvature could not be inverted, or no step along the Newton direction lowered the loss."""


@dataclass(frozen=True, eq=False)
class ModelFit:
    """The maximum-likelihood (or penalised) fit of any family; read-only.

    Attributes
    ----------
    layout : Layout
        Where each entry of ``params`` sits.
    params : ndarray, shape (n_params,)
        The estimate, on the scale of the X given to :func:`fit_model`.
    covariance : ndarray of shape (n_params, n_params), or None
        Inverse of the Hessian of the penalised negative log-likelihood; None when the fit
        did not converge (there is then no estimate to describe).
    converged : bool
    n_iter : int
        Newton steps on all the rows (some with a Hessian kept from an earlier step; on large
        data they start from the estimate on a subsample, whose steps are not counted).
    stop : {"converged", "iterations", "singular", "no_progress"}
    separation : {None, "complete", "quasi-complete"}
        Without L2, separated data have no finite estimate: ``converged`` is then False.
    loss : float
        Penalised mean loss at ``params``.
    log_likelihood, null_log_likelihood : float
    n_obs : int
    l2 : float
    gradient_norm : float
        Largest entry of the gradient in the internal standardised basis at the last point
        evaluated: where it stopped, or, when the final Newton step (below ``tol``) was
        taken on the quadratic model of the loss, where that step began.
    """

    layout: Layout
    params: NDArray[np.float64]
    covariance: NDArray[np.float64] | None
    converged: bool
    n_iter: int
    stop: NewtonStop
    separation: Separation | None
    loss: float
    log_likelihood: float
    null_log_likelihood: float
    n_obs: int
    l2: float
    gradient_norm: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", read_only(self.params))
        if self.covariance is not None:
            object.__setattr__(self, "covariance", read_only(self.covariance))

    @property
    def n_params(self) -> int:
        return self.layout.n_params

    def _covariance(self) -> NDArray[np.float64]:
        if self.covariance is None:
            raise DataError(
                "The fit did not converge, so there are no standard errors: "
                + ("the classes are separated." if self.separation else f"it stopped ({self.stop}).")
            )
        return self.covariance

    @property
    def std_err(self) -> NDArray[np.float64]:
        """Standard errors of ``params`` (raises DataError when the fit did not converge)."""
        return inference.standard_errors(self._covariance())

    @property
    def z(self) -> NDArray[np.float64]:
        """Wald statistics of ``params`` against 0."""
        return inference.wald_z(self.params, self.std_err)

    @property
    def p_values(self) -> NDArray[np.float64]:
        """Two-sided p-values of the Wald statistics."""
        return inference.two_sided_p_value(self.z)

    def conf_int(self, level: float = 0.95) -> NDArray[np.float64]:
        """Wald confidence intervals, shape (n_params, 2)."""
        low, high = inference.wald_interval(self.params, self.std_err, level)
        return np.column_stack([low, high])

    @property
    def odds_ratios(self) -> NDArray[np.float64]:
        """:math:`e^{\\theta}`: odds ratios (binomial, ordinal) or relative-risk ratios (multinomial)."""
        with np.errstate(over="ignore"):
            return np.exp(self.params)

    def statistics(self) -> inference.FitStatistics:
        """Log-likelihood, null log-likelihood, LR test, deviance, AIC, BIC, McFadden R²."""
        return inference.model_statistics(self)

    def summary(
        self,
        feature_names: list[str] | tuple[str, ...] | None = None,
        class_names: list[str] | tuple[str, ...] | None = None,
        level: float = 0.95,
    ) -> pd.DataFrame:
        """The parameter table (see :func:`logreg_core.inference.parameter_table`)."""
        names = feature_names if feature_names is not None else [f"x{j + 1}" for j in range(self.layout.n_features)]
        return inference.parameter_table(self, names, class_names, level)


def internal_basis(X: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Centre and spread of each column, computed without overflow even near 1e308.

    .. math:: \mu_j = \bar x_j, \qquad s_j = \operatorname{sd}(x_j)

    Each column is divided by its largest magnitude before squaring. A constant column
    gets :math:`s_j = 1`.
    """
    mean, scale, _, _ = _basis_and_constant(X)
    return mean, scale


def _basis_and_constant(
    X: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]]:
    """:func:`internal_basis`, which columns hold one value in every row and each column's largest
    :math:`|x_{ij} - \\mu_j|/s_j`, in few passes over X (one, by the compiled
    :func:`logreg_core.kernels.column_moments`, on large X of modest values)."""
    kernels = _kernels_for(X.shape[0])
    if kernels is not None:
        shift = X[0].copy()  # one row, shared by every range: the shifted means combine exactly
        futures = [_executor().submit(kernels.column_moments, X[lo:hi], shift) for lo, hi in _row_ranges(X.shape[0])]
        lowest, highest, shifted_mean, squares = _combined_moments(
            [(hi - lo, future.result()) for (lo, hi), future in zip(_row_ranges(X.shape[0]), futures)]
        )
        mean = shift + shifted_mean
        if np.all(np.maximum(np.abs(lowest), np.abs(highest)) <= _MOMENTS_LIMIT):
            spread = np.sqrt(squares / X.shape[0])
            constant = highest == lowest
            scale = np.where(constant | ~(spread > 0), 1.0, spread)
            return mean, scale, constant, np.maximum(highest - mean, mean - lowest) / scale
    highest = X.max(axis=0)
    lowest = X.min(axis=0)
    magnitude = np.maximum(np.abs(highest), np.abs(lowest))
    magnitude = np.where(magnitude > 0, magnitude, 1.0)
    unit = X / magnitude
    mean_unit = unit.mean(axis=0)
    unit -= mean_unit
    spread_unit = np.sqrt(np.einsum("ij,ij->j", unit, unit) / X.shape[0])
    spread = spread_unit * magnitude
    constant = highest == lowest
    scale = np.where(constant | ~(spread > 0), 1.0, spread)
    largest = np.maximum(np.max(unit, axis=0), -np.min(unit, axis=0)) * (magnitude / scale)
    return mean_unit * magnitude, scale, constant, largest


def _row_ranges(n: int) -> list[tuple[int, int]]:
    """Row ranges for one thread each: one per GRAM_ROWS_PER_WORKER rows, at most one per core."""
    workers = max(1, min(_CORES, n // GRAM_ROWS_PER_WORKER))
    cuts = np.linspace(0, n, workers + 1).astype(int)
    return [(int(lo), int(hi)) for lo, hi in itertools.pairwise(cuts)]


def _combined_moments(parts: list[tuple[int, MomentsPart]]) -> MomentsPart:
    r"""Column moments of stacked row ranges from each range's (rows, moments), by Chan's update.

    .. math:: \bar x = \frac{n_a\bar x_a + n_b\bar x_b}{n_a + n_b}, \qquad
              S = S_a + S_b + (\bar x_b - \bar x_a)^2\,\frac{n_a n_b}{n_a + n_b}
    """
    count, (lowest, highest, mean, squares) = parts[0]
    for rows, (low, high, part_mean, part_squares) in parts[1:]:
        total = count + rows
        gap = part_mean - mean
        lowest, highest = np.minimum(lowest, low), np.maximum(highest, high)
        squares = squares + part_squares + gap * gap * (count * rows / total)
        mean = mean + gap * (rows / total)
        count = total
    return lowest, highest, mean, squares


def _standardised(X: NDArray[np.float64], mean: NDArray[np.float64], scale: NDArray[np.float64]) -> NDArray[np.float64]:
    """:math:`(X - \\mu)/s` as a new matrix (one pass over X by the compiled kernel on large X)."""
    kernels = _kernels_for(X.shape[0])
    if kernels is not None:
        standardised = np.empty_like(X, order="C")
        futures = [
            _executor().submit(kernels.standardise, X[lo:hi], mean, scale, standardised[lo:hi])
            for lo, hi in _row_ranges(X.shape[0])
        ]
        for future in futures:
            future.result()
        return standardised
    X_scaled = X - mean
    X_scaled /= scale
    return X_scaled


def _gram(X: NDArray[np.float64]) -> NDArray[np.float64]:
    """:math:`X^\\top X`, shape (m, m), as symmetric rank-k updates on row ranges in parallel threads."""
    workers = max(1, min(_CORES, X.shape[0] // GRAM_ROWS_PER_WORKER))
    cuts = np.linspace(0, X.shape[0], workers + 1).astype(int)

    def part(rows: NDArray[np.float64]) -> NDArray[np.float64]:
        product: NDArray[np.float64] = rows.T @ rows  # one array on both sides: BLAS's syrk
        return product

    # BLAS limited from the calling thread (its setting is the whole process's), as in weighted_grams
    with single_threaded_blas():
        futures = [_executor().submit(part, X[lo:hi]) for lo, hi in itertools.pairwise(cuts)]
        gram = futures[0].result()
        for future in futures[1:]:
            gram += future.result()
    return gram


def _check_identifiable(
    X_scaled: NDArray[np.float64],
    constant: NDArray[np.bool_],
    n_params: int,
    sample: NDArray[np.float64] | None = None,
    standardised: Callable[[], NDArray[np.float64]] | None = None,
) -> None:
    r"""Refuse features that are constant or linear combinations of each other (without L2).

    The test: the smallest eigenvalue of the Gram matrix of :math:`[1, X]` over the n rows,
    divided by n, is below :math:`10^{-12}(m+1)`. Each row adds :math:`\tilde x_i\tilde x_i^\top
    \succeq 0`, so that Gram matrix is at least the one of any subset of the rows: when the
    rows of ``sample`` (some of X_scaled's, for example the subsample start's), or every tenth
    of them, already clear twice the bar, the full matrix does too and is not formed (a tenth
    or a hundredth of the work). ``standardised``, if given, makes the matrix of the full test
    (``X_scaled`` is then only its shape), so that it is made only when that test runs.
    """
    n, m = X_scaled.shape
    if constant.any():
        raise DataError(
            f"Feature column {int(np.flatnonzero(constant)[0])} has the same value in every row, so its "
            "effect cannot be told apart from the intercept. Remove it, or add L2."
        )
    if n <= n_params - 1 or n <= m:
        raise DataError(
            f"There are {n} rows for {n_params} parameters; without L2 the fit needs more rows than that."
        )
    bar = 1e-12 * (m + 1)
    if sample is not None:
        # every tenth of the sample's rows first: on typical data they clear the bar many times
        # over, for a tenth of the product; rare patterns of values may need them all
        for rows in (sample[::10], sample):
            if rows.shape[0] > m and _smallest_gram_eigenvalue(rows) / n >= 2.0 * bar:
                return
    if standardised is not None:
        X_scaled = standardised()
    # the Gram matrix of [1, X_scaled] / n: one symmetric product, no copy of X
    gram = np.empty((m + 1, m + 1))
    gram[0, 0] = 1.0
    gram[0, 1:] = gram[1:, 0] = X_scaled.mean(axis=0)
    gram[1:, 1:] = _gram(X_scaled) / n
    if np.linalg.eigvalsh(gram)[0] < bar:
        raise DataError(
            "The feature columns are linearly dependent (one is a combination of the "
            "others), so the coefficients are not unique. Remove a redundant column, or add L2."
        )


def _smallest_gram_eigenvalue(rows: NDArray[np.float64]) -> float:
    """The smallest eigenvalue of :math:`\\tilde X^\\top\\tilde X`, :math:`\\tilde X = [1, X]` over these rows (not divided by their number)."""
    m = rows.shape[1]
    gram = np.empty((m + 1, m + 1))
    gram[0, 0] = rows.shape[0]
    gram[0, 1:] = gram[1:, 0] = rows.sum(axis=0)
    gram[1:, 1:] = rows.T @ rows
    return float(np.linalg.eigvalsh(gram)[0])


def _newton_direction(H: NDArray[np.float64], gradient: NDArray[np.float64]) -> NDArray[np.float64] | None:
    """Solve H step = gradient by Cholesky; None when H is not positive definite."""
    try:
        factor = np.linalg.cholesky(H)
    except np.linalg.LinAlgError:
        return None
    step = np.linalg.solve(factor.T, np.linalg.solve(factor, gradient))
    return step if np.all(np.isfinite(step)) else None


def _secant_update(
    H: NDArray[np.float64], moved: NDArray[np.float64], gradient_change: NDArray[np.float64]
) -> NDArray[np.float64]:
    r"""A kept Hessian corrected by the step just taken (the BFGS update), as a new matrix.

    .. math:: H_+ = H - \frac{H s\,(H s)^\top}{s^\top H s} + \frac{y\,y^\top}{y^\top s},
              \qquad s = \theta_+ - \theta, \quad y = \nabla J(\theta_+) - \nabla J(\theta)

    :math:`H_+ s = y`: along the step the curvature is now the one the gradients measured,
    and :math:`H_+` stays positive definite when :math:`y^\top s > 0` (always, for a convex
    objective, unless rounding hides the change); otherwise H is returned unchanged.
    """
    along = H @ moved
    curvature = float(moved @ along)
    measured = float(gradient_change @ moved)
    if not (curvature > 0.0 and measured > 0.0 and np.isfinite(curvature) and np.isfinite(measured)):
        return H
    updated = H - np.outer(along, along) / curvature + np.outer(gradient_change, gradient_change) / measured
    return updated if np.all(np.isfinite(updated)) else H


def newton_minimize(
    objective: Objective,
    start: ArrayLike,
    *,
    tol: float = 1e-10,
    max_iter: int = 100,
    separated: Callable[[], bool] | None = None,
    start_hessian: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], bool, int, NewtonStop, NDArray[np.float64] | None]:
    r"""Minimise an objective by damped Newton steps.

    .. math:: \theta^{(k+1)} = \theta^{(k)} - \alpha_k H^{-1}\nabla J

    Converged when the Newton step is at most ``tol`` relative to the parameters. The step
    length :math:`\alpha_k` starts at 1 and halves until the Armijo condition holds, except
    when the decrease the quadratic model promises, half the Newton decrement
    :math:`\lambda^2/2 = \tfrac12\nabla J^\top H^{-1}\nabla J`, is below what float
    arithmetic can resolve in J: near the optimum the model is exact and the full step is
    taken without checking the loss.

    A Hessian is used for the next step too while the steps shrink fast (a full step at most
    ``_FAST_CONTRACTION`` times the one before): near the optimum it changes little, and a
    gradient costs a fraction of a Hessian. A kept Hessian is corrected after each step by
    the BFGS update (:func:`_secant_update`), which takes out the error along the directions
    the steps have followed: from a subsample's Hessian, the steps on 100,000 x 20 shrank by
    about 0.05 each instead of 0.09 (one evaluation fewer). Only a Hessian computed at the current point
    decides convergence or a singular stop, and the Hessian returned is one of those.
    ``start_hessian`` (for example from a fit on a subsample of the rows) serves the first
    steps on the same terms.

    ``separated``, if given, is asked once, when a coefficient first exceeds
    ``_LARGE_COEFFICIENT``: if it answers True the estimate has no finite value and the
    iterations stop there (stop "iterations") instead of chasing it to ``max_iter``.

    Returns
    -------
    params, converged, n_iter, stop, hessian (at the last point; None if singular)
    """
    run = _newton_run(objective, start, tol=tol, max_iter=max_iter, separated=separated, start_hessian=start_hessian)
    return run.params, run.converged, run.n_iter, run.stop, run.hessian


class ScoreExtremes(NamedTuple):
    """The lowest score of class 1 and the highest of class 0 at the parameters ``at``
    (:func:`logreg_core.kernels.class_score_extremes`)."""

    at: NDArray[np.float64]
    lowest_positive: float
    highest_negative: float


class _NewtonRun(NamedTuple):
    """How :func:`_newton_run` ended: the estimate, how it stopped, a Hessian computed at the
    last point where one was (see :func:`newton_minimize`), the objective at the estimate and,
    from the last pass that gave them, the class score extremes (None: no such pass)."""

    params: NDArray[np.float64]
    converged: bool
    n_iter: int
    stop: NewtonStop
    hessian: NDArray[np.float64] | None
    evaluation: Evaluation
    score_extremes: ScoreExtremes | None = None


def _evaluation_and_hessian(
    objective: Objective, params: NDArray[np.float64]
) -> tuple[Evaluation, NDArray[np.float64], ScoreExtremes | None]:
    """The objective, its gradient and its Hessian at ``params``: for two classes on the compiled
    path in one pass over the rows (:func:`logreg_core.kernels.binomial_block_sums_hessian`),
    which gives the class score extremes there too, otherwise by the objective's own two
    passes (and no extremes)."""
    kernels = _kernels_for(objective._kernel_rows)
    if objective.layout.kind != "binomial" or kernels is None:
        return objective.evaluate(params), objective.hessian(params), None
    # a StandardisedBinomial passes over its X with the parameters on that X's scale
    to_given = objective.to_given if isinstance(objective, StandardisedBinomial) else None
    given = params if to_given is None else to_given @ params
    w, b, n = given[1:], float(given[0]), objective.n
    X, signs = objective.X, objective._signs
    workers = _kernel_worker_count(n)
    with single_threaded_blas():
        if workers == 1:
            parts = [kernels.binomial_block_sums_hessian(w, b, X, signs, n)]
        else:
            cuts = np.linspace(0, n, workers + 1).astype(int)
            futures = [
                _executor().submit(kernels.binomial_block_sums_hessian, w, b, X[lo:hi], signs[lo:hi], n)
                for lo, hi in itertools.pairwise(cuts)
            ]
            parts = [future.result() for future in futures]
    gradient = np.empty(params.size)
    gradient[0] = sum(float(part[2]) for part in parts)
    gradient[1:] = sum(part[1] for part in parts)
    gradient /= n
    H: NDArray[np.float64] = sum(part[4] for part in parts) / n
    if to_given is not None:  # the chain rule back to the objective's own parameters
        gradient = to_given.T @ gradient
        H = _symmetric(to_given.T @ H @ to_given)
    loss = float(sum(part[0] for part in parts))
    if objective.l2:
        # the binomial penalty is diagonal: (lambda/2) sum_j d_j theta_j^2 (Objective.penalty)
        loss += objective.penalty(params)
        gradient += objective.l2 * objective.penalty_weights * params
        H[np.diag_indices_from(H)] += objective.l2 * objective.penalty_weights
    gradient.flags.writeable = False
    extremes = ScoreExtremes(
        params.copy(), min(float(part[5]) for part in parts), max(float(part[6]) for part in parts)
    )
    return Evaluation(loss, gradient, sum(int(part[3]) for part in parts) / n), H, extremes


def _refresh_pays(size: float, previous_size: float, target: float, hessian_cost: float) -> bool:
    r"""Whether a kept Hessian whose steps shrank from ``previous_size`` to ``size`` should give
    way to one computed here.

    Kept, it shrinks each step by about :math:`\rho = \text{size}/\text{previous}`, so it
    needs :math:`\lceil\log(\text{target}/\text{size})/\log\rho\rceil` more evaluations; a new
    Hessian (costing ``hessian_cost`` evaluations) converges quadratically, in about two.
    """
    if not (np.isfinite(previous_size) and size > target):
        return False
    contraction = size / previous_size
    if contraction >= 1.0:
        return True
    if contraction <= 0.0:
        return False
    kept_steps = np.ceil(np.log(target / size) / np.log(contraction))
    return bool(kept_steps > 2.0 + hessian_cost)


def _model_loss(
    current: Evaluation, step: NDArray[np.float64], H: NDArray[np.float64], row_bound: NDArray[np.float64]
) -> float | None:
    r"""The binomial objective at :math:`\theta - s` from its quadratic model at :math:`\theta`,
    when the model is right to a rounding unit of the loss; else None.

    .. math:: J(\theta - s) = J(\theta) - \nabla J^\top s + \tfrac12 s^\top H s + R, \qquad
              |R| \le \frac{B e^{B}}{3}\cdot\tfrac12 s^\top H s, \quad B = \max_i |\tilde x_i\cdot s|

    Each point's loss has :math:`|\ell'''| \le \ell''` and
    :math:`\ell''(z + \delta) \le e^{|\delta|}\ell''(z)`, so its cubic remainder is at most
    :math:`|\delta| e^{|\delta|}/3` times its quadratic term; the penalty is quadratic, so
    exact. ``row_bound`` bounds :math:`|\tilde x_{ij}|` per parameter j, so
    :math:`B \le \sum_j |s_j|` ``row_bound[j]``.
    """
    bound = float(np.abs(step) @ row_bound)
    curvature = 0.5 * float(step @ H @ step)
    loss = current.loss - float(current.gradient @ step) + curvature
    eps = float(np.finfo(np.float64).eps)
    if not (np.isfinite(loss) and bound < 1.0 and bound * np.exp(bound) / 3.0 * curvature <= eps * abs(loss)):
        return None
    return loss


def _newton_run(
    objective: Objective,
    start: ArrayLike,
    *,
    tol: float,
    max_iter: int,
    separated: Callable[[], bool] | None = None,
    start_hessian: NDArray[np.float64] | None = None,
    hessian_cost: float | None = None,
    row_bound: NDArray[np.float64] | None = None,
) -> _NewtonRun:
    r""":func:`newton_minimize`, with the choices that save passes over the rows where they are known to pay.

    ``hessian_cost`` (a Hessian's cost in evaluations; None: the plain schedule): a kept
    Hessian that shrinks the steps too slowly to pay is replaced (:func:`_refresh_pays`);
    where the next Newton step is expected to end the iterations (below ``tol`` at the last
    contraction) or a start Hessian to be replaced, the point is evaluated with its Hessian in
    one pass (:func:`_evaluation_and_hessian`). ``row_bound`` (binomial: the largest
    :math:`|\tilde x_{ij}|` per parameter): the final Newton step, below ``tol``, is taken
    without evaluating the loss again when its quadratic model gives it to a rounding unit
    (:func:`_model_loss`); the gradient kept is then the one before that step.
    """
    theta = np.array(start, dtype=np.float64)
    current = objective.evaluate(theta)
    H: NDArray[np.float64] | None = start_hessian
    reuse = start_hessian is not None
    hessian_here: NDArray[np.float64] | None = None  # computed at theta with its evaluation
    extremes: ScoreExtremes | None = None
    previous_size = np.inf
    fresh = False
    n_iter = 0
    stop: NewtonStop = "iterations"
    asked = separated is None
    penalised = objective.layout.penalised
    for n_iter in range(1, max_iter + 1):
        if not asked and np.max(np.abs(theta[penalised]), initial=0.0) > _LARGE_COEFFICIENT:
            asked = True
            if separated is not None and separated():
                break
        target = tol * (1.0 + np.max(np.abs(theta)))
        if hessian_here is not None:
            H, fresh = hessian_here, True
        elif H is None or not reuse:
            H = objective.hessian(theta)
            fresh = True
        else:
            fresh = False
        hessian_here = None
        step = _newton_direction(H, current.gradient)
        small = step is not None and np.max(np.abs(step)) <= target
        refresh = (
            not fresh
            and step is not None
            and not small
            and hessian_cost is not None
            and _refresh_pays(float(np.max(np.abs(step))), previous_size, target, hessian_cost)
        )
        if not fresh and (step is None or small or refresh):
            # only the curvature at this point may end the iterations
            H = objective.hessian(theta)
            fresh = True
            step = _newton_direction(H, current.gradient)
            small = step is not None and np.max(np.abs(step)) <= target
        if step is None:
            stop = "singular"
            break
        decrement = float(current.gradient @ step)
        if small:
            model_loss = None if row_bound is None else _model_loss(current, step, H, row_bound)
            theta = theta - step
            if model_loss is None:
                current = objective.evaluate(theta)
            else:
                current = Evaluation(model_loss, current.gradient, current.accuracy)
            stop = "converged"
            break
        size = float(np.max(np.abs(step)))
        # the curvature is wanted at the next point too: one pass there gives both
        contraction = min(1.0, size / previous_size) if np.isfinite(previous_size) else 1.0
        with_hessian = hessian_cost is not None and (
            (not fresh and np.isinf(previous_size))
            or size * contraction <= tol * (1.0 + np.max(np.abs(theta - step)))
        )
        alpha = 1.0
        if 0.5 * decrement <= _RESOLVABLE_DECREASE * (1.0 + abs(current.loss)):
            trial = theta - step
            if with_hessian:
                candidate, hessian_here, extremes = _evaluation_and_hessian(objective, trial)
            else:
                candidate = objective.evaluate(trial)
            if np.isfinite(candidate.loss):
                reuse = size <= _FAST_CONTRACTION * previous_size
                if reuse and hessian_here is None:
                    H, fresh = _secant_update(H, trial - theta, candidate.gradient - current.gradient), False
                theta, current = trial, candidate
                previous_size = size
                continue
            hessian_here = None
        for _ in range(_MAX_HALVINGS):
            trial = theta - alpha * step
            if with_hessian and alpha == 1.0:
                candidate, hessian_here, extremes = _evaluation_and_hessian(objective, trial)
            else:
                candidate = objective.evaluate(trial)
            if candidate.loss <= current.loss - _SUFFICIENT_DECREASE * alpha * decrement:
                break
            hessian_here = None
            alpha /= 2.0
        else:
            if not fresh:  # a stale Hessian may point badly: try again with the curvature here
                reuse = False
                continue
            stop = "no_progress"
            break
        reuse = alpha == 1.0 and size <= _FAST_CONTRACTION * previous_size
        if reuse and hessian_here is None:
            H, fresh = _secant_update(H, trial - theta, candidate.gradient - current.gradient), False
        theta, current = trial, candidate
        previous_size = size
    # After a converged step of at most tol the last Hessian describes the estimate to that
    # accuracy, so it is kept for the covariance rather than computed again.
    # A reused Hessian is replaced by one at the last step's start, as plain Newton's would be.
    if H is None or not fresh:
        H = objective.hessian(theta)
    return _NewtonRun(theta, stop == "converged", n_iter, stop, H, current, extremes)


def _subsample_rows(n: int) -> NDArray[np.int64]:
    """The rows of the subsample start: WARM_START_ROWS of n, drawn the same way every time, in order."""
    return _drawn_rows(n, WARM_START_ROWS)


@functools.lru_cache(maxsize=8)
def _drawn_rows(n: int, size: int) -> NDArray[np.int64]:
    """``size`` of ``n`` rows drawn by a fixed seed, sorted and read-only: kept, since drawing them
    shuffles all n (about 0.5 ms of a 30 ms fit on 100,000 rows) and gives the same rows every time."""
    rows = np.sort(np.random.default_rng(0).choice(n, size=size, replace=False))
    rows.flags.writeable = False  # shared by every fit of n rows
    return rows


def _subsample_start(
    X_scaled: NDArray[np.float64],
    codes: NDArray[np.int64],
    layout: Layout,
    *,
    l2: float,
    penalty_weights: NDArray[np.float64],
    max_iter: int,
    sample_X: NDArray[np.float64] | None = None,
    rows: NDArray[np.int64] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """Newton's estimate and Hessian on a random subsample of the rows (the same every time,
    :func:`_subsample_rows`, or ``rows`` when already drawn; ``sample_X``: those rows of
    X_scaled when already taken), or None
    when the subsample lacks a class or gives no modest estimate (then the fit starts from
    the null model, as on small data)."""
    if rows is None:
        rows = _subsample_rows(X_scaled.shape[0])
    sample_codes = codes[rows]
    if np.bincount(sample_codes, minlength=layout.n_classes).min() == 0:
        return None
    sample = Objective(
        X_scaled[rows] if sample_X is None else sample_X, sample_codes, layout, l2=l2, penalty_weights=penalty_weights
    )
    sample._kernel_rows = X_scaled.shape[0]  # the whole data's fit uses the compiled kernels: so does its sample
    theta, converged, _, _, H = newton_minimize(sample, sample.null_params(), tol=_WARM_START_TOL, max_iter=max_iter)
    if not converged or H is None or np.max(np.abs(theta[layout.penalised]), initial=0.0) > _LARGE_COEFFICIENT:
        return None
    return theta, H


def fit_model(
    X: ArrayLike,
    codes: ArrayLike,
    layout: Layout,
    *,
    l2: float = 0.0,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> ModelFit:
    r"""Maximum-likelihood (or L2-penalised) fit of any family by Newton's method.

    The objective is :math:`J = \frac1n\sum_i\ell_i + \frac\lambda2\lVert w\rVert^2`
    over the coefficients w on the scale of the given X. Internally the features are
    centred and scaled (the penalty rescaled to match), and the result mapped back.

    Separation (no finite estimate, without L2) is checked by a linear programme whenever
    the fit did not converge, the estimate is large or the Hessian near-singular; with L2
    the optimum is always finite and the programme is skipped (for two classes the cheap
    check that the final scores split the classes still reports complete separation).

    Parameters
    ----------
    X : array_like, shape (n, m), finite
    codes : array_like, shape (n,)
        Class codes 0..K-1 (whole numbers); every class present.
    layout : Layout
    l2 : float, default 0.0
    tol : float, default 1e-10
        Relative Newton-step tolerance.
    max_iter : int, default 100

    Raises
    ------
    DataError
        Missing or infinite features, class codes that are not whole numbers 0..K-1; without
        L2: constant or linearly dependent features, or too few rows.
    ValueError
        Settings out of range.
    """
    X, codes = check_design(X, codes, layout.n_features, layout.n_classes)
    return _fit_checked(X, codes, layout, l2=l2, tol=tol, max_iter=max_iter)


def _fit_checked(
    X: NDArray[np.float64],
    codes: NDArray[np.int64],
    layout: Layout,
    *,
    l2: float,
    tol: float,
    max_iter: int,
    finite_checked: bool = True,
) -> ModelFit:
    """:func:`fit_model` on features and codes that passed the boundary's checks (one pass over X
    fewer). ``finite_checked`` False: X may hold missing or infinite values, which carry into the
    column moments and are refused then (one more pass saved)."""
    _check_settings(l2=l2, tol=tol, max_iter=max_iter)
    n, m = X.shape
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        mean, scale, constant, largest = _basis_and_constant(X)
    if not finite_checked and not (np.all(np.isfinite(mean)) and np.all(np.isfinite(largest))):
        check_finite_features(X)
    # Two classes on the compiled path, with columns whose means lie within their spreads: the
    # passes run on X itself, the standardisation folded into the parameters (StandardisedBinomial),
    # and the standardised copy is made only if a rare check needs all of it. X row by row in
    # memory only: the kernels read blocks of rows, and the copy of any other X is made so.
    folded = (
        layout.kind == "binomial"
        and X.flags.c_contiguous
        and _kernels_for(n) is not None
        and not constant.any()
        and bool(np.all(np.abs(mean) <= scale) and np.all((scale >= _FOLD_SCALES[0]) & (scale <= _FOLD_SCALES[1])))
    )
    copies: list[NDArray[np.float64]] = []

    def standardised_X() -> NDArray[np.float64]:
        if not copies:
            copies.append(_standardised(X, mean, scale))
        return copies[0]

    X_scaled = X if folded else standardised_X()  # X_scaled's rows, shape and values when not folded
    warm_start = n >= max(WARM_START_MIN_ROWS, 2 * WARM_START_ROWS)
    sample_rows = _subsample_rows(n) if warm_start else None
    sample_X = None
    if sample_rows is not None:
        sample_X = _standardised(X[sample_rows], mean, scale) if folded else X_scaled[sample_rows]
    if l2 == 0:
        _check_identifiable(X_scaled, constant, layout.n_params, sample_X, standardised_X if folded else None)
    A = original_scale_map(layout, mean, scale)
    # The penalty is on the coefficients of the given X: w = w'/s, so w^2 = w'^2 / s^2.
    if layout.kind == "ordinal":
        weights_scaled = np.r_[(1.0 / scale) ** 2, np.zeros(layout.n_classes - 1)]
    else:
        weights_scaled = layout.penalised * np.tile(np.r_[1.0, (1.0 / scale) ** 2], layout.n_params // (m + 1))
    objective = (
        StandardisedBinomial(X, codes, mean, scale, l2=l2, penalty_weights=weights_scaled)
        if folded
        else Objective(X_scaled, codes, layout, l2=l2, penalty_weights=weights_scaled)
    )
    answers: list[Separation | None] = []

    def linear_programme() -> Separation | None:
        if not answers:  # asked at most once per fit
            rows, order = recession_constraints(
                layout.kind, standardised_X(), codes, layout.n_classes, layout.reference
            )
            answers.append(separation_of_constraints(rows, order))
        return answers[0]

    # One thread for BLAS throughout: the products are tall and thin, and on a busy machine
    # BLAS threads spin waiting for cores (see logreg_core.blas).
    with np.errstate(over="ignore", under="ignore"), single_threaded_blas():
        warm = (
            _subsample_start(
                X_scaled, codes, layout, l2=l2, penalty_weights=weights_scaled, max_iter=max_iter,
                sample_X=sample_X, rows=sample_rows,
            )
            if warm_start
            else None
        )
        start, start_hessian = warm if warm is not None else (objective.null_params(), None)
        # Two classes on the compiled path: a Hessian costs about two evaluations there, and the
        # cubic remainder of the loss has a bound (see _model_loss)
        binomial_compiled = layout.kind == "binomial" and _kernels_for(n) is not None
        # the bound with a margin for its rounding (the extremes minus the mean lose digits to an offset)
        row_bound = np.r_[1.0, largest] * 1.001 if binomial_compiled else None
        run = _newton_run(
            objective, start, tol=tol, max_iter=max_iter, start_hessian=start_hessian,
            separated=(lambda: linear_programme() is not None) if l2 == 0 else None,
            hessian_cost=_BINOMIAL_HESSIAN_COST if binomial_compiled else None,
            row_bound=row_bound,
        )
        theta, converged, n_iter, stop, H, current, extremes = run
        split = layout.kind == "binomial" and not (
            extremes is not None and row_bound is not None and _surely_not_split(theta, extremes, row_bound)
        ) and _scores_split_classes(objective.scores(theta), codes)

    separation: Separation | None = None
    if split:
        separation = "complete"
    elif l2 == 0:
        near_singular = H is None or _condition_is_poor(H)
        large = np.max(np.abs(theta[layout.penalised]), initial=0.0) > _LARGE_COEFFICIENT
        if not converged or large or near_singular:
            separation = linear_programme()
    if separation is not None and l2 == 0:
        converged = False  # coefficients that grow without bound have no converged value

    covariance = None
    if converged and H is not None:
        try:
            covariance_scaled = np.linalg.inv(H * n)
            covariance = A @ covariance_scaled @ A.T
        except np.linalg.LinAlgError:
            converged, stop = False, "singular"
    return ModelFit(
        layout=layout,
        params=A @ theta,
        covariance=covariance,
        converged=converged,
        n_iter=n_iter,
        stop=stop,
        separation=separation,
        loss=current.loss,
        log_likelihood=-n * (current.loss - objective.penalty(theta)),
        null_log_likelihood=objective.null_log_likelihood(),
        n_obs=n,
        l2=float(l2),
        gradient_norm=float(np.max(np.abs(current.gradient))),
    )


def _surely_not_split(
    theta: NDArray[np.float64], extremes: ScoreExtremes, row_bound: NDArray[np.float64]
) -> bool:
    r"""Whether the scores at ``theta`` surely do not split the classes, judged from the class
    score extremes at a nearby point instead of a pass over the rows.

    Each score moves by at most :math:`B = \sum_j |\theta_j - a_j|\,r_j` from the point
    :math:`a` (``row_bound`` r bounds :math:`|\tilde x_{ij}|` per parameter), so the classes
    stay unsplit while :math:`\min_{y=1} z + B < \max_{y=0} z - B`, with room for the
    rounding of scores of size up to :math:`\sum_j |\theta_j| r_j`. False means: look.
    """
    if not (np.isfinite(extremes.lowest_positive) and np.isfinite(extremes.highest_negative)):
        return False
    moved = float(np.abs(theta - extremes.at) @ row_bound)
    rounding = 1e-12 * float(np.abs(theta) @ row_bound + np.abs(extremes.at) @ row_bound)
    return bool(np.isfinite(moved) and np.isfinite(rounding)
                and extremes.lowest_positive + moved + rounding < extremes.highest_negative - moved)


def _scores_split_classes(scores: NDArray[np.float64], codes: NDArray[np.int64]) -> bool:
    """:func:`logreg_core.separation.separates_completely` of the scores, in one compiled pass
    without copying each class's scores on large data."""
    kernels = _kernels_for(scores.size)
    if kernels is None:
        return separates_completely(scores, codes.astype(np.float64))
    lowest_positive, highest_negative = kernels.class_score_extremes(scores, codes)
    return bool(lowest_positive > highest_negative)


def _condition_is_poor(H: NDArray[np.float64]) -> bool:
    eigenvalues = np.linalg.eigvalsh(H)
    return bool(eigenvalues[0] <= _NEAR_SINGULAR * max(eigenvalues[-1], np.finfo(float).tiny))


def _check_settings(*, l2: float, tol: float, max_iter: int) -> None:
    if not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be a number >= 0, got {l2!r}.")
    if not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be a positive number, got {tol!r}.")
    if int(max_iter) != max_iter or max_iter < 1:
        raise ValueError(f"max_iter must be a whole number >= 1, got {max_iter!r}.")


_UNCONVERGED_BECAUSE: dict[NewtonStop, str] = {
    "converged": "it stopped early",
    "iterations": "the iteration limit was reached",
    "singular": "the Hessian could not be inverted",
    "no_progress": "no step along the Newton direction lowered the loss",
}


def describe_newton(converged: bool, separation: Separation | None, l2: float, n_iter: int, stop: NewtonStop) -> str:
    """How Newton's method ended, as one plain clause built from its kinds and numbers.

    For notebooks and logs: it states what happened and nothing more (the app's pages word
    the same facts as lessons, with advice).

    Examples
    --------
    >>> describe_newton(True, None, 0.0, 7, "converged")
    'converged in 7 Newton steps'
    >>> describe_newton(False, None, 0.0, 100, "iterations")
    'not converged: the iteration limit was reached after 100 Newton steps'
    """
    separated = "" if separation is None else f"the classes are {separation}ly separated"
    if separation is not None and l2 == 0:
        return f"no finite maximum-likelihood estimate: {separated} and L2 is 0; stopped after {n_iter} Newton steps"
    if converged:
        return f"converged in {n_iter} Newton steps" + (f"; {separated}, L2 keeps the estimate finite" if separated else "")
    return f"not converged: {_UNCONVERGED_BECAUSE[stop]} after {n_iter} Newton steps"


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
        Newton steps taken on all the rows (see :class:`ModelFit`).
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
    stop : {"converged", "iterations", "singular", "no_progress"}
        Why Newton's method stopped.
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
    stop: NewtonStop = "converged"

    def __post_init__(self) -> None:
        object.__setattr__(self, "coef", read_only(self.coef))
        if self.covariance is not None:
            object.__setattr__(self, "covariance", read_only(self.covariance))

    @property
    def params(self) -> NDArray[np.float64]:
        """(intercept, coef...) as one vector, the order of ``covariance``."""
        return np.concatenate([[self.intercept], self.coef])

    @property
    def message(self) -> str:
        """A terse factual summary for notebooks (:func:`describe_newton`); the app's sentences are the UI's."""
        return describe_newton(self.converged, self.separation, self.l2, self.n_iter, self.stop)

    @classmethod
    def from_fit(cls, fit: ModelFit) -> NewtonResult:
        """The binary view of a binomial :class:`ModelFit`."""
        return cls(
            coef=fit.params[1:], intercept=float(fit.params[0]), converged=fit.converged, n_iter=fit.n_iter,
            separation=fit.separation, loss=fit.loss, log_likelihood=fit.log_likelihood,
            covariance=fit.covariance, n_obs=fit.n_obs, l2=fit.l2, stop=fit.stop,
        )


def fit_newton(
    X: ArrayLike,
    y: ArrayLike,
    *,
    l2: float = 0.0,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> NewtonResult:
    r"""Maximum-likelihood binary logistic regression by damped Newton steps (IRLS).

    .. math::
        \theta^{(k+1)} = \theta^{(k)} - \alpha_k H(\theta^{(k)})^{-1}\nabla J(\theta^{(k)}),
        \qquad \theta = (b, w)

    with :math:`J` the penalised mean cross-entropy and :math:`H` its Hessian; the binary
    case of :func:`fit_model`, which explains the stopping rule and the separation check.

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
    ValueError
        A setting out of range (negative or NaN ``l2`` or ``tol``).
    """
    # labels 0 and 1, both present, and (checked with the column moments) finite features: fit_model's checks
    X, y = check_features_labels(X, y, finite=False)
    fit = _fit_checked(
        X, y.astype(np.int64), Layout("binomial", X.shape[1]), l2=l2, tol=tol, max_iter=max_iter, finite_checked=False
    )
    return NewtonResult.from_fit(fit)
