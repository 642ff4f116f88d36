"""Built-in datasets and the train/test split: the names the app and notebooks have imported
from here. The code lives in :mod:`logreg_core.tabular`."""

from .tabular.builtin import (
    DATA_FILES,
    PARTY_LEVELS,
    anes96,
    breast_cancer,
    challenger,
    hours_studied,
    iris,
    notes_table,
)
from .tabular.catalogue import DEFAULT_DATASET, available, load
from .tabular.dataset import Dataset, stratified_split
from .tabular.synthetic import clouds, latent_ordinal, two_clouds, xor

# The names this module re-exports (what `from logreg_core.datasets import ...` may use).
__all__ = [
    "DATA_FILES",
    "PARTY_LEVELS",
    "anes96",
    "breast_cancer",
    "challenger",
    "hours_studied",
    "iris",
    "notes_table",
    "DEFAULT_DATASET",
    "available",
    "load",
    "Dataset",
    "stratified_split",
    "clouds",
    "latent_ordinal",
    "two_clouds",
    "xor",
]
