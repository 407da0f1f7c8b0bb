"""The streaming PDF writer: what it writes, readers read back."""

from __future__ import annotations

import io
from decimal import Decimal

import pikepdf
import pypdf
import pytest

from newsreport.engine._pdf_writer import PdfWriter, number, serialize


def _document(count: int) -> bytes:
    output = io.BytesIO()
    writer = PdfWriter(output)
    page, tree = writer.reserve(), writer.reserve()  # referred to before they are written
    content = writer.add_stream(b"", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET", compress=True)
    notes = [writer.add(b"<</N %d/Text (note \\(%d\\))>>" % (n, n)) for n in range(count)]
    kept = b" ".join(b"%d 0 R" % note for note in notes)
    writer.add(
        b"<</Type/Page/Parent %d 0 R/MediaBox[0 0 612 792]/Contents %d 0 R/Notes[%s]/Resources"
        b"<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>"
        % (tree, content, kept),
        page,
    )
    writer.add(b"<</Type/Pages/Kids[%d 0 R]/Count 1>>" % page, tree)
    root = writer.add(b"<</Type/Catalog/Pages %d 0 R>>" % tree)
    info = writer.add(b"<</Title (Written)>>")
    writer.finish(root, info)
    return output.getvalue()


def test_objects_written_in_object_streams_read_back():
    data = _document(250)  # three object streams
    with pikepdf.open(io.BytesIO(data)) as document:
        assert document.check_pdf_syntax() == []
        assert len(document.pages) == 1
        notes = document.pages[0].obj.Notes
        assert [int(note.N) for note in notes] == list(range(250))
        assert str(notes[249].Text) == "note (249)"
        assert document.pages[0].obj.Contents.read_bytes().endswith(b"(Hello) Tj ET")
        assert str(document.docinfo.Title) == "Written"
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    assert "Hello" in reader.pages[0].extract_text()


def test_the_same_objects_make_the_same_bytes():
    assert _document(3) == _document(3)
    assert _document(3) != _document(4)  # the file identifier follows the content


def test_a_reserved_object_never_written_is_an_error():
    writer = PdfWriter(io.BytesIO())
    writer.reserve()
    root = writer.add(b"<</Type/Catalog>>")
    with pytest.raises(ValueError, match="1 reserved PDF objects never written"):
        writer.finish(root, None)


def test_values_are_serialised_as_pdf_writes_them():
    document = pikepdf.new()
    target = document.make_indirect(pikepdf.Dictionary(Kind=pikepdf.Name.Target))
    value = pikepdf.Dictionary(
        Name=pikepdf.Name("/a b"),
        Text=pikepdf.String("x(y)"),
        Items=pikepdf.Array([1, Decimal("0.5"), True, None, target]),
    )
    found = serialize(value, lambda item: b"%d 0 R" % 99)
    assert found == b"<</Items [1 0.5 true null 99 0 R]/Name /a#20b/Text (x\\(y\\))>>"
    assert number(Decimal("1E-7")) == b"0.0000001"
    assert number(Decimal("-0.000")) == b"0"
    assert number(2.50) == b"2.5"
