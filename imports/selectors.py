"""Reads of ledger imports for the pages and the API. Scoping goes through courts.access."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from courts import access
from courts.models import User
from imports.models import RUNNING_STATUSES, ImportJob, ImportStatus


def visible_jobs(user: User) -> QuerySet[ImportJob]:
    """The imports of the courts whose imports the user may see (courts.access.import_courts)."""
    qs = ImportJob.objects.select_related("court", "uploaded_by")
    if not user.is_authenticated:
        return qs.none()
    if user.is_system_admin:
        return qs
    return qs.filter(court__in=access.import_courts(user))


def job_for(user: User, pk: int) -> ImportJob:
    """The job, or Http404 (no such job) / PermissionDenied (another court's)."""
    job = ImportJob.objects.select_related("court", "uploaded_by").filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such import."))
    if not visible_jobs(user).filter(pk=pk).exists():
        raise PermissionDenied(_("This import belongs to another court."))
    return job


@dataclass(frozen=True)
class JobProgress:
    status: str
    status_display: str
    phase: str  # what is happening, for the bar's label
    done: int
    total: int | None
    percent: int | None  # of the whole job (checking is the first half, writing the second); None = unknown yet
    finished: bool


def _task_meta(job: ImportJob) -> dict:
    """The progress a running task put into its Celery state: the only live figures while an import
    writes on a database with a single writer (the SQLite demo); elsewhere the job row has them too."""
    if not job.celery_task_id:
        return {}
    try:
        from celery.backends.base import DisabledBackend

        from enforcement.celery import app

        if isinstance(app.backend, DisabledBackend):
            return {}
        result = app.AsyncResult(job.celery_task_id)
        info = result.info if result.state == "PROGRESS" else None
    except Exception:  # the result backend is an extra: without it the job row is used
        return {}
    return info if isinstance(info, dict) else {}


def job_progress(job: ImportJob) -> JobProgress:
    validated, imported, estimate = job.validated_rows, job.imported_rows, job.estimated_rows
    status = job.status
    if status in RUNNING_STATUSES:
        meta = _task_meta(job)
        validated = max(validated, meta.get("validated_rows") or 0)
        imported = max(imported, meta.get("imported_rows") or 0)
        estimate = estimate or meta.get("estimated_rows")
        if meta.get("status") == ImportStatus.IMPORTING:
            status = ImportStatus.IMPORTING
    display = ImportStatus(status).label
    if status == ImportStatus.QUEUED:
        return JobProgress(status, display, _("Waiting for a worker…"), 0, None, 0, False)
    if status == ImportStatus.VALIDATING:
        total = max(estimate, validated) if estimate else None
        share = 100 if job.dry_run else 50
        percent = min(int(validated * share / total), share - 1) if total else None
        return JobProgress(status, display, _("Checking the rows"), validated, total, percent, False)
    if status == ImportStatus.IMPORTING:
        total = job.total_rows or validated or None
        percent = 50 + min(int(imported * 50 / total), 49) if total else 50
        return JobProgress(status, display, _("Writing the cases"), imported, total, percent, False)
    total = job.total_rows
    done = job.created_cases if status == ImportStatus.DONE and not job.dry_run else (job.validated_rows or 0)
    return JobProgress(status, display, display, done, total, 100, True)


def error_rows(job: ImportJob) -> Iterator[list[str]]:
    """Every error of the job (row, column, cell, reason), from its report file."""
    if not job.error_file:
        yield from ([str(v) for v in e] for e in job.errors)
        return
    with job.error_file.open("rb") as handle:
        reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline=""))
        next(reader, None)  # the header
        yield from reader
