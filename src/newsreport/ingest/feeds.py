"""RSS, Atom and JSON Feed files: one article per item, its full content where the feed has it.

RSS and Atom go through feedparser (the well-kept parser that copes with real feeds' quirks);
it is given the bytes, never a name, so it opens no file or address. JSON Feed is plain JSON
and read here. An item's HTML is data: only its text, headings and figures reach the page
(``markup`` decides; feedparser's own sanitiser is off, as it keeps what ``iframe`` and
``form`` hold).
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._messages import warn
from ..errors import LoadError
from ..model import Block, Figure, PartialDate, RawArticle
from .addresses import is_web_address
from .extractors import join_names
from .markup import Images, blocks_from_element, parse_html_fragment
from .scraped import blocks_from_lines

_FEED_ROOT = re.compile(
    r"^(?:\ufeff)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*"
    r"<(?:rss|feed|rdf:RDF)\b",
    re.S | re.I,
)
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
"""How every JSON Feed's ``version`` starts."""


def looks_like_feed(text: str) -> bool:
    """Whether an XML text opens with an RSS, Atom or RSS 1.0 (RDF) root element."""
    return bool(_FEED_ROOT.match(text[:4096]))


def is_json_feed(document: Any) -> bool:
    """Whether a JSON document is a JSON Feed."""
    return isinstance(document, dict) and str(document.get("version", "")).startswith(
        JSON_FEED_VERSION
    )


def parse_feed(path: Path, text: str) -> list[RawArticle]:
    """Every item of an RSS or Atom feed; a feed that is not well-formed XML is refused."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), sanitize_html=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and type(problem).__name__ == "SAXParseException":
        line = problem.getLineNumber() if hasattr(problem, "getLineNumber") else None
        raise LoadError(path, f"malformed feed: {problem.getMessage()}", line)
    if not parsed.get("version") and not parsed.entries:
        raise LoadError(path, "not an RSS or Atom feed")
    if not parsed.entries:
        raise LoadError(path, "the feed has no items")
    feed_language = _language(parsed.feed.get("language"))
    return [
        _from_entry(path, entry, feed_language, number)
        for number, entry in enumerate(parsed.entries, 1)
    ]


def _from_entry(
    path: Path, entry: Mapping[str, Any], feed_language: str | None, number: int
) -> RawArticle:
    link = entry.get("link")
    address = link if is_web_address(link) else None
    content = entry.get("content") or []
    body = content[0] if content else entry.get("summary_detail")
    value = (body or {}).get("value") or entry.get("summary") or ""
    kind = (body or {}).get("type") or "text/html"
    images = Images(address)
    blocks = _body_blocks(path, value, kind, images)
    picture = _media_image(entry)
    if picture and not any(isinstance(block, Figure) for block in blocks):
        address_kept = images.address(picture[0])
        if address_kept:
            blocks.insert(0, Figure(caption=picture[1], image=address_kept))
    for src in images.refused:
        warn(path, f"item {number}: image address {src!r} not kept (not a web address)")
    tags = entry.get("tags") or []
    section = next(
        (str(tag.get("label") or tag.get("term")).strip() for tag in tags if tag.get("term")),
        None,
    )
    authors = [str(author.get("name", "")) for author in entry.get("authors") or []]
    language = _language((body or {}).get("language")) or feed_language
    return RawArticle(
        path=path,
        blocks=tuple(blocks),
        title=(entry.get("title") or "").strip() or None,
        language=language,
        published=_entry_date(path, entry, number),
        section=section or None,
        source_url=address,
        byline=join_names(authors) or (entry.get("author") or None),
        line=None,
    )


def _body_blocks(path: Path, value: str, kind: str, images: Images) -> list[Block]:
    if not value.strip():
        return []
    if "html" in kind:
        return blocks_from_element(parse_html_fragment(path, value), images)
    return blocks_from_lines(path, value)


def _media_image(entry: Mapping[str, Any]) -> tuple[str, str | None] | None:
    """The item's picture from Media RSS or an image enclosure, with its description."""
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key) or []:
            url = media.get("url")
            if url and (key == "media_thumbnail" or str(media.get("medium", "image")) == "image"):
                return url, (entry.get("media_description") or None)
    for enclosure in entry.get("enclosures") or []:
        if str(enclosure.get("type", "")).startswith("image/") and enclosure.get("href"):
            return enclosure["href"], None
    return None


def _entry_date(path: Path, entry: Mapping[str, Any], number: int) -> PartialDate | None:
    """The item's own date as written (its local day), not feedparser's UTC conversion."""
    for key in ("published", "updated", "created"):
        text = entry.get(key)
        if not text:
            continue
        day = written_day(str(text))
        if day is not None:
            return day
        warn(path, f"item {number}: date {text!r} not understood; the item is kept undated")
        return None
    return None


def written_day(text: str) -> PartialDate | None:
    """The day of an RFC 822 (RSS) or ISO 8601 (Atom, JSON Feed) date-time, in its own zone."""
    text = text.strip()
    try:
        return PartialDate.parse(text)
    except ValueError:
        pass
    try:
        stamp = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            stamp = _dt.datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            return None
    return PartialDate(stamp.year, stamp.month, stamp.day)


def _language(value: Any) -> str | None:
    return value if isinstance(value, str) and _LANGUAGE_CODE.match(value) else None


# --- JSON Feed ----------------------------------------------------------------------------


def parse_json_feed(path: Path, document: Mapping[str, Any]) -> list[RawArticle]:
    """Every item of a JSON Feed (version 1 or 1.1)."""
    items = document.get("items")
    if not isinstance(items, list):
        raise LoadError(path, "JSON Feed without an 'items' list")
    if not items:
        raise LoadError(path, "the feed has no items")
    feed_language = _language(document.get("language"))
    articles: list[RawArticle] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            warn(path, f"item {number} skipped: not an object")
            continue
        articles.append(_from_json_item(path, item, feed_language, number))
    if not articles:
        raise LoadError(path, "no item of the feed could be read")
    return articles


def _from_json_item(
    path: Path, item: Mapping[str, Any], feed_language: str | None, number: int
) -> RawArticle:
    def text(key: str) -> str | None:
        found = item.get(key)
        return found if isinstance(found, str) and found.strip() else None

    link = text("url") or text("external_url")
    address = link if is_web_address(link) else None
    images = Images(address)
    html = text("content_html")
    if html:
        blocks = blocks_from_element(parse_html_fragment(path, html), images)
    else:
        blocks = blocks_from_lines(path, text("content_text") or text("summary") or "")
    picture = text("image") or text("banner_image")
    if picture and not any(isinstance(block, Figure) for block in blocks):
        kept = images.address(picture)
        if kept:
            blocks.insert(0, Figure(image=kept))
    for src in images.refused:
        warn(path, f"item {number}: image address {src!r} not kept (not a web address)")
    authors = item.get("authors")
    if not isinstance(authors, list):
        single = item.get("author")
        authors = [single] if isinstance(single, dict) else []
    names = [str(author.get("name", "")) for author in authors if isinstance(author, dict)]
    tags = item.get("tags")
    section = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else None
    published = None
    stamp = text("date_published") or text("date_modified")
    if stamp:
        published = written_day(stamp)
        if published is None:
            warn(path, f"item {number}: date {stamp!r} not understood; the item is kept undated")
    return RawArticle(
        path=path,
        blocks=tuple(blocks),
        title=text("title"),
        language=_language(item.get("language")) or feed_language,
        published=published,
        section=section,
        source_url=address,
        byline=join_names(names),
    )
