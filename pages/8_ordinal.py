"""Ordinal: ordered categories as a latent logistic score cut by thresholds."""

import numpy as np
import pandas as pd
import streamlit as st

from logreg_core import sigmoid
from ui.figures.ordinal_concept import (
    category_curves_figure,
    category_probabilities,
    cumulative_logit_figure,
    latent_density_figure,
)
from ui.layout import chart_font_size, dark_theme, explain, page_setup, show_chart

page_setup("Ordinal regression", icon=":material/stairs:")
dark = dark_theme()
font = chart_font_size()

st.title("Ordinal regression: one score, cut into ordered categories")
explain(
    "Some outcomes come in an order: unlikely < somewhat likely < very likely, or a rating from 1 to 5. "
    "The ordinal (proportional-odds) model imagines a hidden score y* = x·β + ε, with ε drawn from the "
    "logistic distribution, and cut-points θ₁ < θ₂ < … that slice the hidden scale into the categories: "
    "the category is j when y* falls between θ_(j−1) and θ_j. So the probability of each category is "
    "the area of the logistic density, centred at η = x·β, between two neighbouring cut-points."
)
st.latex(r"P(y \le j \mid x) = \sigma(\theta_j - x\cdot\beta), \qquad \theta_0 = -\infty,\ \theta_K = +\infty")
st.latex(r"P(y = j \mid x) = \sigma(\theta_j - x\cdot\beta) - \sigma(\theta_{j-1} - x\cdot\beta)")

LEVEL_NAMES = ("1", "2", "3", "4", "5", "6")
n_classes = st.slider("Number of categories K", 2, 6, 4, key="ordinal_k",
                      help="K ordered categories need K − 1 cut-points.")
names = list(LEVEL_NAMES[:n_classes])
left, right = st.columns(2)
beta = left.slider("Slope β", -3.0, 3.0, 1.0, step=0.05, key="ordinal_beta",
                   help="How far one unit of x moves the score η = x·β along the latent scale.")
x = right.slider("Feature value x", -4.0, 4.0, 0.5, step=0.05, key="ordinal_x")
defaults = np.linspace(-2.0, 2.0, n_classes - 1) if n_classes > 2 else np.array([0.0])
columns = st.columns(n_classes - 1)
chosen = np.array([
    column.slider(f"Cut-point θ{j + 1}", -6.0, 6.0, float(round(defaults[j], 2)), step=0.05, key=f"ordinal_theta{j + 1}")
    for j, column in enumerate(columns)
])
cutpoints = np.sort(chosen)
if np.any(np.diff(chosen) < 0):
    st.warning("The cut-points must increase (θ₁ < θ₂ < …): they are used in sorted order here. "
               "Training never has this problem: descent moves the gaps between cut-points, which stay positive.")
if np.any(np.diff(cutpoints) == 0):
    st.info("Two cut-points are equal, so the category between them has probability 0.")

eta = beta * x
probability = category_probabilities(eta, cutpoints)
show_chart(latent_density_figure(eta, cutpoints, names, font_size=font, dark=dark), key="ordinal_density")
most_likely = int(np.argmax(probability))
st.markdown(
    f"#### Most likely category: {names[most_likely]} (P = {probability[most_likely]:.3f})\n"
    f"The score is η = x·β = {x:g} × {beta:g} = {eta:.3g}. Moving x or β slides the density along the "
    "latent scale; moving a cut-point moves one boundary between categories."
)
cumulative = np.cumsum(probability)[:-1]
st.table(pd.DataFrame({
    "category": names,
    "P(y = j)": [f"{p:.4f}" for p in probability],
    "P(y ≤ j) = σ(θ_j − η)": [f"{c:.4f}" for c in cumulative] + ["1"],
}).set_index("category"))

st.subheader("Along the feature")
show_chart(category_curves_figure(beta, cutpoints, x, (-4.0, 4.0), names, font_size=font, dark=dark),
           key="ordinal_curves")
st.caption("The lowest category dominates at one end, the highest at the other, and each middle category "
           "rises and falls in between: in order, as the categories are.")

st.subheader("Why one slope for all the cut-points")
explain(
    "Each cut j asks a yes/no question, 'is y above category j?', and on the log-odds scale every one of "
    "these questions gets the same slope β: only the cut-point θ_j differs. The cumulative log-odds are "
    "parallel lines. That is the proportional-odds assumption: one unit more of x multiplies the odds of "
    "being above any cut by the same factor e^β. It spends one parameter per feature instead of K − 1, "
    "and it keeps the categories in order. Whether data agree is checked on the Evaluate page: the K − 1 "
    "separate yes/no fits should have about the same slope (the Brant test asks exactly this)."
)
show_chart(cumulative_logit_figure(beta, cutpoints, (-4.0, 4.0), names, font_size=font, dark=dark),
           key="ordinal_cumulative")
with np.errstate(over="ignore"):
    factor = float(np.exp(beta))
st.markdown(f"With β = {beta:g}, one unit more of x multiplies the odds of being above every cut by "
            f"e^β = {factor:.3g}.")
st.caption("Sign convention: this page, R (polr, clm), Stata (ologit) and statsmodels (OrderedModel) write "
           "θ_j − x·β, so a positive β moves towards the higher categories; SAS and some textbooks write "
           "θ_j + x·β, which flips the sign of every β.")

st.subheader("Two categories: binary logistic regression")
if n_classes == 2:
    theta = float(cutpoints[0])
    st.markdown(
        f"With K = 2 there is one cut-point, and P(y = 2) = 1 − σ(θ₁ − x·β) = σ(x·β − θ₁): binary "
        f"logistic regression with weight w = β and intercept b = −θ₁ = {-theta:.3g}. Here "
        f"P(y = 2) = σ({eta:.3g} − {theta:.3g}) = {float(sigmoid(eta - theta)):.4f}, the same as the "
        f"binary model's σ(w·x + b)."
    )
else:
    st.markdown(
        "Set K = 2 above: with one cut-point, P(y = 2) = σ(x·β − θ₁), which is binary logistic regression "
        "with weight w = β and intercept b = −θ₁. The ordinal model is its extension to more ordered classes."
    )
