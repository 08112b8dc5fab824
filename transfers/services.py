"""Assignment writes: automatic routing at registration and the bureau chief's reassignment."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import EnforcementCase, EventKind
from courts import access
from courts.models import TeamMembership, TeamRole, User
from enforcement.errors import FieldErrors, IllegalTransition
from transfers.models import Assignment, AssignmentKind
from transfers.selectors import judges_with_load, teams_with_load


def _open_assignment(
    *, case: EnforcementCase, team, handler, kind: str, actor, reason: str, decision: dict, at=None, first: bool = False,
) -> Assignment:
    """Open the case's new assignment, ending the current one. ``first``: the caller created the case
    in this transaction and has given it no assignment yet — there is none to end (no query)."""
    now = at or timezone.now()
    for current in () if first else Assignment.objects.select_for_update().filter(case=case, ended_at=None):
        current.ended_at = now
        current._history_user = actor
        current._change_reason = reason[:100]
        if at is not None:
            current._history_date = at
        current.save(update_fields=["ended_at"])
    assignment = Assignment(
        case=case, court=case.court, team=team, handler=handler, kind=kind, reason=reason[:500],
        decision=decision, assigned_by=actor, started_at=now,
    )
    assignment._history_user = actor
    if at is not None:
        assignment._history_date = at
    assignment.save()
    return assignment


def case_route(
    *, actor: User | None, case: EnforcementCase, at=None, prefer: User | None = None, first: bool = False,
) -> Assignment | None:
    """Route a newly registered case: the team with the fewest open cases per judge, then its judge
    with the fewest open cases (ties by a stable order: team name then id; judge id). Runs inside the registration transaction, after the
    court's case-number counter is locked, so concurrent registrations at one court see each other's
    routing and spread evenly. A court without any active judge leaves the case unassigned.
    ``first``: the caller created the case in this transaction and gave it no assignment (registration)."""
    from cases.services import _with_actor, case_event_record

    teams = list(teams_with_load(case.court))
    if not teams:
        case_event_record(
            case=case, kind=EventKind.ASSIGNED, actor=actor,
            description=_("No active judge in this court's teams: the case awaits assignment by the bureau chief."),
            occurred_at=at,
        )
        return None
    team = teams[0]
    judges = list(judges_with_load(team))
    handler = judges[0]
    rule = "fewest open cases per judge: team, then judge"
    if prefer is not None:
        # A resumed case (恢复执行) goes back to the judge who knows it, if still an active judge here.
        membership = (TeamMembership.objects.filter(user=prefer, user__is_active=True, is_active=True, role=TeamRole.JUDGE,
                                                    team__in=[t.pk for t in teams]).order_by("pk").first())
        if membership is not None:
            team = next(t for t in teams if t.pk == membership.team_id)
            judges = list(judges_with_load(team))
            handler = next(j for j in judges if j.pk == prefer.pk)
            rule = "back to the judge who handled the original case"
    decision = {
        "rule": rule,
        "teams": [{"id": t.pk, "name": t.name, "open_cases": t.open_cases, "judges": t.judge_count,
                   "per_judge": f"{t.load_per_judge:.2f}"} for t in teams[:10]],
        "judges": [{"id": j.pk, "name": j.display_name, "open_cases": j.open_cases} for j in judges[:10]],
    }
    case.team, case.handler = team, handler
    _with_actor(case, actor, _("Automatic routing"), at)
    case.save(update_fields=["team", "handler", "updated_at"])
    assignment = _open_assignment(
        case=case, team=team, handler=handler, kind=AssignmentKind.ROUTING, actor=actor,
        reason=_("Automatic routing"), decision=decision, at=at, first=first,
    )
    if rule.startswith("back"):
        description = _("Assigned to %(judge)s (%(team)s), who handled the original case") % {
            "judge": handler.display_name, "team": team.name}
    else:
        description = _("Assigned to %(judge)s (%(team)s): fewest open cases (team %(team_load)d, judge %(judge_load)d)") % {
            "judge": handler.display_name, "team": team.name, "team_load": team.open_cases, "judge_load": handler.open_cases}
    case_event_record(case=case, kind=EventKind.ASSIGNED, actor=actor, description=description, data=decision, occurred_at=at)
    return assignment


@transaction.atomic
def case_reassign(*, actor: User, case_id: int, handler_id: int, reason: str) -> EnforcementCase:
    """The bureau chief hands a case to another judge of the same court."""
    from cases.notifications import notify_applicants
    from cases.services import _with_actor, case_event_record

    # Handler and team are not joined to the locking query: when it waits for a concurrent change,
    # PostgreSQL re-reads the locked row but not the joined ones (the old handler would read as none).
    case = EnforcementCase.objects.select_for_update(of=("self",)).select_related("court").get(pk=case_id)
    if not access.can_reassign(actor, case):
        raise PermissionDenied(_("Only the bureau chief of this court can reassign its cases."))
    if not case.is_open:
        raise IllegalTransition(_("A closed case cannot be reassigned."), current_status=case.status)
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("State the reason.")]
    elif len(reason) > 500:
        errors["reason"] = [_("Too long (at most 500 characters).")]
    membership = (
        TeamMembership.objects.select_related("team", "user")
        .filter(user_id=handler_id, team__court=case.court, team__is_active=True, is_active=True,
                role=TeamRole.JUDGE, user__is_active=True)
        .order_by("team__name")
        .first()
    )
    if membership is None:
        errors["handler"] = [_("Choose an active judge of this court.")]
    elif membership.user_id == case.handler_id:
        errors["handler"] = [_("This judge already handles the case.")]
    if errors:
        raise FieldErrors(errors)

    old_handler = case.handler
    case.handler, case.team = membership.user, membership.team
    _with_actor(case, actor, f"{_('Handler changed')}：{reason}")
    case.save(update_fields=["handler", "team", "updated_at"])
    _open_assignment(
        case=case, team=membership.team, handler=membership.user, kind=AssignmentKind.MANUAL, actor=actor,
        reason=reason, decision={"from": old_handler.pk if old_handler else None, "to": membership.user_id},
    )
    case_event_record(
        case=case, kind=EventKind.REASSIGNED, actor=actor, reason=reason,
        description=_("Handler changed: %(old)s → %(new)s")
        % {"old": old_handler.display_name if old_handler else _("(none)"), "new": membership.user.display_name},
        data={"from": old_handler.pk if old_handler else None, "to": membership.user_id},
    )
    notify_applicants(
        case=case,
        message=_("The judge handling case %(number)s is now %(judge)s.")
        % {"number": case.case_number, "judge": membership.user.display_name},
    )
    return case
