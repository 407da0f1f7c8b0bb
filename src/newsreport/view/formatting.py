"""How the document prints its own numbers and dates; article text is never touched."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

from ..model import PartialDate, Precision
from ..options import Digits

ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "sd", "ug", "ku"})
"""Languages written in Arabic script: the ones whose numbers follow the digits option."""
EXTENDED_DIGIT_LANGUAGES = frozenset({"fa", "ur", "ps", "sd"})
"""Arabic-script languages that write Extended Arabic-Indic digits (۰۱۲…) rather than ٠١٢…"""

DIGITS = {
    "decimal": "0123456789",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "persian": "۰۱۲۳۴۵۶۷۸۹",
}
"""The digits of each CSS counter style a document may print its numbers in."""

_ARABIC_INDIC = str.maketrans(DIGITS["decimal"], DIGITS["arabic-indic"])
_EXTENDED = str.maketrans(DIGITS["decimal"], DIGITS["persian"])


def primary_language(language: str) -> str:
    """``pt-BR`` → ``pt``."""
    return language.lower().replace("_", "-").split("-")[0]


def is_arabic_script(language: str) -> bool:
    """Whether a language is written in Arabic script."""
    return primary_language(language) in ARABIC_SCRIPT_LANGUAGES


def default_digits(language: str) -> Digits:
    """Arabic-Indic digits for Arabic-script languages, Latin for the others."""
    return Digits.ARABIC_INDIC if is_arabic_script(language) else Digits.LATIN


def digits_for(language: str, digits: Digits) -> Digits:
    """The digits numbers take in text of ``language``: the option applies to Arabic script only."""
    return digits if is_arabic_script(language) else Digits.LATIN


def localize_digits(text: str, language: str, digits: Digits) -> str:
    """Write the ASCII digits of text we generate in the chosen digits."""
    if digits is Digits.LATIN:
        return text
    table = _EXTENDED if primary_language(language) in EXTENDED_DIGIT_LANGUAGES else _ARABIC_INDIC
    return text.translate(table)


def css_counter_style(language: str, digits: Digits) -> str:
    """The CSS counter style for page numbers: ``decimal``, ``arabic-indic`` or ``persian``."""
    if digits is Digits.LATIN:
        return "decimal"
    return "persian" if primary_language(language) in EXTENDED_DIGIT_LANGUAGES else "arabic-indic"


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(primary_language(language))
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


@lru_cache(maxsize=512)
def format_partial_date(date: PartialDate, language: str, digits: Digits) -> str:
    """A date as readers of ``language`` write it, to the precision known: 3 نوفمبر 2025."""
    locale = _locale(language)
    if date.precision is Precision.DAY:
        day = _dt.date(date.year, date.month or 1, date.day or 1)
        text = format_date(day, "long", locale=locale)
    elif date.precision is Precision.MONTH:
        text = format_skeleton("yMMMM", _dt.date(date.year, date.month or 1, 1), locale=locale)
    else:
        text = str(date.year)
    return localize_digits(text, language, digits)


def format_number(number: int, language: str, digits: Digits) -> str:
    """An integer in the chosen digits."""
    return localize_digits(str(number), language, digits)


HIJRI_MONTH_LANGUAGES = frozenset({"ar", "en", "bn"})
"""Languages hijridate names Hijri months in; others get the Arabic names."""


def format_hijri_date(day: _dt.date, language: str, digits: Digits) -> str | None:
    """The Umm al-Qura date (hijridate) with the month named: ٢٦ رجب ١٤٤٧ هـ; None out of range."""
    from hijridate import Gregorian

    from ..compose.labels import label

    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    primary = primary_language(language)
    month = hijri.month_name(primary if primary in HIJRI_MONTH_LANGUAGES else "ar")
    text = f"{hijri.day} {month} {hijri.year} {label(language, 'hijri_suffix')}"
    return localize_digits(text, language, digits)


RUNNING_HEAD_CHARS = 90
"""Running heads longer than this are cut (at a word when one is near) and end in "…"."""


def shorten(text: str, limit: int = RUNNING_HEAD_CHARS) -> str:
    """``text`` cut to ``limit`` characters at a word boundary when possible, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ،,؛;:") + "…"
