"""Untrusted input: content stays data, fetching stays inside its fence, output stays whole."""

from __future__ import annotations

import http.server
import io
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from newsreport import (
    Article,
    Direction,
    Figure,
    LoadError,
    Paragraph,
    RenderError,
    load_articles,
    render_html,
    render_pdf,
)
from newsreport._resources import fonts_dir
from newsreport.engine._fetcher import RestrictedFetcher

from .conftest import ROOT
from .pdfread import chars_off_page, images, pypdf_text


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


class CountingServer:
    """An HTTP server on 127.0.0.1 that counts every request by path."""

    def __init__(self) -> None:
        hits: Counter[str] = Counter()
        image = png()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits[self.path] += 1
                if self.path == "/redirect.png":
                    self.send_response(302)
                    self.send_header("Location", "/secret.png")
                    self.end_headers()
                    return
                body = image if self.path != "/huge.png" else image * 1000
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    running = CountingServer()
    yield running
    running.close()


def article_with_images(folder: Path, *images: str, text: str = "نص المقال.") -> Article:
    blocks = [Paragraph(text)] + [
        Figure(caption=f"صورة {i}", image=a) for i, a in enumerate(images)
    ]
    return Article(
        title="عنوان",
        language="ar",
        direction=Direction.RTL,
        blocks=tuple(blocks),
        path=folder / "a.txt",
    )


def test_remote_images_are_never_requested_unless_the_host_is_listed(server, tmp_path, caplog):
    article = article_with_images(tmp_path, server.url("/blocked.png"))
    with caplog.at_level(logging.WARNING, logger="newsreport"):
        result = render_pdf([article], tmp_path / "a.pdf")
    assert server.hits == Counter()
    assert any(server.url("/blocked.png") in n and "a.txt" in n for n in result.notes)
    assert result.warnings == ()


def test_listed_host_serves_images_but_redirects_and_oversize_are_refused(server, tmp_path):
    article = article_with_images(
        tmp_path, server.url("/ok.png"), server.url("/redirect.png"), server.url("/huge.png")
    )
    fetch = {"hosts": [server.host], "schemes": ["http"], "max_image_bytes": 50_000}
    result = render_pdf([article], tmp_path / "a.pdf", fetch=fetch)
    assert server.hits["/ok.png"] == 1
    assert server.hits["/redirect.png"] == 1
    assert server.hits["/secret.png"] == 0, "a redirect target must never be requested"
    refused = " ".join(result.warnings)
    assert "redirect.png: HTTP 302" in refused and "huge.png" in refused
    assert len(images(result.output)) == 1


def test_https_only_by_default(server, tmp_path):
    article = article_with_images(tmp_path, server.url("/ok.png"))
    result = render_pdf([article], tmp_path / "a.pdf", fetch={"hosts": [server.host]})
    assert server.hits == Counter()
    assert "scheme 'http' not allowed" in " ".join(result.warnings)


def test_local_images_only_from_the_articles_folder(tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(png())
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "in.png").write_bytes(png())
    article = article_with_images(
        tmp_path / "articles", "in.png", "../outside.png", outside.as_uri(), "/etc/hostname"
    )
    html = render_html([article])
    assert (tmp_path / "articles" / "in.png").as_uri() in html
    assert outside.as_uri() not in html and "/etc/hostname" not in html
    allowed = render_html([article], fetch={"folders": [str(tmp_path)]})
    assert outside.as_uri() in allowed


def test_the_fetcher_refuses_everything_outside_its_folders(tmp_path, server):
    fetcher = RestrictedFetcher((fonts_dir(), tmp_path))
    (tmp_path / "ok.css").write_text("p {}", encoding="utf-8")
    assert fetcher.fetch((tmp_path / "ok.css").as_uri()).read() == b"p {}"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in (
        "file:///etc/passwd",
        server.url("/x.png"),
        "ftp://example.com/x",
        "file:///tmp/../etc/passwd",
    ):
        with pytest.raises(ValueError, match="blocked"):
            fetcher.fetch(url)
    assert server.hits == Counter()


def test_user_template_assets_go_through_the_fetcher(tmp_path, server):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "print.css").write_text(
        f'body {{ background: url("{server.url("/bg.png")}"); }}\n'
        'p { background: url("file:///etc/hostname"); }',
        encoding="utf-8",
    )
    result = render_pdf([article_with_images(tmp_path)], tmp_path / "a.pdf", templates=templates)
    assert server.hits == Counter()
    assert any("blocked" in warning for warning in result.warnings)


def test_content_cannot_add_attachments_stylesheets_or_markup(tmp_path):
    hostile = (
        '<link rel="attachment" href="file:///etc/passwd"> <style>p{color:red}</style> '
        "<script>alert(1)</script> {{ 7*7 }} {% raw %} </p><h1>x</h1> javascript:alert(1)"
    )
    (tmp_path / "a.md").write_text(f"# Title\n\n{hostile}\n", encoding="utf-8")
    articles = load_articles(tmp_path / "a.md")
    path = render_pdf(articles, tmp_path / "a.pdf").output
    with pikepdf.open(path) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        assert "/AF" not in pdf.Root
    text = " ".join(" ".join(pypdf_text(path)).split())
    assert "{{ 7*7 }}" in text and "<script>alert(1)</" in text and "<h1>x</h1>" in text


def test_long_tokens_wrap_inside_the_page(tmp_path):
    token = "ك" * 3000
    url = "https://news.example.com/" + "x" * 3000
    article = Article(
        title="ع" * 400,
        language="ar",
        direction=Direction.RTL,
        blocks=(Paragraph(token), Paragraph("a" * 3000), Figure(caption="ـ" * 3000)),
        source_url=url,
        path=tmp_path / "a.txt",
    )
    path = render_pdf([article], tmp_path / "long.pdf").output
    assert chars_off_page(path) == []


def test_limits_give_clear_errors(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(("ا" * 100 + "\n").encode() * 25_000)  # ~5 MB
    with pytest.raises(LoadError, match=r"big\.txt: .* bytes is over the 4,000,000-byte limit"):
        load_articles(big)
    (tmp_path / "t.json").write_text('{"title": "' + "x" * 2000 + '"}', encoding="utf-8")
    with pytest.raises(LoadError, match=r"t\.json:1: a title of 2,000 characters is over"):
        load_articles(tmp_path / "t.json")
    article = article_with_images(tmp_path)
    with pytest.raises(RenderError, match="3 articles is over the 2-article limit"):
        render_pdf([article] * 3, tmp_path / "x.pdf", limits={"max_articles": 2})
    assert not (tmp_path / "x.pdf").exists()


def test_image_pixel_limit(tmp_path):
    (tmp_path / "big.png").write_bytes(png(2000, 1500))
    article = article_with_images(tmp_path, "big.png")
    result = render_pdf([article], tmp_path / "a.pdf", limits={"max_image_pixels": 1_000_000})
    assert "3,000,000 pixels, over [limits] max_image_pixels" in " ".join(result.warnings)


BUILD = """
import sys
from pathlib import Path
import newsreport
articles = newsreport.load_articles([Path(sys.argv[1])])
newsreport.render_pdf(articles * 6, sys.argv[2], limits={"max_articles": 100})
"""


def _processes_running(script: Path) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if str(script).encode() in command and state != "Z":
            found.append(entry.name)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0])
def test_a_killed_build_leaves_the_previous_file(tmp_path, delay):
    output = tmp_path / "digest.pdf"
    output.write_bytes(b"%PDF-previous good file")
    script = tmp_path / "build.py"
    script.write_text(BUILD, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(ROOT / "examples" / "articles"), str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Its worker processes go with it.
    for _ in range(50):
        if not _processes_running(script):
            break
        time.sleep(0.1)
    assert not _processes_running(script)
    data = output.read_bytes()
    assert data == b"%PDF-previous good file" or (
        data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    )


def test_a_worker_whose_build_is_gone_ends_at_once():
    """A worker started just as its build was killed (too late to follow it) does not wait
    forever: it finds its parent is not the build that started it."""
    code = (
        "import os\n"
        "from newsreport.engine import die_with_parent\n"
        "die_with_parent(os.getppid())\n"
        "print('kept', flush=True)\n"
        "import subprocess, sys\n"
        "ended = subprocess.Popen([sys.executable, '-c', ''])\n"
        "ended.wait()\n"
        "die_with_parent(ended.pid)\n"
        "print('orphan went on')\n"
    )
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert finished.stdout.decode().split() == ["kept"]
    assert finished.returncode != 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "not-a-folder.txt" / "a.pdf", "does not exist"),
        (lambda tmp: tmp, "is a folder, not a file name"),
    ],
)
def test_unwritable_destination_is_reported_before_rendering(tmp_path, make, message, caplog):
    (tmp_path / "not-a-folder.txt").write_text("x", encoding="utf-8")
    # Composing this article would warn about its remote image: no warning means no work done.
    article = article_with_images(tmp_path, "https://images.example.com/a.png")
    with caplog.at_level(logging.WARNING), pytest.raises(RenderError, match=message):
        render_pdf([article], make(tmp_path))
    assert caplog.records == []


def test_a_write_removes_what_a_killed_build_left_and_nothing_else(tmp_path):
    from newsreport._atomic import write_atomically

    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    gone = int(finished.stdout)  # a process that has ended
    left = tmp_path / f".digest.pdf.{gone}-abc123.part"
    writing = tmp_path / f".digest.pdf.{os.getpid()}-def456.part"  # a build still at work
    other = tmp_path / f".other.pdf.{gone}-abc123.part"
    for item in (left, writing, other):
        item.write_bytes(b"%PDF-half")
    write_atomically(tmp_path / "digest.pdf", b"%PDF-whole")
    assert sorted(item.name for item in tmp_path.iterdir()) == sorted(
        ["digest.pdf", writing.name, other.name]
    )


def test_damaged_images_and_svgs_pointing_outside_are_placeholders_named_by_article(tmp_path):
    from PIL import Image

    picture = io.BytesIO()
    Image.effect_noise((200, 150), 60).convert("RGB").save(picture, "PNG")  # mostly pixels
    (tmp_path / "whole.png").write_bytes(picture.getvalue())
    (tmp_path / "cut.png").write_bytes(picture.getvalue()[: len(picture.getvalue()) // 2])
    (tmp_path / "outside.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="https://tracker.example.com/x.png" '
        'width="10" height="10"/><rect width="5" height="5" fill="url(#g)"/></svg>',
        encoding="utf-8",
    )
    (tmp_path / "inside.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="whole.png" width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    article = article_with_images(tmp_path, "whole.png", "cut.png", "outside.svg", "inside.svg")
    import weasyprint  # noqa: F401 - as in any render after the first: it accepts truncated files

    result = render_pdf([article], tmp_path / "a.pdf")
    assert len(result.warnings) == 2
    cut, outside = result.warnings
    assert "a.txt" in cut and "“عنوان”" in cut and "cut.png: truncated or damaged image" in cut
    assert "outside.svg: the SVG refers to 'https://tracker.example.com/x.png'" in outside
    assert len(images(result.output)) >= 1  # the whole picture (and the SVG beside it) drawn
