"""Widgets for the settings, bound to the URL and kept across pages."""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from logreg_core import Dataset, TrainingSettings
from ui.figures import View
from ui.layout import dark_theme

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_STRENGTHS = (0.0, 0.0001, 0.001, 0.01, 0.1, 1.0)
DEFAULTS = TrainingSettings()
DEFAULT_THRESHOLD = 0.5


def _remember(key: str) -> None:
    """Restore a setting saved by another page, unless the URL sets it.

    Streamlit forgets a widget's value when its page is not shown; a copy under a key of
    our own survives, and is put back before the widget is drawn.
    """
    saved = f"saved.{key}"
    if key not in st.session_state and saved in st.session_state and key not in st.query_params:
        st.session_state[key] = st.session_state[saved]


def choice_from_url(key: str, options) -> None:
    """Seed a choice widget from the link's query parameter, by option key, not label.

    Streamlit's own binding writes a choice's displayed label into the URL; links are
    nicer with short keys ("?dataset=xor"), so choices with labels are bound here.
    """
    raw = st.query_params.get(key)
    if raw is None or key in st.session_state:
        return
    for option in options:
        if str(option) == raw:
            st.session_state[key] = option
            return


def choice_to_url(key: str, value, default) -> None:
    """Keep the link in step with a choice; the default is left out to keep links short."""
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def _save(key: str, value) -> None:
    st.session_state[f"saved.{key}"] = value


def _format_rate(value: float) -> str:
    return f"{value:g}"


def threshold_slider(container=st) -> float:
    """The "Threshold" slider: classify as 1 when σ(z) ≥ threshold. Shared by every page."""
    _remember("threshold")
    value = container.slider(
        "Threshold", min_value=0.01, max_value=0.99, value=DEFAULT_THRESHOLD, step=0.01, key="threshold",
        bind="query-params",
        help="A point is put in class 1 when its probability σ(z) is at least this. Moving it "
        "changes decisions and accuracy, never the trained weights.",
    )
    _save("threshold", value)
    return float(value)


def standardize_toggle(container=st) -> bool:
    """The "Standardise features" switch, shared by the Data and Train pages."""
    _remember("standardize")
    value = container.toggle(
        "Standardise features", value=DEFAULTS.standardize, key="standardize", bind="query-params",
        help="Descend on (x − mean) / standard deviation, so one learning rate suits every weight. "
        "Weights are still shown on the original scale.",
    )
    _save("standardize", value)
    return bool(value)


def training_controls(dataset: Dataset) -> tuple[TrainingSettings, View]:
    """Draw the Train page's controls and return the training settings and the view."""
    for key in ("learning_rate", "iterations", "l2", "seed"):
        _remember(key)
    with st.container(border=True):
        first, second, third, fourth = st.columns([1.2, 1.2, 1.0, 1.0])
        learning_rate = first.select_slider(
            "Learning rate", options=LEARNING_RATES, value=DEFAULTS.learning_rate, key="learning_rate",
            format_func=_format_rate, bind="query-params",
            help="η, the size of each step: w ← w − η ∇J. Too small crawls; too large overshoots.",
        )
        iterations = second.slider(
            "Iterations", min_value=10, max_value=3000, value=DEFAULTS.iterations, step=10, key="iterations",
            bind="query-params", help="How many gradient-descent steps to take at most.",
        )
        threshold = threshold_slider(third)
        l2 = fourth.select_slider(
            "L2 strength", options=L2_STRENGTHS, value=DEFAULTS.l2, key="l2", format_func=_format_rate,
            bind="query-params",
            help="λ in J + (λ/2)‖w‖². Pulls the weights toward 0; gives a finite fit on separable data.",
        )
        first, second, third, fourth = st.columns([1.2, 1.2, 1.0, 1.0])
        standardize = standardize_toggle(first)
        choice_from_url("start", ("zeros", "random"))
        start = second.radio(
            "Start weights", options=("zeros", "random"), index=0, key="start", horizontal=True,
            format_func={"zeros": "Zeros (as in the notes)", "random": "Random"}.__getitem__,
        )
        choice_to_url("start", start, DEFAULTS.start)
        seed = third.number_input(
            "Seed", min_value=0, max_value=1_000_000, value=DEFAULTS.seed, step=1, key="seed",
            bind="query-params", disabled=start != "random", help="Seed of the random start weights.",
        )
        features = _feature_choice(dataset, fourth)
    for key, value in (("learning_rate", learning_rate), ("iterations", iterations), ("l2", l2),
                       ("start", start), ("seed", seed)):
        _save(key, value)
    settings = TrainingSettings(
        learning_rate=float(learning_rate), iterations=int(iterations), l2=float(l2),
        standardize=bool(standardize), start=start, seed=int(seed),
    )
    return settings, View(features=features, threshold=threshold, dark=dark_theme())


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
    """The Train page's settings for pages without its controls: the link's values first,
    then those last chosen in this session, then the defaults."""
    values = {}
    for field in fields(TrainingSettings):
        if field.name == "tol":
            continue
        raw = st.query_params.get(field.name)
        if raw is not None:
            parsed = _parse_setting(field.name, raw)
            if parsed is not None:
                values[field.name] = parsed
                continue
        saved = st.session_state.get(f"saved.{field.name}")
        if saved is not None:
            values[field.name] = saved
    return TrainingSettings(**values)


def _parse_setting(name: str, raw: str):
    """A Train setting from its text in a link, or None when the text is not a valid value."""
    try:
        if name == "learning_rate":
            value = float(raw)
            return value if value in LEARNING_RATES else None
        if name == "l2":
            value = float(raw)
            return value if value in L2_STRENGTHS else None
        if name == "iterations":
            value = int(raw)
            return value if 10 <= value <= 3000 else None
        if name == "seed":
            value = int(raw)
            return value if 0 <= value <= 1_000_000 else None
        if name == "standardize":
            return {"true": True, "false": False}.get(raw.lower())
        if name == "start":
            return raw if raw in ("zeros", "random") else None
    except ValueError:
        return None
    return None
