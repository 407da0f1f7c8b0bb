"""Which article images can be shown, and from where: checked files and allowed downloads."""

from __future__ import annotations

import base64
import io
import re
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .._messages import note, warn
from ..ingest.addresses import is_web_address
from ..model import Article
from ..options import FetchOptions, Limits
from .downloads import Downloads, ImageRefused
from .formatting import shorten

_RASTER_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


def image_type(head: bytes) -> str | None:
    """PNG, JPEG, GIF, WebP or SVG, judged by the first bytes, never by the name."""
    for signature, kind in _RASTER_TYPES.items():
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    text = head.lstrip().lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text[:1024]):
        return "image/svg+xml"
    return None


def check_raster(data: bytes | Path, max_pixels: int) -> None:
    """Raise ``ImageRefused`` for a raster image that cannot be read, has more than
    ``max_pixels`` (judged from its header, before any pixel is decoded), or whose pixels
    cannot all be decoded (a truncated download prints half a picture). One opening."""
    from PIL import Image

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # size is checked here, not by Pillow's bomb guard
        try:
            image = Image.open(source)
        except Exception:  # Pillow raises many kinds for broken files: "not an image"
            raise ImageRefused("unreadable image") from None
        with image:
            width, height = image.size
            if width * height > max_pixels:
                raise ImageRefused(
                    f"{width * height:,} pixels, over [limits] max_image_pixels ({max_pixels:,})"
                )
            try:
                _load_whole(image)
            except Exception as error:
                damage = str(error) or type(error).__name__
                raise ImageRefused(f"truncated or damaged image ({damage})") from None


_STRICT = threading.Lock()


def _load_whole(image: Any) -> None:
    """Decode every pixel, failing on a truncated file: WeasyPrint, once imported, tells
    Pillow to accept truncated files (a process-wide flag), so it is set back for the load.
    Another thread's WeasyPrint meets no truncated file meanwhile: this check keeps them out
    of every document."""
    from PIL import ImageFile

    with _STRICT:
        accepted = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = accepted


@dataclass(slots=True)
class ImageResolver:
    """Per render: turns article image addresses into URLs WeasyPrint may load, or None."""

    fetch: FetchOptions = field(default_factory=FetchOptions)
    limits: Limits = field(default_factory=Limits)
    downloads: Downloads | None = None

    def __post_init__(self) -> None:
        if self.downloads is None:
            self.downloads = Downloads(self.fetch)

    def url(self, address: str | None, article: Article) -> str | None:
        """A ``file:`` or ``data:`` URL for the image, else None and a warning (placeholder)."""
        if not address:
            return None
        try:
            if is_web_address(address):
                return self._remote(address)
            return self._local(address, article)
        except ImageRefused as refusal:
            title = shorten(article.title, 60)
            message = f"image left out of “{title}”, placeholder printed: {address}: {refusal}"
            (note if refusal.by_settings else warn)(article.path, message)
            return None

    def _remote(self, address: str) -> str:
        if not self.fetch.hosts:
            raise ImageRefused(
                "remote images are not fetched unless [fetch] hosts lists the host",
                by_settings=True,
            )
        assert self.downloads is not None
        data = self.downloads.get(address)
        kind = self._checked(data[:1024], data)
        if kind == "image/svg+xml":
            _check_references(data, None, ())
        return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"

    def _local(self, address: str, article: Article) -> str:
        parts = urlsplit(address)
        scheme = parts.scheme.lower()
        if scheme == "data":
            raise ImageRefused("data: addresses are not accepted from articles")
        if scheme and scheme != "file" and len(scheme) > 1:
            raise ImageRefused(f"address scheme {scheme!r} not allowed")
        raw = unquote(parts.path) if scheme == "file" else address
        if article.path is None:
            raise ImageRefused("the article has no folder to look in")
        folder = article.path.parent.resolve()
        candidate = (folder / raw).resolve()
        allowed = (folder, *(extra.resolve() for extra in self.fetch.folders))
        if not any(candidate.is_relative_to(root) for root in allowed):
            raise ImageRefused("outside the article's folder and [fetch] folders")
        if not candidate.is_file():
            raise ImageRefused("not found")
        with candidate.open("rb") as handle:
            head = handle.read(1024)
        if self._checked(head, candidate) == "image/svg+xml":
            _check_references(candidate.read_bytes(), candidate.parent, allowed)
        return candidate.as_uri()

    def _checked(self, head: bytes, data: bytes | Path) -> str:
        kind = image_type(head)
        if kind is None:
            raise ImageRefused("not a PNG, JPEG, GIF, WebP or SVG image")
        if kind != "image/svg+xml":
            check_raster(data, self.limits.max_image_pixels)
        return kind


_REFERENCE = re.compile(
    rb"""(?:\bhref\s*=\s*["']\s*|url\(\s*["']?\s*|@import\s+["'])([^"')\s]+)""", re.IGNORECASE
)


def _check_references(data: bytes, folder: Path | None, allowed: tuple[Path, ...]) -> None:
    """An SVG's references to other files or addresses: only files beside it (in the
    folders a render may read) are drawn; any other makes the image a placeholder, with a
    warning naming the article, before WeasyPrint would quietly leave it out."""
    for match in _REFERENCE.finditer(data):
        reference = match.group(1).decode("utf-8", "replace")
        if reference.startswith("#") or reference.lower().startswith("data:"):
            continue
        parts = urlsplit(reference)
        if folder is None or parts.scheme or parts.netloc or reference.startswith(("/", "\\")):
            raise ImageRefused(f"the SVG refers to {reference!r}, which is not loaded")
        target = (folder / unquote(parts.path)).resolve()
        if not any(target.is_relative_to(root) for root in allowed):
            raise ImageRefused(f"the SVG refers to {reference!r}, outside the folders allowed")
