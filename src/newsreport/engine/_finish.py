"""Print settings written into each PDF by WeasyPrint's writer (its ``finisher`` hook).

- Right-to-left documents get ``/ViewerPreferences /Direction /R2L`` when asked
  (``[print] rtl_spreads``), so viewers show two-page spreads in reading order; PDFium then
  reads every line right to left, so it is off by default.
- Crop marks are drawn outside the bleed, on a media box grown to hold them, with the TrimBox
  and BleedBox set: WeasyPrint's own ``marks`` fall inside a small bleed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import _internals

MM = 72 / 25.4
"""PDF points per millimetre."""
MARK_GAP_MM = 2.0
"""Space between the bleed edge and a crop mark."""
MARK_LENGTH_MM = 6.0
"""Length of a crop mark."""
MARK_MARGIN_MM = 2.0
"""Paper left beyond the marks."""


@dataclass(frozen=True, slots=True)
class Finish:
    """What to change in the written PDF."""

    right_to_left: bool = False
    """The document runs right to left (its folios are drawn so)."""
    spreads_right_to_left: bool = False
    """Set the viewer's page progression to right to left (``/Direction /R2L``)."""
    crop_marks: bool = False
    """Draw crop marks outside the bleed."""
    bleed_mm: float = 0.0
    """Bleed around the trimmed page."""


def finisher(finish: Finish) -> Callable[[Any, Any], None]:
    """A WeasyPrint ``finisher(document, pdf)`` applying ``finish`` to the pydyf PDF."""

    def apply(_document: Any, pdf: Any) -> None:
        import pydyf

        if finish.spreads_right_to_left:
            preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary({})
            preferences["Direction"] = "/R2L"
            pdf.catalog["ViewerPreferences"] = preferences
        if finish.crop_marks or finish.bleed_mm:
            for page in _internals.pydyf_pages(pdf):
                _print_boxes(pdf, page, finish, pydyf)

    return apply


def _print_boxes(pdf: Any, page: Any, finish: Finish, pydyf: Any) -> None:
    left, bottom, right, top = (float(value) for value in page["MediaBox"])
    bleed = finish.bleed_mm * MM
    # WeasyPrint's media box is the trimmed page grown by the bleed.
    trim = (left + bleed, bottom + bleed, right - bleed, top - bleed)
    page["TrimBox"] = pydyf.Array([round(value, 4) for value in trim])
    page["BleedBox"] = pydyf.Array([left, bottom, right, top])
    if not finish.crop_marks:
        return
    reach = bleed + (MARK_GAP_MM + MARK_LENGTH_MM + MARK_MARGIN_MM) * MM
    x0, y0, x1, y1 = trim
    page["MediaBox"] = pydyf.Array([x0 - reach, y0 - reach, x1 + reach, y1 + reach])
    start = bleed + MARK_GAP_MM * MM
    end = start + MARK_LENGTH_MM * MM
    marks = pydyf.Stream()
    marks.begin_marked_content("Artifact")  # not content: tagged (PDF/UA) readers skip it
    marks.push_state()
    marks.set_line_width(0.3)
    marks.set_color_rgb(0, 0, 0, stroke=True)
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        marks.move_to(x + sx * start, y)
        marks.line_to(x + sx * end, y)
        marks.move_to(x, y + sy * start)
        marks.line_to(x, y + sy * end)
    marks.stroke()
    marks.pop_state()
    marks.end_marked_content()
    before = pydyf.Stream()
    before.push_state()
    after = pydyf.Stream()
    after.pop_state()
    for stream in (before, after, marks):
        pdf.add_object(stream)
    page["Contents"] = pydyf.Array(
        [before.reference, page["Contents"], after.reference, marks.reference]
    )
