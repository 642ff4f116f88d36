"""PlainFigure: a read-only Plotly figure that skips validation, with the Plotly internals it uses.

This is the only module that touches Plotly's private API (the ``_validate`` argument of
``go.Figure`` and ``go.Frame``, and the ``_frame_objs`` attribute behind ``Figure.frames``).
tests/app/test_figures.py checks both against the installed Plotly, so an upgrade that
changes them fails there, by name, instead of somewhere in a page.
"""

from __future__ import annotations

import hashlib

import orjson
import plotly.graph_objects as go

# The private names this module relies on, checked by a test against the installed Plotly.
PLOTLY_PRIVATE_NAMES = ("_validate", "_frame_objs")


class PlainFigure(go.Figure):
    """A read-only go.Figure that serialises from the plain dicts it was built from.

    Plotly validates every property of every frame when frames go through the
    constructor (about 0.1 s for 100 frames), and ``to_dict`` deep-copies the whole figure
    (20-40 ms). This figure is built fresh from dicts written against Plotly's schema and
    never changed afterwards, so it hands those dicts out as they are, and its JSON is
    made once. Do not modify it: build a new one.
    """

    def __init__(self, data: list[dict], layout: dict, frames: list[dict]) -> None:
        super().__init__(data=data, layout=layout, _validate=False)
        # Plotly.react redraws every trace unless a data revision says the arrays are the
        # same, and the player skips a figure it already shows: a digest of them serves both.
        digest = hashlib.blake2b(orjson.dumps([data, frames], option=orjson.OPT_SERIALIZE_NUMPY), digest_size=12)
        layout = {**layout, "datarevision": digest.hexdigest()}
        self._plain = {"data": data, "layout": layout, "frames": frames}
        self._frame_objs = tuple(go.Frame(frame, _validate=False) for frame in frames)
        self._json_bytes = orjson.dumps(self._plain, option=orjson.OPT_SERIALIZE_NUMPY)

    @property
    def json_bytes(self) -> bytes:
        """The figure as JSON, serialised once, however often it is shown."""
        return self._json_bytes

    def to_dict(self) -> dict:
        return self._plain
