"""How far one edit reaches among the chunks: random additions and removals, no layout.

    python benchmarks/chunks.py [COUNT] [EDITS]

Cuts ``COUNT`` generated articles (200 by default) into chunks as a build does, then, for
``EDITS`` random edits (50), one article added at a random place or one removed: how many
chunks are not among the first cut's (each would be laid out again). Prints the chunks'
number and weight (characters, figures counted as ``FIGURE_CHARACTERS``), and the mean and
largest number of new chunks per edit.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_articles

from newsreport import Options, compose_digest
from newsreport.engine._parts import _weight, chunk_views
from newsreport.view import document_view


def cut(articles: list) -> set[tuple[str, ...]]:
    """The chunks of a document made of ``articles``, each as its articles' anchors."""
    view = document_view(compose_digest(articles, Options()), Options())
    return {tuple(a.anchor for a in chunk.articles) for chunk in chunk_views(view)}


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 200
    edits = int(argv[1]) if len(argv) > 1 else 50
    articles = make_articles(count + edits)
    kept, spare = articles[:count], articles[count:]
    options = Options()
    view = document_view(compose_digest(kept, options), options)
    chunks = chunk_views(view)
    weights = [sum(_weight(a) for a in chunk.articles) for chunk in chunks]
    first = cut(kept)
    random.seed(15)
    added, removed = [], []
    for number in range(edits):
        place = random.randrange(count)
        # The added article takes its neighbour's date, so that it lands where it is put.
        late = dataclasses.replace(spare[number], published=kept[place].published)
        added.append(len(cut([*kept[:place], late, *kept[place:]]) - first))
        place = random.randrange(count)
        removed.append(len(cut(kept[:place] + kept[place + 1 :]) - first))
    print(
        f"{count} articles: {len(chunks)} chunks, weight mean {statistics.mean(weights):.0f}, "
        f"largest {max(weights)}"
    )
    for name, found in (("article added", added), ("article removed", removed)):
        print(f"{name:>16}: new chunks mean {statistics.mean(found):.2f}, largest {max(found)}")


if __name__ == "__main__":
    main(sys.argv[1:])
