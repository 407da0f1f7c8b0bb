"""``newsreport many``: many PDFs from one TOML file of jobs, here or on a Dask cluster."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ._flags import report_options
from ._progress import stage_display
from ._report import Report, count, echo_error

if TYPE_CHECKING:
    from ..many import ManyResult


@click.command(short_help="Render one PDF per [[job]] of a TOML file, here or on Dask.")
@click.argument("jobs_file", metavar="JOBS.toml", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler to run the jobs on (tcp://host:8786); default: this machine's cores.",
)
@report_options
def many(jobs_file: Path, scheduler: str | None, quiet: bool, verbose: bool) -> None:
    """Render one PDF per [[job]] table of JOBS.toml (inputs, output, optional config and
    [job.options]; paths relative to the file). One line per job; exit status 1 if any
    failed (the others are still written)."""
    from ..errors import UsageError
    from ..many import load_jobs, render_many

    report = Report(quiet, verbose)
    jobs = load_jobs(jobs_file)
    started = time.perf_counter()
    ended = 0
    with stage_display(not quiet) as display:

        def done(_index: int, result: ManyResult) -> None:
            """Each job's lines as it ends, not when the last one does."""
            nonlocal ended
            ended += 1
            _tell(report, result)  # above the bar: rich redirects the terminal's lines
            display("jobs", ended, len(jobs))

        display("jobs", 0, len(jobs))
        if scheduler is None:
            results = render_many(jobs, done=done)
        else:
            try:
                from distributed import Client
            except ImportError:
                raise UsageError(
                    "--scheduler needs Dask's distributed package: pip install 'newsreport[dask]'"
                ) from None
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as error:
                raise UsageError(f"--scheduler {scheduler}: cannot reach it: {error}") from None
            with client:
                results = render_many(jobs, executor=client.get_executor(), done=done)
    failed = sum(result.error is not None for result in results)
    report.summary(
        f"{count(len(results), 'job')}: {len(results) - failed} written, {failed} failed; "
        f"{time.perf_counter() - started:.1f} s"
    )
    report.detail(display.timing_line())
    if failed:
        raise SystemExit(1)


def _tell(report: Report, result: ManyResult) -> None:
    """One job's skipped files, warnings, and its line (or its error)."""
    for line in result.skipped:
        echo_error(f"skipped {line}")
    for message in result.warnings:
        report.warning(message)
    if result.error is not None:
        echo_error(f"error: {result.output}: {result.error}")
        return
    report.summary(
        f"{result.output}: {count(result.articles, 'article')}, "
        f"{count(result.pages, 'page')}; {count(len(result.skipped), 'file')} skipped; "
        f"{count(len(result.warnings), 'warning')}"
    )
