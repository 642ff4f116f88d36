"""The Dataset every page and the core work on, and the stratified train/test split."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from ..validation import read_only

if TYPE_CHECKING:
    import pandas as pd

ModelKind = Literal["binary", "multinomial", "ordinal"]


@dataclass(frozen=True, eq=False)
class Dataset:
    """A classification table ready for the core.

    Attributes
    ----------
    name : str
        Short title shown in the app.
    X : ndarray, shape (n, m)
        Features, float64.
    y : ndarray, shape (n,)
        Class codes as float64: 0.0 .. K-1. Binary data are 0.0 and 1.0, 1.0 the positive class.
    feature_names : tuple of str, length m
    target_name : str
    class_names : tuple of str, length K
        What each code stands for: ``class_names[k]`` is the label of code k. For ordered
        classes, from the lowest level to the highest.
    description : str
        Where the data come from and what they show.
    source : str
        Citation and licence, for datasets from elsewhere.
    ordered : bool
        Whether the classes are ordered levels (ordinal logistic regression).
    recommended_standardize : bool
        Whether the features should be standardised by default: true when their scales
        differ (see :func:`logreg_core.tabular.preparing.scales_differ`).
    """

    name: str
    X: NDArray[np.float64]
    y: NDArray[np.float64]
    feature_names: tuple[str, ...]
    target_name: str
    class_names: tuple[str, ...]
    description: str
    source: str = ""
    ordered: bool = False
    recommended_standardize: bool = False

    def __post_init__(self) -> None:
        for attribute in ("X", "y"):
            object.__setattr__(self, attribute, read_only(getattr(self, attribute)))
        object.__setattr__(self, "feature_names", tuple(str(name) for name in self.feature_names))
        object.__setattr__(self, "class_names", tuple(str(name) for name in self.class_names))

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything the dataset shows: the same data and text give the same key in
        every session, and any difference in numbers, names or labels a different key."""
        shown = {
            "name": self.name, "description": self.description, "source": self.source,
            "feature_names": list(self.feature_names), "target_name": self.target_name,
            "class_names": list(self.class_names), "ordered": self.ordered,
            "recommended_standardize": self.recommended_standardize, "shape": list(self.X.shape),
        }
        digest = hashlib.sha256()
        # JSON keeps the text unambiguous (no separator inside a name can imitate another field)
        for part in (json.dumps(shown, ensure_ascii=False).encode(), self.X.tobytes(), self.y.tobytes()):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    @property
    def n_rows(self) -> int:
        return int(self.X.shape[0])

    @property
    def n_features(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_classes(self) -> int:
        """K, the number of classes (levels)."""
        return len(self.class_names)

    @property
    def kind(self) -> ModelKind:
        """The model these classes call for: ordinal when ordered, multinomial for 3+ unordered."""
        if self.ordered:
            return "ordinal"
        return "multinomial" if self.n_classes > 2 else "binary"

    @property
    def n_positive(self) -> int:
        """Rows of code 1 (the positive class of binary data)."""
        return int(np.count_nonzero(self.y == 1))

    def class_counts(self) -> NDArray[np.int64]:
        """Rows per class code, shape (K,)."""
        return np.bincount(self.y.astype(np.int64), minlength=self.n_classes)

    def rows(self, index: NDArray[np.int64], name: str) -> Dataset:
        """The same table restricted to some rows."""
        return replace(self, name=name, X=self.X[index], y=self.y[index])

    def to_frame(self) -> pd.DataFrame:
        """The table as a pandas DataFrame: the features, then the target's codes."""
        import pandas as pd

        frame = pd.DataFrame(self.X, columns=list(self.feature_names))
        frame[self.target_name] = self.y.astype(int)
        return frame


def stratified_split(y: NDArray[np.float64], test_fraction: float, seed: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row indices of a training and a test part that keep the class mix.

    Each class code (in increasing order) is shuffled with ``numpy.random.default_rng(seed)``
    and ``round(test_fraction * count)`` of its rows go to the test part, leaving at least
    one row of each class with two or more rows on each side.

    Parameters
    ----------
    y : ndarray, shape (n,)
        Class codes 0 .. K-1.
    test_fraction : float
        Strictly between 0 and 1.
    seed : int

    Returns
    -------
    train_index, test_index : ndarray of int, sorted
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}.")
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    test_parts = [np.empty(0, dtype=np.int64)]
    for code in np.unique(y):
        rows = np.flatnonzero(y == code)
        take = round(test_fraction * rows.size)
        take = min(max(take, 1), rows.size - 1) if rows.size > 1 else 0
        test_parts.append(rng.permutation(rows)[:take])
    test_index = np.sort(np.concatenate(test_parts))
    train_index = np.setdiff1d(np.arange(y.size), test_index)
    return train_index, test_index


def stratified_sample(y: NDArray[np.float64], size: int, seed: int = 0) -> NDArray[np.int64]:
    r"""Row indices of a fixed random sample of ``size`` rows with each class in its share of the rows.

    Class k with :math:`n_k` of the n rows gets :math:`\lfloor size \cdot n_k / n \rfloor` rows, at
    least one (taken from the largest class), and the rows left over go to the classes with the
    largest remainders; each class's rows are drawn with ``numpy.random.default_rng(seed)``. With
    at most ``size`` rows, every row.

    Parameters
    ----------
    y : ndarray, shape (n,)
        Class codes 0 .. K-1.
    size : int
        At least the number of classes.
    seed : int

    Returns
    -------
    ndarray of int, shape (min(n, size),), sorted
    """
    y = np.asarray(y)
    n = y.size
    if n <= size:
        return np.arange(n)
    codes, counts = np.unique(y, return_counts=True)
    if size < codes.size:
        raise ValueError(f"A sample of {size} rows cannot hold all {codes.size} classes.")
    shares = size * counts / n
    takes = np.maximum(np.floor(shares).astype(np.int64), 1)
    left_over = size - int(takes.sum())
    if left_over > 0:
        takes[np.argsort(-(shares - np.floor(shares)), kind="stable")[:left_over]] += 1
    for _ in range(-left_over):  # rare classes raised to one row: the largest class gives them up
        takes[int(np.argmax(takes))] -= 1
    rng = np.random.default_rng(seed)
    chosen = [rng.choice(np.flatnonzero(y == code), size=int(take), replace=False) for code, take in zip(codes, takes)]
    return np.sort(np.concatenate(chosen))
