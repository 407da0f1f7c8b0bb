"""What a build is doing, told as it happens: one line on a terminal's stderr naming the stage
(a spinner, or a bar where the engine counts), and each stage's time for ``--verbose``."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

STAGES: dict[str, tuple[str, str]] = {
    "reading": ("reading articles", ""),
    "compose": ("composing", ""),
    "layout": ("laying out pages", ""),
    "chunks": ("laying out chunks", "chunks"),
    "assembly": ("assembling", "pages"),
    "jobs": ("rendering", "jobs"),
}
"""Stage → (what is being done, what ``done`` and ``total`` count; "" for a spinner only)."""


class StageDisplay:
    """``progress(stage, done, total)`` for the engine and the command alike."""

    def __init__(self, bar: Any = None) -> None:
        self.bar = bar
        """A ``rich`` Progress on stderr, or None (piped, ``--quiet``)."""
        self.timings: list[tuple[str, float]] = []
        """Each finished stage's label and seconds, in order."""
        self._stage: str | None = None
        self._started = 0.0
        self._task: Any = None

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        label, unit = STAGES.get(stage, (stage, ""))
        if stage != self._stage:
            self.finish()
            self._stage, self._started = stage, time.perf_counter()
            if self.bar is not None:
                self._task = self.bar.add_task(f"{label}…", total=None, counted="")
        if self.bar is not None and unit and total:
            self.bar.update(
                self._task, completed=done, total=total, counted=f"{done}/{total} {unit}"
            )

    def finish(self) -> None:
        """The current stage is over: its time kept, its line gone."""
        if self._stage is None:
            return
        label = STAGES.get(self._stage, (self._stage, ""))[0]
        self.timings.append((label, time.perf_counter() - self._started))
        if self.bar is not None:
            self.bar.remove_task(self._task)
        self._stage = None

    def timing_line(self) -> str:
        """``reading articles 0.1 s, composing 0.4 s, …`` for ``--verbose``."""
        return ", ".join(f"{label} {seconds:.1f} s" for label, seconds in self.timings)


@contextmanager
def stage_display(shown: bool = True) -> Iterator[StageDisplay]:
    """A display drawn at once on a terminal's stderr (never stdout: it may carry the PDF);
    timings only when piped or not ``shown``."""
    if not shown or not sys.stderr.isatty():
        display = StageDisplay()
        try:
            yield display
        finally:
            display.finish()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[counted]}"),
        TimeElapsedColumn(),
        transient=True,
        console=Console(stderr=True),
    ) as bar:
        display = StageDisplay(bar)
        try:
            yield display
        finally:
            display.finish()
