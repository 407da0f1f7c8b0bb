"""Copy and search fidelity: which text each glyph of the PDF stands for.

WeasyPrint 70 gives every glyph the text of its first occurrence (Kozea/WeasyPrint#2841). Arabic
fonts share glyphs between letters (ي and ی, ك and ک in initial forms) and between contexts,
and a glyph first met inside a ligature or mark cluster can map to nothing at all; every later
occurrence then copies wrongly. Here each glyph takes the most frequent non-empty text it
stood for in the document. A full fix (one glyph copy per distinct text) is future work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

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


@contextmanager
def majority_glyph_text(*, subset: bool = True) -> Iterator[list[Any]]:
    """While active, PDF fonts WeasyPrint creates map glyphs to their most frequent text.

    Yields the list of fonts created, so their glyph counts can be merged across documents.
    With ``subset=False`` the fonts are embedded whole (with the shaped text map all the same),
    to be subset once when separately rendered parts are assembled.
    """
    from weasyprint.pdf import fonts

    created: list[Any] = []
    original_init = fonts.Font.__init__
    original_subset = fonts.Font.subset

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.to_unicode = MajorityText()
        created.append(self)

    def keep_whole(self: Any, to_unicode: Any, hinting: Any) -> None:
        # Bundled fonts travel as a stub naming the file; the assembly embeds the subset.
        key = font_file_hash(self.file_content)
        self.newsreport_hash = key
        if key in bundled_font_files() and not (self.png or self.svg or self.colr):
            self.file_content = FONT_STUB + key.encode("ascii")

    fonts.Font.__init__ = init  # type: ignore[method-assign]
    if not subset:
        fonts.Font.subset = keep_whole  # type: ignore[method-assign]
    try:
        yield created
    finally:
        fonts.Font.__init__ = original_init  # type: ignore[method-assign]
        fonts.Font.subset = original_subset  # type: ignore[method-assign]


FONT_STUB = b"newsreport-font:"
"""What a part embeds instead of a bundled font file: this prefix and the file's hash."""


@cache
def bundled_font_files() -> dict[str, bytes]:
    """The bundled font files by hash (see ``font_file_hash``)."""
    from .._resources import fonts_dir

    files = {}
    for path in sorted(fonts_dir().rglob("*")):
        if path.suffix.lower() in (".ttf", ".otf"):
            content = path.read_bytes()
            files[font_file_hash(content)] = content
    return files


GlyphTexts = dict[str, dict[int, dict[str, int]]]
"""Font file hash → glyph id → text → how often the glyph stood for it."""


def font_file_hash(content: bytes) -> str:
    """How fonts are matched across separately written PDFs: by their file's bytes."""
    return hashlib.sha256(content).hexdigest()[:32]


def glyph_texts(fonts: list[Any]) -> GlyphTexts:
    """The glyph text counts of fonts created under ``majority_glyph_text``."""
    found: GlyphTexts = {}
    for font in fonts:
        mapping = font.to_unicode
        if not isinstance(mapping, MajorityText) or font.bitmap:
            continue
        key = getattr(font, "newsreport_hash", None) or font_file_hash(font.file_content)
        target = found.setdefault(key, {})
        for glyph, counts in mapping.counts.items():
            merged = target.setdefault(glyph, {})
            for text, count in counts.items():
                merged[text] = merged.get(text, 0) + count
    return found


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


def cid_widths(array: pikepdf.Array) -> dict[int, float]:
    """Glyph widths from a CID font /W array (``c [w1 w2 …]`` and ``c1 c2 w`` forms)."""
    import pikepdf  # here, not at the top: workers laying out pages never need it

    found: dict[int, float] = {}
    items = list(array)
    index = 0
    while index < len(items):
        first = int(items[index])
        following = items[index + 1]
        if isinstance(following, pikepdf.Array):
            for offset, width in enumerate(following):
                found[first + offset] = float(width)
            index += 2
        else:
            for glyph in range(first, int(following) + 1):
                found[glyph] = float(items[index + 2])
            index += 3
    return found
