"""The PDF engine: a document view in, PDF bytes out; how is its own business.

``write_pdf`` is the one door. A small document, or a PDF/A or PDF/UA one, is laid out by one
WeasyPrint render. A large one is laid out in parts on every core and put together, page
numbers and fonts included, as the one render would have made it (``_parts``); parts are cached
by content. Everything taken from WeasyPrint's, pydyf's and pikepdf's internals is in
``_internals``; on a WeasyPrint it was not written for, every document is laid out in one piece.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .._messages import warn
from .._resources import templates_dir
from ..options import Options
from ..view import DocumentView, render_view_html
from . import (
    _internals,
    _libraries,  # noqa: F401 - first: WeasyPrint then finds its libraries at once
)
from ._cache import PartCache, default_cache_dir
from ._finish import Finish
from ._parts import CHUNK_ARTICLES, PartsUnfit, Progress, render_parallel
from ._workers import die_with_parent, start_worker, stop_workers, worker_pool

__all__ = [
    "LayoutSettings",
    "Progress",
    "Written",
    "die_with_parent",
    "start_worker",
    "stop_workers",
    "write_pdf",
]


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    """What the engine needs besides the view."""

    options: Options
    """The document's options (templates, print settings, workers, cache)."""
    folders: tuple[Path, ...]
    """The only folders a render may read files from (fonts, templates, images)."""
    articles: int
    """How many articles the document holds: large documents are laid out in parts."""


@dataclass(frozen=True, slots=True)
class Written:
    """What ``write_pdf`` wrote."""

    pages: int
    """Number of pages."""
    html: str | None
    """The whole document's HTML, when it was made (laid out in one piece)."""


PARTS_VARIANTS = frozenset(
    {"pdf/a-2b", "pdf/a-2u", "pdf/a-2a", "pdf/a-3b", "pdf/a-3u", "pdf/a-3a", "pdf/ua-1"}
)
"""The PDF/A and PDF/UA variants a document in parts is written as: PDF 1.7, which allows
the assembly's object and cross-reference streams (PDF/A-1 is PDF 1.4 without them, PDF/A-4
is PDF 2.0: those are laid out in one piece)."""


def in_parts(settings: LayoutSettings, executor: Executor | None = None) -> bool:
    """Whether a document is laid out in parts, on every core (or on ``executor``)."""
    options = settings.options
    return (
        (options.workers != 1 or executor is not None)
        and (options.print.pdf_variant is None or options.print.pdf_variant in PARTS_VARIANTS)
        and settings.articles > CHUNK_ARTICLES
    )


def write_pdf(
    view: DocumentView | Callable[[], DocumentView],
    settings: LayoutSettings,
    output: BinaryIO,
    *,
    progress: Progress | None = None,
    executor: Executor | None = None,
    outline: Callable[[], DocumentView] | None = None,
) -> Written:
    """Lay out the document and write its PDF to ``output``.

    ``view`` may be a function making it: worker processes are then started first, and load
    WeasyPrint while the view is made. ``progress(stage, done, total)`` is called as the
    document is laid out: ``layout`` (in one piece, 0 then 1 of 1), or ``chunks`` (parts
    laid out) then ``assembly`` (pages written); ``executor``, when given, lays the parts
    out instead of worker processes of this machine. ``outline`` makes the view without the
    articles' bodies: a document in parts hands its frame to the workers before ``view`` is
    made.
    """
    options = settings.options
    parts = in_parts(settings, executor)
    if parts and not _internals.supported():
        warn(None, _internals.unsupported_notice())
        parts = False
    base_url = (options.templates or templates_dir()).resolve().as_uri() + "/"
    if parts:
        with nullcontext(executor) if executor else worker_pool(options, settings.articles) as pool:
            framed: DocumentView | None = None
            made: DocumentView | Callable[[], DocumentView]
            if outline:  # the frame is laid out while the rest of the view is made
                made, framed = view, outline()
                shown = framed
            else:
                made = shown = view() if callable(view) else view
            try:
                pages = render_parallel(
                    made,
                    options,
                    output,
                    base_url=base_url,
                    folders=settings.folders,
                    finish=_finish(shown, options),
                    executor=pool,
                    cache=PartCache(options.cache_dir or default_cache_dir())
                    if options.cache
                    else None,
                    progress=progress,
                    release=None if executor else pool.shutdown,
                    outline=framed,
                )
                return Written(pages, None)
            except PartsUnfit as error:
                warn(None, f"laid out in one piece: {error}")
                output.seek(0)
                output.truncate()
    made = view() if callable(view) else view
    from ._fetcher import RestrictedFetcher
    from ._layout import html_to_pdf

    if progress:
        progress("layout", 0, 1)

    html = render_view_html(made, options)
    pdf = html_to_pdf(
        html,
        base_url=base_url,
        fetcher=RestrictedFetcher(settings.folders),
        variant=options.print.pdf_variant,
        tagged=options.print.tagged,
        finish=_finish(made, options),
    )
    output.write(pdf.data)
    if progress:
        progress("layout", 1, 1)
    return Written(pdf.pages, html)


def _finish(view: DocumentView, options: Options) -> Finish:
    return Finish(
        right_to_left=view.dir == "rtl",
        spreads_right_to_left=view.dir == "rtl" and options.print.rtl_spreads,
        crop_marks=options.print.crop_marks,
        bleed_mm=options.print.bleed,
    )
