"""JSON input: object, list, JSON Lines, in the schema ``inspect --json`` prints."""

from __future__ import annotations

import json

import pytest

from newsreport import Figure, Heading, LoadError, Paragraph, PartialDate, load_articles
from newsreport._messages import collected_warnings
from newsreport.model import Direction

ARTICLE = {
    "title": "ميناء جديد",
    "published": "2025-11-21",
    "section": "اقتصاد",
    "source_url": "https://news.example.com/ar/economy/2025/11/21/port/",
    "byline": "سارة",
    "blocks": [
        {"type": "paragraph", "text": "افتتح الميناء الجديد أمس بحضور المسؤولين."},
        {"type": "figure", "caption": "الرصيف", "image": None},
        {"type": "heading", "text": "أرقام"},
    ],
}


def test_single_object(write):
    article = load_articles(write("a.json", json.dumps(ARTICLE, ensure_ascii=False)))[0]
    assert article.title == "ميناء جديد" and not article.title_derived
    assert article.published == PartialDate(2025, 11, 21)
    assert article.blocks == (
        Paragraph("افتتح الميناء الجديد أمس بحضور المسؤولين."),
        Figure(caption="الرصيف"),
        Heading("أرقام"),
    )
    assert (article.language, article.direction) == ("ar", Direction.RTL)


def test_list_and_json_lines(write):
    english = {"blocks": [{"type": "paragraph", "text": "The port opened yesterday."}]}
    assert len(load_articles(write("a.json", json.dumps([ARTICLE, english])))) == 2
    lines = json.dumps(ARTICLE) + "\n\n" + json.dumps(english) + "\n"
    articles = load_articles(write("a.jsonl", lines))
    assert [a.language for a in articles] == ["ar", "en"]
    assert articles[1].title == "The port opened yesterday" and articles[1].title_derived
    # Several objects in a .json file are read as JSON Lines too.
    assert len(load_articles(write("b.json", lines))) == 2


def test_round_trip_through_the_output_schema(write):
    original = load_articles(write("a.json", json.dumps(ARTICLE)))[0]
    again = load_articles(write("b.json", json.dumps(original.to_dict())))[0]
    assert again.to_dict() | {"path": None} == original.to_dict() | {"path": None}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"title": "x",\n "titel": "y"}', "a.json:1: unknown key 'titel' (did you mean 'title'?)"),
        ('[{"title": "x", "txt": "z"}]', "a.json:1: unknown key 'txt'"),
        ('{"title": "x",\n "blocks": [1,]}', "a.json:2: malformed JSON"),
        ('{"title": 3}', "a.json:1: 'title' must be a string, not a number"),
        ('{"title": "x", "direction": "up"}', "'direction' must be 'rtl' or 'ltr'"),
        ('{"blocks": [{"type": "table"}]}', "block 1 has type 'table'"),
        ('{"blocks": [{"type": "paragraph", "text": ""}]}', "block 1 (paragraph) has no 'text'"),
        ("[]", "the JSON list holds no articles"),
        ('"just a string"', "expected an article object or a list of them"),
        ("[1, 2]", "expected an article object, found a number in article 1"),
        ('{"blocks": []}', "no article text found"),
    ],
)
def test_bad_json_names_file_line_and_problem(write, content, message):
    path = write("a.json", content)
    with pytest.raises(LoadError) as caught:
        load_articles(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_a_bad_record_is_named_and_skipped_the_others_read(write):
    good = json.dumps(ARTICLE, ensure_ascii=False)
    other = json.dumps({**ARTICLE, "title": "ميناء آخر"}, ensure_ascii=False)
    path = write("a.jsonl", f"{good}\n{{broken\n{other}\n")
    with collected_warnings(quiet=True) as warnings:
        articles = load_articles(path)
    assert [article.title for article in articles] == ["ميناء جديد", "ميناء آخر"]
    (message,) = warnings
    assert message.startswith(f"{path}:2: record skipped: malformed JSON Lines record")
    listed = write(
        "b.json", f'[{good},\n {{"title": "y", "blocks": [{{"type": "p"}}]}},\n {other}]'
    )
    with collected_warnings(quiet=True) as warnings:
        assert len(load_articles(listed)) == 2
    (message,) = warnings
    assert message.startswith(f"{listed}:2: record skipped: block 1 has type 'p'")
    # Nothing good at all: the file is an error.
    with pytest.raises(LoadError, match=r"c\.jsonl:1: malformed JSON Lines record"):
        load_articles(write("c.jsonl", "{broken\n"))


def test_a_bad_date_leaves_the_article_undated(write):
    path = write(
        "a.json",
        '{"title": "x", "published": "next week", "blocks": '
        '[{"type": "paragraph", "text": "Body."}]}',
    )
    with collected_warnings(quiet=True) as warnings:
        (article,) = load_articles(path)
    assert article.published is None
    assert "'published': 'next week' is not a date" in warnings[0]
    assert warnings[0].endswith("the article is kept undated")
