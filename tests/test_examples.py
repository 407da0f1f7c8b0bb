"""The bundled examples: every input format and layout case, read exactly as intended."""

from __future__ import annotations

import pytest

from newsreport import Direction, PartialDate, load_articles, render_pdf

from .conftest import EXAMPLES, ROOT
from .pdfread import pdfium_text

# file (and index within it): paragraphs, headings, figures, uncaptioned, language,
# published, section, byline, title derived
EXPECTED = {
    ("ar-digital-services.md", 0): (
        7,
        1,
        2,
        0,
        "ar",
        "2025-11-20",
        "الخدمات الرقمية",
        "ليلى منصور",
        False,
    ),
    ("ar-heritage-archive.md", 0): (
        5,
        2,
        0,
        0,
        "ar",
        "2025-11-22",
        "الثقافة",
        "نادر الخطيب",
        False,
    ),
    ("ar-harvest-market.txt", 0): (6, 0, 3, 1, "ar", "2025-11", "tin-moi", "سامر حدّاد", True),
    ("ar-water-forum.txt", 0): (7, 2, 6, 1, "ar", "2025-11", "kinh-te", "ريم الخطيب", True),
    ("briefs.json", 0): (3, 1, 1, 0, "ar", "2025-11-21", "اقتصاد", "هالة يوسف", False),
    ("briefs.json", 1): (3, 0, 0, 0, "fa", "2025-11", None, None, False),
    ("en-harbour-cleanup.txt", 0): (
        5,
        1,
        2,
        1,
        "en",
        "2025-11-18",
        "society",
        "Mai Lan Pham",
        True,
    ),
    ("en-port-expansion.md", 0): (3, 1, 1, 0, "en", "2025-11-12", "economy", "Sarah Okafor", False),
    ("he-library-night.txt", 0): (4, 1, 2, 0, "he", "2025-11", "culture", "נועה ברק", True),
    ("vi-lantern-festival.txt", 0): (3, 0, 1, 0, "vi", "2025-10", "van-hoa", "Hoàng Minh", True),
    ("wire.jsonl", 0): (2, 0, 0, 0, "ar", "2025-11-24", None, None, False),
    ("wire.jsonl", 1): (2, 0, 1, 0, "en", "2025-11-23", "world", None, True),
}


@pytest.fixture(scope="module")
def examples():
    articles = load_articles(EXAMPLES)
    keyed = {}
    for article in articles:
        index = sum(1 for key in keyed if key[0] == article.path.name)
        keyed[(article.path.name, index)] = article
    return keyed


def test_every_example_is_read(examples):
    assert set(examples) == set(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_example_structure(examples, key):
    article = examples[key]
    paragraphs, headings, figures, uncaptioned, language, published, section, byline, derived = (
        EXPECTED[key]
    )
    assert len(article.paragraphs) == paragraphs
    assert len(article.headings) == headings
    assert len(article.figures) == figures
    assert sum(1 for figure in article.figures if not figure.caption) == uncaptioned
    assert article.language == language
    rtl = language in ("ar", "fa", "he")
    assert article.direction == (Direction.RTL if rtl else Direction.LTR)
    assert article.published == PartialDate.parse(published)
    assert article.section == section
    assert article.byline == byline
    assert article.title_derived == derived and article.title


def test_water_forum_layout_cases(examples):
    article = examples[("ar-water-forum.txt", 0)]
    kinds = [block.kind for block in article.blocks]
    assert kinds == [
        "paragraph",
        "figure",
        "figure",
        "figure",
        "heading",
        "paragraph",
        "paragraph",  # short, ends with a colon
        "paragraph",  # had an inline advert
        "figure",
        "figure",
        "heading",
        "paragraph",
        "paragraph",  # short, followed by a figure
        "figure",
        "paragraph",  # short, last
    ]
    assert article.figures[1].caption is None
    assert article.figures[2].image == "images/rainfall-chart.png"
    assert "[إعلان" not in " ".join(block.text for block in article.paragraphs)
    assert "(FAO)" in article.paragraphs[0].text


def test_the_template_example_overrides_only_the_cover(tmp_path):
    """docs/templates.md's worked example: a cover of one's own, every other file built in."""
    config = ROOT / "examples" / "weekly_digest.toml"
    mine = render_pdf(
        load_articles(EXAMPLES),
        tmp_path / "mine.pdf",
        config=config,
        templates=ROOT / "examples" / "templates",
    )
    built_in = render_pdf(load_articles(EXAMPLES), tmp_path / "built-in.pdf", config=config)
    cover, *rest = pdfium_text(mine.output)
    assert "مكتب الإعلام" in cover and "الاقتصاد" in cover and "المجتمع" in cover
    assert "مكتب الإعلام" not in pdfium_text(built_in.output)[0]
    assert rest == pdfium_text(built_in.output)[1:]


def test_print_styles_of_ones_own_keep_the_cover_count(tmp_path):
    """The built-in cover's article count comes from an attribute, by a rule of the engine's:
    a user's own print.css, which knows nothing of it, still shows it."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "print.css").write_text("body { margin: 0; }\n", encoding="utf-8")
    articles = load_articles(EXAMPLES)
    result = render_pdf(articles, tmp_path / "a.pdf", templates=tmp_path / "templates")
    count = str(len(articles)).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert f": {count}" in pdfium_text(result.output)[0]


def test_no_source_line_sits_alone_on_a_page(tmp_path):
    """An article's source line shares its page with the article's last lines."""
    articles = load_articles(EXAMPLES)
    pages = [
        "".join(page.split())
        for page in pdfium_text(render_pdf(articles, tmp_path / "d.pdf").output)
    ]
    checked = 0
    for article in articles:
        if article.source_url is None or article.blocks[-1].kind != "paragraph":
            continue
        address = "".join(article.source_url.split())
        last_word = article.blocks[-1].text.split()[-1].strip(".,:;!?،؛")
        on = [index for index, page in enumerate(pages) if address in page]
        assert on, article.title
        assert last_word in pages[on[-1]], (article.title, on[-1] + 1)
        checked += 1
    assert checked >= 8
