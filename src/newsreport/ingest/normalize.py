"""Text clean-up: a named list of rules applied to every piece of article text, in order."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from .._messages import warn
from ..errors import LoadError
from ..model import Article, Block, Figure, Heading, Paragraph, RawArticle
from ..options import Limits
from .addresses import date_from_address, section_from_address
from .language import detect_language, direction_of_language, text_direction

TextRule = Callable[[str], str]

_C0_C1 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Zero-width characters with no business in running text (ZWJ/ZWNJ are handled apart).
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff\u180e\u2028\u2029]")
# Explicit bidi formatting: we set direction ourselves, WeasyPrint supports no unicode-bidi.
_BIDI_CONTROLS = re.compile(r"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# Arabic presentation forms (A and B); they break search and copy/paste in the PDF.
_PRESENTATION_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]")
# Advert placeholders left by scrapers: [إعلان_1], [ad_2], [quảng_cáo_3]…
_ADVERT = re.compile(r"\[[^\[\]\s\d_][^\[\]\s]*_\d+\]")
_IMAGE_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_FOLDABLE_SPACE = re.compile(r"[ \t\n\r\f\v\u0085\u1680\u2000-\u200a\u202f\u205f\u3000\u00a0]+")
_PLAIN_SPACES = re.compile(r"[ \t\n\r\f\v\u0085\u1680\u2000-\u200a\u205f\u3000]")
# Only marks that no language spaces before (French does space before ; ! ?).
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +(?=[،؛؟,.](?:\s|$))")


def compose_nfc(text: str) -> str:
    """Unicode NFC, so that the same word is always the same code points (search, dedupe)."""
    return unicodedata.normalize("NFC", text)


def strip_control_characters(text: str) -> str:
    """Drop NUL, other C0/C1 controls and lone surrogates that scrapers and bad decoders leave."""
    text = _SURROGATES.sub("", text)
    return _C0_C1.sub(" ", text)


def strip_zero_width(text: str) -> str:
    """Drop zero-width spaces and stray joiners; keep ZWJ/ZWNJ between letters (Persian needs them)."""
    text = _ZERO_WIDTH.sub("", text)
    if "\u200c" not in text and "\u200d" not in text:
        return text
    kept: list[str] = []
    for index, char in enumerate(text):
        if char in "\u200c\u200d":
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if not (_is_letter_or_mark(before) and _is_letter_or_mark(after)):
                continue
        kept.append(char)
    return "".join(kept)


def strip_bidi_controls(text: str) -> str:
    """Drop explicit bidi marks, embeddings and isolates; direction is ours to set."""
    return _BIDI_CONTROLS.sub("", text)


def unfold_presentation_forms(text: str) -> str:
    """Turn Arabic presentation forms back into letters, so the PDF shapes and extracts them."""
    return _PRESENTATION_FORMS.sub(lambda match: unicodedata.normalize("NFKC", match[0]), text)


def strip_advert_markers(text: str) -> str:
    """Drop advert placeholders such as ``[إعلان_1]`` or ``[ad_2]``."""
    return _ADVERT.sub(" ", text)


def strip_markdown_artefacts(text: str) -> str:
    """Drop leftover image markup and table pipes (``![](…)``, ``|``) from scraped text."""
    text = _IMAGE_MARKUP.sub(" ", text).replace("![", "[")
    if "|" in text:
        text = " – ".join(cell.strip() for cell in text.split("|") if cell.strip())
    return text


def fold_whitespace(text: str) -> str:
    """Fold runs of spaces, tabs and line breaks into one space and trim the ends.

    A lone no-break space is kept (it is typed on purpose); in a run it folds like any other.
    """

    def fold(match: re.Match[str]) -> str:
        run = match[0]
        if len(run) == 1 and not _PLAIN_SPACES.match(run):
            return run
        return " "

    return _FOLDABLE_SPACE.sub(fold, text).strip()


def tighten_punctuation(text: str) -> str:
    """Remove a space typed before a comma, semicolon or full stop (``الاقتصادية ،`` → ``الاقتصادية،``)."""
    return _SPACE_BEFORE_PUNCT.sub("", text)


def _is_letter_or_mark(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "LM"


TEXT_RULES: list[tuple[str, TextRule]] = [
    ("nfc", compose_nfc),
    ("control_characters", strip_control_characters),
    ("zero_width", strip_zero_width),
    ("bidi_controls", strip_bidi_controls),
    ("presentation_forms", unfold_presentation_forms),
    ("advert_markers", strip_advert_markers),
    ("markdown_artefacts", strip_markdown_artefacts),
    ("whitespace", fold_whitespace),
    ("punctuation_spacing", tighten_punctuation),
]
"""Clean-up rules for article text, in the order they run; switch one off by name."""

ADDRESS_RULES: tuple[str, ...] = ("nfc", "control_characters", "zero_width", "bidi_controls")
"""The rules that also apply to addresses (source URLs, image paths)."""


def normalize_text(
    text: str, *, skip: Iterable[str] = (), only: Iterable[str] | None = None
) -> str:
    """Run the clean-up rules over one piece of text and return the result."""
    skipped = set(skip)
    wanted = set(only) if only is not None else None
    for name, rule in TEXT_RULES:
        if name in skipped or (wanted is not None and name not in wanted):
            continue
        text = rule(text)
    return text


def normalize_address(address: str) -> str:
    """Clean an address: invisible characters out, no whitespace inside."""
    text = normalize_text(address, only=ADDRESS_RULES)
    return "".join(text.split())


# --- The stage: a raw article in, a clean Article out. -------------------------------------

TITLE_MAX_WORDS = 14
"""A derived title is the first sentence when it has at most this many words, else cut short."""
_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟。])\s+")
_CLAUSE_END = ("،", ",", "؛", ";", ":", "：")
_BYLINE_PREFIX = re.compile(r"^(?:by|par|von|por|بقلم|כתב|מאת)\s+", re.IGNORECASE)


def normalize_article(raw: RawArticle, limits: Limits | None = None) -> Article:
    """Clean every text, derive what the file left out (title, date, section), detect direction."""
    limits = limits or Limits()
    blocks = tuple(block for block in map(_normalize_block, raw.blocks) if block is not None)
    title = normalize_text(raw.title) if raw.title else ""
    _check_length(raw, "title", title, limits.max_title_chars, "max_title_chars")
    for block in blocks:
        if isinstance(block, Figure) and block.caption:
            _check_length(
                raw, "caption", block.caption, limits.max_caption_chars, "max_caption_chars"
            )
    title_derived = raw.title_derived
    if not title:
        title = derive_title(blocks)
        title_derived = True
    if not title:
        raise LoadError(raw.path, "no article text found", raw.line)
    if not any(isinstance(block, Paragraph) for block in blocks):
        warn(raw.path, "article has no body text", raw.line)
    source_url = normalize_address(raw.source_url) if raw.source_url else None
    sample = _language_sample(title, blocks)
    language = _clean_language(raw.language) or detect_language(sample)
    direction = raw.direction or text_direction(sample, direction_of_language(language))
    section = normalize_text(raw.section) if raw.section else None
    byline = _BYLINE_PREFIX.sub("", normalize_text(raw.byline)) if raw.byline else None
    return Article(
        title=title,
        title_derived=title_derived,
        language=language,
        direction=direction,
        blocks=blocks,
        published=raw.published or date_from_address(source_url),
        section=section or section_from_address(source_url),
        source_url=source_url or None,
        byline=byline or None,
        path=raw.path,
    )


def _check_length(raw: RawArticle, what: str, text: str, limit: int, key: str) -> None:
    if len(text) > limit:
        raise LoadError(
            raw.path,
            f"a {what} of {len(text):,} characters is over the {limit:,} limit "
            f"(raise [limits] {key} to accept it)",
            raw.line,
        )


def _normalize_block(block: Block) -> Block | None:
    if isinstance(block, Figure):
        caption = normalize_text(block.caption) if block.caption else None
        image = normalize_address(block.image) if block.image else None
        return Figure(caption=caption or None, image=image or None)
    text = normalize_text(block.text)
    if not text:
        return None
    return Heading(text) if isinstance(block, Heading) else Paragraph(text)


def derive_title(blocks: Iterable[Block]) -> str:
    """A title from the body: the lead sentence, else a subheading, else a caption."""
    blocks = tuple(blocks)
    candidates = [block.text for block in blocks if isinstance(block, Paragraph)]
    candidates += [block.text for block in blocks if isinstance(block, Heading)]
    candidates += [block.caption for block in blocks if isinstance(block, Figure) and block.caption]
    for text in candidates:
        title = title_from_text(text)
        if title:
            return title
    return ""


def title_from_text(text: str) -> str:
    """The first sentence, or its opening clauses when long, ending in an ellipsis when cut."""
    sentence = _SENTENCE_BREAK.split(text.strip(), maxsplit=1)[0].strip()
    words = sentence.split()
    if len(words) <= TITLE_MAX_WORDS:
        return sentence.rstrip(".。").strip()
    head = words[:TITLE_MAX_WORDS]
    for cut in range(len(head), 5, -1):
        if head[cut - 1].endswith(_CLAUSE_END):
            return " ".join(head[:cut]).rstrip("".join(_CLAUSE_END)) + "…"
    return " ".join(words[: TITLE_MAX_WORDS - 2]) + "…"


def _language_sample(title: str, blocks: tuple[Block, ...], limit: int = 20_000) -> str:
    parts = [title]
    size = len(title)
    for block in blocks:
        text = block.caption if isinstance(block, Figure) else block.text
        if text:
            parts.append(text)
            size += len(text)
            if size > limit:
                break
    return "\n".join(parts)


def _clean_language(language: str | None) -> str | None:
    if not language:
        return None
    primary, *rest = language.strip().replace("_", "-").split("-")
    return "-".join([primary.lower(), *rest]) if primary else None
