"""Content warnings: logged, named by file (and line), collected by the render that raised them.

One collector serves the library (``RenderResult.warnings``), the command (counted, placed by
file) and the engine (warnings of WeasyPrint and of worker processes). It is bound to the
thread that opened it: renders running side by side in threads of one process each collect
their own warnings, and nothing process-wide is switched on and off.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger("newsreport")
"""The library's logger: its warnings also reach the handlers an application sets up."""


def warn(path: Path | str | None, message: str, line: int | None = None) -> None:
    """Log a content warning about a file, in the same ``file:line: message`` form as errors."""
    from .errors import shown_path

    shown = None if path is None else shown_path(path)
    where = "" if shown is None else f"{shown}:{line}: " if line is not None else f"{shown}: "
    logger.warning("%s%s", where, message, extra={"newsreport_path": str(path) if path else None})


def note(path: Path | str | None, message: str) -> None:
    """Tell what the user's settings left out (a remote image not fetched because no host is
    allowed): not a content warning, so neither counted nor fatal under ``--strict``. It
    goes to the collectors open in this thread, else to the logger at INFO level."""
    from .errors import shown_path

    text = f"{shown_path(path)}: {message}" if path is not None else message
    collectors = _open.get(threading.get_ident())
    if not collectors:
        logger.info("%s", text)
        return
    for collector in collectors:
        collector.notes.append(text)


class Collected(list[str]):
    """The warnings a block raised, in order, also grouped by the file they name."""

    def __init__(self, quiet: bool) -> None:
        super().__init__()
        self.notes: list[str] = []
        """What the settings left out (see ``note``), in order."""
        self.quiet = quiet
        """Whether the warnings stop here (not passed on to the logger's handlers)."""
        self.by_path: dict[str | None, list[str]] = defaultdict(list)
        """Messages by the file they name (None for the document as a whole)."""

    @property
    def count(self) -> int:
        """How many warnings were raised."""
        return len(self)

    def add(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.append(message)
        self.by_path[getattr(record, "newsreport_path", None)].append(message)


_lock = threading.Lock()
_open: dict[int, list[Collected]] = {}
"""Collectors open in each thread (by thread id), innermost last."""


class _Route(logging.Filter):
    """On the newsreport logger: each record goes to the collectors of the thread that
    logged it, and stops there when one of them is quiet."""

    def filter(self, record: logging.LogRecord) -> bool:
        collectors = _open.get(record.thread or 0, ())
        for collector in collectors:
            collector.add(record)
        return not any(collector.quiet for collector in collectors)


_route = _Route()


@contextmanager
def collected_warnings(*, quiet: bool = False) -> Iterator[Collected]:
    """The warnings this thread logs while the block runs; ``quiet`` keeps them from the
    logger's handlers (a worker sends them to its parent; the command prints them itself)."""
    collector = Collected(quiet)
    thread = threading.get_ident()
    with _lock:
        if not _open:
            logger.addFilter(_route)
        _open.setdefault(thread, []).append(collector)
    try:
        yield collector
    finally:
        with _lock:
            _open[thread].remove(collector)
            if not _open[thread]:
                del _open[thread]
            if not _open:
                logger.removeFilter(_route)


class _Forward(logging.Filter):
    """On another library's logger: records logged in a thread that collects warnings become
    ours (``WeasyPrint: …``), minus ``ignored`` notices; other threads' pass untouched."""

    def __init__(self, prefix: str, ignored: tuple[str, ...]) -> None:
        super().__init__()
        self.prefix = prefix
        self.ignored = ignored
        self.threads: dict[int, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if (record.thread or 0) not in self.threads:
            return True
        if record.levelno >= logging.WARNING:
            message = record.getMessage()
            if not message.startswith(self.ignored):
                warn(None, f"{self.prefix}{message}")
        return False


_forwards: dict[str, _Forward] = {}


@contextmanager
def forwarded_warnings(name: str, prefix: str, ignored: tuple[str, ...] = ()) -> Iterator[None]:
    """While the block runs, warnings this thread logs on logger ``name`` are ours."""
    thread = threading.get_ident()
    with _lock:
        forward = _forwards.get(name)
        if forward is None:
            forward = _forwards[name] = _Forward(prefix, ignored)
            logging.getLogger(name).addFilter(forward)
        forward.threads[thread] = forward.threads.get(thread, 0) + 1
    try:
        yield
    finally:
        with _lock:
            forward.threads[thread] -= 1
            if not forward.threads[thread]:
                del forward.threads[thread]
            if not forward.threads:
                logging.getLogger(name).removeFilter(forward)
                del _forwards[name]
