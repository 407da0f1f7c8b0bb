"""Running heads cut to fit their margin box, measured with the bundled fonts (HarfBuzz).

A margin box clips what overflows it. A left-to-right head in a right-to-left document
overflows at its start, so a long English title would print without its first words: heads
are measured as WeasyPrint will set them (the document's font stack, shaped) and cut at a word,
with an ellipsis, before they can overflow.
"""

from __future__ import annotations

from functools import lru_cache

from .resources import fonts_dir

_FACES = {
    ("arabic", False): "amiri/Amiri-Regular.ttf",
    ("arabic", True): "amiri/Amiri-Bold.ttf",
    ("latin", False): "noto-serif/NotoSerif-Regular.ttf",
    ("latin", True): "noto-serif/NotoSerif-Bold.ttf",
    ("hebrew", False): "frank-ruhl-libre/FrankRuhlLibre-Regular.ttf",
    ("hebrew", True): "frank-ruhl-libre/FrankRuhlLibre-Bold.ttf",
}
_STACKS = {
    "arabic": ("arabic", "latin", "hebrew"),
    "latin": ("latin", "arabic", "hebrew"),
    "hebrew": ("hebrew", "latin", "arabic"),
}
"""The font stacks of ``print.css``, by the document's script."""

MARGIN = 0.96
"""Share of the box a head may fill: room for rounding and shaping differences."""


@lru_cache(maxsize=8)
def _font(script: str, bold: bool):  # type: ignore[no-untyped-def]
    import uharfbuzz as hb

    face = hb.Face((fonts_dir() / _FACES[script, bold]).read_bytes())
    return hb.Font(face), face.upem


def text_width(text: str, script: str, size_pt: float, bold: bool) -> float:
    """Width in points of ``text`` set in the document's font stack for ``script``."""
    import uharfbuzz as hb

    stack = [_font(name, bold) for name in _STACKS.get(script, _STACKS["latin"])]
    runs: list[tuple[int, str]] = []
    for char in text:
        index = next(
            (i for i, (font, _) in enumerate(stack) if font.get_nominal_glyph(ord(char))), 0
        )
        if runs and runs[-1][0] == index:
            runs[-1] = (index, runs[-1][1] + char)
        else:
            runs.append((index, char))
    width = 0.0
    for index, run in runs:
        font, upem = stack[index]
        buffer = hb.Buffer()
        buffer.add_str(run)
        buffer.guess_segment_properties()
        hb.shape(font, buffer)
        width += sum(position.x_advance for position in buffer.glyph_positions) / upem
    return width * size_pt


def fit(text: str, width_pt: float, script: str, size_pt: float, bold: bool) -> str:
    """``text``, or as many of its first words as fit with "…", in ``width_pt``."""
    room = width_pt * MARGIN
    if text_width(text, script, size_pt, bold) <= room:
        return text
    words = text.rstrip("…").split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ،,؛;:-–—") + "…"
        if text_width(candidate, script, size_pt, bold) <= room:
            return candidate
    cut = words[0]
    while len(cut) > 1 and text_width(cut + "…", script, size_pt, bold) > room:
        cut = cut[:-1]
    return cut + "…"
