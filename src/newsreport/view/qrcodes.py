"""QR codes of source addresses, as inline vector SVG a phone can scan from paper."""

from __future__ import annotations

import segno
from markupsafe import Markup

MAX_QR_CHARS = 1000
"""Longer addresses get no QR code: a phone could not read one that dense from paper."""


def qr_svg(address: str) -> Markup | None:
    """An SVG QR code (medium error correction, 4-module quiet zone) sized by CSS, or None."""
    if len(address) > MAX_QR_CHARS:
        return None
    try:
        code = segno.make(address, error="m", micro=False)
    except segno.DataOverflowError:
        return None
    # segno writes only path data: no text of the address reaches the markup unescaped.
    return Markup(code.svg_inline(omitsize=True, dark="#000000", light="#ffffff"))
