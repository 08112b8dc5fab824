"""Races on PostgreSQL through the API (issue #8, item 4), several rounds each, with exact counts after:

- two officers deciding one designation request at once, for *different* outcomes (two receiving
  courts, or designate against reject): one wins, the other gets a 409 naming the decision; exactly
  one new case at one receiving court, whose numbers stay consecutive;
- a payment and a closure racing on one case: either the payment lands first (the closure is then
  refused: money is held) and shows in the totals, or the closure lands first and the payment is
  refused (409) — never a payment on a closed case, never a payment the totals miss.

- two bureau chiefs reassigning one case at once: both hand-overs apply in turn, and the second one's
  "from" is the judge the first chose (the audit trail never says "from (none)").

(Two officers designating to the *same* court: tests/transfers/test_api.py; two judges closing one
case: tests/cases/test_concurrency.py.)
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services
from cases.models import CaseEvent, CaseStatus, EnforcementCase, EventKind, Payment
from courts.models import Court, CourtLevel, Role, Team
from tests.factories import UserFactory, add_member, registration
from tests.reliability import tally
from transfers import designation
from transfers.models import Assignment, DesignationRequest, RequestStatus

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

API = "/api/v1"


def client(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api


def race(*calls):
    """Run the calls at the same instant, each in its own thread (and its own database connection)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 — returned and asserted by the caller
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a racing request never finished"
    return results


# --- two designation decisions on one request --------------------------------------------------------
DECISION_ROUNDS = 6


def test_two_decisions_on_one_request_at_once_one_wins_and_one_case_is_opened(world):
    assert connection.vendor == "postgresql"
    gaoyi = Court.objects.create(name="高邑县人民法院", short_name="高邑法院", level=CourtLevel.BASIC, parent=world.sjz,
                                 province_abbr="冀", code="0127")
    add_member(Team.objects.create(court=gaoyi, name="执行一团队"),
               UserFactory(username="gy_judge", full_name="褚法官", role=Role.JUDGE, court=gaoyi))
    officer2 = UserFactory(username="officer2", full_name="郑指定", role=Role.DESIGNATION_OFFICER, court=world.sjz)
    receiving = (world.yuanshi, gaoyi)
    bodies = {
        "yuanshi": {"decision": "designate", "target_court": world.yuanshi.pk, "reason": "异地执行"},
        "gaoyi": {"decision": "designate", "target_court": gaoyi.pk, "reason": "被执行人财产在高邑"},
        "reject": {"decision": "reject", "reason": "本院继续执行"},
    }
    # Odd rounds: two receiving courts; even rounds: designate against reject. Officers swap sides.
    pairs = [("yuanshi", "gaoyi"), ("yuanshi", "reject")]
    wins = {"designated": 0, "rejected": 0}
    for n in range(DECISION_ROUNDS):
        case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
        request = designation.designation_request_create(actor=world.chief, case_id=case.pk, reason="被执行人有干扰执行的风险")
        cases_before = EnforcementCase.objects.count()
        first, second = pairs[n % 2]
        officers = (world.officer, officer2) if n % 4 < 2 else (officer2, world.officer)
        replies = race(*[
            (lambda officer=officer, choice=choice, pk=request.pk: client(officer).post(
                f"{API}/designation-requests/{pk}/decide/", bodies[choice], format="json"))
            for officer, choice in zip(officers, (first, second), strict=True)
        ])
        assert not [r for r in replies if isinstance(r, Exception)], replies
        assert sorted(r.status_code for r in replies) == [200, 409], [(r.status_code, r.content) for r in replies]
        winner_index = 0 if replies[0].status_code == 200 else 1
        winner, choice = officers[winner_index], (first, second)[winner_index]
        loser = replies[1 - winner_index].json()
        assert "already decided by" in loser["detail"] and winner.full_name in loser["detail"], loser
        request.refresh_from_db()
        case.refresh_from_db()
        assert request.decided_by == winner
        if choice == "reject":
            wins["rejected"] += 1
            assert request.status == RequestStatus.REJECTED and request.new_case is None
            assert case.is_open and case.escalation_level == 2
            assert EnforcementCase.objects.count() == cases_before
        else:
            wins["designated"] += 1
            target = world.yuanshi if choice == "yuanshi" else gaoyi
            assert request.status == RequestStatus.DESIGNATED and request.new_case.court == target
            assert (case.status, case.closure_type) == (CaseStatus.CLOSED, "transferred")
            assert EnforcementCase.objects.count() == cases_before + 1
            assert EnforcementCase.objects.filter(origin_case=case).count() == 1
        assert CaseEvent.objects.filter(case=case, kind=EventKind.DESIGNATION, data__action__in=["designate", "rejected"]).count() == 1
    # Every request decided once; each receiving court numbered its cases without a gap.
    assert DesignationRequest.objects.filter(status=RequestStatus.PENDING).count() == 0
    opened = EnforcementCase.objects.filter(court__in=receiving)
    assert opened.count() == wins["designated"] == DesignationRequest.objects.filter(status=RequestStatus.DESIGNATED).count()
    for court in receiving:
        seqs = sorted(opened.filter(court=court).values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1)), (court.name, seqs)
    assert wins["designated"] + wins["rejected"] == DECISION_ROUNDS
    print(f"designation race outcomes: {wins}")
    tally("faults", scenarios=1, rows_lost=wins["designated"] - opened.count())


# --- a payment and a closure on one case ---------------------------------------------------------------
PAYMENT_ROUNDS = 8
PAID = Decimal("1200.00")


def test_a_payment_and_a_closure_racing_end_consistent(world):
    assert connection.vendor == "postgresql"
    today = timezone.localdate().isoformat()
    outcomes = {"payment first": 0, "closure first": 0}
    inconsistent = 0
    for n in range(PAYMENT_ROUNDS):
        case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
        services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
        handler = EnforcementCase.objects.get(pk=case.pk).handler

        def pay(handler=handler, pk=case.pk):
            return client(handler).post(f"{API}/cases/{pk}/payments/",
                                        {"amount": str(PAID), "received_on": today, "payer": "李明"}, format="json")

        def close(pk=case.pk, n=n):
            return client(world.chief).post(f"{API}/cases/{pk}/close/",
                                            {"closure_type": "withdrawn", "reason": f"申请人撤回执行申请（{n}）"}, format="json")

        paid, closed = race(pay, close) if n % 2 else race(close, pay)[::-1]
        assert not isinstance(paid, Exception) and not isinstance(closed, Exception), (paid, closed)

        case.refresh_from_db()
        payments = Payment.objects.filter(case=case)
        ledger = client(world.chief).get(f"{API}/cases/{case.pk}/ledger/").json()
        if paid.status_code == 201:
            # The payment came first: the closure is refused because the money is held, and the totals count it.
            outcomes["payment first"] += 1
            assert closed.status_code == 400 and closed.json()["missing"] == ["undisbursed"], closed.content
            assert case.status == CaseStatus.IN_PROGRESS
            assert payments.count() == 1 and case.recovered_amount == case.held_amount == PAID
            assert Decimal(ledger["recovered"]) == Decimal(ledger["held"]) == PAID
            assert case.events.filter(kind=EventKind.PAYMENT).count() == 1 and not case.events.filter(kind=EventKind.CLOSED).exists()
        else:
            # The closure came first: the payment is refused as on any closed case, nothing is recorded.
            outcomes["closure first"] += 1
            assert paid.status_code == 409 and "is closed" in paid.json()["detail"], paid.content
            assert closed.status_code == 200, closed.content
            assert (case.status, case.closure_type) == (CaseStatus.CLOSED, "withdrawn")
            assert payments.count() == 0 and case.recovered_amount == case.held_amount == Decimal("0.00")
            assert Decimal(ledger["recovered"]) == Decimal("0.00")
            assert case.events.filter(kind=EventKind.CLOSED).count() == 1 and not case.events.filter(kind=EventKind.PAYMENT).exists()
        # Whatever the order: the totals are the sum of the payment rows.
        recorded = payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
        inconsistent += recorded != case.recovered_amount
        assert recorded == case.recovered_amount
    # No closed case holds money, and no payment sits on a case closed before it was received.
    assert not EnforcementCase.objects.filter(status=CaseStatus.CLOSED, held_amount__gt=0).exists()
    assert not Payment.objects.filter(case__status=CaseStatus.CLOSED).exists()
    assert sum(outcomes.values()) == PAYMENT_ROUNDS
    print(f"payment/closure race outcomes: {outcomes}")
    tally("faults", scenarios=1, rows_lost=inconsistent)


# --- two reassignments of one case ----------------------------------------------------------------------
REASSIGN_ROUNDS = 4


def test_two_reassignments_at_once_both_apply_in_turn_and_the_trail_says_from_whom(world):
    chief2 = UserFactory(username="chief2", full_name="吴副局长", role=Role.BUREAU_CHIEF, court=world.zanhuang)
    judges = {world.judge2.pk: world.judge2, world.judge3.pk: world.judge3, world.judge.pk: world.judge}
    handovers = 0
    for n in range(REASSIGN_ROUNDS):
        case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
        start = EnforcementCase.objects.get(pk=case.pk).handler
        a, b = [j for j in judges.values() if j.pk != start.pk]

        def reassign(chief, judge, pk=case.pk, n=n):
            return client(chief).post(f"{API}/cases/{pk}/reassign/", {"handler": judge.pk, "reason": f"均衡办案量（{n}）"},
                                      format="json")

        replies = race(lambda a=a: reassign(world.chief, a), lambda b=b: reassign(chief2, b))
        assert [r.status_code for r in replies] == [200, 200], [(r.status_code, r.content) for r in replies]
        events = list(CaseEvent.objects.filter(case=case, kind=EventKind.REASSIGNED).order_by("pk"))
        assert len(events) == 2
        # Applied in turn: the second hand-over starts from the judge the first one chose.
        first, second = events
        assert first.data["from"] == start.pk and second.data["from"] == first.data["to"], [e.data for e in events]
        assert judges[first.data["to"]].display_name in second.description, second.description
        assert EnforcementCase.objects.get(pk=case.pk).handler_id == second.data["to"]
        # The assignment history agrees: three assignments, each ended when the next began.
        assignments = list(Assignment.objects.filter(case=case).order_by("started_at", "pk"))
        assert [a.handler_id for a in assignments] == [start.pk, first.data["to"], second.data["to"]]
        assert [a.ended_at is None for a in assignments] == [False, False, True]
        handovers += len(events)
    events = CaseEvent.objects.filter(kind=EventKind.REASSIGNED).count()
    assert events == handovers == 2 * REASSIGN_ROUNDS
    tally("faults", scenarios=1, rows_lost=2 * REASSIGN_ROUNDS - events)
