"""Large documents on every core: articles laid out in chunks, page numbers added at the end.

Worker processes lay out, each as its own HTML document (only PDF bytes and plain data cross
processes, fonts embedded whole):

- the chunks: a few articles each, with their running heads;
- the frame: cover, front parts, one stand-in page for the body, back parts; its contents and
  summary keep a slot for each page number; a long contents is laid out in slices (``_frame``);
- a probe: how folios and page numbers look, glyph for glyph (see ``_folios``).

None waits for another. Chunks are handed to the pool a few at a time and their PDFs wait on
disk. Then the assembly writes the output as it goes: the chunk pages in place of the
stand-in, every folio and page number drawn, the outline and named destinations, each font
subset once (``_assemble``). Memory hardly grows with the number of articles.

Parts are cached by content (see ``_cache``): after one article changes, only its chunk is laid
out again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, overload

from .._messages import warn
from .._scratch import scratch_folder
from ..options import Options
from ..view.document import ArticleView, DocumentView, GroupView, with_articles
from ._assemble import assemble, renumbered
from ._cache import PartCache, part_key
from ._finish import Finish
from ._folios import FolioError, folio_text, number_text, probe_number, probe_text
from ._frame import CONTENTS_SLICE, SLICE_PAGES, FrameJob, built_in_templates, render_frame
from ._glyph_text import GlyphTexts, combine
from ._jobs import PartJob, PartResult, render_part
from ._layout import COUNT_TARGET, NumberSlot, PdfBytes
from ._templates import STAND_IN, PartContext, body_anchors, part_css, part_html
from ._workers import worker_count, worker_pool

QUEUED_PER_WORKER = 3
"""Chunks handed to the pool ahead, per worker: enough that none waits, few enough that
their HTML does not pile up in memory."""
CHUNK_ARTICLES = 4
"""Articles in a chunk, at most on average: small enough to spread over the cores and to
re-render cheaply."""
CHUNK_CHARACTERS = 24_000
"""About seven pages of text, what a chunk holds on average: a chunk of long articles holds
fewer of them, so that rebuilding after one article changed lays out about as much whatever
the articles' length. None holds more than half as much again."""
MAX_CHUNKS = 200
"""Beyond this many, chunks grow instead: each part costs the assembly memory of its own."""
FIGURE_CHARACTERS = 1_500
"""What a figure weighs, in characters of text, when chunks are cut."""

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: ``chunks`` laid out, then ``assembly`` pages written."""


def chunk_views(
    view: DocumentView,
    size: int = CHUNK_ARTICLES,
    characters: int = CHUNK_CHARACTERS,
    *,
    heads_at_assembly: bool = False,
) -> list[DocumentView]:
    """The document's articles as chunk views, in reading order, cut where the articles
    themselves say (content-defined, as rsync and restic cut files): after an article whose
    anchor's digest falls under its share of ``characters`` (at least one in ``size``; see
    ``_cuts_after``), so about ``characters`` of text or ``size`` articles a chunk; where
    the date or the group changes; and, within that, before ``2 * size`` articles or one and
    a half times ``characters`` (one article at least). An article edited, added or removed
    moves no cut outside its own chunk (but where that bound cuts): every other chunk, and
    its pages, stays as it was; and a day's articles make the same chunks in a daily digest
    and in the week's. Both grow for documents that would need more than ``MAX_CHUNKS``
    chunks. With
    ``heads_at_assembly`` a chunk does not name its document (title, running head): the
    running head is drawn when the parts are assembled, and other documents share it."""
    units = [(group, article) for group in view.groups for article in group.articles]
    characters = max(characters, sum(_weight(article) for _, article in units) // MAX_CHUNKS)
    size = max(size, -(-len(units) // MAX_CHUNKS))
    runs: list[list[tuple[GroupView, ArticleView]]] = []
    weight = 0
    cut = True
    before: tuple[GroupView, ArticleView] | None = None
    for unit in units:
        heavy = _weight(unit[1])
        if before is not None and (
            before[0].anchor != unit[0].anchor or before[1].date_text != unit[1].date_text
        ):
            cut = True
        before = unit
        full = runs and (len(runs[-1]) >= 2 * size or weight + heavy > characters * 3 // 2)
        if cut or full:
            runs.append([])
            weight = 0
        runs[-1].append(unit)
        weight += heavy
        cut = _cuts_after(unit[1], size, characters, heavy)
    chunks: list[DocumentView] = []
    for run in runs:
        groups: list[GroupView] = []
        for group, article in run:
            if groups and groups[-1].anchor == group.anchor:
                groups[-1] = dataclasses.replace(
                    groups[-1], articles=(*groups[-1].articles, article)
                )
            else:
                starts_here = group.articles[0].anchor == article.anchor
                title = group.title if starts_here else None
                groups.append(GroupView(group.anchor, title, (article,)))
        # What names the whole document (how many articles, its sections, its date) goes in
        # the frame's metadata, not in a chunk's: adding an article elsewhere changes none.
        chunks.append(
            dataclasses.replace(
                view,
                groups=tuple(groups),
                articles=tuple(article for _, article in run),
                description="",
                keywords="",
                created=None,
                **({"title": "", "running_head": ""} if heads_at_assembly else {}),
            )
        )
    return chunks


def _cuts_after(article: ArticleView, size: int, characters: int, weight: int) -> bool:
    """Whether a chunk ends after this article, decided by the article alone: its anchor's
    digest, as a fraction, is under the article's share of a chunk (its ``weight`` in
    ``characters``, at least ``1 / size``). ``python benchmarks/chunks.py 200 50``: an
    article added makes 1.10 new chunks on average and 2 at most, one removed 0.90 and 2,
    where cutting when full (an article past ``characters``) made 1.40 and 4, 1.12 and 4."""
    digest = hashlib.sha256(article.anchor.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < max(1 / size, weight / characters)


def _weight(article: ArticleView) -> int:
    """How much an article weighs in a chunk: characters of text, and figures."""
    total = 0
    for block in article.blocks:
        figures = getattr(block, "figures", None)
        if figures is not None:
            total += FIGURE_CHARACTERS * len(figures)
        elif block.kind == "figure":
            total += FIGURE_CHARACTERS
        elif block.text is not None:
            total += len(block.text.text)
    return total


class PartsUnfit(Exception):
    """The document cannot be put together from parts: lay it out in one piece."""


def probe_context(view: DocumentView, heads: bool = False) -> PartContext:
    """The probe document: two pages with a folio holding every digit, a page of page
    numbers, and with ``heads`` two pages with the document's running head alone."""
    style = view.counter_style
    return PartContext(
        "probe",
        probe_folio=probe_text(style, view.page.folio_separator),
        probe_number=probe_number(style),
        heads=heads,
    )


def probe_view(view: DocumentView) -> DocumentView:
    """What the probe is made from: the page, counters and running head it prints, without
    what tells the document's articles (their count, the description, the keywords): an
    article added or removed leaves the probe as it was, and it comes from the cache."""
    return dataclasses.replace(
        view,
        groups=(),
        articles=(),
        summary=(),
        sources=(),
        count_text="",
        count="",
        description="",
        keywords="",
        created=None,
    )


def number_placeholder(view: DocumentView) -> str:
    """What the frame's page-number slots hold: as many digits as they are wide
    (``PageView.number_digits``; a page past them is laid out in one piece)."""
    return number_text(0, view.counter_style) * view.page.number_digits


def frame_context(view: DocumentView, options: Options) -> PartContext:
    """The frame document: its page-number slots keep their places, numbers come later."""
    return PartContext(
        "frame",
        document=f"{options.template}.html",
        placeholder=number_placeholder(view),
        count_placeholder=number_text(0, view.counter_style) * len(view.count),
        anchors=body_anchors(view),
    )


def without_count(view: DocumentView) -> DocumentView:
    """The frame's view for the built-in templates, whose cover prints the article count in a
    ``count-number`` element (its style the probe copies): the count is drawn there at
    assembly, as page numbers are, so an article added or removed leaves the cover as it
    was, and it comes from the cache."""
    return dataclasses.replace(view, count="")


def chunk_context(view: DocumentView) -> PartContext:
    """A chunk of articles: running heads set at its top, page numbers kept hidden."""
    return PartContext("chunk", placeholder=number_placeholder(view))


def without_bodies(view: DocumentView) -> DocumentView:
    """The view with its articles' bodies left out: the frame prints none, and a worker
    needs not be sent them."""
    return with_articles(view, {a.anchor: dataclasses.replace(a, blocks=()) for a in view.articles})


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
        start = next(i for i, names in enumerate(frame.anchors) if STAND_IN in names)
    except StopIteration:
        raise PartsUnfit("the frame has no body stand-in (a custom template?)") from None
    end = start + 1
    while end < frame.pages and frame.blank[end]:
        end += 1
    return start, end


def render_parallel(
    view: DocumentView | Callable[[], DocumentView],
    options: Options,
    output: BinaryIO,
    *,
    base_url: str,
    folders: tuple[Path, ...],
    finish: Finish,
    executor: Executor | None = None,
    cache: PartCache | None = None,
    progress: Progress | None = None,
    release: Callable[[], object] | None = None,
    outline: DocumentView | None = None,
) -> int:
    """Render a prepared document view through chunks, a frame, and assembly, into
    ``output``; returns the number of pages.

    ``view`` may be a function making it, and ``outline`` the view without the articles'
    bodies (``document_outline``): the frame and the probe, which need no more, are then
    handed to the workers before the view is made.

    Memory hardly grows with the document: chunks' HTML is made as workers need it, laid-out
    chunks wait on disk, and the assembly writes as it goes. Raises ``PartsUnfit`` when the
    templates do not allow it. ``release`` is called once every part is in (the pool is
    shut down before the assembly, which needs none of its memory).
    """
    duplex = options.print.duplex
    # The built-in templates' running head naming the document is drawn at assembly: a
    # chunk is then the same in a daily digest and in the week's (see ``chunk_views``).
    heads = built_in_templates(options)
    if outline is None:  # made from the whole view, at once
        made = view() if callable(view) else view
        outline, view = without_bodies(made), made

    def job(
        part: DocumentView,
        context: PartContext,
        finished: Finish | None,
        slots: bool = False,
        tagged: bool = options.print.tagged,
        variant: str | None = options.print.pdf_variant,
    ) -> PartJob:
        html = part_html(part, options, context)
        css = styles.get(context.part) or styles.setdefault(
            context.part, part_css(part, options, context)
        )
        return PartJob(html, base_url, folders, finished, slots, css, tagged, variant)

    styles: dict[str, str] = {}
    cover = without_count(outline) if built_in_templates(options) else outline
    framed = frame_context(outline, options)  # the count's placeholder: as many digits
    frame_job = FrameJob(
        job(cover, framed, finish, slots=True),
        cover,
        framed,
        options,
        CONTENTS_SLICE,
        cache,
        SLICE_PAGES,
    )
    with ExitStack() as stack:
        pool = executor or stack.enter_context(worker_pool(options, len(outline.articles) + 2))
        spool = Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="parts-", dir=scratch_folder()))
        )
        runner = _Runner(pool, cache)
        # The frame is the longest part: started first, it does not hold up the end.
        frame_key = runner.submit(frame_job)
        # The probe's glyph runs are copied as folios: no marked content in them.
        probe_key = runner.submit(
            job(
                probe_view(outline),
                probe_context(outline, heads),
                None,
                slots=True,
                tagged=False,
                variant=None,
            )
        )
        del frame_job  # its HTML is with a worker now
        whole = view() if callable(view) else view
        chunks = chunk_views(whole, heads_at_assembly=heads)
        workers = worker_count(options, len(chunks) + 2)
        waiting = iter(chunks)
        chunked = chunk_context(whole)
        chunk_keys: list[str] = []

        def submit_next() -> None:
            chunk = next(waiting, None)
            if chunk is not None:
                chunk_keys.append(runner.submit(job(chunk, chunked, finish)))

        for _ in range(QUEUED_PER_WORKER * workers):
            submit_next()
        if progress:
            progress("chunks", 0, len(chunks))
        parts: list[PdfBytes] = []
        files: list[Path] = []
        warnings: list[str] = []
        tables = PackedTables()
        for number in range(len(chunks)):
            result = runner.result(chunk_keys[number])
            submit_next()
            tables.append(result.pdf.glyphs)
            files.append(spool / f"{number}.pdf")
            files[-1].write_bytes(result.pdf.data)
            parts.append(dataclasses.replace(result.pdf, data=b"", glyphs={}))
            warnings += result.warnings
            if progress:
                progress("chunks", number + 1, len(chunks))
        # The chunks' glyph codes are settled while the frame may still be laid out (after an
        # edit it is often the last part in); the frame and the probe then fit in around them.
        settled = _settled(tables, files, chunk_keys, cache)
        del tables
        framed = runner.result(frame_key)
        probe = runner.result(probe_key).pdf
        if release:  # every part is in: the workers' memory goes back before the assembly
            release()
        for message in [*warnings, *framed.warnings]:
            warn(None, message)
        frame, probe, glyphs = _agreed(framed.pdf, probe, settled)
        start, end = stand_in(frame)
        body = body_of(parts, duplex, back=end < frame.pages)
        _assemble(
            whole,
            frame,
            (start, end),
            parts,
            files,
            body,
            probe,
            glyphs,
            finish,
            cache,
            output,
            (lambda done, total: progress("assembly", done, total)) if progress else None,
        )
    if cache:
        cache.prune()
    return start + len(body.pages) + frame.pages - end


class PackedTables(Sequence[GlyphTexts]):
    """The chunks' glyph tables, pickled until they are read: a 1000-article document has
    250 of them, which as dictionaries would hold tens of megabytes in the main process."""

    def __init__(self, tables: Iterable[GlyphTexts] = ()) -> None:
        self._packed = [pickle.dumps(table, pickle.HIGHEST_PROTOCOL) for table in tables]

    def append(self, table: GlyphTexts) -> None:
        self._packed.append(pickle.dumps(table, pickle.HIGHEST_PROTOCOL))

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, index: int) -> GlyphTexts: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[GlyphTexts]: ...
    def __getitem__(self, index: int | slice) -> GlyphTexts | Sequence[GlyphTexts]:
        if isinstance(index, slice):
            return [pickle.loads(data) for data in self._packed[index]]
        return pickle.loads(self._packed[index])


def _settled(
    chunks: PackedTables, files: list[Path], keys: list[str], cache: PartCache | None
) -> GlyphTexts:
    """One glyph table for all the chunks, their files renumbered where their glyph codes
    differ from it (see ``combine``). A chunk renumbered so in an earlier build is taken from
    the cache: the same chunks agree the same way, and a rebuild finds the same ones."""
    glyphs, renumberings = combine(chunks)
    for path, key, renumbering in zip(files, keys, renumberings, strict=True):
        if not renumbering:
            continue
        done = part_key(key, "renumbered", json.dumps(renumbering, sort_keys=True))
        cached = cache.get(done) if cache else None
        if cached is not None:
            path.write_bytes(cached.pdf.data)
            continue
        data = renumbered(path.read_bytes(), renumbering)
        path.write_bytes(data)
        if cache:
            cache.put(done, PartResult(PdfBytes(data=data, pages=0), ()))
    return glyphs


def _agreed(
    frame: PdfBytes, probe: PdfBytes, settled: GlyphTexts
) -> tuple[PdfBytes, PdfBytes, GlyphTexts]:
    """The document's glyph table: the chunks' ``settled`` one, with the frame's and the
    probe's glyphs fitted in; the frame and the probe renumbered where they must be."""
    glyphs, (for_frame, for_probe) = combine([frame.glyphs, probe.glyphs], settled)
    if for_frame:
        frame = dataclasses.replace(frame, data=renumbered(frame.data, for_frame))
    if for_probe:
        probe = dataclasses.replace(probe, data=renumbered(probe.data, for_probe))
    return frame, probe, glyphs


def _assemble(
    view: DocumentView,
    frame: PdfBytes,
    region: tuple[int, int],
    parts: list[PdfBytes],
    files: list[Path],
    body: Body,
    probe: PdfBytes,
    glyphs: GlyphTexts,
    finish: Finish,
    cache: PartCache | None,
    output: BinaryIO,
    written: Callable[[int, int], None] | None = None,
) -> None:
    """The parts' pages put in order (chunks read from ``files``) into ``output``;
    ``written(done, total)`` is told of the pages as they are copied."""
    start, end = region
    total = start + len(body.pages) + frame.pages - end
    folios: list[bool] = [
        *frame.folios[:start],
        *(parts[part].folios[page] for part, page in body.pages),
        *frame.folios[end:],
    ]
    heads = [False] * start
    heads += [bool(parts[part].heads and parts[part].heads[page]) for part, page in body.pages]
    heads += [False] * (frame.pages - end)
    where = {page: start + index for index, page in enumerate(body.pages)}
    shift = start + len(body.pages) - end
    bookmarks = [entry for entry in frame.bookmarks if entry.page < start]
    for number, part in enumerate(parts):
        bookmarks += [
            dataclasses.replace(entry, page=where[number, entry.page])
            for entry in part.bookmarks
            if (number, entry.page) in where
        ]
    bookmarks += [
        dataclasses.replace(entry, page=entry.page + shift)
        for entry in frame.bookmarks
        if entry.page >= end
    ]
    texts = [
        folio_text(index + 1, total, view.counter_style, view.page.folio_separator)
        if shown
        else None
        for index, shown in enumerate(folios)
    ]
    numbers: list[tuple[int, NumberSlot, str]] = []
    for slot in frame.slots:
        if slot.target == COUNT_TARGET and slot.page < start:  # the cover's article count
            numbers.append((slot.page, slot, view.count))
            continue
        if slot.target not in body.starts or start <= slot.page < end:
            raise PartsUnfit(f"a page number for #{slot.target}, which the body does not hold")
        number = start + body.starts[slot.target] + 1
        if len(str(number)) > view.page.number_digits:
            raise PartsUnfit(f"page {number} has more digits than page-number slots hold")
        page = slot.page if slot.page < start else slot.page + shift
        numbers.append((page, slot, number_text(number, view.counter_style)))
    probed = probe_context(view)  # what the probe printed, to find its glyphs
    try:
        assemble(
            output,
            frame.data,
            region,
            files,
            list(body.pages),
            probe.data,
            texts,
            heads,
            numbers,
            number_placeholder(view),
            bookmarks,
            probe.slots,
            (probed.probe_folio, probed.probe_number),
            finish.right_to_left,
            glyphs,
            cache.folder if cache else None,
            written,
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
        self._wanted: dict[str, int] = {}

    def submit(self, job: PartJob | FrameJob) -> str:
        if isinstance(job, FrameJob):
            part, extra = job.part, f"contents slices {job.entries} {job.pages}"
        else:
            part, extra = job, ""
        key = part_key(
            part.css + part.html,
            repr(part.finish),
            extra,
            f"tagged {part.tagged}",
            f"variant {part.variant}",
        )
        self._wanted[key] = self._wanted.get(key, 0) + 1
        if key in self._done or key in self._pending:
            return key
        cached = self._cache.get(key) if self._cache else None
        if cached is not None:
            self._done[key] = cached
        elif isinstance(job, FrameJob):
            self._pending[key] = self._pool.submit(render_frame, job)
        else:
            self._pending[key] = self._pool.submit(render_part, job)
        return key

    def result(self, key: str) -> PartResult:
        """The part (once for each time it was submitted; then it is forgotten)."""
        if key not in self._done:
            result = self._done[key] = self._pending.pop(key).result()
            if self._cache:
                self._cache.put(key, result)
        self._wanted[key] -= 1
        if self._wanted[key]:
            return self._done[key]
        del self._wanted[key]
        return self._done.pop(key)
