"""A benchmark corpus: N distinct articles made from the bundled examples."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import newsreport
from newsreport import Article, Paragraph

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def make_articles(count: int) -> list[Article]:
    """``count`` articles cycling through the examples, each made distinct (no duplicates)."""
    base = newsreport.load_articles(EXAMPLES)
    articles = []
    for number in range(count):
        article = base[number % len(base)]
        round_ = number // len(base) + 1
        marker = f" ({round_})" if round_ > 1 else ""
        blocks = (*article.blocks, Paragraph(f"{number + 1}."))
        articles.append(
            dataclasses.replace(
                article,
                title=article.title + marker,
                blocks=blocks,
                source_url=f"{article.source_url}?n={number}" if article.source_url else None,
            )
        )
    return articles
