r"""One dataset under several kinds of model, fitted exactly on the same rows.

For an ordered target of K >= 3 levels (:func:`compare_ordinal`):

- the proportional-odds model :math:`P(y \le j \mid x) = \sigma(\theta_j - x\cdot\beta)`;
- the multinomial model (reference layout, as statsmodels ``MNLogit``);
- a binary model at a cut c: :math:`P(y \ge c \mid x) = \sigma(b + x\cdot w)`, the levels at
  or above level c against the rest.

Under proportional odds :math:`P(y \ge c) = 1 - \sigma(\theta_{c-1} - x\cdot\beta) =
\sigma(x\cdot\beta - \theta_{c-1})`, so with the :math:`\theta_j - x\cdot\beta` convention
the binary slope w estimates the same :math:`\beta`, with the same sign, at every cut, and its
intercept b estimates :math:`-\theta_{c-1}`.

For an unordered target (:func:`compare_one_vs_rest`): the multinomial model against K
one-vs-rest binary fits, whose probabilities need not sum to one.

Errors are :class:`ComparisonError` with a ``kind`` and the numbers behind it; the app
writes the sentences.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import inference
from .estimator import feature_scaling
from .families import binomial
from .functions import log_sigmoid, log_sum_exp, sigmoid
from .metrics import most_probable_class, predicted_class_one
from .newton import ModelFit, fit_model
from .objective import Layout, Objective, original_scale_map
from .proportional_odds import LikelihoodRatioResult, cut_indicator, partial_proportional_odds_test
from .separation import Separation
from .validation import DataError

ComparedModel = Literal["ordinal", "multinomial", "binary", "one_vs_rest"]
ProblemKind = Literal["too_few_classes", "cut_out_of_range", "empty_side", "no_estimate"]


class ComparisonError(DataError):
    """Why a comparison cannot be made, as a kind and the numbers behind it.

    Attributes
    ----------
    kind : {"too_few_classes", "cut_out_of_range", "empty_side", "no_estimate"}
        Fewer than 3 classes (nothing to compare); a cut that is not a level 1..K-1; a cut
        that leaves one side without training rows; a model without a finite estimate.
    n_classes : int
    cut : int or None
        The cut's level code c (the binary model is y >= c).
    n_below, n_above : int
        Training rows below the cut and at or above it.
    model : str or None
        The model without an estimate ("ordinal", "multinomial", "binary", or "one_vs_rest"
        with ``level`` the class fitted against the rest).
    level : int or None
    separation : {None, "complete", "quasi-complete"}
    stop : str or None
        Why Newton's method stopped.
    """

    def __init__(
        self,
        kind: ProblemKind,
        *,
        n_classes: int,
        cut: int | None = None,
        n_below: int = 0,
        n_above: int = 0,
        model: ComparedModel | None = None,
        level: int | None = None,
        separation: Separation | None = None,
        stop: str | None = None,
    ) -> None:
        self.kind = kind
        self.n_classes = n_classes
        self.cut = cut
        self.n_below, self.n_above = n_below, n_above
        self.model = model
        self.level = level
        self.separation = separation
        self.stop = stop
        super().__init__(f"comparison not possible: {kind} (K={n_classes}, cut={cut}, model={model})")


@dataclass(frozen=True)
class ModelScore:
    """How one model fits, on the training rows and (with a split) on the held-out rows.

    Attributes
    ----------
    model : {"ordinal", "multinomial", "binary", "one_vs_rest"}
    n_params : int
        Parameters the model spends (intercepts and cut-points included).
    log_likelihood, aic, bic : float
        On the training rows. The binary model's are of the two-level outcome y >= c, so they
        cannot be set against the K-level models' numbers.
    test_log_loss, test_accuracy : float or None
        Mean cross-entropy and share of right decisions (highest probability; the binary model:
        P >= 0.5) on the held-out rows; None without a split.
    cut_log_loss : float or None
        Mean cross-entropy of the model's :math:`P(y \\ge c)` on the question "y >= c", on the
        held-out rows with a split, else on the training rows: the one loss all three ordered
        comparisons share. None for an unordered comparison.
    """

    model: ComparedModel
    n_params: int
    log_likelihood: float
    aic: float
    bic: float
    test_log_loss: float | None
    test_accuracy: float | None
    cut_log_loss: float | None = None


@dataclass(frozen=True, eq=False)
class OrdinalFits:
    """The fits of an ordered target that do not depend on the chosen cut (fitted once, then any cut is cheap).

    Attributes
    ----------
    n_classes : int
    ordinal, multinomial : ModelFit
    cut_fits : tuple of ModelFit or None
        Entry c - 1: the binary fit of "level c or higher", None where it has no estimate.
    cut_problems : tuple of ComparisonError or None
        Entry c - 1: why that binary fit has no estimate (None where it has one).
    lr_tests : tuple of LikelihoodRatioResult
        Per feature, the ordinal model against one slope per cut for that feature, both fitted
        without a penalty; empty when only the penalty gives the ordinal model an estimate.
    """

    n_classes: int
    ordinal: ModelFit
    multinomial: ModelFit
    cut_fits: tuple[ModelFit | None, ...]
    cut_problems: tuple[ComparisonError | None, ...]
    lr_tests: tuple[LikelihoodRatioResult, ...]


@dataclass(frozen=True, eq=False)
class OrdinalComparison:
    """The ordinal, multinomial and binary models of one ordered target on the same rows.

    Attributes
    ----------
    n_classes : int
        K >= 3.
    cut : int
        The level code c of the binary model y >= c, 1..K-1.
    ordinal, multinomial, binary : ModelFit
        The exact fits on the training rows.
    scores : tuple of ModelScore
        Ordinal, multinomial, binary, in that order.
    lr_tests : tuple of LikelihoodRatioResult
        Per feature: the ordinal model against the model in which that feature has a slope
        per cut (df K - 2 each). Nested, so the likelihood-ratio test is valid.
    cut_slopes, cut_low, cut_high : ndarray, shape (K-1, m)
        Row c - 1: the binary slopes of "y >= c" and their 95 % Wald interval; NaN where that
        cut's fit has no estimate.
    feature_means : ndarray, shape (m,)
        Training means: the other features' values along one chosen feature.
    feature_ranges : ndarray, shape (m, 2)
        Training minimum and maximum of each feature.
    n_train, n_test : int
        Rows fitted on and held out (0 without a split).
    """

    n_classes: int
    cut: int
    ordinal: ModelFit
    multinomial: ModelFit
    binary: ModelFit
    scores: tuple[ModelScore, ModelScore, ModelScore]
    lr_tests: tuple[LikelihoodRatioResult, ...]
    cut_slopes: NDArray[np.float64]
    cut_low: NDArray[np.float64]
    cut_high: NDArray[np.float64]
    feature_means: NDArray[np.float64]
    feature_ranges: NDArray[np.float64]
    n_train: int
    n_test: int

    @property
    def ordinal_slopes(self) -> NDArray[np.float64]:
        """:math:`\\beta`, shape (m,)."""
        return np.asarray(self.ordinal.params[: self.ordinal.layout.n_features])

    @property
    def ordinal_intervals(self) -> NDArray[np.float64]:
        """95 % Wald intervals of :math:`\\beta`, shape (m, 2)."""
        return self.ordinal.conf_int()[: self.ordinal.layout.n_features]

    @property
    def binary_slopes(self) -> NDArray[np.float64]:
        """The slopes w of the binary model at the chosen cut, shape (m,)."""
        return np.asarray(self.binary.params[1:])

    @property
    def binary_intervals(self) -> NDArray[np.float64]:
        """95 % Wald intervals of the binary slopes at the chosen cut, shape (m, 2)."""
        return self.binary.conf_int()[1:]


@dataclass(frozen=True, eq=False)
class OneVsRestComparison:
    """The multinomial model against K one-vs-rest binary fits of an unordered target.

    Attributes
    ----------
    n_classes : int
    multinomial : ModelFit
    one_vs_rest : tuple of ModelFit
        Fit k: class k against all the others.
    scores : tuple of ModelScore
        Multinomial, then one-vs-rest; the one-vs-rest likelihood, log-loss and accuracy use
        its probabilities divided by their row sum (as scikit-learn's one-vs-rest does), and it
        spends K (m + 1) parameters.
    sum_gap_max, sum_gap_mean : float
        :math:`\\max_i` and mean over the training rows of :math:`|\\sum_k p_{ik} - 1|`, with
        :math:`p_{ik}` fit k's own probability.
    feature_means, feature_ranges : ndarray
        As in :class:`OrdinalComparison`.
    n_train, n_test : int
    """

    n_classes: int
    multinomial: ModelFit
    one_vs_rest: tuple[ModelFit, ...]
    scores: tuple[ModelScore, ModelScore]
    sum_gap_max: float
    sum_gap_mean: float
    feature_means: NDArray[np.float64]
    feature_ranges: NDArray[np.float64]
    n_train: int
    n_test: int


@dataclass(frozen=True)
class CategoryCurves:
    """Predicted probabilities along one feature, the others at their training means.

    Attributes
    ----------
    feature : int
    values : ndarray, shape (G,)
        The feature's values, from its training minimum to its maximum.
    probabilities : dict of str to ndarray
        Per model, shape (G, K) (ordinal, multinomial, one-vs-rest) or (G, 2) for the binary
        model (below the cut, at or above it). One-vs-rest rows need not sum to 1.
    """

    feature: int
    values: NDArray[np.float64]
    probabilities: dict[str, NDArray[np.float64]]


# -- small formulas ----------------------------------------------------------------------------
def at_or_above(codes: ArrayLike, cut: int) -> NDArray[np.float64]:
    r"""The binary outcome of the cut at level c: :math:`z_i = \mathbb 1[y_i \ge c]`, shape (n,)."""
    return cut_indicator(codes, cut - 1)


def ordinal_cut_score(X: ArrayLike, fit: ModelFit, cut: int) -> NDArray[np.float64]:
    r"""The ordinal model's score of "y >= c": :math:`\operatorname{logit}P(y \ge c) = x\cdot\beta - \theta_{c-1}`, shape (n,)."""
    beta, cutpoints = fit.layout.split_ordinal(fit.params)
    scores: NDArray[np.float64] = np.asarray(X, dtype=np.float64) @ beta - cutpoints[cut - 1]
    return scores


def multinomial_cut_score(scores: ArrayLike, cut: int) -> NDArray[np.float64]:
    r"""The logit of :math:`P(y \ge c)` from all K class scores, without forming a probability:

    .. math:: \operatorname{logit}P(y \ge c) = \operatorname{lse}_{k \ge c} z_k - \operatorname{lse}_{k < c} z_k
    """
    scores = np.asarray(scores, dtype=np.float64)
    logit: NDArray[np.float64] = log_sum_exp(scores[:, cut:], axis=1) - log_sum_exp(scores[:, :cut], axis=1)
    return logit


def binary_log_loss(scores: ArrayLike, outcome: ArrayLike) -> float:
    r"""Mean cross-entropy of a yes/no question from its raw scores: :math:`\frac1n\sum_i \operatorname{softplus}(z_i) - y_i z_i`."""
    return float(np.mean(binomial.pointwise_loss(scores, outcome)))


def mean_log_loss(fit: ModelFit, X: ArrayLike, codes: ArrayLike) -> float:
    r"""A fit's mean cross-entropy :math:`-\frac1n\sum_i \log p_{i,y_i}` on some rows, from the raw scores."""
    return float(np.mean(Objective(X, codes, fit.layout).pointwise_loss(fit.params)))


def decision_accuracy(fit: ModelFit, X: ArrayLike, codes: ArrayLike) -> float:
    """Share of rows whose most probable class is their own (binary: P(class 1) >= 0.5)."""
    probability = Objective(X, codes, fit.layout).probabilities(fit.params, X)
    if fit.layout.kind == "binomial":  # the threshold rule of the whole core, at 0.5
        decided = predicted_class_one(probability[:, 1], 0.5).astype(np.int64)
    else:
        decided = most_probable_class(probability)
    return float(np.mean(decided == np.asarray(codes).astype(np.int64)))


def row_sum_gap(probability: ArrayLike) -> NDArray[np.float64]:
    r"""How far each row's probabilities are from summing to one: :math:`|\sum_k p_{ik} - 1|`, shape (n,)."""
    gap: NDArray[np.float64] = np.abs(np.asarray(probability, dtype=np.float64).sum(axis=1) - 1.0)
    return gap


def one_vs_rest_scores(fits: tuple[ModelFit, ...], X: ArrayLike) -> NDArray[np.float64]:
    r"""Each one-vs-rest fit's raw score :math:`z_{ik} = b_k + x_i\cdot w_k`, shape (n, K)."""
    X = np.asarray(X, dtype=np.float64)
    return np.column_stack([X @ fit.params[1:] + fit.params[0] for fit in fits])


def one_vs_rest_probabilities(fits: tuple[ModelFit, ...], X: ArrayLike) -> NDArray[np.float64]:
    r"""Each one-vs-rest fit's own :math:`p_{ik} = \sigma(z_{ik})`, shape (n, K): rows need not sum to 1."""
    return sigmoid(one_vs_rest_scores(fits, X))


def normalised_log_probability(scores: ArrayLike, codes: ArrayLike) -> NDArray[np.float64]:
    r"""Log of the one-vs-rest probability of each row's own class after dividing by the row sum, from the scores:

    .. math:: \log\frac{p_{i,y_i}}{\sum_k p_{ik}} = \log\sigma(z_{i,y_i}) - \operatorname{lse}_k \log\sigma(z_{ik})

    Returns shape (n,).
    """
    own = log_sigmoid(np.asarray(scores, dtype=np.float64))
    rows = np.arange(own.shape[0])
    result: NDArray[np.float64] = own[rows, np.asarray(codes).astype(np.int64)] - log_sum_exp(own, axis=1)
    return result


def feature_line(means: ArrayLike, ranges: ArrayLike, feature: int, n_points: int = 101) -> tuple[
        NDArray[np.float64], NDArray[np.float64]]:
    """Rows that vary one feature over its range with the others at their means.

    Returns the feature's values (G,) and the rows (G, m).
    """
    means = np.asarray(means, dtype=np.float64)
    low, high = np.asarray(ranges, dtype=np.float64)[feature]
    values = np.linspace(low, high, n_points)
    rows = np.tile(means, (n_points, 1))
    rows[:, feature] = values
    return values, rows


# -- fitting -----------------------------------------------------------------------------------
def _fit(X: NDArray[np.float64], codes: NDArray[np.float64], layout: Layout, l2: float, model: ComparedModel,
         n_classes: int, level: int | None = None, standardize: bool = False) -> ModelFit:
    """An exact fit on the original scale, or a ComparisonError("no_estimate") naming the model when it has none.

    With ``standardize`` the L2 penalty falls on the coefficients of the standardised features, as in
    the exact fit the Train page puts beside descent (:func:`logreg_core.training.exact_fit`).
    """
    mean, scale = feature_scaling(X, standardize and l2 > 0)  # without a penalty the scale changes nothing
    try:
        fit = fit_model((X - mean) / scale, codes, layout, l2=l2)
    except DataError:
        raise ComparisonError("no_estimate", n_classes=n_classes, model=model, level=level, stop="data") from None
    if not fit.converged or fit.covariance is None:
        raise ComparisonError("no_estimate", n_classes=n_classes, model=model, level=level,
                              separation=fit.separation, stop=fit.stop)
    if standardize and l2 > 0:
        A = original_scale_map(layout, mean, scale)
        fit = dataclasses.replace(fit, params=A @ fit.params, covariance=A @ fit.covariance @ A.T)
    return fit


def _likelihood_ratio_tests(X: NDArray[np.float64], codes: NDArray[np.float64], n_classes: int,
                            ordinal_fit: ModelFit, l2: float) -> tuple[LikelihoodRatioResult, ...]:
    """Per feature, the ordinal model against a slope per cut for it, both fitted without a penalty.

    The partial model is fitted by maximum likelihood, so the ordinal side must be too: a penalised
    ordinal log-likelihood would inflate the statistic by twice the penalty. Empty when the ordinal
    model has no maximum-likelihood estimate (only the penalty gave it one).
    """
    if l2 > 0:
        try:
            ordinal_fit = _fit(X, codes, ordinal_fit.layout, 0.0, "ordinal", n_classes)
        except ComparisonError:
            return ()
    return tuple(partial_proportional_odds_test(X, codes, n_classes, k, ordinal_fit) for k in range(X.shape[1]))


def _score(fit: ModelFit, model: ComparedModel, X_test: NDArray[np.float64] | None,
           codes_test: NDArray[np.float64] | None, cut_log_loss: float | None = None) -> ModelScore:
    statistics = fit.statistics()
    held_out = X_test is not None and codes_test is not None and codes_test.size > 0
    return ModelScore(
        model=model, n_params=fit.n_params, log_likelihood=statistics.log_likelihood, aic=statistics.aic,
        bic=statistics.bic,
        test_log_loss=mean_log_loss(fit, X_test, codes_test) if held_out else None,  # type: ignore[arg-type]
        test_accuracy=decision_accuracy(fit, X_test, codes_test) if held_out else None,  # type: ignore[arg-type]
        cut_log_loss=cut_log_loss,
    )


def _check_rows(X: ArrayLike, codes: ArrayLike, n_classes: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    X = np.asarray(X, dtype=np.float64)
    codes = np.asarray(codes, dtype=np.float64)
    if n_classes < 3:
        raise ComparisonError("too_few_classes", n_classes=n_classes)
    return X, codes


def fit_ordinal_models(X: ArrayLike, codes: ArrayLike, n_classes: int, *, l2: float = 0.0,
                       standardize: bool = False) -> OrdinalFits:
    """Fit, on the same rows, everything of an ordered target's comparison that no cut changes: the
    ordinal and multinomial models, the binary model of every cut and the likelihood-ratio tests.

    Raises
    ------
    ComparisonError
        ``too_few_classes`` (K < 3) or ``no_estimate`` (the ordinal or multinomial model has none).
    """
    X, codes = _check_rows(X, codes, n_classes)
    m = X.shape[1]
    ordinal_fit = _fit(X, codes, Layout("ordinal", m, n_classes), l2, "ordinal", n_classes, standardize=standardize)
    multinomial_fit = _fit(X, codes, Layout("multinomial", m, n_classes), l2, "multinomial", n_classes,
                           standardize=standardize)
    cut_fits: list[ModelFit | None] = []
    problems: list[ComparisonError | None] = []
    for level in range(1, n_classes):
        try:
            cut_fits.append(_fit(X, at_or_above(codes, level), Layout("binomial", m), l2, "binary", n_classes, level,
                                 standardize))
            problems.append(None)
        except ComparisonError as problem:  # that cut separates the data: its slope is shown as missing
            cut_fits.append(None)
            problems.append(problem)
    lr_tests = _likelihood_ratio_tests(X, codes, n_classes, ordinal_fit, l2)
    return OrdinalFits(n_classes=n_classes, ordinal=ordinal_fit, multinomial=multinomial_fit,
                       cut_fits=tuple(cut_fits), cut_problems=tuple(problems), lr_tests=lr_tests)


def compare_ordinal(
    X: ArrayLike,
    codes: ArrayLike,
    n_classes: int,
    cut: int,
    X_test: ArrayLike | None = None,
    codes_test: ArrayLike | None = None,
    *,
    l2: float = 0.0,
    standardize: bool = False,
    fits: OrdinalFits | None = None,
) -> OrdinalComparison:
    r"""Fit the ordinal, multinomial and binary (y >= cut) models on the same training rows.

    Parameters
    ----------
    X : array_like, shape (n, m)
        Training features.
    codes : array_like, shape (n,)
        Ordered level codes 0..K-1, lowest first.
    n_classes : int
        K, at least 3.
    cut : int
        Level code c, 1..K-1: the binary model asks "y >= c".
    X_test : array_like, shape (n_test, m), optional
    codes_test : array_like, shape (n_test,), optional
        Held-out rows: the models' log-loss and accuracy on them.
    l2 : float, default 0.0
        Ridge strength of every fit (0: maximum likelihood, the numbers statsmodels gives). The
        likelihood-ratio tests always compare unpenalised fits.
    standardize : bool, default False
        Penalise the coefficients of the standardised features (as the Train page's exact fit does
        with its Standardise setting on) rather than those of the original features; results are
        reported on the original scale either way.
    fits : OrdinalFits, optional
        :func:`fit_ordinal_models` of the same X, codes, l2 and standardize, when already made (another cut).

    Raises
    ------
    ComparisonError
        ``too_few_classes`` (K < 3), ``cut_out_of_range``, ``empty_side`` (no training row on one
        side of the cut), ``no_estimate`` (a model has no finite estimate: separated classes).
    """
    X, codes = _check_rows(X, codes, n_classes)
    if not 1 <= cut <= n_classes - 1:
        raise ComparisonError("cut_out_of_range", n_classes=n_classes, cut=cut)
    outcome = at_or_above(codes, cut)
    n_above = int(outcome.sum())
    if n_above in (0, outcome.size):
        raise ComparisonError("empty_side", n_classes=n_classes, cut=cut, n_below=outcome.size - n_above,
                              n_above=n_above)
    fits = fit_ordinal_models(X, codes, n_classes, l2=l2, standardize=standardize) if fits is None else fits
    binary_fit, problem = fits.cut_fits[cut - 1], fits.cut_problems[cut - 1]
    if binary_fit is None:  # a new error each time: the stored one may be shared by cached results
        raise ComparisonError("no_estimate", n_classes=n_classes, model="binary", level=cut,
                              separation=None if problem is None else problem.separation,
                              stop=None if problem is None else problem.stop)
    ordinal_fit, multinomial_fit = fits.ordinal, fits.multinomial
    test = None if X_test is None or codes_test is None else (
        np.asarray(X_test, dtype=np.float64), np.asarray(codes_test, dtype=np.float64))

    rows, row_codes = test if test is not None and test[1].size > 0 else (X, codes)
    question = at_or_above(row_codes, cut)
    multinomial_scores = Objective(rows, row_codes, multinomial_fit.layout).scores(multinomial_fit.params)
    cut_losses = (
        binary_log_loss(ordinal_cut_score(rows, ordinal_fit, cut), question),
        binary_log_loss(multinomial_cut_score(multinomial_scores, cut), question),
        binary_log_loss(rows @ binary_fit.params[1:] + binary_fit.params[0], question),
    )
    X_held, codes_held = test if test is not None else (None, None)
    scores = (
        _score(ordinal_fit, "ordinal", X_held, codes_held, cut_losses[0]),
        _score(multinomial_fit, "multinomial", X_held, codes_held, cut_losses[1]),
        _score(binary_fit, "binary", X_held, None if codes_held is None else at_or_above(codes_held, cut),
               cut_losses[2]),
    )
    m = X.shape[1]
    slopes = np.full((n_classes - 1, m), np.nan)
    low, high = slopes.copy(), slopes.copy()
    for index, fit in enumerate(fits.cut_fits):
        if fit is not None:
            interval = fit.conf_int()[1:]
            slopes[index], low[index], high[index] = fit.params[1:], interval[:, 0], interval[:, 1]
    return OrdinalComparison(
        n_classes=n_classes, cut=cut, ordinal=ordinal_fit, multinomial=multinomial_fit, binary=binary_fit,
        scores=scores, lr_tests=fits.lr_tests, cut_slopes=slopes, cut_low=low, cut_high=high,
        feature_means=X.mean(axis=0), feature_ranges=np.column_stack([X.min(axis=0), X.max(axis=0)]),
        n_train=X.shape[0], n_test=0 if test is None else int(test[1].size),
    )


def compare_one_vs_rest(
    X: ArrayLike,
    codes: ArrayLike,
    n_classes: int,
    X_test: ArrayLike | None = None,
    codes_test: ArrayLike | None = None,
    *,
    l2: float = 0.0,
    standardize: bool = False,
) -> OneVsRestComparison:
    r"""Fit the multinomial model and K one-vs-rest binary models on the same training rows.

    Fit k models :math:`p_k(x) = \sigma(b_k + x\cdot w_k)` for "class k against the rest" on its
    own; nothing ties the K fits together, so :math:`\sum_k p_k(x)` is not 1 in general,
    while the multinomial's softmax sums to 1 by construction.

    Parameters
    ----------
    X, codes, n_classes, X_test, codes_test, l2, standardize
        As in :func:`compare_ordinal` (classes in any order).

    Raises
    ------
    ComparisonError
        ``too_few_classes`` (K < 3) or ``no_estimate`` (a model has no finite estimate).
    """
    X, codes = _check_rows(X, codes, n_classes)
    m = X.shape[1]
    multinomial_fit = _fit(X, codes, Layout("multinomial", m, n_classes), l2, "multinomial", n_classes,
                           standardize=standardize)
    fits = tuple(_fit(X, (codes == k).astype(np.float64), Layout("binomial", m), l2, "one_vs_rest", n_classes, k,
                      standardize) for k in range(n_classes))
    scores = one_vs_rest_scores(fits, X)
    gap = row_sum_gap(sigmoid(scores))
    n_params = n_classes * (m + 1)
    log_likelihood = float(np.sum(normalised_log_probability(scores, codes)))
    held_out = X_test is not None and codes_test is not None and np.asarray(codes_test).size > 0
    test_log_loss = test_accuracy = None
    if held_out:
        test_scores = one_vs_rest_scores(fits, X_test)  # type: ignore[arg-type]
        codes_held = np.asarray(codes_test, dtype=np.float64)
        test_log_loss = float(-np.mean(normalised_log_probability(test_scores, codes_held)))
        # sigma is increasing, so the highest score is the highest probability
        test_accuracy = float(np.mean(most_probable_class(test_scores) == codes_held.astype(np.int64)))
    one_vs_rest_score = ModelScore(
        model="one_vs_rest", n_params=n_params, log_likelihood=log_likelihood,
        aic=inference.aic(log_likelihood, n_params), bic=inference.bic(log_likelihood, n_params, X.shape[0]),
        test_log_loss=test_log_loss, test_accuracy=test_accuracy,
    )
    test = (np.asarray(X_test, dtype=np.float64), np.asarray(codes_test, dtype=np.float64)) if held_out else (None, None)
    return OneVsRestComparison(
        n_classes=n_classes, multinomial=multinomial_fit, one_vs_rest=fits,
        scores=(_score(multinomial_fit, "multinomial", *test), one_vs_rest_score),
        sum_gap_max=float(gap.max()), sum_gap_mean=float(gap.mean()),
        feature_means=X.mean(axis=0), feature_ranges=np.column_stack([X.min(axis=0), X.max(axis=0)]),
        n_train=X.shape[0], n_test=0 if test[1] is None else int(test[1].size),
    )


def curves_along(comparison: OrdinalComparison | OneVsRestComparison, feature: int,
                 n_points: int = 101) -> CategoryCurves:
    """Every model's predicted probabilities along one feature, the others at their training means.

    Parameters
    ----------
    comparison : OrdinalComparison or OneVsRestComparison
    feature : int
        Column index 0..m-1.
    n_points : int, default 101
    """
    m = comparison.feature_means.size
    if not 0 <= feature < m:
        raise ValueError(f"feature must be a column index 0..{m - 1}, got {feature}.")
    values, rows = feature_line(comparison.feature_means, comparison.feature_ranges, feature, n_points)
    codes = np.zeros(n_points)

    def probability(fit: ModelFit) -> NDArray[np.float64]:
        return Objective(rows, codes, fit.layout).probabilities(fit.params, rows)

    curves: dict[str, NDArray[np.float64]] = {"multinomial": probability(comparison.multinomial)}
    if isinstance(comparison, OrdinalComparison):
        curves["ordinal"] = probability(comparison.ordinal)
        curves["binary"] = probability(comparison.binary)
    else:
        curves["one_vs_rest"] = one_vs_rest_probabilities(comparison.one_vs_rest, rows)
    return CategoryCurves(feature=feature, values=values, probabilities=curves)


__all__ = [
    "CategoryCurves", "ComparisonError", "ModelScore", "OneVsRestComparison", "OrdinalComparison", "OrdinalFits",
    "at_or_above", "binary_log_loss", "compare_one_vs_rest", "compare_ordinal", "curves_along",
    "decision_accuracy", "feature_line", "fit_ordinal_models", "mean_log_loss", "multinomial_cut_score", "normalised_log_probability", "one_vs_rest_probabilities",
    "one_vs_rest_scores",
    "ordinal_cut_score", "row_sum_gap",
]
