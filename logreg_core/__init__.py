"""The mathematics of the logistic regression explorer, in NumPy.

Never imports streamlit or plotly: the same numbers the app shows are available in a
notebook with ``from logreg_core import LogisticRegression``.
"""

from . import data, datasets, families, inference, metrics, objective, prediction
from .data import PrepareSummary, ReadReport, Table, prepare_dataset, read_csv_bytes
from .datasets import Dataset, stratified_split
from .descent import History, descend, gradient_descent, stable_learning_rate
from .estimator import LogisticRegression, NotFittedError, OrdinalLogisticRegression
from .functions import log_sum_exp, logit, odds, odds_from_score, sigmoid, softmax
from .inference import FitStatistics, coefficient_table, fit_statistics, model_statistics, parameter_table
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
from .newton import ModelFit, NewtonResult, fit_model, fit_newton
from .objective import Layout, Objective, original_scale_map
from .separation import detect_separation
from .training import (
    ExactFit,
    Status,
    StepDetail,
    TrainingRun,
    TrainingSettings,
    exact_fit,
    inspect_step,
    train,
    unstandardize_path,
)
from .validation import DataError

__all__ = [
    "ConfusionCounts",
    "DataError",
    "Dataset",
    "ExactFit",
    "FitStatistics",
    "History",
    "Layout",
    "LogisticRegression",
    "ModelFit",
    "NewtonResult",
    "NotFittedError",
    "Objective",
    "OrdinalLogisticRegression",
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
    "descend",
    "detect_separation",
    "exact_fit",
    "families",
    "fit_model",
    "fit_newton",
    "fit_statistics",
    "gradient_descent",
    "hessian",
    "inference",
    "inspect_step",
    "log_sum_exp",
    "logit",
    "loss_gradient",
    "metrics",
    "model_statistics",
    "objective",
    "odds",
    "odds_from_score",
    "original_scale_map",
    "parameter_table",
    "prediction",
    "pointwise_cross_entropy",
    "prepare_dataset",
    "probabilities",
    "read_csv_bytes",
    "roc_auc",
    "sigmoid",
    "softmax",
    "softplus",
    "stable_learning_rate",
    "stratified_split",
    "threshold_report",
    "threshold_sweep",
    "train",
    "unstandardize_path",
]
