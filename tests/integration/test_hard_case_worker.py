"""The hard-case ledger's nightly rules run by a REAL Celery worker on Redis (issue #5): the beat task
enters every case a rule finds, and the same task delivered again enters nothing twice. Rows are
committed (``transaction=True``) so the worker sees them."""

from __future__ import annotations

import ast
import datetime as dt
import re

import pytest
from django.conf import settings

from reports.models import HardCaseEntry
from reports.tasks import hard_case_sweep
from tests.integration.workers import wait_until
from tests.reports.ledger_helpers import case_filed, state_organ_case

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DONE = re.compile(r"reports\.tasks\.hard_case_sweep\[[^\]]+\] succeeded in [\d.]+s: (\{[^}]*\})")


def run_on_worker(worker, day: dt.date) -> dict:
    mark = worker.mark()
    hard_case_sweep.delay(day.isoformat())
    found = wait_until(lambda: DONE.findall(worker.log_since(mark)), timeout=60, message="the sweep done by the worker",
                       worker=worker)
    return ast.literal_eval(found[0])


def test_the_beat_job_enters_each_case_once_on_the_worker(world, redis_worker):
    assert settings.CELERY_BEAT_SCHEDULE["hard-case-sweep"]["task"] == hard_case_sweep.name
    old = case_filed(world, dt.date(2025, 1, 6))
    organ = state_organ_case(world, dt.date(2026, 5, 6))
    young = case_filed(world, dt.date(2026, 5, 7))
    first = run_on_worker(redis_worker, dt.date(2026, 6, 1))
    again = run_on_worker(redis_worker, dt.date(2026, 6, 1))
    # The state organ's case entered the ledger when it was registered; the worker's sweep adds the old one.
    assert first == {"old": 1, "petitions": 0, "sensitive": 0, "special_subject": 0, "supervised": 0}
    assert again == {"old": 0, "petitions": 0, "sensitive": 0, "special_subject": 0, "supervised": 0}
    assert sorted(HardCaseEntry.objects.values_list("case_id", "category")) == sorted(
        [(old.pk, "old"), (organ.pk, "special_subject")])
    assert not HardCaseEntry.objects.filter(case=young).exists()
