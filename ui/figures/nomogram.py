"""The nomogram of a binary or ordinal model as one Plotly figure.

One horizontal scale per row, top to bottom: the points (0 to 100), one per feature (its
values placed at their points), the total points, and the probability axes (P(y = 1) for a
binary model, P(y > j) for each cut of an ordinal one). The total's axis is drawn across the
same width as the points, so its positions are the total scaled to 0..100. The current
inputs are dots on every row, joined by a dashed line from the total down to the probabilities.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from logreg_core.prediction import Nomogram
from ui.style import CLASS_COLOURS, chart_style
from ui.text import plotly_literal

WIDTH = 100.0  # the points row spans 0..100; the total's row is scaled to the same width


def _tick_text(value: float) -> str:
    return f"{value:.4g}"


def _probability_text(value: float) -> str:
    return f"{value:.3g}"


def _spaced(positions: Sequence[float], labels: Sequence[str], char_width: float) -> list[str]:
    """The labels with those too close to the previous shown one (left to right) left blank; the tick
    marks stay. Two labels need half their widths plus one character between their centres; a feature
    with a negative coefficient lists its ticks right to left."""
    shown = [""] * len(labels)
    last, last_length = -np.inf, 0
    for index in np.argsort(positions, kind="stable"):
        length = len(labels[index])
        if positions[index] - last >= char_width * ((last_length + length) / 2 + 1):
            shown[index] = labels[index]
            last, last_length = positions[index], length
    return shown


def _on_scale(position: float, end: float) -> tuple[float, str]:
    """Where a dot is drawn on a scale from 0 to ``end``: at the value, or at the end it lies beyond,
    as a triangle pointing out (a value far outside the data would squash every scale to a point)."""
    if position < 0.0:
        return 0.0, "triangle-left"
    if position > end:
        return end, "triangle-right"
    return position, "circle"


def _row(y: float, positions: Sequence[float], labels: Sequence[str], colour: str, line: tuple[float, float],
         font_size: int) -> list[dict]:
    """One scale: its line, a tick mark at each position and the label above it."""
    # about the width of one character of the labels in the chart's units (the row spans 100 over most of
    # the width)
    labels = _spaced(positions, labels, char_width=0.75 * font_size / 14)
    return [
        dict(type="scatter", mode="lines", x=list(line), y=[y, y], line=dict(color=colour, width=1.5),
             hoverinfo="skip", showlegend=False),
        dict(type="scatter", mode="markers+text", x=list(positions), y=[y] * len(positions),
             marker=dict(symbol="line-ns-open", size=9, color=colour, line=dict(width=1.5, color=colour)),
             text=list(labels), textposition="top center", textfont=dict(size=max(font_size - 3, 9), color=colour),
             hoverinfo="skip", showlegend=False, cliponaxis=False),
    ]


def nomogram_figure(chart: Nomogram, feature_names: Sequence[str], class_names: Sequence[str],
                    values: NDArray[np.float64], font_size: int = 14, dark: bool = False) -> dict:
    """The nomogram with the current inputs marked.

    Parameters
    ----------
    chart : Nomogram
        From :func:`logreg_core.prediction.nomogram`.
    feature_names : sequence of str, length m
    class_names : sequence of str, length K
        Binary: (class 0, class 1); ordinal: the levels, lowest first.
    values : ndarray, shape (m,)
        The calculator's current inputs.

    Returns
    -------
    dict
        A Plotly figure (data and layout) for ``st.plotly_chart``.
    """
    text = "#E6E6E6" if dark else "#262730"
    accent = CLASS_COLOURS[4] if dark else CLASS_COLOURS[0]
    marker = CLASS_COLOURS[5]
    scale = WIDTH / chart.total_max
    total = chart.total_points(values)
    data: list[dict] = []
    labels: list[str] = []
    y = 0.0
    ys: list[float] = []

    def next_row(label: str) -> float:
        nonlocal y
        y -= 1.0
        labels.append(label)
        ys.append(y)
        return y

    points_ticks = np.arange(0.0, WIDTH + 1e-9, 10.0)
    data += _row(next_row("Points"), points_ticks, [f"{p:g}" for p in points_ticks], text, (0.0, WIDTH), font_size)
    markers_x, markers_y, hover, symbols = [], [], [], []

    def mark(position: float, end: float, row: float, words: str) -> None:
        x, symbol = _on_scale(position, end)
        markers_x.append(x)
        markers_y.append(row)
        symbols.append(symbol)
        hover.append(words if symbol == "circle" else f"{words} (beyond this scale's end)")

    for name, feature, value in zip(feature_names, chart.features, values):
        row = next_row(plotly_literal(name))
        data += _row(row, feature.tick_points, [_tick_text(t) for t in feature.ticks], accent,
                     (0.0, feature.max_points), font_size)
        points = feature.points(float(value))
        mark(points, feature.max_points, row, f"{plotly_literal(name)} = {_tick_text(float(value))}: {points:.1f} points")
    total_row = next_row("Total points")
    data += _row(total_row, chart.total_ticks * scale, [f"{t:g}" for t in chart.total_ticks], text, (0.0, WIDTH),
                 font_size)
    mark(total * scale, WIDTH, total_row, f"total {total:.1f} points")
    read = chart.probability(total)
    probability_rows = []
    for axis in chart.probability_scales:
        if axis.cut is None:
            label = f"P(y = {plotly_literal(class_names[1])})"
        else:
            label = f"P(y > {plotly_literal(class_names[axis.cut])})"
        row = next_row(label)
        probability_rows.append(row)
        data += _row(row, axis.total_points * scale, [_probability_text(p) for p in axis.probabilities], accent,
                     (0.0, WIDTH), font_size)
        reading = float(read[0 if axis.cut is None else axis.cut])
        mark(total * scale, WIDTH, row, f"{label} = {reading:.4f}")
    # the reading: a dashed line from the total down through the probability axes
    reading_x = _on_scale(total * scale, WIDTH)[0]
    data.append(dict(type="scatter", mode="lines", x=[reading_x] * 2, y=[total_row, probability_rows[-1]],
                     line=dict(color=marker, width=1.5, dash="dash"), hoverinfo="skip", showlegend=False))
    readings = [""] * (len(markers_x) - len(probability_rows)) + \
        [f"{float(read[0 if axis.cut is None else axis.cut]):.3f}" for axis in chart.probability_scales]
    data.append(dict(type="scatter", mode="markers+text", x=markers_x, y=markers_y, text=readings,
                     textposition="bottom right", textfont=dict(size=font_size, color=marker),
                     marker=dict(size=11, color=marker, symbol=symbols,
                                 line=dict(width=1, color="#FFFFFF" if dark else "#000000")),
                     hovertext=hover, hoverinfo="text", showlegend=False, name="current values", cliponaxis=False))
    low, high = -3.0, WIDTH + 8.0  # every dot lies on its scale (see _on_scale)
    row_px = 46 * font_size / 14
    style = chart_style(dark)
    layout = dict(style, font=dict(style["font"], size=font_size),
                  height=int(row_px * len(labels) + 50), margin=dict(l=20, r=20, t=20, b=34),
                  xaxis=dict(range=[low, high], visible=False, fixedrange=True),
                  yaxis=dict(tickvals=ys, ticktext=labels, range=[y - 0.6, -0.3], showgrid=False, zeroline=False,
                             fixedrange=True, automargin=True, ticks=""),
                  hovermode="closest")
    return dict(data=data, layout=layout)
