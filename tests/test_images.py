"""Raster images a process keeps for its next documents (``engine/_images``): drawn again only
while they hold, and only for documents that may read them."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pikepdf
from PIL import Image

from newsreport._resources import fonts_dir
from newsreport.engine._fetcher import RestrictedFetcher
from newsreport.engine._layout import html_to_pdf


def _png(path: Path, colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), colour).save(path, compress_level=0)  # a size by pixels alone


def _drawn(html: str, folder: Path, fetcher: RestrictedFetcher) -> list[tuple[int, int, int]]:
    """The colour of each image the PDF of ``html`` draws."""
    pdf = html_to_pdf(html, base_url=folder.as_uri() + "/", fetcher=fetcher)
    colours = []
    with pikepdf.open(io.BytesIO(pdf.data)) as document:
        for page in document.pages:
            for image in page.obj.get("/Resources", {}).get("/XObject", {}).values():
                if image.get("/Subtype") == "/Image":
                    pixels = pikepdf.PdfImage(image).as_pil_image().convert("RGB")
                    colours.append(pixels.getpixel((0, 0)))
    return colours


def test_an_image_is_loaded_once_and_drawn_again_until_its_file_changes(tmp_path):
    picture = tmp_path / "chart.png"
    _png(picture, (200, 0, 0))
    html = '<p>one</p><img src="chart.png">'
    first = RestrictedFetcher((fonts_dir(), tmp_path))
    assert _drawn(html, tmp_path, first) == [(200, 0, 0)]
    assert picture.as_uri() in first.requested
    second = RestrictedFetcher((fonts_dir(), tmp_path))
    assert _drawn(html, tmp_path, second) == [(200, 0, 0)]
    assert picture.as_uri() not in second.requested, "the kept image is drawn again"
    # Rewritten with the same size and modification time: its bytes tell.
    before = picture.stat()
    _png(picture, (0, 0, 200))
    assert picture.stat().st_size == before.st_size
    os.utime(picture, ns=(before.st_atime_ns, before.st_mtime_ns))
    third = RestrictedFetcher((fonts_dir(), tmp_path))
    assert _drawn(html, tmp_path, third) == [(0, 0, 200)], "the file changed: loaded again"
    assert picture.as_uri() in third.requested


def test_a_kept_image_is_not_drawn_for_a_document_that_may_not_read_its_folder(tmp_path):
    picture = tmp_path / "allowed" / "photo.png"
    _png(picture, (0, 150, 0))
    html = f'<p>one</p><img src="{picture.as_uri()}">'
    allowed = RestrictedFetcher((fonts_dir(), picture.parent))
    assert _drawn(html, tmp_path, allowed) == [(0, 150, 0)]
    other = tmp_path / "other"
    other.mkdir()
    refused = RestrictedFetcher((fonts_dir(), other))
    assert _drawn(html, tmp_path, refused) == []
    assert picture.as_uri() in refused.requested, "asked of its own fetcher, which refuses it"


def test_a_kept_image_is_written_as_it_was_first(tmp_path):
    # With its transparency (a soft mask, a second object) and as a JPEG: the third document
    # draws copies of what the second made, and all three PDFs are the same.
    Image.new("RGBA", (40, 20), (10, 20, 30, 128)).save(tmp_path / "glass.png")
    Image.new("RGB", (40, 20), (90, 60, 30)).save(tmp_path / "photo.jpg", quality=90)
    html = '<p>one</p><img src="glass.png"><img src="photo.jpg">'
    made = [
        html_to_pdf(
            html,
            base_url=tmp_path.as_uri() + "/",
            fetcher=RestrictedFetcher((fonts_dir(), tmp_path)),
        ).data
        for _ in range(3)
    ]
    assert made[0] == made[1] == made[2]
    with pikepdf.open(io.BytesIO(made[2])) as document:
        images = [
            image
            for image in document.pages[0].obj.Resources.XObject.values()
            if image.get("/Subtype") == "/Image"
        ]
        assert sorted(str(image.Filter) for image in images) == ["/DCTDecode", "/FlateDecode"]
        assert any("/SMask" in image for image in images)
