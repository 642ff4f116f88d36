"""Checks at the boundary of the core, with messages a person can act on."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def read_only(values: ArrayLike) -> NDArray[np.float64]:
    """A float64 copy that cannot be written to: results and histories are only read."""
    copy = np.array(values, dtype=np.float64)
    copy.setflags(write=False)
    return copy


def all_finite(X: NDArray[np.float64]) -> bool:
    """Whether every entry of X is finite.

    A finite sum proves it in one pass without a temporary (NaN and infinities carry through
    a sum); only a sum that overflows or is not finite needs the entry-by-entry check.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(X)):
            return True
    return bool(np.all(np.isfinite(X)))


class DataError(ValueError):
    """The data cannot be used as given; the message says what is wrong and what to do."""


def check_finite_features(X: NDArray[np.float64]) -> None:
    """Raise a DataError naming the first missing or infinite value of X, if there is one."""
    if not all_finite(X):
        bad_rows, bad_cols = np.nonzero(~np.isfinite(X))
        raise DataError(
            f"{bad_rows.size} feature value(s) are missing or infinite, the first in row "
            f"{bad_rows[0]}, column {bad_cols[0]}. Drop those rows or fill them in first."
        )


def check_features_labels(
    X: ArrayLike, y: ArrayLike, *, finite: bool = True
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return X as a float64 (n, m) matrix and y as float64 labels in {0, 1}.

    Parameters
    ----------
    X : array_like, shape (n, m) or (n,)
        Features; a 1-D array is taken as one feature.
    y : array_like, shape (n,)
        Labels: 0/1, or booleans.
    finite : bool, default True
        Whether to check that every feature value is finite here. False is for a caller that
        proves it otherwise and then calls :func:`check_finite_features` (the exact fit: its
        column moments are finite exactly when every value is).

    Raises
    ------
    DataError
        With a message naming the problem and the fix.
    """
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise DataError(
            f"The features must all be numbers ({error}). Encode text columns as numbers "
            "or leave them out."
        ) from None
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2:
        raise DataError(f"The features must form a table (rows x columns); got {X.ndim} dimensions.")
    y = np.asarray(y)
    if y.ndim == 2 and 1 in y.shape:
        y = y.reshape(-1)
    if y.ndim != 1:
        raise DataError(f"The labels must be one column; got shape {y.shape}.")
    n, m = X.shape
    if y.shape[0] != n:
        raise DataError(f"There are {n} rows of features but {y.shape[0]} labels; give one label per row.")
    if m == 0:
        raise DataError("There are no feature columns; choose at least one.")
    if n < 2:
        raise DataError(f"There are {n} rows; a model needs at least two, one of each class.")
    if finite:
        check_finite_features(X)
    try:
        y = y.astype(np.float64)
    except (TypeError, ValueError):
        raise DataError(
            "The labels must be 0 and 1. Choose which value counts as the positive class (1)."
        ) from None
    values = np.unique(y)
    if not np.all(np.isin(values, (0.0, 1.0))):
        shown = ", ".join(f"{v:g}" for v in values[:5])
        raise DataError(
            f"The labels must be 0 and 1, but they include {shown}. Choose which value "
            "counts as the positive class (1); the rest become 0."
        )
    if values.size < 2:
        raise DataError(
            f"Every label is {values[0]:g}: a model needs examples of both classes to learn "
            "what separates them."
        )
    return X, y


def check_design(
    X: ArrayLike, codes: ArrayLike, n_features: int, n_classes: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Return X as a finite float64 (n, m) matrix and the class codes as int64 in 0..K-1.

    Parameters
    ----------
    X : array_like, shape (n, m)
        Features; m must be the layout's number of features.
    codes : array_like, shape (n,)
        Class codes 0..K-1 (binomial: labels 0/1), whole numbers.
    n_features, n_classes : int
        m and K of the layout.

    Raises
    ------
    DataError
        With a message naming the problem and the fix; also when a class has no row.
    """
    try:
        X = np.asarray(X, dtype=np.float64)
        codes_float = np.asarray(codes, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise DataError(f"The features and class codes must all be numbers ({error}).") from None
    if X.ndim != 2 or X.shape[1] != n_features:
        raise DataError(f"The features must be a table with {n_features} column(s); got shape {X.shape}.")
    if codes_float.ndim != 1 or codes_float.shape[0] != X.shape[0]:
        raise DataError(
            f"There are {X.shape[0]} rows of features but class codes of shape {codes_float.shape}; "
            "give one code per row."
        )
    if not all_finite(X):
        bad_rows, bad_cols = np.nonzero(~np.isfinite(X))
        raise DataError(
            f"{bad_rows.size} feature value(s) are missing (NaN) or infinite, the first in row "
            f"{bad_rows[0]}, column {bad_cols[0]}. Drop those rows or fill them in first."
        )
    valid = np.isfinite(codes_float) & (codes_float == np.round(codes_float))
    valid &= (codes_float >= 0) & (codes_float <= n_classes - 1)
    if not np.all(valid):
        first = int(np.flatnonzero(~valid)[0])
        raise DataError(
            f"The class codes must be whole numbers 0..{n_classes - 1} for {n_classes} classes; row {first} "
            f"has code {codes_float[first]!r}. Encode each label as its class's number."
        )
    codes = codes_float.astype(np.int64)
    empty = np.flatnonzero(np.bincount(codes, minlength=n_classes) == 0)
    if empty.size:
        listed = ", ".join(str(code) for code in empty)
        raise DataError(
            f"No row has class code {listed} (of 0..{n_classes - 1}): the parameters of an empty class or "
            "category cannot be estimated. Leave it out and renumber the codes, or add rows of it."
        )
    return X, codes
