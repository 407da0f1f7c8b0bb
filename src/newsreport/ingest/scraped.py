"""The raw scraped layout: body lines, ``![]() |`` image markers, caption rows, credit and source.

The same site publishes this layout in many languages, so the reader recognises structure
(a label, a colon, an address; a word and a count in brackets), never particular words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .._messages import warn
from ..model import Block, Figure, Heading, Paragraph, RawArticle

_IMAGE_MARKER = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]*)\)\s*\|?\s*$")
_CAPTION_ROW = re.compile(r"^\|(?P<text>.*?)\|?$")
_SOURCE_LINE = re.compile(r"^(?P<label>[^:：]{1,40}?)\s*[:：]\s*(?P<url>https?://\S+)$", re.I)
_BARE_URL = re.compile(r"^https?://\S+$", re.I)
_COMMENT_COUNTER = re.compile(r"^[^\d\s()]+(?:\s+[^\d\s()]+){0,2}\s*\(\s*\d+\s*\)$")
_ADVERT_LINE = re.compile(r"^\[[^\[\]\s]+_\d+\]$")
_LABELLED_CREDIT = re.compile(r"^(?P<label>[^:：\d]{1,40}?)\s*[:：]\s*(?P<name>\S.*)$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*#*$")
_SENTENCE_END = re.compile(r"[.!?؟。](?=\s)")
_URL = re.compile(r"https?://", re.I)

HEADING_MAX_WORDS = 12
"""A subheading is a standalone line of at most this many words…"""
HEADING_MAX_CHARS = 100
"""…and at most this many characters…"""
HEADING_FOLLOWER_MIN_WORDS = 15
"""…followed by a paragraph at least this long (and at least twice its own length)."""
_NOT_HEADING_ENDINGS = (":", "：", "،", ",", "؛", ";", "…", "...", "-", "–", "—")


@dataclass(slots=True)
class _Line:
    number: int
    text: str


@dataclass(slots=True)
class _Text:
    line: int
    text: str
    markdown_heading: bool = False


def parse_scraped(path: Path, text: str) -> list[RawArticle]:
    """Read one article in the scraped layout."""
    lines = [_Line(number, raw.strip()) for number, raw in enumerate(text.splitlines(), 1)]
    body_end, source_url, byline = _read_trailer(lines)
    items = _read_body(path, lines[:body_end])
    blocks = _classify(items)
    return [RawArticle(path=path, blocks=tuple(blocks), source_url=source_url, byline=byline)]


def blocks_from_lines(path: Path, text: str) -> list[Block]:
    """Plain text with one paragraph per line (what extractors write): subheadings recognised
    as in the scraped layout, ``![alt](src)`` lines as figures."""
    lines = [_Line(number, raw.strip()) for number, raw in enumerate(text.splitlines(), 1)]
    return _classify(_read_body(path, lines))


def _read_trailer(lines: list[_Line]) -> tuple[int, str | None, str | None]:
    """Find where the body ends, and the source address and credit after it."""
    end = len(lines)
    while end and (not lines[end - 1].text or _is_trailer_noise(lines[end - 1].text)):
        end -= 1
    source_url: str | None = None
    byline: str | None = None
    last = _previous_non_blank(lines, end)
    if last is not None:
        source_url = _source_address(lines[last].text)
        if source_url is not None:
            end = last
            credit = _previous_non_blank(lines, end)
            if credit is not None:
                byline = _credit_name(lines[credit].text, bare_allowed=True)
                if byline is not None:
                    end = credit
        else:
            byline = _credit_name(lines[last].text, bare_allowed=False)
            if byline is not None:
                end = last
    return end, source_url, byline


def _previous_non_blank(lines: list[_Line], end: int) -> int | None:
    index = end - 1
    while index >= 0 and not lines[index].text:
        index -= 1
    return index if index >= 0 else None


def _is_trailer_noise(text: str) -> bool:
    return bool(_COMMENT_COUNTER.match(text) or _ADVERT_LINE.match(text))


def _source_address(text: str) -> str | None:
    if _BARE_URL.match(text):
        return text
    match = _SOURCE_LINE.match(text)
    if match and len(match["label"].split()) <= 3 and not _URL.search(match["label"]):
        return match["url"]
    return None


def _credit_name(text: str, *, bare_allowed: bool) -> str | None:
    """The name in a credit line (``النص والصور: NAME``, ``Text and photos: NAME``, or a bare name)."""
    if _URL.search(text) or _IMAGE_MARKER.match(text) or text.startswith("|"):
        return None
    match = _LABELLED_CREDIT.match(text)
    if match:
        label, name = match["label"].strip(), match["name"].strip()
        if len(label.split()) <= 4 and _is_name_like(name):
            return name
        return None
    if bare_allowed and _is_name_like(text) and len(text.split()) <= 5:
        return text
    return None


def _is_name_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 6
        and len(text) <= 60
        and not any(char.isdigit() for char in text)
        and not text.endswith((".", "!", "?", "؟", ":", "؛", ";", "،", ","))
        and any(char.isalpha() for char in text)
    )


def _read_body(path: Path, lines: list[_Line]) -> list[Figure | _Text]:
    items: list[Figure | _Text] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        text = line.text
        if not text or _ADVERT_LINE.match(text):
            continue
        marker = _IMAGE_MARKER.match(text)
        if marker:
            caption: str | None = None
            following = _next_non_blank(lines, index)
            if following is not None and _CAPTION_ROW.match(lines[following].text):
                caption = _caption_text(lines[following].text)
                index = following + 1
            if not caption:
                caption = marker["alt"].strip() or None
            items.append(Figure(caption=caption, image=marker["src"].strip() or None))
            continue
        if _CAPTION_ROW.match(text):
            warn(
                path, "caption row without an image marker before it; kept as a figure", line.number
            )
            items.append(Figure(caption=_caption_text(text)))
            continue
        heading = _MARKDOWN_HEADING.match(text)
        if heading:
            items.append(_Text(line.number, heading["text"], markdown_heading=True))
            continue
        items.append(_Text(line.number, text))
    return items


def _next_non_blank(lines: list[_Line], index: int) -> int | None:
    while index < len(lines) and not lines[index].text:
        index += 1
    return index if index < len(lines) else None


def _caption_text(row: str) -> str | None:
    match = _CAPTION_ROW.match(row)
    assert match is not None
    return match["text"].strip().strip("|").strip() or None


def _classify(items: list[Figure | _Text]) -> list[Block]:
    """Turn text lines into paragraphs and subheadings, using the line that follows each one."""
    blocks: list[Block] = []
    for position, item in enumerate(items):
        if isinstance(item, Figure):
            blocks.append(item)
            continue
        following = items[position + 1] if position + 1 < len(items) else None
        next_text = following.text if isinstance(following, _Text) else None
        previous_is_heading = bool(blocks) and isinstance(blocks[-1], Heading)
        if item.markdown_heading or (
            not previous_is_heading and looks_like_heading(item.text, next_text)
        ):
            blocks.append(Heading(item.text))
        else:
            blocks.append(Paragraph(item.text))
    return blocks


def looks_like_heading(text: str, next_text: str | None) -> bool:
    """A short, single-sentence standalone line that introduces a longer paragraph."""
    words = len(text.split())
    if words > HEADING_MAX_WORDS or len(text) > HEADING_MAX_CHARS:
        return False
    if text.endswith(_NOT_HEADING_ENDINGS) or _SENTENCE_END.search(text):
        return False
    if next_text is None:
        return False
    next_words = len(next_text.split())
    return next_words >= HEADING_FOLLOWER_MIN_WORDS and next_words >= 2 * words
