"""One part of a large document laid out in a worker process: only plain data crosses over."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .._messages import collected_warnings
from ._finish import Finish
from ._layout import PdfBytes, html_to_pdf
from ._workers import release_memory


@dataclasses.dataclass(frozen=True, slots=True)
class PartJob:
    """One document to lay out in a worker: everything it needs is in here."""

    html: str
    base_url: str
    folders: tuple[Path, ...]
    finish: Finish | None = None
    number_slots: bool = False
    """Record page-number slots (frame and probe)."""
    css: str = ""
    """The stylesheet, when the HTML has none inline (shared by parts, parsed once)."""
    tagged: bool = False
    """Write the structure (a tagged PDF); the assembly merges the parts' trees."""
    variant: str | None = None
    """The PDF/A or PDF/UA variant each part is written as (``PARTS_VARIANTS``)."""


@dataclasses.dataclass(frozen=True, slots=True)
class PartResult:
    """A laid-out part: the PDF (fonts whole) and the warnings raised while making it."""

    pdf: PdfBytes
    warnings: tuple[str, ...]


def render_part(job: PartJob) -> PartResult:
    """Lay out one part (runs in a worker process)."""
    with collected_warnings(quiet=True) as messages:
        pdf = lay_out(job, job.html)
    return PartResult(pdf, tuple(messages))


def lay_out(job: PartJob, html: str, entries: frozenset[str] = frozenset()) -> PdfBytes:
    """``html`` laid out with the job's settings, fonts whole (to be subset once, assembled)."""
    from ._fetcher import RestrictedFetcher

    try:
        return html_to_pdf(
            html,
            base_url=job.base_url,
            fetcher=RestrictedFetcher(job.folders),
            finish=job.finish,
            subset_fonts=False,
            number_slots=job.number_slots,
            stylesheet=job.css or None,
            folders=tuple(str(folder) for folder in job.folders),
            entries=entries,
            tagged=job.tagged,
            variant=job.variant,
        )
    finally:
        release_memory()
