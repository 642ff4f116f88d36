"""The look shared by every chart: colours, a light or dark template, compact coordinates."""

from __future__ import annotations

import numpy as np

# Okabe-Ito: distinguishable with every common colour-vision deficiency; the class is also
# told by marker shape everywhere.
# Six classes at most are drawn in their own colour and shape (more share them in turn);
# the first two are the binary model's class 0 and class 1.
CLASS_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
CLASS_SYMBOLS = ("circle", "diamond", "square", "triangle-up", "cross", "star")


def class_colour(code: int) -> str:
    """The colour of class ``code`` (colours repeat after six classes; the shape then differs)."""
    return CLASS_COLOURS[code % len(CLASS_COLOURS)]


def class_symbol(code: int) -> str:
    """The marker shape of class ``code``; after six, shapes open ("-open") so that no pair repeats."""
    symbol = CLASS_SYMBOLS[code % len(CLASS_SYMBOLS)]
    return symbol if code < len(CLASS_SYMBOLS) else f"{symbol}-open"


def translucent(colour: str, alpha: float) -> str:
    """A hex colour "#RRGGBB" as rgba with the given opacity, for shaded regions."""
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha:g})"
BOUNDARY_COLOUR = "#CC3311"
THRESHOLD_COLOUR = "#888888"
LOSS_COLOUR = "#009E73"
TEST_LOSS_COLOUR = "#56B4E9"
ACCURACY_COLOUR = "#CC79A7"

# Probability bands shaded behind the points: P(class 1) between consecutive edges.
BAND_EDGES = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
BAND_FILLS = (
    "rgba(0,114,178,0.30)",
    "rgba(0,114,178,0.17)",
    "rgba(0,114,178,0.06)",
    "rgba(230,159,0,0.06)",
    "rgba(230,159,0,0.17)",
    "rgba(230,159,0,0.30)",
)
# the lettering of Streamlit's page, which declares it as "Source Sans"
CHART_FONT = "Source Sans, sans-serif"


def chart_style(dark: bool) -> dict:
    """Layout settings every chart shares: transparent background, legible text, Okabe-Ito colours.

    The charts are drawn with Streamlit's theming off (it restyles the whole figure in the
    browser on every rerun, which tripled the time to repaint), so light and dark are
    handled here.
    """
    text = "#E6E6E6" if dark else "#262730"
    return dict(
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font=dict(color=text, family=CHART_FONT),
        hoverlabel=dict(font=dict(family=CHART_FONT)),
        colorway=[CLASS_COLOURS[0], CLASS_COLOURS[1], LOSS_COLOUR, ACCURACY_COLOUR, BOUNDARY_COLOUR],
    )


def axis_style(dark: bool) -> dict:
    """Grid and axis lines faint enough to sit behind the data on a light or dark page."""
    grid = "rgba(255,255,255,0.14)" if dark else "rgba(0,0,0,0.09)"
    return dict(gridcolor=grid, zerolinecolor=grid, linecolor=grid, tickcolor=grid, automargin=True)


def chart_template(dark: bool) -> dict:
    """The shared style as a small Plotly template, for figures built with go.Figure."""
    return dict(layout=dict(**chart_style(dark), xaxis=axis_style(dark), yaxis=axis_style(dark)))


def styled_layout(layout: dict, dark: bool) -> dict:
    """``layout`` with the shared style written into it, and into each of its axes.

    For figures redrawn on every rerun. Plotly.react counts a template as changed each time
    the figure arrives and redraws everything; with the style inline it redraws only what
    differs.
    """
    shared = chart_style(dark)
    styled = {**shared, **layout}
    for key, value in shared.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            styled[key] = {**value, **layout[key]}
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            styled[key] = {**axis_style(dark), **value}
    return styled


def coordinate_decimals(span: float) -> int:
    """Decimals that resolve 1/10,000 of an axis spanning ``span`` (6 for a span that is 0 or not finite)."""
    return max(0, int(4 - np.floor(np.log10(span)))) if span > 0 and np.isfinite(span) else 6


def compact(values, span: float = 1.0) -> list[float]:
    """Coordinates rounded to 1/10,000 of the axis span: finer than a pixel, and the
    figure's JSON, which the browser parses on every rerun, shrinks by half."""
    return np.round(np.asarray(values, dtype=np.float64), coordinate_decimals(span)).tolist()


def compact_rows(values, span: float = 1.0) -> list[list[float]]:
    """Each row of a 2-D array as :func:`compact` gives it, rounded in one pass (one row per frame).

    Parameters
    ----------
    values : array_like, shape (frames, n)
    """
    return np.round(np.asarray(values, dtype=np.float64), coordinate_decimals(span)).tolist()


def log_axis_ticks(values, room_for_decades: float = 3.0) -> dict:
    """Tick spacing for a logarithmic axis over ``values`` whose labels never run together.

    Over a few decades Plotly labels 2, 3, ... 9 between the powers of ten, which collide
    at presentation size: label 1, 2 and 5 of each decade over up to ``room_for_decades``
    decades (fewer on a short axis), else the powers of ten alone, or every other one.
    """
    values = np.asarray(values, dtype=np.float64)
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size == 0:
        return {}
    decades = float(np.log10(positive.max()) - np.log10(positive.min()))
    return dict(dtick="D2") if decades <= room_for_decades else dict(dtick=1 if decades <= 12 else 2)
