"""Print production: paper, duplex, bleed and crop marks, PDF/A and PDF/UA, page progression."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from newsreport import Article, Direction, Paragraph, PartialDate, render_pdf, render_pdf_bytes

MM = 72 / 25.4
LONG = " ".join(["نص المقال الطويل الذي يملأ الصفحة بالكلمات العربية المتتالية."] * 12)


def articles(count: int = 3, *, language: str = "ar") -> list[Article]:
    rtl = language == "ar"
    return [
        Article(
            title=f"مقال رقم {index}" if rtl else f"Article {index}",
            language=language,
            direction=Direction.RTL if rtl else Direction.LTR,
            blocks=(Paragraph(f"{index}. " + (LONG if rtl else "Some English text. " * 40)),),
            published=PartialDate(2025, 11, index),
            source_url=f"https://news.example.com/a/{index}/",
            path=Path(f"/articles/{index}.txt"),
        )
        for index in range(1, count + 1)
    ]


def boxes(path: Path, index: int = 0) -> dict[str, list[float]]:
    with pikepdf.open(path) as pdf:
        page = pdf.pages[index].obj
        return {
            key[1:]: [round(float(value), 2) for value in page[key]]
            for key in ("/MediaBox", "/TrimBox", "/BleedBox")
            if key in page
        }


@pytest.mark.parametrize(
    ("paper", "size"), [("A4", (210, 297)), ("A5", (148, 210)), ("Letter", (215.9, 279.4))]
)
def test_paper_sizes(tmp_path, paper, size):
    path = render_pdf(articles(1), tmp_path / "p.pdf", print={"paper": paper}).output
    media = boxes(path)["MediaBox"]
    assert media[2] - media[0] == pytest.approx(size[0] * MM, abs=0.5)
    assert media[3] - media[1] == pytest.approx(size[1] * MM, abs=0.5)


def test_bleed_and_crop_marks_outside_it(tmp_path):
    path = render_pdf(
        articles(1), tmp_path / "b.pdf", print={"bleed": "3mm", "crop_marks": True}
    ).output
    found = boxes(path, 2)
    trim, bleed, media = found["TrimBox"], found["BleedBox"], found["MediaBox"]
    assert trim == pytest.approx([0, 0, 210 * MM, 297 * MM], abs=0.05)
    assert bleed == pytest.approx([-3 * MM, -3 * MM, 213 * MM, 300 * MM], abs=0.05)
    assert media[0] < bleed[0] - 5 * MM and media[2] > bleed[2] + 5 * MM
    # Rendered: the bleed band of a plain article page stays clean; the marks lie beyond it.
    scale = 4
    document = pypdfium2.PdfDocument(path)
    image = document[2].render(scale=scale).to_pil().convert("L")
    document.close()

    def dark(x_pt: float, y_pt: float) -> bool:
        # x, y in PDF points from the media box's lower left corner.
        x = round((x_pt - media[0]) * scale)
        y = round((media[3] - y_pt) * scale)
        return min(image.getpixel((x + dx, y)) for dx in (-1, 0, 1)) < 128

    mark_y = bleed[3] + 5 * MM  # above the top bleed edge
    assert dark(trim[0], mark_y) and dark(trim[2], mark_y)
    assert not dark(trim[0], trim[3] + 1.5 * MM)  # inside the bleed: no mark
    assert not dark(trim[2], bleed[1] + 1 * MM)


def test_duplex_starts_articles_on_recto_and_leaves_blanks_bare(tmp_path):
    path = render_pdf(articles(3), tmp_path / "d.pdf", print={"duplex": True}).output
    from .pdfread import outline, pdfium_text

    starts = [page + 1 for _, page in outline(path)]
    assert starts and all(page % 2 == 1 for page in starts), starts
    texts = pdfium_text(path)
    blanks = [index for index, text in enumerate(texts) if not text.strip()]
    assert blanks, "short articles must leave blank versos"
    document = pypdfium2.PdfDocument(path)
    try:
        for index in blanks:
            assert document[index].get_textpage().count_chars() == 0
    finally:
        document.close()


def test_duplex_mirrors_the_margins(tmp_path):
    from .pdfread import outline

    long = articles(1)[0]
    long = Article(
        title=long.title,
        language="ar",
        direction=Direction.RTL,
        blocks=tuple(Paragraph(f"{n}. {LONG}") for n in range(8)),
        path=long.path,
    )
    path = render_pdf([long], tmp_path / "m.pdf", print={"duplex": True}).output
    first = outline(path)[0][1]
    document = pypdfium2.PdfDocument(path)
    try:
        edges = []
        for index in (first, first + 1):  # the article's first (recto) and second (verso) pages
            text = document[index].get_textpage()
            xs = [text.get_charbox(i)[0] for i in range(text.count_chars())]
            right = [text.get_charbox(i)[2] for i in range(text.count_chars())]
            edges.append((min(xs), max(right)))
    finally:
        document.close()
    (left_a, right_a), (left_b, right_b) = edges
    # Inner 24 mm vs outer 17 mm: the text block shifts by about 7 mm between facing pages.
    assert abs(left_a - left_b) == pytest.approx(7 * MM, abs=2)
    assert abs(right_a - right_b) == pytest.approx(7 * MM, abs=2)


def test_right_to_left_page_progression_only_when_asked(tmp_path):
    # /Direction /R2L makes PDFium (Chrome) read every line right to left: off by default.
    asked = {"rtl_spreads": True}
    rtl = render_pdf(articles(1), tmp_path / "r.pdf", print=asked).output
    plain = render_pdf(articles(1), tmp_path / "p.pdf").output
    ltr = render_pdf(articles(1, language="en"), tmp_path / "l.pdf", print=asked).output
    with pikepdf.open(rtl) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == "/R2L"
    for path in (plain, ltr):
        with pikepdf.open(path) as pdf:
            assert "/Direction" not in pdf.Root.get("/ViewerPreferences", {})


def _xmp(pdf: pikepdf.Pdf, key: str) -> str | None:
    return pdf.open_metadata().get(key)


def test_pdf_a_3b(tmp_path):
    path = render_pdf(
        articles(2), tmp_path / "a.pdf", title="موجز", print={"pdf_variant": "pdf/a-3b"}
    ).output
    with pikepdf.open(path) as pdf:
        assert _xmp(pdf, "pdfaid:part") == "3"
        assert _xmp(pdf, "pdfaid:conformance") == "B"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
        assert "/DestOutputProfile" in intents[0]
    from .pdfread import fonts

    assert all(fonts(path).values())


def test_pdf_ua_1(tmp_path):
    path = render_pdf(
        articles(2), tmp_path / "u.pdf", title="موجز", print={"pdf_variant": "pdf/ua-1"}
    ).output
    with pikepdf.open(path) as pdf:
        assert _xmp(pdf, "pdfuaid:part") == "1"
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "ar"
        preferences = pdf.Root.ViewerPreferences
        assert preferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "موجز"


def test_print_options_are_reproducible(tmp_path):
    settings = {"bleed": "3mm", "crop_marks": True, "duplex": True, "pdf_variant": "pdf/a-3b"}
    first = render_pdf_bytes(articles(2), print=settings, date="2025-11-30")
    second = render_pdf_bytes(articles(2), print=settings, date="2025-11-30")
    assert first == second


def test_pdf_ua_articles_carry_their_own_language(tmp_path):
    # A screen reader switches voice with /Lang: an English or Hebrew article in an Arabic
    # digest says so on its structure elements; Arabic ones inherit the document's.
    from newsreport import load_articles

    from .conftest import EXAMPLES

    path = render_pdf(
        load_articles(EXAMPLES), tmp_path / "ua.pdf", print={"pdf_variant": "pdf/ua-1"}
    ).output
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "ar"
        articles = [e for e in pdf.Root.StructTreeRoot.K[0].K if e.S == "/Art"]
        languages = {str(e.get("/Lang", "ar")) for e in articles}
        assert languages == {"ar", "en", "he", "fa", "vi"}
        assert not [e for e in articles if str(e.get("/Lang", "")) == "ar"]
