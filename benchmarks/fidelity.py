"""What copy and search get back from our PDFs: five text engines read three producers' PDFs.

    python benchmarks/fidelity.py [PATHS...] [--seeds DIR] [--json FILE] [--keep DIR]
                                  [--also PDF ...]

Producers, all from the same articles (PATHS, default ``examples/articles``, plus ``--seeds``):
``newsreport`` (``render_pdf``, cache off, also writing its single-document HTML), the plain
``weasyprint`` command on that HTML, and Chromium's headless print-to-PDF of it (with
``--generate-pdf-document-outline``, so that its PDF has an outline too). Engines: pypdf,
pypdfium2 (PDFium: Chrome, Edge), PyMuPDF (MuPDF), poppler's ``pdftotext`` (Evince, Okular)
and pdf.js (Firefox, through ``pdfjs_text.mjs``; ``npm install`` is run here when needed).
A producer or engine that is not available is left out with a one-line note. ``--also``
reads more PDFs made from the same articles, for experiments on newsreport's own (see
``logical_runs.py``).

Words are those of ``tests/pdfread.py`` (runs of letters with their combining marks, and runs
of digits), after NFC on both sides, with Arabic-Indic digits read as ASCII and tatweel
(U+0640) and ZWJ dropped; a ZWNJ between two letters stays inside the word (``می‌شود`` and
``میشود`` are different words), elsewhere it is dropped. The source text is each article's
title and blocks (paragraphs, headings, figure captions); bylines and dates are not counted.

- ``words%``: share of the distinct source words found anywhere in the document's text.
- ``corrupted``: distinct extracted words that become a source word when one letter
  (category L, not a mark) is removed, such as ``اللكبرى`` for ``الكبرى``, leaving out any
  word the HTML prints (bylines, dates, addresses, labels) and any piece of a printed word,
  marks aside: a word split at a mark or a ZWNJ (``الأولو`` of ``الأولوية``) or stripped of
  its marks (``كاملة`` of ``كاملةً``) is a loss, not a letter added. ``raw`` is the same
  count without the pieces left out.
- ``order-*``: for each paragraph and each title of at least 4 words, the longest common
  subsequence of its words and the words of its article's pages, over its word count; the
  mean per class: ``arabic`` (Arabic-script letters only, language ar), ``persian`` (the
  same, language fa), ``hebrew``, ``english`` (Latin letters only: English and Vietnamese
  here) and ``mixed`` (Arabic-script and Latin letters). An article's pages run from the
  page its outline entry (any level, matched by the title's first five words) points at
  to the next article's start page, that page included. Without an outline entry, its
  start is the first page where the title's first five words appear in a row, skipping
  pages that hold three or more titles (the contents). A paragraph whose article could
  not be placed is matched against the whole document. The score is generous to an
  engine that scrambles a paragraph: words can be matched from elsewhere in the article.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import newsreport
from newsreport import Article, Figure, Paragraph

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples" / "articles"

CLASSES = ("arabic", "persian", "hebrew", "english", "mixed")
"""Paragraph classes shown in the table, in column order."""

TITLE_WORDS = 5
"""Words of a title that find its outline entry or its start page."""

MIN_WORDS = 4
"""Shortest paragraph or title whose word order is scored."""

MISSING_SHOWN = 12
"""Words not found, printed per producer × engine (all of them are in ``--json``)."""

ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ZWNJ = "\u200c"


class Unavailable(Exception):
    """A producer or engine that cannot run here; its message is the note printed."""


# Words: tests/pdfread.py's definition, kept as a sequence, with this benchmark's normalisation.


def word_list(text: str) -> list[str]:
    """The words of a text in order, normalised so that both sides compare alike."""
    text = text.replace("\u0640", "").replace("\u200d", "")
    text = unicodedata.normalize("NFC", text).translate(ARABIC_INDIC) + " "
    found: list[str] = []
    current: list[str] = []
    kind = ""
    for index, char in enumerate(text):
        if char == ZWNJ:
            if kind == "L" and unicodedata.category(text[index + 1])[0] == "L":
                current.append(char)
            continue
        category = unicodedata.category(char)
        this = "L" if category[0] in "LM" else "N" if category == "Nd" else ""
        if this and this == kind:
            current.append(char)
            continue
        if current:
            found.append("".join(current))
        current = [char] if this else []
        kind = this
    return found


def script(char: str) -> str:
    """The script of a letter, as far as the classes need it."""
    name = unicodedata.name(char, "")
    for prefix in ("ARABIC", "HEBREW", "LATIN"):
        if name.startswith(prefix):
            return prefix.lower()
    return "other"


def text_class(text: str, language: str) -> str:
    """Which order column a paragraph belongs to (``other`` for none)."""
    scripts = {script(char) for char in text if unicodedata.category(char)[0] == "L"}
    if {"arabic", "latin"} <= scripts:
        return "mixed"
    if scripts == {"arabic"}:
        return {"ar": "arabic", "fa": "persian"}.get(language, "other")
    if scripts == {"hebrew"}:
        return "hebrew"
    return "english" if scripts == {"latin"} else "other"


# The source side.


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph or title whose word order is scored."""

    article: int
    """Index of its article in load order."""
    where: str
    """``title`` or ``paragraph N`` (N: index among the article's blocks)."""
    kind: str
    """Its class: one of ``CLASSES``, or ``other``."""
    words: tuple[str, ...]
    """Its words in order."""


@dataclass(frozen=True, slots=True)
class Source:
    """What the articles say: their distinct words, titles and scored passages."""

    words: frozenset[str]
    """Distinct words of titles, paragraphs, headings and captions."""
    titles: tuple[tuple[str, ...], ...]
    """Each article's title words, in load order."""
    passages: tuple[Passage, ...]
    """Paragraphs and titles of at least ``MIN_WORDS`` words."""
    printed: frozenset[str] = frozenset()
    """Words of the HTML's text (bylines, dates, addresses, labels too): never corrupted."""


def block_text(block: Any) -> str:
    """A block's printed text: a figure's caption, any other block's text."""
    return (block.caption or "") if isinstance(block, Figure) else block.text


def read_source(articles: list[Article]) -> Source:
    """Words and passages of the articles, as the benchmark compares them."""
    words: set[str] = set()
    passages: list[Passage] = []
    for number, article in enumerate(articles):
        words.update(word_list(article.title))
        texts = [("title", article.title)]
        for index, block in enumerate(article.blocks):
            words.update(word_list(block_text(block)))
            if isinstance(block, Paragraph):
                texts.append((f"paragraph {index}", block.text))
        for where, text in texts:
            sequence = tuple(word_list(text))
            if len(sequence) >= MIN_WORDS:
                kind = text_class(text, article.language)
                passages.append(Passage(number, where, kind, sequence))
    titles = tuple(tuple(word_list(article.title)) for article in articles)
    return Source(frozenset(words), titles, tuple(passages))


class TextOfHTML(HTMLParser):
    """The text of an HTML document outside ``style`` and ``script``: what it prints."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skipping += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.skipping -= tag in ("style", "script") and self.skipping > 0

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def printed_words(html: Path) -> frozenset[str]:
    """The words of the HTML that all three producers print."""
    parser = TextOfHTML()
    parser.feed(html.read_text(encoding="utf-8"))
    return frozenset(word_list(" ".join(parser.parts)))


# Producers: each makes a PDF of the same articles.


@dataclass
class Made:
    """A PDF one producer made, with what the engines need to know about it."""

    producer: str
    """``newsreport``, ``weasyprint`` or ``chromium``."""
    pdf: Path
    """The PDF file."""
    seconds: float
    """Wall time to make it."""
    pages: int = 0
    """Page count."""
    direction: str = ""
    """``/ViewerPreferences /Direction``, or ``none``."""
    starts: dict[int, int] = field(default_factory=dict)
    """Article index → start page, for the articles its outline names."""


def make_newsreport(articles: list[Article], folder: Path) -> tuple[Path, Path]:
    """newsreport's PDF and the single-document HTML it lays out."""
    pdf, html = folder / "newsreport.pdf", folder / "newsreport.html"
    result = newsreport.render_pdf(articles, pdf, html_output=html, cache=False)
    if result.warnings:
        print(f"note: newsreport: {len(result.warnings)} warnings, first: {result.warnings[0]}")
    return pdf, html


def weasyprint_command() -> str:
    """The ``weasyprint`` command of this environment, else the one on PATH."""
    beside = Path(sys.executable).parent / "weasyprint"
    found = str(beside) if beside.exists() else shutil.which("weasyprint")
    if found is None:
        raise Unavailable("weasyprint: command not found")
    return found


def run_tool(command: list[str], name: str, timeout: float = 300) -> str:
    """Run a command and return its stdout; a failure makes the caller unavailable."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise Unavailable(f"{name}: {error}") from None
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise Unavailable(f"{name}: exit {done.returncode}: {last}")
    return done.stdout


def make_weasyprint(html: Path, folder: Path) -> Path:
    """The plain ``weasyprint`` command's PDF of newsreport's HTML."""
    pdf = folder / "weasyprint.pdf"
    run_tool([weasyprint_command(), str(html), str(pdf)], "weasyprint")
    return pdf


def make_chromium(html: Path, folder: Path) -> Path:
    """Chromium's headless print-to-PDF of newsreport's HTML, with an outline from headings."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        raise Unavailable("chromium: not installed (apt-get install -y chromium)")
    pdf = folder / "chromium.pdf"
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        flags = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        flags += "--disable-background-networking --disable-component-update --disable-sync "
        flags += "--no-pdf-header-footer --generate-pdf-document-outline"
        command = [binary, *flags.split(), f"--user-data-dir={profile}"]
        run_tool([*command, f"--print-to-pdf={pdf}", html.resolve().as_uri()], "chromium")
    if not pdf.exists() or not pdf.stat().st_size:
        raise Unavailable("chromium: wrote no PDF")
    return pdf


def chromium_version() -> str:
    """Chromium's version line, for the record."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    return version_line([binary, "--version"], "stdout") if binary else "?"


def version_line(command: list[str], stream: str) -> str:
    """The first line a ``--version``-like command prints on ``stream``, or ``?``."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = getattr(done, stream).strip().splitlines()
    return lines[0] if lines else "?"


# What a PDF says about itself: pages, outline, reading direction (through pypdf).


def outline_entries(pdf: Path) -> list[tuple[str, int]]:
    """Every outline entry, nested ones too: (title, 0-based page index)."""
    try:
        import pypdf
    except ImportError:
        return []
    reader = pypdf.PdfReader(pdf)
    found: list[tuple[str, int]] = []
    pending: list[Any] = list(reader.outline)
    while pending:
        entry = pending.pop(0)
        if isinstance(entry, list):
            pending[:0] = entry
            continue
        try:
            found.append((str(entry.title), reader.get_destination_page_number(entry)))
        except Exception:  # an entry without a page destination: nothing to place
            continue
    return found


def reading_direction(pdf: Path) -> str:
    """The catalog's ``/ViewerPreferences /Direction`` (PDFium reads R2L lines right to left)."""
    try:
        import pypdf
    except ImportError:
        return "?"
    preferences = pypdf.PdfReader(pdf).trailer["/Root"].get("/ViewerPreferences") or {}
    return str(preferences.get("/Direction", "none")).lstrip("/")


def outline_starts(titles: tuple[tuple[str, ...], ...], pdf: Path) -> dict[int, int]:
    """Start page of each article that an outline entry names (first five title words)."""
    entries = [
        (tuple(word_list(title)[:TITLE_WORDS]), page) for title, page in outline_entries(pdf)
    ]
    starts: dict[int, int] = {}
    used: set[int] = set()
    for number, title in enumerate(titles):
        for index, (entry, page) in enumerate(entries):
            if index not in used and title and entry == title[:TITLE_WORDS]:
                starts[number] = page
                used.add(index)
                break
    return starts


def contains_run(words: list[str], run: tuple[str, ...]) -> bool:
    """Whether ``run`` appears in ``words`` as consecutive words."""
    size = len(run)
    return any(tuple(words[i : i + size]) == run for i in range(len(words) - size + 1))


def searched_starts(
    titles: tuple[tuple[str, ...], ...], pages: list[list[str]], skip: Iterable[int]
) -> dict[int, int]:
    """Start pages found by the titles' first words, for the articles the outline missed."""
    runs = {n: title[:TITLE_WORDS] for n, title in enumerate(titles) if title and n not in skip}
    every = [title[:TITLE_WORDS] for title in titles if title]
    contents = {i for i, page in enumerate(pages) if sum(contains_run(page, r) for r in every) >= 3}
    starts: dict[int, int] = {}
    for number, run in runs.items():
        for index, page in enumerate(pages):
            if index not in contents and contains_run(page, run):
                starts[number] = index
                break
    return starts


def page_ranges(starts: dict[int, int], count: int) -> dict[int, tuple[int, int]]:
    """Each placed article's pages: its start to the next article's start, both included."""
    ordered = sorted(set(starts.values()))
    ranges = {}
    for number, start in starts.items():
        later = [page for page in ordered if page > start]
        ranges[number] = (start, later[0] if later else count - 1)
    return ranges


# Engines: each returns the text of each page.


def pypdf_pages(pdf: Path) -> list[str]:
    """pypdf's ``extract_text`` of each page."""
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]


def pdfium_pages(pdf: Path) -> list[str]:
    """PDFium's text of each page (what Chrome and Edge copy and search)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def mupdf_pages(pdf: Path) -> list[str]:
    """MuPDF's plain text of each page."""
    import pymupdf

    with pymupdf.open(pdf) as document:
        return [page.get_text() for page in document]


def poppler_pages(pdf: Path) -> list[str]:
    """poppler's ``pdftotext`` in reading order (not ``-layout``), split at form feeds."""
    text = run_tool(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], "pdftotext")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdfjs_pages(pdf: Path) -> list[str]:
    """pdf.js's page texts as Firefox's find and copy build them (``pdfjs_text.mjs``)."""
    output = run_tool(["node", str(HERE / "pdfjs_text.mjs"), str(pdf)], "pdf.js")
    return json.loads(output.strip().splitlines()[-1])


def module_version(name: str, attribute: str = "__version__") -> str:
    """A Python engine's version; Unavailable when it is not installed."""
    try:
        module = __import__(name)
    except ImportError:
        raise Unavailable(f"{name}: not installed (pip install {name})") from None
    return str(getattr(module, attribute, "?"))


def pdfium_version() -> str:
    """pypdfium2 and the PDFium build it carries."""
    module_version("pypdfium2")
    import pypdfium2.version

    return f"{pypdfium2.version.PYPDFIUM_INFO} (PDFium {pypdfium2.version.PDFIUM_INFO})"


def mupdf_version() -> str:
    """PyMuPDF and the MuPDF it wraps."""
    version = module_version("pymupdf")
    import pymupdf

    return f"{version} (MuPDF {getattr(pymupdf, 'mupdf_version', '?')})"


def poppler_version() -> str:
    """pdftotext's version line."""
    if shutil.which("pdftotext") is None:
        raise Unavailable("pdftotext: not installed (apt-get install -y poppler-utils)")
    return version_line(["pdftotext", "-v"], "stderr")


def pdfjs_version() -> str:
    """pdfjs-dist's version, installed into benchmarks/node_modules first if missing."""
    if shutil.which("node") is None:
        raise Unavailable("pdf.js: node not found")
    package = HERE / "node_modules" / "pdfjs-dist" / "package.json"
    if not package.exists():
        if shutil.which("npm") is None:
            raise Unavailable("pdf.js: npm not found, cannot install pdfjs-dist")
        print("note: installing pdfjs-dist (npm install --prefix benchmarks)", flush=True)
        command = ["npm", "install", "--prefix", str(HERE), "--omit=optional", "--no-audit"]
        run_tool([*command, "--no-fund"], "npm install")
    return json.loads(package.read_text(encoding="utf-8"))["version"]


ENGINES: dict[str, tuple[Callable[[], str], Callable[[Path], list[str]]]] = {
    "pypdf": (lambda: module_version("pypdf"), pypdf_pages),
    "pypdfium2": (pdfium_version, pdfium_pages),
    "pymupdf": (mupdf_version, mupdf_pages),
    "pdftotext": (poppler_version, poppler_pages),
    "pdf.js": (pdfjs_version, pdfjs_pages),
}
"""Engine name → (version, or Unavailable; page texts of a PDF)."""


# Measures.


def lcs_length(short: tuple[str, ...], long: list[str]) -> int:
    """Longest common subsequence length, bit-parallel over ``short`` (Allison–Dix, Hyyrö)."""
    masks: dict[str, int] = {}
    for index, word in enumerate(short):
        masks[word] = masks.get(word, 0) | 1 << index
    full = (1 << len(short)) - 1
    row = full
    for word in long:
        matched = row & masks.get(word, 0)
        row = ((row + matched) | (row - matched)) & full
    return len(short) - row.bit_count()


def one_letter_more(extracted: set[str], source: Source) -> dict[str, str]:
    """Extracted words, not printed as such, that are a source word plus one letter → it."""
    found: dict[str, str] = {}
    for word in sorted(extracted - source.words - source.printed):
        for index, char in enumerate(word):
            shorter = word[:index] + word[index + 1 :]
            if unicodedata.category(char)[0] == "L" and shorter in source.words:
                found[word] = shorter
                break
    return found


def without_marks(text: str) -> str:
    """The text without combining marks, to tell a word that lost its marks."""
    return "".join(char for char in text if unicodedata.category(char)[0] != "M")


def corrupted_words(candidates: dict[str, str], source: Source) -> dict[str, str]:
    """Those candidates that are no piece of a printed word, marks aside: pieces are losses."""
    printed = " ".join(without_marks(word) for word in source.words | source.printed)
    return {
        word: shorter for word, shorter in candidates.items() if without_marks(word) not in printed
    }


def measure(source: Source, made: Made, pages: list[str]) -> dict[str, Any]:
    """All figures of one producer × engine."""
    page_words = [word_list(page) for page in pages]
    every = [word for page in page_words for word in page]
    extracted = set(every)
    found = source.words & extracted
    starts = dict(made.starts)
    starts.update(searched_starts(source.titles, page_words, made.starts))
    ranges = page_ranges(starts, len(pages))
    scores: dict[str, list[float]] = {}
    details = []
    for passage in source.passages:
        first, last = ranges.get(passage.article, (0, len(pages) - 1))
        window = [word for page in page_words[first : last + 1] for word in page]
        score = lcs_length(passage.words, window) / len(passage.words)
        scores.setdefault(passage.kind, []).append(score)
        details.append(
            {"article": passage.article, "where": passage.where, "class": passage.kind}
            | {"words": len(passage.words), "score": round(score, 4)}
        )
    raw = one_letter_more(extracted, source)
    corrupted = corrupted_words(raw, source)
    return {
        "pages": len(pages),
        "words_found": len(found),
        "words_total": len(source.words),
        "words_back": len(found) / len(source.words) if source.words else 0.0,
        "missing": sorted(source.words - extracted),
        "corrupted": len(corrupted),
        "corrupted_words": corrupted,
        "corrupted_raw": len(raw),
        "corrupted_raw_words": raw,
        "order": {kind: sum(values) / len(values) for kind, values in scores.items()},
        "order_counts": {kind: len(values) for kind, values in scores.items()},
        "placed_by_outline": len(made.starts),
        "placed_by_search": len(starts) - len(made.starts),
        "passages": details,
    }


# Putting it together.


def produce(articles: list[Article], source: Source, folder: Path) -> tuple[list[Made], Source]:
    """Each available producer's PDF, and the source with the words the HTML prints."""
    started = time.perf_counter()
    try:
        pdf, html = make_newsreport(articles, folder)
    except newsreport.NewsreportError as error:
        print(f"note: newsreport failed, nothing to compare: {error}")
        return [], source
    made = [Made("newsreport", pdf, time.perf_counter() - started)]
    makers: dict[str, Callable[[Path, Path], Path]] = {
        "weasyprint": make_weasyprint,
        "chromium": make_chromium,
    }
    for name, make in makers.items():
        started = time.perf_counter()
        try:
            made.append(Made(name, make(html, folder), time.perf_counter() - started))
        except Unavailable as error:
            print(f"note: producer skipped: {error}")
    for one in made:
        describe(one, source)
    return made, dataclasses.replace(source, printed=printed_words(html))


def describe(made: Made, source: Source) -> None:
    """Fill in what the engines need to know about a producer's PDF."""
    made.pages = page_count(made.pdf)
    made.direction = reading_direction(made.pdf)
    made.starts = outline_starts(source.titles, made.pdf)


def page_count(pdf: Path) -> int:
    """Pages of a PDF, as pypdf counts them (0 without pypdf)."""
    try:
        import pypdf
    except ImportError:
        return 0
    return len(pypdf.PdfReader(pdf).pages)


def available_engines() -> dict[str, str]:
    """Engine name → version, for the engines that can run here."""
    versions: dict[str, str] = {}
    for name, (version, _) in ENGINES.items():
        try:
            versions[name] = version()
        except Unavailable as error:
            print(f"note: engine skipped: {error}")
    return versions


def read_all(made: list[Made], engines: Iterable[str], source: Source) -> list[dict[str, Any]]:
    """Every producer's PDF through every engine: one row of figures each."""
    rows = []
    for one in made:
        print(
            f"{one.producer}: {one.pages} pages in {one.seconds:.1f}s, /Direction "
            f"{one.direction}, {len(one.starts)}/{len(source.titles)} articles in the outline"
        )
        for engine in engines:
            started = time.perf_counter()
            try:
                pages = ENGINES[engine][1](one.pdf)
            except Exception as error:  # an engine that fails on one PDF is one note
                print(f"note: {engine} could not read {one.producer}'s PDF: {error}")
                continue
            row = {"producer": one.producer, "engine": engine} | measure(source, one, pages)
            rows.append(row | {"seconds": time.perf_counter() - started})
    return rows


def percent(value: float | None) -> str:
    """A share as the table shows it."""
    return "-" if value is None else f"{value:.1%}"


def print_table(rows: list[dict[str, Any]]) -> None:
    """One line per producer × engine, then a few corrupted words of each."""
    header = f"{'producer':<11} {'engine':<10} {'words%':>7} {'corrupted':>9} {'raw':>4}"
    print(header + "".join(f" {'order-' + kind:>13}" for kind in CLASSES))
    for row in rows:
        cells = [percent(row["order"].get(kind)) for kind in CLASSES]
        print(
            f"{row['producer']:<11} {row['engine']:<10} {percent(row['words_back']):>7} "
            f"{row['corrupted']:>9} {row['corrupted_raw']:>4}"
            + "".join(f" {cell:>13}" for cell in cells)
        )
    print("\ncorrupted words (extracted ← source word), up to 6 per row:")
    for row in rows:
        pairs = list(row["corrupted_words"].items())[:6]
        shown = ", ".join(f"{word} ← {word_source}" for word, word_source in pairs) or "none"
        print(f"  {row['producer']}/{row['engine']}: {shown}")
    print(f"\nwords not found, up to {MISSING_SHOWN} per row:")
    for row in rows:
        missing = row["missing"]
        shown = " ".join(missing[:MISSING_SHOWN]) + (" …" if len(missing) > MISSING_SHOWN else "")
        print(f"  {row['producer']}/{row['engine']}: {shown or 'none'}")


def write_json(path: Path, record: dict[str, Any], made: list[Made], source: Source) -> None:
    """All figures, with what they were measured on."""
    record |= {
        "source_words": len(source.words),
        "printed_words": len(source.printed),
        "producers": {
            one.producer: {"pages": one.pages, "seconds": one.seconds}
            | {"direction": one.direction, "outline_starts": one.starts}
            for one in made
        },
        "chromium": chromium_version() if any(m.producer == "chromium" for m in made) else None,
        "newsreport": newsreport.__version__,
    }
    text = json.dumps(record, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="articles (default: the examples)")
    parser.add_argument("--seeds", type=Path, help="a folder of extra articles")
    parser.add_argument("--json", type=Path, help="write all figures to this file")
    parser.add_argument("--keep", type=Path, help="keep the PDFs (and HTML) in this folder")
    parser.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        metavar="PDF",
        help="read this PDF too, made from the same articles (a newsreport PDF changed by an "
        "experiment such as logical_runs.py): a producer named by its file name",
    )
    args = parser.parse_args(argv)
    logging.getLogger("newsreport").addHandler(logging.NullHandler())  # counted in a note
    started = time.perf_counter()
    paths = [*(args.paths or [EXAMPLES]), *([args.seeds] if args.seeds else [])]
    articles = newsreport.load_articles(paths)
    source = read_source(articles)
    counts = {kind: sum(p.kind == kind for p in source.passages) for kind in (*CLASSES, "other")}
    print(f"{len(articles)} articles, {len(source.words)} distinct words; passages: {counts}")
    with tempfile.TemporaryDirectory(prefix="fidelity-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        made, source = produce(articles, source, folder)
        for path in args.also:
            made.append(Made(path.stem, path, 0.0))
            describe(made[-1], source)
        engines = available_engines()
        rows = read_all(made, engines, source)
    print()
    print_table(rows)
    seconds = time.perf_counter() - started
    print(f"\n{seconds:.0f}s for {len(made)} producers × {len(engines)} engines")
    if args.json:
        record = {
            "paths": [str(path) for path in paths],
            "articles": [{"title": a.title, "language": a.language} for a in articles],
            "passages": counts,
            "engines": engines,
            "seconds": seconds,
            "rows": rows,
        }
        write_json(args.json, record, made, source)


if __name__ == "__main__":
    main()
