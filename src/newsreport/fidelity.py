"""Copy and search fidelity: which text each glyph of the PDF stands for.

WeasyPrint 70 gives every glyph the text of its first occurrence (Kozea/WeasyPrint#2841). Arabic
fonts share glyphs between letters (ي and ی, ك and ک in initial forms) and between contexts,
and a glyph first met inside a ligature or mark cluster can map to nothing at all; every later
occurrence then copies wrongly. Here each glyph takes the most frequent non-empty text it
stood for in the document. A full fix (one glyph copy per distinct text) is future work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MAX_GLYPH_TEXT = 32
"""Longest text one glyph may stand for (ﷺ is 18 letters; a CMap entry allows 256)."""


class MajorityText(dict):  # type: ignore[type-arg]
    """A glyph → text map that keeps, per glyph, its most frequent non-empty text."""

    __slots__ = ("counts",)

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[int, Counter[str]] = {}

    def __contains__(self, key: object) -> bool:
        # WeasyPrint asks before mapping a glyph; saying no makes it report every occurrence.
        return False

    def __setitem__(self, key: int, value: str) -> None:
        # A CMap entry holds at most 512 bytes; a real ligature stands for a few letters.
        value = value[:MAX_GLYPH_TEXT]
        counts = self.counts.setdefault(key, Counter())
        counts[value] += 1
        best = max(counts.items(), key=lambda item: (bool(item[0]), item[1]))[0]
        # Stored in the dict itself: WeasyPrint copies the map with {**map}, which reads storage.
        super().__setitem__(key, best)


@contextmanager
def majority_glyph_text() -> Iterator[None]:
    """While active, PDF fonts WeasyPrint creates map glyphs to their most frequent text."""
    from weasyprint.pdf import fonts

    original = fonts.Font.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.to_unicode = MajorityText()

    fonts.Font.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        fonts.Font.__init__ = original  # type: ignore[method-assign]
