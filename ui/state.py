"""Session state shared by the pages: the active dataset, its split, and cached training."""

from __future__ import annotations

import threading

import streamlit as st

from logreg_core import Dataset, TrainingRun, TrainingSettings, datasets, stratified_split, train
from ui import settings
from ui.figures import View, training_animation
from ui.settings import DEFAULT_CHOICE, DataChoice, SplitChoice, active_choice, active_split, set_active_split

__all__ = [
    "DEFAULT_CHOICE", "DataChoice", "SplitChoice", "active_choice", "active_dataset", "active_split",
    "builtin_dataset", "class_balance", "default_dataset", "set_active_dataset", "set_active_split",
    "clear_training_cache", "training_figure", "training_parts", "training_run", "training_runs_started",
]


@st.cache_resource(max_entries=32)
def builtin_dataset(key: str, parameters: tuple[tuple[str, float], ...] = ()) -> Dataset:
    # One immutable object shared by all sessions: Dataset arrays are read-only.
    return datasets.load(key, **dict(parameters))


def default_dataset() -> Dataset:
    return builtin_dataset(DEFAULT_CHOICE.key, DEFAULT_CHOICE.parameters)


def active_dataset() -> Dataset:
    """The dataset every page works on; the notes' table until the user picks another."""
    choice = active_choice()
    if choice.kind == "builtin":
        return builtin_dataset(choice.key, choice.parameters)
    upload = settings.uploaded_dataset()
    return upload if upload is not None else default_dataset()


def set_active_dataset(dataset: Dataset, choice: DataChoice) -> None:
    """Make ``dataset`` active on every page (an upload is kept in the session; a built-in is rebuilt from the cache)."""
    settings.set_active_choice(choice, dataset if choice.kind == "upload" else None)


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


_training_runs = 0
_training_runs_lock = threading.Lock()


@st.cache_resource(max_entries=64, show_spinner="Training…")
def _cached_training_run(fingerprint: str, settings: TrainingSettings, _dataset: Dataset) -> TrainingRun:
    # cache_resource returns the very same object on a hit; TrainingRun is read-only, so
    # sessions can share it safely.
    global _training_runs
    with _training_runs_lock:
        _training_runs += 1
    return train(_dataset.X, _dataset.y, settings)


def training_runs_started() -> int:
    """How many trainings this process has run (cache misses): tests and benchmarks count retrains with it."""
    return _training_runs


def clear_training_cache() -> None:
    """Forget every cached training run (tests start from an empty cache with it)."""
    _cached_training_run.clear()


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
