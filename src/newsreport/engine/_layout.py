"""The PDF stage: HTML in, PDF bytes out, through WeasyPrint; its warnings become ours."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .._messages import warn
from ..errors import RenderError
from ._finish import Finish, finisher
from ._glyph_text import GlyphTexts, glyph_texts, majority_glyph_text

REPRODUCIBLE_EPOCH = "315532800"
"""1980-01-01: the font-subset timestamp when SOURCE_DATE_EPOCH is not set by the user."""

# WeasyPrint notices that say nothing about the document.
_IGNORED_NOTICES = ("Using fontTools instead of HarfBuzz",)


@dataclass(frozen=True, slots=True)
class Bookmark:
    """An outline entry as laid out: its level (CSS ``bookmark-level``) and PDF position."""

    page: int
    level: int
    label: str
    x: float
    y: float
    open: bool = True


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
    """Glyph text counts per font (see ``fidelity``), for assembling parts."""
    folios: tuple[bool, ...] = ()
    """Whether each page has a folio box (drawn when parts are assembled)."""
    bookmarks: tuple[Bookmark, ...] = ()
    """Outline entries, in order, with their levels (a part's own outline loses them)."""
    slots: tuple[NumberSlot, ...] = ()
    """Page-number slots (elements of class ``page-number``), when asked for."""


@cache
def _font_configuration_of(_process: int):  # type: ignore[no-untyped-def]
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _font_configuration():  # type: ignore[no-untyped-def]
    """One FontConfiguration per process: faster, and memory stays flat across renders.

    Keyed by process id: a forked worker must not reuse its parent's (layout would differ).
    """
    return _font_configuration_of(os.getpid())


@lru_cache(maxsize=8)
def _stylesheet(css: str, base_url: str, folders: tuple[str, ...], _process: int):  # type: ignore[no-untyped-def]
    """A stylesheet parsed once per process (keyed by process id, like the font
    configuration it registers its fonts with): every part of a document shares it."""
    from weasyprint import CSS

    from ._fetcher import RestrictedFetcher

    fetcher = RestrictedFetcher(tuple(Path(folder) for folder in folders))
    return CSS(
        string=css, base_url=base_url, url_fetcher=fetcher, font_config=_font_configuration()
    )


class _ForwardWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(_IGNORED_NOTICES):
            warn(None, f"WeasyPrint: {message}")


@contextmanager
def _weasyprint_warnings() -> Iterator[None]:
    """Send WeasyPrint's warnings to our logger (counted, shown once), minus its noise."""
    logger = logging.getLogger("weasyprint")
    handler = _ForwardWarnings()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


@contextmanager
def reproducible_font_timestamps() -> Iterator[None]:
    """Without hb-subset, fontTools stamps each font subset with the clock; pin it instead."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = REPRODUCIBLE_EPOCH
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def html_to_pdf(
    html: str,
    *,
    base_url: str,
    fetcher: Any = None,
    variant: str | None = None,
    finish: Finish | None = None,
    subset_fonts: bool = True,
    number_slots: bool = False,
    stylesheet: str | None = None,
    folders: tuple[str, ...] = (),
) -> PdfBytes:
    """Lay out and write one HTML document, as a PDF/A or PDF/UA ``variant`` if asked.

    ``fetcher`` loads every resource (fonts, images); give a fresh one per render.
    ``stylesheet``, when the HTML has none inline, is parsed once per process; its fonts are
    read from ``folders`` only.
    """
    from weasyprint import HTML

    try:
        with (
            _weasyprint_warnings(),
            reproducible_font_timestamps(),
            majority_glyph_text(subset=subset_fonts) as fonts,
        ):
            sheets = None
            if stylesheet:
                sheets = [_stylesheet(stylesheet, base_url, folders, os.getpid())]
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=_font_configuration(), stylesheets=sheets
            )
            data = document.write_pdf(
                pdf_variant=variant, finisher=finisher(finish) if finish else None
            )
    except Exception as error:  # WeasyPrint raises many kinds; the user needs one line.
        raise RenderError(f"PDF rendering failed: {type(error).__name__}: {error}") from error
    if data is None:
        raise RenderError("PDF rendering produced no data")
    return PdfBytes(
        data=data,
        pages=len(document.pages),
        anchors=tuple(tuple(page.anchors) for page in document.pages),
        blank=tuple(bool(page._page_box.page_type.blank) for page in document.pages),
        glyphs=glyph_texts(fonts) if not subset_fonts else {},
        folios=tuple(_has_folio(page) for page in document.pages),
        bookmarks=tuple(_bookmarks(document.pages)),
        slots=tuple(_number_slots(document.pages)) if number_slots else (),
    )


def _left_aligned(style: Any) -> bool:
    align = style["text_align_all"]
    if align in ("left", "right"):
        return bool(align == "left")
    right_to_left = style["direction"] == "rtl"
    return (align == "end") == right_to_left


def _number_slots(pages: Any) -> Iterator[NumberSlot]:
    from weasyprint.formatting_structure import boxes

    for number, page in enumerate(pages):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            if isinstance(box, boxes.InlineBlockBox) and "page-number" in classes:
                text = next((b for b in box.descendants() if isinstance(b, boxes.TextBox)), None)
                if text is not None:
                    style = box.style  # the slot's: its placeholder may be transparent
                    key = repr(
                        (
                            tuple(style["font_family"]),
                            style["font_size"],
                            style["font_weight"],
                            style["font_style"],
                            tuple(style["color"]),
                        )
                    )
                    left = box.content_box_x()
                    yield NumberSlot(
                        page=number,
                        target=(element.get("data-target") or "").removeprefix("#"),
                        style=key,
                        left=left,
                        right=left + box.width,
                        x=text.position_x,
                        y=text.position_y + text.baseline,
                        left_aligned=_left_aligned(box.style),
                    )
                continue
            stack.extend(reversed(getattr(box, "children", ())))


def _has_folio(page: Any) -> bool:
    return any(
        getattr(box, "at_keyword", None) == "@bottom-center" for box in page._page_box.children
    )


def _bookmarks(pages: Any) -> Iterator[Bookmark]:
    """Outline entries in PDF coordinates, as WeasyPrint's writer places them."""
    scale = 0.75
    for number, page in enumerate(pages):
        for level, label, (x, y), state in page.bookmarks:
            yield Bookmark(
                number, level, label, x * scale, (page.height - y) * scale, state != "closed"
            )
