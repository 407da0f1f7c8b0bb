"""Markdown with YAML or TOML front matter."""

from __future__ import annotations

import pytest

from newsreport import Figure, Heading, LoadError, Paragraph, PartialDate, load_articles

YAML_ARTICLE = """---
title: خدمات رقمية جديدة
date: 2025-11-20
section: الخدمات
source: https://news.example.com/ar/services/2025/11/20/counters/
byline: ليلى حسن
language: ar
---

افتتحت البلدية اليوم **مكاتب** رقمية جديدة عبر [البوابة](https://portal.example.com).

## الخطوة التالية

![شاشة](images/screen.png)

*المواطنون أمام الشاشة الجديدة*

- البند الأول
- البند الثاني

1. أولا
2. ثانيا

![رسم](images/chart.png "عنوان الصورة")

| صف | آخر |
|----|-----|
| أ  | ب   |
"""

TOML_ARTICLE = """+++
title = "Port expansion approved"
date = 2025-11-12
byline = "By Sarah Okafor"
language = "en"
+++
# Not the title, because the front matter has one

The board approved the plan.

![Crane](https://images.example.com/crane.jpg)

| The new crane |
"""


def test_yaml_front_matter_and_body(write):
    article = load_articles(write("a.md", YAML_ARTICLE))[0]
    assert article.title == "خدمات رقمية جديدة" and not article.title_derived
    assert article.published == PartialDate(2025, 11, 20)
    assert (article.section, article.byline, article.language) == ("الخدمات", "ليلى حسن", "ar")
    assert article.blocks == (
        Paragraph("افتتحت البلدية اليوم مكاتب رقمية جديدة عبر البوابة."),
        Heading("الخطوة التالية"),
        Figure(caption="المواطنون أمام الشاشة الجديدة", image="images/screen.png"),
        Paragraph("• البند الأول"),
        Paragraph("• البند الثاني"),
        Paragraph("1. أولا"),
        Paragraph("2. ثانيا"),
        Figure(caption="عنوان الصورة", image="images/chart.png"),
        Paragraph("صف – آخر"),
        Paragraph("أ – ب"),
    )


def test_toml_front_matter_byline_label_and_caption_row(write):
    article = load_articles(write("a.md", TOML_ARTICLE))[0]
    assert article.title == "Port expansion approved"
    assert article.byline == "Sarah Okafor"
    assert article.published == PartialDate(2025, 11, 12)
    assert article.blocks == (
        Heading("Not the title, because the front matter has one"),
        Paragraph("The board approved the plan."),
        Figure(caption="The new crane", image="https://images.example.com/crane.jpg"),
    )


def test_leading_h1_is_the_title_without_front_matter(write):
    article = load_articles(write("a.md", "# The title\n\nBody text here.\n"))[0]
    assert (article.title, article.title_derived) == ("The title", False)
    assert article.blocks == (Paragraph("Body text here."),)


def test_html_in_markdown_is_text(write):
    article = load_articles(write("a.md", "Hello <b>world</b> {{ 7*7 }}\n"))[0]
    assert article.paragraphs[0].text == "Hello <b>world</b> {{ 7*7 }}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("---\ntitle: x\ntitel: y\n---\nbody\n", "a.md:3: unknown front-matter key 'titel'"),
        ("---\ntitle: [unclosed\n---\nbody\n", "a.md:2: front matter is not valid YAML"),
        ("+++\ntitle = \n+++\nbody\n", "a.md:2: front matter is not valid TOML: Invalid value"),
        ("---\ntitle: x\nbody\n", "a.md:1: front matter opened with '---' is never closed"),
        ("---\ntitle: [a, b]\n---\nbody\n", "a.md:2: 'title' must be text, not list"),
        ("---\n- a\n- b\n---\nbody\n", "front matter must be a mapping"),
    ],
)
def test_bad_front_matter(write, content, message):
    with pytest.raises(LoadError) as caught:
        load_articles(write("a.md", content))
    assert message in str(caught.value)


def test_caption_line_directly_under_the_image(write):
    content = "![a](x.png)\n*Caption one*\n\n![b](y.png)\n| Caption two |\n\n![c](z.png) and text\n"
    article = load_articles(write("a.md", content))[0]
    assert article.blocks == (
        Figure(caption="Caption one", image="x.png"),
        Figure(caption="Caption two", image="y.png"),
        Paragraph("and text"),
        Figure(caption="c", image="z.png"),
    )


def test_a_bad_date_costs_the_article_its_date_only(write):
    from newsreport._messages import collected_warnings

    for date in ("someday", "2025-13-45", "2025-02-30"):
        path = write("a.md", f"---\ntitle: T\ndate: {date}\n---\nbody\n")
        with collected_warnings(quiet=True) as warnings:
            (article,) = load_articles(path)
        assert article.published is None
        (message,) = warnings
        assert message.startswith(f"{path}:3: 'date': '{date}' is not")
