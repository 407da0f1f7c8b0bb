"""How the five text engines read the numbers a document in parts draws when it is assembled.

    python benchmarks/assembled_numbers.py [COUNT]

Builds ``COUNT`` generated articles (60 by default: enough for the parts; the digest is in
Arabic, with Arabic-Indic digits) and reads it back with each engine. Three kinds of number are
drawn at assembly, from the probe: the article count on the cover and the page numbers of the
contents (an article's start page), one added glyph a number, and the folios ("١١ / ٢٤٤"), a
glyph a digit. For each, the numbers of two digits or more read as printed / read backwards (a
number that reads the same both ways is left out); for folios also those read with their two
numbers swapped. See ``docs/fidelity.md``, "Numbers drawn when the parts are put together".
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pypdf
from corpus import make_articles  # beside this script
from fidelity import ENGINES, Unavailable  # beside this script

import newsreport
from newsreport.engine._folios import folio_text, number_text

DIGITS = re.compile("[٠-٩]{2,}")


def start_pages(pdf: Path) -> set[int]:
    """The pages (1-based) the outline's entries point at."""
    reader = pypdf.PdfReader(pdf)
    found: set[int] = set()

    def walk(entries: list) -> None:  # type: ignore[type-arg]
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.add(reader.get_destination_page_number(entry) + 1)

    walk(reader.outline)
    return found


def tally(read: set[str], printed: set[str]) -> str:
    """``in order/backwards of all`` for the numbers ``printed`` among those ``read``."""
    kept = {number for number in printed if number != number[::-1]}
    forwards = len(kept & read)
    backwards = len({number[::-1] for number in kept} & read)
    return f"{forwards}/{backwards} of {len(kept)}"


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 60
    with tempfile.TemporaryDirectory(prefix="assembled-numbers-") as folder:
        pdf = Path(folder) / "assembled.pdf"
        result = newsreport.render_pdf(make_articles(count), pdf, cache=False)
        if any("one piece" in warning for warning in result.warnings):
            print("note: laid out in one piece, so nothing below was drawn at assembly")
        pages = result.pages
        style = "arabic-indic"
        starts = {number_text(page, style) for page in start_pages(pdf) if page >= 10}
        counted = {number_text(count, style)}
        print(f"{count} articles, {pages} pages; numbers read in order/backwards:")
        print(f"{'engine':<10} {'cover count':>14} {'contents':>14} {'folios (swapped)':>18}")
        for engine, (version, read) in ENGINES.items():
            try:
                version()
                texts = read(pdf)
            except Unavailable as error:
                print(f"note: engine skipped: {error}")
                continue
            cover = set(DIGITS.findall(texts[0]))
            contents = {n for text in texts if "....." in text for n in DIGITS.findall(text)}
            # A folio's own numbers, on its page: the page's, then the total (or the total
            # first: its two numbers swapped, each read in order).
            forwards = backwards = swapped = 0
            for index, text in enumerate(texts[9:-1], start=9):
                page, total = folio_text(index + 1, pages, style, "/").split("/")
                squeezed = text.replace(" ", "")
                if f"{page}/{total}" in squeezed:
                    forwards += 1
                elif f"{page[::-1]}/{total[::-1]}" in squeezed:
                    backwards += 1
                elif f"{total}/{page}" in squeezed:
                    swapped += 1
            folios = f"{forwards}/{backwards}/{swapped} of {pages - 10}"
            print(
                f"{engine:<10} {tally(cover, counted):>14} {tally(contents, starts):>14}"
                f" {folios:>18}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
