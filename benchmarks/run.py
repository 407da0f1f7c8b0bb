"""newsreport against a one-shot WeasyPrint render of the same HTML, side by side, in one run.

    python benchmarks/run.py [--untagged] [50 200 1000]

For each size: a cold newsreport build (empty cache), a warm rebuild after one article
changed, and the ``weasyprint`` command on the single-document HTML that ``--html`` writes.
Each runs in a fresh process. Peak memory is shown for newsreport's main process (which
composes and assembles) and its largest worker, and for the weasyprint process. Then, for
the largest size up to 200, the edits of ``benchmarks/edits.py`` (a word of a lead, a
paragraph, an article removed, one added): parts laid out again and time against cold; and
``benchmarks/week.py``: seven daily digests, then the week's, with one cache.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
if change:
    one = articles[count // 2]
    articles[count // 2] = dataclasses.replace(
        one, blocks=(*one.blocks, newsreport.Paragraph("تحديث: أضيفت هذه الفقرة بعد النشر.")))
html = output + ".html" if not change else None
started = time.perf_counter()
result = newsreport.render_pdf(articles, output, cache_dir=cache, html_output=html, options=options)
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


def run(count: int, folder: Path, extra: list[str]) -> dict[str, float]:
    script = folder / "build.py"
    script.write_text(BUILD, encoding="utf-8")
    cache = folder / f"cache-{count}"
    output = folder / f"newsreport-{count}.pdf"
    # Wall time measured outside, process start and imports included, as for weasyprint.
    cold_wall, _, cold_out = measure(
        [sys.executable, str(script), str(HERE), str(count), str(output), str(cache), "0", *extra]
    )
    cold = json.loads(cold_out)
    warm_wall, _, _ = measure(
        [
            sys.executable,
            str(script),
            str(HERE),
            str(count),
            str(folder / "warm.pdf"),
            str(cache),
            "1",
            *extra,
        ]
    )
    one_shot = folder / f"weasyprint-{count}.pdf"
    env_command = [sys.executable, "-m", "weasyprint", f"{output}.html", str(one_shot)]
    ws_seconds, ws_kb, _ = measure(env_command)
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


def main(sizes: list[int], extra: list[str]) -> None:
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
            row = run(count, Path(name), extra)
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
    # one-shot weasyprint command writes.
    untagged = "--untagged" in sys.argv[1:]
    counts = [int(arg) for arg in sys.argv[1:] if arg != "--untagged"]
    main(counts or [50, 200, 1000], ["untagged"] if untagged else [])
