"""Kashida justification: justified Arabic-script lines stretch their words, not their spaces.

After layout, each justified right-to-left line's stretched spaces are measured; tatweels are
drawn at the joins an Arabic typesetter would elongate, as much of that slack as they can take,
and the spaces keep the rest. Lines keep their words and breaks (the text box keeps its width),
so pages and page numbers do not change. The tatweels are drawing, not text: the glyph recorder
is told their text is ``KASHIDA_MARK``, which copies as nothing.

Where to elongate follows the classical order (as in Microsoft's Arabic justification and
the typesetters' rules): after seen and sad; before a final heh, teh marbuta or dal; before a
final alef, tah, lam or kaf; before a final reh or yeh after a medial beh; before a final waw,
ain, qaf or feh; then before any other final letter. Never between lam and alef, never
where a letter does not join the next, at most one place per word and ``MAX_PER_PLACE``
tatweels there, never on a paragraph's last line (it is not justified).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import _glyph_text, _internals

TATWEEL = "\u0640"
KASHIDA_MARK = _glyph_text.KASHIDA_MARK
"""What the glyph recorder is told an added tatweel stands for (NKo lajanyalan: an elongation
character as long as a tatweel in UTF-8); ``GlyphRecorder`` gives it no text."""
MAX_PER_PLACE = 2
"""Tatweels at one join at most: a longer kashida reads as a gap in the word."""
SPACE_SHRINK = 0.3
"""How much narrower than their natural width spaces may get once kashidas stretch the
words (Amiri's word space is a wide 0.29 em; typesetters set Arabic tighter)."""

DUAL_JOINING = frozenset("بتثجحخسشصضطظعغفقكلمنهيئىپچڤگکیڭھۃ")
"""Letters that join the letter after them (and the one before)."""
RIGHT_JOINING = frozenset("اأإآٱدذرزوؤةژڈڑۀےۓ")
"""Letters that join only the letter before them."""
JOINED = DUAL_JOINING | RIGHT_JOINING
"""Letters that join the letter before them."""
MIN_LETTERS = 3
"""Shorter words are never elongated."""
_ALEFS = frozenset("اأإآٱ")
_SEEN_SAD = frozenset("سشصض")
_PRIORITIES: tuple[tuple[frozenset[str], int], ...] = (
    (frozenset("هةدذۃ"), 2),
    (frozenset("اأإآٱطظلكگک"), 3),
    (frozenset("وؤعغقفڤ"), 5),
)
_BEH_LIKE = frozenset("بتثنيئپیى")
_REH_YEH = frozenset("رزيىیژ")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a tatweel may go: before ``index`` in the text, and how much a typesetter
    prefers it (1 best)."""

    index: int
    priority: int
    word: int


def places(text: str) -> list[Place]:
    """The best join of each Arabic word of a line where a kashida may go (words of three
    letters or more: a two-letter word stretched reads as a gap)."""
    best: dict[int, Place] = {}
    letters: dict[int, int] = {}
    word = 0
    previous: str | None = None  # the last letter, marks skipped
    for index, char in enumerate(text):
        if char.isspace():
            word += 1
            previous = None
            continue
        if unicodedata.category(char) == "Mn":
            continue
        if char.isalpha():
            letters[word] = letters.get(word, 0) + 1
        if previous in DUAL_JOINING and char in JOINED and not (previous == "ل" and char in _ALEFS):
            final = _is_final(text, index)
            if char in RIGHT_JOINING and not final:
                # Inside a word, a letter that joins no further (السريع) gets no kashida:
                # pdf.js and poppler then part the word at the next letter.
                previous = char
                continue
            priority = _priority(previous, char, final)
            found = best.get(word)
            if found is None or priority <= found.priority:
                best[word] = Place(index, priority, word)
        previous = char if char in JOINED else None
    kept = [place for place in best.values() if letters.get(place.word, 0) >= MIN_LETTERS]
    return sorted(kept, key=lambda place: (place.priority, place.index))


def _is_final(text: str, index: int) -> bool:
    """Whether the letter at ``index`` ends its word (marks after it aside)."""
    for char in text[index + 1 :]:
        if unicodedata.category(char) == "Mn":
            continue
        return not (char in DUAL_JOINING or char in RIGHT_JOINING)
    return True


def _priority(previous: str, char: str, final: bool) -> int:
    if previous in _SEEN_SAD:
        return 1
    if not final:
        return 7
    if previous in _BEH_LIKE and char in _REH_YEH:
        return 4
    for letters, priority in _PRIORITIES:
        if char in letters:
            return priority
    return 6


def elongated(text: str, counts: dict[int, int]) -> tuple[str, str]:
    """The text with ``counts[index]`` tatweels before each index, and the same with each
    added tatweel as ``KASHIDA_MARK`` (what the glyphs copy as)."""
    drawn: list[str] = []
    copied: list[str] = []
    for index, char in enumerate(text):
        count = counts.get(index, 0)
        if count:
            drawn.append(TATWEEL * count)
            copied.append(KASHIDA_MARK * count)
        drawn.append(char)
        copied.append(char)
    return "".join(drawn), "".join(copied)


def share(found: list[Place], units: int) -> dict[int, int]:
    """Tatweels per place: the best places first, each taking one before any takes two;
    among equals, spread along the line."""
    counts: dict[int, int] = {}
    if not found or units <= 0:
        return counts
    order = _spread(found)
    for _round in range(MAX_PER_PLACE):
        for place in order:
            if units <= 0:
                return counts
            counts[place.index] = counts.get(place.index, 0) + 1
            units -= 1
    return counts


def _spread(found: list[Place]) -> list[Place]:
    """Places by priority, and within one priority every other one first (the line's
    elongations then fall apart rather than in a row)."""
    ordered: list[Place] = []
    for priority in sorted({place.priority for place in found}):
        same = [place for place in found if place.priority == priority]
        same.sort(key=lambda place: place.index)
        ordered.extend(same[::2] + same[1::2])
    return ordered


def justify_box(
    box: Any, measure: Callable[[str, Any], float], tatweel: float, space: float
) -> int:
    """Draw one justified text box with kashidas; the tatweels added. ``tatweel`` and
    ``space`` are the widths of one tatweel and one natural space in its style."""
    text = box.text
    spaces = _internals.expandable_spaces(text)
    if not spaces or tatweel <= 0 or not any(char in DUAL_JOINING for char in text):
        return 0
    slack = box.justification_spacing * spaces
    shrink = SPACE_SHRINK * space * spaces
    found = places(text)
    units = int((slack + shrink) // tatweel)
    if not found or units <= 0:
        return 0
    natural = box.width - slack
    counts = share(found, units)
    while counts:
        drawn, copied = elongated(text, counts)
        width = measure(drawn, box.style)
        if width <= natural + slack + shrink + 0.01:
            spacing = (natural + slack - width) / spaces
            _internals.draw_text_instead(box, drawn, copied, spacing)
            return sum(counts.values())
        # A broken ligature made the word wider: take back the least preferred tatweel.
        units = sum(counts.values()) - 1
        counts = share(found, units)
    return 0


def elongate(pages: list[Any]) -> int:
    """Kashida on every justified right-to-left line of a laid-out document that asks for it
    (class ``kashida`` on its root); the number of tatweels added."""
    if not pages or not _internals.kashida_wanted(pages[0]):
        return 0
    widths: dict[int, tuple[float, float]] = {}
    added = 0
    for page in pages:
        for box in _internals.justified_text_boxes(page):
            key = id(box.style)
            if key not in widths:
                widths[key] = _widths(box.style)
            added += justify_box(box, _internals.natural_width, *widths[key])
    return added


def _widths(style: Any) -> tuple[float, float]:
    """How much one more tatweel widens a join, and how wide a space is, in this style."""
    measure = _internals.natural_width
    joined = measure("ببب", style)
    tatweel = (measure("بـــبب", style) - joined) / 3
    space = measure("ا ا", style) - measure("اا", style)
    return max(0.0, tatweel), max(0.0, space)
