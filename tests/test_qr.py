"""QR codes render as accessible inline SVG that decodes back to what was put in."""

from passport.documents.qr import qr_svg


def test_qr_svg_is_inline_accessible_svg():
    svg = str(qr_svg("https://passport.example/c/ABCDEFGH.123.abcdefghijklmnop", label="Check-in code"))
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg and 'aria-label="Check-in code"' in svg
    assert "<?xml" not in svg
    assert "<path" in svg
    assert " id=" not in svg  # several codes on one page must not repeat an id


def test_the_label_is_escaped():
    assert 'aria-label="&lt;b&gt;"' in str(qr_svg("x", label="<b>"))


def _modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules the path's strokes cover, read back from its ``d``."""
    import re

    dark = set()
    d = svg.split(' d="')[1].split('"')[0]
    x = y = 0
    for op, a, b in re.findall(r"([Mmh])(-?\d+(?:\.5)?)(?: (-?\d+(?:\.5)?))?", d):
        if op == "M":
            x, y = int(a), int(float(b))
        elif op == "m":
            x += int(a)
        else:
            dark.update((x + i, y) for i in range(int(a)))
            x += int(a)
    return dark


def test_the_compact_path_draws_exactly_the_codes_modules():
    """Issue 7, item 9 (page weight): the one-path drawing is the same picture."""
    import qrcode

    url = "https://passport.example.org/verify/" + "eyJhY3Rpdml0eSI6IkNhcmVlcnMgdGFsayJ9" * 8
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=4)
    code.add_data(url)
    code.make(fit=True)
    expected = {(x, y) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row) if dark}
    svg = str(qr_svg(url, label="Proof", error_correction=qrcode.constants.ERROR_CORRECT_L))
    assert _modules(svg) == expected
    assert svg.count("<path") == 1 and " style=" not in svg


def test_a_proof_links_code_is_small():
    """Issue 7, item 9: about 26 KB per code before (one square per module), under 7 KB now."""
    import qrcode

    url = "https://passport.example.org/verify/" + "A" * 300
    assert len(qr_svg(url, label="Proof", error_correction=qrcode.constants.ERROR_CORRECT_L)) < 7000
