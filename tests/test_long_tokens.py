"""Very long unbroken runs: laid out with work in proportion to their length, copied whole."""

from __future__ import annotations

import re
import unicodedata

import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreport import Article, Direction, Paragraph, render_pdf_bytes
from newsreport.engine._breaks import BREAK, LONGEST_RUN, PIECE, SPAN, breakable

SCRIPTS = {
    "latin": ("en", "abcdefghij"),
    "arabic": ("ar", "بتثنيسشلمك"),
    "arabic-marks": ("ar", "بَتُثِنّيْ"),
    "persian-zwnj": ("fa", "می\u200cشود"),
    "hebrew": ("he", "אבגדהוזחטי"),
    "cjk": ("zh", "中文新闻报道的长段落"),
    "devanagari": ("hi", "क्षत्रिय"),
    "digits": ("ar", "٠١٢٣٤٥٦٧٨٩"),
    "address": ("en", "https://example.com/a-b_c?d=e&f=g/"),
    "emoji": ("en", "👨\u200d👩\u200d👧🇸🇦👍🏽"),
}


def _plain(html: str) -> str:
    return html.replace(BREAK, "").replace("<span>", "").replace("</span>", "")


def _runs(html: str) -> list[str]:
    """The text between two break opportunities (tags and breaks both end a run)."""
    return re.findall(r"[^\s<>\u200b]+", re.sub(r"<[^>]*>", " ", html))


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_long_runs_get_breaks_and_lose_nothing(script: str) -> None:
    letters = SCRIPTS[script][1]
    run = (letters * (5000 // len(letters) + 1))[:5000]
    html = f'<html><head><title>{run}</title></head><body><p title="{run}">{run}</p></body></html>'
    made = breakable(html)
    assert _plain(made) == html
    body = made.split("<body>")[1]
    assert f'title="{run}"' in body  # attributes are left alone
    assert max(len(piece) for piece in _runs(body.split(">", 1)[1])) <= 2 * PIECE + 8
    assert made.count("<span>") >= len(run) // (SPAN + 4 * PIECE)
    for before, after in re.findall(r"(.)\u200b(?:</span>\u200b<span>)?(.)", made):
        assert unicodedata.category(after) not in ("Mn", "Mc", "Me", "Cf", "Sk")
        assert before != "\u200d"


def test_short_runs_entities_and_styles_are_left_alone() -> None:
    long = "x" * (LONGEST_RUN + 50)
    html = (
        f"<html><head><style>.a{{content:'{long}'}}</style></head><body>"
        f"<p>{'y' * LONGEST_RUN} &amp;{'&amp;' * 300}</p><!-- {long} --></body></html>"
    )
    made = breakable(html)
    assert "y" * LONGEST_RUN + " " in made
    assert f"content:'{long}'" in made and f"<!-- {long} -->" in made
    assert "&amp;" * 20 in made.replace(BREAK, "").replace("<span>", "").replace("</span>", "")
    assert not re.search(r"&(?:a|am|amp)\u200b", made)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*"ab\u0301\u200d\u200cك&<>", "&amp;", "🇸", "🇦"]), max_size=900))
def test_breaks_only_add_invisible_places_to_break(pieces: list[str]) -> None:
    text = "".join(pieces).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = f"<body><p>{text}</p></body>"
    assert _plain(breakable(html)) == html


def _laid_out_characters(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the characters WeasyPrint hands Pango to find lines."""
    from weasyprint.text import line_break

    counted: list[int] = [0]
    original = line_break.Layout.set_text

    def counting(layout, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted[0] += len(text)
        return original(layout, text, *args, **kwargs)

    monkeypatch.setattr(line_break.Layout, "set_text", counting)
    return counted


@pytest.mark.slow
@pytest.mark.parametrize("script", ["latin", "arabic", "cjk", "emoji"])
def test_work_grows_with_the_token_and_the_text_copies_whole(
    script: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 20 000-character token costs Pango a bounded multiple of its length (it was
    quadratic: 150 times its length for Latin, more for narrow Arabic letters)."""
    language, letters = SCRIPTS[script]
    token = (letters * (20000 // len(letters) + 1))[:20000]
    direction = Direction.RTL if language in ("ar", "fa", "he") else Direction.LTR
    article = Article(title="T", language=language, direction=direction, blocks=(Paragraph(token),))
    counted = _laid_out_characters(monkeypatch)
    data = render_pdf_bytes([article], options={"workers": 1, "cache": False})
    assert counted[0] < 12 * len(token), counted[0] / len(token)
    pdf = pypdfium2.PdfDocument(data)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert BREAK not in text
    copied = re.sub(r"[\r\n]", "", text)
    kept = "".join(char for char in token if char not in "\u200d\u200c")
    assert kept[:200] in copied.replace("\u200d", "").replace("\u200c", "") or script == "emoji"
