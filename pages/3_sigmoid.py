"""Sigmoid: the score, the probability, the odds and the log-odds, linked."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from logreg_core import logit, odds, odds_from_score, sigmoid
from ui import settings
from ui.concept_figures import one_feature_sigmoid_figure, sigmoid_point_figure
from ui.controls import threshold_slider
from ui.layout import chart_font_size, dark_theme, explain, page_setup, show_chart
from ui.models import fitted_model
from ui.state import binary_dataset
from ui.text import literal

page_setup("Sigmoid", icon=":material/show_chart:")
dark = dark_theme()
font = chart_font_size()

st.title("The sigmoid: from a score to a probability")
explain(
    "The model first adds up evidence into one score z = w·x + b, any real number. The "
    "sigmoid squeezes that score into a probability between 0 and 1. Large positive scores "
    "give probabilities near 1, large negative ones near 0, and z = 0 gives exactly one half."
)
st.latex(r"\sigma(z) = \frac{1}{1 + e^{-z}} = \frac{e^{z}}{1 + e^{z}}, \qquad P(y = 1) = \sigma(z), \qquad P(y = 0) = 1 - \sigma(z) = \sigma(-z)")

# The three linked views of one number: moving one sets the other two.
Z_RANGE, P_RANGE = (-10.0, 10.0), (0.0001, 0.9999)


def linked_values(z: float) -> dict[str, float]:
    """The three inputs' values for a log-odds z, rounded as the inputs show them."""
    return {"sigmoid_z": min(Z_RANGE[1], max(Z_RANGE[0], round(z, 2))),
            "sigmoid_p": min(P_RANGE[1], max(P_RANGE[0], round(float(sigmoid(z)), 4))),
            "sigmoid_odds": round(float(odds_from_score(z)), 4)}


def set_inputs(z: float, keep: str) -> None:
    for key, linked in linked_values(z).items():
        if key != keep:
            settings.set_local(key, linked)


if not settings.has_local("sigmoid_z"):
    set_inputs(1.0, keep="")


def from_z() -> None:
    set_inputs(settings.local("sigmoid_z"), keep="sigmoid_z")


def from_p() -> None:
    set_inputs(float(logit(settings.local("sigmoid_p"))), keep="sigmoid_p")


def from_odds() -> None:
    set_inputs(math.log(settings.local("sigmoid_odds")), keep="sigmoid_odds")


left, middle, right, far = st.columns(4)
z = left.slider("Log-odds z", -10.0, 10.0, step=0.01, key="sigmoid_z", on_change=from_z,
                help="The score: z = log(p / (1 − p)).")
p_value = middle.number_input("Probability p = σ(z)", 0.0001, 0.9999, step=0.001, format="%.4f", key="sigmoid_p",
                              on_change=from_p)
odds_value = right.number_input("Odds p / (1 − p) = eᶻ", 0.0001, 30000.0, step=0.1, format="%.4f", key="sigmoid_odds",
                                on_change=from_odds)
with far:
    threshold = threshold_slider()

p = float(sigmoid(z))
decided = 1 if p >= threshold else 0
relation = "≥" if decided else "<"
st.markdown(
    f"#### Class {decided}, because σ({z:g}) = {p:.4f} {relation} {threshold:g}\n"
    f"Odds {float(odds_from_score(z)):.4g} to 1: class 1 is {float(odds_from_score(z)):.4g} times as likely as class 0."
)
st.latex(
    rf"\sigma({z:g}) = \frac{{1}}{{1 + e^{{{-z:g}}}}} = \frac{{1}}{{1 + {float(odds_from_score(-z)):.4g}}} = {p:.4f}, \qquad"
    rf"\frac{{p}}{{1 - p}} = \frac{{{p:.4f}}}{{{1 - p:.4f}}} = e^{{{z:g}}} = {float(odds_from_score(z)):.4g}"
)
show_chart(sigmoid_point_figure(z, threshold, dark=dark, font_size=font), key="sigmoid_point")

with st.expander("Matching values of probability, odds and log-odds", expanded=True):
    probabilities = np.array([0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99])
    st.table(pd.DataFrame({
        "probability p": [f"{v:g}" for v in probabilities],
        "odds p / (1 − p)": [f"{v:.4g}" for v in odds(probabilities)],
        "log-odds z = log(odds)": [f"{v:+.3f}" for v in logit(probabilities)],
    }).set_index("probability p"))
    st.caption(
        "Probability and log-odds carry the same information: p = 0.5 is z = 0, and swapping "
        "p for 1 − p flips the sign of z. Each step of 1 in z multiplies the odds by e ≈ 2.718."
    )

dataset = binary_dataset()
st.subheader(f"In the model of the active dataset: {literal(dataset.name)}")
model = fitted_model(dataset, settings.widget("fit"))
st.markdown(f"**Model shown: {model.heading}.**")
if model.fallback:
    st.caption(f"The exact fit was chosen, but {model.fallback}: showing the trained model instead.")
if dataset.n_features == 1:
    st.markdown(
        "With one feature the whole model is one sigmoid over the feature. Move w and b: w "
        "sets how steep the step is (and its direction), b slides it sideways."
    )
    limit = max(1.0, 3 * abs(float(model.coef[0])))
    first, second = st.columns(2)
    w = first.slider("Weight w", -limit, limit, float(model.coef[0]), step=limit / 200, key="sigmoid_w")
    b_limit = max(1.0, 3 * abs(model.intercept))
    b = second.slider("Bias b", -b_limit, b_limit, float(model.intercept), step=b_limit / 200, key="sigmoid_b")
    show_chart(one_feature_sigmoid_figure(dataset, w, b, threshold, dark=dark, font_size=font), key="one_feature_sigmoid")
    st.caption(f"The sliders start at {model.source}: w = {model.coef[0]:.4g}, b = {model.intercept:.4g}.")
else:
    st.caption(
        "Pick a one-feature dataset on the Data page (Hours studied, Challenger O-rings) to move w "
        "and b by hand and watch the sigmoid over the data."
    )

st.markdown(f"**What each weight means** (from {model.source}):")
rows = []
for name, w in zip(dataset.feature_names, model.coef):
    factor = float(odds_from_score(w))  # inf past the float range
    rows.append({
        "feature": literal(name),  # st.table reads Markdown
        "weight w": f"{w:.4g}",
        "e^w": f"{factor:.4g}",
        "one unit more of the feature…": (
            f"multiplies the odds of {literal(dataset.class_names[1])} by e^{w:.3g} = {factor:.3g}"
            + (f" (+{factor - 1:.0%})" if 1 < factor < 10 else (f" ({factor - 1:.0%})" if factor < 1 else ""))
        ),
    })
st.table(pd.DataFrame(rows).set_index("feature"))
if not model.exact and model.fallback and "separable" in model.fallback:
    st.caption(
        "These data are perfectly separable: the weights keep growing with more descent steps, so "
        "these factors describe where descent stopped, not a final answer."
    )
