"""Pure figure builders: results in, go.Figure out. Testable without a server.

The training animation is one Plotly figure with frames, played in the browser by the
player in ui.animation: Play, Pause and the step slider never wait on the server. Only
the traces that move are in the frames, as plain dicts of lists (graph objects would
validate every property of every frame on each rerun); the point clouds and the loss
curve are drawn once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import orjson
import plotly.graph_objects as go
from numpy.typing import NDArray

from logreg_core import Dataset, TrainingRun, accuracy_path, cross_entropy_path, logit, sigmoid
from ui.geometry import Box, band_polygon, line_segment, padded_box
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
    styled_layout,
)

# Both are redrawn whenever the threshold moves: 100 frames (denser early, where the model
# changes most) play for 6 s at the normal speed, and 200 points show how the scores spread.
MAX_FRAMES = 100
MAX_ANIMATED_POINTS = 200
# Each point is an SVG marker that Plotly styles again on every redraw: a sample of 1,000
# shows the clouds as well as 10,000 do and redraws in a fraction of the time.
MAX_STATIC_POINTS = 1000
MAX_CURVE_POINTS = 500
MAX_OUTLINED_POINTS = 500
READOUT_WEIGHTS = 6
READOUT_LINE = 30  # characters: the readout panel is narrow on a laptop screen


@dataclass(frozen=True)
class View:
    """What the animation shows: which features, and at which threshold.

    Attributes
    ----------
    features : tuple of int
        One or two feature indices to plot.
    threshold : float
    font_size : int
        Base font size of the figure.
    dark : bool
        Draw for a dark page background.
    """

    features: tuple[int, ...]
    threshold: float = 0.5
    font_size: int = 14
    dark: bool = False


def frame_steps(n_steps: int, max_frames: int = MAX_FRAMES) -> NDArray[np.int64]:
    """Iterations to show as frames: all of them when few, else denser at the start.

    The early steps change the model most, so the frames are spaced evenly on a square-root
    scale. Step 0 and the last step are always included.
    """
    if n_steps + 1 <= max_frames:
        return np.arange(n_steps + 1)
    positions = np.linspace(0.0, 1.0, max_frames) ** 2 * n_steps
    return np.unique(np.round(positions).astype(np.int64))


def curve_steps(n_steps: int, max_points: int = MAX_CURVE_POINTS) -> NDArray[np.int64]:
    """Iterations at which the loss and accuracy curves are drawn (all, or evenly thinned)."""
    if n_steps + 1 <= max_points:
        return np.arange(n_steps + 1)
    return np.unique(np.round(np.linspace(0, n_steps, max_points)).astype(np.int64))


def display_sample(y: NDArray[np.float64], limit: int, seed: int = 0) -> NDArray[np.int64]:
    """Row indices to draw: every row when there are at most ``limit``, else a fixed random
    sample of ``limit`` rows with each class in the same share as in the data."""
    n = y.shape[0]
    if n <= limit:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    positive = np.flatnonzero(y == 1)
    negative = np.flatnonzero(y != 1)
    n_positive = min(int(round(limit * positive.size / n)), positive.size)
    chosen = [rng.choice(positive, size=n_positive, replace=False),
              rng.choice(negative, size=limit - n_positive, replace=False)]
    return np.sort(np.concatenate(chosen))


def slice_intercepts(
    weights: NDArray[np.float64], bias: NDArray[np.float64], mean: NDArray[np.float64], shown: tuple[int, ...]
) -> NDArray[np.float64]:
    r"""Bias of the model restricted to the shown features, the others held at their means.

    .. math:: b_\text{slice} = b + \sum_{j \notin \text{shown}} w_j \bar x_j
    """
    hidden = [j for j in range(weights.shape[1]) if j not in shown]
    if not hidden:
        return np.asarray(bias, dtype=np.float64)
    return bias + weights[:, hidden] @ mean[hidden]


def _format_number(value: float) -> str:
    return f"{value:.4g}".replace("-", "−")


def model_equation(weights: NDArray[np.float64], bias: float, names: tuple[str, ...]) -> str:
    """z = w1·name1 + w2·name2 + b, with the numbers, as plain text."""
    terms = [f"{_format_number(w)}·{name}" for w, name in zip(weights, names)]
    text = "z = " + " + ".join(terms) + f" + {_format_number(bias)}"
    return text.replace("+ −", "− ")


def fill_lines(items: list[str], separator: str = " ", width: int = READOUT_LINE) -> list[str]:
    """Items joined by ``separator`` into lines of about ``width`` characters, never splitting one."""
    lines = [items[0]]
    for item in items[1:]:
        if len(lines[-1]) + len(separator) + len(item) <= width:
            lines[-1] += separator + item
        else:
            lines[-1] += separator.rstrip()
            lines.append(item)
    return lines


def wrap_terms(equation: str, width: int = READOUT_LINE, max_lines: int = 3) -> list[str]:
    """The equation broken into lines of about ``width`` characters, only between terms;
    after ``max_lines`` lines the rest is left out, ending in "…"."""
    lines = fill_lines(re.split(r" (?=[+−] )", equation), " ", width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return lines


def readout_text(
    step: int, weights: NDArray[np.float64], bias: float, loss: float, accuracy: float,
    threshold: float, names: tuple[str, ...], test_loss: float | None = None,
) -> str:
    """The step readout beside the animation, in Plotly's small HTML subset."""
    shown = [f"w{j + 1} = {_format_number(w)}" for j, w in enumerate(weights[:READOUT_WEIGHTS])]
    if weights.size > READOUT_WEIGHTS:
        shown.append(f"… ({weights.size} weights)")
    # lines are filled on the plain text, then the indices become subscripts
    weight_list = re.sub(r"w(\d+) =", r"w<sub>\1</sub> =", "<br>".join(fill_lines(shown, ", ")))
    equation = "<br>".join(wrap_terms(model_equation(weights, bias, names)))
    return (
        f"<b>Iteration {step}</b><br>"
        f"{weight_list}<br>b = {_format_number(bias)}<br>"
        f"{equation}<br>"
        f"loss J = {loss:.5g}"
        + (f" (test: {test_loss:.5g})" if test_loss is not None else "")
        + f"<br>accuracy at t = {threshold:g}: {accuracy:.1%}"
    )


def _points_trace(x, y, klass: int, name: str, axes: tuple[str, str], size: int, outlined: bool) -> dict:
    return dict(
        type="scatter", mode="markers", x=x, y=y,
        name=name, legendgroup=f"class{klass}", showlegend=axes[0] == "x",
        marker=dict(color=CLASS_COLOURS[klass], symbol=CLASS_SYMBOLS[klass], size=size,
                    # outlines tell touching points apart; in a dense cloud they only cost drawing time
                    line=dict(width=1 if outlined else 0, color="white")),
        xaxis=axes[0], yaxis=axes[1],
        hoverinfo="x+y",
    )


def _off_chart(box: Box, count: int) -> tuple[list, list]:
    """``count`` copies of one point beyond the box's lower left corner, where nothing shows.

    A shape or line that is not in view in some frame is drawn there instead of being left
    empty: when a frame empties a trace, Plotly's quick redraw of frames leaves the trace's
    previous shape on screen.
    """
    return [box.x0 - (box.x1 - box.x0)] * count, [box.y0 - (box.y1 - box.y0)] * count


def _polygon_lists(polygon, box: Box) -> tuple[list, list]:
    if not polygon:
        return _off_chart(box, 3)
    closed = [*polygon, polygon[0]]
    return compact([p[0] for p in closed], box.x1 - box.x0), compact([p[1] for p in closed], box.y1 - box.y0)


def _segment_lists(segment, box: Box) -> tuple[list, list]:
    if not segment:
        return _off_chart(box, 2)
    return [float(p[0]) for p in segment], [float(p[1]) for p in segment]


def training_animation(dataset: Dataset, run: TrainingRun, view: View, test: Dataset | None = None) -> go.Figure:
    """The animated figure of a training run: feature space, sigmoid, loss, and a readout.

    Parameters
    ----------
    dataset : Dataset
        The data the run was trained on.
    run : TrainingRun
        Its path on the original feature scale is what is drawn.
    view : View
        Features shown and the threshold; the threshold moves the boundary and the
        class assignments, never the path.
    test : Dataset or None
        Held-out rows: their loss is drawn beside the training loss.

    Returns
    -------
    go.Figure
        Frames named by their real iteration numbers, the last one shown first.
    """
    history = run.history
    steps = frame_steps(history.n_steps)
    weights, bias = run.weights, run.bias
    X, y = dataset.X, dataset.y
    names = dataset.feature_names
    threshold = view.threshold
    cut = float(logit(threshold))
    frame_accuracy = accuracy_path(X, y, weights[steps], bias[steps], threshold)

    static_rows = display_sample(y, MAX_STATIC_POINTS)
    outlined = static_rows.size <= MAX_OUTLINED_POINTS
    moving_rows = display_sample(y, MAX_ANIMATED_POINTS)
    classes = [y[moving_rows] == k for k in (0, 1)]
    scores = X[moving_rows] @ weights[steps].T + bias[steps]  # (points, frames)
    final_scores = X @ weights[-1] + bias[-1]
    z_limit = float(np.clip(np.quantile(np.abs(final_scores), 0.95), 6.0, 30.0))
    z_grid = np.linspace(-z_limit, z_limit, 161)

    curve_colour = "#DDDDDD" if view.dark else "#222222"
    bold = view.font_size / 14  # thicker lines and larger markers with larger text (presentation mode)
    data: list[dict] = []
    moving: list[int] = []

    def add(trace: dict, animated: bool = False) -> None:
        if animated:
            moving.append(len(data))
        data.append(trace)

    class_names = [
        f"{dataset.target_name} = {name}" if name == str(k) else f"{name} (class {k})"
        for k, name in enumerate(dataset.class_names)
    ]
    two_d = len(view.features) == 2
    if two_d:
        i, j = view.features
        box = padded_box(X[:, i], X[:, j])
        slice_bias = slice_intercepts(weights, bias, run.mean, view.features)
        for band in range(len(BAND_FILLS)):
            add(dict(type="scatter", mode="lines", x=[], y=[], fill="toself", fillcolor=BAND_FILLS[band],
                     line=dict(width=0), hoverinfo="skip", showlegend=False, xaxis="x", yaxis="y"), animated=True)
        for k in (0, 1):
            rows = static_rows[y[static_rows] == k]
            add(_points_trace(compact(X[rows, i], box.x1 - box.x0), compact(X[rows, j], box.y1 - box.y0),
                              k, class_names[k], ("x", "y"), 11 * bold, outlined))
        add(dict(type="scatter", mode="lines", x=[], y=[], name=f"boundary: P = {threshold:g}",
                 line=dict(color=BOUNDARY_COLOUR, width=3 * bold), xaxis="x", yaxis="y"), animated=True)
    else:
        (i,) = view.features
        box = padded_box(X[:, i], np.array([0.0, 1.0]))
        slice_bias = slice_intercepts(weights, bias, run.mean, view.features)
        x_grid = np.linspace(box.x0, box.x1, 161)
        for k in (0, 1):
            rows = static_rows[y[static_rows] == k]
            add(_points_trace(compact(X[rows, i], box.x1 - box.x0), y[rows].tolist(), k, class_names[k], ("x", "y"), 11 * bold,
                              outlined))
        add(dict(type="scatter", mode="lines", x=list(map(float, x_grid)), y=[], name="σ(w·x + b)",
                 line=dict(color=curve_colour, width=3 * bold), xaxis="x", yaxis="y"), animated=True)
        add(dict(type="scatter", mode="lines", x=[], y=[], name=f"boundary: P = {threshold:g}",
                 line=dict(color=BOUNDARY_COLOUR, width=3 * bold), xaxis="x", yaxis="y"), animated=True)
        add(dict(type="scatter", mode="lines", x=[box.x0, box.x1], y=[threshold, threshold], showlegend=False,
                 line=dict(color=THRESHOLD_COLOUR, width=2 * bold, dash="dash"), hoverinfo="skip", xaxis="x", yaxis="y"))

    # sigmoid panel
    add(dict(type="scatter", mode="lines", x=list(map(float, z_grid)), y=list(map(float, sigmoid(z_grid))),
             name="σ(z)", showlegend=False, line=dict(color=curve_colour, width=3 * bold), hoverinfo="skip",
             xaxis="x2", yaxis="y2"))
    add(dict(type="scatter", mode="lines", x=[-z_limit, z_limit], y=[threshold, threshold],
             name=f"threshold t = {threshold:g}", line=dict(color=THRESHOLD_COLOUR, width=2 * bold, dash="dash"),
             hoverinfo="skip", xaxis="x2", yaxis="y2"))
    for k in (0, 1):
        add(dict(type="scatter", mode="markers", x=[], y=[], showlegend=False, legendgroup=f"class{k}",
                 marker=dict(color=CLASS_COLOURS[k], symbol=CLASS_SYMBOLS[k], size=10 * bold,
                             line=dict(width=1, color="white")),
                 hoverinfo="x+y", xaxis="x2", yaxis="y2"), animated=True)

    # loss and accuracy panel
    curve = curve_steps(history.n_steps)
    curve_accuracy = accuracy_path(X, y, weights[curve], bias[curve], threshold)
    add(dict(type="scatter", mode="lines", x=curve.tolist(), y=history.loss[curve].tolist(),
             name="loss J (cross-entropy)", line=dict(color=LOSS_COLOUR, width=3 * bold), xaxis="x3", yaxis="y3"))
    if test is not None:
        add(dict(type="scatter", mode="lines", x=curve.tolist(),
                 y=cross_entropy_path(test.X, test.y, weights[curve], bias[curve]).tolist(),
                 name="test loss (held-out rows)", line=dict(color=TEST_LOSS_COLOUR, width=3 * bold, dash="dash"),
                 xaxis="x3", yaxis="y3"))
        frame_test_loss = cross_entropy_path(test.X, test.y, weights[steps], bias[steps])
    add(dict(type="scatter", mode="lines", x=curve.tolist(), y=curve_accuracy.tolist(),
             name=f"accuracy at t = {threshold:g}", line=dict(color=ACCURACY_COLOUR, width=2 * bold, dash="dot"),
             xaxis="x3", yaxis="y4"))
    add(dict(type="scatter", mode="markers", x=[], y=[], showlegend=False,
             marker=dict(color=LOSS_COLOUR, size=14 * bold, line=dict(width=2 * bold, color="white")),
             hoverinfo="x+y", xaxis="x3", yaxis="y3"), animated=True)
    add(dict(type="scatter", mode="markers", x=[], y=[], showlegend=False,
             marker=dict(color=ACCURACY_COLOUR, size=12 * bold, symbol="square", line=dict(width=2 * bold, color="white")),
             hoverinfo="x+y", xaxis="x3", yaxis="y4"), animated=True)
    add(dict(type="scatter", mode="text", x=[0.0], y=[1.0], text=[""], textposition="bottom right",
             showlegend=False, hoverinfo="skip", textfont=dict(size=view.font_size + 1),
             xaxis="x5", yaxis="y5"), animated=True)

    frames = []
    for frame_index, step in enumerate(steps):
        w, b = weights[step], float(slice_bias[step])
        traces: list[dict] = []
        if two_d:
            a1, a2 = float(w[view.features[0]]), float(w[view.features[1]])
            for band in range(len(BAND_FILLS)):
                low = float(logit(BAND_EDGES[band])) - b
                high = float(logit(BAND_EDGES[band + 1])) - b
                xs, ys = _polygon_lists(band_polygon(a1, a2, low, high, box), box)
                traces.append(dict(type="scatter", x=xs, y=ys))
            xs, ys = _segment_lists(line_segment(a1, a2, cut - b, box), box)
            traces.append(dict(type="scatter", x=xs, y=ys))
        else:
            a1 = float(w[view.features[0]])
            traces.append(dict(type="scatter", x=compact(x_grid, box.x1 - box.x0),
                               y=compact(sigmoid(a1 * x_grid + b))))
            segment = line_segment(a1, 0.0, cut - b, Box(box.x0, box.x1, 0.0, 1.0))
            xs, ys = ([segment[0][0]] * 2, [0.0, 1.0]) if segment else _off_chart(box, 2)
            traces.append(dict(type="scatter", x=xs, y=ys))
        frame_scores = np.clip(scores[:, frame_index], -z_limit, z_limit)
        for k in (0, 1):
            z_k = frame_scores[classes[k]]
            traces.append(dict(type="scatter", x=compact(z_k, 2 * z_limit), y=compact(sigmoid(z_k))))
        traces.append(dict(type="scatter", x=[int(step)], y=[float(history.loss[step])]))
        traces.append(dict(type="scatter", x=[int(step)], y=[float(frame_accuracy[frame_index])]))
        traces.append(dict(type="scatter", text=[readout_text(
            int(step), weights[step], float(bias[step]), float(history.loss[step]),
            float(frame_accuracy[frame_index]), threshold, names,
            None if test is None else float(frame_test_loss[frame_index]))]))
        frames.append(dict(name=str(int(step)), data=traces, traces=moving))

    # the figure opens on the last frame: the trained model at the current threshold
    for index, trace in zip(moving, frames[-1]["data"]):
        data[index] = {**data[index], **{key: value for key, value in trace.items() if key != "type"}}

    layout = _animation_layout(dataset, view, box, z_limit, history, two_d)
    return PlainFigure(data, layout, frames)


def _animation_layout(dataset, view, box, z_limit, history, two_d) -> dict:
    font = view.font_size
    names = dataset.feature_names
    x_title = names[view.features[0]]
    y_title = names[view.features[1]] if two_d else f"{dataset.target_name} (P of class {dataset.class_names[1]})"
    sliced = two_d and dataset.n_features > 2
    feature_title = "Feature space" + (" (other features at their means)" if sliced else "")
    # The gap between the columns holds the tick labels and titles of the axes that face each
    # other, which grow with the text: at presentation size a 1,280-pixel screen needs more.
    gap = 0.10 * font / 14
    left, right = [0.0, 0.51 - gap / 2], [0.51 + gap / 2, 1.0]
    return styled_layout(dict(
        height=920,
        font=dict(size=font),
        margin=dict(l=60, r=30, t=60, b=40),
        hovermode="closest",
        # a zoom survives threshold and training changes on the same data and features
        uirevision=f"{dataset.fingerprint}:{view.features}",
        legend=dict(orientation="h", x=0.0, y=1.08, xanchor="left", yanchor="bottom"),
        xaxis=dict(domain=left, range=[box.x0, box.x1], title=dict(text=x_title), anchor="y"),
        yaxis=dict(domain=[0.6, 1.0], range=[box.y0, box.y1] if two_d else [-0.08, 1.08],
                   title=dict(text=y_title), anchor="x"),
        xaxis2=dict(domain=right, range=[-z_limit * 1.03, z_limit * 1.03],
                    title=dict(text=f"score z = w·x + b (shown within ±{z_limit:.3g})"), anchor="y2"),
        yaxis2=dict(domain=[0.6, 1.0], range=[-0.05, 1.05], title=dict(text="σ(z) = P(class 1)"), anchor="x2"),
        xaxis3=dict(domain=left, range=[-0.5, max(history.n_steps, 1) + 0.5],
                    title=dict(text="iteration"), anchor="y3"),
        yaxis3=dict(domain=[0.06, 0.4], title=dict(text="loss J", font=dict(color=LOSS_COLOUR)),
                    rangemode="tozero", anchor="x3"),
        yaxis4=dict(domain=[0.06, 0.4], range=[0, 1.02], overlaying="y3", side="right", anchor="x3",
                    title=dict(text="accuracy", font=dict(color=ACCURACY_COLOUR)), tickformat=".0%",
                    tickvals=[0, 0.25, 0.5, 0.75, 1.0], showgrid=False),
        xaxis5=dict(domain=right, range=[0, 1], visible=False, anchor="y5", fixedrange=True),
        yaxis5=dict(domain=[0.06, 0.4], range=[0, 1], visible=False, anchor="x5", fixedrange=True),
        annotations=[
            dict(text=feature_title, x=0.0, y=1.0, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
                 showarrow=False, font=dict(size=font + 2)),
            dict(text="The sigmoid at every point's score", x=right[0], y=1.0, xref="paper", yref="paper",
                 xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=font + 2)),
            dict(text="Loss and accuracy per iteration", x=0.0, y=0.4, xref="paper", yref="paper",
                 xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=font + 2)),
            dict(text="At this step", x=right[0], y=0.4, xref="paper", yref="paper",
                 xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=font + 2)),
        ],
    ), view.dark)


class PlainFigure(go.Figure):
    """A read-only go.Figure that serialises from the plain dicts it was built from.

    Plotly validates every property of every frame when frames go through the
    constructor (about 0.1 s for 100 frames), and ``to_dict`` deep-copies the whole figure
    (20-40 ms). This figure is built fresh from dicts written against Plotly's schema and
    never changed afterwards, so it hands those dicts out as they are, and its JSON is
    made once. Do not modify it: build a new one.
    """

    def __init__(self, data: list[dict], layout: dict, frames: list[dict]) -> None:
        super().__init__(data=data, layout=layout, _validate=False)
        # Plotly.react redraws every trace unless a data revision says the arrays are the
        # same, and the player skips a figure it already shows: a digest of them serves both.
        digest = hashlib.blake2b(orjson.dumps([data, frames], option=orjson.OPT_SERIALIZE_NUMPY), digest_size=12)
        layout = {**layout, "datarevision": digest.hexdigest()}
        self._plain = {"data": data, "layout": layout, "frames": frames}
        self._frame_objs = tuple(go.Frame(frame, _validate=False) for frame in frames)
        self._json_bytes = orjson.dumps(self._plain, option=orjson.OPT_SERIALIZE_NUMPY)

    @property
    def json_bytes(self) -> bytes:
        """The figure as JSON, serialised once, however often it is shown."""
        return self._json_bytes

    def to_dict(self) -> dict:
        return self._plain
