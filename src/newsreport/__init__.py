"""newsreport: parsed news articles in, print-ready PDF briefings out.

The public API is what this root package exports; everything else may change.
"""

from __future__ import annotations

from .errors import ConfigError as ConfigError
from .errors import LoadError as LoadError
from .errors import NewsreportError as NewsreportError
from .errors import RenderError as RenderError
from .language import detect_direction as detect_direction
from .language import detect_language as detect_language
from .load import iter_articles as iter_articles
from .load import load_articles as load_articles
from .model import Article as Article
from .model import Block as Block
from .model import Direction as Direction
from .model import Figure as Figure
from .model import Heading as Heading
from .model import Paragraph as Paragraph
from .model import PartialDate as PartialDate
from .model import Precision as Precision
from .normalize import normalize_text as normalize_text
from .version import __version__ as __version__

__all__ = [
    "Article",
    "Block",
    "ConfigError",
    "Direction",
    "Figure",
    "Heading",
    "LoadError",
    "NewsreportError",
    "Paragraph",
    "PartialDate",
    "Precision",
    "RenderError",
    "__version__",
    "detect_direction",
    "detect_language",
    "iter_articles",
    "load_articles",
    "normalize_text",
]
