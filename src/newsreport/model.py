"""The data model: what every stage after loading consumes and produces."""

from __future__ import annotations

import datetime as _dt
import enum
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class Direction(enum.Enum):
    """Base writing direction of a text, set by us because WeasyPrint ignores ``dir="auto"``."""

    RTL = "rtl"
    """Right to left: Arabic, Hebrew, Persian, Urdu…"""

    LTR = "ltr"
    """Left to right: Latin, Cyrillic, Greek…"""


class Precision(enum.Enum):
    """How much of a publication date is known."""

    YEAR = "year"
    """Only the year, e.g. ``2025``."""

    MONTH = "month"
    """Year and month, e.g. ``2025-10`` (typical of dates read from a source address)."""

    DAY = "day"
    """A full calendar date."""


_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date of which only the year, or the year and month, may be known."""

    year: int
    """Four-digit year."""
    month: int | None = None
    """1–12, or None when only the year is known."""
    day: int | None = None
    """1–31, or None when the day is not known."""

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # datetime.date validates ranges, leap years and month lengths for us.
        _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO date-time (its date is kept)."""
        value = text.strip()
        match = _ISO_DATE.match(value)
        if match is None:
            try:
                stamp = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(
                    f"{text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"
                ) from None
            return cls(stamp.year, stamp.month, stamp.day)
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        try:
            return cls(year, month, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a valid calendar date") from None

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        """Wrap a full ``datetime.date`` (or ``datetime``)."""
        return cls(value.year, value.month, value.day)

    def bounds(self) -> tuple[_dt.date, _dt.date]:
        """The first and last day this date may mean."""
        if self.day is not None:
            day = _dt.date(self.year, self.month or 1, self.day)
            return day, day
        if self.month is not None:
            first = _dt.date(self.year, self.month, 1)
            following = _dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return first, following - _dt.timedelta(days=1)
        return _dt.date(self.year, 1, 1), _dt.date(self.year, 12, 31)

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; a month-only date sorts before the days of that month."""
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days a digest covers, both ends included."""

    start: _dt.date
    """First day."""
    end: _dt.date
    """Last day."""
    text: str
    """As the user wrote it (``2025-W41``, ``2025-10``, ``2025-10-01..2025-12-31``)."""

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read an ISO week, a month, a year, a day, or ``START..END`` of any of those."""
        value = text.strip()
        if ".." in value:
            first, _, last = value.partition("..")
            start, end = cls.parse(first).start, cls.parse(last).end
            if end < start:
                raise ValueError(f"{text!r} ends before it starts")
            return cls(start, end, value)
        week = _ISO_WEEK.match(value)
        if week:
            try:
                start = _dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
            except ValueError:
                raise ValueError(f"{text!r} is not a week of that year") from None
            return cls(start, start + _dt.timedelta(days=6), value)
        try:
            date = PartialDate.parse(value)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a period; use 2025-W41, 2025-10, 2025-10-14 or START..END"
            ) from None
        first_day, last_day = date.bounds()
        return cls(first_day, last_day, value)

    def overlaps(self, date: PartialDate) -> bool:
        """Whether any day the date may mean falls in the period."""
        first, last = date.bounds()
        return first <= self.end and last >= self.start


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of body text."""

    text: str
    """Plain, normalised text; never empty."""

    kind = "paragraph"


@dataclass(frozen=True, slots=True)
class Heading:
    """A subheading inside an article's body."""

    text: str
    """Plain, normalised text; never empty."""

    kind = "heading"


@dataclass(frozen=True, slots=True)
class Figure:
    """An image slot: the image may be missing (a placeholder is printed) and so may the caption."""

    caption: str | None = None
    """Caption text, or None when the article gives none."""
    image: str | None = None
    """Image address as given (URL or path relative to the article's file), or None."""

    kind = "figure"


Block = Paragraph | Heading | Figure
"""One piece of an article's body, in reading order."""

BLOCK_KEYS: dict[str, tuple[str, ...]] = {
    "paragraph": ("type", "text"),
    "heading": ("type", "text"),
    "figure": ("type", "caption", "image"),
}
"""The keys each block type has in the JSON schema (``inspect --json`` and JSON input)."""

ARTICLE_KEYS: tuple[str, ...] = (
    "path",
    "title",
    "title_derived",
    "language",
    "direction",
    "published",
    "section",
    "source_url",
    "byline",
    "blocks",
)
"""The keys an article has in the JSON schema, in output order."""


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, cleaned and ready to compose into a digest."""

    title: str
    """Headline; derived from the article's own text when the input has none. Never empty."""
    language: str
    """ISO 639-1 code (``ar``, ``he``, ``en``…): from metadata, else detected from the text."""
    direction: Direction
    """Base direction, detected from the text's strong characters unless metadata sets it."""
    blocks: tuple[Block, ...] = ()
    """Body in reading order: paragraphs, headings and figures."""
    title_derived: bool = False
    """True when the title was made from the body because the input had none."""
    published: PartialDate | None = None
    """Publication date: explicit metadata wins, else read from the source address."""
    section: str | None = None
    """Section slug or name: metadata, else the first path segment of the source address."""
    source_url: str | None = None
    """Address of the original article, as given."""
    byline: str | None = None
    """Author or credit, without its label (``النص والصور:``, ``By``…)."""
    path: Path | None = None
    """File the article was read from (None when built in code)."""

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The body's paragraphs."""
        return tuple(block for block in self.blocks if isinstance(block, Paragraph))

    @property
    def headings(self) -> tuple[Heading, ...]:
        """The body's subheadings."""
        return tuple(block for block in self.blocks if isinstance(block, Heading))

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The body's figures."""
        return tuple(block for block in self.blocks if isinstance(block, Figure))

    def to_dict(self) -> dict[str, Any]:
        """The article in the JSON schema shared by ``inspect --json`` and JSON input."""
        return {
            "path": str(self.path) if self.path is not None else None,
            "title": self.title,
            "title_derived": self.title_derived,
            "language": self.language,
            "direction": self.direction.value,
            "published": str(self.published) if self.published is not None else None,
            "section": self.section,
            "source_url": self.source_url,
            "byline": self.byline,
            "blocks": [block_to_dict(block) for block in self.blocks],
        }


def block_to_dict(block: Block) -> dict[str, Any]:
    """A block in the JSON schema."""
    if isinstance(block, Figure):
        return {"type": "figure", "caption": block.caption, "image": block.image}
    return {"type": block.kind, "text": block.text}


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as a parser read it, before clean-up and detection; fields may be missing."""

    path: Path
    """File it was read from."""
    blocks: tuple[Block, ...] = ()
    """Body blocks with their text as found in the file."""
    title: str | None = None
    """Title from the file, if it has one."""
    title_derived: bool = False
    """Carried over from JSON input that says the title was derived."""
    language: str | None = None
    """Language from metadata, if any."""
    direction: Direction | None = None
    """Direction from metadata, if any."""
    published: PartialDate | None = None
    """Date from metadata, if any."""
    section: str | None = None
    """Section from metadata, if any."""
    source_url: str | None = None
    """Source address from metadata or the source line."""
    byline: str | None = None
    """Credit as found, label already removed by the parser."""
    line: int | None = None
    """Line of the file where this article starts (JSON Lines, lists), for messages."""


@dataclass(frozen=True, slots=True)
class Group:
    """Articles printed together under one heading (a section, a day, or undated)."""

    key: str
    """Stable identity: a section slug, an ISO date, ``undated`` or ``all``."""
    articles: tuple[Article, ...]
    """Articles in order: by date, then title."""
    name: str | None = None
    """Display name (a section's); None when the heading is made from ``date`` or a label."""
    date: PartialDate | None = None
    """The day (or month) of a day group."""


@dataclass(frozen=True, slots=True)
class Digest:
    """A document ready to render: its articles in groups, and what the cover and pages show."""

    title: str
    """Document title (cover, running head, PDF metadata)."""
    language: str
    """Document language: sets the page direction, labels, date format and ``/Lang``."""
    direction: Direction
    """Direction of the document's pages (articles keep their own)."""
    groups: tuple[Group, ...] = ()
    """Articles in reading order, in groups (one group with key ``all`` when not grouped)."""
    grouped: bool = False
    """Whether group headings are printed (contents and outline nest articles under them)."""
    subtitle: str | None = None
    """Line under the title on the cover."""
    date: PartialDate | None = None
    """Issue or meeting date printed on the cover."""
    period: Period | None = None
    """Period the digest covers, when one was asked for."""
    left_out: int = 0
    """Articles left out because they fall outside the period."""
    duplicates: int = 0
    """Articles left out because they repeat an earlier one."""

    @property
    def articles(self) -> tuple[Article, ...]:
        """All articles in reading order."""
        return tuple(article for group in self.groups for article in group.articles)
