"""Widgets for the settings, bound to the URL and kept across pages."""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from logreg_core import Dataset, TrainingSettings
from ui import links
from ui.figures import View
from ui.layout import chart_font_size, dark_theme, hidden_controls
from ui.links import L2_STRENGTHS, LEARNING_RATES

DEFAULTS = TrainingSettings()
DEFAULT_THRESHOLD = 0.5


def _remember(key: str) -> None:
    """Restore a setting saved by another page (page_setup has put a new link's values there).

    Streamlit forgets a widget's value when its page is not shown; a copy under a key of
    our own survives, and is put back before the widget is drawn.
    """
    saved = f"saved.{key}"
    if key in st.session_state:
        # re-assigning keeps the value when the widget is drawn by another page (a new widget id)
        st.session_state[key] = st.session_state[key]
    elif saved in st.session_state:
        st.session_state[key] = st.session_state[saved]


def _save(key: str, value) -> None:
    st.session_state[f"saved.{key}"] = value


def _format_rate(value: float) -> str:
    return f"{value:g}"


def threshold_slider(container=st) -> float:
    """The "Threshold" slider: classify as 1 when σ(z) ≥ threshold. Shared by every page."""
    _remember("threshold")
    value = container.slider(
        "Threshold", min_value=0.01, max_value=0.99, value=DEFAULT_THRESHOLD, step=0.01, key="threshold",
        help="A point is put in class 1 when its probability σ(z) is at least this. Moving it "
        "changes decisions and accuracy, never the trained weights.",
    )
    _save("threshold", value)
    return float(value)


def standardize_toggle(container=st) -> bool:
    """The "Standardise features" switch, shared by the Data and Train pages."""
    _remember("standardize")
    value = container.toggle(
        "Standardise features", value=DEFAULTS.standardize, key="standardize",
        help="Descend on (x − mean) / standard deviation, so one learning rate suits every weight. "
        "Weights are still shown on the original scale.",
    )
    _save("standardize", value)
    return bool(value)


def training_controls(dataset: Dataset) -> tuple[TrainingSettings, tuple[int, ...]]:
    """Draw the Train page's training controls; return the settings and the features to show.

    The threshold is not among them: it changes the view, not the training, so the page
    draws it beside the chart (see train_threshold).
    """
    for key in ("learning_rate", "iterations", "l2", "seed"):
        _remember(key)
    hidden = hidden_controls()

    def shown(key: str, draw, default):
        return _linked_value(key, default) if key in hidden else draw()

    with st.container(border=True):
        first, second, third = st.columns(3)
        learning_rate = shown("learning_rate", lambda: first.select_slider(
            "Learning rate", options=LEARNING_RATES, value=DEFAULTS.learning_rate, key="learning_rate",
            format_func=_format_rate,
            help="η, the size of each step: w ← w − η ∇J. Too small crawls; too large overshoots.",
        ), DEFAULTS.learning_rate)
        iterations = shown("iterations", lambda: second.slider(
            "Iterations", min_value=10, max_value=3000, value=DEFAULTS.iterations, step=10, key="iterations",
            help="How many gradient-descent steps to take at most.",
        ), DEFAULTS.iterations)
        l2 = shown("l2", lambda: third.select_slider(
            "L2 strength", options=L2_STRENGTHS, value=DEFAULTS.l2, key="l2", format_func=_format_rate,
            help="λ in J + (λ/2)‖w‖². Pulls the weights toward 0; gives a finite fit on separable data.",
        ), DEFAULTS.l2)
        first, second, third, fourth = st.columns([1.5, 1.3, 0.9, 1.0])
        standardize = shown("standardize", lambda: standardize_toggle(first), DEFAULTS.standardize)

        def start_radio():
            _remember("start")
            value = second.radio(
                "Start weights", options=("zeros", "random"), index=0, key="start", horizontal=True,
                format_func={"zeros": "Zeros (as in the notes)", "random": "Random"}.__getitem__,
            )
            _save("start", value)
            return value

        start = shown("start", start_radio, DEFAULTS.start)
        seed = shown("seed", lambda: third.number_input(
            "Seed", min_value=0, max_value=1_000_000, value=DEFAULTS.seed, step=1, key="seed",
            disabled=start != "random", help="Seed of the random start weights.",
        ), DEFAULTS.seed)
        features = _feature_choice(dataset, fourth)
    for key, value in (("learning_rate", learning_rate), ("iterations", iterations), ("l2", l2),
                       ("start", start), ("seed", seed)):
        _save(key, value)
    settings = TrainingSettings(
        learning_rate=float(learning_rate), iterations=int(iterations), l2=float(l2),
        standardize=bool(standardize), start=start, seed=int(seed),
    )
    return settings, features


def train_threshold() -> float:
    """The Train page's threshold: its slider, or the link's value when the link hides it."""
    if "threshold" in hidden_controls():
        return _linked_value("threshold", DEFAULT_THRESHOLD)
    return threshold_slider()


def animation_view(features: tuple[int, ...], threshold: float) -> View:
    """What the training animation shows, in the page's theme and presentation mode."""
    return View(features=features, threshold=threshold, dark=dark_theme(), font_size=chart_font_size())


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


def current_settings() -> TrainingSettings:
    """The Train page's settings for pages without its controls: those of the link (which
    page_setup has applied) or last chosen in this session, else the defaults."""
    values = {}
    for field in fields(TrainingSettings):
        saved = st.session_state.get(f"saved.{field.name}")
        if saved is not None:
            values[field.name] = saved
    return TrainingSettings(**values)


def _linked_value(key: str, default):
    """The value of a control the link hides: the link's, else this session's, else the default."""
    raw = st.query_params.get(key)
    parsed = links.parse(key, raw) if raw is not None else None
    if parsed is not None:
        return parsed
    return st.session_state.get(f"saved.{key}", default)
