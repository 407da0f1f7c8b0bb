"""Digests: period, order, grouping and duplicates, decided before any layout."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from newsreport import Article, ConfigError, Direction, Options, Paragraph, PartialDate
from newsreport.compose.digest import compose_digest
from newsreport.model import Period


def article(title: str, published: str | None, section: str | None = None, **fields) -> Article:
    values = {
        "title": title,
        "language": "ar",
        "direction": Direction.RTL,
        "blocks": (Paragraph(f"نص المقال {title}."),),
        "published": PartialDate.parse(published) if published else None,
        "section": section,
        "path": Path(f"/articles/{title}.txt"),
    }
    values.update(fields)
    return Article(**values)


def options(**digest) -> Options:
    return Options.from_mapping({"digest": digest})


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-W41", "2025-10-06", "2025-10-12"),
        ("2025-10", "2025-10-01", "2025-10-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025-10-01..2025-12-31", "2025-10-01", "2025-12-31"),
        ("2025-W52..2026-W01", "2025-12-22", "2026-01-04"),
    ],
)
def test_periods(text, start, end):
    period = Period.parse(text)
    assert (str(period.start), str(period.end)) == (start, end)


@pytest.mark.parametrize("text", ["2025-W54", "last week", "2025-12-31..2025-01-01"])
def test_bad_periods_are_config_errors(text):
    with pytest.raises(ConfigError, match=r"\[digest\] key 'period'"):
        options(period=text)


def test_period_keeps_overlapping_months_and_undated_with_a_warning(caplog):
    articles = [
        article("in", "2025-10-07"),
        article("before", "2025-10-05"),
        article("month", "2025-10"),
        article("other month", "2025-11"),
        article("undated", None),
    ]
    with caplog.at_level(logging.WARNING, logger="newsreport"):
        digest = compose_digest(articles, options(period="2025-W41", group_by="none"))
    assert [a.title for a in digest.articles] == ["month", "in", "undated"]
    assert digest.left_out == 2
    assert [group.key for group in digest.groups] == ["all", "undated"]
    assert "undated.txt: undated article kept in the undated group (2025-W41)" in caplog.text


def test_grouping_by_section_uses_display_names_in_their_order():
    articles = [
        article("b", "2025-10-02", "tin-moi"),
        article("a", "2025-10-02", "kinh-te"),
        article("c", "2025-10-01", "اقتصاد"),
        article("d", "2025-10-03", "zzz"),
        article("e", "2025-10-03", None),
    ]
    sections = {"kinh-te": "الاقتصاد", "اقتصاد": "الاقتصاد", "tin-moi": "آخر الأخبار"}
    digest = compose_digest(articles, options(group_by="section", sections=sections))
    assert digest.grouped
    assert [(g.name, [a.title for a in g.articles]) for g in digest.groups] == [
        ("الاقتصاد", ["c", "a"]),
        ("آخر الأخبار", ["b"]),
        ("zzz", ["d"]),
        (None, ["e"]),
    ]


def test_grouping_by_day_orders_by_date_then_title():
    articles = [
        article("z", "2025-10-02"),
        article("a", "2025-10-02"),
        article("m", "2025-10"),
        article("first", "2025-10-01"),
    ]
    digest = compose_digest(articles, options(group_by="day"))
    assert [(g.key, [a.title for a in g.articles]) for g in digest.groups] == [
        ("2025-10", ["m"]),
        ("2025-10-01", ["first"]),
        ("2025-10-02", ["a", "z"]),
    ]


def test_duplicates_by_address_or_text_appear_once(caplog):
    first = article("one", "2025-10-01", source_url="https://news.example.com/a/1/")
    same_address = article("two", "2025-10-01", source_url="HTTPS://NEWS.example.com/a/1#top")
    same_text = article(
        "three", "2025-10-01", blocks=(Paragraph("  نص   المقال one. "),), source_url=None
    )
    with caplog.at_level(logging.WARNING, logger="newsreport"):
        digest = compose_digest([first, same_address, same_text], options(group_by="none"))
    assert [a.title for a in digest.articles] == ["one"]
    assert digest.duplicates == 2
    assert caplog.text.count("duplicate of /articles/one.txt (one); left out") == 2
