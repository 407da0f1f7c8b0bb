"""The assembly: a document put together from separately laid-out parts, with pikepdf.

Pages are copied part by part straight into the output (``_pdf_writer``), one part open at a
time, so memory does not grow with the document. Parts rendered separately each embed whole
fonts (with their glyph text counts); here each font is subset once, to the union of glyphs
every part used, and shared by all of them, so the document carries one copy of each font,
like a single render. Identical images are kept once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pikepdf

from . import _internals
from ._folios import Composer, FolioError, Operation, Probe
from ._fonts import (
    FONT_STUB,
    bundled_font_files,
    cached_subset,
    cid_widths,
    composites,
    font_file_hash,
    font_key,
    to_unicode_cmap,
)
from ._glyph_text import Copy, CopyKey, GlyphTexts, Renumbering, copy_width
from ._layout import Bookmark, NumberSlot
from ._pdf_writer import PdfWriter, Reference, number, serialize, stream_entries, unparsed
from ._pdf_writer import entries as serialize_entries
from ._pdf_writer import name as _name
from ._structure import SourceTree, Structure
from ._text_ops import renumber
from ._truetype import add_composites

FRAME = -1
"""The frame's number where pages are told by (part, page)."""


def assemble(
    output: BinaryIO,
    frame: bytes,
    stand_in: tuple[int, int],
    parts: list[Path],
    body: list[tuple[int, int]],
    probe: bytes,
    folios: list[str | None],
    heads: list[bool],
    numbers: list[tuple[int, NumberSlot, str]],
    placeholder: str,
    bookmarks: list[Bookmark],
    probe_slots: tuple[NumberSlot, ...],
    probe_texts: tuple[str, str],
    right_to_left: bool,
    glyphs: GlyphTexts,
    font_cache: Path | None = None,
    written: Callable[[int, int], None] | None = None,
) -> None:
    """Write to ``output`` the frame PDF with its stand-in pages replaced by the body's chunk
    pages, folios drawn, outline and named destinations rebuilt, images shared, fonts merged
    and subset.

    ``body`` lists the (part, page) of each body page; ``folios`` the folio of each page of
    the result (None for none) and ``heads`` whether the probe's running head is drawn on it;
    ``numbers`` the page numbers to draw in slots, by page of the result; ``bookmarks`` are
    numbered in pages of the result. ``written(done, total)`` is
    told of the pages as they are copied (every few pages, and the last).
    """
    start, end = stand_in
    writer = PdfWriter(output)
    glyphs = {
        key: dataclasses.replace(table, copies=dict(table.copies)) for key, table in glyphs.items()
    }
    with pikepdf.open(io.BytesIO(frame)) as framed, pikepdf.open(io.BytesIO(probe)) as probed:
        drawer = Probe(probed, probe_slots, probe_texts, right_to_left, _composer(glyphs))
        plan = [
            *((FRAME, index) for index in range(start)),
            *body,
            *((FRAME, index) for index in range(end, len(framed.pages))),
        ]
        copier = _Copier(writer, plan, glyphs)
        structure = Structure(writer)
        frame_source = copier.source(FRAME, framed)
        structure.adopt(frame_source)
        probe_source = copier.source(None, probed)
        extras: dict[str, dict[str, bytes]] = {}
        for name, (kind, item) in drawer.resources.items():
            extras.setdefault(kind, {})[str(name)] = probe_source.reference(item)
        probe_source.drain()
        # Drawn page by page: operations for every number at once would take memory.
        placed: dict[int, list[tuple[NumberSlot, str]]] = {}
        for index, slot, text in numbers:
            placed.setdefault(index, []).append((slot, text))
        save, restore = writer.add_stream(b"", b"q"), writer.add_stream(b"", b"Q")  # for all pages
        heads_drawn: dict[int, Reference] = {}
        """The running head of each side, one stream for all its pages."""
        with contextlib.ExitStack() as opened:
            current = -2
            source = frame_source
            for index, (part, page_index) in enumerate(plan):
                if part != current:
                    opened.close()  # one part open at a time
                    current = part
                    if part == FRAME:
                        source = frame_source
                    else:
                        pdf = opened.enter_context(pikepdf.open(parts[part]))
                        source = copier.source(part, pdf)
                        structure.adopt(source)
                page = source.pdf.pages[page_index]
                if index in placed:
                    spans = [
                        (slot, drawer.span(slot, placeholder), drawer.span(slot, text))
                        for slot, text in placed[index]
                    ]
                    _fit_links(page, spans)
                folio = folios[index]
                contents: list[Reference] | None = None
                if index in placed or folio is not None or heads[index]:
                    if index in placed:
                        drawn_numbers = [
                            (slot, drawer.number(slot, text)) for slot, text in placed[index]
                        ]
                        content = _numbers_in_place(page, drawn_numbers)
                        kept = [writer.add_stream(b"", content, compress=True)]
                    else:
                        kept = source.contents(page)
                    # Then, as WeasyPrint draws margin boxes: the running head, the folio.
                    contents = [save, *kept, restore]
                    if heads[index]:
                        side = index % 2
                        if side not in heads_drawn:
                            head = _artifact(drawer.head(index), structure.tagged)
                            heads_drawn[side] = writer.add_stream(b"", head, compress=True)
                        contents.append(heads_drawn[side])
                    if folio is not None:
                        drawn = _artifact(drawer.folio(index, folio), structure.tagged)
                        contents.append(writer.add_stream(b"", drawn, compress=True))
                structure.page(source, page.obj)
                source.write_page(page, copier.pages[index], contents, extras if contents else {})
                source.drain()
                if written and (index % 8 == 7 or index + 1 == len(plan)):
                    written(index + 1, len(plan))
        structure.write()
        root = _write_catalog(writer, copier, frame_source, bookmarks)
        info = framed.trailer.get("/Info")
        info_reference = frame_source.number(info) if info is not None else None
        frame_source.drain()
        copier.write_fonts(font_cache)
    writer.finish(root, info_reference)


def _composer(glyphs: GlyphTexts) -> Composer:
    """Glyphs added to the document's fonts for the numbers drawn at assembly, one for each
    distinct number (see ``Composer``): ``glyphs`` (the document's tables) gets them."""
    made: dict[tuple[str, CopyKey], int] = {}
    free: dict[str, int] = {}
    """Font → the next id no glyph has."""

    def compose(
        key: str, glyph_ids: tuple[int, ...], advances: tuple[float, ...], text: str
    ) -> int | None:
        table = glyphs.get(key)
        if table is None:
            return None
        offsets = []
        x = 0.0
        for advance in advances:
            offsets.append((round(x * table.upem / 1000), 0))
            x += advance
        wanted = (glyph_ids, tuple(offsets), text, len(glyph_ids))
        found = made.get((key, wanted))
        if found is None:
            if key not in free:
                free[key] = max([table.glyph_count - 1, *table.copies]) + 1
            found = free[key]
            if found > 0xFFFF:
                return None
            free[key] += 1
            table.copies[found] = Copy(*wanted[:3], round(x, 4), len(glyph_ids))
            made[key, wanted] = found
        return found

    return compose


def _artifact(operations: bytes, tagged: bool) -> bytes:
    """Drawn content that is not the document's: a tagged PDF's readers skip it."""
    return b"/Artifact BMC\n%s\nEMC" % operations if tagged else operations


def concatenate(pieces: list[tuple[bytes, int]]) -> bytes:
    """The first ``keep`` pages of each PDF in ``pieces``, in order, as one PDF: the first's
    catalog and Info, the named destinations of the pages kept. Fonts are copied as they are
    (the assembly merges them), identical images once; one piece open at a time."""
    output = io.BytesIO()
    writer = PdfWriter(output)
    plan = [(number, page) for number, (_, keep) in enumerate(pieces) for page in range(keep)]
    copier = _Copier(writer, plan, {})
    structure = Structure(writer)
    with pikepdf.open(io.BytesIO(pieces[0][0])) as head:
        head_source = copier.source(0, head)
        structure.adopt(head_source)
        done = 0
        for number, (data, keep) in enumerate(pieces):
            with contextlib.ExitStack() as opened:
                source = head_source
                if number:
                    pdf = opened.enter_context(pikepdf.open(io.BytesIO(data)))
                    source = copier.source(number, pdf)
                    structure.adopt(source)
                for index in range(keep):
                    page = source.pdf.pages[index]
                    structure.page(source, page.obj)
                    source.write_page(page, copier.pages[done + index], None, {})
                    source.drain()
                done += keep
        structure.write()
        root = _write_catalog(writer, copier, head_source, [])
        info = head.trailer.get("/Info")
        info_reference = head_source.number(info) if info is not None else None
        head_source.drain()
    writer.finish(root, info_reference)
    return output.getvalue()


@dataclasses.dataclass
class _Font:
    """A font file every part embeds, written once at the end with the glyphs of all."""

    font: Reference
    descendant: Reference
    descriptor: Reference
    content: bytes
    font_entries: bytes
    descendant_entries: bytes
    descriptor_entries: bytes
    widths: dict[int, float] = dataclasses.field(default_factory=dict)


class _Copier:
    """What all parts share while their pages are copied: page numbers, fonts and images."""

    def __init__(self, writer: PdfWriter, plan: list[tuple[int, int]], glyphs: GlyphTexts) -> None:
        self.writer = writer
        self.glyphs = glyphs
        self.pages = [writer.reserve() for _ in plan]
        """Object number of each page of the result."""
        self.tree = writer.reserve()
        self._plan: dict[int, dict[int, Reference]] = {}
        for index, (part, page) in enumerate(plan):
            self._plan.setdefault(part, {})[page] = self.pages[index]
        self.fonts: dict[str, _Font] = {}
        self.images: dict[tuple[bytes, str], Reference] = {}
        self.destinations: list[tuple[str, bytes]] = []

    def source(self, part: int | None, pdf: pikepdf.Pdf) -> _Source:
        planned = self._plan.get(part, {}) if part is not None else {}
        source = _Source(self, pdf, planned)
        if part is not None:
            for name, target in destinations(pdf):
                page = source.page_numbers.get(target[0].objgen)
                if page is None or name.startswith("nr-"):  # our own ids, not the document's
                    continue
                rest = b" ".join(serialize(item, source.reference) for item in list(target)[1:])
                self.destinations.append((name, b"[%d 0 R %s]" % (page, rest)))
            source.drain()
        return source

    def write_fonts(self, font_cache: Path | None) -> None:
        """Each font once: subset to every glyph the parts drew, with one text map."""
        writer = self.writer
        for key, font in self.fonts.items():
            table = self.glyphs[key]
            mapping = table.mapping()
            drawn = set(table.used)
            for copy in table.copies.values():
                drawn.update(copy.glyphs)
            subset = cached_subset(font.content, key, frozenset(drawn), font_cache)
            # The parts' own added glyphs are dropped: the table holds the document's.
            widths = {g: w for g, w in font.widths.items() if g < table.glyph_count}
            for glyph, copy in table.copies.items():
                widths[glyph] = copy_width(copy.key, widths, table.upem)
            if table.copies:
                subset = add_composites(subset, composites(table.copies, widths, table.upem))
            file = writer.add_stream(b"/Length1 %d" % len(subset), subset, compress=True)
            cmap = writer.add_stream(b"", to_unicode_cmap(mapping), compress=True)
            widths_entries = b"".join(
                b"%d[%s]" % (glyph, number(round(widths[glyph], 4))) for glyph in sorted(widths)
            )
            writer.add(
                b"<<%s/FontFile2 %d 0 R>>" % (font.descriptor_entries, file), font.descriptor
            )
            writer.add(
                b"<<%s/W[%s]/FontDescriptor %d 0 R>>"
                % (font.descendant_entries, widths_entries, font.descriptor),
                font.descendant,
            )
            writer.add(
                b"<<%s/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>"
                % (font.font_entries, font.descendant, cmap),
                font.font,
            )


class _Source:
    """One PDF whose objects are being copied: its object numbers in the result."""

    def __init__(self, copier: _Copier, pdf: pikepdf.Pdf, planned: dict[int, Reference]) -> None:
        self.copier = copier
        self.pdf = pdf
        self.page_numbers: dict[tuple[int, int], Reference | None] = {
            page.obj.objgen: planned.get(index) for index, page in enumerate(pdf.pages)
        }
        self._numbers: dict[tuple[int, int], Reference] = {}
        self._queue: list[tuple[Reference, pikepdf.Object]] = []
        self.structure: SourceTree | None = None
        """Its structure tree, as ``Structure.adopt`` read it (a tagged PDF)."""
        with contextlib.suppress(AttributeError):
            self._numbers[pdf.Root.Pages.objgen] = copier.tree

    def alias(self, item: pikepdf.Object, number_: Reference) -> None:
        """Let ``item`` (an indirect object of this PDF) be the result's object ``number_``,
        which the caller writes: it is not copied."""
        self._numbers[item.objgen] = number_

    def reference(self, item: pikepdf.Object) -> bytes:
        """``N 0 R`` for an indirect object of this PDF, copied to the result (``null`` for a
        page the result leaves out)."""
        found = self.number(item)
        return b"null" if found is None else b"%d 0 R" % found

    def value(self, item: pikepdf.Object) -> bytes:
        """A value of this PDF as the result writes it: ``reference`` for an indirect object,
        else as qpdf writes it, the references in it renumbered (``unparsed``, in C++)."""
        if not isinstance(item, pikepdf.Object):  # a number or a boolean, as pikepdf gives it
            return serialize(item, self.reference)
        if item.is_indirect:
            return self.reference(item)
        return unparsed(item, self._renumbered)

    def _renumbered(self, objgen: tuple[int, int]) -> bytes:
        """``reference`` for the object (number, generation) of this PDF, which is read only
        when it was not met before."""
        found = self._numbers.get(objgen)
        if found is None:
            return self.reference(self.pdf.get_object(objgen))
        return b"%d 0 R" % found

    def number(self, item: pikepdf.Object) -> Reference | None:
        """The result's number for an indirect object of this PDF (queued to be copied)."""
        key = item.objgen
        if key in self.page_numbers:
            return self.page_numbers[key]
        found = self._numbers.get(key)
        if found is None:
            found = self._shared(item)
            if found is None:
                found = self.copier.writer.reserve()
                self._queue.append((found, item))
            self._numbers[key] = found
        return found

    def _shared(self, item: pikepdf.Object) -> Reference | None:
        """The result's object for a merged font or an image met before, if it is one."""
        kind = _internals.object_kind(item)
        if kind == "dictionary" and item.get("/Subtype") == "/Type0":
            return self._font(item)
        if kind == "stream" and item.get("/Subtype") == "/Image" and "/SMask" not in item:
            raw = item.read_raw_bytes()
            described = repr(sorted((k, str(v)) for k, v in item.items()))
            key = (hashlib.sha256(raw).digest(), described)
            images = self.copier.images
            if key in images:
                return images[key]
            images[key] = self.copier.writer.reserve()
            self._queue.append((images[key], item))
            return images[key]
        return None

    def _font(self, item: pikepdf.Object) -> Reference | None:
        descendant = item.DescendantFonts[0]
        descriptor = descendant.get("/FontDescriptor")
        stream = descriptor.get("/FontFile2") if descriptor is not None else None
        if stream is None:
            return None
        content = stream.read_bytes()
        if content.startswith(FONT_STUB):
            key = content[len(FONT_STUB) :].decode("ascii")
        else:
            key = font_file_hash(content)
        if key not in self.copier.glyphs:
            return None  # not embedded whole by a part: copied as it is
        font = self.copier.fonts.get(key)
        if font is None:
            if content.startswith(FONT_STUB):
                content = bundled_font_files()[key]
            writer = self.copier.writer
            font = self.copier.fonts[key] = _Font(
                writer.reserve(),
                writer.reserve(),
                writer.reserve(),
                content,
                self._entries(item, ("/DescendantFonts", "/ToUnicode")),
                self._entries(descendant, ("/W", "/FontDescriptor")),
                self._entries(descriptor, ("/FontFile2",)),
            )
        font.widths.update(cid_widths(descendant.get("/W", pikepdf.Array())))
        return font.font

    def _entries(self, item: pikepdf.Object, left_out: tuple[str, ...]) -> bytes:
        return serialize_entries(item, self.reference, left_out)

    def contents(self, page: pikepdf.Page) -> list[Reference]:
        """The page's content streams, copied as they are (compressed, never read)."""
        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        return [number for stream in streams if (number := self.number(stream)) is not None]

    def write_page(
        self,
        page: pikepdf.Page,
        number_: Reference,
        contents: list[Reference] | None,
        extras: dict[str, dict[str, bytes]],
    ) -> None:
        """The page object, in the result's page tree, with new contents and resources."""
        entries = [b"/Parent %d 0 R" % self.copier.tree]
        for key in sorted(page.obj.keys()):
            if key == "/Parent" or (key == "/Contents" and contents is not None):
                continue
            if key == "/Resources" and extras:
                continue
            entries.append(b"%s %s" % (_name(key), self.value(page.obj[key])))
        if contents is not None:
            entries.append(b"/Contents[%s]" % b" ".join(b"%d 0 R" % c for c in contents))
        if extras:
            entries.append(b"/Resources " + self._resources(page.obj.get("/Resources"), extras))
        self.copier.writer.add(b"<<%s>>" % b"".join(entries), number_)

    def _resources(
        self, resources: pikepdf.Object | None, extras: dict[str, dict[str, bytes]]
    ) -> bytes:
        """The page's resources with the folio's and page numbers' own added."""
        kinds = sorted(resources.keys()) if resources is not None else []
        entries = []
        for kind in dict.fromkeys([*kinds, *extras]):
            if kind not in extras:
                entries.append(b"%s %s" % (_name(kind), self.value(resources[kind])))
                continue
            own = resources[kind] if kind in kinds else {}
            items = [
                b"%s %s" % (_name(name), self.value(own[name]))
                for name in sorted(own.keys())
                if name not in extras[kind]
            ]
            items += [b"%s %s" % (_name(name), item) for name, item in extras[kind].items()]
            entries.append(b"%s<<%s>>" % (_name(kind), b"".join(items)))
        return b"<<%s>>" % b"".join(entries)

    def drain(self) -> None:
        """Write every object met so far (and those they lead to)."""
        writer = self.copier.writer
        while self._queue:
            number_, item = self._queue.pop()
            kind = _internals.object_kind(item)
            if kind == "stream":
                kept = stream_entries(item, self._renumbered)
                if kept is None:
                    kept = serialize_entries(item, self.reference, ("/Length",))
                writer.add_stream(kept, item.read_raw_bytes(), number_)
            elif kind in ("dictionary", "array"):
                writer.add(unparsed(item, self._renumbered), number_)
            else:
                writer.add(item.unparse(), number_)


def destinations(document: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    """WeasyPrint's named destinations: one flat, sorted ``/Names`` array."""
    try:
        flat = list(document.Root.Names.Dests.Names)
    except AttributeError:
        return []
    return [(str(flat[i]), flat[i + 1]) for i in range(0, len(flat) - 1, 2)]


def _write_catalog(
    writer: PdfWriter, copier: _Copier, frame: _Source, bookmarks: list[Bookmark]
) -> Reference:
    """Page tree, named destinations, outline and the catalog (the frame's, otherwise)."""
    kids = b" ".join(b"%d 0 R" % page for page in copier.pages)
    writer.add(b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, len(copier.pages)), copier.tree)
    entries = [b"/Type/Catalog", b"/Pages %d 0 R" % copier.tree]
    catalog = frame.pdf.Root
    for key in sorted(catalog.keys()):
        if key not in ("/Type", "/Pages", "/Names", "/Outlines"):
            entries.append(b"%s %s" % (_name(key), serialize(catalog[key], frame.reference)))
    if copier.destinations:
        names = b" ".join(
            pikepdf.String(name).unparse() + b" " + target
            for name, target in sorted(copier.destinations, key=lambda item: item[0])
        )
        dests = writer.add(b"<</Names[%s]>>" % names)
        entries.append(b"/Names<</Dests %d 0 R>>" % dests)
    if bookmarks:
        entries.append(b"/Outlines %d 0 R" % _write_outline(writer, copier.pages, bookmarks))
    return writer.add(b"<<%s>>" % b"".join(entries))


@dataclasses.dataclass
class _Item:
    entry: Bookmark | None
    number: Reference
    links: bytes = b""
    """Parent and siblings."""
    children: list[_Item] = dataclasses.field(default_factory=list)

    def visible(self) -> int:
        """Items shown under this one when it is open."""
        return sum(
            1 + (child.visible() if child.entry and child.entry.open else 0)
            for child in self.children
        )


def _write_outline(writer: PdfWriter, pages: list[Reference], bookmarks: list[Bookmark]) -> int:
    """The outline, nested by bookmark level as WeasyPrint nests it."""
    root = _Item(None, writer.reserve())
    parents = [root]
    levels: list[int] = []
    for entry in bookmarks:
        while levels and levels[-1] >= entry.level:
            levels.pop()
            parents.pop()
        item = _Item(entry, writer.reserve())
        parents[-1].children.append(item)
        parents.append(item)
        levels.append(entry.level)
    stack = [root]
    while stack:
        item = stack.pop()
        for position, child in enumerate(item.children):
            links = [b"/Parent %d 0 R" % item.number]
            if position:
                links.append(b"/Prev %d 0 R" % item.children[position - 1].number)
            if position + 1 < len(item.children):
                links.append(b"/Next %d 0 R" % item.children[position + 1].number)
            child.links = b"".join(links)
        entries = [item.links]
        if item.entry is None:
            entries.append(b"/Type/Outlines")
        else:
            entry = item.entry
            entries.append(b"/Title " + pikepdf.String(entry.label).unparse())
            entries.append(
                b"/Dest[%d 0 R/XYZ %s %s 0]" % (pages[entry.page], number(entry.x), number(entry.y))
            )
        if item.children:
            first, last = item.children[0].number, item.children[-1].number
            count = item.visible()
            if item.entry is not None and not item.entry.open:
                count = -count
            entries.append(b"/First %d 0 R/Last %d 0 R/Count %d" % (first, last, count))
        writer.add(b"<<%s>>" % b"".join(entries), item.number)
        stack.extend(reversed(item.children))
    return root.number


_TEXT_OBJECT = re.compile(rb"(?<![^\s])BT(?:\s.*?)??\sET(?![^\s])", re.S)
"""A text object, an empty one too (``BT ET``: a tagged PDF has them): else a match would
run on to the next one's end, over the marked content and state between."""
_TEXT_MATRIX = re.compile(rb"(\S+)\s+(\S+)\s+Tm(?![^\s])")


def _numbers_in_place(
    page: pikepdf.Page, numbers: list[tuple[NumberSlot, list[Operation]]]
) -> bytes:
    """The page's content with each page-number placeholder's text object replaced."""
    page.contents_coalesce()
    content = page.obj.Contents.read_bytes()
    pending = list(numbers)
    pieces: list[bytes] = []
    done = 0
    for match in _TEXT_OBJECT.finditer(content):
        matrix = _TEXT_MATRIX.search(match.group())
        if matrix is None:
            continue
        try:
            x, y = float(matrix.group(1)), float(matrix.group(2))
        except ValueError:
            continue
        found = next(
            (item for item in pending if abs(x - item[0].x) < 0.01 and abs(y - item[0].y) < 0.01),
            None,
        )
        if found is not None:
            pending.remove(found)
            pieces += [content[done : match.start()], pikepdf.unparse_content_stream(found[1])]
            done = match.end()
    if pending:
        raise FolioError(f"{len(pending)} page-number placeholders not found on a page")
    return b"".join([*pieces, content[done:]])


def _fit_links(
    page: pikepdf.Page,
    spans: list[tuple[NumberSlot, tuple[float, float], tuple[float, float]]],
) -> None:
    """The link over a page number spans the number drawn, not what held its place."""
    scale = 0.75  # CSS px to PDF points
    wanted: dict[str, list[tuple[float, float, tuple[float, float]]]] = {}
    for slot, held, drawn in spans:
        wanted.setdefault(slot.target, []).append((held[0] * scale, held[1] * scale, drawn))
    for annotation in page.obj.get("/Annots", []):
        rect = annotation.get("/Rect")
        target = annotation.get("/Dest")
        if rect is None or target is None or len(rect) != 4:
            continue
        left, right = float(rect[0]), float(rect[2])
        for held_left, held_right, drawn in wanted.get(str(target), ()):
            if abs(left - held_left) < 0.01 and abs(right - held_right) < 0.01:
                annotation.Rect = pikepdf.Array(
                    [round(drawn[0] * scale, 6), rect[1], round(drawn[1] * scale, 6), rect[3]]
                )
                break


def renumbered(data: bytes, renumbering: Renumbering) -> bytes:
    """A part's PDF with the glyph codes of its fonts changed as ``renumbering`` says (by font
    file): its pages' content streams and the forms they draw, rewritten."""
    import zlib

    with pikepdf.open(io.BytesIO(data)) as pdf:
        done: set[tuple[int, int]] = set()

        def rewrite(streams: list[pikepdf.Object], resources: pikepdf.Object | None) -> None:
            codes = _codes_by_name(resources, renumbering)
            forms = resources.get("/XObject", {}) if resources is not None else {}
            for stream in streams:
                if stream.objgen in done:
                    continue
                done.add(stream.objgen)
                if codes:
                    content = renumber(stream.read_bytes(), codes)
                    stream.write(zlib.compress(content), filter=pikepdf.Name.FlateDecode)
            for form in forms.values():
                if form.get("/Subtype") == "/Form":
                    rewrite([form], form.get("/Resources", resources))

        for page in pdf.pages:
            contents = page.obj.get("/Contents")
            streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            rewrite([s for s in streams if s is not None], page.obj.get("/Resources"))
        output = io.BytesIO()
        pdf.save(output, fix_metadata_version=False)  # the XMP packet as WeasyPrint wrote it
        return output.getvalue()


def _codes_by_name(
    resources: pikepdf.Object | None, renumbering: Renumbering
) -> dict[str, dict[int, int]]:
    """``renumbering`` keyed by the font resource names of ``resources``."""
    found: dict[str, dict[int, int]] = {}
    fonts = resources.get("/Font", {}) if resources is not None else {}
    for name, font in fonts.items():
        key = font_key(font)
        if key in renumbering:
            found[name[1:]] = renumbering[key]
    return found
