"""The worker processes that lay out the parts of large documents."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from .._scratch import process_alive, scratch_folder, work_inside
from ..options import Options


@contextmanager
def worker_pool(options: Options, jobs: int) -> Iterator[Executor]:
    """Worker processes for ``jobs`` parts: one started at once (it loads WeasyPrint while
    the document is prepared), the others when parts are handed to the pool and none is
    idle, so that a rebuild that finds its parts in the cache starts one or none."""
    workers = worker_count(options, jobs)
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=start_worker, initargs=(os.getpid(), scratch_folder())
    )
    try:
        pool.submit(int)  # the first worker process starts
        yield pool
    except BaseException:
        stop_workers(pool)  # stopped or failed: the parts being laid out are not waited for
        raise
    finally:
        pool.shutdown(cancel_futures=True)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End a pool's processes now, their jobs unfinished."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, AttributeError):
            process.terminate()


def start_worker(parent: int, folder: Path | None = None) -> None:
    """Worker initializer: die with the build; keep temporary files in its folder; load
    WeasyPrint and the fonts before any job."""
    import signal

    # A forked worker inherits the command's handlers, which would turn the signal that
    # ends it into an exception its job swallows: it ends as a process does, and leaves
    # Ctrl-C to its build (which ends it).
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    if folder is not None:
        work_inside(folder)
    from ._layout import font_configuration

    font_configuration()
    global _in_worker
    _in_worker = True
    gc.freeze()  # what is loaded now lives as long as the worker: no collection looks at it


_in_worker = False
"""Whether this process is one of ``worker_pool``'s workers (``start_worker`` ran)."""


def release_memory() -> None:
    """In a worker, after a layout: its garbage collected and the memory it freed given back
    to the system, so that the next layout does not grow on the last one's leftovers (the
    largest worker of a 200-article build peaked at 120 MB without, 110 MB with)."""
    if not _in_worker:
        return
    gc.collect()
    with contextlib.suppress(OSError, AttributeError, TypeError):
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)  # glibc; elsewhere the lookup (or the load) fails


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
    if parent is not None and os.getppid() != parent and not process_alive(parent):
        os.kill(os.getpid(), signal.SIGTERM)  # what the build's death would have sent


def worker_count(options: Options, jobs: int) -> int:
    """Workers for ``jobs`` parts: one per core (or ``workers``), no more than the parts."""
    return max(1, min(options.workers or os.cpu_count() or 1, jobs))
