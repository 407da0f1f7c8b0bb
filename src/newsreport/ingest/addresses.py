"""What a source address tells about an article: its date and its section."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from ..model import PartialDate

_COMPACT_DATE = re.compile(r"^((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])?(?:$|[-_.])")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_MONTH = re.compile(r"^(?:0?[1-9]|1[0-2])$")
_DAY = re.compile(r"^(?:0?[1-9]|[12]\d|3[01])$")
_LANGUAGE_SEGMENTS = frozenset(
    "ar en fr he vi es de fa ur ru zh ja ko pt it tr id nl pl uk el hi th".split()
)


def is_web_address(address: str | None) -> bool:
    """True for an absolute http or https address with a host."""
    if not address:
        return False
    parts = urlsplit(address)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def path_segments(address: str) -> list[str]:
    """The non-empty, decoded path segments of an address."""
    return [unquote(segment) for segment in urlsplit(address).path.split("/") if segment]


def date_from_address(address: str | None) -> PartialDate | None:
    """Read a date from an address path: ``/202510/`` → 2025-10, ``/2025/10/14/`` → 2025-10-14."""
    if not is_web_address(address):
        return None
    assert address is not None
    segments = path_segments(address)
    for index, segment in enumerate(segments):
        if _YEAR.match(segment) and index + 1 < len(segments) and _MONTH.match(segments[index + 1]):
            month = int(segments[index + 1])
            day_segment = segments[index + 2] if index + 2 < len(segments) else ""
            day = int(day_segment) if _DAY.match(day_segment) else None
            return _checked(int(segment), month, day)
        match = _COMPACT_DATE.match(segment)
        if match:
            day = int(match[3]) if match[3] else None
            return _checked(int(match[1]), int(match[2]), day)
    return None


def _checked(year: int, month: int, day: int | None) -> PartialDate | None:
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return PartialDate(year, month) if day is not None else None


def section_from_address(address: str | None) -> str | None:
    """The first path segment that names a section (not a language code, date or file name)."""
    if not is_web_address(address):
        return None
    assert address is not None
    segments = path_segments(address)
    for segment in segments[:-1]:
        if segment.lower().split("-")[0] in _LANGUAGE_SEGMENTS and len(segments) > 2:
            continue
        if segment.isdigit() or _COMPACT_DATE.match(segment) or "." in segment:
            return None
        return segment
    return None
