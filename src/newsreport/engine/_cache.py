"""A persistent cache of laid-out parts, keyed by everything that shapes them.

A key covers the part's complete HTML (styles, text, image and font addresses), the content of
every local file it names, the bundled fonts, and the newsreport and WeasyPrint versions: equal
keys give equal pages. Entries are written to a temporary file and renamed, so builds sharing
the cache never see half an entry; the oldest entries go when the cache outgrows its bound.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .._atomic import write_atomically
from .._resources import fonts_dir
from ..version import __version__

if TYPE_CHECKING:
    from ._jobs import PartResult

DEFAULT_MAX_BYTES = 1_000_000_000
"""Bound of the cache folder; the least recently used entries are removed beyond it."""
_FILE_URL = re.compile(r"""file://[^"')\s<>]+""")


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/newsreport`` (``~/.cache/newsreport``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsreport"


@cache
def _fonts_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(fonts_dir().rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def _code_digest() -> str:
    """The package's own code: a changed newsreport never reuses another's pages."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parents[1].rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return _file_digest_cached(str(path), stat.st_size, stat.st_mtime_ns)


@cache
def _file_digest_cached(path: str, _size: int, _mtime: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def _weasyprint_version() -> str:
    """From the package metadata: importing WeasyPrint itself takes half a second."""
    from importlib.metadata import version

    return version("weasyprint")


def part_key(html: str, *extra: str) -> str:
    """The cache key of a part rendered from ``html``."""
    digest = hashlib.sha256()
    pieces = (__version__, _code_digest(), _weasyprint_version(), _fonts_digest(), *extra, html)
    for piece in pieces:
        digest.update(piece.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    for url in sorted(set(_FILE_URL.findall(html))):
        digest.update(_file_digest(Path(unquote(urlsplit(url).path))).encode())
    return digest.hexdigest()


class PartCache:
    """Laid-out parts on disk: ``<dir>/<key[:2]>/<key>.pdf`` and its ``.json`` facts."""

    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_suffix(".pdf"), base.with_suffix(".json")

    def get(self, key: str) -> PartResult | None:
        """The cached part, or None."""
        from ._glyph_text import FontText
        from ._jobs import PartResult
        from ._layout import Bookmark, NumberSlot, PdfBytes

        pdf_path, facts_path = self._paths(key)
        try:
            facts = json.loads(facts_path.read_text(encoding="utf-8"))
            data = pdf_path.read_bytes()
        except (OSError, ValueError):
            self.misses += 1
            return None
        try:
            if len(data) != facts["size"]:
                raise ValueError("truncated")
            glyphs = {font: FontText.from_json(table) for font, table in facts["glyphs"].items()}
            pdf = PdfBytes(
                data=data,
                pages=facts["pages"],
                anchors=tuple(tuple(names) for names in facts["anchors"]),
                blank=tuple(facts["blank"]),
                glyphs=glyphs,
                folios=tuple(facts["folios"]),
                heads=tuple(facts["heads"]),
                bookmarks=tuple(Bookmark(*entry) for entry in facts["bookmarks"]),
                slots=tuple(NumberSlot(*entry) for entry in facts["slots"]),
                entries=tuple(tuple(names) for names in facts.get("entries", ())),
                joined=int(facts.get("joined", 0)),
            )
            warnings = tuple(facts["warnings"])
        except (KeyError, TypeError, ValueError, AttributeError):
            self.misses += 1  # written by another version, or damaged: lay it out again
            return None
        with contextlib.suppress(OSError):
            os.utime(facts_path)  # recently used: kept when the cache is pruned
        self.hits += 1
        return PartResult(pdf, warnings)

    def put(self, key: str, result: PartResult) -> None:
        """Store a part; failures to write only cost the next build some time."""
        pdf_path, facts_path = self._paths(key)
        facts = {
            "size": len(result.pdf.data),
            "pages": result.pdf.pages,
            "anchors": [list(names) for names in result.pdf.anchors],
            "blank": list(result.pdf.blank),
            "glyphs": {font: table.to_json() for font, table in result.pdf.glyphs.items()},
            "folios": list(result.pdf.folios),
            "heads": list(result.pdf.heads),
            "bookmarks": [dataclasses.astuple(entry) for entry in result.pdf.bookmarks],
            "slots": [dataclasses.astuple(entry) for entry in result.pdf.slots],
            "entries": [list(names) for names in result.pdf.entries],
            "joined": result.pdf.joined,
            "warnings": list(result.warnings),
        }
        try:
            pdf_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(pdf_path, result.pdf.data, cache_entry=True)
            facts_data = json.dumps(facts, ensure_ascii=False).encode("utf-8")
            write_atomically(facts_path, facts_data, cache_entry=True)
        except OSError:
            return

    def prune(self) -> None:
        """Remove the least recently used entries while the cache is over its bound."""
        entries = []
        total = 0
        for facts in self.folder.glob("*/*.json"):
            pdf = facts.with_suffix(".pdf")
            try:
                size = facts.stat().st_size + pdf.stat().st_size
                used = facts.stat().st_mtime
            except OSError:
                continue
            entries.append((used, size, facts, pdf))
            total += size
        for _, size, facts, pdf in sorted(entries):
            if total <= self.max_bytes:
                break
            for path in (facts, pdf):
                with contextlib.suppress(OSError):
                    path.unlink()
            total -= size
