"""A ledger import run by a REAL Celery worker process on Redis (imports.tasks.run_import): the
upload enqueues the task after commit, the worker validates and imports, and the job's progress
columns move while it works — what the browser's progress bar polls."""

from __future__ import annotations

import time

import pytest
from django.core.files import File

from bench.import_bench import write_ledger
from cases.models import CaseNumberCounter, EnforcementCase
from imports import services
from imports.models import ImportJob, ImportStatus
from tests.integration.workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROWS = 4000


def _watch(job_id: int, worker, timeout: float = 180) -> list[tuple[str, int, int]]:
    """Poll the job like the browser does; every distinct (status, rows checked, rows written) seen."""
    seen: list[tuple[str, int, int]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, checked, written = ImportJob.objects.filter(pk=job_id).values_list(
            "status", "validated_rows", "imported_rows").get()
        if not seen or seen[-1] != (status, checked, written):
            seen.append((status, checked, written))
        if status in (ImportStatus.DONE, ImportStatus.FAILED):
            return seen
        assert worker.proc.poll() is None, f"the worker exited\n{worker.log_tail()}"
        time.sleep(0.05)
    raise AssertionError(f"the import did not finish within {timeout}s; seen {seen}\n{worker.log_tail()}")


def test_a_worker_imports_an_uploaded_ledger_and_its_progress_is_visible(world, redis_worker, tmp_path):
    path = tmp_path / "台账.xlsx"
    write_ledger(path, ROWS, prefix="冀0129", court_name=world.zanhuang.name, judges=["赵法官", "钱法官", "孙法官"])
    mark = redis_worker.mark()
    with open(path, "rb") as handle:
        job = services.import_job_create(actor=world.clerk, court=world.zanhuang, upload=File(handle, name=path.name))
    assert job.celery_task_id

    seen = _watch(job.pk, redis_worker)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, (job.message, job.errors[:5])
    assert (job.total_rows, job.created_cases, job.error_count) == (ROWS, ROWS, 0)
    assert EnforcementCase.objects.filter(court=world.zanhuang, import_link__job=job).count() == ROWS
    assert CaseNumberCounter.objects.get(court=world.zanhuang, year=2016, type_code="执").last_seq == ROWS // 8
    # The progress moved in steps the page could show: rows checked part-way through, before the end.
    assert any(status == ImportStatus.VALIDATING and 0 < checked < ROWS for status, checked, _w in seen), seen
    assert seen[-1] == (ImportStatus.DONE, ROWS, ROWS)
    wait_until(lambda: f"run_import[{job.celery_task_id}] succeeded" in redis_worker.log_since(mark), timeout=10,
               message="the worker to log the task", worker=redis_worker)


def test_a_bad_ledger_fails_on_the_worker_and_nothing_is_imported(world, redis_worker, tmp_path):
    path = tmp_path / "台账.xlsx"
    write_ledger(path, 300, prefix="冀0130", court_name=world.zanhuang.name, judges=["赵法官"])  # another court's numbers
    with open(path, "rb") as handle:
        job = services.import_job_create(actor=world.clerk, court=world.zanhuang, upload=File(handle, name=path.name))

    seen = _watch(job.pk, redis_worker)

    job.refresh_from_db()
    assert seen[-1][0] == ImportStatus.FAILED
    assert (job.error_count, job.created_cases, job.total_rows) == (300, 0, 300)
    assert job.errors[0][:2] == [2, "案号"] and job.error_file
    assert not EnforcementCase.objects.exists()
