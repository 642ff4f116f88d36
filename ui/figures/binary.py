"""The binary model's panels of the training animation, one builder per panel.

Each builder takes the shared :class:`~ui.figures.base.AnimationContext` and returns a
:class:`~ui.figures.base.Panel`: its traces (static and moving) and, per frame, the new
values of its moving traces. :func:`ui.figures.animation.compose` puts panels together;
multinomial and ordinal panels follow the same contract on their own axes.
"""

from __future__ import annotations

import numpy as np

from logreg_core import logit, sigmoid
from ui.figures.base import (
    MAX_ANIMATED_POINTS,
    MAX_OUTLINED_POINTS,
    MAX_STATIC_POINTS,
    AnimationContext,
    Panel,
    display_sample,
    off_chart,
    panel,
    points_trace,
    polygon_lists,
    progress_markers,
    readout_text,
    segment_lists,
    slice_intercepts,
)
from ui.geometry import Box, band_polygon, line_segment
from ui.style import (
    ACCURACY_COLOUR,
    BAND_EDGES,
    BAND_FILLS,
    BOUNDARY_COLOUR,
    CLASS_COLOURS,
    CLASS_SYMBOLS,
    LOSS_COLOUR,
    TEST_LOSS_COLOUR,
    THRESHOLD_COLOUR,
    compact,
)


def feature_space_panel(context: AnimationContext) -> Panel:
    """Axes x/y: the points in one or two features, the boundary and (with two) the probability bands."""
    dataset, run, view, box, bold = context.dataset, context.run, context.view, context.box, context.bold
    X, y = dataset.X, dataset.y
    threshold, cut = view.threshold, context.cut
    static_rows = display_sample(y, MAX_STATIC_POINTS)
    outlined = static_rows.size <= MAX_OUTLINED_POINTS
    slice_bias = slice_intercepts(run.weights, run.bias, run.mean, view.features)
    class_names = context.class_names
    traces: list[tuple[dict, bool]] = []
    frames: list[list[dict]] = []
    boundary = dict(type="scatter", mode="lines", x=[], y=[], name=f"boundary: P = {threshold:g}",
                    line=dict(color=BOUNDARY_COLOUR, width=3 * bold), xaxis="x", yaxis="y")
    if context.two_d:
        i, j = view.features
        # the bands' edges as scores, once: the same for every frame
        edge_scores = [float(logit(edge)) for edge in BAND_EDGES]
        for band in range(len(BAND_FILLS)):
            traces.append((dict(type="scatter", mode="lines", x=[], y=[], fill="toself", fillcolor=BAND_FILLS[band],
                                line=dict(width=0), hoverinfo="skip", showlegend=False, xaxis="x", yaxis="y"), True))
        for k in (0, 1):
            rows = static_rows[y[static_rows] == k]
            traces.append((points_trace(compact(X[rows, i], box.x1 - box.x0), compact(X[rows, j], box.y1 - box.y0),
                                        k, class_names[k], ("x", "y"), 11 * bold, outlined), False))
        traces.append((boundary, True))

        def band_frames() -> list[list[dict]]:
            bands = []
            for step in context.steps:
                w, b = run.weights[step], float(slice_bias[step])
                a1, a2 = float(w[i]), float(w[j])
                polygons = [polygon_lists(band_polygon(a1, a2, edge_scores[band] - b, edge_scores[band + 1] - b, box),
                                          box) for band in range(len(BAND_FILLS))]
                bands.append([dict(type="scatter", x=xs, y=ys) for xs, ys in polygons])
            return bands

        # the bands do not move with the threshold: a new threshold draws only the boundary
        kept_bands = context.summary.kept(("bands", view.features, box), band_frames)
        for frame_index, step in enumerate(context.steps):
            w, b = run.weights[step], float(slice_bias[step])
            xs, ys = segment_lists(line_segment(float(w[i]), float(w[j]), cut - b, box), box)
            frames.append([*kept_bands[frame_index], dict(type="scatter", x=xs, y=ys)])
    else:
        (i,) = view.features
        x_grid = np.linspace(box.x0, box.x1, 161)
        for k in (0, 1):
            rows = static_rows[y[static_rows] == k]
            traces.append((points_trace(compact(X[rows, i], box.x1 - box.x0), y[rows].tolist(), k, class_names[k],
                                        ("x", "y"), 11 * bold, outlined), False))
        traces.append((dict(type="scatter", mode="lines", x=list(map(float, x_grid)), y=[], name="σ(w·x + b)",
                            line=dict(color=context.curve_colour, width=3 * bold), xaxis="x", yaxis="y"), True))
        traces.append((boundary, True))
        traces.append((dict(type="scatter", mode="lines", x=[box.x0, box.x1], y=[threshold, threshold],
                            showlegend=False, line=dict(color=THRESHOLD_COLOUR, width=2 * bold, dash="dash"),
                            hoverinfo="skip", xaxis="x", yaxis="y"), False))
        for step in context.steps:
            a1, b = float(run.weights[step][i]), float(slice_bias[step])
            curve = dict(type="scatter", x=compact(x_grid, box.x1 - box.x0), y=compact(sigmoid(a1 * x_grid + b)))
            segment = line_segment(a1, 0.0, cut - b, Box(box.x0, box.x1, 0.0, 1.0))
            xs, ys = ([segment[0][0]] * 2, [0.0, 1.0]) if segment else off_chart(box, 2)
            frames.append([curve, dict(type="scatter", x=xs, y=ys)])
    return panel(traces, frames)


def sigmoid_panel(context: AnimationContext) -> Panel:
    """Axes x2/y2: the sigmoid, the threshold, and a sample of points sliding along it at their scores."""
    dataset, run, view, bold, z_limit = context.dataset, context.run, context.view, context.bold, context.z_limit
    threshold = view.threshold
    z_grid = np.linspace(-z_limit, z_limit, 161)
    steps = context.steps
    traces: list[tuple[dict, bool]] = [
        (dict(type="scatter", mode="lines", x=list(map(float, z_grid)), y=list(map(float, sigmoid(z_grid))),
              name="σ(z)", showlegend=False, line=dict(color=context.curve_colour, width=3 * bold),
              hoverinfo="skip", xaxis="x2", yaxis="y2"), False),
        (dict(type="scatter", mode="lines", x=[-z_limit, z_limit], y=[threshold, threshold],
              name=f"threshold t = {threshold:g}", line=dict(color=THRESHOLD_COLOUR, width=2 * bold, dash="dash"),
              hoverinfo="skip", xaxis="x2", yaxis="y2"), False),
    ]
    for k in (0, 1):
        traces.append((dict(type="scatter", mode="markers", x=[], y=[], showlegend=False, legendgroup=f"class{k}",
                            marker=dict(color=CLASS_COLOURS[k], symbol=CLASS_SYMBOLS[k], size=10 * bold,
                                        line=dict(width=1, color="white")),
                            hoverinfo="x+y", xaxis="x2", yaxis="y2"), True))

    def point_frames() -> list[list[dict]]:
        moving_rows = display_sample(dataset.y, MAX_ANIMATED_POINTS)
        classes = [dataset.y[moving_rows] == k for k in (0, 1)]
        scores = dataset.X[moving_rows] @ run.weights[steps].T + run.bias[steps]  # (points, frames)
        frames = []
        for frame_index in range(steps.size):
            frame_scores = np.clip(scores[:, frame_index], -z_limit, z_limit)
            frames.append([dict(type="scatter", x=compact(frame_scores[classes[k]], 2 * z_limit),
                                y=compact(sigmoid(frame_scores[classes[k]]))) for k in (0, 1)])
        return frames

    # the points sit at their scores whatever the threshold
    return panel(traces, context.summary.kept(("sigmoid points", z_limit), point_frames))


def loss_panel(context: AnimationContext) -> Panel:
    """Axes x3/y3/y4: loss (and held-out loss) and accuracy per iteration, with markers at the frame's step."""
    run, view, bold, test = context.run, context.view, context.bold, context.test
    history = run.history
    threshold = view.threshold
    summary = context.summary
    curve, accuracy_steps = summary.curve_steps, summary.accuracy_steps
    traces: list[tuple[dict, bool]] = [
        (dict(type="scatter", mode="lines", x=curve.tolist(), y=history.loss[curve].tolist(),
              name="loss J (cross-entropy)", line=dict(color=LOSS_COLOUR, width=3 * bold), xaxis="x3", yaxis="y3"),
         False),
    ]
    if test is not None:
        traces.append((dict(type="scatter", mode="lines", x=curve.tolist(),
                            y=summary.curve_test_loss.tolist(),
                            name="test loss (held-out rows)",
                            line=dict(color=TEST_LOSS_COLOUR, width=3 * bold, dash="dash"),
                            xaxis="x3", yaxis="y3"), False))
    traces += [
        (dict(type="scatter", mode="lines", x=accuracy_steps.tolist(), y=context.curve_accuracy.tolist(),
              name=f"accuracy at t = {threshold:g}", line=dict(color=ACCURACY_COLOUR, width=2 * bold, dash="dot"),
              xaxis="x3", yaxis="y4"), False),
        *progress_markers(bold),
    ]
    frames = [[dict(type="scatter", x=[int(step)], y=[float(history.loss[step])]),
               dict(type="scatter", x=[int(step)], y=[float(context.frame_accuracy[frame_index])])]
              for frame_index, step in enumerate(context.steps)]
    return panel(traces, frames)


def readout_panel(context: AnimationContext) -> Panel:
    """Axes x5/y5: the weights, bias, equation, loss and accuracy at the frame's step, as text."""
    run, view = context.run, context.view
    # not clipped to its panel: on a short presentation chart its last lines run into the margin below
    trace = dict(type="scatter", mode="text", x=[0.0], y=[1.0], text=[""], textposition="bottom right",
                 showlegend=False, hoverinfo="skip", textfont=dict(size=view.font_size + 1), xaxis="x5", yaxis="y5",
                 cliponaxis=False)
    frames = []
    for frame_index, step in enumerate(context.steps):
        test_loss = None if context.frame_test_loss is None else float(context.frame_test_loss[frame_index])
        frames.append([dict(type="scatter", text=[readout_text(
            int(step), run.weights[step], float(run.bias[step]), float(run.history.loss[step]),
            float(context.frame_accuracy[frame_index]), view.threshold, context.dataset.feature_names, test_loss)])])
    return panel([(trace, True)], frames)


BINARY_PANELS = (feature_space_panel, sigmoid_panel, loss_panel, readout_panel)
