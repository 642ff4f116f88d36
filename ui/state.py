"""Session state shared by the pages: the active dataset, and training cached on content."""

from __future__ import annotations

import streamlit as st

from logreg_core import Dataset, TrainingRun, TrainingSettings, datasets, train

_ACTIVE_DATASET = "active_dataset"


def active_dataset() -> Dataset:
    """The dataset every page works on; the notes' table until the user picks another."""
    if _ACTIVE_DATASET not in st.session_state:
        st.session_state[_ACTIVE_DATASET] = default_dataset()
    return st.session_state[_ACTIVE_DATASET]


@st.cache_resource
def default_dataset() -> Dataset:
    # One immutable object shared by all sessions: Dataset arrays are read-only.
    return datasets.load()


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
