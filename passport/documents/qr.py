"""QR codes as inline SVG: crisp at any size, printable, and no image files to serve (so they
open offline with the page the service worker saved).

Issue 7, item 9 (last bullet): a verified entry's page was 60-70 KB, most of it the QR code,
drawn by the qrcode library as one square per dark module. Here each row's runs of dark
modules are one stroked line of a single ``<path>``, with relative moves: about a fifth of the
bytes, the same picture.
"""

from __future__ import annotations

import base64
import io

import qrcode
from markupsafe import escape
from markupsafe import Markup
from PIL import Image

BORDER = 4  # modules of quiet zone, as the QR standard asks


def runs(row: list[bool]) -> list[tuple[int, int]]:
    """``(start, length)`` of each run of dark modules in ``row``."""
    found, start = [], None
    for x, dark in enumerate([*row, False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            found.append((start, x - start))
            start = None
    return found


def path_data(matrix: list[list[bool]]) -> str:
    """The ``d`` of one path whose 1-wide horizontal strokes cover exactly the dark modules:
    ``M x y+.5`` at a row's first run, ``m gap 0`` to each next one, ``h length`` for each."""
    parts = []
    for y, row in enumerate(matrix):
        pen = None
        for start, length in runs(row):
            if pen is None:
                parts.append(f"M{start} {y}.5h{length}")
            else:
                parts.append(f"m{start - pen} 0h{length}")
            pen = start + length
    return "".join(parts)


def qr_svg(data: str, *, label: str, error_correction: int = qrcode.constants.ERROR_CORRECT_M) -> Markup:
    """An ``<svg role="img">`` QR code of ``data`` whose accessible name is ``label`` (say what
    it is for; screen readers cannot read the pattern). The caller sizes it with CSS. No id
    (a page may show several codes) and no style attribute (the CSP forbids them)."""
    code = qrcode.QRCode(error_correction=error_correction, border=BORDER)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # the quiet zone included
    size = len(matrix)
    return Markup(
        f'<svg role="img" aria-label="{escape(label)}" class="qr" width="{size}mm" height="{size}mm" '
        f'viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" stroke-width="1" fill="none" d="{path_data(matrix)}"/></svg>'
    )


def qr_png_data_uri(data: str, *, error_correction: int = qrcode.constants.ERROR_CORRECT_L) -> str:
    """A QR code of ``data`` as a ``data:`` PNG of one pixel per module, for printed documents:
    WeasyPrint draws an image (scaled with ``image-rendering: pixelated``, so edges stay sharp)
    far faster than a vector path of a thousand strokes, and a leavers' folder has dozens. The
    mask is fixed rather than chosen by scoring all eight (the library's slow part): any mask
    gives a valid code; scoring only makes some patterns a little easier for old scanners."""
    code = qrcode.QRCode(error_correction=error_correction, border=BORDER, mask_pattern=2)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
