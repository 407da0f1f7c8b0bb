"""One private folder per process for everything temporary (laid-out parts, WeasyPrint's
fonts), removed at exit and on the signals the command turns into exits; the folders of
processes that were killed outright are swept by the next one.

Laid-out pages of a classified briefing must not outlive the build in the system's
temporary folder. The folder is ``newsreport-PID-…`` (mode 0700): the process id tells a
later build whether its owner is gone. A worker's folder is inside its build's, so the build
removes it even when the worker was killed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

PREFIX = "newsreport-"

_lock = threading.Lock()
_folder: tuple[int, Path] | None = None
"""(process id, folder): a forked child does not use its parent's."""
_inside: Path | None = None
"""Where a worker makes its folder: its build's."""


def scratch_folder() -> Path:
    """This process's private temporary folder (made on first use; sweeps stale ones)."""
    global _folder
    with _lock:
        pid = os.getpid()
        if _folder is not None and _folder[0] == pid and _folder[1].is_dir():
            return _folder[1]
        parent = _inside if _inside is not None and _inside.is_dir() else None
        if parent is None:
            sweep()
        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{pid}-", dir=parent))
        _folder = (pid, folder)
        atexit.register(_remove, folder, pid)
        return folder


def work_inside(folder: Path) -> None:
    """In a worker process: make this process's folder inside ``folder`` (its build's), and
    put everything ``tempfile`` makes there."""
    global _inside
    _inside = folder
    tempfile.tempdir = str(scratch_folder())


def _remove(folder: Path, pid: int) -> None:
    if os.getpid() == pid:
        shutil.rmtree(folder, ignore_errors=True)


def sweep(root: Path | None = None) -> None:
    """Remove the folders of this user's builds whose process is gone."""
    root = Path(root or tempfile.gettempdir())
    uid = os.getuid() if hasattr(os, "getuid") else None
    with contextlib.suppress(OSError):
        for item in root.glob(f"{PREFIX}*-*"):
            pid = item.name[len(PREFIX) :].split("-", 1)[0]
            if not pid.isdigit() or int(pid) == os.getpid() or process_alive(int(pid)):
                continue
            with contextlib.suppress(OSError):
                mine = uid is None or item.stat().st_uid == uid
                if mine and item.is_dir() and not item.is_symlink():
                    shutil.rmtree(item, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """Whether the process is there and not a zombie (a killed build its shell has not
    reaped): what the names of temporary files and folders are checked against."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return state.rsplit(") ", 1)[-1][:1] not in ("Z", "X")
    return True


class Stopped(SystemExit):
    """The process was asked to stop by a signal (SIGTERM, SIGHUP): unwinds like an exit,
    so every temporary file and folder is removed; the exit status is 128 + the signal."""


@contextmanager
def signals_end_cleanly() -> Iterator[None]:
    """In the main thread of the command: SIGTERM and SIGHUP become ``Stopped`` (cleaned up
    like Ctrl-C) instead of ending the process where it stands."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number: int, _frame: FrameType | None) -> None:
        raise Stopped(128 + number)

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
