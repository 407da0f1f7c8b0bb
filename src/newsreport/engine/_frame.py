"""The frame of a large document laid out with its long lists in slices, one after another.

WeasyPrint's memory grows with the boxes of one layout, and the frame's lists (executive
summary, contents, sources) have an entry for each article. So the frame's worker lays them
out some entries at a time: each slice drops
its last page and the next one starts with the first entry that page held, on the same side
of the sheet, with the running heads set. Entries do not break across pages, so every page
kept is the page one layout would have made; memory is that of one slice, whatever the
number of articles. The slices' pages are then joined into one frame PDF.

Templates that do not lay out windows (``DocumentView.window``) get their frame in one piece.
"""

from __future__ import annotations

import dataclasses

from .._messages import collected_warnings
from .._resources import templates_dir
from ..options import Options
from ..view.document import DocumentView, GroupView, Window, render_view_html
from ._assemble import concatenate
from ._glyph_text import merge_glyph_texts
from ._jobs import PartJob, PartResult, lay_out, render_part
from ._layout import PdfBytes

CONTENTS_SLICE = 120
"""List entries laid out at a time: five pages or so of contents, a few seconds of layout."""
ENTRY_IDS = {"summary": "nr-sum-", "contents": "nr-toc-", "sources": "nr-src-"}
"""Prefix of the ids of each list's entries in the frame (``partials/``)."""

Item = tuple[str, int, int | None]
"""A list entry: (``summary`` or ``sources``, article, None), or (``contents``, group, None)
for a group's heading and (``contents``, group, article) for an article's line."""


@dataclasses.dataclass(frozen=True, slots=True)
class FrameJob:
    """The frame, laid out in a worker: in one piece (``part``), or its lists in slices."""

    part: PartJob
    """The whole frame's layout job: used as it is when the lists are short."""
    view: DocumentView
    """The frame's view (articles without their bodies), to make each slice's HTML."""
    options: Options
    entries: int
    """List entries a slice starts with (``CONTENTS_SLICE``)."""


def render_frame(job: FrameJob) -> PartResult:
    """Lay out the frame (runs in a worker process)."""
    items = list_items(job.view, job.part.html)
    if len(items) <= job.entries or not built_in_templates(job.options):
        return render_part(job.part)
    with collected_warnings(quiet=True) as messages:
        pieces = _slices(job, items)
    if pieces is None:  # the templates ignore windows
        return render_part(job.part)
    return PartResult(joined(pieces), tuple(dict.fromkeys(messages)))


def built_in_templates(options: Options) -> bool:
    """Whether the frame is laid out by the built-in templates alone: a user's template (one
    file of them is enough) may not keep to windows, nor entries to their pages."""
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
        "summary": [("summary", index, None) for index in range(len(view.articles))],
        "contents": [],
        "sources": [
            ("sources", index, None)
            for index, article in enumerate(view.articles)
            if article.source_url is not None
        ],
    }
    for number, group in enumerate(view.groups):
        if group.title:
            lists["contents"].append(("contents", number, None))
        lists["contents"] += [("contents", number, index) for index in range(len(group.articles))]
    places = {name: html.find(f'id="{prefix}') for name, prefix in ENTRY_IDS.items()}
    shown = sorted((place, name) for name, place in places.items() if place >= 0)
    return [item for _, name in shown for item in lists[name]]


def _entry_id(view: DocumentView, item: Item) -> str:
    kind, number, index = item
    if kind != "contents":
        return ENTRY_IDS[kind] + view.articles[number].anchor
    group = view.groups[number]
    anchor = group.anchor if index is None else group.articles[index].anchor
    return ENTRY_IDS[kind] + anchor


def slice_view(
    view: DocumentView, items: list[Item], start: int, stop: int, side: str
) -> DocumentView:
    """The frame with the list entries ``items[start:stop]`` only. The first slice has the
    cover and agenda, the last one the notes; a continuation (start past 0) begins on
    ``side``, with the running strings at the head of the list it opens."""
    taken = items[start:stop]

    def span(kind: str) -> tuple[int, int]:
        """The articles of a summary or sources list shown: from 0 when its first is."""
        numbers = [number for name, number, _ in taken if name == kind]
        if not numbers:
            return (0, 0)
        begins = next(item for item in items if item[0] == kind) in taken
        return (0 if begins else numbers[0], numbers[-1] + 1)

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
    summary = span("summary")
    anchors = [
        anchor
        for group in groups
        for anchor in ([group.anchor] if group.title else []) + [a.anchor for a in group.articles]
    ]
    anchors += [article.anchor for article in view.articles[summary[0] : summary[1]]]
    opens = items[start][0] if start else ""
    before_sources = bool(contents) and items.index(contents[-1]) >= start
    window = Window(
        first=start == 0,
        last=stop == len(items),
        side=side,
        opens=opens,
        summary=summary,
        contents=bool(groups),
        contents_title=bool(contents) and contents[0] in taken,
        stand_in=before_sources or not contents,
        anchors=tuple(dict.fromkeys(anchors)),
        sources=span("sources"),
    )
    return dataclasses.replace(view, groups=tuple(groups), window=window)


def _slices(job: FrameJob, items: list[Item]) -> list[tuple[PdfBytes, int]] | None:
    """Each slice laid out, with the number of its pages kept; None when the templates do not
    lay out the window asked for."""
    view = job.view
    first_side = "right" if view.dir == "ltr" else "left"  # WeasyPrint's first page
    pieces: list[tuple[PdfBytes, int]] = []
    start, size, side = 0, job.entries, ""
    while True:
        stop = min(start + size, len(items))
        html = render_view_html(
            slice_view(view, items, start, stop, side), job.options, inline_styles=False
        )
        pdf = lay_out(job.part, html)
        wanted = [_entry_id(view, item) for item in items[start:stop]]
        pages = _pages_of(pdf, wanted)
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
        side = began if last % 2 == 0 else ("left" if began == "right" else "right")
        start = restart


def _pages_of(pdf: PdfBytes, wanted: list[str]) -> list[int] | None:
    """The page each wanted entry starts on; None if any is missing or others are there."""
    prefixes = tuple(ENTRY_IDS.values())
    found: dict[str, int] = {}
    for page, names in enumerate(pdf.anchors):
        for name in names:
            if name.startswith(prefixes):
                found.setdefault(name, page)
    if len(found) != len(wanted) or any(name not in found for name in wanted):
        return None
    return [found[name] for name in wanted]


def joined(pieces: list[tuple[PdfBytes, int]]) -> PdfBytes:
    """The first ``keep`` pages of each piece, in order, as one PDF: the first piece's catalog
    and metadata; named destinations of the pages kept."""
    anchors: list[tuple[str, ...]] = []
    blank: list[bool] = []
    folios: list[bool] = []
    bookmarks = []
    slots = []
    for pdf, keep in pieces:
        offset = len(anchors)
        anchors += pdf.anchors[:keep]
        blank += pdf.blank[:keep]
        folios += pdf.folios[:keep]
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
    return PdfBytes(
        data=concatenate([(pdf.data, keep) for pdf, keep in pieces]),
        pages=len(anchors),
        anchors=tuple(anchors),
        blank=tuple(blank),
        glyphs=merge_glyph_texts([pdf.glyphs for pdf, _ in pieces]),
        folios=tuple(folios),
        bookmarks=tuple(bookmarks),
        slots=tuple(slots),
    )
