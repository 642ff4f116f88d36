"""The mathematics of the logistic regression explorer, in pure NumPy.

Never imports streamlit or plotly: the same numbers the app shows are available in a
notebook with ``from logreg_core import LogisticRegression``.
"""

from . import data, datasets
from .data import PrepareSummary, ReadReport, Table, prepare_dataset, read_csv_bytes
from .datasets import Dataset, stratified_split
from .descent import History, gradient_descent
from .estimator import LogisticRegression
from .functions import logit, odds, sigmoid
from .loss import cross_entropy, cross_entropy_path, hessian, loss_gradient, pointwise_cross_entropy, softplus
from .newton import NewtonResult, fit_newton
from .separation import detect_separation
from .validation import DataError

__all__ = [
    "PrepareSummary",
    "ReadReport",
    "Table",
    "data",
    "prepare_dataset",
    "read_csv_bytes",
    "stratified_split",
    "DataError",
    "Dataset",
    "History",
    "LogisticRegression",
    "NewtonResult",
    "cross_entropy",
    "cross_entropy_path",
    "datasets",
    "detect_separation",
    "fit_newton",
    "gradient_descent",
    "hessian",
    "logit",
    "loss_gradient",
    "odds",
    "pointwise_cross_entropy",
    "sigmoid",
    "softplus",
]
from .training import (  # noqa: E402
    Status,
    StepDetail,
    TrainingRun,
    TrainingSettings,
    inspect_step,
    train,
    unstandardize_path,
)

__all__ += ["Status", "StepDetail", "TrainingRun", "TrainingSettings", "inspect_step", "train", "unstandardize_path"]
from .metrics import accuracy_path  # noqa: E402

__all__ += ["accuracy_path"]
from . import inference, metrics  # noqa: E402
from .inference import FitStatistics, coefficient_table, fit_statistics  # noqa: E402
from .metrics import (  # noqa: E402
    ConfusionCounts,
    ThresholdSweep,
    ThresholdReport,
    best_threshold,
    confusion_counts,
    probabilities,
    roc_auc,
    threshold_report,
    threshold_sweep,
)

__all__ += [
    "ConfusionCounts",
    "FitStatistics",
    "ThresholdSweep",
    "best_threshold",
    "coefficient_table",
    "confusion_counts",
    "fit_statistics",
    "inference",
    "metrics",
    "roc_auc",
    "threshold_sweep",
    "ThresholdReport",
    "probabilities",
    "threshold_report",
]
