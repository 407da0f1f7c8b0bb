"""Finding article files and reading them as text, with one clear error per bad file."""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import LoadError

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "scraped",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "page",
    ".htm": "page",
    ".xml": "xml",
    ".rss": "feed",
    ".atom": "feed",
}
"""Which reader takes a file, by suffix; in folders, files with other suffixes are not articles."""

STDIN = Path("-")
"""The input ``-``: one file's worth of articles read from standard input."""

# "{" or "[" that opens JSON, not a scraped line such as "[إعلان_1]".
_XML_START = re.compile(r"<\?xml\b|<(?:doc|TEI)\b")
_JSON_START = re.compile(r'\{|\[\s*(?:[\[{"\]\d-]|$|true|false|null)')


def find_article_files(paths: Iterable[Path | str]) -> Iterator[Path | LoadError]:
    """Each article file named or found in the folders, in order; a missing path yields an error."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if str(given) == "-":
            if STDIN not in seen:
                seen.add(STDIN)
                yield STDIN
            continue
        if path.is_dir():
            found = sorted(
                (
                    candidate
                    for candidate in path.rglob("*")
                    if candidate.is_file()
                    and candidate.suffix.lower() in SUFFIX_FORMATS
                    and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
                ),
                key=lambda candidate: candidate.relative_to(path).parts,
            )
        elif path.is_file():
            found = [path]
        elif path.exists():
            yield LoadError(path, "not a regular file or folder")
            continue
        else:
            yield LoadError(path, "no such file or folder")
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def would_read(path: Path, inputs: Iterable[Path | str]) -> bool:
    """Whether reading ``inputs`` reads ``path`` (one of them, or a file of an article format
    inside a folder among them): an output there would overwrite or later feed the input."""
    target = path.resolve()
    for given in inputs:
        if str(given) == "-":
            continue
        source = Path(given).resolve()
        if target == source:
            return True
        if source.is_dir() and target.is_relative_to(source):
            inside = target.relative_to(source).parts
            if target.suffix.lower() in SUFFIX_FORMATS and not any(
                part.startswith(".") for part in inside
            ):
                return True
    return False


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """The file's text: UTF-8 (a byte-order mark is allowed); anything else is refused."""
    if path == STDIN:
        try:
            data = sys.stdin.buffer.read(max_bytes + 1 if max_bytes is not None else -1)
        except (OSError, ValueError, AttributeError) as error:
            raise LoadError(path, f"cannot read standard input: {error}") from None
        return _decode(path, data, max_bytes)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise LoadError(
                path,
                f"{size:,} bytes is over the {max_bytes:,}-byte limit "
                "(raise [limits] max_file_bytes to read it)",
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1 if max_bytes is not None else -1)
    except OSError as error:
        raise LoadError(path, f"cannot read: {error.strerror or error}") from None
    return _decode(path, data, max_bytes)


def _decode(path: Path, data: bytes, max_bytes: int | None) -> str:
    """Bytes to text, with the checks every input gets."""
    if max_bytes is not None and len(data) > max_bytes:
        raise LoadError(path, f"over the {max_bytes:,}-byte limit ([limits] max_file_bytes)")
    if not data:
        raise LoadError(path, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LoadError(path, "UTF-16 text; save the file as UTF-8")
    if b"\x00" in data[:8192]:
        raise LoadError(path, "binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise LoadError(
            path, f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", line
        ) from None
    if not text.strip():
        raise LoadError(path, "file has only whitespace")
    if _looks_binary(text):
        raise LoadError(path, "binary file, not text (too many control characters)")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\n\r\t\f")
    return controls * 10 > len(sample)


def sniff_format(path: Path, text: str) -> str:
    """The reader for a file: by suffix, and by its first characters when the suffix says nothing."""
    from .feeds import looks_like_feed
    from .pages import looks_like_page

    suffix_format = SUFFIX_FORMATS.get(path.suffix.lower())
    head = text.lstrip("\ufeff")
    first_line = head.split("\n", 1)[0].strip()
    has_front_matter = first_line in ("---", "+++")
    if suffix_format in ("scraped", None) and has_front_matter:
        return "markdown"
    if suffix_format in ("scraped", "xml", "page", None) and looks_like_feed(head):
        return "feed"
    if suffix_format in ("scraped", "xml", None) and looks_like_page(head):
        return "page"
    if suffix_format in ("scraped", None) and _XML_START.match(head.lstrip()):
        return "xml"
    if suffix_format is not None:
        return suffix_format
    if _JSON_START.match(head.lstrip()):
        return "json"
    return "scraped"
