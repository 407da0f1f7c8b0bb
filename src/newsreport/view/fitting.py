"""Running heads cut to fit their margin box, measured with the bundled fonts (HarfBuzz).

A margin box clips what overflows it. A left-to-right head in a right-to-left document
overflows at its start, so a long English title would print without its first words: heads
are measured as WeasyPrint will set them (the document's font stack, shaped) and cut at a word,
with an ellipsis, before they can overflow.
"""

from __future__ import annotations

from functools import lru_cache

from .._resources import FONT_FILES, FONT_STACKS, fonts_dir

HEAD_STACKS = {"arabic": "latin"}
"""The stack running heads are set in, where it is not the document script's own (print.css):
Arabic letters still come from Amiri, the first face of that stack to have them."""
MARGIN = 0.96
"""Share of the box a head may fill: room for rounding and shaping differences."""


@lru_cache(maxsize=16)
def bundled_font(family: str, bold: bool):  # type: ignore[no-untyped-def]
    """A bundled face as HarfBuzz sees it, and its units per em (bold falls back to the
    regular face where a family has only one)."""
    import uharfbuzz as hb

    weight = 700 if bold else 400
    faces = {
        face_weight: path for face_family, face_weight, path in FONT_FILES if face_family == family
    }
    relative = faces.get(weight) or faces[400]
    face = hb.Face((fonts_dir() / relative).read_bytes())
    return hb.Font(face), face.upem


def advances(text: str, script: str, size_pt: float, bold: bool) -> list[float]:
    """The width in points each character of ``text`` takes, set in the document's font stack
    for ``script`` (shaped: a glyph's advance goes to the first character of its cluster)."""
    import uharfbuzz as hb

    families = FONT_STACKS.get(HEAD_STACKS.get(script, script), FONT_STACKS["latin"])
    stack = [bundled_font(family, bold) for family in families]
    runs: list[tuple[int, int, int]] = []  # font, start, end
    for position, char in enumerate(text):
        index = next(
            (i for i, (font, _) in enumerate(stack) if font.get_nominal_glyph(ord(char))), 0
        )
        if runs and runs[-1][0] == index:
            runs[-1] = (index, runs[-1][1], position + 1)
        else:
            runs.append((index, position, position + 1))
    widths = [0.0] * len(text)
    for index, start, end in runs:
        font, upem = stack[index]
        buffer = hb.Buffer()
        buffer.add_str(text[start:end])
        buffer.guess_segment_properties()
        hb.shape(font, buffer)
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            widths[start + info.cluster] += position.x_advance / upem * size_pt
    return widths


def text_width(text: str, script: str, size_pt: float, bold: bool) -> float:
    """Width in points of ``text`` set in the document's font stack for ``script``."""
    return sum(advances(text, script, size_pt, bold))


def fit(text: str, width_pt: float, script: str, size_pt: float, bold: bool) -> str:
    """``text``, or as many of its first words as fit with "…", in ``width_pt``."""
    room = width_pt * MARGIN
    widths = advances(text, script, size_pt, bold)
    if sum(widths) <= room:
        return text
    room -= text_width("…", script, size_pt, bold)
    prefix = [0.0]
    for width in widths:
        prefix.append(prefix[-1] + width)
    cuts = [i for i, char in enumerate(text) if char == " " and i > 0]
    for cut in reversed(cuts):
        kept = text[:cut].rstrip(" ،,؛;:-–—…")
        if prefix[len(kept)] <= room:
            return kept + "…"
    cut = len(text)
    while cut > 1 and prefix[cut] > room:
        cut -= 1
    return text[:cut] + "…"
