"""What a build writes: never over an input, never readable by more people than the umask
allows."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsreport import UsageError, load_articles, render_pdf
from newsreport.cli import main

ARTICLE = "---\ntitle: Quay lights\nlanguage: en\n---\n\nThe quay lights were mended.\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_output_naming_an_input_is_refused_and_the_input_kept(write):
    article = write("news/a.md", ARTICLE)
    result = run("build", str(article), "-o", str(article))
    assert result.exit_code == 2
    assert "is one of the inputs" in result.output
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert [p.name for p in article.parent.iterdir()] == ["a.md"]


def test_an_output_an_input_folder_would_read_is_refused(write):
    article = write("news/a.md", ARTICLE)
    for name in ("b.md", "sub/c.txt"):
        (article.parent / "sub").mkdir(exist_ok=True)
        result = run(
            "build",
            str(article.parent),
            "-o",
            str(article.parent / "x.pdf"),
            "--html",
            str(article.parent / name),
        )
        assert result.exit_code == 2, result.output
        assert name.split("/")[-1] in result.output
    assert not (article.parent / "x.pdf").exists()
    # A PDF beside the articles is not read back: allowed.
    assert run("build", str(article.parent), "-o", str(article.parent / "x.pdf")).exit_code == 0


def test_the_library_refuses_to_write_over_an_article(write):
    article = write("a.md", ARTICLE)
    with pytest.raises(UsageError, match="is one of the input files"):
        render_pdf(load_articles(article), article, options={"workers": 1})
    assert article.read_text(encoding="utf-8") == ARTICLE


@pytest.mark.parametrize("mask", [0o077, 0o027, 0o022])
def test_outputs_respect_the_umask(write, tmp_path, mask):
    article = write("a.md", ARTICLE)
    pdf, html = tmp_path / "out.pdf", tmp_path / "out.html"
    with umask(mask):
        assert run("build", str(article), "-o", str(pdf), "--html", str(html)).exit_code == 0
    assert _mode(pdf) == _mode(html) == 0o666 & ~mask


def test_a_replaced_file_gets_no_wider_than_the_umask(write, tmp_path):
    article = write("a.md", ARTICLE)
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(b"old")
    pdf.chmod(0o644)
    with umask(0o077):
        render_pdf(load_articles(article), pdf, options={"workers": 1})
    assert _mode(pdf) == 0o600
    pdf.chmod(0o640)
    with umask(0o022):
        render_pdf(load_articles(article), pdf, options={"workers": 1})
    assert _mode(pdf) == 0o640  # narrower than the umask: kept
