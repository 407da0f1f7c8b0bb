"""Post-processing with pikepdf: a document put together from separately laid-out parts.

Parts rendered separately each embed whole fonts (with their glyph text counts); here each
font is subset once, to the union of glyphs every part used, and shared by all of them, so
the document carries one copy of each font, like a single render.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pikepdf

from .fidelity import (
    FONT_STUB,
    MAX_GLYPH_TEXT,
    GlyphTexts,
    best_text,
    bundled_font_files,
    cid_widths,
    font_file_hash,
)
from .folios import FolioError, Operation, Probe
from .pdf import Bookmark, NumberSlot, reproducible_font_timestamps


def assemble(
    frame: bytes,
    stand_in: tuple[int, int],
    parts: list[bytes],
    body: list[tuple[int, int]],
    probe: bytes,
    folios: list[str | None],
    numbers: list[tuple[int, NumberSlot, str]],
    placeholder: str,
    bookmarks: list[Bookmark],
    probe_slots: tuple[NumberSlot, ...],
    counter_style: str,
    right_to_left: bool,
    glyphs: GlyphTexts,
    font_cache: Path | None = None,
) -> bytes:
    """The frame PDF with its stand-in pages replaced by the body's chunk pages, folios drawn,
    outline and named destinations rebuilt, images shared, fonts merged and subset.

    ``body`` lists the (part, page) of each body page; ``folios`` the folio of each page of
    the result (None for none); ``numbers`` the page numbers to draw in slots, by page of the
    result; ``bookmarks`` are numbered in pages of the result.
    """
    start, end = stand_in
    with pikepdf.open(io.BytesIO(frame)) as document, pikepdf.open(io.BytesIO(probe)) as probed:
        drawer = Probe(probed, probe_slots, counter_style, right_to_left)
        names = _frame_destinations(document, range(start, end))
        del document.pages[start:end]
        at = start
        for number, data in enumerate(parts):
            # One part open at a time: its pages are copied, then made independent of it.
            with pikepdf.open(io.BytesIO(data)) as source:
                placed: dict[tuple[int, int], pikepdf.Page] = {}
                for part, page in body[at - start :]:
                    if part != number:
                        break
                    document.pages.insert(at, source.pages[page])
                    placed[part, page] = document.pages[at]
                    at += 1
                names += _part_destinations(source, number, placed)
                seen: set[tuple[int, int]] = set()
                for page in placed.values():
                    _own_streams(page.obj, seen)
        _write_destinations(document, names)
        _write_outline(document, bookmarks)
        _draw(document, drawer, folios, numbers, placeholder)
        share_identical_images(document)
        with reproducible_font_timestamps():
            merge_fonts(document, glyphs, font_cache)
        output = io.BytesIO()
        document.save(
            output,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
    return output.getvalue()


def _own_streams(root: pikepdf.Object, seen: set[tuple[int, int]]) -> None:
    """Give every stream reachable from a copied page its own (still encoded) data, so that
    the part it was copied from can be closed: memory then holds one part at a time."""
    stack = [root]
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array):
            continue
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
            continue
        if isinstance(item, pikepdf.Stream):
            item.write(
                item.read_raw_bytes(),
                filter=item.get("/Filter"),
                decode_parms=item.get("/DecodeParms"),
            )
        keys = item.keys()  # a Stream iterates its keys only through keys()
        stack.extend(item[key] for key in keys if key not in ("/Parent", "/P"))


Destination = tuple[str, pikepdf.Array]


def _destinations(document: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    """WeasyPrint's named destinations: one flat, sorted ``/Names`` array."""
    try:
        flat = list(document.Root.Names.Dests.Names)
    except AttributeError:
        return []
    return [(str(flat[i]), flat[i + 1]) for i in range(0, len(flat) - 1, 2)]


def _frame_destinations(document: pikepdf.Pdf, stand_in: range) -> list[Destination]:
    """The frame's named destinations, less those on the stand-in pages (the chunks have them)."""
    removed = {document.pages[index].obj.objgen for index in stand_in}
    return [
        (name, target)
        for name, target in _destinations(document)
        if target[0].objgen not in removed
    ]


def _part_destinations(
    source: pikepdf.Pdf, number: int, placed: dict[tuple[int, int], pikepdf.Page]
) -> list[Destination]:
    """A chunk's named destinations, pointing at its pages where they now are."""
    index = {page.obj.objgen: i for i, page in enumerate(source.pages)}
    found: list[Destination] = []
    for name, target in _destinations(source):
        page = placed.get((number, index.get(target[0].objgen, -1)))
        if page is not None and not name.startswith("nr-"):
            found.append((name, pikepdf.Array([page.obj, *list(target)[1:]])))
    return found


def _write_destinations(document: pikepdf.Pdf, names: list[Destination]) -> None:
    if not names:
        return
    flat = pikepdf.Array()
    for name, target in sorted(names, key=lambda item: item[0]):
        flat.append(pikepdf.String(name))
        flat.append(target)
    if "/Names" not in document.Root:
        document.Root.Names = pikepdf.Dictionary()
    document.Root.Names.Dests = document.make_indirect(pikepdf.Dictionary(Names=flat))


def _write_outline(document: pikepdf.Pdf, bookmarks: list[Bookmark]) -> None:
    """The outline, nested by bookmark level as WeasyPrint nests it."""
    if "/Outlines" in document.Root:
        del document.Root["/Outlines"]
    if not bookmarks:
        return
    with document.open_outline() as outline:
        outline.root.clear()
        parents: list[list[pikepdf.OutlineItem]] = [outline.root]
        levels: list[int] = []
        for entry in bookmarks:
            while levels and levels[-1] >= entry.level:
                levels.pop()
                parents.pop()
            destination = pikepdf.Array(
                [document.pages[entry.page].obj, pikepdf.Name.XYZ, entry.x, entry.y, 0]
            )
            item = pikepdf.OutlineItem(entry.label, destination)
            item.is_closed = not entry.open
            parents[-1].append(item)
            parents.append(item.children)
            levels.append(entry.level)


def _draw(
    document: pikepdf.Pdf,
    drawer: Probe,
    folios: list[str | None],
    numbers: list[tuple[int, NumberSlot, str]],
    placeholder: str,
) -> None:
    """Folios and page numbers drawn after each page's content, kept in its own state."""
    resources = {
        name: (kind, document.copy_foreign(item)) for name, (kind, item) in drawer.resources.items()
    }
    added: dict[int, list[bytes]] = {}
    for index, text in enumerate(folios):
        if text is not None:
            added.setdefault(index, []).append(drawer.folio(index, text))
    placed: dict[int, list[tuple[NumberSlot, list[Operation]]]] = {}
    spans: dict[int, list[tuple[NumberSlot, tuple[float, float], tuple[float, float]]]] = {}
    for index, slot, text in numbers:
        placed.setdefault(index, []).append((slot, drawer.number(slot, text)))
        spans.setdefault(index, []).append(
            (slot, drawer.span(slot, placeholder), drawer.span(slot, text))
        )
    for index, found in spans.items():
        _fit_links(document.pages[index], found)
    prepared: set[tuple[int, int]] = set()
    save = document.make_stream(b"q")  # one for all pages
    for index in sorted(added.keys() | placed.keys()):
        page = document.pages[index]
        own = page.obj.get("/Resources")
        if own is None:
            own = page.obj.Resources = pikepdf.Dictionary()
        if own.objgen == (0, 0) or own.objgen not in prepared:
            for name, (kind, item) in resources.items():
                if kind not in own:
                    own[kind] = pikepdf.Dictionary()
                own[kind][name] = item
            prepared.add(own.objgen)
        if index in placed:
            kept = [document.make_stream(_numbers_in_place(page, placed[index]))]
        else:
            # The page's own streams stay as they are (compressed, never read): less memory.
            contents = page.obj.Contents
            kept = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        folio = document.make_stream(b"\n".join([b"Q", *added.get(index, [])]))
        page.obj.Contents = pikepdf.Array([save, *kept, folio])


_TEXT_OBJECT = re.compile(rb"(?<![^\s])BT\s.*?\sET(?![^\s])", re.S)
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


def share_identical_images(document: pikepdf.Pdf) -> None:
    """Chunks each embed the images they show: keep one copy of each identical image."""
    kept: dict[tuple[bytes, str], pikepdf.Object] = {}
    for xobjects in _resources(document, "/XObject"):
        for name in list(xobjects.keys()):
            image = xobjects[name]
            if not isinstance(image, pikepdf.Stream) or image.get("/Subtype") != "/Image":
                continue
            if "/SMask" in image:
                continue  # its mask would need sharing too: leave it
            key = (image.read_raw_bytes(), repr(sorted((k, str(v)) for k, v in image.items())))
            first = kept.setdefault(key, image)
            if first.objgen != image.objgen:
                xobjects[name] = first


def _resources(document: pikepdf.Pdf, kind: str) -> Iterator[pikepdf.Dictionary]:
    """Every ``/Resources`` sub-dictionary of one kind, in pages and form XObjects alike."""
    for item in list(document.objects):
        if not isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            continue
        resources = item.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary) and kind in resources:
            yield resources[kind]


def merge_fonts(document: pikepdf.Pdf, glyphs: GlyphTexts, font_cache: Path | None = None) -> None:
    """Give every font dictionary of the same font file one subset file and one text map."""
    groups: dict[str, list[pikepdf.Dictionary]] = {}
    files: dict[str, bytes] = {}
    for item in document.objects:
        if not isinstance(item, pikepdf.Dictionary) or item.get("/Subtype") != "/Type0":
            continue
        descendant = item.DescendantFonts[0]
        stream = descendant.FontDescriptor.get("/FontFile2")
        if stream is None:
            continue
        content = stream.read_bytes()
        if content.startswith(FONT_STUB):
            key = content[len(FONT_STUB) :].decode("ascii")
            content = bundled_font_files()[key]
        else:
            key = font_file_hash(content)
        if key not in glyphs:
            continue  # not embedded whole by a part: leave it as it is
        groups.setdefault(key, []).append(item)
        files[key] = content
    replaced: dict[tuple[int, int], pikepdf.Object] = {}
    for key, fonts in groups.items():
        mapping = {
            glyph: best_text(counts)[:MAX_GLYPH_TEXT] for glyph, counts in glyphs[key].items()
        }
        subset = cached_subset(files[key], key, frozenset(mapping), font_cache)
        file_stream = document.make_stream(subset)
        file_stream.Length1 = len(subset)
        cmap = document.make_stream(to_unicode_cmap(mapping))
        canonical = fonts[0]
        canonical.DescendantFonts[0].FontDescriptor.FontFile2 = file_stream
        canonical.ToUnicode = cmap
        widths: dict[int, float] = {}
        for font in fonts:
            widths.update(cid_widths(font.DescendantFonts[0].get("/W", pikepdf.Array())))
        canonical.DescendantFonts[0].W = pikepdf.Array(
            item for glyph in sorted(widths) for item in (glyph, pikepdf.Array([widths[glyph]]))
        )
        replaced.update({font.objgen: canonical for font in fonts[1:]})
    if replaced:
        _use_shared_fonts(document, replaced)


def _use_shared_fonts(
    document: pikepdf.Pdf, replaced: dict[tuple[int, int], pikepdf.Object]
) -> None:
    """Point every resource dictionary at the one font kept for each font file."""
    for fonts in _resources(document, "/Font"):
        for name in list(fonts.keys()):
            target = replaced.get(fonts[name].objgen)
            if target is not None:
                fonts[name] = target


def cached_subset(
    content: bytes, key: str, glyph_ids: frozenset[int], folder: Path | None
) -> bytes:
    """``subset_font``, kept on disk: a rebuild that adds no glyph skips subsetting."""
    if folder is None:
        return subset_font(content, glyph_ids)
    name = hashlib.sha256(f"{_subsetter()}:{key}:{sorted(glyph_ids)}".encode()).hexdigest()
    path = folder / "fonts" / f"{name}.ttf"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    subset = subset_font(content, glyph_ids)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
        temporary.write_bytes(subset)
        temporary.replace(path)
    return subset


_DROPPED_TABLES = (
    b"BASE",
    b"DSIG",
    b"EBDT",
    b"EBLC",
    b"EBSC",
    b"GPOS",
    b"GSUB",
    b"JSTF",
    b"LTSH",
    b"PCLT",
    b"SVG ",
)
"""Tables a PDF font does not need (shaping is done): WeasyPrint drops the same."""


@lru_cache(maxsize=1)
def _subsetter() -> str:
    """Which subsetter makes the files (part of the cache key: another one, other bytes)."""
    try:
        import uharfbuzz
    except ImportError:  # pragma: no cover
        import fontTools

        return f"fonttools-{fontTools.version}"
    return f"uharfbuzz-{uharfbuzz.__version__}"


@lru_cache(maxsize=32)
def subset_font(content: bytes, glyph_ids: frozenset[int]) -> bytes:
    """The font reduced to these glyphs, ids kept, as WeasyPrint subsets it.

    HarfBuzz's subsetter (uharfbuzz) takes milliseconds where fontTools takes a second.
    """
    try:
        import uharfbuzz as hb
    except ImportError:  # pragma: no cover - uharfbuzz is a dependency; kept for safety
        return _fonttools_subset(content, glyph_ids)
    face = hb.Face(content)
    request = hb.SubsetInput()
    request.glyph_set.update(sorted(glyph_ids | {0}))
    request.flags = (
        hb.SubsetFlags.RETAIN_GIDS
        | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
        | hb.SubsetFlags.DESUBROUTINIZE
        | hb.SubsetFlags.NO_HINTING
    )
    request.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(
        int.from_bytes(tag, "big") for tag in _DROPPED_TABLES
    )
    subset = hb.subset(face, request)
    if subset is None:  # pragma: no cover - HarfBuzz could not subset: keep what fontTools makes
        return _fonttools_subset(content, glyph_ids)
    return bytes(subset.blob.data)


def _fonttools_subset(content: bytes, glyph_ids: frozenset[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=False,
        desubroutinize=True,
        notdef_outline=False,
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(glyph_ids | {0}))
    font = TTFont(io.BytesIO(content))
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def to_unicode_cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap: each glyph id to its text (100 entries per block, as PDF allows)."""
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo",
        b"<< /Registry (Adobe)",
        b"/Ordering (UCS)",
        b"/Supplement 0",
        b">> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        for glyph, text in batch:
            hexed = "".join(char.encode("utf-16-be").hex() for char in text)
            lines.append(f"<{glyph:04x}> <{hexed}>".encode())
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)
