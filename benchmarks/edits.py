"""How incremental a rebuild is: a cold build, then one edit at a time against that cache.

    python benchmarks/edits.py [COUNT]

Builds ``COUNT`` generated articles (200 by default) with an empty cache, then, each from a
copy of that cold cache, the edits a press office makes: one word of a lead changed, a
paragraph added, one article removed, one article added. For each: new cache entries (parts
laid out again), frames put together again from their slices (``joined``: no layout, the
slices come from the cache or are among the new entries), and the rebuild's time against the
cold build's (the median of ``REPEATS`` rebuilds). Each build runs in a fresh process.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent

BUILD = r"""
import dataclasses, json, sys, time
sys.path.insert(0, sys.argv[1])
from corpus import make_articles
import newsreport
from newsreport import Paragraph
count, output, cache, edit = int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
articles = make_articles(count + 1)
late, articles = articles[-1], articles[:-1]
middle = count // 2
one = articles[middle]
if edit == "lead word":
    first = next(i for i, b in enumerate(one.blocks) if isinstance(b, Paragraph))
    text = one.blocks[first].text.replace(" ", " جديد ", 1)
    blocks = (*one.blocks[:first], Paragraph(text), *one.blocks[first + 1:])
    articles[middle] = dataclasses.replace(one, blocks=blocks)
elif edit == "paragraph added":
    articles[middle] = dataclasses.replace(
        one, blocks=(*one.blocks, Paragraph("تحديث: أضيفت هذه الفقرة بعد النشر.")))
elif edit == "article removed":
    del articles[middle]
elif edit == "article added":
    articles.insert(middle, late)
started = time.perf_counter()
result = newsreport.render_pdf(articles, output, cache_dir=cache)
print(json.dumps({"seconds": time.perf_counter() - started, "pages": result.pages}))
"""

EDITS = ("lead word", "paragraph added", "article removed", "article added")
REPEATS = 3
"""Rebuilds of each edit; the median is shown."""


def cache_entries(cache: Path, joined: bool = False) -> set[str]:
    """The parts laid out in a cache, by name (not the chunks kept renumbered to a document's
    glyph codes, which have no pages of their own); with ``joined``, the frames put together
    from slices laid out apart instead, which are kept so that a build whose frame did not
    change starts no worker for it."""
    found = set()
    for path in cache.rglob("*.pdf"):
        facts = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if facts["pages"] and bool(facts.get("joined")) == joined:
            found.add(path.name)
    return found


def build(script: Path, count: int, folder: Path, cache: Path, edit: str) -> dict[str, float]:
    """One build in a fresh process: ``script HERE COUNT OUTPUT CACHE EDIT``; its JSON line."""
    command = [sys.executable, str(script), str(HERE), str(count), str(folder / "out.pdf")]
    result = subprocess.run(
        [*command, str(cache), edit], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def workspace(text: str) -> Iterator[tuple[Path, Path]]:
    """A temporary folder for the builds' outputs and caches, and the build script ``text``
    written in it."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        script = folder / "build.py"
        script.write_text(text, encoding="utf-8")
        yield folder, script


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 200
    with workspace(BUILD) as (folder, script):
        cold_cache = folder / "cold"
        cold = build(script, count, folder, cold_cache, "none")
        entries = cache_entries(cold_cache)
        joined = cache_entries(cold_cache, joined=True)
        print(
            f"{count} articles: cold {cold['seconds']:.1f} s, {len(entries)} cache entries"
            f" (and {len(joined)} frame joined from slices)"
        )
        print(f"{'edit':>16} {'new entries':>12} {'joined':>7} {'seconds':>8} {'of cold':>8}")
        # Each edit rebuilt REPEATS times from a copy of the cold cache, the edits taken in
        # turn: the median of each is less at the mercy of this machine's noise.
        seconds: dict[str, list[float]] = {edit: [] for edit in EDITS}
        new: dict[str, tuple[int, int]] = {}
        for _ in range(REPEATS):
            for edit in EDITS:
                cache = folder / "edit"
                shutil.rmtree(cache, ignore_errors=True)
                shutil.copytree(cold_cache, cache)
                seconds[edit].append(build(script, count, folder, cache, edit)["seconds"])
                new[edit] = (
                    len(cache_entries(cache) - entries),
                    len(cache_entries(cache, joined=True) - joined),
                )
        for edit in EDITS:
            median = statistics.median(seconds[edit])
            share = median / cold["seconds"]
            laid_out, put_together = new[edit]
            print(
                f"{edit:>16} {laid_out:>12} {put_together:>7} {median:>8.1f} {share:>8.0%}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
