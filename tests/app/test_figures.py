"""The figure builders, tested directly: frames, labels and the boundary's geometry."""

import numpy as np
import pytest

from logreg_core import Dataset, TrainingSettings, datasets, logit, train
from ui.figures import (
    MAX_FRAMES,
    MAX_STATIC_POINTS,
    View,
    display_sample,
    frame_steps,
    model_equation,
    slice_intercepts,
    training_animation,
)
from ui.geometry import Box, band_polygon, line_segment


@pytest.fixture(scope="module")
def notes():
    return datasets.notes_table()


@pytest.fixture(scope="module")
def notes_run(notes):
    return train(notes.X, notes.y, TrainingSettings(learning_rate=0.1, iterations=500))


def moving_traces(figure):
    return figure.frames[0].traces


def sent_frames(figure):
    """The frames as they are sent to the browser."""
    return figure.to_dict()["frames"]


def test_frames_are_capped_and_named_by_real_iterations(notes, notes_run):
    figure = training_animation(notes, notes_run, View(features=(0, 1)))
    names = [frame.name for frame in figure.frames]
    steps = [int(name) for name in names]
    assert len(figure.frames) <= MAX_FRAMES
    assert steps[0] == 0 and steps[-1] == 500 and steps == sorted(set(steps))
    # the player labels its step slider with the frame names and opens on the last frame,
    # which is what the figure's own traces show
    last = sent_frames(figure)[-1]
    shown = figure.to_dict()["data"]
    for index, trace in zip(last["traces"], last["data"]):
        assert all(shown[index][key] == value for key, value in trace.items() if key != "type")
    # the point cloud is static: never part of a frame
    static_points = [i for i, trace in enumerate(figure.data) if trace.mode == "markers" and trace.xaxis == "x"]
    assert static_points and not set(static_points) & set(moving_traces(figure))


def test_short_runs_show_every_step(notes):
    run = train(notes.X, notes.y, TrainingSettings(iterations=40))
    figure = training_animation(notes, run, View(features=(0, 1)))
    assert [int(frame.name) for frame in figure.frames] == list(range(41))


def test_frame_steps_are_dense_early_and_include_the_ends():
    steps = frame_steps(3000)
    assert steps[0] == 0 and steps[-1] == 3000 and len(steps) <= MAX_FRAMES
    assert np.all(np.diff(steps) > 0)
    assert np.diff(steps)[:10].max() < np.diff(steps)[-10:].min()


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.9])
def test_boundary_satisfies_w_dot_x_plus_b_equals_logit_threshold(notes, notes_run, threshold):
    figure = training_animation(notes, notes_run, View(features=(0, 1), threshold=threshold))
    boundary_index = next(i for i, trace in enumerate(figure.data) if (trace.name or "").startswith("boundary"))
    position = moving_traces(figure).index(boundary_index)
    frames = sent_frames(figure)
    x_low, y_low = figure.layout.xaxis.range[0], figure.layout.yaxis.range[0]
    assert frames[-1]["data"][position]["x"][0] >= x_low  # the trained boundary crosses the plot
    for frame in frames[1:]:
        step = int(frame["name"])
        w, b = notes_run.weights[step], notes_run.bias[step]
        segment = frame["data"][position]
        assert len(segment["x"]) == 2
        if segment["x"][0] < x_low:  # early boundaries may lie outside the plot: parked out of view
            assert len(set(segment["x"])) == len(set(segment["y"])) == 1 and segment["y"][0] < y_low
            continue
        for x1, x2 in zip(segment["x"], segment["y"]):
            assert w[0] * x1 + w[1] * x2 + b == pytest.approx(logit(threshold), abs=1e-9 * (1 + abs(b)))


@pytest.mark.parametrize("features", [(0, 1), (0,)])
def test_no_frame_leaves_a_moving_trace_empty(notes, notes_run, features):
    # Plotly's quick frame redraw keeps an emptied trace's old shape on screen: at step 1
    # on the notes' table two probability bands and the boundary are out of view
    figure = training_animation(notes, notes_run, View(features=features, threshold=0.9))
    for frame in sent_frames(figure):
        for trace in frame["data"]:
            assert len(trace.get("x", trace.get("text"))) > 0, frame["name"]


def test_readout_matches_the_history_and_the_threshold(notes, notes_run):
    figure = training_animation(notes, notes_run, View(features=(0, 1), threshold=0.7))
    last = sent_frames(figure)[-1]
    (readout,) = [update for index, update in zip(last["traces"], last["data"])
                  if figure.to_dict()["data"][index]["mode"] == "text"]
    text = readout["text"][0]
    assert "Iteration 500" in text
    assert f"loss J = {notes_run.history.loss[-1]:.5g}" in text
    assert "accuracy at t = 0.7" in text


def test_loss_curve_is_independent_of_the_threshold(notes, notes_run):
    low = training_animation(notes, notes_run, View(features=(0, 1), threshold=0.2))
    high = training_animation(notes, notes_run, View(features=(0, 1), threshold=0.9))
    loss_low = next(trace for trace in low.data if (trace.name or "").startswith("loss"))
    loss_high = next(trace for trace in high.data if (trace.name or "").startswith("loss"))
    assert loss_low.y == loss_high.y


def test_one_feature_draws_the_sigmoid_over_the_feature():
    rng = np.random.default_rng(0)
    x = rng.normal(size=60)
    y = (x + rng.normal(scale=0.8, size=60) > 0).astype(float)
    data = Dataset("one", x[:, None], y, ("hours",), "passed", ("no", "yes"), "")
    run = train(data.X, data.y, TrainingSettings(learning_rate=0.5, iterations=100))
    figure = training_animation(data, run, View(features=(0,), threshold=0.5))
    curve_index = next(i for i, trace in enumerate(figure.data) if trace.name == "σ(w·x + b)")
    position = moving_traces(figure).index(curve_index)
    last = sent_frames(figure)[-1]["data"][position]
    w, b = run.weights[-1][0], run.bias[-1]
    # coordinates are rounded to 1/10,000 of the axis span
    np.testing.assert_allclose(last["y"], 1 / (1 + np.exp(-(w * np.array(last["x"]) + b))), atol=2e-4)


def test_more_features_slice_the_boundary_at_the_means():
    weights = np.array([[1.0, 2.0, 3.0]])
    bias = np.array([0.5])
    mean = np.array([10.0, 20.0, 30.0])
    assert slice_intercepts(weights, bias, mean, (0, 1))[0] == 0.5 + 3.0 * 30.0
    assert slice_intercepts(weights, bias, mean, (0, 2))[0] == 0.5 + 2.0 * 20.0


def test_model_equation_writes_signs_properly():
    assert model_equation(np.array([0.5, -2.0]), -1.25, ("a", "b")) == "z = 0.5·a − 2·b − 1.25"


def test_line_segment_lies_on_the_line_and_in_the_box():
    box = Box(0.0, 10.0, -5.0, 5.0)
    segment = line_segment(1.0, 2.0, 3.0, box)
    assert len(segment) == 2
    for x, y in segment:
        assert x + 2 * y == pytest.approx(3.0)
        assert box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1
    assert line_segment(1.0, 0.0, 20.0, box) == []  # x = 20 misses the box
    assert line_segment(0.0, 0.0, 1.0, box) == []  # no line at all when w = 0


def test_band_polygon_covers_the_box_when_the_model_is_flat():
    box = Box(0.0, 1.0, 0.0, 1.0)
    assert len(band_polygon(0.0, 0.0, -1.0, 1.0, box)) == 4  # 0 is inside the band: whole box
    assert band_polygon(0.0, 0.0, 1.0, 2.0, box) == []  # 0 is outside: nothing
    half = band_polygon(1.0, 0.0, -np.inf, 0.5, box)
    assert max(x for x, _ in half) == pytest.approx(0.5)


def test_presentation_font_enlarges_text_lines_and_markers(notes, notes_run):
    normal = training_animation(notes, notes_run, View(features=(0, 1)))
    large = training_animation(notes, notes_run, View(features=(0, 1), font_size=20))
    assert normal.layout.font.size == 14 and large.layout.font.size == 20
    boundary = next(i for i, trace in enumerate(normal.data) if (trace.name or "").startswith("boundary"))
    assert large.data[boundary].line.width > normal.data[boundary].line.width
    points = next(i for i, trace in enumerate(normal.data) if trace.mode == "markers" and trace.xaxis == "x")
    assert large.data[points].marker.size > normal.data[points].marker.size


def test_dark_style_keeps_text_legible(notes, notes_run):
    dark = training_animation(notes, notes_run, View(features=(0, 1), dark=True)).to_dict()["layout"]
    light = training_animation(notes, notes_run, View(features=(0, 1))).to_dict()["layout"]
    assert dark["font"]["color"] != light["font"]["color"]
    assert dark["paper_bgcolor"] == "rgba(0,0,0,0)"
    # the style is written into the layout and every axis, the font size kept
    assert dark["font"]["size"] == light["font"]["size"] == 14
    assert all(dark[axis]["gridcolor"] != light[axis]["gridcolor"] for axis in dark if axis.startswith(("xaxis", "yaxis")))
    assert "template" not in dark


def test_data_revision_follows_the_data_only(notes, notes_run):
    def revision(**view):
        return training_animation(notes, notes_run, View(features=(0, 1), **view)).to_dict()["layout"]["datarevision"]

    assert revision() == revision()  # the same arrays: Plotly may skip them
    assert revision(threshold=0.7) != revision()  # the boundary moved


def test_display_sample_keeps_the_class_shares_and_is_fixed():
    y = np.r_[np.ones(2_500), np.zeros(7_500)]
    rows = display_sample(y, 1_000)
    assert rows.size == 1_000 and np.unique(rows).size == 1_000
    assert y[rows].sum() == 250  # a quarter of the rows are class 1, and a quarter of the sample
    assert np.array_equal(rows, display_sample(y, 1_000))  # the same points on every rerun
    assert np.array_equal(display_sample(y[:40], 1_000), np.arange(40))  # few rows: all of them


def test_large_data_draws_a_sample_in_feature_space():
    data = datasets.two_clouds(n_points=5_000)
    run = train(data.X, data.y, TrainingSettings(iterations=20))
    figure = training_animation(data, run, View(features=(0, 1))).to_dict()
    drawn = sum(len(trace["x"]) for trace in figure["data"] if trace.get("mode") == "markers" and trace["xaxis"] == "x")
    assert drawn == MAX_STATIC_POINTS


def test_points_lose_their_outline_only_in_dense_clouds(notes, notes_run):
    def outline_widths(data, run):
        figure = training_animation(data, run, View(features=(0, 1))).to_dict()
        return {trace["marker"]["line"]["width"] for trace in figure["data"]
                if trace.get("mode") == "markers" and trace["xaxis"] == "x"}

    assert outline_widths(notes, notes_run) == {1}
    clouds = datasets.two_clouds(n_points=2_000)
    assert outline_widths(clouds, train(clouds.X, clouds.y, TrainingSettings(iterations=20))) == {0}


def test_readout_equation_breaks_between_terms_only():
    from ui.figures import wrap_terms

    assert wrap_terms("z = −0.8057·Feature1 + 1.76·Feature2 − 2.36") == ["z = −0.8057·Feature1", "+ 1.76·Feature2 − 2.36"]
    assert wrap_terms("z = 1.2·x + 3") == ["z = 1.2·x + 3"]
    long = wrap_terms("z = " + " + ".join(f"0.5·feature {i}" for i in range(30)) + " − 1")
    assert len(long) == 3 and long[-1].endswith(" …")
    assert all(line.startswith(("z =", "+ ", "− ")) for line in long)


def test_plain_figure_still_works_with_the_installed_plotly():
    # PlainFigure skips Plotly's validation through private names (ui/figures/plain.py). If a
    # Plotly release drops them, this fails here rather than as a slow or broken page.
    import plotly
    import plotly.graph_objects as go

    from ui.figures import PlainFigure
    from ui.figures.plain import PLOTLY_PRIVATE_NAMES

    unchecked = {"type": "scatter", "x": [0, 1], "y": [0, 1], "opacity": "unchecked"}  # invalid: not validated
    frames = [{"name": "0", "data": [{"type": "scatter", "x": [1]}], "traces": [0]}]
    try:
        figure = PlainFigure([unchecked], {"height": 300}, frames)
    except ValueError as error:
        raise AssertionError(f"Plotly {plotly.__version__} validates despite {PLOTLY_PRIVATE_NAMES}: {error}") from None
    assert [frame.name for frame in figure.frames] == ["0"], f"Plotly {plotly.__version__}: frames are not shown"
    with pytest.raises(ValueError):  # the same figure through the public constructor is validated
        go.Figure(data=[unchecked])
    assert figure.to_dict()["data"] == [unchecked] and b'"unchecked"' in figure.json_bytes


def test_compose_places_each_panels_moving_traces(notes, notes_run):
    from ui.figures import BINARY_PANELS, AnimationContext, compose

    context = AnimationContext.build(notes, notes_run, View(features=(0, 1)), None)
    panels = [build(context) for build in BINARY_PANELS]
    data, frames = compose(panels, [str(int(step)) for step in context.steps])
    assert len(data) == sum(len(part.traces) for part in panels)
    offset = 0
    for part in panels:
        axes = {(part.traces[position]["xaxis"], part.traces[position]["yaxis"]) for position in part.moving}
        # each panel's moving traces keep their own axes in the composed figure
        assert {(data[offset + p]["xaxis"], data[offset + p]["yaxis"]) for p in part.moving} == axes
        offset += len(part.traces)
    assert all(len(frame["data"]) == len(frame["traces"]) for frame in frames)
    with pytest.raises(ValueError, match="frames"):
        compose(panels, ["0"])


def test_the_loss_can_be_drawn_on_a_log_scale(notes, notes_run):
    plain = training_animation(notes, notes_run, View(features=(0, 1))).to_dict()["layout"]["yaxis3"]
    logarithmic = training_animation(notes, notes_run, View(features=(0, 1), log_loss=True)).to_dict()["layout"]["yaxis3"]
    assert plain.get("type") != "log" and plain["rangemode"] == "tozero"
    assert logarithmic["type"] == "log" and "log scale" in logarithmic["title"]["text"]


def test_presentation_rows_leave_room_for_the_axis_titles_between_them(notes, notes_run):
    normal = training_animation(notes, notes_run, View(features=(0, 1))).to_dict()["layout"]
    large = training_animation(notes, notes_run, View(features=(0, 1), font_size=20)).to_dict()["layout"]
    gap = large["yaxis"]["domain"][0] - large["yaxis3"]["domain"][1]
    assert gap > normal["yaxis"]["domain"][0] - normal["yaxis3"]["domain"][1]
    assert large["legend"]["font"]["size"] < large["font"]["size"]  # one row of legend at 1,280 pixels
