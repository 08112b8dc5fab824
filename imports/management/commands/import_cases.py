"""manage.py import_cases <file> --court <court> --user <username> [--dry-run]

Imports a legacy case ledger (.xlsx or .csv) synchronously, through the same service as the
browser and the API (imports.services): every row is checked first; a file with any bad row imports
nothing and the errors are listed (all of them in the job's error report). A progress bar shows
the rows checked, then the rows written. ``--court`` takes the court's case-number prefix (冀0129),
its code (0129, if no other province uses it) or its id. The exit status is 0 when the import (or
the validation with --dry-run) succeeded, 1 otherwise.
"""

from __future__ import annotations

import json
import resource
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from courts.models import Court, User
from enforcement.errors import FieldErrors
from imports import services
from imports.models import ImportStatus


def _court(value: str) -> Court:
    value = value.strip()
    by_prefix = [c for c in Court.objects.exclude(code="") if c.case_prefix == value]
    if by_prefix:
        return by_prefix[0]
    by_code = list(Court.objects.filter(code=value))
    if len(by_code) == 1:
        return by_code[0]
    if len(by_code) > 1:
        raise CommandError(_("Several courts have the code %(code)s: give the prefix (e.g. 冀%(code)s) or the id.")
                           % {"code": value})
    if value.isdigit():
        court = Court.objects.filter(pk=int(value)).first()
        if court is not None:
            return court
    raise CommandError(_("No court %(court)s.") % {"court": value})


class Bars:
    """Two terminal progress bars (tqdm): rows checked, then rows written."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.phase = ""

    def __call__(self, values: dict) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        importing = values.get("status") == ImportStatus.IMPORTING
        phase = "import" if importing else "check"
        done = values.get("imported_rows" if importing else "validated_rows") or 0
        total = values.get("total_rows") if importing else (values.get("total_rows") or values.get("estimated_rows"))
        if phase != self.phase:
            self.close()
            self.phase = phase
            label = _("Writing the cases") if importing else _("Checking the rows")
            self.bar = tqdm(total=total, desc=label, unit=_("rows"), dynamic_ncols=True, mininterval=0.5)
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.update(max(done - self.bar.n, 0))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "Import a legacy case ledger (.xlsx or .csv) into a court: every row is checked, then all are imported at once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the ledger, .xlsx or .csv")
        parser.add_argument("--court", required=True, help="case-number prefix (冀0129), court code (0129) or id")
        parser.add_argument("--user", required=True, help="username of the clerk, bureau chief or administrator importing")
        parser.add_argument("--dry-run", action="store_true", help="only check the rows; import nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--json", action="store_true", help="end with one line of JSON describing the result")

    def handle(self, *args, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(**options)

    def _handle(self, *, file: str, court: str, user: str, dry_run: bool, no_progress: bool, json: bool, **_options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": file})
        target = _court(court)
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(_("No active user %(user)s.") % {"user": user})
        try:
            with open(path, "rb") as handle:
                job = services.import_job_create(actor=actor, court=target, upload=File(handle, name=path.name),
                                                 dry_run=dry_run, enqueue=False)
        except FieldErrors as exc:
            raise CommandError("; ".join(str(m) for messages in exc.errors.values() for m in messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        bars = Bars(enabled=not no_progress)
        try:
            job = services.import_job_run(job_id=job.pk, on_progress=bars)
        finally:
            bars.close()
        self.stdout.write(_("Import #%(id)d of %(name)s into %(court)s: %(status)s. %(message)s") % {
            "id": job.pk, "name": job.original_name, "court": target.name, "status": job.get_status_display(),
            "message": job.message})
        if job.status == ImportStatus.DONE and not job.dry_run:
            self.stdout.write(_("%(cases)d cases, %(created)d new parties, %(reused)d parties already on record; "
                                "%(unassigned)d open cases without a handler.") % {
                "cases": job.created_cases, "created": job.created_parties, "reused": job.reused_parties,
                "unassigned": job.unassigned_cases})
        for row, column, value, reason in job.errors[:20]:
            self.stdout.write(_("Row %(row)s, %(column)s “%(value)s”: %(reason)s") % {
                "row": row, "column": column or "—", "value": value, "reason": reason})
        if job.error_count > 20:
            self.stdout.write(_("… %(more)d more errors; all are in %(path)s") % {
                "more": job.error_count - 20, "path": job.error_file.path})
        if json:
            self_usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            child_usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            self.stdout.write(_json_line({
                "job": job.pk, "status": job.status, "rows": job.total_rows, "created_cases": job.created_cases,
                "created_parties": job.created_parties, "reused_parties": job.reused_parties, "errors": job.error_count,
                "peak_rss_mb": round(max(self_usage, child_usage) / 1024, 1),
            }))
        ok = job.status == ImportStatus.DONE
        if not ok:
            raise CommandError(job.message or _("The import failed."), returncode=1)


def _json_line(values: dict) -> str:
    return json.dumps(values, ensure_ascii=False)
