"""HTML and extractor XML to blocks: the article's text kept, everything that runs or decorates dropped.

HTML inside a feed item, a saved page and trafilatura's XML are data: only text, headings and
images with their captions come out; scripts, styles, forms, navigation and event handlers
never do, and an image keeps its address only when it is a web address, a ``data:`` image or
(for saved pages) a file beside the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import LoadError
from ..model import Block, Figure, Heading, Paragraph

SKIPPED = frozenset(
    "script style noscript template nav header footer aside form iframe frame frameset object "
    "embed svg math button select option input textarea canvas video audio map area dialog menu "
    "title meta link base comments fw note".split()
)
"""Elements whose content is never article text (an HTML ``head`` is left out in ``_walk``)."""

_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_PARAGRAPHS = frozenset("p pre dd dt address caption summary ab lg l".split())
_QUOTES = frozenset("blockquote quote".split())
_LIST_ITEMS = frozenset("li item".split())
_ROWS = frozenset("tr row".split())
_CELLS = frozenset("td th cell".split())
_IMAGES = frozenset("img graphic".split())
_BREAKS = frozenset("br lb".split())
_BLOCKISH = (
    _HEADINGS
    | _PARAGRAPHS
    | _QUOTES
    | _LIST_ITEMS
    | _ROWS
    | _IMAGES
    | frozenset(
        "div section article main body figure ul ol dl list table tbody thead tfoot".split()
    )
    | frozenset("head hr".split())
)
_SPACE = re.compile(r"\s+")


def parse_html_fragment(path: Any, html: str) -> Any:
    """A fragment of HTML (a feed item's content) as an lxml element, inside one ``div``."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError) as error:
        raise LoadError(path, f"unreadable HTML in an item: {error}") from None


def parse_xml(path: Any, text: str) -> Any:
    """An XML document as an lxml element: no entities expanded, no DTD or network fetched."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(text.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if getattr(error, "lineno", 0) else None
        raise LoadError(path, f"malformed XML: {error.msg}", line) from None


def local_name(element: Any) -> str:
    """An element's tag without namespace, lower case; empty for comments and instructions."""
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def text_of(element: Any) -> str:
    """The text an element shows: skipped elements left out, line breaks as spaces."""
    return _SPACE.sub(" ", "".join(_texts(element))).strip()


def _texts(element: Any) -> Iterator[str]:
    name = local_name(element)
    if name and name not in SKIPPED:
        if name in _BREAKS:
            yield " "
        elif element.text:
            yield element.text
        if name not in _BREAKS:
            for child in element:
                yield from _texts(child)
                if child.tail:
                    yield child.tail


class Images:
    """Which image addresses an item may keep, resolved against its page."""

    def __init__(self, base: str | None = None, *, local: bool = False) -> None:
        self.base = base
        self.local = local
        self.refused: list[str] = []
        self.given: dict[str, str] = {}
        """Each kept address with the address as the item wrote it."""

    def address(self, src: str | None) -> str | None:
        """The address to print, or None (and the refusal remembered) when it may not be kept."""
        kept = self._address((src or "").strip())
        if kept is not None:
            self.given.setdefault(kept, (src or "").strip())
        return kept

    def _address(self, src: str) -> str | None:
        if not src:
            return None
        parts = urlsplit(src)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https") and parts.netloc:
            return src
        if scheme == "data":
            return src if src[5:].lower().startswith("image/") else self._refuse(src)
        if scheme or src.startswith("//"):
            if src.startswith("//") and self.base and urlsplit(self.base).scheme:
                return urljoin(self.base, src)
            return self._refuse(src)
        if self.local and not src.startswith(("/", "\\")):
            relative = PurePosixPath(src)
            if ".." not in relative.parts:
                return src
        if self.base and urlsplit(self.base).scheme in ("http", "https"):
            return urljoin(self.base, src)
        return self._refuse(src)

    def _refuse(self, src: str) -> None:
        self.refused.append(src if len(src) <= 60 else src[:57] + "…")
        return None


def blocks_from_element(root: Any, images: Images) -> list[Block]:
    """The blocks of an element in reading order."""
    blocks: list[Block] = []
    _walk(root, blocks, images, [])
    return blocks


def _walk(element: Any, blocks: list[Block], images: Images, lists: list[list[int]]) -> None:
    name = local_name(element)
    if not name or name in SKIPPED:
        return
    if name == "head" and local_name(element.getparent()) == "html":
        return
    if name in _HEADINGS or name == "head" or (name == "ab" and element.get("type") == "header"):
        _add_text(blocks, Heading, text_of(element))
    elif name == "figure":
        _add_figure(element, blocks, images)
    elif name in _IMAGES:
        _add_image(element, blocks, images, None)
    elif name in _ROWS:
        cells = [text_of(cell) for cell in element if local_name(cell) in _CELLS]
        _add_text(blocks, Paragraph, " – ".join(cell for cell in cells if cell))
    elif name in ("ul", "ol", "list"):
        ordered = name == "ol" or element.get("rend") in ("ol", "numbered")
        lists.append([int(element.get("start") or 1) if ordered else -1])
        _walk_children(element, blocks, images, lists)
        lists.pop()
    elif (name in _PARAGRAPHS or name in _LIST_ITEMS or name in _QUOTES) and not _has_blocks(
        element
    ):
        marker = list_marker(lists) if name in _LIST_ITEMS else ""
        text = text_of(element)
        if text:
            blocks.append(Paragraph(marker + text))
        for image in element.iter():
            if local_name(image) in _IMAGES:
                _add_image(image, blocks, images, None)
    else:
        _walk_children(element, blocks, images, lists)


def _walk_children(
    element: Any, blocks: list[Block], images: Images, lists: list[list[int]]
) -> None:
    """Children in order; loose text between block children becomes its own paragraph."""
    loose: list[str] = [element.text or ""]

    def flush() -> None:
        _add_text(blocks, Paragraph, _SPACE.sub(" ", "".join(loose)).strip())
        loose.clear()

    for child in element:
        child_name = local_name(child)
        if child_name in _BLOCKISH or child_name in SKIPPED:
            flush()
            _walk(child, blocks, images, lists)
        elif child_name:
            loose.extend(_texts(child))
        if child.tail:
            loose.append(child.tail)
    flush()


def _has_blocks(element: Any) -> bool:
    return any(local_name(child) in _BLOCKISH - _IMAGES for child in element)


def list_marker(lists: list[list[int]]) -> str:
    """The marker of the next item of the innermost list: "• ", or its number (counted on)."""
    counter = lists[-1] if lists else [-1]
    if counter[0] < 0:
        return "• "
    marker = f"{counter[0]}. "
    counter[0] += 1
    return marker


def _add_text(blocks: list[Block], kind: type[Paragraph] | type[Heading], text: str) -> None:
    if text:
        blocks.append(kind(text))


def _add_figure(element: Any, blocks: list[Block], images: Images) -> None:
    caption_element = next(
        (child for child in element.iter() if local_name(child) == "figcaption"), None
    )
    caption = text_of(caption_element) if caption_element is not None else ""
    found = [child for child in element.iter() if local_name(child) in _IMAGES]
    if not found:
        _add_text(blocks, Paragraph, caption)
        return
    for number, image in enumerate(found):
        _add_image(image, blocks, images, caption if number == 0 and caption else None)


def _add_image(element: Any, blocks: list[Block], images: Images, caption: str | None) -> None:
    src = element.get("src") or element.get("data-src") or element.get("url")
    text = caption or (element.get("title") or "").strip() or (element.get("alt") or "").strip()
    address = images.address(src)
    if address is None and not text:
        return
    blocks.append(Figure(caption=_SPACE.sub(" ", text).strip() or None, image=address))
