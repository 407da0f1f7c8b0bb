"""What each document template is made of: its blocks and every file it uses, each found in
the user's folder or the built-in one (``newsreport templates`` prints it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.meta
import jinja2.nodes

from ..options import Options
from .document import document_templates, template_environment, template_errors


@dataclass(frozen=True, slots=True)
class TemplateFile:
    """One file a template uses (itself, the one it extends, the ones it includes)."""

    name: str
    """Its name in the template folders: ``digest.html``, ``partials/cover.html``."""
    path: Path
    """Where it was found."""
    yours: bool
    """Whether it comes from the user's folder (``templates``), overriding the built-in one."""


@dataclass(frozen=True, slots=True)
class TemplateOutline:
    """A document template one can name with ``--template``."""

    name: str
    """``digest``, ``briefing`` or a user's own."""
    blocks: tuple[str, ...]
    """The ``{% block %}`` names a template extending it may fill."""
    files: tuple[TemplateFile, ...]
    """Every file it uses, in order of first use: each can be overridden by a file of the
    same name in the user's folder."""


def template_outlines(options: Options) -> list[TemplateOutline]:
    """Every document template, built-in and the user's (``options.templates``)."""
    environment = template_environment(options.templates)
    user = options.templates.resolve() if options.templates else None
    outlines = []
    with template_errors():
        for name in document_templates(options):
            files: dict[str, TemplateFile] = {}
            blocks: dict[str, None] = {}
            _walk(environment, f"{name}.html", user, files, blocks)
            outlines.append(TemplateOutline(name, tuple(blocks), tuple(files.values())))
    return outlines


def _walk(
    environment: jinja2.Environment,
    name: str,
    user: Path | None,
    files: dict[str, TemplateFile],
    blocks: dict[str, None],
) -> None:
    """Depth first through extends and includes; names Jinja cannot know before rendering
    (a variable's value) are left out."""
    if name in files:
        return
    assert environment.loader is not None
    source, filename, _ = environment.loader.get_source(environment, name)
    path = Path(filename or name)
    files[name] = TemplateFile(name, path, user is not None and path.resolve().is_relative_to(user))
    tree = environment.parse(source, name, filename)
    for block in tree.find_all(jinja2.nodes.Block):
        blocks.setdefault(block.name)
    for referenced in jinja2.meta.find_referenced_templates(tree):
        if referenced is not None:
            _walk(environment, referenced, user, files, blocks)
