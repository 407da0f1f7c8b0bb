"""newsreport against a one-shot WeasyPrint render of the same HTML, side by side, in one run.

    python benchmarks/run.py [--untagged] [--repeat N] [50 200 1000]

For each size: a cold newsreport build (empty cache), a warm rebuild after one article
changed, and the ``weasyprint`` command on the single-document HTML that ``--html`` writes
(made beforehand, untimed: it is the one-shot render's input, not part of a build). Each
runs in a fresh process. With ``--repeat N`` the cold build and the one-shot render run N
times each, taking turns (this machine's speed drifts over minutes), and the medians are
shown. Peak memory is shown for newsreport's main process (which
composes and assembles) and its largest worker, and for the weasyprint process. Then, for
the largest size up to 200, the edits of ``benchmarks/edits.py`` (a word of a lead, a
paragraph, an article removed, one added): parts laid out again and time against cold; and
``benchmarks/week.py``: seven daily digests, then the week's, with one cache.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import edits  # noqa: E402 - beside this script
import week  # noqa: E402 - beside this script

BUILD = r"""
import dataclasses, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from corpus import make_articles
import newsreport
count, output, cache, change = int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1"
options = {"print": {"tagged": False}} if sys.argv[6:] == ["untagged"] else None
articles = make_articles(count)
if sys.argv[5] == "html":  # the one-shot render's input, written before any timing
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(newsreport.render_html(articles, options=options))
    raise SystemExit
if change:
    one = articles[count // 2]
    articles[count // 2] = dataclasses.replace(
        one, blocks=(*one.blocks, newsreport.Paragraph("تحديث: أضيفت هذه الفقرة بعد النشر.")))
started = time.perf_counter()
result = newsreport.render_pdf(articles, output, cache_dir=cache, options=options)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "pages": result.pages,
    "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def measure(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak KB of the process (and of its largest child), stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read().decode() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss, output


def run(count: int, folder: Path, extra: list[str], repeat: int = 1) -> dict[str, float]:
    script = folder / "build.py"
    script.write_text(BUILD, encoding="utf-8")
    cache = folder / f"cache-{count}"
    output = folder / f"newsreport-{count}.pdf"
    html = folder / f"newsreport-{count}.html"
    build = [sys.executable, str(script), str(HERE), str(count)]
    measure([*build, str(html), str(cache), "html", *extra])
    one_shot = folder / f"weasyprint-{count}.pdf"
    colds: list[tuple[float, dict[str, int]]] = []
    one_shots: list[tuple[float, int]] = []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        # Wall time measured outside, process start and imports included, as for weasyprint.
        wall, _, out = measure([*build, str(output), str(cache), "0", *extra])
        colds.append((wall, json.loads(out)))
        seconds, kb, _ = measure([sys.executable, "-m", "weasyprint", str(html), str(one_shot)])
        one_shots.append((seconds, kb))
    cold_wall, cold = median(colds)
    ws_seconds, ws_kb = median(one_shots)
    # The warm rebuild uses the last cold build's cache.
    warm_wall, _, _ = measure([*build, str(folder / "warm.pdf"), str(cache), "1", *extra])
    return {
        "articles": count,
        "pages": cold["pages"],
        "newsreport_s": cold_wall,
        "main_mb": cold["self_kb"] / 1024,
        "worker_mb": cold["children_kb"] / 1024,
        "newsreport_pdf_mb": output.stat().st_size / 1e6,
        "warm_s": warm_wall,
        "weasyprint_s": ws_seconds,
        "weasyprint_mb": ws_kb / 1024,
        "weasyprint_pdf_mb": one_shot.stat().st_size / 1e6,
    }


def median(runs: list[tuple[float, Any]]) -> tuple[float, Any]:
    """The run of median time (the lower of the two middle ones for an even count)."""
    return sorted(runs, key=lambda run: run[0])[(len(runs) - 1) // 2]


def main(sizes: list[int], extra: list[str], repeat: int = 1) -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"{'articles':>8} {'pages':>6} | {'newsreport':>10} {'main':>5} {'worker':>6} {'PDF MB':>6} | "
        f"{'weasyprint':>10} {'MB':>5} {'PDF MB':>6} | {'speed-up':>8} {'size':>5} | "
        f"{'warm':>6} {'warm/cold':>9}"
    )
    with tempfile.TemporaryDirectory() as name:
        for count in sizes:
            row = run(count, Path(name), extra, repeat)
            print(
                f"{row['articles']:>8} {row['pages']:>6} | {row['newsreport_s']:>9.1f}s "
                f"{row['main_mb']:>5.0f} {row['worker_mb']:>6.0f} {row['newsreport_pdf_mb']:>6.2f} | "
                f"{row['weasyprint_s']:>9.1f}s {row['weasyprint_mb']:>5.0f} "
                f"{row['weasyprint_pdf_mb']:>6.2f} | "
                f"{row['weasyprint_s'] / row['newsreport_s']:>7.2f}x "
                f"{row['newsreport_pdf_mb'] / row['weasyprint_pdf_mb']:>5.2f} | "
                f"{row['warm_s']:>5.1f}s {row['warm_s'] / row['newsreport_s']:>8.0%}",
                flush=True,
            )
    # The edits a press office makes, each against the cold cache (benchmarks/edits.py).
    edited = max((count for count in sizes if count <= 200), default=min(sizes))
    print()
    edits.main([str(edited)])
    # Seven daily digests, then the week's, with one cache (benchmarks/week.py).
    print()
    week.main([str(edited)])


if __name__ == "__main__":
    # --untagged: newsreport without its structure tree ([print] tagged = false), as the
    # one-shot weasyprint command writes. --repeat N: medians of N cold and one-shot runs.
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 200, 1000])
    parser.add_argument("--untagged", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    arguments = parser.parse_args()
    main(arguments.sizes, ["untagged"] if arguments.untagged else [], max(1, arguments.repeat))
