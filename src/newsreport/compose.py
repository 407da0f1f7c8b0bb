"""The compose stage: articles and options in, a Digest (what the document holds) out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .labels import label
from .language import direction_of_language
from .model import Article, Digest, PartialDate
from .options import Options


def compose_digest(articles: Iterable[Article], options: Options | None = None) -> Digest:
    """Decide the document's language, direction, title and date from the options and articles."""
    options = options or Options()
    articles = tuple(articles)
    language = options.language or most_common_language(articles)
    dates = [article.published for article in articles if article.published is not None]
    if options.date is not None:
        date: PartialDate | None = PartialDate.from_date(options.date)
    else:
        date = max(dates, key=_latest_first_key) if dates else None
    return Digest(
        title=options.title or label(language, "digest_title"),
        language=language,
        direction=direction_of_language(language),
        articles=articles,
        subtitle=options.subtitle,
        date=date,
    )


def most_common_language(articles: Iterable[Article], default: str = "ar") -> str:
    """The language most articles are in; a tie goes to the one met first."""
    counts = Counter(article.language for article in articles)
    if not counts:
        return default
    return counts.most_common(1)[0][0]


def _latest_first_key(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 12, date.day or 31)
