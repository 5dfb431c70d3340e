"""PDFs from HTML with WeasyPrint: nothing fetched from the network, the same bytes every time.

Every document the app prints (the CV, the leavers' folder, a plain test page) goes through
``render_pdf``. Its contract:

* **Fetches nothing it was not given.** ``StaticOnlyFetcher`` serves only files under the app's
  ``static/`` folder, named ``static:<path>`` in the template (``static:pdf/document.css``), and
  ``data:`` URIs (a QR code, a re-encoded certificate image). Any other URL, ``http``, ``file``
  or a path out of ``static/``, is refused: WeasyPrint leaves that resource out and logs it,
  and ``render_pdf`` raises ``BlockedFetch`` (issue 9, item 5). User text reaches a template
  only through Jinja's autoescaping, so it cannot add a URL, an element or a style.
* **Byte-identical for the same record.** The PDF's file identifier is a hash of the HTML, and
  the creation and modification dates come from the template's ``dcterms.created`` and
  ``dcterms.modified`` meta tags (the record's own dates), never from the clock
  (domain/requirements.md, item 27).
* **Tagged.** PDF/UA-1, so a screen reader reads the structure (headings, lists, tables,
  images' alternative text) in order.

Plain values in, bytes out: no Flask here (``static_root`` is passed in).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher
from weasyprint.urls import URLFetcherResponse

STATIC_SCHEME = "static:"
PDF_VARIANT = "pdf/ua-1"
# What a document may load from static/: its styles, fonts and images. No scripts.
_ALLOWED_SUFFIXES = {".css", ".png", ".jpg", ".jpeg", ".svg", ".woff", ".woff2", ".ttf", ".otf"}
_LOGGER = logging.getLogger("weasyprint")


class BlockedFetch(RuntimeError):
    """A document asked for a resource that the fetcher refused."""


class StaticOnlyFetcher(URLFetcher):
    """Serve ``static:<path>`` from ``static_root`` and ``data:`` URIs; refuse everything else."""

    def __init__(self, static_root: Path):
        super().__init__(allowed_protocols=("static", "data"), allow_redirects=False, timeout=1)
        self.static_root = Path(static_root).resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        try:
            if url.startswith("data:"):
                return super().fetch(url, headers)  # urllib's DataHandler: no network
            if url.startswith(STATIC_SCHEME):
                return self._static(url[len(STATIC_SCHEME):])
            raise ValueError(f"documents fetch nothing from outside the app: {url[:80]}")
        except Exception:
            self.refused.append(url[:200])
            raise

    def _static(self, name: str) -> URLFetcherResponse:
        name = name.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        path = (self.static_root / name).resolve()
        if not path.is_relative_to(self.static_root) or not path.is_file():
            raise ValueError(f"no such static file: {name[:80]}")
        if path.suffix.lower() not in _ALLOWED_SUFFIXES:
            raise ValueError(f"documents load no {path.suffix or 'extensionless'} files")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(STATIC_SCHEME + name, path.read_bytes(), {"Content-Type": content_type})


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: str, *, static_root: Path) -> bytes:
    """The PDF of ``html`` (a whole document from a template). Raises ``BlockedFetch`` if the
    document asked for anything the fetcher refused, so a template that points at the network
    fails its tests instead of printing a page with a hole in it."""
    return render_document(html, static_root=static_root)[0]


def render_document(html: str, *, static_root: Path) -> tuple[bytes, dict[str, int]]:
    """As ``render_pdf``, with the page (0-based) on which each element with an ``id`` begins:
    the leavers' folder lays uploaded PDFs onto the pages it saved for them."""
    fetcher = StaticOnlyFetcher(static_root)
    warnings = _Collect()
    _LOGGER.addHandler(warnings)
    try:
        document = HTML(string=html, url_fetcher=fetcher, base_url=None).render(pdf_variant=PDF_VARIANT)
        anchors = {name: number for number, page in enumerate(document.pages) for name in page.anchors}
        pdf = document.write_pdf(
            pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
            pdf_variant=PDF_VARIANT,
            uncompressed_pdf=False,
        )
    finally:
        _LOGGER.removeHandler(warnings)
    if fetcher.refused:
        raise BlockedFetch(f"refused: {', '.join(fetcher.refused)}; {'; '.join(warnings.messages)[:300]}")
    return pdf, anchors
