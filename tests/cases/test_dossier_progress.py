"""Substantive progress (DESIGN.md §8.2) as the dossier services record it; who may write to a
dossier; and a closed case being read-only (except the re-query after 终本)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cases import dossier, money, services
from cases.closure import TerminationFacts, case_close
from cases.models import CaseEvent, EventKind
from cases.progress import days_without_progress, is_substantive, last_progress_from_timeline
from enforcement.errors import FieldErrors, IllegalTransition
from tests.cases.dossier_helpers import (
    SHANGHAI,
    D,
    applicant_ids,
    freeze,
    fresh,
    on,
    register,
    respondent_id,
    row_counts,
    seal,
)
from transfers.services import case_reassign

# Exact messages are asserted in English (the msgids), independent of the catalogue.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
d = dt.date



def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


# --- the rule ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind,data,expected", [
    (EventKind.PAYMENT, {}, True),
    (EventKind.CONTROL, {}, True),
    (EventKind.DISPOSAL, {}, True),
    (EventKind.CLOSED, {}, True),
    (EventKind.SETTLEMENT, {"action": "agreed"}, True),
    (EventKind.SETTLEMENT, {"action": "performed"}, False),
    (EventKind.SETTLEMENT, {"action": "breached"}, False),
    (EventKind.SETTLEMENT, None, False),
    (EventKind.INVESTIGATION, {"result": "found"}, False),
    (EventKind.INVESTIGATION, {"result": "none"}, False),
    (EventKind.PROCEDURE, {}, False),
    (EventKind.MEASURE, {}, False),
    (EventKind.MEASURE_LIFTED, {}, False),
    (EventKind.CONTROL_RENEWED, {}, False),
    (EventKind.CONTROL_RELEASED, {}, False),
    (EventKind.VALUATION, {}, False),
    (EventKind.AUCTION, {}, False),
    (EventKind.DISBURSEMENT, {}, False),
    (EventKind.REASSIGNED, {}, False),
    (EventKind.ASSIGNED, {}, False),
    (EventKind.REGISTERED, {}, False),
    (EventKind.STATUS_CHANGED, {}, False),
    (EventKind.NOTE, {}, False),
    (EventKind.RESUMED, {}, False),
])
def test_which_events_are_substantive_progress(kind, data, expected):
    assert is_substantive(kind, data) is expected


@pytest.fixture
def case(world):
    with on(2026, 3, 2):
        case = register(world, target="1200000.00")
    assert case.handler == world.judge  # the first case of the court goes to 赵法官 (team 1)
    return case


def test_a_new_case_has_no_progress_and_its_clock_runs_from_registration(world, case):
    c = fresh(case)
    assert c.last_progress_at is None
    assert days_without_progress(c, today=d(2026, 6, 1)) == 91
    assert days_without_progress(c, today=d(2026, 3, 1)) == 0


def _sold_at_auction(world, case):
    control = seal(world, case)
    dossier.valuation_record(actor=world.judge, control_id=control.pk, method="online_inquiry", value="1000000.00",
                             valued_on=d(2026, 4, 1))
    auction = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                       starts_on=d(2026, 4, 1))
    dossier.auction_conclude(actor=world.judge, auction_id=auction.pk, result="sold", sale_price="700000.00", buyer="王某某")


SUBSTANTIVE = {
    "payment": lambda w, c: money.payment_record(actor=w.judge, case_id=c.pk, amount="100.00", received_on=d(2026, 4, 1)),
    "control": lambda w, c: seal(w, c),
    "deduction": lambda w, c: dossier.control_deduct(actor=w.judge, control_id=freeze(w, c).pk, amount="100.00"),
    "disposal": _sold_at_auction,
    "settlement": lambda w, c: money.settlement_record(
        actor=w.judge, case_id=c.pk, agreed_on=d(2026, 4, 1), agreed_amount="1000.00",
        instalments=[{"due_on": d(2026, 5, 1), "amount": "1000.00"}]),
    "closure": lambda w, c: (services.case_transition(actor=w.judge, case_id=c.pk, transition="start"),
                             case_close(actor=w.judge, case_id=c.pk, closure_type="terminated", reason="被执行人死亡且无遗产")),
}


@pytest.mark.parametrize("action", list(SUBSTANTIVE))
def test_substantive_actions_restart_the_progress_clock(world, case, action):
    with on(2026, 4, 1, hour=15):
        SUBSTANTIVE[action](world, case)
    c = fresh(case)
    assert c.last_progress_at == _moment(d(2026, 4, 1), 15)
    assert last_progress_from_timeline(c) == c.last_progress_at
    assert days_without_progress(c, today=d(2026, 4, 11)) == 10
    assert c.events.filter(is_substantive=True).exists()


def test_work_without_result_does_not_count_as_progress(world, case):
    rid = respondent_id(case)
    with on(2026, 3, 5):
        control = seal(world, case)  # the last substantive progress
    progress = _moment(d(2026, 3, 5))
    steps = [
        lambda: dossier.investigation_record(actor=world.judge, case_id=case.pk, category="vehicle", result="found",
                                             queried_on=d(2026, 3, 10), details="冀A12345 小型轿车"),
        lambda: dossier.investigation_record(actor=world.judge, case_id=case.pk, category="deposit", result="none",
                                             queried_on=d(2026, 3, 10)),
        lambda: dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="enforcement_notice",
                                         done_on=d(2026, 3, 10)),
        lambda: dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="consumption_restriction",
                                      respondent=rid, issued_on=d(2026, 3, 10), reason="未履行"),
        lambda: dossier.control_renew(actor=world.judge, control_id=control.pk),
        lambda: dossier.valuation_record(actor=world.judge, control_id=control.pk, method="appraisal",
                                         value="1000000.00", valued_on=d(2026, 3, 10)),
        lambda: dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                         starts_on=d(2026, 3, 16)),
        lambda: dossier.auction_conclude(actor=world.judge, auction_id=control.auction_rounds.get().pk, result="unsold"),
        lambda: money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=applicant_ids(case)[0],
                                          claim_amount="85000.00"),
        lambda: case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge2.pk, reason="均衡办案量"),
        lambda: dossier.control_release(actor=world.judge2, control_id=control.pk, reason="案外人异议成立"),
    ]
    for day, step in enumerate(steps, start=10):
        with on(2026, 3, day):
            step()
        assert fresh(case).last_progress_at == progress, step
    c = fresh(case)
    assert days_without_progress(c, today=d(2026, 4, 5)) == 31
    kinds = set(c.events.filter(occurred_at__gt=progress).values_list("kind", flat=True))
    assert kinds == {"investigation", "procedure", "measure", "control_renewed", "valuation", "auction", "note",
                     "reassigned", "control_released"}
    assert not c.events.filter(occurred_at__gt=progress, is_substantive=True).exists()
    assert last_progress_from_timeline(c) == progress


def test_progress_clock_keeps_the_latest_progress(world, case):
    with on(2026, 3, 5):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="100.00", received_on=d(2026, 3, 5))
    with on(2026, 3, 20):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="100.00", received_on=d(2026, 3, 20))
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="200.00", paid_on=d(2026, 3, 20),
                                  payee=applicant_ids(case)[0])
    assert fresh(case).last_progress_at == _moment(d(2026, 3, 20))


# --- who may write -------------------------------------------------------------------------------
class Objects:
    """A dossier with something of every kind, for calling each service against it."""


@pytest.fixture
def objs(world, case):
    o = Objects()
    o.case = case
    o.rid = respondent_id(case)
    o.applicant = applicant_ids(case)[0]
    with on(2026, 3, 5):
        o.seal = seal(world, case)
        dossier.valuation_record(actor=world.judge, control_id=o.seal.pk, method="appraisal", value="1000000.00",
                                 valued_on=d(2026, 3, 5))
        o.auction = dossier.auction_schedule(actor=world.judge, control_id=o.seal.pk, reserve_price="700000.00",
                                             starts_on=d(2026, 3, 20))
        o.freeze = freeze(world, case)
        o.lead = dossier.investigation_record(actor=world.judge, case_id=case.pk, category="applicant_lead",
                                              result="pending", details="被执行人在某公司有未领工资")
        o.measure = dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=o.rid,
                                          issued_on=d(2026, 3, 5), reason="拒不履行")
    return o


TODAY = d(2026, 4, 1)
WRITES = {
    "investigation_record": lambda a, o: dossier.investigation_record(actor=a, case_id=o.case.pk, category="deposit",
                                                                      result="none", queried_on=TODAY),
    "investigation_update": lambda a, o: dossier.investigation_update(actor=a, investigation_id=o.lead.pk,
                                                                      result="none", queried_on=TODAY),
    "procedure_record": lambda a, o: dossier.procedure_record(actor=a, case_id=o.case.pk, kind="site_visit",
                                                              done_on=TODAY),
    "control_apply": lambda a, o: dossier.control_apply(actor=a, case_id=o.case.pk, kind="seal_movable",
                                                        asset="挖掘机一台", started_on=TODAY),
    "control_renew": lambda a, o: dossier.control_renew(actor=a, control_id=o.freeze.pk),
    "control_release": lambda a, o: dossier.control_release(actor=a, control_id=o.freeze.pk, reason="担保"),
    "control_deduct": lambda a, o: dossier.control_deduct(actor=a, control_id=o.freeze.pk, amount="100.00"),
    "valuation_record": lambda a, o: dossier.valuation_record(actor=a, control_id=o.seal.pk, method="appraisal",
                                                              value="900000.00", valued_on=TODAY),
    "auction_schedule": lambda a, o: dossier.auction_schedule(actor=a, control_id=o.seal.pk, reserve_price="700000.00",
                                                              starts_on=d(2026, 5, 1)),
    "auction_conclude": lambda a, o: dossier.auction_conclude(actor=a, auction_id=o.auction.pk, result="unsold"),
    "sale_record": lambda a, o: dossier.sale_record(actor=a, control_id=o.seal.pk, price="600000.00", buyer="赵某"),
    "in_kind_transfer": lambda a, o: dossier.in_kind_transfer(actor=a, control_id=o.seal.pk, applicant=o.applicant,
                                                              value="1000.00", by_agreement=True),
    "measure_issue": lambda a, o: dossier.measure_issue(actor=a, case_id=o.case.pk, kind="exit_ban", respondent=o.rid,
                                                        issued_on=TODAY, reason="可能出境逃避执行"),
    "measure_lift": lambda a, o: dossier.measure_lift(actor=a, measure_id=o.measure.pk, reason="履行完毕"),
    "payment_record": lambda a, o: money.payment_record(actor=a, case_id=o.case.pk, amount="100.00", received_on=TODAY),
    "disbursement_record": lambda a, o: money.disbursement_record(actor=a, case_id=o.case.pk, amount="100.00",
                                                                  paid_on=TODAY, payee=o.applicant),
    "applicant_claim_set": lambda a, o: money.applicant_claim_set(actor=a, case_id=o.case.pk, party=o.applicant,
                                                                  claim_amount="1000.00"),
    "distribution_execute": lambda a, o: money.distribution_execute(actor=a, case_id=o.case.pk),
    "settlement_record": lambda a, o: money.settlement_record(
        actor=a, case_id=o.case.pk, agreed_on=TODAY, agreed_amount="1000.00",
        instalments=[{"due_on": d(2026, 5, 1), "amount": "1000.00"}]),
    "settlement_breach": lambda a, o: money.settlement_breach(actor=a, case_id=o.case.pk, reason="未按期履行"),
    "case_close": lambda a, o: case_close(actor=a, case_id=o.case.pk, closure_type="terminated", reason="撤回"),
}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("who", ["ys_judge", "clerk", "judge3", "supervisor"])
def test_only_those_working_the_case_may_write_to_its_dossier(world, objs, write, who):
    """A judge of another court, a clerk, a judge of another team and an upper-court supervisor
    are all refused, and nothing is written."""
    before = row_counts()
    with on(2026, 4, 1), pytest.raises(PermissionDenied):
        WRITES[write](getattr(world, who), objs)
    assert row_counts() == before


@pytest.mark.parametrize("who", ["judge2", "chief"])
def test_the_handlers_team_and_the_bureau_chief_may_write(world, objs, who):
    with on(2026, 4, 1):
        WRITES["payment_record"](getattr(world, who), objs)
    assert fresh(objs.case).recovered_amount == D("100.00")


# --- one transaction ----------------------------------------------------------------------------
def _gateway_down(**kwargs):
    raise RuntimeError("SMS gateway down")


@pytest.mark.parametrize("write", ["control_apply", "control_deduct", "in_kind_transfer", "payment_record",
                                   "settlement_record", "distribution_execute"])
def test_a_failure_at_the_end_of_a_write_leaves_nothing_behind(world, objs, monkeypatch, write):
    """The applicant's message is queued last: if that fails, the rows, the totals, the control's
    status and the timeline written before it are all rolled back with it."""
    if write == "distribution_execute":
        with on(2026, 3, 30):
            money.payment_record(actor=world.judge, case_id=objs.case.pk, amount="5000.00", received_on=d(2026, 3, 30))
    if write == "in_kind_transfer":  # not while the auction is scheduled
        with on(2026, 3, 30):
            dossier.auction_conclude(actor=world.judge, auction_id=objs.auction.pk, result="unsold")
    monkeypatch.setattr("cases.money.notify_applicants", _gateway_down)
    monkeypatch.setattr("cases.dossier.notify_applicants", _gateway_down)
    before = row_counts()
    case_before = fresh(objs.case)
    controls_before = list(objs.case.controls.order_by("pk").values_list("status", "deducted_amount", "disposal_amount"))
    with on(2026, 4, 1), pytest.raises(RuntimeError, match="SMS gateway down"):
        WRITES[write](world.judge, objs)
    assert row_counts() == before
    after = fresh(objs.case)
    for field in ("status", "recovered_amount", "disbursed_amount", "held_amount", "held_since", "last_progress_at"):
        assert getattr(after, field) == getattr(case_before, field), field
    assert list(objs.case.controls.order_by("pk").values_list("status", "deducted_amount", "disposal_amount")) == \
        controls_before


# --- a closed case is read-only ------------------------------------------------------------------
# Release of a control and lifting of a measure remain possible after closure: they undo the
# court's own coercion once it has no purpose (解除查封/冻结, 信用修复).
AFTER_CLOSURE_ALLOWED = {"control_release", "measure_lift"}
REQUERY_AFTER_TERMINATED_ROUND = {"investigation_record", "investigation_update", "control_renew"}


def _withdraw_and_close(world, objs):
    """Closing other than by 终本 ends the court's controls first: the auction is withdrawn, the seal
    and the freeze released."""
    with on(2026, 3, 24):
        dossier.auction_conclude(actor=world.judge, auction_id=objs.auction.pk, result="withdrawn")
        for control in (objs.seal, objs.freeze):
            dossier.control_release(actor=world.judge, control_id=control.pk, reason="申请执行人撤回执行申请")
    with on(2026, 3, 25):
        case_close(actor=world.judge, case_id=objs.case.pk, closure_type="terminated", reason="申请执行人撤回执行申请")


@pytest.mark.parametrize("write", [w for w in WRITES if w not in AFTER_CLOSURE_ALLOWED])
def test_a_closed_case_refuses_dossier_writes(world, objs, write):
    _withdraw_and_close(world, objs)
    before = row_counts()
    with on(2026, 4, 1), pytest.raises(IllegalTransition) as exc:
        WRITES[write](world.judge, objs)
    assert exc.value.current_status == "closed"
    assert str(exc.value) == f"Case {objs.case.case_number} is closed: it can no longer be changed."
    assert row_counts() == before


@pytest.mark.parametrize("write", sorted(AFTER_CLOSURE_ALLOWED))
def test_a_closed_case_still_releases_controls_and_lifts_measures(world, objs, terminated_round, write):
    """After 终本 the seals and freezes stay in force; they can still be released, measures lifted."""
    with on(2026, 6, 20):
        WRITES[write](world.judge, objs)
    assert fresh(objs.case).status == "closed"


@pytest.fixture
def terminated_round(world, objs):
    """objs' case closed by 终本 on 2026-06-10."""
    case = objs.case
    rid = objs.rid
    with on(2026, 3, 20):
        dossier.auction_conclude(actor=world.judge, auction_id=objs.auction.pk, result="withdrawn")
    with on(2026, 3, 21):
        for kind in ("enforcement_notice", "asset_report_order"):
            dossier.procedure_record(actor=world.judge, case_id=case.pk, kind=kind, done_on=d(2026, 3, 6))
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="consumption_restriction", respondent=rid,
                              issued_on=d(2026, 3, 6), reason="未履行")
        for category in ("deposit", "real_estate", "vehicle", "securities", "business", "social_insurance", "household"):
            dossier.investigation_record(actor=world.judge, case_id=case.pk, category=category, result="none",
                                         queried_on=d(2026, 3, 6))
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="applicant_informed", done_on=d(2026, 3, 7),
                                 applicant_opinion="同意终本")
    # the applicant's lead stays pending until the checklist's refusal is answered
    with on(2026, 6, 10):
        with pytest.raises(FieldErrors) as exc:
            case_close(actor=world.judge, case_id=case.pk, closure_type="terminated_round", reason="无可供执行财产")
        assert exc.value.errors["missing"] == ["leads_pending", "undisposable_reason"]
        dossier.investigation_update(actor=world.judge, investigation_id=objs.lead.pk, result="none",
                                     queried_on=d(2026, 6, 10))
        case_close(actor=world.judge, case_id=case.pk, closure_type="terminated_round", reason="无可供执行财产",
                   facts=TerminationFacts(undisposable_reason="房屋为唯一住房；存款系低保金"))
    return objs


@pytest.mark.parametrize("write", [w for w in WRITES if w not in AFTER_CLOSURE_ALLOWED | REQUERY_AFTER_TERMINATED_ROUND])
def test_a_terminated_round_case_refuses_dossier_writes(world, terminated_round, write):
    before = row_counts()
    with on(2026, 12, 1), pytest.raises(IllegalTransition):
        WRITES[write](world.judge, terminated_round)
    assert row_counts() == before


def test_a_terminated_round_case_may_be_requeried_and_its_controls_kept_in_force(world, terminated_round):
    o = terminated_round
    with on(2026, 12, 1):
        found = dossier.investigation_record(actor=world.judge, case_id=o.case.pk, category="vehicle", result="found",
                                             queried_on=d(2026, 12, 1), details="新登记车辆 冀A88888")
        dossier.control_renew(actor=world.judge, control_id=o.freeze.pk)
    assert found.case_id == o.case.pk
    o.freeze.refresh_from_db()
    assert o.freeze.expires_on == d(2028, 3, 1)
    c = fresh(o.case)
    assert (c.status, c.closure_type) == ("closed", "terminated_round")
    assert CaseEvent.objects.filter(case=c, kind="investigation", data__result="found").exists()
