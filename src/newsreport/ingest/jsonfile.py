"""JSON input: one article object, a list of them, or JSON Lines, in the ``inspect --json`` schema."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .._messages import warn
from ..errors import LoadError
from ..model import (
    ARTICLE_KEYS,
    BLOCK_KEYS,
    Block,
    Direction,
    Figure,
    Heading,
    Paragraph,
    PartialDate,
    RawArticle,
)
from .extractors import from_news_please, from_trafilatura_json, json_kind
from .feeds import is_json_feed, parse_json_feed

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_DECODER = json.JSONDecoder()


def parse_json(path: Path, text: str, *, lines: bool = False) -> list[RawArticle]:
    """Read a JSON document (object or list of objects) or, with ``lines``, JSON Lines."""
    if lines:
        return _kept(path, ((line, None, value) for line, value in _json_lines(path, text)))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            try:
                records = list(_json_lines(path, text, whole=True))
            except LoadError:
                pass
            else:
                return _kept(path, ((line, None, value) for line, value in records))
        raise _malformed(path, error) from None
    if is_json_feed(document):
        return parse_json_feed(path, document)
    if isinstance(document, dict):
        return [_article(path, document, 1, None)]
    if isinstance(document, list):
        if not document:
            raise LoadError(path, "the JSON list holds no articles")
        starts = _array_item_lines(text)
        return _kept(
            path,
            (
                (starts[index] if index < len(starts) else None, index + 1, value)
                for index, value in enumerate(document)
            ),
        )
    raise LoadError(path, f"expected an article object or a list of them, found {_kind(document)}")


def _kept(path: Path, records: Iterable[tuple[int | None, int | None, Any]]) -> list[RawArticle]:
    """The articles of a file's records: a bad record is named (``file:line``) and skipped,
    the others read; a file with no good record at all is an error."""
    articles: list[RawArticle] = []
    errors: list[LoadError] = []
    for line, item, value in records:
        if isinstance(value, LoadError):
            errors.append(value)
            continue
        try:
            articles.append(_article(path, value, line, item))
        except LoadError as error:
            errors.append(error)
    if not articles:
        if len(errors) == 1:
            raise errors[0]
        raise LoadError(
            path,
            f"no article could be read ({len(errors)} bad records; first: "
            f"{errors[0].message}, line {errors[0].line})"
            if errors
            else "no JSON records",
        )
    for error in errors:
        warn(path, f"record skipped: {error.message}", error.line)
    return articles


def _json_lines(path: Path, text: str, *, whole: bool = False) -> Iterator[tuple[int, Any]]:
    """Each record with its line number; a malformed one is a ``LoadError`` in its place
    (raised instead when ``whole``: the file must be JSON Lines throughout)."""
    found = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            failure = LoadError(path, f"malformed JSON Lines record: {error.msg}", number)
            if whole:
                raise failure from None
            found = True
            yield number, failure
            continue
        found = True
        yield number, value
    if not found:
        raise LoadError(path, "no JSON records")


def _malformed(path: Path, error: json.JSONDecodeError) -> LoadError:
    return LoadError(path, f"malformed JSON: {error.msg} (column {error.colno})", error.lineno)


def _array_item_lines(text: str) -> list[int]:
    """Line numbers where the items of a top-level JSON array start, for messages."""
    starts: list[int] = []
    index = text.index("[") + 1
    length = len(text)
    while index < length:
        while index < length and text[index] in " \t\r\n,":
            index += 1
        if index >= length or text[index] == "]":
            break
        starts.append(text.count("\n", 0, index) + 1)
        _, index = _DECODER.raw_decode(text, index)
    return starts


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), "null")


def _article(path: Path, value: Any, line: int | None, item: int | None) -> RawArticle:
    where = f" in article {item}" if item is not None else ""

    def fail(message: str) -> LoadError:
        return LoadError(path, message + where, line)

    if not isinstance(value, dict):
        raise fail(f"expected an article object, found {_kind(value)}")
    kind = json_kind(value)
    if kind == "trafilatura":
        return from_trafilatura_json(path, value, line, where)
    if kind == "news-please":
        return from_news_please(path, value, line, where)
    _reject_unknown(value, ARTICLE_KEYS, fail, "")

    def text(key: str) -> str | None:
        found = value.get(key)
        if found is None:
            return None
        if not isinstance(found, str):
            raise fail(f"'{key}' must be a string, not {_kind(found)}")
        return found

    title_derived = value.get("title_derived", False)
    if not isinstance(title_derived, bool):
        raise fail(f"'title_derived' must be true or false, not {_kind(title_derived)}")
    language = text("language")
    if language is not None and not _LANGUAGE_CODE.match(language):
        raise fail(f"'language' must be a language code such as 'ar' or 'en', not {language!r}")
    direction_text = text("direction")
    direction: Direction | None = None
    if direction_text is not None:
        try:
            direction = Direction(direction_text.lower())
        except ValueError:
            raise fail(f"'direction' must be 'rtl' or 'ltr', not {direction_text!r}") from None
    published_text = text("published")
    published: PartialDate | None = None
    if published_text is not None:
        try:
            published = PartialDate.parse(published_text)
        except ValueError as error:  # the article is kept, undated
            warn(path, f"'published': {error}{where}; the article is kept undated", line)
    text("path")  # Accepted for round trips; the article's path is the file it is read from.
    blocks_value = value.get("blocks", [])
    if not isinstance(blocks_value, list):
        raise fail(f"'blocks' must be a list, not {_kind(blocks_value)}")
    blocks = tuple(_block(block, number, fail) for number, block in enumerate(blocks_value, 1))
    return RawArticle(
        path=path,
        blocks=blocks,
        title=text("title"),
        title_derived=title_derived,
        language=language,
        direction=direction,
        published=published,
        section=text("section"),
        source_url=text("source_url"),
        byline=text("byline"),
        line=line,
    )


def _block(value: Any, number: int, fail: Any) -> Block:
    if not isinstance(value, dict):
        raise fail(f"block {number} must be an object, not {_kind(value)}")
    kind = value.get("type")
    if kind not in BLOCK_KEYS:
        accepted = ", ".join(repr(name) for name in BLOCK_KEYS)
        raise fail(f"block {number} has type {kind!r}; accepted types: {accepted}")
    _reject_unknown(value, BLOCK_KEYS[kind], fail, f" in block {number}")
    for key in BLOCK_KEYS[kind][1:]:
        found = value.get(key)
        if found is not None and not isinstance(found, str):
            raise fail(f"'{key}' of block {number} must be a string, not {_kind(found)}")
    if kind == "figure":
        return Figure(caption=value.get("caption"), image=value.get("image"))
    block_text = value.get("text")
    if not block_text:
        raise fail(f"block {number} ({kind}) has no 'text'")
    return Paragraph(block_text) if kind == "paragraph" else Heading(block_text)


def _reject_unknown(
    value: Mapping[str, Any], accepted: tuple[str, ...], fail: Any, what: str
) -> None:
    for key in value:
        if key not in accepted:
            close = difflib.get_close_matches(str(key), accepted, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            names = ", ".join(accepted)
            raise fail(f"unknown key '{key}'{what}{hint}; accepted keys: {names}")
