"""Post-processing with pikepdf: body pages laid under their frame pages, fonts merged.

Parts rendered separately each embed whole fonts (with their glyph text counts); here each
font is subset once, to the union of glyphs every part used, and shared by all of them, so
the document carries one copy of each font, like a single render.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pikepdf

from .fidelity import (
    FONT_STUB,
    MAX_GLYPH_TEXT,
    GlyphTexts,
    best_text,
    bundled_font_files,
    font_file_hash,
)
from .pdf import reproducible_font_timestamps


@dataclass(frozen=True, slots=True)
class BodyPage:
    """Which part and page fills one body page of the frame (None for a blank filler)."""

    part: int
    """Index of the rendered part."""
    page: int
    """Page index within that part."""


def assemble(
    frame: bytes,
    parts: list[bytes],
    body: list[BodyPage | None],
    first_body_page: int,
    glyphs: GlyphTexts,
    font_cache: Path | None = None,
) -> bytes:
    """The frame PDF with each part page drawn under its body page, fonts merged and subset."""
    with pikepdf.open(io.BytesIO(frame)) as document:
        sources = [pikepdf.open(io.BytesIO(data)) for data in parts]
        try:
            for offset, slot in enumerate(body):
                if slot is None:
                    continue
                target = document.pages[first_body_page + offset]
                source = sources[slot.part].pages[slot.page]
                form = document.copy_foreign(source.as_form_xobject())
                _draw_under(document, target, form, f"/NRpart{slot.part}p{slot.page}")
                annotations = source.obj.get("/Annots")
                if annotations is not None:
                    copied = [document.copy_foreign(item) for item in annotations]
                    existing = target.obj.get("/Annots")
                    target.obj.Annots = pikepdf.Array([*(existing or []), *copied])
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
        finally:
            for source in sources:
                source.close()
    return output.getvalue()


def _draw_under(document: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object, name: str) -> None:
    """Draw a form XObject (a whole page, same coordinates) beneath the page's own content.

    Named deterministically (pikepdf's own underlay picks random names): same input, same bytes.
    """
    resources = page.obj.get("/Resources")
    if resources is None:
        resources = page.obj.Resources = pikepdf.Dictionary()
    if "/XObject" not in resources:
        resources.XObject = pikepdf.Dictionary()
    resources.XObject[name] = form
    page.contents_add(document.make_stream(f"q {name} Do Q\n".encode()), prepend=True)


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
            widths.update(_widths(font.DescendantFonts[0].get("/W", pikepdf.Array())))
        canonical.DescendantFonts[0].W = pikepdf.Array(
            item for glyph in sorted(widths) for item in (glyph, pikepdf.Array([widths[glyph]]))
        )
        replaced.update({font.objgen: canonical for font in fonts[1:]})
    if replaced:
        _use_shared_fonts(document, replaced)


def _widths(array: pikepdf.Array) -> dict[int, float]:
    """Glyph widths from a CID font /W array (``c [w1 w2 …]`` and ``c1 c2 w`` forms)."""
    found: dict[int, float] = {}
    items = list(array)
    index = 0
    while index < len(items):
        first = int(items[index])
        following = items[index + 1]
        if isinstance(following, pikepdf.Array):
            for offset, width in enumerate(following):
                found[first + offset] = float(width)
            index += 2
        else:
            for glyph in range(first, int(following) + 1):
                found[glyph] = float(items[index + 2])
            index += 3
    return found


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
