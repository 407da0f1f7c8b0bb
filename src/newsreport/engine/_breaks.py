"""Break opportunities in very long unbroken runs, so that WeasyPrint lays them out in
linear time.

WeasyPrint finds each line of a paragraph by laying out a short stretch of the text ahead;
when that stretch holds no place to break, it lays out all the rest of the paragraph, for
every line: a run of 200 000 letters with no space took hours. A zero-width space every
``PIECE`` characters of such a run gives each stretch a break, and an element every ``SPAN``
characters bounds what is laid out when a stretch fits on one line (narrow letters: Amiri's
beh is under a quarter of an em). Pango draws nothing for the space, and the glyph texts
give it no text, so what readers copy stays whole.
"""

from __future__ import annotations

import re
import unicodedata

LONGEST_RUN = 200
"""Runs of this many characters or fewer without a space are left as they are."""
PIECE = 24
"""Characters between two added break opportunities: under half of the narrowest line
WeasyPrint's look-ahead reads (four times the line's width in ems)."""
SPAN = 20 * PIECE
"""Characters of such a run in one element (a ``span``)."""

BREAK = "\u200b"

_BODY = re.compile(r"<body\b", re.IGNORECASE)
_SKIPPED = re.compile(
    r"<(style|script|title)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|([^<]+)", re.IGNORECASE | re.DOTALL
)
_LONG = re.compile(rf"\S{{{LONGEST_RUN + 1},}}")
_ENTITY = re.compile(r"&#?\w+;|.", re.DOTALL)
_JOINERS = frozenset("\u200c\u200d")
_ATTACHED = frozenset({"Mn", "Mc", "Me", "Cf", "Sk"})


def breakable(html: str) -> str:
    """``html`` with break opportunities in the long runs of its body's text."""
    if not _LONG.search(html):
        return html
    body = _BODY.search(html)
    start = body.start() if body else 0
    return html[:start] + _SKIPPED.sub(_text_node, html[start:])


def _text_node(match: re.Match[str]) -> str:
    text = match.group(2)
    if text is None:
        return match.group(0)
    return _LONG.sub(lambda run: _pieces(run.group(0)), text)


def _pieces(run: str) -> str:
    """A run in spans of ``SPAN`` characters, with a break opportunity every ``PIECE``,
    never inside an entity, before a mark or format character, next to a joiner or between
    a flag's two letters."""
    out: list[str] = ["<span>"]
    count = in_span = 0
    previous = ""
    for match in _ENTITY.finditer(run):
        token = match.group(0)
        char = token[0] if len(token) == 1 else "&"
        if (
            count >= PIECE
            and unicodedata.category(char) not in _ATTACHED
            and previous not in _JOINERS
            and not (_regional(previous) and _regional(char))
        ):
            if in_span >= SPAN:
                out.append("</span>" + BREAK + "<span>")
                in_span = 0
            else:
                out.append(BREAK)
            count = 0
        out.append(token)
        count += 1
        in_span += 1
        previous = char
    out.append("</span>")
    return "".join(out)


def _regional(char: str) -> bool:
    return bool(char) and 0x1F1E6 <= ord(char) <= 0x1F1FF
