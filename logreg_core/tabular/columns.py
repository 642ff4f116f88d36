"""What a table's columns look like: their values as labels, a guess at the target, default
features, and the order of ordinal levels.

Every function that shows a target value as text goes through :func:`value_label`, so the
labels a page offers, the default it picks and the classes :mod:`.preparing` builds always
agree (a numeric target 2/3 is offered as "2" and "3" and defaults to one of them).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

MAX_CLASSES = 12  # more unordered classes than this are refused; a column with more looks continuous
MAX_FEATURES = 200  # the fit, its exact reference and the separation check stay within seconds
MAX_CLASSES_SHOWN = 6
# Rows used to look for columns that duplicate another; candidates are then checked on every row.
DUPLICATE_SAMPLE_ROWS = 10_000

OUTCOME_NAMES = ("label", "target", "class", "outcome", "y", "diagnosis", "passed", "pass", "result",
                 "response", "survived", "churn", "species", "category", "default")
POSITIVE_WORDS = ("1", "yes", "true", "positive", "y", "pass", "passed", "malignant", "spam", "default")


def value_label(value: object) -> str | None:
    """A target value as the text the app shows and the user chooses from; None when missing.

    Whole numbers read as integers ("3", not "3.0"), other floats in the shortest form that
    gives the float back ("2.5", "0.1"), so two different numbers never share a label;
    booleans as "True"/"False"; anything else as its text.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return number_label(float(value))
    return str(value)


def number_label(number: float) -> str:
    """A number as :func:`value_label` shows it: "3" for a whole number, else the shortest exact form."""
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(number)


def is_numeric(column: pd.Series) -> bool:
    return (pd.api.types.is_float_dtype(column) or pd.api.types.is_integer_dtype(column)) and not \
        pd.api.types.is_bool_dtype(column)


def class_codes(column: pd.Series) -> tuple[NDArray[np.int64], list[str]]:
    """Each row's class as an index into the labels, and the labels.

    Returns
    -------
    codes : ndarray of int, shape (n,)
        Index into ``labels``; -1 where the value is missing.
    labels : list of str
        :func:`value_label` of each distinct value: numbers in increasing order, text sorted.
    """
    if is_numeric(column):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        present = ~np.isnan(values)
        distinct, inverse = np.unique(values[present], return_inverse=True)
        codes = np.full(values.size, -1, dtype=np.int64)
        codes[present] = inverse
        return codes, [number_label(float(value)) for value in distinct]
    text = column.map(value_label)
    labels = sorted(set(text.dropna()))
    position = {label: index for index, label in enumerate(labels)}
    codes = text.map(position).fillna(-1).to_numpy(dtype=np.int64)
    return codes, labels


def target_values(column: pd.Series) -> list[str]:
    """The distinct values of a target column as labels (:func:`value_label`), missing left out:
    numbers in increasing order, text sorted."""
    return class_codes(column)[1]


def list_values(values: list[str]) -> str:
    """The first few values, comma-separated, with an ellipsis when there are more."""
    return ", ".join(values[:MAX_CLASSES_SHOWN]) + (", …" if len(values) > MAX_CLASSES_SHOWN else "")


def needs_positive_class(column: pd.Series) -> bool:
    """Whether the user must say which value is class 1: unless the values are 0 and 1."""
    if is_numeric(column):
        values = set(column.dropna().unique())
        return not values <= {0.0, 1.0}
    return True


def default_positive_class(column: pd.Series) -> str:
    """A sensible first guess, always one of :func:`target_values`: 1, a yes/true/positive-like
    word, else the rarer value (of equally rare ones, the last)."""
    codes, labels = class_codes(column)
    for candidate in POSITIVE_WORDS:
        for label in labels:
            if label.lower() == candidate:
                return label
    if not labels:
        return ""
    counts = np.bincount(codes[codes >= 0], minlength=len(labels))
    rarest = np.flatnonzero(counts == counts.min())
    return labels[int(rarest[-1])]


def count_missing_rows(frame: pd.DataFrame, columns: list[str]) -> int:
    """How many rows have a missing value in any of the columns."""
    if not columns:
        return 0
    return int(frame.loc[:, columns].isna().any(axis=1).sum())


def n_distinct(column: pd.Series, *, more_than: int | None = None) -> int:
    """Distinct values, missing left out.

    With ``more_than``, counting may stop early: a result above ``more_than`` is only a lower
    bound (the count in the first DUPLICATE_SAMPLE_ROWS rows), which is all a comparison needs
    and spares counting a million rows of a measurement.
    """
    if more_than is not None and len(column) > DUPLICATE_SAMPLE_ROWS:
        head = int(column.iloc[:DUPLICATE_SAMPLE_ROWS].nunique(dropna=True))
        if head > more_than:
            return head
    return int(column.nunique(dropna=True))


def looks_continuous(column: pd.Series) -> bool:
    """A numeric column with more than MAX_CLASSES distinct values: a measurement, not classes.

    Such a column can still be a binary target (one value against the rest), but a page
    should ask before offering it as one.
    """
    return is_numeric(column) and n_distinct(column, more_than=MAX_CLASSES) > MAX_CLASSES


def possible_kinds(column: pd.Series) -> tuple[str, ...]:
    """The kinds of model this column can be the target of, as :func:`.preparing.prepare_dataset`
    accepts them: binary with two or more values; multinomial with 3 to MAX_CLASSES; ordinal
    with 3 to MAX_CLASSES whose order :func:`level_order` finds (other text needs an order
    from the user first, so ordinal is not offered by default)."""
    count = n_distinct(column, more_than=MAX_CLASSES)
    kinds = ["binary"] if count >= 2 else []
    if 3 <= count <= MAX_CLASSES:
        kinds.append("multinomial")
        if level_order(column).basis is not None:
            kinds.append("ordinal")
    return tuple(kinds)


def _named_like_outcome(name: str) -> bool:
    return str(name).strip().lower() in OUTCOME_NAMES


@dataclass(frozen=True)
class TargetGuess:
    """The column guessed as the target, and why, in a sentence for the page."""

    column: str
    reason: str


def suggest_target(frame: pd.DataFrame) -> TargetGuess:
    """Guess the target as a person would, and say why.

    In this order: a column named like an outcome (label, target, class, outcome, y, …)
    with 2 to MAX_CLASSES values; else the last column with exactly two values; else the last
    column with 3 to MAX_CLASSES values; else the last column, with a reason saying that
    every column looks like a measurement. Continuous measurements (more than MAX_CLASSES
    distinct numbers) are never guessed while any other column fits.
    """
    names = [str(c) for c in frame.columns]
    distinct = {name: n_distinct(frame[name], more_than=MAX_CLASSES) for name in names}
    for candidate in OUTCOME_NAMES:
        for name in names:
            if name.strip().lower() == candidate and 2 <= distinct[name] <= MAX_CLASSES:
                return TargetGuess(name, f"'{name}' is named like an outcome and has {distinct[name]} values.")
    binary = [name for name in names if distinct[name] == 2]
    if binary:
        name = binary[-1]
        values = list_values(target_values(frame[name]))
        others = " (the last of them)" if len(binary) > 1 else ""
        return TargetGuess(name, f"'{name}' has two values ({values}), like a yes/no outcome{others}.")
    few = [name for name in names if 3 <= distinct[name] <= MAX_CLASSES]
    if few:
        name = few[-1]
        return TargetGuess(name, f"'{name}' has {distinct[name]} values, few enough to be classes "
                                 "(no column has exactly two).")
    name = names[-1]
    return TargetGuess(
        name,
        f"No column looks like classes: each has one value or more than {MAX_CLASSES}. '{name}' is "
        "simply the last column; choose the target yourself.",
    )


def guess_target(frame: pd.DataFrame) -> str:
    """The column :func:`suggest_target` guesses."""
    return suggest_target(frame).column


@dataclass(frozen=True)
class FeatureChoice:
    """Default features and the columns left out, each with a sentence saying why."""

    features: tuple[str, ...]
    left_out: tuple[tuple[str, str], ...] = ()


def _rank_keys(values: NDArray[np.float64]) -> tuple[bytes, bytes]:
    """Digests of the values' order, increasing and decreasing: two columns share one when one
    is a strictly monotone function of the other (missing values in the same rows)."""
    missing = np.isnan(values)
    present = np.unique(values[~missing], return_inverse=True)[1]
    ranks = np.full(values.size, -1, dtype=np.int64)
    keys = []
    for order in (present, present.max(initial=0) - present):
        ranks[~missing] = order
        keys.append(hashlib.blake2b(ranks.tobytes(), digest_size=16).digest())
    return keys[0], keys[1]


def _same_order(first: NDArray[np.float64], second: NDArray[np.float64]) -> bool:
    return _rank_keys(first)[0] in _rank_keys(second)


def default_features(frame: pd.DataFrame, target: str) -> FeatureChoice:
    """The numeric columns a model should start with, and what was left out and why.

    Left out: a column with one value in every row; a column that repeats an earlier one up to
    a strictly monotone change of scale (``popul`` and ``log(popul)``, a copy, 1 - x), which
    carries no new information and makes the exact fit singular; a column named like an
    outcome (label, class, …) that is not the target; and numeric columns beyond MAX_FEATURES.
    """
    kept: list[str] = []
    left_out: list[tuple[str, str]] = []
    keys: dict[bytes, str] = {}
    sample = frame.iloc[:DUPLICATE_SAMPLE_ROWS]
    for name in (str(c) for c in frame.columns):
        if name == target or not is_numeric(frame[name]):
            continue
        if _named_like_outcome(name):
            left_out.append((name, f"'{name}' is named like an outcome, not a measurement."))
            continue
        if n_distinct(frame[name], more_than=1) <= 1:
            left_out.append((name, f"'{name}' has the same value in every row."))
            continue
        increasing, decreasing = _rank_keys(sample[name].to_numpy(dtype=np.float64, na_value=np.nan))
        twin = keys.get(increasing) or keys.get(decreasing)
        if twin is not None and (len(frame) <= len(sample) or _same_order(
                frame[name].to_numpy(dtype=np.float64, na_value=np.nan),
                frame[twin].to_numpy(dtype=np.float64, na_value=np.nan))):
            left_out.append((name, f"'{name}' repeats '{twin}' on another scale (each determines the other)."))
            continue
        keys.setdefault(increasing, name)
        kept.append(name)
    if len(kept) > MAX_FEATURES:
        extra = kept[MAX_FEATURES:]
        reason = (f"{len(extra)} numeric column(s) from '{extra[0]}' on: a model here takes at most "
                  f"{MAX_FEATURES} features.")
        left_out.append((extra[0], reason))
        kept = kept[:MAX_FEATURES]
    return FeatureChoice(tuple(kept), tuple(left_out))


# Ordered scales recognised in text targets, lowest first; each position lists its spellings.
ORDERED_SCALES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("very low",), ("low",), ("medium", "moderate", "mid", "med", "middle"), ("high",), ("very high",)),
    (("strongly disagree",), ("disagree",), ("somewhat disagree", "slightly disagree"),
     ("neutral", "neither agree nor disagree", "undecided"), ("somewhat agree", "slightly agree"), ("agree",),
     ("strongly agree",)),
    (("never",), ("rarely", "seldom"), ("sometimes", "occasionally"), ("often", "frequently"),
     ("usually", "very often"), ("always",)),
    (("very poor",), ("poor",), ("fair",), ("good",), ("very good",), ("excellent",)),
    (("very dissatisfied",), ("dissatisfied",), ("neutral",), ("satisfied",), ("very satisfied",)),
    (("very unlikely",), ("unlikely",), ("neutral",), ("likely",), ("very likely",)),
    (("none",), ("mild",), ("moderate",), ("severe",)),
    (("extra small", "xs"), ("small", "s"), ("medium", "m"), ("large", "l"), ("extra large", "xl"), ("xxl",)),
)
_LEADING_NUMBER = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(?:[.:)\-–]\s*|\s+)\S")


@dataclass(frozen=True)
class LevelOrder:
    """A target's levels from lowest to highest, and how the order was found.

    ``basis`` is "numbers" (numeric order), "numbered" (text starting with numbers, "1 - low"),
    "scale" (a recognised scale such as low < medium < high), or None when the values are
    text with no order recognised: then ``levels`` are merely sorted and the user must order them.
    """

    levels: tuple[str, ...]
    basis: str | None


def _normalise(label: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", label.strip().lower()).split())


def level_order(column: pd.Series) -> LevelOrder:
    """The natural order of a target's levels, lowest first (see :class:`LevelOrder`)."""
    labels = target_values(column)
    if is_numeric(column):
        return LevelOrder(tuple(labels), "numbers")
    matches = [_LEADING_NUMBER.match(label) for label in labels]
    numbered = [match for match in matches if match is not None]
    if labels and len(numbered) == len(labels):
        numbers = [float(match.group(1)) for match in numbered]
        if len(set(numbers)) == len(numbers):
            return LevelOrder(tuple(label for _, label in sorted(zip(numbers, labels))), "numbered")
    normalised = [_normalise(label) for label in labels]
    for scale in ORDERED_SCALES:
        rank = {spelling: position for position, spellings in enumerate(scale) for spelling in spellings}
        if len(labels) >= 2 and all(label in rank for label in normalised):
            positions = [rank[label] for label in normalised]
            if len(set(positions)) == len(positions):
                return LevelOrder(tuple(label for _, label in sorted(zip(positions, labels))), "scale")
    return LevelOrder(tuple(labels), None)
