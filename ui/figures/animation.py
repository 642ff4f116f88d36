"""The training animation: panels composed into one Plotly figure with frames.

:func:`compose` is the one place that tracks trace positions: it lays the panels' traces
side by side and merges their per-frame updates into Plotly frames. The binary layout
(:func:`training_animation`) places the four binary panels on a 2 x 2 grid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from logreg_core import Dataset, TrainingRun
from ui.figures.base import AnimationContext, Panel, PathSummary, View
from ui.figures.binary import BINARY_PANELS
from ui.figures.plain import PlainFigure
from ui.style import ACCURACY_COLOUR, LOSS_COLOUR, log_axis_ticks, styled_layout
from ui.text import plotly_literal

PanelBuilder = Callable[[AnimationContext], Panel]


def compose(panels: Sequence[Panel], frame_names: Sequence[str]) -> tuple[list[dict], list[dict]]:
    """The figure's traces and frames from its panels, in order.

    Parameters
    ----------
    panels : sequence of Panel
        Each with the same number of frames as ``frame_names``.
    frame_names : sequence of str
        The frames' names (the player labels its step slider with them).

    Returns
    -------
    data : list of dict
        Every panel's traces, one after another.
    frames : list of dict
        Plotly frames: ``name``, ``data`` (the moving traces' new values) and ``traces``
        (their positions in ``data``).
    """
    data: list[dict] = []
    moving: list[int] = []
    for part in panels:
        if len(part.frames) != len(frame_names):
            raise ValueError(f"A panel has {len(part.frames)} frames; the figure has {len(frame_names)}.")
        moving += [len(data) + position for position in part.moving]
        data += part.traces
    frames = [
        dict(name=name, data=[update for part in panels for update in part.frames[index]], traces=moving)
        for index, name in enumerate(frame_names)
    ]
    return data, frames


def training_animation(dataset: Dataset, run: TrainingRun, view: View, test: Dataset | None = None,
                       builders: Sequence[PanelBuilder] = BINARY_PANELS, summary: PathSummary | None = None
                       ) -> PlainFigure:
    """The animated figure of a training run: feature space, sigmoid, loss, and a readout.

    Parameters
    ----------
    dataset : Dataset
        The data the run was trained on.
    run : TrainingRun
        Its path on the original feature scale is what is drawn.
    view : View
        Features shown and the threshold; the threshold moves the boundary and the
        class assignments, never the path.
    test : Dataset or None
        Held-out rows: their loss is drawn beside the training loss.
    builders : sequence of panel builders
        The panels, in drawing order (the binary ones by default).
    summary : PathSummary or None
        The run's threshold-free parts, when the caller keeps them (a new threshold then
        costs no pass over the rows); computed for this threshold alone otherwise.

    Returns
    -------
    PlainFigure
        Frames named by their real iteration numbers, the last one shown first.
    """
    context = AnimationContext.build(dataset, run, view, test, summary)
    data, frames = compose([build(context) for build in builders], [str(int(step)) for step in context.steps])
    layout = _animation_layout(dataset, view, context.box, context.z_limit, run.history, context.two_d)
    return PlainFigure(data, layout, frames)


def _loss_axis(log_scale: bool, losses) -> dict:
    """The loss axis: from zero, or logarithmic, where an early spike leaves the rest readable."""
    if log_scale:
        # a short panel: 1, 2 and 5 of each decade only when the curve spans less than one
        return dict(type="log", title=dict(text="loss J (log scale)", font=dict(color=LOSS_COLOUR)),
                    **log_axis_ticks(losses, room_for_decades=1.0))
    return dict(rangemode="tozero", title=dict(text="loss J", font=dict(color=LOSS_COLOUR)))


def _animation_layout(dataset, view, box, z_limit, history, two_d) -> dict:
    font = view.font_size
    names = dataset.feature_names
    x_title = plotly_literal(names[view.features[0]])
    y_title = plotly_literal(names[view.features[1]] if two_d
                             else f"{dataset.target_name} (P of class {dataset.class_names[1]})")
    sliced = two_d and dataset.n_features > 2
    feature_title = "Feature space" + (" (other features at their means)" if sliced else "")
    # The gap between the columns holds the tick labels and titles of the axes that face each
    # other, which grow with the text: at presentation size a 1,280-pixel screen needs more.
    gap = 0.10 * font / 14
    left, right = [0.0, 0.51 - gap / 2], [0.51 + gap / 2, 1.0]
    # Presentation mode's chart is fitted to the screen, 460-1,000 pixels high (see
    # ui.animation): the rows part further so that the top panels' axis titles clear the
    # bottom panels' titles, and the legend's smaller text keeps it to one row at 1,280 pixels.
    large = font > 14
    top, bottom = ([0.63, 1.0], [0.0, 0.36]) if large else ([0.6, 1.0], [0.06, 0.4])
    return styled_layout(dict(
        height=920,
        font=dict(size=font),
        margin=dict(l=60, r=30, t=50 if large else 60, b=40),
        hovermode="closest",
        # a zoom survives threshold and training changes on the same data and features
        uirevision=f"{dataset.fingerprint}:{view.features}",
        legend=dict(orientation="h", x=0.0, y=1.075 if large else 1.08, xanchor="left", yanchor="bottom",
                    font=dict(size=font - 4 if large else font)),
        xaxis=dict(domain=left, range=[box.x0, box.x1], title=dict(text=x_title), anchor="y"),
        yaxis=dict(domain=top, range=[box.y0, box.y1] if two_d else [-0.08, 1.08],
                   title=dict(text=y_title), anchor="x"),
        xaxis2=dict(domain=right, range=[-z_limit * 1.03, z_limit * 1.03],
                    title=dict(text=f"score z = w·x + b (shown within ±{z_limit:.3g})"), anchor="y2"),
        yaxis2=dict(domain=top, range=[-0.05, 1.05], title=dict(text="σ(z) = P(class 1)"), anchor="x2"),
        xaxis3=dict(domain=left, range=[-0.5, max(history.n_steps, 1) + 0.5],
                    title=dict(text="iteration"), anchor="y3"),
        yaxis3=dict(domain=bottom, anchor="x3", **_loss_axis(view.log_loss, history.loss)),
        yaxis4=dict(domain=bottom, range=[0, 1.02], overlaying="y3", side="right", anchor="x3",
                    title=dict(text="accuracy", font=dict(color=ACCURACY_COLOUR)), tickformat=".0%",
                    tickvals=[0, 0.25, 0.5, 0.75, 1.0], showgrid=False),
        xaxis5=dict(domain=right, range=[0, 1], visible=False, anchor="y5", fixedrange=True),
        yaxis5=dict(domain=bottom, range=[0, 1], visible=False, anchor="x5", fixedrange=True),
        annotations=[
            dict(text=feature_title, x=0.0, y=top[1], xref="paper", yref="paper", xanchor="left", yanchor="bottom",
                 showarrow=False, font=dict(size=font + 2)),
            dict(text="The sigmoid at every point's score", x=right[0], y=top[1], xref="paper", yref="paper",
                 xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=font + 2)),
            dict(text="Loss and accuracy per iteration", x=0.0, y=bottom[1], xref="paper", yref="paper",
                 xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=font + 2)),
            dict(text="At this step", x=right[0], y=bottom[1], xref="paper", yref="paper",
                 xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=font + 2)),
        ],
    ), view.dark)
