"""Large-document rendering: chunks on every core and the cache give the same document."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pikepdf
import pypdf
import pypdfium2
import pytest
from PIL import ImageChops, ImageFilter

from newsreport import Options, Paragraph, load_articles, load_config, render_pdf
from newsreport.engine._cache import PartCache

from .conftest import EXAMPLES
from .pdfread import links, outline, pdfium_text

pytestmark = pytest.mark.slow
"""Every test here lays out a document in parts, on worker processes."""


def _rounded(found):
    return [([round(value, 2) for value in rect], target) for rect, target in found]


def _near(found, expected, tolerance=0.02):
    """The same links, their rectangles equal within ``tolerance`` points (page numbers' links
    are measured from rounded font widths)."""
    return len(found) == len(expected) and all(
        target == other and all(abs(a - b) <= tolerance for a, b in zip(rect, box, strict=True))
        for (rect, target), (box, other) in zip(found, expected, strict=True)
    )


def _pages(path):
    document = pypdfium2.PdfDocument(path)
    try:
        return [document[i].render(scale=0.4).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()


def _same_pages(path, other):
    """The same pages, drawn the same. Folios and page numbers drawn when parts are put
    together can sit a thousandth of a point from where one render puts them (widths are
    rounded to a thousandth of an em), which can turn one pixel's grey by a few levels:
    compared blurred, a glyph moved by a pixel differs by 30 levels or more."""
    blur = ImageFilter.BoxBlur(2)
    mine, theirs = _pages(path), _pages(other)
    return len(mine) == len(theirs) and all(
        a.size == b.size
        and ImageChops.difference(a.filter(blur), b.filter(blur)).getextrema()[1] <= 8
        for a, b in zip(mine, theirs, strict=True)
    )


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"digest": {"group_by": "section"}, "print": {"duplex": True}},
        {"config": "examples/briefing_pack.toml"},
        {"language": "en"},
        {"language": "he", "print": {"duplex": True}},
        {"language": "fa"},
        {"language": "en", "template": "briefing", "print": {"pdf_variant": "pdf/a-3b"}},
        {"print": {"pdf_variant": "pdf/ua-1"}},
    ],
    ids=[
        "digest",
        "grouped-duplex",
        "briefing",
        "english",
        "hebrew-duplex",
        "persian-digits",
        "english-pdfa-briefing",
        "pdfua",
    ],
)
def test_chunked_render_is_the_same_document_as_one_render(tmp_path, options, monkeypatch):
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    settings = dict(options)
    config = settings.pop("config", None)
    base = (load_config(config) if config else Options()).updated(settings)
    articles = load_articles(EXAMPLES)
    single = render_pdf(articles, tmp_path / "one.pdf", options=base, workers=1)
    import newsreport.engine

    assembled: list[int] = []
    laid_out = newsreport.engine.render_parallel

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        assembled.append(laid_out(*args, **kwargs))
        return assembled[-1]

    monkeypatch.setattr(newsreport.engine, "render_parallel", counted)
    chunked = render_pdf(articles, tmp_path / "many.pdf", options=base, workers=2, cache=False)
    # Really put together from parts (PDF/A-3b and PDF/UA-1 too).
    assert assembled == [chunked.pages]
    assert not [w for w in chunked.warnings if "one piece" in w]
    assert chunked.pages == single.pages
    assert outline(chunked.output) == outline(single.output)
    for index in range(single.pages):
        # Page numbers are drawn afterwards: their links are measured from the font's widths,
        # which are rounded to a thousandth of an em (a few ten-thousandths of a point).
        assert _rounded(links(chunked.output, index)) == _rounded(links(single.output, index))
    # The same text on each page (folios are drawn last, so they may be read in another place).
    words = [sorted(text.split()) for text in pdfium_text(chunked.output)]
    assert words == [sorted(text.split()) for text in pdfium_text(single.output)]
    assert _same_pages(chunked.output, single.output)
    # Written object by object (pdf_writer): a sound file, with one copy of each font.
    with pikepdf.open(chunked.output) as many, pikepdf.open(single.output) as one:
        assert many.check_pdf_syntax() == []
        assert _font_files(many) == _font_files(one)
        # PDF/A and PDF/UA: the same claims, output intent and version as one render.
        for key in ("/Metadata", "/OutputIntents", "/MarkInfo", "/Lang", "/ViewerPreferences"):
            assert (key in many.Root) == (key in one.Root), key
        if "/Metadata" in one.Root:
            assert many.Root.Metadata.read_bytes() == one.Root.Metadata.read_bytes()
        assert many.pdf_version == one.pdf_version
        annotations = [a for page in many.pages for a in page.obj.get("/Annots", ())]
        if base.print.pdf_variant and base.print.pdf_variant.startswith("pdf/a"):
            assert annotations and all(int(a.get("/F", 0)) == 4 for a in annotations)


def _font_files(document):
    return sorted(
        str(item.BaseFont)[7:]  # without the subset tag
        for item in document.objects
        if isinstance(item, pikepdf.Dictionary) and item.get("/Subtype") == "/Type0"
    )


def _cache_answers(monkeypatch) -> list[bool]:
    """What the part cache answers from now on (True: found), observed, not changed."""
    answers: list[bool] = []
    original_get = PartCache.get

    def counting_get(self, key):
        found = original_get(self, key)
        answers.append(found is not None)
        return found

    monkeypatch.setattr(PartCache, "get", counting_get)
    return answers


def _numbered_examples() -> list:
    """The examples three times, each copy with its own title and text (and no address)."""
    return [
        dataclasses.replace(
            a, title=f"{a.title} {n}", blocks=(*a.blocks, Paragraph(str(n))), source_url=None
        )
        for n, a in enumerate(load_articles(EXAMPLES) * 3)
    ]


def test_warm_rebuild_lays_out_only_the_changed_chunk(tmp_path, monkeypatch):
    articles = _numbered_examples()
    cache_dir = tmp_path / "cache"
    cold = render_pdf(articles, tmp_path / "a.pdf", cache_dir=cache_dir)
    chunks = len(list(cache_dir.glob("*/*.pdf")))
    assert chunks >= 5  # the chunks and the frame
    articles[7] = dataclasses.replace(articles[7], blocks=(*articles[7].blocks, Paragraph("جديد")))
    cache = PartCache(cache_dir)
    hits = _cache_answers(monkeypatch)
    warm = render_pdf(articles, tmp_path / "b.pdf", cache_dir=cache_dir)
    assert warm.pages == cold.pages
    assert hits.count(False) <= 2  # the changed chunk, and the frame only if pages moved
    assert hits.count(True) >= chunks - 3
    assert cache.folder == cache_dir


def test_an_article_removed_lays_out_its_chunk_and_the_frame_only(tmp_path, monkeypatch):
    from newsreport import compose_digest
    from newsreport.engine._parts import chunk_views
    from newsreport.view import document_view
    from newsreport.view.document import _identity, content_anchor

    articles = _numbered_examples()
    cache_dir = tmp_path / "cache"
    render_pdf(articles, tmp_path / "a.pdf", cache_dir=cache_dir)
    # An article that shares its chunk (so that the chunk is laid out again without it).
    view = document_view(compose_digest(articles, Options()), Options())
    shared = next(chunk for chunk in chunk_views(view) if len(chunk.articles) > 1)
    anchors = {content_anchor("article", _identity(a), set()): n for n, a in enumerate(articles)}
    del articles[anchors[shared.articles[0].anchor]]
    hits = _cache_answers(monkeypatch)
    fewer = render_pdf(articles, tmp_path / "b.pdf", cache_dir=cache_dir)
    # The frame shows the count; the probe, which draws folios and heads, does not depend
    # on it and comes from the cache with the other chunks.
    assert fewer.articles == len(articles)
    assert hits.count(False) == 2 and hits.count(True) >= 5, hits


def test_the_cover_is_laid_out_once_its_article_count_drawn_at_assembly(tmp_path, monkeypatch):
    import newsreport.engine._parts as parts
    from newsreport import compose_digest

    monkeypatch.setattr(parts, "CONTENTS_SLICE", 12)  # the frame in slices, the cover apart
    articles = _numbered_examples()
    cache_dir = tmp_path / "cache"
    cold = render_pdf(articles, tmp_path / "a.pdf", cache_dir=cache_dir)
    before = {path.name for path in cache_dir.glob("*/*.pdf")}
    last = compose_digest(articles).articles[-1]  # the contents' last entry
    articles = [article for article in articles if article is not last]
    fewer = render_pdf(articles, tmp_path / "b.pdf", cache_dir=cache_dir)
    new = [path for path in cache_dir.glob("*/*.pdf") if path.name not in before]
    assert new  # the chunk that held the article, and the contents slice
    # The count each cover shows, in the document's digits, drawn when the parts were put
    # together (PDFium reads Arabic-Indic numbers in order; pypdf and MuPDF do not).
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    cover = pdfium_text(cold.output)[0]
    shown = f": {str(len(articles) + 1).translate(arabic)}"
    label = next(line for line in cover.splitlines() if shown in line).split(":")[0].strip()
    # The frame put together again holds the cover; the cover itself (a piece of its own, with
    # the first entry) comes from the cache.
    covers = [path for path in new if label in "".join(pdfium_text(path))]
    assert len(covers) == 1, covers
    joined = [path for path in new if json.loads(path.with_suffix(".json").read_text())["joined"]]
    assert joined == covers  # the frame, put together from its slices, not laid out
    for result, count in ((cold, len(articles) + 1), (fewer, len(articles))):
        first = pdfium_text(result.output)[0]
        assert f": {str(count).translate(arabic)}" in first, first
        assert f": {str(count + 1).translate(arabic)}" not in first
        # One glyph for the number, which pypdf (taking Arabic-Indic digits for right-to-left
        # letters) would read backwards a glyph a digit.
        read = pypdf.PdfReader(result.output).pages[0].extract_text()
        assert str(count).translate(arabic) in read, read


def test_a_day_laid_out_for_its_daily_digest_is_not_laid_out_again_for_the_week(
    tmp_path, monkeypatch
):
    from newsreport import PartialDate

    examples = load_articles(EXAMPLES)
    articles = [
        dataclasses.replace(
            a,
            title=f"{a.title} {n}",
            blocks=(*a.blocks, Paragraph(str(n))),
            source_url=None,
            published=PartialDate(2026, 11, 23 + n // len(examples)),
        )
        for n, a in enumerate(examples * 2)
    ]
    cache_dir = tmp_path / "cache"
    days = [[a for a in articles if a.published.day == day] for day in (23, 24)]
    for day, title in zip(days, ("Monday digest", "Tuesday digest"), strict=True):
        render_pdf(day, tmp_path / f"{title}.pdf", cache_dir=cache_dir, title=title)
    hits = _cache_answers(monkeypatch)
    week = render_pdf(articles, tmp_path / "week.pdf", cache_dir=cache_dir, title="The week")
    # Every chunk of articles comes from the dailies: only the frame and the probe, which
    # name the week, are laid out.
    assert hits.count(False) == 2 and hits.count(True) >= 4, hits
    # Each body page names its own document, drawn when the parts were put together.
    for path, title, other in (
        (week.output, "The week", "Monday digest"),
        (tmp_path / "Monday digest.pdf", "Monday digest", "The week"),
    ):
        # Words, not phrases: PDFium reads a Latin head beside a Hebrew one right to left.
        pages = [text for text in pdfium_text(path) if text.strip()]
        assert len(pages) > 10, path
        assert all(all(word in text for word in title.split()) for text in pages), path
        assert not any(all(word in text for word in other.split()) for text in pages), path


BUILD = """
import sys
import newsreport
articles = newsreport.load_articles(sys.argv[1])
newsreport.render_pdf(articles, sys.argv[2], cache_dir=sys.argv[3])
"""


def test_builds_sharing_a_cache_do_not_disturb_each_other(tmp_path):
    script = tmp_path / "build.py"
    script.write_text(BUILD, encoding="utf-8")
    outputs = [tmp_path / f"{n}.pdf" for n in range(3)]
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), str(EXAMPLES), str(path), str(tmp_path / "shared")],
            stderr=subprocess.PIPE,
        )
        for path in outputs
    ]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors.decode()
    assert outputs[0].read_bytes() == outputs[1].read_bytes() == outputs[2].read_bytes()
    # And a build reading the warm cache gives the same bytes again.
    render_pdf(load_articles(EXAMPLES), tmp_path / "warm.pdf", cache_dir=tmp_path / "shared")
    assert (tmp_path / "warm.pdf").read_bytes() == outputs[0].read_bytes()


def test_cache_stays_within_its_bound(tmp_path):
    from newsreport.engine._layout import PdfBytes
    from newsreport.engine._parts import PartResult

    cache = PartCache(tmp_path, max_bytes=3_000)
    for number in range(10):
        cache.put(f"{number:064x}", PartResult(PdfBytes(b"x" * 1_000, 1), ()))
    cache.prune()  # builds prune once, when they are done
    total = sum(path.stat().st_size for path in tmp_path.glob("*/*"))
    assert total <= 3_000
    assert cache.get(f"{9:064x}") is not None  # the newest stays


def test_templates_without_a_body_stand_in_are_laid_out_in_one_piece(tmp_path):
    # A user's digest template that draws the articles its own way: parts cannot be fitted
    # into its frame, so the document is laid out in one render, with a warning.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "digest.html").write_text(
        '{% extends "base.html" %}{% block body %}'
        '{% for article in doc.articles %}<h1 class="article-title">{{ article.title.text }}</h1>'
        "{% endfor %}{% endblock %}",
        encoding="utf-8",
    )
    articles = load_articles(EXAMPLES)
    result = render_pdf(articles, tmp_path / "a.pdf", templates=templates, workers=2, cache=False)
    assert any("laid out in one piece" in warning for warning in result.warnings)
    assert len(outline(result.output)) == result.articles  # the user's template, whole


WRAPPING = " — with a headline long enough to take two lines of the contents, to see it break"


def _many_articles(copies: int):
    """The examples told ``copies`` times, each made distinct: lists of several pages. Only
    their first two blocks are kept: the lists are what is tested, the bodies cost time."""
    return [
        dataclasses.replace(
            article,
            title=f"{article.title} {number}" + (WRAPPING if number % 7 == 3 else ""),
            blocks=(*article.blocks[:2], Paragraph(str(number))),
            source_url=f"https://news.example.org/item/{number}",
        )
        for number, article in enumerate(load_articles(EXAMPLES) * copies)
    ]


@pytest.mark.parametrize(
    ("config", "settings", "copies"),
    [
        # Group headings, two-sided, left to right.
        (None, {"language": "en", "digest": {"group_by": "section"}, "print": {"duplex": True}}, 4),
        # Executive summary, contents and sources, two-sided, right to left.
        ("examples/briefing_pack.toml", {}, 1),
    ],
    ids=["english-grouped-duplex", "briefing"],
)
def test_long_lists_laid_out_in_slices_are_the_same_document(
    tmp_path, monkeypatch, config, settings, copies
):
    from newsreport.engine import _frame as frame
    from newsreport.engine._jobs import render_part
    from newsreport.engine._parts import _Runner

    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    # Slices of 4 entries: lists of several pages are laid out in many slices.
    monkeypatch.setattr("newsreport.engine._parts.CONTENTS_SLICE", 4)
    monkeypatch.setattr("newsreport.engine._parts.SLICE_PAGES", 1.25)  # and a page after
    jobs = []
    submit = _Runner.submit

    def observe(self, job):
        if isinstance(job, frame.FrameJob):
            jobs.append(job)
        return submit(self, job)

    monkeypatch.setattr(_Runner, "submit", observe)
    articles = _many_articles(copies)
    options = (load_config(config) if config else Options()).updated(settings)
    # The slices are what is compared here (PDF/A in parts is compared above).
    options = dataclasses.replace(
        options, print=dataclasses.replace(options.print, pdf_variant=None)
    )
    single = render_pdf(articles, tmp_path / "one.pdf", options=options, workers=1)
    sliced = render_pdf(articles, tmp_path / "many.pdf", options=options, workers=2, cache=False)
    assert not [w for w in sliced.warnings if "one piece" in w]
    assert sliced.pages == single.pages
    assert outline(sliced.output) == outline(single.output)
    for index in range(8):  # the cover and the contents (the body's are compared above)
        assert _near(links(sliced.output, index), links(single.output, index))
    assert _same_pages(sliced.output, single.output)

    # The frame was laid out in slices, into the pages of the frame laid out in one piece.
    (job,) = jobs
    layouts = []
    lay_out = frame.lay_out

    def counting(part, html, *rest):
        layouts.append(html)
        return lay_out(part, html, *rest)

    monkeypatch.setattr(frame, "lay_out", counting)
    pieces = frame.render_frame(job).pdf
    whole = render_part(job.part).pdf
    assert len(layouts) >= 6
    assert pieces.pages == whole.pages
    assert (pieces.blank, pieces.folios, pieces.slots) == (whole.blank, whole.folios, whole.slots)
    (tmp_path / "pieces.pdf").write_bytes(pieces.data)
    (tmp_path / "whole.pdf").write_bytes(whole.data)
    assert _same_pages(tmp_path / "pieces.pdf", tmp_path / "whole.pdf")

    if config:
        return
    # A user's template (here one that does not lay out windows): the frame in one piece.
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "contents.html").write_text(
        '<nav class="contents">{% for group in doc.groups %}{% for article in group.articles %}'
        "<p>{{ article.title.text }}</p>{% endfor %}{% endfor %}</nav>",
        encoding="utf-8",
    )
    layouts.clear()
    custom = dataclasses.replace(job, options=dataclasses.replace(job.options, templates=templates))
    assert frame.render_frame(custom).pdf.data == whole.data
    assert not layouts


@pytest.mark.slow
def test_one_document_laid_out_on_a_dask_cluster_is_the_same_bytes(tmp_path, dask_client):
    """``render_pdf(executor=...)``: a Dask cluster lays out the parts of one document."""
    import distributed

    articles = _many_articles(2)
    local = tmp_path / "local.pdf"
    render_pdf(articles, local, options={"cache": False})
    remote = tmp_path / "cluster.pdf"
    with distributed.get_task_stream(dask_client) as tasks:
        render_pdf(articles, remote, options={"cache": False}, executor=dask_client.get_executor())
    # The parts (chunks, frame, probe) were laid out by the cluster's workers.
    laid_out = [task for task in tasks.data if "render_" in task["key"]]
    assert len(laid_out) >= 4
    assert remote.read_bytes() == local.read_bytes()


class _Captured(BaseException):
    """Ends a render once its frame job is made (the rest is not needed)."""


@pytest.mark.slow
def test_contents_slices_before_an_edit_are_taken_from_the_cache(tmp_path, monkeypatch):
    from newsreport import compose_digest
    from newsreport.engine import _frame as frame
    from newsreport.engine._cache import PartCache
    from newsreport.engine._jobs import render_part
    from newsreport.engine._parts import _Runner

    monkeypatch.setattr("newsreport.engine._parts.CONTENTS_SLICE", 8)
    monkeypatch.setattr("newsreport.engine._parts.SLICE_PAGES", 1.25)
    jobs = []

    def capture(self, job):
        if isinstance(job, frame.FrameJob):
            jobs.append(job)
            raise _Captured
        return "unused"

    monkeypatch.setattr(_Runner, "submit", capture)
    articles = _many_articles(8)
    last = compose_digest(articles).articles[-1]  # the contents' last entry
    for number, chosen in enumerate((articles, [a for a in articles if a is not last])):
        with pytest.raises(_Captured):
            render_pdf(chosen, tmp_path / f"{number}.pdf", workers=2, cache=False)
    cache = PartCache(tmp_path / "slices")
    first, edited = (dataclasses.replace(job, cache=cache) for job in jobs)

    layouts: list[str] = []
    lay_out = frame.lay_out

    def counting(part, html, *rest):
        layouts.append(html)
        return lay_out(part, html, *rest)

    monkeypatch.setattr(frame, "lay_out", counting)
    frame.render_frame(first)
    cold = len(layouts)
    layouts.clear()
    pieces = frame.render_frame(edited).pdf
    # The last slice only: not the lists' slices before it, the first one included, nor the
    # cover (laid out with the first entry only), whose article count is drawn at assembly.
    assert cold >= 5 and len(layouts) == 1, (len(layouts), cold)
    whole = render_part(edited.part).pdf
    assert pieces.pages == whole.pages
    (tmp_path / "pieces.pdf").write_bytes(pieces.data)
    (tmp_path / "whole.pdf").write_bytes(whole.data)
    assert _same_pages(tmp_path / "pieces.pdf", tmp_path / "whole.pdf")
