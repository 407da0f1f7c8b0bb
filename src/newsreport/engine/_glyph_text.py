"""Copy and search fidelity: the exact text of every glyph the PDF draws.

WeasyPrint 70 gives a glyph id one text, the first it met (Kozea/WeasyPrint#2841). But a glyph
can stand for different texts (ي and ی share their initial form), and some letters are drawn
as two glyphs of which only one can carry the letter (Amiri draws lam before kaf as a stroke
and a lam): copying then adds letters (الكبرى → اللكبرى) or loses them, in every reader.

Here each glyph drawn is recorded with its text, in drawing order (``GlyphRecorder``). Walking
the content streams in the same order (``_text_ops``), an occurrence keeps its glyph when its
text is the glyph's own (``Plan.primary``: the character the font maps to it, else its most
frequent text); otherwise it is drawn by a glyph added to the font (``Copy``, written by
``_truetype``) that copies as its text. A glyph with no text of its own is joined with the
glyph of its cluster into one added glyph. Added glyphs get ids from a hash of what they
draw, so parts laid out apart mostly agree on them; the assembly renumbers where not.
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

KASHIDA_MARK = "\u07fa"
"""The text ``_kashida`` reports for the tatweels it adds: they copy as nothing."""
MAX_GLYPH_TEXT = 32
"""Longest text one glyph may stand for (ﷺ is 18 letters; a CMap entry allows 256)."""
COPY_SLOTS = 8192
"""Ids past a font's last glyph where its added glyphs go (fewer if 65535 comes first)."""


ARABIC_DIGITS = frozenset("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
"""Arabic-Indic and Persian digits: text engines that take them for right-to-left letters
read a number of them backwards unless it is one glyph."""


class GlyphRecorder(dict):  # type: ignore[type-arg]
    """``Font.to_unicode`` for one font of one document: WeasyPrint reports every glyph it
    draws here, with its text, in drawing order. The dict itself holds a text for each glyph
    drawn, for what WeasyPrint reads back (the glyphs to keep when it subsets the font)."""

    __slots__ = ("_counts", "_ids", "glyphs", "text_ids", "texts")

    def __init__(self) -> None:
        super().__init__()
        self.glyphs = array("H")
        """Glyph ids, in drawing order."""
        self.text_ids = array("I")
        """The text of each, as an index in ``texts``."""
        self.texts: list[str] = []
        self._ids: dict[str, int] = {}
        self._counts: dict[int, dict[str, int]] | None = None

    def __contains__(self, key: object) -> bool:
        # WeasyPrint asks before mapping a glyph; saying no makes it report every occurrence.
        return False

    def __setitem__(self, key: int, value: str) -> None:
        if KASHIDA_MARK in value:  # an added tatweel: drawing, not text
            value = value.replace(KASHIDA_MARK, "")
        if value == "\u00a0":  # a no-break space copies and searches as a space
            value = " "
        value = value[:MAX_GLYPH_TEXT]  # a CMap entry holds at most 512 bytes
        text_id = self._ids.get(value)
        if text_id is None:
            text_id = self._ids[value] = len(self.texts)
            self.texts.append(value)
        self.glyphs.append(key)
        self.text_ids.append(text_id)
        self._counts = None
        dict.__setitem__(self, key, value)

    @property
    def counts(self) -> dict[int, dict[str, int]]:
        """Glyph → text → how often it stood for it."""
        if self._counts is None:
            counts: dict[int, dict[str, int]] = {}
            texts = self.texts
            for (glyph, text_id), count in Counter(
                zip(self.glyphs, self.text_ids, strict=True)
            ).items():
                counts.setdefault(glyph, {})[texts[text_id]] = count
            self._counts = counts
        return self._counts


def best_text(counts: dict[str, int]) -> str:
    """The most frequent non-empty text (ties: the first met)."""
    return max(counts.items(), key=lambda item: (bool(item[0]), item[1]))[0]


Offsets = tuple[tuple[int, int], ...]
CopyKey = tuple[tuple[int, ...], Offsets, str, int]
"""What makes two added glyphs the same: glyphs, offsets, text, glyphs spanned."""


@dataclass(frozen=True, slots=True)
class Copy:
    """A glyph added to a font: glyphs it already has, drawn where they were, copying as
    ``text``. It takes the place of the first and of those it spans (its advance is theirs);
    the places of the others are left empty."""

    glyphs: tuple[int, ...]
    """The glyphs drawn: the one whose place it takes, then the others."""
    offsets: Offsets
    """Where each is drawn, in font units from the first's origin (x, y)."""
    text: str
    """What it copies as ("" for nothing)."""
    width: float
    """Its advance in the PDF (thousandths of the font size)."""
    span: int = 1
    """How many of ``glyphs`` its advance spans (the first, and those drawn after it); 0:
    none (it draws nothing that advances); -1: the first's advance and its offset."""

    @property
    def key(self) -> CopyKey:
        """What makes two copies the same glyph."""
        return (self.glyphs, self.offsets, self.text, self.span)


@dataclass(slots=True)
class FontText:
    """What one font file's glyphs copy as in a document (or a part of one)."""

    used: dict[int, dict[str, int]] = field(default_factory=dict)
    """Glyphs drawn as themselves → the text each stood for → how often."""
    copies: dict[int, Copy] = field(default_factory=dict)
    """Added glyph id → what it draws and copies as."""
    glyph_count: int = 0
    """Glyphs the font file has: added glyphs come after."""
    upem: int = 1000
    """The font's units per em (added glyphs' offsets are in them)."""

    def mapping(self) -> dict[int, str]:
        """Glyph id → text, for the font's ToUnicode map."""
        found = {glyph: best_text(counts) for glyph, counts in self.used.items()}
        found.update((glyph, copy.text) for glyph, copy in self.copies.items())
        return found

    def to_json(self) -> dict[str, object]:
        """A form ``json`` can write (see ``from_json``)."""
        return {
            "used": {str(glyph): counts for glyph, counts in self.used.items()},
            "copies": {
                str(glyph): [list(c.glyphs), [list(o) for o in c.offsets], c.text, c.width, c.span]
                for glyph, c in self.copies.items()
            },
            "glyph_count": self.glyph_count,
            "upem": self.upem,
        }

    @classmethod
    def from_json(cls, data: dict[str, dict[str, object]]) -> FontText:
        """The table ``to_json`` wrote."""
        copies = {}
        for glyph, (glyphs, offsets, text, width, span) in data["copies"].items():  # type: ignore[misc]
            places = tuple((int(x), int(y)) for x, y in offsets)
            copies[int(glyph)] = Copy(tuple(glyphs), places, text, float(width), int(span))
        used = {int(glyph): dict(counts) for glyph, counts in data["used"].items()}  # type: ignore[call-overload]
        return cls(used, copies, int(data["glyph_count"]), int(data["upem"]))  # type: ignore[call-overload]


GlyphTexts = dict[str, FontText]
"""Font file hash → what its glyphs copy as."""


def copy_width(key: CopyKey, widths: dict[int, float], upem: int) -> float:
    """An added glyph's advance: to the end of the last glyph it spans."""
    glyphs, offsets, _, span = key
    if not span:  # drawn without advancing (a zero-width non-joiner)
        return 0.0
    if span < 0:  # the first glyph's advance and the move it holds
        return round(offsets[0][0] * 1000 / (upem or 1000) + widths.get(glyphs[0], 0), 4)
    last = span - 1
    spanned = (offsets[last][0] - offsets[0][0]) * 1000 / (upem or 1000)
    return round(spanned + widths.get(glyphs[last], 0), 4)


def copy_slot(key: CopyKey, base: int, slots: int) -> int:
    """The id an added glyph prefers: the same in every process."""
    digest = hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=8)
    return base + int.from_bytes(digest.digest(), "big") % slots


def slots_after(base: int) -> int:
    """How many ids past ``base`` (a font's glyph count) added glyphs may take."""
    return max(0, min(COPY_SLOTS, 0xFFFE - base))


@lru_cache(maxsize=16)
def intrinsic_texts(font: bytes, index: int = 0) -> dict[int, str]:
    """The text the font itself gives each glyph it maps a character to (presentation forms
    as the letters they show; of several, the smallest): the same in every process."""
    import uharfbuzz as hb

    face = hb.Face(font, index)
    shaper = hb.Font(face)
    found: dict[int, str] = {}
    for codepoint in sorted(face.unicodes):
        glyph = shaper.get_nominal_glyph(codepoint)
        if not glyph:
            continue
        text = unicodedata.normalize("NFKC", chr(codepoint))[:MAX_GLYPH_TEXT]
        if glyph not in found or text < found[glyph]:
            found[glyph] = text
    return found


def is_right_to_left(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (its cluster's glyphs run that way)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


class AddedGlyphs:
    """The glyphs added to one font file: an id for each, from its preferred slot on."""

    def __init__(self, base: int, slots: int, widths: dict[int, float], upem: int) -> None:
        self.base = base
        self.slots = slots
        self.widths = widths
        self.upem = upem or 1000
        self.copies: dict[int, Copy] = {}
        self.ids: dict[CopyKey, int] = {}

    def id(self, key: CopyKey) -> int:
        """The id of the added glyph ``key`` describes (glyphs, offsets, text)."""
        found = self.ids.get(key)
        if found is not None:
            return found
        if len(self.ids) >= self.slots:
            raise OverflowError("no ids left for added glyphs")
        slot = copy_slot(key, self.base, self.slots)
        while slot in self.copies:
            slot = self.base + (slot - self.base + 1) % self.slots
        glyphs, offsets, text, span = key
        self.copies[slot] = Copy(
            glyphs, offsets, text, copy_width(key, self.widths, self.upem), span
        )
        self.ids[key] = slot
        return slot


class Plan:
    """How one font's glyphs are drawn in one document: the recorder's occurrences, consumed
    in drawing order, each given the glyph id that copies as its text."""

    def __init__(
        self,
        recorder: GlyphRecorder,
        added: AddedGlyphs,
        intrinsic: dict[int, str],
        *,
        copies_allowed: bool = True,
    ) -> None:
        self.recorder = recorder
        self.added = added
        """The font's added glyphs (shared by the plans of one font file)."""
        self.widths = added.widths
        self.upem = added.upem
        self.slots = added.slots if copies_allowed else 0
        self.primary: dict[int, str] = {
            glyph: intrinsic[glyph] if glyph in intrinsic else _most_used(counts)
            for glyph, counts in recorder.counts.items()
        }
        """The text each glyph copies as when drawn as itself."""
        self.intrinsic = intrinsic
        self.space = next((glyph for glyph, text in intrinsic.items() if text == " "), None)
        """The font's space glyph (empty), for glyphs that draw nothing."""
        primary, widths = self.primary, self.widths
        needs = bytearray(len(recorder.glyphs))
        if self.slots:
            flagged = set()
            for glyph, counts in recorder.counts.items():
                for text in counts:
                    if (
                        not text
                        or text != primary[glyph]
                        or not widths.get(glyph, 0)
                        or text in ARABIC_DIGITS
                    ):
                        flagged.add((glyph, recorder.texts.index(text)))
            pairs = zip(recorder.glyphs, recorder.text_ids, strict=True)
            needs = bytearray(map(flagged.__contains__, pairs))
        self.needs = needs
        """Whether each occurrence may need a glyph other than its own: its text is not the
        glyph's, it has none and may join its cluster's glyph, it has no width (a mark,
        which may be moved), or it is an Arabic digit (which may join its number)."""
        big_endian = array("H", recorder.glyphs)
        if sys.byteorder == "little":
            big_endian.byteswap()
        self.sequence = big_endian.tobytes().hex().encode("ascii")
        """The occurrences' glyph ids as the content stream writes them, to check alignment."""
        self.cursor = 0
        """Occurrences consumed so far."""
        self.replaced: dict[int, int] = {}
        """Glyph → occurrences with the glyph's own text drawn by an added glyph instead."""
        self.given: dict[int, int] = {}
        """Glyph → occurrences recorded with another text (none: their cluster's is on
        another glyph) drawn as themselves, copying as the glyph's own text."""

    def occurrence_text(self, index: int) -> str:
        """The text of the ``index``-th occurrence."""
        return self.recorder.texts[self.recorder.text_ids[index]]

    def drawn_by_copy(self, glyph: int, own: str) -> None:
        """Count an occurrence of ``glyph``, recorded as ``own``, that an added glyph draws:
        the glyph is drawn as its own text that much less often."""
        if own == self.primary[glyph]:
            self.replaced[glyph] = self.replaced.get(glyph, 0) + 1

    def drawn_as_itself(self, glyph: int, own: str) -> None:
        """Count an occurrence of ``glyph``, recorded as ``own``, drawn as itself: when its
        text was not the glyph's own, the glyph's own is now drawn once more (so the font's
        map gives it one even when no occurrence was recorded with it)."""
        if own != self.primary[glyph]:
            self.given[glyph] = self.given.get(glyph, 0) + 1

    def copy_id(self, glyphs: tuple[int, ...], offsets: Offsets, text: str, span: int = 1) -> int:
        """The id of the added glyph drawing ``glyphs`` at ``offsets`` as ``text``, spanning
        the advances of the first ``span``."""
        return self.added.id((glyphs, offsets, text, span))

    def table(self, rewritten: bool) -> FontText:
        """What the document's glyphs copy as: with the added glyphs when its content was
        rewritten by this plan, else each glyph as its most frequent text."""
        counts, added = self.recorder.counts, self.added
        if not rewritten or not self.slots:
            used = {glyph: dict(texts) for glyph, texts in counts.items()}
            return FontText(used, {}, added.base, added.upem)
        used = {}
        for glyph, texts in counts.items():
            text = self.primary[glyph]
            drawn = texts.get(text, 0) - self.replaced.get(glyph, 0) + self.given.get(glyph, 0)
            if drawn > 0:
                used[glyph] = {text: drawn}
        return FontText(used, dict(added.copies), added.base, added.upem)


Renumbering = dict[str, dict[int, int]]
"""Font file hash → glyph code in a part → code in the whole document."""


def combine(
    parts: Sequence[GlyphTexts], settled: GlyphTexts | None = None
) -> tuple[GlyphTexts, list[Renumbering]]:
    """The tables of documents laid out apart, as one: each glyph keeps the text it has most
    often, and every other use of it, and every added glyph, gets one id for the whole. Also,
    for each part, the codes it must change (usually none: added glyphs prefer the same ids).

    ``settled`` is what an earlier ``combine`` made of parts already renumbered: its glyphs
    keep their texts and its added glyphs their ids, so those parts keep their codes, and the
    new ``parts`` fit in around them."""
    settled = settled or {}
    used: dict[str, dict[int, dict[str, int]]] = {}
    bases: dict[str, int] = {}
    upems: dict[str, int] = {}
    for key, table in settled.items():
        bases[key] = table.glyph_count
        upems[key] = table.upem
        used[key] = {glyph: dict(counts) for glyph, counts in table.used.items()}
    fixed = {
        key: {glyph: best_text(counts) for glyph, counts in table.used.items()}
        for key, table in settled.items()
    }
    for part in parts:
        for key, table in part.items():
            bases[key] = max(bases.get(key, 0), table.glyph_count)
            upems[key] = table.upem
            into = used.setdefault(key, {})
            for glyph, counts in table.used.items():
                slot = into.setdefault(glyph, {})
                for text, count in counts.items():
                    slot[text] = slot.get(text, 0) + count
    primary: dict[str, dict[int, str]] = {}
    for key, table in used.items():
        texts = fixed.get(key, {})
        primary[key] = {
            glyph: texts[glyph] if glyph in texts else _most_used(counts)
            for glyph, counts in table.items()
        }
    wanted: dict[str, dict[CopyKey, Copy]] = {}
    shared: dict[str, dict[CopyKey, int]] = {}
    """How many parts drew each added glyph."""
    for part in parts:
        for key, table in part.items():
            keys = wanted.setdefault(key, {})
            counts = shared.setdefault(key, {})
            for copy in table.copies.values():
                keys.setdefault(copy.key, copy)
                counts[copy.key] = counts.get(copy.key, 0) + 1
            for glyph, counts in table.used.items():
                text = best_text(counts)
                if text != primary[key][glyph]:
                    single: CopyKey = ((glyph,), ((0, 0),), text, 1)
                    keys.setdefault(single, Copy((glyph,), ((0, 0),), text, 0.0))
    combined: GlyphTexts = {}
    ids: dict[str, dict[CopyKey, int]] = {}
    for key in sorted(set(used) | set(wanted)):
        base = bases.get(key, 0)
        added = AddedGlyphs(base, slots_after(base), {}, upems.get(key, 1000))
        copies: dict[int, Copy] = {}
        if key in settled:
            copies.update(settled[key].copies)
            added.copies.update(copies)
            added.ids.update((copy.key, glyph) for glyph, copy in copies.items())
        # Where two added glyphs prefer one id, the one more parts drew keeps it: fewer
        # parts have codes to change.
        counts = shared.get(key, {})
        for copy_key, copy in sorted(
            wanted.get(key, {}).items(), key=lambda item: (-counts.get(item[0], 0), item[0])
        ):
            if copy_key not in added.ids:
                copies[added.id(copy_key)] = copy
        ids[key] = added.ids
        combined[key] = FontText(
            {
                glyph: {primary[key][glyph]: counts[primary[key][glyph]]}
                for glyph, counts in used.get(key, {}).items()
            },
            copies,
            base,
            upems.get(key, 1000),
        )
    renumberings: list[Renumbering] = []
    for part in parts:
        renumbering: Renumbering = {}
        for key, table in part.items():
            codes: dict[int, int] = {}
            for old, copy in table.copies.items():
                new = ids[key][copy.key]
                if new != old:
                    codes[old] = new
            for glyph, counts in table.used.items():
                text = best_text(counts)  # a part drawing a glyph as itself gave it one text
                if text != primary[key][glyph]:
                    codes[glyph] = ids[key][((glyph,), ((0, 0),), text, 1)]
            if codes:
                renumbering[key] = codes
        renumberings.append(renumbering)
    return combined, renumberings


def _most_used(counts: dict[str, int]) -> str:
    """The text used most (a non-empty one first; ties: the smallest): the same in any order."""
    return min(counts, key=lambda text: (not text, -counts[text], text))
