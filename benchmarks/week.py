"""Parts shared across documents: seven daily digests, then the week's, with one cache.

    python benchmarks/week.py [COUNT]

``COUNT`` generated articles (200 by default) dated over the seven days of a week. First the
week's digest with an empty cache (cold); then, into another cache, each day's digest under
its own title, and the week's digest again. For the week built after the days: the new cache
entries (parts laid out again) and its time against the cold build. Each build runs in a
fresh process.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from edits import build, cache_entries, workspace  # noqa: E402 - beside this script

DAYS = 7

BUILD = r"""
import dataclasses, json, sys, time
sys.path.insert(0, sys.argv[1])
from corpus import make_articles
import newsreport
count, output, cache, day = int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
articles = [
    dataclasses.replace(article, published=newsreport.PartialDate(2026, 11, 23 + number % 7))
    for number, article in enumerate(make_articles(count))
]
if day == "week":
    title = "Weekly digest, 23-29 November"
else:
    articles = [article for article in articles if article.published.day == 23 + int(day)]
    title = f"Daily digest, {23 + int(day)} November"
started = time.perf_counter()
result = newsreport.render_pdf(articles, output, cache_dir=cache, title=title)
print(json.dumps({"seconds": time.perf_counter() - started, "pages": result.pages}))
"""


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 200
    with workspace(BUILD) as (folder, script):
        cold = build(script, count, folder, folder / "cold", "week")
        print(f"{count} articles over {DAYS} days: the week cold {cold['seconds']:.1f} s")
        shared = folder / "shared"
        days = [build(script, count, folder, shared, str(day)) for day in range(DAYS)]
        before = cache_entries(shared)
        week = build(script, count, folder, shared, "week")
        new = len(cache_entries(shared) - before)
        print(
            f"{DAYS} daily digests {sum(day['seconds'] for day in days):.1f} s in all, "
            f"then the week: {new} new entries of {len(cache_entries(shared))}, "
            f"{week['seconds']:.1f} s, {week['seconds'] / cold['seconds']:.0%} of cold",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
