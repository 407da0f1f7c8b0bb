"""Which characters the bundled fonts draw: one they do not would come from a system font
(different on every machine) or print as a box, so the article is named in a warning."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .._messages import warn
from .._resources import FONT_FILES
from ..model import Article, Figure
from .fitting import bundled_font
from .formatting import shorten

_IGNORED = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn", "Mn", "Me"})
"""Spaces, controls and format characters (drawn as nothing), and marks (drawn on a base)."""
SHOWN = 8
"""Characters a warning names at most."""


@lru_cache(maxsize=1)
def bundled_characters() -> frozenset[int]:
    """Every code point one of the bundled faces maps to a glyph."""
    found: set[int] = set()
    for family, weight, _ in FONT_FILES:
        found |= set(bundled_font(family, weight == 700)[0].face.unicodes)
    return frozenset(found)


def missing_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` no bundled face draws, in order of appearance."""
    drawn = bundled_characters()
    undrawn = {
        char
        for char in set(text)  # each character once, at C speed
        if ord(char) not in drawn
        and unicodedata.category(char) not in _IGNORED
        and not 0xFE00 <= ord(char) <= 0xFE0F
    }
    return sorted(undrawn, key=text.index) if undrawn else []


def warn_missing(article: Article) -> None:
    """One warning for an article with characters no bundled face draws."""
    texts = [article.title, article.byline or ""]
    for block in article.blocks:
        texts.append((block.caption or "") if isinstance(block, Figure) else block.text)
    missing = missing_characters("\n".join(texts))
    if not missing:
        return
    shown = " ".join(f"{char} (U+{ord(char):04X})" for char in missing[:SHOWN])
    more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
    title = shorten(article.title, 60)
    warn(
        article.path,
        f"“{title}” has characters no bundled font draws, printed from a system font or as "
        f"boxes: {shown}{more}",
    )
