"""Render options: one definition shared by the API, the command line and the TOML config file."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import enum
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError


class Digits(enum.Enum):
    """Which digits the document's own numbers use (pages, contents, figures, dates)."""

    LATIN = "latin"
    """0123456789."""

    ARABIC_INDIC = "arabic-indic"
    """٠١٢٣٤٥٦٧٨٩ — the default for Arabic-script documents."""


_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting of a render. Unset values (None) are decided from the articles."""

    template: str = field(default="digest", metadata={"help": "Document template: digest."})
    """Name of the document template (``templates/NAME.html``)."""
    title: str | None = field(
        default=None, metadata={"help": "Title on the cover and in the header."}
    )
    """Document title; a localised "News digest" when unset."""
    subtitle: str | None = field(default=None, metadata={"help": "Subtitle on the cover."})
    """Line under the title on the cover."""
    language: str | None = field(
        default=None, metadata={"help": "Document language (ISO code); default: most common."}
    )
    """Language of the document (its direction follows); else the most common among articles."""
    date: _dt.date | None = field(
        default=None, metadata={"help": "Issue date, YYYY-MM-DD; default: newest article's."}
    )
    """Date printed on the cover; the newest article's date when unset (never the clock)."""
    digits: Digits | None = field(
        default=None, metadata={"help": "Digits for page numbers, contents and dates."}
    )
    """Latin or Arabic-Indic digits; Arabic-Indic for Arabic-script documents when unset."""
    author: str | None = field(default=None, metadata={"help": "Author in the PDF metadata."})
    """Author recorded in the PDF's metadata."""
    templates: Path | None = field(
        default=None, metadata={"help": "Folder of templates that override the built-in ones."}
    )
    """User template folder, searched before the built-in templates."""
    strict: bool = field(default=False, metadata={"help": "Fail, writing nothing, on any warning."})
    """Treat every warning as an error: nothing is written."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The option names, as accepted by the API, the config file and the command line."""
        return tuple(item.name for item in dataclasses.fields(cls))

    @classmethod
    def from_mapping(
        cls, values: Mapping[str, Any], *, source: str = "options", base: Path | None = None
    ) -> Options:
        """Options from a mapping of names to values, each checked; ``source`` names the origin."""
        return cls().updated(values, source=source, base=base)

    def updated(
        self, values: Mapping[str, Any], *, source: str = "options", base: Path | None = None
    ) -> Options:
        """A copy with the given values checked and set; None values leave a setting as it is."""
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if key not in _CONVERTERS:
                close = difflib.get_close_matches(str(key), self.names(), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ConfigError(
                    f"{source}: unknown key '{key}'{hint}; accepted keys: {', '.join(self.names())}"
                )
            if value is None:
                continue
            try:
                changes[key] = _CONVERTERS[key](value, base)
            except (TypeError, ValueError) as error:
                raise ConfigError(f"{source}: key '{key}': {error}") from None
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """How an option is offered on the command line (derived, never written twice)."""

    name: str
    """Option name; the flag is ``--name``."""
    help: str
    """One-line help."""
    kind: str
    """``text``, ``folder``, ``flag`` or ``choice``."""
    choices: tuple[str, ...] = ()
    """Accepted values of a ``choice``."""


def option_specs() -> tuple[OptionSpec, ...]:
    """Every option with its help and kind, in declaration order, for the command line."""
    specs = []
    for item in dataclasses.fields(Options):
        converter = _CONVERTERS[item.name]
        choices: tuple[str, ...] = ()
        if converter is _flag:
            kind = "flag"
        elif converter is _folder:
            kind = "folder"
        elif converter is _digits:
            kind, choices = "choice", tuple(digit.value for digit in Digits)
        else:
            kind = "text"
        specs.append(OptionSpec(item.name, item.metadata["help"], kind, choices))
    return tuple(specs)


def load_config(path: Path | str) -> Options:
    """Options from a TOML file; relative paths in it are relative to the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config file: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return Options.from_mapping(data, source=str(path), base=path.parent)


def _text(value: Any, _base: Path | None) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        raise ValueError("must not be empty")
    return text


def _template(value: Any, base: Path | None) -> str:
    name = _text(value, base)
    if not _TEMPLATE_NAME.match(name):
        raise ValueError(f"{name!r} is not a template name (letters, digits, - and _)")
    return name


def _language(value: Any, base: Path | None) -> str:
    code = _text(value, base)
    if not _LANGUAGE_CODE.match(code):
        raise ValueError(f"{code!r} is not a language code such as 'ar' or 'en'")
    primary, *rest = code.split("-")
    return "-".join([primary.lower(), *rest])


def _date(value: Any, _base: Path | None) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD")


def _digits(value: Any, _base: Path | None) -> Digits:
    if isinstance(value, Digits):
        return value
    try:
        return Digits(str(value).strip().lower())
    except ValueError:
        accepted = " or ".join(repr(item.value) for item in Digits)
        raise ValueError(f"{value!r} is not accepted; use {accepted}") from None


def _folder(value: Any, base: Path | None) -> Path:
    if not isinstance(value, str | Path):
        raise TypeError(f"expected a folder path, got {type(value).__name__}")
    path = Path(value).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    if not path.is_dir():
        raise ValueError(f"{str(value)!r} is not a folder")
    return path


def _flag(value: Any, _base: Path | None) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


_CONVERTERS = {
    "template": _template,
    "title": _text,
    "subtitle": _text,
    "language": _language,
    "date": _date,
    "digits": _digits,
    "author": _text,
    "templates": _folder,
    "strict": _flag,
}
assert set(_CONVERTERS) == set(Options.names()), "every option needs a converter"
