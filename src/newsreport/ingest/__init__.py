"""The load stage: files and folders in, clean articles out, one error per bad file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import LoadError
from ..model import Article, RawArticle
from ..options import Limits
from .extractors import parse_extractor_xml
from .feeds import parse_feed
from .files import SUFFIX_FORMATS, find_article_files, read_text, sniff_format
from .jsonfile import parse_json
from .markdown import parse_markdown
from .normalize import normalize_article
from .pages import parse_page
from .scraped import parse_scraped

__all__ = ["SUFFIX_FORMATS", "iter_articles", "load_articles", "read_articles_file"]

ErrorHandler = Callable[[LoadError], None]


def read_articles_file(path: Path, limits: Limits | None = None) -> list[Article]:
    """Every article in one file, cleaned; raises LoadError when the file cannot be used."""
    limits = limits or Limits()
    text = read_text(path, limits.max_file_bytes)
    fmt = sniff_format(path, text)
    raw: list[RawArticle]
    if fmt == "json":
        raw = parse_json(path, text)
    elif fmt == "jsonl":
        raw = parse_json(path, text, lines=True)
    elif fmt == "markdown":
        raw = parse_markdown(path, text)
    elif fmt == "feed":
        raw = parse_feed(path, text)
    elif fmt == "page":
        raw = parse_page(path, text)
    elif fmt == "xml":
        raw = parse_extractor_xml(path, text)
    else:
        raw = parse_scraped(path, text)
    return [normalize_article(article, limits) for article in raw]


def iter_articles(
    paths: Iterable[Path | str], limits: Limits | None = None
) -> Iterator[Article | LoadError]:
    """Articles from files and folders in order, with a LoadError in place of each bad file."""
    for found in find_article_files(paths):
        if isinstance(found, LoadError):
            yield found
            continue
        try:
            yield from read_articles_file(found, limits)
        except LoadError as error:
            yield error
        except RecursionError:
            yield LoadError(found, "too deeply nested to read")


def load_articles(
    paths: Iterable[Path | str] | Path | str,
    *,
    on_error: ErrorHandler | None = None,
    limits: Limits | None = None,
) -> list[Article]:
    """Read articles from files and folders (folders in sorted order, deterministic).

    A bad file raises LoadError, unless ``on_error`` is given: then it is called with the
    error and the remaining files are still read. ``limits`` caps file size, title and
    caption length (defaults: ``Limits()``).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    articles: list[Article] = []
    for item in iter_articles(paths, limits):
        if isinstance(item, LoadError):
            if on_error is None:
                raise item
            on_error(item)
        else:
            articles.append(item)
    return articles
