"""The HTML stage: a Digest in, one complete HTML document out (Jinja2, autoescaped)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import jinja2

from .._resources import FONT_FILES, FONT_STACKS, fonts_dir, templates_dir
from ..compose.digest import UNDATED
from ..compose.labels import all_labels, label
from ..compose.lead import lead_text
from ..errors import ConfigError, NewsreportError, UsageError
from ..ingest.addresses import is_web_address, section_from_address
from ..ingest.language import detect_direction, text_direction
from ..model import Article, Digest, Direction, Figure, Group, Heading, PartialDate
from ..options import BriefingOptions, Digits, Options, Paper
from ..version import __version__
from .coverage import warn_missing
from .fitting import fit
from .formatting import (
    css_counter_style,
    default_digits,
    digits_for,
    format_hijri_date,
    format_number,
    format_partial_date,
    is_arabic_script,
    shorten,
)
from .images import ImageResolver
from .qrcodes import qr_svg
from .watermark import watermark_svg


@dataclass(frozen=True, slots=True)
class FontFace:
    """One bundled font file, declared with ``@font-face``."""

    family: str
    """CSS family name."""
    weight: int
    """400 or 700."""
    url: str
    """Absolute ``file:`` URL of the font file."""


@dataclass(frozen=True, slots=True)
class TextView:
    """A piece of text and the ``dir`` it needs, when that differs from its surroundings."""

    text: str
    """The text, as it is in the article."""
    dir: str | None = None
    """``rtl``/``ltr`` when the text runs against its container, else None."""


@dataclass(frozen=True, slots=True)
class BlockView:
    """A body block as the templates print it."""

    kind: str
    """``paragraph``, ``heading`` or ``figure``."""
    text: TextView | None = None
    """Paragraph or heading text."""
    caption: TextView | None = None
    """Figure caption, if any."""
    image_url: str | None = None
    """``file:`` URL of an image to show; None prints the placeholder."""
    label: str = ""
    """Figure label such as "صورة ٣" (alt text; the caption begins with it)."""


@dataclass(frozen=True, slots=True)
class FigureGroupView:
    """Consecutive figures, printed side by side two to a row."""

    figures: tuple[BlockView, ...]
    """The figures, in order."""

    kind = "figures"


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as the templates print it."""

    anchor: str
    """Fragment id of its first page: contents links and bookmarks point here."""
    title: TextView
    """Headline."""
    running_head: str
    """The headline as the page header shows it: shortened to fit one line."""
    lang: str
    """``lang`` attribute."""
    dir: str
    """``dir`` attribute: the article's own direction."""
    script: str
    """``arabic``, ``hebrew`` or ``latin``: picks the font stack."""
    meta: tuple[TextView, ...]
    """Date, section and byline, each one piece of text."""
    blocks: tuple[BlockView | FigureGroupView, ...]
    """Body; runs of two or more figures come as one group."""
    source_label: str
    """"Source" in the article's language."""
    source_url: TextView | None
    """The source address to print."""
    source_link: bool
    """Whether the address may be a link (http and https only)."""
    source_host: str | None
    """The source's host name, for the executive summary."""
    date_text: str | None
    """Publication date as printed."""
    lead: TextView | None
    """Two or three opening sentences, for the executive summary."""


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group heading and its articles."""

    anchor: str
    """Fragment id of the heading."""
    title: str | None
    """Heading text; None for an ungrouped document."""
    articles: tuple[ArticleView, ...]
    """Its articles, in order."""


@dataclass(frozen=True, slots=True)
class PageView:
    """Paper and production settings, in CSS units."""

    size: str
    """CSS page size (``A4``, ``A5``, ``letter``)."""
    width_mm: float
    """Trimmed page width."""
    height_mm: float
    """Trimmed page height."""
    margin_top: str
    """Top margin (CSS length)."""
    margin_bottom: str
    """Bottom margin."""
    margin_inner: str
    """Margin on the binding side (both sides when not duplex)."""
    margin_outer: str
    """Margin away from the binding, when duplex."""
    duplex: bool
    """Mirrored margins and recto starts."""
    bleed_mm: float
    """Bleed (0 for none)."""
    font_scale: float
    """Body size relative to A4."""
    break_before: str
    """``page``, or ``recto`` when duplex."""
    running_head_pt: float
    """Size of the running heads."""
    running_head_shares: tuple[int, int]
    """Percent of the line the document-title and article-title heads take."""
    font_stacks: dict[str, str]
    """CSS ``font-family`` of each script (``arabic``, ``latin``, ``hebrew``)."""
    kashida: bool = False
    """Justified Arabic-script lines stretch their words with kashida (class on the root)."""
    number_digits: int = 4
    """Digits a page-number slot of the contents and summary is wide (0.6 em each)."""
    folio_separator: str = " / "
    """Between the page number and the page count in each page's folio ("١٢ / ٣٠٢")."""


@dataclass(frozen=True, slots=True)
class BriefingView:
    """What only the briefing pack prints."""

    meeting: str | None
    """The meeting's name, for the cover."""
    location: str | None
    """Where it meets."""
    classification: str | None
    """The marking (e.g. سري) on the cover and every page, or None."""
    watermark: bool
    """Whether the marking is also printed as a diagonal watermark."""
    agenda: tuple[TextView, ...]
    """Agenda items, in order."""
    gregorian_date: str | None
    """The meeting date, Gregorian, as printed."""
    hijri_date: str | None
    """The same date in the Hijri (Umm al-Qura) calendar, for Arabic-script documents."""
    notes_pages: int
    """Ruled notes pages at the end."""
    notes_lines: int
    """Ruled lines on each notes page."""


@dataclass(frozen=True, slots=True)
class DocumentView:
    """Everything the document templates receive, as ``doc`` (see ``docs/templates.md``)."""

    title: str
    """The document's title (cover, metadata)."""
    running_head: str
    """The title as the page header shows it: shortened to fit its box."""
    subtitle: str | None
    """Subtitle on the cover."""
    lang: str
    """The document's language (``lang`` of the root element, PDF ``/Lang``)."""
    dir: str
    """The document's direction: ``rtl`` or ``ltr``."""
    script: str
    """``arabic``, ``hebrew`` or ``latin``: picks the font stack."""
    date_text: str | None
    """The issue or meeting date as printed."""
    count_text: str
    """"Articles: 11", in the document's language and digits."""
    count: str
    """The number of articles alone, in the document's digits (a large document's cover
    draws it when its parts are put together, so that the cover is laid out once)."""
    labels: dict[str, str]
    """Every word the document prints itself (``contents``, ``summary``…), in its language."""
    counter_style: str
    """CSS counter style of page numbers: ``decimal``, ``arabic-indic`` or ``persian``."""
    groups: tuple[GroupView, ...]
    """The articles in their groups (one untitled group when not grouped)."""
    grouped: bool
    """Whether groups have titles (by section or day)."""
    articles: tuple[ArticleView, ...]
    """Every article, in order."""
    page: PageView
    """Paper and production settings."""
    briefing: BriefingView
    """What only the briefing pack prints."""
    fonts: tuple[FontFace, ...]
    """The bundled font files (``fonts.css``)."""
    author: str | None
    """PDF Author."""
    description: str
    """PDF Subject."""
    keywords: str
    """PDF Keywords: the sections."""
    created: str | None
    """Creation date (the document's date, never the clock)."""
    generator: str
    """"newsreport 0.1.0"."""
    summary: tuple[ArticleView, ...] = ()
    """The articles the executive summary lists (a briefing's), in order."""
    sources: tuple[ArticleView, ...] = ()
    """The articles the sources appendix lists: those with a source address, in order."""


def script_of(language: str) -> str:
    """Which bundled font stack a language uses."""
    if is_arabic_script(language):
        return "arabic"
    if language.lower().split("-")[0] in ("he", "yi"):
        return "hebrew"
    return "latin"


def _text(text: str, context: Direction) -> TextView:
    direction = text_direction(text, context)
    return TextView(keep_prefixes(text), direction.value if direction is not context else None)


_PREFIX_SPACE = re.compile(r"(?:^|(?<=\s))((?:[وف]?[بكل]|ال|[وف])\u0640) (?=\S)")


def keep_prefixes(text: str) -> str:
    """A prefix written apart with a tatweel ("لـ", "بـ", "الـ") bound to the word it
    belongs to by a no-break space: a line never ends on it. (The space still copies as a
    space: ``GlyphRecorder`` gives a no-break space the text of a space.)"""
    if "\u0640" not in text:  # no tatweel, no prefix written apart (most texts)
        return text
    return _PREFIX_SPACE.sub("\\1\u00a0", text)


def content_anchor(kind: str, identity: str, taken: set[str]) -> str:
    """An anchor made from what it names, not from where it stands: an article added or
    removed leaves every other anchor, and so every other part's pages, as they were."""
    anchor = f"{kind}-{hashlib.sha256(identity.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"
    unique, number = anchor, 1
    while unique in taken:
        number += 1
        unique = f"{anchor}-{number}"
    taken.add(unique)
    return unique


def _identity(article: Article) -> str:
    """What tells an article from the others: its address, else its title and opening."""
    if article.source_url:
        return article.source_url
    opening = next((block.text for block in article.paragraphs), "")
    return f"{article.title}\n{opening[:500]}"


_FINAL_STOP = re.compile(r"(?<![.…])[.۔。]\s*$")


def heading_text(text: str) -> str:
    """A subheading as printed: without the full stop a scraped heading often ends with
    (an ellipsis, a question or an exclamation stays)."""
    return _FINAL_STOP.sub("", text).rstrip() or text


def article_view(
    article: Article,
    anchor: str,
    digits: Digits,
    sections: dict[str, str] | None = None,
    images: ImageResolver | None = None,
    head: Callable[[str], str] = shorten,
    *,
    body: bool = True,
) -> ArticleView:
    """Prepare one article: anchors, directions, labels, images, numbers, section name.
    Without ``body``, its blocks are left out (and nothing is warned of): what the frame of a
    document in parts prints (see ``with_bodies``)."""
    own = article.direction
    language = article.language
    article_digits = digits_for(language, digits)
    meta: list[TextView] = []
    if article.published is not None:
        date = format_partial_date(article.published, language, article_digits)
        meta.append(TextView(date, None))
    if article.section:
        # A section read off the address ("thoi-su-chinh-polit") is for grouping, not for
        # readers: shown only when named in [digest] sections, or given by the article.
        named = (sections or {}).get(article.section)
        if named or article.section != section_from_address(article.source_url):
            meta.append(_text(named or article.section, own))
    if article.byline:
        meta.append(_text(article.byline, own))
    source = article.source_url
    date_text = meta[0].text if article.published is not None else None
    lead = lead_text(article)
    return ArticleView(
        anchor=anchor,
        title=_text(article.title, own),
        running_head=head(article.title),
        lang=language,
        dir=own.value,
        script=script_of(language),
        meta=tuple(meta),
        blocks=article_blocks(article, digits, images) if body else (),
        source_label=label(language, "source"),
        source_url=TextView(source, "ltr" if own is Direction.RTL else None) if source else None,
        source_link=is_web_address(source),
        source_host=urlsplit(source).hostname if source and is_web_address(source) else None,
        date_text=date_text,
        lead=_text(lead, own) if lead else None,
    )


def article_blocks(
    article: Article, digits: Digits, images: ImageResolver | None = None
) -> tuple[BlockView | FigureGroupView, ...]:
    """An article's body as printed: figures numbered, images resolved, directions set;
    characters no bundled font draws are warned of here."""
    warn_missing(article)
    own = article.direction
    language = article.language
    article_digits = digits_for(language, digits)
    blocks: list[BlockView] = []
    figure_number = 0
    for block in article.blocks:
        if isinstance(block, Figure):
            figure_number += 1
            number = format_number(figure_number, language, article_digits)
            name = f"{label(language, 'image')} {number}"
            # The number heads the caption, so that every figure, shown or not, is
            # numbered where readers look for it.
            caption = f"{name}: {block.caption}" if block.caption else name
            blocks.append(
                BlockView(
                    kind="figure",
                    caption=_text(caption, own),
                    image_url=(images or ImageResolver()).url(block.image, article),
                    label=name,
                )
            )
        else:
            if isinstance(block, Heading):
                blocks.append(BlockView(kind="heading", text=_text(heading_text(block.text), own)))
            else:
                blocks.append(BlockView(kind="paragraph", text=_text(block.text, own)))
    return group_figures(blocks)


def group_figures(blocks: list[BlockView]) -> tuple[BlockView | FigureGroupView, ...]:
    """Gather runs of two or more consecutive figures into groups (two to a printed row)."""
    grouped: list[BlockView | FigureGroupView] = []
    run: list[BlockView] = []
    for block in [*blocks, None]:
        if block is not None and block.kind == "figure":
            run.append(block)
            continue
        if len(run) > 1:
            grouped.append(FigureGroupView(tuple(run)))
        else:
            grouped.extend(run)
        run = []
        if block is not None:
            grouped.append(block)
    return tuple(grouped)


RUNNING_HEAD_PT = 8.5
"""Size of the running heads."""
RUNNING_HEAD_SHARES = {False: (45, 55), True: (35, 45)}
"""Percent of the line the document-title and article-title heads take, without and with a
classification marking (20% in the middle)."""


def running_head_widths(page: PageView, marking: bool) -> tuple[float, float]:
    """Widths in points of the document-title and article-title boxes."""
    left_right = (
        _mm(page.margin_inner) + _mm(page.margin_outer)
        if page.duplex
        else 2 * _mm(page.margin_inner)
    )
    content = (page.width_mm - left_right) * 72 / 25.4
    title, article = RUNNING_HEAD_SHARES[marking]
    return (content * title / 100, content * article / 100)


def _mm(length: str) -> float:
    return float(length.removesuffix("mm"))


def page_view(options: Options) -> PageView:
    """Paper size, margins and breaks from the ``[print]`` options."""
    printing = options.print
    width, height = printing.paper.size_mm
    small = printing.paper is Paper.A5
    return PageView(
        size="letter" if printing.paper is Paper.LETTER else printing.paper.value,
        width_mm=width,
        height_mm=height,
        margin_top="18mm" if small else "24mm",
        margin_bottom="17mm" if small else "22mm",
        margin_inner=("17mm" if small else "24mm")
        if printing.duplex
        else ("14mm" if small else "20mm"),
        margin_outer=("13mm" if small else "17mm")
        if printing.duplex
        else ("14mm" if small else "20mm"),
        duplex=printing.duplex,
        kashida=printing.kashida,
        bleed_mm=printing.bleed,
        font_scale=0.9 if small else 1.0,
        break_before="recto" if printing.duplex else "page",
        running_head_pt=RUNNING_HEAD_PT,
        running_head_shares=RUNNING_HEAD_SHARES[bool(options.briefing.classification)],
        font_stacks={
            script: ", ".join(f'"{family}"' for family in families)
            for script, families in FONT_STACKS.items()
        },
    )


def briefing_view(digest: Digest, options: Options, digits: Digits) -> BriefingView:
    """The meeting details, both calendars' dates, agenda and notes pages."""
    briefing = options.briefing
    language = digest.language
    day = options.date
    if day is None and digest.date is not None and digest.date.day is not None:
        day = digest.date.bounds()[0]
    page = page_view(options)
    usable_mm = page.height_mm - 46 - 30  # margins and the notes heading
    return BriefingView(
        meeting=briefing.meeting,
        location=briefing.location,
        classification=briefing.classification,
        watermark=briefing.watermark and bool(briefing.classification),
        agenda=tuple(_text(item, digest.direction) for item in briefing.agenda),
        gregorian_date=format_partial_date(PartialDate.from_date(day), language, digits)
        if day
        else None,
        hijri_date=format_hijri_date(day, language, digits) if day else None,
        notes_pages=briefing.notes_pages,
        notes_lines=max(5, int(usable_mm // 9)),
    )


def document_view(digest: Digest, options: Options) -> DocumentView:
    """Prepare the whole document for the templates."""
    return with_bodies(document_outline(digest, options), digest, options)


def with_bodies(outline: DocumentView, digest: Digest, options: Options) -> DocumentView:
    """The ``document_outline`` of ``digest`` with its articles' bodies: the whole view."""
    digits = options.digits or default_digits(digest.language)
    images = ImageResolver(options.fetch, options.limits)
    articles = [article for group in digest.groups for article in group.articles]
    return with_articles(
        outline,
        {
            shown.anchor: dataclasses.replace(shown, blocks=article_blocks(article, digits, images))
            for article, shown in zip(articles, outline.articles, strict=True)
        },
    )


def with_articles(view: DocumentView, articles: dict[str, ArticleView]) -> DocumentView:
    """``view`` with each article replaced by the one of its anchor in ``articles``, in its
    groups, its summary and its sources alike."""
    groups = tuple(
        dataclasses.replace(group, articles=tuple(articles[a.anchor] for a in group.articles))
        for group in view.groups
    )
    return dataclasses.replace(
        view,
        groups=groups,
        articles=tuple(articles[a.anchor] for a in view.articles),
        summary=tuple(articles[a.anchor] for a in view.summary),
        sources=tuple(articles[a.anchor] for a in view.sources),
    )


def document_outline(digest: Digest, options: Options) -> DocumentView:
    """The document without its articles' bodies (``blocks``): all the frame of a document
    in parts prints, made in a fraction of the time, so that it is laid out first."""
    language = digest.language
    digits = options.digits or default_digits(language)
    count = format_number(len(digest.articles), language, digits)
    sections = sorted({article.section for article in digest.articles if article.section})
    fonts = fonts_dir()
    labels = all_labels(language)
    page = page_view(options)
    script = script_of(language)
    heads = running_head_widths(page, bool(options.briefing.classification))

    def article_head(title: str) -> str:
        text = fit(shorten(title), heads[1], script, RUNNING_HEAD_PT, bold=True)
        if text.endswith("…") and detect_direction(title, digest.direction) is not digest.direction:
            # A neutral "…" at the end of a left-to-right head in a right-to-left document
            # would be set on the head's left: a direction mark keeps it at the end.
            text += "\u200e" if digest.direction is Direction.RTL else "\u200f"
        return text

    taken: set[str] = set()
    groups: list[GroupView] = []
    for group in digest.groups:
        views = []
        for article in group.articles:
            views.append(
                article_view(
                    article,
                    content_anchor("article", _identity(article), taken),
                    digits,
                    dict(options.digest.sections),
                    head=article_head,
                    body=False,
                )
            )
        groups.append(
            GroupView(
                anchor=content_anchor("group", group.key, taken),
                title=_group_title(group, language, digits, labels) if digest.grouped else None,
                articles=tuple(views),
            )
        )
    articles = tuple(article for group in groups for article in group.articles)
    return DocumentView(
        title=digest.title,
        running_head=fit(shorten(digest.title, 60), heads[0], script, RUNNING_HEAD_PT, bold=False),
        subtitle=digest.subtitle,
        lang=language,
        dir=digest.direction.value,
        script=script_of(language),
        date_text=format_partial_date(digest.date, language, digits) if digest.date else None,
        count_text=f"{labels['articles']}: {count}",
        count=count,
        labels=labels,
        counter_style=css_counter_style(language, digits),
        groups=tuple(groups),
        grouped=digest.grouped,
        articles=articles,
        summary=articles,
        sources=tuple(article for article in articles if article.source_url is not None),
        page=page_view(options),
        briefing=briefing_view(digest, options, digits),
        fonts=tuple(
            FontFace(family, weight, (fonts / relative).as_uri())
            for family, weight, relative in FONT_FILES
        ),
        author=options.author,
        description=digest.subtitle or digest.title,
        keywords=", ".join(sections),
        created=str(digest.date) if digest.date else None,
        generator=f"newsreport {__version__}",
    )


def _group_title(group: Group, language: str, digits: Digits, labels: dict[str, str]) -> str:
    if group.key == UNDATED:
        return labels["undated"]
    if group.date is not None:
        return format_partial_date(group.date, language, digits)
    if group.key == "other":
        return labels["other"]
    return group.name or group.key


@lru_cache(maxsize=8)
def template_environment(
    user_templates: Path | None = None, before: tuple[Path, ...] = ()
) -> jinja2.Environment:
    """Jinja with the user's template folder first and the built-in one after (``before``
    them, the engine's own, for the parts of large documents); HTML autoescaped."""
    folders = [*before, templates_dir()]
    if user_templates is not None:
        folders.insert(len(before), user_templates)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Made on demand: only templates that print QR codes pay for them.
    environment.globals["qr_svg"] = qr_svg
    environment.globals["watermark_svg"] = watermark_svg
    return environment


def render_document_html(digest: Digest, options: Options) -> str:
    """The complete HTML of the document: styles inlined, fonts and images as absolute URLs."""
    return render_view_html(document_view(digest, options), options)


def render_view_html(view: DocumentView, options: Options, *, inline_styles: bool = True) -> str:
    """HTML of a prepared view, by the document's template (``digest`` or ``briefing``).

    Without ``inline_styles`` the stylesheet is left out: give ``render_view_css`` to the
    renderer.
    """
    with template_errors():
        return _view_template(view, options).render(doc=view, inline_styles=inline_styles)


def write_view_html(view: DocumentView, options: Options, output: BinaryIO) -> None:
    """``render_view_html`` written piece by piece: a large document's HTML is never whole
    in memory."""
    with template_errors():
        for piece in _view_template(view, options).generate(doc=view, inline_styles=True):
            output.write(piece.encode("utf-8"))


NOT_DOCUMENTS = frozenset({"base"})
"""Templates in the template folders that are not documents of their own."""


def document_templates(options: Options) -> list[str]:
    """The document templates one can name: the built-in ones and the user's."""
    folders = [templates_dir()] + ([options.templates] if options.templates else [])
    names = {
        path.stem
        for folder in folders
        if folder.is_dir()
        for path in folder.glob("*.html")
        if path.stem not in NOT_DOCUMENTS
    }
    return sorted(names, key=lambda name: (name not in ("digest", "briefing"), name))


BRIEFING_ONLY = ("meeting", "location", "classification", "agenda", "notes_pages", "watermark")
"""``[briefing]`` options the digest template does not print."""


def check_template(options: Options) -> list[str]:
    """Raise ``UsageError`` (before any work) for a template that does not exist; return the
    ``[briefing]`` options set that the chosen template does not print."""
    name = options.template
    if name in NOT_DOCUMENTS or name not in document_templates(options):
        raise UsageError(
            f"template {name!r} not found; the templates are "
            f"{', '.join(document_templates(options))}"
            + ("" if options.templates else " (--templates adds a folder of your own)")
        )
    if name != "digest" or (options.templates and (options.templates / "digest.html").exists()):
        return []
    defaults = BriefingOptions()
    return [
        key for key in BRIEFING_ONLY if getattr(options.briefing, key) != getattr(defaults, key)
    ]


def _view_template(view: DocumentView, options: Options) -> jinja2.Template:
    return template_environment(options.templates).get_template(f"{options.template}.html")


STYLESHEETS = ("fonts.css", "print.css", "count.css")
"""The stylesheet's templates, in order (``base.html`` includes the same)."""


def render_view_css(view: DocumentView, options: Options) -> str:
    """The stylesheet ``render_view_html`` inlines: fonts, print styles, the cover's count."""
    environment = template_environment(options.templates)
    with template_errors():
        return "\n".join(environment.get_template(name).render(doc=view) for name in STYLESHEETS)


@contextmanager
def template_errors() -> Iterator[None]:
    """A template that cannot be found, parsed or rendered is one line naming its file and
    line: templates are the user's configuration (``ConfigError``, exit status 2)."""
    try:
        yield
    except jinja2.TemplateNotFound as error:
        raise ConfigError(
            f"template {error.name!r} not found (in --templates, then the built-in templates)"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise ConfigError(f"{where}: template syntax error: {error.message}") from None
    except NewsreportError:
        raise
    except Exception as error:
        where = _template_line(error)
        if where is None:
            raise
        raise ConfigError(f"{where}: template error: {error}") from None


def _template_line(error: BaseException) -> str | None:
    """``file:line`` of the innermost template the error passed through (Jinja gives
    template frames their file and line), or None when it came from no template."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith((".html", ".htm", ".css", ".xml")):
            found = f"{name}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found
