"""Folios ("١٢ / ٣٠٢") drawn into assembled pages, glyph for glyph as WeasyPrint draws them.

Parts of a large document are laid out before their page numbers are known. A probe document,
with the document's own styles, prints one folio holding every digit on two pages (one of each
side). Its page content is the template of every folio: same font, size, colour and baseline;
only the glyphs change, and the start of the line, so that the folio stays centred.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from bidi import get_display

PROBE_PAGE = 13579
PROBE_TOTAL = 24680
"""The probe's folio: every digit once, and the two numbers told apart."""

DIGITS = {
    "decimal": "0123456789",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "persian": "۰۱۲۳۴۵۶۷۸۹",
}
"""The digits of each CSS counter style a document may number its pages in."""

FONT = pikepdf.Name("/NRfolio")
"""The resource name folios use for their font, in every page they are drawn on."""


class FolioError(Exception):
    """The probe page is not the single line of glyphs a folio template must be."""


def folio_text(page: int, total: int, counter_style: str) -> str:
    """What ``counter(page) " / " counter(pages)`` prints in this counter style."""
    return f"{number_text(page, counter_style)} / {number_text(total, counter_style)}"


def probe_text(counter_style: str) -> str:
    """The folio the probe document prints."""
    return folio_text(PROBE_PAGE, PROBE_TOTAL, counter_style)


@dataclass(frozen=True, slots=True)
class _Side:
    operations: tuple[tuple[list[object], pikepdf.Operator], ...]
    """The probe page's content, with the font and graphics states renamed."""
    line: int
    """Index of the text matrix (Tm) in ``operations``; the glyphs follow it."""
    glyphs: int
    """Index of the glyph run (TJ)."""
    centre: float
    """Centre of the folio line, in text space."""


class Folios:
    """Draws folios on assembled pages from a rendered probe document."""

    def __init__(self, probe: pikepdf.Pdf, counter_style: str, right_to_left: bool) -> None:
        if len(probe.pages) != 2:
            raise FolioError(f"the probe has {len(probe.pages)} pages, not 2")
        self._pdf = probe
        self._base = "R" if right_to_left else "L"
        self._resources: dict[pikepdf.Name, pikepdf.Object] = {}
        self._glyphs: dict[str, tuple[bytes, float]] = {}
        self._size = 0.0
        visual = get_display(probe_text(counter_style), base_dir=self._base)
        self._sides = tuple(self._side(page, visual) for page in probe.pages)

    @property
    def resources(self) -> dict[pikepdf.Name, pikepdf.Object]:
        """Resources the folio content names (in the probe's PDF): font and graphics states."""
        return self._resources

    def content(self, index: int, text: str) -> bytes:
        """Content stream drawing ``text`` as the folio of the page at ``index`` (0-based)."""
        side = self._sides[index % 2]
        run: list[object] = []
        width = 0.0
        for char in get_display(text, base_dir=self._base):
            try:
                glyph, advance = self._glyphs[char]
            except KeyError:
                raise FolioError(f"no glyph for {char!r} in the probe") from None
            run.append(pikepdf.String(glyph))
            width += advance
        operations = list(side.operations)
        matrix = [float(value) for value in operations[side.line][0]]
        matrix[4] = round(side.centre - width * matrix[0] * self._size / 2000, 6)
        operations[side.line] = (matrix, operations[side.line][1])
        operations[side.glyphs] = ([pikepdf.Array(run)], operations[side.glyphs][1])
        return pikepdf.unparse_content_stream(operations)

    def _side(self, page: pikepdf.Page, visual: str) -> _Side:
        operations = []
        line = glyphs = -1
        font_size = 0.0
        run: list[tuple[bytes, float]] = []
        matrix: list[float] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            operands = list(operands)
            if name == "Tf":
                operands[0] = self._rename(page, "/Font", operands[0], FONT)
                font_size = float(operands[1])
            elif name == "gs":
                operands[0] = self._rename(page, "/ExtGState", operands[0], None)
            elif name == "Tm":
                if line >= 0:
                    raise FolioError("the probe's folio is more than one line")
                line = len(operations)
                matrix = [float(value) for value in operands]
            elif name in ("TJ", "Tj"):
                if glyphs >= 0:
                    raise FolioError("the probe's folio is in more than one font or run")
                glyphs = len(operations)
                run = _glyph_run(operands[0])
                operator = pikepdf.Operator("TJ")
            elif name in ("Do", "sh", "cs", "CS", "scn", "SCN", "BDC", "DP", "'", '"'):
                raise FolioError(f"the probe page uses {name}, which a folio cannot")
            operations.append((operands, operator))
        if line < 0 or glyphs < 0 or not font_size:
            raise FolioError("the probe page shows no folio")
        if len(run) != len(visual):
            raise FolioError("the probe's folio is not one glyph per character")
        widths, default = _widths(self._resources[FONT])
        for char, (glyph, adjustment) in zip(visual, run, strict=True):
            advance = widths.get(int.from_bytes(glyph, "big"), default) - adjustment
            if self._glyphs.setdefault(char, (glyph, advance)) != (glyph, advance):
                raise FolioError(f"{char!r} is drawn two ways in the probe")
        if self._size and self._size != font_size:
            raise FolioError("the probe's two folios differ in size")
        self._size = font_size
        width = sum(self._glyphs[char][1] for char in visual)
        centre = matrix[4] + width * matrix[0] * font_size / 2000
        return _Side(tuple(operations), line, glyphs, centre)

    def _rename(
        self, page: pikepdf.Page, kind: str, name: object, new: pikepdf.Name | None
    ) -> pikepdf.Name:
        resource = page.obj.Resources[kind][name]
        if not resource.is_indirect:  # so that it can be copied into the assembled document
            resource = page.obj.Resources[kind][name] = self._pdf.make_indirect(resource)
        if new is None:
            new = pikepdf.Name(f"/NR{kind[1:]}{str(name)[1:]}")
        if self._resources.setdefault(new, resource).objgen != resource.objgen:
            raise FolioError(f"the probe pages use two resources named {name}")
        return new


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
            raise FolioError("the probe's folio starts with a shift")
    return run


def _widths(font: pikepdf.Object) -> tuple[dict[int, float], float]:
    """Advance widths (thousandths of an em) of a CID font's glyphs, and its default width."""
    from .assemble import cid_widths

    descendant = font.DescendantFonts[0]
    return cid_widths(descendant.get("/W", pikepdf.Array())), float(descendant.get("/DW", 1000))


def number_text(number: int, counter_style: str) -> str:
    """What ``counter(page)`` prints for ``number`` in this counter style."""
    return str(number).translate(str.maketrans("0123456789", DIGITS[counter_style]))
