"""PlainFigure: a read-only figure kept as plain dicts, with the Plotly internals it uses.

This is the only module that touches Plotly's private API (the ``_validate`` argument of
``go.Figure`` and ``go.Frame``, and the ``_frame_objs`` attribute behind ``Figure.frames``).
tests/app/test_figures.py checks both against the installed Plotly, so an upgrade that
changes them fails there, by name, instead of somewhere in a page.
"""

from __future__ import annotations

import hashlib
from functools import cached_property

import orjson
import plotly.graph_objects as go

# The private names this module relies on, checked by a test against the installed Plotly.
PLOTLY_PRIVATE_NAMES = ("_validate", "_frame_objs")
_JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


class PlainFigure:
    """A read-only figure that serialises from the plain dicts it was built from.

    Plotly validates every property of every frame when frames go through the
    constructor (about 0.1 s for 100 frames), and even unvalidated, building the graph
    objects of a 1 MB animation takes 20-30 ms that the page never needs: the page sends
    the JSON, made once here. The figure's :attr:`data`, :attr:`layout` and :attr:`frames`
    are Plotly's objects, built unvalidated the first time one is asked for (by tests and
    the HTML export). Do not modify it: build a new one.
    """

    def __init__(self, data: list[dict], layout: dict, frames: list[dict]) -> None:
        # Plotly.react redraws every trace unless a data revision says the arrays are the
        # same, and the player skips a figure it already shows: a digest of them serves both.
        arrays = orjson.dumps({"data": data, "frames": frames}, option=_JSON_OPTIONS)
        layout = {**layout, "datarevision": hashlib.blake2b(arrays, digest_size=12).hexdigest()}
        self._plain = {"data": data, "layout": layout, "frames": frames}
        # the arrays are serialised once: the layout goes in front of them
        self._json_bytes = b'{"layout":' + orjson.dumps(layout, option=_JSON_OPTIONS) + b"," + arrays[1:]

    @property
    def json_bytes(self) -> bytes:
        """The figure as JSON, serialised once, however often it is shown."""
        return self._json_bytes

    def to_dict(self) -> dict:
        """The figure's data, layout and frames as the plain dicts it was built from (do not change them)."""
        return self._plain

    def to_plotly_json(self) -> dict:
        """The figure as Plotly's own functions (``plotly.io.to_html``) take it: :meth:`to_dict`."""
        return self._plain

    @cached_property
    def figure(self) -> go.Figure:
        """The same figure as Plotly's graph objects, unvalidated, built on first use."""
        plain = self._plain
        figure = go.Figure(data=plain["data"], layout=plain["layout"], _validate=False)
        figure._frame_objs = tuple(go.Frame(frame, _validate=False) for frame in plain["frames"])
        return figure

    @property
    def data(self):
        return self.figure.data

    @property
    def layout(self):
        return self.figure.layout

    @property
    def frames(self):
        return self.figure.frames
