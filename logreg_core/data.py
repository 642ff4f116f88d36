"""CSV bytes -> a table -> a Dataset: the names the app and notebooks have imported from here.

The code lives in :mod:`logreg_core.tabular`; this module keeps ``logreg_core.data.*`` working.
"""

from .tabular.columns import (  # noqa: F401
    MAX_CLASSES,
    MAX_CLASSES_SHOWN,
    MAX_FEATURES,
    FeatureChoice,
    LevelOrder,
    TargetGuess,
    class_codes,
    count_missing_rows,
    default_features,
    default_positive_class,
    guess_target,
    is_numeric,
    level_order,
    list_values,
    looks_continuous,
    needs_positive_class,
    possible_kinds,
    suggest_target,
    target_values,
    value_label,
)
from .tabular.dataset import Dataset  # noqa: F401
from .tabular.preparing import PrepareSummary, prepare_dataset, scales_differ  # noqa: F401
from .tabular.reading import (  # noqa: F401
    DELIMITER_NAMES,
    DELIMITERS,
    MAX_BYTES,
    MAX_COLUMNS,
    MIN_ROWS,
    MISSING_MARKERS,
    QUOTED_CHECK_BYTES,
    SNIFF_BYTES,
    ReadReport,
    Table,
    detect_encoding,
    read_csv_bytes,
    sniff_decimal,
    sniff_delimiter,
    sniff_header,
    unique_names,
)
from .validation import DataError  # noqa: F401
