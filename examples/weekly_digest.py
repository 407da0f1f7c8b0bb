"""Build the weekly digest from the bundled articles, as a user's own script would.

python examples/weekly_digest.py [OUTPUT.pdf]
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import newsreport

HERE = Path(__file__).resolve().parent


def main(output: str = "weekly_digest.pdf") -> None:
    # Every warning, of reading and of rendering, printed as it happens and counted.
    warnings = PrintedWarnings()
    logging.getLogger("newsreport").addHandler(warnings)
    articles = newsreport.load_articles([HERE / "articles"])
    result = newsreport.render_pdf(articles, output, config=HERE / "weekly_digest.toml")
    for message in result.notes:
        print(f"note: {message}", file=sys.stderr)
    print(
        f"{result.output}: {plural(result.pages, 'page')}, {plural(result.articles, 'article')} "
        f"({result.left_out} outside the period, {plural(result.duplicates, 'duplicate')}), "
        f"{plural(warnings.count, 'warning')}, {result.seconds:.1f} s"
    )


class PrintedWarnings(logging.Handler):
    """newsreport logs each content warning (naming the file) on its ``newsreport`` logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        print(f"warning: {record.getMessage()}", file=sys.stderr)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


if __name__ == "__main__":
    main(*sys.argv[1:2])
