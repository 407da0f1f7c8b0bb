"""The ``newsreport`` command: thin wrappers over the library, errors as one line, exit codes."""

from __future__ import annotations

import json
import logging
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .errors import LoadError
    from .model import Article


class CountingHandler(logging.Handler):
    """Collects the library's warnings, by file, so the command can count and place them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.by_path: dict[str | None, list[str]] = defaultdict(list)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        self.by_path[getattr(record, "newsreport_path", None)].append(record.getMessage())


@contextmanager
def collect_warnings() -> Iterator[CountingHandler]:
    """Attach a counting handler to the library's logger for the duration of a command."""
    logger = logging.getLogger("newsreport")
    handler = CountingHandler()
    logger.addHandler(handler)
    previous_propagate = logger.propagate
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous_propagate


def echo_error(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    click.echo(f"newsreport: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsreport", prog_name="newsreport")
def main() -> None:
    """Turn parsed news articles into print-ready PDF briefings."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the articles as a JSON array.")
@click.option(
    "--strict", is_flag=True, help="Exit non-zero if any file is skipped or warned about."
)
@click.option(
    "--bidi",
    is_flag=True,
    help="Reshape and reorder right-to-left text for terminals without bidi support.",
)
def inspect(paths: tuple[Path, ...], as_json: bool, strict: bool, bidi: bool) -> None:
    """Read articles from files and folders and show what newsreport understood."""
    from .load import load_articles

    skipped: list[LoadError] = []

    def skip(error: LoadError) -> None:
        skipped.append(error)
        echo_error(f"skipped {error}")

    with collect_warnings() as warnings:
        articles = load_articles(paths, on_error=skip)
    if as_json:
        for messages in warnings.by_path.values():
            for message in messages:
                click.echo(f"newsreport: warning: {message}", err=True)
        json.dump(
            [article.to_dict() for article in articles], sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
    else:
        show = _terminal_text if bidi else str
        for article in articles:
            click.echo(_summary(article, warnings.by_path.get(str(article.path), []), show))
        for messages in (m for p, m in warnings.by_path.items() if p is None):
            for message in messages:
                click.echo(f"newsreport: warning: {message}", err=True)
    files = len({str(article.path) for article in articles})
    click.echo(
        f"{len(articles)} articles from {files} files; {len(skipped)} files skipped; "
        f"{warnings.count} warnings",
        err=True,
    )
    if strict and (skipped or warnings.count):
        raise SystemExit(1)


def _summary(article: Article, warnings: list[str], show: object) -> str:
    assert callable(show)
    counts = (
        f"{len(article.paragraphs)} paragraphs, {len(article.headings)} headings, "
        f"{len(article.figures)} figures"
    )
    uncaptioned = sum(1 for figure in article.figures if not figure.caption)
    if uncaptioned:
        counts += f" ({uncaptioned} without caption)"
    lines = [
        f"{article.path}",
        f"  title      {show(article.title)}" + ("  (derived)" if article.title_derived else ""),
        f"  language   {article.language} ({article.direction.value})",
        f"  published  {article.published or '—'}",
        f"  section    {show(article.section) if article.section else '—'}",
        f"  byline     {show(article.byline) if article.byline else '—'}",
        f"  source     {article.source_url or '—'}",
        f"  blocks     {counts}",
    ]
    # Warnings already name the file; show only what follows the location.
    lines += [f"  warning    {message.split(': ', 1)[-1]}" for message in warnings]
    return "\n".join(lines) + "\n"


def _terminal_text(text: str) -> str:
    """Visual order and joined letter forms, for display only: never for text sent to the PDF."""
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


if __name__ == "__main__":  # pragma: no cover
    main()
