"""The Train page's section for an ordinal model: the animation, status, descent beside the exact fit, a step inspector."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from logreg_core import Dataset, TrainingRun, TrainingSettings
from logreg_core.objective import Objective
from ui import messages
from ui.animation import show_animation
from ui.figures.base import MAX_ANIMATED_POINTS, View
from ui.figures.ordinal import ordinal_animation
from ui.layout import chart_font_size, dark_theme
from ui.state import training_run
from ui.text import literal, markdown_table

STATUS_STYLES = {"converged": st.success, "improving": st.info, "separated": st.warning,
                 "oscillating": st.warning, "diverged": st.error}
ORDERED_CUTS_NOTE = ("Descent moves the first cut-point and the logarithms of the gaps between neighbouring "
                     "cut-points, so the cut-points stay in order at every step.")


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_figure(fingerprint: str, settings: TrainingSettings, view: View, test_fingerprint: str | None,
                   _dataset: Dataset, _run: TrainingRun, _test: Dataset | None):
    return ordinal_animation(_dataset, _run, view, test=_test)


def ordinal_figure(dataset: Dataset, settings: TrainingSettings, run: TrainingRun, view: View,
                   test: Dataset | None):
    """The ordinal animation for this data, settings and view, built once and shared (read-only)."""
    return _cached_figure(dataset.fingerprint, settings, view, None if test is None else test.fingerprint,
                          dataset, run, test)


def descent_against_exact(run: TrainingRun, feature_names: tuple[str, ...],
                          class_names: tuple[str, ...]) -> pd.DataFrame:
    """β and the cut-points where descent stopped beside the exact fit, with the gap, and the loss.

    Returns
    -------
    DataFrame, shape (m + K, 3)
        Rows: each β, each cut-point "a|b", the loss J.
    """
    reference = run.reference
    if reference is None:
        raise ValueError("The run has no exact fit to compare with.")
    layout = run.history.layout
    labels = [f"β of {term}" if group == "" else f"cut-point {term}"
              for group, term in layout.parameter_labels(list(feature_names), list(class_names))]
    history = run.history
    table = pd.DataFrame(
        {
            f"gradient descent (step {history.n_steps})": np.r_[np.asarray(run.params)[-1], history.loss[-1]],
            "maximum likelihood (Newton)": np.r_[np.asarray(reference.params), reference.loss],
        },
        index=[*labels, "loss J"],
    )
    table["gap"] = table.iloc[:, 0] - table.iloc[:, 1]
    return table


def step_gradient(run: TrainingRun, dataset: Dataset, step: int) -> pd.DataFrame:
    """The gradient and the update of every parameter at one step, on the scale descent ran on.

    The cut-points' rows show the gradient in θ; descent steps along the increments
    (θ₁ and the log-gaps), whose gradient is the chain rule through them.
    """
    history = run.history
    layout = history.layout
    X_fit = (dataset.X - run.mean) / run.scale
    objective = Objective(X_fit, dataset.y, layout, l2=history.l2)
    params = np.asarray(history.params[step])
    plain = objective.evaluate(params)
    free = objective.to_descent(params)
    along = objective.evaluate_descent(free)
    labels = [f"β of {term}" if group == "" else f"cut-point {term}"
              for group, term in layout.parameter_labels(list(dataset.feature_names), list(dataset.class_names))]
    m = layout.n_features
    descent_names = [f"β of {name}" for name in dataset.feature_names] + ["θ₁"] + [
        f"log(θ{j + 2} − θ{j + 1})" for j in range(layout.n_classes - 2)]
    return pd.DataFrame({
        "parameter": labels,
        f"value at step {step}": params,
        "∂J/∂parameter": plain.gradient,
        "descent moves": descent_names,
        "its gradient": along.gradient,
        f"value at step {step + 1}": np.asarray(history.params[step + 1]) if step + 1 < len(history.params)
        else params,
    }).set_index("parameter").assign(**{"is a cut-point": [False] * m + [True] * (layout.n_classes - 1)})


def render(dataset: Dataset, test: Dataset | None, settings: TrainingSettings, features: tuple[int, ...]) -> None:
    """Draw the Train page's ordinal section below the training controls.

    Parameters
    ----------
    dataset : Dataset
        The training rows, y as ordered codes.
    test : Dataset or None
        Held-out rows.
    settings : TrainingSettings
        With ``kind="ordinal"``.
    features : tuple of int
        ``features[0]`` is the feature the probability panel runs along (chosen among the
        training controls, ``ui.controls``).
    """
    run = training_run(dataset, settings)
    status = run.status
    STATUS_STYLES[status.kind](f"**{messages.status_headline(status)}** {messages.status_detail(status)}")
    st.caption(ORDERED_CUTS_NOTE)
    view = View(features=features[:1], dark=dark_theme(), font_size=chart_font_size())
    # the chart's place; it is drawn last, below (see multinomial_train.render)
    chart = st.container()
    notes = ["Top left: every row at its score η = x·β, one row of points per category, the red lines the "
             "cut-points θ; the shaded curve above is the logistic density around the starred point's score, "
             "cut into its category probabilities. Top right: each category's probability along one feature, "
             "the other features at their means; the points at their own category's probability. The loss is "
             "the mean of −log P(own category)."]
    if dataset.n_rows > MAX_ANIMATED_POINTS:
        notes.append(f"The panels animate {MAX_ANIMATED_POINTS} of the {dataset.n_rows:,} rows, each category in "
                     "its share; every number is computed on all of them.")
    if settings.standardize:
        notes.append("Descent runs on standardised features; every number shown is on the original scale.")
    if test is not None:
        notes.append(f"The dashed curve is the loss on the {test.n_rows} held-out rows.")
    st.caption(" ".join(notes))

    st.subheader("Descent against the exact fit")
    if run.reference is None:
        st.info(literal(f"The exact fit cannot be computed for these data: {run.reference_error}"))
    elif not run.reference.converged:
        st.warning(literal("There is no exact fit to compare with: " + messages.newton_message(run.reference)))
    else:
        table = descent_against_exact(run, dataset.feature_names, dataset.class_names)
        st.markdown(markdown_table(table.map(lambda value: f"{value:.6g}")))
        st.caption("Newton's method solves for the maximum likelihood directly ("
                   + messages.newton_message(run.reference).lower().rstrip(".") + "). The cumulative model: "
                   "logit P(y ≤ j) = θ_j − x·β.")
    _step_inspector(run, dataset)
    with chart:
        show_animation(ordinal_figure(dataset, settings, run, view, test), key="training_animation")


@st.fragment
def _step_inspector(run: TrainingRun, dataset: Dataset) -> None:
    st.subheader("Step inspector")
    history = run.history
    if history.n_steps == 0:
        st.info("The run has no steps to inspect: it stopped at the start.")
        return
    step = 0 if history.n_steps == 1 else st.slider("Step to inspect", 0, history.n_steps - 1, 0,
                                                     key="ordinal_inspect_step")
    table = step_gradient(run, dataset, step).drop(columns="is a cut-point")
    st.markdown(markdown_table(table.map(lambda value: value if isinstance(value, str) else f"{value:.5g}")))
    st.caption(f"Each step: parameter − {history.learning_rate:g} × its gradient, on what descent moves "
               "(β, θ₁ and the log-gaps), on the scale descent ran on.")
