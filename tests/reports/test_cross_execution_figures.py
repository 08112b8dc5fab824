"""The dashboard's cross-execution table (reports.metrics.cross_execution) with exact figures: three
cases climb the ladder, one concludes on rung 1, one is paid and climbs again, one is designated to
another court whose case is paid. PostgreSQL computes it set-based; the other path (the SQLite demo)
must give the same figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cases import services
from cases.closure import case_close
from cases.money import payment_record
from reports import metrics
from reports.scope import build_scope
from tests.transfers.ladder_helpers import at_day, day, register_on_day0, sweep
from transfers.designation import designation_decide, designation_request_create
from transfers.models import DesignationRequest

pytestmark = pytest.mark.django_db


def _figures(rungs):
    return {r.level: (r.escalated, r.concluded, r.recovered, r.mean_days) for r in rungs}


def test_each_rung_counts_escalations_conclusions_money_and_days(world):
    a, b, c = (register_on_day0(world) for _ in range(3))
    with at_day(50):
        payment_record(actor=world.chief, case_id=b.pk, amount="300.00", received_on=day(50))  # before: not counted
    assert len(sweep(40)) == 0
    # day 50's payment is progress for b: only a and c are due on day 90
    assert {s.case_id for s in sweep(90)} == {a.pk, c.pk}
    with at_day(100):
        services.case_transition(actor=world.chief, case_id=a.pk, transition="start")
        case_close(actor=world.chief, case_id=a.pk, closure_type="terminated", reason="申请执行人撤回申请")
    # b, 90 days after its payment, straight to rung 2: the ladder skips a rung nobody can take
    # (tests/transfers/test_ladder.py)
    assert {(s.case_id, s.level_to) for s in sweep(140)} == {(b.pk, 2)}
    with at_day(145):
        payment_record(actor=world.chief, case_id=b.pk, amount="1000.00", received_on=day(145))
    with at_day(200):
        payment_record(actor=world.chief, case_id=b.pk, amount="0.02", received_on=day(200))
    assert {s.case_id for s in sweep(150)} == {c.pk}
    assert {(s.case_id, s.level_to) for s in sweep(210)} == {(c.pk, 3)}  # a request to 石家庄中院
    request = DesignationRequest.objects.get(case=c)
    with at_day(220):
        decided = designation_decide(actor=world.officer, request_id=request.pk, decision="designate",
                                     target_court_id=world.yuanshi.pk, reason="属地干扰，指定元氏法院执行")
    new = decided.new_case
    with at_day(230):
        payment_record(actor=new.handler, case_id=new.pk, amount="500.00", received_on=day(230))

    with at_day(250):
        scope = build_scope(world.sjz)
        got = _figures(metrics.cross_execution(scope, day(0), day(250)))
        assert got == _figures(metrics._cross_execution_orm(scope, day(0), day(250)))
    # rung 1: a and c on day 90; a concluded 10 days later
    assert got[1] == (2, 1, Decimal("0.00"), Decimal("10.0"))
    # rung 2: b on day 140, which received 1,000.02 since (its 300 came before); c on day 150, closed
    # only by the transfer
    assert got[2] == (2, 0, Decimal("1000.02"), None)
    # rung 3: c on day 210; the receiving court's case was paid 500 and is still open
    assert got[3] == (1, 0, Decimal("500.00"), None)
    # a period that ends before day 210 does not count rung 3; one from day 100 not rung 1
    with at_day(250):
        early = _figures(metrics.cross_execution(build_scope(world.sjz), day(0), day(200)))
        late = _figures(metrics.cross_execution(build_scope(world.sjz), day(100), day(250)))
    assert early[3] == (0, 0, Decimal("0.00"), None)
    assert late[1] == (0, 0, Decimal("0.00"), None) and late[2] == (2, 0, Decimal("1000.02"), None)


def test_designation_turnaround_counts_requests_decisions_and_the_waiting(world):
    a, b = register_on_day0(world), register_on_day0(world)
    with at_day(30):
        first = designation_request_create(actor=world.chief, case_id=a.pk, reason="被执行人在外地，本院难以执行")
    with at_day(33, 7):  # early morning in Beijing: day 33 there, still day 32 in UTC
        designation_decide(actor=world.officer, request_id=first.pk, decision="designate",
                           target_court_id=world.yuanshi.pk, reason="指定元氏法院执行")
    with at_day(40):
        designation_request_create(actor=world.chief, case_id=b.pk, reason="地方保护，申请指定执行")
    with at_day(50):
        scope = build_scope(world.sjz)
        whole = metrics.designation(scope, day(0), day(50))
        before = metrics.designation(scope, day(0), day(32))
        after = metrics.designation(scope, day(35), day(50))
    assert (whole.requested, whole.decided, whole.pending, whole.mean_days, whole.median_days) == (
        2, 1, 1, Decimal("3.0"), Decimal("3.0"))
    # the waiting request counts whatever the period; a decision only in the period it was made
    assert (before.requested, before.decided, before.pending) == (1, 0, 1)
    assert (after.requested, after.decided, after.pending, after.mean_days) == (1, 0, 1, None)
