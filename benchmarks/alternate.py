"""Cold builds of another checkout against this one, alternated, on a machine whose speed drifts.

    python benchmarks/alternate.py OTHER_SRC [COUNT] [ROUNDS]

``OTHER_SRC`` is the ``src`` folder of another checkout (``git worktree add /tmp/old REV``
gives one). Each round builds ``COUNT`` generated articles (200 by default) once with that
code, once with this one untagged and once tagged, each in a fresh process, so that a slow
minute of the machine falls on all three alike. Prints seconds, PDF size and peak memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

BUILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
from corpus import make_articles
import newsreport
count, output, mode = int(sys.argv[2]), sys.argv[3], sys.argv[4]
articles = make_articles(count)
options = {"print": {"tagged": mode == "tagged"}} if mode != "other" else None
started = time.perf_counter()
newsreport.render_pdf(articles, output, cache=False, options=options)
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": cpu, "bytes": os.path.getsize(output),
    "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def build(script: Path, count: int, folder: Path, mode: str, other: Path) -> dict[str, float]:
    """One cold build in a fresh process (``other``: with the other checkout's code)."""
    environment = {"PYTHONPATH": str(other)} if mode == "other" else {}
    command = [sys.executable, str(script), str(HERE), str(count), str(folder / f"{mode}.pdf")]
    result = subprocess.run(
        [*command, mode],
        capture_output=True,
        text=True,
        check=True,
        env={**_environment(), **environment},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _environment() -> dict[str, str]:
    """This process's environment without a ``PYTHONPATH`` of its own."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    other = Path(argv[0]).resolve()
    count = int(argv[1]) if len(argv) > 1 else 200
    rounds = int(argv[2]) if len(argv) > 2 else 3
    print(f"{count} articles, {rounds} rounds; other: {other}")
    print(
        f"{'build':>9} {'seconds':>8} {'CPU s':>6} {'PDF MB':>7} {'main MB':>8} {'worker MB':>10}"
    )
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        script = folder / "build.py"
        script.write_text(BUILD, encoding="utf-8")
        for _ in range(rounds):
            for mode in ("other", "untagged", "tagged"):
                row = build(script, count, folder, mode, other)
                print(
                    f"{mode:>9} {row['seconds']:>8.1f} {row['cpu']:>6.1f} {row['bytes'] / 1e6:>7.2f} "
                    f"{row['main_mb']:>8.0f} {row['worker_mb']:>10.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main(sys.argv[1:])
