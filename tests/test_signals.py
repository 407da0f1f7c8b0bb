"""A build stopped by a signal leaves nothing behind: no temporary folder (laid-out pages of
a classified briefing), no half-written output, no worker process; the previous PDF stays."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreport._scratch import PREFIX, sweep

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


def _articles(folder: Path, count: int = 24) -> Path:
    """``count`` distinct articles (the digest keeps one of each text and address)."""
    folder.mkdir()
    body = (EXAMPLES / "en-port-expansion.md").read_text(encoding="utf-8").split("+++")[-1]
    for number in range(count):
        (folder / f"a{number:02}.md").write_text(
            f"---\ntitle: Harbour report {number}\nlanguage: en\n"
            f"source: https://news.example.com/harbour/{number}\n---\n\n"
            f"{body}\n\nReport number {number}.\n" * 1,
            encoding="utf-8",
        )
    return folder


def _start(tmp_path: Path, inputs: Path, output: Path) -> tuple[subprocess.Popen[str], Path]:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "newsreport", "build", str(inputs), "-o", str(output)]
    process = subprocess.Popen(
        [*command, "--no-cache", "--workers", "2"],
        env={**os.environ, "TMPDIR": str(scratch)},
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    return process, scratch


def _wait_for_parts(process: subprocess.Popen[str], scratch: Path) -> None:
    """Until parts are being laid out (their folder is there)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if list(scratch.glob(f"{PREFIX}*/parts-*/*.pdf")):
            return
        time.sleep(0.05)
    pytest.fail(f"the build never laid out a part: {process.poll()}")


def _processes(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(") ", 1)[-1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] not in ("Z", "X"):
                found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_stopped_build_leaves_nothing(tmp_path, name):
    inputs = _articles(tmp_path / "news")
    output = tmp_path / "out" / "digest.pdf"
    output.parent.mkdir()
    output.write_bytes(b"the previous briefing")
    process, scratch = _start(tmp_path, inputs, output)
    _wait_for_parts(process, scratch)
    (folder,) = scratch.iterdir()  # one private folder, the workers' inside it
    assert folder.stat().st_mode & 0o777 == 0o700
    number = getattr(signal, name)
    os.killpg(process.pid, number) if name == "SIGINT" else process.send_signal(number)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == (130 if name == "SIGINT" else 128 + number), errors
    assert "nothing written" in errors.splitlines()[-1]
    time.sleep(0.2)
    assert list(scratch.iterdir()) == []
    assert [p.name for p in output.parent.iterdir()] == ["digest.pdf"]
    assert output.read_bytes() == b"the previous briefing"
    assert _processes(process.pid) == []


@pytest.mark.slow
def test_a_killed_build_is_swept_by_the_next(tmp_path):
    inputs = _articles(tmp_path / "news")
    output = tmp_path / "out" / "digest.pdf"
    output.parent.mkdir()
    process, scratch = _start(tmp_path, inputs, output)
    _wait_for_parts(process, scratch)
    process.kill()
    process.communicate(timeout=60)
    time.sleep(0.5)
    assert _processes(process.pid) == []  # the workers followed it
    assert [p.name.split("-")[1] for p in scratch.iterdir()] == [str(process.pid)]
    sweep(scratch)
    assert list(scratch.iterdir()) == []
    assert not list(output.parent.iterdir()) or all(
        p.name.endswith(".part") for p in output.parent.iterdir()
    )


def test_sweep_keeps_live_and_foreign_folders(tmp_path):
    live = tmp_path / f"{PREFIX}{os.getpid()}-x"
    parent = tmp_path / f"{PREFIX}{os.getppid()}-y"
    other = tmp_path / "weasyprint-z"
    for folder in (live, parent, other):
        folder.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    gone = tmp_path / f"{PREFIX}{dead.stdout.strip()}-w"
    (gone / "parts-1").mkdir(parents=True)
    (gone / "parts-1" / "0.pdf").write_bytes(b"%PDF")
    sweep(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (live, parent, other)
    )
