"""Raster images a process keeps for the next documents it lays out: a chart, a logo or a photo
that several parts of a document show is decoded and encoded once per worker, as a one-piece
render does once per document, not once per part.

WeasyPrint caches images by address within one document (``cache``). Here the raster images a
document loaded are kept, per process and thread, for the documents read with the same folders
after it: those from ``data:`` addresses as they are, those from files while the file holds
the same bytes (checked each time a document asks for it). An image that failed is loaded
again (and reported again); SVG images, which hold their document's context, are not kept.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import _internals

IMAGES_KEPT = 8
"""Raster images a process (and thread) keeps: the most recently drawn."""
BYTES_KEPT = 16 * 2**20
"""How much image data they may hold together (each is held about twice: as loaded, and
encoded for the PDF): a worker's memory stays about flat whatever the images."""

Folders = tuple[Path, ...]
Stamp = tuple[str, str, int]
"""What an image was loaded from: its address or resolved path, a digest, a size in bytes."""
Kept = OrderedDict[tuple[Folders, str], tuple[Stamp, Any]]


class DocumentImages(dict):  # type: ignore[type-arg]
    """WeasyPrint's image cache for one document read with ``folders``: its own entries, and
    the raster images kept from the documents before it, each handed over when the document
    asks for its address (WeasyPrint asks ``address in cache`` first) and it still holds."""

    def __init__(self, folders: Folders) -> None:
        super().__init__()
        self.folders = folders

    def __contains__(self, address: object) -> bool:
        if dict.__contains__(self, address):
            return True
        if not isinstance(address, str):
            return False
        kept = _kept()
        key = (self.folders, address)
        if key not in kept:
            return False
        stamp, image = kept[key]
        if _stamp(address) != stamp:  # the file changed (or went): loaded again
            del kept[key]
            return False
        kept.move_to_end(key)
        self[address] = image
        return True


def document_images(folders: Folders | None) -> DocumentImages | None:
    """The image cache WeasyPrint gets for one document read with ``folders`` (None: its
    own, as WeasyPrint makes it)."""
    return DocumentImages(folders) if folders is not None else None


def keep_images(cache: DocumentImages | None) -> None:
    """After a document was written: the raster images it loaded, kept for the next."""
    if cache is None:
        return
    kept = _kept()
    for address, image in list(cache.items()):
        key = (cache.folders, address)
        if key in kept or not _internals.raster_image(image):
            continue
        stamp = _stamp(address)
        if stamp is None or 2 * stamp[2] > BYTES_KEPT:
            continue
        _internals.detach_image(image)
        kept[key] = (stamp, image)
    while len(kept) > IMAGES_KEPT or sum(2 * entry[0][2] for entry in kept.values()) > BYTES_KEPT:
        kept.popitem(last=False)


def _kept() -> Kept:
    return _internals.per_thread("images", OrderedDict)  # type: ignore[no-any-return]


def _stamp(address: str) -> Stamp | None:
    """What must stay the same for an image loaded from ``address`` to be drawn again (None:
    an address whose image is not kept)."""
    scheme = address.split(":", 1)[0].lower()
    if scheme == "data":
        return ("data", "", len(address))
    if scheme != "file":
        return None
    try:
        path = Path(unquote(urlsplit(address).path)).resolve()
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    return (str(path), hashlib.blake2b(data, digest_size=16).hexdigest(), len(data))
