"""The escalation ladder (交叉执行, DESIGN.md §8.1–8.3): rung 1 (another judge of the team), rung 2
(another team), rung 3 (a designation request to the upper court).

``escalation_candidates`` is the sweep's one indexed query; ``case_escalate`` moves one case one rung,
under its row lock, after re-checking that its clock really ran out — so a sweep run twice or a task
delivered twice never moves a case twice. The clock itself is kept by cases.clock.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.clock import TOP_LEVEL, clock_arrive, days_on_clock, policy_in_force
from cases.models import CaseStatus, EnforcementCase, EventKind
from courts.models import EscalationPolicy, Team, User
from transfers.models import (
    Assignment,
    AssignmentKind,
    DesignationRequest,
    EscalationRule,
    EscalationStep,
    RequestSource,
    RequestStatus,
)
from transfers.selectors import judges_with_load, teams_with_load

RUNNING = (CaseStatus.REGISTERED, CaseStatus.IN_PROGRESS)

# Why a rung was skipped (stored as a code on the step, shown translated).
SKIP_REASONS = {
    "no_active_team": gettext_lazy("the case has no active team"),
    "team_all_held": gettext_lazy("every active judge of the team has already held the case"),
    "no_other_team": gettext_lazy("no other team of the court has an active judge who has not held the case"),
}


def skip_reason(code: str) -> str:
    return str(SKIP_REASONS.get(code, code))


def escalation_candidates(today: dt.date) -> QuerySet[EnforcementCase]:
    """Cases whose clock has run out on ``today``: one query on the partial index of
    ``escalation_due_on`` (the column is null for cases with no running clock)."""
    return EnforcementCase.objects.filter(escalation_due_on__lte=today).order_by("escalation_due_on", "pk")


def _held_by(case: EnforcementCase) -> tuple[set[int], set[int]]:
    """Judges and teams that have held the case (its assignment history)."""
    rows = list(Assignment.objects.filter(case=case).values_list("handler_id", "team_id"))
    return {h for h, _t in rows if h}, {t for _h, t in rows if t}


def level1_choice(case: EnforcementCase) -> tuple[User | None, dict]:
    """Rung 1 (DESIGN.md §8.3): active judges of the same team who never handled this case, fewest
    open cases first, ties by user id."""
    handlers, _teams = _held_by(case)
    if case.team_id is None or not case.team.is_active:
        return None, {"why_none": "no_active_team"}
    judges = [j for j in judges_with_load(case.team) if j.pk not in handlers]
    numbers = {"team": case.team.name, "judges": [{"id": j.pk, "name": j.display_name, "open_cases": j.open_cases}
                                                  for j in judges[:10]]}
    if not judges:
        numbers["why_none"] = "team_all_held"
        return None, numbers
    return judges[0], numbers


def level2_choice(case: EnforcementCase) -> tuple[Team | None, User | None, dict]:
    """Rung 2: the team that never held the case with the fewest open cases per judge, then its
    judge with the fewest open cases (never one who held the case)."""
    handlers, held_teams = _held_by(case)
    if case.team_id:
        held_teams.add(case.team_id)
    teams = [t for t in teams_with_load(case.court) if t.pk not in held_teams]
    numbers: dict = {"teams": [{"id": t.pk, "name": t.name, "open_cases": t.open_cases, "judges": t.judge_count,
                                "per_judge": f"{t.load_per_judge:.2f}"} for t in teams[:10]]}
    for team in teams:
        judges = [j for j in judges_with_load(team) if j.pk not in handlers]
        if judges:
            numbers["judges"] = [{"id": j.pk, "name": j.display_name, "open_cases": j.open_cases} for j in judges[:10]]
            return team, judges[0], numbers
    numbers["why_none"] = "no_other_team"
    return None, None, numbers


def _policy_numbers(policy: EscalationPolicy) -> dict:
    return {"policy": {"id": policy.pk, "effective_from": policy.effective_from.isoformat(), "level0_days": policy.level0_days,
                       "level1_days": policy.level1_days, "level2_days": policy.level2_days,
                       "special_subject_direct": policy.special_subject_direct,
                       "interference_risk_direct": policy.interference_risk_direct}}


def _reassign(case: EnforcementCase, *, team, handler, actor, reason: str, decision: dict, at: dt.datetime) -> None:
    from cases.services import _with_actor
    from transfers.services import _open_assignment

    case.team, case.handler = team, handler
    _with_actor(case, actor, reason)
    case.save(update_fields=["team", "handler", "escalation_level", "updated_at"])
    _open_assignment(case=case, team=team, handler=handler, kind=AssignmentKind.ESCALATION, actor=actor, reason=reason,
                     decision=decision, at=at)


def request_open(*, case: EnforcementCase, source: str, reason: str, actor: User | None, at: dt.datetime) -> DesignationRequest:
    """Put the (locked) case before its upper court. The caller checked there is one and none is pending."""
    request = DesignationRequest(case=case, from_court=case.court, upper_court=case.court.parent, source=source,
                                 reason=reason[:1000], requested_by=actor, created_at=at)
    request._history_user = actor
    request.save()
    return request


@transaction.atomic
def case_escalate(*, case_id: int, today: dt.date | None = None, actor: User | None = None) -> EscalationStep | None:
    """Move one case one rung if — re-checked under its row lock — its clock has run out. Returns the
    step written, or None when there was nothing to do (already moved, progress meanwhile, paused)."""
    from cases.notifications import notify_applicants
    from cases.services import _RECORDED_AT, _with_actor, case_event_record

    today = today or timezone.localdate()
    at = _RECORDED_AT.get() or timezone.now()
    # Not team/handler: a row re-read after waiting for the lock keeps its joined rows as they were.
    case = (EnforcementCase.objects.select_for_update(of=("self",)).select_related("court", "court__parent")
            .filter(pk=case_id).first())
    if case is None:
        return None
    policy = policy_in_force(case.court_id, today)
    limit = policy.limit_for(case.escalation_level)
    due = case.clock_from + dt.timedelta(days=limit) if (limit and case.clock_from) else None
    if case.status not in RUNNING or case.clock_paused_since or due is None or due > today:
        if case.escalation_due_on is not None and case.escalation_due_on != (due if case.status in RUNNING else None):
            # The stored due date was stale (e.g. a policy changed): put it right, move nothing.
            from cases.clock import clock_after_event

            clock_after_event(case, day=today, substantive=False)
        return None
    if DesignationRequest.objects.filter(case=case, status=RequestStatus.PENDING).exists():
        clock_arrive(case, level=TOP_LEVEL, day=today, policy=policy)
        return None

    level_from = case.escalation_level
    old_handler, old_team = case.handler, case.team
    days = days_on_clock(case, today)
    decision: dict = {"days_without_progress": days, "limit_days": limit, "clock_from": case.clock_from.isoformat(),
                      "due_on": due.isoformat(), **_policy_numbers(policy)}
    skipped: list[dict] = []
    rule = None
    new_team, new_handler, level_to = old_team, old_handler, level_from

    if policy.goes_direct(case):
        rule = EscalationRule.DIRECT_UPPER
        decision["direct_because"] = [k for k, v in (("special_subject", case.is_special_subject),
                                                     ("interference_risk", case.interference_risk)) if v]
    if rule is None and level_from == 0:
        judge, numbers = level1_choice(case)
        decision["level1"] = numbers
        if judge is not None:
            rule, new_handler, level_to = EscalationRule.TEAM_HANDOFF, judge, 1
        else:
            skipped.append({"level": 1, "why": numbers.get("why_none", "")})
    if rule is None and level_from <= 1:
        team, judge, numbers = level2_choice(case)
        decision["level2"] = numbers
        if judge is not None:
            rule, new_team, new_handler, level_to = EscalationRule.OTHER_TEAM, team, judge, 2
        else:
            skipped.append({"level": 2, "why": numbers.get("why_none", "")})
    if rule is None:
        rule = EscalationRule.UPPER_COURT
    if skipped:
        decision["skipped"] = skipped

    if rule in (EscalationRule.UPPER_COURT, EscalationRule.DIRECT_UPPER):
        if case.court.parent_id is None:
            rule, level_to = EscalationRule.NO_UPPER_COURT, level_from
        else:
            level_to = TOP_LEVEL

    reason = _rung_reason(rule, days=days, limit=limit)
    step = EscalationStep(
        case=case, court=case.court, level_from=level_from, level_to=level_to, rule=rule, policy=policy if policy.pk else None,
        days_without_progress=days, limit_days=limit, decision=decision, old_handler=old_handler, new_handler=new_handler,
        old_team=old_team, new_team=new_team, actor=actor, reason=reason, occurred_at=at,
    )
    case.escalation_level = level_to
    if rule in (EscalationRule.TEAM_HANDOFF, EscalationRule.OTHER_TEAM):
        _reassign(case, team=new_team, handler=new_handler, actor=actor, reason=reason, decision=decision, at=at)
        description = _("Cross execution, level %(from)d → %(to)d: %(days)d days without substantive progress (limit %(limit)d); "
                        "handed from %(old)s to %(new)s (%(team)s)") % {
            "from": level_from, "to": level_to, "days": days, "limit": limit,
            "old": old_handler.display_name if old_handler else _("(none)"), "new": new_handler.display_name,
            "team": new_team.name}
        message = _("Case %(number)s has gone %(days)d days without substantive progress: under the cross-execution rules it is "
                    "now handled by %(judge)s.") % {"number": case.case_number, "days": days, "judge": new_handler.display_name}
    elif rule == EscalationRule.NO_UPPER_COURT:
        description = _("Cross execution: %(days)d days without substantive progress, but no judge or team is left to take the case "
                        "and there is no upper court; the clock starts again") % {"days": days}
        message = ""
    else:
        _with_actor(case, actor, reason)
        case.save(update_fields=["escalation_level", "updated_at"])
        request = request_open(case=case, source=RequestSource.LADDER, reason=reason, actor=actor, at=at)
        decision["request"] = request.pk
        description = _("Cross execution, level %(from)d → 3: %(days)d days without substantive progress (limit %(limit)d); "
                        "designation requested from %(upper)s") % {
            "from": level_from, "days": days, "limit": limit, "upper": case.court.parent.name}
        message = _("Case %(number)s has gone %(days)d days without substantive progress: it has been referred to %(upper)s, "
                    "which will decide whether to execute it itself or designate another court.") % {
            "number": case.case_number, "days": days, "upper": case.court.parent.name}
    step.save()
    clock_arrive(case, level=level_to, day=today, policy=policy)
    case_event_record(case=case, kind=EventKind.ESCALATED, actor=actor, description=description, reason=reason,
                      data={"step": step.pk, "rule": rule, "from": level_from, "to": level_to, "days": days, "limit": limit},
                      occurred_at=at)
    if message:
        notify_applicants(case=case, message=message)
    return step


def _rung_reason(rule: str, *, days: int, limit: int) -> str:
    return _("%(rule)s: %(days)d days without substantive progress, limit %(limit)d days") % {
        "rule": EscalationRule(rule).label, "days": days, "limit": limit}
