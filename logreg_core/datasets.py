"""Built-in datasets, the teaching notes' 20-row table first."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, eq=False)
class Dataset:
    """A binary classification table ready for the core.

    Attributes
    ----------
    name : str
        Short title shown in the app.
    X : ndarray, shape (n, m)
        Features, float64.
    y : ndarray, shape (n,)
        Labels, 0.0 or 1.0.
    feature_names : tuple of str, length m
    target_name : str
    class_names : tuple of two str
        What label 0 and label 1 stand for.
    description : str
        Where the data come from and what they show.
    """

    name: str
    X: NDArray[np.float64]
    y: NDArray[np.float64]
    feature_names: tuple[str, ...]
    target_name: str
    class_names: tuple[str, str]
    description: str

    def __post_init__(self) -> None:
        for attribute in ("X", "y"):
            array = np.array(getattr(self, attribute), dtype=np.float64)
            array.setflags(write=False)
            object.__setattr__(self, attribute, array)

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the table's content: the same data give the same key in every session."""
        digest = hashlib.sha256()
        for part in (self.X.tobytes(), self.y.tobytes(), repr((self.feature_names, self.target_name)).encode()):
            digest.update(part)
        return digest.hexdigest()

    @property
    def n_rows(self) -> int:
        return int(self.X.shape[0])

    @property
    def n_features(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_positive(self) -> int:
        return int(np.count_nonzero(self.y == 1))

    def to_frame(self):
        """The table as a pandas DataFrame: the features, then the target."""
        import pandas as pd

        frame = pd.DataFrame(self.X, columns=list(self.feature_names))
        frame[self.target_name] = self.y.astype(int)
        return frame


# The notes' example table: two features that rise together and a label that switches
# from 0 to 1 between Feature1 = 4.5 and Feature1 = 5.1.
_NOTES_FEATURE1 = [2.5, 3.6, 1.2, 4.5, 3.3, 5.1, 6.2, 7.4, 5.5, 8.0,
                   9.1, 10.2, 8.5, 11.0, 12.3, 13.5, 14.1, 15.6, 16.2, 17.8]
_NOTES_FEATURE2 = [1.0, 2.1, 0.5, 3.3, 2.8, 4.0, 5.5, 6.1, 4.8, 7.2,
                   8.3, 9.0, 7.5, 10.1, 11.4, 12.0, 13.2, 14.5, 15.0, 16.3]
_NOTES_LABEL = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]


def notes_table() -> Dataset:
    """The 20-row example from the teaching notes (Feature1, Feature2, Label).

    Every row with Feature1 at most 4.5 is class 0 and every row with Feature1 at least
    5.1 is class 1, so the classes are perfectly separable: gradient descent keeps
    lowering the loss by growing the weights, and no finite maximum-likelihood fit exists.
    """
    return Dataset(
        name="Teaching notes (20 rows)",
        X=np.column_stack([_NOTES_FEATURE1, _NOTES_FEATURE2]),
        y=np.array(_NOTES_LABEL, dtype=np.float64),
        feature_names=("Feature1", "Feature2"),
        target_name="Label",
        class_names=("0", "1"),
        description=(
            "The example table of the teaching notes: 20 rows, two features that rise "
            "together, 5 rows of class 0 and 15 of class 1. The classes are perfectly "
            "separable (Feature1 <= 4.5 is always 0, >= 5.1 always 1)."
        ),
    )


DEFAULT_DATASET = "notes"

_BUILDERS = {"notes": notes_table}


def available() -> tuple[str, ...]:
    """Keys of the built-in datasets, the default first."""
    return tuple(_BUILDERS)


def load(key: str = DEFAULT_DATASET) -> Dataset:
    """Build the built-in dataset called ``key`` (see :func:`available`)."""
    try:
        return _BUILDERS[key]()
    except KeyError:
        raise KeyError(f"No built-in dataset {key!r}; choose one of {', '.join(_BUILDERS)}.") from None
