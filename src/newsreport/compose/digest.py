"""The compose stage: articles and options in, a Digest (what the document holds) out."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from .._messages import warn
from ..ingest.language import direction_of_language
from ..model import Article, Digest, Figure, Group, PartialDate
from ..options import GroupBy, Options
from .labels import label

UNDATED = "undated"
"""Key of the final group of articles without a date."""


def compose_digest(articles: Iterable[Article], options: Options | None = None) -> Digest:
    """Drop repeats, keep the period, order by date then title, group; decide title and date."""
    options = options or Options()
    unique, duplicates = drop_duplicates(articles)
    period = options.digest.period
    kept: list[Article] = []
    left_out = 0
    for article in unique:
        if period is None or article.published is None or period.overlaps(article.published):
            kept.append(article)
            if period is not None and article.published is None:
                warn(article.path, f"undated article kept in the undated group ({period.text})")
        else:
            left_out += 1
    language = options.language or most_common_language(kept or unique)
    dated = [article.published for article in kept if article.published is not None]
    if options.date is not None:
        date: PartialDate | None = PartialDate.from_date(options.date)
    else:
        date = max(dated, key=_latest_first_key) if dated else None
    groups, grouped = group_articles(sorted(kept, key=reading_order), options)
    default_title = "briefing_title" if options.template == "briefing" else "digest_title"
    return Digest(
        title=options.title or label(language, default_title),
        language=language,
        direction=direction_of_language(language),
        groups=groups,
        grouped=grouped,
        subtitle=options.subtitle,
        date=date,
        period=period,
        left_out=left_out,
        duplicates=duplicates,
    )


def reading_order(article: Article) -> tuple[int, tuple[int, int, int], str]:
    """By date (undated last), then title."""
    if article.published is None:
        return (1, (0, 0, 0), article.title)
    return (0, article.published.sort_key(), article.title)


def group_articles(articles: list[Article], options: Options) -> tuple[tuple[Group, ...], bool]:
    """Gather ordered articles into groups; undated ones close the document in their own group."""
    by = options.digest.group_by
    dated = [article for article in articles if article.published is not None]
    undated = [article for article in articles if article.published is None]
    if by is GroupBy.NONE and options.digest.period is None:
        return (Group("all", tuple(articles)),), False
    groups: list[Group] = []
    if by is GroupBy.SECTION:
        # Sections are gathered by display name: two slugs named alike form one group.
        names = dict(options.digest.sections)
        order = {name: index for index, name in enumerate(dict.fromkeys(names.values()))}
        buckets: dict[str, list[Article]] = {}
        for article in dated:
            slug = article.section or ""
            buckets.setdefault(names.get(slug, slug), []).append(article)

        def section_key(name: str) -> tuple[int, int, str]:
            if name in order:
                return (0, order[name], "")
            return (1 if name else 2, 0, name)

        for name in sorted(buckets, key=section_key):
            groups.append(Group(name or "other", tuple(buckets[name]), name=name or None))
    elif by is GroupBy.DAY:
        days: dict[str, list[Article]] = {}
        for article in dated:
            days.setdefault(str(article.published), []).append(article)
        for key, members in days.items():  # already in date order
            groups.append(Group(key, tuple(members), date=members[0].published))
    else:
        groups.append(Group("all", tuple(dated)))
    if undated:
        groups.append(Group(UNDATED, tuple(undated)))
    return tuple(group for group in groups if group.articles), by is not GroupBy.NONE or bool(
        undated
    )


def drop_duplicates(articles: Iterable[Article]) -> tuple[list[Article], int]:
    """Keep the first of articles with the same source address or the same text; warn for each."""
    seen: dict[str, Article] = {}
    unique: list[Article] = []
    dropped = 0
    for article in articles:
        keys = [f"text:{text_fingerprint(article)}"]
        if article.source_url:
            keys.append(f"url:{canonical_address(article.source_url)}")
        first = next((seen[key] for key in keys if key in seen), None)
        if first is not None:
            dropped += 1
            warn(article.path, f"duplicate of {first.path} ({first.title}); left out")
            continue
        for key in keys:
            seen[key] = article
        unique.append(article)
    return unique, dropped


def canonical_address(address: str) -> str:
    """An address with case-insensitive parts lowered, no fragment and no trailing slash."""
    parts = urlsplit(address.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def text_fingerprint(article: Article) -> str:
    """A hash of the article's words, case and spacing folded: equal text, equal fingerprint."""
    texts = [
        block.caption or "" if isinstance(block, Figure) else block.text for block in article.blocks
    ]
    folded = " ".join(" ".join(texts).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def most_common_language(articles: Iterable[Article], default: str = "ar") -> str:
    """The language most articles are in; a tie goes to the one met first."""
    counts = Counter(article.language for article in articles)
    if not counts:
        return default
    return counts.most_common(1)[0][0]


def _latest_first_key(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 12, date.day or 31)
