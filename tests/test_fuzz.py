"""Property-based tests: any input gives articles or a NewsreportError, and a PDF that opens."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreport import (
    Article,
    Direction,
    Figure,
    Heading,
    LoadError,
    NewsreportError,
    Paragraph,
    load_articles,
    render_pdf_bytes,
)

PIECES = [
    *"ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإةى",
    *"\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640",  # harakat, tatweel
    *"אבגדהוזחטיכלמנסעפצקרשת",
    *"abcxyzÀéđơư ",
    *"0123456789٠١٢٣",
    *"\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c",  # bidi controls
    *"\u200b\u200c\u200d\ufeff\u00ad\u00a0",  # zero-width and friends
    *"\x00\x01\x07\x1b\x7f\t\n\r",
    "\u0301\u0308",  # combining marks on anything
    "\ufefb\ufdfa\ufe8d",  # presentation forms
    "ـــــــــــــــــ",
    "![]() |",
    "![alt](images/x.png) |",
    "| caption |",
    "[إعلان_1]",
    "[ad_2]",
    "تعليق (0)",
    "Source: https://news.example.com/2025/10/14/x/",
    "المصدر: https://news.example.com/tin-moi/202510/y/",
    "النص والصور: ثانه فوك",
    "<script>",
    "{{ 7*7 }}",
    "---",
    "+++",
    "# ",
    "*",
    "x" * 300,
    "\n\n",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
SURROGATE_TEXT = st.lists(st.sampled_from([*PIECES, "\ud800", "\udfff"]), max_size=40).map("".join)


def _load_all(folder: Path) -> list[Article]:
    errors: list[LoadError] = []
    articles = load_articles(folder, on_error=errors.append)
    assert all(isinstance(error, LoadError) and "\n" not in str(error) for error in errors)
    return articles


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=SURROGATE_TEXT, suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".data"]))
def test_any_text_file_loads_or_is_named(tmp_path, text, suffix):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / f"a{suffix}").write_bytes(text.encode("utf-8", "surrogatepass"))
    for article in _load_all(folder):
        assert article.title
        for block in article.blocks:
            value = block.caption if isinstance(block, Figure) else block.text
            assert value is None or ("\x00" not in value and "|" not in value and "![" not in value)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_any_bytes_load_or_are_named(tmp_path, data):
    folder = tmp_path / "bytes"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_bytes(data)
    _load_all(folder)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    document=st.recursive(
        st.none() | st.booleans() | st.integers() | TEXT,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "title",
                        "blocks",
                        "type",
                        "text",
                        "caption",
                        "image",
                        "published",
                        "language",
                        "direction",
                        "x",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=12,
    )
)
def test_any_json_loads_or_is_named(tmp_path, document):
    folder = tmp_path / "json"
    folder.mkdir(exist_ok=True)
    (folder / "a.json").write_text(json.dumps(document), encoding="utf-8")
    _load_all(folder)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=TEXT,
    texts=st.lists(TEXT, min_size=1, max_size=4),
    caption=TEXT,
    direction=st.sampled_from(list(Direction)),
    language=st.sampled_from(["ar", "he", "en", "fa", "vi"]),
)
def test_render_succeeds_with_a_pdf_that_opens_or_fails_cleanly(
    tmp_path, title, texts, caption, direction, language
):
    blocks = [Heading(t) if i % 3 == 2 else Paragraph(t) for i, t in enumerate(texts) if t]
    blocks.append(Figure(caption=caption or None, image="images/none.png"))
    article = Article(
        title=title or "—",
        language=language,
        direction=direction,
        blocks=tuple(blocks),
        path=tmp_path / "a.txt",
    )
    try:
        data = render_pdf_bytes([article])
    except NewsreportError:
        return
    document = pypdfium2.PdfDocument(data)
    try:
        assert len(document) >= 3
        for page in document:
            page.get_textpage().get_text_range()
    finally:
        document.close()
