"""The escalation ladder run by a REAL Celery worker on Redis (DESIGN.md §8, issue #4).

The clock is advanced in this process with time-machine; the daily sweep's candidate selection runs
here (``escalation_sweep.apply``) and publishes the due cases in batches, which a separate worker
process moves one rung each. Rows are committed (``transaction=True``) so the worker sees them.

- one case climbs rungs 1, 2 and 3 at exactly 90, 150 and 210 days, the 石家庄中院 officer designates
  it, and the new case exists at 元氏 with its own number — while a second case, paid on day 50,
  stays put on day 90 and moves only on day 140;
- the sweep run twice and a batch delivered twice move nothing twice;
- on PostgreSQL the candidate query's plan uses the partial index on ``escalation_due_on``.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection

from cases import money as money_services
from cases import services
from cases.models import EnforcementCase
from tests.cases.dossier_helpers import fresh
from tests.integration.workers import wait_until
from tests.transfers.ladder_helpers import DAY0, at_day, day, register_on_day0
from transfers.designation import designation_decide
from transfers.escalation import escalation_candidates
from transfers.models import DesignationRequest, EscalationStep
from transfers.tasks import escalate_cases, escalation_sweep

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BATCH_DONE = re.compile(r"transfers\.tasks\.escalate_cases\[[^\]]+\] succeeded in [\d.]+s: (\{[^}]*\})")
TIMEOUT = 60


def run_sweep(n: int, worker) -> dict:
    """The beat job for day ``n``: select here, let the worker move the cases; wait for its batches."""
    mark = worker.mark()
    with at_day(n, 2):
        result = escalation_sweep.apply(kwargs={"today": day(n).isoformat()}).get()
    wait_batches(worker, mark, result["batches"])
    return result


def wait_batches(worker, mark: int, count: int) -> list[str]:
    if count == 0:
        return []
    return wait_until(lambda: (found := BATCH_DONE.findall(worker.log_since(mark))) and len(found) >= count and found,
                      timeout=TIMEOUT, message=f"{count} escalation batch(es) done by the worker", worker=worker)


def test_a_case_climbs_the_ladder_on_the_worker_to_a_designated_court(world, redis_worker):
    climbing = register_on_day0(world)
    paid = register_on_day0(world)
    with at_day(50):
        services.case_transition(actor=world.chief, case_id=paid.pk, transition="start")
        money_services.payment_record(actor=world.chief, case_id=paid.pk, amount="800.00", received_on=day(50),
                                      source="debtor")
    paid_handler = fresh(paid).handler

    assert run_sweep(89, redis_worker)["due"] == 0
    assert run_sweep(90, redis_worker)["due"] == 1
    assert fresh(climbing).escalation_level == 1
    # The paid case's clock restarted on day 50: it stays put with its judge until day 140.
    assert (fresh(paid).escalation_level, fresh(paid).handler) == (0, paid_handler)
    assert run_sweep(139, redis_worker)["due"] == 0
    assert run_sweep(140, redis_worker)["due"] == 1
    [step] = EscalationStep.objects.filter(case=paid)
    assert (step.level_from, step.days_without_progress, step.limit_days) == (0, 90, 90)

    assert run_sweep(149, redis_worker)["due"] == 0
    run_sweep(150, redis_worker)
    assert (fresh(climbing).escalation_level, fresh(climbing).team) == (2, world.zh_team2)
    run_sweep(209, redis_worker)
    assert fresh(climbing).escalation_level == 2
    run_sweep(210, redis_worker)
    climbing = fresh(climbing)
    assert climbing.escalation_level == 3
    steps = list(EscalationStep.objects.filter(case=climbing).order_by("pk"))
    assert [(s.level_from, s.level_to, s.days_without_progress) for s in steps] == [(0, 1, 90), (1, 2, 60), (2, 3, 60)]

    request = DesignationRequest.objects.get(case=climbing, status="pending")
    with at_day(212):
        designation_decide(actor=world.officer, request_id=request.pk, decision="designate", target_court_id=world.yuanshi.pk,
                           reason="异地执行")
    new = DesignationRequest.objects.get(pk=request.pk).new_case
    assert new.court == world.yuanshi and new.case_number == f"（{DAY0.year}）冀0132执1号"
    assert fresh(climbing).closure_type == "transferred" and new.origin_case_id == climbing.pk
    assert new.handler == world.ys_judge


def test_sweeping_twice_and_a_redelivered_batch_move_nothing_twice(world, redis_worker):
    cases = [register_on_day0(world) for _ in range(3)]
    first = run_sweep(90, redis_worker)
    assert first["due"] == 3
    again = run_sweep(90, redis_worker)
    assert again["due"] == 0
    # The same batch delivered twice more (as after a lost ack): nothing moves again.
    mark = redis_worker.mark()
    with at_day(90, 3):
        escalate_cases.delay([c.pk for c in cases], day(90).isoformat())
        escalate_cases.delay([c.pk for c in cases], day(90).isoformat())
    results = wait_batches(redis_worker, mark, 2)
    assert results[:2] == ["{'moved': 0, 'skipped': 3, 'failed': 0}"] * 2, results
    assert EscalationStep.objects.filter(case__in=cases).count() == 3
    # Rung 1, or rung 2 for a case whose team has no other judge — one rung each, never two.
    assert all(fresh(c).escalation_level in (1, 2) for c in cases)


def test_the_candidate_query_uses_the_partial_index_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL plan")
    register_on_day0(world)
    qs = escalation_candidates(day(90)).values("pk")
    with connection.cursor() as cursor:
        # A handful of rows makes a sequential scan cheapest; forbid it to see which index the planner can use.
        cursor.execute("SET enable_seqscan = off")
        try:
            sql, params = qs.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
    assert "case_escalation_due_idx" in plan, plan
    assert EnforcementCase.objects.filter(escalation_due_on__isnull=False).count() == 1
