"""Experiment: a newsreport PDF whose mixed right-to-left lines draw their runs in reading order.

    python benchmarks/fidelity.py --seeds ../shared/seeds --keep /tmp/fid
    python benchmarks/logical_runs.py /tmp/fid/newsreport.pdf /tmp/fid/logical.pdf
    python benchmarks/fidelity.py --seeds ../shared/seeds --also /tmp/fid/logical.pdf

WeasyPrint draws a line's glyphs from left to right. In a right-to-left line holding a
left-to-right run (``منظمة الأغذية (FAO) وعددٍ``), pypdf and MuPDF reverse each right-to-left
run in place but keep the runs in drawing order, so the word at the run's edge sticks to the
Latin word (``وتركّزتFAO``). Here each text object with more right-to-left than left-to-right
glyphs is redrawn run by run, rightmost run first, each from its own ``Tm``, glyphs and
positions unchanged: the page looks the same and the stream follows the reading order. Neutral
glyphs (spaces, brackets) join the left-to-right run only between two of its glyphs. This is
not what newsreport writes: ``docs/fidelity.md`` says what it costs in pdf.js and MuPDF.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Name, Operator

TEXT_OPERATORS = {"BT", "ET", "Tm", "Tf", "TJ", "Ts"}
"""What a text object may hold to be redrawn (WeasyPrint's lines hold nothing else)."""


@dataclass
class Glyph:
    """One glyph drawn: where, with what, and what it copies as."""

    x: float
    code: int
    font: str
    size: float
    rise: float
    text: str


@dataclass
class FontInfo:
    """What redrawing needs of a Type0 font: each code's text and advance."""

    texts: dict[int, str]
    widths: dict[int, float]
    default: float

    def advance(self, code: int, size: float) -> float:
        return self.widths.get(code, self.default) / 1000 * size


def to_unicode(font: Any) -> dict[int, str]:
    """Code → text, from the font's ToUnicode CMap (bfchar and bfrange entries)."""
    texts: dict[int, str] = {}
    stream = font.get("/ToUnicode")
    if stream is None:
        return texts
    cmap = stream.read_bytes().decode("latin-1")
    hex_pair = r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>"
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(hex_pair, block):
            texts[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    ranges = r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])"
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, target in re.findall(ranges, block):
            start, end = int(first, 16), int(last, 16)
            if target.startswith("["):
                for offset, text in enumerate(re.findall(r"<([0-9a-fA-F]*)>", target)):
                    texts[start + offset] = bytes.fromhex(text).decode("utf-16-be")
                continue
            base = bytes.fromhex(target[1:-1]).decode("utf-16-be")
            for offset in range(end - start + 1):
                texts[start + offset] = base[:-1] + chr(ord(base[-1]) + offset)
    return texts


def font_info(font: Any) -> FontInfo:
    """A Type0 font's texts and advances (``/W``, ``/DW``)."""
    descendant = font.DescendantFonts[0]
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", []))
    index = 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            for offset, width in enumerate(items[index + 1]):
                widths[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(items[index + 1]) + 1):
                widths[code] = float(items[index + 2])
            index += 3
    return FontInfo(to_unicode(font), widths, float(descendant.get("/DW", 1000)))


def direction(text: str) -> str:
    """``R``, ``L`` or ``N`` (neutral), by the first strong character of a glyph's text."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL", "AN"):
            return "R"
        if kind in ("L", "EN"):
            return "L"
    return "N"


def glyphs_of(block: list[Any], fonts: dict[str, FontInfo]) -> tuple[list[Glyph], list[float]]:
    """The glyphs a text object draws, and its text matrix (one ``Tm``)."""
    glyphs: list[Glyph] = []
    matrix: list[float] = []
    font, size, rise, x = "", 0.0, 0.0, 0.0
    for operands, operator in block:
        name = str(operator)
        if name == "Tm":
            matrix = [float(value) for value in operands]
            x = matrix[4]
        elif name == "Tf":
            font, size = str(operands[0]), float(operands[1])
        elif name == "Ts":
            rise = float(operands[0])
        elif name == "TJ":
            info = fonts[font]
            for item in operands[0]:
                if not isinstance(item, pikepdf.String):
                    x -= float(item) / 1000 * size
                    continue
                raw = bytes(item)
                for start in range(0, len(raw), 2):
                    code = int.from_bytes(raw[start : start + 2], "big")
                    glyphs.append(Glyph(x, code, font, size, rise, info.texts.get(code, "")))
                    x += info.advance(code, size)
    return glyphs, matrix


def runs_of(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by direction, left to right; a neutral glyph is left to right only
    between two left-to-right glyphs (the line is right to left)."""
    kinds = [direction(glyph.text) for glyph in glyphs]
    index = 0
    while index < len(kinds):
        if kinds[index] != "N":
            index += 1
            continue
        end = index
        while end < len(kinds) and kinds[end] == "N":
            end += 1
        left = kinds[index - 1] if index else "R"
        right = kinds[end] if end < len(kinds) else "R"
        kinds[index:end] = ["L" if left == right == "L" else "R"] * (end - index)
        index = end
    runs: list[list[Glyph]] = []
    previous = ""
    for glyph, kind in zip(glyphs, kinds, strict=True):
        if kind != previous:
            runs.append([])
            previous = kind
        runs[-1].append(glyph)
    return runs


def redrawn(block: list[Any], fonts: dict[str, FontInfo]) -> list[Any] | None:
    """A mixed right-to-left text object drawn run by run in reading order, or None."""
    names = [str(operator) for _, operator in block]
    if not set(names) <= TEXT_OPERATORS or names.count("Tm") != 1:
        return None
    if any(str(operands[0]) not in fonts for operands, op in block if str(op) == "Tf"):
        return None
    glyphs, matrix = glyphs_of(block, fonts)
    kinds = [direction(glyph.text) for glyph in glyphs]
    if not kinds.count("L") or kinds.count("R") <= kinds.count("L"):
        return None
    runs = runs_of(glyphs)
    out: list[Any] = [block[0]]
    font, size, rise = "", 0.0, None
    for run in reversed(runs):
        out.append(([*matrix[:4], run[0].x, matrix[5]], Operator("Tm")))
        pen = run[0].x
        shown: list[Any] = []
        for glyph in run:
            if (glyph.font, glyph.size) != (font, size) or glyph.rise != rise:
                if shown:
                    out.append(([Array(shown)], Operator("TJ")))
                    shown = []
                if (glyph.font, glyph.size) != (font, size):
                    font, size = glyph.font, glyph.size
                    out.append(([Name(font), size], Operator("Tf")))
                if glyph.rise != rise:
                    rise = glyph.rise
                    out.append(([rise], Operator("Ts")))
            if abs(glyph.x - pen) > 1e-4:
                shown.append(round(-(glyph.x - pen) * 1000 / glyph.size, 4))
            shown.append(pikepdf.String(glyph.code.to_bytes(2, "big")))
            pen = glyph.x + fonts[glyph.font].advance(glyph.code, glyph.size)
        if shown:
            out.append(([Array(shown)], Operator("TJ")))
    out.append(block[-1])
    return out


def rewrite(source: Path, target: Path) -> int:
    """Write ``target`` with the mixed lines of ``source`` redrawn; how many were."""
    count = 0
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            fonts = {
                str(name): font_info(font)
                for name, font in page.Resources.get("/Font", {}).items()
                if font.get("/Subtype") == "/Type0"
            }
            ops = pikepdf.parse_content_stream(page)
            out: list[Any] = []
            index = 0
            while index < len(ops):
                if str(ops[index][1]) != "BT":
                    out.append(ops[index])
                    index += 1
                    continue
                end = index
                while str(ops[end][1]) != "ET":
                    end += 1
                block = list(ops[index : end + 1])
                new = redrawn(block, fonts)
                count += new is not None
                out.extend(new if new is not None else block)
                index = end + 1
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        pdf.save(target)
    return count


def main(argv: list[str] | None = None) -> None:
    source, target = (Path(arg) for arg in (argv or sys.argv[1:]))
    print(f"{rewrite(source, target)} text objects redrawn in reading order: {target}")


if __name__ == "__main__":
    main()
