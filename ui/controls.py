"""Widgets for the settings, drawn from the registry (ui.settings), bound to the link and kept across pages."""

from __future__ import annotations

import streamlit as st

from logreg_core import Dataset, TrainingSettings
from ui import settings
from ui.figures import View
from ui.layout import chart_font_size, dark_theme


def threshold_slider(container=st) -> float:
    """The "Threshold" slider: classify as 1 when σ(z) ≥ threshold. Shared by every page."""
    return float(settings.widget("threshold", container))


def standardize_toggle(container=st) -> bool:
    """The "Standardise features" switch, shared by the Data and Train pages."""
    return bool(settings.widget("standardize", container))


def training_controls(dataset: Dataset) -> tuple[TrainingSettings, tuple[int, ...]]:
    """Draw the Train page's training controls; return the settings and the features to show.

    A control the link hides (hide=...) is not drawn and keeps its linked value. The
    threshold is not among them: it changes the view, not the training, so the page draws
    it beside the chart (see train_threshold).
    """
    hidden = settings.hidden_controls()

    def shown(key: str, container, **options):
        return settings.value(key) if key in hidden else settings.widget(key, container, **options)

    with st.container(border=True):
        first, second, third = st.columns(3)
        shown("learning_rate", first)
        shown("iterations", second)
        shown("l2", third)
        first, second, third, fourth = st.columns([1.5, 1.3, 0.9, 1.0])
        shown("standardize", first)
        start = shown("start", second)
        shown("seed", third, disabled=start != "random")
        features = _feature_choice(dataset, fourth)
    return settings.training_settings(dataset.kind), features


def train_threshold() -> float:
    """The Train page's threshold: its slider, or the link's value when the link hides it."""
    if "threshold" in settings.hidden_controls():
        return float(settings.value("threshold"))
    return threshold_slider()


def animation_view(features: tuple[int, ...], threshold: float) -> View:
    """What the training animation shows, in the page's theme and presentation mode."""
    return View(features=features, threshold=threshold, dark=dark_theme(), font_size=chart_font_size(),
                log_loss=bool(settings.value("log_loss")))


def log_loss_toggle(container=st) -> bool:
    """The "Loss on a log scale" switch beside the training animation."""
    return bool(settings.widget("log_loss", container))


def _feature_choice(dataset: Dataset, container) -> tuple[int, ...]:
    names = dataset.feature_names
    if dataset.n_features <= 2:
        return tuple(range(dataset.n_features))
    indices = list(range(dataset.n_features))
    x_feature = container.selectbox("Feature across", indices, index=0, format_func=names.__getitem__, key="feature_x")
    y_feature = container.selectbox(
        "Feature up", [j for j in indices if j != x_feature], index=0, format_func=names.__getitem__, key="feature_y"
    )
    return (x_feature, y_feature)


def current_settings(kind: str = "binary") -> TrainingSettings:
    """The Train page's settings for pages without its controls: those of the link or last
    chosen in this session, else the defaults; for a model of this ``kind``."""
    return settings.training_settings(kind)
