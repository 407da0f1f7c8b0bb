"""Reading a PDF back as a reader would: text, words, fonts, outline, links, character boxes."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pypdfium2

from newsreport import Article, Figure

ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def words(text: str) -> set[str]:
    """Runs of letters with their marks, and runs of digits, NFC; each counted once.

    Zero-width (non-)joiners are dropped first: the PDF does not carry them (known loss, see
    the README), and search folds them.
    """
    found: set[str] = set()
    current: list[str] = []
    kind = ""
    text = text.replace("\u200c", "").replace("\u200d", "")
    for char in unicodedata.normalize("NFC", text) + " ":
        category = unicodedata.category(char)
        this = "L" if category[0] in "LM" else "N" if category == "Nd" else ""
        if category[0] == "M" and kind == "L":
            this = "L"
        if this and this == kind:
            current.append(char)
            continue
        if current:
            found.add("".join(current))
        current = [char] if this else []
        kind = this
    return found


def article_words(articles: list[Article]) -> set[str]:
    """The distinct words of the articles' printed text (title, byline, body, captions)."""
    found: set[str] = set()
    for article in articles:
        found |= words(article.title) | words(article.byline or "")
        for block in article.blocks:
            text = (block.caption or "") if isinstance(block, Figure) else block.text
            found |= words(text)
    return found


def pypdf_text(path: Path) -> list[str]:
    """Text of each page, as pypdf extracts it."""
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def pdfium_text(path: Path) -> list[str]:
    """Text of each page, as pypdfium2 (PDFium, Chrome's engine) extracts it."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def fonts(path: Path) -> dict[str, bool]:
    """Every font the pages use: base name (subset tag removed) → whether its file is embedded."""
    found: dict[str, bool] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            resources = page.obj.get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
                descendants = font.get("/DescendantFonts")
                descriptor = (descendants[0] if descendants else font).get("/FontDescriptor", {})
                embedded = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                found[name] = found.get(name, True) and embedded
    return found


def outline(path: Path) -> list[tuple[str, int]]:
    """Top-level outline entries: (title, 0-based page index)."""
    reader = pypdf.PdfReader(path)
    return [
        (entry.title, reader.get_destination_page_number(entry))
        for entry in reader.outline
        if not isinstance(entry, list)
    ]


@lru_cache(maxsize=4)
def _read_links(path: str, _version: tuple[int, int]) -> tuple[pypdf.PdfReader, dict[str, Any]]:
    reader = pypdf.PdfReader(path)
    return reader, reader.named_destinations


def links(path: Path, page_index: int) -> list[tuple[list[float], int | str]]:
    """Link annotations of a page: (rectangle, target page index, or URI)."""
    stat = Path(path).stat()
    reader, named = _read_links(str(path), (stat.st_mtime_ns, stat.st_size))
    found: list[tuple[list[float], int | str]] = []
    for annotation in reader.pages[page_index].get("/Annots", []):
        annotation = annotation.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        rect = [float(value) for value in annotation["/Rect"]]
        action = annotation.get("/A", {})
        if "/URI" in action:
            found.append((rect, str(action["/URI"])))
            continue
        destination = annotation.get("/Dest") or action.get("/D")
        if isinstance(destination, str):
            found.append((rect, reader.get_destination_page_number(named[destination])))
        else:
            found.append((rect, reader._get_page_number_by_indirect(destination[0])))
    return found


def chars_off_page(path: Path) -> list[tuple[int, str]]:
    """Characters whose box reaches outside the page: (page index, character)."""
    outside: list[tuple[int, str]] = []
    document = pypdfium2.PdfDocument(path)
    try:
        for index, page in enumerate(document):
            width, height = page.get_size()
            text = page.get_textpage()
            for char_index in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(char_index)
                if left < -0.5 or bottom < -0.5 or right > width + 0.5 or top > height + 0.5:
                    outside.append((index, text.get_text_range(char_index, 1)))
    finally:
        document.close()
    return outside


def images(path: Path) -> set[tuple[int, int]]:
    """Image objects drawn on the pages, also inside form XObjects (assembled pages use them)."""
    found: set[tuple[int, int]] = set()
    with pikepdf.open(path) as pdf:
        pending = [page.obj.get("/Resources", {}) for page in pdf.pages]
        seen: set[tuple[int, int]] = set()
        while pending:
            resources = pending.pop()
            for xobject in resources.get("/XObject", {}).values():
                if xobject.objgen in seen:
                    continue
                seen.add(xobject.objgen)
                if xobject.get("/Subtype") == "/Image":
                    found.add(xobject.objgen)
                elif xobject.get("/Subtype") == "/Form":
                    pending.append(xobject.get("/Resources", {}))
    return found


def arabic_word_gaps(path: Path) -> list[float]:
    """The width of each space between two Arabic-script words on one line (points), from
    PDFium's character boxes: how loose justified lines are."""
    import pypdfium2

    gaps: list[float] = []
    document = pypdfium2.PdfDocument(path)
    try:
        for page in document:
            text = page.get_textpage()
            count = text.count_chars()
            chars = text.get_text_range(0, count) if count else ""
            for index in range(1, min(count, len(chars)) - 1):
                before, space, after = chars[index - 1], chars[index], chars[index + 1]
                if space != " " or not (_arabic(before) and _arabic(after)):
                    continue
                right_word = text.get_charbox(index - 1)
                left_word = text.get_charbox(index + 1)
                if abs(right_word[1] - left_word[1]) > 3:  # not on one line
                    continue
                gap = right_word[0] - left_word[2]
                if gap > 0:
                    gaps.append(gap)
    finally:
        document.close()
    return gaps


def _arabic(char: str) -> bool:
    return "\u0620" <= char <= "\u064a" or "\u066e" <= char <= "\u06d3"
