"""Many documents: a local process pool by default, any executor (a Dask cluster) on request."""

from __future__ import annotations

import pypdfium2
import pytest

from newsreport import ConfigError, render_many

from .conftest import EXAMPLES, ROOT


def _jobs(tmp_path):
    return [
        {"inputs": [EXAMPLES / "ar-water-forum.txt"], "output": tmp_path / "water.pdf"},
        {
            "inputs": [EXAMPLES / "en-harbour-cleanup.txt", EXAMPLES / "en-port-expansion.md"],
            "output": tmp_path / "ports.pdf",
            "config": {"title": "Ports", "print": {"paper": "A5"}},
        },
        {
            "inputs": [EXAMPLES],
            "output": tmp_path / "pack.pdf",
            "config": ROOT / "examples" / "briefing_pack.toml",
        },
        {"inputs": [tmp_path / "missing"], "output": tmp_path / "none.pdf"},
    ]


def _check(results, tmp_path):
    assert [result.output.name for result in results] == [
        "water.pdf",
        "ports.pdf",
        "pack.pdf",
        "none.pdf",
    ]
    for result in results[:3]:
        assert result.error is None and result.pages > 0
        with pypdfium2.PdfDocument(result.output) as document:
            assert len(document) == result.pages
    assert results[3].error == "no articles to render"
    assert "missing: no such file or folder" in results[3].skipped[0]
    assert not (tmp_path / "none.pdf").exists()


@pytest.mark.slow
def test_render_many_on_the_default_process_pool(tmp_path):
    told = []

    def done(index, result):  # the PDF is written when its job is told of
        told.append((index, result.error is not None or result.output.exists()))

    _check(render_many(_jobs(tmp_path), done=done), tmp_path)
    # Each job told once as it ended, whatever the order they ended in.
    assert sorted(index for index, _ in told) == [0, 1, 2, 3]
    assert all(written for _, written in told)


@pytest.mark.slow
def test_render_many_on_a_dask_cluster(tmp_path, dask_client):
    results = render_many(_jobs(tmp_path), executor=dask_client.get_executor())
    _check(results, tmp_path)


def test_bad_jobs_are_refused_before_any_work(tmp_path):
    with pytest.raises(ConfigError, match="job 1: unknown key 'ouput'"):
        render_many([{"inputs": [EXAMPLES], "ouput": tmp_path / "x.pdf"}])
