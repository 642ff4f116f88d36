"""The threshold is a cheap layer over a run's threshold-free parts (issue 18, item 6)."""

import numpy as np
import pytest

import ui.figures.base
import ui.state
from logreg_core import Dataset, TrainingSettings, sigmoid, train
from ui.figures import PathSummary, View, training_animation

from .helpers import run_page


def overlapping(n: int = 400) -> Dataset:
    rng = np.random.default_rng(4)
    y = (rng.random(n) < 0.4).astype(float)
    X = rng.normal(size=(n, 3)) + y[:, None] * np.array([1.0, -0.5, 0.2])
    return Dataset(name="overlap", X=X, y=y, feature_names=("a", "b", "c"), target_name="t",
                   class_names=("0", "1"), description="")


def direct_accuracy(dataset, run, steps, threshold):
    probability = sigmoid(dataset.X @ run.weights[steps].T + run.bias[steps])
    return np.mean((probability >= threshold) == (dataset.y[:, None] == 1), axis=0)


@pytest.fixture(scope="module")
def fitted():
    dataset = overlapping()
    run = train(dataset.X, dataset.y, TrainingSettings(learning_rate=0.3, iterations=700))
    return dataset, run, PathSummary.build(dataset, run, None, ui.state.threshold_grid())


@pytest.mark.parametrize("threshold", [0.01, 0.3, 0.5, 0.77, 0.99, 0.437])  # the last one is off the grid
def test_the_summary_gives_the_accuracy_of_every_row(fitted, threshold):
    dataset, run, summary = fitted
    for steps in (summary.frame_steps, summary.accuracy_steps):
        np.testing.assert_allclose(summary.accuracy(steps, threshold), direct_accuracy(dataset, run, steps, threshold),
                                   rtol=0, atol=1e-15)


def test_a_figure_from_the_summary_equals_one_built_for_its_threshold_alone(fitted):
    dataset, run, summary = fitted
    for threshold in (0.23, 0.5, 0.81):
        view = View(features=(0, 2), threshold=threshold)
        alone = training_animation(dataset, run, view).to_dict()
        layered = training_animation(dataset, run, view, summary=summary).to_dict()
        assert alone["data"] == layered["data"] and alone["frames"] == layered["frames"]


def test_a_new_threshold_draws_only_what_it_moves(fitted):
    """The bands and the points on the sigmoid are drawn once per run and features; the boundary per threshold."""
    dataset, run, _ = fitted
    summary = PathSummary.build(dataset, run, None, ui.state.threshold_grid())
    first, second = (training_animation(dataset, run, View(features=(0, 2), threshold=t), summary=summary).to_dict()
                     for t in (0.3, 0.7))
    other_pair = training_animation(dataset, run, View(features=(0, 1), threshold=0.7), summary=summary).to_dict()
    # per frame: six bands, the boundary, then the sigmoid panel's two classes of points
    bands, boundary, points = slice(0, 6), 6, slice(7, 9)
    for before, after, elsewhere in zip(first["frames"], second["frames"], other_pair["frames"]):
        assert all(a is b for a, b in zip(before["data"][bands], after["data"][bands]))
        assert all(a is b for a, b in zip(before["data"][points], after["data"][points]))
        assert before["data"][boundary] is not after["data"][boundary]
        assert not any(a is b for a, b in zip(before["data"][bands], elsewhere["data"][bands]))
    assert any(before["data"][boundary] != after["data"][boundary]
               for before, after in zip(first["frames"], second["frames"]))


def test_many_rows_draw_the_accuracy_curve_at_the_frames(fitted, monkeypatch):
    dataset, run, _ = fitted
    monkeypatch.setattr(ui.figures.base, "MAX_ACCURACY_SCORES", dataset.n_rows * 100)
    summary = PathSummary.build(dataset, run, None, (0.5,))
    np.testing.assert_array_equal(summary.accuracy_steps, summary.frame_steps)
    assert summary.curve_steps.size > summary.frame_steps.size  # the loss curve keeps its points
    figure = training_animation(dataset, run, View(features=(0, 1)), summary=summary).to_dict()
    (accuracy,) = [trace for trace in figure["data"] if str(trace.get("name", "")).startswith("accuracy at")]
    assert accuracy["x"] == summary.frame_steps.tolist()


def test_moving_the_threshold_never_passes_over_the_rows_again(monkeypatch):
    builds = []
    original = PathSummary.build.__func__

    def counted(cls, *args, **kwargs):
        builds.append(args[3])
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(PathSummary, "build", classmethod(counted))
    ui.state.clear_training_cache()
    try:
        at = run_page("pages/2_train.py")
        for value in (0.3, 0.62, 0.3, 0.9):
            at.slider(key="threshold").set_value(value).run()
            assert not at.exception
        assert len(builds) == 1 and builds[0] == ui.state.threshold_grid()
    finally:
        ui.state.clear_training_cache()
