"""Session state shared by the pages: the active dataset, its split, and cached training."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import streamlit as st

from logreg_core import Dataset, TrainingRun, TrainingSettings, datasets, stratified_split, train
from ui.figures import View, training_animation

_ACTIVE_DATASET = "active_dataset"
_ACTIVE_CHOICE = "active_choice"
_ACTIVE_SPLIT = "active_split"


@dataclass(frozen=True)
class DataChoice:
    """Where the active dataset came from: a built-in with its parameters, or an upload."""

    kind: Literal["builtin", "upload"]
    key: str  # the built-in's key, or the uploaded file's name
    parameters: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class SplitChoice:
    """A held-out test part: its share of the rows and the seed that picks them."""

    test_fraction: float
    seed: int


DEFAULT_CHOICE = DataChoice("builtin", datasets.DEFAULT_DATASET)


@st.cache_resource(max_entries=32)
def builtin_dataset(key: str, parameters: tuple[tuple[str, float], ...] = ()) -> Dataset:
    # One immutable object shared by all sessions: Dataset arrays are read-only.
    return datasets.load(key, **dict(parameters))


SYNTHETIC_DEFAULTS = {
    "two_clouds": {"n_points": 200, "separation": 2.0, "noise": 1.0, "seed": 0},
    "xor": {"n_points": 200, "noise": 0.35, "seed": 0},
}


def builtin_parameters(key: str, given: dict[str, object]) -> tuple[tuple[str, float], ...]:
    """A built-in's parameters in the order DataChoice keeps them, defaults filled in.

    ``given`` uses the link's names (data_seed for the seed); missing or None values take
    the defaults. Datasets without parameters get none.
    """
    defaults = SYNTHETIC_DEFAULTS.get(key)
    if defaults is None:
        return ()
    values = {name: given.get("data_seed" if name == "seed" else name) for name in defaults}
    return tuple(sorted((name, default if values[name] is None else values[name]) for name, default in defaults.items()))


def default_dataset() -> Dataset:
    return builtin_dataset(DEFAULT_CHOICE.key)


def active_dataset() -> Dataset:
    """The dataset every page works on; the notes' table until the user picks another."""
    if _ACTIVE_DATASET not in st.session_state:
        st.session_state[_ACTIVE_DATASET] = default_dataset()
        st.session_state[_ACTIVE_CHOICE] = DEFAULT_CHOICE
    return st.session_state[_ACTIVE_DATASET]


def active_choice() -> DataChoice:
    active_dataset()
    return st.session_state[_ACTIVE_CHOICE]


def set_active_dataset(dataset: Dataset, choice: DataChoice) -> None:
    st.session_state[_ACTIVE_DATASET] = dataset
    st.session_state[_ACTIVE_CHOICE] = choice


def active_split() -> SplitChoice | None:
    return st.session_state.get(_ACTIVE_SPLIT)


def set_active_split(split: SplitChoice | None) -> None:
    st.session_state[_ACTIVE_SPLIT] = split


def training_parts() -> tuple[Dataset, Dataset | None]:
    """The rows to train on and the held-out rows (None without a split)."""
    dataset = active_dataset()
    split = active_split()
    if split is None:
        return dataset, None
    return _split_parts(dataset.fingerprint, split, dataset)


@st.cache_resource(max_entries=32)
def _split_parts(fingerprint: str, split: SplitChoice, _dataset: Dataset) -> tuple[Dataset, Dataset]:
    train_index, test_index = stratified_split(_dataset.y, split.test_fraction, split.seed)
    return (
        _dataset.rows(train_index, f"{_dataset.name}, training part"),
        _dataset.rows(test_index, f"{_dataset.name}, test part"),
    )


def training_run(dataset: Dataset, settings: TrainingSettings) -> TrainingRun:
    """The cached run for this dataset's content and these settings.

    Keyed on the content hash and the frozen settings only, so a rerun that changes
    anything else (the threshold, the features shown) reuses the same run object.
    """
    return _cached_training_run(dataset.fingerprint, settings, dataset)


@st.cache_resource(max_entries=64, show_spinner="Training…")
def _cached_training_run(fingerprint: str, settings: TrainingSettings, _dataset: Dataset) -> TrainingRun:
    # cache_resource returns the very same object on a hit; TrainingRun is read-only, so
    # sessions can share it safely.
    return train(_dataset.X, _dataset.y, settings)


def class_balance(dataset: Dataset) -> str:
    negative, positive = dataset.class_names
    n_positive = dataset.n_positive
    return (
        f"{n_positive} of class {positive}, {dataset.n_rows - n_positive} of class {negative} "
        f"({n_positive / dataset.n_rows:.0%} positive)"
    )



@st.cache_resource(max_entries=128, show_spinner=False)
def _cached_animation(fingerprint: str, settings: TrainingSettings, view: View, test_fingerprint: str | None,
                      _dataset: Dataset, _test: Dataset | None):
    return training_animation(_dataset, training_run(_dataset, settings), view, test=_test)


def training_figure(dataset: Dataset, settings: TrainingSettings, view: View, test: Dataset | None):
    """The training animation for this data, settings and view, built once and shared.

    A class moving the threshold over the same few values, or one student moving it back
    and forth, gets the figure from the cache instead of rebuilding 100 frames. The figure
    is read-only (ui.figures.PlainFigure), so sharing it is safe.
    """
    return _cached_animation(dataset.fingerprint, settings, view, None if test is None else test.fingerprint,
                             dataset, test)
