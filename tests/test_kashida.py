"""Kashida justification: words stretched at the right joins, spaces tighter, text untouched."""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import pymupdf
import pypdfium2
import pytest

from newsreport import Article, Direction, Heading, Paragraph, load_articles, render_pdf
from newsreport.engine._kashida import elongated, places, share

from .pdfread import arabic_word_gaps, pdfium_text, pypdf_text, words

# Written for these tests: a municipal report, long enough for many justified lines.
ARABIC = (
    "ناقش المجلس البلدي في جلسته الأسبوعية خطة صيانة الشوارع الرئيسية والأرصفة المتضررة من "
    "أمطار الشتاء الماضي، وأقرّ تخصيص ميزانية إضافية لإصلاح شبكات تصريف المياه في الأحياء "
    "الشرقية التي شهدت فيضانات متكررة، كما استمع إلى عرض مفصّل من مهندسي البلدية حول "
    "جداول التنفيذ ومراحل العمل المتوقعة خلال الأشهر الستة المقبلة."
)
PERSIAN = (
    "شورای شهر در نشست هفتگی خود برنامهٔ نوسازی کتابخانه‌های محله‌ای را بررسی کرد و "
    "می‌خواهد ساعت کار آن‌ها را در روزهای تعطیل افزایش دهد تا دانش‌آموزان بیشتری بتوانند "
    "از سالن‌های مطالعه استفاده کنند."
)


def article(text: str, language: str, title: str) -> Article:
    rtl = language in ("ar", "fa", "he")
    return Article(
        title=title,
        language=language,
        direction=Direction.RTL if rtl else Direction.LTR,
        blocks=(
            Paragraph(text * 3),
            Heading(title),
            Paragraph(text * 2),
        ),
        path=Path(f"/articles/{language}.txt"),
    )


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """The same articles rendered without and with kashida."""
    folder = tmp_path_factory.mktemp("kashida")
    documents = [
        article(ARABIC, "ar", "جلسة المجلس البلدي"),
        article(PERSIAN, "fa", "نشست شورای شهر"),
        article(
            "The council met on Tuesday to plan the repair of the main roads. " * 4, "en", "Roads"
        ),
    ]
    plain, stretched = folder / "plain.pdf", folder / "kashida.pdf"
    off = render_pdf(documents, plain, workers=1)
    on = render_pdf(documents, stretched, workers=1, print={"kashida": True})
    return off, on, plain, stretched


def test_places_follow_the_typesetters_rules():
    def where(text: str) -> list[tuple[str, int]]:
        return [(text[place.index - 1 : place.index + 1], place.priority) for place in places(text)]

    assert where("السيدة") == [("سي", 1)]  # after seen first
    assert where("الدائمة") == [("مة", 2)]  # then before a final teh marbuta
    assert where("الأحياء") == [("يا", 3)]  # then before a final alef
    assert where("كل") == []  # two letters: never
    assert where("إلا") == []  # never between lam and alef
    assert where("والإدارات") == []  # no letter there joins the next
    assert where("לילה טוב hello world") == []  # Hebrew and Latin untouched
    assert where("می‌شود") == [("می", 6)]  # Persian: the same rules; ZWNJ ends a join


def test_tatweels_are_shared_best_first_and_marked():
    found = places("السيدة الدائمة الأحياء")
    counts = share(found, 4)
    assert sorted(counts.values()) == [1, 1, 2]  # each place one before any takes two
    assert counts[found[0].index] == 2
    drawn, copied = elongated("السيدة", {3: 1})
    assert drawn == "السـيدة"
    assert len(drawn.encode()) == len(copied.encode()) and "\u0640" not in copied


def test_kashida_keeps_pages_and_text_and_tightens_spaces(pair):
    off, on, plain, stretched = pair
    assert on.pages == off.pages
    for read in (pypdf_text, pdfium_text):
        before, after = " ".join(read(plain)), " ".join(read(stretched))
        assert words(after) == words(before)
        assert after.count("\u0640") == before.count("\u0640") == 0
    with pymupdf.open(stretched) as document:
        assert "\u0640" not in "".join(page.get_text() for page in document)
    assert mean(arabic_word_gaps(stretched)) <= 0.8 * mean(arabic_word_gaps(plain))


def test_kashida_changes_only_arabic_script_pages(pair):
    *_, plain, stretched = pair
    one, other = pypdfium2.PdfDocument(plain), pypdfium2.PdfDocument(stretched)
    try:
        for index in range(len(one)):
            text = one[index].get_textpage().get_text_range()
            same = _pixels(one[index]) == _pixels(other[index])
            if "ناقش المجلس" in text or "شورای شهر در" in text:
                assert not same, f"page {index + 1}: no kashida"
            elif "The council met" in text:
                assert same, f"page {index + 1}: a Latin page changed"
    finally:
        one.close()
        other.close()


def _pixels(page: pypdfium2.PdfPage) -> bytes:
    return page.render(scale=1).to_pil().tobytes()


def test_seeds_tighter_by_a_quarter(seeds, tmp_path):
    articles = load_articles(seeds)
    plain, stretched = tmp_path / "plain.pdf", tmp_path / "kashida.pdf"
    off = render_pdf(articles, plain)
    on = render_pdf(articles, stretched, print={"kashida": True})
    assert abs(on.pages - off.pages) <= 2

    def gaps(path: Path) -> float:
        return mean(gap for gap in arabic_word_gaps(path) if gap < 30)

    assert gaps(stretched) <= 0.75 * gaps(plain)
