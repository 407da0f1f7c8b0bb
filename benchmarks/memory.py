"""Peak memory of the main process in one cold build, without the one-shot render beside it.

    python benchmarks/memory.py [COUNT]

Builds ``COUNT`` generated articles (1000 by default) with no cache and prints pages, seconds
and the main process's peak resident size (its workers are not counted; ``run.py`` shows them).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_articles

import newsreport


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 1000
    articles = make_articles(count)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        result = newsreport.render_pdf(articles, Path(folder) / "out.pdf", cache=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{count} articles: {result.pages} pages in {seconds:.1f} s; main process {peak} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
