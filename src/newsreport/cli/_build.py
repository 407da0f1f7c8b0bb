"""``newsreport build``, and the one build both it and ``watch`` run."""

from __future__ import annotations

import datetime as _dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click

from ._flags import command_options, config_option, html_option, option_flags, report_options
from ._progress import StageDisplay, stage_display
from ._report import Report, SkippedFiles, count

if TYPE_CHECKING:
    from ..model import Article
    from ..options import Options
    from ..render import RenderResult

STDOUT = "-"
"""``-o -``: the PDF goes to standard output."""


@dataclass(frozen=True, slots=True)
class Built:
    """What one build made, for its summary line."""

    result: RenderResult
    """The render's own result."""
    skipped: int
    """Input files that could not be read."""
    warnings: int
    """Warnings of reading and rendering."""
    articles: tuple[Article, ...]
    """The articles read (``watch`` follows their images)."""


def check_outputs(paths: tuple[Path, ...], outputs: tuple[Path | None, ...]) -> None:
    """Refuse, before any work, an output that would replace or later feed an input, or
    that cannot be written."""
    from .._atomic import check_writable
    from ..errors import UsageError
    from ..ingest.files import would_read

    for path in outputs:
        if path is None:
            continue
        if would_read(path, paths):
            raise UsageError(
                f"{path}: is one of the inputs, or an article file in an input folder; "
                "choose another output name"
            )
        check_writable(path)


def build_once(
    paths: tuple[Path, ...],
    output: Path | BinaryIO,
    options: Options,
    html_output: Path | None,
    report: Report,
    display: StageDisplay,
) -> Built:
    """Read the articles, say what was wrong with them, render: the PDF is written whole or
    not at all (a file atomically; a stream once complete)."""
    from .._messages import collected_warnings
    from ..errors import RenderError
    from ..ingest import load_articles
    from ..render import render_pdf

    skipped = SkippedFiles()
    with collected_warnings(quiet=True) as warnings:
        display("reading")
        articles = load_articles(paths, on_error=skipped.add, limits=options.limits)
        for message in warnings:
            report.warning(message)
        if options.strict and (skipped or warnings.count):
            raise RenderError(
                f"{count(len(skipped), 'file')} skipped, {count(warnings.count, 'warning')} "
                "(each above); --strict is on, nothing written"
            )
        before = warnings.count
        result = render_pdf(
            articles, output, options=options, html_output=html_output, progress=display
        )
    display.finish()
    for message in result.notes:
        report.note(message)
    for message in result.warnings:
        report.warning(message)
    report.detail(display.timing_line())
    return Built(result, len(skipped), before + len(result.warnings), tuple(articles))


def summary(name: str, built: Built, options: Options) -> str:
    """``digest.pdf: 12 articles, 30 pages; 0 files skipped; 1 warning; 2.1 s``."""
    result = built.result
    left_out = []
    if options.digest.period is not None:
        left_out.append(f"{result.left_out} outside {options.digest.period.text}")
    if result.duplicates:
        left_out.append(count(result.duplicates, "duplicate"))
    dropped = f" ({', '.join(left_out)} left out)" if left_out else ""
    return (
        f"{name}: {count(result.articles, 'article')}{dropped}, {count(result.pages, 'page')}; "
        f"{count(built.skipped, 'file')} skipped; {count(built.warnings, 'warning')}; "
        f"{result.seconds:.1f} s"
    )


@click.command(short_help="Build a PDF digest or briefing pack from articles.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="PDF to write; '-' for standard output. Default: TITLE-DATE.pdf in this folder.",
)
@config_option
@html_option
@report_options
@option_flags
def build(
    paths: tuple[Path, ...],
    output: Path | None,
    config: Path | None,
    html_output: Path | None,
    quiet: bool,
    verbose: bool,
    **flags: object,
) -> None:
    """Build a PDF from article files and folders ('-' reads one article file from standard
    input). Without -o the PDF is named after the title (else the template) and today's
    date, in the current folder; -o - writes it to standard output."""
    from ..errors import UsageError
    from ..output_name import default_output_name

    report = Report(quiet, verbose)
    options = command_options(config, flags)
    if html_output is not None and str(html_output) == STDOUT:
        raise UsageError("--html -: the HTML needs a file name")
    to_stdout = output is not None and str(output) == STDOUT
    if to_stdout and sys.stdout.isatty():
        raise UsageError(
            "-o -: PDF data not written to a terminal; redirect standard output or name a file"
        )
    if output is None:
        output = Path(default_output_name(options, _dt.date.today()))
    check_outputs(paths, (None if to_stdout else output, html_output))
    with stage_display(not quiet) as display:
        built = build_once(
            paths,
            sys.stdout.buffer if to_stdout else output,
            options,
            html_output,
            report,
            display,
        )
    report.summary(summary("<stdout>" if to_stdout else str(output), built, options))
