"""The exception tree: one root, a child per stage that can fail."""

from __future__ import annotations

from pathlib import Path


class NewsreportError(Exception):
    """Root of every error newsreport raises on purpose; the command prints it as one line."""

    exit_code = 1
    """Exit status the command uses for this error."""
    details: tuple[str, ...] = ()
    """Lines that explain it (every warning that failed a strict build), shown before it."""


def shown_path(path: Path | str) -> str:
    """How messages name an input: ``<stdin>`` for the input ``-``, else the path as given."""
    return "<stdin>" if str(path) == "-" else str(path)


class LoadError(NewsreportError):
    """Raised by the loaders when a file cannot be read as articles (the file is skipped)."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.message, self.line))

    def __str__(self) -> str:
        name = shown_path(self.path)
        where = f"{name}:{self.line}" if self.line is not None else name
        return f"{where}: {self.message}"


class ConfigError(NewsreportError):
    """Raised by the options and config-file readers for a wrong key or value."""

    exit_code = 2


class RenderError(NewsreportError):
    """Raised by the HTML and PDF stages when a document cannot be produced or written."""


class UsageError(NewsreportError):
    """Raised when a call asks for what cannot be done: an output that is one of the inputs,
    a template that does not exist, an option the template does not use."""

    exit_code = 2
