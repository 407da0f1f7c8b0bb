"""Content warnings: logged, named by file (and line), counted by whoever listens."""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger("newsreport")
"""The library's logger; the command attaches a counting handler to it."""


def warn(path: Path | str | None, message: str, line: int | None = None) -> None:
    """Log a content warning about a file, in the same ``file:line: message`` form as errors."""
    where = "" if path is None else f"{path}:{line}: " if line is not None else f"{path}: "
    logger.warning("%s%s", where, message, extra={"newsreport_path": str(path) if path else None})
