"""The frame of a large document laid out with its long lists in slices, one after another.

WeasyPrint's memory grows with the boxes of one layout, and the frame's lists (executive
summary, contents, sources) have an entry for each article. So the frame's worker lays them
out some entries at a time: each slice drops
its last page and the next one starts with the first entry that page held, on the same side
of the sheet, with the running heads set. Entries do not break across pages, so every page
kept is the page one layout would have made; memory is that of one slice, whatever the
number of articles. The slices' pages are then joined into one frame PDF.

Only the built-in templates are sliced: a slice hides what it does not show by their classes
(its own styles, ``PartContext.window_css``); user templates get their frame in one piece.
"""

from __future__ import annotations

import dataclasses
import math

from .._messages import collected_warnings, warn
from .._resources import templates_dir
from ..options import Options
from ..view.document import DocumentView, GroupView
from ._assemble import concatenate, renumbered
from ._cache import PartCache, part_key
from ._glyph_text import combine
from ._jobs import PartJob, PartResult, lay_out, render_part
from ._layout import PdfBytes
from ._templates import PartContext, part_html

CONTENTS_SLICE = 80
"""List entries the first slice is laid out with (the ones after it are sized by pages,
``SLICE_PAGES``). Each slice is cached on its own, so an article added or removed lays out
again only the slices from its entry on."""
SLICE_PAGES = 3.25
"""Pages of entries a slice after the first is laid out with: three pages kept and the start
of a fourth, which the next slice lays out again from its first entry (what a slice lays out
twice is the page it drops). The frame of 1000 articles alone, in one process (a captured
``FrameJob``, 2026-12-04): slices of 60 entries (two pages and a bit) made 21 slices in
13.3 s at 114 MB; of 80 (three pages and a few entries), 14 slices in 12.6 s at 118 MB; of
100 (four pages, the last short), 14 slices in 15.1 s at 120 MB. Sized by pages, a slice
keeps three pages whatever a page holds (groups, long titles, another paper size)."""
ENTRY_CLASSES = {
    "summary-item": "summary",
    "toc-group": "contents",
    "toc-entry": "contents",
    "source-entry": "sources",
}
"""Classes of the built-in templates' list entries (``partials/``), and the list of each."""
LIST_CLASSES = {
    "summary": 'class="summary"',
    "contents": 'class="contents"',
    "sources": 'class="sources"',
}
"""How each list's element opens in the built-in templates' HTML."""

Item = tuple[str, int, int | None]
"""A list entry: (``summary`` or ``sources``, its index in that list, None), or (``contents``,
group, None) for a group's heading and (``contents``, group, article) for an article's line."""


@dataclasses.dataclass(frozen=True, slots=True)
class FrameJob:
    """The frame, laid out in a worker: in one piece (``part``), or its lists in slices."""

    part: PartJob
    """The whole frame's layout job: used as it is when the lists are short."""
    view: DocumentView
    """The frame's view (articles without their bodies), to make each slice's HTML."""
    context: PartContext
    """The whole frame's context for the engine's templates."""
    options: Options
    entries: int
    """List entries the first slice is laid out with (``CONTENTS_SLICE``)."""
    cache: PartCache | None = None
    """Where slices are kept between builds (the build's part cache)."""
    pages: float = SLICE_PAGES
    """Pages of entries each slice after the first is laid out with (``SLICE_PAGES``)."""


def render_frame(job: FrameJob) -> PartResult:
    """Lay out the frame (runs in a worker process)."""
    items = list_items(job.view, job.part.html)
    if len(items) <= job.entries or not built_in_templates(job.options):
        return render_part(job.part)
    with collected_warnings(quiet=True) as messages:
        pieces = _slices(job, items)
    if pieces is None:  # the entries are not where the built-in templates put them
        return render_part(job.part)
    return PartResult(joined(pieces), tuple(dict.fromkeys(messages)))


def built_in_templates(options: Options) -> bool:
    """Whether the frame is laid out by the built-in templates alone: slices hide what they
    do not show by the built-in templates' classes, and rely on entries kept whole."""
    if options.template not in ("digest", "briefing"):
        return False
    if options.templates is None:
        return True
    folder = templates_dir()
    return not any(
        (options.templates / path.relative_to(folder)).exists()
        for path in folder.rglob("*")
        if path.is_file()
    )


def list_items(view: DocumentView, html: str) -> list[Item]:
    """The entries of the frame's lists, in the order the whole frame's ``html`` has them."""
    lists: dict[str, list[Item]] = {
        "summary": [("summary", index, None) for index in range(len(view.summary))],
        "contents": [],
        "sources": [("sources", index, None) for index in range(len(view.sources))],
    }
    for number, group in enumerate(view.groups):
        if group.title:
            lists["contents"].append(("contents", number, None))
        lists["contents"] += [("contents", number, index) for index in range(len(group.articles))]
    places = {name: html.find(opening) for name, opening in LIST_CLASSES.items()}
    shown = sorted((place, name) for name, place in places.items() if place >= 0)
    return [item for _, name in shown for item in lists[name]]


def css_string(text: str) -> str:
    """``text`` as a CSS string literal, safe inside a ``<style>`` element (no ``<``)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    escaped = escaped.replace("<", "\\3c ").replace(">", "\\3e ")
    return f'"{escaped}"'


def slice_view(
    view: DocumentView,
    context: PartContext,
    items: list[Item],
    start: int,
    stop: int,
    side: str,
    front: bool,
) -> tuple[DocumentView, PartContext]:
    """The frame with the list entries ``items[start:stop]`` only. The ``front`` slice has
    the cover and agenda, the last one the notes; a continuation begins on ``side``, with the
    running strings set at its top. The view holds the entries shown; the context's styles
    hide the parts and titles a slice does not show."""
    taken = items[start:stop]

    def span(kind: str) -> tuple[int, int, bool]:
        """The entries of a summary or sources list shown, and whether the list starts here."""
        numbers = [number for name, number, _ in taken if name == kind]
        if not numbers:
            return (0, 0, False)
        begins = next(item for item in items if item[0] == kind) in taken
        return (numbers[0], numbers[-1] + 1, begins)

    groups: list[GroupView] = []
    for _, number, index in (item for item in taken if item[0] == "contents"):
        group = view.groups[number]
        if index is None:
            groups.append(GroupView(group.anchor, group.title, ()))
        elif groups and groups[-1].anchor == group.anchor:
            last = groups[-1]
            groups[-1] = dataclasses.replace(last, articles=(*last.articles, group.articles[index]))
        else:
            groups.append(GroupView(group.anchor, None, (group.articles[index],)))
    contents = [item for item in items if item[0] == "contents"]
    summary, sources = span("summary"), span("sources")
    anchors = [
        anchor
        for group in groups
        for anchor in ([group.anchor] if group.title else []) + [a.anchor for a in group.articles]
    ]
    anchors += [article.anchor for article in view.summary[summary[0] : summary[1]]]
    hidden = []
    if not front:
        hidden += [".cover", ".agenda"]
    if stop != len(items):
        hidden.append(".notes")
    for name, (first, last, begins) in (("summary", summary), ("sources", sources)):
        if first == last:
            hidden.append(f".{name}")
        elif not begins:
            hidden.append(f".{name} > .part-title")
    if not groups:
        hidden.append(".contents")
    elif contents[0] not in taken:
        hidden.append(".contents-title")
    rules = [f"{', '.join(hidden)} {{ display: none !important; }}"] if hidden else []
    if not front:
        opens = items[start][0]
        marking = view.briefing.classification
        strings = f"doc-title {css_string(view.running_head)}"
        if marking:
            strings += f", classification {css_string(marking)}"
        rules += [
            f"html {{ break-before: {side} !important; }}",
            f".{opens} {{ break-before: auto !important; }}",
            f"body {{ string-set: {strings}; }}",
        ]
    before_sources = bool(contents) and items.index(contents[-1]) >= start
    shown = dataclasses.replace(
        view,
        groups=tuple(groups),
        summary=view.summary[summary[0] : summary[1]],
        sources=view.sources[sources[0] : sources[1]],
    )
    if not front:
        # What only the cover and the PDF's metadata show, both the front slice's: a
        # continuation that holds the same entries is then the same slice, whatever the
        # number of articles (and so is cached across edits elsewhere).
        shown = dataclasses.replace(shown, count_text="", count="", description="", keywords="")
    return shown, dataclasses.replace(
        context,
        stand_in=before_sources or not contents,
        anchors=tuple(dict.fromkeys(anchors)),
        window_css="\n".join(rules),
    )


def _slices(job: FrameJob, items: list[Item]) -> list[tuple[PdfBytes, int]] | None:
    """Each slice laid out, with the number of its pages kept; None when the entries laid out
    are not those asked for."""
    view = job.view
    first_side = "right" if view.dir == "ltr" else "left"  # WeasyPrint's first page
    pieces: list[tuple[PdfBytes, int]] = []
    start, size, side = 0, job.entries, ""
    # The cover (and agenda) on their own, with the first entry only to find where the lists
    # begin: what changes the cover (its title, date, groups) then leaves the lists' first
    # slice as it was. The article count it shows is drawn at assembly (``without_count``).
    shown, context = slice_view(view, job.context, items, 0, 1, "", True)
    pdf = _slice(job, part_html(shown, job.options, context))
    pages = _pages_of(pdf, [items[0][0]])
    if pages is None:
        return None
    if pages[0]:
        pieces.append((pdf, pages[0]))
        side = first_side if pages[0] % 2 == 0 else _other(first_side)
    front = not pages[0]  # no page before the lists: the first slice has the cover
    while True:
        stop = min(start + size, len(items))
        shown, context = slice_view(view, job.context, items, start, stop, side, front)
        pdf = _slice(job, part_html(shown, job.options, context))
        pages = _pages_of(pdf, [kind for kind, _, _ in items[start:stop]])
        if pages is None:
            return None
        if stop == len(items):
            pieces.append((pdf, pdf.pages))
            return pieces
        last = pages[-1]
        restart = start + pages.index(last)  # the first entry on the last page
        if restart == start:  # all on one page: the slice must be longer
            size *= 2
            continue
        pieces.append((pdf, last))
        began = side or first_side
        side = began if last % 2 == 0 else _other(began)
        per_page = (restart - start) / (last - pages[0])  # entries on a page kept
        size = max(2, math.ceil(per_page * job.pages))
        start, front = restart, False


def _other(side: str) -> str:
    return "left" if side == "right" else "right"


def _slice(job: FrameJob, html: str) -> PdfBytes:
    """One slice laid out, or from the cache (slices before an edit are those of the last
    build, as are those after it once the pages fall as they did)."""
    part = job.part
    key = part_key(
        part.css + html,
        repr(part.finish),
        "frame slice",
        f"tagged {part.tagged}",
        f"variant {part.variant}",
    )
    cached = job.cache.get(key) if job.cache else None
    if cached is not None and cached.pdf.entries:
        for message in cached.warnings:  # told again, as a layout would
            warn(None, message)
        return cached.pdf
    with collected_warnings() as messages:
        pdf = lay_out(part, html, frozenset(ENTRY_CLASSES))
    if job.cache:
        job.cache.put(key, PartResult(pdf, tuple(messages)))
    return pdf


def _pages_of(pdf: PdfBytes, wanted: list[str]) -> list[int] | None:
    """The page each wanted entry (by list) starts on; None unless the entries laid out are
    those, in that order."""
    found = [
        (page, ENTRY_CLASSES[name]) for page, names in enumerate(pdf.entries) for name in names
    ]
    if [kind for _, kind in found] != wanted:
        return None
    return [page for page, _ in found]


def joined(pieces: list[tuple[PdfBytes, int]]) -> PdfBytes:
    """The first ``keep`` pages of each piece, in order, as one PDF: the first piece's catalog
    and metadata; named destinations of the pages kept."""
    anchors: list[tuple[str, ...]] = []
    blank: list[bool] = []
    folios: list[bool] = []
    heads: list[bool] = []
    bookmarks = []
    slots = []
    for pdf, keep in pieces:
        offset = len(anchors)
        anchors += pdf.anchors[:keep]
        blank += pdf.blank[:keep]
        folios += pdf.folios[:keep]
        heads += pdf.heads[:keep]
        bookmarks += [
            dataclasses.replace(mark, page=mark.page + offset)
            for mark in pdf.bookmarks
            if mark.page < keep
        ]
        slots += [
            dataclasses.replace(slot, page=slot.page + offset)
            for slot in pdf.slots
            if slot.page < keep
        ]
    glyphs, renumberings = combine([pdf.glyphs for pdf, _ in pieces])
    data = [
        (renumbered(pdf.data, renumbering) if renumbering else pdf.data, keep)
        for (pdf, keep), renumbering in zip(pieces, renumberings, strict=True)
    ]
    return PdfBytes(
        data=concatenate(data),
        pages=len(anchors),
        anchors=tuple(anchors),
        blank=tuple(blank),
        glyphs=glyphs,
        folios=tuple(folios),
        heads=tuple(heads),
        bookmarks=tuple(bookmarks),
        slots=tuple(slots),
        joined=len(pieces),
    )
