"""A PDF written object by object, so that memory holds offsets rather than objects.

qpdf keeps every object of a document in memory until it is saved: about 30 KB a page for a
merged document of thousands of pages. Here objects go to the output as soon as they are
made; small ones are packed a hundred at a time into compressed object streams, and a
cross-reference stream ends the file, so the size matches what qpdf writes with object
streams on.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import BinaryIO

import pikepdf

from . import _internals

OBJECTS_PER_STREAM = 100
"""Small objects packed in each object stream (qpdf packs as many)."""
COMPRESSION = 6
"""zlib level for the streams this writer makes."""


class Reference(int):
    """An object number, written as a reference (``12 0 R``)."""


class PdfWriter:
    """Objects numbered as they are reserved and written as they come."""

    def __init__(self, output: BinaryIO) -> None:
        self._output = output
        self._digest = hashlib.md5(usedforsecurity=False)
        self._position = 0
        self._next = 1
        self._offsets: dict[int, int] = {}
        self._packed_in = array("I")
        """For each object number: the object stream holding it (0: none)."""
        self._packed_at = array("H")
        """Its index there. Arrays, not a dict: a tagged 1000-article document has a few
        hundred thousand small objects."""
        self._pending: list[tuple[int, bytes]] = []
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self) -> Reference:
        """A number for an object to be written later."""
        number = self._next
        self._next += 1
        return Reference(number)

    def add(self, body: bytes, number: int | None = None) -> Reference:
        """A non-stream object (its serialised value), packed into an object stream."""
        reference = Reference(number) if number is not None else self.reserve()
        self._pending.append((reference, body))
        if len(self._pending) >= OBJECTS_PER_STREAM:
            self._pack()
        return reference

    def add_stream(
        self, dictionary: bytes, data: bytes, number: int | None = None, compress: bool = False
    ) -> Reference:
        """A stream object: ``dictionary`` holds its entries (``/Length`` and, when
        ``compress``, ``/Filter`` are added here)."""
        reference = Reference(number) if number is not None else self.reserve()
        if compress:
            data = zlib.compress(data, COMPRESSION)
            dictionary += b"/Filter/FlateDecode"
        self._offsets[reference] = self._position
        self._write(
            b"%d 0 obj\n<<%s/Length %d>>\nstream\n" % (reference, dictionary, len(data))
            + data
            + b"\nendstream\nendobj\n"
        )
        return reference

    def finish(self, root: int, info: int | None) -> None:
        """Write the last object stream and the cross-reference stream."""
        self._pack()
        missing = [
            n
            for n in range(1, self._next)
            if n not in self._offsets and not (n < len(self._packed_in) and self._packed_in[n])
        ]
        if missing:
            raise ValueError(f"{len(missing)} reserved PDF objects never written")
        xref = self.reserve()
        self._offsets[xref] = self._position
        size = self._next
        width = max(4, (self._position.bit_length() + 7) // 8)
        rows = [b"\x00" + b"\x00" * width + b"\xff\xff"]
        for number in range(1, size):
            if number in self._offsets:
                rows.append(b"\x01" + self._offsets[number].to_bytes(width, "big") + b"\x00\x00")
            else:
                stream, index = self._packed_in[number], self._packed_at[number]
                rows.append(b"\x02" + stream.to_bytes(width, "big") + index.to_bytes(2, "big"))
        identifier = self._digest.hexdigest().encode()
        entries = b"/Type/XRef/Size %d/W[1 %d 2]/Root %d 0 R%s/ID[<%s><%s>]" % (
            size,
            width,
            root,
            b"/Info %d 0 R" % info if info is not None else b"",
            identifier,
            identifier,
        )
        data = zlib.compress(b"".join(rows), COMPRESSION)
        self._write(
            b"%d 0 obj\n<<%s/Filter/FlateDecode/Length %d>>\nstream\n" % (xref, entries, len(data))
            + data
            + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % self._offsets[xref]
        )

    def _pack(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        stream = self.reserve()
        header: list[bytes] = []
        bodies: list[bytes] = []
        offset = 0
        highest = max(number for number, _ in pending)
        if highest >= len(self._packed_in):
            grow = highest + 1 - len(self._packed_in)
            self._packed_in.extend(array("I", bytes(4 * grow)))
            self._packed_at.extend(array("H", bytes(2 * grow)))
        for index, (number, body) in enumerate(pending):
            header.append(b"%d %d" % (number, offset))
            bodies.append(body)
            offset += len(body) + 1
            self._packed_in[number] = stream
            self._packed_at[number] = index
        first = b" ".join(header) + b"\n"
        self.add_stream(
            b"/Type/ObjStm/N %d/First %d" % (len(pending), len(first)),
            first + b"\n".join(bodies),
            number=stream,
            compress=True,
        )

    def _write(self, data: bytes) -> None:
        self._output.write(data)
        self._digest.update(data)
        self._position += len(data)


Mapper = Callable[[pikepdf.Object], bytes]
"""Turns an indirect object met while serialising into what stands for it (a reference)."""


def serialize(value: object, reference: Mapper) -> bytes:
    """A direct PDF value as bytes; indirect objects inside are written by ``reference``."""
    if isinstance(value, Reference):
        return b"%d 0 R" % value
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal | float):
        return number(value)
    if value is None:
        return b"null"
    assert isinstance(value, pikepdf.Object)
    kind = _internals.object_kind(value)
    if kind in ("name_", "string"):
        return value.unparse()
    if value.is_indirect:
        return reference(value)
    if kind == "array":
        return b"[%s]" % b" ".join(serialize(item, reference) for item in value)
    if kind == "dictionary":
        return b"<<%s>>" % entries(value, reference)
    return value.unparse()  # pragma: no cover - operators and other rare kinds


_TOKENS = re.compile(rb"\((?:[^\\()]|\\.)*\)|(?<![\w.#/+-])(\d+) (\d+) R(?!\w)", re.DOTALL)
"""In what qpdf writes: a literal string (its parentheses always escaped), else a reference."""

Renumber = Callable[[tuple[int, int]], bytes]
"""Turns the (number, generation) of an indirect object met while writing into what stands
for it (a reference in the result)."""


_LENGTH = re.compile(rb" /Length (?:\d+ \d+ R|\d+)(?=[ /\]>])")


def unparsed(value: pikepdf.Object, reference: Renumber) -> bytes:
    """A PDF value (an indirect one's own value) as qpdf writes it, in C++: keys in sorted
    order, the references in it renumbered by ``reference``. Much faster than ``serialize``
    for the many small dictionaries and arrays of a part."""
    return renumbered(value.unparse(resolved=True), reference)


def stream_entries(stream: pikepdf.Object, reference: Renumber) -> bytes | None:
    """A stream's dictionary entries less ``/Length`` (as ``unparsed``), for ``add_stream``;
    None when qpdf's text holds another ``/Length`` (then use ``entries``)."""
    data = stream.stream_dict.unparse(resolved=True)
    found = _LENGTH.findall(data)
    if len(found) != 1 or not data.startswith(b"<<") or not data.endswith(b">>"):
        return None
    return renumbered(_LENGTH.sub(b"", data)[2:-2], reference)


def renumbered(data: bytes, reference: Renumber) -> bytes:
    """What qpdf wrote, each reference in it replaced by ``reference``'s."""
    if b" R" not in data:
        return data
    return _TOKENS.sub(lambda m: reference((int(m[1]), int(m[2]))) if m[1] else m[0], data)


def entries(item: pikepdf.Object, reference: Mapper, left_out: tuple[str, ...] = ()) -> bytes:
    """A dictionary's (or stream's) entries, less ``left_out``, in sorted order: pikepdf
    gives keys in hash order, which changes from one process to the next."""
    return b"".join(
        b"%s %s" % (name(key), serialize(item[key], reference))
        for key in sorted(item.keys())
        if key not in left_out
    )


@lru_cache(maxsize=4096)
def name(key: str) -> bytes:
    """A name as PDF writes it (``/a#20b``)."""
    return pikepdf.Name(key).unparse()


def number(value: Decimal | float) -> bytes:
    """A real number as PDF writes it: no exponent, no trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (text if text not in ("", "-", "-0") else "0").encode()
