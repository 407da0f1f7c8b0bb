"""The ``newsreport`` command through its real entry point, output captured."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsreport.cli import main

TEXT = "افتتحت المكتبة العامة أبوابها طوال الليل للمرة الأولى هذا العام."


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_inspect_json_survives_bad_files(write, tmp_path):
    write("in/1.txt", TEXT)
    write("in/2.txt", b"\xff\xfe\x00bad")
    write("in/3.json", '{"title": "x", "colour": "red"}')
    write("in/4.md", "---\ntitle: Hello\n---\nBody.\n")
    result = run("inspect", "--json", str(tmp_path / "in"))
    assert result.exit_code == 0
    articles = json.loads(result.stdout)
    assert [article["path"].rsplit("/", 1)[-1] for article in articles] == ["1.txt", "4.md"]
    errors = result.stderr.strip().splitlines()
    assert errors[0].startswith("newsreport: skipped ") and "2.txt" in errors[0]
    assert "3.json:1: unknown key 'colour'" in errors[1]
    assert errors[-1] == "2 articles from 2 files; 2 files skipped; 0 warnings"
    assert "Traceback" not in result.stderr


def test_strict_fails_on_a_skipped_file(write, tmp_path):
    write("1.txt", TEXT)
    write("2.txt", "")
    assert run("inspect", "--strict", str(tmp_path)).exit_code == 1
    assert run("inspect", str(tmp_path)).exit_code == 0


def test_strict_fails_on_a_warning(write):
    path = write("a.txt", f"{TEXT}\n| orphan caption |\n")
    result = run("inspect", "--strict", str(path))
    assert result.exit_code == 1
    assert "caption row without an image marker" in result.stdout


def test_json_schema_keys(write):
    result = run("inspect", "--json", str(write("a.txt", f"![]() |\n| صورة |\n{TEXT}")))
    article = json.loads(result.stdout)[0]
    assert list(article) == [
        "path",
        "title",
        "title_derived",
        "language",
        "direction",
        "published",
        "section",
        "source_url",
        "byline",
        "blocks",
    ]
    assert article["blocks"] == [
        {"type": "figure", "caption": "صورة", "image": None},
        {"type": "paragraph", "text": TEXT},
    ]


def test_summary_and_terminal_bidi_switch(write):
    path = write("a.txt", TEXT)
    plain = run("inspect", str(path)).stdout
    assert "language   ar (rtl)" in plain
    assert "title      افتتحت المكتبة" in plain
    shaped = run("inspect", "--bidi", str(path)).stdout
    # Shown reordered and in presentation forms, for terminals only.
    assert "افتتحت" not in shaped
    assert any("\ufe70" <= char <= "\ufeff" for char in shaped)


def test_missing_path_is_named(tmp_path):
    result = run("inspect", str(tmp_path / "nope"))
    assert "nope: no such file or folder" in result.stderr
    assert result.stdout == ""
