"""Ledger files for the import tests: rows as {header: value}, written as .xlsx (openpyxl, as a
clerk's Excel would hold them) or .csv in a given encoding."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.core.files import File
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook

from imports import layout, services
from imports.models import ImportJob
from tests.factories import credit_code, resident_id

HEADERS = [c.header for c in layout.COLUMNS]


def person_id(n: int, *, old: bool = False) -> str:
    """A valid resident ID of person ``n`` (distinct birth dates), or its 15-digit first-generation form."""
    born = dt.date(1960, 1, 1) + dt.timedelta(days=n)
    if old:
        return f"130129{born:%y%m%d}{n % 1000:03d}"
    return resident_id(born=born, seq=n % 1000)


def case_row(seq: int, *, year: int = 2021, **overrides) -> dict:
    """A valid open case of 赞皇县人民法院 (冀0129): one applicant, one respondent."""
    row = {
        "案号": f"（{year}）冀0129执{seq}号",
        "立案日期": dt.date(year, 3, 4),
        "案由": "民间借贷纠纷",
        "申请执行标的（元）": "85000.00",
        "执行依据文号": f"（{year - 1}）冀0129民初{seq}号",
        "执行依据种类": "判决书",
        "执行依据作出机构": "赞皇县人民法院",
        "执行依据生效日期": dt.date(year - 1, 12, 20),
        "履行期限届满日": dt.date(year - 1, 12, 30),
        "申请执行人": f"申请人{seq}",
        "申请执行人证件号码": person_id(2 * seq),
        "申请执行人联系电话": "13803110001",
        "被执行人": f"被执行人{seq}",
        "被执行人证件号码": person_id(2 * seq + 1),
        "被执行人住所地": "河北省赞皇县赞皇镇",
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not None}


def company_id(n: int) -> str:
    return credit_code(n)


def write_xlsx(path: Path, rows: list[dict], headers: list[str] | None = None) -> Path:
    headers = headers or HEADERS
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    book.save(path)
    return path


def write_csv(path: Path, rows: list[dict], *, encoding: str = "utf-8-sig", headers: list[str] | None = None) -> Path:
    headers = headers or HEADERS
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_text(row.get(h)) for h in headers])
    return path


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def upload(path: Path, *, actor, court, dry_run: bool = False) -> ImportJob:
    with open(path, "rb") as handle:
        return services.import_job_create(actor=actor, court=court, upload=File(handle, name=path.name),
                                          dry_run=dry_run, enqueue=False)


def run_import(path: Path, *, actor, court, dry_run: bool = False) -> ImportJob:
    """Upload and run the job in this process (what the Celery task and the command do)."""
    job = upload(path, actor=actor, court=court, dry_run=dry_run)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def zh(msgid: str, **params) -> str:
    """A message as the import writes it (the UI language, zh-hans)."""
    with translation.override("zh-hans"):
        text = gettext(msgid)
    return text % params if params else text


def reasons(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(row, column, reason) for row, column, _value, reason in job.errors]
