"""One training run as the app shows it: descent, the exact fit beside it, and what happened in words."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
from numpy.typing import NDArray

from .descent import History, count_rises, descend, gradient_descent
from .estimator import feature_scaling
from .loss import loss_gradient
from .newton import ModelFit, NewtonResult, fit_model, fit_newton
from .objective import Layout, Objective, original_scale_map
from .validation import DataError, check_features_labels, read_only

StartWeights = Literal["zeros", "random"]
ModelKind = Literal["binary", "multinomial", "ordinal"]


@dataclass(frozen=True)
class TrainingSettings:
    """Everything that changes the descent path; the threshold is deliberately not here.

    Attributes
    ----------
    learning_rate : float
    iterations : int
    l2 : float
    standardize : bool
        Descend on standardised features :math:`x' = (x - \\mu)/s`.
    start : {"zeros", "random"}
        Start at w = 0, b = 0 (as the notes do) or at standard-normal weights.
    seed : int
        Seed of the random start.
    tol : float
        Gradient-norm tolerance that counts as converged.
    kind : {"binary", "multinomial", "ordinal"}
        Which model: binary logistic regression (labels 0/1), multinomial or ordinal
        (labels the class codes 0..K-1, in order for ordinal).
    """

    learning_rate: float = 0.1
    iterations: int = 500
    l2: float = 0.0
    standardize: bool = False
    start: StartWeights = "zeros"
    seed: int = 0
    tol: float = 1e-6
    kind: ModelKind = "binary"


StatusKind = Literal["converged", "improving", "separated", "diverged", "oscillating"]


@dataclass(frozen=True)
class Status:
    """How a run ended, as a kind the page can style and the numbers that explain it.

    The app's pages word these as lessons; ``headline`` and ``detail`` are a plain summary
    of the same kind and numbers, for notebooks.

    Attributes
    ----------
    kind : {"converged", "improving", "separated", "diverged", "oscillating"}
    steps : int
        Updates made.
    learning_rate : float
    start_loss, final_loss : float
    final_grad_norm : float
    tol : float or None
    rises : int
        Steps that raised the loss (:func:`logreg_core.descent.count_rises`).
    weight_norm_midway, weight_norm_final : float
        Length of the weights at step ``steps // 2`` and at the end.
    recent_steps : int
        The last tenth of the run (at least one step).
    recent_gain : float
        How much the loss fell over those steps.
    """

    kind: StatusKind
    steps: int = 0
    learning_rate: float = 0.0
    start_loss: float = 0.0
    final_loss: float = 0.0
    final_grad_norm: float = 0.0
    tol: float | None = None
    rises: int = 0
    weight_norm_midway: float = 0.0
    weight_norm_final: float = 0.0
    recent_steps: int = 1
    recent_gain: float = 0.0

    @property
    def headline(self) -> str:
        """How the run ended, in one plain clause (for notebooks; the app's sentences are the UI's)."""
        return _status_headline(self)

    @property
    def detail(self) -> str:
        """The numbers behind :attr:`headline`, in one line (for notebooks)."""
        return _status_numbers(self)


def _status_headline(status: Status) -> str:
    """One factual clause per kind of ending, with the numbers that define it."""
    k, rate = status.steps, status.learning_rate
    return {
        "diverged": f"diverged at step {k} with learning rate {rate:g}",
        "converged": f"converged at step {k}",
        "separated": f"no finite optimum: the classes are separated and L2 is 0; stopped at step {k}",
        "oscillating": f"the loss rose at {status.rises} of {k} steps with learning rate {rate:g}",
        "improving": f"still improving at step {k}",
    }[status.kind]


def _status_numbers(status: Status) -> str:
    """The same numbers for every kind: loss, gradient length against the tolerance, weight length, rises."""
    k = status.steps
    tolerance = "no tolerance" if status.tol is None else f"tolerance {status.tol:g}"
    return (
        f"loss {status.start_loss:.4g} -> {status.final_loss:.4g} over {k} steps "
        f"(down {status.recent_gain:.3g} over the last {status.recent_steps}); "
        f"gradient length {status.final_grad_norm:.2g}, {tolerance}; "
        f"weight length {status.weight_norm_midway:.3g} at step {k // 2}, {status.weight_norm_final:.3g} at step {k}; "
        f"the loss rose at {status.rises} steps"
    )


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """A descent run with everything needed to show it; read-only.

    Attributes
    ----------
    settings : TrainingSettings
    history : History
        The path on the scale descent ran on (standardised when ``settings.standardize``).
    weights, bias : ndarray, shapes (k+1, m) and (k+1,)
        The same path on the original feature scale, for plots and equations.
    mean, scale : ndarray, shape (m,)
        The standardisation used (zeros and ones when none).
    reference : NewtonResult (binary), ModelFit (multinomial, ordinal) or None
        The exact maximum-likelihood fit with the same L2, on the original scale; None when
        it cannot be computed (``reference_error`` says why).
    reference_error : str or None
    status : Status
    params : ndarray, shape (k+1, n_params)
        The path in the layout of ``history.layout``, on the original feature scale (for
        every kind; ``weights`` and ``bias`` are its views).
    """

    settings: TrainingSettings
    history: History
    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    reference: NewtonResult | None
    reference_error: str | None
    status: Status
    params: NDArray[np.float64] | None = None


def unstandardize_path(
    weights: NDArray[np.float64], bias: NDArray[np.float64], mean: NDArray[np.float64], scale: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""A whole path of (w, b) fitted on standardised features, on the original scale.

    .. math:: w_\text{orig} = w / s, \qquad b_\text{orig} = b - w_\text{orig}\cdot\mu

    Parameters
    ----------
    weights : ndarray, shape (k, m)
    bias : ndarray, shape (k,)
    mean, scale : ndarray, shape (m,)
    """
    original = weights / scale
    return original, bias - original @ mean


def start_weights(m: int, start: StartWeights, seed: int) -> NDArray[np.float64]:
    """Zeros, or standard-normal draws from ``numpy.random.default_rng(seed)``."""
    if start == "zeros":
        return np.zeros(m)
    return np.random.default_rng(seed).standard_normal(m)


class ExactFit(NamedTuple):
    """The exact maximum-likelihood fit that a run is compared with, or why there is none.

    It depends on the data and on ``kind``, ``standardize`` and ``l2`` of the settings only
    (:func:`exact_fit`), so one serves every learning rate, iteration count and start.

    Attributes
    ----------
    reference : NewtonResult (binary), ModelFit (multinomial, ordinal) or None
        On the original feature scale; None when it cannot be computed.
    error : str or None
        Why it cannot be computed.
    kind : str
    standardize : bool
    l2 : float
        The settings it was computed with.
    """

    reference: NewtonResult | ModelFit | None
    error: str | None
    kind: str
    standardize: bool
    l2: float

    def matches(self, settings: TrainingSettings) -> bool:
        """Whether this is the exact fit of runs with ``settings`` (on the same data)."""
        return (self.kind, self.standardize, self.l2) == (settings.kind, settings.standardize, settings.l2)


def exact_fit(X: NDArray[np.float64], y: NDArray[np.float64], settings: TrainingSettings) -> ExactFit:
    """The exact fit :func:`train` puts beside descent: Newton's method with the same L2 on the
    same (standardised or raw) features, reported on the original scale.

    Parameters
    ----------
    X : ndarray, shape (n, m)
    y : ndarray, shape (n,)
        0/1 labels (binary) or class codes 0..K-1.
    settings : TrainingSettings
        Only ``kind``, ``standardize`` and ``l2`` are used.
    """
    same: tuple[str, bool, float] = (settings.kind, settings.standardize, settings.l2)
    if settings.kind == "binary":
        X, y = check_features_labels(X, y)
        mean, scale = feature_scaling(X, settings.standardize)
        try:
            fit = fit_newton((X - mean) / scale, y, l2=settings.l2)
        except DataError as error:
            return ExactFit(None, str(error), *same)
        return ExactFit(covariance_on_original_scale(fit, mean, scale), None, *same)
    X, codes, layout = _model_data(X, y, settings)
    mean, scale = feature_scaling(X, settings.standardize)
    try:
        model = fit_model((X - mean) / scale, codes, layout, l2=settings.l2)
    except DataError as error:
        return ExactFit(None, str(error), *same)
    A = original_scale_map(layout, mean, scale)
    covariance = None if model.covariance is None else A @ model.covariance @ A.T
    return ExactFit(dataclasses.replace(model, params=A @ model.params, covariance=covariance), None, *same)


def train(X: NDArray[np.float64], y: NDArray[np.float64], settings: TrainingSettings,
          exact: ExactFit | None = None) -> TrainingRun:
    """Run gradient descent with ``settings`` and the exact fit it is compared with.

    The exact fit uses the same L2 on the same (standardised or raw) features, so the two
    minimise the same objective; both are reported on the original feature scale.

    Parameters
    ----------
    X : ndarray, shape (n, m)
    y : ndarray, shape (n,)
    settings : TrainingSettings
    exact : ExactFit or None
        :func:`exact_fit` of the same X and y, when the caller keeps it (it does not depend on
        the learning rate, the iterations or the start); computed here otherwise.
    """
    if exact is not None and not exact.matches(settings):
        raise ValueError(f"The exact fit was computed for kind={exact.kind!r}, standardize={exact.standardize}, "
                         f"l2={exact.l2:g}; these settings have kind={settings.kind!r}, "
                         f"standardize={settings.standardize}, l2={settings.l2:g}.")
    if settings.kind != "binary":
        return _train_model(X, y, settings, exact)
    X, y = check_features_labels(X, y)
    mean, scale = feature_scaling(X, settings.standardize)
    X_fit = (X - mean) / scale
    history = gradient_descent(
        X_fit, y,
        learning_rate=settings.learning_rate,
        iterations=settings.iterations,
        tol=settings.tol,
        l2=settings.l2,
        w0=start_weights(X.shape[1], settings.start, settings.seed),
    )
    weights, bias = unstandardize_path(history.weights, history.bias, mean, scale)
    reference, reference_error = (exact if exact is not None else exact_fit(X, y, settings))[:2]
    return TrainingRun(
        settings=settings,
        history=history,
        weights=read_only(weights),
        bias=read_only(bias),
        mean=mean,
        scale=scale,
        reference=reference,  # type: ignore[arg-type]
        reference_error=reference_error,
        status=describe_run(history, reference),
        params=read_only(np.column_stack([bias, weights])),
    )


def _model_data(X: NDArray[np.float64], y: NDArray[np.float64], settings: TrainingSettings
                ) -> tuple[NDArray[np.float64], NDArray[np.float64], Layout]:
    """The features and class codes of a multinomial or ordinal model, checked, and its layout."""
    if settings.kind not in ("multinomial", "ordinal"):
        raise ValueError(f"kind must be 'binary', 'multinomial' or 'ordinal', got {settings.kind!r}.")
    X = np.asarray(X, dtype=np.float64)
    codes = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or codes.shape != (X.shape[0],) or not np.all(np.isfinite(X)):
        raise DataError("The features must be a finite table with one class code per row.")
    if np.any(codes != np.round(codes)) or codes.min() < 0:
        raise DataError("The labels must be class codes 0, 1, ..., K-1.")
    n_classes = int(codes.max()) + 1
    if np.count_nonzero(np.bincount(codes.astype(np.int64), minlength=n_classes)) < n_classes:
        raise DataError("Every class code 0..K-1 must occur at least once.")
    layout = Layout("multinomial" if settings.kind == "multinomial" else "ordinal", X.shape[1], n_classes)
    return X, codes, layout


def _train_model(X: NDArray[np.float64], y: NDArray[np.float64], settings: TrainingSettings,
                 exact: ExactFit | None = None) -> TrainingRun:
    """:func:`train` for the multinomial and ordinal models (y holds class codes 0..K-1)."""
    X, codes, layout = _model_data(X, y, settings)
    m = X.shape[1]
    mean, scale = feature_scaling(X, settings.standardize)
    X_fit = (X - mean) / scale
    objective = Objective(X_fit, codes, layout, l2=settings.l2)
    start = np.zeros(layout.n_params)
    if settings.kind == "ordinal":
        start[m:] = objective.null_params()[m:]
    if settings.start == "random":
        start[layout.penalised] = np.random.default_rng(settings.seed).standard_normal(int(layout.penalised.sum()))
    history = descend(objective, start, learning_rate=settings.learning_rate, iterations=settings.iterations,
                      tol=settings.tol)
    A = original_scale_map(layout, mean, scale)
    params = history.params @ A.T
    reference, reference_error = (exact if exact is not None else exact_fit(X, codes, settings))[:2]
    view = dataclasses.replace(history, params=params)
    return TrainingRun(
        settings=settings, history=history, weights=read_only(view.weights), bias=read_only(view.bias),
        mean=mean, scale=scale, reference=reference, reference_error=reference_error,  # type: ignore[arg-type]
        status=describe_run(history, reference), params=read_only(params),
    )


def covariance_on_original_scale(
    exact: NewtonResult, mean: NDArray[np.float64], scale: NDArray[np.float64]
) -> NewtonResult:
    r"""A fit on standardised features re-expressed on the original scale, covariance included.

    .. math::
        \theta_\text{orig} = A\,\theta, \quad
        A = \begin{bmatrix} 1 & -(\mu/s)^\top \\ 0 & \operatorname{diag}(1/s) \end{bmatrix},
        \quad \Sigma_\text{orig} = A\,\Sigma\,A^\top

    (:func:`logreg_core.objective.original_scale_map` for the binomial layout).
    """
    A = original_scale_map(Layout("binomial", exact.coef.size), mean, scale)
    params = A @ exact.params
    covariance = None if exact.covariance is None else A @ exact.covariance @ A.T
    return dataclasses.replace(exact, coef=params[1:], intercept=float(params[0]), covariance=covariance)


def describe_run(history: History, reference: NewtonResult | ModelFit | None) -> Status:
    """Classify how a descent run ended and gather the numbers that explain it.

    Diverged, converged (gradient below the tolerance), separated (no finite optimum
    without L2: the exact fit found separation), oscillating (the loss rose at some step)
    or still improving, in that order of precedence.
    """
    k = history.n_steps
    rises = count_rises(history.loss)
    norms = np.linalg.norm(history.weights.reshape(history.loss.size, -1), axis=1)
    recent = max(1, k // 10)
    separated = reference is not None and reference.separation is not None and history.l2 == 0
    kind: StatusKind
    if history.stop_reason == "diverged":
        kind = "diverged"
    elif history.stop_reason == "tolerance":
        kind = "converged"
    elif separated:
        kind = "separated"
    elif rises:
        kind = "oscillating"
    else:
        kind = "improving"
    return Status(
        kind=kind, steps=k, learning_rate=history.learning_rate, start_loss=float(history.loss[0]),
        final_loss=float(history.loss[-1]), final_grad_norm=float(history.grad_norm[-1]), tol=history.tol,
        rises=rises, weight_norm_midway=float(norms[k // 2]), weight_norm_final=float(norms[-1]),
        recent_steps=recent, recent_gain=float(history.loss[-1 - recent] - history.loss[-1]) if k else 0.0,
    )


@dataclass(frozen=True)
class StepDetail:
    """One gradient-descent update with all its numbers, on the scale descent ran on."""

    step: int
    weights: NDArray[np.float64]
    bias: float
    grad_w: NDArray[np.float64]
    grad_b: float
    loss: float
    next_weights: NDArray[np.float64]
    next_bias: float


def inspect_step(run: TrainingRun, X: NDArray[np.float64], y: NDArray[np.float64], step: int) -> StepDetail:
    r"""Recompute the gradient at ``step`` of a run and the update it makes.

    .. math::
        w^{(k+1)} = w^{(k)} - \eta\,\nabla_w J(w^{(k)}, b^{(k)}), \qquad
        b^{(k+1)} = b^{(k)} - \eta\,\partial_b J(w^{(k)}, b^{(k)})

    Parameters
    ----------
    run : TrainingRun
    X, y : the data the run was trained on (original scale)
    step : int
        Between 0 and ``run.history.n_steps - 1``.
    """
    history = run.history
    if not 0 <= step < history.n_steps:
        raise ValueError(f"step must be between 0 and {history.n_steps - 1}, got {step}.")
    X_fit = (np.asarray(X, dtype=np.float64) - run.mean) / run.scale
    w, b = history.weights[step], float(history.bias[step])
    result = loss_gradient(w, b, X_fit, y, history.l2)
    rate = history.learning_rate
    return StepDetail(
        step=step, weights=w, bias=b, grad_w=result.grad_w, grad_b=result.grad_b, loss=result.loss,
        next_weights=w - rate * result.grad_w, next_bias=b - rate * result.grad_b,
    )
