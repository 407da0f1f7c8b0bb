"""Render the README's sample pages: build the bundled examples, save chosen pages as PNG.

Run from the repository: ``python scripts/readme_pages.py`` (needs the test extras: pypdfium2).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2

import newsreport

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
OUT = ROOT / "docs" / "images"

BUILDS: dict[str, tuple[dict[str, object], dict[str, tuple[int, str]]]] = {
    # name: (render options, {picture: (first page to look at, text the page holds)})
    "digest": (
        {"title": "الموجز الأسبوعي"},
        {"contents": (1, "المحتويات"), "article": (2, "منتدى المياه")},
    ),
    "weekly": ({"config": EXAMPLES / "weekly_digest.toml"}, {"weekly-section": (2, "الاقتصاد")}),
    "briefing": (
        {"config": EXAMPLES / "briefing_pack.toml"},
        {
            "briefing-cover": (0, "الاجتماع"),
            "briefing-summary": (1, "الملخص التنفيذي"),
            "briefing-sources": (1, "المصادر"),
        },
    ),
}


def main() -> None:
    articles = newsreport.load_articles(EXAMPLES / "articles")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name, (options, pictures) in BUILDS.items():
            pdf_path = Path(folder) / f"{name}.pdf"
            newsreport.render_pdf(articles, pdf_path, **options)
            document = pypdfium2.PdfDocument(pdf_path)
            try:
                texts = [page.get_textpage().get_text_range() for page in document]
                for picture, (start, marker) in pictures.items():
                    index = next(i for i in range(start, len(texts)) if marker in texts[i])
                    image = document[index].render(scale=70 / 72).to_pil()
                    image.save(OUT / f"{picture}.png", optimize=True)
                    print(OUT / f"{picture}.png")
            finally:
                document.close()


if __name__ == "__main__":
    main()
