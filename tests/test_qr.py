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
