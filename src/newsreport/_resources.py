"""Where the package's own templates and fonts are, installed or in a source checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .errors import NewsreportError


def package_data_dir(name: str) -> Path:
    """The ``templates`` or ``fonts`` folder: inside the installed package, else the checkout's."""
    packaged = files(__package__).joinpath(name)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    # Editable installs and plain checkouts keep both folders at the top of the repository.
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise NewsreportError(f"newsreport's {name} folder is missing from this installation")


def templates_dir() -> Path:
    """The built-in Jinja templates."""
    return package_data_dir("templates")


def fonts_dir() -> Path:
    """The bundled fonts and their licences."""
    return package_data_dir("fonts")


FONT_FILES: tuple[tuple[str, int, str], ...] = (
    ("Amiri", 400, "amiri/Amiri-Regular.ttf"),
    ("Amiri", 700, "amiri/Amiri-Bold.ttf"),
    ("Noto Serif", 400, "noto-serif/NotoSerif-Regular.ttf"),
    ("Noto Serif", 700, "noto-serif/NotoSerif-Bold.ttf"),
    ("Frank Ruhl Libre", 400, "frank-ruhl-libre/FrankRuhlLibre-Regular.ttf"),
    ("Frank Ruhl Libre", 700, "frank-ruhl-libre/FrankRuhlLibre-Bold.ttf"),
    ("Noto Sans Symbols 2", 400, "noto-symbols/NotoSansSymbols2-Regular.ttf"),
    ("Noto Sans Symbols", 400, "noto-symbols/NotoSansSymbols-Regular.ttf"),
    ("Noto Sans Math", 400, "noto-symbols/NotoSansMath-Regular.ttf"),
    ("Noto Emoji", 400, "noto-symbols/NotoEmoji-Regular.ttf"),
)
"""The bundled faces: Amiri for Arabic script, Noto Serif for Latin, Frank Ruhl Libre for Hebrew;
then symbols, arrows, math and monochrome emoji (one weight: bold is drawn from it)."""

SYMBOL_FAMILIES = ("Noto Sans Symbols 2", "Noto Sans Symbols", "Noto Sans Math", "Noto Emoji")
"""The faces that close every stack: what scraped news carries besides letters (✓ ① ≠ 😀)."""

FONT_STACKS: dict[str, tuple[str, ...]] = {
    "arabic": ("Amiri", "Noto Serif", "Frank Ruhl Libre", *SYMBOL_FAMILIES),
    "latin": ("Noto Serif", "Amiri", "Frank Ruhl Libre", *SYMBOL_FAMILIES),
    "hebrew": ("Frank Ruhl Libre", "Noto Serif", "Amiri", *SYMBOL_FAMILIES),
}
"""Font families by script, the script's own first: each ends in the other bundled faces, so
no character reaches a system font. The stylesheet and the running-head fitting both use it."""
