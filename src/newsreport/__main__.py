"""``python -m newsreport``: the command."""

from .cli import main

main(prog_name="newsreport")
