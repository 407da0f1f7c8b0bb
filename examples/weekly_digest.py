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
    for message in result.notes:
        print(f"note: {message}", file=sys.stderr)
    # Warnings also reach the logging handlers as they happen (stderr, by default).
    print(
        f"{result.output}: {plural(result.pages, 'page')}, {plural(result.articles, 'article')} "
        f"({result.left_out} outside the period, {plural(result.duplicates, 'duplicate')}), "
        f"{plural(len(result.warnings), 'warning')}, {result.seconds:.1f} s"
    )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


if __name__ == "__main__":
    main(*sys.argv[1:2])
