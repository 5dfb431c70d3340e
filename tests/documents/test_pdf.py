"""The PDF renderer's contract (passport/documents/pdf.py): nothing fetched from outside the
app's static files (issue 9, item 5), the same bytes for the same HTML (domain/requirements.md,
item 27), and a tagged PDF read back with pypdf."""

from io import BytesIO
from pathlib import Path

import pytest
from passport.documents.pdf import BlockedFetch
from passport.documents.pdf import render_pdf
from pypdf import PdfReader

STATIC = Path(__file__).resolve().parents[2] / "static"
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def document(body: str, modified: str = "2026-03-10") -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A test page</title>'
        '<meta name="dcterms.created" content="2026-03-01">'
        f'<meta name="dcterms.modified" content="{modified}">'
        '<link rel="stylesheet" href="static:pdf/document.css"></head>'
        f"<body><h1>Hello</h1>{body}</body></html>"
    )


def test_a_document_with_its_stylesheet_and_an_inline_image_reads_back_as_tagged_a4():
    pdf = render_pdf(document(f'<p>World</p><img alt="a dot" src="{PIXEL}">'), static_root=STATIC)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Hello" in text and "World" in text
    assert "Page 1 of 1" in text  # the stylesheet's footer: it was loaded
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA-1)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_the_same_html_gives_the_same_bytes_and_its_dates_come_from_the_record():
    first = render_pdf(document("<p>Same</p>"), static_root=STATIC)
    assert render_pdf(document("<p>Same</p>"), static_root=STATIC) == first
    info = PdfReader(BytesIO(first)).metadata
    assert info["/ModDate"].startswith("D:20260310")
    assert render_pdf(document("<p>Same</p>", modified="2026-03-11"), static_root=STATIC) != first


@pytest.mark.parametrize(
    "element",
    [
        '<img alt="" src="http://example.com/tracker.png">',
        '<img alt="" src="https://example.com/tracker.png">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<img alt="" src="static:../pyproject.toml">',
        '<img alt="" src="static:/../../etc/hostname">',
        '<link rel="stylesheet" href="static:js/htmx.min.js">',
        '<img alt="" src="ftp://example.com/x.png">',
        '<div style="background: url(http://example.com/x.png)">x</div>',
    ],
)
def test_anything_outside_the_apps_static_files_is_refused(element):
    with pytest.raises(BlockedFetch):
        render_pdf(document(element), static_root=STATIC)
