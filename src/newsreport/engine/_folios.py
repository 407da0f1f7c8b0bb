"""Folios ("١٢ / ٣٠٢") and page numbers drawn into assembled pages, as WeasyPrint draws them.

Parts of a large document are laid out before their page numbers are known. A probe document,
with the document's own styles, prints a folio holding every digit on two pages (one of each
side), then the same digits in each page-number style (contents, summary). Each printed run is
a template: same font, size, colour and graphics state; only the glyphs change, and where the
line starts: folios stay centred, page numbers end where their slot ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pikepdf
from bidi import get_display

from ..view.formatting import DIGITS
from ._fonts import cid_widths, font_key
from ._glyph_text import ARABIC_DIGITS
from ._layout import NumberSlot

PROBE_PAGE = 13579
PROBE_TOTAL = 24680
"""The probe's folio: every digit once, and the two numbers told apart."""


_TEXT_OPERATORS = frozenset({"Tm", "Tf", "TJ", "Tj", "Td", "TD", "T*", "'", '"'})
_STATE_OPERATORS = frozenset({"gs", "rg", "RG", "g", "G", "k", "K"})
"""Graphics state a glyph run takes along when drawn elsewhere: opacity and colour."""
_UNSUPPORTED = frozenset({"Do", "sh", "cs", "CS", "scn", "SCN", "BDC", "BMC", "DP", "EMC"})
_MARKED = frozenset({"BDC", "BMC", "EMC"})
"""Marked content: a running head copied whole keeps its spans (``/ActualText``)."""

Operation = tuple[list[object], pikepdf.Operator]


class FolioError(Exception):
    """The probe is not the plain glyph runs templates must be."""


def number_text(number: int, counter_style: str) -> str:
    """What ``counter(page)`` prints for ``number`` in this counter style."""
    return str(number).translate(str.maketrans(DIGITS["decimal"], DIGITS[counter_style]))


def folio_text(page: int, total: int, counter_style: str, separator: str) -> str:
    """What ``counter(page) separator counter(pages)`` prints in this counter style."""
    return f"{number_text(page, counter_style)}{separator}{number_text(total, counter_style)}"


def probe_text(counter_style: str, separator: str) -> str:
    """What the probe prints as folios."""
    return folio_text(PROBE_PAGE, PROBE_TOTAL, counter_style, separator)


def probe_number(counter_style: str) -> str:
    """What the probe prints in page-number slots: every digit, in one run."""
    return number_text(PROBE_PAGE, counter_style) + number_text(PROBE_TOTAL, counter_style)


@dataclass(frozen=True, slots=True)
class _Run:
    operations: tuple[Operation, ...]
    """A page's content reduced to one text object, resources renamed."""
    line: int
    """Index of the text matrix (Tm); the glyphs (TJ) come right after it, then ET."""
    glyphs: dict[str, tuple[bytes, float]]
    """Glyph id and advance (text space units) of each character."""
    start: float
    """Where the probe's line started (x), and its width."""
    width: float
    font: str | None = None
    """The file hash of the probe's font the run is drawn in (``font_key``)."""
    scale: float = 1.0
    """Thousandths of an em of the font to the page's units."""

    def draw(
        self,
        text: str,
        base: str,
        place: float | None,
        left_aligned: bool,
        whole: Composer | None = None,
    ) -> list[Operation]:
        """The run showing ``text``: centred as probed, or from ``place`` (its left or right
        end, as ``left_aligned`` says). With ``whole``, a number of Arabic-Indic digits in a
        right-to-left document is one glyph copying as the number (see ``Composer``)."""
        run: list[object] = []
        width = 0.0
        for piece in _DIGIT_RUNS.finditer(get_display(text, base_dir=base)):
            drawn: list[tuple[bytes, float]] = []
            for char in piece.group():
                try:
                    drawn.append(self.glyphs[char])
                except KeyError:
                    raise FolioError(f"no glyph for {char!r} in the probe") from None
            width += sum(advance for _, advance in drawn)
            code = None
            if whole and base == "R" and piece.group(1) and len(drawn) > 1 and self.font:
                glyph_ids = tuple(int.from_bytes(glyph, "big") for glyph, _ in drawn)
                units = tuple(advance / self.scale for _, advance in drawn)
                code = whole(self.font, glyph_ids, units, piece.group())
            if code is not None:
                run.append(pikepdf.String(code.to_bytes(2, "big")))
            else:
                run += [pikepdf.String(glyph) for glyph, _ in drawn]
        operations = list(self.operations)
        matrix = [float(value) for value in operations[self.line][0]]
        x = self.start + self.width / 2 - width / 2
        if place is not None:
            x = place if left_aligned else place - width
        matrix[4] = round(x, 6)
        operations[self.line] = (matrix, operations[self.line][1])
        operations[self.line + 1] = ([pikepdf.Array(run)], pikepdf.Operator("TJ"))
        return operations

    def inline(self, y: float) -> _Run:
        """The run on another baseline, without the page transforms: for drawing in place of
        a text object of a page, in its coordinates."""
        operations: list[Operation] = [([], pikepdf.Operator("q"))]
        line = -1
        inside = False
        for index, (operands, operator) in enumerate(self.operations):
            name = str(operator)
            inside = inside or name == "BT"
            if index == self.line:
                line = len(operations)
                operands = [*list(operands)[:5], y]
            if inside or name in _STATE_OPERATORS:
                operations.append((operands, operator))
            inside = inside and name != "ET"
        operations.append(([], pikepdf.Operator("Q")))
        return _Run(
            tuple(operations), line, self.glyphs, self.start, self.width, self.font, self.scale
        )


Composer = Callable[[str, tuple[int, ...], tuple[float, ...], str], "int | None"]
"""``compose(font, glyph_ids, advances, text)``: the code of a glyph added to the document's
copy of the font file ``font`` (its hash) that draws those glyphs one after the other
(advances in thousandths of an em) and copies as ``text``; None when it cannot be added.
pypdf takes Arabic-Indic digits for right-to-left letters and reads a number drawn a glyph a
digit backwards, but keeps one glyph's text in order (as numbers among letters,
``_text_ops``)."""

_DIGITS = "".join(sorted(ARABIC_DIGITS))
_DIGIT_RUNS = re.compile(f"([{_DIGITS}]+)|([^{_DIGITS}]+)")
"""A visual string cut into runs of Arabic-Indic (or Persian) digits and runs of the rest."""


class Probe:
    """Folio and page-number templates from a rendered probe document (see ``probe.html``)."""

    def __init__(
        self,
        pdf: pikepdf.Pdf,
        slots: Iterable[NumberSlot],
        texts: tuple[str, str],
        right_to_left: bool,
        compose: Composer | None = None,
    ) -> None:
        if len(pdf.pages) not in (3, 5):
            raise FolioError(f"the probe has {len(pdf.pages)} pages, not 3 or 5")
        self._pdf = pdf
        self._base = "R" if right_to_left else "L"
        self._compose = compose
        """Page numbers and counts (not folios: artifacts) as one glyph a number."""
        self.resources: dict[pikepdf.Name, tuple[str, pikepdf.Object]] = {}
        """Resources the templates name (objects of the probe's PDF), and their kinds."""
        text, digits = texts
        self._folios = tuple(self._runs(page, text, None)[0] for page in pdf.pages[:2])
        self._around = tuple(_around(run) for run in self._folios)
        self._numbers: dict[str, _Run] = {}
        for slot in slots:
            if slot.page == 2:
                (run,) = self._runs(pdf.pages[2], digits, (slot.x, slot.y))
                self._numbers.setdefault(slot.style, run)
        self._heads = tuple(self._copied(page) for page in pdf.pages[3:])

    def folio(self, index: int, text: str) -> bytes:
        """Content drawing ``text`` as the folio of the page at ``index`` (0-based)."""
        run, (before, after) = self._folios[index % 2], self._around[index % 2]
        line = run.draw(text, self._base, None, False)[run.line : run.line + 2]
        drawn = (before, pikepdf.unparse_content_stream(line), after)
        return b"q\n" + b"\n".join(part for part in drawn if part) + b"\nQ"

    def head(self, index: int) -> bytes:
        """Content drawing the running head naming the document on the page at ``index``
        (0-based; the probe's page 3 is on the side of odd indexes), as the probe drew it."""
        if not self._heads:
            raise FolioError("the probe shows no running head")
        return self._heads[(index + 1) % 2]

    def number(self, slot: NumberSlot, text: str) -> list[Operation]:
        """Operations drawing ``text`` at the end of a page-number slot, in the place of the
        text object that held it (so that the number is read in its line)."""
        try:
            run = self._numbers[slot.style]
        except KeyError:
            raise FolioError("a page number in a style the probe does not show") from None
        place = slot.left if slot.left_aligned else slot.right
        return run.inline(slot.y).draw(text, self._base, place, slot.left_aligned, self._compose)

    def span(self, slot: NumberSlot, text: str) -> tuple[float, float]:
        """Left and right (CSS px) of ``text`` drawn in a slot."""
        run = self._numbers[slot.style]
        width = sum(run.glyphs[char][1] for char in text if char in run.glyphs)
        if slot.left_aligned:
            return slot.left, slot.left + width
        return slot.right - width, slot.right

    def _runs(self, page: pikepdf.Page, text: str, at: tuple[float, float] | None) -> list[_Run]:
        """The text objects of a page (those starting at ``at`` only, when given), as runs."""
        operations = _operations(page)
        objects: list[tuple[int, int]] = []
        begin = -1
        for index, (_operands, operator) in enumerate(operations):
            name = str(operator)
            if name == "BT":
                begin = index
            elif name == "ET":
                objects.append((begin, index))
            elif name in _UNSUPPORTED:
                raise FolioError(f"the probe page uses {name}, which a template cannot")
        runs = []
        visual = get_display(text, base_dir=self._base)
        for begin, end in objects:
            if at is not None and not any(
                str(operator) == "Tm" and _near(operands, at)
                for operands, operator in operations[begin:end]
            ):
                continue
            kept = [
                item
                for index, item in enumerate(operations)
                if not any(b <= index <= e for b, e in objects if b != begin)
            ]
            runs.append(self._run(page, kept, visual))
        if len(runs) != 1:
            raise FolioError(f"{len(runs)} glyph runs where the probe should show one")
        return runs

    def _copied(self, page: pikepdf.Page) -> bytes:
        """A page's whole content (text only, its resources renamed), to draw on another."""
        operations: list[Operation] = []
        for operands, operator in _operations(page):
            name = str(operator)
            if name == "Tf":
                operands = [self._rename(page, "/Font", operands[0]), operands[1]]
            elif name == "gs":
                operands = [self._rename(page, "/ExtGState", operands[0])]
            elif name in _UNSUPPORTED - _MARKED:
                raise FolioError(f"the probe's running head uses {name}")
            operations.append((operands, operator))
        return _isolated(operations)

    def _run(self, page: pikepdf.Page, operations: list[Operation], visual: str) -> _Run:
        line = -1
        size = 0.0
        font: pikepdf.Object | None = None
        glyphs: list[tuple[bytes, float]] = []
        renamed: list[Operation] = []
        for operands, operator in operations:
            name = str(operator)
            if name == "Tf":
                font = page.obj.Resources.Font[operands[0]]
                operands = [self._rename(page, "/Font", operands[0]), operands[1]]
                size = float(operands[1])
            elif name == "gs":
                operands = [self._rename(page, "/ExtGState", operands[0])]
            elif name == "Tm":
                line = len(renamed)
            elif name in ("TJ", "Tj"):
                if glyphs or len(renamed) != line + 2 or str(renamed[line + 1][1]) != "Tf":
                    raise FolioError("the probe's run is not Tm, Tf, one TJ")
                glyphs = _glyph_run(operands[0])
                # Tf comes between Tm and TJ in WeasyPrint's output: keep Tm, TJ adjacent.
                renamed[line], renamed[line + 1] = renamed[line + 1], renamed[line]
                line += 1
            elif name in _TEXT_OPERATORS:
                raise FolioError(f"the probe's run uses {name}")
            renamed.append((operands, operator))
        if line < 0 or font is None or not glyphs:
            raise FolioError("the probe shows no glyph run")
        if len(glyphs) != len(visual):
            raise FolioError("the probe's run is not one glyph per character")
        widths, default = _widths(font)
        matrix = [float(value) for value in renamed[line][0]]
        scale = matrix[0] * size / 1000
        advances: dict[str, tuple[bytes, float]] = {}
        for char, (glyph, adjustment) in zip(visual, glyphs, strict=True):
            advance = (widths.get(int.from_bytes(glyph, "big"), default) - adjustment) * scale
            if advances.setdefault(char, (glyph, advance)) != (glyph, advance):
                raise FolioError(f"{char!r} is drawn two ways in the probe")
        width = sum(advances[char][1] for char in visual)
        return _Run(tuple(renamed), line, advances, matrix[4], width, font_key(font), scale)

    def _rename(self, page: pikepdf.Page, kind: str, name: object) -> pikepdf.Name:
        resource = page.obj.Resources[kind][name]
        if not resource.is_indirect:  # so that it can be copied into the assembled document
            resource = page.obj.Resources[kind][name] = self._pdf.make_indirect(resource)
        new = pikepdf.Name(f"/NR{kind[1:]}{str(name)[1:]}")
        kept = self.resources.setdefault(new, (kind, resource))
        if kept[1].objgen != resource.objgen:
            raise FolioError(f"the probe pages use two resources named {name}")
        return new


def _around(run: _Run) -> tuple[bytes, bytes]:
    """A run's content before its text matrix and after its glyphs, written once: a folio
    changes only those two (``Probe.folio``, as ``_isolated`` would write it)."""
    return (
        pikepdf.unparse_content_stream(run.operations[: run.line]),
        pikepdf.unparse_content_stream(run.operations[run.line + 2 :]),
    )


def _isolated(operations: list[Operation]) -> bytes:
    """Content that leaves the graphics state as it found it (the probe's starts with a cm)."""
    return b"q\n" + pikepdf.unparse_content_stream(operations) + b"\nQ"


def _operations(page: pikepdf.Page) -> list[tuple[list[object], pikepdf.Operator]]:
    return [(list(operands), operator) for operands, operator in pikepdf.parse_content_stream(page)]


def _near(matrix_operands: list[object], at: tuple[float, float]) -> bool:
    matrix = [float(value) for value in matrix_operands]  # type: ignore[arg-type]
    return abs(matrix[4] - at[0]) < 0.01 and abs(matrix[5] - at[1]) < 0.01


def _glyph_run(operand: object) -> list[tuple[bytes, float]]:
    """Glyph ids (two bytes each) of a TJ/Tj operand, each with the adjustment that follows."""
    items = operand if isinstance(operand, pikepdf.Array) else [operand]
    run: list[tuple[bytes, float]] = []
    for item in items:
        if isinstance(item, pikepdf.String):
            data = bytes(item)
            run += [(data[i : i + 2], 0.0) for i in range(0, len(data), 2)]
        elif run:
            glyph, adjustment = run[-1]
            run[-1] = (glyph, adjustment + float(item))
        elif float(item):
            raise FolioError("the probe's run starts with a shift")
    return run


def _widths(font: pikepdf.Object) -> tuple[dict[int, float], float]:
    """Advance widths (thousandths of an em) of a CID font's glyphs, and its default width."""
    descendant = font.DescendantFonts[0]
    return cid_widths(descendant.get("/W", pikepdf.Array())), float(descendant.get("/DW", 1000))
