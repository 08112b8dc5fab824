"""Celery tasks of the ledger import: thin, idempotent, taking ids (STYLE.md §11). A job is claimed
under its row lock (imports.services.import_job_claim), so a task delivered twice runs once; a job
whose worker died is taken up again by the sweep once its heartbeat is stale — its import
transaction was rolled back with the worker, so it starts over from the file."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.backends.base import DisabledBackend

from imports import services
from imports.models import ImportJob

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True)
def run_import(self, job_id: int) -> dict:
    """Validate and import one uploaded ledger; the progress also goes to the task's state (meta)."""
    report = None
    if not isinstance(self.backend, DisabledBackend) and not self.request.called_directly:
        def report(values: dict) -> None:
            try:
                self.update_state(state="PROGRESS", meta={"job": job_id, **values})
            except Exception:  # a result backend hiccup must not stop the import; the job row has the figures
                logger.warning("progress of ledger import %s not stored in the result backend", job_id, exc_info=True)
    job = services.import_job_run(job_id=job_id, on_progress=report)
    if job is None:
        return {"job": job_id, "status": "skipped"}
    return {"job": job.pk, "status": job.status, "rows": job.total_rows, "created_cases": job.created_cases,
            "errors": job.error_count}


@shared_task(acks_late=True)
def resume_stalled_imports() -> int:
    """Beat job: send again the jobs still queued a minute after upload (the broker was down) or
    running without a heartbeat (the worker died)."""
    ids = services.import_jobs_stalled()
    task_ids = dict(ImportJob.objects.filter(pk__in=ids).values_list("pk", "celery_task_id"))
    for pk in ids:
        run_import.apply_async(args=[pk], task_id=task_ids.get(pk) or None)
    return len(ids)
