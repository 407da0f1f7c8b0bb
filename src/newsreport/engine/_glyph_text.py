"""Copy and search fidelity: which text each glyph of the PDF stands for.

WeasyPrint 70 gives every glyph the text of its first occurrence (Kozea/WeasyPrint#2841). Arabic
fonts share glyphs between letters (ي and ی, ك and ک in initial forms) and between contexts,
and a glyph first met inside a ligature or mark cluster can map to nothing at all; every later
occurrence then copies wrongly. Here each glyph takes the most frequent non-empty text it
stood for in the document. A full fix (one glyph copy per distinct text) is future work.
"""

from __future__ import annotations

MAX_GLYPH_TEXT = 32
"""Longest text one glyph may stand for (ﷺ is 18 letters; a CMap entry allows 256)."""


class MajorityText(dict):  # type: ignore[type-arg]
    """A glyph → text map that keeps, per glyph, its most frequent non-empty text."""

    __slots__ = ("counts",)

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[int, dict[str, int]] = {}

    def __contains__(self, key: object) -> bool:
        # WeasyPrint asks before mapping a glyph; saying no makes it report every occurrence.
        return False

    def __setitem__(self, key: int, value: str) -> None:
        # A CMap entry holds at most 512 bytes; a real ligature stands for a few letters.
        value = value[:MAX_GLYPH_TEXT]
        counts = self.counts.get(key)
        if counts is None:
            self.counts[key] = {value: 1}
            # Stored in the dict itself: WeasyPrint copies the map with {**map}, which reads
            # the storage, not __getitem__.
            super().__setitem__(key, value)
            return
        counts[value] = counts.get(value, 0) + 1
        if value != dict.__getitem__(self, key):  # the usual case (same text) costs nothing more
            super().__setitem__(key, best_text(counts))


GlyphTexts = dict[str, dict[int, dict[str, int]]]
"""Font file hash → glyph id → text → how often the glyph stood for it."""


def merge_glyph_texts(parts: list[GlyphTexts]) -> GlyphTexts:
    """Glyph text counts of several documents, added up."""
    merged: GlyphTexts = {}
    for part in parts:
        add_glyph_texts(merged, part)
    return merged


def add_glyph_texts(into: GlyphTexts, part: GlyphTexts) -> None:
    """Add one document's glyph text counts to ``into``."""
    for font, glyphs in part.items():
        target = into.setdefault(font, {})
        for glyph, counts in glyphs.items():
            slot = target.setdefault(glyph, {})
            for text, count in counts.items():
                slot[text] = slot.get(text, 0) + count


def best_text(counts: dict[str, int]) -> str:
    """The most frequent non-empty text (ties: the first met)."""
    return max(counts.items(), key=lambda item: (bool(item[0]), item[1]))[0]
