"""The pipeline end to end: articles → digest → HTML → PDF → file, with warnings counted."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from ._atomic import atomic_file, check_writable
from ._messages import collected_warnings, warn
from ._resources import fonts_dir, templates_dir
from .compose.digest import compose_digest
from .engine._cache import PartCache, default_cache_dir
from .engine._finish import Finish
from .engine._layout import html_to_pdf
from .engine._parts import CHUNK_ARTICLES, PartsUnfit, Progress, render_parallel, worker_pool
from .errors import RenderError
from .model import Article, Digest, Direction
from .options import Options, load_config
from .view.document import (
    DocumentView,
    document_view,
    render_document_html,
    render_view_html,
    write_view_html,
)


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What a render produced."""

    output: Path | None
    """The PDF written, or None when only bytes were asked for."""
    pages: int
    """Number of pages."""
    articles: int
    """Number of articles in the document."""
    left_out: int
    """Articles left out: outside the period."""
    duplicates: int
    """Articles left out: repeats of an earlier one."""
    warnings: tuple[str, ...]
    """Warnings raised while rendering (images left out, WeasyPrint notices…)."""
    seconds: float
    """Wall time of the render."""


def resolve_options(
    options: Options | Mapping[str, Any] | None = None,
    config: Path | str | None = None,
    *,
    source: str = "keyword arguments",
    **overrides: Any,
) -> Options:
    """Defaults, then the config file, then an Options or mapping, then keyword overrides.

    ``source`` names where the overrides came from, for error messages.
    """
    resolved = load_config(config) if config is not None else Options()
    if isinstance(options, Options):
        resolved = options if config is None else resolved.updated(_set_fields(options))
    elif options is not None:
        resolved = resolved.updated(options)
    return resolved.updated(overrides, source=source)


def _set_fields(options: Options) -> dict[str, Any]:
    defaults = Options()
    return {
        key: getattr(options, key)
        for key in Options.names()
        if getattr(options, key) != getattr(defaults, key)
    }


def _chunked(digest: Digest, options: Options) -> bool:
    """Whether to lay the document out in parts, on every core."""
    return (
        options.workers != 1
        and options.print.pdf_variant is None
        and len(digest.articles) > CHUNK_ARTICLES
    )


def _layout(
    digest: Digest,
    options: Options,
    view: DocumentView,
    full_html: Callable[[], str],
    base_url: str,
    finish: Finish,
    progress: Progress | None,
    pool: Executor | None,
    output: BinaryIO,
) -> int:
    """One render for small documents and PDF/A or PDF/UA; chunks on every core otherwise.
    Writes the PDF to ``output``; returns its number of pages."""
    folders = allowed_folders(digest, options)
    if pool is not None:
        parts = PartCache(options.cache_dir or default_cache_dir()) if options.cache else None
        try:
            return render_parallel(
                view,
                options,
                output,
                base_url=base_url,
                folders=folders,
                finish=finish,
                executor=pool,
                cache=parts,
                progress=progress,
            )
        except PartsUnfit as error:
            warn(None, f"laid out in one piece: {error}")
            output.seek(0)
            output.truncate()
    from .engine._fetcher import RestrictedFetcher

    pdf = html_to_pdf(
        full_html(),
        base_url=base_url,
        fetcher=RestrictedFetcher(folders),
        variant=options.print.pdf_variant,
        finish=finish,
    )
    output.write(pdf.data)
    return pdf.pages


def allowed_folders(digest: Digest, options: Options) -> tuple[Path, ...]:
    """The folders a render may read: bundled fonts and templates, the user's templates, the
    articles' folders and any ``[fetch] folders``."""
    folders = [fonts_dir(), templates_dir(), *options.fetch.folders]
    if options.templates is not None:
        folders.append(options.templates)
    folders += [article.path.parent for article in digest.articles if article.path is not None]
    return tuple(folders)


def _digest(source: Iterable[Article] | Digest, options: Options) -> Digest:
    if isinstance(source, Digest):
        return source
    articles = tuple(source)
    if not articles:
        raise RenderError("no articles to render")
    limit = options.limits.max_articles
    if len(articles) > limit:
        raise RenderError(
            f"{len(articles):,} articles is over the {limit:,}-article limit "
            "(raise [limits] max_articles, or split the document)"
        )
    digest = compose_digest(articles, options)
    if not digest.articles:
        period = options.digest.period
        raise RenderError(
            f"no article falls in the period {period.text if period else ''}: "
            f"{digest.left_out} left out"
        )
    return digest


def render_html(
    source: Iterable[Article] | Digest,
    *,
    options: Options | Mapping[str, Any] | None = None,
    config: Path | str | None = None,
    **overrides: Any,
) -> str:
    """The complete HTML document for these articles (give it to ``weasyprint`` as it is)."""
    resolved = resolve_options(options, config, **overrides)
    return render_document_html(_digest(source, resolved), resolved)


def render_pdf(
    source: Iterable[Article] | Digest,
    output: Path | str | None,
    *,
    options: Options | Mapping[str, Any] | None = None,
    config: Path | str | None = None,
    html_output: Path | str | None = None,
    progress: Progress | None = None,
    **overrides: Any,
) -> RenderResult:
    """Render the articles (or a composed Digest) to a PDF file, written atomically.

    Options come from keyword arguments (``title="…"``, ``digits="arabic-indic"``…), an
    ``options`` object or mapping, and a TOML ``config`` file, in that order of precedence.
    With ``output=None`` nothing is written (see ``render_pdf_bytes``). ``progress(stage,
    done, total)`` is called as parts of a large document are laid out.
    """
    result, _ = _render(source, output, options, config, html_output, overrides, progress)
    return result


def render_pdf_bytes(
    source: Iterable[Article] | Digest,
    *,
    options: Options | Mapping[str, Any] | None = None,
    config: Path | str | None = None,
    **overrides: Any,
) -> bytes:
    """Render to PDF bytes in memory."""
    _, data = _render(source, None, options, config, None, overrides, None)
    return data


def _render(
    source: Iterable[Article] | Digest,
    output: Path | str | None,
    options: Options | Mapping[str, Any] | None,
    config: Path | str | None,
    html_output: Path | str | None,
    overrides: Mapping[str, Any],
    progress: Progress | None,
) -> tuple[RenderResult, bytes]:
    started = time.perf_counter()
    resolved = resolve_options(options, config, **overrides)
    output_path = Path(output) if output is not None else None
    html_path = Path(html_output) if html_output is not None else None
    for path in (output_path, html_path):
        if path is not None:
            check_writable(path)
    with collected_warnings() as warnings, ExitStack() as stack:
        digest = _digest(source, resolved)
        pool = None
        if _chunked(digest, resolved):
            # Started now: workers load WeasyPrint while this process writes the HTML.
            pool = stack.enter_context(worker_pool(resolved, len(digest.articles)))
        view = document_view(digest, resolved)
        # The single-document HTML: laid out for small documents.
        full_html = cache(lambda: render_view_html(view, resolved))
        base = resolved.templates or templates_dir()
        finish = Finish(
            right_to_left=digest.direction is Direction.RTL,
            crop_marks=resolved.print.crop_marks,
            bleed_mm=resolved.print.bleed,
        )
        base_url = base.resolve().as_uri() + "/"
        # Written as it is made, into a file renamed into place only when all went well.
        sink = stack.enter_context(atomic_file(output_path)) if output_path else io.BytesIO()
        pages = _layout(digest, resolved, view, full_html, base_url, finish, progress, pool, sink)
        if resolved.strict and warnings:
            raise RenderError(
                f"{len(warnings)} warnings and --strict is on; nothing written. "
                f"First: {warnings[0]}"
            )
        if html_path is not None:
            with atomic_file(html_path) as handle:
                if full_html.cache_info().currsize:  # laid out in one piece: already made
                    handle.write(full_html().encode("utf-8"))
                else:
                    write_view_html(view, resolved, handle)
        data = sink.getvalue() if isinstance(sink, io.BytesIO) else b""
    result = RenderResult(
        output=output_path,
        pages=pages,
        articles=len(digest.articles),
        left_out=digest.left_out,
        duplicates=digest.duplicates,
        warnings=tuple(warnings),
        seconds=time.perf_counter() - started,
    )
    return result, data
