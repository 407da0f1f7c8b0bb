"""Glyph codes in content streams: rewritten as they are drawn, renumbered when parts disagree.

WeasyPrint writes text as ``/FONT size Tf`` and ``[<gid>adjust<gid>…] TJ``, one operator per
list item of its pydyf streams. ``Rewriter`` walks a document's streams in drawing order (a
form XObject where it is drawn), checks each glyph against the recorder's occurrence (any
difference stops it: nothing is changed), and gives each occurrence the glyph its ``Plan``
says. ``renumber`` changes codes in streams already written, for parts laid out apart.
"""

from __future__ import annotations

import bisect
import math
import re
import struct
import unicodedata
from collections.abc import Callable
from typing import Any

from ._glyph_text import ARABIC_DIGITS, Plan, is_right_to_left

_TOKEN = re.compile(rb"<([0-9a-fA-F]*)>|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
_HEX = re.compile(rb"<([0-9a-fA-F]*)>")
_OPERATOR = re.compile(rb"/([^\s/\[\]<>()]+)\s+[-+.\d]+\s+Tf|\[([^\]]*)\]\s*TJ")


_WORD_GAP = 50
"""Where a mark opening a word starts: this far (thousandths of an em) past the end of the
word before, under pdf.js's smallest space (102)."""
_MIN_START = 150
"""The least distance from that start to its letter's: poppler splits under 100."""


class Misaligned(Exception):
    """A content stream draws other glyphs than the recorder saw: its text is left alone."""


Resolver = Callable[[Any, str], "tuple[list[Any], Any] | None"]
"""``resolve(resources, name)``: the ops list and resources of a form XObject, or None."""


class Rewriter:
    """Glyph codes of one document's content streams, rewritten by font plans (keyed by the
    font resource names ``Tf`` uses)."""

    def __init__(self, plans: dict[str, Plan], resolve: Resolver, numbers: bool = False) -> None:
        self.plans = plans
        self.resolve = resolve
        self.numbers = numbers
        """Whether a run of Arabic digits alone (a page number, the article count of a
        right-to-left document) is drawn as one glyph too, as a number among letters is."""
        self.changes: list[tuple[list[Any], int, bytes]] = []
        """(ops, index, new op): applied by ``apply`` once the whole document aligned."""
        self._seen: set[int] = set()

    def walk(self, ops: list[Any], resources: Any) -> None:
        """Read one content stream (and the forms it draws), recording the changes.

        The ``TJ`` operators of one font that follow each other in a text object, text rise
        (``Ts``) aside, form a run: the glyphs of one cluster are in one run, even when a mark
        raised above its letter is shown by an operator of its own."""
        if id(ops) in self._seen:
            return
        self._seen.add(id(ops))
        plan: Plan | None = None
        size = rise = 0.0
        rise_op: tuple[list[Any], int] | None = None
        run: _Run | None = None
        for index, item in enumerate(ops):
            if isinstance(item, str):
                op = item.encode()
            elif isinstance(item, bytes):
                op = item
            else:  # a marked-content property list
                continue
            if op.endswith(b"TJ"):
                if plan is None:
                    continue
                if run is None:
                    run = _Run(plan, size, self.numbers)
                run.add(ops, index, op, rise, rise_op)
                continue
            if op.endswith(b" Ts"):
                rise = float(op.split()[0])
                rise_op = (ops, index)
                continue
            if run is not None:
                self.changes += run.finish()
                run = None
            if op.endswith(b" Tf"):
                name, size_text = op.split()[:2]
                plan = self.plans.get(name[1:].decode("latin-1"))
                size = float(size_text)
            elif op.endswith(b" Do"):
                form = self.resolve(resources, op.split(None, 1)[0][1:].decode("latin-1"))
                if form is not None:
                    self.walk(*form)
        if run is not None:
            self.changes += run.finish()

    def apply(self) -> None:
        """Write the recorded changes into the streams."""
        for ops, index, new in self.changes:
            ops[index] = new


Member = tuple[int, int, int, float, float]
"""A glyph of a run: its operator, its token in it, its id, x (thousandths of an em), rise."""
Token = tuple[str, Any]
"""``glyph`` (id), ``number`` (bytes), ``gone`` (drawn by another), ``glyph+shift``
(id and the adjustment that follows it), ``moved`` (adjustments before and after an id,
bytes or None)."""


class _Run:
    """Consecutive ``TJ`` operators of one font: checked against the recorder as they come,
    rewritten together when one of their occurrences needs another glyph."""

    def __init__(self, plan: Plan, size: float, numbers: bool = False) -> None:
        self.plan = plan
        self.size = size or 1.0
        self.numbers = numbers
        self.start = plan.cursor
        self.shows: list[tuple[list[Any], int, bytes]] = []
        self.rises: list[float] = []
        self.rise_ops: list[tuple[list[Any], int] | None] = []
        """Where the ``Ts`` each operator is drawn with was set (None: none in the stream)."""
        self.extra: list[tuple[list[Any], int, bytes]] = []
        """Other operators changed (a ``Ts`` put back to the baseline)."""
        self.ends: list[int] = []
        """How many of the run's glyphs the operators up to each one show."""
        self.tokens: dict[int, tuple[list[Token], list[tuple[int, float]], float]] = {}
        """Operators read so far (see ``_op``)."""
        self.needed = False
        self.right_to_left = False
        self.prefixes: dict[int, bytes] = {}
        """What an operator draws first: the move to its first glyph and a mark brought in
        from an operator before (``_into_next``)."""

    def add(
        self,
        ops: list[Any],
        index: int,
        op: bytes,
        rise: float,
        rise_op: tuple[list[Any], int] | None = None,
    ) -> None:
        plan = self.plan
        glyphs = b"".join(_HEX.findall(op)).lower()
        count = len(glyphs) // 4
        first = plan.cursor
        if plan.sequence[4 * first : 4 * (first + count)] != glyphs:
            raise Misaligned(f"glyph {first} of a font differs from the one recorded")
        plan.cursor = first + count
        self.shows.append((ops, index, op))
        self.rises.append(rise)
        self.rise_ops.append(rise_op)
        self.ends.append(plan.cursor - self.start)
        # A fractional adjustment is a glyph moved (its offset) or a glyph Pango hid (-0.0).
        self.needed = self.needed or (
            plan.slots > 0 and (b"." in op or 1 in plan.needs[first : first + count])
        )

    def finish(self) -> list[tuple[list[Any], int, bytes]]:
        """The changed operators, as (ops, index, new op). Only the clusters holding an
        occurrence that may need another glyph are looked at."""
        if not self.needed:
            return []
        plan, start = self.plan, self.start
        count = plan.cursor - start
        needs = plan.needs[start : plan.cursor]
        ids = plan.recorder.text_ids
        texts = {plan.recorder.texts[i] for i in set(ids[start : plan.cursor])}
        self.right_to_left = any(map(is_right_to_left, texts))
        wanted = set(self._moved())
        position = needs.find(1)
        while position >= 0:
            wanted.add(position)
            position = needs.find(1, position + 1)
        # A number among letters, or alone (a page number of a right-to-left document): not
        # a folio ("١١ / ٢٤٤"), which the parts draw a glyph a digit, as WeasyPrint does.
        if self.right_to_left or (self.numbers and texts <= ARABIC_DIGITS):
            wanted -= self._numbers(wanted)
        done = 0
        for position in sorted(wanted):
            if position >= done:
                first, last = self._cluster(position, count)
                self._draw(first, last)
                done = last
        changed = []
        for number, items in sorted(self.tokens.items()):
            ops, index, op = self.shows[number]
            new = b"[" + self.prefixes.get(number, b"") + _serialised(items[0]) + b"] TJ"
            if new != op:
                changed.append((ops, index, new))
        return changed + self.extra

    def _numbers(self, wanted: set[int]) -> set[int]:
        """Numbers of two or more Arabic digits among right-to-left letters (or alone, see
        ``Rewriter.numbers``) drawn as one added glyph each, copying as the number: pypdf
        takes these digits for right-to-left letters and reads a number backwards, but keeps
        one glyph's text in its order. (MuPDF still reverses it: it gives a glyph the
        direction of its text's first character, and Arabic-Indic digits are AN, which it
        takes for right to left; a left-to-right mark first would put an invisible character
        into every engine's text.) The places done."""
        digits = sorted(p for p in wanted if self._text(p) in ARABIC_DIGITS)
        done: set[int] = set()
        index = 0
        while index < len(digits):
            last = index
            while last + 1 < len(digits) and digits[last + 1] == digits[last] + 1:
                last += 1
            first_place, end = digits[index], digits[last] + 1
            index = last + 1
            if end - first_place < 2:
                continue
            members = self._members(first_place, end)
            number, place = members[0][0], members[0][1]
            if any(m[0] != number or m[4] != members[0][4] for m in members):
                continue
            items = self.tokens[number][0]
            between = items[place : members[-1][1] + 1]
            if any(kind not in ("glyph", "number") for kind, _ in between):
                continue
            plan = self.plan
            offsets = tuple((round((m[3] - members[0][3]) * plan.upem / 1000), 0) for m in members)
            text = "".join(self._text(p) for p in range(first_place, end))
            code = plan.copy_id(tuple(m[2] for m in members), offsets, text, span=len(members))
            for order, member in enumerate(members):
                plan.drawn_by_copy(member[2], self._text(first_place + order))
            items[place : members[-1][1] + 1] = [("glyph", code)] + [("gone", None)] * (
                members[-1][1] - place
            )
            done.update(range(first_place, end))
        return done

    def _moved(self) -> list[int]:
        """The glyphs right after a fractional adjustment (moved by their offset); on the
        way, each glyph Pango hid between two Arabic-script letters (``-0.0``: a zero-width
        non-joiner) becomes an empty glyph that copies as one."""
        found = []
        for number, (_, _, op) in enumerate(self.shows):
            if b"." not in op:
                continue
            items = self._op(number)[0]
            position = (self.ends[number - 1] if number else 0) - 1
            previous: int | None = None  # the glyph before, by its place in the run
            waiting: list[int] = []  # fractional adjustments since that glyph
            for index, (kind, value) in enumerate(items):
                if kind == "number":
                    if b"." in value:
                        waiting.append(index)
                    continue
                position += 1
                for adjustment in waiting:
                    if float(items[adjustment][1]) != 0:
                        found.append(position)
                    elif previous is not None:
                        self._non_joiner(items, adjustment, previous, position)
                waiting.clear()
                previous = position
        return found

    def _non_joiner(self, items: list[Token], index: int, before: int, after: int) -> None:
        plan = self.plan
        space = plan.space
        if space is None or not (_joins(self._text(before)) and _joins(self._text(after))):
            return
        items[index] = ("glyph", plan.copy_id((space,), ((0, 0),), "\u200c", span=0))

    def _text(self, index: int) -> str:
        return self.plan.occurrence_text(self.start + index)

    def _cluster(self, index: int, count: int) -> tuple[int, int]:
        """The range of glyphs drawn as one around the ``index``-th: a glyph with no text
        joins the glyph of its cluster, the one before it in right-to-left runs (drawn from
        the left), after it otherwise; a glyph with no text and nothing to join is alone."""
        text = self._text
        if self.right_to_left:
            first = index
            if not text(index):
                while first > 0 and not text(first - 1):
                    first -= 1
                if first == 0:
                    return index, index + 1
                first -= 1
            last = first + 1
            while last < count and not text(last):
                last += 1
            return first, last
        carrier = index
        while carrier < count and not text(carrier):
            carrier += 1
        if carrier == count:
            return index, index + 1
        first = carrier
        while first > 0 and not text(first - 1):
            first -= 1
        return first, carrier + 1

    def _draw(self, first: int, last: int) -> None:
        """Give the glyphs ``first`` to ``last`` (one cluster) what copies as their text."""
        plan = self.plan
        members = self._members(first, last)
        own = [self._text(i) for i in range(first, last)]
        if len(members) == 1:
            self._single(members[0], own[0], own[0])
            return
        text = "".join(own)  # the cluster's text is on one of its glyphs
        spread = _spread(text, [m[2] for m in members], plan.intrinsic, self.right_to_left)
        if spread is None:
            self._join(members, own, text)
            return
        for member, letter, recorded in zip(members, spread, own, strict=True):
            self._single(member, letter, recorded)

    def _members(self, first: int, last: int) -> list[Member]:
        """The run's glyphs ``first`` to ``last``, their x from the start of the first's
        operator."""
        number = bisect.bisect_right(self.ends, first)
        found: list[Member] = []
        x = 0.0
        while len(found) < last - first:
            items, glyphs, advance = self._op(number)
            start = self.ends[number - 1] if number else 0
            rise = self.rises[number]
            for place, glyph_x in glyphs[max(first - start, 0) : last - start]:
                found.append((number, place, items[place][1], x + glyph_x, rise))
            x += advance
            number += 1
        return found

    def _op(self, number: int) -> tuple[list[Token], list[tuple[int, float]], float]:
        """An operator's tokens, its glyphs' (token index, x from its start) and its advance."""
        if number not in self.tokens:
            widths = self.plan.widths
            op = self.shows[number][2]
            body = op[op.index(b"[") + 1 : op.rindex(b"]")]
            items: list[Token] = []
            glyphs: list[tuple[int, float]] = []
            x = 0.0
            width = widths.get
            for hexes, value in _TOKEN.findall(body):
                if value:
                    items.append(("number", value))
                    x -= float(value) if value != b"0" else 0.0
                    continue
                if len(hexes) == 4:  # WeasyPrint writes one glyph a string
                    glyph = int(hexes, 16)
                    glyphs.append((len(items), x))
                    items.append(("glyph", glyph))
                    x += width(glyph, 0)
                    continue
                for glyph in struct.unpack(f">{len(hexes) // 4}H", bytes.fromhex(hexes.decode())):
                    glyphs.append((len(items), x))
                    items.append(("glyph", glyph))
                    x += width(glyph, 0)
            self.tokens[number] = (items, glyphs, x)
        return self.tokens[number]

    def _single(self, member: Member, text: str, own: str) -> None:
        """One glyph that copies as ``text`` (it was recorded as ``own``): itself or a copy.
        A zero-width glyph (a mark) moved by the adjustments before it gets them inside it:
        text engines take a jump of the pen between letters for a space."""
        plan = self.plan
        number, place, glyph, _, _ = member
        items = self.tokens[number][0]
        shift = []
        before = place - 1
        while before >= 0 and items[before][0] == "number":
            shift.append(before)
            before -= 1
        moved = sum(float(items[i][1]) for i in shift)
        after = 0.0
        for kind, value in items[place + 1 :]:
            if kind != "number":
                break
            after += float(value)
        width = plan.widths.get(glyph, 0)
        if not width and self.right_to_left and self._opens_word(member, text, own):
            return
        if not width and self._alone_in(number):
            self._alone(member, text, own, moved, after)
            return
        # A letter pulled back under the one before by more than its own width (Amiri's reh
        # under kaf): the one before advances less instead (pdf.js starts a new chunk of text
        # at a move back of 0.2 em, and puts the chunks of a line in the wrong order).
        if width and moved > width and abs(moved + after) > 1 and self._pull(number, before, moved):
            for index in shift:
                items[index] = ("gone", None)
            moved = 0.0
        # A mark moved, or a letter moved and put back after (its offset): the move goes
        # inside the glyph, the pen moves after it. A letter moved and not put back (Amiri
        # pushes yeh from reh, pulls kaf under reh): the move goes inside, and into the
        # glyph's advance, as long as that stays positive.
        baked = moved != 0 and (not width or abs(moved + after) <= 1)
        pushed = not baked and moved != 0 and width - moved > 0
        if text == plan.primary[glyph] and not baked and not pushed:
            plan.drawn_as_itself(glyph, own)
            return
        offset = (round(-moved * plan.upem / 1000), 0) if baked or pushed else (0, 0)
        code = plan.copy_id((glyph,), (offset,), text, span=-1 if pushed else 1)
        plan.drawn_by_copy(glyph, own)
        if baked or pushed:
            for index in shift:
                items[index] = ("gone", None)
        if not baked:
            items[place] = ("glyph", code)
            return
        # The move goes back after the glyph. When the adjustment already there puts it
        # back, both are one (a move left then right reads as a new line in pdf.js).
        following = place + 1
        if following < len(items) and items[following][0] == "number":
            total = moved + float(items[following][1])
            if abs(total) <= 1:
                items[following] = ("gone", None)
                items[place] = ("glyph+shift", (code, _number(round(total, 4))))
                return
        items[place] = ("glyph+shift", (code, _number(moved)))

    def _pull(self, number: int, before: int, moved: float) -> bool:
        """The glyph at token ``before`` drawn by a copy advancing ``moved`` less (its
        ink where it was), when it is a glyph of the font's own and still advances at least
        0.1 em (less, and poppler takes the two for text drawn twice). Whether it was done."""
        plan = self.plan
        items = self.tokens[number][0]
        if plan.space is None or before < 0 or items[before][0] != "glyph":
            return False
        previous = items[before][1]
        width = plan.widths.get(previous, 0)
        if previous >= plan.added.base or width - moved < 100:
            return False
        text = self._text(self._occurrence(number, before))
        empty = plan.widths.get(plan.space, 0)
        to_end = round((width - moved - empty) * plan.upem / 1000)
        code = plan.copy_id((previous, plan.space), ((0, 0), (to_end, 0)), text, span=2)
        plan.drawn_by_copy(previous, text)
        rest = round(plan.added.copies[code].width - (width - moved), 4)
        items[before] = ("glyph+shift", (code, _number(rest))) if rest else ("glyph", code)
        return True

    def _alone(self, member: Member, text: str, own: str, moved: float, after: float) -> None:
        """A mark alone in its operator (raised by ``Ts``): drawn by the next glyph's operator
        (``_into_next``) or, when it cannot be, its operator starts no further right than the
        next one. PDFium sorts a line's operators by where they start, and a mark sorted after
        the letters that follow it is lost."""
        if self._into_next(member, text, own, moved):
            return
        plan = self.plan
        number, place, glyph, _, _ = member
        items = self.tokens[number][0]
        lead = 0.0  # the next operator's moves before its first glyph
        if number + 1 < len(self.shows):
            for kind, value in self._op(number + 1)[0]:
                if kind != "number":
                    break
                lead += float(value)
        # Thousandths of an em leftward from the pen before the operator: the mark's ink is
        # at ``moved``, the pen ends at ``moved + after``, the next operator starts at
        # ``moved + after + lead``.
        if after + lead <= 0:  # as WeasyPrint drew it, it starts where its ink is
            if text != plan.primary[glyph]:
                items[place] = ("glyph", plan.copy_id((glyph,), ((0, 0),), text))
                plan.drawn_by_copy(glyph, own)
            return
        offset = math.ceil((after + lead) * plan.upem / 1000)
        code = plan.copy_id((glyph,), ((offset, 0),), text)
        plan.drawn_by_copy(glyph, own)
        for index, (kind, _) in enumerate(items):
            if kind == "number":
                items[index] = ("gone", None)
        start = moved + offset * 1000 / plan.upem
        rest = moved + after - start
        items[place] = ("moved", (_number(round(start, 4)), code, _number(round(rest, 4))))

    def _into_next(self, member: Member, text: str, own: str, moved: float) -> bool:
        """A mark alone in its operator drawn by the operator of the next glyph instead,
        first, at the start of that glyph, its ink (and its rise) where they were. PDFium
        makes a text object of each operator and ends a line between two objects taller than
        4.5 points whose ink does not overlap in height: a mark alone above its letter, at a
        heading's size, sorted next to that letter. Whether it was done (not when the next
        glyph is a mark alone too, or is raised by the same ``Ts``)."""
        plan = self.plan
        number, place, glyph, _, _ = member
        ahead = self._neighbour(number, place, 1)
        ts = self.rise_ops[number]
        if ahead is None or ts is None:
            return False
        target, first, passed = ahead
        tokens = self._op(target)[0]
        if self.rise_ops[target] is ts or tokens[first][0] != "glyph" or target in self.prefixes:
            return False
        if not plan.widths.get(tokens[first][1], 0) and self._alone_in(target):
            return False
        to_next = sum(float(self._op(o)[0][i][1]) for o, i in passed)
        raised = round((self.rises[number] - self.rises[target]) * plan.upem / self.size)
        offset = (round(to_next * plan.upem / 1000), raised)
        code = plan.copy_id((glyph,), (offset,), text)
        plan.drawn_by_copy(glyph, own)
        items = self.tokens[number][0]
        for index, (kind, _) in enumerate(items):
            if kind == "number" or index == place:
                items[index] = ("gone", None)
        for op_number, index in passed:
            self._op(op_number)[0][index] = ("gone", None)
        move = _number(round(moved + to_next, 4))
        self.prefixes[target] = (move if move != b"0" else b"") + b"<%04x>" % code
        return True

    def _opens_word(self, member: Member, text: str, own: str) -> bool:
        """A mark drawn first in a right-to-left word (over its last letter, right after a
        space), drawn from near the end of the word before with an advance that reaches its
        letter, on the baseline (its rise inside it). pdf.js ignores a mark's advance and
        puts a space before its letter when that letter starts far from the word before;
        poppler ends a word when two glyphs start within 0.1 em of each other, or when one
        is raised. Whether it was done."""
        plan = self.plan
        number, place, glyph, _, _ = member
        if plan.space is None or not _marks(text):
            return False
        back = self._neighbour(number, place, -1)
        ahead = self._neighbour(number, place, 1)
        if back is None or ahead is None:
            return False
        (space_op, space_at, between), (letter_op, letter_at, after) = back, ahead
        space_items, letter_items = self._op(space_op)[0], self._op(letter_op)[0]
        if space_items[space_at][0] != "glyph" or letter_items[letter_at][0] != "glyph":
            return False
        if not self._text(self._occurrence(space_op, space_at)).isspace():
            return False
        letter_text = self._text(self._occurrence(letter_op, letter_at))
        if not letter_text or letter_text.isspace() or _marks(letter_text):
            return False
        rise, base_rise = self.rises[number], self.rises[letter_op]
        if self.rises[space_op] != base_rise:
            return False
        restore = None
        if rise != base_rise:  # a raised mark: alone in its operator, its Ts its own
            ts = self.rise_ops[number]
            if not self._alone_in(number) or ts is None or letter_op != number + 1:
                return False
            if self.rise_ops[letter_op] is ts:
                return False
            restore = (*ts, _number(base_rise) + b" Ts")
        # Rightward positions, thousandths of an em, from the pen after the space.
        space_id = space_items[space_at][1]
        copied = plan.added.copies.get(space_id)
        space = copied.width if copied else plan.widths.get(space_id, 0)
        gap = 0.0  # the move between the word before and the space
        index = space_at - 1
        while index >= 0 and space_items[index][0] == "number":
            gap -= float(space_items[index][1])
            index -= 1
        ink = -sum(float(self._op(o)[0][i][1]) for o, i in between)
        letter = ink - sum(float(self._op(o)[0][i][1]) for o, i in after)
        origin = -(space + gap) + _WORD_GAP
        if letter - origin < _MIN_START:
            return False
        upem = plan.upem
        empty = plan.widths.get(plan.space, 0)
        to_end = round((letter - origin - empty) * upem / 1000)
        start = letter - (empty + to_end * 1000 / upem)
        ink_x = round((ink - start) * upem / 1000)
        raised = round((rise - base_rise) * upem / self.size)
        key_offsets = ((ink_x, raised), (ink_x + to_end, 0))
        code = plan.copy_id((glyph, plan.space), key_offsets, text, span=2)
        advance = plan.added.copies[code].width
        plan.drawn_by_copy(glyph, own)
        for op_number, index in [*between, *after]:
            self._op(op_number)[0][index] = ("gone", None)
        items = self._op(number)[0]
        items[place] = ("moved", (_number(round(advance - letter, 4)), code, None))
        if restore is not None:
            self.extra.append(restore)
        return True

    def _neighbour(
        self, number: int, index: int, step: int
    ) -> tuple[int, int, list[tuple[int, int]]] | None:
        """The nearest glyph before (``step`` -1) or after (1) token ``index`` of operator
        ``number``, across the run's operators: (its operator, its token, the adjustments
        passed on the way), or None when the run ends first."""
        passed: list[tuple[int, int]] = []
        while True:
            items = self._op(number)[0]
            index += step
            while 0 <= index < len(items):
                kind = items[index][0]
                if kind == "number":
                    passed.append((number, index))
                elif kind != "gone":
                    return number, index, passed
                index += step
            number += step
            if not 0 <= number < len(self.shows):
                return None
            index = -1 if step > 0 else len(self._op(number)[0])

    def _alone_in(self, number: int) -> bool:
        """Whether operator ``number`` shows one glyph (a mark raised by its own ``Ts``)."""
        return sum(kind != "number" for kind, _ in self._op(number)[0]) == 1

    def _occurrence(self, number: int, token: int) -> int:
        """The run's index of the glyph at token ``token`` of operator ``number``."""
        glyphs = self._op(number)[1]
        order = next(k for k, (place, _) in enumerate(glyphs) if place == token)
        return (self.ends[number - 1] if number else 0) + order

    def _join(self, members: list[Member], own: list[str], text: str) -> None:
        """Glyphs of one letter drawn as one added glyph, in the place of the one on the
        baseline and of those after it in its operator (the others' places stay, empty)."""
        plan = self.plan
        widths = plan.widths
        on_line = [member for member in members if member[4] == 0] or members
        anchor = next((m for m in on_line if widths.get(m[2], 0) > 0), on_line[0])
        spanned = [m for m in members if m[0] == anchor[0] and m[1] > anchor[1]]
        others = [m for m in members if m is not anchor and m not in spanned]
        ordered = [anchor, *spanned, *others]
        offsets = tuple(
            (
                round((member[3] - anchor[3]) * plan.upem / 1000),
                round((member[4] - anchor[4]) * plan.upem / self.size),
            )
            for member in ordered
        )
        glyph_ids = tuple(member[2] for member in ordered)
        code = plan.copy_id(glyph_ids, offsets, text, span=1 + len(spanned))
        for member, recorded in zip(members, own, strict=True):
            plan.drawn_by_copy(member[2], recorded)
        number, place = anchor[0], anchor[1]
        end = spanned[-1][1] if spanned else place
        items = self.tokens[number][0]
        items[place : end + 1] = [("glyph", code)] + [("gone", None)] * (end - place)
        for member in others:
            self.tokens[member[0]][0][member[1]] = ("number", _number(-widths.get(member[2], 0)))


def _spread(
    text: str, glyphs: list[int], intrinsic: dict[int, str], right_to_left: bool
) -> list[str] | None:
    """One letter or mark of a cluster's text for each of its glyphs (in drawing order), when
    there are as many as glyphs: each glyph the font maps a character to gets that character,
    the others the rest in reading order. Else None."""
    if len(text) != len(glyphs) or len(text) < 2:
        return None
    order = list(reversed(glyphs)) if right_to_left else list(glyphs)
    left = list(text)
    given: list[str | None] = []
    for glyph in order:
        char = intrinsic.get(glyph)
        if char in left:
            left.remove(char)
            given.append(char)
        else:
            given.append(None)
    letters = [char if char is not None else left.pop(0) for char in given]
    return list(reversed(letters)) if right_to_left else letters


def _marks(text: str) -> bool:
    """Whether ``text`` is nonspacing marks only (harakat, shadda, tanween)."""
    return bool(text) and all(unicodedata.category(char) == "Mn" for char in text)


def _joins(text: str) -> bool:
    """Whether ``text`` is an Arabic-script letter (or letters), which a ZWNJ sits between."""
    return bool(text) and unicodedata.bidirectional(text[-1]) == "AL"


def _number(value: float) -> bytes:
    """A number as a content stream writes it."""
    return b"%d" % value if value == int(value) else (b"%.4f" % value).rstrip(b"0")


def _serialised(tokens: list[Token]) -> bytes:
    parts: list[bytes] = []
    number_before = False
    for kind, value in tokens:
        if kind == "gone":
            continue
        if kind == "number":
            if number_before:
                parts.append(b" ")
            parts.append(value)
            number_before = True
            continue
        if kind == "moved":
            move, value, shift = value
            if move != b"0":
                if number_before:
                    parts.append(b" ")
                parts.append(move)
            if shift == b"0":
                shift = None
        else:
            value, shift = value if kind == "glyph+shift" else (value, None)
        code = value
        parts.append(b"<%04x>" % code)
        number_before = False
        if shift is not None:
            parts.append(shift)
            number_before = True
    return b"".join(parts)


def renumber(content: bytes, codes: dict[str, dict[int, int]]) -> bytes:
    """A written content stream with the glyph codes of some fonts (by resource name)
    changed as ``codes`` says."""
    current: dict[int, int] | None = None

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal current
        name, body = match.groups()
        if name is not None:
            current = codes.get(name.decode("latin-1"))
            return match.group(0)
        if not current:
            return match.group(0)
        table = current

        def glyphs(string: re.Match[bytes]) -> bytes:
            hexes = string.group(1)
            return b"<%s>" % b"".join(
                b"%04x" % table.get(int(hexes[i : i + 4], 16), int(hexes[i : i + 4], 16))
                for i in range(0, len(hexes), 4)
            )

        return b"[" + _HEX.sub(glyphs, body) + b"] TJ"

    return _OPERATOR.sub(replace, content)
