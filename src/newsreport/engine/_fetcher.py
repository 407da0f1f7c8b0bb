"""The URL fetcher of every render, one per render: ``file:`` URLs inside the allowed folders
(bundled fonts and templates, the user's templates, the articles' folders, ``[fetch] folders``)
and ``data:`` URIs, served here; nothing else, and never the network. Remote images reach a
render as ``data:`` URIs (``view.downloads``). A module apart: it needs WeasyPrint imported."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RestrictedFetcher(URLFetcher):
    """WeasyPrint's fetcher, narrowed: files in allowed folders and data: URIs only."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.folders = tuple(dict.fromkeys(folder.resolve() for folder in folders))
        self.requested: list[str] = []
        """Every URL WeasyPrint asked for, allowed or not (for diagnostics and tests)."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        if scheme != "file":
            raise ValueError(f"blocked: {url} (only bundled files, article folders and data:)")
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self.folders):
            raise ValueError(f"blocked: {path} is outside the folders a render may read")
        if not path.is_file():
            raise ValueError(f"not found: {path}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": kind}
        )
