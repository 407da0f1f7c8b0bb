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


def test_build_examples(tmp_path):
    from .conftest import EXAMPLES

    output = tmp_path / "digest.pdf"
    result = run("build", str(EXAMPLES), "-o", str(output), "--title", "موجز", "--digits", "latin")
    assert result.exit_code == 0, result.stderr
    assert output.read_bytes().startswith(b"%PDF-")
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"{output}: 12 articles, ") and "0 warnings" in summary
    # The two remote images are not fetched (no host is allowed): told, not warned about.
    notes = [line for line in result.stderr.splitlines() if line.startswith("newsreport: note:")]
    assert len(notes) == 2 and all("[fetch] hosts" in line for line in notes)
    # Nothing but the PDF is left in the folder (no temporary files).
    assert [path.name for path in tmp_path.iterdir()] == ["digest.pdf"]


def test_build_with_bad_files_builds_the_good_ones(write, tmp_path):
    write("in/a.txt", TEXT)
    write("in/b.json", "{")
    result = run("build", str(tmp_path / "in"), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 0
    assert "b.json:1: malformed JSON" in result.stderr
    assert "1 article, " in result.stderr and "1 file skipped" in result.stderr


def test_build_strict_writes_nothing_and_keeps_the_old_file(write, tmp_path):
    path = write("a.txt", f"{TEXT}\n| orphan caption |\n")
    output = write("out.pdf", b"%PDF-previous")
    result = run("build", str(path), "-o", str(output), "--strict")
    assert result.exit_code == 1
    assert "--strict is on, nothing written" in result.stderr
    assert output.read_bytes() == b"%PDF-previous"
    assert sorted(item.name for item in tmp_path.iterdir()) == ["a.txt", "out.pdf"]  # no .part


def test_build_reports_an_unwritable_destination_first(write, tmp_path):
    path = write("a.txt", TEXT)
    result = run("build", str(path), "-o", str(tmp_path / "missing" / "out.pdf"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"newsreport: error: {tmp_path / 'missing' / 'out.pdf'}: folder {tmp_path / 'missing'} does not exist"
    ]


def test_build_config_file_and_flag_precedence(write, tmp_path):
    path = write("a.txt", TEXT)
    config = write("c.toml", 'title = "From config"\ndigits = "latin"\n')
    html = tmp_path / "out.html"
    result = run(
        "build", str(path), "-o", str(tmp_path / "o.pdf"), "--config", str(config),
        "--html", str(html), "--subtitle", "From flag",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = html.read_text(encoding="utf-8")
    assert "<title>From config</title>" in text and "From flag" in text
    assert "counter(page, decimal)" in text


def test_build_bad_config_names_file_key_and_choices(write, tmp_path):
    path = write("a.txt", TEXT)
    config = write("c.toml", 'titel = "x"\n')
    result = run("build", str(path), "-o", str(tmp_path / "o.pdf"), "--config", str(config))
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith(f"newsreport: error: {config}: unknown key 'titel'")
    assert "(did you mean 'title'?)" in message and "\n" not in message
    config.write_text('digits = "roman"\n', encoding="utf-8")
    result = run("build", str(path), "-o", str(tmp_path / "o.pdf"), "--config", str(config))
    assert (
        "key 'digits': 'roman' is not accepted; use one of 'latin', 'arabic-indic'" in result.stderr
    )
    config.write_text("title = \n", encoding="utf-8")
    result = run("build", str(path), "-o", str(tmp_path / "o.pdf"), "--config", str(config))
    assert f"{config}: not valid TOML" in result.stderr


def test_debug_flag_and_errors_stay_one_line(tmp_path):
    result = run("--debug", "build", str(tmp_path / "none"), "-o", str(tmp_path / "o.pdf"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "newsreport: error: no articles to render"
    assert "Traceback" not in result.stderr


def test_number_flags_from_the_command_line(tmp_path):
    from .conftest import EXAMPLES

    output = tmp_path / "o.pdf"
    result = run("build", str(EXAMPLES), "-o", str(output), "--workers", "1", "--no-cache")
    assert result.exit_code == 0, result.stderr
    result = run("build", str(EXAMPLES), "-o", str(output), "--workers", "two")
    assert result.exit_code == 2
    assert "command line: key 'workers': expected a whole number, got 'two'" in result.stderr


def test_template_errors_are_one_line_naming_the_file_and_line(write, tmp_path):
    article = write("in/a.txt", TEXT)
    output = tmp_path / "out.pdf"
    cover = tmp_path / "mine" / "partials" / "cover.html"
    cases = {
        "<p>\n{{ doc.titel }}</p>": f"{cover}:2: template error: ",
        "<p>{{ doc.title }</p>": f"{cover}:1: template syntax error: ",
        "<p>{{ doc.title + 1 }}</p>": f"{cover}:1: template error: ",
    }
    for text, message in cases.items():
        write("mine/partials/cover.html", text)
        result = run("build", str(article), "-o", str(output), "--templates", str(cover.parents[1]))
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"newsreport: error: {message}")
        assert not output.exists()
    result = run("build", str(article), "-o", str(output), "--template", "nope")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "newsreport: error: template 'nope' not found; the templates are briefing, digest "
        "(--templates adds a folder of your own)"
    )
    result = run(
        "build",
        str(article),
        "-o",
        str(output),
        "--templates",
        str(cover.parents[1]),
        "--template",
        "nope",
    )
    assert result.exit_code == 2 and "templates are briefing, digest" in result.stderr


def test_briefing_flags_with_the_digest_template_are_refused(write, tmp_path):
    article = write("a.md", "---\ntitle: T\n---\n\nBody text.\n")
    output = tmp_path / "out.pdf"
    for flag in (
        ["--classification", "x"],
        ["--meeting", "m"],
        ["--watermark"],
        ["--notes-pages", "3"],
    ):
        result = run("build", str(article), "-o", str(output), *flag)
        assert result.exit_code == 2, flag
        assert f"{flag[0]} is for briefing packs" in result.stderr
        assert "internal error" not in result.stderr
    assert not output.exists()
    config = write("c.toml", '[briefing]\nclassification = "x"\n')
    result = run("build", str(article), "-o", str(output), "--config", str(config))
    assert result.exit_code == 0
    assert "[briefing] classification is set, but the digest template" in result.stderr


def test_an_unknown_language_code_is_refused(write, tmp_path):
    article = write("a.md", "---\ntitle: T\n---\n\nBody text.\n")
    result = run("build", str(article), "-o", str(tmp_path / "o.pdf"), "--language", "xx")
    assert result.exit_code == 2
    assert "'xx' is not a language code" in result.stderr
