"""The training animation's player: one Plotly chart with its own Play, Pause, speed and step controls.

Streamlit's own chart element is replaced by a new one, drawn from scratch, whenever its
figure changes, so every move of the threshold redrew all four panels and Plotly's SVG
slider. The player stays on the page across reruns: a new figure is handed to
``Plotly.react``, which redraws in place, and the controls are plain HTML, which costs
nothing to keep. Playback, scrubbing and the speed run in the browser and never send a
message to the server.

Plotly.js itself comes from the installed ``plotly`` package, whose files are served as
a second component beside the player; the player's page loads it from there.
"""

from __future__ import annotations

from pathlib import Path

import plotly
import streamlit.components.v1 as components

from ui.figures import PlainFigure

PLAYER_DIRECTORY = Path(__file__).parent / "animation_player"
PLOTLY_JS_DIRECTORY = Path(plotly.__file__).parent / "package_data"
# the controls under the chart: one row of buttons, the step slider and the speed
CONTROLS_HEIGHT = 64
# milliseconds per frame; at the normal speed 100 frames play in 6 s
SPEEDS = (("Slow", 200), ("Normal", 60), ("Fast", 15))
DEFAULT_SPEED = "Normal"
# A chart fitted to the screen leaves this many pixels above it for Streamlit's toolbar
# and the page's top margin in presentation mode (ui.layout.PRESENTATION_STYLE), and is
# never shorter than the minimum, where its four panels would be too flat to read.
FIT_OFFSET = 64
MIN_FITTED_HEIGHT = 460

_player = components.declare_component("player", path=str(PLAYER_DIRECTORY))
# Streamlit's name for the player ("ui.animation.player"): the title of its frame in the page
PLAYER_NAME = _player.name
# Never drawn: declared so that Streamlit serves plotly.min.js at a path beside the player
# (the player's index.html names this component's path).
components.declare_component("plotly_js", path=str(PLOTLY_JS_DIRECTORY))


def show_animation(figure: PlainFigure, key: str, fit_screen: bool = False) -> None:
    """Draw ``figure`` in the player; with the same ``key`` on the next rerun it is redrawn in place.

    The figure travels as its JSON bytes (made once per cached figure) with its data
    revision, so the browser parses it once and skips figures it already shows.

    With ``fit_screen`` (presentation mode) the chart takes the window's height, less the
    toolbar above and the controls below, so that the chart and Play are seen together, and
    Space plays and pauses.
    """
    layout = figure.to_dict()["layout"]
    _player(
        figure=figure.json_bytes,
        revision=layout["datarevision"],
        font_size=layout["font"]["size"],
        speeds=[(label, milliseconds, label == DEFAULT_SPEED) for label, milliseconds in SPEEDS],
        fit_screen=fit_screen,
        fit_offset=FIT_OFFSET,
        min_height=MIN_FITTED_HEIGHT,
        space_key=fit_screen,
        height=(MIN_FITTED_HEIGHT if fit_screen else int(layout["height"])) + CONTROLS_HEIGHT,
        key=key,
        default=None,
    )
