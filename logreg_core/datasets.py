"""Built-in datasets, the teaching notes' 20-row table first, and the train/test split."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .validation import read_only

DATA_FILES = Path(__file__).resolve().parent / "data_files"


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
    source : str
        Citation and licence, for datasets from elsewhere.
    """

    name: str
    X: NDArray[np.float64]
    y: NDArray[np.float64]
    feature_names: tuple[str, ...]
    target_name: str
    class_names: tuple[str, str]
    description: str
    source: str = ""

    def __post_init__(self) -> None:
        for attribute in ("X", "y"):
            object.__setattr__(self, attribute, read_only(getattr(self, attribute)))

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the table's content: the same data give the same key in every session."""
        digest = hashlib.sha256()
        for part in (self.X.tobytes(), self.y.tobytes(), repr((self.X.shape, self.feature_names, self.target_name)).encode()):
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

    def rows(self, index: NDArray[np.int64], name: str) -> "Dataset":
        """The same table restricted to some rows."""
        return replace(self, name=name, X=self.X[index], y=self.y[index])

    def to_frame(self):
        """The table as a pandas DataFrame: the features, then the target."""
        import pandas as pd

        frame = pd.DataFrame(self.X, columns=list(self.feature_names))
        frame[self.target_name] = self.y.astype(int)
        return frame


def stratified_split(y: NDArray[np.float64], test_fraction: float, seed: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row indices of a training and a test part that keep the class mix.

    Each class is shuffled with ``numpy.random.default_rng(seed)`` and ``round(test_fraction
    * count)`` of its rows go to the test part, leaving at least one of each class on
    each side.

    Returns
    -------
    train_index, test_index : ndarray of int, sorted
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}.")
    rng = np.random.default_rng(seed)
    test_parts = []
    for label in (0.0, 1.0):
        rows = np.flatnonzero(y == label)
        take = int(round(test_fraction * rows.size))
        take = min(max(take, 1), rows.size - 1) if rows.size > 1 else 0
        test_parts.append(rng.permutation(rows)[:take])
    test_index = np.sort(np.concatenate(test_parts))
    train_index = np.setdiff1d(np.arange(y.size), test_index)
    return train_index, test_index


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


# Hours of study and exam result of 20 students, the textbook one-feature example.
_HOURS = [0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50,
          2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50]
_PASSED = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1]


def hours_studied() -> Dataset:
    """One feature, overlapping classes: hours studied against passing an exam (20 students)."""
    return Dataset(
        name="Hours studied vs passed (20 students)",
        X=np.array(_HOURS)[:, None],
        y=np.array(_PASSED, dtype=np.float64),
        feature_names=("Hours",),
        target_name="Passed",
        class_names=("failed", "passed"),
        description=(
            "Twenty students, the hours each studied and whether they passed. One feature, so "
            "the whole model is one sigmoid over the hours; the classes overlap between 1.75 "
            "and 3.5 hours, so a finite best fit exists."
        ),
        source="The standard illustrative example of the English Wikipedia article 'Logistic regression' (CC BY-SA 4.0).",
    )


# Space shuttle launches before the Challenger accident: joint temperature (°F) and
# whether any O-ring showed thermal distress.
_LAUNCH_TEMPERATURE = [53, 57, 58, 63, 66, 67, 67, 67, 68, 69, 70, 70,
                       70, 70, 72, 73, 75, 75, 76, 76, 78, 79, 81]
_O_RING_DISTRESS = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]


def challenger() -> Dataset:
    """23 shuttle launches: temperature at launch and O-ring distress (Dalal et al., 1989)."""
    return Dataset(
        name="Challenger O-rings (23 launches)",
        X=np.array(_LAUNCH_TEMPERATURE, dtype=np.float64)[:, None],
        y=np.array(_O_RING_DISTRESS, dtype=np.float64),
        feature_names=("Temperature_F",),
        target_name="O_ring_distress",
        class_names=("no distress", "distress"),
        description=(
            "The 23 space-shuttle launches before the Challenger accident of January 1986: the "
            "temperature at launch (°F) and whether any O-ring showed thermal distress. The "
            "fitted model gives a high probability of distress at the 31 °F forecast for the "
            "Challenger launch, far below every temperature in the data."
        ),
        source=(
            "Dalal, S. R., Fowlkes, E. B. and Hoadley, B. (1989). Risk analysis of the space "
            "shuttle: pre-Challenger prediction of failure. Journal of the American Statistical "
            "Association 84(408), 945-957. Data of the US government, in the public domain."
        ),
    )


def breast_cancer() -> Dataset:
    """569 tumours, 10 cell-nucleus measurements each, malignant or benign (Wisconsin)."""
    from .data import prepare_dataset, read_csv_bytes

    table = read_csv_bytes((DATA_FILES / "breast_cancer_wisconsin_means.csv").read_bytes())
    dataset, _ = prepare_dataset(
        table.frame, name="Breast cancer, Wisconsin (569 tumours)", target="diagnosis",
        positive_class="malignant",
        description=(
            "Fine-needle aspirates of 569 breast masses: the means of ten measurements of the "
            "cell nuclei in each image, and whether the mass was malignant (212) or benign (357)."
        ),
    )
    return replace(
        dataset,
        class_names=("benign", "malignant"),
        source=(
            "Wolberg, W., Mangasarian, O., Street, N. and Street, W. (1993). Breast Cancer "
            "Wisconsin (Diagnostic). UCI Machine Learning Repository, doi:10.24432/C5DW2B, "
            "CC BY 4.0. The ten 'mean' features of the original thirty."
        ),
    )


def two_clouds(n_points: int = 200, separation: float = 2.0, noise: float = 1.0, seed: int = 0) -> Dataset:
    r"""Two Gaussian clouds in the plane, one per class.

    Class k's points are drawn around :math:`\pm\frac{s}{2}(1, 1)/\sqrt2` with standard
    deviation ``noise`` in each direction, half of the points in each class.
    """
    if n_points < 8:
        raise ValueError("n_points must be at least 8.")
    rng = np.random.default_rng(seed)
    y = (np.arange(n_points) % 2).astype(np.float64)
    direction = np.array([1.0, 1.0]) / np.sqrt(2.0)
    centres = np.where(y[:, None] == 1, 0.5, -0.5) * separation * direction
    X = centres + rng.normal(scale=noise, size=(n_points, 2))
    return Dataset(
        name=f"Two clouds ({n_points} points)",
        X=X, y=y, feature_names=("x1", "x2"), target_name="class", class_names=("0", "1"),
        description=(
            f"Synthetic: two round clouds of points, centres {separation:g} apart, spread "
            f"{noise:g}, seed {seed}. Far apart and tight, a line separates them perfectly; "
            "close and wide, they overlap."
        ),
    )


def xor(n_points: int = 200, noise: float = 0.35, seed: int = 0) -> Dataset:
    """Four clusters at the corners of a square; opposite corners share a class (XOR).

    No straight line separates the classes: a linear model stays near 50 % accuracy.
    """
    if n_points < 8:
        raise ValueError("n_points must be at least 8.")
    rng = np.random.default_rng(seed)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    which = np.arange(n_points) % 4
    X = corners[which] + rng.normal(scale=noise, size=(n_points, 2))
    y = (which >= 2).astype(np.float64)
    return Dataset(
        name=f"XOR ({n_points} points)",
        X=X, y=y, feature_names=("x1", "x2"), target_name="class", class_names=("0", "1"),
        description=(
            "Synthetic: class 1 in two opposite corners, class 0 in the other two. No straight "
            "line can separate them, which is the limit of a linear boundary: logistic regression "
            "on x1 and x2 alone stays near chance."
        ),
    )


DEFAULT_DATASET = "notes"

_BUILDERS = {
    "notes": notes_table,
    "hours": hours_studied,
    "challenger": challenger,
    "breast_cancer": breast_cancer,
    "two_clouds": two_clouds,
    "xor": xor,
}


def available() -> tuple[str, ...]:
    """Keys of the built-in datasets, the default first."""
    return tuple(_BUILDERS)


def load(key: str = DEFAULT_DATASET, **parameters) -> Dataset:
    """Build the built-in dataset called ``key`` (see :func:`available`).

    ``parameters`` go to the synthetic datasets' builders (n_points, separation, noise, seed).
    """
    try:
        builder = _BUILDERS[key]
    except KeyError:
        raise KeyError(f"No built-in dataset {key!r}; choose one of {', '.join(_BUILDERS)}.") from None
    return builder(**parameters)
