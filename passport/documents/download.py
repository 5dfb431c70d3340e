"""How a document leaves the app: as a download, never cached (it holds a pupil's record)."""

from __future__ import annotations

import re

from flask import Response
from werkzeug.wsgi import wrap_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def attachment(data, filename: str, mimetype: str = "application/pdf") -> Response:
    """``data`` as a file download named ``filename`` (ASCII letters, digits, dots and dashes
    only, so no header can be injected through a name). ``data`` is bytes, an iterator of text
    or bytes (streamed as it is made), or a file object (sent in blocks and closed when the
    download ends, so a large temporary file is never read into memory)."""
    safe = re.sub(r"[^A-Za-z0-9.-]+", "-", filename).strip("-") or "document"
    if hasattr(data, "read"):
        from flask import request

        data = wrap_file(request.environ, data)
        response = Response(data, mimetype=mimetype, direct_passthrough=True)
    else:
        response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def pupil_filename(kind: str, first_name: str, last_name: str, suffix: str = "pdf") -> str:
    """``leavers-folder-Kai-Cooper.pdf``."""
    return f"{kind}-{first_name}-{last_name}.{suffix}"
