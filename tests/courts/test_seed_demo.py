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
from django.test import RequestFactory
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
from tests.dossier import dossier_html

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
    check_tracking_and_relief(demo)
    check_hard_cases(demo)

    models = [*apps.get_app_config("cases").get_models(), *apps.get_app_config("tracking").get_models(),
              *apps.get_app_config("relief").get_models(), *apps.get_app_config("reports").get_models(), Court, User]
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
        # A login always comes with its request (django-axes counts failures per username and address).
        login = RequestFactory().post("/login/")
        assert authenticate(login, username=username, password="demo12345") is not None, username
    # Plus the new cases that designations by 石家庄中院 opened at the receiving courts, the cases registered
    # by handing tracking records over to enforcement, and those the relief demo registered (a small demo
    # has no case it can use: the summary names them).
    extra = re.search(r"relief at 赞皇 \(\+(\d+) cases registered for it", demo)
    assert EnforcementCase.objects.filter(type_code="执", origin_case__isnull=True, tracking_record__isnull=True).count() \
        == CASES + (int(extra.group(1)) if extra else 0)
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
    # Two steps happen as the seed runs, because their services record them only as of today: a tracking
    # record's hand-off registers its case today, and the bankruptcy court's acceptance closes its case today.
    from relief.models import BankruptcyReferral
    from tracking.models import TrackingRecord

    today_only = {*TrackingRecord.objects.exclude(enforcement_case=None).values_list("enforcement_case_id", flat=True),
                  *BankruptcyReferral.objects.filter(status="accepted").values_list("case_id", flat=True)}
    assert today_only
    rows = list(CaseEvent.objects.exclude(kind__in=["registered", "assigned", "escalated"]).exclude(kind="entrustment", data__action="overdue")
                .values_list("occurred_at", "case_id"))
    assert all(timezone.localdate(at) == today for at, case_id in rows if case_id in today_only and timezone.localdate(at) >= today)
    steps = [at for at, case_id in rows if not (case_id in today_only and timezone.localdate(at) == today)]
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
    designated = (DesignationRequest.objects.filter(upper_court=sjz, status="designated", from_court__name="赞皇县人民法院",
                                                    target_court__name="元氏县人民法院").order_by("pk").first()
                  or DesignationRequest.objects.filter(upper_court=sjz, status="designated").order_by("pk").first())
    assert designated.new_case.court == designated.target_court and designated.target_court.parent == sjz
    assert DesignationRequest.objects.filter(status="rejected").exists()
    assert designated.case.closure_type == "transferred"
    assert designated.new_case.events.filter(kind="registered").exists()
    assert Entrustment.objects.filter(status="replied").count() == 1
    assert Entrustment.objects.filter(overdue_flagged_at__isnull=False).count() == 1
    # No open case is left with its clock run out (the replay went up to today).
    from django.utils import timezone

    assert not EnforcementCase.objects.filter(escalation_due_on__lte=timezone.localdate()).exists()


def check_tracking_and_relief(demo: str) -> None:
    """Pre-enforcement tracking at 赞皇 (and 元氏), and judicial aid, bankruptcy referrals and a custodian at
    赞皇 — as the clerk, the bureau chief and the judge see them; the showcase dossiers left alone."""
    from django.test import Client

    from cases.models import Disbursement
    from relief.models import BankruptcyReferral, Custodian, JudicialAid
    from tracking.models import TrackingRecord, TrackingStep
    from tracking.selectors import performance_metrics, tracking_list

    today = timezone.localdate()
    zanhuang = Court.objects.get(name="赞皇县人民法院")
    sjz = Court.objects.get(name="石家庄市中级人民法院")
    clerk, chief = User.objects.get(username="clerk"), User.objects.get(username="chief")
    assert "pre-enforcement tracking:" in demo and "relief at 赞皇" in demo

    # 跟踪履行: a court's list of records, from several divisions, with every outcome
    records = TrackingRecord.objects.filter(court=zanhuang)
    statuses = Counter(records.values_list("status", flat=True))
    assert records.count() >= 20 and TrackingRecord.objects.filter(court__name="元氏县人民法院").exists()
    assert statuses["performed_full"] > statuses["performed_part"] > 0 and statuses["withdrawn"] > 0, statuses
    assert statuses["enforcement"] >= 3 and statuses["tracking"] >= 2, statuses
    assert len(set(records.values_list("division", flat=True))) >= 3
    assert set(tracking_list(user=clerk)) == set(records)  # the clerk sees her court's records, not 元氏's
    still = list(records.filter(status="tracking"))
    assert any(r.is_overdue(today) for r in still), "one overdue"
    assert any(today < r.performance_deadline <= today + dt.timedelta(days=7) for r in still), "one due next week"
    for step in TrackingStep.objects.select_related("record"):
        assert step.record.effective_date <= step.done_on < today and step.done_on.weekday() < 5, step
    assert TrackingStep.objects.filter(kind="warning").exists() and TrackingStep.objects.filter(kind="obligee_check").exists()
    assert records.filter(effective_date__lt=today - dt.timedelta(days=180)).exists(), "spread over months"

    # 自动履行率: the metrics page and its selector agree, between 0 and 1
    client = Client()
    client.force_login(clerk)
    period = {"date_from": (today - dt.timedelta(days=365)).isoformat(), "date_to": today.isoformat()}
    response = client.get("/tracking/metrics/", period)
    assert response.status_code == 200
    shown = response.context["metrics"].total
    figures = performance_metrics(user=chief, date_from=today - dt.timedelta(days=365), date_to=today, court=zanhuang).total
    assert 0 < figures.rate < 1 and shown.rate == figures.rate
    assert figures.decided == statuses["performed_full"] + statuses["performed_part"] + statuses["enforcement"]
    assert figures.performed_full == statuses["performed_full"] and figures.withdrawn == statuses["withdrawn"]

    # the hand-offs registered real cases: today, with the document as basis and the rest to pay as target
    page = client.get("/cases/").content.decode()
    for record in records.filter(status="enforcement").select_related("enforcement_case__basis"):
        case = record.enforcement_case
        assert case.basis.document_number == record.document_number and case.court == zanhuang
        assert case.target_amount == record.remaining_amount and case.filed_on == today == record.outcome_on
        assert case.type_code == "执" and case.handler is not None and case.case_number in page
        names = {p.name for p in record.parties.filter(role="obligee")}
        assert names == set(case.case_parties.filter(role="applicant").values_list("party__name", flat=True))
    assert records.filter(status="enforcement", performed_amount__gt=0).exists(), "the rest of a performance in part"

    # Relief, none of it on the showcase dossiers
    showcase = set(re.findall(r"^ {4}\S+: (（\d{4}）冀\d+执恢?\d+号) \(", demo, flags=re.M))
    assert showcase
    for model in (JudicialAid, BankruptcyReferral, Custodian):
        assert not model.objects.filter(case__case_number__in=showcase).exists(), model
    chief_client = Client()
    chief_client.force_login(chief)

    # judicial aid: one granted and paid (by the state: not in the case's money), one awaiting the chief
    paid = JudicialAid.objects.get(case__court=zanhuang, status="paid")
    assert paid.paid_amount == paid.granted_amount > 0 and paid.decision_number and paid.payments.count() == 1
    case = paid.case
    assert case.recovered_amount == sum((p.amount for p in case.payments.all()), Decimal("0.00"))
    assert not case.payments.filter(received_on__gte=paid.applied_on).exists()
    assert not Disbursement.objects.filter(case=case, paid_on__gte=paid.applied_on).exists()
    html = dossier_html(chief_client, case)
    assert f'id="aid-paid">¥{paid.paid_amount:,.2f}<' in html and f'id="ledger-recovered">¥{case.recovered_amount:,.2f}<' in html
    pending = JudicialAid.objects.get(case__court=zanhuang, status__in=["applied", "assessed"])
    assert pending.decided_on is None and pending.assessment

    # bankruptcy referrals of companies: one transferred to 石家庄中院 and waiting (enforcement suspended
    # since the decision), one accepted (the case closed as terminated, its controls and credit measures lifted)
    waiting = BankruptcyReferral.objects.get(case__court=zanhuang, status="transferred")
    assert waiting.respondent.kind == "organisation" and waiting.consents.exists() and waiting.bankruptcy_court == sjz
    assert waiting.case.status == "suspended" and waiting.case.suspended_since == waiting.decided_on < today
    assert waiting.initiated_on <= waiting.decided_on <= waiting.transferred_on < today
    accepted = BankruptcyReferral.objects.get(case__court=zanhuang, status="accepted")
    done = accepted.case
    assert (done.status, done.closure_type, done.closed_on) == ("closed", "terminated", today)
    assert accepted.ruling_number and accepted.transferred_on <= accepted.outcome_on <= today
    assert not done.controls.filter(status="in_force").exists() and done.held_amount == 0
    assert not done.measures.filter(kind__in=["blacklist", "consumption_restriction"], lifted_on__isnull=True).exists()

    # a custodian leasing a sealed property: the rent (net of the fee) is money recovered in the case
    custodian = Custodian.objects.get(case__court=zanhuang)
    assert custodian.status == "active" and custodian.control.kind == "seal_real_estate" and custodian.control.status == "in_force"
    assert custodian.reports.exists()
    proceed = custodian.proceeds.get(source="rent")
    case = custodian.case
    assert proceed.payment.case == case and proceed.payment.source == "custodian"
    assert proceed.amount == proceed.gross_amount - proceed.fee_amount > 0
    assert proceed.amount <= case.recovered_amount == sum((p.amount for p in case.payments.all()), Decimal("0.00"))
    html = dossier_html(chief_client, case)
    assert f'id="custodian-proceeds-total">¥{proceed.amount:,.2f}<' in html


def check_hard_cases(demo: str) -> None:
    """Petitions and the ledger (reports.demo): counted on their cases, every entry on the timeline and
    audited, check-offs with their reasons, and the rules with nothing left to enter on the sweep's day."""
    from reports.hard_cases import findings
    from reports.models import HardCaseEntry, Petition

    assert "hard-case ledger:" in demo
    petitions = Counter(Petition.objects.values_list("case_id", flat=True))
    assert petitions, "the demo records petitions"
    for case in EnforcementCase.objects.filter(pk__in=petitions):
        assert case.petition_count == petitions[case.pk], case
        if case.petition_count >= 2:
            assert HardCaseEntry.objects.filter(case=case, category="petitions").exists(), case
    entries = list(HardCaseEntry.objects.select_related("case"))
    assert {"old", "petitions"} <= {e.category for e in entries}
    assert any(e.cleared_on for e in entries) and all(e.clear_reason for e in entries if e.cleared_on)
    today = timezone.localdate()
    for e in entries:
        assert e.case.filed_on <= e.tagged_on < today and e.tagged_on.weekday() < 5, e
        assert CaseEvent.objects.filter(case=e.case, kind="hard_case", data__entry=e.pk, data__action="entered").exists(), e
    sweep_day = max(e.tagged_on for e in entries if e.source == "rule")
    assert findings(today=sweep_day) == [], "the demo's ledger is complete as of its last run of the rules"
