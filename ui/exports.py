"""Files to download: tables as CSV and JSON, predictions, the animation as standalone HTML."""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd
import plotly.io

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, so spreadsheets detect the encoding) with text cells,
    column names and index labels neutralised; numbers stay numbers, negative ones too."""
    frame = frame.copy()
    frame.columns = [neutralise_formula(str(name)) for name in frame.columns]
    keep_index = not isinstance(frame.index, pd.RangeIndex)
    if keep_index:
        index_name = None if frame.index.name is None else neutralise_formula(str(frame.index.name))
        frame.index = pd.Index([neutralise_formula(str(label)) for label in frame.index], name=index_name)
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
    return ("\ufeff" + frame.to_csv(index=keep_index)).encode("utf-8")


def table_json(frame: pd.DataFrame) -> bytes:
    """A table as JSON: one object per row, keyed by the index; non-finite numbers as null."""
    records = {
        str(index): {column: (None if not np.isfinite(value) else float(value)) for column, value in row.items()}
        for index, row in frame.iterrows()
    }
    return json.dumps(records, indent=2, ensure_ascii=False).encode("utf-8")


# The exported animation's policy: its own inline script and styles run, and it can reach
# nothing else: no request leaves the file when it is opened, whatever a dataset's names hold.
EXPORT_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'"
)


def animation_html(figure, title: str) -> bytes:
    """The animation as one HTML file with plotly.js inside: it plays offline, in slides too.

    ``title`` (a dataset's name, chosen by whoever uploaded it) is escaped, and a content
    security policy in the file keeps it from fetching or sending anything.
    """
    page = plotly.io.to_html(
        figure, include_plotlyjs=True, full_html=True, auto_play=False,
        config={"displaylogo": False}, default_width="100%", default_height="920px",
    )
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(EXPORT_CONTENT_SECURITY_POLICY)}">'
        f"<title>{html.escape(title)}</title>"
    )
    # after the character set, which must come first for the title's letters to be read right
    charset = '<meta charset="utf-8" />'
    anchor = charset if charset in page else "<head>"
    return page.replace(anchor, anchor + head, 1).encode("utf-8")
