"""Browser-tab icons served by the app itself.

Given a ``:material/name:`` page icon, Streamlit has the browser fetch the icon from
fonts.gstatic.com; in a lecture room without internet that request fails on every page.
Given an SVG file, it sends the icon inside the page config instead. The files in
``ui/favicons`` are the same Material Symbols glyphs, taken from the font Streamlit ships
(``scripts/make_favicons.py`` writes them).
"""

from __future__ import annotations

from pathlib import Path

FAVICON_DIRECTORY = Path(__file__).parent / "favicons"
# the tab icon of a page whose icon has no local copy: still local, never fetched
FALLBACK_ICON = "show_chart"


def favicon(icon: str) -> Path:
    """The local SVG for a page icon such as ``":material/home:"`` (the fallback icon's if there is none).

    Parameters
    ----------
    icon : str
        A Material Symbols short code, ``":material/<name>:"``.

    Returns
    -------
    Path
        An SVG file to pass to ``st.set_page_config(page_icon=...)``.
    """
    name = icon.removeprefix(":material/").removesuffix(":")
    path = FAVICON_DIRECTORY / f"{name}.svg"
    return path if path.is_file() else FAVICON_DIRECTORY / f"{FALLBACK_ICON}.svg"
