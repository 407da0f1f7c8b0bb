"""Copy and search: what text engines read back from the PDF is the text that was printed.

The engines are those readers use: pypdf (scripts), PDFium (Chrome, Edge), MuPDF and poppler
(Linux viewers; skipped where ``pdftotext`` is not installed). ``benchmarks/fidelity.py`` adds
pdf.js and compares with plain WeasyPrint and Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pymupdf
import pypdf
import pypdfium2
import pytest

from newsreport import Article, Figure, load_articles, render_pdf

from .conftest import EXAMPLES

CASES = {
    # Amiri draws lam before kaf as a stroke and a lam: one letter, two glyphs.
    "lam before kaf": ["الكبرى", "الكوادر", "للكوادر", "لكي", "الإلكترونية"],
    # ج and خ share a glyph; the helper glyph must not copy as either letter twice.
    "jeem and khah": ["الخبرات", "الجابري", "خلال"],
    # Marks moved over their letter: no engine may split the word there.
    "tanween and shadda": ["مضيفاً", "خصّص", "مضيفةً", "هجيناً"],
    # Marks over letters inside a word, between two narrow letters.
    "marks inside a word": ["تُنفَّذ"],
    # Marks raised alone above their letters, at a heading's size.
    "marks in a heading": ["شُحُّ"],
    # A prefixed lam (with tatweel) before a quoted word.
    "prefixed lam": ["ذاكرة", "الحي"],
    # Persian words keep their zero-width non-joiner.
    "zero-width non-joiner": ["می\u200cشود", "می\u200cتوانند", "دانش\u200cآموزان"],
    # Arabic-Indic numbers in order (a Hijri year, then "and" and another): pypdf took
    # their digits for right-to-left letters.
    "arabic-indic numbers": ["١٣٥٠ه", "و١٤٠٠ه"],
}


def _words(text: str) -> set[str]:
    """Runs of letters with their marks (a ZWNJ between letters inside the word), and runs of
    digits; tatweel dropped, NFC. poppler marks left-to-right runs with embedding controls
    (U+202A … U+202C): dropped too."""
    found, current = set(), []
    text = text.translate(dict.fromkeys(range(0x202A, 0x202F)))
    for char in unicodedata.normalize("NFC", text) + " ":
        category = unicodedata.category(char)
        if category[0] in "LM" or category == "Nd" or char == "\u200c":
            current.append(char)
            continue
        if current:
            found.add("".join(current).replace("\u0640", "").strip("\u200c"))
        current = []
    return found


def _texts(article: Article) -> list[str]:
    return [
        (block.caption or "") if isinstance(block, Figure) else block.text
        for block in article.blocks
    ]


def _pypdf(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _pdfium(path: Path) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _mupdf(path: Path) -> str:
    with pymupdf.open(path) as document:
        return "\n".join(page.get_text() for page in document)


def _poppler(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


ENGINES = {"pypdf": _pypdf, "pdfium": _pdfium, "mupdf": _mupdf, "poppler": _poppler}


@pytest.fixture(scope="module")
def digest(tmp_path_factory) -> tuple[Path, list]:
    articles = load_articles(EXAMPLES)
    path = tmp_path_factory.mktemp("fidelity") / "digest.pdf"
    render_pdf(articles, path, workers=1, cache=False)
    return path, articles


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_no_engine_reads_a_word_with_a_letter_added(digest, engine):
    path, articles = digest
    printed = set()
    for article in articles:
        printed |= _words(" ".join([article.title, article.byline or "", *_texts(article)]))
    read = _words(ENGINES[engine](path))
    # Arabic-script words (Latin ones would meet pieces of the addresses the pages print).
    added = {
        word
        for word in read - printed
        if len(word) > 2
        and all(
            unicodedata.name(char, "").startswith("ARABIC") or char == "\u200c" for char in word
        )
        and any(
            word[:i] + word[i + 1 :] in printed
            for i in range(len(word))
            if unicodedata.category(word[i]).startswith("L")  # a letter, not a mark
        )
        and not any(word in other for other in printed)
    }
    assert added == set()


@pytest.mark.parametrize(
    ("engine", "cases"),
    [
        ("pypdf", list(CASES)),
        ("pdfium", list(CASES)),
        # MuPDF gives a glyph the direction of its text's first character and takes
        # Arabic-Indic digits (bidi class AN) for right to left: it reverses numbers.
        ("mupdf", [case for case in CASES if case != "arabic-indic numbers"]),
        # poppler ends a word where two glyphs start within 0.1 em of each other: a mark
        # between two narrow letters has no room, nor two marks over one narrow letter in a
        # heading (see docs/fidelity.md).
        ("poppler", [c for c in CASES if c not in ("marks inside a word", "marks in a heading")]),
    ],
)
def test_every_case_comes_back_whole(digest, engine, cases):
    path, _ = digest
    read = _words(ENGINES[engine](path))
    lost = {case: [w for w in CASES[case] if w not in read] for case in cases}
    assert lost == {case: [] for case in cases}


def test_english_and_addresses_copy_in_order_in_chrome(tmp_path):
    # No /Direction /R2L unless asked: PDFium would read every line right to left.
    articles = load_articles(EXAMPLES)
    path = render_pdf(articles, tmp_path / "d.pdf", workers=1, cache=False).output
    text = _pdfium(path)
    assert "Volunteers cleared the old fishing harbour at Port Calloway on Saturday" in text
    assert "https://news.example.com/ar/culture/2025/11/22/city-archive-opens/" in text


def test_a_heading_with_marks_copies_as_one_line_in_chrome(digest):
    # A mark raised alone in its operator above its letter: PDFium makes a text object of
    # each operator, and ended the line between two whose ink does not overlap in height,
    # taller than 4.5 points (a heading's marks): "ُحُّ الأمطار …" then "ش" on a line of its own.
    path, _ = digest
    heading = unicodedata.normalize("NFC", "شُحُّ الأمطار يضغط على الحقول والمدن معًا")
    assert heading in unicodedata.normalize("NFC", _pdfium(path))


def test_parts_read_back_as_one_render(digest, tmp_path):
    path, articles = digest
    parts = render_pdf(articles, tmp_path / "parts.pdf", workers=2, cache=False)
    assert not [warning for warning in parts.warnings if "one piece" in warning]
    for engine in ("pypdf", "pdfium"):
        assert _words(ENGINES[engine](parts.output)) == _words(ENGINES[engine](path))
