"""Which article images can be shown: local files beside the article, checked to be images."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from .addresses import is_web_address
from .messages import warn
from .model import Article

_SIGNATURES: tuple[tuple[bytes, ...], ...] = (
    (b"\x89PNG\r\n\x1a\n",),
    (b"\xff\xd8\xff",),
    (b"GIF87a", b"GIF89a"),
)


def _is_image_file(path: Path) -> bool:
    """PNG, JPEG, GIF, WebP or SVG, judged by the first bytes, not the name."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError:
        return False
    if any(head.startswith(signature) for group in _SIGNATURES for signature in group):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    text = head.lstrip().lower()
    return text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in head.lower())


def resolve_image(address: str | None, article: Article) -> str | None:
    """A ``file:`` URL for an image the article may show, else None (a placeholder is printed).

    Local files must lie inside the folder the article was read from. Remote images are not
    fetched; a warning names the article and the address whenever an image is left out.
    """
    if not address:
        return None
    if is_web_address(address):
        warn(article.path, f"remote image not fetched, placeholder printed: {address}")
        return None
    parts = urlsplit(address)
    if parts.scheme and parts.scheme.lower() != "file" and len(parts.scheme) > 1:
        warn(article.path, f"image address not allowed, placeholder printed: {address}")
        return None
    raw_path = unquote(parts.path) if parts.scheme.lower() == "file" else address
    if article.path is None:
        warn(None, f"image without an article folder, placeholder printed: {address}")
        return None
    folder = article.path.parent.resolve()
    candidate = (folder / raw_path).resolve()
    if not candidate.is_relative_to(folder):
        warn(article.path, f"image outside the article's folder, placeholder printed: {address}")
        return None
    if not candidate.is_file():
        warn(article.path, f"image not found, placeholder printed: {address}")
        return None
    if not _is_image_file(candidate):
        warn(
            article.path, f"not a PNG, JPEG, GIF, WebP or SVG image, placeholder printed: {address}"
        )
        return None
    return candidate.as_uri()
