"""Tables: CSV bytes -> Table -> Dataset, and the built-in datasets. Not mathematics.

Modules, in the order data flow through them:

- :mod:`.reading`: an uploaded file's bytes -> :class:`Table` with a :class:`ReadReport`
- :mod:`.columns`: what the columns look like: labels of values, the target guess, default
  features, the order of ordinal levels
- :mod:`.preparing`: a table and the user's choices -> :class:`Dataset` for a binary,
  multinomial or ordinal model, with a :class:`PrepareSummary`
- :mod:`.dataset`: the :class:`Dataset` type and :func:`stratified_split`, :func:`stratified_sample`
- :mod:`.builtin`, :mod:`.synthetic`, :mod:`.catalogue`: the built-in datasets by key

Every refusal is a :class:`~logreg_core.validation.DataError` whose message says what to do.
"""

from ..validation import DataError
from .catalogue import DEFAULT_DATASET, available, load
from .columns import (
    MAX_CLASSES,
    MAX_FEATURES,
    FeatureChoice,
    LevelOrder,
    TargetGuess,
    default_features,
    default_positive_class,
    guess_target,
    level_order,
    possible_kinds,
    suggest_target,
    target_values,
    value_label,
)
from .dataset import Dataset, stratified_sample, stratified_split
from .preparing import PrepareSummary, prepare_dataset, scales_differ
from .reading import MAX_BYTES, MAX_COLUMNS, ReadReport, Table, read_csv_bytes

__all__ = [
    "DEFAULT_DATASET",
    "MAX_BYTES",
    "MAX_CLASSES",
    "MAX_COLUMNS",
    "MAX_FEATURES",
    "DataError",
    "Dataset",
    "FeatureChoice",
    "LevelOrder",
    "PrepareSummary",
    "ReadReport",
    "Table",
    "TargetGuess",
    "available",
    "default_features",
    "default_positive_class",
    "guess_target",
    "level_order",
    "load",
    "possible_kinds",
    "prepare_dataset",
    "read_csv_bytes",
    "scales_differ",
    "stratified_sample",
    "stratified_split",
    "suggest_target",
    "target_values",
    "value_label",
]
