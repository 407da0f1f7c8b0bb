"""Saved article pages (``.html``): the article's own text, found by trafilatura.

trafilatura separates the article from navigation, sidebars, footers and scripts and reads the
page's metadata (title, date, author, canonical address). It drops ``figcaption``s, so each
figure's caption is taken back from the page itself, by the image's address.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import LoadError
from ..model import RawArticle
from .extractors import from_trafilatura_doc
from .markup import local_name, parse_xml, text_of

_HTML_START = re.compile(
    r"^(?:\ufeff)?\s*(?:<!--.*?-->\s*)*(?:<!DOCTYPE\s+html\b|<html\b|<head\b)", re.S | re.I
)

MIN_WORDS = 10
"""A page whose article part has fewer words is a list, a menu or an error page: refused."""


def looks_like_page(text: str) -> bool:
    """Whether a text opens as an HTML document."""
    return bool(_HTML_START.match(text[:4096]))


def parse_page(path: Path, text: str) -> list[RawArticle]:
    """The one article of a saved page; a page with no article text is refused."""
    from lxml import etree
    from lxml import html as lxml_html

    trafilatura = _trafilatura(path)
    try:
        # Parsed once: the captions are read before trafilatura cleans the tree.
        document = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise LoadError(path, f"unreadable page: {error}") from None
    captions = _captions(document)
    try:
        xml = trafilatura.extract(
            document,
            output_format="xml",
            include_images=True,
            include_tables=True,
            include_comments=False,
            include_links=False,
            with_metadata=True,
            deduplicate=False,
        )
    except (ValueError, TypeError) as error:
        raise LoadError(path, f"unreadable page: {error}") from None
    if not xml:
        raise LoadError(path, "no article text found in the page")
    root = parse_xml(path, xml)
    words = len(" ".join(root.itertext()).split())
    if words < MIN_WORDS:
        raise LoadError(path, f"no article text found in the page (only {_words(words)})")
    article = from_trafilatura_doc(path, root, local_images=True, captions=captions)
    return [article]


def _words(count: int) -> str:
    return f"{count} word{'' if count == 1 else 's'}"


def _trafilatura(path: Path) -> Any:
    try:
        import trafilatura
    except ImportError as error:
        raise LoadError(
            path, f"reading saved pages needs trafilatura ({error}); pip install trafilatura"
        ) from None
    return trafilatura


def _captions(document: Any) -> dict[str, str]:
    """Each figure's caption in the page (an lxml document), by its image's address."""
    captions: dict[str, str] = {}
    for figure in document.iter("figure"):
        caption = next(
            (text_of(node) for node in figure.iter() if local_name(node) == "figcaption"), ""
        )
        if not caption:
            continue
        for image in figure.iter("img"):
            src = (image.get("src") or image.get("data-src") or "").strip()
            if src:
                captions.setdefault(src, caption)
    return captions
