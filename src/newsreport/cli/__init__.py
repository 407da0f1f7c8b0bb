"""The ``newsreport`` command: thin wrappers over the library, errors as one line, exit codes.

One module per command (``_build``, ``_watch``, ``_inspect``, ``_many``, ``_templates``,
``_config``); the options they share are made once in ``_flags``.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from ._build import build
from ._config import config
from ._inspect import inspect
from ._many import many
from ._report import echo_error, fail
from ._templates import templates
from ._watch import watch

__all__ = ["main"]

BROKEN_PIPE = 141
"""Exit status when standard output's reader has gone (``| head``): 128 + SIGPIPE, what a
shell reports for a command a closed pipe stopped."""


class Command(click.Group):
    """Turns an unexpected exception into one line (a traceback only with ``--debug``)."""

    def invoke(self, ctx: click.Context) -> object:
        from .._scratch import Stopped, signals_end_cleanly

        try:
            with signals_end_cleanly():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            raise SystemExit(fail("interrupted; nothing written", 130)) from None
        except Stopped as stopped:
            raise SystemExit(fail("stopped by a signal; nothing written", stopped.code)) from None
        except BrokenPipeError:
            _drop_stdout()
            raise SystemExit(BROKEN_PIPE) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:
            from ..errors import NewsreportError

            if isinstance(error, NewsreportError):  # meant: one line, even with --debug
                for message in error.details:
                    echo_error(f"warning: {message}")
                raise SystemExit(fail(str(error), error.exit_code)) from None
            if ctx.meta.get("newsreport.debug"):
                raise
            raise SystemExit(
                fail(
                    f"internal error: {type(error).__name__}: {error} (run with --debug for details)",
                    3,
                )
            ) from None


def _drop_stdout() -> None:
    """Point standard output at /dev/null: what is still buffered for the reader that left
    cannot be flushed at exit (Python would print an error about it)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass


@click.group(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsreport", prog_name="newsreport")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn parsed news articles into print-ready PDF briefings.

    Shell completion: eval "$(_NEWSREPORT_COMPLETE=bash_source newsreport)" (zsh_source,
    fish_source for other shells).
    """
    ctx.meta["newsreport.debug"] = debug
    if debug:
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


for _command in (build, watch, inspect, many, templates, config):
    main.add_command(_command)
