"""Pure figure builders: results in, figures out. Testable without a server.

The training animation is one Plotly figure with frames, played in the browser by the
player in ui.animation: Play, Pause and the step slider never wait on the server. It is
composed of panels (``binary.py``: feature space, sigmoid, loss, readout), each built by a
function that returns its static traces and its moving traces' values per frame, as plain
dicts of lists (graph objects would validate every property of every frame on each rerun);
``animation.compose`` puts them together. The point clouds and the loss curve are drawn once.
"""

from ui.figures.animation import compose, training_animation
from ui.figures.base import (
    MAX_ANIMATED_POINTS,
    MAX_CURVE_POINTS,
    MAX_FRAMES,
    MAX_OUTLINED_POINTS,
    MAX_STATIC_POINTS,
    READOUT_LINE,
    READOUT_WEIGHTS,
    AnimationContext,
    Panel,
    PathSummary,
    View,
    curve_steps,
    display_sample,
    fill_lines,
    frame_steps,
    model_equation,
    panel,
    readout_text,
    slice_intercepts,
    wrap_terms,
)
from ui.figures.binary import BINARY_PANELS, feature_space_panel, loss_panel, readout_panel, sigmoid_panel
from ui.figures.plain import PlainFigure

__all__ = [
    "BINARY_PANELS", "MAX_ANIMATED_POINTS", "MAX_CURVE_POINTS", "MAX_FRAMES", "MAX_OUTLINED_POINTS",
    "MAX_STATIC_POINTS", "READOUT_LINE", "READOUT_WEIGHTS", "AnimationContext", "Panel", "PathSummary",
    "PlainFigure", "View",
    "compose", "curve_steps", "display_sample", "feature_space_panel", "fill_lines", "frame_steps",
    "loss_panel", "model_equation", "panel", "readout_panel", "readout_text", "sigmoid_panel",
    "slice_intercepts", "training_animation", "wrap_terms",
]
