"""Large documents on every core: articles laid out in chunks, page numbers added at the end.

1. The articles are split into chunks of a few articles. Each chunk is laid out as its own
   HTML document, running heads included, in worker processes (only PDF bytes and plain data
   cross processes), fonts embedded whole. Alongside them, a probe document (how folios look,
   see ``folios``) and a first frame document (cover, front parts, one stand-in page for the
   body, back parts) with placeholder page numbers, to learn where the body starts.
2. With every chunk's page count known, the frame is laid out again with the real numbers in
   its contents (again if the front's length changed, which is rare).
3. pikepdf puts the chunk pages in place of the stand-in, draws every folio, builds the outline
   and named destinations, and subsets each font once (``assemble``).

Parts are cached by content (see ``cache``): after one article changes, only its chunk and,
when page numbers moved, the frame are laid out again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path

from .assemble import assemble
from .cache import PartCache, part_key
from .fetch import RestrictedFetcher
from .fidelity import merge_glyph_texts
from .folios import FolioError, folio_text, number_text, probe_text
from .html import DocumentView, GroupView, render_view_html
from .messages import collected_warnings, warn
from .options import Options
from .pdf import PdfBytes, html_to_pdf
from .postprocess import Finish

CHUNK_ARTICLES = 4
"""Articles per chunk: small enough to spread over the cores and to re-render cheaply."""

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``, called as chunks complete."""


@dataclasses.dataclass(frozen=True, slots=True)
class PartJob:
    """One document to lay out in a worker: everything it needs is in here."""

    html: str
    base_url: str
    folders: tuple[Path, ...]
    finish: Finish | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class PartResult:
    """A laid-out part: the PDF (fonts whole) and the warnings raised while making it."""

    pdf: PdfBytes
    warnings: tuple[str, ...]


def render_part(job: PartJob) -> PartResult:
    """Lay out one part (runs in a worker process)."""
    with collected_warnings(quiet=True) as messages:
        pdf = html_to_pdf(
            job.html,
            base_url=job.base_url,
            fetcher=RestrictedFetcher(job.folders),
            finish=job.finish,
            subset_fonts=False,
        )
    return PartResult(pdf, tuple(messages))


def chunk_views(view: DocumentView, size: int = CHUNK_ARTICLES) -> list[DocumentView]:
    """The document's articles as chunk views of ``size`` articles, in reading order."""
    units = [(group, article) for group in view.groups for article in group.articles]
    chunks: list[DocumentView] = []
    for start in range(0, len(units), size):
        groups: list[GroupView] = []
        for group, article in units[start : start + size]:
            if groups and groups[-1].anchor == group.anchor:
                groups[-1] = dataclasses.replace(
                    groups[-1], articles=(*groups[-1].articles, article)
                )
            else:
                starts_here = group.articles[0].anchor == article.anchor
                title = group.title if starts_here else None
                groups.append(GroupView(group.anchor, title, (article,)))
        chunks.append(dataclasses.replace(view, mode="chunk", groups=tuple(groups)))
    return chunks


class PartsUnfit(Exception):
    """The document cannot be put together from parts: lay it out in one piece."""


BODY_ANCHOR = "nr-body"
"""Id of the frame's stand-in for the body."""


def probe_view(view: DocumentView) -> DocumentView:
    """The probe document: two pages with a folio holding every digit."""
    return dataclasses.replace(view, mode="probe", probe_folio=probe_text(view.counter_style))


def frame_view(view: DocumentView, numbers: Mapping[str, str]) -> DocumentView:
    """The frame document, printing these page numbers for article and group anchors."""
    return dataclasses.replace(view, mode="frame", page_numbers=numbers)


def anchors_of(view: DocumentView) -> list[str]:
    """The anchors the frame prints page numbers for."""
    found: list[str] = []
    for group in view.groups:
        if group.title:
            found.append(group.anchor)
        found += [article.anchor for article in group.articles]
    return found


@dataclasses.dataclass(frozen=True, slots=True)
class Body:
    """The body's pages, in order, and the body page each anchor is on."""

    pages: tuple[tuple[int, int], ...]
    """(chunk, page) of each body page."""
    starts: dict[str, int]
    """Anchor → index in ``pages``."""


def body_of(parts: list[PdfBytes], duplex: bool, back: bool) -> Body:
    """Chunk pages as the body: two-sided chunks end in a page that is not kept (see
    ``chunk.html``), and the blank verso before it only when back parts follow."""
    pages: list[tuple[int, int]] = []
    starts: dict[str, int] = {}
    for number, part in enumerate(parts):
        count = part.pages - 1 if duplex else part.pages
        if duplex and number == len(parts) - 1 and not back:
            while count > 1 and part.blank[count - 1]:
                count -= 1
        for index in range(count):
            for name in part.anchors[index]:
                starts.setdefault(name, len(pages))
            pages.append((number, index))
    return Body(tuple(pages), starts)


def stand_in(frame: PdfBytes) -> tuple[int, int]:
    """First page of the frame's body stand-in, and first page after it (the back parts)."""
    try:
        start = next(i for i, names in enumerate(frame.anchors) if BODY_ANCHOR in names)
    except StopIteration:
        raise PartsUnfit("the frame has no body stand-in (a custom template?)") from None
    end = start + 1
    while end < frame.pages and frame.blank[end]:
        end += 1
    return start, end


def render_parallel(
    view: DocumentView,
    options: Options,
    *,
    base_url: str,
    folders: tuple[Path, ...],
    finish: Finish,
    executor: Executor | None = None,
    cache: PartCache | None = None,
    progress: Progress | None = None,
) -> PdfBytes:
    """Render a prepared document view through chunks, a frame, and assembly.

    Raises ``PartsUnfit`` when the templates do not allow it.
    """
    duplex = options.print.duplex
    anchors = anchors_of(view)
    guess = number_text(2 * len(view.articles) + 4, view.counter_style)
    chunk_jobs = [
        PartJob(render_view_html(chunk, options), base_url, folders, finish)
        for chunk in chunk_views(view)
    ]
    probe_job = PartJob(render_view_html(probe_view(view), options), base_url, folders)
    first_frame = frame_view(view, dict.fromkeys(anchors, guess))
    first_job = PartJob(render_view_html(first_frame, options), base_url, folders, finish)
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=_workers(options, len(chunk_jobs) + 2))
    try:
        runner = _Runner(pool, cache)
        probe = runner.submit(probe_job)
        first = runner.submit(first_job)
        chunks = [runner.submit(job) for job in chunk_jobs]
        parts: list[PdfBytes] = []
        warnings: list[str] = []
        for number, chunk in enumerate(chunks):
            result = runner.result(chunk)
            parts.append(result.pdf)
            warnings += result.warnings
            if progress:
                progress("chunks", number + 1, len(chunks))
        start, end = stand_in(runner.result(first).pdf)
        frame: PdfBytes | None = None
        for _attempt in range(3):
            body = body_of(parts, duplex, back=end < runner.result(first).pdf.pages)
            numbers = {
                name: number_text(start + body.starts[name] + 1, view.counter_style)
                for name in anchors
            }
            job = PartJob(
                render_view_html(frame_view(view, numbers), options), base_url, folders, finish
            )
            framed = runner.result(runner.submit(job))
            frame = framed.pdf
            found, end = stand_in(frame)
            if found == start:
                break
            start = found
        else:
            raise PartsUnfit("the front parts did not settle to one length")
        probed = runner.result(probe).pdf
    finally:
        if own:
            pool.shutdown()
    for message in [*warnings, *framed.warnings]:
        warn(None, message)
    body = body_of(parts, duplex, back=end < frame.pages)
    if progress:
        progress("assembly", 0, 1)
    data = _assemble(view, frame, (start, end), parts, body, probed, finish, cache)
    if progress:
        progress("assembly", 1, 1)
    if cache:
        cache.prune()
    return PdfBytes(data=data, pages=start + len(body.pages) + frame.pages - end)


def _assemble(
    view: DocumentView,
    frame: PdfBytes,
    region: tuple[int, int],
    parts: list[PdfBytes],
    body: Body,
    probe: PdfBytes,
    finish: Finish,
    cache: PartCache | None,
) -> bytes:
    start, end = region
    total = start + len(body.pages) + frame.pages - end
    folios: list[bool] = [
        *frame.folios[:start],
        *(parts[part].folios[page] for part, page in body.pages),
        *frame.folios[end:],
    ]
    where = {page: start + index for index, page in enumerate(body.pages)}
    bookmarks = [entry for entry in frame.bookmarks if entry.page < start]
    for number, part in enumerate(parts):
        bookmarks += [
            dataclasses.replace(entry, page=where[number, entry.page])
            for entry in part.bookmarks
            if (number, entry.page) in where
        ]
    shift = start + len(body.pages) - end
    bookmarks += [
        dataclasses.replace(entry, page=entry.page + shift)
        for entry in frame.bookmarks
        if entry.page >= end
    ]
    texts = [
        folio_text(index + 1, total, view.counter_style) if shown else None
        for index, shown in enumerate(folios)
    ]
    try:
        return assemble(
            frame.data,
            region,
            [part.data for part in parts],
            list(body.pages),
            probe.data,
            texts,
            bookmarks,
            view.counter_style,
            finish.right_to_left,
            merge_glyph_texts([frame.glyphs, probe.glyphs, *(part.glyphs for part in parts)]),
            cache.folder if cache else None,
        )
    except FolioError as error:
        raise PartsUnfit(f"folios cannot be drawn from the probe: {error}") from error


class _Runner:
    """Parts from the cache, or laid out in the pool (and then cached)."""

    def __init__(self, pool: Executor, cache: PartCache | None) -> None:
        self._pool = pool
        self._cache = cache
        self._pending: dict[str, Future[PartResult]] = {}
        self._done: dict[str, PartResult] = {}

    def submit(self, job: PartJob) -> str:
        key = part_key(job.html, repr(job.finish))
        if key in self._done or key in self._pending:
            return key
        cached = self._cache.get(key) if self._cache else None
        if cached is not None:
            self._done[key] = cached
        else:
            self._pending[key] = self._pool.submit(render_part, job)
        return key

    def result(self, key: str) -> PartResult:
        if key not in self._done:
            result = self._done[key] = self._pending.pop(key).result()
            if self._cache:
                self._cache.put(key, result)
        return self._done[key]


def _workers(options: Options, jobs: int) -> int:
    import os

    return max(1, min(options.workers or os.cpu_count() or 1, jobs))
