"""The briefing pack and the weekly digest examples, rendered and read back."""

from __future__ import annotations

import re
import subprocess
import sys

import pypdf
import pypdfium2
import pytest
import zxingcpp

from newsreport import compose_digest, load_articles, load_config, render_pdf

from .conftest import EXAMPLES, ROOT
from .pdfread import ARABIC_INDIC, links, pdfium_text, words

BRIEFING = ROOT / "examples" / "briefing_pack.toml"
DIGEST = ROOT / "examples" / "weekly_digest.toml"


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / "pack.pdf"
    result = render_pdf(load_articles(EXAMPLES), path, config=BRIEFING)
    return path, result, [" ".join(text.split()) for text in pdfium_text(path)]


def _page_of(texts: list[str], needle: str) -> int:
    return next(index for index, text in enumerate(texts) if needle in text)


def test_cover_shows_meeting_place_both_calendars_and_marking(briefing):
    _, _, texts = briefing
    cover = texts[0]
    for expected in (
        "الاجتماع الدوري لمجلس المحافظة",
        "قاعة المجلس، مبنى المحافظة، الطابق الثاني",
        "٢٦ نوفمبر ٢٠٢٥",  # Gregorian, babel month name
        "٥ جمادى الآخرة ١٤٤٧",  # Umm al-Qura (hijridate); "هـ" copies as "هل" (glyph shared)
        "سري",
    ):
        assert expected in cover, expected


def test_classification_on_every_page(briefing):
    _, _, texts = briefing
    assert all("سري" in text for text in texts)


def test_the_watermark_is_drawn_but_never_copied(briefing, tmp_path):
    path, _, texts = briefing
    # The marking copies once a page (the running head or the cover's stamp), not twice.
    assert [text.split().count("سري") for text in texts] == [1] * len(texts)
    # It is drawn: the middle of a page is tinted red where the outlines are.
    document = pypdfium2.PdfDocument(path)
    try:
        image = document[3].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    width, height = image.size
    middle = image.crop((width // 4, height // 3, 3 * width // 4, 2 * height // 3))
    pixels = middle.tobytes()
    tinted = sum(
        1
        for i in range(0, len(pixels), 3)
        if pixels[i] - pixels[i + 1] > 6 and pixels[i] - pixels[i + 2] > 6
    )
    assert tinted > 200


def test_agenda_page_lists_the_items_in_order(briefing):
    _, _, texts = briefing
    agenda = texts[_page_of(texts, "جدول الأعمال")]
    items = load_config(BRIEFING).briefing.agenda
    positions = [agenda.index(item) for item in items]
    assert positions == sorted(positions)


def test_executive_summary_gives_lead_source_date_and_page(briefing):
    path, _, texts = briefing
    start = _page_of(texts, "الملخص التنفيذي")
    summary = " ".join(texts[start : _page_of(texts, "المحتويات")])
    first_pages = dict(_outline_pages(path))
    for title, page in first_pages.items():
        if title in ("جدول الأعمال", "الملخص التنفيذي", "المحتويات", "المصادر", "ملاحظات"):
            continue
        # PDFium splits a word at a raised mark (کتابخانهٔ): allow one such word per title.
        assert len(words(title) - words(summary)) <= 1, title
        number = str(page + 1).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        assert f"صفحة {number}" in summary or f"{number} صفحة" in summary, title
    # Under /Direction /R2L PDFium reads "news.example.com" backwards; count the host name parts.
    pack = compose_digest(load_articles(EXAMPLES), load_config(BRIEFING))
    assert summary.count("example") == sum(1 for a in pack.articles if a.source_url)


def _outline_pages(path):
    reader = pypdf.PdfReader(path)
    return [(entry.title, reader.get_destination_page_number(entry)) for entry in reader.outline]


def test_sources_appendix_qr_codes_scan_to_the_addresses(briefing):
    path, _, texts = briefing
    pack = compose_digest(load_articles(EXAMPLES), load_config(BRIEFING))
    in_pack = {article.source_url for article in pack.articles if article.source_url}
    first = _page_of(texts, "المصادر")
    decoded: set[str] = set()
    document = pypdfium2.PdfDocument(path)
    try:
        for index in range(first, first + 3):
            image = document[index].render(scale=3).to_pil()
            decoded |= {code.text for code in zxingcpp.read_barcodes(image)}
    finally:
        document.close()
    assert len(in_pack) >= 5 and decoded == in_pack


def test_notes_pages_close_the_pack(briefing):
    path, _, texts = briefing
    # Each notes page opens with its heading (after the marking and the watermark).
    notes = [index for index, text in enumerate(texts) if "ملاحظات" in text.split()[:3]]
    assert len(notes) == 2 and notes[-1] == len(texts) - 1
    with pypdf.PdfReader(path) as reader:
        assert [t for t, _ in _outline_pages(path)].count("ملاحظات") == 1
        assert len(reader.pages) == len(texts)


def test_summary_and_contents_links_work(briefing):
    path, _, texts = briefing
    start = _page_of(texts, "الملخص التنفيذي")
    targets = {target for _, target in links(path, start)}
    assert targets and all(isinstance(target, int) and target > start for target in targets)


def test_weekly_digest_nests_articles_under_sections(tmp_path):
    path = tmp_path / "weekly.pdf"
    result = render_pdf(load_articles(EXAMPLES), path, config=DIGEST)
    assert result.left_out == 3
    outline = pypdf.PdfReader(path).outline
    groups = [entry.title for entry in outline if not isinstance(entry, list)]
    children = [entry for entry in outline if isinstance(entry, list)]
    assert groups[:3] == ["الاقتصاد", "آخر الأخبار", "الخدمات"]
    assert len(children) == len(groups) and sum(len(c) for c in children) == result.articles
    contents = " ".join(pdfium_text(path)[1].split())
    assert all(group in contents for group in groups)


@pytest.mark.slow
@pytest.mark.parametrize("script", ["weekly_digest.py", "briefing_pack.py"])
def test_example_scripts_run(script, tmp_path):
    output = tmp_path / "out.pdf"
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / script), str(output)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert re.match(r".*out\.pdf: \d+ pages, \d+ articles", done.stdout)
    assert output.read_bytes().startswith(b"%PDF-")


def test_hijri_dates_convert_digits():
    import datetime as dt

    from newsreport.options import Digits
    from newsreport.view.formatting import format_hijri_date

    assert format_hijri_date(dt.date(2026, 1, 15), "en", Digits.LATIN) == "26 Rajab 1447 AH"
    arabic = format_hijri_date(dt.date(2026, 1, 15), "ar", Digits.ARABIC_INDIC)
    assert arabic == "٢٦ رجب ١٤٤٧ هـ"
    assert "1447".translate(ARABIC_INDIC) == "1447"
