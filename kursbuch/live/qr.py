"""The join QR code: the participant URL as an inline SVG (segno: no dependencies, no network).

The SVG is an image with a German accessible name (role="img", aria-label); the URL and the join
code stand beside it as text, for anyone who cannot scan it.
"""

from __future__ import annotations

import segno


def qr_svg(url: str, scale: int = 8) -> str:
    """An inline ``<svg>`` of ``url`` (error correction M: readable from a projector at a distance)."""
    svg = segno.make(url, error="m").svg_inline(scale=scale, dark="#000", light="#fff", svgclass="kb-live-qr")
    # A name for assistive technology; the drawing itself says nothing.
    return svg.replace("<svg ", '<svg role="img" aria-label="QR-Code zum Mitmachen" ', 1)
