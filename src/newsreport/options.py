"""Render options: one definition shared by the API, the command line and the TOML config file.

Each field carries its help text and its converter; the ``[digest]``, ``[briefing]`` and
``[print]`` tables are nested option groups. The command line offers every top-level option
and the section options marked ``flag`` as ``--name`` (underscores become hyphens).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import enum
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import Period


class Digits(enum.Enum):
    """Which digits the document's own numbers use (pages, contents, figures, dates)."""

    LATIN = "latin"
    """0123456789."""

    ARABIC_INDIC = "arabic-indic"
    """٠١٢٣٤٥٦٧٨٩ — the default for Arabic-script documents."""


class GroupBy(enum.Enum):
    """How a digest gathers its articles."""

    SECTION = "section"
    """By section, named through ``[digest] sections`` (the slug otherwise)."""

    DAY = "day"
    """By publication day (month-only dates form a month group)."""

    NONE = "none"
    """One list, ordered by date then title."""


class Paper(enum.Enum):
    """Paper sizes offered for print."""

    A4 = "A4"
    """210 × 297 mm."""

    A5 = "A5"
    """148 × 210 mm."""

    LETTER = "Letter"
    """8.5 × 11 in."""

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height in millimetres."""
        return {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "Letter": (215.9, 279.4)}[self.value]


TEMPLATES = ("digest", "briefing")
"""The built-in document templates."""
PDF_VARIANTS = (
    "pdf/a-1b",
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2u",
    "pdf/a-3u",
    "pdf/a-4u",
    "pdf/ua-1",
    "pdf/ua-2",
)
"""WeasyPrint variants newsreport offers (PDF/A archival and PDF/UA accessible)."""

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)?\s*$")
_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}

Converter = Callable[[Any, Path | None], Any]


# --- Converters: each checks a value from TOML, the API or the command line. ---------------


def _text(value: Any, _base: Path | None) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        raise ValueError("must not be empty")
    return text


def _known_language(code: str) -> bool:
    """Whether the language is one babel (CLDR) has names, dates and digits for."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _template(value: Any, base: Path | None) -> str:
    name = _text(value, base)
    if not _TEMPLATE_NAME.match(name):
        raise ValueError(f"{name!r} is not a template name (letters, digits, - and _)")
    return name


def _language(value: Any, base: Path | None) -> str:
    code = _text(value, base)
    if not _LANGUAGE_CODE.match(code) or not _known_language(code):
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


def _choice(kind: type[enum.Enum]) -> Converter:
    def convert(value: Any, _base: Path | None) -> Any:
        if isinstance(value, kind):
            return value
        for member in kind:
            if str(value).strip().lower() == str(member.value).lower():
                return member
        accepted = ", ".join(repr(member.value) for member in kind)
        raise ValueError(f"{value!r} is not accepted; use one of {accepted}")

    convert.choices = tuple(str(member.value) for member in kind)  # type: ignore[attr-defined]
    return convert


def _one_of(names: tuple[str, ...]) -> Converter:
    def convert(value: Any, base: Path | None) -> str:
        text = _text(value, base).lower()
        if text not in names:
            raise ValueError(f"{value!r} is not accepted; use one of {', '.join(map(repr, names))}")
        return text

    convert.choices = names  # type: ignore[attr-defined]
    return convert


def _folder(value: Any, base: Path | None) -> Path:
    if not isinstance(value, str | Path):
        raise TypeError(f"expected a folder path, got {type(value).__name__}")
    path = Path(value).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    if not path.is_dir():
        raise ValueError(f"{str(value)!r} is not a folder")
    return path


def _cache_folder(value: Any, base: Path | None) -> Path:
    if not isinstance(value, str | Path):
        raise TypeError(f"expected a folder path, got {type(value).__name__}")
    path = Path(value).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    if path.exists() and not path.is_dir():
        raise ValueError(f"{str(value)!r} exists and is not a folder")
    return path


def _flag(value: Any, _base: Path | None) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise TypeError(f"expected true or false, got {value!r}")


def _count(value: Any, _base: Path | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"expected a whole number, got {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a whole number") from None
    if not 0 <= number <= 50:
        raise ValueError(f"{number} is out of range (0 to 50)")
    return number


def _length_mm(value: Any, _base: Path | None) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        millimetres = float(value)
    elif isinstance(value, str) and (match := _LENGTH.match(value)):
        millimetres = float(match[1]) * _MM_PER_UNIT[match[2] or "mm"]
    else:
        raise ValueError(f"{value!r} is not a length such as '3mm' or '0.125in'")
    if not 0 <= millimetres <= 20:
        raise ValueError(f"{value!r} is out of range (0 to 20 mm)")
    return round(millimetres, 3)


def _period(value: Any, _base: Path | None) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, _dt.date):
        return Period(value, value, value.isoformat())
    if not isinstance(value, str):
        raise TypeError(f"expected a period, got {type(value).__name__}")
    return Period.parse(value)


def _text_list(value: Any, base: Path | None) -> tuple[str, ...]:
    if isinstance(value, str):
        return (_text(value, base),)
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list of texts, got {type(value).__name__}")
    return tuple(_text(item, base) for item in value)


def _text_map(value: Any, base: Path | None) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a table of slug = name, got {type(value).__name__}")
    return tuple((str(key), _text(name, base)) for key, name in value.items())


def _host_list(value: Any, base: Path | None) -> tuple[str, ...]:
    hosts = _text_list(value, base)
    for host in hosts:
        if not re.fullmatch(r"[A-Za-z0-9.-]+(?::\d{1,5})?", host):
            raise ValueError(f"{host!r} is not a host name (such as images.example.com)")
    return tuple(host.lower() for host in hosts)


def _scheme_list(value: Any, base: Path | None) -> tuple[str, ...]:
    schemes = tuple(item.lower() for item in _text_list(value, base))
    for scheme in schemes:
        if scheme not in ("https", "http"):
            raise ValueError(f"{scheme!r} is not accepted; use 'https' and, if you must, 'http'")
    return schemes


def _folder_list(value: Any, base: Path | None) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str | Path) else value
    if not isinstance(items, list | tuple):
        raise TypeError(f"expected a list of folders, got {type(value).__name__}")
    return tuple(_folder(item, base) for item in items)


def _seconds(value: Any, _base: Path | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number of seconds, got {value!r}")
    if not 0 < value <= 300:
        raise ValueError(f"{value} is out of range (more than 0, at most 300 seconds)")
    return float(value)


def _positive(value: Any, _base: Path | None) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)  # from the command line
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{value} must be at least 1")
    return value


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?\s*$", re.IGNORECASE)
_BYTES_PER_UNIT = {"b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000}


def _byte_size(value: Any, base: Path | None) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return _positive(value, base)
    if isinstance(value, str) and (match := _SIZE.match(value)):
        return _positive(int(float(match[1]) * _BYTES_PER_UNIT[(match[2] or "b").lower()]), base)
    raise ValueError(f"{value!r} is not a size such as 5000000 or '5MB'")


def _option(
    default: Any, convert: Converter, help: str, *, flag: bool = True, example: Any = None
) -> Any:
    """A field with its converter, help, whether it is a flag, and (for options unset by
    default) an example value for the sample config file."""
    metadata = {"convert": convert, "help": help, "flag": flag, "example": example}
    return field(default=default, metadata=metadata)


# --- The option groups. -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigestOptions:
    """``[digest]``: which articles a weekly digest holds and how it groups them."""

    period: Period | None = _option(
        None,
        _period,
        "Only articles of this period: 2025-W41, 2025-10 or A..B.",
        example="2025-W41",
    )
    """Articles outside are left out; month-only dates count when the month overlaps."""
    group_by: GroupBy = _option(GroupBy.NONE, _choice(GroupBy), "Group articles by.")
    """Grouping in the body, contents and outline."""
    sections: tuple[tuple[str, str], ...] = _option(
        (), _text_map, "Section slug = display name, in the order groups appear.", flag=False
    )
    """Section slug → display name, in the order groups should appear."""


@dataclass(frozen=True, slots=True)
class BriefingOptions:
    """``[briefing]``: what a briefing pack for a meeting shows."""

    meeting: str | None = _option(
        None, _text, "Meeting name on the briefing cover.", example="Board meeting"
    )
    """Name of the meeting."""
    location: str | None = _option(
        None, _text, "Meeting place on the briefing cover.", example="Room 4"
    )
    """Where it takes place."""
    classification: str | None = _option(
        None, _text, "Marking on the cover and every page (e.g. سري).", example="سري"
    )
    """Security marking, printed on the cover and on every page."""
    agenda: tuple[str, ...] = _option((), _text_list, "Agenda items, in order.", flag=False)
    """Agenda items, in order."""
    notes_pages: int = _option(2, _count, "Ruled notes pages at the end.")
    """How many ruled pages for notes close the pack."""
    watermark: bool = _option(False, _flag, "Light diagonal classification watermark.")
    """Print the classification as a light diagonal watermark too."""


@dataclass(frozen=True, slots=True)
class PrintOptions:
    """``[print]``: paper and production settings for the print shop."""

    paper: Paper = _option(Paper.A4, _choice(Paper), "Paper size.")
    """A4, A5 or Letter."""
    duplex: bool = _option(False, _flag, "Two-sided: mirrored margins, articles start on recto.")
    """Mirrored margins; each article starts on a recto page; blank pages stay bare."""
    rtl_spreads: bool = _option(
        False,
        _flag,
        "Viewers show a right-to-left document's spreads right to left (Chrome then copies "
        "left-to-right lines backwards).",
    )
    """Write ``/ViewerPreferences /Direction /R2L`` in right-to-left documents. PDFium
    (Chrome, Edge) then reads every line right to left: English lines and addresses copy
    backwards. Off by default: copy and search matter more than how a screen pairs pages."""
    kashida: bool = _option(
        False,
        _flag,
        "Justify Arabic, Persian and Urdu paragraphs by stretching words with kashida "
        "(elongated joins) rather than the spaces.",
    )
    """Justified right-to-left lines in Arabic script take their slack in tatweels at the joins
    a typesetter would elongate; the tatweels are drawing, never copied text."""
    bleed: float = _option(0.0, _length_mm, "Bleed around the trimmed page, e.g. 3mm.")
    """Bleed in millimetres (sets the BleedBox)."""
    crop_marks: bool = _option(False, _flag, "Crop marks outside the bleed.")
    """Draw crop marks outside the bleed (sets the TrimBox)."""
    tagged: bool = _option(
        True,
        _flag,
        "Tagged PDF: headings, paragraphs, lists, figures, links and each article's language "
        "for screen readers, reflow and search.",
    )
    """Write the PDF's structure (a tagged PDF): what each piece of text is, in reading
    order, with each article's language where it differs from the document's.
    ``pdf/ua-1`` claims conformance on top of it."""
    pdf_variant: str | None = _option(
        None,
        _one_of(PDF_VARIANTS),
        "PDF/A or PDF/UA variant, e.g. pdf/a-3b or pdf/ua-1.",
        example="pdf/a-3b",
    )
    """Archival or accessible PDF variant, written by WeasyPrint."""


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """``[fetch]``: what a render may read besides the articles' own text."""

    hosts: tuple[str, ...] = _option(
        (), _host_list, "Host remote images may come from (repeat for more)."
    )
    """Hosts remote images may come from (none by default: remote images are not fetched)."""
    schemes: tuple[str, ...] = _option(
        ("https",),
        _scheme_list,
        "Schemes for those hosts: https, and http if you must.",
        flag=False,
    )
    """Schemes allowed for those hosts: https, and http only if listed."""
    folders: tuple[Path, ...] = _option(
        (), _folder_list, "Extra folders local images may come from.", flag=False
    )
    """Extra folders local images may come from (the articles' folders always may)."""
    timeout: float = _option(10.0, _seconds, "Seconds per remote image.", flag=False)
    """Seconds before a remote image request is given up."""
    max_image_bytes: int = _option(
        10_000_000, _byte_size, "Largest remote image downloaded (bytes, or '10MB').", flag=False
    )
    """Largest remote image downloaded."""


@dataclass(frozen=True, slots=True)
class Limits:
    """``[limits]``: caps that keep a hostile or broken input from exhausting the machine."""

    max_file_bytes: int = _option(
        4_000_000, _byte_size, "Bigger article files are refused, named and skipped.", flag=False
    )
    """Largest article file read (bigger ones are refused, named, and skipped)."""
    max_articles: int = _option(5_000, _positive, "Most articles in one document.", flag=False)
    """Most articles in one document."""
    max_title_chars: int = _option(1_000, _positive, "Longest title accepted.", flag=False)
    """Longest title accepted."""
    max_caption_chars: int = _option(4_000, _positive, "Longest caption accepted.", flag=False)
    """Longest caption accepted."""
    max_image_pixels: int = _option(
        40_000_000, _positive, "Bigger images (width × height) become placeholders.", flag=False
    )
    """Largest image (width × height) shown; bigger ones become placeholders."""


SECTIONS: dict[str, type] = {
    "digest": DigestOptions,
    "briefing": BriefingOptions,
    "print": PrintOptions,
    "fetch": FetchOptions,
    "limits": Limits,
}
"""The nested option tables and their types."""


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting of a render. Unset values (None) are decided from the articles."""

    template: str = _option(
        "digest", _template, "Document template: digest, briefing, or one of yours (--templates)."
    )
    """Name of the document template (``templates/NAME.html``)."""
    title: str | None = _option(
        None, _text, "Title on the cover and in the header.", example="Weekly digest"
    )
    """Document title; a localised "News digest" or "Briefing" when unset."""
    subtitle: str | None = _option(None, _text, "Subtitle on the cover.", example="Week 41")
    """Line under the title on the cover."""
    language: str | None = _option(
        None, _language, "Document language (ISO code); default: most common.", example="ar"
    )
    """Language of the document (its direction follows); else the most common among articles."""
    date: _dt.date | None = _option(
        None,
        _date,
        "Issue or meeting date, YYYY-MM-DD; default: newest article's.",
        example="2026-01-15",
    )
    """Date printed on the cover; the newest article's date when unset (never the clock)."""
    digits: Digits | None = _option(
        None,
        _choice(Digits),
        "Digits for page numbers, contents and dates.",
        example="arabic-indic",
    )
    """Latin or Arabic-Indic digits; Arabic-Indic for Arabic-script documents when unset."""
    author: str | None = _option(None, _text, "Author in the PDF metadata.", example="Newsroom")
    """Author recorded in the PDF's metadata."""
    templates: Path | None = _option(
        None,
        _folder,
        "Folder of templates that override the built-in ones.",
        example="my-templates",
    )
    """User template folder, searched before the built-in templates."""
    strict: bool = _option(False, _flag, "Fail, writing nothing, on any warning.")
    """Treat every warning as an error: nothing is written."""
    workers: int | None = _option(
        None,
        _positive,
        "Processes laying out pages; default: one per core (1: one render).",
        example=2,
    )
    """Worker processes for large documents; 1 renders the document in one piece."""
    cache: bool = _option(True, _flag, "Reuse pages laid out by earlier builds.")
    """Keep laid-out parts in the cache folder and reuse them when their input is unchanged."""
    cache_dir: Path | None = _option(
        None,
        _cache_folder,
        "Cache folder; default: ~/.cache/newsreport.",
        example="~/.cache/newsreport",
    )
    """Where the cache lives."""
    digest: DigestOptions = field(default_factory=DigestOptions)
    """``[digest]`` table."""
    briefing: BriefingOptions = field(default_factory=BriefingOptions)
    """``[briefing]`` table."""
    print: PrintOptions = field(default_factory=PrintOptions)
    """``[print]`` table."""
    fetch: FetchOptions = field(default_factory=FetchOptions)
    """``[fetch]`` table."""
    limits: Limits = field(default_factory=Limits)
    """``[limits]`` table."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The top-level keys, as accepted by the API and the config file."""
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
        return _updated(self, values, source, base, "")


def _updated(
    target: Any, values: Mapping[str, Any], source: str, base: Path | None, table: str
) -> Any:
    fields = {item.name: item for item in dataclasses.fields(target)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        where = f"{source}: [{table}] key '{key}'" if table else f"{source}: key '{key}'"
        item = fields.get(str(key))
        if item is None:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            names = ", ".join(fields)
            inside = f" in [{table}]" if table else ""
            raise ConfigError(
                f"{source}: unknown key '{key}'{inside}{hint}; accepted keys: {names}"
            )
        if value is None:
            continue
        if key in SECTIONS and not table:
            if isinstance(value, SECTIONS[key]):
                changes[key] = value
            elif isinstance(value, Mapping):
                changes[key] = _updated(getattr(target, key), value, source, base, key)
            else:
                raise ConfigError(f"{where}: expected a table of options")
            continue
        try:
            changes[key] = item.metadata["convert"](value, base)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{where}: {error}") from None
    return dataclasses.replace(target, **changes)


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """How an option is offered on the command line (derived, never written twice)."""

    path: tuple[str, ...]
    """Where it lives: ``("title",)`` or ``("print", "paper")``."""
    help: str
    """One-line help."""
    kind: str
    """``text``, ``integer``, ``folder``, ``flag``, ``list`` (repeatable), ``choice`` or
    ``table`` (a TOML table, config files only)."""
    choices: tuple[str, ...] = ()
    """Accepted values of a ``choice``."""
    default: Any = None
    """The option's default (a flag on by default is offered as ``--x/--no-x``)."""
    example: Any = None
    """A value to show for an option unset by default (the sample config file)."""
    is_flag: bool = True
    """Whether the command line offers it (the others are for config files and the API)."""

    @property
    def flag(self) -> str:
        """The command-line flag: ``--title``, ``--paper``, ``--group-by``."""
        return "--" + self.path[-1].replace("_", "-")


def option_specs(*, every: bool = False) -> tuple[OptionSpec, ...]:
    """Every command-line option with its help and kind, in declaration order.

    :param every: also the keys only config files and the API take (``agenda``, ``[limits]``…),
        for ``config --sample`` and ``config --show``.
    """
    specs: list[OptionSpec] = []
    for item in dataclasses.fields(Options):
        if item.name in SECTIONS:
            for inner in dataclasses.fields(SECTIONS[item.name]):
                if every or inner.metadata["flag"]:
                    specs.append(_spec((item.name, inner.name), inner))
        else:
            specs.append(_spec((item.name,), item))
    return tuple(specs)


def _spec(path: tuple[str, ...], item: dataclasses.Field[Any]) -> OptionSpec:
    convert = item.metadata["convert"]
    choices: tuple[str, ...] = getattr(convert, "choices", ())
    if convert is _flag:
        kind = "flag"
    elif convert in (_host_list, _text_list, _scheme_list, _folder_list):
        kind = "list"
    elif convert is _text_map:
        kind = "table"
    elif convert in (_folder, _cache_folder):
        kind = "folder"
    elif choices:
        kind = "choice"
    elif convert in (_positive, _count):
        kind = "integer"
    else:
        kind = "text"
    metadata = item.metadata
    return OptionSpec(
        path, metadata["help"], kind, choices, item.default, metadata["example"], metadata["flag"]
    )


def nest(flat: Mapping[tuple[str, ...], Any]) -> dict[str, Any]:
    """``{("print", "paper"): "A5"}`` → ``{"print": {"paper": "A5"}}``, dropping None values."""
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        if value is None or value == ():
            continue
        target = nested
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
    return nested


def load_config(path: Path | str) -> Options:
    """Options from a TOML file; relative paths in it are relative to the file."""
    path = Path(path)
    return Options.from_mapping(config_data(path), source=str(path), base=path.parent)


def config_data(path: Path | str) -> dict[str, Any]:
    """A config file's TOML as it is written (unchecked): what ``load_config`` reads, and how
    ``config --show`` tells which settings the file made."""
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
    return data


def with_absolute_folders(values: Mapping[str, Any], base: Path) -> dict[str, Any]:
    """A mapping of options with its relative folder paths (``templates``, ``cache_dir``,
    ``[fetch] folders``) made absolute against ``base``: for options read from a file and
    used elsewhere (another process, another machine)."""
    fields = {item.name: item for item in dataclasses.fields(Options)}

    def absolute(value: Any) -> Any:
        if isinstance(value, str | Path):
            path = Path(value).expanduser()
            return str(path if path.is_absolute() else base / path)
        if isinstance(value, list | tuple):
            return [absolute(item) for item in value]
        return value

    result: dict[str, Any] = {}
    for key, value in values.items():
        item = fields.get(str(key))
        if key in SECTIONS and isinstance(value, Mapping):
            inner = {entry.name: entry for entry in dataclasses.fields(SECTIONS[key])}
            result[key] = {
                name: absolute(setting)
                if name in inner and inner[name].metadata["convert"] in _FOLDER_CONVERTERS
                else setting
                for name, setting in value.items()
            }
        elif item is not None and item.metadata.get("convert") in _FOLDER_CONVERTERS:
            result[key] = absolute(value)
        else:
            result[key] = value
    return result


_FOLDER_CONVERTERS = (_folder, _cache_folder, _folder_list)
"""Converters of options that name folders (relative to a config file's folder)."""
