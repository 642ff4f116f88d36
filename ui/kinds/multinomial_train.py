"""The Train page for a multinomial model: the animation, the status, descent beside the exact fit."""

from __future__ import annotations

import numpy as np
import streamlit as st

from logreg_core import Dataset, TrainingRun, TrainingSettings
from logreg_core.objective import Objective
from ui import messages, settings
from ui.animation import show_animation
from ui.figures.multinomial import MultinomialView, multinomial_animation
from ui.kinds.multinomial_tables import descent_against_exact_fit, separable_classes
from ui.layout import chart_font_size, dark_theme, explain
from ui.state import model_notices, reference_class, training_run
from ui.text import literal, plotly_literal

STATUS_STYLES = {"converged": st.success, "improving": st.info, "separated": st.warning,
                 "oscillating": st.warning, "diverged": st.error}
STATUS_ICONS = {"converged": ":material/check_circle:", "improving": ":material/trending_down:",
                "separated": ":material/call_split:", "oscillating": ":material/swap_vert:",
                "diverged": ":material/warning:"}


def plotly_text(text: str) -> str:
    """Text from a file made safe for Plotly's strings (tags, entities, $ and % shown as typed)."""
    return plotly_literal(text)


@st.cache_resource(max_entries=32, show_spinner=False)
def _separable(fingerprint: str, _dataset: Dataset) -> list[str]:
    return separable_classes(_dataset)


@st.cache_resource(max_entries=64, show_spinner=False)
def _figure(fingerprint: str, settings_: TrainingSettings, view: MultinomialView, test_fingerprint: str | None,
            _dataset: Dataset, _run: TrainingRun, _test: Dataset | None):
    return multinomial_animation(_dataset, _run, view, test=_test, escape=plotly_text)


def introduce(dataset: Dataset) -> None:
    """What no training setting changes, above the training controls: notices about the link,
    the decision rule and what the animation shows."""
    for notice in model_notices(dataset):
        st.warning(literal(notice), icon=":material/link_off:")
    threshold = settings.value("threshold")
    if threshold != settings.SETTINGS["threshold"].default:
        st.info(f"The threshold ({threshold:g}) does not apply to a multinomial model and is ignored: the class "
                "with the highest probability wins.", icon=":material/info:")
    explain(
        f"Multinomial logistic regression gives each of the {dataset.n_classes} classes a score "
        r"$z_k = w_k \cdot x + b_k$ and turns the scores into probabilities with the softmax, "
        r"$p_k = e^{z_k} / \sum_j e^{z_j}$. **The class with the highest probability wins**: there is no threshold. "
        "Press **▶ Play** under the chart: each frame is one iteration of gradient descent on the "
        "cross-entropy, and the regions, the curves and the readout move together."
    )


def render(dataset: Dataset, test: Dataset | None, training: TrainingSettings, features: tuple[int, ...]) -> None:
    """The multinomial Train section, below the page's title and training controls."""
    run = training_run(dataset, training)
    reference = reference_class(dataset)
    separable = _separable(dataset.fingerprint, dataset)
    headline, detail = messages.multinomial_status(run.status, [literal(name) for name in separable])
    STATUS_STYLES[run.status.kind](f"**{headline}** {detail}", icon=STATUS_ICONS[run.status.kind])

    point = int(st.columns([1, 2])[0].number_input(
        "Point in the readout (row number)", min_value=1, max_value=dataset.n_rows, value=1, step=1,
        key="multinomial_point", help="The row whose scores and softmax the readout works through.")) - 1
    view = MultinomialView(features=features, point=point, reference=reference, font_size=chart_font_size(),
                           dark=dark_theme())
    # The chart's place; it is drawn last. The browser lays out the tables and formulas below
    # while the server builds the figure, instead of after the player has drawn it and before
    # the page is painted (on 10,000 rows the formulas cost some 20 ms of a press).
    chart = st.container()
    st.caption(animation_notes(dataset, test, training, features))

    left, right = st.columns(2, gap="large")
    with left:
        exact_fit_section(dataset, run, reference)
    with right:
        step_inspector(dataset, run, reference)
    with chart:
        show_animation(_figure(dataset.fingerprint, training, view, None if test is None else test.fingerprint,
                               dataset, run, test), key="training_animation")


def conclude(dataset: Dataset) -> None:
    """Below the section: why only the differences between classes' weights are determined."""
    reference = reference_class(dataset)
    st.info(
        "Adding the same vector to every class's weights (and the same number to every intercept) "
        "adds the same amount to every score, so no probability changes: "
        r"$e^{z_k + c} / \sum_j e^{z_j + c} = e^{z_k} / \sum_j e^{z_j}$. Only differences between classes are determined. That is why statistics "
        f"packages fix one class's weights at 0 and report K − 1 = {dataset.n_classes - 1} coefficient vectors "
        f"against it (here the reference class is {literal(dataset.class_names[reference])}), while other "
        "descent codes may move all K.",
        icon=":material/functions:",
    )


def animation_notes(dataset: Dataset, test: Dataset | None, training: TrainingSettings,
                    features: tuple[int, ...]) -> str:
    notes = ["Each region is where its class has the highest probability; it is darker where that class "
             "leads clearly (probability at least 0.8 for three classes). The lines between regions are the "
             "decision boundaries."]
    if len(features) == 2 and dataset.n_features > 2:
        notes.append("The regions are a slice through the other features at their means.")
    notes.append("In the softmax panel each point sits at its own class's probability, computed from all "
                 "its features, so it need not lie on the curves drawn with the others at their means.")
    if test is not None:
        notes.append(f"Training uses {dataset.n_rows} rows; the dashed curve is the loss on the {test.n_rows} "
                     "held-out rows.")
    if training.standardize:
        notes.append("Descent runs on standardised features; every number shown is on the original scale.")
    return " ".join(notes)


def exact_fit_section(dataset: Dataset, run: TrainingRun, reference: int) -> None:
    st.subheader("Descent against the exact fit")
    exact = run.reference
    if exact is None:
        st.info(f"The exact fit cannot be computed for these data: {literal(run.reference_error)}")
        return
    if exact.separation is not None and run.settings.l2 == 0:
        st.warning("There is no exact fit to compare with: " + messages.newton_message(exact),
                   icon=":material/call_split:")
        return
    table = descent_against_exact_fit(run, reference, dataset.feature_names, dataset.class_names)
    st.dataframe(table.map(lambda value: f"{value:.6g}"), width="stretch")
    st.caption(
        f"Both against the reference class {literal(dataset.class_names[reference])} (change it on the Data "
        "page). Newton's method (" + messages.newton_message(exact).lower().rstrip(".")
        + ") solves for the minimum directly; descent approaches it."
    )


@st.fragment
def step_inspector(dataset: Dataset, run: TrainingRun, reference: int) -> None:
    """One step's gradient for one class, (1/n) Σ (p_ik − y_ik) x_i, and the update, with numbers."""
    st.subheader("Step inspector")
    history = run.history
    if history.n_steps == 0:
        st.info("The run has no steps to inspect: it stopped at the start.")
        return
    layout = history.layout
    first, second = st.columns(2)
    step = int(first.number_input("Step to inspect", 0, history.n_steps - 1, 0, key="multinomial_inspect_step"))
    choices = list(layout.non_reference)
    k = second.selectbox("Class", choices, format_func=lambda code: dataset.class_names[code],
                         key="multinomial_inspect_class")
    X_fit = (dataset.X - run.mean) / run.scale
    objective = Objective(X_fit, dataset.y, layout, l2=history.l2)
    params = history.params[step]
    probability = objective.probabilities(params)[:, k]
    indicator = (dataset.y == k).astype(np.float64)
    residual = probability - indicator
    design = np.column_stack([np.ones(dataset.n_rows), X_fit])
    gradient = design.T @ residual / dataset.n_rows
    block = layout.non_reference.index(k)
    size = layout.n_features + 1
    current = params[block * size:(block + 1) * size]
    penalty = np.r_[0.0, history.l2 * current[1:]]
    gradient = gradient + penalty
    rate = history.learning_rate
    following = current - rate * gradient
    names = ["b", *[f"w_{{{j + 1}}}" for j in range(layout.n_features)]]

    def vector(values) -> str:
        # float noise of a sum that is 0 in exact arithmetic (an intercept's gradient at the start) shows as 0
        return r"\begin{bmatrix}" + r" \\ ".join(f"{v if abs(v) > 1e-12 else 0.0:.5g}" for v in values) \
            + r"\end{bmatrix}"

    scale_note = " on the standardised features" if run.settings.standardize else ""
    st.markdown(
        f"The gradient for class {literal(dataset.class_names[k])} at step {step}{scale_note}, averaged over the "
        f"{dataset.n_rows} rows (y_ik is 1 for the rows of that class, else 0; the first entry is the intercept's)"
        + (f", plus the L2 term λw with λ = {history.l2:g}" if history.l2 else "") + ":"
    )
    st.latex(r"\nabla_{(b, w)_k} J = \frac1n\sum_{i=1}^n (p_{ik} - y_{ik}) \begin{bmatrix}1\\ x_i\end{bmatrix}"
             + (r" + \lambda \begin{bmatrix}0\\ w_k\end{bmatrix}" if history.l2 else "") + " = " + vector(gradient))
    st.markdown(f"The update with learning rate η = {rate:g} (entries {', '.join(f'${n}$' for n in names)}):")
    st.latex(r"\theta_k^{(" + str(step + 1) + r")} = " + vector(current) + f" - {rate:g}" + vector(gradient)
             + " = " + vector(following))
    st.caption(f"Loss at step {step}: J = {history.loss[step]:.6g}; at step {step + 1}: J = {history.loss[step + 1]:.6g}. "
               "Descent here moves the K − 1 classes other than the first; the first class's scores stay 0.")
