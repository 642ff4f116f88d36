"""A Table and the user's choices -> a Dataset for one of the three kinds of model.

The user chooses the target, the kind of model and its classes (binary: one positive class
against the rest; multinomial: every value a class; ordinal: the values as ordered levels),
the features, what to do with text columns and missing values. :func:`prepare_dataset`
applies the choices and says what it did, or refuses with a message a person can act on.

Limits: at most ``MAX_CLASSES`` (12) classes or levels, at least 3 levels for ordinal, at
least two rows in every class of a multinomial or ordinal target, and at most
``MAX_FEATURES`` (200) feature columns after text columns are encoded, so that the exact
fit and the separation check finish in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..validation import DataError
from .columns import (
    MAX_CLASSES,
    MAX_FEATURES,
    class_codes,
    default_features,
    is_numeric,
    level_order,
    list_values,
    looks_continuous,
    needs_positive_class,
    value_label,
)
from .dataset import Dataset, ModelKind
from .reading import MIN_ROWS

MAX_TEXT_LEVELS = 50
# Features whose sizes (root mean square, the intercept's column of ones counting as 1) differ
# by more than this factor are standardised by default: gradient descent on them zigzags or diverges.
SCALE_RATIO = 5.0


@dataclass(frozen=True)
class PrepareSummary:
    """What :func:`prepare_dataset` did with the rows and columns, in sentences."""

    rows_read: int
    rows_used: int
    lines: tuple[str, ...] = field(default_factory=tuple)


def column_sizes(X: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Each feature's size, its root mean square :math:`\sqrt{\frac1n\sum_i x_{ij}^2}`, shape (m,).

    Computed as :math:`a_j \sqrt{\frac1n\sum_i (x_{ij}/a_j)^2}` with :math:`a_j = \max_i |x_{ij}|`,
    so that squares of values near 1e200 do not overflow.
    """
    # reductions over an axis are typed as Any by NumPy's stubs (they may return a scalar)
    largest: NDArray[np.float64] = np.max(np.abs(X), axis=0)
    scale = np.where(largest > 0, largest, 1.0)
    mean_square: NDArray[np.float64] = np.mean(np.square(X / scale), axis=0)
    return scale * np.sqrt(mean_square)


def scales_differ(X: NDArray[np.float64]) -> bool:
    """Whether features should be standardised by default.

    True when the sizes of the design matrix's columns (:func:`column_sizes` of each feature,
    and 1 for the intercept's column of ones) differ by more than SCALE_RATIO: the loss
    surface is then a long narrow valley that plain gradient descent crosses slowly or
    diverges on (Challenger's temperatures near 70 beside the intercept's 1).
    """
    if X.shape[1] == 0 or X.shape[0] == 0:
        return False
    sizes = np.append(column_sizes(X), 1.0)
    return bool(sizes.max() > SCALE_RATIO * sizes.min())


def _validate_levels(levels: Sequence[object], values: list[str], target: str, kind: ModelKind) -> list[str]:
    """The user's order of the target's values as labels, or a DataError naming what is wrong."""
    labels = [value_label(level) for level in levels]
    given = [label for label in labels if label is not None]
    if len(given) < len(labels):
        raise DataError(f"The order contains an empty value; name only values of column '{target}', each once.")
    repeated = sorted({level for level in given if given.count(level) > 1})
    if repeated:
        raise DataError(f"The order names '{repeated[0]}' more than once; name each value of '{target}' once.")
    invented = [level for level in given if level not in values]
    if invented:
        raise DataError(
            f"'{invented[0]}' is not a value of column '{target}'; its values are {list_values(values)}. "
            "Remove it from the order."
        )
    omitted = [value for value in values if value not in given]
    if omitted:
        what = "levels" if kind == "ordinal" else "classes"
        raise DataError(
            f"The order leaves out {', '.join(repr(v) for v in omitted[:6])} of column '{target}'. Put every "
            f"value in the order (the {what} are {list_values(values)}), or choose binary to take one class "
            "against the rest."
        )
    return given


def _classes(column: pd.Series, target: str, kind: ModelKind, positive_class: str | None,
             levels: Sequence[object] | None) -> tuple[NDArray[np.int64], tuple[str, ...], str | None]:
    """Each row's class code (-1 for missing), the class names, and the positive class (binary)."""
    codes, values = class_codes(column)
    if len(values) < 2:
        shown = f"('{values[0]}')" if values else "(every value is missing)"
        raise DataError(
            f"Column '{target}' has only one value {shown}: a model needs both classes. Choose "
            "another target column, or a file with examples of both classes."
        )
    if kind == "binary":
        if needs_positive_class(column):
            if positive_class is None:
                raise DataError(
                    f"Column '{target}' has {len(values)} classes ({list_values(values)}): pick the positive class, "
                    "the one that becomes 1."
                )
            positive_class = value_label(positive_class)
            if positive_class not in values:
                raise DataError(
                    f"'{positive_class}' is not a value of column '{target}'; choose one of {list_values(values)}.")
        else:
            positive_class = "1"
        positive = values.index(positive_class)
        binary = np.where(codes < 0, -1, (codes == positive).astype(np.int64))
        negative_label = "other" if len(values) > 2 else values[1 - positive]
        return binary, (negative_label, positive_class), positive_class

    if kind not in ("multinomial", "ordinal"):
        raise DataError(f"The kind of model must be binary, multinomial or ordinal, not {kind!r}.")
    if len(values) > MAX_CLASSES:
        measurement = " It looks like a measurement rather than classes." if looks_continuous(column) else ""
        if kind == "multinomial":
            advice = ("Choose binary (one value against the rest), or ordinal if the values are ordered "
                      "and you group them into at most 12 levels.")
        else:
            advice = "Group neighbouring values into at most 12 levels, or choose binary (one value against the rest)."
        raise DataError(
            f"Column '{target}' has {len(values)} different values: more than the {MAX_CLASSES} classes a "
            f"{kind} model here can show.{measurement} {advice}"
        )
    if levels is None:
        if kind == "ordinal":
            order = level_order(column)
            if order.basis is None:
                raise DataError(
                    f"The values of '{target}' ({list_values(values)}) are text in no order recognised: give the "
                    "order of the levels, from the lowest to the highest."
                )
            ordered = list(order.levels)
        else:
            ordered = values
    else:
        ordered = _validate_levels(levels, values, target, kind)
    if kind == "ordinal" and len(ordered) < 3:
        raise DataError(
            f"An ordinal model needs at least 3 ordered levels; '{target}' has {len(ordered)} "
            f"({list_values(ordered)}). With two, ordinal logistic regression is binary logistic "
            "regression: choose binary."
        )
    remap = np.array([ordered.index(value) for value in values], dtype=np.int64)
    return np.where(codes < 0, -1, remap[np.maximum(codes, 0)]), tuple(ordered), None


def _check_class_rows(y: NDArray[np.float64], class_names: tuple[str, ...], target: str, kind: ModelKind,
                      dropped: bool) -> None:
    counts = np.bincount(y.astype(np.int64), minlength=len(class_names))
    word = "Level" if kind == "ordinal" else "Class"
    for name, count in zip(class_names, counts):
        if count == 0:
            why = " after dropping rows with missing values" if dropped else ""
            raise DataError(
                f"{word} '{name}' of '{target}' has no rows{why}. Leave it out of the order, fill missing "
                "values with the column mean, or choose other features."
            )
    for name, count in zip(class_names, counts):
        if count == 1:
            raise DataError(
                f"{word} '{name}' of '{target}' has a single row: a model cannot learn a class from one "
                "example, nor a test part hold it out. Add rows of it, merge it with a neighbouring "
                f"{word.lower()}, or choose binary (one class against the rest)."
            )


def prepare_dataset(
    frame: pd.DataFrame,
    *,
    name: str,
    target: str,
    positive_class: str | None = None,
    features: list[str] | None = None,
    text_columns: Literal["onehot", "drop"] = "onehot",
    missing: Literal["drop", "mean"] = "drop",
    description: str = "",
    kind: ModelKind = "binary",
    levels: Sequence[object] | None = None,
    source: str = "",
) -> tuple[Dataset, PrepareSummary]:
    """Turn a table and the user's choices into a Dataset, and say what was done.

    Parameters
    ----------
    frame : DataFrame
        From :func:`read_csv_bytes`, or any DataFrame.
    name : str
        Shown in the app.
    target : str
        The column to predict.
    positive_class : str or None
        Binary only: the target value that becomes 1 (as a label, see :func:`target_values`);
        every other value becomes 0. Needed unless the target holds only 0 and 1.
    features : list of str or None
        Feature columns; None takes :func:`default_features` (numeric columns except
        duplicates, constants and other outcomes; the summary says what it left out).
    text_columns : {"onehot", "drop"}
        Text features become one 0/1 column per value except the first (which the
        intercept stands for), or are left out.
    missing : {"drop", "mean"}
        Rows with a missing feature are dropped, or the gap filled with the column mean.
        Rows with a missing target are always dropped.
    description : str
    kind : {"binary", "multinomial", "ordinal"}
        Binary: the positive class against the rest (y is 0.0/1.0). Multinomial: each value
        a class, codes in the order of ``levels`` (default: numbers ascending, text sorted;
        the first is the reference class). Ordinal: the values as ordered levels, codes from
        the lowest; ``levels`` gives the order (default: numbers ascending, or a recognised
        text scale such as low < medium < high; other text needs ``levels``).
    levels : sequence or None
        Multinomial and ordinal: every value of the target once, in order.
    source : str
        Citation and licence, shown with the dataset.

    Returns
    -------
    dataset : Dataset
        y holds codes 0 .. K-1 of ``class_names``; ``ordered`` is True for ordinal;
        ``recommended_standardize`` is :func:`scales_differ` of X.
    summary : PrepareSummary

    Raises
    ------
    DataError
        An unknown column, no features or more than MAX_FEATURES, a target with one class,
        too few rows left; for multinomial and ordinal: more than MAX_CLASSES classes, a class
        with no rows or a single row, fewer than 3 ordinal levels, an order that omits,
        repeats or invents a value.
    """
    if target not in frame.columns:
        raise DataError(f"There is no column '{target}'. Choose the target among: {', '.join(map(str, frame.columns))}.")
    column = frame[target]
    codes, class_names, positive_class = _classes(column, target, kind, positive_class, levels)
    lines: list[str] = []
    if features is None:
        choice = default_features(frame, target)
        features = list(choice.features)
        lines += [f"Left out of the features: {reason}" for _, reason in choice.left_out]
    unknown = [f for f in features if f not in frame.columns]
    if unknown:
        raise DataError(f"There is no column '{unknown[0]}'. Choose features among the file's columns.")
    features = [f for f in features if f != target]

    keep = codes >= 0
    if (~keep).any():
        lines.append(f"{int((~keep).sum())} row(s) have no value in '{target}' and were dropped.")

    numeric = [f for f in features if is_numeric(frame[f])]
    text = [f for f in features if f not in numeric]
    if text and text_columns == "drop":
        lines.append(f"Text column(s) left out: {', '.join(text)}.")
        text = []
    if not numeric and not text:
        raise DataError("No feature columns are chosen. Choose at least one numeric or text column as a feature.")

    categories = {name_: frame[name_].map(value_label).fillna("(missing)") for name_ in text}
    text_levels = {name_: sorted(categories[name_][keep].unique()) for name_ in text}
    for column_name, values in text_levels.items():
        if len(values) > MAX_TEXT_LEVELS:
            raise DataError(
                f"Text column '{column_name}' has {len(values)} different values: too many to encode. "
                "Leave it out, or group its values first."
            )
    n_columns = len(numeric) + sum(max(len(values) - 1, 0) for values in text_levels.values())
    if n_columns > MAX_FEATURES:
        raise DataError(
            f"The chosen features make {n_columns} columns (each text column one per value but one); at most "
            f"{MAX_FEATURES} are allowed, so that the exact fit and the separation check finish in seconds. "
            "Choose fewer features, or leave text columns out."
        )

    numeric_block = frame.loc[:, numeric].to_numpy(dtype=np.float64, na_value=np.nan) if numeric \
        else np.empty((len(frame), 0))
    missing_rows = np.isnan(numeric_block).any(axis=1) & keep
    if missing == "drop":
        if missing_rows.any():
            lines.append(f"{int(missing_rows.sum())} row(s) with a missing feature value were dropped.")
        keep &= ~missing_rows
    elif missing_rows.any():
        means = np.nanmean(numeric_block[keep], axis=0)
        holes = np.isnan(numeric_block)
        numeric_block = np.where(holes, means, numeric_block)
        lines.append(
            f"{int(holes[keep].sum())} missing feature value(s) in {int(missing_rows.sum())} row(s) were filled "
            "with their column's mean."
        )

    blocks, names = [numeric_block], list(numeric)
    for column_name, values in text_levels.items():
        for level in values[1:]:
            blocks.append((categories[column_name] == level).to_numpy(dtype=np.float64)[:, None])
            names.append(f"{column_name}={level}")
        if len(values) > 1:
            lines.append(
                f"Text column '{column_name}' became {len(values) - 1} 0/1 column(s), one per value except "
                f"'{values[0]}', which the intercept stands for."
            )
    X = np.hstack(blocks)[keep]
    y = codes[keep].astype(np.float64)
    if X.shape[1] == 0:
        raise DataError("The chosen features give no columns to fit. Choose at least one feature.")
    if len(y) < MIN_ROWS:
        raise DataError(
            f"Only {len(y)} row(s) are left after dropping missing values; at least {MIN_ROWS} are needed. "
            "Fill missing values with the column mean instead, or choose other features."
        )
    if kind == "binary":
        n_positive = int(y.sum())
        if n_positive == 0 or n_positive == len(y):
            raise DataError(
                f"Every row left has the same class in '{target}', so there is nothing to separate. "
                "Choose another positive class or target."
            )
        lines.append(
            f"{len(y)} of {len(frame)} rows used; class balance: {n_positive} '{positive_class}' (1) and "
            f"{len(y) - n_positive} '{class_names[0]}' (0), {n_positive / len(y):.0%} positive."
        )
    else:
        _check_class_rows(y, class_names, target, kind, dropped=bool(missing_rows.any()) and missing == "drop")
        counts = np.bincount(y.astype(np.int64), minlength=len(class_names))
        order = " < " if kind == "ordinal" else ", "
        lines.append(
            f"{len(y)} of {len(frame)} rows used; {len(class_names)} {'levels' if kind == 'ordinal' else 'classes'}: "
            + order.join(f"'{label}' ({count})" for label, count in zip(class_names, counts)) + "."
        )
    dataset = Dataset(
        name=name, X=X, y=y, feature_names=tuple(names), target_name=str(target), class_names=class_names,
        description=description, source=source, ordered=kind == "ordinal", recommended_standardize=scales_differ(X),
    )
    return dataset, PrepareSummary(rows_read=len(frame), rows_used=len(y), lines=tuple(lines))
