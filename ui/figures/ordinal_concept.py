"""Figures of the /ordinal concept page: the latent logistic score cut into ordered categories."""

from __future__ import annotations

import functools

import numpy as np
import plotly.colors
import plotly.graph_objects as go
from numpy.typing import NDArray

from logreg_core import sigmoid
from logreg_core.families import ordinal
from ui.style import chart_template, compact

LATENT_HALF_WIDTH = 8.0  # the latent axis runs this far either side of the score and the cut-points


def ordered_colours(n_classes: int, dark: bool = False) -> list[str]:
    """A sequential palette for K ordered categories (Viridis): the order of colour is the order of category.

    On a dark page the darkest end is left out, on a light page the palest.
    """
    return list(_viridis_sample(n_classes, dark))


@functools.cache
def _viridis_sample(n_classes: int, dark: bool) -> tuple[str, ...]:
    # Plotly's colour-scale sampling takes over a millisecond, and every new figure asks for the same few
    low, high = (0.25, 1.0) if dark else (0.0, 0.85)
    return tuple(plotly.colors.sample_colorscale("Viridis", list(np.linspace(low, high, n_classes))))


def transparent(colour: str, alpha: float) -> str:
    """``rgb(r, g, b)`` as ``rgba(r, g, b, alpha)``."""
    return colour.replace("rgb(", "rgba(").replace(")", f", {alpha})")


def logistic_density(t: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""The standard logistic density :math:`f(t) = \sigma(t)\,\sigma(-t)`."""
    return sigmoid(t) * sigmoid(-t)


def category_probabilities(eta: float, cutpoints: NDArray[np.float64]) -> NDArray[np.float64]:
    """P(y = j) for one score, shape (K,), from the core's ordinal family."""
    return ordinal.probabilities(np.array([eta]), cutpoints)[0]


def latent_range(eta: float, cutpoints: NDArray[np.float64]) -> tuple[float, float]:
    """The latent axis: the score's density and every cut-point in view."""
    low = min(eta - LATENT_HALF_WIDTH, float(np.min(cutpoints)) - 1.0)
    high = max(eta + LATENT_HALF_WIDTH, float(np.max(cutpoints)) + 1.0)
    return low, high


def latent_density_figure(eta: float, cutpoints: NDArray[np.float64], category_names: list[str],
                          font_size: int = 14, dark: bool = False) -> go.Figure:
    """The logistic density centred at the score η = x·β, shaded between the cut-points into K categories.

    The area of each shaded piece is that category's probability, written above it.
    """
    cutpoints = np.asarray(cutpoints, dtype=np.float64)
    K = cutpoints.size + 1
    colours = ordered_colours(K, dark)
    low, high = latent_range(eta, cutpoints)
    probability = category_probabilities(eta, cutpoints)
    edges = np.r_[low, cutpoints, high]
    top = float(logistic_density(np.zeros(1))[0])
    data: list[dict] = []
    for j in range(K):
        grid = np.linspace(max(edges[j], low), min(edges[j + 1], high), 80)
        density = logistic_density(grid - eta)
        data.append(dict(
            type="scatter", mode="lines", x=compact(np.r_[grid, grid[::-1]], high - low),
            y=compact(np.r_[density, np.zeros_like(density)]), fill="toself",
            fillcolor=transparent(colours[j], 0.55), line=dict(width=0), hoverinfo="skip",
            name=f"{category_names[j]}: {probability[j]:.3f}",
        ))
    grid = np.linspace(low, high, 400)
    curve = "#DDDDDD" if dark else "#222222"
    data.append(dict(type="scatter", mode="lines", x=compact(grid, high - low),
                     y=compact(logistic_density(grid - eta)), line=dict(color=curve, width=3),
                     name="density of the latent y* = η + ε", hoverinfo="skip"))
    data.append(dict(type="scatter", mode="lines", x=[eta, eta], y=[0, top * 1.05], showlegend=False,
                     line=dict(color=curve, width=1, dash="dot"), hoverinfo="skip"))
    annotations = [dict(x=eta, y=top * 1.08, text=f"η = x·β = {eta:.3g}", showarrow=False,
                        font=dict(size=font_size))]
    for j, theta in enumerate(cutpoints):
        data.append(dict(type="scatter", mode="lines", x=[theta, theta], y=[0, top * 1.2], showlegend=False,
                         line=dict(color="#CC3311", width=3), hoverinfo="x", name=f"θ{j + 1}"))
        annotations.append(dict(x=theta, y=top * 1.2, text=f"θ<sub>{j + 1}</sub> = {theta:.3g}", showarrow=False,
                                yanchor="bottom", font=dict(size=font_size, color="#CC3311")))
    layout = dict(
        template=chart_template(dark), height=430, font=dict(size=font_size), margin=dict(l=60, r=20, t=50, b=90),
        xaxis=dict(range=[low, high], title=dict(text="latent scale y*")),
        yaxis=dict(range=[0, top * 1.35], title=dict(text="density")),
        legend=dict(orientation="h", x=0, y=-0.3, yanchor="top"), annotations=annotations,
    )
    return go.Figure(data=data, layout=layout)


def category_curves_figure(beta: float, cutpoints: NDArray[np.float64], x: float, x_range: tuple[float, float],
                           category_names: list[str], font_size: int = 14, dark: bool = False) -> go.Figure:
    """P(y = j) along the feature for each category, with the chosen feature value marked."""
    cutpoints = np.asarray(cutpoints, dtype=np.float64)
    K = cutpoints.size + 1
    colours = ordered_colours(K, dark)
    grid = np.linspace(x_range[0], x_range[1], 300)
    probability = ordinal.probabilities(beta * grid, cutpoints)
    span = x_range[1] - x_range[0]
    data = [dict(type="scatter", mode="lines", x=compact(grid, span), y=compact(probability[:, j]),
                 line=dict(color=colours[j], width=3), name=f"P(y = {category_names[j]})")
            for j in range(K)]
    here = category_probabilities(beta * x, cutpoints)
    data.append(dict(type="scatter", mode="markers", x=[x] * K, y=compact(here), showlegend=False,
                     marker=dict(color=colours, size=12, line=dict(width=1, color="white")), hoverinfo="y"))
    data.append(dict(type="scatter", mode="lines", x=[x, x], y=[0, 1], showlegend=False, hoverinfo="skip",
                     line=dict(color="#888888", width=1, dash="dash")))
    layout = dict(
        template=chart_template(dark), height=360, font=dict(size=font_size), margin=dict(l=60, r=20, t=30, b=50),
        xaxis=dict(range=list(x_range), title=dict(text="feature x")),
        yaxis=dict(range=[-0.02, 1.02], title=dict(text="P(y = category)")),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return go.Figure(data=data, layout=layout)


def cumulative_logit_figure(beta: float, cutpoints: NDArray[np.float64], x_range: tuple[float, float],
                            category_names: list[str], font_size: int = 14, dark: bool = False) -> go.Figure:
    """logit P(y <= j) = θ_j − x·β along the feature: K − 1 parallel lines, one slope shared by every cut."""
    cutpoints = np.asarray(cutpoints, dtype=np.float64)
    K = cutpoints.size + 1
    colours = ordered_colours(K, dark)
    xs = list(x_range)
    data = [dict(type="scatter", mode="lines", x=xs, y=[float(theta - beta * v) for v in xs],
                 line=dict(color=colours[j], width=3),
                 name=f"logit P(y ≤ {category_names[j]}) = θ{j + 1} − {beta:.3g}·x")
            for j, theta in enumerate(cutpoints)]
    layout = dict(
        template=chart_template(dark), height=340, font=dict(size=font_size), margin=dict(l=60, r=20, t=30, b=50),
        xaxis=dict(range=xs, title=dict(text="feature x")),
        yaxis=dict(title=dict(text="cumulative log-odds")),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return go.Figure(data=data, layout=layout)
