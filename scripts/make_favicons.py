"""Write the browser-tab icons (ui/favicons/*.svg) from the Material Symbols font that ships with Streamlit.

Streamlit draws a ``:material/...:`` page icon in the tab by fetching an SVG from
fonts.gstatic.com, which fails in a room without internet. The same glyphs are in the
Material Symbols Rounded font inside Streamlit's own static files (Apache License 2.0), so
the app keeps local copies and hands Streamlit a file instead (ui.favicon).

Needs fontTools and brotli, which the app does not: ``pip install fonttools brotli``.
Run: python scripts/make_favicons.py home table_chart ...  (no names: the icons of ui.layout.PAGES)
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "ui" / "favicons"
# Okabe-Ito blue, the app's accent: legible on a light and on a dark tab strip
FILL = "#0072B2"
LICENCE = "Material Symbols Rounded (Google), Apache License 2.0"


def glyphs_by_name(font: TTFont) -> dict[str, str]:
    """Icon name -> glyph name, read from the font's ligatures ("home" typed in the font is the icon)."""
    glyph_to_character = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    names = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    sequence = (first, *ligature.Component)
                    if all(glyph in glyph_to_character for glyph in sequence):
                        names["".join(glyph_to_character[glyph] for glyph in sequence)] = ligature.LigGlyph
    return names


def icon_svg(font: TTFont, glyph: str) -> str:
    """One glyph as a square SVG; the font's y axis points up, SVG's down."""
    size = font["head"].unitsPerEm
    glyph_set = font.getGlyphSet()
    pen = SVGPathPen(glyph_set)
    glyph_set[glyph].draw(TransformPen(pen, (1, 0, 0, -1, 0, size)))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">'
            f"<!-- {LICENCE} -->"
            f'<path fill="{FILL}" d="{pen.getCommands()}"/></svg>\n')


def main() -> None:
    names = sys.argv[1:]
    if not names:
        sys.path.insert(0, str(ROOT))
        from ui.layout import PAGES

        names = [page.icon.removeprefix(":material/").removesuffix(":") for page in PAGES]
    media = Path(streamlit.__file__).parent / "static" / "static" / "media"
    font = TTFont(next(media.glob("MaterialSymbols-Rounded*.woff2")))
    glyphs = glyphs_by_name(font)
    OUTPUT.mkdir(exist_ok=True)
    for name in names:
        (OUTPUT / f"{name}.svg").write_text(icon_svg(font, glyphs[name]), encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(ROOT) / (name + '.svg')}")


if __name__ == "__main__":
    main()
