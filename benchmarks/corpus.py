"""A benchmark corpus: N distinct articles made from the bundled examples.

Each article is its example's text told eight times over (figures once), so that 200 articles
make about 1000 A4 pages, the size issue 6 sets its targets for.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import newsreport
from newsreport import Article, Figure, Paragraph

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


REPEATS = 8
"""Times each example's text is told."""


def make_articles(count: int) -> list[Article]:
    """``count`` articles cycling through the examples, each made distinct (no duplicates)."""
    base = newsreport.load_articles(EXAMPLES)
    articles = []
    for number in range(count):
        article = base[number % len(base)]
        round_ = number // len(base) + 1
        marker = f" ({round_})" if round_ > 1 else ""
        text = tuple(block for block in article.blocks if not isinstance(block, Figure))
        blocks = (*article.blocks, *(text * (REPEATS - 1)), Paragraph(f"{number + 1}."))
        articles.append(
            dataclasses.replace(
                article,
                title=article.title + marker,
                blocks=blocks,
                source_url=f"{article.source_url}?n={number}" if article.source_url else None,
            )
        )
    return articles
