"""The hard-case ledger (五类硬骨头台账): the rules on exact days, the daily sweep (set-based and
idempotent), no re-entry of a checked-off fact, entries by hand and who may make them, check-off,
field errors with nothing written, and the escalation ladder reading the interference-risk flag."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from cases.models import CaseEvent, EnforcementCase
from enforcement.errors import FieldErrors, IllegalTransition
from reports import hard_cases
from reports.hard_case_rules import is_long_pending, latest_long_pending_filing
from reports.models import HardCaseEntry, HardCaseRules
from reports.tasks import hard_case_sweep
from tests.cases.dossier_helpers import fresh, on
from tests.reports.ledger_helpers import (
    at,
    case_filed,
    petition,
    state_organ_case,
    sweep,
    yuanshi_chief,
)

pytestmark = pytest.mark.django_db

ZERO = {"old": 0, "petitions": 0, "sensitive": 0, "special_subject": 0, "supervised": 0}


def entries(case, **filters) -> list[tuple[str, str, bool]]:
    return [(e.category, e.source, e.is_open) for e in HardCaseEntry.objects.filter(case=case, **filters).order_by("pk")]


# --- 老案: open more than 12 months ---------------------------------------------------------------------
def test_open_exactly_twelve_months_is_not_long_pending_one_day_more_is(world):
    case = case_filed(world, dt.date(2025, 3, 14))
    assert sweep(dt.date(2026, 3, 14)) == ZERO, "2025-03-14 → 2026-03-14 is exactly twelve months"
    assert entries(case) == []
    assert sweep(dt.date(2026, 3, 15)) == {**ZERO, "old": 1}
    entry = HardCaseEntry.objects.get(case=case)
    assert (entry.category, entry.source, entry.tagged_on, entry.tagged_by) == ("old", "rule", dt.date(2026, 3, 15), None)
    assert entry.figures == {"filed_on": "2025-03-14", "days_open": 366, "months": 12}
    event = CaseEvent.objects.get(case=case, kind="hard_case")
    assert event.data["category"] == "old" and event.data["action"] == "entered" and event.actor is None
    assert event.is_substantive is False


def test_a_filing_on_the_last_of_january_is_twelve_months_old_at_the_end_of_january(world):
    case = case_filed(world, dt.date(2025, 1, 31))
    assert sweep(dt.date(2026, 1, 31)) == ZERO
    assert sweep(dt.date(2026, 2, 1))["old"] == 1
    assert HardCaseEntry.objects.get(case=case).figures["days_open"] == 366


def test_a_closed_case_is_never_long_pending(world, english):
    from cases.services import case_transition

    case = case_filed(world, dt.date(2025, 1, 6))
    with at(dt.date(2025, 2, 3)):
        case_transition(actor=world.chief, case_id=case.pk, transition="start", reason="")
    from cases.closure import case_close

    with at(dt.date(2025, 3, 3)):
        case_close(actor=world.chief, case_id=case.pk, closure_type="withdrawn", reason="申请人撤回执行申请")
    assert sweep(dt.date(2026, 6, 1)) == ZERO


@given(filed=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), today=st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31)),
       months=st.integers(1, 36))
def test_the_sweeps_cut_off_day_agrees_with_the_rule_for_every_date(filed, today, months):
    assert is_long_pending(filed, today, months) == (filed <= latest_long_pending_filing(today, months))


# --- the sweep ----------------------------------------------------------------------------------------
def test_two_sweeps_make_one_entry_per_case_and_category(world):
    old = case_filed(world, dt.date(2025, 1, 6))
    organ = state_organ_case(world, dt.date(2026, 5, 6))
    flagged = case_filed(world, dt.date(2026, 5, 7), upper_court_supervised=True, interference_risk=True)
    young = case_filed(world, dt.date(2026, 5, 8))
    first = sweep(dt.date(2026, 6, 1))
    second = sweep(dt.date(2026, 6, 2))
    hard_case_sweep("2026-06-03")  # the beat task: the same service
    # The flagged cases entered the ledger when they were registered; the sweep adds the old one.
    assert first == {"old": 1, "petitions": 0, "sensitive": 0, "special_subject": 0, "supervised": 0}
    assert second == ZERO
    assert entries(old) == [("old", "rule", True)]
    assert entries(organ) == [("special_subject", "rule", True)]
    assert sorted(entries(flagged)) == [("sensitive", "rule", True), ("supervised", "rule", True)]
    assert entries(young) == []
    assert CaseEvent.objects.filter(kind="hard_case").count() == 4
    # Each entry is audited (simple_history), dated like its timeline event.
    history = HardCaseEntry.history.filter(case_id=organ.pk).get()
    assert history.history_type == "+" and history.history_user is None


def test_the_sweep_costs_the_same_queries_for_two_cases_or_eight(world):
    def run(day):
        with CaptureQueriesContext(connection) as queries:
            sweep(day)
        return len(queries)

    for n in range(2):
        case_filed(world, dt.date(2025, 1, 6 + n))
    few = run(dt.date(2026, 6, 1))
    for n in range(6):
        case_filed(world, dt.date(2025, 2, 3 + n))
    state_organ_case(world, dt.date(2026, 5, 6))
    many = run(dt.date(2026, 6, 2))
    assert HardCaseEntry.objects.count() == 9
    assert many == few, "set-based: a few queries per batch, not per case"
    assert run(dt.date(2026, 6, 3)) < few, "nothing to enter: the rules' queries only"


def test_a_court_with_its_own_thresholds(world):
    HardCaseRules.objects.create(court=world.zanhuang, old_after_months=6, petitions_threshold=3, updated_by=world.chief)
    zh = case_filed(world, dt.date(2025, 11, 3))
    ys = case_filed(world, dt.date(2025, 11, 3), court=world.yuanshi)
    assert sweep(dt.date(2026, 5, 3)) == ZERO
    assert sweep(dt.date(2026, 5, 4)) == {**ZERO, "old": 1}
    assert entries(zh) == [("old", "rule", True)] and entries(ys) == []
    assert HardCaseEntry.objects.get(case=zh).figures["months"] == 6
    case = case_filed(world, dt.date(2026, 5, 4))
    petition(world, case, dt.date(2026, 5, 6))
    petition(world, case, dt.date(2026, 5, 7))
    assert entries(case) == [], "赞皇 counts from 3 petitions"
    petition(world, case, dt.date(2026, 5, 8))
    assert entries(case) == [("petitions", "rule", True)]
    assert HardCaseEntry.objects.get(case=case).figures["threshold"] == 3


# --- no re-entry of the same fact ----------------------------------------------------------------------
def test_a_checked_off_long_pending_case_stays_off(world):
    case = case_filed(world, dt.date(2025, 1, 6))
    sweep(dt.date(2026, 6, 1))
    entry = HardCaseEntry.objects.get(case=case)
    with at(dt.date(2026, 6, 2)):
        hard_cases.hard_case_clear(actor=world.chief, entry_id=entry.pk, reason="已制定执行方案，专人督办")
    assert sweep(dt.date(2026, 6, 3)) == ZERO
    assert sweep(dt.date(2027, 6, 3)) == ZERO
    assert entries(case) == [("old", "rule", False)]


def test_a_special_subject_entry_checked_off_comes_back_only_if_the_flag_is_set_again(world):
    case = state_organ_case(world, dt.date(2026, 5, 6))
    sweep(dt.date(2026, 5, 7))
    entry = HardCaseEntry.objects.get(case=case)
    with at(dt.date(2026, 5, 11)):
        hard_cases.hard_case_clear(actor=world.chief, entry_id=entry.pk, reason="镇政府已列入预算分期履行")
    assert sweep(dt.date(2026, 5, 12)) == ZERO
    assert fresh(case).is_special_subject, "the respondent is still a state organ: the flag describes it and stays"
    from cases.services import _with_actor

    with at(dt.date(2026, 5, 13)):  # e.g. the party record was corrected, then corrected back
        for value in (False, True):
            c = fresh(case)
            c.is_special_subject = value
            _with_actor(c, world.chief, "更正当事人类型")
            c.save(update_fields=["is_special_subject", "updated_at"])
    assert sweep(dt.date(2026, 5, 14)) == {**ZERO, "special_subject": 1}
    assert entries(case) == [("special_subject", "rule", False), ("special_subject", "rule", True)]


# --- entries by hand ----------------------------------------------------------------------------------
def test_the_bureau_chief_flags_interference_risk_and_checking_it_off_clears_the_flag(world, english):
    case = case_filed(world, dt.date(2026, 5, 6))
    with at(dt.date(2026, 6, 1)):
        entry = hard_cases.hard_case_tag(actor=world.chief, case_id=case.pk, category="sensitive",
                                         reason="被执行人系当地重点企业，存在地方保护干预风险")
    assert fresh(case).interference_risk is True
    assert (entry.source, entry.tagged_by, entry.tagged_on) == ("manual", world.chief, dt.date(2026, 6, 1))
    assert sweep(dt.date(2026, 6, 2)) == ZERO, "the flag's entry is open already"
    with at(dt.date(2026, 6, 8)):
        cleared = hard_cases.hard_case_clear(actor=world.chief, entry_id=entry.pk, reason="干预风险已排除")
    assert (cleared.cleared_on, cleared.cleared_by, cleared.clear_reason) == (dt.date(2026, 6, 8), world.chief, "干预风险已排除")
    assert fresh(case).interference_risk is False
    assert sweep(dt.date(2026, 6, 9)) == ZERO
    # The case's audit trail shows who set and who cleared the flag, and why.
    changes = [(h.interference_risk, h.history_user, h.history_change_reason)
               for h in EnforcementCase.history.filter(id=case.pk).order_by("history_date", "history_id")][-2:]
    assert changes == [(True, world.chief, "被执行人系当地重点企业，存在地方保护干预风险"), (False, world.chief, "干预风险已排除")]
    with at(dt.date(2026, 6, 10)), pytest.raises(IllegalTransition):
        hard_cases.hard_case_clear(actor=world.chief, entry_id=entry.pk, reason="再次销号")
    # The entry's own versions are on the case's audit trail too.
    from cases.selectors import case_audit_trail

    trail = [(e["object_repr"], e["action"], e["user"], e["reason"]) for e in case_audit_trail(case=fresh(case))
             if e["object"] == "hard-case ledger entry"]
    assert trail == [("Interference risk 2026-06-01", "changed", "周局长", "Checked off"),
                     ("Interference risk 2026-06-01", "created", "周局长", "Entered in the ledger")]


def test_who_may_flag_interference_risk(world):
    case = case_filed(world, dt.date(2026, 5, 6))
    for outsider in (yuanshi_chief(world), world.judge, world.clerk):
        with at(dt.date(2026, 6, 1)), pytest.raises(PermissionDenied):
            hard_cases.hard_case_tag(actor=outsider, case_id=case.pk, category="sensitive", reason="x")
    assert entries(case) == [] and fresh(case).interference_risk is False
    with at(dt.date(2026, 6, 1)):
        hard_cases.hard_case_tag(actor=world.supervisor, case_id=case.pk, category="sensitive", reason="中院掌握干预线索")
    assert entries(case) == [("sensitive", "manual", True)]


def test_only_an_upper_court_puts_a_case_under_supervision_and_ends_it(world):
    case = case_filed(world, dt.date(2026, 5, 6))
    for own_court in (world.chief, world.judge):
        with at(dt.date(2026, 6, 1)), pytest.raises(PermissionDenied):
            hard_cases.hard_case_tag(actor=own_court, case_id=case.pk, category="supervised", reason="本院督办")
    with at(dt.date(2026, 6, 1)), pytest.raises(PermissionDenied):
        hard_cases.hard_case_tag(actor=yuanshi_chief(world), case_id=case.pk, category="supervised", reason="x")
    assert entries(case) == [] and fresh(case).upper_court_supervised is False
    with at(dt.date(2026, 6, 1)):
        entry = hard_cases.hard_case_tag(actor=world.supervisor, case_id=case.pk, category="supervised",
                                         reason="申请人多次到中院反映，列为中院督办案件")
    assert fresh(case).upper_court_supervised is True
    assert entries(case) == [("supervised", "manual", True)]
    with at(dt.date(2026, 6, 2)), pytest.raises(PermissionDenied):
        hard_cases.hard_case_clear(actor=world.chief, entry_id=entry.pk, reason="本院认为可以销号")
    with at(dt.date(2026, 6, 3)):
        hard_cases.hard_case_clear(actor=world.officer, entry_id=entry.pk, reason="案件已执行完毕，督办结束")
    assert fresh(case).upper_court_supervised is False
    # Supervised again later: a new trigger, a new entry.
    with at(dt.date(2026, 7, 1)):
        hard_cases.hard_case_tag(actor=world.supervisor, case_id=case.pk, category="supervised", reason="再次督办")
    assert entries(case) == [("supervised", "manual", False), ("supervised", "manual", True)]


def test_entering_by_hand_refuses_bad_input_and_writes_nothing(world, english):
    case = case_filed(world, dt.date(2026, 5, 6))
    events = CaseEvent.objects.filter(case=case).count()
    with at(dt.date(2026, 6, 1)), pytest.raises(FieldErrors) as exc:
        hard_cases.hard_case_tag(actor=world.chief, case_id=case.pk, category="sensitive", reason="   ")
    assert exc.value.errors == {"reason": ["Give the reason: what the risk is, or why the upper court supervises the case."]}
    with at(dt.date(2026, 6, 1)), pytest.raises(FieldErrors) as exc:
        hard_cases.hard_case_tag(actor=world.chief, case_id=case.pk, category="old", reason="太久了")
    assert set(exc.value.errors) == {"category"}
    assert entries(case) == [] and fresh(case).interference_risk is False
    assert CaseEvent.objects.filter(case=case).count() == events
    with at(dt.date(2026, 6, 1)):
        hard_cases.hard_case_tag(actor=world.chief, case_id=case.pk, category="sensitive", reason="干预风险")
    with at(dt.date(2026, 6, 2)), pytest.raises(FieldErrors) as exc:
        hard_cases.hard_case_tag(actor=world.chief, case_id=case.pk, category="sensitive", reason="又一次")
    assert exc.value.errors == {"category": ["The case is already in the ledger as Interference risk (since 2026-06-01)."]}
    entry = HardCaseEntry.objects.get(case=case)
    with at(dt.date(2026, 6, 3)), pytest.raises(FieldErrors) as exc:
        hard_cases.hard_case_clear(actor=world.chief, entry_id=entry.pk, reason="")
    assert exc.value.errors == {"reason": ["Give the reason for the check-off: what was resolved."]}
    assert fresh(case).interference_risk is True and HardCaseEntry.objects.get(pk=entry.pk).is_open


def test_a_case_closed_as_performed_is_not_entered_by_hand(world):
    from cases.closure import case_close
    from cases.services import case_transition

    case = case_filed(world, dt.date(2026, 5, 6))
    with at(dt.date(2026, 5, 7)):
        case_transition(actor=world.chief, case_id=case.pk, transition="start", reason="")
        case_close(actor=world.chief, case_id=case.pk, closure_type="withdrawn", reason="申请人撤回")
    with at(dt.date(2026, 6, 1)), pytest.raises(IllegalTransition):
        hard_cases.hard_case_tag(actor=world.supervisor, case_id=case.pk, category="supervised", reason="督办")


def test_an_interference_risk_flagged_by_hand_sends_the_case_straight_to_the_upper_court(world):
    """The escalation ladder reads the flag (transfers.escalation, policy default interference_risk_direct)."""
    from transfers.escalation import case_escalate

    case = case_filed(world, dt.date(2026, 1, 5))
    with at(dt.date(2026, 2, 2)):
        hard_cases.hard_case_tag(actor=world.chief, case_id=case.pk, category="sensitive", reason="被执行人系当地重点企业")
    due = fresh(case).escalation_due_on
    assert due == dt.date(2026, 4, 5), "flagging is not progress: the clock runs on from the filing"
    with at(due, 2):
        step = case_escalate(case_id=case.pk, today=due)
    assert (step.rule, step.level_from, step.level_to) == ("direct_upper", 0, 3)
    assert step.decision["direct_because"] == ["interference_risk"]


def test_a_case_registered_with_a_ledger_flag_enters_the_ledger_at_once(world):
    from cases import services
    from reports.models import HardCaseEntry
    from tests.factories import registration

    with on(2026, 3, 2):
        case = services.case_register(actor=world.clerk, data=registration(world.zanhuang, upper_court_supervised=True))
        plain = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    entries = list(HardCaseEntry.objects.filter(case=case).values_list("category", "tagged_on"))
    assert entries == [("supervised", dt.date(2026, 3, 2))]
    assert not HardCaseEntry.objects.filter(case=plain).exists()
