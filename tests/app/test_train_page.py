"""The Train page under AppTest: every control reruns, the threshold never retrains."""

import pytest

import ui.state
from logreg_core import TrainingSettings
from ui.figures import MAX_ANIMATED_POINTS

from .helpers import fragment_of, player_arguments, rerun_fragment_of, run_page

TRAIN = "pages/2_train.py"


class TrainingCounter:
    """Real training runs (cache misses) since the fixture started, from an empty cache."""

    def __init__(self) -> None:
        self.start = ui.state.training_runs_started()

    def __len__(self) -> int:
        return ui.state.training_runs_started() - self.start


@pytest.fixture
def training_calls():
    ui.state.clear_training_cache()
    yield TrainingCounter()
    ui.state.clear_training_cache()


def comparison_table(at):
    """The Train page's table of descent against the exact fit."""
    (table,) = [table.value for table in at.table if "gap" in table.value.columns]
    return table


def test_opens_with_the_notes_table_and_says_it_is_separable(training_calls):
    at = run_page(TRAIN)
    assert not at.exception
    assert len(training_calls) == 1
    assert any("perfectly separable" in warning.value for warning in at.warning)
    assert at.slider(key="threshold").value == 0.5
    assert at.select_slider(key="learning_rate").value == 0.1


@pytest.mark.slow
def test_threshold_moves_without_retraining(training_calls):
    at = run_page(TRAIN)
    run_before = ui.state.training_run(ui.state.default_dataset(), TrainingSettings())
    for value in (0.3, 0.8, 0.5):
        at.slider(key="threshold").set_value(value).run()
        assert not at.exception
    assert len(training_calls) == 1
    assert ui.state.training_run(ui.state.default_dataset(), TrainingSettings()) is run_before


@pytest.mark.slow
def test_each_control_reruns_without_exception(training_calls):
    at = run_page(TRAIN)
    at.select_slider(key="learning_rate").set_value(0.3).run()
    at.slider(key="iterations").set_value(200).run()
    at.select_slider(key="l2").set_value(0.01).run()
    at.toggle(key="standardize").set_value(True).run()
    at.radio(key="start").set_value("random").run()
    at.number_input(key="seed").set_value(7).run()
    at.slider(key="inspect_step").set_value(5).run()
    assert not at.exception
    assert len(training_calls) == 7  # one run per training setting changed
    # returning to earlier settings is served from the cache
    at.number_input(key="seed").set_value(0).run()
    assert len(training_calls) == 7


@pytest.mark.parametrize("kind", ["binary", "multinomial", "ordinal"])
def test_a_new_learning_rate_retrains_but_reuses_the_exact_fit(training_calls, kind):
    dataset = ui.state.as_kind(ui.state.builtin_dataset("iris"), kind)
    runs = [ui.state.training_run(dataset, TrainingSettings(kind=kind, standardize=True, learning_rate=rate,
                                                            iterations=iterations))
            for rate, iterations in ((0.1, 50), (0.3, 50), (0.3, 80))]
    assert len(training_calls) == 3 and runs[0].reference is not None
    assert runs[1].reference is runs[0].reference and runs[2].reference is runs[0].reference
    # L2 changes the objective, so its exact fit is a new one
    penalised = ui.state.training_run(dataset, TrainingSettings(kind=kind, standardize=True, l2=0.01, iterations=50))
    assert penalised.reference is not runs[0].reference and penalised.reference.params[1] != runs[0].reference.params[1]


def test_large_learning_rate_is_reported_as_divergence_in_words(training_calls):
    at = run_page(TRAIN)
    at.select_slider(key="learning_rate").set_value(10.0).run()
    assert not at.exception
    message = " ".join(error.value for error in at.error)
    assert "Diverged at step 1" in message and "too large" in message


@pytest.mark.slow
def test_l2_gives_a_finite_fit_and_the_comparison_table(training_calls):
    at = run_page(TRAIN)
    at.select_slider(key="l2").set_value(0.1).run()
    at.toggle(key="standardize").set_value(True).run()
    at.select_slider(key="learning_rate").set_value(1.0).run()
    assert not at.exception
    table = comparison_table(at)
    assert list(table.index) == ["intercept b", "weight of Feature1", "weight of Feature2", "loss J"]
    assert (table["gap"].astype(float).abs() < 1e-3).all()
    assert any("Converged" in success.value for success in at.success)


def test_step_inspector_shows_the_update_with_numbers(training_calls):
    at = run_page(TRAIN)
    at.slider(key="inspect_step").set_value(0).run()
    formulas = " ".join(latex.value for latex in at.latex)
    assert r"w^{(1)} &= w^{(0)}" in formulas
    assert "-3.635" in formulas  # the first gradient in Feature1 on the notes' table
    # each result on a line of its own, so that half a 1,280-pixel page holds the equation
    update = next(latex.value for latex in at.latex if r"w^{(1)}" in latex.value)
    assert update.count(r"\\ &=") == 2


def test_step_inspector_puts_long_weight_vectors_in_a_table(training_calls):
    from .test_links import open_link

    at = open_link(TRAIN, dataset="breast_cancer", standardize="true")
    assert not at.exception
    formulas = " ".join(latex.value for latex in at.latex)
    assert "bmatrix" not in formulas and r"w^{(1)} &= w^{(0)} - \eta" in formulas
    table = next(frame.value for frame in at.dataframe if "∇J" in frame.value.columns)
    assert list(table.columns) == ["w(0)", "∇J", "w(1)"] and len(table) == 10


def test_large_data_says_which_points_each_panel_draws(training_calls):
    from .test_links import open_link

    at = open_link(TRAIN, dataset="two_clouds", n_points="2000")
    assert not at.exception
    captions = " ".join(caption.value for caption in at.caption)
    assert "draws 1,000 of the 2,000 points" in captions
    assert f"animates {MAX_ANIMATED_POINTS} of the 2,000 points" in captions


def test_the_player_receives_the_animation_and_its_controls():
    at = run_page(TRAIN)
    figure, arguments = player_arguments(at)
    steps = [int(frame["name"]) for frame in figure["frames"]]
    assert steps[0] == 0 and steps[-1] == 500
    # the player skips a figure it already shows by its data revision
    assert arguments["revision"] == figure["layout"]["datarevision"]
    assert arguments["height"] > figure["layout"]["height"]
    speeds = {label: (milliseconds, chosen) for label, milliseconds, chosen in arguments["speeds"]}
    assert speeds["Normal"] == (60, True) and speeds["Slow"][0] > 60 > speeds["Fast"][0]
    # Plotly's own animation controls are gone: the player's HTML controls replace them
    assert "sliders" not in figure["layout"] and "updatemenus" not in figure["layout"]


def test_a_threshold_change_redraws_the_same_player():
    at = run_page(TRAIN)
    (before,) = at.get("component_instance")
    figure_before, arguments_before = player_arguments(at)
    at.slider(key="threshold").set_value(0.7).run()
    (after,) = at.get("component_instance")
    figure_after, arguments_after = player_arguments(at)
    # the same element id: the browser keeps the player and redraws in place
    assert after.proto.id == before.proto.id
    assert arguments_after["revision"] != arguments_before["revision"]
    loss = next(trace for trace in figure_before["data"] if trace.get("name") == "loss J (cross-entropy)")
    assert loss in figure_after["data"]  # the run is the same: its loss curve is unchanged
    assert any(trace.get("name") == "boundary: P = 0.7" for trace in figure_after["data"])


def open_train_on(dataset_key: str):
    from .test_links import open_link

    return open_link(TRAIN, dataset=dataset_key)


@pytest.mark.parametrize("dataset_key", ["challenger", "breast_cancer"])
def test_real_data_train_with_the_defaults(dataset_key):
    """Issue 17: the first look at real data is not an error box (standardised by the dataset's default)."""
    at = open_train_on(dataset_key)
    assert not at.exception
    assert at.toggle(key="standardize").value is True
    assert at.select_slider(key="learning_rate").value == 0.1
    assert not at.error
    assert not any("Diverged" in box.value for box in [*at.warning, *at.info, *at.success])


def test_xor_says_its_minimum_is_chance_level():
    at = open_train_on("xor")
    assert not at.exception
    text = " ".join(box.value for box in at.info)
    assert "accuracy is chance level" in text and "opposite corners" in text and "50.0%" in text


@pytest.mark.slow
def test_the_feature_panel_opens_on_the_strongest_features_and_says_when_a_slice_is_one_class():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    n = 80
    c, a, b = rng.uniform(0, 1, n), rng.normal(0, 1, n), rng.normal(0, 1, n)
    y = ((c + 0.1 * rng.normal(0, 1, n)) > 0.15).astype(int)
    content = pd.DataFrame({"a": a.round(3), "b": b.round(3), "c": c.round(3), "y": y}).to_csv(index=False)
    at = run_page("pages/1_data.py")
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value(("slice.csv", content.encode(), "text/csv")).run()
    at.button(key="use_dataset").click().run()
    at.switch_page(TRAIN).run()
    assert not at.exception
    assert (at.selectbox(key="feature_x").value, at.selectbox(key="feature_y").value) == (2, 0)
    at.selectbox(key="feature_x").set_value(0).run()
    at.selectbox(key="feature_y").set_value(1).run()
    assert not at.exception
    note = " ".join(box.value for box in at.info)
    assert "In this slice the whole panel is class 1" in note and "of 80 are called 1" in note


def test_a_diverged_run_offers_the_stable_rate_in_one_press():
    """Issue 17: Challenger on raw features diverges at 0.1; one press sets a rate below 8n/λmax(XᵀX)."""
    from .test_links import open_link

    at = open_link(TRAIN, dataset="challenger", standardize="false")
    assert not at.exception
    assert "Diverged at step 1" in " ".join(box.value for box in at.error)
    assert any("Stable below η = 0.00" in caption.value for caption in at.caption)
    button = at.button(key="use_stable_rate")
    assert button.label.startswith("Use learning rate 0.001 ")
    button.click().run()
    assert not at.exception
    assert at.select_slider(key="learning_rate").value == 0.001
    assert at.query_params["learning_rate"] == "0.001"
    assert not any("Diverged" in box.value for box in at.error)
    assert not [button for button in at.button if button.key == "use_stable_rate"]


def test_the_stable_rate_beside_the_slider_follows_the_scaling():
    from .test_links import open_link

    at = open_link(TRAIN, dataset="challenger")
    standardised = next(caption.value for caption in at.caption if caption.value.startswith("Stable below"))
    assert "standardised features" in standardised and "above it" not in standardised
    at.toggle(key="standardize").set_value(False).run()
    raw = next(caption.value for caption in at.caption if caption.value.startswith("Stable below"))
    assert "raw features" in raw and "above it: descent may diverge" in raw


def loss_trace(at) -> dict:
    """The loss curve in the player's figure: it changes with the run, never with the threshold."""
    figure, _ = player_arguments(at)
    return next(trace for trace in figure["data"] if trace.get("name") == "loss J (cross-entropy)")


def test_a_learning_rate_press_reruns_the_training_controls_and_what_they_change_alone(training_calls):
    at = run_page(TRAIN)
    loss_before = loss_trace(at)
    rate = at.select_slider(key="learning_rate")
    # the controls, the chart's fragment and the step inspector's share one fragment
    assert fragment_of(at, rate) == fragment_of(at, at.slider(key="iterations")) != ""
    rate.set_value(10.0)
    rerun_fragment_of(at, rate)
    assert not at.exception
    # the run sent neither the sidebar nor the title and the explanation above the controls
    assert not at.title and not at.sidebar.children
    assert "Diverged at step 1" in " ".join(box.value for box in at.error)
    assert at.button(key="use_stable_rate").label.startswith("Use learning rate")
    # the chart, its threshold and the step inspector follow the new run
    assert loss_trace(at) != loss_before
    assert at.slider(key="threshold").value == 0.5
    assert "η = 10" in " ".join(markdown.value for markdown in at.markdown)
    assert at.query_params["learning_rate"] == "10"  # the link is kept in step without page_setup
    assert len(training_calls) == 2
    # the page as a whole agrees
    at.run()
    assert not at.exception and at.select_slider(key="learning_rate").value == 10.0
    assert "Diverged at step 1" in " ".join(box.value for box in at.error)


def test_a_threshold_press_reruns_the_chart_fragment_alone(training_calls):
    at = run_page(TRAIN)
    loss_before = loss_trace(at)
    threshold = at.slider(key="threshold")
    # the chart's fragment sits inside the training controls' one, as a fragment of its own
    assert fragment_of(at, threshold) not in ("", fragment_of(at, at.select_slider(key="learning_rate")))
    threshold.set_value(0.7)
    rerun_fragment_of(at, threshold)
    assert not at.exception
    # only the threshold, the log-scale switch and the chart were sent: no training control, no status
    assert [slider.key for slider in at.slider] == ["threshold"] and not at.select_slider
    assert not at.warning and not at.success
    figure, _ = player_arguments(at)
    assert any(trace.get("name") == "boundary: P = 0.7" for trace in figure["data"])
    assert loss_trace(at) == loss_before
    assert at.query_params["threshold"] == "0.7"
    assert len(training_calls) == 1


def test_after_a_learning_rate_press_the_chart_fragment_draws_the_new_run(training_calls):
    """The chart's fragment reruns with what the training fragment last gave it, not the page's first run."""
    at = run_page(TRAIN)
    rate = at.select_slider(key="learning_rate").set_value(0.3)
    rerun_fragment_of(at, rate)
    loss_after_press = loss_trace(at)
    at.slider(key="threshold").set_value(0.7)
    rerun_fragment_of(at, at.slider(key="threshold"))
    assert not at.exception
    assert loss_trace(at) == loss_after_press
    figure, _ = player_arguments(at)
    assert any(trace.get("name") == "boundary: P = 0.7" for trace in figure["data"])
    assert at.query_params["learning_rate"] == "0.3" and at.query_params["threshold"] == "0.7"
    assert len(training_calls) == 2
    at.run()
    assert (at.select_slider(key="learning_rate").value, at.slider(key="threshold").value) == (0.3, 0.7)
    assert loss_trace(at) == loss_after_press


def test_the_stable_rate_button_and_the_step_inspector_rerun_their_fragments():
    from .test_links import open_link

    at = open_link(TRAIN, dataset="challenger", standardize="false")
    button = at.button(key="use_stable_rate")
    assert fragment_of(at, button) == fragment_of(at, at.select_slider(key="learning_rate"))
    button.click()
    rerun_fragment_of(at, button)
    assert not at.exception
    assert at.select_slider(key="learning_rate").value == 0.001
    assert at.query_params["learning_rate"] == "0.001"
    assert not any("Diverged" in box.value for box in at.error)
    step = at.slider(key="inspect_step").set_value(3)
    rerun_fragment_of(at, step)
    assert not at.exception
    # the inspector alone: its slider and its equations at the new step, with the rate just chosen
    assert [slider.key for slider in at.slider] == ["inspect_step"] and not at.select_slider
    assert "The update with learning rate η = 0.001:" in [markdown.value for markdown in at.markdown]
    assert any("w^{(4)}" in formula.value for formula in at.latex)


def test_presentation_mode_keeps_the_chart_first_through_fragment_reruns():
    from streamlit.testing.v1.element_tree import Block

    from .test_links import open_link

    def chart_above_title(at) -> bool:
        order = [node for _, node in sorted(at.main.children.items())]

        def first(kind: str) -> int:
            return next(index for index, node in enumerate(order)
                        if node.type == kind or (isinstance(node, Block) and node.get(kind)))

        return first("component_instance") < first("title")

    at = open_link(TRAIN, present="true")
    assert chart_above_title(at)
    rate = at.select_slider(key="learning_rate").set_value(0.3)
    rerun_fragment_of(at, rate)
    assert not at.exception and not at.title
    assert len(at.get("component_instance")) == 1
    at.slider(key="threshold").set_value(0.7)
    rerun_fragment_of(at, at.slider(key="threshold"))
    assert not at.exception and len(at.get("component_instance")) == 1
    at.run()
    assert not at.exception and chart_above_title(at)
    assert at.query_params["present"] == "true" and at.query_params["learning_rate"] == "0.3"
