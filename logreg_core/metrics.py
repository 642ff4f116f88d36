"""Classification quality at a threshold."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .functions import sigmoid
from .loss import score_blocks


def check_threshold(threshold: float) -> float:
    """A threshold as a float in [0, 1]; anything else raises ValueError naming it."""
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(f"threshold must be a probability between 0 and 1, got {threshold!r}.") from None
    if not 0.0 <= value <= 1.0:  # also refuses NaN
        raise ValueError(f"threshold must be a probability between 0 and 1, got {threshold!r}.")
    return value


def check_probabilities(probability: ArrayLike) -> NDArray[np.float64]:
    """Predicted probabilities as float64; NaN or values outside [0, 1] raise ValueError."""
    probability = np.asarray(probability, dtype=np.float64)
    bad = ~((probability >= 0.0) & (probability <= 1.0))
    if bad.any():
        first = int(np.flatnonzero(bad.reshape(-1))[0])
        raise ValueError(
            f"{int(bad.sum())} predicted probabilities are missing or outside [0, 1], the first at position "
            f"{first} ({probability.reshape(-1)[first]!r}). Compute them with sigmoid of the scores."
        )
    return probability


def predicted_class_one(probability: ArrayLike, threshold: float) -> NDArray[np.bool_]:
    r"""The one threshold rule of the whole core, the notes' rule: class 1 exactly where :math:`p \ge t`."""
    return np.asarray(probability, dtype=np.float64) >= threshold


def accuracy_path(
    X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: ArrayLike, threshold: float = 0.5
) -> NDArray[np.float64]:
    r"""Accuracy of each model on a path, classifying by :math:`\sigma(z) \ge t`.

    .. math::
        \text{accuracy}_k = \frac{1}{n}\sum_{i=1}^{n}
        \mathbb 1\left[\,[\sigma(z_{ik}) \ge t] = y_i\,\right],
        \qquad z_{ik} = w^{(k)}\cdot x_i + b^{(k)}

    The probability itself is compared with t (:func:`predicted_class_one`), so the
    decisions are exactly those of :func:`confusion_counts` and ``predict``, also where
    :math:`\sigma(z)` rounds to t.

    Parameters
    ----------
    X : array_like, shape (n, m)
    y : array_like, shape (n,)
    weights : array_like, shape (k, m)
    bias : array_like, shape (k,)
    threshold : float in [0, 1]

    Returns
    -------
    ndarray, shape (k,)
    """
    threshold = check_threshold(threshold)
    positive = np.asarray(y, dtype=np.float64) == 1.0
    correct = np.zeros(np.atleast_2d(np.asarray(weights)).shape[0], dtype=np.int64)
    for rows, models, scores in score_blocks(X, weights, bias):  # memory bounded for any n
        hits = predicted_class_one(sigmoid(scores), threshold) == positive[rows, None]
        correct[models] += np.count_nonzero(hits, axis=0)
    share: NDArray[np.float64] = correct / positive.shape[0]
    return share


@dataclass(frozen=True)
class ConfusionCounts:
    """Counts of the four outcomes at one threshold."""

    true_positive: int
    false_positive: int
    true_negative: int
    false_negative: int

    @property
    def total(self) -> int:
        return self.true_positive + self.false_positive + self.true_negative + self.false_negative


def confusion_counts(y: ArrayLike, probability: ArrayLike, threshold: float) -> ConfusionCounts:
    r"""Confusion matrix at a threshold, predicting 1 where :math:`p_i \ge t`."""
    threshold = check_threshold(threshold)
    positive = np.asarray(y, dtype=np.float64) == 1.0
    predicted = predicted_class_one(check_probabilities(probability), threshold)
    return ConfusionCounts(
        true_positive=int(np.count_nonzero(predicted & positive)),
        false_positive=int(np.count_nonzero(predicted & ~positive)),
        true_negative=int(np.count_nonzero(~predicted & ~positive)),
        false_negative=int(np.count_nonzero(~predicted & positive)),
    )


def _ratio(numerator: float, denominator: float) -> float:
    # 0/0 has no value: NaN, which pages show as "undefined" with the reason.
    return numerator / denominator if denominator else float("nan")


def accuracy(c: ConfusionCounts) -> float:
    r"""Share of correct decisions: :math:`(TP + TN) / n`."""
    return _ratio(c.true_positive + c.true_negative, c.total)


def precision(c: ConfusionCounts) -> float:
    r"""Of the points called positive, the share that are: :math:`TP / (TP + FP)`; undefined when none is called positive."""
    return _ratio(c.true_positive, c.true_positive + c.false_positive)


def recall(c: ConfusionCounts) -> float:
    r"""Sensitivity, of the positive points the share found: :math:`TP / (TP + FN)`."""
    return _ratio(c.true_positive, c.true_positive + c.false_negative)


def specificity(c: ConfusionCounts) -> float:
    r"""Of the negative points, the share called negative: :math:`TN / (TN + FP)`."""
    return _ratio(c.true_negative, c.true_negative + c.false_positive)


def f1_score(c: ConfusionCounts) -> float:
    r"""Harmonic mean of precision and recall: :math:`2TP / (2TP + FP + FN)`."""
    return _ratio(2 * c.true_positive, 2 * c.true_positive + c.false_positive + c.false_negative)


@dataclass(frozen=True, eq=False)
class ThresholdSweep:
    """Every metric at every distinct threshold, for curves and suggested thresholds.

    ``thresholds`` runs from high to low: the distinct predicted probabilities, led by
    one above them all (nothing called positive). Arrays have that same length.
    """

    thresholds: NDArray[np.float64]
    true_positive: NDArray[np.float64]
    false_positive: NDArray[np.float64]
    n_positive: int
    n_negative: int

    @property
    def tpr(self) -> NDArray[np.float64]:
        """Recall (true-positive rate) at each threshold."""
        return self.true_positive / self.n_positive

    @property
    def fpr(self) -> NDArray[np.float64]:
        """False-positive rate, 1 − specificity, at each threshold."""
        return self.false_positive / self.n_negative

    @property
    def precision(self) -> NDArray[np.float64]:
        called = self.true_positive + self.false_positive
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(called > 0, self.true_positive / called, np.nan)

    @property
    def f1(self) -> NDArray[np.float64]:
        return 2 * self.true_positive / (self.true_positive + self.false_positive + self.n_positive)

    @property
    def accuracy(self) -> NDArray[np.float64]:
        true_negative = self.n_negative - self.false_positive
        return (self.true_positive + true_negative) / (self.n_positive + self.n_negative)

    @property
    def youden_j(self) -> NDArray[np.float64]:
        r"""Youden's J = sensitivity + specificity − 1 = TPR − FPR."""
        return self.tpr - self.fpr


def threshold_sweep(y: ArrayLike, probability: ArrayLike) -> ThresholdSweep:
    """Counts at every distinct threshold in one sort, O(n log n).

    Raises
    ------
    ValueError
        When y holds only one class (rates against the other class are undefined), or a
        probability is NaN or outside [0, 1].
    """
    positive = np.asarray(y, dtype=np.float64) == 1.0
    probability = check_probabilities(probability)
    n_positive = int(np.count_nonzero(positive))
    n_negative = int(positive.size - n_positive)
    if n_positive == 0 or n_negative == 0:
        raise ValueError("ROC and precision-recall curves need both classes among the rows.")
    order = np.argsort(-probability, kind="stable")
    sorted_probability = probability[order]
    sorted_y = positive[order]
    # the last index of each run of equal probabilities: every point with p >= t is in
    last_of_run = np.r_[np.flatnonzero(np.diff(sorted_probability)), positive.size - 1]
    true_positive = np.cumsum(sorted_y)[last_of_run]
    false_positive = (last_of_run + 1) - true_positive
    return ThresholdSweep(
        thresholds=np.r_[np.inf, sorted_probability[last_of_run]],
        true_positive=np.r_[0.0, true_positive].astype(np.float64),
        false_positive=np.r_[0.0, false_positive].astype(np.float64),
        n_positive=n_positive,
        n_negative=n_negative,
    )


def roc_auc(sweep: ThresholdSweep) -> float:
    r"""Area under the ROC curve by the trapezoid rule over (FPR, TPR).

    Equals the probability that a random positive point scores above a random negative
    one, ties counting one half.
    """
    return float(np.trapezoid(sweep.tpr, sweep.fpr))


def average_precision(sweep: ThresholdSweep) -> float:
    r"""Area under the precision-recall curve as a step sum: :math:`\sum_k (R_k - R_{k-1}) P_k`."""
    recall_steps = np.diff(sweep.tpr)
    return float(np.sum(recall_steps * np.nan_to_num(sweep.precision[1:])))


def best_threshold(sweep: ThresholdSweep, criterion: str) -> float:
    """The threshold that maximises Youden's J ("youden") or F1 ("f1"), among the observed ones."""
    values = {"youden": sweep.youden_j, "f1": sweep.f1}[criterion]
    finite = np.isfinite(sweep.thresholds)
    index = int(np.argmax(np.where(finite, values, -np.inf)))
    return float(sweep.thresholds[index])


@dataclass(frozen=True)
class ThresholdReport:
    """Everything the threshold decides, for one set of rows."""

    threshold: float
    counts: ConfusionCounts
    accuracy: float
    precision: float
    recall: float
    specificity: float
    f1: float


def threshold_report(y: ArrayLike, probability: ArrayLike, threshold: float) -> ThresholdReport:
    """Confusion counts and the five rates at one threshold (NaN where a rate is 0/0).

    Raises
    ------
    ValueError
        When the threshold is not in [0, 1] or a probability is NaN or outside [0, 1].
    """
    counts = confusion_counts(y, probability, threshold)
    return ThresholdReport(
        threshold=float(threshold), counts=counts, accuracy=accuracy(counts), precision=precision(counts),
        recall=recall(counts), specificity=specificity(counts), f1=f1_score(counts),
    )


def probabilities(X: ArrayLike, coef: ArrayLike, intercept: float) -> NDArray[np.float64]:
    r"""Predicted probabilities of class 1: :math:`p_i = \sigma(w\cdot x_i + b)`, shape (n,)."""
    from .functions import sigmoid

    return sigmoid(np.asarray(X, dtype=np.float64) @ np.asarray(coef, dtype=np.float64) + intercept)


# ---- K classes ---------------------------------------------------------------------------

def most_probable_class(probability: ArrayLike) -> NDArray[np.int64]:
    r"""The decision rule of a K-class model: :math:`\hat y_i = \arg\max_k p_{ik}` (ties: the lowest code).

    Parameters
    ----------
    probability : array_like, shape (n, K)
    """
    # a reduction over an axis is typed as Any by NumPy's stubs (it may return a scalar)
    most_probable: NDArray[np.intp] = np.argmax(np.asarray(probability, dtype=np.float64), axis=1)
    return most_probable.astype(np.int64)


def confusion_matrix(codes: ArrayLike, predicted: ArrayLike, n_classes: int) -> NDArray[np.int64]:
    r"""Counts :math:`C_{jk}` of rows of actual class j predicted as class k, shape (K, K).

    Row j sums to the rows of class j; the diagonal holds the right decisions.
    """
    codes = np.asarray(codes).astype(np.int64)
    predicted = np.asarray(predicted).astype(np.int64)
    return np.bincount(codes * n_classes + predicted, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def row_shares(matrix: ArrayLike) -> NDArray[np.float64]:
    r"""Each row of a confusion matrix divided by its sum, :math:`C_{jk} / \sum_k C_{jk}` (NaN for an empty row)."""
    matrix = np.asarray(matrix, dtype=np.float64)
    totals = matrix.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, matrix / np.where(totals > 0, totals, 1.0), np.nan)


@dataclass(frozen=True)
class ClassScores:
    """Per-class precision, recall and F1 of a K x K confusion matrix (NaN where 0/0), each shape (K,)."""

    precision: NDArray[np.float64]
    recall: NDArray[np.float64]
    f1: NDArray[np.float64]
    support: NDArray[np.int64]


def class_scores(matrix: ArrayLike) -> ClassScores:
    r"""Precision :math:`C_{kk}/\sum_j C_{jk}`, recall :math:`C_{kk}/\sum_k' C_{kk'}` and
    F1 :math:`2C_{kk}/(\sum_j C_{jk} + \sum_{k'} C_{kk'})` of each class, one against the rest."""
    matrix = np.asarray(matrix, dtype=np.float64)
    right = np.diag(matrix)
    called, actual = matrix.sum(axis=0), matrix.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(called > 0, right / np.where(called > 0, called, 1.0), np.nan)
        recall = np.where(actual > 0, right / np.where(actual > 0, actual, 1.0), np.nan)
        both = called + actual
        f1 = np.where(both > 0, 2 * right / np.where(both > 0, both, 1.0), np.nan)
    return ClassScores(precision, recall, f1, actual.astype(np.int64))


def macro_average(values: ArrayLike) -> float:
    r"""The plain mean over classes, :math:`\frac1K\sum_k v_k`, skipping undefined (NaN) classes."""
    values = np.asarray(values, dtype=np.float64)
    defined = values[np.isfinite(values)]
    return float(defined.mean()) if defined.size else float("nan")


def weighted_average(values: ArrayLike, support: ArrayLike) -> float:
    r"""The mean weighted by each class's rows, :math:`\sum_k n_k v_k / \sum_k n_k`, skipping NaN classes."""
    values = np.asarray(values, dtype=np.float64)
    support = np.asarray(support, dtype=np.float64)
    defined = np.isfinite(values)
    total = support[defined].sum()
    return float(np.sum(values[defined] * support[defined]) / total) if total > 0 else float("nan")


def multiclass_log_loss(scores: ArrayLike, codes: ArrayLike) -> float:
    r"""Mean cross-entropy of K-class scores, from the raw scores (no clipping):

    .. math:: -\frac1n\sum_i \log p_{i,y_i} = \frac1n\sum_i \big(\operatorname{lse}(z_i) - z_{i,y_i}\big)

    Parameters
    ----------
    scores : array_like, shape (n, K)
        Every class's score (the reference class's is 0).
    codes : array_like, shape (n,)
    """
    from .functions import log_sum_exp

    scores = np.asarray(scores, dtype=np.float64)
    codes = np.asarray(codes).astype(np.int64)
    own = scores[np.arange(codes.size), codes]
    return float(np.mean(log_sum_exp(scores, axis=1) - own))


def one_vs_rest_sweeps(codes: ArrayLike, probability: ArrayLike) -> dict[int, ThresholdSweep]:
    """For each class k present with other classes, the sweep of "class k against the rest" by
    :math:`p_{ik}` (classes without rows, or with every row, are left out)."""
    codes = np.asarray(codes).astype(np.int64)
    probability = np.asarray(probability, dtype=np.float64)
    sweeps = {}
    for k in range(probability.shape[1]):
        in_class = codes == k
        if 0 < np.count_nonzero(in_class) < codes.size:
            sweeps[k] = threshold_sweep(in_class.astype(np.float64), probability[:, k])
    return sweeps


def within_one_accuracy(codes: ArrayLike, predicted: ArrayLike) -> float:
    r"""Share of ordered predictions at most one category off: :math:`\frac1n\sum_i \mathbb 1[|y_i - \hat y_i| \le 1]`."""
    distance = np.abs(np.asarray(codes, dtype=np.float64) - np.asarray(predicted, dtype=np.float64))
    return float(np.mean(distance <= 1))


def mean_absolute_category_error(codes: ArrayLike, predicted: ArrayLike) -> float:
    r"""Mean distance between true and predicted ordered categories: :math:`\frac1n\sum_i |y_i - \hat y_i|`."""
    return float(np.mean(np.abs(np.asarray(codes, dtype=np.float64) - np.asarray(predicted, dtype=np.float64))))
