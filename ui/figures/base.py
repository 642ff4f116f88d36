"""What every panel of the training animation shares: the view, frame selection, sampling,
text of the readout, small trace helpers, and the Panel each builder returns."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from logreg_core import Dataset, TrainingRun, cross_entropy_path, logit
from logreg_core.threshold_counts import correct_counts_by_threshold
from ui.geometry import Box, padded_box
from ui.style import ACCURACY_COLOUR, CLASS_COLOURS, CLASS_SYMBOLS, LOSS_COLOUR, compact
from ui.text import plotly_literal

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
# Rows x models scored for the accuracy curve: above it (about 7,000 rows for 500 steps) the curve is
# drawn at the frames' steps only, 100 models instead of 600. Counting 20,000 rows under 600 models
# at every slider threshold took 2.8 s of a loaded machine, as long as the descent itself.
MAX_ACCURACY_SCORES = 4_000_000


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
    log_loss : bool
        Draw the loss on a logarithmic axis.
    """

    features: tuple[int, ...]
    threshold: float = 0.5
    font_size: int = 14
    dark: bool = False
    log_loss: bool = False


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


def class_order(codes: NDArray[np.int64]) -> NDArray[np.int64]:
    """Positions of ``codes`` class by class (the lowest code first), in their order within each:
    the order in which one trace draws the points of every class."""
    order: NDArray[np.int64] = np.argsort(codes, kind="stable")
    return order


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
    """The step readout beside the animation, in Plotly's small HTML subset (feature names escaped)."""
    shown = [f"w{j + 1} = {_format_number(w)}" for j, w in enumerate(weights[:READOUT_WEIGHTS])]
    if weights.size > READOUT_WEIGHTS:
        shown.append(f"… ({weights.size} weights)")
    # lines are filled on the plain text, then the indices become subscripts
    weight_list = re.sub(r"w(\d+) =", r"w<sub>\1</sub> =", "<br>".join(fill_lines(shown, ", ")))
    # lines are broken on the names as typed, then each is escaped for Plotly
    equation = "<br>".join(map(plotly_literal, wrap_terms(model_equation(weights, bias, names))))
    return (
        f"<b>Iteration {step}</b><br>"
        f"{weight_list}<br>b = {_format_number(bias)}<br>"
        f"{equation}<br>"
        f"loss J = {loss:.5g}"
        + (f" (test: {test_loss:.5g})" if test_loss is not None else "")
        + f"<br>accuracy at t = {threshold:g}: {accuracy:.1%}"
    )


def points_trace(x, y, klass: int, name: str, axes: tuple[str, str], size: int, outlined: bool) -> dict:
    return dict(
        type="scatter", mode="markers", x=x, y=y,
        name=name, legendgroup=f"class{klass}", showlegend=axes[0] == "x",
        marker=dict(color=CLASS_COLOURS[klass], symbol=CLASS_SYMBOLS[klass], size=size,
                    # outlines tell touching points apart; in a dense cloud they only cost drawing time
                    line=dict(width=1 if outlined else 0, color="white")),
        xaxis=axes[0], yaxis=axes[1],
        hoverinfo="x+y",
    )


def off_chart(box: Box, count: int) -> tuple[list, list]:
    """``count`` copies of one point beyond the box's lower left corner, where nothing shows.

    A shape or line that is not in view in some frame is drawn there instead of being left
    empty: when a frame empties a trace, Plotly's quick redraw of frames leaves the trace's
    previous shape on screen.
    """
    return [box.x0 - (box.x1 - box.x0)] * count, [box.y0 - (box.y1 - box.y0)] * count


def polygon_lists(polygon, box: Box) -> tuple[list, list]:
    if not polygon:
        return off_chart(box, 3)
    closed = [*polygon, polygon[0]]
    return compact([p[0] for p in closed], box.x1 - box.x0), compact([p[1] for p in closed], box.y1 - box.y0)


def segment_lists(segment, box: Box) -> tuple[list, list]:
    if not segment:
        return off_chart(box, 2)
    return [float(p[0]) for p in segment], [float(p[1]) for p in segment]



@dataclass(frozen=True)
class Panel:
    """One panel's part of an animated figure.

    Attributes
    ----------
    traces : list of dict
        Every trace of the panel in drawing order, as plain Plotly dicts; moving traces
        hold what the last frame shows.
    moving : tuple of int
        Positions in ``traces`` of the traces that the frames update.
    frames : list of list of dict
        For each frame, the new values of the moving traces, in the order of ``moving``.
    """

    traces: list[dict]
    moving: tuple[int, ...]
    frames: list[list[dict]]


def progress_markers(bold: int) -> list[tuple[dict, bool]]:
    """The moving loss and accuracy markers of a loss panel (on axes x3/y3 and x3/y4), per frame."""
    return [
        (dict(type="scatter", mode="markers", x=[], y=[], showlegend=False,
              marker=dict(color=LOSS_COLOUR, size=14 * bold, line=dict(width=2 * bold, color="white")),
              hoverinfo="x+y", xaxis="x3", yaxis="y3"), True),
        (dict(type="scatter", mode="markers", x=[], y=[], showlegend=False,
              marker=dict(color=ACCURACY_COLOUR, size=12 * bold, symbol="square",
                          line=dict(width=2 * bold, color="white")),
              hoverinfo="x+y", xaxis="x3", yaxis="y4"), True),
    ]


def panel(static_and_moving: list[tuple[dict, bool]], frames: list[list[dict]]) -> Panel:
    """A Panel from its traces, each with whether it moves, and its per-frame values.

    The moving traces start with the last frame's values, so the figure opens on the
    trained model.
    """
    traces = [trace for trace, _ in static_and_moving]
    moving = tuple(position for position, (_, animated) in enumerate(static_and_moving) if animated)
    if frames:
        for position, update in zip(moving, frames[-1]):
            traces[position] = {**traces[position], **{key: value for key, value in update.items() if key != "type"}}
    return Panel(traces, moving, frames)


@dataclass(frozen=True, eq=False)
class PathSummary:
    """What the animation shows of a run that no threshold changes, computed once per run and data.

    Moving the threshold changes only the accuracy (and where the boundary is drawn): the
    correct counts at every threshold of a grid are counted here in one pass, so a new
    threshold on the grid is a lookup, and one off the grid (from a link) costs one pass.

    Attributes
    ----------
    dataset, run, test
        The data, the run and the held-out rows (or None).
    frame_steps : ndarray of int, shape (frames,)
        The iterations shown as frames.
    curve_steps : ndarray of int, shape (points,)
        The iterations at which the loss curves are drawn.
    accuracy_steps : ndarray of int
        The iterations at which the accuracy curve is drawn: ``curve_steps``, or the frames'
        steps when the rows are many (see ``MAX_ACCURACY_SCORES``).
    thresholds : ndarray, shape (T,)
        The grid of thresholds counted in advance.
    counted_steps : ndarray of int, shape (k,)
        Frame and accuracy steps, sorted, without repeats: the rows of ``correct``.
    correct : ndarray of int64, shape (k, T)
        Rows classified correctly by each counted step's model at each grid threshold.
    frame_test_loss, curve_test_loss : ndarray or None
        Loss on the held-out rows at the frames' and the curve's steps.
    """

    dataset: Dataset
    run: TrainingRun
    test: Dataset | None
    frame_steps: NDArray[np.int64]
    curve_steps: NDArray[np.int64]
    accuracy_steps: NDArray[np.int64]
    thresholds: NDArray[np.float64]
    counted_steps: NDArray[np.int64]
    correct: NDArray[np.int64]
    frame_test_loss: NDArray[np.float64] | None
    curve_test_loss: NDArray[np.float64] | None
    # the frames' drawn parts that no threshold changes, by what else they depend on (see ``kept``)
    _kept: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    def kept(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """What ``compute`` draws of this run for every frame, computed once per ``key`` and kept.

        For the parts of the frames that a new threshold leaves as they are (the probability
        bands, the points on the sigmoid): ``key`` names the part and everything besides the run
        and the data that it depends on (the features shown, the plotted box). The result is
        shared by every figure of the run: it must not be changed.
        """
        if key not in self._kept:
            self._kept[key] = compute()  # two threads may both compute it: the same result either way
        return self._kept[key]

    @classmethod
    def build(cls, dataset: Dataset, run: TrainingRun, test: Dataset | None,
              thresholds: tuple[float, ...]) -> PathSummary:
        n_steps = run.history.n_steps
        frames, curve = frame_steps(n_steps), curve_steps(n_steps)
        many = dataset.n_rows * (frames.size + curve.size) > MAX_ACCURACY_SCORES
        accuracy_steps = frames if many else curve
        counted = np.union1d(frames, accuracy_steps)
        grid = np.asarray(thresholds, dtype=np.float64)
        weights, bias = run.weights, run.bias
        correct = correct_counts_by_threshold(dataset.X, dataset.y, weights[counted], bias[counted], grid)
        test_losses = [None, None] if test is None else [
            cross_entropy_path(test.X, test.y, weights[steps], bias[steps]) for steps in (frames, curve)]
        return cls(dataset, run, test, frames, curve, accuracy_steps, grid, counted, correct, *test_losses)

    def accuracy(self, steps: NDArray[np.int64], threshold: float) -> NDArray[np.float64]:
        """Accuracy at ``threshold`` of the models at ``steps`` (some of ``counted_steps``), shape (len(steps),)."""
        rows = np.searchsorted(self.counted_steps, steps)
        if not np.array_equal(self.counted_steps[np.minimum(rows, self.counted_steps.size - 1)], steps):
            raise ValueError("Accuracy is counted at the frames' and the accuracy curve's steps only.")
        column = np.flatnonzero(self.thresholds == threshold)
        if column.size:
            correct = self.correct[rows, column[0]]
        else:  # a threshold off the grid (from a link): one pass over the rows for these models
            correct = correct_counts_by_threshold(self.dataset.X, self.dataset.y, self.run.weights[steps],
                                                  self.run.bias[steps], [threshold])[:, 0]
        return correct / self.dataset.n_rows


@dataclass(frozen=True, eq=False)
class AnimationContext:
    """What the panels of one training animation share, computed once.

    Attributes
    ----------
    dataset, run, view, test
        The figure's inputs (see :func:`ui.figures.training_animation`).
    steps : ndarray of int, shape (frames,)
        The iterations shown as frames.
    frame_accuracy : ndarray, shape (frames,)
        Accuracy at the view's threshold at each frame.
    frame_test_loss : ndarray, shape (frames,) or None
        Loss on the held-out rows at each frame.
    summary : PathSummary
        The run's threshold-free parts (curve steps, counts, held-out losses).
    curve_accuracy : ndarray, shape (len(summary.accuracy_steps),)
        The accuracy curve at the view's threshold.
    box : Box
        The feature panel's plotted region.
    z_limit : float
        The sigmoid panel's scores run over [-z_limit, z_limit].
    bold : float
        Line and marker scale: thicker with larger text (presentation mode).
    """

    dataset: Dataset
    run: TrainingRun
    view: View
    test: Dataset | None
    steps: NDArray[np.int64]
    frame_accuracy: NDArray[np.float64]
    frame_test_loss: NDArray[np.float64] | None
    summary: PathSummary
    curve_accuracy: NDArray[np.float64]
    box: Box
    z_limit: float
    bold: float

    @classmethod
    def build(cls, dataset: Dataset, run: TrainingRun, view: View, test: Dataset | None,
              summary: PathSummary | None = None) -> AnimationContext:
        """The context of one view; ``summary`` (cached by the caller) saves every pass over the rows
        that the threshold does not change."""
        if summary is None:
            summary = PathSummary.build(dataset, run, test, (view.threshold,))
        steps = summary.frame_steps
        weights, bias = run.weights, run.bias
        X = dataset.X
        final_scores = X @ weights[-1] + bias[-1]
        if len(view.features) == 2:
            box = padded_box(X[:, view.features[0]], X[:, view.features[1]])
        else:
            box = padded_box(X[:, view.features[0]], np.array([0.0, 1.0]))
        return cls(
            dataset=dataset, run=run, view=view, test=test, steps=steps,
            frame_accuracy=summary.accuracy(steps, view.threshold),
            frame_test_loss=summary.frame_test_loss,
            summary=summary,
            curve_accuracy=summary.accuracy(summary.accuracy_steps, view.threshold),
            box=box,
            z_limit=float(np.clip(np.quantile(np.abs(final_scores), 0.95), 6.0, 30.0)),
            bold=view.font_size / 14,
        )

    @property
    def two_d(self) -> bool:
        return len(self.view.features) == 2

    @property
    def cut(self) -> float:
        """The score at the threshold: the boundary is w·x + b = logit(t)."""
        return float(logit(self.view.threshold))

    @property
    def curve_colour(self) -> str:
        return "#DDDDDD" if self.view.dark else "#222222"

    @property
    def class_names(self) -> list[str]:
        """The legend's names of the classes, escaped for Plotly."""
        dataset = self.dataset
        return [plotly_literal(f"{dataset.target_name} = {name}" if name == str(k) else f"{name} (class {k})")
                for k, name in enumerate(dataset.class_names)]
