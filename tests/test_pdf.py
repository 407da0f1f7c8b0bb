"""Rendered PDFs read back as a reader would: fonts, outline, contents, numbers, text, bytes."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import ImageChops, ImageFilter

from newsreport import Article, Direction, Figure, Paragraph, compose_digest, load_articles
from newsreport.engine._fonts import REPRODUCIBLE_EPOCH
from newsreport.render import render_html, render_pdf, render_pdf_bytes

from .conftest import EXAMPLES, SEEDS
from .pdfread import (
    ARABIC_INDIC,
    article_words,
    chars_off_page,
    fonts,
    images,
    links,
    outline,
    pdfium_text,
    pypdf_text,
    words,
)

TITLE = "الموجز الأسبوعي"
BUNDLED_FONTS = {
    "Noto-Sans-Symbols-2,",  # Pango ends a family name ending in a digit with a comma
    "Noto-Sans-Symbols",
    "Noto-Sans-Math",
    "Noto-Emoji",
    "Amiri",
    "Amiri-Bold",
    "Noto-Serif",
    "Noto-Serif-Bold",
    "Frank-Ruhl-Libre",
    "Frank-Ruhl-Libre-Bold",
}
PRESENTATION_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """The bundled examples rendered once, with the HTML written beside the PDF."""
    folder = tmp_path_factory.mktemp("examples")
    # In the document's order: by date, then title.
    articles = list(compose_digest(load_articles(EXAMPLES)).articles)
    result = render_pdf(
        articles,
        folder / "digest.pdf",
        title=TITLE,
        subtitle="أخبار الأسبوع",
        author="مكتب الإعلام",
        html_output=folder / "digest.html",
    )
    return result.output, articles, result


def _number(text: str) -> int:
    return int(text.translate(ARABIC_INDIC))


def test_result_reports_pages_articles_and_warnings(examples):
    path, articles, result = examples
    assert result.articles == len(articles) == 12
    assert result.pages == len(pypdf_text(path))
    # The examples build without a warning; their two remote images are not fetched (no
    # host allowed): each is named once, in a note.
    assert result.warnings == ()
    assert len(result.notes) == 2
    assert all("remote images are not fetched unless" in note for note in result.notes)


def test_every_font_is_bundled_and_embedded(examples):
    used = fonts(examples[0])
    assert {"Amiri", "Amiri-Bold", "Noto-Serif", "Frank-Ruhl-Libre"} <= set(used)
    assert set(used) <= BUNDLED_FONTS, f"system fonts used: {set(used) - BUNDLED_FONTS}"
    assert all(used.values()), "every font file must be embedded"


def test_outline_has_one_entry_per_article_at_its_first_page(examples):
    path, articles, _ = examples
    entries = outline(path)
    assert [title for title, _ in entries] == [article.title for article in articles]
    pages = [page for _, page in entries]
    assert pages == sorted(set(pages)), "each article starts on a page of its own"
    texts = pypdf_text(path)
    for (title, page), article in zip(entries, articles, strict=True):
        assert words(title) <= words(texts[page]), f"{article.path} not on page {page + 1}"


def test_contents_links_land_on_each_articles_first_page(examples):
    path, _, _ = examples
    first_pages = [page for _, page in outline(path)]
    targets: list[int | str] = []
    for _rect, target in links(path, 1):
        if not targets or targets[-1] != target:
            targets.append(target)
    assert targets == first_pages
    # One annotation per entry, covering its lines (WeasyPrint wrote seven: one per box).
    assert len(links(path, 1)) == len(first_pages)


def test_printed_contents_numbers_are_the_physical_pages(examples):
    path, _, _ = examples
    # PDFium keeps digit order in right-to-left lines (pypdf reverses "١٠" to "٠١").
    contents = pdfium_text(path)[1]
    printed = [
        _number(re.findall(r"[0-9٠-٩]+", line)[-1])  # a title may hold numbers too
        for line in contents.splitlines()
        if "...." in line
    ]
    assert printed == [page + 1 for _, page in outline(path)]


def test_page_numbers_on_every_page_but_the_cover(examples):
    path, _, _ = examples
    texts = pdfium_text(path)
    total = len(texts)
    assert not re.search(r"[0-9٠-٩]+ / [0-9٠-٩]+", texts[0])
    for index, text in enumerate(texts[1:], start=2):
        # Extractors give "N / total" or, reading the right-to-left line visually, "total / N".
        found = re.findall(r"([٠-٩]+) / ([٠-٩]+)", text)
        pairs = {(_number(a), _number(b)) for a, b in found}
        assert pairs & {(index, total), (total, index)}, index


def test_running_heads_show_document_and_article_titles(examples):
    path = examples[0]
    texts = pypdf_text(path)
    for title, page in outline(path):
        assert TITLE in texts[page]
        # The article title appears twice on its first page: the heading and the running head.
        shortest = min(words(title), key=len)
        assert texts[page].count(shortest) >= 2


def test_captions_and_placeholders_are_printed(examples):
    path, articles, _ = examples
    text_words = words("\n".join(pypdf_text(path)))
    for article in articles:
        for figure in article.figures:
            if figure.caption:
                # Only words carrying harakat may be lost (a known glyph-mapping limit).
                missing = words(figure.caption) - text_words
                assert all(any(unicodedata.category(c) == "Mn" for c in w) for w in missing), (
                    missing
                )
    assert "صورة" in text_words and "Image" in text_words


def test_local_images_are_shown(examples):
    # rainfall-chart.png (shown twice, embedded once) and service-counter.png.
    assert len(images(examples[0])) >= 2


def test_source_addresses_are_links(examples):
    path, articles, _ = examples
    uris = {target for index in range(len(pypdf_text(path))) for _, target in links(path, index)}
    for article in articles:
        if article.source_url:
            assert article.source_url in uris


def test_metadata(examples):
    with pikepdf.open(examples[0]) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == TITLE
        assert str(info["/Author"]) == "مكتب الإعلام"
        assert str(info["/Subject"]) == "أخبار الأسبوع"
        assert str(info["/Creator"]).startswith("newsreport ")
        assert str(pdf.Root.Lang) == "ar"


def test_no_presentation_forms_in_extracted_text(examples):
    path = examples[0]
    for text in pypdf_text(path) + pdfium_text(path):
        assert not PRESENTATION_FORMS.search(text)


def test_no_character_beyond_the_page_edge(examples):
    assert chars_off_page(examples[0]) == []


def test_identical_bytes_twice(examples):
    path, articles, _ = examples
    again = render_pdf_bytes(articles, title=TITLE, subtitle="أخبار الأسبوع", author="مكتب الإعلام")
    assert again == path.read_bytes()


def test_html_output_renders_to_the_same_pdf_with_the_weasyprint_command(examples, tmp_path):
    path, _, _ = examples
    html = path.with_name("digest.html")
    copy = tmp_path / "elsewhere.html"
    copy.write_bytes(html.read_bytes())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(REPRODUCIBLE_EPOCH)}
    subprocess.run(
        [sys.executable, "-m", "weasyprint", str(copy), str(tmp_path / "out.pdf")],
        check=True,
        capture_output=True,
        env=env,
        cwd=tmp_path,
    )
    # The same pages, drawn the same; only newsreport's post-processing (viewer preferences,
    # glyph text) differs from a plain WeasyPrint run. Glyphs newsreport adds to a font
    # (a letter drawn by two glyphs, a mark drawn where it was moved to) are anti-aliased
    # as one: compared blurred, edges differ by a few levels of grey, where a glyph moved
    # by one pixel differs by 30 or more.
    ours, theirs = (pypdfium2.PdfDocument(p) for p in (path, tmp_path / "out.pdf"))
    blur = ImageFilter.BoxBlur(2)
    try:
        assert len(ours) == len(theirs)
        for index in range(len(ours)):
            assert ours[index].get_size() == theirs[index].get_size()
            mine, plain = (
                doc[index].render(scale=0.5).to_pil().convert("L").filter(blur)
                for doc in (ours, theirs)
            )
            assert ImageChops.difference(mine, plain).getextrema()[1] <= 16, index
    finally:
        ours.close()
        theirs.close()
    assert outline(tmp_path / "out.pdf") == outline(path)


def test_word_recall_for_copy_and_search(tmp_path):
    sources = [EXAMPLES] + ([SEEDS] if SEEDS.is_dir() else [])
    articles = load_articles(sources)
    path = render_pdf(articles, tmp_path / "recall.pdf").output
    expected = article_words(articles)
    for extractor, minimum in ((pypdf_text, 0.98), (pdfium_text, 0.97)):
        found = words("\n".join(extractor(path)))
        recall = len(expected & found) / len(expected)
        assert recall >= minimum, f"{extractor.__name__}: {recall:.2%} of {len(expected)} words"


def _article(text: str, **fields) -> Article:
    values = {"title": "عنوان", "language": "ar", "direction": Direction.RTL}
    values.update(fields)
    return Article(blocks=(Paragraph(text),), path=Path("/nonexistent/a.txt"), **values)


def test_latin_digits_option(tmp_path):
    articles = [_article("نص المقال الأول."), _article("نص المقال الثاني.")]
    path = render_pdf(articles, tmp_path / "latin.pdf", digits="latin").output
    texts = pdfium_text(path)
    assert ("2 / 4" in texts[1] or "4 / 2" in texts[1]) and not re.search("[٠-٩]", "".join(texts))


def test_long_tokens_and_addresses_wrap_inside_the_page(tmp_path):
    token = "ب" * 900 + "x" * 900
    url = "https://news.example.com/" + "segment-" * 150
    article = _article(token, source_url=url)
    path = render_pdf([article], tmp_path / "long.pdf").output
    assert chars_off_page(path) == []


def test_only_http_sources_become_links(tmp_path):
    article = _article("نص.", source_url="javascript:alert(1)")
    path = render_pdf([article], tmp_path / "js.pdf").output
    texts = pypdf_text(path)
    assert "javascript:alert(1)" in texts[2]
    assert all(
        not isinstance(target, str) for index in range(3) for _, target in links(path, index)
    )


def test_directions_in_the_html():
    english = _article("The port opened.", language="en", direction=Direction.LTR, title="Port")
    arabic = _article("افتتح الميناء رسميا، وقال مدير New York Port إن العمل بدأ.")
    other = _article("افتتح الجسر الجديد أمس.", title="جسر")
    html = render_html([arabic, other, english])
    assert '<html lang="ar" dir="rtl"' in html
    # Ordered by date, then title: "Port" sorts first.
    first = re.search(r'<article id="(article-[0-9a-f]{10})" class="([^"]*)" lang="(\w+)"', html)
    assert first is not None and first.groups()[1:] == ("article script-latin", "en")
    # A mixed phrase stays one text node: never split across inline elements.
    assert "وقال مدير New York Port إن العمل بدأ." in html


def test_an_arabic_paragraph_quoting_english_stays_right_to_left():
    quote = 'وقال المدير التنفيذي: "The new data centre will serve the whole region" في مؤتمر صحفي.'
    english = "The data centre opens in May."
    article = _article("", title="مركز البيانات")
    article = dataclasses.replace(article, blocks=(Paragraph(quote), Paragraph(english)))
    html = render_html([article]).replace("&#34;", '"')
    # Inside a right-to-left article a paragraph carries dir only when it differs.
    assert f"<p>{quote}</p>" in html
    assert f'<p dir="ltr">{english}</p>' in html


def test_content_is_escaped_never_markup():
    article = _article("<script>alert(1)</script> {{ 7*7 }} </p><h1>x</h1>")
    html = render_html([article])
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &lt;/p&gt;&lt;h1&gt;x&lt;/h1&gt;" in html
    )


def test_user_templates_override_by_name(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "cover.html").write_text(
        '<section class="cover"><h1 class="cover-title">{{ doc.title }} — custom</h1></section>',
        encoding="utf-8",
    )
    html = render_html([_article("نص.")], templates=tmp_path, title="T")
    assert "T — custom" in html and "المحتويات" in html


def test_figure_placeholder_keeps_its_caption(tmp_path):
    article = Article(
        title="صور",
        language="ar",
        direction=Direction.RTL,
        blocks=(Paragraph("نص قصير."), Figure(caption="تعليق الصورة الأولى", image=None)),
        path=tmp_path / "a.txt",
    )
    html = render_html([article])
    assert 'class="placeholder"' in html and "تعليق الصورة الأولى</figcaption>" in html


def test_placeholders_are_numbered_and_never_split_from_their_captions(examples):
    path, articles, _ = examples
    texts = [" ".join(text.split()) for text in pypdf_text(path)]
    forum = next(article for article in articles if article.path.name == "ar-water-forum.txt")
    starts = [page for _, page in outline(path)] + [len(texts)]
    first_page = dict(outline(path))[forum.title]
    pages = texts[first_page : starts[starts.index(first_page) + 1]]
    for number, figure in enumerate(forum.figures, 1):
        label = "صورة " + str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        if figure.image is not None:
            continue  # shown as an image, no placeholder label
        holding = [page for page in pages if label in page]
        assert len(holding) == 1, label
        if figure.caption:
            assert words(figure.caption) <= words(holding[0]), f"caption of {label} on another page"


def test_running_heads_fit_their_box_and_keep_their_first_words():
    from newsreport.options import Options
    from newsreport.render import resolve_options
    from newsreport.view.document import (
        RUNNING_HEAD_PT,
        document_view,
        page_view,
        running_head_widths,
    )
    from newsreport.view.fitting import text_width

    long_title = "Volunteers cleared the old fishing harbour at Port Calloway on a cold Saturday"
    articles = load_articles(EXAMPLES)
    articles[0] = dataclasses.replace(articles[0], title=long_title, language="en")
    for language, mark in (("he", "\u200e"), ("en", "")):
        options = resolve_options(Options(), language=language)
        view = document_view(compose_digest(articles, options), options)
        width = running_head_widths(page_view(options), marking=False)[1]
        heads = {a.title.text: a.running_head for a in view.articles}
        head = heads[long_title]
        # Cut at a word, never at the start; a direction mark keeps "…" at the end of an
        # English head in a Hebrew document.
        assert head.startswith("Volunteers cleared the old")
        assert head.endswith("…" + mark)
        assert long_title.startswith(head.removesuffix("…" + mark))
        for text in heads.values():
            assert text_width(text, view.script, RUNNING_HEAD_PT, bold=True) <= width


def test_subheadings_lose_their_full_stop_and_address_slugs_stay_out_of_the_meta_line():
    from newsreport import Heading

    url = "https://news.example.com/thoi-su-chinh-polit/2025/10/14/port.html"
    article = Article(
        title="عنوان",
        language="ar",
        direction=Direction.RTL,
        blocks=(Heading("الرؤية الواضحة."), Paragraph("نص المقال."), Heading("ماذا بعد؟")),
        section="thoi-su-chinh-polit",
        source_url=url,
        path=Path("/nonexistent/a.txt"),
    )
    html = render_html([article])
    assert '<h2 class="subheading">الرؤية الواضحة</h2>' in html
    assert '<h2 class="subheading">ماذا بعد؟</h2>' in html

    def meta(html: str) -> str:
        found = re.search(r'<p class="meta">(.*?)</p>', html)
        return found.group(1) if found else ""

    assert "thoi-su-chinh-polit" not in meta(html)
    named = render_html([article], digest={"sections": {"thoi-su-chinh-polit": "سياسة"}})
    assert "سياسة" in meta(named)
    # A section the article gives is shown as it is.
    assert "اقتصاد" in meta(render_html([dataclasses.replace(article, section="اقتصاد")]))


SYMBOLS = "↑ ✓ € № ① ≠ ½ 😀 👍 ❤ ✈ → ★ ∞"


def test_symbols_and_emoji_come_from_bundled_fonts_and_copy_as_text(tmp_path):
    english = _article(
        f"Prices {SYMBOLS} in one line.", language="en", direction=Direction.LTR, title="S"
    )
    arabic = _article(f"قال المشاركون {SYMBOLS} في البيان.")
    result = render_pdf([english, arabic], tmp_path / "symbols.pdf")
    assert result.warnings == ()
    used = fonts(result.output)
    assert set(used) <= BUNDLED_FONTS, f"system fonts used: {set(used) - BUNDLED_FONTS}"
    assert {"Noto-Sans-Symbols-2,", "Noto-Sans-Math", "Noto-Emoji"} <= set(used)
    # Every symbol comes back as text (PDFium, in the left-to-right line; in a right-to-left
    # one it turns ½ into 1/2 and loses characters beyond the first plane, its own rules).
    assert f"Prices {SYMBOLS} in one line." in " ".join(pdfium_text(result.output))
    assert f"Prices {SYMBOLS} in one line." in " ".join(pypdf_text(result.output))


def test_characters_no_bundled_font_draws_are_named_once_with_the_article(tmp_path):
    article = _article("Tamil தமிழ் and ✓.", language="en", direction=Direction.LTR, title="T")
    result = render_pdf([article], tmp_path / "tamil.pdf")
    (warning,) = result.warnings
    assert "“T” has characters no bundled font draws" in warning
    assert "த (U+0BA4)" in warning and "✓" not in warning
    assert set(fonts(result.output)) <= BUNDLED_FONTS
