"""What news extractors write: trafilatura's XML, TEI and JSON, and news-please's JSON.

Each is recognised by its keys or root element, never by the file's name, and read into the
same raw article every other reader makes, so the same clean-up, detection and limits apply.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._messages import warn
from ..errors import LoadError
from ..model import Block, Figure, Heading, PartialDate, RawArticle
from .addresses import is_web_address
from .markup import Images, blocks_from_element, local_name, parse_xml
from .scraped import blocks_from_lines

TRAFILATURA_KEYS = frozenset(
    "fingerprint hostname raw_text source-hostname excerpt pagetype filedate comments".split()
)
"""Keys only trafilatura's JSON has (with ``text``)."""
NEWS_PLEASE_KEYS = frozenset(
    "maintext date_publish date_download date_modify source_domain title_page title_rss "
    "localpath filename image_url authors".split()
)
"""Keys only news-please's JSON has."""

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def json_kind(value: Mapping[str, Any]) -> str | None:
    """Which extractor wrote a JSON object: ``trafilatura``, ``news-please`` or None (ours)."""
    if "blocks" in value:
        return None
    keys = set(value)
    if "maintext" in keys or len(keys & NEWS_PLEASE_KEYS) >= 2:
        return "news-please"
    if "text" in keys and (keys & TRAFILATURA_KEYS or "source" in keys or "url" in keys):
        return "trafilatura"
    return None


def xml_kind(root: Any) -> str | None:
    """Which extractor wrote an XML document: ``trafilatura`` (``<doc>``), ``tei`` or None."""
    name = local_name(root)
    if name == "doc":
        return "trafilatura"
    if name == "tei":
        return "tei"
    return None


# --- JSON ---------------------------------------------------------------------------------


def from_trafilatura_json(
    path: Path, value: Mapping[str, Any], line: int | None, where: str
) -> RawArticle:
    """trafilatura's ``--json``: metadata keys and ``text``, whose first line repeats the title."""
    title = _text(path, value, "title", line, where)
    body = _text(path, value, "text", line, where) or _text(path, value, "raw_text", line, where)
    lines = (body or "").splitlines()
    if title and lines and lines[0].strip() == title.strip():
        lines = lines[1:]
    blocks = blocks_from_lines(path, "\n".join(lines))
    address = _text(path, value, "source", line, where) or _text(path, value, "url", line, where)
    return RawArticle(
        path=path,
        blocks=tuple(_checked_figures(path, blocks, address, line)),
        title=title,
        language=_language(_text(path, value, "language", line, where)),
        published=_date(path, _text(path, value, "date", line, where), line, where),
        section=_first_category(_text(path, value, "categories", line, where)),
        source_url=address if is_web_address(address) else None,
        byline=_text(path, value, "author", line, where),
        line=line,
    )


def from_news_please(
    path: Path, value: Mapping[str, Any], line: int | None, where: str
) -> RawArticle:
    """news-please's JSON: ``title``, ``maintext``, ``authors``, ``date_publish``, ``url``…"""
    title = _text(path, value, "title", line, where) or _text(
        path, value, "title_page", line, where
    )
    body = _text(path, value, "maintext", line, where) or ""
    blocks: list[Block] = []
    image = _text(path, value, "image_url", line, where)
    if image:
        blocks.append(Figure(image=image))
    blocks.extend(blocks_from_lines(path, body))
    if not body.strip():
        description = _text(path, value, "description", line, where)
        blocks.extend(blocks_from_lines(path, description or ""))
    authors = value.get("authors")
    if authors is not None and not (
        isinstance(authors, list) and all(isinstance(name, str) for name in authors)
    ):
        raise LoadError(path, f"'authors' must be a list of names{where}", line)
    address = _text(path, value, "url", line, where)
    return RawArticle(
        path=path,
        blocks=tuple(_checked_figures(path, blocks, address, line)),
        title=title,
        language=_language(_text(path, value, "language", line, where)),
        published=_date(path, _text(path, value, "date_publish", line, where), line, where),
        source_url=address if is_web_address(address) else None,
        byline=join_names(authors or []),
        line=line,
    )


def join_names(names: list[str]) -> str | None:
    """Several authors as one byline, with the comma of their script."""
    names = [name.strip() for name in names if name and name.strip()]
    if not names:
        return None
    arabic = any("\u0600" <= char <= "\u06ff" for name in names for char in name)
    return ("، " if arabic else ", ").join(names)


# --- XML ----------------------------------------------------------------------------------


def parse_extractor_xml(path: Path, text: str, root: Any | None = None) -> list[RawArticle]:
    """trafilatura's ``--xml`` (``<doc>`` with ``<main>``) or ``--xmltei`` output."""
    root = parse_xml(path, text) if root is None else root
    kind = xml_kind(root)
    if kind == "trafilatura":
        return [from_trafilatura_doc(path, root, local_images=True)]
    if kind == "tei":
        return [_from_tei(path, root)]
    raise LoadError(path, f"XML with root <{local_name(root)}> is not an article or a feed")


def from_trafilatura_doc(
    path: Path, root: Any, *, local_images: bool = False, captions: Mapping[str, str] | None = None
) -> RawArticle:
    """A ``<doc>``: metadata in attributes, the text in ``<main>`` (comments left out)."""
    main = next((child for child in root if local_name(child) == "main"), root)
    address = root.get("url") or root.get("source")
    images = Images(address, local=local_images)
    title = (root.get("title") or "").strip() or None
    blocks = _without_title(blocks_from_element(main, images), title)
    if captions:
        blocks = [
            Figure(
                caption=captions.get(images.given.get(block.image or "", ""), block.caption),
                image=block.image,
            )
            if isinstance(block, Figure)
            else block
            for block in blocks
        ]
    _warn_refused(path, images)
    return RawArticle(
        path=path,
        blocks=tuple(blocks),
        title=title,
        language=_language(root.get("language")),
        published=_date(path, root.get("date"), None, ""),
        section=_first_category(root.get("categories")),
        source_url=address if is_web_address(address) else None,
        byline=(root.get("author") or "").strip() or None,
    )


def _from_tei(path: Path, root: Any) -> RawArticle:
    def first(name: str, within: Any = root) -> Any:
        return next((node for node in within.iter() if local_name(node) == name), None)

    header = first("teiheader")
    body = first("body")
    if body is None:
        raise LoadError(path, "TEI document without a <body>")
    title_node = first("title", header) if header is not None else None
    title = _plain(title_node) if title_node is not None else None
    author_node = first("author", header) if header is not None else None
    address = None
    published = None
    section = None
    if header is not None:
        for node in header.iter():
            name = local_name(node)
            if name == "ptr" and node.get("type") == "URL" and address is None:
                address = node.get("target")
            elif name == "date" and node.get("type") is None and published is None:
                published = _date(path, _plain(node), None, "")
            elif name == "term" and node.get("type") == "categories" and section is None:
                section = _first_category(_plain(node))
    entry = next(
        (node for node in body.iter() if local_name(node) == "div" and node.get("type") == "entry"),
        body,
    )
    images = Images(address, local=True)
    blocks = _without_title(blocks_from_element(entry, images), title)
    _warn_refused(path, images)
    return RawArticle(
        path=path,
        blocks=tuple(blocks),
        title=title or None,
        published=published,
        section=section,
        source_url=address if is_web_address(address) else None,
        byline=_plain(author_node) or None if author_node is not None else None,
    )


def _plain(node: Any) -> str:
    """A metadata element's text (the header is not article text, so nothing is skipped)."""
    return " ".join("".join(node.itertext()).split())


# --- Shared -------------------------------------------------------------------------------


def _without_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The body without a leading heading that repeats the title."""
    if title and blocks and isinstance(blocks[0], Heading) and blocks[0].text == title.strip():
        return blocks[1:]
    return blocks


def _checked_figures(
    path: Path, blocks: list[Block], base: str | None, line: int | None
) -> list[Block]:
    """Figures keep only addresses a page may show (web, ``data:`` images, files beside)."""
    images = Images(base if is_web_address(base) else None, local=True)
    checked: list[Block] = []
    for block in blocks:
        if isinstance(block, Figure) and block.image:
            block = Figure(caption=block.caption, image=images.address(block.image))
        checked.append(block)
    _warn_refused(path, images, line)
    return checked


def _warn_refused(path: Path, images: Images, line: int | None = None) -> None:
    for src in images.refused:
        warn(path, f"image address {src!r} not kept (not a web address or a file beside)", line)


def _text(
    path: Path, value: Mapping[str, Any], key: str, line: int | None, where: str
) -> str | None:
    found = value.get(key)
    if found is None or found == "":
        return None
    if isinstance(found, list) and key == "categories":
        found = ", ".join(str(item) for item in found)
    if not isinstance(found, str):
        raise LoadError(path, f"'{key}' must be a string{where}", line)
    return found


def _language(value: str | None) -> str | None:
    return value if value and _LANGUAGE_CODE.match(value) else None


def _first_category(value: str | None) -> str | None:
    if not value:
        return None
    first = re.split(r"[,;|]", value)[0].strip()
    return first or None


def _date(path: Path, value: str | None, line: int | None, where: str) -> PartialDate | None:
    """An extractor's date (ISO, or news-please's ``YYYY-MM-DD HH:MM:SS``); a bad one warns."""
    if not value:
        return None
    text = value.strip()
    try:
        return PartialDate.parse(text)
    except ValueError:
        pass
    try:
        stamp = _dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        warn(path, f"date {text!r} not understood{where}; the article is kept undated", line)
        return None
    return PartialDate(stamp.year, stamp.month, stamp.day)
