"""What the multinomial Train and Evaluate sections compute before they render: tables tests call directly."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from logreg_core import Dataset, TrainingRun, detect_separation, roc_auc
from logreg_core.metrics import (
    class_scores,
    confusion_matrix,
    macro_average,
    most_probable_class,
    multiclass_log_loss,
    one_vs_rest_sweeps,
    row_shares,
    weighted_average,
)
from logreg_core.newton import ModelFit
from logreg_core.objective import Layout, Objective
from logreg_core.rereference import reference_path, with_reference


def separable_classes(dataset: Dataset) -> list[str]:
    """The classes one straight boundary cuts off from all the others (complete or quasi-complete)."""
    return [name for k, name in enumerate(dataset.class_names)
            if detect_separation(dataset.X, (dataset.y == k).astype(np.float64)) is not None]


def parameter_index(layout: Layout, feature_names, class_names) -> pd.MultiIndex:
    """(class, term) for every parameter of a multinomial layout, in its order."""
    return pd.MultiIndex.from_tuples(layout.parameter_labels(list(feature_names), list(class_names)),
                                     names=["class", "term"])


def descent_against_exact_fit(run: TrainingRun, reference: int, feature_names, class_names) -> pd.DataFrame:
    """Where descent stopped beside the exact fit, both against ``reference``, with the gap.

    Returns
    -------
    DataFrame, shape ((K-1)(m+1) + 1, 3)
        Rows (class, term) for each non-reference class's intercept and weights, then ("", "loss J").
    """
    exact = run.reference
    if exact is None:
        raise ValueError("The run has no exact fit to compare with.")
    layout = run.history.layout
    descent = reference_path(layout, run.params[-1:], reference)[0]
    moved = with_reference(exact, reference)
    index = parameter_index(moved.layout, feature_names, class_names).append(
        pd.MultiIndex.from_tuples([("", "loss J")], names=["class", "term"]))
    table = pd.DataFrame({
        f"gradient descent (step {run.history.n_steps})": np.r_[descent, run.history.loss[-1]],
        "maximum likelihood (Newton)": np.r_[moved.params, exact.loss],
    }, index=index)
    table["gap"] = table.iloc[:, 0] - table.iloc[:, 1]
    return table


def class_probabilities(run_params: NDArray[np.float64], layout: Layout, dataset: Dataset) -> NDArray[np.float64]:
    """Every row's probability of each class under parameters in ``layout``, shape (n, K)."""
    return Objective(dataset.X, dataset.y, layout).probabilities(run_params)


def class_scores_matrix(params: NDArray[np.float64], layout: Layout, dataset: Dataset) -> NDArray[np.float64]:
    """Every row's K scores (the reference class's 0), shape (n, K)."""
    blocks = layout.coefficient_blocks(params)
    full = np.insert(blocks, layout.reference, 0.0, axis=0)
    return full[:, 0][None, :] + dataset.X @ full[:, 1:].T


@dataclass(frozen=True, eq=False)
class MulticlassReport:
    """The K-class evaluation of one set of rows.

    Attributes
    ----------
    matrix : ndarray of int, shape (K, K)
        Rows: actual class; columns: predicted class.
    shares : ndarray, shape (K, K)
        Each row divided by its total.
    per_class : DataFrame
        precision, recall, F1, support (rows), AUC one against the rest, per class.
    averages : DataFrame
        Macro and weighted averages of precision, recall, F1, and the macro AUC.
    accuracy, log_loss : float
    sweeps : dict
        Class code -> ThresholdSweep of that class against the rest.
    """

    matrix: NDArray[np.int64]
    shares: NDArray[np.float64]
    per_class: pd.DataFrame
    averages: pd.DataFrame
    accuracy: float
    log_loss: float
    sweeps: dict


def multiclass_report(dataset: Dataset, params: NDArray[np.float64], layout: Layout) -> MulticlassReport:
    """Confusion matrix, per-class and averaged scores, accuracy, log-loss and one-vs-rest ROC of the rows."""
    K = layout.n_classes
    codes = dataset.y.astype(np.int64)
    scores = class_scores_matrix(params, layout, dataset)
    probability = Objective(dataset.X, dataset.y, layout).probabilities(params)
    matrix = confusion_matrix(codes, most_probable_class(probability), K)
    result = class_scores(matrix)
    sweeps = one_vs_rest_sweeps(codes, probability)
    auc = np.array([roc_auc(sweeps[k]) if k in sweeps else np.nan for k in range(K)])
    per_class = pd.DataFrame({"precision": result.precision, "recall": result.recall, "F1": result.f1,
                              "rows": result.support, "AUC (one vs rest)": auc},
                             index=pd.Index(list(dataset.class_names), name="class"))
    averages = pd.DataFrame({
        "precision": [macro_average(result.precision), weighted_average(result.precision, result.support)],
        "recall": [macro_average(result.recall), weighted_average(result.recall, result.support)],
        "F1": [macro_average(result.f1), weighted_average(result.f1, result.support)],
        "AUC (one vs rest)": [macro_average(auc), weighted_average(auc, result.support)],
    }, index=["macro average", "weighted average"])
    return MulticlassReport(
        matrix=matrix, shares=row_shares(matrix), per_class=per_class, averages=averages,
        accuracy=float(np.trace(matrix) / matrix.sum()), log_loss=multiclass_log_loss(scores, codes), sweeps=sweeps,
    )


def coefficient_table(fit: ModelFit, reference: int, feature_names, class_names) -> pd.DataFrame:
    """The exact fit against ``reference`` as MNLogit reports it, plus relative-risk ratios with intervals.

    Columns: coef, std_err, z, p_value, ci_low, ci_high, rrr, rrr_ci_low, rrr_ci_high; index
    (class, term). Raises DataError when the fit has no estimate (separated data without L2).
    """
    moved = with_reference(fit, reference)
    table = moved.summary(list(feature_names), list(class_names))
    return table.rename(columns={"odds_ratio": "rrr", "or_ci_low": "rrr_ci_low", "or_ci_high": "rrr_ci_high"})


def predictions_frame(parts: dict[str, Dataset], params: NDArray[np.float64], layout: Layout) -> pd.DataFrame:
    """Every row with its features, its class, one probability column per class and the predicted class."""
    frames = []
    for part, data in parts.items():
        probability = Objective(data.X, data.y, layout).probabilities(params)
        frame = pd.DataFrame(data.X, columns=list(data.feature_names))
        frame[data.target_name] = [data.class_names[int(code)] for code in data.y]
        for k, name in enumerate(data.class_names):
            frame[f"probability_of_{name}"] = probability[:, k]
        frame["predicted"] = [data.class_names[k] for k in most_probable_class(probability)]
        if len(parts) > 1:
            frame["part"] = part
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
