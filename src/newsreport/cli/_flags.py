"""The options the commands share, each made once: every render option as a flag (from the
one definition in ``options``), ``--config``, ``--quiet`` and ``--verbose``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..options import Options

F = TypeVar("F", bound=Callable[..., Any])

METAVARS: dict[tuple[str, ...], str] = {
    ("template",): "NAME",
    ("language",): "CODE",
    ("date",): "YYYY-MM-DD",
    ("digest", "period"): "PERIOD",
    ("print", "bleed"): "LENGTH",
    ("fetch", "hosts"): "HOST",
}
"""What a value looks like, for the help of text options with a form of their own."""


def option_flags(command: F) -> F:
    """Add a ``--NAME`` flag for every render option, from the one definition in ``options``."""
    from ..options import option_specs

    for spec in reversed(option_specs()):
        flag = spec.flag
        metavar = METAVARS.get(spec.path)
        if spec.kind == "flag" and spec.default is True:
            name = flag[2:]
            decorator = click.option(f"{flag}/--no-{name}", default=None, help=spec.help)
        elif spec.kind == "flag":
            decorator = click.option(flag, is_flag=True, default=None, help=spec.help)
        elif spec.kind == "list":
            decorator = click.option(flag, multiple=True, metavar=metavar, help=spec.help)
        elif spec.kind == "choice":
            choice = click.Choice(spec.choices, case_sensitive=False)
            shown = "[" + "|".join(spec.choices) + "]"
            decorator = click.option(flag, type=choice, metavar=shown, help=spec.help)
        elif spec.kind == "folder":
            folder = click.Path(path_type=Path, file_okay=False)
            decorator = click.option(flag, type=folder, help=spec.help)
        elif spec.kind == "integer":
            # Checked by the options (one message for the command line and config files).
            decorator = click.option(flag, metavar="INTEGER", help=spec.help)
        else:
            decorator = click.option(flag, metavar=metavar, help=spec.help)
        command = decorator(command)
    return command


def config_option(command: F) -> F:
    """``--config FILE.toml``."""
    return click.option(
        "--config", type=click.Path(path_type=Path, dir_okay=False), help="TOML file of options."
    )(command)


def html_option(command: F) -> F:
    """``--html FILE``: the document's HTML, beside its PDF."""
    return click.option(
        "--html",
        "html_output",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Also write the HTML.",
    )(command)


def report_options(command: F) -> F:
    """``--quiet`` and ``--verbose``."""
    command = click.option(
        "-v", "--verbose", is_flag=True, help="Also print how long each stage took."
    )(command)
    return click.option(
        "-q", "--quiet", is_flag=True, help="Print errors only: no warnings, progress or summary."
    )(command)


def flags_to_options(flags: dict[str, object]) -> dict[str, Any]:
    """Click's parameters (``group_by``, ``paper``…) back to nested option names."""
    from ..options import nest, option_specs

    by_parameter = {spec.flag[2:].replace("-", "_"): spec.path for spec in option_specs()}
    return nest({by_parameter[name]: value for name, value in flags.items()})


def command_options(config: Path | None, flags: dict[str, object]) -> Options:
    """The options of a command: defaults, ``--config``, then the flags; a ``[briefing]``
    flag the chosen template does not print is refused (it would be lost silently)."""
    from ..errors import UsageError
    from ..render import resolve_options
    from ..view import check_template

    options = resolve_options(config=config, source="command line", **flags_to_options(flags))
    given = [key for key in check_template(options) if flags.get(key) not in (None, ())]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise UsageError(
            f"{flag} is for briefing packs: the {options.template} template does not "
            "print it (add --template briefing)"
        )
    return options
