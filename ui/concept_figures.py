"""Figures of the concept pages: the sigmoid, the cross-entropy, the loss landscape."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from logreg_core import Dataset, logit, sigmoid
from logreg_core.landscape import PlanePath
from ui.landscape_view import path_in_window
from ui.messages import plane_outcome
from ui.style import (
    BOUNDARY_COLOUR,
    CLASS_COLOURS,
    CLASS_SYMBOLS,
    LOSS_COLOUR,
    THRESHOLD_COLOUR,
    chart_template,
    compact,
    log_axis_ticks,
)
from ui.text import plotly_literal

# Okabe-Ito colours for paths compared on one chart
PATH_COLOURS = ("#0072B2", "#009E73", "#E69F00", "#CC79A7", "#D55E00", "#56B4E9")


def _base_layout(height: int, font_size: int, dark: bool, **extra) -> dict:
    return dict(template=chart_template(dark), height=height, font=dict(size=font_size),
                margin=dict(l=60, r=20, t=40, b=50), **extra)


def nice_axis(top: float, ticks: int = 5) -> dict:
    """An axis from 0 to ``top`` or a little beyond, with ticks at round numbers (1, 2, 2.5 or 5 times a
    power of ten), not at fractions of the range such as 0.101, 0.202, 0.302."""
    if not np.isfinite(top) or top <= 0:
        return dict(rangemode="tozero")
    raw = top / ticks
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= raw)
    top_tick = round(float(np.ceil(top / step - 1e-9) * step), 12)
    return dict(range=[0.0, top_tick], tick0=0.0, dtick=float(step), tickmode="linear")


def sigmoid_point_figure(z: float, threshold: float, font_size: int = 14, dark: bool = False) -> go.Figure:
    """σ over z, the point (z, σ(z)) marked, the threshold as a line, the class-1 region shaded."""
    grid = np.linspace(-10, 10, 401)
    p = float(sigmoid(z))
    colour = CLASS_COLOURS[int(p >= threshold)]
    curve = "#DDDDDD" if dark else "#222222"
    data = [
        dict(type="scatter", mode="lines", x=compact(grid, 20), y=compact(sigmoid(grid)), name="σ(z) = 1 / (1 + e^(−z))",
             line=dict(color=curve, width=4)),
        dict(type="scatter", mode="lines", x=[-10, 10], y=[threshold, threshold], name=f"threshold t = {threshold:g}",
             line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash")),
        dict(type="scatter", mode="markers+text", x=[z], y=[p], name="this z",
             text=[f"σ({z:g}) = {p:.3f}"], textposition="middle right" if z < 4 else "middle left",
             marker=dict(color=colour, size=18, symbol=CLASS_SYMBOLS[int(p >= threshold)],
                         line=dict(width=2, color="white")), textfont=dict(size=font_size + 2)),
        dict(type="scatter", mode="lines", x=[z, z], y=[0, p], showlegend=False, hoverinfo="skip",
             line=dict(color=colour, width=1, dash="dot")),
    ]
    layout = _base_layout(
        420, font_size, dark,
        xaxis=dict(range=[-10, 10], title=dict(text="score z = w·x + b (the log-odds)")),
        yaxis=dict(range=[-0.03, 1.03], title=dict(text="σ(z) = P(class 1)")),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return go.Figure(data=data, layout=layout)


def one_feature_sigmoid_figure(dataset: Dataset, w: float, b: float, threshold: float,
                               font_size: int = 14, dark: bool = False) -> go.Figure:
    """The data of a one-feature dataset with σ(w·x + b) over them and the boundary x = (logit t − b)/w."""
    x = dataset.X[:, 0]
    span = float(x.max() - x.min()) or 1.0
    grid = np.linspace(x.min() - 0.1 * span, x.max() + 0.1 * span, 301)
    curve = "#DDDDDD" if dark else "#222222"
    data = [
        dict(type="scatter", mode="markers", x=compact(x[dataset.y == k], span), y=[float(k)] * int((dataset.y == k).sum()),
             name=plotly_literal(f"{dataset.class_names[k]} (class {k})"),
             marker=dict(color=CLASS_COLOURS[k], symbol=CLASS_SYMBOLS[k], size=12, line=dict(width=1, color="white")))
        for k in (0, 1)
    ]
    data.append(dict(type="scatter", mode="lines", x=compact(grid, span), y=compact(sigmoid(w * grid + b)),
                     name=f"σ({w:.3g}·x + {b:.3g})".replace("+ -", "− "), line=dict(color=curve, width=4)))
    data.append(dict(type="scatter", mode="lines", x=[grid[0], grid[-1]], y=[threshold, threshold],
                     name=f"threshold t = {threshold:g}", line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash")))
    if w != 0:
        cut = (float(logit(threshold)) - b) / w
        if grid[0] <= cut <= grid[-1]:
            data.append(dict(type="scatter", mode="lines", x=[cut, cut], y=[0, 1], name=f"boundary x = {cut:.3g}",
                             line=dict(color=BOUNDARY_COLOUR, width=3)))
    layout = _base_layout(
        420, font_size, dark,
        xaxis=dict(title=dict(text=plotly_literal(dataset.feature_names[0]))),
        yaxis=dict(range=[-0.06, 1.06], title=dict(text=plotly_literal(f"P({dataset.class_names[1]})"))),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return go.Figure(data=data, layout=layout)


def single_point_losses_figure(p: float, font_size: int = 14, dark: bool = False) -> go.Figure:
    """−log p (a point of class 1) and −log(1 − p) (class 0) over p, with the loss at p marked."""
    grid = np.linspace(0.001, 0.999, 500)
    data = [
        dict(type="scatter", mode="lines", x=compact(grid), y=compact(-np.log(grid), 7), name="y = 1: loss −log p",
             line=dict(color=CLASS_COLOURS[1], width=4)),
        dict(type="scatter", mode="lines", x=compact(grid), y=compact(-np.log1p(-grid), 7), name="y = 0: loss −log(1 − p)",
             line=dict(color=CLASS_COLOURS[0], width=4, dash="dash")),
        dict(type="scatter", mode="markers+text", x=[p, p], y=[-np.log(p), -np.log1p(-p)], showlegend=False,
             text=[f"{-np.log(p):.3f}", f"{-np.log1p(-p):.3f}"], textposition="top right",
             marker=dict(color=[CLASS_COLOURS[1], CLASS_COLOURS[0]], size=16, symbol=[CLASS_SYMBOLS[1], CLASS_SYMBOLS[0]],
                         line=dict(width=2, color="white")), textfont=dict(size=font_size + 2)),
    ]
    layout = _base_layout(
        400, font_size, dark,
        xaxis=dict(range=[0, 1], title=dict(text="predicted probability of class 1, p")),
        yaxis=dict(range=[0, 7], title=dict(text="loss of one point")),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return go.Figure(data=data, layout=layout)


def point_losses_figure(dataset: Dataset, losses: np.ndarray, probability: np.ndarray,
                        font_size: int = 14, dark: bool = False, limit: int = 400) -> go.Figure:
    """Every point's loss as a bar, sorted, coloured by class; hover shows the point; the mean J as a line."""
    order = np.argsort(-losses)
    shown = order[:limit]
    names = [plotly_literal(name) for name in dataset.feature_names]
    hover = [
        "<br>".join([f"row {i + 1}", *(f"{names[j]} = {dataset.X[i, j]:.4g}" for j in range(min(len(names), 6))),
                     f"class {int(dataset.y[i])}, p = {probability[i]:.3f}", f"loss = {losses[i]:.4f}"])
        for i in shown
    ]
    data = [dict(type="bar", x=list(range(1, len(shown) + 1)), y=compact(losses[shown], float(losses.max()) or 1.0),
                 marker=dict(color=[CLASS_COLOURS[int(dataset.y[i])] for i in shown]),
                 hovertext=hover, hoverinfo="text", name="loss of each point", showlegend=False)]
    # the bars' colours explained: one empty bar per class, shown only in the legend
    data += [dict(type="bar", x=[None], y=[None], name=plotly_literal(f"class {klass} ({dataset.class_names[klass]})"),
                  marker=dict(color=CLASS_COLOURS[klass]), hoverinfo="skip") for klass in (0, 1)]
    mean = float(losses.mean())
    layout = _base_layout(
        380, font_size, dark, bargap=0.1, legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        xaxis=dict(title=dict(text="points, highest loss first" + (f" (the top {limit} of {losses.size})" if losses.size > limit else ""))),
        yaxis=dict(title=dict(text="−[y log p + (1 − y) log(1 − p)]")),
        shapes=[dict(type="line", x0=0, x1=1, xref="paper", y0=mean, y1=mean, line=dict(color=LOSS_COLOUR, width=3))],
        annotations=[dict(x=1, xref="paper", y=mean, text=f"mean J = {mean:.4f}", showarrow=False, xanchor="right",
                          yanchor="bottom", font=dict(size=font_size + 1, color=LOSS_COLOUR))],
    )
    return go.Figure(data=data, layout=layout)


def losses_along_weight_figure(values, cross_entropy, squared_error, label: str, fitted: float,
                               font_size: int = 14, dark: bool = False) -> go.Figure:
    """Cross-entropy and squared error as one weight varies, each on its own axis (``label`` as typed)."""
    label = plotly_literal(label)
    data = [
        dict(type="scatter", mode="lines", x=compact(values, float(np.ptp(values)) or 1.0), y=compact(cross_entropy, 10),
             name="cross-entropy J", line=dict(color=LOSS_COLOUR, width=4), yaxis="y"),
        dict(type="scatter", mode="lines", x=compact(values, float(np.ptp(values)) or 1.0), y=compact(squared_error),
             name="squared error of σ", line=dict(color=BOUNDARY_COLOUR, width=4, dash="dash"), yaxis="y2"),
    ]
    layout = _base_layout(
        400, font_size, dark,
        xaxis=dict(title=dict(text=label)),
        yaxis=dict(title=dict(text="cross-entropy", font=dict(color=LOSS_COLOUR)), rangemode="tozero"),
        yaxis2=dict(title=dict(text="squared error", font=dict(color=BOUNDARY_COLOUR)), overlaying="y",
                    side="right", showgrid=False, **nice_axis(float(np.nanmax(squared_error)))),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        shapes=[dict(type="line", x0=fitted, x1=fitted, y0=0, y1=1, yref="paper",
                     line=dict(color=THRESHOLD_COLOUR, dash="dot", width=2))],
    )
    return go.Figure(data=data, layout=layout)


def landscape_figure(first, second, grid, paths: list[PlanePath], labels: tuple[str, str],
                     optimum: tuple[float, float] | None, surface: bool = False,
                     font_size: int = 14, dark: bool = False) -> go.Figure:
    """Contours (or a 3-D surface) of J over two parameters, with one descent path per rate (``labels`` as typed)."""
    labels = (plotly_literal(labels[0]), plotly_literal(labels[1]))
    # log-spaced contour levels show both the valley floor and the steep walls
    levels = np.log10(grid)
    data: list[dict] = []
    if surface:
        data.append(dict(type="surface", x=compact(first, float(np.ptp(first))), y=compact(second, float(np.ptp(second))),
                         z=np.round(grid, 5).tolist(), colorscale="Viridis", showscale=False, opacity=0.9,
                         name="J", hovertemplate=f"{labels[0]} %{{x}}<br>{labels[1]} %{{y}}<br>J %{{z:.4f}}<extra></extra>"))
        for colour, path in zip(PATH_COLOURS, paths):
            data.append(dict(type="scatter3d", mode="lines+markers", x=path.path[:, 0].tolist(), y=path.path[:, 1].tolist(),
                             z=path.loss.tolist(), name=f"η = {path.learning_rate:.3g}: {plane_outcome(path)}",
                             line=dict(color=colour, width=6), marker=dict(size=3, color=colour)))
        layout = _base_layout(620, font_size, dark, scene=dict(
            xaxis=dict(title=dict(text=labels[0])), yaxis=dict(title=dict(text=labels[1])),
            zaxis=dict(title=dict(text="J"))), legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"))
        return go.Figure(data=data, layout=layout)
    data.append(dict(type="contour", x=compact(first, float(np.ptp(first))), y=compact(second, float(np.ptp(second))),
                     z=np.round(levels, 4).tolist(), colorscale="Viridis", reversescale=True, ncontours=28,
                     contours=dict(coloring="heatmap", showlines=True), line=dict(width=0.5),
                     colorbar=dict(title=dict(text="log₁₀ J")), name="J",
                     hovertemplate=f"{labels[0]} %{{x}}<br>{labels[1]} %{{y}}<br>log₁₀ J %{{z:.3f}}<extra></extra>"))
    if paths:
        # the shared start first, beneath the paths: a small rate's short path stays visible on it
        start = paths[0].path[0]
        data.append(dict(type="scatter", mode="markers", x=[float(start[0])], y=[float(start[1])], name="start",
                         showlegend=False, hoverinfo="skip", marker=dict(size=16, color="rgba(0,0,0,0)", symbol="circle-open",
                                                       line=dict(width=3, color="white"))))
    for colour, path in zip(PATH_COLOURS, paths):
        shown, left_at = path_in_window(path.path, np.asarray(first), np.asarray(second))
        leaves = "" if left_at is None else f" (leaves the plot at step {left_at})"
        data.append(dict(type="scatter", mode="lines+markers", x=shown[:, 0].tolist(), y=shown[:, 1].tolist(),
                         name=f"η = {path.learning_rate:.3g}: {plane_outcome(path)}{leaves}", legendgroup=str(colour),
                         line=dict(color=colour, width=3), marker=dict(size=5, color=colour, line=dict(width=1, color="white"))))
        if len(shown) and left_at is None:
            # where the path ends: seen even when it hardly moved from the start
            data.append(dict(type="scatter", mode="markers", x=[float(shown[-1, 0])], y=[float(shown[-1, 1])],
                             showlegend=False, legendgroup=str(colour), hoverinfo="skip",
                             marker=dict(size=13, color=colour, symbol="triangle-up",
                                         line=dict(width=1.5, color="white"))))
    if optimum is not None:
        data.append(dict(type="scatter", mode="markers", x=[optimum[0]], y=[optimum[1]], name="minimum (exact fit)",
                         marker=dict(size=18, symbol="x", color="white", line=dict(width=2, color="black"))))
    layout = _base_layout(
        600, font_size, dark,
        xaxis=dict(range=[float(first[0]), float(first[-1])], title=dict(text=labels[0])),
        yaxis=dict(range=[float(second[0]), float(second[-1])], title=dict(text=labels[1])),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return go.Figure(data=data, layout=layout)


def loss_curves_figure(paths: list[PlanePath], font_size: int = 14, dark: bool = False) -> go.Figure:
    """The loss per step of each rate's path on one chart (log scale)."""
    data = [
        dict(type="scatter", mode="lines", x=list(range(path.loss.size)), y=path.loss.tolist(),
             name=f"η = {path.learning_rate:.3g}: {plane_outcome(path)}", line=dict(color=colour, width=3))
        for colour, path in zip(PATH_COLOURS, paths)
    ]
    layout = _base_layout(
        360, font_size, dark,
        xaxis=dict(title=dict(text="step")),
        yaxis=dict(type="log", title=dict(text="loss J (log scale)"),
                   **log_axis_ticks(np.concatenate([path.loss for path in paths]) if paths else np.zeros(0))),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return go.Figure(data=data, layout=layout)
