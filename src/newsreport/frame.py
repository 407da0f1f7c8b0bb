"""The frame of a large document laid out with a long contents in slices, one after another.

WeasyPrint's memory grows with the boxes of one layout, and a contents has a line for each
article. So the frame's worker lays out the contents some entries at a time: each slice drops
its last page and the next one starts with the first entry that page held, on the same side
of the sheet, with the running heads set. Entries do not break across pages, so every page
kept is the page one layout would have made; memory is that of one slice, whatever the
number of articles. The slices' pages are then joined into one frame PDF.

Templates that do not lay out windows (``DocumentView.window``) get their frame in one piece.
"""

from __future__ import annotations

import dataclasses

from .assemble import concatenate
from .fidelity import merge_glyph_texts
from .html import DocumentView, GroupView, Window, render_view_html
from .messages import collected_warnings
from .options import Options
from .parts import PartJob, PartResult, lay_out, render_part
from .pdf import PdfBytes

CONTENTS_SLICE = 120
"""Contents entries laid out at a time: five pages or so, a few seconds of layout."""
ENTRY_ID = "nr-toc-"
"""Prefix of the frame's contents entries' ids (``partials/contents.html``)."""

Item = tuple[int, int | None]
"""A contents entry: a group's heading (group, None) or an article's line (group, article)."""


@dataclasses.dataclass(frozen=True, slots=True)
class FrameJob:
    """The frame, laid out in a worker: in one piece (``part``), or its contents in slices."""

    part: PartJob
    """The whole frame's layout job: used as it is when the contents is short."""
    view: DocumentView
    """The frame's view (articles without their bodies), to make each slice's HTML."""
    options: Options
    entries: int
    """Contents entries a slice starts with (``CONTENTS_SLICE``)."""


def render_frame(job: FrameJob) -> PartResult:
    """Lay out the frame (runs in a worker process)."""
    items = contents_items(job.view)
    if len(items) <= job.entries:
        return render_part(job.part)
    with collected_warnings(quiet=True) as messages:
        pieces = _slices(job, items)
    if pieces is None:  # the templates ignore windows
        return render_part(job.part)
    return PartResult(joined(pieces), tuple(dict.fromkeys(messages)))


def contents_items(view: DocumentView) -> list[Item]:
    """The contents' entries in order: each group's heading (when it has one), its articles."""
    items: list[Item] = []
    for number, group in enumerate(view.groups):
        if group.title:
            items.append((number, None))
        items += [(number, index) for index in range(len(group.articles))]
    return items


def _entry_id(view: DocumentView, item: Item) -> str:
    group = view.groups[item[0]]
    anchor = group.anchor if item[1] is None else group.articles[item[1]].anchor
    return ENTRY_ID + anchor


def slice_view(
    view: DocumentView, items: list[Item], start: int, stop: int, side: str
) -> DocumentView:
    """The frame with the contents entries ``items[start:stop]`` only; a continuation (start
    past 0) begins on ``side`` with the running strings instead of the cover and front parts."""
    groups: list[GroupView] = []
    for number, index in items[start:stop]:
        group = view.groups[number]
        if index is None:
            groups.append(GroupView(group.anchor, group.title, ()))
        elif groups and groups[-1].anchor == group.anchor:
            last = groups[-1]
            groups[-1] = dataclasses.replace(last, articles=(*last.articles, group.articles[index]))
        else:
            groups.append(GroupView(group.anchor, None, (group.articles[index],)))
    anchors = [
        anchor
        for group in groups
        for anchor in ([group.anchor] if group.title else []) + [a.anchor for a in group.articles]
    ]
    if start == 0:  # front parts (an executive summary) may link to any article
        held = set(anchors)
        anchors += [article.anchor for article in view.articles if article.anchor not in held]
    window = Window(first=start == 0, last=stop == len(items), side=side, anchors=tuple(anchors))
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
    found: dict[str, int] = {}
    for page, names in enumerate(pdf.anchors):
        for name in names:
            if name.startswith(ENTRY_ID):
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
