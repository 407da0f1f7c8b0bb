"""Many documents at once (one per region, meeting or recipient) on any executor.

Each job renders in one task: read its inputs, compose, lay out, write its PDF atomically.
Only paths, option mappings and a small summary cross the executor, so it runs on a local
process pool or a Dask cluster alike (``distributed.Client(...).get_executor()``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._scratch import scratch_folder
from .engine import start_worker, stop_workers
from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class ManyResult:
    """What one job of ``render_many`` produced (or why it failed)."""

    output: Path
    """The PDF the job was to write."""
    pages: int = 0
    """Pages written (0 when the job failed)."""
    articles: int = 0
    """Articles in the document."""
    warnings: tuple[str, ...] = ()
    """Warnings of the job."""
    skipped: tuple[str, ...] = ()
    """Input files that could not be read, one line each."""
    error: str | None = None
    """One-line error when the job failed; the other jobs still ran."""


def render_job(job: Mapping[str, Any]) -> ManyResult:
    """Render one job (runs in a worker): ``{"inputs": [...], "output": ..., "config": ...,
    "options": {...}}``."""
    from .errors import LoadError, NewsreportError, UsageError
    from .ingest import load_articles
    from .ingest.files import would_read
    from .options import Options, load_config
    from .render import render_pdf

    output = Path(job["output"])
    skipped: list[str] = []
    try:
        config = job.get("config")
        if isinstance(config, str | Path):
            options = load_config(config)
        else:
            options = Options.from_mapping(config or {}, source=f"job for {output}")
        options = options.updated(job.get("options") or {}, source=f"job for {output}")
        if would_read(output, job["inputs"]):
            raise UsageError(f"{output}: is one of the job's inputs; choose another output name")
        # Each job is one task: its own render stays in this process.
        options = options.updated({"workers": 1})

        def skip(error: LoadError) -> None:
            skipped.append(str(error))

        articles = load_articles(job["inputs"], on_error=skip, limits=options.limits)
        result = render_pdf(articles, output, options=options)
    except NewsreportError as error:
        return ManyResult(output, skipped=tuple(skipped), error=str(error))
    return ManyResult(
        output,
        pages=result.pages,
        articles=result.articles,
        warnings=result.warnings,
        skipped=tuple(skipped),
    )


def render_many(
    jobs: Iterable[Mapping[str, Any]],
    executor: Executor | None = None,
    done: Callable[[int, ManyResult], object] | None = None,
) -> list[ManyResult]:
    """Render many PDFs, one per job, on ``executor`` (a local process pool by default).

    A job is a mapping with ``inputs`` (paths), ``output`` (path), optional ``config``
    (a TOML path or a dict of the same keys) and optional ``options`` (a dict of the same
    keys, over the config). Results come back in job order; a failed job carries its
    one-line error and does not stop the others. ``done(index, result)`` is told of each
    job as it ends, in the order they end (``index`` is its place in ``jobs``).

    .. versionchanged:: 0.1 the ``options`` key; ``done``.
    """
    checked = [_checked(job, number) for number, job in enumerate(jobs, 1)]
    own = None
    if executor is None:
        own = ProcessPoolExecutor(
            initializer=start_worker, initargs=(os.getpid(), scratch_folder())
        )
    pool = executor or own
    assert pool is not None
    try:
        futures = [pool.submit(render_job, job) for job in checked]
        if done is not None:
            places = {future: index for index, future in enumerate(futures)}
            for future in as_completed(futures):
                done(places[future], future.result())
        return [future.result() for future in futures]
    except BaseException:
        if own is not None:
            stop_workers(own)  # stopped or failed: the jobs running are not waited for
        raise
    finally:
        if own is not None:
            own.shutdown(cancel_futures=True)


def _checked(job: Mapping[str, Any], number: int) -> dict[str, Any]:
    unknown = set(job) - {"inputs", "output", "config", "options"}
    if unknown:
        raise ConfigError(
            f"job {number}: unknown key {sorted(unknown)[0]!r}; use inputs, output, config, options"
        )
    if "inputs" not in job or "output" not in job:
        raise ConfigError(f"job {number}: needs 'inputs' and 'output'")
    inputs = job["inputs"]
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    config = job.get("config")
    if config is not None and not isinstance(config, str | Path | Mapping):
        raise ConfigError(f"job {number}: 'config' must be a TOML path or a mapping")
    options = job.get("options")
    if options is not None and not isinstance(options, Mapping):
        raise ConfigError(f"job {number}: 'options' must be a mapping")
    return {
        "inputs": [str(path) for path in inputs],
        "output": str(job["output"]),
        "config": str(config) if isinstance(config, Path) else config,
        "options": dict(options or {}),
    }


def load_jobs(path: Path | str) -> list[dict[str, Any]]:
    """The jobs of a TOML file, checked before any work: one ``[[job]]`` table each, with
    ``inputs``, ``output``, optional ``config`` (a TOML file) and optional ``[job.options]``
    (the keys of a config file, over it). Relative paths are relative to the file; every
    problem is a ``ConfigError`` naming the file and the job."""
    from .options import Options, config_data, load_config, with_absolute_folders

    path = Path(path)
    try:
        data = config_data(path)
    except ConfigError as error:
        raise ConfigError(str(error).replace("config file", "jobs file")) from None
    unknown = sorted(set(data) - {"job"})
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r}; jobs are [[job]] tables")
    tables = data.get("job")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{path}: no [[job]] tables (each names inputs and an output)")
    base = path.parent.resolve()
    jobs: list[dict[str, Any]] = []
    outputs: dict[Path, int] = {}
    for number, table in enumerate(tables, 1):
        where = f"{path}: job {number}"
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: expected a [[job]] table")
        try:
            job = _checked(table, number)
        except ConfigError as error:
            raise ConfigError(f"{path}: {error}") from None
        inputs = table["inputs"]
        if not inputs or not all(isinstance(item, str) for item in _listed(inputs)):
            raise ConfigError(f"{where}: 'inputs' must be a path or a list of paths")
        if not isinstance(table["output"], str):
            raise ConfigError(f"{where}: 'output' must be a path")
        job["inputs"] = [str(base / item) for item in job["inputs"]]
        output = base / job["output"]
        if output in outputs:
            raise ConfigError(f"{where}: output {output} is also job {outputs[output]}'s")
        outputs[output] = number
        job["output"] = str(output)
        if isinstance(job["config"], str):
            job["config"] = str(base / job["config"])
            load_config(job["config"])  # a wrong key is told now, not once per job
        elif job["config"] is not None:
            raise ConfigError(f"{where}: 'config' must be the path of a TOML file")
        Options.from_mapping(job["options"], source=f"{where} options", base=base)
        job["options"] = with_absolute_folders(job["options"], base)
        jobs.append(job)
    return jobs


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
