"""The interest step table as an Excel workbook (openpyxl): the inputs, one row per line, the totals and
the conventions, ready to print on one landscape page width. Amounts are numbers shown with two places and
dates real Excel dates (not text), so that a clerk can check the sums and sort or count days in Excel; the
figures are the engine's (already rounded to the cent)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from documents import interest
from documents.labels import (
    ALLOCATION_CHOICES,
    LINE_KIND_LABELS,
    PAYMENT_RULE_LABELS,
    TERM_LABELS,
    conventions,
)

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def rate_text(line: interest.Line) -> str:
    if line.kind == interest.OLD_RULE:
        return _("%(rate)s%% a year × 2 ÷ 360 (%(term)s, from %(date)s)") % {
            "rate": line.annual_rate, "term": TERM_LABELS[line.term], "date": date_format(line.rate_effective, "DATE_FORMAT")}
    if line.kind == interest.NEW_RULE:
        return _("0.0175% a day")
    return "—"


def formula(line: interest.Line) -> str:
    """How the line's interest was computed, with the exact value before rounding: what a judge reads out."""
    if line.kind not in (interest.OLD_RULE, interest.NEW_RULE):
        return ""
    exact = Decimal(line.interest_exact.numerator) / Decimal(line.interest_exact.denominator)
    shown = exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    value = f"{shown:,.4f}" + ("…" if shown != exact else "")
    if line.kind == interest.OLD_RULE:
        text = f"{line.base:,.2f} × {line.annual_rate}% × 2 ÷ 360 × {line.days} = {value}"
    else:
        text = f"{line.base:,.2f} × 0.0175% × {line.days} = {value}"
    if line.continues:
        text += _(" (rounded together with the line above: same base, same rate)")
    return text


def payment_text(line: interest.Line) -> str:
    if not line.payment:
        return ""
    text = _("%(rule)s: principal %(principal)s, interest %(interest)s") % {
        "rule": PAYMENT_RULE_LABELS.get(line.allocation, ""), "principal": f"{line.to_principal:,.2f}",
        "interest": f"{line.to_interest:,.2f}"}
    if line.surplus:
        text += _(", paid over %(surplus)s") % {"surplus": f"{line.surplus:,.2f}"}
    return text


def step_rows(result: interest.InterestResult) -> list[dict]:
    """The lines with their words for the pages (rate, computation, how the payment was applied)."""
    return [{"line": line, "kind_label": LINE_KIND_LABELS[line.kind], "rate": rate_text(line), "formula": formula(line),
             "applied": payment_text(line)} for line in result.lines]


def workbook_title() -> str:
    """The sheet's name and the file's: 迟延履行利息计算表 (a sheet name holds at most 31 characters)."""
    return pgettext("excel workbook", "Late-performance interest table")[:31]


def interest_workbook(result: interest.InterestResult, *, heading: list[str] | None = None) -> bytes:
    """``heading``: lines above the inputs (court, case number, parties) when the table is a case's."""
    inp = result.input
    book = Workbook()
    sheet = book.active
    sheet.title = workbook_title()
    bold = Font(bold=True)
    row = 1
    sheet.cell(row, 1, _("Late-performance interest: step table")).font = Font(bold=True, size=14)
    row += 1
    for text in heading or []:
        sheet.cell(row, 1, text)
        row += 1
    allocation = dict(ALLOCATION_CHOICES)[inp.allocation]
    facts = [
        (_("Principal (yuan)"), inp.principal),
        (_("Performance deadline"), inp.deadline),
        (_("Delay from"), result.delay_first_day),
        (_("Calculate to"), inp.target_date),
        (_("Order in which payments are applied"), str(allocation)),
    ]
    if result.term:
        facts.append((_("Benchmark term before 2014-08-01"), str(TERM_LABELS[result.term.term])))
    for label, value in facts:
        sheet.cell(row, 1, label).font = bold
        _typed(sheet.cell(row, 3), value)
        row += 1
    row += 1
    # A context: these short words are column heads of the step table, not the same words elsewhere.
    headers = [pgettext("interest table", "No."), pgettext("interest table", "From"), pgettext("interest table", "To"),
               pgettext("interest table", "Days"), pgettext("interest table", "Base (unpaid principal)"),
               pgettext("interest table", "Rate"), pgettext("interest table", "Interest"),
               pgettext("interest table", "Computation"), pgettext("interest table", "Payment"),
               pgettext("interest table", "Applied"), pgettext("interest table", "Principal after"),
               pgettext("interest table", "Interest owed after")]
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row, column, text)
        cell.font, cell.border = bold, BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    header_row = row
    for line in result.lines:
        row += 1
        values = [line.number, line.start, line.end, line.days if line.start else None, line.base, rate_text(line),
                  line.interest, formula(line), line.payment or None, payment_text(line), line.principal_after,
                  line.interest_after]
        for column, value in enumerate(values, start=1):
            cell = _typed(sheet.cell(row, column), value)
            cell.border = BORDER
            if column in (6, 8, 10):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    row += 2
    totals = [
        (_("Doubled interest accrued"), result.interest_total),
        (_("of which before 2014-08-01"), result.old_rule_interest),
        (_("of which from 2014-08-01"), result.new_rule_interest),
        (pgettext("interest table", "Payments"), result.payments_total),
        (_("Applied to principal"), result.principal_paid),
        (_("Applied to interest"), result.interest_paid),
        (_("Paid over what was owed"), result.overpaid),
        (_("Principal outstanding"), result.principal_outstanding),
        (_("Interest outstanding"), result.interest_outstanding),
        (_("Amount due"), result.amount_due),
    ]
    for label, value in totals:
        sheet.cell(row, 1, label).font = bold
        _typed(sheet.cell(row, 5), value)
        row += 1
    sheet.cell(row - 1, 5).font = bold
    row += 1
    sheet.cell(row, 1, _("How it is computed")).font = bold
    for text in conventions():
        row += 1
        sheet.cell(row, 1, text)
    widths = [6, 12, 12, 7, 16, 34, 13, 40, 14, 40, 16, 16]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _typed(cell, value):
    """A date as an Excel date, an amount as a number with two places (the engine's Decimal, to the cent)."""
    if isinstance(value, Decimal):
        cell.value = value  # written as the decimal it is (openpyxl stores its digits, no float on the way)
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
    return cell
