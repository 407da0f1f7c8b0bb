"""The pipeline end to end: articles → digest → HTML → PDF → file, with warnings counted."""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from ._atomic import atomic_file, check_writable
from ._messages import collected_warnings, warn
from ._resources import fonts_dir, templates_dir
from .compose import compose_digest
from .engine import LayoutSettings, Progress, write_pdf
from .errors import RenderError, UsageError
from .model import Article, Digest
from .options import Options, load_config
from .view import (
    check_template,
    document_outline,
    render_document_html,
    with_bodies,
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
    notes: tuple[str, ...] = ()
    """What the options left out (remote images not fetched): neither warnings nor fatal."""


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


def allowed_folders(digest: Digest, options: Options) -> tuple[Path, ...]:
    """The folders a render may read: bundled fonts and templates, the user's templates, the
    articles' folders and any ``[fetch] folders``."""
    folders = [fonts_dir(), templates_dir(), *options.fetch.folders]
    if options.templates is not None:
        folders.append(options.templates)
    folders += [article.path.parent for article in digest.articles if article.path is not None]
    return tuple(folders)


def _digest(
    source: Iterable[Article] | Digest, options: Options, outputs: tuple[Path, ...] = ()
) -> Digest:
    if isinstance(source, Digest):
        _refuse_inputs(outputs, source.articles)
        return source
    articles = tuple(source)
    _refuse_inputs(outputs, articles)
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


def _refuse_inputs(outputs: tuple[Path, ...], articles: Iterable[Article]) -> None:
    """An output that is an article's file would replace it: refused before any work."""
    if not outputs:
        return
    read = {article.path.resolve() for article in articles if article.path is not None}
    for output in outputs:
        if output.resolve() in read:
            raise UsageError(f"{output}: is one of the input files; choose another output name")


def render_html(
    source: Iterable[Article] | Digest,
    *,
    options: Options | Mapping[str, Any] | None = None,
    config: Path | str | None = None,
    **overrides: Any,
) -> str:
    """The complete HTML document for these articles (give it to ``weasyprint`` as it is)."""
    resolved = resolve_options(options, config, **overrides)
    check_template(resolved)
    return render_document_html(_digest(source, resolved), resolved)


def render_pdf(
    source: Iterable[Article] | Digest,
    output: Path | str | BinaryIO | None,
    *,
    options: Options | Mapping[str, Any] | None = None,
    config: Path | str | None = None,
    html_output: Path | str | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
    **overrides: Any,
) -> RenderResult:
    """Render the articles (or a composed Digest) to a PDF file, written atomically.

    Options come from keyword arguments (``title="…"``, ``digits="arabic-indic"``…), an
    ``options`` object or mapping, and a TOML ``config`` file, in that order of precedence.
    With ``output=None`` nothing is written (see ``render_pdf_bytes``); a binary stream
    (``sys.stdout.buffer``) gets the whole PDF once it is complete, nothing on failure.
    ``progress(stage, done, total)`` is called as the work goes, each stage first with
    ``done=0``: ``compose`` (the document composed and prepared; total 1), then ``layout``
    (a document in one piece; total 1) or ``chunks`` (parts of a large document laid out)
    and ``assembly`` (pages written). ``executor`` (any
    ``concurrent.futures.Executor``: a Dask client's ``get_executor()`` reaches past this
    machine) lays out the parts of a large document instead of this machine's cores; the
    bytes are the same.

    .. versionchanged:: 0.1 ``output`` may be a binary stream; the ``compose``, ``layout``
       and per-page ``assembly`` progress stages.
    """
    stream = None if output is None or isinstance(output, Path | str) else output
    path = None if stream is not None else output
    result, data = _render(
        source, path, options, config, html_output, overrides, progress, executor
    )
    if stream is not None:
        stream.write(data)
        stream.flush()
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
    executor: Executor | None = None,
) -> tuple[RenderResult, bytes]:
    started = time.perf_counter()
    resolved = resolve_options(options, config, **overrides)
    output_path = Path(output) if output is not None else None
    html_path = Path(html_output) if html_output is not None else None
    outputs = tuple(path for path in (output_path, html_path) if path is not None)
    if len(outputs) == 2 and outputs[0].resolve() == outputs[1].resolve():
        raise UsageError(f"{output_path}: is both the PDF and the HTML output")
    for path in outputs:
        check_writable(path)
    unprinted = check_template(resolved)
    with collected_warnings() as warnings, ExitStack() as stack:
        for key in unprinted:
            warn(
                None,
                f"[briefing] {key} is set, but the {resolved.template} template does "
                "not print it (use the briefing template)",
            )
        if progress:
            progress("compose", 0, 1)
        digest = _digest(source, resolved, outputs)
        settings = LayoutSettings(resolved, allowed_folders(digest, resolved), len(digest.articles))
        # The outline (the view without the articles' bodies) is enough for the frame of a
        # document in parts, laid out while the bodies are prepared.
        outline = cache(lambda: document_outline(digest, resolved))
        view = cache(lambda: with_bodies(outline(), digest, resolved))
        # Written as it is made, into a file renamed into place only when all went well.
        sink = stack.enter_context(atomic_file(output_path)) if output_path else io.BytesIO()
        written = write_pdf(
            view, settings, sink, progress=progress, executor=executor, outline=outline
        )
        if resolved.strict and warnings:
            count = f"{len(warnings)} warning{'' if len(warnings) == 1 else 's'}"
            error = RenderError(f"{count} and --strict is on; nothing written")
            error.details = tuple(warnings)
            raise error
        if html_path is not None:
            with atomic_file(html_path) as handle:
                if written.html is not None:  # laid out in one piece: already made
                    handle.write(written.html.encode("utf-8"))
                else:
                    write_view_html(view(), resolved, handle)
        data = sink.getvalue() if isinstance(sink, io.BytesIO) else b""
        pages = written.pages
    result = RenderResult(
        output=output_path,
        pages=pages,
        articles=len(digest.articles),
        left_out=digest.left_out,
        duplicates=digest.duplicates,
        warnings=tuple(warnings),
        notes=tuple(warnings.notes),
        seconds=time.perf_counter() - started,
    )
    return result, data
