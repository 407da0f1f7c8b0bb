"""Tagged PDF by default: the structure screen readers, reflow and search use, with each
article's language, the same whether the document was laid out in one piece or in parts."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from newsreport import load_articles, render_pdf

from .conftest import EXAMPLES
from .pdfread import pdfium_text


def _signature(element: pikepdf.Object) -> str:
    """An element's role and language, with its children's, recursively."""
    kids = element.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    inner = [
        _signature(kid) for kid in items if isinstance(kid, pikepdf.Dictionary) and "/S" in kid
    ]
    lang = f"@{element.Lang}" if "/Lang" in element else ""
    return f"{element.S}{lang}" + (f"({','.join(inner)})" if inner else "")


def _structure(path: Path) -> list[tuple[int, str]]:
    """Each top-level element's page and signature, in order."""
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        assert document.S == "/Document"
        return [(pages[element.Pg.objgen], _signature(element)) for element in document.K]


def _parent_tree_is_whole(path: Path) -> None:
    """Every page and link has its key in the parent tree, each key once."""
    with pikepdf.open(path) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert len(keys) == len(set(keys))
        wanted = []
        for page in pdf.pages:
            wanted.append(int(page.obj.StructParents))
            for annotation in page.obj.get("/Annots", ()):
                if "/StructParent" in annotation:
                    wanted.append(int(annotation.StructParent))
        assert sorted(wanted) == sorted(keys)
        following = pdf.Root.StructTreeRoot.get("/ParentTreeNextKey")
        assert following is None or int(following) > max(keys)


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tagged")
    articles = load_articles(EXAMPLES)
    one = render_pdf(articles, folder / "one.pdf", workers=1, cache=False)
    parts = render_pdf(articles, folder / "parts.pdf", workers=2, cache=False)
    assert not [warning for warning in parts.warnings if "one piece" in warning]
    return one.output, parts.output


def test_the_default_pdf_is_tagged_with_each_articles_language(renders):
    one, _ = renders
    with pikepdf.open(one) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "ar"
    structure = _structure(one)
    articles = [signature for _, signature in structure if signature.startswith("/Art")]
    languages = {signature.split("(")[0] for signature in articles}
    # The Persian, English, Hebrew and Vietnamese articles say so; the Arabic ones inherit.
    assert {"/Art@fa", "/Art@en", "/Art@he", "/Art@vi", "/Art"} <= languages
    assert any("/H1" in signature and "/P" in signature for signature in articles)
    assert any("/Figure" in signature and "/Caption" in signature for signature in articles)
    assert any("/L(" in signature for _, signature in structure)  # the contents, as a list
    _parent_tree_is_whole(one)
    # Each line's text is its block's own marked content, not a /Span element per line.
    with pikepdf.open(one) as pdf:
        leaves = [
            item
            for item in pdf.objects
            if isinstance(item, pikepdf.Dictionary)
            and item.get("/S") == "/Span"
            and set(item.keys()) <= {"/Type", "/S", "/K", "/P", "/Pg"}
            and all(isinstance(kid, int) for kid in item.K)
        ]
        blocks = sum(
            1 for item in pdf.objects if isinstance(item, pikepdf.Dictionary) and "/S" in item
        )
    assert not leaves and blocks < 400


def test_parts_have_the_structure_and_text_of_one_render(renders):
    one, parts = renders
    assert _structure(parts) == _structure(one)
    _parent_tree_is_whole(parts)
    # Chrome's text of every page, line for line (a broken graphics state on the contents
    # page once made PDFium read its lines backwards in parts only).
    assert pdfium_text(parts) == pdfium_text(one)
    with pikepdf.open(parts) as pdf:
        content = b"".join(
            stream.read_bytes()
            for page in pdf.pages[2:4]
            for stream in (
                page.obj.Contents
                if isinstance(page.obj.Contents, pikepdf.Array)
                else [page.obj.Contents]
            )
        )
        assert b"/Artifact BMC" in content  # the folios drawn at assembly


def test_untagged_when_asked(tmp_path):
    articles = load_articles(EXAMPLES)[:3]
    options = {"print": {"tagged": False}}
    path = render_pdf(articles, tmp_path / "plain.pdf", workers=1, options=options).output
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" not in pdf.Root


def _elements_in_tree(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    waiting = (
        list(pdf.Root.StructTreeRoot.K)
        if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array)
        else [pdf.Root.StructTreeRoot.K]
    )
    while waiting:
        element = waiting.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.objgen in found:
            continue
        found.add(element.objgen)
        kids = element.get("/K")
        waiting += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return found


@pytest.mark.parametrize("which", [0, 1], ids=["one", "parts"])
def test_running_heads_and_folios_are_artifacts(renders, which):
    """What the page margins show is an artifact, not structure out of the tree (PDF/UA):
    every element the parent tree names is in the tree."""
    with pikepdf.open(renders[which]) as pdf:
        in_tree = _elements_in_tree(pdf)
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        for index in range(1, len(nums), 2):
            value = nums[index]
            items = list(value) if isinstance(value, pikepdf.Array) else [value]
            for item in items:
                if isinstance(item, pikepdf.Dictionary):
                    assert item.objgen in in_tree
        contents = pdf.pages[4].Contents
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        body = b"".join(stream.read_bytes() for stream in streams)
        # The running heads and the folio: artifacts on a body page.
        assert len(re.findall(rb"/Artifact\s+BMC", body)) >= 2
