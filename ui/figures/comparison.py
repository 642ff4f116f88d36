"""Figures of the /compare page: the models' category probabilities side by side, and the slopes by cut."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray
from plotly.subplots import make_subplots

from logreg_core.comparison import CategoryCurves
from ui.figures.ordinal_concept import ordered_colours
from ui.style import chart_template, class_colour, compact
from ui.text import plotly_literal

SUM_COLOUR = "#CC3311"
BELOW_COLOUR = "#888888"
INTERVAL_COLOUR = {False: "#444444", True: "#D0D0D0"}  # the intervals' bars on a light and on a dark page
# "level c or higher" is no level, so it takes a colour outside the levels' Viridis palette
AT_OR_ABOVE_COLOUR = SUM_COLOUR
# the ordinal slope's band, and its edges, strong enough to see on a dark page too
BAND_FILL = {False: "rgba(204, 51, 17, 0.15)", True: "rgba(255, 130, 100, 0.30)"}
BAND_EDGE = {False: "rgba(204, 51, 17, 0.45)", True: "rgba(255, 130, 100, 0.75)"}


def category_colours(n_classes: int, ordered: bool, dark: bool) -> list[str]:
    """The ordinal pages' sequential palette for ordered levels, the class colours for unordered classes."""
    return ordered_colours(n_classes, dark) if ordered else [class_colour(k) for k in range(n_classes)]


def model_curves_figure(
    curves: CategoryCurves,
    panels: list[tuple[str, str]],
    class_names: list[str] | tuple[str, ...],
    feature_name: str,
    *,
    ordered: bool,
    cut: int | None = None,
    font_size: int = 14,
    dark: bool = False,
) -> go.Figure:
    """Each model's predicted probabilities along one feature, one panel per model, sharing the y axis.

    Parameters
    ----------
    curves : CategoryCurves
        From :func:`logreg_core.comparison.curves_along`.
    panels : list of (key, title)
        Which of ``curves.probabilities`` to draw, left to right, and each panel's title.
    class_names : sequence of str
        Labels of the K classes (shown as typed).
    feature_name : str
    ordered : bool
        Sequential colours for ordered levels, class colours otherwise.
    cut : int, optional
        The binary model's level code c: its panel draws P(y >= c) in a colour no level has, the rest in
        grey, and the ordinal model's own P(y >= c) dotted beside it.
    """
    K = len(class_names)
    colours = category_colours(K, ordered, dark)
    names = [plotly_literal(name) for name in class_names]
    figure = make_subplots(rows=1, cols=len(panels), shared_yaxes=True, horizontal_spacing=0.03,
                           subplot_titles=[plotly_literal(title) for _, title in panels])
    x = compact(curves.values, float(np.ptp(curves.values)) or 1.0)
    bold = font_size / 14
    for column, (key, _) in enumerate(panels, start=1):
        probability = curves.probabilities[key]
        if key == "binary" and cut is not None:
            for values, name, colour, dash in (
                (probability[:, 0], f"below {names[cut]}", BELOW_COLOUR, "solid"),
                (probability[:, 1], f"{names[cut]} or higher", AT_OR_ABOVE_COLOUR, "solid"),
            ):
                figure.add_trace(go.Scatter(x=x, y=compact(values), mode="lines", name=name, legendgroup=name,
                                            line=dict(color=colour, width=3 * bold, dash=dash)), row=1, col=column)
            if "ordinal" in curves.probabilities:
                implied = curves.probabilities["ordinal"][:, cut:].sum(axis=1)
                name = f"ordinal model's P({names[cut]} or higher)"
                figure.add_trace(go.Scatter(x=x, y=compact(implied), mode="lines", name=name,
                                            line=dict(color=AT_OR_ABOVE_COLOUR, width=2 * bold, dash="dot")),
                                 row=1, col=column)
            continue
        for k in range(K):
            figure.add_trace(go.Scatter(
                x=x, y=compact(probability[:, k]), mode="lines", name=names[k], legendgroup=f"class {k}",
                showlegend=column == 1, line=dict(color=colours[k], width=3 * bold)), row=1, col=column)
        if key == "one_vs_rest":
            figure.add_trace(go.Scatter(x=x, y=compact(probability.sum(axis=1)), mode="lines",
                                        name="sum of the K probabilities", line=dict(color=SUM_COLOUR, width=2 * bold,
                                                                                     dash="dash")),
                             row=1, col=column)
    top = max(1.02, float(np.max([curves.probabilities[key].sum(axis=1).max() for key, _ in panels
                                  if key == "one_vs_rest"], initial=1.0)) + 0.05)
    figure.update_yaxes(range=[-0.02, top], row=1, col=1, title_text="predicted probability")
    figure.update_xaxes(title_text=plotly_literal(feature_name))
    figure.update_annotations(font_size=font_size)
    # the legend sits at the foot of the whole figure, below the three axis titles, with room for its rows
    legend_room = int(40 + 3 * 1.9 * font_size)
    figure.update_layout(
        template=chart_template(dark), height=360 + legend_room, font=dict(size=font_size),
        margin=dict(l=70, r=20, t=60, b=legend_room), hovermode="x unified",
        legend=dict(orientation="h", x=0, xref="container", y=0, yref="container", yanchor="bottom"),
    )
    return figure


def slopes_by_cut_figure(
    cut_slopes: NDArray[np.float64],
    cut_low: NDArray[np.float64],
    cut_high: NDArray[np.float64],
    ordinal_slope: float,
    ordinal_interval: tuple[float, float],
    class_names: list[str] | tuple[str, ...],
    feature_name: str,
    chosen_cut: int,
    *,
    font_size: int = 14,
    dark: bool = False,
) -> go.Figure:
    """One feature's slope in the binary fit of every cut (dot and 95 % interval), the ordinal slope across them.

    Parameters
    ----------
    cut_slopes, cut_low, cut_high : ndarray, shape (K-1,)
        The slope of "level c or higher" for c = 1..K-1 and its interval (NaN where that fit has no estimate).
    ordinal_slope : float
    ordinal_interval : (float, float)
    class_names : sequence of str
    feature_name : str
    chosen_cut : int
        The level code of the page's binary model, drawn larger.
    """
    K = len(class_names)
    colours = ordered_colours(K, dark)
    labels = [f"≥ {plotly_literal(name)}" for name in class_names[1:]]
    bold = font_size / 14
    low, high = ordinal_interval
    edge = dict(width=1 * bold, color=BAND_EDGE[dark])
    data = [
        go.Scatter(x=[labels[0], labels[-1]], y=[high, high], mode="lines", line=edge, showlegend=False,
                   hoverinfo="skip"),
        go.Scatter(x=[labels[0], labels[-1]], y=[low, low], mode="lines", line=edge, fill="tonexty",
                   fillcolor=BAND_FILL[dark], name="ordinal slope's 95 % interval", hoverinfo="skip"),
        go.Scatter(x=[labels[0], labels[-1]], y=[ordinal_slope, ordinal_slope], mode="lines",
                   line=dict(color=SUM_COLOUR, width=2 * bold, dash="dash"),
                   name=f"ordinal slope β = {ordinal_slope:.3f}"),
    ]
    finite = np.isfinite(cut_slopes)
    sizes = [(16 if c + 1 == chosen_cut else 10) * bold for c in range(K - 1)]
    data.append(go.Scatter(
        x=[label for label, ok in zip(labels, finite) if ok], y=compact(cut_slopes[finite]), mode="markers",
        marker=dict(color=[colours[c + 1] for c in range(K - 1) if finite[c]],
                    size=[size for size, ok in zip(sizes, finite) if ok], line=dict(width=1, color="white")),
        error_y=dict(type="data", symmetric=False, array=compact((cut_high - cut_slopes)[finite]),
                     arrayminus=compact((cut_slopes - cut_low)[finite]), thickness=2 * bold, width=6 * bold,
                     color=INTERVAL_COLOUR[dark]),
        name="binary slope at each cut (95 % interval)",
        hoverinfo="x+y",
    ))
    layout = dict(
        template=chart_template(dark), height=360 + 40 * (bold > 1), font=dict(size=font_size),
        margin=dict(l=70, r=20, t=30, b=60),
        xaxis=dict(title=dict(text="binary question: level at or above"), type="category",
                   categoryorder="array", categoryarray=labels),
        yaxis=dict(title=dict(text=f"slope of {plotly_literal(feature_name)}")),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
    )
    return go.Figure(data=data, layout=layout)
