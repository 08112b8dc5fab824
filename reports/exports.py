"""Excel exports of report tables, streamed: rows come from an iterator (a queryset's ``.iterator()``),
are written by openpyxl's write-only workbook (which spills each row to a temporary file as it goes)
and the finished file is sent from disk. Memory stays flat whatever the number of rows: a
jurisdiction-wide export of every case holds one chunk of rows at a time, never the table.

Amounts are numbers with two places (the Decimal's digits, no float on the way), dates are Excel
dates, percentages are numbers formatted as percent, so the sheet can be summed and filtered."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from documents.views import attachment_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.00%"


@dataclass(frozen=True)
class Percent:
    """A share (0.4567) shown as 45.67 % in the sheet; None stays an empty cell."""

    value: Decimal | None


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 14


def _cell(sheet, value, *, bold: bool = False):
    cell = WriteOnlyCell(sheet)
    if isinstance(value, Percent):
        cell.value = value.value
        cell.number_format = PERCENT_FORMAT
    elif isinstance(value, Decimal):
        cell.value = value
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool):
        cell.value = "是" if value else "否"
    else:
        cell.value = "" if value is None else value
        if isinstance(value, str) and value.startswith("="):
            # Data is text, never a formula: a party called =HYPERLINK(…) must not become a live link.
            cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def write_sheet(book: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence], *,
                heading: Sequence[str] = ()) -> int:
    """Append a sheet to a write-only workbook; returns the number of data rows written."""
    sheet = book.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for line in heading:
        sheet.append([_cell(sheet, line, bold=False)])
    sheet.freeze_panes = f"A{len(heading) + 2}"
    sheet.append([_cell(sheet, column.title, bold=True) for column in columns])
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    return count


def xlsx_response(filename: str, sheets: Iterable[tuple[str, Sequence[Column], Iterable[Sequence], Sequence[str]]], *,
                  fallback: str) -> FileResponse:
    """A streamed .xlsx download of one or more sheets (title, columns, rows, heading lines)."""
    book = Workbook(write_only=True)
    for title, columns, rows, heading in sheets:
        write_sheet(book, title, columns, rows, heading=heading)
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    book.save(spool)
    spool.seek(0)
    response = FileResponse(spool, content_type=XLSX)
    response["Content-Disposition"] = attachment_header(filename, fallback=fallback)
    return response
