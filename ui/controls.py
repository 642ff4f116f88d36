"""Widgets for the settings, drawn from the registry (ui.settings), bound to the link and kept across pages."""

from __future__ import annotations

import streamlit as st

from logreg_core import Dataset, TrainingSettings
from ui import settings
from ui.figures import View
from ui.layout import chart_font_size, dark_theme
from ui.state import stable_rate, training_run
from ui.train_view import largest_option_below, strongest_features


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
        rate_column, second, third = st.columns(3)
        shown("learning_rate", rate_column)
        shown("iterations", second)
        shown("l2", third)
        first, second, third, fourth = st.columns([1.5, 1.3, 0.9, 1.0])
        shown("standardize", first)
        start = shown("start", second)
        shown("seed", third, disabled=start != "random")
        chosen = settings.training_settings(dataset.kind)
        # the binary model's weights rank the features; the other kinds start on the first two
        strongest = strongest_features(training_run(dataset, chosen), dataset.X) if dataset.kind == "binary" \
            else (0, 1)
        features = _feature_choice(dataset, fourth, strongest)
        if "learning_rate" not in hidden:
            rate_column.caption(stable_rate_note(dataset, chosen))
    return chosen, features


def stable_rate_note(dataset: Dataset, chosen: TrainingSettings) -> str:
    """The largest stable learning rate for these data and settings, in a sentence under the slider."""
    bound = stable_rate(dataset, chosen)
    scale = "standardised" if chosen.standardize else "raw"
    verdict = "" if chosen.learning_rate < bound else " The rate chosen is above it: descent may diverge."
    return f"Stable below η = {bound:.3g} for these data ({scale} features).{verdict}"


def use_stable_rate_button(dataset: Dataset, chosen: TrainingSettings, container=st, key: str = "use_stable_rate") -> None:
    """After a diverged run: one press sets the learning rate to the largest option below the stable bound."""
    bound = stable_rate(dataset, chosen)
    option = largest_option_below(bound, settings.SETTINGS["learning_rate"].options)
    if option is None:
        container.caption(f"Even the smallest learning rate is above the stable bound η = {bound:.3g}: "
                          "standardise the features.")
        return
    container.button(f"Use learning rate {option:g} (stable below {bound:.3g})", key=key, type="primary",
                     icon=":material/south:", on_click=settings.set_value, args=("learning_rate", option),
                     help="For the mean cross-entropy the curvature is at most λmax(XᵀX)/(4n), so a step below "
                     "8n/λmax(XᵀX) cannot overshoot so far that the loss rises.")


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


def _feature_choice(dataset: Dataset, container, strongest: tuple[int, int]) -> tuple[int, ...]:
    """The two features the panel shows: at first those with the largest standardised coefficients.
    An ordinal model's figure runs along one feature: that one alone."""
    names = dataset.feature_names
    indices = list(range(dataset.n_features))
    if dataset.kind == "ordinal":
        if dataset.n_features == 1:
            return (0,)
        return (int(container.selectbox(
            "Probabilities along", indices, index=0, format_func=names.__getitem__, key="ordinal_feature",
            help="The top-right panel draws each category's probability along this feature, the other "
                 "features at their means.")),)
    if dataset.n_features <= 2:
        return tuple(range(dataset.n_features))
    x_feature = container.selectbox("Feature across", indices, index=strongest[0], format_func=names.__getitem__,
                                    key="feature_x", help="At first the two features with the largest standardised "
                                    "coefficients: the ones the model leans on most.")
    others = [j for j in indices if j != x_feature]
    y_default = others.index(strongest[1]) if strongest[1] in others else 0
    y_feature = container.selectbox("Feature up", others, index=y_default, format_func=names.__getitem__,
                                    key="feature_y")
    return (x_feature, y_feature)


def current_settings(kind: str = "binary") -> TrainingSettings:
    """The Train page's settings for pages without its controls: those of the link or last
    chosen in this session, else the defaults; for a model of this ``kind``."""
    return settings.training_settings(kind)
