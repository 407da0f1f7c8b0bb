"""One HTML document laid out and written by WeasyPrint: PDF bytes and the facts of its pages."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._messages import forwarded_warnings
from ..errors import RenderError
from . import _internals
from ._breaks import breakable
from ._finish import Finish, finisher
from ._fonts import exact_text, font_preparer
from ._glyph_text import GlyphRecorder, GlyphTexts
from ._images import document_images, keep_images
from ._kashida import elongate

# WeasyPrint notices that say nothing about the document.
_IGNORED_NOTICES = (
    "Using fontTools instead of HarfBuzz",
    # Characters no bundled font draws: view.coverage names them, and their article.
    ".notdef glyph rendered",
)


@dataclass(frozen=True, slots=True)
class Bookmark:
    """An outline entry as laid out: its level (CSS ``bookmark-level``) and PDF position."""

    page: int
    level: int
    label: str
    x: float
    y: float
    open: bool = True


COUNT_TARGET = "nr-count"
"""The target of the slot a ``count-number`` element makes (the cover's article count), which
names no anchor."""


@dataclass(frozen=True, slots=True)
class NumberSlot:
    """A page-number slot as laid out (CSS px, y downwards), for numbers drawn afterwards."""

    page: int
    target: str
    """The anchor whose page number goes here."""
    style: str
    """Font and colour of the text, as a key (the probe has a glyph run for each)."""
    left: float
    right: float
    """Edges of the slot's content box."""
    x: float
    y: float
    """Start and baseline of the text laid out in the slot."""
    left_aligned: bool
    """Whether the text sits at the slot's left edge (else at its right edge)."""


@dataclass(frozen=True, slots=True)
class PdfBytes:
    """A rendered PDF: only bytes and plain data, so it can cross process boundaries."""

    data: bytes
    """The PDF file."""
    pages: int
    """Number of pages."""
    anchors: tuple[tuple[str, ...], ...] = ()
    """Fragment ids on each page, in order."""
    blank: tuple[bool, ...] = ()
    """Whether each page was inserted blank (to start a part on a recto)."""
    glyphs: GlyphTexts = field(default_factory=dict)
    """What each font's glyphs copy as (see ``_glyph_text``), for assembling parts."""
    folios: tuple[bool, ...] = ()
    """Whether each page has a folio box (drawn when parts are assembled)."""
    heads: tuple[bool, ...] = ()
    """Whether each page shows the running head naming the document (``string(doc-title)``):
    a chunk's is drawn when parts are assembled, so that other documents can share it."""
    bookmarks: tuple[Bookmark, ...] = ()
    """Outline entries, in order, with their levels (a part's own outline loses them)."""
    slots: tuple[NumberSlot, ...] = ()
    """Page-number slots (elements of class ``page-number``), when asked for."""
    entries: tuple[tuple[str, ...], ...] = ()
    """The list entries (by class) that start on each page, when asked for."""
    joined: int = 0
    """How many pieces laid out apart it was put together from (a frame in slices); 0: laid
    out as it is."""


def font_configuration():  # type: ignore[no-untyped-def]
    """One FontConfiguration per process and thread: faster, and memory stays flat across
    renders. A forked worker makes its own (layout would differ), and so does each thread."""
    return _internals.per_thread("fonts", _internals.font_configuration)


STYLESHEETS_KEPT = 8
"""Parsed stylesheets kept per thread (one per kind of part of the documents being made)."""


def _stylesheet(css: str, base_url: str, folders: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """A stylesheet parsed once per process and thread (like the font configuration it
    registers its fonts with): every part of a document shares it."""
    kept: OrderedDict[tuple[str, str, tuple[str, ...]], Any] = _internals.per_thread(
        "stylesheets", OrderedDict
    )
    key = (css, base_url, folders)
    if key in kept:
        kept.move_to_end(key)
        return kept[key]
    from weasyprint import CSS

    from ._fetcher import RestrictedFetcher

    fetcher = RestrictedFetcher(tuple(Path(folder) for folder in folders))
    sheet = kept[key] = CSS(
        string=css, base_url=base_url, url_fetcher=fetcher, font_config=font_configuration()
    )
    while len(kept) > STYLESHEETS_KEPT:
        kept.popitem(last=False)
    return sheet


def html_to_pdf(
    html: str,
    *,
    base_url: str,
    fetcher: Any = None,
    variant: str | None = None,
    tagged: bool = False,
    finish: Finish | None = None,
    subset_fonts: bool = True,
    number_slots: bool = False,
    stylesheet: str | None = None,
    folders: tuple[str, ...] = (),
    entries: frozenset[str] = frozenset(),
) -> PdfBytes:
    """Lay out and write one HTML document, as a PDF/A or PDF/UA ``variant`` if asked (a
    PDF/UA one is tagged: each article's structure element carries its language).

    ``fetcher`` loads every resource (fonts, images); give a fresh one per render.
    ``stylesheet``, when the HTML has none inline, is parsed once per process; its fonts are
    read from ``folders`` only. ``entries`` names the classes of list entries whose pages
    to record (see ``PdfBytes.entries``). On a WeasyPrint other than the one ``_internals``
    was written for, glyph text is WeasyPrint's own and the page facts are left out.
    """
    from weasyprint import HTML

    known = _internals.supported()
    try:
        with forwarded_warnings("weasyprint", "WeasyPrint: ", _IGNORED_NOTICES):
            sheets = None
            if stylesheet:
                sheets = [_stylesheet(stylesheet, base_url, folders)]
            shared = getattr(fetcher, "folders", None) if known else None
            images = document_images(shared)
            document = HTML(string=breakable(html), base_url=base_url, url_fetcher=fetcher).render(
                font_config=font_configuration(), stylesheets=sheets, cache=images
            )
            if known:
                elongate(document.pages)
                for page in document.pages:
                    _internals.merge_leaders(page)
            recorders: dict[str, GlyphRecorder] = {}
            fonts = (
                _internals.capture_fonts(
                    document, font_preparer(subset=subset_fonts, recorders=recorders)
                )
                if known
                else []
            )
            glyphs: GlyphTexts = {}
            printed = finisher(finish) if finish else None

            def finishing(document: Any, pdf: Any) -> None:
                if known:
                    right_to_left = finish is not None and finish.right_to_left
                    glyphs.update(
                        exact_text(pdf, fonts, subset=subset_fonts, right_to_left=right_to_left)
                    )
                    _internals.pydyf_merge_links(pdf)
                    if tagged or (variant and variant.startswith("pdf/ua")):
                        languages = [_internals.top_level_languages(p) for p in document.pages]
                        _internals.pydyf_tag_languages(pdf, languages)
                    if tagged or (variant and variant.startswith("pdf/ua")):
                        _internals.pydyf_margin_artifacts(pdf)
                    if tagged and not variant:
                        _internals.pydyf_fold_line_spans(pdf)
                if printed:
                    printed(document, pdf)

            data = document.write_pdf(pdf_variant=variant, pdf_tags=tagged, finisher=finishing)
            keep_images(images)
    except Exception as error:  # WeasyPrint raises many kinds; the user needs one line.
        raise RenderError(f"PDF rendering failed: {type(error).__name__}: {error}") from error
    if data is None:
        raise RenderError("PDF rendering produced no data")
    pages = document.pages
    if not known:
        return PdfBytes(data=data, pages=len(pages))
    return PdfBytes(
        data=data,
        pages=len(pages),
        anchors=tuple(tuple(page.anchors) for page in pages),
        blank=tuple(_internals.page_is_blank(page) for page in pages),
        glyphs=glyphs if not subset_fonts else {},
        folios=tuple(_internals.page_has_folio(page) for page in pages),
        heads=tuple(_internals.page_has_running_string(page, "doc-title") for page in pages),
        bookmarks=tuple(_bookmarks(pages)),
        slots=tuple(_number_slots(pages)) if number_slots else (),
        entries=tuple(_entries(pages, entries)) if entries else (),
    )


def _left_aligned(text_align: str, direction: str) -> bool:
    if text_align in ("left", "right"):
        return text_align == "left"
    return (text_align == "end") == (direction == "rtl")


def _number_slots(pages: Any) -> Iterator[NumberSlot]:
    for number, page in enumerate(pages):
        for slot in _internals.page_number_slots(page):
            yield NumberSlot(
                page=number,
                target=slot["target"].removeprefix("#") or (COUNT_TARGET if slot["count"] else ""),
                style=slot["style"],
                left=slot["left"],
                right=slot["right"],
                x=slot["x"],
                y=slot["y"],
                left_aligned=_left_aligned(slot["text_align"], slot["direction"]),
            )


def _entries(pages: Any, classes: frozenset[str]) -> Iterator[tuple[str, ...]]:
    seen: set[int] = set()
    for page in pages:
        yield tuple(_internals.elements_starting(page, classes, seen))


def _bookmarks(pages: Any) -> Iterator[Bookmark]:
    """Outline entries in PDF coordinates, as WeasyPrint's writer places them."""
    scale = 0.75
    for number, page in enumerate(pages):
        for level, label, (x, y), state in page.bookmarks:
            yield Bookmark(
                number, level, label, x * scale, (page.height - y) * scale, state != "closed"
            )
