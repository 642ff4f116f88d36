"""The Train page under AppTest: every control reruns, the threshold never retrains."""

import pytest

import ui.state
from logreg_core import TrainingSettings
from ui.figures import MAX_ANIMATED_POINTS

from .helpers import player_arguments, run_page

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


def test_threshold_moves_without_retraining(training_calls):
    at = run_page(TRAIN)
    run_before = ui.state.training_run(ui.state.default_dataset(), TrainingSettings())
    for value in (0.3, 0.8, 0.5):
        at.slider(key="threshold").set_value(value).run()
        assert not at.exception
    assert len(training_calls) == 1
    assert ui.state.training_run(ui.state.default_dataset(), TrainingSettings()) is run_before


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


def test_large_learning_rate_is_reported_as_divergence_in_words(training_calls):
    at = run_page(TRAIN)
    at.select_slider(key="learning_rate").set_value(10.0).run()
    assert not at.exception
    message = " ".join(error.value for error in at.error)
    assert "Diverged at step 1" in message and "too large" in message


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
