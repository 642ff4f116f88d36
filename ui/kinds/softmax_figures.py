"""Figures of the softmax concept page: scores against probabilities, and the cost of one point."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from logreg_core import softmax
from ui.style import LOSS_COLOUR, THRESHOLD_COLOUR, chart_template, class_colour


def softmax_bars_figure(scores, true_class: int, font_size: int = 14, dark: bool = False) -> go.Figure:
    """Each class's score and its softmax probability, side by side; the true class outlined."""
    scores = np.asarray(scores, dtype=np.float64)
    probability = softmax(scores)
    labels = [f"class {k + 1}" for k in range(scores.size)]
    colours = [class_colour(k) for k in range(scores.size)]
    outline = ["#CC3311" if k == true_class else "rgba(0,0,0,0)" for k in range(scores.size)]
    data = [
        dict(type="bar", x=labels, y=scores.tolist(), marker=dict(color=colours), name="score z",
             text=[f"{value:.2f}" for value in scores], textposition="outside", xaxis="x", yaxis="y",
             showlegend=False),
        dict(type="bar", x=labels, y=probability.tolist(), name="probability p",
             marker=dict(color=colours, line=dict(color=outline, width=4)),
             text=[f"{value:.3f}" for value in probability], textposition="outside", xaxis="x2", yaxis="y2",
             showlegend=False),
    ]
    low, high = min(0.0, float(scores.min())), max(0.0, float(scores.max()))
    pad = 0.15 * (high - low or 1.0)
    layout = dict(template=chart_template(dark), height=380, font=dict(size=font_size),
                  margin=dict(l=60, r=20, t=50, b=40),
                  xaxis=dict(domain=[0, 0.45]), yaxis=dict(title=dict(text="score z"), range=[low - pad, high + pad]),
                  xaxis2=dict(domain=[0.55, 1], anchor="y2"),
                  yaxis2=dict(title=dict(text="softmax probability p"), range=[0, 1.12], anchor="x2"),
                  annotations=[dict(text="Scores", x=0, y=1.02, xref="paper", yref="paper", showarrow=False,
                                    xanchor="left", yanchor="bottom", font=dict(size=font_size + 2)),
                               dict(text="Probabilities (they sum to 1)", x=0.55, y=1.02, xref="paper",
                                    yref="paper", showarrow=False, xanchor="left", yanchor="bottom",
                                    font=dict(size=font_size + 2))])
    return go.Figure(data=data, layout=layout)


def cost_curve_figure(p_true: float, font_size: int = 14, dark: bool = False) -> go.Figure:
    """−log p against p, with the chosen point's probability of its true class marked."""
    grid = np.linspace(0.005, 1.0, 200)
    data = [dict(type="scatter", mode="lines", x=grid.tolist(), y=(-np.log(grid)).tolist(), name="−log p",
                 line=dict(color=LOSS_COLOUR, width=3)),
            dict(type="scatter", mode="markers", x=[p_true], y=[float(-np.log(max(p_true, 1e-300)))],
                 name="this point", marker=dict(color="#CC3311", size=14, line=dict(width=2, color="white")))]
    layout = dict(template=chart_template(dark), height=320, font=dict(size=font_size),
                  margin=dict(l=60, r=20, t=20, b=50), showlegend=False,
                  xaxis=dict(range=[0, 1.02], title=dict(text="p, the probability of the true class")),
                  yaxis=dict(range=[0, 5.5], title=dict(text="cost −log p")),
                  shapes=[dict(type="line", x0=0, x1=1, y0=0, y1=0, line=dict(color=THRESHOLD_COLOUR, width=1))])
    return go.Figure(data=data, layout=layout)
