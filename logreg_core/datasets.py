"""Built-in datasets and the train/test split: the names the app and notebooks have imported
from here. The code lives in :mod:`logreg_core.tabular`."""

from .tabular.builtin import (  # noqa: F401
    DATA_FILES,
    PARTY_LEVELS,
    anes96,
    breast_cancer,
    challenger,
    hours_studied,
    iris,
    notes_table,
)
from .tabular.catalogue import DEFAULT_DATASET, available, load  # noqa: F401
from .tabular.dataset import Dataset, stratified_split  # noqa: F401
from .tabular.synthetic import clouds, latent_ordinal, two_clouds, xor  # noqa: F401
