"""Mixed-script pages: each script at its own size, contents entries that keep their numbers."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from newsreport import Article, Direction, Paragraph, render_pdf

from .pdfread import pdfium_text, pypdf_text

ENGLISH = "The harbour board approved the plan on Wednesday after a long debate. " * 6
ARABIC = "وافق مجلس الميناء على الخطة يوم الأربعاء بعد نقاش طويل استمر ساعات. " * 6


def article(title: str, language: str, text: str, name: str) -> Article:
    return Article(
        title=title,
        language=language,
        direction=Direction.RTL if language == "ar" else Direction.LTR,
        blocks=(Paragraph(text),),
        path=Path(f"/articles/{name}.txt"),
    )


def spans(path: Path) -> list[tuple[int, str, float, str, float]]:
    """(page, font, size, text, baseline) of every span."""
    found = []
    with pymupdf.open(path) as document:
        for number, page in enumerate(document, 1):
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        found.append(
                            (
                                number,
                                span["font"],
                                round(span["size"], 1),
                                span["text"],
                                round(span["origin"][1], 1),
                            )
                        )
    return found


def test_an_english_article_in_an_arabic_digest_is_set_as_in_an_english_one(tmp_path):
    english = article("Harbour plan approved", "en", ENGLISH, "en")
    mixed = article(
        "الميناء يوافق على الخطة",
        "ar",
        ARABIC + "وقال المدير إن مشروع Blue Harbour سيبدأ في الربيع.",
        "ar",
    )
    alone, together = tmp_path / "en.pdf", tmp_path / "mixed.pdf"
    render_pdf([english], alone, language="en", workers=1)
    render_pdf([mixed, english], together, language="ar", workers=1)

    def body_size(path: Path) -> set[float]:
        return {size for _, _, size, text, _ in spans(path) if "harbour board approved" in text}

    assert body_size(together) == body_size(alone) == {10.5}
    # Latin inside an Arabic paragraph is Amiri's own Latin, drawn to sit with its Arabic.
    latin = [font for _, font, _, text, _ in spans(together) if "Harbour" in text and "ا" in text]
    assert latin and all(font.startswith("Amiri") for font in latin)


def test_contents_numbers_stay_on_the_titles_last_line(tmp_path):
    words = (
        "Regional water ministers agree on a shared plan to cut irrigation losses across the "
        "basin by half before the end of the decade"
    ).split()
    articles = [
        article(" ".join(words[:count]), "en", f"Report number {count}. " * 8, f"{count}")
        for count in range(12, len(words) + 1)
    ]
    articles.append(article("مقال قصير", "ar", ARABIC, "ar"))
    path = tmp_path / "contents.pdf"
    render_pdf(articles, path, language="ar", workers=1)
    lines: dict[float, list[str]] = {}
    for page, _, _, text, baseline in spans(path):
        if page == 2:
            lines.setdefault(baseline, []).append(text.strip())
    numbers = [
        line
        for line in lines.values()
        if any(text[-1:].isdigit() and "/" not in text for text in line)  # folios aside
    ]
    assert len(numbers) >= len(articles)
    for line in numbers:
        # Each number shares its line with leader dots and words of its title.
        assert any(text.rstrip("٠١٢٣٤٥٦٧٨٩").endswith(".") for text in line), line
        assert any(any(char.isalpha() for char in text) for text in line), line


def test_a_prefix_written_apart_stays_with_its_word(tmp_path):
    # "لـ" before a quoted name, at every place on the line: it never ends one.
    sentence = 'وخصصت البلدية جائزة سنوية لـ "ذاكرة الحي" تمنح كل عام للمتطوعين. '
    paragraphs = tuple(Paragraph("كلمة " * shift + sentence * 3) for shift in range(14))
    path = tmp_path / "prefix.pdf"
    render_pdf(
        [
            Article(
                title="جائزة ذاكرة الحي",
                language="ar",
                direction=Direction.RTL,
                blocks=paragraphs,
                path=Path("/articles/prefix.txt"),
            )
        ],
        path,
        workers=1,
    )
    lines = [line.strip() for text in pdfium_text(path) for line in text.splitlines()]
    assert any("لـ" in line for line in lines)
    assert not [line for line in lines if line.endswith("لـ")]
    for text in (*pdfium_text(path), *pypdf_text(path)):
        assert "\u00a0" not in text  # the no-break space copies as a space


def test_a_vietnamese_running_head_in_an_arabic_digest_is_in_one_face(tmp_path):
    # Amiri draws Latin but not ố ự ỡ: the head is Noto Serif's throughout, not a mix.
    title = "Phố cổ Vĩnh An rực rỡ đèn lồng trong đêm khai mạc lễ hội"
    vietnamese = article(title, "vi", "Lễ hội kéo dài đến hết chủ nhật. " * 10, "vi")
    path = tmp_path / "heads.pdf"
    render_pdf([article("الميناء يوافق على الخطة", "ar", ARABIC, "ar"), vietnamese], path)
    head = [
        font
        for page, font, size, text, _ in spans(path)
        if size == 8.5 and any(char in text for char in "ốựỡ" + "Phcổ")
    ]
    assert head and {font.split("-Bold")[0] for font in head} == {"Noto-Serif"}


def test_a_contents_leader_is_one_run_of_dots(tmp_path):
    """WeasyPrint draws a leader's dots one text object each; we draw one run of them, in
    the same places (pixel-compared with the one-piece render in test_parallel)."""
    import pikepdf

    articles = [
        article(f"Harbour report {n}", "en", f"Report {n}. {ENGLISH}", f"{n}") for n in range(10)
    ]
    path = tmp_path / "leaders.pdf"
    render_pdf(articles, path, language="en", workers=1)
    with pikepdf.open(path) as pdf:
        shown = [
            operator
            for _, operator in pikepdf.parse_content_stream(pdf.pages[1])
            if str(operator) in ("TJ", "Tj")
        ]
    # A title, a leader and a number an entry, and the page's own: not a glyph run a dot.
    assert len(articles) * 3 <= len(shown) <= len(articles) * 5, len(shown)
    lines = pdfium_text(path)[1].splitlines()
    dotted = [line for line in lines if "Harbour report" in line]
    assert len(dotted) == len(articles)
    assert all("." * 20 in line.replace(" ", "") for line in dotted), dotted
