"""Remote images, downloaded only from hosts the user lists.

Over https (http only if listed), without redirects, with a size cap and a timeout. The image
then travels as a ``data:`` URI, so WeasyPrint never opens a connection: every render's own
URL fetcher (``engine._fetcher.RestrictedFetcher``) serves only ``file:`` URLs inside the
allowed folders and ``data:`` URIs, never the network.
"""

from __future__ import annotations

import http.client
import ssl
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..options import FetchOptions


class ImageRefused(Exception):
    """Why an image is not shown (the message is shown in a warning, or in a note when
    ``by_settings``: the user's settings, not the image, left it out)."""

    def __init__(self, message: str, *, by_settings: bool = False) -> None:
        super().__init__(message)
        self.by_settings = by_settings


@dataclass(slots=True)
class Downloads:
    """Remote images of one render: fetched at most once each."""

    options: FetchOptions
    cache: dict[str, bytes | ImageRefused] = field(default_factory=dict)

    def get(self, url: str) -> bytes:
        """The image's bytes, or ImageRefused with the reason."""
        if url not in self.cache:
            try:
                self.cache[url] = download_image(url, self.options)
            except ImageRefused as refusal:
                self.cache[url] = refusal
        found = self.cache[url]
        if isinstance(found, ImageRefused):
            raise found
        return found


def download_image(url: str, options: FetchOptions) -> bytes:
    """GET one image from an allowed host: no redirects, capped size, bounded time."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if scheme not in options.schemes:
        raise ImageRefused(f"scheme {scheme!r} not allowed ([fetch] schemes)")
    allowed = {item.lower() for item in options.hosts}
    if host not in allowed and f"{host}:{port}" not in allowed:
        raise ImageRefused("host not listed in [fetch] hosts")
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    connection: http.client.HTTPConnection
    if scheme == "https":
        context = ssl.create_default_context()
        connection = http.client.HTTPSConnection(
            host, port, timeout=options.timeout, context=context
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=options.timeout)
    response: http.client.HTTPResponse | None = None
    try:
        connection.request("GET", path, headers={"User-Agent": "newsreport", "Accept": "image/*"})
        response = connection.getresponse()
        if response.status != 200:
            raise ImageRefused(f"HTTP {response.status} (redirects are not followed)")
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > options.max_image_bytes:
            raise ImageRefused(f"{int(declared):,} bytes, over [fetch] max_image_bytes")
        data = response.read(options.max_image_bytes + 1)
        if len(data) > options.max_image_bytes:
            raise ImageRefused("over [fetch] max_image_bytes")
        return data
    except (OSError, http.client.HTTPException) as error:
        raise ImageRefused(f"download failed: {error}") from None
    finally:
        if response is not None:
            response.close()
        connection.close()
