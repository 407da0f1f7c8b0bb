"""QR codes of source addresses, as inline vector SVG a phone can scan from paper."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(address: str) -> Markup:
    """An SVG QR code (medium error correction, 4-module quiet zone) sized by CSS."""
    code = segno.make(address, error="m", micro=False)
    # segno writes only path data: no text of the address reaches the markup unescaped.
    return Markup(code.svg_inline(omitsize=True, dark="#000000", light="#ffffff"))
