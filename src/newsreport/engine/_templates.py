"""The HTML of a document's parts: the document's own templates, with the engine's around them.

User templates print content only (``docs/templates.md``). What a part needs besides — running
strings, a stand-in for the body, hidden page numbers, the probe — comes from the engine's own
templates (``engine/templates``), looked up before the user's and the built-in ones, and from
``engine.css``, which follows the document's stylesheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..options import Options
from ..view import DocumentView, render_view_css
from ..view.document import template_environment, template_errors

ENGINE_TEMPLATES = Path(__file__).parent / "templates"
"""The engine's templates: ``chunk.html``, ``frame.html``, ``probe.html``, ``engine.css``."""
FRAME_TEMPLATES = ENGINE_TEMPLATES / "frame"
"""Partials the frame uses instead of the document's: the body's stand-in."""
STAND_IN = "nr-body"
"""Id of the frame's stand-in for the body."""


@dataclass(frozen=True, slots=True)
class PartContext:
    """What the engine's templates receive as ``engine``, besides the document's ``doc``."""

    part: str
    """``chunk`` (some articles), ``frame`` (all but the body) or ``probe`` (folios)."""
    document: str = ""
    """The document's template (``digest.html``), which the frame extends."""
    placeholder: str = ""
    """What page-number slots hold (hidden) while the numbers are not known."""
    count_placeholder: str = ""
    """Frame: what the cover's article count holds, hidden, until it is drawn at assembly
    (as many digits as the count has)."""
    probe_folio: str = ""
    """Probe: the text printed where folios go."""
    probe_number: str = ""
    """Probe: the text printed where page numbers go."""
    heads: bool = False
    """Probe: the running head naming the document is drawn at assembly, from two pages
    that show only it (one of each side); chunks leave it empty."""
    stand_in: bool = True
    """Frame: whether the body's stand-in is laid out."""
    anchors: tuple[str, ...] = ()
    """Frame: the anchors the stand-in holds (links to the body resolve to them)."""
    window_css: str = ""
    """Frame: styles that hide what a slice does not show (see ``_frame``)."""


def _environment(options: Options, part: str):  # type: ignore[no-untyped-def]
    folders = (FRAME_TEMPLATES, ENGINE_TEMPLATES) if part == "frame" else (ENGINE_TEMPLATES,)
    return template_environment(options.templates, folders)


def part_html(view: DocumentView, options: Options, context: PartContext) -> str:
    """The part's HTML, its stylesheet left out (``part_css``: parsed once for all parts)."""
    with template_errors():
        template = _environment(options, context.part).get_template(f"{context.part}.html")
        return template.render(doc=view, engine=context, inline_styles=False)


def part_css(view: DocumentView, options: Options, context: PartContext) -> str:
    """The document's stylesheet, then the engine's for this kind of part."""
    with template_errors():
        engine = _environment(options, context.part).get_template("engine.css")
        return render_view_css(view, options) + "\n" + engine.render(doc=view, engine=context)


def body_anchors(view: DocumentView) -> tuple[str, ...]:
    """The anchors of the body: titled groups' headings and every article."""
    return tuple(
        anchor
        for group in view.groups
        for anchor in ([group.anchor] if group.title else []) + [a.anchor for a in group.articles]
    )
