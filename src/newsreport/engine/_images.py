"""Raster images a process keeps for the next documents it lays out: a chart, a logo or a photo
that several parts of a document show is decoded and encoded once per worker, as a one-piece
render does once per document, not once per part.

WeasyPrint caches images by address within one document (``cache``). Here the raster images a
document loaded are kept, per process and thread, for the documents read with the same folders
after it: those from ``data:`` addresses as they are, those from files while the file is the
same (its resolved path, size, modification time and inode). An image that failed is loaded
again (and reported again); SVG images, which hold their document's context, are not kept.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import _internals

IMAGES_KEPT = 8
"""Raster images a process (and thread) keeps: the most recently drawn."""
BYTES_KEPT = 16 * 2**20
"""How much image data they may hold together (each is held twice: as loaded, and encoded
for the PDF): a worker's memory stays about flat whatever the images."""

Folders = tuple[Path, ...]
Stamp = tuple[object, ...]
Kept = OrderedDict[tuple[Folders, str], tuple[Stamp, Any, int]]


def document_images(folders: Folders | None) -> dict[str, Any] | None:
    """The image cache WeasyPrint gets for one document read with ``folders`` (None: its
    own): the raster images kept from the documents before it that still hold."""
    if folders is None:
        return None
    kept = _kept()
    cache: dict[str, Any] = {}
    for key, (stamp, image, _) in list(kept.items()):
        if key[0] != folders:
            continue
        if _stamp(key[1]) != stamp:  # the file changed (or went): loaded again
            del kept[key]
            continue
        cache[key[1]] = image
        kept.move_to_end(key)
    return cache


def keep_images(cache: dict[str, Any] | None, folders: Folders | None) -> None:
    """After a document was written: the raster images it loaded, kept for the next."""
    if cache is None or folders is None:
        return
    kept = _kept()
    for address, image in list(cache.items()):
        key = (folders, address)
        if key in kept or not _internals.raster_image(image):
            continue
        stamp = _stamp(address)
        if stamp is None or (weight := _weight(address, stamp)) > BYTES_KEPT:
            continue
        _internals.detach_image(image)
        kept[key] = (stamp, image, weight)
    while len(kept) > IMAGES_KEPT or sum(entry[2] for entry in kept.values()) > BYTES_KEPT:
        kept.popitem(last=False)


def _kept() -> Kept:
    return _internals.per_thread("images", OrderedDict)  # type: ignore[no-any-return]


def _weight(address: str, stamp: Stamp) -> int:
    """About what a kept image holds: its data twice (as loaded, and encoded for the PDF)."""
    size = len(address) if stamp == ("data",) else stamp[1]
    return 2 * int(size)  # type: ignore[call-overload]


def _stamp(address: str) -> Stamp | None:
    """What must stay the same for an image loaded from ``address`` to be drawn again."""
    scheme = address.split(":", 1)[0].lower()
    if scheme == "data":
        return ("data",)
    if scheme != "file":
        return None
    try:
        path = Path(unquote(urlsplit(address).path)).resolve()
        found = path.stat()
    except (OSError, ValueError):
        return None
    return (str(path), found.st_size, found.st_mtime_ns, found.st_ino, found.st_dev)
