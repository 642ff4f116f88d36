"""The multinomial animation's builders: K regions that tile the box, frames in sync, no trace emptied."""

import numpy as np
import pytest

from logreg_core import TrainingSettings, datasets, softmax, train
from ui.figures.multinomial import (
    MultinomialView,
    class_region,
    core_margin,
    full_coefficients,
    multinomial_animation,
    readout_text,
)
from ui.geometry import Box
from ui.style import CLASS_COLOURS, CLASS_SYMBOLS


@pytest.fixture(scope="module")
def clouds():
    return datasets.load("clouds", n_classes=4)


@pytest.fixture(scope="module")
def clouds_run(clouds):
    return train(clouds.X, clouds.y, TrainingSettings(kind="multinomial", iterations=300))


def polygon_area(xs, ys) -> float:
    return 0.5 * abs(float(np.dot(xs[:-1], ys[1:]) - np.dot(xs[1:], ys[:-1])))


def test_the_palette_has_six_distinct_colours_and_shapes():
    assert len(set(CLASS_COLOURS)) == 6 and len(set(CLASS_SYMBOLS)) == 6
    assert CLASS_COLOURS[:2] == ("#0072B2", "#E69F00")  # the binary pages' classes keep their colours


def test_regions_tile_the_box_and_each_point_lies_in_its_most_probable_class(clouds, clouds_run):
    box = Box(-6, 6, -6, 6)
    coefficients = full_coefficients(clouds_run.params[-1:], clouds_run.history.layout)[0]
    regions = [class_region(coefficients, k, (0, 1), clouds.X.mean(axis=0), box) for k in range(4)]
    areas = []
    for polygon in regions:
        closed = [*polygon, polygon[0]]
        areas.append(polygon_area(np.array([p[0] for p in closed]), np.array([p[1] for p in closed])))
    assert sum(areas) == pytest.approx(144.0, rel=1e-9) and min(areas) > 0
    # a point's winning class is the region that holds it
    point = clouds.X[0]
    winner = int(np.argmax(coefficients[:, 0] + coefficients[:, 1:] @ point))
    def left_of(a, b) -> bool:  # the polygons run anticlockwise, as the box's corners do
        return (b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0]) >= -1e-9

    inside = [k for k, polygon in enumerate(regions)
              if all(left_of(a, b) for a, b in zip(polygon, [*polygon[1:], polygon[0]]))]
    assert inside == [winner]


def test_every_frames_regions_are_the_class_regions_of_its_step(clouds, clouds_run):
    from ui.figures.base import off_chart
    from ui.figures.multinomial import region_frames, slice_planes
    from ui.style import compact

    box = Box(-3.0, 3.0, -2.0, 2.5)  # small: some classes have no region in some frames
    mean = clouds.X.mean(axis=0)
    coefficients = full_coefficients(clouds_run.params[[0, 1, 20, -1]], clouds_run.history.layout)
    margins = (0.0, core_margin(4))
    frames = region_frames(slice_planes(coefficients, (0, 1), mean), box, margins)
    empty = 0
    for regions, step in zip(frames, coefficients):
        expected = [class_region(step, k, (0, 1), mean, box, margin) for margin in margins for k in range(4)]
        assert len(regions) == len(expected)
        for (xs, ys), polygon in zip(regions, expected):
            if not polygon:
                empty += 1
                assert (xs, ys) == off_chart(box, 3)
                continue
            closed = [*polygon, polygon[0]]
            assert xs == compact([p[0] for p in closed], 6.0) and ys == compact([p[1] for p in closed], 4.5)
    assert empty > 0


def test_the_core_margin_guarantees_the_winning_probability():
    for K in (3, 4, 6):
        margin = core_margin(K)
        scores = np.r_[margin, np.zeros(K - 1)]  # the worst case: every other class exactly margin behind
        assert softmax(scores)[0] == pytest.approx(0.8)


def test_the_animation_has_k_regions_about_100_frames_and_never_empties_a_trace(clouds, clouds_run):
    figure = multinomial_animation(clouds, clouds_run, MultinomialView(features=(0, 1)))
    plain = figure.to_dict()
    frames = plain["frames"]
    assert 50 <= len(frames) <= 100 and frames[-1]["name"] == "300" and frames[0]["name"] == "0"
    fills = [trace for trace in plain["data"] if trace.get("fill") == "toself"]
    assert len(fills) == 2 * 4  # each class's region and its darker core
    moving = frames[0]["traces"]
    for frame in frames:
        assert frame["traces"] == moving and len(frame["data"]) == len(moving)
        for update in frame["data"]:
            assert isinstance(update, dict)
            for axis in ("x", "y", "text"):
                if axis in update:
                    assert len(update[axis]) > 0
    legend = [trace["name"] for trace in plain["data"] if trace.get("mode") == "markers" and trace.get("showlegend", True)]
    assert set(clouds.class_names) <= set(legend)


def test_softmax_curves_sum_to_one_in_every_frame(clouds, clouds_run):
    figure = multinomial_animation(clouds, clouds_run, MultinomialView(features=(0, 1))).to_dict()
    curves = [position for position, trace in enumerate(figure["data"])
              if trace.get("xaxis") == "x2" and trace.get("mode") == "lines"]
    assert len(curves) == 4
    for frame in figure["frames"][:: 10]:
        values = dict(zip(frame["traces"], frame["data"]))
        total = np.sum([values[position]["y"] for position in curves], axis=0)
        np.testing.assert_allclose(total, 1.0, atol=4 * 0.5e-3)  # each rounded to 1e-3


def test_readout_works_the_softmax_through_with_the_numbers():
    coefficients = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, -1.0], [-0.5, 0.0, 1.0]])
    x = np.array([1.0, 2.0])
    text = readout_text(coefficients, x, 2, 7, 0.5, 0.9, 0, ["a", "b", "c"], ["x1", "x2"])
    scores = np.array([0.0, 1.0 + 2.0 - 2.0, -0.5 + 2.0])
    assert "Iteration 7" in text and "z<sub>1</sub> = 0 (reference)" in text
    assert ", ".join(f"{p:.3f}" for p in softmax(scores)) in text
    assert f"{-np.log(softmax(scores)[2]):.3g}" in text


def test_one_feature_shows_the_points_by_class_and_no_regions():
    data = datasets.load("iris")
    run = train(data.X, data.y, TrainingSettings(kind="multinomial", iterations=50, standardize=True))
    figure = multinomial_animation(data, run, MultinomialView(features=(2,))).to_dict()
    assert not [trace for trace in figure["data"] if trace.get("fill") == "toself"]
    assert len(figure["frames"]) == 51


def test_names_from_a_file_are_escaped_for_plotly(clouds, clouds_run):
    from dataclasses import replace

    named = replace(clouds, class_names=("<b>A</b>", "B", "C", "D"))
    figure = multinomial_animation(named, clouds_run, MultinomialView(features=(0, 1)),
                                   escape=lambda text: text.replace("<", "&lt;").replace(">", "&gt;")).to_dict()
    names = [trace.get("name", "") for trace in figure["data"]]
    assert "&lt;b&gt;A&lt;/b&gt;" in names and "<b>A</b>" not in names


def layout_without_revision(figure) -> dict:
    return {key: value for key, value in figure.to_dict()["layout"].items() if key != "datarevision"}


def test_the_loss_axis_runs_from_zero_past_every_loss_drawn(clouds, clouds_run):
    figure = multinomial_animation(clouds, clouds_run, MultinomialView(features=(0, 1)))
    low, high = figure.to_dict()["layout"]["yaxis3"]["range"]
    drawn = [value for trace in figure.to_dict()["data"] if trace.get("yaxis") == "y3" for value in trace["y"]]
    assert low == 0.0 and max(drawn) < high <= 1.06 * max(drawn)
    assert max(drawn) == pytest.approx(float(np.max(clouds_run.history.loss)))


def test_another_learning_rate_keeps_the_layout_so_the_player_moves_traces_in_place(clouds):
    # From a zero start every run begins at the same loss, log K: the loss axis, like every
    # other axis, stays, and the player (ui/animation_player) updates the traces in place.
    figures = [multinomial_animation(clouds, train(clouds.X, clouds.y, TrainingSettings(
        kind="multinomial", iterations=300, learning_rate=rate)), MultinomialView(features=(0, 1)))
        for rate in (0.1, 0.3)]
    assert figures[0].to_dict()["layout"]["datarevision"] != figures[1].to_dict()["layout"]["datarevision"]
    assert layout_without_revision(figures[0]) == layout_without_revision(figures[1])


def test_a_loss_that_is_not_finite_leaves_the_axis_to_plotly():
    from ui.figures.multinomial import loss_axis_range

    assert loss_axis_range([dict(yaxis="y3", y=[1.0, float("inf")])]) is None
    assert loss_axis_range([dict(yaxis="y", y=[5.0]), dict(yaxis="y3", y=[2.0, 1.0])]) == [0.0, 2.0 * 1.05]


def _as_lists(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_lists(item) for item in value]
    return value


@pytest.mark.parametrize("kind", ["multinomial", "ordinal"])
def test_frames_kept_as_arrays_are_written_as_the_same_floats_as_lists(clouds, clouds_run, kind):
    import orjson

    from ui.figures.base import View
    from ui.figures.ordinal import ordinal_animation

    if kind == "multinomial":
        figure = multinomial_animation(clouds, clouds_run, MultinomialView(features=(0, 1)))
    else:
        anes = datasets.load("anes96")
        run = train(anes.X, anes.y, TrainingSettings(kind="ordinal", iterations=100, standardize=True))
        figure = ordinal_animation(anes, run, View(features=(0,)))
    plain = figure.to_dict()
    assert any(isinstance(update.get("y"), np.ndarray) for update in plain["frames"][-1]["data"])
    as_lists = orjson.dumps({"layout": plain["layout"], "data": _as_lists(plain["data"]),
                             "frames": _as_lists(plain["frames"])})
    assert orjson.loads(figure.json_bytes) == orjson.loads(as_lists)
    assert len(figure.json_bytes) == len(as_lists)


def test_score_equations_fit_the_readout_and_say_when_terms_are_left_out():
    import html
    import re

    from ui.figures.multinomial import READOUT_EQUATION_WIDTH, score_equation

    def shown(text: str) -> str:
        return re.sub(r"<[^>]*>", "", html.unescape(text))

    names = list(datasets.load("iris").feature_names)  # four long names
    long = score_equation([-4.08, 2.28, -3.72, 0.91, -2.5], 1, 0, names)
    assert len(shown(long)) <= READOUT_EQUATION_WIDTH and shown(long).endswith("+ …")
    assert "sepal_widt" in long and "petal_leng" not in long  # the third weight would not fit
    two = score_equation([-0.1, -2.24, 1.04], 1, 0, ["x1", "x2"])
    assert shown(two) == "z2 = −0.1 − 2.24·x1 + 1.04·x2"  # every term, nothing left out
    narrow = score_equation([-4.08, 2.28, -3.72, 0.91, -2.5], 1, 0, names, max_terms=2, width=36)
    assert shown(narrow) == "z2 = −4.08 + 2.28·sepal_leng + …"  # at least one weight is always shown
