"""What the command tells the user, on stderr: errors always, warnings, notes and summaries
unless ``--quiet``, stage timings with ``--verbose``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..errors import LoadError


def count(number: int, noun: str) -> str:
    """``1 warning``, ``2 warnings``: every count the command prints goes through here."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def echo_error(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    click.echo(f"newsreport: {message}", err=True)


def fail(message: str, code: int = 1) -> int:
    """Print the error line and return the exit status to leave with."""
    echo_error(f"error: {message}")
    return code


@dataclass
class Report:
    """The command's messages, as loud as ``--quiet`` and ``--verbose`` ask."""

    quiet: bool = False
    """Errors only: no warnings, notes, progress or summary."""
    verbose: bool = False
    """Also each stage's time."""

    def error(self, message: str) -> None:
        echo_error(f"error: {message}")

    def warning(self, message: str) -> None:
        if not self.quiet:
            echo_error(f"warning: {message}")

    def note(self, message: str) -> None:
        if not self.quiet:
            echo_error(f"note: {message}")

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            echo_error(message)

    def summary(self, line: str) -> None:
        if not self.quiet:
            click.echo(line, err=True)


@dataclass
class SkippedFiles:
    """Bad files, each named on stderr as it is met (even with ``--quiet``: a file not read
    is an error) and counted for the closing line."""

    errors: list[LoadError] = field(default_factory=list)

    def add(self, error: LoadError) -> None:
        self.errors.append(error)
        echo_error(f"skipped {error}")

    def __len__(self) -> int:
        return len(self.errors)
