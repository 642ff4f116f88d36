r"""One prediction written out step by step, and the nomogram that reads it off a chart.

Every function takes a fitted parameter vector in the layout of
:mod:`logreg_core.objective` (``ModelFit.params`` with ``ModelFit.layout``,
``TrainingRun.params[-1]`` with ``TrainingRun.history.layout``, an estimator's ``params_``
with ``layout_``), on the original feature scale, and one feature vector x of shape (m,):

- binary: :math:`z = b + \sum_j w_j x_j`, :math:`P(y=1) = \sigma(z)`, class 1 when
  :math:`P(y=1) \ge t`;
- multinomial: :math:`z_k = b_k + \sum_j w_{kj} x_j` (the reference class's
  :math:`z = 0`), :math:`p_k = e^{z_k - z_{\max}} / \sum_i e^{z_i - z_{\max}}`, the class
  of highest probability;
- ordinal: :math:`\eta = \sum_j \beta_j x_j`, :math:`P(y \le j) = \sigma(\theta_j - \eta)`,
  :math:`P(y = j) = P(y \le j) - P(y \le j-1)`, the category of highest probability.

The nomogram (binary and ordinal) gives each feature a points scale: the feature whose
effect over the data's range :math:`|\beta_j|(\max_j - \min_j)` is largest spans 0 to 100
points, the others in proportion, each pointing the way its coefficient's sign says. The
total of the points is a linear function of the score, so one more axis maps it to the
probability.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .families import ordinal
from .functions import logit, sigmoid
from .objective import Layout
from .validation import DataError, read_only

# The largest effect over the data's range spans this many points.
FULL_SCALE_POINTS = 100.0
# Probabilities marked on a nomogram's probability axes, where they fall inside the total's range.
PROBABILITY_TICKS = (0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)


@dataclass(frozen=True)
class LinearScore:
    r"""One linear score written out: :math:`z = b + \sum_j \beta_j x_j`.

    Attributes
    ----------
    values : ndarray, shape (m,)
        The feature vector x.
    coefficients : ndarray, shape (m,)
        :math:`\beta`.
    terms : ndarray, shape (m,)
        Each feature's term :math:`\beta_j x_j`.
    intercept : float
        b (0 for the ordinal model, whose cut-points play the intercept's part).
    score : float
        z, the intercept plus the terms.
    """

    values: NDArray[np.float64]
    coefficients: NDArray[np.float64]
    terms: NDArray[np.float64]
    intercept: float
    score: float


@dataclass(frozen=True)
class BinaryPrediction:
    r"""A binary model's prediction step by step.

    Attributes
    ----------
    score : LinearScore
        z.
    probability : float
        :math:`P(y = 1) = \sigma(z)`.
    probabilities : ndarray, shape (2,)
        :math:`[\sigma(-z), \sigma(z)]`.
    threshold : float
    decision : int
        1 when ``probability >= threshold``, else 0.
    """

    score: LinearScore
    probability: float
    probabilities: NDArray[np.float64]
    threshold: float
    decision: int


@dataclass(frozen=True)
class MultinomialPrediction:
    r"""A multinomial model's prediction step by step (the softmax written out).

    Attributes
    ----------
    reference : int
        The class whose score is fixed at 0.
    scores : tuple of LinearScore, length K
        Each class's score (the reference class's has zero coefficients and intercept).
    class_scores : ndarray, shape (K,)
        :math:`z_k`.
    largest_score : float
        :math:`z_{\max}`, subtracted before exponentiating so nothing overflows.
    shifted_exponentials : ndarray, shape (K,)
        :math:`e^{z_k - z_{\max}}`, in (0, 1], the largest exactly 1.
    total : float
        :math:`\sum_k e^{z_k - z_{\max}}`, in [1, K].
    probabilities : ndarray, shape (K,)
        :math:`p_k = e^{z_k - z_{\max}} / \sum`.
    decision : int
        The class of highest probability (the first on a tie).
    """

    reference: int
    scores: tuple[LinearScore, ...]
    class_scores: NDArray[np.float64]
    largest_score: float
    shifted_exponentials: NDArray[np.float64]
    total: float
    probabilities: NDArray[np.float64]
    decision: int


@dataclass(frozen=True)
class OrdinalPrediction:
    r"""An ordinal (proportional-odds) model's prediction step by step.

    Attributes
    ----------
    score : LinearScore
        :math:`\eta = x \cdot \beta` (intercept 0).
    cutpoints : ndarray, shape (K-1,)
        :math:`\theta_1 < \dots < \theta_{K-1}`.
    cumulative_arguments : ndarray, shape (K-1,)
        :math:`\theta_j - \eta`.
    cumulative : ndarray, shape (K-1,)
        :math:`P(y \le j) = \sigma(\theta_j - \eta)`.
    probabilities : ndarray, shape (K,)
        :math:`P(y = j) = P(y \le j) - P(y \le j - 1)`, with :math:`P(y \le 0) = 0` and
        :math:`P(y \le K) = 1`.
    decision : int
        The category of highest probability (the first on a tie).
    """

    score: LinearScore
    cutpoints: NDArray[np.float64]
    cumulative_arguments: NDArray[np.float64]
    cumulative: NDArray[np.float64]
    probabilities: NDArray[np.float64]
    decision: int


Prediction = BinaryPrediction | MultinomialPrediction | OrdinalPrediction


# ---- checks at the boundary --------------------------------------------------------------

def _checked(layout: Layout, params: ArrayLike, x: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    theta = np.asarray(params, dtype=np.float64).reshape(-1)
    values = np.asarray(x, dtype=np.float64).reshape(-1)
    if theta.size != layout.n_params:
        raise ValueError(f"The {layout.kind} layout has {layout.n_params} parameters, got {theta.size}.")
    if values.size != layout.n_features:
        raise DataError(f"The model has {layout.n_features} features, so it needs {layout.n_features} values; "
                        f"got {values.size}.")
    if not np.all(np.isfinite(theta)):
        raise DataError("The model's parameters are not all finite numbers (a run that diverged?): "
                        "there is no prediction to show. Lower the learning rate, or use the exact fit.")
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise DataError(f"Feature {bad[0] + 1} is {values[bad[0]]}, not a number: type a finite number.")
    return theta, values


def linear_score(coefficients: ArrayLike, values: ArrayLike, intercept: float = 0.0) -> LinearScore:
    r"""A linear score with each feature's term: :math:`z = b + \sum_j \beta_j x_j`.

    Parameters
    ----------
    coefficients, values : array_like, shape (m,)
    intercept : float

    Raises
    ------
    DataError
        When a term or the score is beyond the float range (a value far outside the data).
    """
    beta = np.asarray(coefficients, dtype=np.float64)
    x = np.asarray(values, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        terms = beta * x
        score = float(intercept) + float(np.sum(terms))
    if not (np.all(np.isfinite(terms)) and np.isfinite(score)):
        raise DataError("A value is so far out that its score is beyond the largest number a computer holds "
                        "(about 1.8e308): type a value nearer the data.")
    return LinearScore(read_only(x), read_only(beta), read_only(terms), float(intercept), score)


# ---- the three kinds ---------------------------------------------------------------------

def binary_decision(probability: float, threshold: float) -> int:
    r"""The notes' rule: class 1 when :math:`P(y = 1) \ge t`, else class 0."""
    return int(probability >= threshold)


def binary_prediction(layout: Layout, params: ArrayLike, x: ArrayLike, threshold: float = 0.5) -> BinaryPrediction:
    r"""A binary prediction step by step: :math:`z = b + w \cdot x`, :math:`P(y=1) = \sigma(z)`, the decision.

    Parameters
    ----------
    layout : Layout
        A binomial layout; ``params`` is ``[b, w_1..w_m]``.
    params : array_like, shape (m+1,)
    x : array_like, shape (m,)
    threshold : float, default 0.5
        In [0, 1].
    """
    if layout.kind != "binomial":
        raise ValueError(f"binary_prediction needs a binomial layout, got {layout.kind!r}.")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}.")
    theta, values = _checked(layout, params, x)
    score = linear_score(theta[1:], values, float(theta[0]))
    # sigma(-z) rather than 1 - sigma(z): exact where sigma(z) is close to 1
    probabilities = sigmoid(np.array([-score.score, score.score]))
    probability = float(probabilities[1])
    return BinaryPrediction(score, probability, read_only(probabilities), float(threshold),
                            binary_decision(probability, threshold))


def shifted_exponentials(class_scores: ArrayLike) -> NDArray[np.float64]:
    r"""The softmax's numerators after the largest score is taken off: :math:`e^{z_k - z_{\max}}`, shape (K,).

    Every exponent is at most 0, so nothing overflows, and the largest is :math:`e^0 = 1`.
    """
    z = np.asarray(class_scores, dtype=np.float64)
    return np.exp(z - np.max(z))


def multinomial_prediction(layout: Layout, params: ArrayLike, x: ArrayLike) -> MultinomialPrediction:
    r"""A multinomial prediction step by step: each class's score, the softmax written out, the decision.

    .. math:: z_k = b_k + w_k \cdot x \;(z_{\text{ref}} = 0), \qquad
              p_k = \frac{e^{z_k - z_{\max}}}{\sum_i e^{z_i - z_{\max}}}

    Parameters
    ----------
    layout : Layout
        A multinomial layout (any reference class).
    params : array_like, shape ((K-1)(m+1),)
    x : array_like, shape (m,)
    """
    if layout.kind != "multinomial":
        raise ValueError(f"multinomial_prediction needs a multinomial layout, got {layout.kind!r}.")
    theta, values = _checked(layout, params, x)
    blocks = iter(layout.coefficient_blocks(theta))
    zero = np.zeros(layout.n_features)
    scores = []
    for k in range(layout.n_classes):
        block = np.r_[0.0, zero] if k == layout.reference else next(blocks)
        scores.append(linear_score(block[1:], values, float(block[0])))
    class_scores = np.array([score.score for score in scores])
    numerators = shifted_exponentials(class_scores)
    total = float(np.sum(numerators))
    probabilities = numerators / total
    return MultinomialPrediction(layout.reference, tuple(scores), read_only(class_scores),
                                 float(np.max(class_scores)), read_only(numerators), total,
                                 read_only(probabilities), int(np.argmax(probabilities)))


def cumulative_probabilities(cutpoints: ArrayLike, eta: float) -> NDArray[np.float64]:
    r"""The chance of each category or a lower one: :math:`P(y \le j) = \sigma(\theta_j - \eta)`, shape (K-1,)."""
    return sigmoid(np.asarray(cutpoints, dtype=np.float64) - eta)


def category_probabilities(cutpoints: ArrayLike, eta: float) -> NDArray[np.float64]:
    r"""Each category's chance, the difference of consecutive cumulative ones, shape (K,).

    .. math:: P(y = j) = \sigma(\theta_j - \eta) - \sigma(\theta_{j-1} - \eta), \qquad
              \theta_0 = -\infty,\ \theta_K = +\infty

    Computed as :math:`\sigma(u)\,\sigma(-l)\,(1 - e^{-(u - l)})` with :math:`u = \theta_j - \eta`,
    :math:`l = \theta_{j-1} - \eta` (:func:`logreg_core.families.ordinal.probabilities`): the
    same number, without subtracting two probabilities that both round to 1.
    """
    probabilities: NDArray[np.float64] = ordinal.probabilities(np.array([eta]), cutpoints)[0]
    return probabilities


def ordinal_prediction(layout: Layout, params: ArrayLike, x: ArrayLike) -> OrdinalPrediction:
    r"""An ordinal prediction step by step: :math:`\eta`, the cumulative chances, their differences, the decision.

    .. math:: \eta = x \cdot \beta, \quad P(y \le j) = \sigma(\theta_j - \eta), \quad
              P(y = j) = P(y \le j) - P(y \le j-1)

    Parameters
    ----------
    layout : Layout
        An ordinal layout; ``params`` is ``[beta_1..beta_m, theta_1..theta_{K-1}]``.
    params : array_like, shape (m+K-1,)
    x : array_like, shape (m,)
    """
    if layout.kind != "ordinal":
        raise ValueError(f"ordinal_prediction needs an ordinal layout, got {layout.kind!r}.")
    theta, values = _checked(layout, params, x)
    beta, cutpoints = layout.split_ordinal(theta)
    score = linear_score(beta, values)
    probabilities = category_probabilities(cutpoints, score.score)
    return OrdinalPrediction(score, read_only(cutpoints), read_only(cutpoints - score.score),
                             read_only(cumulative_probabilities(cutpoints, score.score)), read_only(probabilities),
                             int(np.argmax(probabilities)))


def predict_one(layout: Layout, params: ArrayLike, x: ArrayLike, threshold: float = 0.5) -> Prediction:
    """The step-by-step prediction of whichever kind ``layout`` is (``threshold`` is for binary only)."""
    if layout.kind == "binomial":
        return binary_prediction(layout, params, x, threshold)
    if layout.kind == "multinomial":
        return multinomial_prediction(layout, params, x)
    return ordinal_prediction(layout, params, x)


# ---- the nomogram ------------------------------------------------------------------------

@dataclass(frozen=True)
class PointsScale:
    r"""One feature's points scale: :math:`\text{points}_j(x) = c_j\,(x - x_{0j})`.

    Attributes
    ----------
    coefficient : float
        :math:`\beta_j`.
    low, high : float
        The data's range of the feature.
    zero_at : float
        :math:`x_{0j}`, the end of the range that gives 0 points (low for a positive
        coefficient, high for a negative one).
    points_per_unit : float
        :math:`c_j = 100\,\beta_j / R`, with R the largest effect over a range (signed).
    max_points : float
        Points at the other end of the range, in [0, 100].
    ticks : ndarray, shape (t,)
        Round values of the feature within its range.
    tick_points : ndarray, shape (t,)
        Their points.
    """

    coefficient: float
    low: float
    high: float
    zero_at: float
    points_per_unit: float
    max_points: float
    ticks: NDArray[np.float64]
    tick_points: NDArray[np.float64]

    def points(self, value: float) -> float:
        r"""The points of one value: :math:`c_j (x - x_{0j})` (outside the range, below 0 or past ``max_points``)."""
        return float(self.points_per_unit * (value - self.zero_at))


@dataclass(frozen=True)
class ProbabilityScale:
    r"""One probability axis below the total points: where round probabilities fall on the total.

    Attributes
    ----------
    cut : int or None
        None for the binary model's :math:`P(y = 1)`; for the ordinal model the cut j
        (0-based), for :math:`P(y > j) = \sigma(\eta - \theta_j)`.
    probabilities : ndarray, shape (t,)
        Round probabilities inside the total's range.
    total_points : ndarray, shape (t,)
        The total each of them is read at.
    """

    cut: int | None
    probabilities: NDArray[np.float64]
    total_points: NDArray[np.float64]


@dataclass(frozen=True)
class Nomogram:
    r"""A nomogram: a points scale per feature, the total, and the total's map to the score.

    .. math:: s(T) = s_0 + T\,\frac{R}{100}

    with s the score (the binary z, the ordinal :math:`\eta`), :math:`s_0` the score when
    every feature gives 0 points and T the total points.

    Attributes
    ----------
    kind : {"binomial", "ordinal"}
    features : tuple of PointsScale, length m
    score_at_zero : float
        :math:`s_0`.
    score_per_point : float
        R / 100, with R the largest :math:`|\beta_j|(\max_j - \min_j)`.
    total_max : float
        The total with every feature at its end of most points.
    total_ticks : ndarray
        Round totals from 0 to ``total_max``.
    cutpoints : ndarray, shape (K-1,)
        Ordinal only (empty for binary).
    probability_scales : tuple of ProbabilityScale
        One for binary, K-1 for ordinal.
    """

    kind: Literal["binomial", "ordinal"]
    features: tuple[PointsScale, ...]
    score_at_zero: float
    score_per_point: float
    total_max: float
    total_ticks: NDArray[np.float64]
    cutpoints: NDArray[np.float64]
    probability_scales: tuple[ProbabilityScale, ...]

    def total_points(self, x: ArrayLike) -> float:
        r"""The total of a feature vector's points: :math:`T = \sum_j c_j (x_j - x_{0j})`."""
        values = np.asarray(x, dtype=np.float64).reshape(-1)
        return float(sum(scale.points(float(value)) for scale, value in zip(self.features, values)))

    def score(self, total: float) -> float:
        r"""The score at a total: :math:`s(T) = s_0 + T R / 100`."""
        return self.score_at_zero + total * self.score_per_point

    def probability(self, total: float) -> NDArray[np.float64]:
        r"""What the probability axes read at a total.

        Binary: :math:`[P(y = 1)] = [\sigma(s(T))]`, shape (1,). Ordinal: :math:`P(y > j) =
        \sigma(s(T) - \theta_j)` for each cut, shape (K-1,).
        """
        score = self.score(total)
        if self.kind == "binomial":
            return sigmoid(np.array([score]))
        return sigmoid(score - self.cutpoints)

    def total_for(self, probability: ArrayLike, cut: int | None = None) -> NDArray[np.float64]:
        r"""The total at which a probability axis reads ``probability``: :math:`T = (\operatorname{logit}(p) + \theta_j - s_0)\,100 / R`.

        (:math:`\theta_j` = 0 for the binary model.)
        """
        offset = 0.0 if cut is None else float(self.cutpoints[cut])
        return (logit(probability) + offset - self.score_at_zero) / self.score_per_point


def round_ticks(low: float, high: float, count: int = 5) -> NDArray[np.float64]:
    r"""Round values from ``low`` to ``high``: the finest step of 1, 2 or 5 times a power of 10 that
    makes at most ``count`` intervals.

    A range of one value gives that value alone.
    """
    if not high > low:
        return np.array([low], dtype=np.float64)
    raw = (high - low) / max(count, 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = power * min((m for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw), default=10.0)
    first = np.ceil(low / step - 1e-9) * step
    ticks = np.arange(first, high + step * 1e-9, step)
    # rounding to the step's digits keeps 0.30000000000000004 out of the labels
    digits = max(0, int(-np.floor(np.log10(step))) + 1)
    rounded: NDArray[np.float64] = np.asarray(np.round(ticks, digits) + 0.0, dtype=np.float64)  # -0.0 to 0.0
    return rounded


def points_scales(coefficients: ArrayLike, low: ArrayLike, high: ArrayLike) -> tuple[tuple[PointsScale, ...], float]:
    r"""Each feature's points scale, and R, the largest effect over a range.

    .. math:: R = \max_j |\beta_j|(\max_j - \min_j), \qquad
              \text{points}_j(x) = 100\,\beta_j\,(x - x_{0j}) / R

    Raises
    ------
    DataError
        When no feature moves the score over the data (every coefficient or range is 0).
    """
    beta = np.asarray(coefficients, dtype=np.float64)
    lows = np.asarray(low, dtype=np.float64)
    highs = np.asarray(high, dtype=np.float64)
    if not (np.all(np.isfinite(beta)) and np.all(np.isfinite(lows)) and np.all(np.isfinite(highs))):
        raise DataError("The coefficients or the data's ranges are not all finite: there is no nomogram to draw.")
    effects = np.abs(beta) * (highs - lows)
    largest = float(np.max(effects)) if effects.size else 0.0
    if not largest > 0:
        raise DataError("No feature changes the prediction over the data's range (every coefficient or range "
                        "is 0), so every row gets the same points: there is no nomogram to draw.")
    scales = []
    for coefficient, lo, hi in zip(beta, lows, highs):
        per_unit = FULL_SCALE_POINTS * float(coefficient) / largest
        zero_at = float(lo if coefficient >= 0 else hi)
        ticks = round_ticks(float(lo), float(hi))
        scales.append(PointsScale(float(coefficient), float(lo), float(hi), zero_at, per_unit,
                                  abs(per_unit) * float(hi - lo), read_only(ticks),
                                  read_only(per_unit * (ticks - zero_at))))
    return tuple(scales), largest


def nomogram(layout: Layout, params: ArrayLike, low: ArrayLike, high: ArrayLike) -> Nomogram:
    r"""The nomogram of a binary or ordinal model over the data's range of each feature.

    Parameters
    ----------
    layout : Layout
        Binomial or ordinal.
    params : array_like, shape (n_params,)
        On the original feature scale.
    low, high : array_like, shape (m,)
        The data's smallest and largest value of each feature.

    Returns
    -------
    Nomogram
        Total T maps to the score :math:`s_0 + T R/100`, where :math:`s_0 = b + \sum_j \beta_j x_{0j}`
        (b = 0 for ordinal), so the probability read at a row's total equals the model's.
    """
    if layout.kind not in ("binomial", "ordinal"):
        raise ValueError(f"A nomogram is drawn for binary and ordinal models, not {layout.kind!r}: "
                         "a multinomial model has one score per class.")
    theta, _ = _checked(layout, params, np.zeros(layout.n_features))
    kind: Literal["binomial", "ordinal"] = "binomial" if layout.kind == "binomial" else "ordinal"
    if layout.kind == "binomial":
        beta, intercept, cutpoints = theta[1:], float(theta[0]), np.empty(0)
    else:
        beta, cutpoints = layout.split_ordinal(theta)
        intercept = 0.0
    scales, largest = points_scales(beta, low, high)
    score_at_zero = intercept + float(sum(scale.coefficient * scale.zero_at for scale in scales))
    total_max = float(sum(scale.max_points for scale in scales))
    partial = Nomogram(kind, scales, score_at_zero, largest / FULL_SCALE_POINTS, total_max,
                       read_only(round_ticks(0.0, total_max, 7)), read_only(cutpoints), ())
    cuts: list[int | None] = [None] if layout.kind == "binomial" else list(range(cutpoints.size))
    probability_scales = []
    for cut in cuts:
        wanted = np.array(PROBABILITY_TICKS)
        totals = partial.total_for(wanted, cut)
        inside = (totals >= 0.0) & (totals <= total_max)
        probability_scales.append(ProbabilityScale(cut, read_only(wanted[inside]), read_only(totals[inside])))
    return Nomogram(kind, scales, score_at_zero, partial.score_per_point, total_max, partial.total_ticks,
                    partial.cutpoints, tuple(probability_scales))
