"""The ``newsreport`` command: thin wrappers over the library, errors as one line, exit codes."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ._messages import collected_warnings

if TYPE_CHECKING:
    from .errors import LoadError
    from .model import Article
    from .options import Options


class SkippedFiles(list["LoadError"]):
    """Bad files, each named on stderr as it is met and counted for the closing line."""

    def add(self, error: LoadError) -> None:
        self.append(error)
        echo_error(f"skipped {error}")


def echo_error(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    click.echo(f"newsreport: {message}", err=True)


class Command(click.Group):
    """Turns an unexpected exception into one line (a traceback only with ``--debug``)."""

    def invoke(self, ctx: click.Context) -> object:
        from ._scratch import Stopped, signals_end_cleanly

        try:
            with signals_end_cleanly():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            raise SystemExit(_fail("interrupted; nothing written", 130)) from None
        except Stopped as stopped:
            raise SystemExit(_fail("stopped by a signal; nothing written", stopped.code)) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:
            if ctx.meta.get("newsreport.debug"):
                raise
            from .errors import NewsreportError

            if isinstance(error, NewsreportError):
                raise SystemExit(_fail(str(error), error.exit_code)) from None
            raise SystemExit(
                _fail(
                    f"internal error: {type(error).__name__}: {error} (run with --debug for details)",
                    3,
                )
            ) from None


@click.group(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsreport", prog_name="newsreport")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn parsed news articles into print-ready PDF briefings."""
    ctx.meta["newsreport.debug"] = debug
    if debug:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


@main.command(short_help="Show what newsreport understood of each article, and its warnings.")
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
@click.option("--config", type=click.Path(path_type=Path), help="TOML file of options.")
def inspect(
    paths: tuple[Path, ...], as_json: bool, strict: bool, bidi: bool, config: Path | None
) -> None:
    """Read articles and show what newsreport understood, with every warning a build gives."""
    from .errors import NewsreportError
    from .ingest import load_articles
    from .render import resolve_options

    skipped = SkippedFiles()
    try:
        options = resolve_options(config=config)
    except NewsreportError as error:
        raise SystemExit(_fail(str(error), error.exit_code)) from None

    with collected_warnings(quiet=True) as warnings:
        articles = load_articles(paths, on_error=skipped.add, limits=options.limits)
        if articles:
            _prepare(articles, options)
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
    for message in warnings.notes:
        click.echo(f"newsreport: note: {message}", err=True)
    files = len({str(article.path) for article in articles})
    click.echo(
        f"{_count(len(articles), 'article')} from {_count(files, 'file')}; "
        f"{_count(len(skipped), 'file')} skipped; {_count(warnings.count, 'warning')}",
        err=True,
    )
    if strict and (skipped or warnings.count):
        raise SystemExit(1)


def option_flags(command: Callable[..., None]) -> Callable[..., None]:
    """Add a ``--NAME`` flag for every render option, from the one definition in ``options``."""
    from .options import option_specs

    for spec in reversed(option_specs()):
        flag = spec.flag
        if spec.kind == "flag" and spec.default is True:
            name = flag[2:]
            decorator = click.option(f"{flag}/--no-{name}", default=None, help=spec.help)
        elif spec.kind == "flag":
            decorator = click.option(flag, is_flag=True, default=None, help=spec.help)
        elif spec.kind == "list":
            decorator = click.option(flag, multiple=True, help=spec.help)
        elif spec.kind == "choice":
            choice = click.Choice(spec.choices, case_sensitive=False)
            decorator = click.option(flag, type=choice, help=spec.help)
        elif spec.kind == "folder":
            folder = click.Path(path_type=Path, file_okay=False)
            decorator = click.option(flag, type=folder, help=spec.help)
        elif spec.kind == "integer":
            # Checked by the options (one message for the command line and config files).
            decorator = click.option(flag, metavar="INTEGER", help=spec.help)
        elif spec.path == ("template",):
            decorator = click.option(flag, metavar="NAME", help=spec.help)
        else:
            decorator = click.option(flag, help=spec.help)
        command = decorator(command)
    return command


def flags_to_options(flags: dict[str, object]) -> dict[str, object]:
    """Click's parameters (``group_by``, ``paper``…) back to nested option names."""
    from .options import nest, option_specs

    by_parameter = {spec.flag[2:].replace("-", "_"): spec.path for spec in option_specs()}
    return nest({by_parameter[name]: value for name, value in flags.items()})


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="PDF to write."
)
@click.option("--config", type=click.Path(path_type=Path), help="TOML file of options.")
@click.option("--html", "html_output", type=click.Path(path_type=Path), help="Also write the HTML.")
@option_flags
def build(
    paths: tuple[Path, ...],
    output: Path,
    config: Path | None,
    html_output: Path | None,
    **flags: object,
) -> None:
    """Build a PDF digest from article files and folders."""
    from .errors import NewsreportError
    from .ingest import load_articles
    from .render import render_pdf, resolve_options

    skipped = SkippedFiles()

    try:
        options = resolve_options(config=config, source="command line", **flags_to_options(flags))
        from ._atomic import check_writable
        from .errors import UsageError
        from .ingest.files import would_read
        from .view import check_template

        given = [key for key in check_template(options) if flags.get(key) not in (None, ())]
        if given:
            flag = "--" + given[0].replace("_", "-")
            raise UsageError(
                f"{flag} is for briefing packs: the {options.template} template does not "
                "print it (add --template briefing)"
            )

        for path in (output, html_output):
            if path is not None:
                if would_read(path, paths):
                    raise UsageError(
                        f"{path}: is one of the inputs, or an article file in an input folder; "
                        "choose another output name"
                    )
                check_writable(path)
        with collected_warnings(quiet=True) as warnings:
            articles = load_articles(paths, on_error=skipped.add, limits=options.limits)
            for message in (m for messages in warnings.by_path.values() for m in messages):
                click.echo(f"newsreport: warning: {message}", err=True)
            if options.strict and (skipped or warnings.count):
                raise SystemExit(
                    _fail(
                        f"{_count(len(skipped), 'file')} skipped, "
                        f"{_count(warnings.count, 'warning')} (each above); "
                        "--strict is on, nothing written"
                    )
                )
            before = warnings.count
            with progress_display() as progress:
                result = render_pdf(
                    articles, output, options=options, html_output=html_output, progress=progress
                )
            for message in result.notes:
                click.echo(f"newsreport: note: {message}", err=True)
            for message in result.warnings:
                click.echo(f"newsreport: warning: {message}", err=True)
    except NewsreportError as error:
        for message in getattr(error, "details", ()):
            click.echo(f"newsreport: warning: {message}", err=True)
        raise SystemExit(_fail(str(error), error.exit_code)) from None
    total_warnings = before + len(result.warnings)
    left_out = []
    if options.digest.period is not None:
        left_out.append(f"{result.left_out} outside {options.digest.period.text}")
    if result.duplicates:
        left_out.append(_count(result.duplicates, "duplicate"))
    dropped = f" ({', '.join(left_out)} left out)" if left_out else ""
    click.echo(
        f"{output}: {_count(result.articles, 'article')}{dropped}, "
        f"{_count(result.pages, 'page')}; "
        f"{_count(len(skipped), 'file')} skipped; {_count(total_warnings, 'warning')}; "
        f"{result.seconds:.1f} s",
        err=True,
    )


@contextmanager
def progress_display() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on a terminal (chunks laid out, time left); nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    labels = {"chunks": "laying out pages", "assembly": "assembling the PDF"}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=None,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _prepare(articles: list[Article], options: Options) -> None:
    """Compose and prepare the document as a build would (duplicates, images, periods), for
    their warnings; nothing is laid out."""
    from .compose import compose_digest
    from .errors import NewsreportError
    from .view import document_view

    try:
        document_view(compose_digest(articles, options), options)
    except NewsreportError as error:
        echo_error(f"warning: {error}")


def _fail(message: str, code: int = 1) -> int:
    echo_error(f"error: {message}")
    return code


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _summary(article: Article, warnings: list[str], show: object) -> str:
    assert callable(show)
    counts = (
        f"{_count(len(article.paragraphs), 'paragraph')}, "
        f"{_count(len(article.headings), 'heading')}, {_count(len(article.figures), 'figure')}"
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
