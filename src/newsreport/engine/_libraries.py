"""WeasyPrint finds Pango, HarfBuzz and fontconfig without launching programs.

WeasyPrint tries several names for each library (one per platform). cffi answers every name
that is not a file it can open by calling ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p`` and then ``gcc`` once per name: 54 programs, most of a second, in the build
and again in every worker process. On Linux the sonames WeasyPrint also tries
(``libpango-1.0.so.0``…) are opened directly, so no name needs a search (and a soname that
does not open, an optional library not installed, is not found by one either).
"""

from __future__ import annotations

import sys

PLATFORM_NAMES = frozenset(
    f"{prefix}{name}{suffix}"
    for name in (
        "gobject-2.0",
        "pango-1.0",
        "harfbuzz",
        "harfbuzz-subset",
        "harfbuzz-vector",
        "fontconfig",
        "pangoft2-1.0",
    )
    for prefix in ("", "lib")
    for suffix in (
        *("", "-0", "-1", "-0.0", ".so.0", ".so.1"),
        *(".0.dylib", ".dylib", ".1.dylib", ".0.0.dylib", "-0.dll", "-1.dll"),
    )
)
"""The names WeasyPrint tries for its libraries."""


def skip_library_search() -> None:
    """On Linux, answer WeasyPrint's other library names at once: not found."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes.util

    original = ctypes.util.find_library
    if getattr(original, "newsreport", False):
        return

    def find_library(name: str) -> str | None:
        if name in PLATFORM_NAMES:
            return None
        return original(name)

    find_library.newsreport = True  # type: ignore[attr-defined]
    ctypes.util.find_library = find_library


skip_library_search()
