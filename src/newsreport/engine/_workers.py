"""The worker processes that lay out the parts of large documents."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from ..options import Options


@contextmanager
def worker_pool(options: Options, jobs: int) -> Iterator[Executor]:
    """Worker processes for ``jobs`` parts, started at once (each loads WeasyPrint)."""
    workers = worker_count(options, jobs)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=start_worker)
    try:
        for _ in range(workers):
            pool.submit(int)  # a worker process starts for each
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def start_worker() -> None:
    """Worker initializer: die with the build; load WeasyPrint and the fonts before any job."""
    die_with_parent()
    from ._layout import font_configuration

    font_configuration()


def die_with_parent() -> None:
    """Worker initializer: a build killed outright (SIGKILL) takes its workers with it (Linux)."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def worker_count(options: Options, jobs: int) -> int:
    """Workers for ``jobs`` parts: one per core (or ``workers``), no more than the parts."""
    import os

    return max(1, min(options.workers or os.cpu_count() or 1, jobs))
