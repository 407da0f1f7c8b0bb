"""Text clean-up rules, one fixture case each, and the derived title."""

from __future__ import annotations

import re

import pytest

from newsreport import normalize_text
from newsreport.ingest.normalize import TEXT_RULES, title_from_text

from .conftest import FIXTURES


def _unescape(text: str) -> str:
    return re.sub(
        r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})", lambda m: chr(int(m[1] or m[2], 16)), text
    )


def _cases() -> list[tuple[str, str, str]]:
    source = (FIXTURES / "text_rules.txt").read_text(encoding="utf-8")
    body = "\n".join(line for line in source.splitlines() if not line.startswith("#"))
    cases = []
    for chunk in body.split("\n---\n"):
        header, rest = chunk.strip("\n").split("\n", 1)
        given, expected = rest.split("\n=>\n")
        cases.append((header.removeprefix("rule: "), _unescape(given), _unescape(expected)))
    return cases


@pytest.mark.parametrize(("rule", "given", "expected"), _cases())
def test_text_rule(rule, given, expected):
    if rule == "all":
        assert normalize_text(given) == expected
    else:
        assert rule in dict(TEXT_RULES)
        assert normalize_text(given, only=[rule]) == expected


def test_every_rule_has_a_fixture():
    assert {rule for rule, _, _ in _cases()} >= set(dict(TEXT_RULES))


def test_a_rule_can_be_switched_off():
    assert normalize_text("a ، b", skip=["punctuation_spacing"]) == "a ، b"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("الميناء يفتح أبوابه. وقال المدير إن العمل بدأ.", "الميناء يفتح أبوابه"),
        (
            "عُقد المؤتمر بنظام هجين، يجمع بين الحضور الشخصي والمشاركة عبر الإنترنت، ويربط بين 35 لجنة حزبية",
            "عُقد المؤتمر بنظام هجين، يجمع بين الحضور الشخصي والمشاركة عبر الإنترنت…",
        ),
        (
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
            "one two three four five six seven eight nine ten eleven twelve…",
        ),
    ],
)
def test_title_from_text(text, title):
    assert title_from_text(text) == title
