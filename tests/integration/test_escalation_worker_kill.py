"""A Celery worker killed (SIGKILL) in the middle of an escalation batch loses nothing (issue #4):
the next sweep, on a new worker, finishes the cases it had not reached, and no case moves twice.

Its own module: no other worker may be consuming the queue while this one is killed."""

from __future__ import annotations

import signal
from collections import Counter

import pytest

from cases.models import Notification
from tests.cases.dossier_helpers import fresh, register
from tests.integration.test_escalation_worker import TIMEOUT, run_sweep
from tests.integration.workers import process_env, start_worker, wait_until
from tests.reliability import tally
from tests.transfers.ladder_helpers import DAY0, at_day, day
from transfers.models import EscalationStep
from transfers.tasks import escalation_sweep

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _messages_per_case(cases) -> dict[int, int]:
    counts = Counter(Notification.objects.filter(case__in=cases).values_list("case_id", flat=True))
    return {c.pk: counts[c.pk] for c in cases}


def test_a_worker_killed_mid_batch_loses_no_escalation(world, redis_broker_url, tmp_path):
    with at_day(0, 9):
        cases = [register(world, filed_on=DAY0) for _ in range(60)]
    messages_before = _messages_per_case(cases)
    worker = start_worker(env=process_env(broker_url=redis_broker_url), log_path=tmp_path / "doomed.log")
    try:
        with at_day(90, 2):
            result = escalation_sweep.apply(kwargs={"today": day(90).isoformat()}).get()
        assert result["due"] == 60 and result["batches"] == 1
        # Kill it (no warm shutdown, no ack) once it is part-way through the batch.
        done = wait_until(lambda: (n := EscalationStep.objects.filter(case__in=cases).count()) >= 3 and n,
                          timeout=TIMEOUT, message="the worker to move its first cases", worker=worker)
        worker.proc.send_signal(signal.SIGKILL)
        worker.proc.wait(10)
    finally:
        worker.stop()
    moved_before = EscalationStep.objects.filter(case__in=cases).count()
    assert done <= moved_before < 60, "the worker finished before it could be killed: nothing was tested"
    survivor = start_worker(env=process_env(broker_url=redis_broker_url), log_path=tmp_path / "survivor.log")
    try:
        rerun = run_sweep(90, survivor)
    finally:
        survivor.stop()
    assert rerun["due"] == 60 - moved_before
    assert EscalationStep.objects.filter(case__in=cases).count() == 60
    # Rung 1, or rung 2 for a case whose team has no other judge — one rung each, never two.
    assert all(fresh(c).escalation_level in (1, 2) for c in cases)
    # Each case's applicant got the escalation message once: none lost with the killed batch, none twice.
    after = _messages_per_case(cases)
    assert {pk: after[pk] - messages_before[pk] for pk in after} == {c.pk: 1 for c in cases}
    stepped = list(EscalationStep.objects.filter(case__in=cases).values_list("case_id", flat=True))
    assert sorted(stepped) == sorted(c.pk for c in cases)
    # Figures for the reliability summary: cases the killed batch would have left behind, counted.
    tally("faults", scenarios=1, rows_lost=len({c.pk for c in cases} - set(stepped)))


