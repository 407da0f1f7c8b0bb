"""Glyphs added to a TrueType font: composites of glyphs it already has, at ids of our choosing.

A glyph that must copy as different texts in different places, or a cluster of glyphs that
stands for one letter (Amiri draws lam before kaf as a stroke and a lam), gets a glyph of its
own: a composite that draws the same outlines, with its own entry in the PDF's text map. The
font's other tables are kept; ``post`` loses its glyph names (format 3), and the per-glyph
tables that would need entries for the new glyphs (``hdmx``, ``LTSH``, ``vhea``/``vmtx``)
are left out: a PDF lays text out horizontally from its own widths.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

_DROPPED = frozenset({b"hdmx", b"LTSH", b"vhea", b"vmtx", b"VDMX", b"DSIG"})
_ARGS_ARE_WORDS = 0x0001
_ARGS_ARE_XY = 0x0002
_MORE_COMPONENTS = 0x0020


class NotTrueType(Exception):
    """The font has no ``glyf`` table (CFF outlines, or not a font): nothing can be added."""


@dataclass(frozen=True, slots=True)
class Composite:
    """A glyph to add: other glyphs of the font drawn at offsets (font units)."""

    glyph_id: int
    """Where it goes: at or past the font's glyph count."""
    components: tuple[tuple[int, int, int], ...]
    """(glyph id, x offset, y offset) of each glyph drawn."""
    advance: int
    """Advance width, in font units."""


def glyph_count(font: bytes) -> int:
    """How many glyphs the font has (``maxp``)."""
    tables = table_directory(font)
    _, offset, _ = tables[b"maxp"]
    return struct.unpack_from(">H", font, offset + 4)[0]


def units_per_em(font: bytes) -> int:
    """The font's design units per em (``head``)."""
    _, offset, _ = table_directory(font)[b"head"]
    return struct.unpack_from(">H", font, offset + 18)[0]


def add_composites(font: bytes, composites: list[Composite]) -> bytes:
    """``font`` with ``composites`` added; ids between the last glyph and them are empty.

    Raises ``NotTrueType`` for a font without ``glyf`` outlines, ``ValueError`` for an id
    below the glyph count or past 65535.
    """
    if not composites:
        return font
    tables = table_directory(font)
    if b"glyf" not in tables or b"loca" not in tables:
        raise NotTrueType("no glyf table")
    data = {tag: font[offset : offset + length] for tag, (_, offset, length) in tables.items()}
    head, maxp, hhea = bytearray(data[b"head"]), bytearray(data[b"maxp"]), bytearray(data[b"hhea"])
    count = struct.unpack_from(">H", maxp, 4)[0]
    long_loca = struct.unpack_from(">h", head, 50)[0] == 1
    loca = _read_loca(data[b"loca"], count, long_loca)
    glyf = data[b"glyf"]
    metrics = _read_hmtx(data[b"hmtx"], struct.unpack_from(">H", hhea, 34)[0], count)
    wanted = {composite.glyph_id: composite for composite in composites}
    last = max(wanted)
    if min(wanted) < count or last > 0xFFFE:
        raise ValueError(f"glyph ids {min(wanted)}..{last} outside {count}..65534")

    pieces = [glyf[: loca[count]]]
    size = loca[count]
    offsets = loca[: count + 1]
    depth = 1
    previous = count - 1
    for glyph_id in sorted(wanted):
        empty = glyph_id - previous - 1  # ids between added glyphs: empty
        offsets.extend([size] * empty)
        metrics.extend([(0, 0)] * empty)
        composite = wanted[glyph_id]
        record, box = _composite(composite, glyf, loca)
        depth = max(depth, 1 + max(_depth(glyf, loca, c[0]) for c in composite.components))
        record += b"\0" * (-len(record) % 4)
        pieces.append(record)
        size += len(record)
        offsets.append(size)
        metrics.append((composite.advance, box[0] if box else 0))
        previous = glyph_id
    total = last + 1

    struct.pack_into(">h", head, 50, 1)  # long offsets
    struct.pack_into(">I", head, 8, 0)  # checksum adjustment, set below
    struct.pack_into(">H", maxp, 4, total)
    if len(maxp) >= 32:  # version 1.0: composite limits
        elements = max(len(c.components) for c in composites)
        struct.pack_into(">H", maxp, 28, max(struct.unpack_from(">H", maxp, 28)[0], elements))
        struct.pack_into(">H", maxp, 30, max(struct.unpack_from(">H", maxp, 30)[0], depth))
    struct.pack_into(">H", hhea, 34, total)
    struct.pack_into(">H", hhea, 10, min(0xFFFF, max(advance for advance, _ in metrics)))

    data[b"glyf"] = b"".join(pieces)
    data[b"loca"] = struct.pack(f">{total + 1}I", *offsets)
    flat = [value for advance, lsb in metrics for value in (max(0, advance), _int16(lsb))]
    data[b"hmtx"] = struct.pack(">" + "Hh" * len(metrics), *flat)
    data[b"head"], data[b"maxp"], data[b"hhea"] = bytes(head), bytes(maxp), bytes(hhea)
    if b"post" in data and len(data[b"post"]) >= 32:
        data[b"post"] = b"\x00\x03\x00\x00" + data[b"post"][4:32]
    for tag in _DROPPED:
        data.pop(tag, None)
    return _write(font[:4], data)


def _int16(value: int) -> int:
    return max(-32768, min(32767, value))


def _composite(
    composite: Composite, glyf: bytes, loca: list[int]
) -> tuple[bytes, tuple[int, int, int, int] | None]:
    """The glyf record of a composite and its bounding box (None when it draws nothing)."""
    drawn = [(gid, dx, dy) for gid, dx, dy in composite.components if loca[gid + 1] > loca[gid]]
    if not drawn:
        return b"", None
    boxes = []
    for gid, dx, dy in drawn:
        x0, y0, x1, y1 = struct.unpack_from(">4h", glyf, loca[gid] + 2)
        boxes.append((x0 + dx, y0 + dy, x1 + dx, y1 + dy))
    box = (
        _int16(min(b[0] for b in boxes)),
        _int16(min(b[1] for b in boxes)),
        _int16(max(b[2] for b in boxes)),
        _int16(max(b[3] for b in boxes)),
    )
    record = bytearray(struct.pack(">h4h", -1, *box))
    for index, (gid, dx, dy) in enumerate(drawn):
        flags = _ARGS_ARE_WORDS | _ARGS_ARE_XY
        if index < len(drawn) - 1:
            flags |= _MORE_COMPONENTS
        record += struct.pack(">HHhh", flags, gid, _int16(dx), _int16(dy))
    return bytes(record), box


def _depth(glyf: bytes, loca: list[int], gid: int, seen: int = 0) -> int:
    """How deep a glyph's components nest (1 for a simple or empty glyph)."""
    start, end = loca[gid], loca[gid + 1]
    if end <= start or seen > 8 or struct.unpack_from(">h", glyf, start)[0] >= 0:
        return 1
    deepest, position = 1, start + 10
    while True:
        flags, child = struct.unpack_from(">HH", glyf, position)
        deepest = max(deepest, 1 + _depth(glyf, loca, child, seen + 1))
        position += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        if flags & 0x0008:
            position += 2
        elif flags & 0x0040:
            position += 4
        elif flags & 0x0080:
            position += 8
        if not flags & _MORE_COMPONENTS:
            return deepest


def _read_loca(loca: bytes, count: int, long: bool) -> list[int]:
    if long:
        return list(struct.unpack_from(f">{count + 1}I", loca))
    return [2 * value for value in struct.unpack_from(f">{count + 1}H", loca)]


def _read_hmtx(hmtx: bytes, long_metrics: int, count: int) -> list[tuple[int, int]]:
    metrics = list(struct.iter_unpack(">Hh", hmtx[: 4 * long_metrics]))
    last = metrics[-1][0] if metrics else 0
    rest = count - long_metrics
    if rest > 0:
        lsbs = struct.unpack_from(f">{rest}h", hmtx, 4 * long_metrics)
        metrics += [(last, lsb) for lsb in lsbs]
    return metrics


def table_directory(font: bytes) -> dict[bytes, tuple[int, int, int]]:
    """The table directory: tag -> (directory entry offset, offset, length)."""
    try:
        (count,) = struct.unpack_from(">H", font, 4)
        found = {}
        for index in range(count):
            entry = 12 + 16 * index
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", font, entry)
            found[tag] = (entry, offset, length)
    except struct.error as error:
        raise NotTrueType(f"not an OpenType file: {error}") from None
    return found


def checksum(data: bytes) -> int:
    """The OpenType checksum of a table (or of a whole file)."""
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _write(version: bytes, tables: dict[bytes, bytes]) -> bytes:
    """An OpenType file of ``tables`` (sorted, aligned, with checksums)."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(">HHHH", count, power * 16, power.bit_length() - 1,
                                   count * 16 - power * 16)  # fmt: skip
    offset = 12 + 16 * count
    directory, body = [], []
    for tag in tags:
        table = tables[tag]
        directory.append(struct.pack(">4sIII", tag, checksum(table), offset, len(table)))
        padded = table + b"\0" * (-len(table) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    head = 12 + 16 * count + sum(len(part) for part in body[: tags.index(b"head")])
    struct.pack_into(">I", font, head + 8, (0xB1B0AFBA - checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)
