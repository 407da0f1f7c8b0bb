"""``newsreport watch``: build, then build again whenever what the PDF is made of changes."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import click

from ._build import build_once, check_outputs, summary
from ._flags import command_options, config_option, html_option, option_flags, report_options
from ._progress import stage_display
from ._report import Report, count

if TYPE_CHECKING:
    from ..model import Article
    from ..options import Options

STEP_MS = 200
"""A change is acted on once nothing more has changed for this long (an editor's save is
often several writes)."""
TICK_MS = 500
"""How often the watch loop wakes when nothing changes (the first time, to catch what
changed while it was not yet watching)."""


@click.command(short_help="Build a PDF, and again whenever its articles or templates change.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="PDF to write.",
)
@config_option
@html_option
@report_options
@option_flags
@click.pass_context
def watch(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output: Path,
    config: Path | None,
    html_output: Path | None,
    quiet: bool,
    verbose: bool,
    **flags: object,
) -> None:
    """Build the PDF, then build it again each time an article file or folder, the config
    file, a template of yours or a local image changes, until Ctrl-C (exit status 0).
    Parts laid out before come from the cache; a failed build keeps the last good PDF."""
    from ..errors import UsageError

    if str(output) == "-":
        raise UsageError("-o -: watch rewrites a file; name one")
    if any(str(path) == "-" for path in paths):
        raise UsageError("-: watch cannot follow standard input; name files or folders")
    command_options(None, flags)  # a wrong flag does not get better by waiting
    watcher = Watcher(
        paths,
        output,
        html_output,
        config,
        flags,
        Report(quiet, verbose),
        ctx.meta["newsreport.debug"],
    )
    try:
        watcher.rebuild(())
        watcher.run()
    except KeyboardInterrupt:
        watcher.report.summary("newsreport: stopped watching")


class Watcher:
    """The build's inputs, what to watch for them, and one rebuild per batch of changes."""

    def __init__(
        self,
        paths: tuple[Path, ...],
        output: Path,
        html_output: Path | None,
        config: Path | None,
        flags: dict[str, object],
        report: Report,
        debug: bool,
    ) -> None:
        self.paths = paths
        self.output = output
        self.html_output = html_output
        self.config = config
        self.flags = flags
        self.report = report
        self.debug = debug
        self.options: Options | None = None
        self.articles: tuple[Article, ...] = ()
        self._outputs = {path.resolve() for path in (output, html_output) if path is not None}
        self._stamps: dict[Path, tuple[int, int]] = {}
        self._known_files = self._files()

    def run(self) -> None:
        """Watch until interrupted; the folders watched are made again after each build (a
        new subfolder, an image elsewhere, another templates folder)."""
        from watchfiles import DefaultFilter
        from watchfiles import watch as changes

        ignored = DefaultFilter()
        while True:
            folders = self.folders()
            self.report.summary(
                f"newsreport: watching {count(len(folders), 'folder')} (Ctrl-C stops)"
            )
            self.report.detail("watching " + ", ".join(map(str, folders)))
            checked = False
            for batch in changes(
                *folders,
                watch_filter=lambda change, path: ignored(change, path) and self.relevant(path),
                step=STEP_MS,
                recursive=False,
                ignore_permission_denied=True,
                rust_timeout=TICK_MS,
                yield_on_timeout=True,
            ):
                changed = sorted({path for _, path in batch})
                if not batch and not checked:
                    # Watching now: what changed while the last build ran (before the
                    # watch began) is found by comparing file stamps, once.
                    checked = True
                    changed = [str(path) for path in self._changed_since(self._stamps)]
                if not changed:
                    continue
                self.rebuild(changed)
                if self.folders() != folders:
                    break

    def rebuild(self, changed: Iterable[str]) -> None:
        """One build; its line (or its error) starts with the time. A failed build leaves
        the last good PDF where it was."""
        from ..errors import NewsreportError

        self._stamps = self._stamp_files()
        stamp = time.strftime("%H:%M:%S")
        names = [Path(path).name for path in changed]
        why = ""
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            why = f" ({shown} changed)"
        try:
            options = command_options(self.config, self.flags)
            check_outputs(self.paths, (self.output, self.html_output))
            with stage_display(not self.report.quiet) as display:
                built = build_once(
                    self.paths, self.output, options, self.html_output, self.report, display
                )
        except NewsreportError as error:
            for message in error.details:
                self.report.warning(message)
            kept = f"; kept the last good {self.output}" if self.output.exists() else ""
            self.report.error(f"{stamp}{why} {error}{kept}")
            return
        except Exception as error:
            if self.debug:
                raise
            self.report.error(
                f"{stamp}{why} internal error: {type(error).__name__}: {error} "
                "(run with --debug for details)"
            )
            return
        self.options, self.articles = options, built.articles
        self._known_files = self._files()
        self.report.summary(f"{stamp} {summary(str(self.output), built, options)}{why}")

    def folders(self) -> list[Path]:
        """Every folder a change could come from, watched one by one (not recursively: a
        config file in a home folder does not watch the whole home)."""
        wanted: set[Path] = set()
        for path in self._trees():
            wanted.add(path)
            wanted.update(
                sub
                for sub in path.rglob("*")
                if sub.is_dir()
                and not any(part.startswith(".") for part in sub.relative_to(path).parts)
            )
        wanted.update(path.parent for path in self._files())
        return sorted({_existing(path) for path in wanted})

    def relevant(self, changed: str) -> bool:
        """Whether a change in a watched folder is one of the build's inputs (not its own
        outputs or their temporary files)."""
        path = Path(changed).resolve()
        if path in self._outputs or path.name.startswith("."):
            return False
        if path in self._known_files:
            return True
        for tree in self._trees():
            if path.is_relative_to(tree):
                return not any(part.startswith(".") for part in path.relative_to(tree).parts)
        return False

    def _stamp_files(self) -> dict[Path, tuple[int, int]]:
        """Modification time and size of every file that counts."""
        found = set(self._known_files)
        for tree in self._trees():
            found.update(path for path in tree.rglob("*") if self.relevant(str(path)))
        stamps = {}
        for path in found:
            try:
                status = path.stat()
            except OSError:
                continue
            if not path.is_dir():
                stamps[path] = (status.st_mtime_ns, status.st_size)
        return stamps

    def _changed_since(self, stamps: dict[Path, tuple[int, int]]) -> list[Path]:
        now = self._stamp_files()
        return sorted(
            path for path in now.keys() | stamps.keys() if now.get(path) != stamps.get(path)
        )

    def _trees(self) -> set[Path]:
        """Folders whose every file counts: input folders and the templates folder."""
        trees = {path.resolve() for path in self.paths if path.is_dir()}
        if self.options is not None and self.options.templates is not None:
            trees.add(self.options.templates.resolve())
        return trees

    def _files(self) -> set[Path]:
        """Single files that count: input files, the config file, the articles' local images."""
        from ..ingest.addresses import is_web_address

        files = {path.resolve() for path in self.paths if not path.is_dir()}
        if self.config is not None:
            files.add(self.config.resolve())
        for article in self.articles:
            if article.path is None or str(article.path) == "-":
                continue
            for figure in article.figures:
                if figure.image and not is_web_address(figure.image):
                    parts = urlsplit(figure.image)
                    raw = unquote(parts.path) if parts.scheme.lower() == "file" else figure.image
                    files.add((article.path.parent / raw).resolve())
        return files


def _existing(path: Path) -> Path:
    """The path, or its nearest folder that exists (a missing input may appear later)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
