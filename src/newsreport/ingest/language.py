"""Language and direction detection from text: WeasyPrint ignores ``dir="auto"``, so we decide."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ..model import Direction

RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "ku", "dv", "syr"})
"""Languages written right to left (ISO 639-1, plus ``syr``)."""

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for with was on are by from this have it".split()),
    "fr": frozenset("le la les des et est une du que dans pour sur pas qui au avec".split()),
    "es": frozenset("el la los las de que y en del por una para con es se al".split()),
    "de": frozenset("der die und das ist nicht mit den von zu ein eine im auf für".split()),
    "it": frozenset("il di che la per non una sono del della gli con le nel".split()),
    "pt": frozenset("os as de que do da em não uma para com por dos das ao".split()),
    "vi": frozenset("của và các là có được trong người những cho với này đã một không".split()),
    "id": frozenset("yang dan di dengan untuk dari ini itu dalam tidak akan pada".split()),
    "tr": frozenset("ve bir bu için ile da de olarak çok daha gibi olan".split()),
}
# Letters that only Vietnamese uses among Latin-script languages.
_VIETNAMESE_LETTERS = frozenset("ơưđăƠƯĐĂ" + "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")

_PERSIAN_LETTERS = frozenset("پچژگکی")
_URDU_LETTERS = frozenset("ٹڈڑںےھ")
_ARABIC_ONLY_LETTERS = frozenset("ةيكى")


def strong_direction_counts(text: str) -> tuple[int, int]:
    """Count strong right-to-left (R, AL) and left-to-right (L) characters by Unicode bidi class."""
    right, left = _strong_patterns()
    rtl, ltr = sum(map(len, right.findall(text))), sum(map(len, left.findall(text)))
    if text and max(text) > "\uffff":  # beyond the patterns' plane: counted one by one
        for char in text:
            if char > "\uffff":
                kind = unicodedata.bidirectional(char)
                rtl += kind in ("R", "AL")
                ltr += kind == "L"
    return rtl, ltr


@lru_cache(maxsize=1)
def _strong_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of the strong right-to-left and left-to-right characters of the Basic
    Multilingual Plane (made once: counting is then done in C, for every paragraph)."""
    classes: dict[str, list[tuple[int, int]]] = {"R": [], "L": []}
    for code in range(0x10000):
        kind = unicodedata.bidirectional(chr(code))
        side = "R" if kind in ("R", "AL") else "L" if kind == "L" else None
        if side is None:
            continue
        ranges = classes[side]
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))

    def pattern(ranges: list[tuple[int, int]]) -> re.Pattern[str]:
        parts = (
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
            for a, b in ranges
        )
        return re.compile(f"[{''.join(parts)}]+")  # runs: fewer matches to make

    return pattern(classes["R"]), pattern(classes["L"])


def detect_direction(text: str, default: Direction = Direction.LTR) -> Direction:
    """Direction of the majority of strong characters; the first strong one breaks a tie."""
    rtl, ltr = strong_direction_counts(text)
    if rtl > ltr:
        return Direction.RTL
    if ltr > rtl:
        return Direction.LTR
    return _first_strong(text, default)


_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)

CONTEXT_SHARE = 0.2
"""A text keeps its surroundings' direction when at least this share of its strong letters
is written that way."""


def text_direction(text: str, context: Direction) -> Direction:
    """The direction of a paragraph, title or caption inside an article (or document) written
    in ``context``'s direction: that direction as long as a fifth of its letters (addresses
    aside) are written that way, so that an Arabic sentence quoting English or naming a
    foreign company stays right to left; else its first strong letter's (the Unicode
    Bidirectional Algorithm's rules P2 and P3, what ``dir="auto"`` means in browsers); else
    (no letter at all) ``context``'s."""
    if "://" in text or "www." in text or "@" in text:
        text = _ADDRESS.sub(" ", text)
    rtl, ltr = strong_direction_counts(text)
    own = rtl if context is Direction.RTL else ltr
    if own and own >= CONTEXT_SHARE * (rtl + ltr):
        return context
    return _first_strong(text, context)


def _first_strong(text: str, default: Direction) -> Direction:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return Direction.RTL
        if kind == "L":
            return Direction.LTR
    return default


def direction_of_language(language: str) -> Direction:
    """The direction a language is written in."""
    base = language.lower().replace("_", "-").split("-")[0]
    return Direction.RTL if base in RTL_LANGUAGES else Direction.LTR


def _script_of(char: str) -> str | None:
    code = ord(char)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF:
        return "arabic"
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "arabic"
    if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
        return "hebrew"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x0370 <= code <= 0x03FF:
        return "greek"
    if 0x0900 <= code <= 0x097F:
        return "devanagari"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    if 0x4E00 <= code <= 0x9FFF:
        return "han"
    if char.isalpha() and unicodedata.name(char, "").startswith("LATIN"):
        return "latin"
    return None


_SCRIPT_LANGUAGE = {
    "cyrillic": "ru",
    "greek": "el",
    "devanagari": "hi",
    "thai": "th",
    "kana": "ja",
    "hangul": "ko",
    "han": "zh",
}


def detect_language(text: str, default: str = "en") -> str:
    """Guess an ISO 639-1 code: the dominant script, then letters or common words within it.

    The dominant script is the one most lines (paragraphs) begin in, when it holds a fifth
    of the letters: Arabic news quoting English at length is still Arabic. Else the one most
    letters are written in."""
    letters = [char for char in text if char.isalpha()]
    scripts = Counter(script for char in letters if (script := _script_of(char)))
    if not scripts:
        return default
    script = scripts.most_common(1)[0][0]
    openings = Counter(_opening_script(line) for line in text.splitlines())
    openings.pop(None, None)
    if openings:
        opening = openings.most_common(1)[0][0]
        if opening != script and scripts[opening] >= CONTEXT_SHARE * sum(scripts.values()):
            script = opening
    if script == "han" and scripts.get("kana"):
        return "ja"
    if script == "arabic":
        return _arabic_script_language(letters)
    if script == "hebrew":
        return "yi" if any(char in "װױײ" for char in letters) else "he"
    if script == "cyrillic":
        return "uk" if any(char in "іїєґІЇЄҐ" for char in letters) else "ru"
    if script == "latin":
        return _latin_script_language(text, letters, default)
    return _SCRIPT_LANGUAGE.get(script, default)


def _opening_script(line: str) -> str | None:
    """The script of a line's first letter (of a script we know)."""
    for char in line:
        if char.isalpha() and (script := _script_of(char)):
            return script
    return None


def _arabic_script_language(letters: list[str]) -> str:
    counts = Counter(letters)
    urdu = sum(counts[char] for char in _URDU_LETTERS)
    persian = sum(counts[char] for char in _PERSIAN_LETTERS)
    arabic = sum(counts[char] for char in _ARABIC_ONLY_LETTERS)
    if urdu > arabic and urdu >= persian / 4 and urdu > 0:
        return "ur"
    if persian > arabic:
        return "fa"
    return "ar"


def _latin_script_language(text: str, letters: list[str], default: str) -> str:
    vietnamese = sum(1 for char in letters if char in _VIETNAMESE_LETTERS)
    if vietnamese * 50 >= len(letters) and vietnamese >= 3:
        return "vi"
    words = Counter(word.lower() for word in _WORD.findall(text))
    scores = {
        language: sum(words[word] for word in stopwords)
        for language, stopwords in _STOPWORDS.items()
    }
    best = max(scores, key=lambda language: scores[language])
    return best if scores[best] > 0 else default
