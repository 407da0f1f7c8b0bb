"""Markdown with YAML (``---``) or TOML (``+++``) front matter: headings, paragraphs, figures."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .._messages import warn
from ..errors import LoadError
from ..model import Block, Direction, Figure, Heading, Paragraph, PartialDate, RawArticle
from .markup import list_marker

FRONT_MATTER_KEYS: dict[str, str] = {
    "title": "title",
    "date": "published",
    "section": "section",
    "source": "source_url",
    "byline": "byline",
    "language": "language",
    "direction": "direction",
    # Spellings other tools write, accepted as the same thing.
    "published": "published",
    "author": "byline",
    "lang": "language",
    "url": "source_url",
    "source_url": "source_url",
    "dir": "direction",
}
"""Front-matter keys and the article field each sets; anything else is refused."""

_CAPTION_ROW = re.compile(r"^\|(?P<text>.*?)\|?$")
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def parse_markdown(path: Path, text: str) -> list[RawArticle]:
    """Read one article from a Markdown file."""
    meta, body = _split_front_matter(path, text)
    fields = _front_matter_fields(path, meta)
    title = fields.pop("title", None)
    blocks, first_h1 = _blocks(body)
    if title is None and first_h1 is not None:
        title = first_h1
        blocks = blocks[1:]
    return [RawArticle(path=path, blocks=tuple(blocks), title=title, **fields)]


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, tuple[Any, int]], str]:
    lines = text.lstrip("\ufeff").split("\n")
    fence = lines[0].strip()
    if fence not in ("---", "+++"):
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in (fence, "..." if fence == "---" else fence):
            break
    else:
        raise LoadError(path, f"front matter opened with '{fence}' is never closed", 1)
    source = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    if fence == "---":
        try:
            data = yaml.load(source, Loader=_FrontMatterLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None
            problem = getattr(error, "problem", None) or "invalid YAML"
            raise LoadError(path, f"front matter is not valid YAML: {problem}", line) from None
    else:
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as error:
            where = re.search(r"\(at line (\d+), column \d+\)", str(error))
            line = int(where[1]) + 1 if where else end  # "at end of document"
            problem = str(error).split(" (at ")[0]
            raise LoadError(path, f"front matter is not valid TOML: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LoadError(path, "front matter must be a mapping of keys to values", 2)
    located = {str(key): (value, _key_line(lines, end, str(key))) for key, value in data.items()}
    return located, body


def _key_line(lines: list[str], end: int, key: str) -> int:
    pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*[:=]")
    for number in range(1, end):
        if pattern.match(lines[number]):
            return number + 1
    return 1


def _front_matter_fields(path: Path, meta: dict[str, tuple[Any, int]]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, (value, line) in meta.items():
        field = FRONT_MATTER_KEYS.get(key.lower())
        if field is None:
            close = difflib.get_close_matches(key.lower(), FRONT_MATTER_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            accepted = "title, date, section, source, byline, language"
            raise LoadError(
                path, f"unknown front-matter key '{key}'{hint}; accepted keys: {accepted}", line
            )
        if value is None:
            continue
        if field == "published":
            date = _date_value(path, key, value, line)
            if date is not None:
                fields[field] = date
        elif field == "direction":
            try:
                fields[field] = Direction(str(value).lower())
            except ValueError:
                raise LoadError(
                    path, f"'{key}' must be 'rtl' or 'ltr', not {value!r}", line
                ) from None
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            fields[field] = str(value)
        else:
            raise LoadError(path, f"'{key}' must be text, not {type(value).__name__}", line)
    return fields


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader with dates left as text: we read them (a bad one costs the article
    its date, not the whole file)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _date_value(path: Path, key: str, value: Any, line: int) -> PartialDate | None:
    """The date, or None with a warning: a bad date costs the article its date, not its place."""
    if isinstance(value, _dt.date):
        return PartialDate.from_date(value)
    try:
        return PartialDate.parse(str(value))
    except ValueError as error:
        warn(path, f"'{key}': {error}; the article is kept undated", line)
        return None


def _blocks(body: str) -> tuple[list[Block], str | None]:
    """Body blocks, and the text of a leading level-1 heading (a title candidate)."""
    tokens = _PARSER.parse(body)
    blocks: list[Block] = []
    first_h1: str | None = None
    list_stack: list[list[int]] = []  # Ordered-list counters (-1 for bullets).
    alt_only: set[int] = set()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else -1
            list_stack.append([start])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif token.type == "heading_open":
            text = _inline_text(tokens[index + 1])
            if text:
                if token.tag == "h1" and not blocks and first_h1 is None:
                    first_h1 = text
                blocks.append(Heading(text))
            index += 2
        elif token.type == "paragraph_open":
            inline = tokens[index + 1]
            prefix = _list_marker(list_stack, tokens, index)
            _add_paragraph(blocks, inline, prefix, alt_only)
            index += 2
        elif token.type in ("fence", "code_block", "html_block"):
            text = token.content.strip()
            if text:
                blocks.append(Paragraph(text))
        elif token.type == "tr_open":
            cells: list[str] = []
            index += 1
            while tokens[index].type != "tr_close":
                if tokens[index].type == "inline":
                    cells.append(_inline_text(tokens[index]))
                index += 1
            row = " – ".join(cell for cell in cells if cell)
            if row:
                blocks.append(Paragraph(row))
        index += 1
    return blocks, first_h1


def _list_marker(list_stack: list[list[int]], tokens: list[Token], index: int) -> str:
    if not list_stack or tokens[index - 1].type != "list_item_open":
        return ""
    return list_marker(list_stack)


def _add_paragraph(blocks: list[Block], inline: Token, prefix: str, alt_only: set[int]) -> None:
    """A paragraph, or figures when it holds images, or a caption for the figure just before.

    ``alt_only`` holds the indexes of figures whose caption is only their alt text so far.
    """
    children = inline.children or []
    images = [child for child in children if child.type == "image"]
    text = _inline_text(inline)
    if not images:
        caption = _caption_candidate(inline, text)
        last = len(blocks) - 1
        if caption is not None and last in alt_only:
            figure = blocks[last]
            assert isinstance(figure, Figure)
            blocks[last] = Figure(caption=caption, image=figure.image)
            alt_only.discard(last)
            return
        if text:
            blocks.append(Paragraph(prefix + text))
        return
    caption_after = None
    if len(images) == 1 and children and children[0].type == "image" and text:
        # "![alt](src)" then "*caption*" or "| caption |" on the next line of the same paragraph.
        rest = [child for child in children[1:] if child.type not in ("softbreak", "hardbreak")]
        caption_after = _caption_from_children(rest, text)
    if text and caption_after is None:
        blocks.append(Paragraph(prefix + text))
    for image in images:
        title = str(image.attrGet("title") or "").strip()
        alt = image.content.strip()
        src = str(image.attrGet("src") or "").strip() or None
        if caption_after is not None:
            blocks.append(Figure(caption=caption_after, image=src))
            continue
        if not title:
            alt_only.add(len(blocks))
        blocks.append(Figure(caption=title or alt or None, image=src))


def _caption_candidate(inline: Token, text: str) -> str | None:
    """A line right after an image that is all emphasis (``*caption*``) or a ``| caption |`` row."""
    children = [child for child in inline.children or [] if child.type != "softbreak"]
    return _caption_from_children(children, text)


def _caption_from_children(children: list[Token], text: str) -> str | None:
    if children and children[0].type == "em_open" and children[-1].type == "em_close":
        return text or None
    match = _CAPTION_ROW.match(text)
    if match:
        return match["text"].strip() or None
    return None


def _inline_text(inline: Token) -> str:
    """Plain text of an inline token: markup dropped, images left out, HTML kept as typed."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()
