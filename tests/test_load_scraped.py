"""The scraped layout: structure recognised in any language, never particular words."""

from __future__ import annotations

import logging

import pytest

from newsreport import Figure, Heading, Paragraph, PartialDate, load_articles
from newsreport.model import Direction

LONG_AR = (
    "وقال المتحدث باسم البلدية إن أعمال الصيانة ستستمر حتى نهاية الشهر المقبل، وإن الفرق الفنية "
    "تعمل على مدار الساعة لإصلاح الشبكة القديمة وتوسيعها لتشمل الأحياء الجديدة في شرق المدينة "
    "وغربها دون انقطاع."
)
LONG_EN = (
    "The council said the work would continue until the end of next month, with crews working "
    "around the clock to repair the old network and extend it to the new districts in the east "
    "and west of the city."
)


def kinds(article) -> list[str]:
    return [block.kind for block in article.blocks]


def test_seed_000_structure(seeds):
    article = load_articles(seeds / "000_6a263ffec342adbb.txt")[0]
    raw_lines = (seeds / "000_6a263ffec342adbb.txt").read_text(encoding="utf-8").splitlines()
    captions = [line.strip()[1:-1].strip() for line in raw_lines if line.startswith("| ")]
    assert len(article.figures) == 16
    assert [figure.caption for figure in article.figures] == captions
    assert len(article.paragraphs) == 12
    assert [heading.text for heading in article.headings] == [
        "العديد من النماذج المثالية ذات الفعالية الواضحة.",
        "بصمة الحركة والدروس القيّمة المستفادة.",
        "إطلاق العنان لقوة الشعب، ومواكبة تنمية المحافظة.",
    ]
    assert article.byline == "ثانه فوك"
    assert article.source_url == (
        "https://baotuyenquang.com.vn/thoi-su-chinh-polit/202510/"
        "lan-toa-phong-trao-dan-van-kheo-cung-co-niem-tin-cua-nhan-dan-5a02e0b/"
    )
    assert article.published == PartialDate(2025, 10)
    assert article.section == "thoi-su-chinh-polit"
    assert (article.language, article.direction) == ("ar", Direction.RTL)
    assert article.title_derived and article.title


def test_seed_001_structure(seeds):
    article = load_articles(seeds / "001_a9bf00bd49686ead.txt")[0]
    assert (len(article.figures), len(article.paragraphs), len(article.headings)) == (3, 11, 0)
    assert article.byline == "ثوي لي"
    assert article.published == PartialDate(2025, 12)
    assert article.title_derived


def test_seeds_leave_no_artefacts(seeds):
    for article in load_articles(seeds):
        texts = [article.title, article.byline or ""]
        for block in article.blocks:
            texts.append(block.caption or "" if isinstance(block, Figure) else block.text)
        for text in texts:
            assert "|" not in text and "![" not in text
            assert "تعليق (0)" not in text and "المصدر:" not in text
            assert "https://" not in text


def test_subheading_needs_a_longer_paragraph_after_it(write):
    path = write(
        "a.txt",
        "\n".join(
            [
                LONG_AR,
                "مشاريع جديدة في الأحياء الشرقية.",  # heading: short, then a long paragraph
                LONG_AR,
                "وأوضح التقرير ثلاث أولويات رئيسية:",  # ends with a colon: paragraph
                LONG_AR,
                "وانتهى الاجتماع بعد الظهر.",  # short, followed by a figure: paragraph
                "![]() |",
                "| صورة |",
                "نعم. هذا صحيح تماما",  # two sentences: paragraph
                LONG_AR,
                "وانتهى اللقاء مساء أمس.",  # short last line: paragraph
            ]
        ),
    )
    article = load_articles(path)[0]
    assert kinds(article) == [
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
        "figure",
        "paragraph",
        "paragraph",
        "paragraph",
    ]


def test_captionless_consecutive_and_addressed_images(write):
    path = write(
        "a.txt",
        "\n".join(
            [
                "![]() |",
                "![]() |",
                "| الثانية |",
                "![مخطط](images/chart.png) |",
                "![alt text](https://img.example.com/a.jpg) |",
                "| with caption |",
                LONG_AR,
            ]
        ),
    )
    figures = load_articles(path)[0].figures
    assert figures == (
        Figure(caption=None, image=None),
        Figure(caption="الثانية", image=None),
        Figure(caption="مخطط", image="images/chart.png"),
        Figure(caption="with caption", image="https://img.example.com/a.jpg"),
    )


@pytest.mark.parametrize(
    ("credit", "source_label", "counter", "byline"),
    [
        ("النص والصور: ثانه فوك", "المصدر", "تعليق (0)", "ثانه فوك"),
        ("ثوي لي", "المصدر", "تعليق (12)", "ثوي لي"),
        ("Text and photos: Mai Lan", "Source", "Comment (0)", "Mai Lan"),
        ("Hoàng Minh", "Nguồn", "Bình luận (3)", "Hoàng Minh"),
        ("Bài và ảnh: Hoàng Minh", "Nguồn", "Bình luận (0)", "Hoàng Minh"),
        ("טקסט ותמונות: נועה ברק", "מקור", "תגובה (0)", "נועה ברק"),
        ("Texte et photos : Claire Martin", "Source ", "Commentaire (4)", "Claire Martin"),
    ],
)
def test_localized_credit_source_and_counter(write, credit, source_label, counter, byline):
    url = "https://news.example.com/culture/2025/11/03/some-story/"
    body = LONG_EN if "Source" in source_label else LONG_AR
    path = write("a.txt", f"{body}\n{credit}\n{source_label}: {url}\n\n\n\n{counter}")
    article = load_articles(path)[0]
    assert article.byline == byline
    assert article.source_url == url
    assert article.published == PartialDate(2025, 11, 3)
    assert article.section == "culture"
    assert [block.text for block in article.blocks] == [body]


def test_no_source_line_keeps_a_labelled_credit_only(write):
    article = load_articles(write("a.txt", f"{LONG_EN}\nPhotos: Ana Silva\n"))[0]
    assert article.byline == "Ana Silva"
    assert article.source_url is None
    # A bare short last line without a source line is a paragraph, not a credit.
    article = load_articles(write("b.txt", f"{LONG_EN}\nAna Silva"))[0]
    assert article.byline is None
    assert article.paragraphs[-1].text == "Ana Silva"


def test_adverts_are_dropped_on_their_own_line_and_inline(write):
    path = write("a.txt", f"[إعلان_1]\n{LONG_AR} [إعلان_2] {LONG_AR}\n[ad_2]\n{LONG_EN}")
    article = load_articles(path)[0]
    assert [block.text for block in article.blocks] == [f"{LONG_AR} {LONG_AR}", LONG_EN]


def test_orphan_caption_row_is_kept_and_warned(write, caplog):
    path = write("a.txt", f"{LONG_AR}\n| تعليق على صورة |\n{LONG_AR}")
    with caplog.at_level(logging.WARNING, logger="newsreport"):
        article = load_articles(path)[0]
    assert article.figures == (Figure(caption="تعليق على صورة"),)
    assert "a.txt:2: caption row without an image marker" in caplog.text


def test_markdown_style_heading_lines(write):
    article = load_articles(write("a.txt", f"## عنوان فرعي طويل جدا\n{LONG_AR}"))[0]
    assert article.blocks[0] == Heading("عنوان فرعي طويل جدا")
    assert article.blocks[1] == Paragraph(LONG_AR)
