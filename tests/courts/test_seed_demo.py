"""The demo data command the README's bin/demo runs: real courts, working accounts, case histories
told through the dossier services at past times, idempotent."""

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from cases.closure import requery_due_on
from cases.deadlines import add_months, term_end
from cases.dossier_selectors import my_dossiers
from cases.identifiers import normalize_credit_code, normalize_resident_id
from cases.models import (
    AuctionResult,
    AuctionRound,
    CaseEvent,
    ClaimClass,
    ClosureType,
    CoerciveMeasure,
    ControlAction,
    ControlRenewal,
    ControlStatus,
    DistributionPlan,
    EnforcementCase,
    IdType,
    Investigation,
    Notification,
    Party,
    Payment,
    ProcedureStep,
    Settlement,
    SettlementStatus,
)
from courts.models import Court, User

pytestmark = pytest.mark.django_db

CASES, SEED = 40, 7


def test_seed_demo_tells_realistic_histories_once(capsys):
    """One seeding (it takes a few seconds), checked from every side, then seeded again."""
    call_command("seed_demo", cases=CASES, seed=SEED)
    demo = capsys.readouterr().out
    check_jurisdiction(demo)
    check_histories_are_dated_in_the_past()
    check_dossiers()
    check_closures()
    check_demo_judge(demo)
    check_cross_execution()

    models = [*apps.get_app_config("cases").get_models(), Court, User]
    before = {m.__name__: m.objects.count() for m in models}
    call_command("seed_demo", cases=CASES, seed=SEED)
    assert "nothing to do" in capsys.readouterr().out
    assert {m.__name__: m.objects.count() for m in models} == before, "seeding twice changes nothing"


def check_jurisdiction(demo: str) -> None:
    assert "demo12345" in demo
    assert Court.objects.get(name="赞皇县人民法院").case_prefix == "冀0129"
    assert Court.objects.get(name="元氏县人民法院").case_prefix == "冀0132"
    assert Court.objects.get(name="石家庄市中级人民法院").case_prefix == "冀01"
    for username in ("clerk", "judge", "assistant", "chief", "officer", "supervisor", "admin", "judge_yuanshi"):
        assert authenticate(username=username, password="demo12345") is not None, username
    # Plus the new cases that designations by 石家庄中院 opened at the receiving courts.
    assert EnforcementCase.objects.filter(type_code="执", origin_case__isnull=True).count() == CASES
    numbers = EnforcementCase.objects.values_list("case_number", flat=True)
    assert all(re.fullmatch(r"（20\d\d）冀0\d{3}执(恢)?\d+号", n) for n in numbers), list(numbers)
    # every generated identifier passes the same checks as the registration form
    for party in Party.objects.exclude(id_number=""):
        if party.id_type == IdType.RESIDENT_ID:
            normalize_resident_id(party.id_number)
        elif party.id_type == IdType.CREDIT_CODE:
            normalize_credit_code(party.id_number)
    assert Notification.objects.filter(status="pending").exists()  # left for the worker's resend job


def check_histories_are_dated_in_the_past() -> None:
    now, today = timezone.now(), timezone.localdate()
    events = CaseEvent.objects.select_related("case")
    assert not events.filter(occurred_at__gt=now).exists()
    for event in events:
        assert timezone.localdate(event.occurred_at) >= event.case.filed_on, event
    # the dossier's steps carry the dates they happened on, spread over the cases' lives
    # (The ladder's daily job and the overdue flag run every day: they are the system, not the court's staff.)
    steps = list(CaseEvent.objects.exclude(kind__in=["registered", "assigned", "escalated"]).exclude(kind="entrustment", data__action="overdue")
                 .values_list("occurred_at", flat=True))
    days = {timezone.localdate(at) for at in steps}
    assert min(days) < today - dt.timedelta(days=365)
    assert all(day.weekday() < 5 for day in days), "courts work on weekdays"
    assert all(timezone.localdate(at) < today for at in steps)
    # the audit trail carries the same past times
    history = apps.get_model("cases", "HistoricalControlAction").objects
    assert history.filter(history_date__lt=now - dt.timedelta(days=60)).exists()
    # a closure's event is dated on the day the case was closed
    for case in EnforcementCase.objects.filter(status="closed")[:10]:
        closed = case.events.get(kind="closed")
        assert timezone.localdate(closed.occurred_at) == case.closed_on


def check_dossiers() -> None:
    today = timezone.localdate()
    # the notice and the order to declare assets, the five online queries, leads, extended checks
    assert ProcedureStep.objects.filter(kind="enforcement_notice").count() >= CASES // 2
    assert ProcedureStep.objects.filter(kind="asset_report_order").exists()
    assert ProcedureStep.objects.filter(kind="applicant_informed").exclude(applicant_opinion="").exists()
    categories = Counter(Investigation.objects.values_list("category", flat=True))
    for category in ("deposit", "real_estate", "vehicle", "securities", "business", "applicant_lead", "social_insurance", "household"):
        assert categories[category], category
    assert Investigation.objects.filter(category="deposit", result="found", found_amount__gt=0).exists()
    assert Investigation.objects.filter(category="applicant_lead", result="pending").exists()

    # controls of every kind, with their legal terms; some non-deductible; renewals
    kinds = Counter(ControlAction.objects.values_list("kind", flat=True))
    for kind in ("freeze_deposit", "seal_real_estate", "seal_movable"):
        assert kinds[kind], kind
    assert ControlAction.objects.filter(kind="freeze_deposit", non_deductible=True).exclude(non_deductible_reason="").exists()
    for control in ControlAction.objects.exclude(kind="periodic_deduction").filter(renewals__isnull=True, carried_from=None):
        years = {"freeze_deposit": 1, "seal_real_estate": 3, "seal_movable": 2, "freeze_equity": 3}[control.kind]
        assert control.expires_on == term_end(control.started_on, years=years), control
    assert ControlRenewal.objects.exists()
    in_force = ControlAction.objects.filter(status=ControlStatus.IN_FORCE, expires_on__isnull=False)
    assert in_force.filter(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=30)).exists(), "expiring soon"
    assert in_force.filter(expires_on__lt=today).exists(), "expired, not renewed"
    assert ControlAction.objects.filter(status="disposed", disposal_kind="deduction").exists()

    # valuation and auction: round 1 without bidder, round 2 (sold, or still ahead); a sale after two
    unsold = AuctionRound.objects.filter(round_number=1, result=AuctionResult.UNSOLD).values_list("control_id", flat=True)
    assert AuctionRound.objects.filter(round_number=2, control_id__in=unsold).exists()
    assert Payment.objects.filter(source__in=["auction", "sale"]).exists()
    # the cows: taken by the applicant at ¥55,000
    in_kind = Payment.objects.get(source="in_kind")
    assert in_kind.amount == Decimal("55000.00") and "肉牛四头" in in_kind.payer

    # coercive measures
    measures = Counter(CoerciveMeasure.objects.values_list("kind", flat=True))
    for kind in ("consumption_restriction", "blacklist", "fine", "detention"):
        assert measures[kind], kind

    # money: the three workers' fund distributed by one plan; money held over 30 days
    plan = next(p for p in DistributionPlan.objects.all()
                if len(p.lines) == 3 and {ln["claim_class"] for ln in p.lines} == {ClaimClass.WAGE})
    assert sum(Decimal(ln["paid"]) for ln in plan.lines) == plan.fund == sum(d.amount for d in plan.disbursements.all())
    assert EnforcementCase.objects.filter(status__in=["in_progress", "settled"], held_amount__gt=0,
                                          held_since__lt=today - dt.timedelta(days=30)).exists()

    # settlements: one on schedule, one with a missed instalment, one breached, some performed
    performing = list(Settlement.objects.filter(status=SettlementStatus.PERFORMING).prefetch_related("instalments"))
    assert any(any(i.is_missed(today) for i in s.instalments.all()) for s in performing), "a missed instalment"
    assert any(not any(i.is_missed(today) for i in s.instalments.all()) and any(i.due_on > today for i in s.instalments.all())
               for s in performing), "a settlement performed on schedule"
    assert Settlement.objects.filter(status=SettlementStatus.BREACHED).exists()


def check_closures() -> None:
    today = timezone.localdate()
    closures = Counter(EnforcementCase.objects.filter(status="closed").values_list("closure_type", flat=True))
    assert closures[ClosureType.PERFORMED] and closures[ClosureType.TERMINATED_ROUND]
    for case in EnforcementCase.objects.filter(status="closed"):
        assert case.held_amount == 0, case  # nothing closes with money undisbursed
        if case.closure_type == ClosureType.PERFORMED:
            assert case.outstanding_amount == 0 or case.settlements.filter(status="performed").exists(), case
            assert not case.measures.filter(kind__in=["blacklist", "consumption_restriction"], lifted_on__isnull=True).exists()
        if case.closure_type == ClosureType.TERMINATED_ROUND:
            assert case.closed_on > add_months(case.filed_on, 3), case  # 终本 only after 3 months
            assert case.procedure_steps.filter(kind="applicant_informed").exists()
            assert case.measures.filter(kind="consumption_restriction").exists()
    # a 终本 case resumed as 执恢, which carries on
    resumed = EnforcementCase.objects.filter(type_code="执恢").select_related("origin_case")
    assert resumed.exists()
    for case in resumed:
        assert case.origin_case.closure_type == ClosureType.TERMINATED_ROUND
        assert case.filed_on > case.origin_case.closed_on
        assert case.target_amount == case.origin_case.outstanding_amount
    # open past the 6-month limit
    assert EnforcementCase.objects.filter(status="in_progress", filed_on__lt=today - dt.timedelta(days=200)).exists()


def check_demo_judge(demo: str) -> None:
    """王志刚's "my dossiers": open cases with different alerts (the full demo gives him ~20)."""
    judge = User.objects.get(username="judge")
    assert judge.full_name == "王志刚"
    rows = my_dossiers(judge)
    assert len(rows) >= 3
    alerts = Counter()
    for case in rows:
        alerts.update(flag for flag in ("expiring_controls", "past_limit", "undisbursed_overdue", "missed_instalment")
                      if getattr(case, flag))
    assert {"expiring_controls", "undisbursed_overdue"} <= set(alerts), alerts
    # a 终本 case due for its 6-monthly re-query (in the full demo, one of his own)
    soon = timezone.localdate() + dt.timedelta(days=30)
    assert any((due := requery_due_on(c)) and due <= soon
               for c in EnforcementCase.objects.filter(closure_type=ClosureType.TERMINATED_ROUND))
    assert "showcase dossiers" in demo and "(王志刚)" in demo


def check_cross_execution() -> None:
    """The ladder replayed over the demo's past: cases moved at each rung with the numbers that decided
    it, requests waiting in 石家庄中院's inbox, one designated to 元氏 and entrustments both ways."""
    from transfers.models import DesignationRequest, Entrustment, EscalationStep

    sjz = Court.objects.get(name="石家庄市中级人民法院")
    steps = EscalationStep.objects.all()
    assert {"team_handoff", "other_team", "upper_court"} <= set(steps.values_list("rule", flat=True))
    assert all(s.days_without_progress >= s.limit_days for s in steps.exclude(limit_days=None))
    assert DesignationRequest.objects.filter(upper_court=sjz, status="pending").exists()
    # The demo tour's designated case: from 赞皇 to 元氏, in the demo 元氏 judge's hands (README).
    designated = DesignationRequest.objects.filter(upper_court=sjz, status="designated", from_court__name="赞皇县人民法院",
                                                   target_court__name="元氏县人民法院").order_by("pk").first()
    assert designated.new_case.court.name == "元氏县人民法院"
    assert DesignationRequest.objects.filter(status="rejected").exists()
    assert designated.case.closure_type == "transferred"
    assert designated.new_case.events.filter(kind="registered").exists()
    assert Entrustment.objects.filter(status="replied").count() == 1
    assert Entrustment.objects.filter(overdue_flagged_at__isnull=False).count() == 1
    # No open case is left with its clock run out (the replay went up to today).
    from django.utils import timezone

    assert not EnforcementCase.objects.filter(escalation_due_on__lte=timezone.localdate()).exists()
