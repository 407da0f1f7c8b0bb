"""The worker processes that lay out the parts of large documents."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ..options import Options


@contextmanager
def worker_pool(options: Options, jobs: int) -> Iterator[Executor]:
    """Worker processes for ``jobs`` parts, started at once (each loads WeasyPrint)."""
    workers = worker_count(options, jobs)
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=start_worker, initargs=(os.getpid(),)
    )
    try:
        for _ in range(workers):
            pool.submit(int)  # a worker process starts for each
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def start_worker(parent: int) -> None:
    """Worker initializer: die with the build; load WeasyPrint and the fonts before any job."""
    die_with_parent(parent)
    from ._layout import font_configuration

    font_configuration()


def die_with_parent(parent: int | None = None) -> None:
    """Worker initializer: a build killed outright (SIGKILL) takes its workers with it (Linux).

    ``parent`` is the build's process id: a worker whose build was killed while it started,
    before it could ask to follow it, ends at once rather than wait forever on its queue. (The
    build is its parent when workers are forked; a forkserver's are not, but their build runs.)
    """
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent and not _running(parent):
        os.kill(os.getpid(), signal.SIGTERM)  # what the build's death would have sent


def _running(pid: int) -> bool:
    """Whether the process is there and not a zombie (a killed build its shell has not reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(") ", 1)[-1][:1] not in ("Z", "X")
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_count(options: Options, jobs: int) -> int:
    """Workers for ``jobs`` parts: one per core (or ``workers``), no more than the parts."""
    return max(1, min(options.workers or os.cpu_count() or 1, jobs))
