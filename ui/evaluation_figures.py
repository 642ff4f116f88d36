"""Figures of the Evaluate page: ROC and precision-recall curves, metrics against the threshold."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from logreg_core import ThresholdSweep
from logreg_core.metrics import average_precision, roc_auc
from ui.style import (
    ACCURACY_COLOUR,
    BOUNDARY_COLOUR,
    CLASS_COLOURS,
    LOSS_COLOUR,
    TEST_LOSS_COLOUR,
    THRESHOLD_COLOUR,
    chart_template,
    compact,
)

PART_STYLES = {"training": dict(dash="solid", width=3), "test": dict(dash="dash", width=3)}

# A curve over a million rows has up to a million vertices: drawn, the browser receives tens of
# megabytes for a line a few hundred pixels long. A grid of 1/1000 of each axis is under a pixel.
CURVE_RESOLUTION = 1000
MAX_CURVE_VERTICES = 4000


def curve_vertices(*columns: NDArray[np.float64], resolution: int = CURVE_RESOLUTION,
                   max_vertices: int = MAX_CURVE_VERTICES) -> NDArray[np.int64]:
    """Indices of the vertices worth drawing of a curve whose coordinates lie in [0, 1].

    The plane is cut into cells of 1/``resolution`` of each axis; of every run of consecutive
    vertices in one cell, the first and the last are kept. What is dropped lies inside a cell
    that the kept line passes through, so the drawn curve moves by less than a cell (a straight
    or a step line alike). The grid is coarsened until at most ``max_vertices`` remain.

    Parameters
    ----------
    *columns : ndarray, each shape (n,)
        One per coordinate (x, y, and any other curve drawn over the same x). NaN counts as a
        value of its own.
    resolution : int
    max_vertices : int

    Returns
    -------
    ndarray of int, shape (k,), increasing
        Always the first and the last vertex; every vertex when n is at most ``max_vertices``.
    """
    n = columns[0].size
    if n <= max_vertices:
        return np.arange(n)
    values = [np.clip(np.nan_to_num(np.asarray(column, dtype=np.float64), nan=-1.0, posinf=2.0, neginf=-1.0),
                      -1.0, 2.0) for column in columns]
    while True:
        moved = np.zeros(n - 1, dtype=bool)
        for column in values:
            cell = np.floor(column * resolution)
            moved |= cell[1:] != cell[:-1]
        keep = np.zeros(n, dtype=bool)
        keep[[0, -1]] = True
        keep[1:] |= moved  # first vertex in a new cell
        keep[:-1] |= moved  # last vertex in the old one
        if np.count_nonzero(keep) <= max_vertices or resolution <= 2:
            return np.flatnonzero(keep)
        resolution //= 2


def roc_pr_figure(sweeps: dict[str, ThresholdSweep], threshold: float, font_size: int = 14, dark: bool = False) -> go.Figure:
    """ROC and precision-recall curves side by side, a marker at the current threshold on each.

    Parameters
    ----------
    sweeps : dict of part name ("training", "test") to ThresholdSweep
    threshold : float
    """
    data: list[dict] = []
    for part, sweep in sweeps.items():
        style = PART_STYLES.get(part, PART_STYLES["training"])
        at = int(np.searchsorted(-sweep.thresholds, -threshold, side="right")) - 1  # last t' >= t
        colour = LOSS_COLOUR if part == "training" else TEST_LOSS_COLOUR
        fpr, tpr, precision = sweep.fpr, sweep.tpr, np.nan_to_num(sweep.precision)
        roc = curve_vertices(fpr, tpr)
        pr = 1 + curve_vertices(tpr[1:], precision[1:])
        data += [
            dict(type="scatter", mode="lines", x=compact(fpr[roc]), y=compact(tpr[roc]),
                 name=f"ROC, {part} (AUC {roc_auc(sweep):.3f})", line=dict(color=colour, **style),
                 xaxis="x", yaxis="y"),
            dict(type="scatter", mode="markers", x=[float(sweep.fpr[at])], y=[float(sweep.tpr[at])],
                 name=f"t = {threshold:g}, {part}", showlegend=False,
                 marker=dict(color=BOUNDARY_COLOUR, size=13, symbol="circle", line=dict(width=2, color="white")),
                 xaxis="x", yaxis="y"),
            dict(type="scatter", mode="lines", x=compact(tpr[pr]), y=compact(precision[pr]),
                 name=f"precision-recall, {part} (AP {average_precision(sweep):.3f})",
                 line=dict(color=colour, shape="hv", **style), xaxis="x2", yaxis="y2"),
            dict(type="scatter", mode="markers", x=[float(sweep.tpr[at])],
                 y=[float(np.nan_to_num(sweep.precision[at]))], showlegend=False,
                 marker=dict(color=BOUNDARY_COLOUR, size=13, line=dict(width=2, color="white")),
                 xaxis="x2", yaxis="y2"),
        ]
    data.append(dict(type="scatter", mode="lines", x=[0, 1], y=[0, 1], name="chance", showlegend=False,
                     line=dict(color=THRESHOLD_COLOUR, dash="dot", width=1), hoverinfo="skip", xaxis="x", yaxis="y"))
    # The legend sits at the top of the figure, in a margin kept for two rows of it above the
    # panels' titles: below the panels it ran over the axis titles, whose height grows with the text.
    top = int(font_size * 1.5 * 2 + font_size * 2 + 12)
    layout = dict(
        template=chart_template(dark), height=390 + top, font=dict(size=font_size),
        margin=dict(l=60, r=20, t=top, b=50),
        legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="top", yref="container"),
        xaxis=dict(domain=[0, 0.45], range=[-0.01, 1.01], title=dict(text="false-positive rate (1 − specificity)")),
        yaxis=dict(range=[-0.01, 1.02], title=dict(text="true-positive rate (recall)")),
        xaxis2=dict(domain=[0.55, 1], range=[-0.01, 1.01], title=dict(text="recall"), anchor="y2"),
        yaxis2=dict(range=[-0.01, 1.02], title=dict(text="precision"), anchor="x2"),
        annotations=[
            dict(text="ROC curve", x=0, y=1.0, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
                 showarrow=False, font=dict(size=font_size + 2)),
            dict(text="Precision-recall curve", x=0.55, y=1.0, xref="paper", yref="paper", xanchor="left",
                 yanchor="bottom", showarrow=False, font=dict(size=font_size + 2)),
        ],
    )
    return go.Figure(data=data, layout=layout)


def metrics_by_threshold_figure(sweep: ThresholdSweep, threshold: float, font_size: int = 14, dark: bool = False) -> go.Figure:
    """Accuracy, precision, recall, specificity and F1 against the threshold, a line at the current one."""
    finite = np.isfinite(sweep.thresholds)
    t = sweep.thresholds[finite]
    curves = {
        "accuracy": (sweep.accuracy[finite], ACCURACY_COLOUR, "solid"),
        "precision": (np.nan_to_num(sweep.precision[finite], nan=np.nan), CLASS_COLOURS[0], "dash"),
        "recall": (sweep.tpr[finite], CLASS_COLOURS[1], "dot"),
        "specificity": (1 - sweep.fpr[finite], LOSS_COLOUR, "dashdot"),
        "F1": (sweep.f1[finite], BOUNDARY_COLOUR, "longdash"),
    }
    # one set of vertices for the five curves, so that each keeps every change of its own
    shown = curve_vertices(t, *(values for values, _, _ in curves.values()), max_vertices=2 * MAX_CURVE_VERTICES)
    data = [
        dict(type="scatter", mode="lines", x=compact(t[shown]), y=compact(values[shown]), name=name,
             line=dict(color=colour, dash=dash, width=3, shape="hv"))
        for name, (values, colour, dash) in curves.items()
    ]
    layout = dict(
        template=chart_template(dark), height=380, font=dict(size=font_size), margin=dict(l=60, r=20, t=30, b=50),
        xaxis=dict(range=[0, 1], title=dict(text="threshold t")), yaxis=dict(range=[-0.02, 1.02], tickformat=".0%"),
        legend=dict(orientation="h", x=0, y=1.02, xanchor="left", yanchor="bottom"),
        shapes=[dict(type="line", x0=threshold, x1=threshold, y0=0, y1=1, yref="paper",
                     line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash"))],
        annotations=[dict(x=threshold, y=1, yref="paper", text=f"t = {threshold:g}", showarrow=False,
                          xanchor="left", yanchor="top", font=dict(size=font_size))],
    )
    return go.Figure(data=data, layout=layout)
