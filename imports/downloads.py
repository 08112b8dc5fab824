"""Downloads of the imports app, shared by the pages and the API: a job's error report (.csv or
.xlsx, every error whatever their number, streamed) and the ledger template."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from documents.views import attachment_header
from imports import selectors
from imports.models import ImportJob
from imports.services import ERROR_HEADERS
from imports.template import build_template
from reports.exports import XLSX, Column, xlsx_response

CSV = "text/csv; charset=utf-8"
ERROR_FORMATS = ("xlsx", "csv")


def error_report(job: ImportJob, file_format: str) -> HttpResponse:
    """All errors of ``job``: its CSV report as stored, or the same rows as a workbook."""
    name = _("Import %(id)d errors") % {"id": job.pk}
    if file_format == "csv" and job.error_file:
        response = FileResponse(job.error_file.open("rb"), content_type=CSV)
    elif file_format == "csv":  # errors kept on the job only (the report file was removed)
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(ERROR_HEADERS)
        writer.writerows(selectors.error_rows(job))
        response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type=CSV)
    else:
        columns = [Column(ERROR_HEADERS[0], 8), Column(ERROR_HEADERS[1], 22), Column(ERROR_HEADERS[2], 30),
                   Column(ERROR_HEADERS[3], 80)]
        rows = ([int(row) if str(row).isdigit() else row, column, value, reason]
                for row, column, value, reason in selectors.error_rows(job))
        heading = [_("%(court)s · import #%(id)d · %(file)s · %(n)d errors") % {
            "court": job.court.name, "id": job.pk, "file": job.original_name, "n": job.error_count}]
        return xlsx_response(f"{name}.xlsx", [(_("Errors"), columns, rows, heading)], fallback=f"import-{job.pk}-errors.xlsx")
    response["Content-Disposition"] = attachment_header(f"{name}.csv", fallback=f"import-{job.pk}-errors.csv")
    return response


def template(court) -> HttpResponse:
    response = HttpResponse(build_template(court), content_type=XLSX)
    response["Content-Disposition"] = attachment_header("执行案件台账导入模板.xlsx", fallback="ledger-import-template.xlsx")
    return response
