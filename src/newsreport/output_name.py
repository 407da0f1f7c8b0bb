"""The file name a build writes when the user names none: ``<title or template>-<date>.pdf``."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from .options import Options

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str, limit: int = 60) -> str:
    """Lowercase ASCII letters and digits joined by hyphens (accents dropped, other scripts
    left out): safe in any file system and shell."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", folded.lower()).strip("-")[:limit].rstrip("-")


def default_output_name(options: Options, today: _dt.date) -> str:
    """``weekly-digest-2026-12-03.pdf`` from the title; the template's name when the title
    has no Latin letters (an Arabic title is not transliterated): ``digest-2026-12-03.pdf``."""
    slug = ascii_slug(options.title or "")
    if not re.search(r"[a-z]", slug):
        slug = ascii_slug(options.template) or "newsreport"
    return f"{slug}-{today.isoformat()}.pdf"
