"""The ordinal model's panels of the training animation, one builder per panel.

Every builder takes the shared :class:`OrdinalContext` and returns a
:class:`~ui.figures.base.Panel` (static traces, moving traces, their values per frame), as the
binary panels do; :func:`ordinal_animation` composes them with :func:`ui.figures.animation.compose`.

1. The latent scale (axes x/y): every point at its score η = x·β, one row per category, the
   K − 1 cut-points as vertical lines, and above them the logistic density around one chosen
   point's score shaded into its K category probabilities.
2. Category probabilities along one feature, the others at their means (axes x2/y2).
3. Loss (training and test) and accuracy per iteration (axes x3/y3/y4).
4. A readout: β, the cut-points and the cumulative equation (axes x5/y5).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from logreg_core import Dataset, TrainingRun
from logreg_core.families import ordinal
from logreg_core.objective import Layout, Objective
from logreg_core.tabular import stratified_sample
from ui.figures.animation import compose
from ui.figures.base import (
    MAX_ANIMATED_POINTS,
    MAX_FRAMES,
    Panel,
    View,
    class_order,
    curve_steps,
    fill_lines,
    frame_steps,
    panel,
    progress_markers,
)
from ui.figures.multinomial import CURVE_POINTS, loss_axis_range, probability_rows
from ui.figures.ordinal_concept import logistic_density, ordered_colours, transparent
from ui.figures.plain import PlainFigure
from ui.style import (
    ACCURACY_COLOUR,
    BOUNDARY_COLOUR,
    LOSS_COLOUR,
    TEST_LOSS_COLOUR,
    compact,
    coordinate_decimals,
    styled_layout,
)
from ui.text import plotly_literal

# The density of a point's latent score is drawn above the category rows, this many rows high.
DENSITY_ROWS = 2.4
JITTER = 0.28  # half the height of a category's row of points
# The chosen point's density is drawn this far either side of its score (further out it is below
# 1/5,000 of its peak: under a pixel), on this many points shared by its pieces: a quarter of a unit
# apart, where the chords stray from the curve by under 1/100 of a category's row (f'' <= 1/8).
DENSITY_HALF_WIDTH = 10.0
DENSITY_POINTS = 81
READOUT_CUTPOINTS = 6


def _number(value: float) -> str:
    return f"{value:.4g}".replace("-", "−")


def latent_bounds(X: NDArray[np.float64], beta: NDArray[np.float64], cutpoints: NDArray[np.float64]
                  ) -> tuple[float, float]:
    """The latent scores' 1st and 99th percentiles over every model, widened to take in every cut-point.

    Parameters
    ----------
    X : ndarray, shape (n, m)
        The rows drawn.
    beta : ndarray, shape (models, m)
    cutpoints : ndarray, shape (models, K-1)
    """
    etas = X @ beta.T
    return (float(min(np.quantile(etas, 0.01), cutpoints.min())),
            float(max(np.quantile(etas, 0.99), cutpoints.max())))


def coordinate_rows(values: NDArray[np.float64], span: float) -> NDArray[np.float64]:
    """Coordinates rounded as :func:`ui.style.compact_rows` rounds them, kept as an array (see
    :func:`ui.figures.multinomial.probability_rows`), shape (frames, n): row f is frame f's values."""
    rows: NDArray[np.float64] = np.round(np.ascontiguousarray(values), coordinate_decimals(span))
    return rows


def ordered_sample(codes: NDArray[np.float64], limit: int, seed: int = 0) -> NDArray[np.int64]:
    """Row indices to draw: all rows when at most ``limit``, else a fixed sample with every category in its share."""
    return stratified_sample(codes, limit, seed)


@dataclass(frozen=True, eq=False)
class OrdinalContext:
    """What the ordinal panels share, computed once per figure.

    Attributes
    ----------
    dataset, run, view, test
        The figure's inputs (see :func:`ordinal_animation`).
    layout : Layout
        The ordinal layout of ``run.params`` ([beta, cut-points]).
    steps : ndarray of int, shape (frames,)
    beta : ndarray, shape (frames, m)
    cutpoints : ndarray, shape (frames, K-1)
        Strictly increasing in every frame (descent moves their increments).
    sample : ndarray of int
        The rows drawn as points (:func:`ordered_sample`).
    chosen_row : int
        The point whose density is drawn: the one with the median score at the end.
    latent_range : (float, float)
        The latent axis, fixed over the frames.
    frame_accuracy : ndarray, shape (frames,)
    bold : float
    colours : list of str
        One colour per category, sequential.
    """

    dataset: Dataset
    run: TrainingRun
    view: View
    test: Dataset | None
    layout: Layout
    steps: NDArray[np.int64]
    beta: NDArray[np.float64]
    cutpoints: NDArray[np.float64]
    sample: NDArray[np.int64]
    chosen_row: int
    latent_range: tuple[float, float]
    frame_accuracy: NDArray[np.float64]
    bold: float
    colours: list[str]

    @classmethod
    def build(cls, dataset: Dataset, run: TrainingRun, view: View, test: Dataset | None,
              max_frames: int = MAX_FRAMES) -> OrdinalContext:
        layout = run.history.layout
        params = np.asarray(run.params)
        steps = frame_steps(run.history.n_steps, max_frames)
        m = layout.n_features
        beta, cutpoints = params[steps, :m], params[steps, m:]
        final_eta = dataset.X @ beta[-1]
        chosen = int(np.argsort(final_eta)[final_eta.size // 2])
        sample = ordered_sample(dataset.y, MAX_ANIMATED_POINTS)
        low, high = latent_bounds(dataset.X[sample], beta, cutpoints)
        # The exact fit's scores and cut-points widen the axis: it does not depend on the
        # learning rate, iterations or start, so runs that stay inside it share one axis, and
        # the player moves their traces in place instead of drawing the figure again.
        reference = run.reference
        if reference is not None and reference.converged:
            exact = np.asarray(reference.params, dtype=np.float64)[None, :]
            exact_low, exact_high = latent_bounds(dataset.X[sample], exact[:, :m], exact[:, m:])
            low, high = min(low, exact_low), max(high, exact_high)
        low, high = max(float(np.floor(low - 2.0)), -40.0), min(float(np.ceil(high + 2.0)), 40.0)
        # descent recorded the accuracy of every step (the most likely category against the
        # codes): the same models on the scale it ran on, so no pass over the rows is needed here
        frame_accuracy = np.asarray(run.history.accuracy)[steps]
        return cls(dataset=dataset, run=run, view=view, test=test, layout=layout, steps=steps, beta=beta,
                   cutpoints=cutpoints, sample=sample, chosen_row=chosen, latent_range=(low, high), frame_accuracy=frame_accuracy,
                   bold=view.font_size / 14, colours=ordered_colours(layout.n_classes, view.dark))

    @property
    def n_classes(self) -> int:
        return self.layout.n_classes

    @property
    def category_names(self) -> list[str]:
        return [plotly_literal(name) for name in self.dataset.class_names]

    @property
    def curve_colour(self) -> str:
        return "#DDDDDD" if self.view.dark else "#222222"


def _cut_lines(cutpoints: NDArray[np.float64], top: float) -> tuple[list, list]:
    """All cut-points as vertical segments in one trace, separated by gaps."""
    xs: list = []
    ys: list = []
    for theta in cutpoints:
        xs += [float(theta), float(theta), None]
        ys += [-0.5, top, None]
    return xs, ys


def density_pieces(eta: NDArray[np.float64], cutpoints: NDArray[np.float64], bounds: tuple[float, float],
                   base: float, scale: float) -> list[list[tuple[list, list]]]:
    r"""Each frame's logistic density around its score, cut at the cut-points into K closed polygons.

    The density :math:`f(t - \eta)` is drawn over :math:`\eta \pm` ``DENSITY_HALF_WIDTH`` (inside
    the axis), where it is visible, on one grid of ``DENSITY_POINTS`` points shared by the
    pieces, each piece ending exactly at its cut-points and closed along the base line. A piece
    with nothing in view is a sliver on the base line at the edge of the drawn part, never empty.

    Parameters
    ----------
    eta : ndarray, shape (frames,)
        The chosen point's score in each frame.
    cutpoints : ndarray, shape (frames, K-1)
    bounds : (float, float)
        The latent axis.
    base, scale : float
        The base line's height and the height of a density of 1.

    Returns
    -------
    list (frames) of list (K) of (xs, ys)
        Rounded to a 10,000th of the axis (x) and of 10 rows (y).
    """
    low, high = bounds
    left = np.clip(eta - DENSITY_HALF_WIDTH, low, high)
    right = np.clip(eta + DENSITY_HALF_WIDTH, low, high)
    grid = left[:, None] + (right - left)[:, None] * np.linspace(0.0, 1.0, DENSITY_POINTS)[None, :]
    # each piece's ends: the cut-points inside the drawn part, else its edge
    edges = np.clip(np.column_stack([left, cutpoints, right]), left[:, None], right[:, None])
    span = high - low
    x_decimals, y_decimals = coordinate_decimals(span), coordinate_decimals(10.0)

    def heights(x: NDArray[np.float64]) -> list:
        return np.round(base + scale * logistic_density(x - eta[:, None]), y_decimals).tolist()

    grid_x, grid_y = np.round(grid, x_decimals).tolist(), heights(grid)
    edge_x, edge_y = np.round(edges, x_decimals).tolist(), heights(edges)
    # where each edge falls in its frame's grid: the grid points strictly inside a piece lie between
    inner = [np.searchsorted(row, edge_row, side="right").tolist() for row, edge_row in zip(grid, edges)]
    base_y = round(base, y_decimals)
    frames = []
    for xs, ys, ex, ey, cuts in zip(grid_x, grid_y, edge_x, edge_y, inner):
        pieces = []
        for k in range(len(ex) - 1):
            first, last = cuts[k], max(cuts[k], cuts[k + 1] - (1 if xs[cuts[k + 1] - 1] == ex[k + 1] else 0))
            piece_x = [ex[k], *xs[first:last], ex[k + 1]]
            piece_y = [ey[k], *ys[first:last], ey[k + 1]]
            pieces.append(([*piece_x, ex[k + 1], ex[k]], [*piece_y, base_y, base_y]))
        frames.append(pieces)
    return frames


def latent_panel(context: OrdinalContext) -> Panel:
    """Axes x/y: points at their scores by category, the cut-points, and one point's density cut into categories."""
    dataset, bold, K = context.dataset, context.bold, context.n_classes
    names, colours = context.category_names, context.colours
    low, high = context.latent_range
    sample = context.sample
    codes = dataset.y[sample].astype(np.int64)
    jitter = np.random.default_rng(1).uniform(-JITTER, JITTER, sample.size)
    base = K - 0.5 + 0.1
    scale = DENSITY_ROWS / 0.25  # the density peaks at 1/4
    top = base + DENSITY_ROWS * 1.05
    chosen = context.chosen_row
    traces: list[tuple[dict, bool]] = []
    for k in range(K):
        traces.append((dict(type="scatter", mode="lines", x=[low, low], y=[base, base], fill="toself",
                            fillcolor=transparent(colours[k], 0.55), line=dict(width=0), hoverinfo="skip",
                            showlegend=False, legendgroup=f"category{k}", xaxis="x", yaxis="y"), True))
    traces.append((dict(type="scatter", mode="lines", x=[low, high], y=[base, base], showlegend=False,
                        line=dict(color=context.curve_colour, width=1 * bold), hoverinfo="skip",
                        xaxis="x", yaxis="y"), False))
    traces.append((dict(type="scatter", mode="lines", x=[], y=[], name="cut-points θ",
                        line=dict(color=BOUNDARY_COLOUR, width=3 * bold), hoverinfo="x", xaxis="x", yaxis="y"), True))
    # the points of every category in one trace, category after category, each in its colour: one
    # trace to move per frame instead of K (Plotly's work per animated frame grows with the traces)
    order = class_order(codes)
    # the axis names the categories, so they stay out of the legend (long level names fill it)
    traces.append((dict(type="scatter", mode="markers", x=[], y=compact(codes[order] + jitter[order], 10.0),
                        name="points by category", showlegend=False, text=[names[k] for k in codes[order]],
                        marker=dict(color=[colours[k] for k in codes[order]], size=9 * bold,
                                    line=dict(width=1, color="white")),
                        hoverinfo="x+text", xaxis="x", yaxis="y"), True))
    traces.append((dict(type="scatter", mode="markers", x=[], y=[float(dataset.y[chosen])],
                        name="the point whose density is drawn",
                        marker=dict(color=context.curve_colour, size=16 * bold, symbol="star",
                                    line=dict(width=1, color="white")),
                        hoverinfo="x", xaxis="x", yaxis="y"), True))
    span = high - low
    eta_chosen = context.beta @ dataset.X[chosen]
    pieces = density_pieces(eta_chosen, context.cutpoints, (low, high), base, scale)
    # every frame's scores of the drawn points at once, (frames, points), in the points trace's order
    points_x = coordinate_rows(np.clip(context.beta @ dataset.X[sample[order]].T, low, high), span)
    chosen_x = coordinate_rows(np.clip(eta_chosen, low, high)[:, None], span)
    frames = []
    for index, cutpoints in enumerate(context.cutpoints):
        update = [dict(type="scatter", x=xs, y=ys) for xs, ys in pieces[index]]
        xs, ys = _cut_lines(np.clip(cutpoints, low, high), top)
        update.append(dict(type="scatter", x=xs, y=ys))
        update.append(dict(type="scatter", x=points_x[index]))
        update.append(dict(type="scatter", x=chosen_x[index]))
        frames.append(update)
    return panel(traces, frames)


def slice_feature(context: OrdinalContext) -> int:
    """The feature the probability panel runs along: the view's first."""
    return int(context.view.features[0])


def frame_probabilities(eta: NDArray[np.float64], cutpoints: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""P(y = j) of every score in every frame, each frame with its own cut-points, shape (frames, n, K).

    Per frame the same numbers as :func:`logreg_core.families.ordinal.probabilities`:
    :math:`\sigma(\theta_{j+1} - \eta) - \sigma(\theta_j - \eta)` through its stable log, normalised.

    Parameters
    ----------
    eta : ndarray, shape (frames, n)
    cutpoints : ndarray, shape (frames, K-1)
    """
    frames = cutpoints.shape[0]
    edges = np.column_stack([np.full(frames, -np.inf), cutpoints, np.full(frames, np.inf)])
    widths = np.diff(edges, axis=1)
    widths[:, 0] = widths[:, -1] = np.inf  # the first and last category are unbounded
    upper = edges[:, None, 1:] - eta[:, :, None]
    lower = edges[:, None, :-1] - eta[:, :, None]
    probability = np.exp(ordinal.log_interval_probability(upper, lower, widths[:, None, :]))
    total: NDArray[np.float64] = probability.sum(axis=2, keepdims=True)
    return probability / total


def own_category_probabilities(eta: NDArray[np.float64], cutpoints: NDArray[np.float64],
                               codes: NDArray[np.int64]) -> NDArray[np.float64]:
    r"""P(y = y_i) of every point in every frame, each frame with its own cut-points, shape (frames, n).

    :math:`\sigma(\theta_{y_i+1} - \eta_i) - \sigma(\theta_{y_i} - \eta_i)` through its stable log, as
    :func:`frame_probabilities` gives it for the point's own category, without the other K − 1.

    Parameters
    ----------
    eta : ndarray, shape (frames, n)
    cutpoints : ndarray, shape (frames, K-1)
    codes : ndarray of int, shape (n,)
    """
    frames = cutpoints.shape[0]
    edges = np.column_stack([np.full(frames, -np.inf), cutpoints, np.full(frames, np.inf)])
    widths = np.diff(edges, axis=1)
    widths[:, 0] = widths[:, -1] = np.inf  # the first and last category are unbounded
    probability: NDArray[np.float64] = np.exp(ordinal.log_interval_probability(
        edges[:, codes + 1] - eta, edges[:, codes] - eta, widths[:, codes]))
    return probability


def probability_panel(context: OrdinalContext) -> Panel:
    """Axes x2/y2: P(y = j) along one feature with the others at their means; points at their own category's P."""
    dataset, bold, K, colours = context.dataset, context.bold, context.n_classes, context.colours
    feature = slice_feature(context)
    values = dataset.X[:, feature]
    x_low, x_high = float(values.min()), float(values.max())
    pad = 0.05 * (x_high - x_low or 1.0)
    grid = np.linspace(x_low - pad, x_high + pad, CURVE_POINTS)
    span = grid[-1] - grid[0]
    means = dataset.X.mean(axis=0)
    sample = context.sample
    codes = dataset.y[sample].astype(np.int64)
    names = context.category_names
    traces: list[tuple[dict, bool]] = []
    for k in range(K):
        traces.append((dict(type="scatter", mode="lines", x=compact(grid, span), y=[], name=f"P(y = {names[k]})",
                            legendgroup=f"category{k}", showlegend=False,
                            line=dict(color=colours[k], width=3 * bold), xaxis="x2", yaxis="y2"), True))
    order = class_order(codes)  # one trace of points, as on the latent scale
    traces.append((dict(type="scatter", mode="markers", x=compact(values[sample[order]], span), y=[],
                        showlegend=False,
                        marker=dict(color=[colours[k] for k in codes[order]], size=8 * bold,
                                    line=dict(width=1, color="white")),
                        hoverinfo="x+y", xaxis="x2", yaxis="y2"), True))
    beta, cutpoints = context.beta, context.cutpoints
    # the score along the grid, the other features at their means, in every frame: (frames, grid)
    offset = beta @ means - means[feature] * beta[:, feature]
    curves = frame_probabilities(offset[:, None] + beta[:, feature][:, None] * grid[None, :], cutpoints)
    own = own_category_probabilities(beta @ dataset.X[sample[order]].T, cutpoints, codes[order])
    rows_per_trace = [*(probability_rows(curves[:, :, k]) for k in range(K)), probability_rows(own)]
    frames = [[dict(type="scatter", y=rows[index]) for rows in rows_per_trace] for index in range(len(context.steps))]
    return panel(traces, frames)


def test_loss_path(test: Dataset, layout: Layout, params: NDArray[np.float64]) -> NDArray[np.float64]:
    """The mean loss of each parameter vector on held-out rows, shape (len(params),)."""
    objective = Objective(test.X, test.y, layout)
    return np.array([float(np.mean(objective.pointwise_loss(p))) for p in params])


def loss_panel(context: OrdinalContext) -> Panel:
    """Axes x3/y3/y4: loss (and held-out loss) and accuracy per iteration, markers at the frame's step."""
    run, bold = context.run, context.bold
    history = run.history
    curve = curve_steps(history.n_steps)
    traces: list[tuple[dict, bool]] = [
        (dict(type="scatter", mode="lines", x=curve.tolist(), y=history.loss[curve].tolist(),
              name="loss J", line=dict(color=LOSS_COLOUR, width=3 * bold),
              xaxis="x3", yaxis="y3"), False),
    ]
    if context.test is not None:
        traces.append((dict(type="scatter", mode="lines", x=curve.tolist(),
                            y=test_loss_path(context.test, context.layout, np.asarray(run.params)[curve]).tolist(),
                            name="test loss (held-out rows)",
                            line=dict(color=TEST_LOSS_COLOUR, width=3 * bold, dash="dash"), xaxis="x3", yaxis="y3"),
                       False))
    traces += [
        (dict(type="scatter", mode="lines", x=curve.tolist(), y=history.accuracy[curve].tolist(),
              name="accuracy (most likely category)", line=dict(color=ACCURACY_COLOUR, width=2 * bold, dash="dot"),
              xaxis="x3", yaxis="y4"), False),
        *progress_markers(bold),
    ]
    frames = [[dict(type="scatter", x=[int(step)], y=[float(history.loss[step])]),
               dict(type="scatter", x=[int(step)], y=[float(context.frame_accuracy[index])])]
              for index, step in enumerate(context.steps)]
    return panel(traces, frames)


def ordinal_readout(step: int, beta: NDArray[np.float64], cutpoints: NDArray[np.float64], loss: float,
                    accuracy: float, feature_names: Sequence[str], category_names: Sequence[str]) -> str:
    """β, the cut-points and the cumulative equation at one step, in Plotly's small HTML subset."""
    names = [plotly_literal(name) for name in feature_names]
    lines = [f"<b>Iteration {step}</b>"]
    lines += fill_lines([f"β({name}) = {_number(b)}" for name, b in list(zip(names, beta))[:READOUT_CUTPOINTS]],
                        ", ", width=36)
    if beta.size > READOUT_CUTPOINTS:
        lines.append(f"… ({beta.size} coefficients)")
    cuts = [f"θ<sub>{j + 1}</sub> = {_number(t)}" for j, t in enumerate(cutpoints[:READOUT_CUTPOINTS])]
    lines += [", ".join(cuts[start : start + 3]) for start in range(0, len(cuts), 3)]
    if cutpoints.size > READOUT_CUTPOINTS:
        lines[-1] += " …"
    lines.append(f"logit P(y ≤ j) = θ<sub>j</sub> − x·β, e.g. j = {category_names[0]}:")
    lines.append(f"  {_number(cutpoints[0])} − x·β")
    lines.append(f"loss J = {loss:.5g}, accuracy {accuracy:.1%}")
    return "<br>".join(lines)


def readout_panel(context: OrdinalContext) -> Panel:
    """Axes x5/y5: β, the cut-points and the cumulative equation at the frame's step, as text."""
    trace = dict(type="scatter", mode="text", x=[0.0], y=[1.0], text=[""], textposition="bottom right",
                 showlegend=False, hoverinfo="skip", textfont=dict(size=context.view.font_size + 1),
                 xaxis="x5", yaxis="y5")
    frames = [[dict(type="scatter", text=[ordinal_readout(
        int(step), beta, cutpoints, float(context.run.history.loss[step]), float(context.frame_accuracy[index]),
        context.dataset.feature_names, context.category_names)])]
        for index, (step, beta, cutpoints) in enumerate(zip(context.steps, context.beta, context.cutpoints))]
    return panel([(trace, True)], frames)


OrdinalPanelBuilder = Callable[[OrdinalContext], Panel]
ORDINAL_PANELS: tuple[OrdinalPanelBuilder, ...] = (latent_panel, probability_panel, loss_panel, readout_panel)


def ordinal_animation(dataset: Dataset, run: TrainingRun, view: View, test: Dataset | None = None,
                      builders: Sequence[OrdinalPanelBuilder] = ORDINAL_PANELS) -> PlainFigure:
    """The animated figure of an ordinal training run, its panels in sync per frame.

    Parameters
    ----------
    dataset : Dataset
        The data the run was trained on (y as ordered codes 0..K-1).
    run : TrainingRun
        An ordinal run (``run.params`` in the layout [beta, cut-points], original scale).
    view : View
        ``features[0]`` is the feature of the probability panel; font size and theme.
    test : Dataset or None
        Held-out rows, whose loss is drawn beside the training loss.
    """
    context = OrdinalContext.build(dataset, run, view, test)
    data, frames = compose([build(context) for build in builders], [str(int(step)) for step in context.steps])
    return PlainFigure(data, _layout(context, loss_axis_range(data)), frames)


def _layout(context: OrdinalContext, loss_range: list[float] | None = None) -> dict:
    dataset, view = context.dataset, context.view
    font = view.font_size
    K = context.n_classes
    low, high = context.latent_range
    gap = 0.10 * font / 14
    left, right = [0.0, 0.51 - gap / 2], [0.51 + gap / 2, 1.0]
    feature = plotly_literal(dataset.feature_names[slice_feature(context)])

    def title(text: str, x: float, y: float) -> dict:
        return dict(text=text, x=x, y=y, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
                    showarrow=False, font=dict(size=font + 2))

    return styled_layout(dict(
        height=920, font=dict(size=font), margin=dict(l=60, r=30, t=60, b=40), hovermode="closest",
        uirevision=f"{dataset.fingerprint}:ordinal:{view.features}",
        legend=dict(orientation="h", x=0.0, y=1.08, xanchor="left", yanchor="bottom"),
        xaxis=dict(domain=left, range=[low, high], title=dict(text="latent score η = x·β"), anchor="y"),
        yaxis=dict(domain=[0.6, 1.0], range=[-0.6, K - 0.5 + 0.1 + DENSITY_ROWS * 1.1], anchor="x",
                   tickvals=list(range(K)), ticktext=context.category_names,
                   title=dict(text=plotly_literal(dataset.target_name))),
        xaxis2=dict(domain=right, title=dict(text=feature), anchor="y2"),
        yaxis2=dict(domain=[0.6, 1.0], range=[-0.03, 1.03], title=dict(text="P(y = category)"), anchor="x2"),
        xaxis3=dict(domain=left, range=[-0.5, max(context.run.history.n_steps, 1) + 0.5],
                    title=dict(text="iteration"), anchor="y3"),
        yaxis3=dict(domain=[0.06, 0.36], title=dict(text="loss J", font=dict(color=LOSS_COLOUR)),
                    rangemode="tozero", anchor="x3", **({} if loss_range is None else dict(range=loss_range))),
        yaxis4=dict(domain=[0.06, 0.36], range=[0, 1.02], overlaying="y3", side="right", anchor="x3",
                    title=dict(text="accuracy", font=dict(color=ACCURACY_COLOUR)), tickformat=".0%",
                    tickvals=[0, 0.25, 0.5, 0.75, 1.0], showgrid=False),
        xaxis5=dict(domain=right, range=[0, 1], visible=False, anchor="y5", fixedrange=True),
        yaxis5=dict(domain=[0.06, 0.36], range=[0, 1], visible=False, anchor="x5", fixedrange=True),
        annotations=[
            title("Latent scale: scores and cut-points", 0.0, 1.0),
            title(f"P(category) along {feature}", right[0], 1.0),
            title("Loss and accuracy per iteration", 0.0, 0.36),
            title("At this step", right[0], 0.36),
        ],
    ), view.dark)
