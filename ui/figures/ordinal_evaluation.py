"""Figures of the Evaluate page for an ordinal model: the K x K confusion matrix and the proportional-odds check."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from logreg_core.proportional_odds import CumulativeFits
from ui.figures.ordinal import plotly_literal
from ui.figures.ordinal_concept import ordered_colours
from ui.style import chart_template


def confusion_matrix_figure(matrix: NDArray[np.int64], class_names: Sequence[str], font_size: int = 14,
                            dark: bool = False) -> go.Figure:
    """The K x K counts as a heat map: rows the true category, columns the predicted, in their order.

    The diagonal holds the correct predictions; one cell off it is one category off.
    """
    names = [plotly_literal(name) for name in class_names]
    matrix = np.asarray(matrix)
    high = max(int(matrix.max()), 1)
    text_colour = [["#FFFFFF" if value > high / 2 else ("#E6E6E6" if dark else "#262730") for value in row]
                   for row in matrix]
    data = [dict(type="heatmap", z=matrix.tolist(), x=names, y=names, colorscale="Blues", showscale=False,
                 hovertemplate="true %{y}<br>predicted %{x}<br>%{z} rows<extra></extra>")]
    annotations = [dict(x=names[j], y=names[i], text=str(int(matrix[i, j])), showarrow=False,
                        font=dict(color=text_colour[i][j], size=font_size))
                   for i in range(matrix.shape[0]) for j in range(matrix.shape[1])]
    size = 80 + 48 * len(names)
    layout = dict(template=chart_template(dark), height=max(320, size), font=dict(size=font_size),
                  margin=dict(l=60, r=20, t=30, b=60), annotations=annotations,
                  xaxis=dict(title=dict(text="predicted category"), type="category"),
                  yaxis=dict(title=dict(text="true category"), type="category", autorange="reversed"))
    return go.Figure(data=data, layout=layout)


def proportional_odds_figure(fits: CumulativeFits, slope: NDArray[np.float64], slope_interval: NDArray[np.float64],
                             feature_names: Sequence[str], class_names: Sequence[str], level: float = 0.95,
                             font_size: int = 14, dark: bool = False) -> go.Figure:
    """For each feature, the K − 1 separate binary slopes "y > j" with intervals beside the single ordinal slope.

    One small panel per feature (their scales differ); under proportional odds the separate
    slopes scatter around the single one, within their intervals.

    Parameters
    ----------
    fits : CumulativeFits
    slope : ndarray, shape (m,)
        The ordinal model's β.
    slope_interval : ndarray, shape (m, 2)
        Its Wald interval.
    """
    m = len(feature_names)
    cuts = fits.slopes.shape[0]
    colours = ordered_colours(cuts + 1, dark)
    low, high = fits.slope_intervals(level)
    names = [plotly_literal(name) for name in class_names]
    labels = [f"y > {names[j]}" for j in range(cuts)]
    single = "#DDDDDD" if dark else "#222222"
    data: list[dict] = []
    # pixel heights: each panel tall enough to label every cut, a gap for the ticks and the next title
    row_px = 26 * font_size / 14
    panel_px = row_px * (cuts + 1) + 10
    gap_px = 70 * font_size / 14
    margin_top, margin_bottom = 40, 40
    plot_px = m * panel_px + (m - 1) * gap_px
    layout: dict = dict(template=chart_template(dark), font=dict(size=font_size), showlegend=False,
                        margin=dict(l=60, r=20, t=margin_top, b=margin_bottom),
                        height=int(plot_px + margin_top + margin_bottom), annotations=[])
    height = panel_px / plot_px
    gap = gap_px / plot_px
    for k in range(m):
        axis = "" if k == 0 else str(k + 1)
        top = 1.0 - k * (height + gap)
        domain = [max(top - height, 0.0), top]
        y_labels = [*labels, "ordinal (one slope)"]
        data.append(dict(type="scatter", mode="markers", x=fits.slopes[:, k].tolist(), y=labels,
                         error_x=dict(type="data", symmetric=False, array=(high[:, k] - fits.slopes[:, k]).tolist(),
                                      arrayminus=(fits.slopes[:, k] - low[:, k]).tolist(), thickness=2),
                         marker=dict(color=colours[:cuts], size=11, line=dict(width=1, color="white")),
                         xaxis=f"x{axis}", yaxis=f"y{axis}", hovertemplate="%{y}: %{x:.4g}<extra></extra>"))
        data.append(dict(type="scatter", mode="markers", x=[float(slope[k])], y=["ordinal (one slope)"],
                         error_x=dict(type="data", symmetric=False, array=[float(slope_interval[k, 1] - slope[k])],
                                      arrayminus=[float(slope[k] - slope_interval[k, 0])], thickness=3),
                         marker=dict(color=single, size=13, symbol="diamond"),
                         xaxis=f"x{axis}", yaxis=f"y{axis}", hovertemplate="ordinal: %{x:.4g}<extra></extra>"))
        data.append(dict(type="scatter", mode="lines", x=[float(slope[k])] * 2, y=[y_labels[0], y_labels[-1]],
                         line=dict(color=single, width=1, dash="dot"), hoverinfo="skip",
                         xaxis=f"x{axis}", yaxis=f"y{axis}"))
        layout[f"xaxis{axis}"] = dict(anchor=f"y{axis}", zeroline=True)
        layout[f"yaxis{axis}"] = dict(domain=domain, anchor=f"x{axis}", type="category",
                                      categoryarray=y_labels[::-1], categoryorder="array")
        layout["annotations"].append(dict(text=f"slope of {plotly_literal(feature_names[k])}", x=0, y=domain[1],
                                          xref="paper", yref="paper", xanchor="left", yanchor="bottom",
                                          showarrow=False, font=dict(size=font_size + 1)))
    return go.Figure(data=data, layout=layout)
