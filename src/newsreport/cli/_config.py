"""``newsreport config``: the effective options and where each came from, or a sample file."""

from __future__ import annotations

from pathlib import Path

import click

from ._flags import command_options, config_option, flags_to_options, option_flags


@click.command(short_help="Show the options in effect and their origins, or a sample file.")
@click.option(
    "--show",
    "mode",
    flag_value="show",
    default=True,
    help="Every option's value and where it came from: default, config file or command line "
    "(the default).",
)
@click.option(
    "--sample",
    "mode",
    flag_value="sample",
    help="Print a commented config file with every key at its default.",
)
@config_option
@option_flags
def config(mode: str, config: Path | None, **flags: object) -> None:
    """Show the options a build with the same --config and flags would use, each with where
    it came from, as TOML; or (--sample) print a config file to start from."""
    from ..config_text import effective_config, sample_config, setting_origins
    from ..errors import UsageError
    from ..options import config_data

    if mode == "sample":
        if config is not None or any(value not in (None, ()) for value in flags.values()):
            raise UsageError("--sample takes no other options: it prints the defaults")
        click.echo(sample_config(), nl=False)
        return
    options = command_options(config, flags)
    layers = [(str(config), config_data(config))] if config is not None else []
    layers.append(("command line", flags_to_options(flags)))
    click.echo(effective_config(options, setting_origins(layers)), nl=False)
