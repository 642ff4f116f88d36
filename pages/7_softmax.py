"""Softmax: K scores become K probabilities; two classes give back the sigmoid."""

import numpy as np
import streamlit as st

from logreg_core import log_sum_exp, sigmoid, softmax
from ui.kinds.softmax_figures import cost_curve_figure, softmax_bars_figure
from ui.layout import chart_font_size, dark_theme, explain, page_setup, show_chart

page_setup("Softmax", icon=":material/bar_chart:")
dark = dark_theme()
font = chart_font_size()

st.title("Softmax: from K scores to K probabilities")
explain(
    "A multinomial model gives every class k a score $z_k = w_k \\cdot x + b_k$. The softmax turns the "
    "scores into probabilities: each is positive, they sum to 1, and the largest score gets the largest "
    "probability. Move the scores and watch the probabilities share out."
)
st.latex(r"p_k = \operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}")

K = st.slider("Number of classes K", 2, 6, 3, key="softmax_classes")
defaults = (2.0, 1.0, -0.5, 0.0, 0.5, -1.0)
columns = st.columns(K)
scores = np.array([columns[k].slider(f"Score z{k + 1}", -8.0, 8.0, defaults[k], 0.1, key=f"softmax_z{k}")
                   for k in range(K)])
left, right = st.columns(2)
shift = left.slider("Add c to every score", -5.0, 5.0, 0.0, 0.5, key="softmax_shift",
                    help="Shifting every score by the same amount changes no probability.")
true_class = right.selectbox("The point's true class", list(range(K)), format_func=lambda k: f"class {k + 1}",
                             key="softmax_true")
shifted = scores + shift
probability = softmax(shifted)
show_chart(softmax_bars_figure(shifted, true_class, font_size=font, dark=dark), key="softmax_bars")

exponentials = " + ".join(f"e^{{{z:.2f}}}" for z in shifted)
total = float(np.exp(log_sum_exp(shifted)))
st.latex(
    rf"p_{{{true_class + 1}}} = \frac{{e^{{{shifted[true_class]:.2f}}}}}{{{exponentials}}}"
    rf" = \frac{{{np.exp(shifted[true_class]):.4g}}}{{{total:.4g}}} = {probability[true_class]:.4f}"
)

st.subheader("Adding a constant changes nothing")
unshifted = softmax(scores)
st.latex(
    r"\frac{e^{z_k + c}}{\sum_j e^{z_j + c}} = \frac{e^{c}\,e^{z_k}}{e^{c}\sum_j e^{z_j}} = \frac{e^{z_k}}{\sum_j e^{z_j}}"
)
st.markdown(
    f"With c = {shift:g}: the probabilities are "
    + ", ".join(f"{value:.4f}" for value in probability)
    + "; without it: " + ", ".join(f"{value:.4f}" for value in unshifted)
    + f" (largest difference {np.max(np.abs(probability - unshifted)):.1e}). "
    "So only differences between scores matter: a model can fix one class's scores at 0, the reference class, "
    "and statistics packages report K − 1 coefficient vectors against it."
)

st.subheader("Two classes: the sigmoid of the difference")
st.latex(r"\frac{e^{z_2}}{e^{z_1} + e^{z_2}} = \frac{1}{1 + e^{-(z_2 - z_1)}} = \sigma(z_2 - z_1)")
z1, z2 = float(shifted[0]), float(shifted[1])
two = softmax(np.array([z1, z2]))[1]
st.latex(
    rf"\text{{with }} z_1 = {z1:.2f},\ z_2 = {z2:.2f}:\quad \operatorname{{softmax}}(z_1, z_2)_2 = {two:.6f}"
    rf" = \sigma({z2:.2f} - ({z1:.2f})) = \sigma({z2 - z1:.2f}) = {float(sigmoid(z2 - z1)):.6f}"
)
st.caption("Binary logistic regression is the multinomial model with two classes and the first as reference: "
           "z₁ = 0, so P(class 2) = σ(z₂).")

st.subheader("The cost of one point: −log p of its true class")
cost = float(log_sum_exp(shifted) - shifted[true_class])
st.latex(
    rf"\ell = -\log p_{{{true_class + 1}}} = \log\sum_j e^{{z_j}} - z_{{{true_class + 1}}}"
    rf" = {float(log_sum_exp(shifted)):.4f} - ({shifted[true_class]:.2f}) = {cost:.4f}"
)
show_chart(cost_curve_figure(float(probability[true_class]), font_size=font, dark=dark), key="softmax_cost")
st.caption("The multinomial cross-entropy averages this cost over the rows. Computed as log-sum-exp minus the "
           "true score, it stays exact even when p rounds to 0.")
