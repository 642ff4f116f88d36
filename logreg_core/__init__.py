"""The mathematics of the logistic regression explorer, in NumPy.

Never imports streamlit or plotly: the same numbers the app shows are available in a
notebook with ``from logreg_core import LogisticRegression``.
"""

from . import data, datasets, inference, metrics
from .data import PrepareSummary, ReadReport, Table, prepare_dataset, read_csv_bytes
from .datasets import Dataset, stratified_split
from .descent import History, gradient_descent
from .estimator import LogisticRegression
from .functions import logit, odds, sigmoid
from .inference import FitStatistics, coefficient_table, fit_statistics
from .loss import cross_entropy, cross_entropy_path, hessian, loss_gradient, pointwise_cross_entropy, softplus
from .metrics import (
    ConfusionCounts,
    ThresholdReport,
    ThresholdSweep,
    accuracy_path,
    best_threshold,
    confusion_counts,
    probabilities,
    roc_auc,
    threshold_report,
    threshold_sweep,
)
from .newton import NewtonResult, fit_newton
from .separation import detect_separation
from .training import (
    Status,
    StepDetail,
    TrainingRun,
    TrainingSettings,
    inspect_step,
    train,
    unstandardize_path,
)
from .validation import DataError

__all__ = [
    "ConfusionCounts",
    "DataError",
    "Dataset",
    "FitStatistics",
    "History",
    "LogisticRegression",
    "NewtonResult",
    "PrepareSummary",
    "ReadReport",
    "Status",
    "StepDetail",
    "Table",
    "ThresholdReport",
    "ThresholdSweep",
    "TrainingRun",
    "TrainingSettings",
    "accuracy_path",
    "best_threshold",
    "coefficient_table",
    "confusion_counts",
    "cross_entropy",
    "cross_entropy_path",
    "data",
    "datasets",
    "detect_separation",
    "fit_newton",
    "fit_statistics",
    "gradient_descent",
    "hessian",
    "inference",
    "inspect_step",
    "logit",
    "loss_gradient",
    "metrics",
    "odds",
    "pointwise_cross_entropy",
    "prepare_dataset",
    "probabilities",
    "read_csv_bytes",
    "roc_auc",
    "sigmoid",
    "softplus",
    "stratified_split",
    "threshold_report",
    "threshold_sweep",
    "train",
    "unstandardize_path",
]
