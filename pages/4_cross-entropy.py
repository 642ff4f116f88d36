"""Cross-entropy: why this loss, point by point and against squared error."""

import numpy as np
import streamlit as st

from logreg_core import probabilities
from logreg_core.landscape import losses_along_weight
from logreg_core.loss import model_point_losses
from ui.concept_figures import losses_along_weight_figure, point_losses_figure, single_point_losses_figure
from ui.layout import chart_font_size, dark_theme, explain, page_setup, show_chart
from ui.models import fitted_model
from ui.state import binary_dataset
from ui.text import literal

page_setup("Cross-entropy", icon=":material/functions:")
dark = dark_theme()
font = chart_font_size()

st.title("Cross-entropy: how wrong is the model?")
explain(
    "Training needs one number that says how badly the model's probabilities fit the data. "
    "Cross-entropy scores each point by how surprised the model is by its real class: a "
    "point of class 1 given probability p costs −log p; a point of class 0 costs −log(1 − p). "
    "Confident and right costs almost nothing; confident and wrong costs without limit."
)
st.latex(r"\ell_i = -\big[\,y_i \log p_i + (1 - y_i)\log(1 - p_i)\,\big], \qquad J(w, b) = \frac{1}{n}\sum_{i=1}^{n} \ell_i")
st.markdown(
    "Minimising J is the same as maximising the likelihood "
    r"$L(w, b) = \prod_{i=1}^{n} p_i^{\,y_i}(1 - p_i)^{1 - y_i}$, since $J = -\tfrac{1}{n}\log L$."
)

p = st.slider("Predicted probability of class 1, p", 0.001, 0.999, 0.8, 0.001, key="ce_p", format="%.3f")
st.markdown(
    f"If the point is **class 1**, its loss is −log {p:.3f} = **{-np.log(p):.4f}**; "
    f"if it is **class 0**, its loss is −log(1 − {p:.3f}) = **{-np.log1p(-p):.4f}**."
)
show_chart(single_point_losses_figure(p, dark=dark, font_size=font), key="single_point_losses")

dataset = binary_dataset()
model = fitted_model(dataset)
st.subheader(f"Every point of {literal(dataset.name)}")
losses = model_point_losses(dataset.X, dataset.y, model.coef, model.intercept)
probability = probabilities(dataset.X, model.coef, model.intercept)
st.markdown(
    f"Under {model.source}, each bar is one point's loss, largest first; their mean is "
    f"J = **{losses.mean():.4f}**. Hover over a bar to see the point."
)
show_chart(point_losses_figure(dataset, losses, probability, dark=dark, font_size=font), key="point_losses")
worst = int(np.argmax(losses))
y_worst, p_worst = int(dataset.y[worst]), float(probability[worst])
# rows are numbered from 1, as the sums in the formulas count them
st.latex(
    rf"\ell_{{{worst + 1}}} = -\big[{y_worst}\log {p_worst:.4f} + (1 - {y_worst})\log(1 - {p_worst:.4f})\big]"
    rf" = {losses[worst]:.4f}, \qquad J = \frac{{1}}{{{dataset.n_rows}}}\sum_{{i=1}}^{{{dataset.n_rows}}} \ell_i"
    rf" = \frac{{{losses.sum():.4f}}}{{{dataset.n_rows}}} = {losses.mean():.4f}"
)
st.caption(
    f"The costliest point is row {worst + 1} (class {int(dataset.y[worst])}, given p = {probability[worst]:.3f}), "
    f"costing {losses[worst]:.3f}: {losses[worst] / losses.sum():.0%} of the total."
)

st.subheader("Why not squared error?")
st.markdown(
    "The squared error of the probabilities, (1/n) Σ (σ(zᵢ) − yᵢ)², looks like a natural "
    "choice. Through the sigmoid it is a poor one: each point's error is at most 1, and it "
    "flattens out once σ saturates, so a badly wrong point barely pulls on the weights and "
    "the curve is not convex, with plateaus where descent stalls. Cross-entropy is convex in "
    "the weights and keeps pulling in proportion to how wrong the model is."
)
names = [*(f"weight of {name}" for name in dataset.feature_names), "bias b"]
index = st.selectbox("Vary", range(len(names)), format_func=names.__getitem__, key="ce_weight")
centre = float(model.coef[index]) if index < dataset.n_features else model.intercept
spread = max(3 * abs(centre), 3.0 / (float(np.std(dataset.X[:, index])) if index < dataset.n_features else 1.0))
values = np.linspace(centre - spread, centre + spread, 301)
cross_entropy, squared_error = losses_along_weight(dataset.X, dataset.y, model.coef, model.intercept, index, values)
show_chart(
    losses_along_weight_figure(values, cross_entropy, squared_error, names[index], centre, dark=dark, font_size=font),
    key="losses_along_weight",
)
st.caption(f"Every other parameter is held at {model.source}; the dotted line marks its value of {literal(names[index])}.")
