"""Everything newsreport takes from WeasyPrint's, pydyf's and pikepdf's internals, in one place.

Written for WeasyPrint 70 (``WRITTEN_FOR``). The engine asks ``supported()`` before it relies on
any of this: on another version a document is laid out in one piece, with WeasyPrint's own
glyph text and one warning, rather than put together from parts with guesses about another
version's box tree and content streams. Nothing here changes a class or the process
environment: each hook is set on one document's own objects, or on a raster image the process
keeps for its next documents.
"""

from __future__ import annotations

import multiprocessing.util
import os
import shutil
import threading
import weakref
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from tempfile import mkdtemp
from typing import Any

from .._scratch import scratch_folder

WRITTEN_FOR = "70"
"""The WeasyPrint major version whose internals this module reads."""


@cache
def _installed_version() -> str:
    # From the package metadata: importing WeasyPrint takes half a second.
    from importlib.metadata import version

    return version("weasyprint")


def weasyprint_version() -> str:
    """The installed WeasyPrint's version."""
    return _installed_version()


def supported() -> bool:
    """Whether the installed WeasyPrint is the one these internals were written for."""
    return weasyprint_version().split(".")[0] == WRITTEN_FOR


def unsupported_notice() -> str:
    """The warning a render gives when it cannot use these internals."""
    return (
        f"WeasyPrint {weasyprint_version()} is not the version {WRITTEN_FOR} newsreport was "
        "written for: laid out in one piece, with WeasyPrint's own copy-and-paste text"
    )


# WeasyPrint: the font configuration, and the document's fonts as its PDF writer creates them.


def _remove_folder(folder: str, owner: int) -> None:
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


def font_configuration() -> Any:
    """A new WeasyPrint ``FontConfiguration`` whose font folder only the process that made it
    removes: when it is collected, or at exit.

    WeasyPrint's own removes its folder in ``__del__``: a forked worker dropping the one it
    inherited would remove its parent's fonts, and at interpreter exit it prints an ignored
    TypeError.
    """
    from weasyprint.text.fonts import FontConfiguration

    if not supported():
        return FontConfiguration()
    return _owned_font_configuration()()


@cache
def _owned_font_configuration() -> type:
    from weasyprint.text.fonts import FontConfiguration

    class OwnedFontConfiguration(FontConfiguration):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self._folder = Path(mkdtemp(prefix="weasyprint-", dir=scratch_folder()))
            remove = weakref.finalize(self, _remove_folder, str(self._folder), os.getpid())
            # A worker process ends without running atexit, only multiprocessing's finalizers.
            multiprocessing.util.Finalize(self, remove, exitpriority=0)

        def __del__(self) -> None:
            pass  # the finalizer removes the folder

    return OwnedFontConfiguration


class _CapturedFonts(dict):  # type: ignore[type-arg]
    """``Document.fonts`` for one document: each font WeasyPrint creates for it is handed to
    ``prepare`` (which may replace its glyph text map or its subsetter) and recorded."""

    def __init__(self, prepare: Callable[[Any], None]) -> None:
        super().__init__()
        self.prepare = prepare
        self.created: list[Any] = []

    def __setitem__(self, key: Any, font: Any) -> None:
        self.prepare(font)
        self.created.append(font)
        super().__setitem__(key, font)


def capture_fonts(document: Any, prepare: Callable[[Any], None]) -> list[Any]:
    """Hand every PDF font WeasyPrint makes while writing ``document`` to ``prepare``; returns
    the list they are added to. Only this document is affected (fonts are made per document,
    in ``Stream.add_font``, into ``document.fonts``)."""
    fonts = _CapturedFonts(prepare)
    document.fonts = fonts
    return fonts.created


def font_index(font: Any) -> int:
    """Which font of a collection file (``.ttc``) WeasyPrint's font is."""
    return int(getattr(font, "index", 0) or 0)


def font_misses_glyphs(font: Any) -> bool:
    """Whether WeasyPrint drew characters the font has no glyph for (as its ``.notdef``)."""
    return bool(font.missing)


def font_facts(font: Any) -> dict[str, Any]:
    """What a WeasyPrint font says of itself: resource ``name``, ``glyph_count``, ``upem``,
    ``index`` (in a collection), ``widths`` (glyph → PDF width), and whether glyphs may be
    added to it (TrueType outlines, nothing drawn as .notdef or as images)."""
    return {
        "name": font.hash,
        "glyph_count": int(font.glyph_count),
        "upem": int(font.upem),
        "index": font_index(font),
        "widths": font.widths,
        "extensible": not (font_is_bitmap(font) or font.missing or font.used_in_forms)
        and getattr(font, "type", "ttf") != "otf",
    }


def font_is_bitmap(font: Any) -> bool:
    """Whether WeasyPrint draws the font as images (it has no glyph outlines to subset)."""
    return bool(font.bitmap or font.png or font.svg or font.colr)


# WeasyPrint: facts read from laid-out pages (their box trees).


def page_is_blank(page: Any) -> bool:
    """Whether the page was inserted blank (to start what follows on a recto)."""
    return bool(page._page_box.page_type.blank)


def page_has_folio(page: Any) -> bool:
    """Whether the page shows a ``@bottom-center`` margin box (its folio)."""
    return any(
        getattr(box, "at_keyword", None) == "@bottom-center" for box in page._page_box.children
    )


def page_has_running_string(page: Any, name: str) -> bool:
    """Whether a margin box of the page shows the running string ``name`` (``string(name)``)."""
    return any(
        item[0] == "string()" and item[1][0] == name
        for box in page._page_box.children
        if getattr(box, "at_keyword", None)
        if not isinstance(box.style["content"], str)
        for item in box.style["content"]
        if isinstance(item, tuple) and len(item) == 2
    )


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _walk(page: Any, stop: Callable[[Any], bool]) -> Iterator[Any]:
    """The page's boxes in document order; the inside of a box ``stop`` accepts is skipped."""
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        yield box
        if not stop(box):
            stack.extend(reversed(getattr(box, "children", ())))


SLOT_CLASSES = frozenset({"page-number", "count-number"})
"""Classes of the elements whose text is drawn at assembly (see ``page_number_slots``)."""


def page_number_slots(page: Any) -> Iterator[dict[str, Any]]:
    """Each inline-block of class ``page-number`` (or ``count-number``: the article count) on
    the page that holds text: its element's ``data-target``, style, content box and where its
    text starts (CSS px, y downwards)."""
    from weasyprint.formatting_structure import boxes

    def slot(box: Any) -> bool:
        return isinstance(box, boxes.InlineBlockBox) and bool(
            SLOT_CLASSES.intersection(_classes(box))
        )

    for box in _walk(page, slot):
        if not slot(box):
            continue
        text = next((b for b in box.descendants() if isinstance(b, boxes.TextBox)), None)
        if text is None:
            continue
        style = box.style  # the slot's: its placeholder may be transparent
        left = box.content_box_x()
        yield {
            "target": box.element.get("data-target") or "",
            "count": "count-number" in _classes(box),
            "style": repr(
                (
                    tuple(style["font_family"]),
                    style["font_size"],
                    style["font_weight"],
                    style["font_style"],
                    tuple(style["color"]),
                )
            ),
            "left": left,
            "right": left + box.width,
            "x": text.position_x,
            "y": text.position_y + text.baseline,
            "text_align": style["text_align_all"],
            "direction": style["direction"],
        }


def elements_starting(page: Any, classes: frozenset[str], seen: set[int]) -> list[str]:
    """The classes (of ``classes``) of the elements whose first box is on this page, in
    document order; ``seen`` holds the elements met on earlier pages."""
    found = []
    for box in _walk(page, lambda _box: False):
        element = getattr(box, "element", None)
        if element is None or id(element) in seen:
            continue
        names = classes.intersection(_classes(box))
        if names and getattr(box, "element_tag", None) is not None:
            seen.add(id(element))
            found.append(min(names))
    return found


def top_level_languages(page: Any) -> list[str | None]:
    """The ``lang`` of each block the page's body holds at its top level, in order: one
    structure element each when the PDF is tagged."""
    html = next(
        (b for b in page._page_box.children if getattr(b, "element_tag", None) == "html"), None
    )
    body = next(
        (b for b in getattr(html, "children", ()) if getattr(b, "element_tag", None) == "body"),
        None,
    )
    if body is None:
        return []
    found = []
    for box in body.children:
        box = getattr(box, "_box", box)  # an absolute box's placeholder
        element = getattr(box, "element", None)
        found.append(element.get("lang") if element is not None else None)
    return found


# pydyf: the PDF as WeasyPrint's writer holds it, in its ``finisher`` hook.


def pydyf_pages(pdf: Any) -> list[Any]:
    """The page dictionaries of a pydyf PDF (its ``Kids`` list holds ``number, 0, R``)."""
    return [pdf.objects[number] for number in pdf.pages["Kids"][::3]]


def pydyf_object(pdf: Any, value: Any) -> Any:
    """The object a pydyf reference (``b"12 0 R"``) names; any other value as it is."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def pydyf_page_contents(pdf: Any) -> Iterator[tuple[list[Any], Any]]:
    """Each page's content operations (a pydyf stream's list, one operator an item) and its
    resources, in page order, as WeasyPrint's writer made them (before any finisher)."""
    for page in pydyf_pages(pdf):
        contents = pydyf_object(pdf, page["Contents"])
        yield contents.stream, pydyf_object(pdf, page.get("Resources"))


def pydyf_form(pdf: Any, resources: Any, name: str) -> tuple[list[Any], Any] | None:
    """The operations and resources of the form XObject ``name`` in ``resources`` (None for
    an image or a name it does not hold)."""
    if resources is None:
        return None
    forms = pydyf_object(pdf, resources.get("XObject"))
    if not forms or name not in forms:
        return None
    form = pydyf_object(pdf, forms[name])
    if not hasattr(form, "stream") or form.extra.get("Subtype") != "/Form":
        return None
    return form.stream, pydyf_object(pdf, form.extra.get("Resources", resources))


def pydyf_fonts(pdf: Any) -> dict[str, tuple[Any, Any, Any]]:
    """The Type0 fonts of a WeasyPrint PDF by resource name: their CIDFont dictionary,
    ToUnicode stream and font file stream (pydyf objects)."""
    found = {}
    for item in pdf.objects:
        if not isinstance(item, dict) or item.get("Subtype") != "/Type0":
            continue
        base = item.get("BaseFont")
        if not isinstance(base, bytes) or b"+" not in base:
            continue
        name = base[1:].split(b"+", 1)[0].decode("latin-1")
        descendant = pydyf_object(pdf, item["DescendantFonts"][0])
        descriptor = pydyf_object(pdf, descendant["FontDescriptor"])
        file = pydyf_object(pdf, descriptor.get("FontFile2"))
        found[name] = (descendant, pydyf_object(pdf, item["ToUnicode"]), file)
    return found


def pydyf_tag_languages(pdf: Any, languages: list[list[str | None]]) -> None:
    """Give each top-level structure element of a tagged WeasyPrint PDF the language of its
    block (``languages``: per page, from ``top_level_languages``) where it differs from the
    document's; a page whose elements do not match its blocks one to one is left alone."""
    import pydyf

    root = pydyf_object(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return
    document = pydyf_object(pdf, root["K"][0])
    default = pdf.catalog.get("Lang")
    default = default.string if isinstance(default, pydyf.String) else None
    pages = pdf.page_references
    by_page: dict[Any, list[Any]] = {}
    for reference in document["K"]:
        element = pydyf_object(pdf, reference)
        by_page.setdefault(element["Pg"], []).append(element)
    for page, found in zip(pages, languages, strict=False):
        elements = by_page.get(page, [])
        if len(elements) != len(found):
            continue
        for element, language in zip(elements, found, strict=True):
            if language and language != default:
                element["Lang"] = pydyf.String(language)


def pydyf_fold_line_spans(pdf: Any) -> int:
    """In a tagged WeasyPrint PDF, fold each line's ``/Span`` element (one per text box,
    holding marked-content ids and nothing else) into its parent, which then holds the
    marked content itself; the parent tree names the parent. The spans left are emptied
    (``<<>>``: nothing refers to them; an assembly copies none). How many were folded."""
    import pydyf

    root = pydyf_object(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return 0
    folded: dict[bytes, bytes] = {}

    def line_span(value: Any) -> bool:
        item = pydyf_object(pdf, value)
        if not isinstance(value, bytes) or not isinstance(item, dict):
            return False
        kids = item.get("K")
        return (
            item.get("S") == "/Span"
            and set(item) <= {"Type", "S", "K", "P", "Pg"}
            and isinstance(kids, list)
            and bool(kids)
            and all(isinstance(kid, int) for kid in kids)
        )

    def fold(element: Any, reference: bytes, depth: int) -> None:
        kids = element.get("K")
        if not isinstance(kids, list) or depth > 64:
            return
        new: list[Any] = []
        changed = False
        for kid in kids:
            child = pydyf_object(pdf, kid)
            if isinstance(kid, bytes) and isinstance(child, dict) and "S" in child:
                fold(child, kid, depth + 1)
            if line_span(kid):
                new.extend(child["K"])
                folded[kid] = reference
                changed = True
            else:
                new.append(kid)
        if changed:
            element["K"] = pydyf.Array(new)

    document_reference = root["K"][0]
    fold(pydyf_object(pdf, document_reference), document_reference, 0)
    numbers = pydyf_object(pdf, root.get("ParentTree")).get("Nums", [])
    arrays = [a for a in (pydyf_object(pdf, v) for v in numbers[1::2]) if isinstance(a, list)]
    # The margin boxes' elements, out of the tree: the parent tree alone names them.
    for array in arrays:
        for item in array:
            if line_span(item) and item not in folded:
                parent = pydyf_object(pdf, item).get("P")
                element = pydyf_object(pdf, parent)
                if isinstance(element, dict) and "S" in element:
                    fold(element, parent, 0)
    for array in arrays:
        for index, item in enumerate(array):
            while item in folded:
                item = folded[item]
            array[index] = item
    for reference in folded:
        pydyf_object(pdf, reference).clear()
    return len(folded)


def pydyf_margin_artifacts(pdf: Any) -> int:
    """In a tagged WeasyPrint PDF, make what the margin boxes draw (running heads, the
    marking, folios) artifacts: WeasyPrint gives it structure elements it leaves out of the
    tree (only the parent tree names them), which PDF/UA forbids and which cost every page a
    few objects. Their marked content becomes ``/Artifact BMC``, their parent-tree entries
    ``null``, the elements are emptied. How many marked-content sequences were changed."""
    root = pydyf_object(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return 0
    reachable: set[bytes] = set()
    waiting = [kid for kid in root.get("K", []) if isinstance(kid, bytes)]
    while waiting:
        reference = waiting.pop()
        element = pydyf_object(pdf, reference)
        if reference in reachable or not isinstance(element, dict):
            continue
        reachable.add(reference)
        kids = element.get("K")
        if isinstance(kids, list):
            waiting += [kid for kid in kids if isinstance(kid, bytes)]
        elif isinstance(kids, bytes):
            waiting.append(kids)
    numbers = pydyf_object(pdf, root.get("ParentTree")).get("Nums", [])
    by_key = dict(zip(numbers[0::2], numbers[1::2], strict=False))
    changed = 0
    orphans: set[bytes] = set()
    for page in pydyf_pages(pdf):
        array = pydyf_object(pdf, by_key.get(page.get("StructParents")))
        if not isinstance(array, list):
            continue
        artifacts = {
            mcid
            for mcid, item in enumerate(array)
            if isinstance(item, bytes) and item.endswith(b" R") and item not in reachable
        }
        if not artifacts:
            continue
        ops = pydyf_object(pdf, page["Contents"]).stream
        for index in range(1, len(ops) - 1):
            properties = ops[index]
            if (
                isinstance(properties, dict)
                and properties.get("MCID") in artifacts
                and ops[index + 1] in (b"BDC", "BDC")
            ):
                ops[index - 1], ops[index], ops[index + 1] = "/Artifact", b"BMC", b""
                changed += 1
        for mcid in artifacts:
            orphans.add(array[mcid])
            array[mcid] = b"null"
    # The elements (and the ancestors they alone had, out of the tree too) are emptied.
    while orphans:
        reference = orphans.pop()
        element = pydyf_object(pdf, reference)
        if isinstance(element, dict) and element:
            parent = element.get("P")
            element.clear()
            if isinstance(parent, bytes) and parent not in reachable:
                orphans.add(parent)
    return changed


def pydyf_merge_links(pdf: Any) -> int:
    """One link annotation where WeasyPrint writes one for a link's block and one for each
    box inside it (a contents entry: its line, title, leader and page number, seven in all):
    annotations of one page with the same target that overlap become one, with their places
    in the structure (``/OBJR``, parent-tree keys) left out. How many were left out."""
    import pydyf

    removed: set[bytes] = set()
    for page in pydyf_pages(pdf):
        annotations = pydyf_object(pdf, page.get("Annots"))
        if not isinstance(annotations, list) or len(annotations) < 2:
            continue
        found = []
        for reference in annotations:
            annotation = pydyf_object(pdf, reference)
            if not isinstance(annotation, dict) or annotation.get("Subtype") != "/Link":
                continue
            target = annotation.get("Dest") or pydyf_object(pdf, annotation.get("A"))
            key = _link_target(pdf, target)
            rect = [float(value) for value in annotation.get("Rect", ())]
            if key is None or len(rect) != 4:
                continue
            box = (
                min(rect[0], rect[2]),
                min(rect[1], rect[3]),
                max(rect[0], rect[2]),
                max(rect[1], rect[3]),
            )
            found.append((reference, key, box))
        # Those of one target that touch one another become the largest, grown to hold them
        # (an entry's title overflowing its line, on the other side of the page, too).
        found.sort(key=lambda item: -_area(item[2]))
        inner = set()
        for index, (reference, key, box) in enumerate(found):
            if reference in inner:
                continue
            union = box
            for other, other_key, other_box in found[index + 1 :]:
                if other not in inner and other_key == key and _touch(union, other_box):
                    inner.add(other)
                    union = _union(union, other_box)
            if union != box:
                annotation = pydyf_object(pdf, reference)
                annotation["Rect"] = pydyf.Array([round(value, 6) for value in union])
        if inner:
            annotations[:] = [item for item in annotations if item not in inner]
            removed |= inner
    if not removed:
        return 0
    # Their object references (/OBJR) in the structure, and their parent-tree keys.
    for item in pdf.objects:
        if isinstance(item, dict) and isinstance(item.get("K"), list):
            kids = item["K"]
            kept = []
            for kid in kids:
                child = pydyf_object(pdf, kid)
                if (
                    isinstance(child, dict)
                    and child.get("Type") == "/OBJR"
                    and child.get("Obj") in removed
                ):
                    child.clear()
                    continue
                kept.append(kid)
            if len(kept) != len(kids):
                kids[:] = kept
    root = pydyf_object(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is not None:
        tree = pydyf_object(pdf, root.get("ParentTree"))
        numbers = tree.get("Nums") if isinstance(tree, dict) else None
        if isinstance(numbers, list):
            keys = {pydyf_object(pdf, reference).get("StructParent") for reference in removed}
            pairs = [
                (key, value)
                for key, value in zip(numbers[0::2], numbers[1::2], strict=False)
                if key not in keys
            ]
            numbers[:] = [part for pair in pairs for part in pair]
    for reference in removed:
        pydyf_object(pdf, reference).clear()
    return len(removed)


def _link_target(pdf: Any, target: Any) -> str | None:
    if isinstance(target, dict):
        target = target.get("URI")
    if target is None:
        return None
    return bytes(getattr(target, "data", b"") or str(target).encode()).decode("latin-1")


Box = tuple[float, float, float, float]


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _touch(one: Box, other: Box) -> bool:
    """Whether two boxes overlap (a point of slack: a line's boxes differ by that much)."""
    slack = 1.0
    return (
        one[0] - slack <= other[2]
        and other[0] - slack <= one[2]
        and one[1] - slack <= other[3]
        and other[1] - slack <= one[3]
    )


def _union(one: Box, other: Box) -> Box:
    return (
        min(one[0], other[0]),
        min(one[1], other[1]),
        max(one[2], other[2]),
        max(one[3], other[3]),
    )


def set_stream_data(stream: Any, data: bytes, **entries: Any) -> None:
    """Replace a pydyf stream's content (and set entries of its dictionary)."""
    stream.stream = [data]
    stream.extra.update(entries)


# pikepdf: the kind of an object, read without the cost of isinstance on pikepdf's classes.


@cache
def _kinds() -> dict[Any, str]:
    import pikepdf

    return {member: name for name, member in pikepdf.ObjectType.__members__.items()}


def object_kind(item: Any) -> str:
    """``stream``, ``dictionary``, ``array``, ``name_``, ``string`` or another pikepdf
    ObjectType's name."""
    return _kinds()[item._type_code]


# WeasyPrint: raster images a process keeps for the documents it lays out next (``_images``).


def raster_image(value: Any) -> bool:
    """Whether an entry of WeasyPrint's image cache is a raster image drawn at its own
    resolution (no ``dpi`` option): one that another document can draw as it is."""
    from weasyprint.images import RasterImage

    return isinstance(value, RasterImage) and not value._dpi


def detach_image(image: Any) -> None:
    """Make a raster image that one document loaded drawable by the next: its data in a dict
    of its own (not in that document's cache, which it would keep alive), and its PDF object
    (PNG data encoded again by WeasyPrint for every document) made once, then copied."""
    from weasyprint.images import LazyImage

    own: dict[str, Any] = {}
    data = image.image_data
    if isinstance(data, LazyImage):
        image.image_data = LazyImage(own, data._key, data.data)
    image._cache = own
    make = image.get_x_object
    made: dict[bool, Any] = {}

    def get_x_object(interpolate: bool, dpi_ratio: float) -> Any:
        if dpi_ratio != 1:  # a thumbnail: WeasyPrint makes it (and keeps it as its data)
            return make(interpolate, dpi_ratio)
        if interpolate not in made:
            made[interpolate] = _stream_copy(make(interpolate, dpi_ratio))
        return _stream_copy(made[interpolate])

    image.get_x_object = get_x_object


def _stream_copy(stream: Any) -> Any:
    """A new pydyf stream with the same bytes and entries (a PDF writer numbers the objects
    it is given and replaces an image's ``SMask`` by a reference)."""
    import pydyf

    extra = pydyf.Dictionary(stream.extra)
    if isinstance(extra.get("SMask"), pydyf.Stream):
        extra["SMask"] = _stream_copy(extra["SMask"])
    items = [item.data if isinstance(item, pydyf.Object) else item for item in stream.stream]
    return pydyf.Stream(items, extra, stream.compress)


# The process's state that renders share, per thread.

_local = threading.local()


def per_thread(key: str, make: Callable[[], Any]) -> Any:
    """One ``make()`` per thread and process (a forked worker makes its own): WeasyPrint's font
    configuration and the stylesheets registered with it are not shared between threads."""
    made = getattr(_local, "made", None)
    if made is None or _local.process != os.getpid():
        made = _local.made = {}
        _local.process = os.getpid()
    if key not in made:
        made[key] = make()
    return made[key]


# WeasyPrint: justified lines, for kashida (elongations drawn in place of stretched spaces).


def kashida_wanted(page: Any) -> bool:
    """Whether the document asks for kashida (class ``kashida`` on its root element)."""
    return any(
        getattr(box, "element_tag", None) == "html" and "kashida" in _classes(box)
        for box in page._page_box.children
    )


def merge_leaders(page: Any) -> int:
    """Each leader (``content: leader(".")``) of the page drawn as one text box: WeasyPrint
    lays it out as a copy of its text for every step of its width, each drawn as a text
    object of its own (a contents entry's dots cost more than its title). The copies abut,
    so one box of their texts draws the same glyphs in the same places. How many were."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.line_break import create_layout, line_size

    merged = 0
    for box in _walk(page, lambda found: bool(getattr(found, "is_leader", False))):
        copies = sorted(getattr(box, "children", ()), key=lambda child: child.position_x)
        if not getattr(box, "is_leader", False) or len(copies) < 2:
            continue
        first = copies[0]
        if not all(
            isinstance(child, boxes.TextBox)
            and child.text == first.text
            and abs(child.position_x - (first.position_x + index * first.width)) < 1e-3
            for index, child in enumerate(copies)
        ):
            continue
        text = first.text * len(copies)
        layout = create_layout(text, first.style, None, None, 0)
        line, _ = layout.get_first_line()
        width, _ = line_size(line, first.style)
        layout.deactivate()
        if abs(width - first.width * len(copies)) > 1e-3:  # kerned: the steps would move
            continue
        one = first.copy_with_text(text)
        one.pango_layout = layout
        one.width = first.width * len(copies)
        box.children = (one,)
        merged += 1
    return merged


def justified_text_boxes(page: Any) -> Iterator[Any]:
    """The page's text boxes whose spaces justification stretched, right to left only."""
    from weasyprint.formatting_structure import boxes

    for box in _walk(page, lambda _box: False):
        if (
            isinstance(box, boxes.TextBox)
            and box.justification_spacing > 0
            and box.style["direction"] == "rtl"
        ):
            yield box


def expandable_spaces(text: str) -> int:
    """The spaces WeasyPrint stretches to justify a line (``count_expandable_spaces``)."""
    return text.count(" ") + text.count("\u00a0")


def natural_width(text: str, style: Any) -> float:
    """The width ``text`` takes on one line in ``style``, spaces unstretched."""
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, None, None, 0)
    line, _ = layout.get_first_line()
    width, _ = line_size(line, style)
    layout.deactivate()
    return float(width)


def draw_text_instead(box: Any, drawn: str, copied: str, spacing: float) -> None:
    """Draw ``drawn`` in place of the text box's own text, its spaces stretched by
    ``spacing``; the glyphs' text is read from ``copied`` (as long as ``drawn`` in UTF-8,
    character for character), so what was only drawn can copy as nothing."""
    from weasyprint.text.line_break import create_layout

    layout = create_layout(drawn, box.style, None, None, spacing)
    layout.__class__ = _drawn_layout()
    layout.drawn, layout.copied = drawn, copied
    layout.deactivate()
    box.pango_layout = layout
    box.justification_spacing = spacing


@cache
def _drawn_layout() -> type:
    """A WeasyPrint layout that shapes one text and reports another to the glyph recorder
    (WeasyPrint reads a glyph's text from ``layout.text`` when it draws)."""
    from weasyprint.text.line_break import Layout

    class DrawnLayout(Layout):  # type: ignore[misc]
        drawn: str
        copied: str

        def reactivate(self, style: Any) -> None:
            self.setup(style)
            self.set_text(self.drawn, justify=True)
            self.text = self.copied

    return DrawnLayout
