"""The multinomial model's panels of the training animation, one builder per panel.

Same contract as ``binary.py``: each builder takes a :class:`MultinomialContext` and returns a
:class:`~ui.figures.base.Panel` (static traces, moving traces, their values per frame);
:func:`multinomial_animation` composes them on a 2 x 2 grid:

1. feature space (x/y): the K decision regions of the frame's weights in two features (the
   others at their means), each shaded by its class's colour, darker where the winning
   class leads every other by a clear margin; their outlines are the boundaries;
2. class probabilities (x2/y2): the K softmax curves along one feature, and the points at
   their own class's probability;
3. loss and accuracy per iteration (x3/y3/y4);
4. a readout (x5/y5): the K score equations and one point's softmax worked through.

The decision rule of a K-class model is the highest probability: no threshold.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from logreg_core import Dataset, TrainingRun, softmax
from logreg_core.objective import Layout, Objective
from logreg_core.rereference import reference_path
from logreg_core.tabular import stratified_sample
from ui.figures.base import (
    MAX_ANIMATED_POINTS,
    MAX_OUTLINED_POINTS,
    MAX_STATIC_POINTS,
    Panel,
    class_order,
    curve_steps,
    frame_steps,
    off_chart,
    panel,
    progress_markers,
)
from ui.figures.plain import PlainFigure
from ui.geometry import Box, ConvexPolygons, clip_half_plane, clip_half_planes, padded_box
from ui.style import (
    ACCURACY_COLOUR,
    LOSS_COLOUR,
    TEST_LOSS_COLOUR,
    class_colour,
    class_symbol,
    compact,
    styled_layout,
    translucent,
)

# The darker core of a region: where the winning class's score leads every other by at least
# this margin, so its probability is at least 1 / (1 + (K-1) e^-margin) (0.8 for three classes).
CORE_PROBABILITY = 0.8
REGION_ALPHA, CORE_ALPHA = 0.10, 0.26
# The probability panels (multinomial and ordinal) draw their curves through this many points along
# the feature: where a curve's log-odds change by 40 across the panel (nearly a step), its chords
# stray from it by about a pixel, and by far less on gentler curves. 121 points made these curves
# half of the figure's JSON, which the browser parses again for every new run.
CURVE_POINTS = 81
# Probabilities on those panels to a thousandth: a third of a pixel of a 330-pixel-high panel.
PROBABILITY_DECIMALS = 3


def probability_rows(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Probabilities rounded to :data:`PROBABILITY_DECIMALS`, shape (frames, n): row f is frame f's values.

    The rows stay NumPy arrays: the figure's JSON writes them as it writes lists of the same
    floats, byte for byte, without making a Python float of each (a third of building an
    ordinal figure went to ``tolist``).
    """
    rows: NDArray[np.float64] = np.round(np.ascontiguousarray(values), PROBABILITY_DECIMALS)
    return rows


def core_margin(n_classes: int, probability: float = CORE_PROBABILITY) -> float:
    r"""The score margin δ that guarantees the winner's probability: with every
    :math:`z_k - z_j \ge \delta`, :math:`p_k \ge 1/(1 + (K-1)e^{-\delta}) = p`, so
    :math:`\delta = \log\big((K-1)\,p/(1-p)\big)`."""
    return float(np.log((n_classes - 1) * probability / (1.0 - probability)))


def full_coefficients(params: NDArray[np.float64], layout: Layout) -> NDArray[np.float64]:
    """Every class's [b_k, w_k] with the reference class's row of zeros, shape (steps, K, m+1).

    Parameters
    ----------
    params : ndarray, shape (steps, n_params)
        A path in the multinomial layout.
    """
    blocks = np.asarray(params, dtype=np.float64).reshape(params.shape[0], layout.n_classes - 1, layout.n_features + 1)
    return np.insert(blocks, layout.reference, 0.0, axis=1)


def slice_planes(coefficients: NDArray[np.float64], features: tuple[int, int],
                 mean: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Each class's score in the plane of two features, the others at their means: [b, w_i, w_j].

    .. math:: z_k(x_i, x_j) = \big(b_k + \textstyle\sum_{h \ne i, j} w_{kh}\,\bar x_h\big) + w_{ki} x_i + w_{kj} x_j

    Parameters
    ----------
    coefficients : ndarray, shape (..., K, m+1)
        Every class's [b, w] (:func:`full_coefficients`), for one step or many.

    Returns
    -------
    ndarray, shape (..., K, 3)
    """
    i, j = features
    hidden = [f for f in range(coefficients.shape[-1] - 1) if f not in features]
    slice_bias = coefficients[..., 0] + (coefficients[..., 1:][..., hidden] @ mean[hidden] if hidden else 0.0)
    return np.stack([slice_bias, coefficients[..., 1 + i], coefficients[..., 1 + j]], axis=-1)


def region_in_plane(plane: list[list[float]], k: int, box: Box, margin: float = 0.0) -> list[tuple[float, float]]:
    r"""Where class k's score leads every other by at least ``margin``, inside the box: a convex
    polygon (empty when nowhere). ``plane`` holds each class's [b, w_i, w_j] (:func:`slice_planes`)
    as plain floats: clipping a few vertices is quicker in Python than in NumPy.

    .. math:: z_k(x) - z_j(x) \ge \delta \iff (w_j - w_k)\cdot x \le (b_k - b_j) - \delta \quad (j \ne k)
    """
    own_bias, own_i, own_j = plane[k]
    polygon = box.corners()
    for other, (bias, weight_i, weight_j) in enumerate(plane):
        if other == k or not polygon:
            continue
        a1, a2, c = weight_i - own_i, weight_j - own_j, own_bias - bias - margin
        if a1 == 0 and a2 == 0:
            if c < 0:  # the other class leads everywhere in this plane
                return []
            continue
        polygon = clip_half_plane(polygon, a1, a2, c)
    return polygon


def class_region(coefficients: NDArray[np.float64], k: int, features: tuple[int, int], mean: NDArray[np.float64],
                 box: Box, margin: float = 0.0) -> list[tuple[float, float]]:
    r"""Where class k's score leads every other by at least ``margin`` in the plane of two features
    (the others at their means), inside the box: a convex polygon (empty when nowhere).

    .. math:: z_k(x) - z_j(x) \ge \delta \iff (w_j - w_k)\cdot x \le (b_k - b_j) - \delta \quad (j \ne k)

    Parameters
    ----------
    coefficients : ndarray, shape (K, m+1)
        Every class's [b, w] (:func:`full_coefficients` of one step).
    """
    return region_in_plane(slice_planes(coefficients, features, mean).tolist(), k, box, margin)


def region_polygons(planes: NDArray[np.float64], box: Box, margins: tuple[float, ...]) -> ConvexPolygons:
    r"""Every frame's regions at once, :func:`region_in_plane` of each frame, margin and class,
    vertex for vertex: polygon (f * len(margins) + g) * K + k is class k's at frame f and margin g.

    Each region is the box clipped by its K - 1 half-planes, clipped for all regions together.

    .. math:: z_k(x) - z_j(x) \ge \delta \iff (w_j - w_k)\cdot x \le (b_k - b_j) - \delta \quad (j \ne k)

    Parameters
    ----------
    planes : ndarray, shape (frames, K, 3)
        :func:`slice_planes` of every frame.
    """
    n_frames, K, _ = planes.shape
    margin = np.asarray(margins, dtype=np.float64)
    n_polygons = n_frames * margin.size * K
    frame_of = np.repeat(np.arange(n_frames), margin.size * K)
    margin_of = np.tile(np.repeat(margin, K), n_frames)
    owner = np.tile(np.arange(K), n_frames * margin.size)
    own_plane = planes[frame_of, owner]  # (polygons, 3): the region's own class's [b, w_i, w_j]
    polygons = ConvexPolygons.of_box(box, n_polygons)
    count = polygons.count
    for other in range(K):
        bias, weight_i, weight_j = planes[frame_of, other].T
        with np.errstate(invalid="ignore", over="ignore"):  # a run gone to infinity draws no region, as before
            a1, a2 = weight_i - own_plane[:, 1], weight_j - own_plane[:, 2]
            c = own_plane[:, 0] - bias - margin_of
        # a class against itself, or one whose weights match in this plane: no line to clip by; if
        # the other class's score leads everywhere (c < 0), the region is nowhere
        flat = (owner == other) | ((a1 == 0) & (a2 == 0))
        count = np.where(flat & (owner != other) & (c < 0), 0, count)
        polygons = clip_half_planes(ConvexPolygons(polygons.x, polygons.y, count), a1, a2, c, clipped=~flat)
        count = polygons.count
    return polygons


def region_frames(planes: NDArray[np.float64], box: Box, margins: tuple[float, ...]) -> list[list[tuple[list, list]]]:
    """Every frame's regions, for each margin every class's polygon closed, as rounded coordinate lists.

    Parameters
    ----------
    planes : ndarray, shape (frames, K, 3)
        :func:`slice_planes` of every frame.

    Returns
    -------
    list (frames) of list (margins x K) of (xs, ys)
        A region that is nowhere is drawn off the chart (:func:`~ui.figures.base.off_chart`).
    """
    polygons = region_polygons(planes, box, margins)
    count = polygons.count
    n_polygons, width = polygons.x.shape
    # each polygon closed: its first vertex again after its last
    xs = np.concatenate([polygons.x, np.zeros((n_polygons, 1))], axis=1)
    ys = np.concatenate([polygons.y, np.zeros((n_polygons, 1))], axis=1)
    rows = np.arange(n_polygons)
    xs[rows, count] = polygons.x[:, 0]
    ys[rows, count] = polygons.y[:, 0]
    drawn = (np.arange(width + 1) <= count[:, None]) & (count[:, None] > 0)
    # one rounding pass for every vertex of every frame
    flat_xs = compact(xs[drawn], box.x1 - box.x0)
    flat_ys = compact(ys[drawn], box.y1 - box.y0)
    ends = np.cumsum(np.where(count > 0, count + 1, 0)).tolist()
    nowhere = off_chart(box, 3)
    pieces: list[tuple[list, list]] = []
    start = 0
    for end, size in zip(ends, count.tolist()):
        if size == 0:
            pieces.append(nowhere)
            continue
        pieces.append((flat_xs[start:end], flat_ys[start:end]))
        start = end
    per_frame = len(margins) * planes.shape[1]
    return [pieces[index:index + per_frame] for index in range(0, len(pieces), per_frame)]


def sample_by_class(y: NDArray[np.float64], limit: int, seed: int = 0) -> NDArray[np.int64]:
    """Row indices to draw: every row when at most ``limit``, else a fixed random sample with each class
    in its share of the rows (at least one row of each)."""
    return stratified_sample(y, limit, seed)


@dataclass(frozen=True)
class MultinomialView:
    """What the multinomial animation shows.

    Attributes
    ----------
    features : tuple of int
        One or two feature indices (the feature panel; the first is also the probability panel's axis).
    point : int
        The row whose softmax the readout works through.
    reference : int
        The class whose scores the readout writes as 0.
    font_size : int
    dark : bool
    """

    features: tuple[int, ...]
    point: int = 0
    reference: int = 0
    font_size: int = 14
    dark: bool = False


@dataclass(frozen=True, eq=False)
class MultinomialContext:
    """What the panels of one multinomial animation share, computed once."""

    dataset: Dataset
    run: TrainingRun
    view: MultinomialView
    test: Dataset | None
    layout: Layout
    steps: NDArray[np.int64]
    coefficients: NDArray[np.float64]  # (frames, K, m+1), every class's [b, w] at each frame
    box: Box
    bold: float

    @classmethod
    def build(cls, dataset: Dataset, run: TrainingRun, view: MultinomialView, test: Dataset | None
              ) -> MultinomialContext:
        layout = run.history.layout
        steps = frame_steps(run.history.n_steps)
        X = dataset.X
        if len(view.features) == 2:
            box = padded_box(X[:, view.features[0]], X[:, view.features[1]])
        else:
            box = padded_box(X[:, view.features[0]], np.array([0.0, 1.0]))
        return cls(dataset=dataset, run=run, view=view, test=test, layout=layout, steps=steps,
                   coefficients=full_coefficients(run.params[steps], layout), box=box, bold=view.font_size / 14)

    @property
    def n_classes(self) -> int:
        return self.layout.n_classes

    @property
    def class_names(self) -> list[str]:
        return list(self.dataset.class_names)


def feature_space_panel(context: MultinomialContext) -> Panel:
    """Axes x/y: the K decision regions (with their darker cores) and the points, by class."""
    dataset, view, box, bold, K = context.dataset, context.view, context.box, context.bold, context.n_classes
    X, y = dataset.X, dataset.y
    rows = sample_by_class(y, MAX_STATIC_POINTS)
    outlined = rows.size <= MAX_OUTLINED_POINTS
    traces: list[tuple[dict, bool]] = []
    frames: list[list[dict]] = []
    two_d = len(view.features) == 2
    i = view.features[0]
    if two_d:
        j = view.features[1]
        margin = core_margin(K)
        outline = "rgba(230,230,230,0.9)" if view.dark else "rgba(40,40,40,0.85)"
        for layer, alpha in (("region", REGION_ALPHA), ("core", CORE_ALPHA)):
            for k in range(K):
                traces.append((dict(type="scatter", mode="lines", x=[], y=[], fill="toself",
                                    fillcolor=translucent(class_colour(k), alpha),
                                    line=dict(width=1.5 * bold if layer == "region" else 0, color=outline),
                                    hoverinfo="skip", showlegend=False, xaxis="x", yaxis="y"), True))
        planes = slice_planes(context.coefficients, (i, j), dataset.X.mean(axis=0))
        frames = [[dict(type="scatter", x=xs, y=ys) for xs, ys in regions]
                  for regions in region_frames(planes, box, (0.0, margin))]
        ys_of = {k: X[rows[y[rows] == k], j] for k in range(K)}
    else:
        frames = [[] for _ in context.steps]
        ys_of = {k: np.full(np.count_nonzero(y[rows] == k), (k + 0.5) / K) for k in range(K)}
    for k in range(K):
        chosen = rows[y[rows] == k]
        traces.append((dict(
            type="scatter", mode="markers", x=compact(X[chosen, i], box.x1 - box.x0),
            y=compact(ys_of[k], box.y1 - box.y0), name=context.class_names[k], legendgroup=f"class{k}",
            marker=dict(color=class_colour(k), symbol=class_symbol(k), size=10 * bold,
                        line=dict(width=1 if outlined else 0, color="white")),
            xaxis="x", yaxis="y", hoverinfo="x+y+name"), False))
    return panel(traces, frames)


def probability_panel(context: MultinomialContext) -> Panel:
    """Axes x2/y2: the K softmax curves along the first feature (others at their means), and a sample of
    points at their own class's probability (from all their features), moving with the weights."""
    dataset, view, box, bold, K = context.dataset, context.view, context.box, context.bold, context.n_classes
    X, y = dataset.X, dataset.y
    i = view.features[0]
    grid = np.linspace(box.x0, box.x1, CURVE_POINTS)
    mean = X.mean(axis=0)
    hidden = [f for f in range(dataset.n_features) if f != i]
    rows = sample_by_class(y, MAX_ANIMATED_POINTS)
    codes = y[rows].astype(np.int64)
    traces: list[tuple[dict, bool]] = []
    for k in range(K):
        traces.append((dict(type="scatter", mode="lines", x=compact(grid, box.x1 - box.x0), y=[],
                            name=f"P({context.class_names[k]})", showlegend=False, legendgroup=f"class{k}",
                            line=dict(color=class_colour(k), width=3 * bold), hoverinfo="x+y",
                            xaxis="x2", yaxis="y2"), True))
    # the points of every class in one trace, class after class, each in its colour and shape: one
    # trace to move per frame instead of K (Plotly's work per animated frame grows with the traces)
    order = class_order(codes)
    rows, codes = rows[order], codes[order]
    traces.append((dict(type="scatter", mode="markers", x=compact(X[rows, i], box.x1 - box.x0), y=[],
                        showlegend=False,
                        marker=dict(color=[class_colour(k) for k in codes], symbol=[class_symbol(k) for k in codes],
                                    size=9 * bold, line=dict(width=1, color="white")),
                        hoverinfo="x+y", xaxis="x2", yaxis="y2"), True))
    coefficients = context.coefficients  # (frames, K, m+1)
    slice_bias = coefficients[:, :, 0] + (coefficients[:, :, 1:][:, :, hidden] @ mean[hidden] if hidden else 0.0)
    # every frame at once: the curves (frames, grid, K) and the drawn points' probabilities (frames, points, K)
    curves = softmax(slice_bias[:, None, :] + grid[None, :, None] * coefficients[:, None, :, 1 + i], axis=2)
    design = np.column_stack([np.ones(rows.size), X[rows]])
    own = softmax(np.einsum("nm,fkm->fnk", design, coefficients), axis=2)[:, np.arange(rows.size), codes]
    rows_per_trace = [*(probability_rows(curves[:, :, k]) for k in range(K)), probability_rows(own)]
    frames = [[dict(type="scatter", y=rows_of[index]) for rows_of in rows_per_trace] for index in range(len(context.steps))]
    return panel(traces, frames)


def loss_panel(context: MultinomialContext) -> Panel:
    """Axes x3/y3/y4: training loss (and held-out loss) and accuracy per iteration, markers at the frame."""
    run, test, bold = context.run, context.test, context.bold
    history = run.history
    curve = curve_steps(history.n_steps)
    traces: list[tuple[dict, bool]] = [
        (dict(type="scatter", mode="lines", x=curve.tolist(), y=history.loss[curve].tolist(),
              name="loss J (cross-entropy)", line=dict(color=LOSS_COLOUR, width=3 * bold), xaxis="x3", yaxis="y3"),
         False),
    ]
    if test is not None:
        objective = Objective(test.X, test.y, context.layout)
        test_loss = [objective.loss(run.params[step]) for step in curve]
        traces.append((dict(type="scatter", mode="lines", x=curve.tolist(), y=test_loss,
                            name="test loss (held-out rows)",
                            line=dict(color=TEST_LOSS_COLOUR, width=3 * bold, dash="dash"), xaxis="x3", yaxis="y3"),
                       False))
    traces += [
        (dict(type="scatter", mode="lines", x=curve.tolist(), y=history.accuracy[curve].tolist(),
              name="accuracy (highest probability wins)",
              line=dict(color=ACCURACY_COLOUR, width=2 * bold, dash="dot"), xaxis="x3", yaxis="y4"), False),
        *progress_markers(bold),
    ]
    frames = [[dict(type="scatter", x=[int(step)], y=[float(history.loss[step])]),
               dict(type="scatter", x=[int(step)], y=[float(history.accuracy[step])])] for step in context.steps]
    return panel(traces, frames)


# Characters of a score equation that the readout panel shows in full at the normal font size
# (half the chart's width; iris's four weights with their names need 70 and were cut off).
READOUT_EQUATION_WIDTH = 56
_TAGS = re.compile(r"<[^>]*>")


def _number(value: float) -> str:
    return f"{value:.3g}".replace("-", "−")


def score_equation(coefficients: NDArray[np.float64] | list[float], k: int, reference: int, names: list[str],
                   max_terms: int = 3, width: int = READOUT_EQUATION_WIDTH) -> str:
    """z_k = b + w1·x1 + … for class k, with numbers (the reference class: z = 0), as plain text.

    At most ``max_terms`` weights, and fewer where the line would be wider than ``width``
    characters as read (the readout panel would cut it off); "+ …" says that terms are left out.
    """
    if k == reference:
        return f"z{_subscript(k)} = 0 (reference)"
    terms = [f"{_number(weight)}·{name[:10]}" for weight, name in list(zip(coefficients[1:], names))[:max_terms]]
    while True:
        text = f"z{_subscript(k)} = " + " + ".join([_number(coefficients[0]), *terms])
        if len(terms) < len(names):
            text += " + …"
        text = text.replace("+ −", "− ")
        if len(_TAGS.sub("", html.unescape(text))) <= width or len(terms) <= 1:
            return text
        terms.pop()


def _subscript(k: int) -> str:
    return f"<sub>{k + 1}</sub>"


def readout_text(coefficients: NDArray[np.float64], x: NDArray[np.float64], code: int, step: int, loss: float,
                 accuracy: float, reference: int, class_names: list[str], feature_names: list[str],
                 escape=lambda text: text, max_terms: int = 3, width: int = READOUT_EQUATION_WIDTH) -> str:
    """The readout at one step, in Plotly's small HTML subset.

    Parameters
    ----------
    coefficients : ndarray, shape (K, m+1)
        Every class's [b, w] against the reference class (whose row is zeros).
    x : ndarray, shape (m,)
        The chosen point.
    code : int
        Its class.
    escape : callable
        Makes names from a file safe for Plotly's text (``ui.text``'s helper).
    """
    names = [escape(name) for name in feature_names]
    coefficients = np.asarray(coefficients, dtype=np.float64)
    scores = coefficients[:, 0] + coefficients[:, 1:] @ x
    probabilities = softmax(scores)
    winner = int(np.argmax(probabilities))
    # Python floats: formatting a NumPy scalar takes several times as long, once per number per frame
    rows, scores, probabilities = coefficients.tolist(), scores.tolist(), probabilities.tolist()
    lines = [f"<b>Iteration {step}</b>: loss J = {loss:.4g}, accuracy {accuracy:.1%}"]
    lines += [score_equation(row, k, reference, names, max_terms, width) for k, row in enumerate(rows)]
    shown = ", ".join(f"z{_subscript(k)} = {_number(score)}" for k, score in enumerate(scores))
    lines.append(f"<b>The chosen point</b> ({escape(class_names[code])}):")
    lines.append(shown)
    lines.append("p<sub>k</sub> = e<sup>z<sub>k</sub></sup> / Σ<sub>j</sub> e<sup>z<sub>j</sub></sup>: "
                 + ", ".join(f"{probability:.3f}" for probability in probabilities))
    lines.append(f"highest: {escape(class_names[winner])}; −log p(own class) = "
                 f"{-np.log(max(probabilities[code], 1e-300)):.3g}")
    return "<br>".join(lines)


def readout_panel(context: MultinomialContext, escape=lambda text: text) -> Panel:
    """Axes x5/y5: the K score equations and the chosen point's softmax at the frame's step."""
    run, view, dataset = context.run, context.view, context.dataset
    layout = context.layout
    reference = view.reference
    on_reference = full_coefficients(reference_path(layout, run.params[context.steps], reference),
                                     Layout("multinomial", layout.n_features, layout.n_classes, reference))
    point = min(max(view.point, 0), dataset.n_rows - 1)
    x, code = dataset.X[point], int(dataset.y[point])
    trace = dict(type="scatter", mode="text", x=[0.0], y=[1.0], text=[""], textposition="bottom right",
                 showlegend=False, hoverinfo="skip", textfont=dict(size=view.font_size), xaxis="x5", yaxis="y5")
    frames = []
    for index, step in enumerate(context.steps):
        frames.append([dict(type="scatter", text=[readout_text(
            on_reference[index], x, code, int(step), float(run.history.loss[step]), float(run.history.accuracy[step]),
            reference, context.class_names, list(dataset.feature_names), escape,
            max_terms=3 if view.font_size <= 14 else 2, width=READOUT_EQUATION_WIDTH * 14 // max(view.font_size, 14))])])
    return panel([(trace, True)], frames)


def chosen_point_panel(context: MultinomialContext) -> Panel:
    """Axes x/y: a ring around the readout's chosen point (static), when two features are shown."""
    dataset, view, box, bold = context.dataset, context.view, context.box, context.bold
    point = min(max(view.point, 0), dataset.n_rows - 1)
    if len(view.features) == 2:
        xs, ys = [float(dataset.X[point, view.features[0]])], [float(dataset.X[point, view.features[1]])]
    else:
        xs, ys = off_chart(box, 1)
    trace = dict(type="scatter", mode="markers", x=xs, y=ys, name="the chosen point (readout)",
                 marker=dict(symbol="circle-open", size=22 * bold, color="#CC3311", line=dict(width=3 * bold)),
                 hoverinfo="skip", xaxis="x", yaxis="y")
    return panel([(trace, False)], [[] for _ in context.steps])


MULTINOMIAL_PANELS = (feature_space_panel, chosen_point_panel, probability_panel, loss_panel, readout_panel)


def multinomial_animation(dataset: Dataset, run: TrainingRun, view: MultinomialView, test: Dataset | None = None,
                          escape=lambda text: text) -> PlainFigure:
    """The multinomial training animation: four panels in sync, one frame per shown iteration.

    Parameters
    ----------
    dataset : Dataset
        The rows trained on (K classes, codes 0..K-1).
    run : TrainingRun
        A multinomial run (``run.params`` in the reference layout, on the original scale).
    view : MultinomialView
    test : Dataset or None
        Held-out rows: their loss is drawn beside the training loss.
    escape : callable
        Makes names from a file safe for Plotly's text.
    """
    from ui.figures.animation import compose

    if run.history.layout.kind != "multinomial":
        raise ValueError("multinomial_animation needs a multinomial run.")
    context = MultinomialContext.build(dataset, run, view, test)
    panels = [feature_space_panel(context), chosen_point_panel(context), probability_panel(context),
              loss_panel(context), readout_panel(context, escape)]
    data, frames = compose(panels, [str(int(step)) for step in context.steps])
    for trace in data:
        if trace.get("name"):
            trace["name"] = escape(trace["name"])
    return PlainFigure(data, _layout(context, escape, loss_axis_range(data)), frames)


def loss_axis_range(data: list[dict], axis: str = "y3") -> list[float] | None:
    """The loss axis from 0 to a little above the highest value drawn on it, None when a value is not finite.

    A range of its own instead of Plotly's autorange: another run over the same data then
    leaves the layout as it is (from a zero start every run begins at the same loss), and the
    player moves the curves in place instead of drawing the whole figure again.

    Parameters
    ----------
    data : list of dict
        The figure's traces; those whose ``yaxis`` is ``axis`` are on the loss axis.
    """
    values = np.array([value for trace in data if trace.get("yaxis") == axis for value in trace.get("y", [])],
                      dtype=np.float64)
    if values.size == 0 or not np.all(np.isfinite(values)):
        return None
    top = float(values.max())
    return [0.0, top * 1.05 if top > 0 else 1.0]


def _layout(context: MultinomialContext, escape, loss_range: list[float] | None = None) -> dict:
    dataset, view, box = context.dataset, context.view, context.box
    font = view.font_size
    names = [escape(name) for name in dataset.feature_names]
    two_d = len(view.features) == 2
    x_title = names[view.features[0]]
    y_title = names[view.features[1]] if two_d else "class"
    sliced = dataset.n_features > (2 if two_d else 1)
    gap = 0.10 * font / 14
    left, right = [0.0, 0.51 - gap / 2], [0.51 + gap / 2, 1.0]
    n_steps = context.run.history.n_steps

    def title(text: str, x: float, y: float) -> dict:
        return dict(text=text, x=x, y=y, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
                    showarrow=False, font=dict(size=font + 2))

    return styled_layout(dict(
        height=920,
        font=dict(size=font),
        margin=dict(l=60, r=30, t=60, b=40),
        hovermode="closest",
        uirevision=f"{dataset.fingerprint}:{view.features}",
        legend=dict(orientation="h", x=0.0, y=1.08, xanchor="left", yanchor="bottom"),
        xaxis=dict(domain=left, range=[box.x0, box.x1], title=dict(text=x_title), anchor="y"),
        yaxis=dict(domain=[0.6, 1.0], range=[box.y0, box.y1] if two_d else [0.0, 1.0],
                   title=dict(text=y_title), anchor="x", showticklabels=two_d),
        xaxis2=dict(domain=right, range=[box.x0, box.x1], title=dict(text=x_title), anchor="y2"),
        yaxis2=dict(domain=[0.6, 1.0], range=[-0.03, 1.03], title=dict(text="P(class)"), anchor="x2"),
        xaxis3=dict(domain=left, range=[-0.5, max(n_steps, 1) + 0.5], title=dict(text="iteration"), anchor="y3"),
        yaxis3=dict(domain=[0.06, 0.4], title=dict(text="loss J", font=dict(color=LOSS_COLOUR)),
                    rangemode="tozero", anchor="x3", **({} if loss_range is None else dict(range=loss_range))),
        yaxis4=dict(domain=[0.06, 0.4], range=[0, 1.02], overlaying="y3", side="right", anchor="x3",
                    title=dict(text="accuracy", font=dict(color=ACCURACY_COLOUR)), tickformat=".0%",
                    tickvals=[0, 0.25, 0.5, 0.75, 1.0], showgrid=False),
        xaxis5=dict(domain=right, range=[0, 1], visible=False, anchor="y5", fixedrange=True),
        yaxis5=dict(domain=[0.06, 0.4], range=[0, 1], visible=False, anchor="x5", fixedrange=True),
        annotations=[
            title("Decision regions" + (" (other features at their means)" if sliced and two_d else ""), 0.0, 1.0),
            title("Softmax along " + x_title, right[0], 1.0),
            title("Loss and accuracy per iteration", 0.0, 0.4),
            title("At this step", right[0], 0.4),
        ],
    ), view.dark)


def one_vs_rest_roc_figure(sweeps: dict, class_names: list[str], font_size: int = 14, dark: bool = False,
                           escape=lambda text: text) -> dict:
    """One ROC curve per class against the rest, with its AUC in the legend, as a plain figure dict.

    Parameters
    ----------
    sweeps : dict of class code -> ThresholdSweep
    """
    from logreg_core import roc_auc
    from ui.style import THRESHOLD_COLOUR, chart_template

    data = [dict(type="scatter", mode="lines", x=compact(sweep.fpr), y=compact(sweep.tpr),
                 name=f"{escape(class_names[k])} vs rest (AUC {roc_auc(sweep):.3f})",
                 line=dict(color=class_colour(k), width=3, dash=("solid", "dash", "dot", "dashdot")[k % 4]))
            for k, sweep in sweeps.items()]
    data.append(dict(type="scatter", mode="lines", x=[0, 1], y=[0, 1], name="chance", showlegend=False,
                     line=dict(color=THRESHOLD_COLOUR, dash="dot", width=1), hoverinfo="skip"))
    layout = dict(template=chart_template(dark), height=430, font=dict(size=font_size),
                  margin=dict(l=60, r=20, t=30, b=50), legend=dict(x=1.02, y=0, xanchor="left", yanchor="bottom"),
                  xaxis=dict(range=[-0.01, 1.01], title=dict(text="false-positive rate (1 − specificity)")),
                  yaxis=dict(range=[-0.01, 1.02], title=dict(text="true-positive rate (recall)")))
    return dict(data=data, layout=layout)
