"""The command a newsroom lives in: default outputs, streams, watch, templates, config, many."""

from __future__ import annotations

import datetime as _dt
import io
import os
import pty
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from newsreport.cli import main
from newsreport.config_text import sample_config
from newsreport.options import Options, load_config, option_specs
from newsreport.output_name import ascii_slug, default_output_name

from .conftest import EXAMPLES, ROOT

TEXT = "افتتحت المكتبة العامة أبوابها طوال الليل للمرة الأولى هذا العام."
ENGLISH = "---\ntitle: Harbour news\n---\n\nThe harbour reopened on Monday after the storm.\n"
COMMAND = [sys.executable, "-m", "newsreport"]


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def pdf_text(data: bytes | Path) -> str:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(source).pages)


def page_count(data: bytes | Path) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data).pages)


# --- Default output and streams. --------------------------------------------------------------


def test_build_without_output_names_the_pdf_after_title_or_template(write, tmp_path, monkeypatch):
    article = write("in/a.md", ENGLISH)
    monkeypatch.chdir(tmp_path)
    today = _dt.date.today().isoformat()
    result = run("build", str(article), "--title", "الموجز الأسبوعي")
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in tmp_path.glob("*.pdf")) == [f"digest-{today}.pdf"]
    assert result.stderr.splitlines()[-1].startswith(f"digest-{today}.pdf: 1 article, ")
    result = run("build", str(article), "--title", "Weekly Digest — Nº 5")
    assert (tmp_path / f"weekly-digest-no-5-{today}.pdf").read_bytes().startswith(b"%PDF-")
    assert f"weekly-digest-no-5-{today}.pdf: 1 article" in result.stderr


def test_default_output_name_is_ascii():
    day = _dt.date(2026, 12, 3)
    assert default_output_name(Options(), day) == "digest-2026-12-03.pdf"
    briefing = Options(template="briefing", title="موجز 2026")
    assert default_output_name(briefing, day) == "briefing-2026-12-03.pdf"
    assert ascii_slug("Café / Ports: été") == "cafe-ports-ete"


def test_output_dash_streams_the_pdf_and_writes_no_file(write, tmp_path, monkeypatch):
    article = write("a.md", ENGLISH)
    monkeypatch.chdir(tmp_path)
    result = run("build", str(article), "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-") and result.stdout_bytes.rstrip().endswith(
        b"%%EOF"
    )
    assert "The harbour reopened on Monday" in pdf_text(result.stdout_bytes)
    pages = page_count(result.stdout_bytes)
    assert result.stderr.splitlines()[-1].startswith(f"<stdout>: 1 article, {pages} page")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.md"]


def test_output_dash_is_refused_on_a_terminal(write, tmp_path):
    article = write("a.md", ENGLISH)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*COMMAND, "build", str(article), "-o", "-"],
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "newsreport: error: -o -: PDF data not written to a terminal; "
        "redirect standard output or name a file"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.md"]


def test_an_article_from_standard_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("inspect", "-", input=ENGLISH)
    assert result.stdout.splitlines()[0] == "<stdin>"
    assert "title      Harbour news" in result.stdout
    result = run("build", "-", "-o", "out.pdf", input=ENGLISH)
    assert result.exit_code == 0, result.stderr
    assert "The harbour reopened on Monday" in pdf_text(tmp_path / "out.pdf")


def test_a_closed_pipe_ends_quietly(write, tmp_path):
    for number in range(3):
        write(f"in/{number}.txt", TEXT)
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before the first write, as `| head` does later
    try:
        done = subprocess.run(
            [*COMMAND, "inspect", "--json", str(tmp_path / "in")],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert done.returncode == 141
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


# --- Messages, help, progress. ----------------------------------------------------------------


def test_help_is_typed_and_every_command_has_a_summary():
    help_text = run("build", "--help").stdout
    assert "--workers INTEGER" in help_text
    assert "--paper [A4|A5|Letter]" in help_text
    assert "--digits [latin|arabic-indic]" in help_text
    listing = run("--help").stdout.split("Commands:")[1]
    summaries = dict(re.findall(r"^  (\w+)\s+(.+)$", listing, re.MULTILINE))
    assert sorted(summaries) == ["build", "config", "inspect", "many", "templates", "watch"]
    assert all(line.endswith(".") and "..." not in line for line in summaries.values())


def test_counts_of_one_are_singular(write, tmp_path):
    write("in/a.txt", f"{TEXT}\n| orphan caption |\n")
    write("in/b.json", "{")
    inspected = run("inspect", str(tmp_path / "in")).stderr
    built = run("build", str(tmp_path / "in"), "-o", str(tmp_path / "o.pdf")).stderr
    for text in (inspected, built):
        assert "1 warning;" in text or text.rstrip().endswith("1 warning")
        assert "1 file skipped" in text
        assert not re.search(r"\b1 (warnings|files|articles|pages)\b", text)


def test_quiet_prints_errors_only_and_verbose_the_stages(tmp_path):
    article = EXAMPLES / "en-port-expansion.md"  # a remote image: a note, normally
    quiet = run("build", str(article), "-o", str(tmp_path / "q.pdf"), "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    loud = run("build", str(article), "-o", str(tmp_path / "v.pdf"), "--verbose")
    lines = loud.stderr.splitlines()
    assert any(line.startswith("newsreport: note: ") for line in lines)
    (timings,) = [line for line in lines if "reading articles" in line]
    assert re.fullmatch(
        r"newsreport: reading articles [\d.]+ s, composing [\d.]+ s, laying out pages [\d.]+ s",
        timings,
    )
    failed = run("build", str(tmp_path / "none"), "-o", str(tmp_path / "n.pdf"), "-q")
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[-1] == "newsreport: error: no articles to render"


@pytest.mark.slow
def test_progress_counts_chunks_then_pages():
    import newsreport

    seen: list[tuple[str, int, int]] = []
    articles = newsreport.load_articles([EXAMPLES])
    result = newsreport.render_pdf(
        articles, None, workers=2, cache=False, progress=lambda *call: seen.append(call)
    )
    stages = [stage for stage, _, _ in seen]
    assert stages[0] == "compose" and stages.index("chunks") < stages.index("assembly")
    chunks = [call for call in seen if call[0] == "chunks"]
    assert chunks[0][1] == 0 and chunks[-1][1] == chunks[-1][2] > 1
    assembly = [call for call in seen if call[0] == "assembly"]
    assert assembly[-1] == ("assembly", result.pages, result.pages)


# --- Templates and config. --------------------------------------------------------------------


def test_templates_lists_the_documents_their_blocks_and_files():
    result = run("templates")
    assert result.exit_code == 0
    names = [line for line in result.stdout.splitlines() if line and not line[0].isspace()]
    assert names[:2] == ["briefing", "digest"]
    assert "  blocks  body, head" in result.stdout
    assert "partials/cover.html" in result.stdout and "(yours)" not in result.stdout
    mine = run("templates", "--templates", str(ROOT / "examples" / "templates")).stdout
    assert "partials/cover.html (yours)" in mine
    assert f"yours:    {ROOT / 'examples' / 'templates'}" in mine


def test_the_sample_config_has_every_key_and_reads_back_as_the_defaults(tmp_path):
    printed = run("config", "--sample").stdout
    assert printed == sample_config()
    path = tmp_path / "sample.toml"
    path.write_text(printed, encoding="utf-8")
    assert load_config(path) == Options()
    for spec in option_specs(every=True):
        assert re.search(rf"^(# )?{spec.path[-1]} = ", printed, re.MULTILINE), spec.path
        assert spec.default is not None or spec.example is not None, spec.path
    # Each example, set, is a value the options accept.
    uncommented = re.sub(r"^# (\w+ = )", r"\1", printed, flags=re.MULTILINE)
    path.write_text(uncommented.replace('"my-templates"', f'"{tmp_path}"'), encoding="utf-8")
    assert load_config(path).title == "Weekly digest"
    assert run("config", "--sample", "--title", "x").exit_code == 2


def test_config_show_names_where_each_setting_came_from(write):
    config = write("c.toml", 'title = "From the file"\n[print]\npaper = "A5"\n')
    result = run("config", "--config", str(config), "--paper", "Letter", "--digits", "latin")
    assert result.exit_code == 0, result.stderr
    lines = {
        line.strip("# ").split()[0]: line
        for line in result.stdout.splitlines()
        if line and not line.startswith("[")
    }
    assert lines["title"].startswith('title = "From the file"')
    assert lines["title"].endswith(f"# {config}")
    assert lines["paper"].startswith('paper = "Letter"') and lines["paper"].endswith(
        "# command line"
    )
    assert lines["digits"].endswith("# command line")
    assert lines["strict"].startswith("strict = false") and lines["strict"].endswith("# default")
    assert lines["language"].startswith("# language unset")
    bad = write("bad.toml", "paper = 3\n")
    result = run("config", "--config", str(bad))
    assert result.exit_code == 2 and result.stderr.startswith(f"newsreport: error: {bad}: ")


# --- Many. ------------------------------------------------------------------------------------


def test_a_bad_jobs_file_is_one_line_naming_it(write):
    cases = {
        "": "no [[job]] tables",
        '[[job]]\ninputs = ["a"]\n': "job 1: needs 'inputs' and 'output'",
        '[[job]]\ninputs = ["a"]\noutput = "x.pdf"\ncolour = 1\n': "job 1: unknown key 'colour'",
        '[[job]]\ninputs = [1]\noutput = "x.pdf"\n': "job 1: 'inputs' must be a path",
        '[[job]]\ninputs = "a"\noutput = "x.pdf"\n[job.options]\npaper = "A5"\n': (
            "job 1 options: unknown key 'paper'"
        ),
        '[[job]]\ninputs = "a"\noutput = "x.pdf"\n[[job]]\ninputs = "b"\noutput = "x.pdf"\n': (
            "job 2: output "
        ),
        "[[job]\n": "not valid TOML",
    }
    for text, message in cases.items():
        jobs = write("jobs.toml", text)
        result = run("many", str(jobs))
        assert result.exit_code == 2, text
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"newsreport: error: {jobs}: ") and message in line, line
    result = run("many", str(jobs.parent / "none.toml"))
    assert (
        result.stderr.strip()
        == f"newsreport: error: {jobs.parent / 'none.toml'}: no such jobs file"
    )


def test_many_on_a_scheduler_without_dask_names_the_extra(write, monkeypatch):
    jobs = write("jobs.toml", f'[[job]]\ninputs = "{EXAMPLES}"\noutput = "x.pdf"\n')
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    result = run("many", str(jobs), "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert "pip install 'newsreport[dask]'" in result.stderr
    assert not (jobs.parent / "x.pdf").exists()


@pytest.mark.slow
def test_many_renders_each_job_and_fails_if_one_did(write, tmp_path):
    write("in/a.md", ENGLISH)
    write("conf/ports.toml", 'title = "Ports"\n')
    jobs = write(
        "jobs.toml",
        '[[job]]\ninputs = ["in"]\noutput = "out/a.pdf"\nconfig = "conf/ports.toml"\n'
        '[job.options]\nprint = { paper = "A5" }\n\n'
        f'[[job]]\ninputs = "{EXAMPLES / "ar-water-forum.txt"}"\noutput = "out/b.pdf"\n\n'
        '[[job]]\ninputs = ["missing"]\noutput = "out/c.pdf"\n',
    )
    (tmp_path / "out").mkdir()
    result = run("many", str(jobs))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("3 jobs: 2 written, 1 failed; ")
    assert f"newsreport: error: {tmp_path / 'out' / 'c.pdf'}: no articles to render" in lines
    assert any(line.startswith(f"{tmp_path / 'out' / 'a.pdf'}: 1 article, ") for line in lines)
    first = pypdf.PdfReader(tmp_path / "out" / "a.pdf")
    assert "Ports" in first.pages[0].extract_text()
    assert round(float(first.pages[0].mediabox.width) / 72 * 25.4) == 148  # A5
    assert (tmp_path / "out" / "b.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "out" / "c.pdf").exists()


# --- Watch. -----------------------------------------------------------------------------------


def test_watch_refuses_streams(write, tmp_path):
    article = write("a.md", ENGLISH)
    result = run("watch", str(article), "-o", "-")
    assert result.exit_code == 2 and "watch rewrites a file" in result.stderr
    result = run("watch", "-", "-o", str(tmp_path / "o.pdf"))
    assert result.exit_code == 2 and "cannot follow standard input" in result.stderr


def _session_processes(session: int) -> list[int]:
    """Processes still alive in a session (the watch and anything it started)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[3] == str(session) and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _watch(*args: str) -> subprocess.Popen:
    """``newsreport watch ARGS`` in a session of its own (what it leaves behind can be found)."""
    return subprocess.Popen(
        [*COMMAND, "watch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _interrupt(watcher: subprocess.Popen) -> str:
    """Ctrl-C, then what the watcher printed on stderr (it is killed if it does not stop)."""
    try:
        watcher.send_signal(signal.SIGINT)
        _, stderr = watcher.communicate(timeout=60)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.communicate()
    return stderr


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts processes through /proc")
def test_watch_rebuilds_on_a_change_keeps_the_last_good_pdf_and_stops_on_ctrl_c(write, tmp_path):
    write("in/a.md", ENGLISH)
    second = write("in/b.md", "---\ntitle: Second story\n---\n\nFirst version of the text.\n")
    output = tmp_path / "out.pdf"
    watcher = _watch(str(tmp_path / "in"), "-o", str(output))
    try:
        assert _wait_for(output.exists, 120), "no first build"
        assert "First version of the text." in pdf_text(output)
        before = output.read_bytes()
        second.write_text(
            "---\ntitle: Second story\n---\n\nSecond version of the text.\n", encoding="utf-8"
        )
        assert _wait_for(lambda: output.read_bytes() != before, 60), "no rebuild"
        assert "Second version of the text." in pdf_text(output)
    finally:
        stderr = _interrupt(watcher)
    status = watcher.returncode
    assert status in (0, 130), stderr
    lines = stderr.splitlines()
    builds = [line for line in lines if re.match(r"\d\d:\d\d:\d\d .*out\.pdf: 2 articles", line)]
    assert len(builds) >= 2 and "(b.md changed)" in builds[1]
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert _wait_for(lambda: not _session_processes(watcher.pid), 10)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in", "out.pdf"]


@pytest.mark.slow
def test_watch_keeps_the_last_good_pdf_when_a_build_fails(write, tmp_path):
    write("in/a.md", ENGLISH)
    config = write("c.toml", 'title = "Good"\n')
    output = tmp_path / "out.pdf"
    watcher = _watch(str(tmp_path / "in"), "-o", str(output), "--config", str(config))
    try:
        assert _wait_for(output.exists, 120), "no first build"
        good = output.read_bytes()
        config.write_text('[print]\npaper = "B7"\n', encoding="utf-8")
        time.sleep(4)  # a rebuild is tried, and fails
        assert output.read_bytes() == good
        config.write_text('title = "Better"\n', encoding="utf-8")
        assert _wait_for(lambda: output.read_bytes() != good, 60), "no rebuild after the fix"
        assert "Better" in pdf_text(output)
    finally:
        stderr = _interrupt(watcher)
    status = watcher.returncode
    assert status in (0, 130), stderr
    (failure,) = [line for line in stderr.splitlines() if "error:" in line]
    assert re.match(r"newsreport: error: \d\d:\d\d:\d\d \(c\.toml changed\) ", failure)
    assert "'B7' is not accepted" in failure and f"kept the last good {output}" in failure
