"""Bulk import of a legacy case ledger (执行案件台账导入, issue #7): one row per import job, and the
link from each imported case to the job that brought it in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    VALIDATING = "validating", _("Validating")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", pgettext_lazy("import status", "Failed")


RUNNING_STATUSES = (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.IMPORTING)


class FileFormat(models.TextChoices):
    XLSX = "xlsx", "Excel (.xlsx)"
    CSV = "csv", "CSV"


def upload_path(job: ImportJob, filename: str) -> str:
    # Never the user's file name on disk (it is kept in original_name): Chinese names, dots and
    # slashes stay out of paths.
    return f"imports/{job.court_id}/{timezone.now():%Y%m}/{job.token}.{job.file_format}"


class ImportJob(models.Model):
    """One upload of a legacy ledger and its fate. Pass 1 validates every row; only a file without a
    single bad row is imported (pass 2, one transaction). Progress columns are written outside the
    import transaction, so the browser sees them move."""

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
                                    related_name="+")
    token = models.CharField(max_length=32, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=200)
    file_format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    dry_run = models.BooleanField(_("validate only"), default=False,
                                  help_text=_("Check every row and report, without importing anything."))
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # Pass 1 (rows checked) and pass 2 (rows written); the estimate of the total while pass 1 reads.
    validated_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    imported_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    estimated_rows = models.PositiveIntegerField(_("estimated rows"), null=True, blank=True)
    created_cases = models.PositiveIntegerField(_("cases created"), default=0)
    created_parties = models.PositiveIntegerField(_("parties created"), default=0)
    reused_parties = models.PositiveIntegerField(_("existing parties reused"), default=0)
    open_cases = models.PositiveIntegerField(_("open cases"), default=0)
    unassigned_cases = models.PositiveIntegerField(_("open cases without a handler"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first errors, for the page and the API: [[row, column, value, reason], …]; all of them are in
    # error_file (CSV), whatever their number.
    errors = models.JSONField(_("first errors"), default=list, blank=True)
    error_file = models.FileField(_("error report"), upload_to="imports/errors/", max_length=200, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    celery_task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A running job touches this with its progress; a job whose heartbeat stopped is taken up again
    # by the sweep (imports.tasks.resume_stalled_imports).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["validated_rows", "imported_rows", "estimated_rows", "heartbeat_at",
                                                 "errors"])

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["court", "-created_at"], name="import_court_created_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="import_status_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES


class ImportedCase(models.Model):
    """Which import brought a case in (the case list filters on it: ``?import_job=<id>``)."""

    job = models.ForeignKey(ImportJob, verbose_name=_("ledger import"), on_delete=models.PROTECT, related_name="cases")
    case = models.OneToOneField("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.CASCADE,
                                related_name="import_link")
    row_number = models.PositiveIntegerField(_("row in the file"))

    class Meta:
        verbose_name = _("imported case")
        verbose_name_plural = _("imported cases")
        indexes = [models.Index(fields=["job", "row_number"], name="imported_case_job_idx")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row_number} → {self.case_id}"
