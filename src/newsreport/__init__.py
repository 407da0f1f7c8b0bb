"""newsreport: parsed news articles in, print-ready PDF briefings out.

The public API is what this root package exports; everything else may change.
"""

from __future__ import annotations

from .compose.digest import compose_digest as compose_digest
from .errors import ConfigError as ConfigError
from .errors import LoadError as LoadError
from .errors import NewsreportError as NewsreportError
from .errors import RenderError as RenderError
from .errors import UsageError as UsageError
from .ingest import iter_articles as iter_articles
from .ingest import load_articles as load_articles
from .ingest.language import detect_direction as detect_direction
from .ingest.language import detect_language as detect_language
from .ingest.normalize import normalize_text as normalize_text
from .many import ManyResult as ManyResult
from .many import render_many as render_many
from .model import Article as Article
from .model import Block as Block
from .model import Digest as Digest
from .model import Direction as Direction
from .model import Figure as Figure
from .model import Heading as Heading
from .model import Paragraph as Paragraph
from .model import PartialDate as PartialDate
from .model import Precision as Precision
from .options import Digits as Digits
from .options import Options as Options
from .options import load_config as load_config
from .render import RenderResult as RenderResult
from .render import render_html as render_html
from .render import render_pdf as render_pdf
from .render import render_pdf_bytes as render_pdf_bytes
from .version import __version__ as __version__

__all__ = [
    "Article",
    "Block",
    "ConfigError",
    "Digest",
    "Digits",
    "Direction",
    "Figure",
    "Heading",
    "LoadError",
    "ManyResult",
    "NewsreportError",
    "Options",
    "Paragraph",
    "PartialDate",
    "Precision",
    "RenderError",
    "RenderResult",
    "UsageError",
    "__version__",
    "compose_digest",
    "detect_direction",
    "detect_language",
    "iter_articles",
    "load_articles",
    "load_config",
    "normalize_text",
    "render_html",
    "render_many",
    "render_pdf",
    "render_pdf_bytes",
]
