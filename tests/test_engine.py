"""The engine behind one door: thread-safe renders, a WeasyPrint it was not written for, and
its dependencies' internals reached from one module only."""

from __future__ import annotations

import ast
import gc
import logging
import multiprocessing
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from newsreport import load_articles, render_many, render_pdf
from newsreport.engine import _internals
from newsreport.engine._layout import font_configuration

from .conftest import EXAMPLES, ROOT
from .pdfread import outline, pypdf_text

PACKAGE = ROOT / "src" / "newsreport"
ADAPTER = PACKAGE / "engine" / "_internals.py"
LIBRARIES = ("weasyprint", "pydyf", "pikepdf")


def _weasyprint_state() -> dict[str, object]:
    """What a render must leave as it found it: WeasyPrint's classes, its logger, the
    environment."""
    from weasyprint import Document
    from weasyprint.pdf import fonts, stream

    logger = logging.getLogger("weasyprint")
    return {
        "Font": dict(vars(fonts.Font)),
        "Stream": dict(vars(stream.Stream)),
        "Document": dict(vars(Document)),
        "logger": (list(logger.filters), list(logger.handlers), logger.propagate),
        "newsreport logger": list(logging.getLogger("newsreport").filters),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
    }


def _jobs(folder: Path) -> list[dict[str, object]]:
    return [
        {"inputs": [str(EXAMPLES)], "output": str(folder / "digest.pdf")},
        {
            "inputs": [str(EXAMPLES)],
            "output": str(folder / "briefing.pdf"),
            "config": {"template": "briefing", "briefing": {"classification": "سري"}},
        },
        {
            "inputs": [str(EXAMPLES / "en-port-expansion.md")],
            "output": str(folder / "english.pdf"),
            "config": {"language": "en"},
        },
    ]


@pytest.mark.slow
def test_renders_in_threads_are_those_of_separate_processes_and_change_nothing(tmp_path):
    before = _weasyprint_state()
    threads, processes = tmp_path / "threads", tmp_path / "processes"
    threads.mkdir()
    processes.mkdir()
    with ThreadPoolExecutor(max_workers=3) as pool:
        in_threads = render_many(_jobs(threads), executor=pool)
    in_processes = render_many(_jobs(processes))
    assert [result.error for result in in_threads] == [None, None, None]
    for threaded, alone in zip(in_threads, in_processes, strict=True):
        assert threaded.output.read_bytes() == alone.output.read_bytes()
        # Each render collected its own warnings, none of the others'.
        assert threaded.warnings == alone.warnings
    assert _weasyprint_state() == before


@pytest.mark.slow
def test_another_weasyprint_is_laid_out_in_one_piece_with_one_warning(tmp_path, monkeypatch):
    articles = load_articles(EXAMPLES)
    usual = render_pdf(articles, tmp_path / "usual.pdf", workers=1, cache=False)
    monkeypatch.setattr(_internals, "weasyprint_version", lambda: "71.0")
    other = render_pdf(articles, tmp_path / "other.pdf", workers=2, cache=False)
    notices = [w for w in other.warnings if w not in usual.warnings]
    assert len(notices) == 1
    assert "WeasyPrint 71.0" in notices[0] and "one piece" in notices[0]
    assert other.pages == usual.pages
    assert outline(other.output) == outline(usual.output)
    # WeasyPrint's own glyph text: every page still reads back, near enough word for word
    # (numbers aside: pypdf reads WeasyPrint's Arabic-Indic numbers backwards, not ours).
    for theirs, ours in zip(pypdf_text(other.output), pypdf_text(usual.output), strict=True):
        kept = {word for word in ours.split() if not word.isdigit()}
        assert len(kept & set(theirs.split())) >= 0.8 * len(kept)


def _font_folder(configuration: object) -> Path:
    return Path(configuration._folder)  # type: ignore[attr-defined]


def _drop_inherited_fonts(folders: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    # As a forked worker does: a configuration of its own, the inherited one collected.
    folders.put(str(_font_folder(font_configuration())))
    gc.collect()


def test_a_forked_process_leaves_its_parents_fonts_and_removes_its_own():
    parent = _font_folder(font_configuration())
    assert parent.is_dir()
    context = multiprocessing.get_context("fork")
    folders = context.Queue()
    child = context.Process(target=_drop_inherited_fonts, args=(folders,))
    child.start()
    child_folder = Path(folders.get(timeout=60))
    child.join(timeout=60)
    assert child.exitcode == 0
    assert child_folder != parent
    assert parent.is_dir()
    assert not child_folder.exists()


@pytest.mark.slow
def test_a_build_in_parts_leaves_no_temporary_folder(tmp_path, monkeypatch):
    font_configuration()  # this process's own, made before the temporary folder moves
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    result = render_pdf(load_articles(EXAMPLES), tmp_path / "out.pdf", workers=2, cache=False)
    assert result.pages > 10
    assert list(temporary.iterdir()) == []


def _defined_here() -> set[str]:
    """Every name newsreport defines: its own private names may be used anywhere in it."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return names


def _private_uses(path: Path, ours: set[str]) -> list[str]:
    """Private names of WeasyPrint, pydyf or pikepdf a module imports or reads."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in LIBRARIES:
            parts = node.module.split(".") + [alias.name for alias in node.names]  # type: ignore[union-attr]
            found += [f"import {name}" for name in parts if name.startswith("_")]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES and "._" in alias.name:
                    found.append(f"import {alias.name}")
        elif isinstance(node, ast.Attribute):
            name = node.attr
            private = name.startswith("_") and not name.startswith("__")
            if private and name not in ours:
                found.append(f"line {node.lineno}: .{name}")
    return found


def test_only_the_adapter_touches_private_names_of_weasyprint_pydyf_and_pikepdf():
    ours = _defined_here()
    offenders = {
        str(path.relative_to(PACKAGE)): uses
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != ADAPTER and (uses := _private_uses(path, ours))
    }
    assert offenders == {}
    # The check sees what the adapter reads (so it would see it anywhere else).
    assert {"._page_box", "._type_code"} <= {
        use.split(": ")[-1] for use in _private_uses(ADAPTER, ours)
    }


def test_user_templates_never_mention_the_engine():
    """The engine's own templates are its business: the built-in document templates, which
    users copy to start their own, hold content only."""
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "engine" not in text.replace("newsreport.engine", "")
            assert "doc.mode" not in text and "window" not in text
    for name in ("chunk", "frame", "probe"):
        assert (PACKAGE / "engine" / "templates" / f"{name}.html").is_file()
