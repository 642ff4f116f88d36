"""Session state shared by the pages: the active dataset and training cached on content."""

from __future__ import annotations

import streamlit as st

from logreg_core import Dataset, datasets

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
