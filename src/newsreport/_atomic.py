"""Writing results: checked before any work, written atomically so no half file is ever left."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ._scratch import process_alive
from .errors import RenderError


def check_writable(path: Path) -> None:
    """Fail early, before rendering, if ``path`` cannot be written."""
    folder = path.parent if str(path.parent) else Path()
    if path.is_dir():
        raise RenderError(f"{path}: is a folder, not a file name")
    if not folder.is_dir():
        raise RenderError(f"{path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise RenderError(f"{path}: folder {folder} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise RenderError(f"{path}: file is not writable")


def write_atomically(path: Path, data: bytes, *, cache_entry: bool = False) -> None:
    """Write ``data`` to ``path`` through ``atomic_file``."""
    with atomic_file(path, cache_entry=cache_entry) as handle:
        handle.write(data)


@contextmanager
def atomic_file(path: Path, *, cache_entry: bool = False) -> Iterator[BinaryIO]:
    """A temporary file beside ``path`` to write: when the block ends, flushed, synced and
    renamed into place; if it raises, removed.

    A crash at any moment leaves the previous file or none, never a truncated one. A
    ``cache_entry`` (one that can be made again) is not synced and stays private (0600); its
    folder is not checked first (a failure is an ``OSError`` the cache passes over).
    """
    if not cache_entry:
        check_writable(path)
    folder = path.parent if str(path.parent) else Path()
    remove_left_over(path)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
        dir=folder, prefix=f".{path.name}.{os.getpid()}-", suffix=".part", delete=False
    )
    temporary = Path(handle.name)
    try:
        with handle:
            yield handle  # type: ignore[misc]
            if not cache_entry:
                handle.flush()
                os.fsync(handle.fileno())
        if not cache_entry:
            # The permissions a new file gets (0666 less the umask), or the replaced file's
            # when narrower: a briefing is never readable by more people than the user allows.
            allowed = 0o666 & ~umask()
            temporary.chmod(path.stat().st_mode & 0o777 & allowed if path.exists() else allowed)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if cache_entry:
        return
    with contextlib.suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def umask() -> int:
    """The process's umask (read without changing it where the system tells it)."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def remove_left_over(path: Path) -> None:
    """Remove the temporary files of earlier writes of ``path`` whose process is gone (a build
    killed outright cannot remove its own); those of running processes stay."""
    folder = path.parent if str(path.parent) else Path()
    prefix = f".{path.name}."
    for item in folder.glob(f"{glob.escape(prefix)}*-*.part"):
        pid = item.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            with contextlib.suppress(OSError):
                item.unlink()
