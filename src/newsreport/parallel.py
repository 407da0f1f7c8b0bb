"""Large documents on every core: articles laid out in chunks, page furniture drawn once.

1. The document's articles are split into chunks of a few articles; each chunk is laid out
   as its own HTML document without running heads or folios, in worker processes (only PDF
   bytes and plain data cross processes), fonts embedded whole.
2. With every chunk's page count known, the frame document is rendered once: cover, front
   parts, one near-empty page per body page carrying the anchors, outline entries and running
   heads, and the back parts; so contents numbers, links and the outline resolve as in a
   single render.
3. pikepdf lays each chunk page under its frame page and subsets each font once.

Chunks and frames are cached by content (see ``cache``): after one article changes, only its
chunk is laid out again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

from .assemble import BodyPage, assemble
from .cache import PartCache, part_key
from .fetch import RestrictedFetcher
from .fidelity import merge_glyph_texts
from .html import DocumentView, FramePage, GroupView, Marker, render_view_html
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


def frame_view(
    view: DocumentView, parts: list[PdfBytes], duplex: bool
) -> tuple[DocumentView, list[BodyPage | None]]:
    """The frame document's view, and which chunk page fills each of its body pages."""
    labels: dict[str, tuple[str, int]] = {}
    heads: dict[str, str] = {}
    for group in view.groups:
        if group.title:
            labels[group.anchor] = (group.title, 1)
        for article in group.articles:
            labels[article.anchor] = (article.title.text, 2 if view.grouped else 1)
            heads[article.anchor] = article.running_head
    pages: list[FramePage] = []
    body: list[BodyPage | None] = []
    head: str | None = None
    seen: set[str] = set()
    for number, part in enumerate(parts):
        for index in range(part.pages):
            # An element's id is listed on every page the element runs onto: keep the first.
            anchors = [n for n in part.anchors[index] if n in labels and n not in seen]
            seen.update(anchors)
            for name in anchors:
                head = heads.get(name, head)
            markers = tuple(Marker(name, *labels[name]) for name in anchors)
            filler = part.blank[index]
            pages.append(FramePage(markers, head, filler))
            body.append(None if filler else BodyPage(number, index))
        if duplex and part.pages % 2 and number < len(parts) - 1:
            pages.append(FramePage(filler=True))  # the next chunk starts on a recto too
            body.append(None)
    return dataclasses.replace(view, mode="frame", frame_pages=tuple(pages)), body


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
    """Render a prepared document view through chunks, a frame, and assembly."""
    chunks = chunk_views(view)
    jobs = [PartJob(render_view_html(chunk, options), base_url, folders) for chunk in chunks]
    results: list[PartResult | None] = [None] * len(jobs)
    keys = [part_key(job.html) for job in jobs]
    pending: list[int] = []
    for index, key in enumerate(keys):
        cached = cache.get(key) if cache else None
        if cached is not None:
            results[index] = cached
        else:
            pending.append(index)
    done = len(jobs) - len(pending)
    if progress:
        progress("chunks", done, len(jobs))
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=_workers(options, max(1, len(pending))))
    try:
        futures = {index: pool.submit(render_part, jobs[index]) for index in pending}
        for index, future in futures.items():
            result = future.result()
            results[index] = result
            if cache:
                cache.put(keys[index], result)
            done += 1
            if progress:
                progress("chunks", done, len(jobs))
        parts = [result.pdf for result in results if result is not None]
        for result in results:
            assert result is not None
            for message in result.warnings:
                warn(None, message)
        frame, body = frame_view(view, parts, options.print.duplex)
        frame_job = PartJob(render_view_html(frame, options), base_url, folders, finish)
        frame_key = part_key(frame_job.html, repr(finish))
        framed = cache.get(frame_key) if cache else None
        if framed is None:
            # In a worker too: the main process keeps only the assembly in memory.
            framed = pool.submit(render_part, frame_job).result()
            if cache:
                cache.put(frame_key, framed)
    finally:
        if own:
            pool.shutdown()
    for message in framed.warnings:
        warn(None, message)
    first = _first_body_page(framed.pdf, parts)
    if progress:
        progress("assembly", 0, 1)
    data = assemble(
        framed.pdf.data,
        [part.data for part in parts],
        body,
        first,
        merge_glyph_texts([framed.pdf.glyphs, *(part.glyphs for part in parts)]),
        cache.folder if cache else None,
    )
    if progress:
        progress("assembly", 1, 1)
    return PdfBytes(data=data, pages=framed.pdf.pages)


def _first_body_page(frame: PdfBytes, parts: list[PdfBytes]) -> int:
    first_anchor = next(name for part in parts for page in part.anchors for name in page)
    return next(index for index, names in enumerate(frame.anchors) if first_anchor in names)


def _workers(options: Options, jobs: int) -> int:
    import os

    return max(1, min(options.workers or os.cpu_count() or 1, jobs))
