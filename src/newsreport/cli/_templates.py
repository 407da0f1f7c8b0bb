"""``newsreport templates``: the document templates one can name, and what each is made of."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from ._flags import config_option


@click.command(short_help="List the templates, their blocks and the files you can override.")
@click.option(
    "--templates",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of your own templates (as for build).",
)
@config_option
def templates(folder: Path | None, config: Path | None) -> None:
    """List the document templates (built-in, then yours from --templates or the config
    file's templates), with the blocks a template of yours may fill and every file each
    uses: a file of the same name in your folder overrides it ("yours")."""
    from .._resources import templates_dir
    from ..render import resolve_options
    from ..view.template_files import template_outlines

    options = resolve_options(config=config, source="command line", templates=folder)
    for outline in template_outlines(options):
        head, *used = outline.files
        click.echo(outline.name + ("  (yours)" if head.yours else ""))
        click.echo(f"  blocks  {', '.join(outline.blocks) or '—'}")
        names = ", ".join(item.name + (" (yours)" if item.yours else "") for item in used)
        lines = textwrap.wrap(names, 88, break_on_hyphens=False) or ["—"]
        click.echo(f"  uses    {lines[0]}")
        for line in lines[1:]:
            click.echo(f"          {line}")
    click.echo(f"built-in: {templates_dir()}")
    if options.templates is not None:
        click.echo(f"yours:    {options.templates}")
    else:
        click.echo("yours:    none (copy a file above into a folder, then --templates FOLDER)")
