"""Files to download: tables as CSV and JSON, predictions, the animation as standalone HTML."""

from __future__ import annotations

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
        frame.index = [neutralise_formula(str(label)) for label in frame.index]
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


def animation_html(figure, title: str) -> bytes:
    """The animation as one HTML file with plotly.js inside: it plays offline, in slides too."""
    html = plotly.io.to_html(
        figure, include_plotlyjs=True, full_html=True, auto_play=False,
        config={"displaylogo": False}, default_width="100%", default_height="920px",
    )
    return html.replace("<head>", f"<head><title>{title}</title>", 1).encode("utf-8")
