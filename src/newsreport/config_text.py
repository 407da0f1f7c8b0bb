"""Options as TOML text: the commented sample config file and the effective settings with
where each came from, both made from the one definition (``option_specs``) so they never drift."""

from __future__ import annotations

import datetime as _dt
import enum
import json
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .model import Period
from .options import SECTIONS, Options, OptionSpec, option_specs

DEFAULT = "default"
"""The origin of a setting no layer made."""

_HEADER = """\
# newsreport options (TOML), every key at its default. A key commented out ("# key = …") is
# unset by default: newsreport decides it from the articles; remove the "# " to set it.
# Use it with --config FILE: command-line flags win over this file, this file over defaults.
"""


def toml_value(value: Any, kind: str = "text") -> str:
    """One option value as TOML (``kind`` tells a table of pairs from a list)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, enum.Enum):
        return toml_value(value.value)
    if isinstance(value, Period):
        return toml_value(value.text)
    if isinstance(value, _dt.date):
        return toml_value(value.isoformat())
    if isinstance(value, Path):
        return toml_value(str(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string
    if kind == "table" or isinstance(value, Mapping):
        pairs = value.items() if isinstance(value, Mapping) else value
        inner = ", ".join(f"{toml_value(str(key))} = {toml_value(item)}" for key, item in pairs)
        return f"{{ {inner} }}" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def sample_config() -> str:
    """A commented config file with every key at its default; ``load_config`` reads it back
    as ``Options()``."""
    lines = [_HEADER]
    for table, specs in _by_table(option_specs(every=True)):
        if table:
            lines += [f"# {_table_doc(table)}", f"[{table}]"]
        for spec in specs:
            comment = spec.help
            if spec.choices:
                comment += f" One of: {', '.join(map(toml_value, spec.choices))}."
            if spec.is_flag:
                comment += f" ({_flag_text(spec)})"
            lines += [f"# {line}" for line in textwrap.wrap(comment, 92)]
            key = spec.path[-1]
            if spec.default is None:
                lines.append(f"# {key} = {toml_value(spec.example, spec.kind)}")
            else:
                lines.append(f"{key} = {toml_value(spec.default, spec.kind)}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def setting_origins(layers: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[tuple[str, ...], str]:
    """Which layer set each option: ``layers`` are (origin, nested mapping) pairs, lowest
    precedence first (a config file's TOML, then the command line's flags); None sets nothing."""
    origins: dict[tuple[str, ...], str] = {}
    for origin, values in layers:
        for key, value in values.items():
            if key in SECTIONS and isinstance(value, Mapping):
                for inner, item in value.items():
                    if item is not None and item != ():
                        origins[(key, str(inner))] = origin
            elif value is not None and value != ():
                origins[(str(key),)] = origin
    return origins


def effective_config(options: Options, origins: Mapping[tuple[str, ...], str]) -> str:
    """Every setting of ``options`` as TOML, each with a comment naming where it came from
    (``default``, a config file, ``command line``); unset ones are commented out."""
    lines: list[str] = []
    for table, specs in _by_table(option_specs(every=True)):
        if table:
            lines += ["", f"[{table}]"]
        for spec in specs:
            value: Any = options
            for part in spec.path:
                value = getattr(value, part)
            key = spec.path[-1]
            shown = f"{key} = {toml_value(value, spec.kind)}" if value is not None else ""
            text = shown or f"# {key} unset"
            lines.append(f"{text:<40} # {origins.get(spec.path, DEFAULT)}")
    return "\n".join(lines) + "\n"


def _by_table(specs: Sequence[OptionSpec]) -> list[tuple[str, list[OptionSpec]]]:
    """Top-level keys first (TOML needs them before any table), then each table's."""
    tables: dict[str, list[OptionSpec]] = {}
    for spec in specs:
        tables.setdefault(spec.path[0] if len(spec.path) == 2 else "", []).append(spec)
    return sorted(tables.items(), key=lambda item: item[0] != "")


def _table_doc(table: str) -> str:
    doc = (SECTIONS[table].__doc__ or "").strip().splitlines()[0]
    text = doc.split(": ", 1)[-1].replace("``", "")
    return text[:1].upper() + text[1:]


def _flag_text(spec: OptionSpec) -> str:
    if spec.kind == "flag" and spec.default is True:
        return f"{spec.flag}/--no-{spec.flag[2:]}"
    return spec.flag
