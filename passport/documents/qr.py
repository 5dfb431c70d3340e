"""QR codes as inline SVG: crisp at any size, printable, and no image files to serve."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from markupsafe import escape
from markupsafe import Markup


def qr_svg(data: str, *, label: str, error_correction: int = qrcode.constants.ERROR_CORRECT_M) -> Markup:
    """An ``<svg role="img">`` QR code of ``data`` whose accessible name is ``label`` (say what
    it is for; screen readers cannot read the pattern). The caller sizes it with CSS."""
    svg_image = qrcode.image.svg.SvgPathImage
    code = qrcode.QRCode(error_correction=error_correction, border=4, image_factory=svg_image)
    code.add_data(data)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="qr" ', 1)
    # The XML prolog is not allowed inside HTML, and the library's fixed id="qr-path" would
    # repeat when a page shows several codes.
    svg = svg.replace(' id="qr-path"', "")
    return Markup(svg[svg.index("<svg") :])
