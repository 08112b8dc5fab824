"""The escalation ladder (DESIGN.md §8.1–8.3): a stalled case climbs one rung at exactly the policy's
day counts, substantive progress and pauses move its clock, and nothing is ever moved twice."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import money as money_services
from cases import services
from cases.models import EnforcementCase, Notification
from courts.models import EscalationPolicy
from tests.cases.dossier_helpers import fresh
from tests.transfers.ladder_helpers import at_day, day, register_on_day0, sweep
from transfers.escalation import case_escalate
from transfers.models import Assignment, DesignationRequest, EscalationRule, EscalationStep, RequestStatus
from transfers.policy import policy_set

pytestmark = pytest.mark.django_db


def test_a_stalled_case_climbs_each_rung_on_exactly_the_policys_day(world):
    case = register_on_day0(world)
    first = fresh(case).handler
    assert fresh(case).escalation_due_on == day(90)

    assert sweep(89) == []
    [step] = sweep(90)
    case = fresh(case)
    # Rung 1: the other judge of the same team, never the one who held it.
    assert (step.level_from, step.level_to, step.rule) == (0, 1, EscalationRule.TEAM_HANDOFF)
    assert (step.days_without_progress, step.limit_days) == (90, 90)
    assert case.team == world.zh_team1 and case.handler != first and case.escalation_level == 1
    assert {j["id"] for j in step.decision["level1"]["judges"]} == {case.handler_id}
    assert case.escalation_due_on == day(150)

    assert sweep(149) == []
    [step] = sweep(150)
    case = fresh(case)
    # Rung 2: another team of the court (team 2, judge 孙法官).
    assert (step.level_from, step.level_to, step.rule) == (1, 2, EscalationRule.OTHER_TEAM)
    assert (case.team, case.handler) == (world.zh_team2, world.judge3)
    assert case.escalation_due_on == day(210)

    assert sweep(209) == []
    [step] = sweep(210)
    case = fresh(case)
    # Rung 3: a designation request to 石家庄中院; the case waits at level 3 with no clock.
    assert (step.level_from, step.level_to, step.rule) == (2, 3, EscalationRule.UPPER_COURT)
    request = DesignationRequest.objects.get(case=case)
    assert (request.upper_court, request.status, request.source) == (world.sjz, RequestStatus.PENDING, "ladder")
    assert case.escalation_level == 3 and case.escalation_due_on is None and case.handler == world.judge3
    assert sweep(400) == []
    # Every move is on the timeline and the applicant was told each time.
    assert case.events.filter(kind="escalated").count() == 3
    messages = list(Notification.objects.filter(case=case).values_list("message", flat=True))
    assert sum("cross-execution" in m or "交叉执行" in m or "referred to" in m or "提交" in m for m in messages) >= 2
    assert Notification.objects.filter(case=case).count() == 4  # registration + three rungs


def test_substantive_progress_restarts_the_clock_and_a_query_does_not(world):
    case = register_on_day0(world)
    with at_day(10):
        services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
    with at_day(50):
        money_services.payment_record(actor=world.chief, case_id=case.pk, amount="1000.00", received_on=day(50),
                                      source="debtor")
    assert fresh(case).clock_from == day(50)
    assert fresh(case).escalation_due_on == day(140)
    assert sweep(90) == [] and sweep(139) == []
    with at_day(100):
        services.case_event_record(case=fresh(case), kind="note", actor=world.judge, description="phoned the respondent")
    assert fresh(case).escalation_due_on == day(140)
    assert len(sweep(140)) == 1


def test_the_clock_pauses_while_suspended(world):
    case = register_on_day0(world)
    with at_day(10):
        services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
    with at_day(30):
        services.case_transition(actor=world.chief, case_id=case.pk, transition="suspend", reason="被执行人下落不明")
    assert fresh(case).escalation_due_on is None
    assert sweep(95) == []
    with at_day(45):
        services.case_transition(actor=world.chief, case_id=case.pk, transition="resume")
    # 15 days paused: due on day 105 instead of 90.
    assert fresh(case).escalation_due_on == day(105)
    assert sweep(104) == [] and len(sweep(105)) == 1


def test_a_second_run_or_a_redelivered_task_moves_nothing(world):
    case = register_on_day0(world)
    assert len(sweep(90)) == 1
    with at_day(90, 3):
        assert case_escalate(case_id=case.pk, today=day(90)) is None
    assert sweep(90) == []
    assert EscalationStep.objects.filter(case=case).count() == 1
    assert Assignment.objects.filter(case=case).count() == 2


def test_rungs_nobody_can_take_are_skipped_and_said_so(world):
    # 赞皇 with a single judge in a single team: rung 1 and 2 have nobody, the case goes to the upper court.
    from courts.models import TeamMembership

    TeamMembership.objects.filter(user__in=[world.judge2, world.judge3]).update(is_active=False)
    case = register_on_day0(world)
    [step] = sweep(90)
    assert (step.level_from, step.level_to, step.rule) == (0, 3, EscalationRule.UPPER_COURT)
    assert [s["level"] for s in step.decision["skipped"]] == [1, 2]
    assert DesignationRequest.objects.filter(case=case, status="pending").count() == 1


def test_special_subject_goes_straight_to_the_upper_court(world):
    case = register_on_day0(world)
    EnforcementCase.objects.filter(pk=case.pk).update(interference_risk=True)
    [step] = sweep(90)
    assert (step.level_to, step.rule) == (3, EscalationRule.DIRECT_UPPER)
    assert step.decision["direct_because"] == ["interference_risk"]


def test_a_policy_version_applies_from_its_date_and_steps_keep_theirs(world):
    case = register_on_day0(world)
    with at_day(20):
        policy = policy_set(actor=world.chief, court_id=world.zanhuang.pk, effective_from=day(20), level0_days=30,
                            level1_days=20, level2_days=10, special_subject_direct=True, interference_risk_direct=True,
                            reason="专项行动")
    assert fresh(case).escalation_due_on == day(30)
    [step] = sweep(30)
    assert step.policy == policy and step.limit_days == 30
    assert fresh(case).escalation_due_on == day(50)
    # A later version for the future does not touch today's clocks until its day.
    with at_day(31):
        policy_set(actor=world.chief, court_id=world.zanhuang.pk, effective_from=day(40), level0_days=90, level1_days=60,
                   level2_days=60, special_subject_direct=True, interference_risk_direct=True, reason="恢复默认")
    assert fresh(case).escalation_due_on == day(50)
    from transfers.tasks import escalation_sweep

    with at_day(40, 2):
        escalation_sweep.apply(kwargs={"today": day(40).isoformat()})
    assert fresh(case).escalation_due_on == day(90)
    assert EscalationPolicy.objects.get(pk=policy.pk).level0_days == 30
    assert EscalationStep.objects.get(pk=step.pk).policy.level0_days == 30


def test_a_past_effective_date_and_a_used_version_are_refused(world, english):
    from enforcement.errors import FieldErrors

    with at_day(10):
        with pytest.raises(FieldErrors) as exc:
            policy_set(actor=world.chief, court_id=world.zanhuang.pk, effective_from=day(9), level0_days=0,
                       level1_days="x", level2_days=60, special_subject_direct=True, interference_risk_direct=True, reason="")
    assert set(exc.value.errors) == {"effective_from", "level0_days", "level1_days", "reason"}
    assert not EscalationPolicy.objects.exists()


def test_only_the_bureau_chief_sets_the_policy(world):
    from django.core.exceptions import PermissionDenied

    for user in (world.judge, world.ys_judge, world.officer):
        with pytest.raises(PermissionDenied):
            policy_set(actor=user, court_id=world.zanhuang.pk, effective_from=dt.date.today(), level0_days=30,
                       level1_days=30, level2_days=30, special_subject_direct=True, interference_risk_direct=True, reason="x")


def test_closure_stops_the_clock(world):
    case = register_on_day0(world)
    with at_day(5):
        services.case_transition(actor=world.chief, case_id=case.pk, transition="close", closure_type="withdrawn",
                                 reason="申请人撤回申请")
    assert fresh(case).escalation_due_on is None
    assert sweep(90) == []


def test_the_clock_pauses_while_a_settlement_is_performed_and_runs_again_on_breach(world):
    case = register_on_day0(world)
    with at_day(10):
        services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
    with at_day(20):
        money_services.settlement_record(
            actor=world.chief, case_id=case.pk, agreed_on=day(20), agreed_amount="60000.00",
            instalments=[{"due_on": day(50), "amount": "30000.00"}, {"due_on": day(80), "amount": "30000.00"}],
            terms="分两期付清")
    # Agreeing a settlement is progress (day 20), and the clock stops while it is performed.
    assert (fresh(case).clock_from, fresh(case).clock_paused_since, fresh(case).escalation_due_on) == (day(20), day(20), None)
    assert sweep(150) == []
    with at_day(90):
        money_services.settlement_breach(actor=world.chief, case_id=case.pk, reason="第一期未履行", breached_on=day(90))
    # 70 paused days: the 90-day limit now runs out on day 180.
    assert (fresh(case).clock_from, fresh(case).escalation_due_on) == (day(90), day(180))
    assert sweep(179) == [] and len(sweep(180)) == 1
