"""Render the README's sample pages: build the bundled examples, save chosen pages as PNG.

Run from the repository: ``python scripts/readme_pages.py`` (needs the test extras: pypdfium2).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2

from newsreport import load_articles
from newsreport.render import render_pdf

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
PAGES = {"contents": 2, "article": 7}
"""README picture → 1-based page of the examples digest."""


def main() -> None:
    articles = load_articles(ROOT / "examples" / "articles")
    with tempfile.TemporaryDirectory() as folder:
        pdf_path = Path(folder) / "digest.pdf"
        render_pdf(articles, pdf_path, title="الموجز الأسبوعي", subtitle="نماذج newsreport")
        document = pypdfium2.PdfDocument(pdf_path)
        try:
            OUT.mkdir(parents=True, exist_ok=True)
            for name, page in PAGES.items():
                image = document[page - 1].render(scale=70 / 72).to_pil()
                image.save(OUT / f"{name}.png", optimize=True)
                print(OUT / f"{name}.png")
        finally:
            document.close()


if __name__ == "__main__":
    main()
