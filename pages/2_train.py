"""Train: gradient descent animated, with the boundary, the sigmoid and the loss moving together."""

from contextlib import nullcontext

import pandas as pd
import streamlit as st

from logreg_core import TrainingRun, TrainingSettings, inspect_step
from ui import kinds, messages
from ui.animation import show_animation
from ui.controls import (
    animation_view,
    log_loss_toggle,
    train_threshold,
    training_controls,
    use_stable_rate_button,
)
from ui.figures import MAX_ANIMATED_POINTS, MAX_STATIC_POINTS, View, model_equation
from ui.layout import explain, page_setup, presenting
from ui.settings import active_choice, hidden_controls, sync_link
from ui.state import training_figure, training_parts, training_run, training_sample
from ui.text import literal
from ui.train_view import called_positive, chance_level, descent_against_exact_fit, slice_covers_panel

page_setup("Train", icon=":material/play_circle:")
present = presenting()
# On a projector the chart and its Play button come first and fill the screen; the title,
# the controls and the rest follow below. The training fragment draws the chart in here.
chart_area = st.container() if present else None

st.title("Train: gradient descent, step by step")
all_rows, all_test = training_parts()
# On a large upload descent runs on a sample (ui.state.training_sample): the whole page speaks of those rows
dataset = training_sample(all_rows)
test_part = None if all_test is None else training_sample(all_test)
if dataset.n_rows < all_rows.n_rows:
    st.info(messages.training_sample_note(dataset.n_rows, all_rows.n_rows,
                                          None if test_part is None else test_part.n_rows,
                                          None if all_test is None else all_test.n_rows),
            icon=":material/filter_alt:")
if dataset.kind != "binary":
    kinds.train_section(dataset, test_part)
    st.stop()

explain(
    "Press **▶ Play** under the chart to watch the model learn. Each frame is one "
    "iteration: the weights take a step against the gradient of the loss, the boundary "
    "turns, the points slide along the sigmoid, and the loss falls. Drag the slider "
    "under the chart to go to any iteration."
)

# Weight vectors up to this length are written out in the step inspector's equations.
MAX_WRITTEN_VECTOR = 6
STATUS_STYLES = {"converged": st.success, "improving": st.info, "separated": st.warning,
                 "oscillating": st.warning, "diverged": st.error}
STATUS_ICONS = {"converged": ":material/check_circle:", "improving": ":material/trending_down:",
                "separated": ":material/call_split:", "oscillating": ":material/swap_vert:",
                "diverged": ":material/warning:"}


@st.fragment
def training() -> None:
    """The training controls and everything they change, rerun alone when one of them moves.

    The sidebar, the title and the explanations depend on none of them, so a new learning
    rate neither builds nor sends them again. The chart with its threshold and the step
    inspector are fragments inside this one: a new threshold or step reruns that part alone.
    """
    settings, features = training_controls(dataset)
    # A rerun of this fragment alone skips page_setup, which keeps the link in step: the
    # chart's fragment below does that instead, on every run of this one and on its own.
    run = training_run(dataset, settings)
    # one container however many notes it holds, so that the chart below keeps its place on
    # the page and the browser redraws it where it is
    with st.container():
        run_status(run, settings)
    if chart_area is not None:
        with chart_area:
            animation(run, settings, features)
    else:
        animation(run, settings, features)
    left, right = st.columns(2, gap="large")
    with left:
        exact_fit_comparison(run, settings)
    with right:
        step_inspector(run, settings)


def run_status(run: TrainingRun, settings: TrainingSettings) -> None:
    """How the run ended, in words; after a divergence, the button that picks a stable rate."""
    history = run.history
    STATUS_STYLES[run.status.kind](
        f"**{messages.status_headline(run.status)}** {messages.status_detail(run.status)}",
        icon=STATUS_ICONS[run.status.kind],
    )
    if run.status.kind == "diverged" and "learning_rate" not in hidden_controls():
        use_stable_rate_button(dataset, settings)
    chance = chance_level(dataset.y)
    if run.status.kind in ("converged", "improving") and history.accuracy[-1] < chance + 0.05:
        straight = (" XOR's classes sit in opposite corners, so every straight line leaves about half of each class "
                    "on each side." if (active_choice().kind, active_choice().key) == ("builtin", "xor") else "")
        st.info(
            f"**{history.accuracy[-1]:.1%} accuracy is chance level**: always guessing the more common class scores "
            f"{chance:.1%}. The minimum of the loss is the best a straight boundary can do here, and no straight "
            f"line separates these classes.{straight} Features made from the others (such as their product) or "
            "another kind of model can.",
            icon=":material/casino:",
        )


@st.fragment
def animation(run: TrainingRun, settings: TrainingSettings, features: tuple[int, ...]) -> None:
    """The chart and what the threshold changes; its arguments are those of the training run that drew it."""
    # The threshold changes only what is drawn, so moving it reruns this part of the page
    # alone: the slider, the link and the chart. On a projector it sits under the chart.
    chart_slot = st.container() if present else None
    slider_column, scale_column, note_column = st.columns([1, 0.8, 1.4], vertical_alignment="bottom")
    with slider_column:
        threshold = train_threshold()
    log_loss_toggle(scale_column)
    note_column.caption(
        "The threshold moves the boundary and the class assignments at once. It does not "
        "retrain: the loss curve stays exactly where it is."
    )
    # the link carries every setting: this fragment's threshold, and the training controls
    # when the fragment around this one reruns
    sync_link()
    view = animation_view(features, threshold)
    with chart_slot if chart_slot is not None else nullcontext():
        show_animation(training_figure(dataset, settings, view, test_part), key="training_animation",
                       fit_screen=present)
    st.caption(animation_notes(view, settings))
    slice_note(run, view)


def slice_note(run: TrainingRun, view: View) -> None:
    """Say so when the slice shades the whole panel one class: the picture alone would mislead."""
    if len(view.features) != 2 or dataset.n_features <= 2:
        return
    covered = slice_covers_panel(run, dataset.X, view.features, view.threshold)
    if covered is None:
        return
    called = called_positive(run, dataset.X, view.threshold)
    st.info(
        f"**In this slice the whole panel is class {literal(dataset.class_names[covered])}.** With the other "
        "features held at their means, the boundary lies outside the drawn area, so every point looks the same "
        f"to the shading. The points' own predictions use all their features: {called} of {dataset.n_rows} are "
        f"called {literal(dataset.class_names[1])} at the last step. Choose other features above to see where "
        "the boundary runs.",
        icon=":material/layers:",
    )


def animation_notes(view: View, settings: TrainingSettings) -> str:
    notes = []
    if test_part is not None:
        notes.append(
            f"Training uses {dataset.n_rows} rows; the dashed blue curve is the loss on the {test_part.n_rows} "
            "held-out rows, which the model never sees."
        )
    if settings.standardize:
        notes.append("Descent runs on standardised features; every number shown is on the original scale.")
    if dataset.n_rows > MAX_STATIC_POINTS and len(view.features) == 2:
        notes.append(f"The feature panel draws {MAX_STATIC_POINTS:,} of the {dataset.n_rows:,} points, a random sample "
                     "with the classes in their proportions; every number is computed on all of them.")
    if dataset.n_rows > MAX_ANIMATED_POINTS:
        notes.append(f"The sigmoid panel animates {MAX_ANIMATED_POINTS} of the {dataset.n_rows:,} points, chosen at random.")
    if len(view.features) == 2 and dataset.n_features > 2:
        notes.append("The boundary is a slice through the other features at their means.")

    notes.append("The shaded bands show P(class 1): blue below 0.5, orange above, darker further from 0.5.")
    return " ".join(notes)


def exact_fit_comparison(run: TrainingRun, settings: TrainingSettings) -> None:
    """Where descent stopped beside the exact (Newton) fit, or why there is none."""
    st.subheader("Descent against the exact fit")
    reference = run.reference
    names = list(dataset.feature_names)
    final_w, final_b = run.weights[-1], float(run.bias[-1])
    if reference is None:
        st.info(f"The exact fit cannot be computed for these data: {literal(run.reference_error)}")
    elif reference.separation is not None and settings.l2 == 0:
        st.warning(
            "There is no exact fit to compare with. " + messages.newton_message(reference),
            icon=":material/call_split:",
        )
        st.markdown(f"Where descent stopped, at step {run.history.n_steps}:")
        st.code(model_equation(final_w, final_b, tuple(names)), language=None, wrap_lines=True)
    else:
        table = descent_against_exact_fit(run, tuple(names))
        # plain text, like the statistics on the Evaluate page: light to redraw, easy to read out
        # st.table reads its cells and labels as Markdown: the feature names go in as typed
        st.table(table.map(lambda value: f"{value:.6g}").rename(index=literal))
        st.caption(
            "Newton's method solves for the minimum directly ("
            + messages.newton_message(reference).lower().rstrip(".")
            + "). Gradient descent approaches the same point; the gap shrinks with more iterations "
            "or a better learning rate."
        )


@st.fragment
def step_inspector(run: TrainingRun, settings: TrainingSettings) -> None:
    """One step of the run written out with its numbers; a new step reruns this part alone."""
    history = run.history
    st.subheader("Step inspector")
    if history.n_steps == 0:
        st.info("The run has no steps to inspect: it stopped at the start.")
        return
    scale_note = " on the standardised features" if settings.standardize else ""
    if history.n_steps == 1:
        step = 0
        st.caption("The run made one step, so that is the one shown.")
    else:
        step = st.slider("Step to inspect", 0, history.n_steps - 1, 0, key="inspect_step")
    detail = inspect_step(run, dataset.X, dataset.y, step)
    rate = settings.learning_rate

    def vector(values) -> str:
        return r"\begin{bmatrix}" + r" \\ ".join(f"{v:.5g}" for v in values) + r"\end{bmatrix}"

    st.markdown(
        f"The gradient at step {step}{scale_note}, averaged over the {dataset.n_rows} rows"
        + (f", plus the L2 term λw with λ = {settings.l2:g}" if settings.l2 else "")
        + ":"
    )
    # Short vectors are written out in the equations, each result on a line of its own so
    # that half the page's width holds it; longer ones go to a table beside symbolic equations.
    written_out = len(detail.grad_w) <= MAX_WRITTEN_VECTOR
    st.latex(
        r"\begin{aligned}\nabla_w J &= \frac{1}{n}\sum_{i=1}^{n}\big(\sigma(z_i) - y_i\big)\,x_i"
        + (r" + \lambda w" if settings.l2 else "")
        + (r" \\ &= " + vector(detail.grad_w) if written_out else "") + r"\end{aligned}"
    )
    st.latex(
        r"\frac{\partial J}{\partial b} = \frac{1}{n}\sum_{i=1}^{n}\big(\sigma(z_i) - y_i\big) = "
        + f"{detail.grad_b:.5g}"
    )
    st.markdown(f"The update with learning rate η = {rate:g}:")
    after, before = str(step + 1), str(step)
    st.latex(
        r"\begin{aligned}w^{(" + after + r")} &= w^{(" + before + r")} - \eta\,\nabla_w J"
        + (r" \\ &= " + vector(detail.weights) + f" - {rate:g}" + vector(detail.grad_w)
           + r" \\ &= " + vector(detail.next_weights) if written_out else "")
        + r"\end{aligned}"
    )
    if not written_out:
        st.dataframe(
            pd.DataFrame({f"w({before})": detail.weights, "∇J": detail.grad_w, f"w({after})": detail.next_weights},
                         index=[f"weight of {name}" for name in dataset.feature_names]),
            height=min(400, 36 * (len(detail.grad_w) + 1)),
        )
    st.latex(
        r"b^{(" + str(step + 1) + r")} = " + f"{detail.bias:.5g} - {rate:g} \\times ({detail.grad_b:.5g}) = "
        + f"{detail.next_bias:.5g}"
    )
    st.caption(f"Loss at step {step}: J = {detail.loss:.6g}; at step {step + 1}: J = {history.loss[step + 1]:.6g}.")


training()

with st.expander("What am I looking at?"):
    st.markdown(
        "- **Feature space** (top left): each row of the data as a point, blue circles for "
        "class 0 and orange diamonds for class 1. The red line is the decision boundary, "
        "where σ(z) equals the threshold t, that is where w·x + b = log(t / (1 − t)). "
        "At t = 0.5 that is the line z = 0.\n"
        "- **The sigmoid** (top right): the same points placed at their own score z. Points "
        "above the dashed threshold line are called class 1. Watch them cross it as the "
        "weights change.\n"
        "- **Loss and accuracy** (bottom left): the mean cross-entropy "
        "J = −(1/n) Σ [yᵢ log σ(zᵢ) + (1 − yᵢ) log(1 − σ(zᵢ))] after each step, and the "
        "share of points classified correctly at the current threshold.\n"
        "- Moving the **threshold** moves the boundary and the accuracy at once; it does "
        "not retrain, so the loss curve stays exactly the same."
    )
