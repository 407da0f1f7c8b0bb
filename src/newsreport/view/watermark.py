"""The classification watermark as drawing, not text: shaped with HarfBuzz in the bundled
bold face and written as SVG outlines, so that it is printed on every page but is never part
of what readers copy or search (a text watermark copies into every page's text)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from xml.sax.saxutils import quoteattr

from .fitting import bundled_font

FAMILIES = {"arabic": "Amiri", "hebrew": "Frank Ruhl Libre", "latin": "Noto Serif"}


def _script(text: str) -> str:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "AL":
            return "arabic"
        if kind == "R":
            return "hebrew"
    return "latin"


@lru_cache(maxsize=16)
def watermark_svg(text: str, size_pt: float, color: str = "#a3141e") -> str:
    """An SVG (``size_pt`` high type) drawing ``text`` as outlines; empty for no text."""
    import uharfbuzz as hb
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    text = " ".join(text.split())
    if not text:
        return ""
    font, upem = bundled_font(FAMILIES[_script(text)], bold=True)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    ascent, descent = upem * 0.95, upem * 0.35  # room for marks above and below
    pen = SVGPathPen(None)
    x = 0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        origin = (x + position.x_offset, ascent - position.y_offset)
        font.draw_glyph_with_pen(info.codepoint, TransformPen(pen, (1, 0, 0, -1, *origin)))
        x += position.x_advance
    width, height = max(x, 1), ascent + descent
    scale = size_pt / upem
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * scale:.1f}pt" '
        f'height="{height * scale:.1f}pt" viewBox="0 0 {width} {height:.0f}" aria-hidden="true">'
        f"<path fill={quoteattr(color)} d={quoteattr(pen.getCommands())}/></svg>"
    )
