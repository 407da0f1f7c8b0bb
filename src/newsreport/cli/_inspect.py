"""``newsreport inspect``: what newsreport understood of each article, before any build."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ._flags import config_option
from ._report import SkippedFiles, count, echo_error

if TYPE_CHECKING:
    from ..model import Article
    from ..options import Options


@click.command(short_help="Show what was understood of each article, with its warnings.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the articles as a JSON array.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit non-zero if any file is skipped or warned about (as build --strict would).",
)
@click.option(
    "--bidi",
    is_flag=True,
    help="Reshape and reorder right-to-left text for terminals without bidi support.",
)
@config_option
def inspect(
    paths: tuple[Path, ...], as_json: bool, strict: bool, bidi: bool, config: Path | None
) -> None:
    """Read articles ('-' reads one article file from standard input) and show what
    newsreport understood, with every warning a build gives."""
    from .._messages import collected_warnings
    from ..ingest import load_articles
    from ..render import resolve_options

    skipped = SkippedFiles()
    options = resolve_options(config=config)
    with collected_warnings(quiet=True) as warnings:
        articles = load_articles(paths, on_error=skipped.add, limits=options.limits)
        if articles:
            _prepare(articles, options)
    if as_json:
        for messages in warnings.by_path.values():
            for message in messages:
                echo_error(f"warning: {message}")
        json.dump(
            [article.to_dict() for article in articles], sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
        sys.stdout.flush()  # a closed pipe is met here, not at exit
    else:
        show = _terminal_text if bidi else str
        for article in articles:
            click.echo(_summary(article, warnings.by_path.get(str(article.path), []), show))
        for messages in (m for p, m in warnings.by_path.items() if p is None):
            for message in messages:
                echo_error(f"warning: {message}")
    for message in warnings.notes:
        echo_error(f"note: {message}")
    files = len({str(article.path) for article in articles})
    click.echo(
        f"{count(len(articles), 'article')} from {count(files, 'file')}; "
        f"{count(len(skipped), 'file')} skipped; {count(warnings.count, 'warning')}",
        err=True,
    )
    if strict and (skipped or warnings.count):
        raise SystemExit(1)


def _prepare(articles: list[Article], options: Options) -> None:
    """Compose and prepare the document as a build would (duplicates, images, periods), for
    their warnings; nothing is laid out."""
    from ..compose import compose_digest
    from ..errors import NewsreportError
    from ..view import document_view

    try:
        document_view(compose_digest(articles, options), options)
    except NewsreportError as error:
        echo_error(f"warning: {error}")


def _summary(article: Article, warnings: list[str], show: Callable[[str], str]) -> str:
    from ..errors import shown_path

    counts = (
        f"{count(len(article.paragraphs), 'paragraph')}, "
        f"{count(len(article.headings), 'heading')}, {count(len(article.figures), 'figure')}"
    )
    uncaptioned = sum(1 for figure in article.figures if not figure.caption)
    if uncaptioned:
        counts += f" ({uncaptioned} without caption)"
    lines = [
        shown_path(article.path) if article.path is not None else "—",
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
