"""The structure tree of a PDF assembled from parts: a tagged PDF read as one document.

WeasyPrint tags each page on its own: the Document element holds, for every page, the
elements laid out on it (an article running over three pages is three ``/Art`` elements),
and each page and link keys into one parent tree. The assembly keeps the pages it copies, so
it keeps their elements: ``Structure`` gathers them under one Document element in the
result's page order, and gives every page and link a new key in one flat parent tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import pikepdf

from ._pdf_writer import PdfWriter, Reference
from ._pdf_writer import entries as serialize_entries


class Source(Protocol):
    """A PDF whose objects the assembly copies (``_assemble._Source``)."""

    pdf: pikepdf.Pdf
    structure: SourceTree | None
    """Its tree, once read (it goes with the source when the assembly is done with it)."""

    def reference(self, item: pikepdf.Object) -> bytes: ...

    def value(self, item: pikepdf.Object) -> bytes: ...

    def alias(self, item: pikepdf.Object, number: Reference) -> None: ...


class SourceTree:
    """One source's structure: its top-level elements by page, its parent tree."""

    def __init__(self, root: pikepdf.Object, document: pikepdf.Object) -> None:
        self.tops: dict[tuple[int, int] | None, list[pikepdf.Object]] = {}
        kids = document.get("/K", pikepdf.Array())
        for element in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if not isinstance(element, pikepdf.Dictionary) or not _holds_content(element):
                continue  # a part's element holding nothing: its running strings' block
            page = element.get("/Pg")
            key = page.objgen if page is not None else None
            self.tops.setdefault(key, []).append(element)
        self.parents: dict[int, pikepdf.Object] = {}
        tree = root.get("/ParentTree")
        if tree is not None:
            _read_numbers(tree, self.parents)


def _holds_content(element: pikepdf.Object) -> bool:
    kids = element.get("/K")
    return kids is not None and not (isinstance(kids, pikepdf.Array) and not len(kids))


def _read_numbers(node: pikepdf.Object, found: dict[int, pikepdf.Object], depth: int = 0) -> None:
    """The entries of a number tree, into ``found``."""
    numbers = node.get("/Nums")
    if numbers is not None:
        for index in range(0, len(numbers) - 1, 2):
            found[int(numbers[index])] = numbers[index + 1]
    if depth < 32:
        for kid in node.get("/Kids", ()):
            _read_numbers(kid, found, depth + 1)


class Structure:
    """The result's structure tree, gathered page by page as the pages are copied."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.root = self.document = Reference(0)
        """Reserved when a source has a tree."""
        self.tagged = False
        """Whether any source had a structure tree (then ``write`` must be called)."""
        self._elements: list[bytes] = []
        self._parents: list[bytes] = []
        self._next = 0
        self._entries: tuple[bytes, bytes] | None = None
        """The first tree's root and Document entries (role map, language…)."""

    def adopt(self, source: Source) -> None:
        """Read a source's tree, once: its root and Document element become the result's
        (so that its elements' parents are the result's Document element)."""
        if source.structure is not None:
            return
        root = source.pdf.Root.get("/StructTreeRoot")
        kids = root.get("/K") if root is not None else None
        document = kids[0] if isinstance(kids, pikepdf.Array) and len(kids) else kids
        if not isinstance(document, pikepdf.Dictionary):
            return
        if not self.tagged:
            self.tagged = True
            self.root, self.document = self.writer.reserve(), self.writer.reserve()
        source.alias(root, self.root)
        source.alias(document, self.document)
        if self._entries is None:
            reference: Callable[[pikepdf.Object], bytes] = source.reference
            self._entries = (
                serialize_entries(
                    root, reference, ("/Type", "/K", "/ParentTree", "/ParentTreeNextKey")
                ),
                serialize_entries(document, reference, ("/Type", "/K", "/P")),
            )
        source.structure = SourceTree(root, document)

    def page(self, source: Source, page: pikepdf.Object) -> None:
        """Before ``page`` (of ``source``) is written: its elements taken in, its own and its
        links' keys in the parent tree moved past those taken so far (in the source's
        objects, which are copied from there)."""
        tree = source.structure
        if tree is None:
            return
        if "/StructParents" in page:
            page.StructParents = self._parent(source, tree, int(page.StructParents))
        for annotation in page.get("/Annots", ()):
            if isinstance(annotation, pikepdf.Dictionary) and "/StructParent" in annotation:
                annotation.StructParent = self._parent(source, tree, int(annotation.StructParent))
        for element in tree.tops.get(page.objgen, ()):
            self._elements.append(source.reference(element))

    def _parent(self, source: Source, tree: SourceTree, old: int) -> int:
        new = self._next
        self._next += 1
        value = tree.parents.get(old)
        if value is not None:
            self._parents.append(b"%d %s" % (new, source.value(value)))
        return new

    def write(self) -> None:
        """The root and the Document element, once every page was copied."""
        if not self.tagged:
            return
        root_entries, document_entries = self._entries or (b"", b"")
        self.writer.add(
            b"<</Type/StructElem%s/P %d 0 R/K[%s]>>"
            % (document_entries, self.root, b" ".join(self._elements)),
            self.document,
        )
        self.writer.add(
            b"<</Type/StructTreeRoot%s/K[%d 0 R]/ParentTree<</Nums[%s]>>/ParentTreeNextKey %d>>"
            % (root_entries, self.document, b" ".join(self._parents), self._next),
            self.root,
        )
