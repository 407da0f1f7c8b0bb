"""Build the weekly digest from the bundled articles, as a user's own script would.

python examples/weekly_digest.py [OUTPUT.pdf]
"""

from __future__ import annotations

import sys
from pathlib import Path

import newsreport

HERE = Path(__file__).resolve().parent


def main(output: str = "weekly_digest.pdf") -> None:
    articles = newsreport.load_articles([HERE / "articles"])
    result = newsreport.render_pdf(articles, output, config=HERE / "weekly_digest.toml")
    print(
        f"{result.output}: {result.pages} pages, {result.articles} articles "
        f"({result.left_out} outside the period, {result.duplicates} duplicates), "
        f"{len(result.warnings)} warnings, {result.seconds:.1f} s"
    )


if __name__ == "__main__":
    main(*sys.argv[1:2])
