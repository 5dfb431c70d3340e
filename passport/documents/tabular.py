"""Reports as CSV and XLSX (issue 11 item 6; requirements item 34: "CSV/Excel export"; no
Compass+ API is assumed).

Every text cell is neutralised against formula injection (OWASP "CSV Injection"): a cell a
spreadsheet would read as a formula, one starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, gets a leading apostrophe, so ``=HYPERLINK(...)`` typed as an organisation's
name stays text. In XLSX every text cell is also stored as a string, never a formula.

CSV is streamed a row at a time (constant memory whatever the number of rows); XLSX is written
by openpyxl's write-only workbook to a temporary file, not built in memory."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from collections.abc import Iterator
from datetime import date
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so Excel opens the CSV as UTF-8


def safe(value):
    """A cell's value as a spreadsheet may hold it: text that would start a formula is
    prefixed with an apostrophe; numbers, dates and booleans are kept; None is blank."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float, Decimal, date, datetime)):
        return value
    return safe(str(value))


def _csv_text(value) -> str:
    value = safe(value)
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV as text chunks (BOM, header, then about 500 rows a chunk)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe(h) for h in header])
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for n, row in enumerate(rows, start=1):
        writer.writerow([_csv_text(v) for v in row])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]):
    """A file object of an XLSX workbook with one sheet per (title, header, rows)."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append([_cell(sheet, h) for h in header])
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(spool)
    spool.seek(0)
    return spool


def _cell(sheet, value):
    value = safe(value)
    if isinstance(value, Decimal):
        value = float(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text
    return cell
