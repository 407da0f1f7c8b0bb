"""Content warnings: logged, named by file (and line), counted by whoever listens."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger("newsreport")
"""The library's logger; the command attaches a counting handler to it."""


def warn(path: Path | str | None, message: str, line: int | None = None) -> None:
    """Log a content warning about a file, in the same ``file:line: message`` form as errors."""
    where = "" if path is None else f"{path}:{line}: " if line is not None else f"{path}: "
    logger.warning("%s%s", where, message, extra={"newsreport_path": str(path) if path else None})


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected_warnings(*, quiet: bool = False) -> Iterator[list[str]]:
    """The warnings logged while active; ``quiet`` keeps them from other handlers too."""
    handler = _Collect()
    logger.addHandler(handler)
    propagate = logger.propagate
    if quiet:
        logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
