"""Font files in the PDF: subset with HarfBuzz; parts carry bundled fonts as stubs, and the
assembly subsets each once.

Where fontTools subsets instead (HarfBuzz could not), the timestamp it stamps on a subset (its
``head.modified``) is pinned, so that the same input gives the same bytes, without setting
``SOURCE_DATE_EPOCH`` for the whole process.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import struct
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._atomic import write_atomically
from . import _internals
from ._glyph_text import (
    AddedGlyphs,
    Copy,
    FontText,
    GlyphRecorder,
    GlyphTexts,
    Plan,
    intrinsic_texts,
    slots_after,
)
from ._text_ops import Misaligned, Rewriter
from ._truetype import Composite, NotTrueType, add_composites, checksum, table_directory

if TYPE_CHECKING:
    import pikepdf

FONT_STUB = b"newsreport-font:"
"""What a part embeds instead of a bundled font file: this prefix and the file's hash."""
REPRODUCIBLE_EPOCH = 315532800
"""1980-01-01: a subset's modification time when ``SOURCE_DATE_EPOCH`` is not set."""
_MAC_EPOCH = 2082844800
"""Seconds from 1904-01-01 (OpenType dates) to 1970-01-01."""


@cache
def bundled_font_files() -> dict[str, bytes]:
    """The bundled font files by hash (see ``font_file_hash``)."""
    from .._resources import fonts_dir

    files = {}
    for path in sorted(fonts_dir().rglob("*")):
        if path.suffix.lower() in (".ttf", ".otf"):
            content = path.read_bytes()
            files[font_file_hash(content)] = content
    return files


def font_file_hash(content: bytes) -> str:
    """How fonts are matched across separately written PDFs: by their file's bytes."""
    return hashlib.sha256(content).hexdigest()[:32]


def font_key(font: Any) -> str | None:
    """The font file hash of a Type0 font in a written PDF (a pikepdf object): from our stub
    (``FONT_STUB``), else from its file."""
    try:
        stream = font.DescendantFonts[0].FontDescriptor.FontFile2
    except (AttributeError, IndexError, KeyError):
        return None
    content = stream.read_bytes()
    if content.startswith(FONT_STUB):
        return content[len(FONT_STUB) :].decode("ascii")
    return font_file_hash(content)


def font_preparer(*, subset: bool, recorders: dict[str, GlyphRecorder]) -> Any:
    """What to do to each PDF font WeasyPrint makes for one document (``_internals.capture_fonts``):
    record every glyph it draws with its text (one recorder per font resource, in
    ``recorders``) and, with ``subset=False``, embed bundled fonts as stubs to be subset once
    when the parts are assembled; with ``subset=True``, subset it as WeasyPrint does, with
    HarfBuzz."""

    def prepare(font: Any) -> None:
        name = _internals.font_facts(font)["name"]
        font.to_unicode = recorders.setdefault(name, GlyphRecorder())
        font.newsreport_original = font.file_content
        font.newsreport_hash = font_file_hash(font.file_content)
        if subset:
            font.subset = lambda to_unicode, hinting: _subset(font, to_unicode, hinting)
        else:
            font.subset = lambda to_unicode, hinting: _keep_whole(font)

    return prepare


def exact_text(
    pdf: Any, fonts: list[Any], *, subset: bool, right_to_left: bool = False
) -> GlyphTexts:
    """Give every glyph WeasyPrint drew the text it stands for (see ``_glyph_text``), in its
    writer's ``finisher``: content streams rewritten, glyphs added to the fonts' files (when
    ``subset``; otherwise at assembly), widths and text maps mended. Returns what each font
    file's glyphs copy as. A document whose streams do not draw what was recorded keeps its
    glyphs, each with its most frequent text. In a ``right_to_left`` document a number of
    Arabic digits alone is one glyph copying as the number (pypdf reads it so)."""
    plans: dict[str, Plan] = {}
    keys: dict[str, str] = {}
    shared: dict[str, AddedGlyphs] = {}
    for font in fonts:
        facts = _internals.font_facts(font)
        name = facts["name"]
        if name in plans or _internals.font_is_bitmap(font):
            continue
        key = keys[name] = font.newsreport_hash
        extensible = facts["extensible"] and slots_after(facts["glyph_count"]) > 0
        intrinsic = intrinsic_texts(font.newsreport_original, facts["index"]) if extensible else {}
        count = facts["glyph_count"]
        if key not in shared:
            shared[key] = AddedGlyphs(count, slots_after(count), facts["widths"], facts["upem"])
        plans[name] = Plan(font.to_unicode, shared[key], intrinsic, copies_allowed=extensible)
    rewriter = Rewriter(
        plans,
        lambda resources, name: _internals.pydyf_form(pdf, resources, name),
        numbers=right_to_left,
    )
    try:
        for ops, resources in _internals.pydyf_page_contents(pdf):
            rewriter.walk(ops, resources)
        rewritten = True
    except (Misaligned, OverflowError):
        rewritten = False
    if rewritten:
        rewriter.apply()
    found: GlyphTexts = {}
    written = _internals.pydyf_fonts(pdf)
    for name, plan in plans.items():
        table = plan.table(rewritten)
        key = keys[name]
        found[key] = _merged(found[key], table) if key in found else table
        if name in written and (table.copies or rewritten):
            _mend_font(written[name], table, plan, subset=subset)
    return found


def _merged(first: FontText, second: FontText) -> FontText:
    """Two resources' tables of one font file (their added glyphs share ids)."""
    used = {glyph: dict(counts) for glyph, counts in first.used.items()}
    for glyph, counts in second.used.items():
        slot = used.setdefault(glyph, {})
        for text, count in counts.items():
            slot[text] = slot.get(text, 0) + count
    return FontText(used, {**first.copies, **second.copies})


def _mend_font(written: tuple[Any, Any, Any], table: FontText, plan: Plan, *, subset: bool) -> None:
    """The font's widths and text map with its added glyphs; with ``subset``, its file too."""
    import pydyf

    descendant, to_unicode, file = written
    widths = pydyf.Array(descendant.get("W", pydyf.Array()))
    for glyph, copy in sorted(table.copies.items()):
        widths.extend([glyph, pydyf.Array([copy.width])])
    descendant["W"] = widths
    _internals.set_stream_data(to_unicode, to_unicode_cmap(table.mapping()))
    if subset and table.copies and file is not None:
        content = file.stream[0]
        try:
            widths = {glyph: copy.width for glyph, copy in table.copies.items()}
            grown = add_composites(content, composites(table.copies, widths, plan.upem))
        except (NotTrueType, ValueError):
            return
        _internals.set_stream_data(file, grown, Length1=len(grown))


def composites(copies: dict[int, Copy], widths: dict[int, float], upem: int) -> list[Composite]:
    """The added glyphs as the font file draws them, each as wide as ``widths`` says (PDF
    units, thousandths of an em)."""
    return [
        Composite(
            glyph,
            tuple((g, dx, dy) for g, (dx, dy) in zip(copy.glyphs, copy.offsets, strict=True)),
            round(widths[glyph] * upem / 1000),
        )
        for glyph, copy in sorted(copies.items())
    ]


def _keep_whole(font: Any) -> None:
    # Bundled fonts travel as a stub naming the file; the assembly embeds the subset.
    key = font.newsreport_hash
    if key in bundled_font_files() and not _internals.font_is_bitmap(font):
        font.file_content = FONT_STUB + key.encode("ascii")


def _subset(font: Any, to_unicode: Any, hinting: Any) -> None:
    """WeasyPrint's subsetting, done by HarfBuzz through uharfbuzz: WeasyPrint itself needs
    the system's libharfbuzz-subset, and without it falls back to fontTools, a second or more
    for each Arabic font."""
    if not to_unicode:
        return
    font.file_content = subset_font(
        font.file_content,
        frozenset(to_unicode),
        index=_internals.font_index(font),
        notdef_outline=_internals.font_misses_glyphs(font),
        hinting=bool(hinting),
    )


def pin_modified(subset: bytes, original: bytes) -> bytes:
    """``subset`` with the modification time fontTools stamped on it (the clock) set to
    1980-01-01, checksums mended, as fontTools writes it under ``SOURCE_DATE_EPOCH``; unchanged
    when the subsetter kept the original's time (HarfBuzz does) or the file is not OpenType."""
    try:
        tables = table_directory(subset)
        entry, offset, length = tables[b"head"]
        kept = table_directory(original)[b"head"][1]
        (modified,) = struct.unpack_from(">q", subset, offset + 28)
        (was,) = struct.unpack_from(">q", original, kept + 28)
    except (KeyError, struct.error, NotTrueType):
        return subset
    if modified == was:
        return subset
    font = bytearray(subset)
    struct.pack_into(">q", font, offset + 28, REPRODUCIBLE_EPOCH + _MAC_EPOCH)
    struct.pack_into(">I", font, offset + 8, 0)
    head = bytes(font[offset : offset + length])
    struct.pack_into(">I", font, entry + 4, checksum(head))
    struct.pack_into(">I", font, offset + 8, (0xB1B0AFBA - checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


_W_TOKENS = re.compile(rb"[\[\]]|[-+]?(?:\d+\.?\d*|\.\d+)")


def cid_widths(array: pikepdf.Array) -> dict[int, float]:
    """Glyph widths from a CID font /W array (``c [w1 w2 …]`` and ``c1 c2 w`` forms), read
    from qpdf's text of it: much faster than its items one by one, for every part's fonts."""
    found: dict[int, float] = {}
    tokens = _W_TOKENS.findall(array.unparse(resolved=True))[1:-1]  # within the outer [ ]
    index = 0
    while index < len(tokens):
        first = int(float(tokens[index]))
        if tokens[index + 1] == b"[":
            index += 2
            while tokens[index] != b"]":
                found[first] = float(tokens[index])
                first += 1
                index += 1
            index += 1
        else:
            width = float(tokens[index + 2])
            for glyph in range(first, int(float(tokens[index + 1])) + 1):
                found[glyph] = width
            index += 3
    return found


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
        write_atomically(path, subset, cache_entry=True)
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
def subset_font(
    content: bytes,
    glyph_ids: frozenset[int],
    *,
    index: int = 0,
    notdef_outline: bool = False,
    hinting: bool = False,
) -> bytes:
    """The font (of a collection, the ``index``-th) reduced to these glyphs, ids kept, as
    WeasyPrint subsets it; ``notdef_outline`` keeps the box drawn for missing characters.

    HarfBuzz's subsetter (uharfbuzz) takes milliseconds where fontTools takes a second.
    """
    try:
        import uharfbuzz as hb
    except ImportError:  # pragma: no cover - uharfbuzz is a dependency; kept for safety
        return _fonttools_subset(content, glyph_ids, index, notdef_outline, hinting)
    face = hb.Face(content, index)
    request = hb.SubsetInput()
    request.glyph_set.update(sorted(glyph_ids | {0}))
    flags = (
        hb.SubsetFlags.RETAIN_GIDS
        | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
        | hb.SubsetFlags.DESUBROUTINIZE
    )
    if not hinting:
        flags |= hb.SubsetFlags.NO_HINTING
    if notdef_outline:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    request.flags = flags
    request.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(
        int.from_bytes(tag, "big") for tag in _DROPPED_TABLES
    )
    subset = hb.subset(face, request)
    if subset is None:  # pragma: no cover - HarfBuzz could not subset: keep what fontTools makes
        return _fonttools_subset(content, glyph_ids, index, notdef_outline, hinting)
    return bytes(subset.blob.data)


def _fonttools_subset(
    content: bytes,
    glyph_ids: frozenset[int],
    index: int = 0,
    notdef_outline: bool = False,
    hinting: bool = False,
) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=hinting,
        desubroutinize=True,
        notdef_outline=notdef_outline,
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(glyph_ids | {0}))
    font = TTFont(io.BytesIO(content), fontNumber=index)
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    if "SOURCE_DATE_EPOCH" in os.environ:
        return output.getvalue()
    return pin_modified(output.getvalue(), content)


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
