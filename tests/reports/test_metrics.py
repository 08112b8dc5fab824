"""The metrics of DESIGN.md §10 (reports.metrics) on a court whose cases have known dates and amounts:
every count, rate and amount asserted exactly, including the 6-month edge (closed on the last day of
the limit vs the day after) and the difference between money received in the period and the recovery
rate of the cases closed in it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cases.closure import case_close
from cases.models import EnforcementCase
from cases.money import disbursement_record, payment_record
from reports import metrics
from reports.hard_cases import petition_record
from reports.scope import build_scope
from tests.cases.dossier_helpers import applicant_ids, on, register
from tests.cases.test_dossier_closure import REASON

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 7, 31)


def pay(case, amount: str, day: dt.date):
    with on(day.year, day.month, day.day):
        payment_record(actor=case.handler, case_id=case.pk, amount=amount, received_on=day)
        disbursement_record(actor=case.handler, case_id=case.pk, amount=amount, paid_on=day, payee=applicant_ids(case)[0])


def complete_dossier(case, day: dt.date):
    """Everything the 终本 checklist asks for (DESIGN.md §7), recorded by the case's handler on ``day``."""
    from cases import dossier
    from tests.cases.dossier_helpers import respondent_id

    judge, rid = case.handler, respondent_id(case)
    with on(day.year, day.month, day.day):
        for kind in ("enforcement_notice", "asset_report_order"):
            dossier.procedure_record(actor=judge, case_id=case.pk, kind=kind, done_on=day)
        dossier.measure_issue(actor=judge, case_id=case.pk, kind="consumption_restriction", respondent=rid, issued_on=day,
                              reason="未按执行通知履行")
        dossier.measure_issue(actor=judge, case_id=case.pk, kind="blacklist", respondent=rid, issued_on=day,
                              reason="有履行能力而拒不履行")
        for category in ("deposit", "real_estate", "vehicle", "securities", "business", "social_insurance", "household"):
            dossier.investigation_record(actor=judge, case_id=case.pk, category=category, result="none", queried_on=day)
        dossier.procedure_record(actor=judge, case_id=case.pk, kind="applicant_informed", done_on=day,
                                 applicant_opinion="申请执行人同意终结本次执行程序")


def perform(case, day: dt.date):
    with on(day.year, day.month, day.day):
        case_close(actor=case.handler, case_id=case.pk, closure_type="performed", reason="已全部履行")


@pytest.fixture
def court(world):
    """赞皇, period 2026-01-01 … 2026-07-31:
    A filed 2025-11-10, paid 4,000 on 2025-12-15 and 6,000 on 2026-03-01, performed 2026-03-10 (within the limit);
    D filed 2026-01-15, paid 20,000, performed 2026-07-15 — the last day of its limit;
    E filed 2026-01-15, paid 30,000, performed 2026-07-16 — one day late;
    F filed 2026-03-02, 终本 on 2026-06-10 through the checklist;
    G filed 2026-03-02, 终本 on 2026-06-10 imported without the checklist;
    H filed 2026-02-01, still open; B filed and withdrawn in 2025 (outside the period)."""
    cases = {}
    with on(2025, 11, 10):
        cases["A"] = register(world, target="10000.00")
    with on(2025, 12, 1):
        cases["B"] = register(world, target="3000.00")
    with on(2025, 12, 20):
        case_close(actor=cases["B"].handler, case_id=cases["B"].pk, closure_type="withdrawn", reason="撤回申请")
    pay(cases["A"], "4000.00", dt.date(2025, 12, 15))
    pay(cases["A"], "6000.00", dt.date(2026, 3, 1))
    perform(cases["A"], dt.date(2026, 3, 10))
    with on(2026, 1, 15):
        cases["D"] = register(world, target="20000.00")
        cases["E"] = register(world, target="30000.00")
    pay(cases["D"], "20000.00", dt.date(2026, 7, 1))
    perform(cases["D"], dt.date(2026, 7, 15))
    pay(cases["E"], "30000.00", dt.date(2026, 7, 10))
    perform(cases["E"], dt.date(2026, 7, 16))
    with on(2026, 2, 1):
        cases["H"] = register(world, target="8000.00")
    with on(2026, 3, 2):
        cases["F"] = register(world, target="5000.00")
        cases["G"] = register(world, target="5000.00")
    complete_dossier(cases["F"], dt.date(2026, 3, 5))
    with on(2026, 6, 10):
        case_close(actor=cases["F"].handler, case_id=cases["F"].pk, closure_type="terminated_round", reason=REASON)
    # G as a legacy import brings it: closed 终本 with no checklist behind it.
    EnforcementCase.objects.filter(pk=cases["G"].pk).update(status="closed", closure_type="terminated_round",
                                                             closed_on=dt.date(2026, 6, 10))
    return cases


def totals(world, start=START, end=END) -> metrics.Figures:
    scope = build_scope(world.zanhuang)
    total = metrics.Figures()
    for figures in metrics.case_figures(scope, start, end).values():
        total.add(figures)
    return total


def test_counts_rates_and_amounts_of_a_period(world, court):
    t = totals(world)
    assert (t.new, t.pending_start, t.closed, t.pending_end) == (5, 1, 5, 1)
    assert t.closure_rate == Decimal("0.8333")  # 5 ÷ (1 + 5)
    assert (t.performed, t.terminated_round, t.transferred) == (3, 2, 0)
    assert t.recovered == Decimal("56000.00")  # A's 4,000 of December is outside the period
    assert (t.closed_target, t.closed_recovered) == (Decimal("70000.00"), Decimal("60000.00"))
    assert t.recovery_rate == Decimal("0.8571")
    assert (t.with_assets, t.within_limit) == (3, 2)  # E closed the day after its last day
    assert t.within_limit_rate == Decimal("0.6667")
    assert (t.terminated_round, t.tb_checked, t.tb_compliance) == (2, 1, Decimal("0.5000"))


def test_the_six_month_edge(world, court):
    d = EnforcementCase.objects.get(pk=court["D"].pk)
    e = EnforcementCase.objects.get(pk=court["E"].pk)
    assert d.limit_on == e.limit_on == dt.date(2026, 7, 15)
    assert (d.closed_on, e.closed_on) == (dt.date(2026, 7, 15), dt.date(2026, 7, 16))
    # A period ending on 07-15 holds D (within) but not E (closed after the period).
    t = totals(world, end=dt.date(2026, 7, 15))
    assert (t.with_assets, t.within_limit) == (2, 2)
    assert t.pending_end == 2  # E and H


def test_a_period_before_anything_happened_is_empty_with_no_rates(world, court):
    t = totals(world, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    assert (t.new, t.closed, t.pending_start, t.pending_end) == (0, 0, 0, 0)
    assert t.closure_rate is None and t.recovery_rate is None and t.within_limit_rate is None


def test_petitions_in_the_period_and_their_monthly_trend(world, court):
    h = court["H"]
    for day in (dt.date(2026, 2, 10), dt.date(2026, 2, 20), dt.date(2026, 5, 3), dt.date(2026, 8, 1)):
        with on(day.year, day.month, day.day):
            petition_record(actor=world.chief, case_id=h.pk, received_on=day, channel="visit", petitioner_name="张建国",
                            petitioner_standing="applicant", summary="询问执行进展")
    assert totals(world).petitions == 3  # 08-01 is after the period
    trend = metrics.trends(build_scope(world.zanhuang), START, END)
    assert trend["months"] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"]
    assert trend["petitions"] == [0, 2, 0, 0, 1, 0, 0]
    assert trend["new"] == [2, 1, 2, 0, 0, 0, 0]
    assert trend["closed"] == [0, 0, 1, 0, 0, 2, 2]
    assert trend["recovered"] == [Decimal("0.00"), Decimal("0.00"), Decimal("6000.00"), Decimal("0.00"),
                                  Decimal("0.00"), Decimal("0.00"), Decimal("50000.00")]


def test_the_jurisdiction_rolls_up_its_courts(world, court):
    with on(2026, 4, 1):
        ys = register(world, court=world.yuanshi, actor=world.ys_clerk, target="12000.00")
    pay(ys, "12000.00", dt.date(2026, 4, 20))
    scope = build_scope(world.sjz)
    per_key = metrics.case_figures(scope, START, END)
    rows, total = metrics.rolled_up(scope.rows(per_key), per_key)
    by_court = {row.label: (f.new, f.recovered) for row, f in rows}
    assert by_court == {"赞皇县人民法院": (5, Decimal("56000.00")), "元氏县人民法院": (1, Decimal("12000.00"))}
    assert (total.new, total.recovered, total.pending_end) == (6, Decimal("68000.00"), 2)


def test_each_count_opens_the_cases_behind_it(client, world, court):
    from django.urls import reverse

    client.force_login(world.supervisor)
    period = {"court": world.zanhuang.pk, "date_from": START.isoformat(), "date_to": END.isoformat()}
    expected = {"new": "DEFGH", "closed": "ADEFG", "pending_start": "A", "pending_end": "H", "performed": "ADE",
                "terminated_round": "FG", "within_limit": "AD", "tb_checked": "F"}
    for metric, letters in expected.items():
        page = client.get(reverse("figure-cases", args=[metric]), period)
        assert page.status_code == 200
        assert sorted(c.case_number for c in page.context["page_obj"]) == sorted(court[x].case_number for x in letters), metric
    assert client.get(reverse("figure-cases", args=["nonsense"]), period).status_code == 404
