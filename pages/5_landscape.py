"""Loss landscape: where gradient descent walks, at several learning rates."""

import numpy as np
import streamlit as st

from logreg_core.landscape import plane_descent, plane_loss_grid, plane_smoothness
from ui import messages
from ui.concept_figures import landscape_figure, loss_curves_figure
from ui.controls import current_settings
from ui.landscape_view import parameter_span, plot_grid, start_value
from ui.layout import chart_font_size, dark_theme, explain, page_setup, show_chart
from ui.models import fitted_model
from ui.state import binary_dataset
from ui.text import literal

page_setup("Loss landscape", icon=":material/landscape:")
dark = dark_theme()
font = chart_font_size()

st.title("The loss landscape: where gradient descent walks")
explain(
    "J is a function of all the parameters at once. Hold all but two of them still and it "
    "becomes a surface over a plane: its contour lines join parameter values with equal "
    "loss. Gradient descent starts somewhere on it and steps straight downhill, across the "
    "contours; the learning rate decides how far each step goes."
)

dataset = binary_dataset()
model = fitted_model(dataset)
l2 = current_settings().l2
m = dataset.n_features
names = [*(f"w of {name}" for name in dataset.feature_names), "bias b"]
shown = list(range(min(m, 6)))
pairs = [(i, j) for i in shown for j in shown if i < j] + [(i, m) for i in shown]
pair = st.selectbox(
    "Parameters on the axes", pairs, index=0, key="landscape_pair",
    format_func=lambda pair: f"{names[pair[0]]} and {names[pair[1]]}",
)
others = [names[k] for k in range(m + 1) if k not in pair]
base = np.r_[model.coef, model.intercept]
st.caption(
    (f"{literal(', '.join(others))} {'is' if len(others) == 1 else 'are'} held at {model.source}. " if others else "")
    + "Descent here moves only the two parameters on the axes, so its path lies on the surface drawn."
)

left, middle, right = st.columns(3)
span = [parameter_span(dataset.X, base, k) for k in pair]
start_first = left.slider(f"Start {literal(names[pair[0]])}", float(base[pair[0]] - span[0]), float(base[pair[0]] + span[0]),
                          start_value(base, span[0], pair[0]), key=f"landscape_start_{pair}_0")
start_second = middle.slider(f"Start {literal(names[pair[1]])}", float(base[pair[1]] - span[1]), float(base[pair[1]] + span[1]),
                             start_value(base, span[1], pair[1]), key=f"landscape_start_{pair}_1")
iterations = right.slider("Steps", 10, 1000, 200, 10, key="landscape_steps")

smooth = plane_smoothness(dataset.X, pair, l2)
FACTORS = (0.05, 0.3, 1.0, 3.0, 8.0, 30.0, 100.0)
factors = st.multiselect(
    "Learning rates, as multiples of 1/L", FACTORS, default=[0.05, 1.0, 8.0, 100.0], key="landscape_rates",
    format_func=lambda f: f"{f:g}/L  (η = {f / smooth:.3g})",
    help=f"L = {smooth:.4g} bounds the curvature of J on this plane: any rate below 2/L lowers the loss at every step.",
)
surface = st.toggle("3-D surface", key="landscape_surface")

paths = [
    plane_descent(dataset.X, dataset.y, model.coef, model.intercept, pair, (start_first, start_second),
                  learning_rate=factor / smooth, iterations=iterations, l2=l2)
    for factor in sorted(factors)
]
first, second = plot_grid(base, pair, span, (start_first, start_second), tuple(path.path for path in paths))
grid = plane_loss_grid(dataset.X, dataset.y, model.coef, model.intercept, pair, first, second, l2=l2)
optimum = (float(base[pair[0]]), float(base[pair[1]])) if model.exact else None
show_chart(
    landscape_figure(first, second, grid, paths, (names[pair[0]], names[pair[1]]), optimum, surface=surface, dark=dark, font_size=font),
    key="landscape",
)
if not model.exact:
    st.caption("No point is marked as the minimum: these data are separable, so J has none on this plane.")

if paths:
    first_path = paths[0]
    st.latex(
        r"\theta^{(k+1)} = \theta^{(k)} - \eta\,\nabla_\theta J, \qquad \theta^{(0)} = "
        rf"({start_first:.3g},\ {start_second:.3g}), \quad \eta = {first_path.learning_rate:.3g}"
        rf" \;\Rightarrow\; \theta^{{(1)}} = ({first_path.path[min(1, len(first_path.path) - 1), 0]:.4g},\ "
        rf"{first_path.path[min(1, len(first_path.path) - 1), 1]:.4g})"
    )

st.subheader("The loss per step, for each rate")
show_chart(loss_curves_figure(paths, dark=dark, font_size=font), key="landscape_losses")
for path in paths:
    st.markdown(f"- **η = {path.learning_rate:.3g}**: {messages.plane_outcome(path)}; final loss {path.loss[-1]:.4g}.")
st.caption(
    "Too small a rate crawls; around 1/L it walks steadily downhill; larger rates overshoot across "
    "the valley and zigzag; far too large, each step lands higher than the last and the run diverges."
)
