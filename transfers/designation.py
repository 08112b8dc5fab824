"""Designation requests and the upper court's decision (DESIGN.md §8.4), and concentrated
jurisdiction (集中管辖, §8.5).

A decision is one transaction: the request row is locked first, so two officers deciding at once
get one decision and one conflict; the original case closes as ``transferred`` and the receiving
court gets a new 执 case with its own number, the parties, the amount outstanding and the controls
in force (cases.closure.case_carry_over), linked both ways.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.case_numbers import format_case_number
from cases.clock import TOP_LEVEL, clock_arrive
from cases.closure import case_carry_over, case_close_transferred
from cases.dossier_common import Errors, check_text
from cases.models import AuctionResult, AuctionRound, CaseStatus, EnforcementCase, EventKind, Party
from cases.notifications import notify_applicants
from cases.services import _RECORDED_AT, _with_actor, case_event_record, case_number_next
from courts import access
from courts.models import Court, CourtLevel, Role, Team, User
from enforcement.errors import FieldErrors, IllegalTransition
from transfers.escalation import request_open
from transfers.models import (
    AssignmentKind,
    Concentration,
    Decision,
    DesignationRequest,
    EscalationRule,
    EscalationStep,
    RequestSource,
    RequestStatus,
)
from transfers.selectors import judges_with_load, teams_with_load
from transfers.suggestions import designation_suggestions, respondent_cases

DECIDING_ROLES = {Role.DESIGNATION_OFFICER, Role.BUREAU_CHIEF}


def can_decide(user: User, upper_court: Court) -> bool:
    """The upper court's designation officers and its bureau chief decide its inbox."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return user.court_id == upper_court.pk and user.role in DECIDING_ROLES


def can_request(user: User, case: EnforcementCase) -> bool:
    """Who may put a case before an upper court by hand: the bureau chief of the case's court, or the
    designation officers / bureau chief of a court above it (e.g. a case it supervises)."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    if user.court_id == case.court_id:
        return user.role == Role.BUREAU_CHIEF and case.court.parent_id is not None
    return user.role in DECIDING_ROLES and user.court_id in {c.pk for c in case.court.ancestors()}


def can_concentrate(user: User) -> bool:
    """集中管辖 is decided by an upper court's designation officers or bureau chief, for its jurisdiction."""
    if not user.is_authenticated or user.court_id is None:
        return bool(user.is_authenticated and user.is_system_admin)
    return user.court.level != CourtLevel.BASIC and can_decide(user, user.court)


def _now() -> dt.datetime:
    return _RECORDED_AT.get() or timezone.now()


def _lock_case(case_id: int) -> EnforcementCase:
    # Not handler/team: a row re-read after waiting for the lock keeps its joined rows as they were.
    case = (EnforcementCase.objects.select_for_update(of=("self",)).select_related("court", "court__parent")
            .filter(pk=case_id).first())
    if case is None:
        raise EnforcementCase.DoesNotExist
    return case


@transaction.atomic
def designation_request_create(*, actor: User, case_id: int, reason: str) -> DesignationRequest:
    """A request by hand: the bureau chief of a basic court asks its upper court, or the upper court
    opens one itself (source ``upper_court``). The case waits at level 3, its clock stopped."""
    case = _lock_case(case_id)
    if not access.can_view_case(actor, case) or not can_request(actor, case):
        raise PermissionDenied(_("Only the bureau chief of the case's court or the upper court's designation officers can "
                                 "request a designation."))
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=1000, required=True,
                        message=_("State why the case should go to the upper court."))
    if not case.is_open:
        errors.add("case", _("The case is closed."))
    pending = DesignationRequest.objects.filter(case=case, status=RequestStatus.PENDING).first()
    if pending is not None:
        errors.add("case", _("A designation request for this case is already pending at %(court)s (since %(date)s).")
                   % {"court": pending.upper_court.name, "date": timezone.localdate(pending.created_at).isoformat()})
    errors.raise_if_any()
    at = _now()
    upper_side = actor.court_id != case.court_id and not actor.is_system_admin
    source = RequestSource.UPPER_COURT if upper_side else RequestSource.BUREAU_CHIEF
    request = request_open(case=case, source=source, reason=reason, actor=actor, at=at)
    if upper_side:
        request.upper_court = actor.court
        request.save(update_fields=["upper_court"])
    level_from = case.escalation_level
    case.escalation_level = TOP_LEVEL
    _with_actor(case, actor, reason)
    case.save(update_fields=["escalation_level", "updated_at"])
    clock_arrive(case, level=TOP_LEVEL, day=timezone.localdate(at))
    rule = EscalationRule.UPPER_OPENED if upper_side else EscalationRule.MANUAL_REQUEST
    EscalationStep.objects.create(case=case, court=case.court, level_from=level_from, level_to=TOP_LEVEL, rule=rule,
                                  decision={"request": request.pk}, old_handler=case.handler, new_handler=case.handler,
                                  old_team=case.team, new_team=case.team, actor=actor, reason=reason, occurred_at=at)
    case_event_record(case=case, kind=EventKind.DESIGNATION, actor=actor, reason=reason, occurred_at=at,
                      description=_("Designation requested from %(upper)s (%(source)s)")
                      % {"upper": request.upper_court.name, "source": request.get_source_display()},
                      data={"request": request.pk, "action": "requested", "source": source})
    notify_applicants(case=case, message=_("Case %(number)s has been referred to %(upper)s, which will decide whether to execute it "
                                           "itself or designate another court.")
                      % {"number": case.case_number, "upper": request.upper_court.name})
    return request


def _check_movable(errors: Errors, case: EnforcementCase) -> None:
    """What must be settled at the original court before a case can move."""
    if case.held_amount > 0:
        errors.add("decision", _("The original court still holds ¥%(amount)s for this case: it must pay it out before the case "
                                 "moves.") % {"amount": case.held_amount})
    if case.status == CaseStatus.SETTLED:
        errors.add("decision", _("A settlement is being performed in this case: record its performance or breach first."))
    if AuctionRound.objects.filter(control__case=case, result=AuctionResult.SCHEDULED).exists():
        errors.add("decision", _("An auction is scheduled in this case: record its result or withdraw it first."))


def _receive(*, actor: User, old: EnforcementCase, court: Court, team: Team | None, request: DesignationRequest,
             reason: str, at: dt.datetime, handler: User | None = None) -> EnforcementCase:
    """Open the receiving court's new 执 case and move the old one into it (the caller holds both locks)."""
    from transfers.services import _open_assignment, case_route

    today = timezone.localdate(at)
    seq = case_number_next(court=court, year=today.year, type_code="执")
    new = EnforcementCase(
        case_number=format_case_number(today.year, court.province_abbr, court.code, "执", seq),
        year=today.year, type_code="执", seq=seq, court=court, basis=old.basis, cause=old.cause,
        target_amount=old.outstanding_amount, non_monetary_obligations=old.non_monetary_obligations, filed_on=today,
        is_livelihood=old.is_livelihood, is_special_subject=old.is_special_subject, interference_risk=old.interference_risk,
        upper_court_supervised=old.upper_court_supervised, petition_count=old.petition_count, judicial_aid=old.judicial_aid,
        origin_case=old, registered_by=actor, created_at=at,
        # Enforcement continues: the receiving court does not start from 立案 again.
        status=CaseStatus.IN_PROGRESS if old.status != CaseStatus.REGISTERED else CaseStatus.REGISTERED,
    )
    if old.status == CaseStatus.SUSPENDED:
        new.status, new.suspended_since = CaseStatus.SUSPENDED, today
    _with_actor(new, actor, _("Received by designation from %(number)s") % {"number": old.case_number}, at)
    new.save()
    carried = case_carry_over(actor=actor, old=old, new=new, on=today)
    how = request.get_decision_display()
    case_event_record(case=new, kind=EventKind.REGISTERED, actor=actor, reason=reason, occurred_at=at,
                      description=_("Case %(number)s registered by %(how)s of %(upper)s: from %(old)s (%(court)s), ¥%(amount)s "
                                    "outstanding, %(n)d control(s) carried over")
                      % {"number": new.case_number, "how": how, "upper": request.upper_court.name, "old": old.case_number,
                         "court": old.court.name, "amount": new.target_amount, "n": carried},
                      data={"origin_case": old.pk, "request": request.pk, "target_amount": str(new.target_amount)})
    if team is not None:
        judges = list(judges_with_load(team))
        # A concentration hands every case to one judge (a coordinated plan); otherwise the least loaded.
        handler = handler if handler is not None and any(j.pk == handler.pk for j in judges) else (judges[0] if judges else None)
        new.team, new.handler = team, handler
        _with_actor(new, actor, reason, at)
        new.save(update_fields=["team", "handler", "updated_at"])
        decision = {"rule": "team chosen by the upper court, then its judge with the fewest open cases",
                    "judges": [{"id": j.pk, "name": j.display_name, "open_cases": j.open_cases} for j in judges[:10]]}
        _open_assignment(case=new, team=team, handler=handler, kind=AssignmentKind.DESIGNATION, actor=actor,
                         reason=reason, decision=decision, at=at)
        case_event_record(case=new, kind=EventKind.ASSIGNED, actor=actor, occurred_at=at, data=decision,
                          description=_("Assigned to %(judge)s (%(team)s)")
                          % {"judge": handler.display_name if handler else _("(none)"), "team": team.name})
    else:
        case_route(actor=actor, case=new, at=at)
    _withdraw_entrustments(actor=actor, old=old, new=new, at=at)
    case_close_transferred(actor=actor, case=old, new=new, at=at,
                           reason=_("%(how)s by %(upper)s: %(reason)s") % {"how": how, "upper": request.upper_court.name,
                                                                            "reason": reason})
    return new


def _withdraw_entrustments(*, actor: User, old: EnforcementCase, new: EnforcementCase, at: dt.datetime) -> None:
    """Acts the original court asked of others lapse with the case: the receiving court decides anew."""
    from transfers.models import Entrustment, EntrustmentStatus

    for entrustment in Entrustment.objects.select_for_update().filter(case=old, status=EntrustmentStatus.SENT).select_related("to_court"):
        entrustment.status = EntrustmentStatus.CANCELLED
        entrustment.cancel_reason = (_("The case moved to %(court)s as %(number)s.")
                                     % {"court": new.court.name, "number": new.case_number})[:500]
        entrustment._history_user = actor
        entrustment.save()
        case_event_record(case=old, kind=EventKind.ENTRUSTMENT, actor=actor, occurred_at=at,
                          reason=entrustment.cancel_reason,
                          description=_("Entrustment to %(court)s withdrawn") % {"court": entrustment.to_court.name},
                          data={"entrustment": entrustment.pk, "action": "cancelled"})


@transaction.atomic
def designation_decide(*, actor: User, request_id: int, decision: str, target_court_id: int | None = None,
                       team_id: int | None = None, reason: str = "") -> DesignationRequest:
    """提级执行 (``elevate``: one of the upper court's own teams), 指定执行 (``designate``: another court
    of its jurisdiction, never the original) or ``reject`` (back to level 2 with a fresh clock)."""
    # Not select_related("decided_by"): when this waits for another officer's decision, PostgreSQL re-reads
    # the locked request row but not the joined user row, which would still be the empty one ("System").
    request = (DesignationRequest.objects.select_for_update(of=("self",)).select_related("upper_court")
               .filter(pk=request_id).first())
    if request is None:
        raise DesignationRequest.DoesNotExist
    if not can_decide(actor, request.upper_court):
        raise PermissionDenied(_("Only the designation officers and the bureau chief of %(court)s decide this request.")
                               % {"court": request.upper_court.name})
    if request.status != RequestStatus.PENDING:
        raise IllegalTransition(
            _("This request was already decided by %(who)s at %(when)s: %(decision)s.")
            % {"who": request.decided_by.display_name if request.decided_by else _("System"),
               "when": timezone.localtime(request.decided_at).strftime("%Y-%m-%d %H:%M") if request.decided_at else "—",
               "decision": request.get_status_display()},
            current_status=request.status)
    case = _lock_case(request.case_id)
    errors = Errors()
    if decision not in Decision.values:
        errors.add("decision", _("Choose 提级执行, 指定执行 or reject."))
    reason = check_text(errors, "reason", reason, max_length=1000, required=decision == Decision.REJECT,
                        message=_("State why the request is rejected."))
    if not case.is_open and decision != Decision.REJECT:
        errors.add("decision", _("Case %(number)s was closed meanwhile (%(type)s): reject the request.")
                   % {"number": case.case_number, "type": case.get_closure_type_display()})
    target_court, team = None, None
    upper = request.upper_court
    if decision == Decision.ELEVATE:
        target_court = upper
        if team_id:
            team = Team.objects.filter(pk=team_id, court=upper, is_active=True).first()
            if team is None:
                errors.add("team", _("Choose an active team of %(court)s.") % {"court": upper.name})
            elif not judges_with_load(team).exists():
                errors.add("team", _("This team has no active judge."))
        else:
            team = next(iter(teams_with_load(upper)), None)
            if team is None:
                errors.add("team", _("%(court)s has no team with an active judge to take the case.") % {"court": upper.name})
    elif decision == Decision.DESIGNATE:
        if not target_court_id:
            errors.add("target_court", _("Choose the court to designate."))
        else:
            target_court = Court.objects.filter(pk=target_court_id).first()
            if target_court is None or target_court.parent_id != upper.pk or not target_court.is_active \
                    or target_court.level != CourtLevel.BASIC:
                errors.add("target_court", _("Choose an active court under %(court)s.") % {"court": upper.name})
                target_court = None
            elif target_court.pk == case.court_id:
                errors.add("target_court", _("A case cannot be designated back to its own court."))
                target_court = None
        if team_id and target_court is not None:
            team = Team.objects.filter(pk=team_id, court=target_court, is_active=True).first()
            if team is None:
                errors.add("team", _("Choose an active team of %(court)s, or leave it to the court's routing.")
                           % {"court": target_court.name})
    if decision in (Decision.ELEVATE, Decision.DESIGNATE) and case.is_open:
        _check_movable(errors, case)
    errors.raise_if_any()

    at = _now()
    request.suggestions = [s.as_dict() for s in designation_suggestions(case, upper)[:10]]
    request.decision, request.decision_reason, request.decided_by, request.decided_at = decision, reason, actor, at
    if decision == Decision.REJECT:
        request.status = RequestStatus.REJECTED
        request._history_user = actor
        request.save()
        if not case.is_open:  # closed meanwhile: the request is only taken off the inbox
            case_event_record(case=case, kind=EventKind.DESIGNATION, actor=actor, reason=reason, occurred_at=at,
                              description=_("%(upper)s closed the designation request: the case was already closed")
                              % {"upper": upper.name}, data={"request": request.pk, "action": "rejected"})
            return request
        level_to = 2
        old_handler, old_team = case.handler, case.team
        numbers: dict = {"request": request.pk}
        # Back to level 2 means: with another team of the court. A case that went up before reaching it
        # (a request by hand, or straight up as a special subject) takes rung 2 now, so it is not left
        # with the judge who could not move it.
        reached_level2 = EscalationStep.objects.filter(case=case, level_to=2).exclude(rule=EscalationRule.REJECTED_BACK).exists()
        if not reached_level2:
            from transfers.escalation import _reassign, level2_choice

            team, judge, numbers["level2"] = level2_choice(case)
            case.escalation_level = level_to
            if judge is not None:
                _reassign(case, team=team, handler=judge, actor=actor, reason=reason, decision=numbers, at=at)
        case.escalation_level = level_to
        _with_actor(case, actor, reason, at)
        case.save(update_fields=["escalation_level", "updated_at"])
        clock_arrive(case, level=level_to, day=timezone.localdate(at))
        EscalationStep.objects.create(case=case, court=case.court, level_from=TOP_LEVEL, level_to=level_to,
                                      rule=EscalationRule.REJECTED_BACK, decision=numbers,
                                      old_handler=old_handler, new_handler=case.handler, old_team=old_team,
                                      new_team=case.team, actor=actor, reason=reason, occurred_at=at)
        if case.handler_id != (old_handler.pk if old_handler else None):
            description = _("%(upper)s rejected the designation request: the case stays at this court, at level 2 with "
                            "another team (%(judge)s, %(team)s) and a fresh clock") % {
                "upper": upper.name, "judge": case.handler.display_name, "team": case.team.name}
        else:
            description = _("%(upper)s rejected the designation request: the case stays here at level 2 with "
                            "a fresh clock") % {"upper": upper.name}
        case_event_record(case=case, kind=EventKind.DESIGNATION, actor=actor, reason=reason, occurred_at=at,
                          description=description, data={"request": request.pk, "action": "rejected"})
        notify_applicants(case=case, message=_("%(upper)s decided that case %(number)s stays with %(court)s, which continues "
                                               "enforcement.") % {"upper": upper.name, "number": case.case_number,
                                                                  "court": case.court.name})
        return request

    request.status = RequestStatus.ELEVATED if decision == Decision.ELEVATE else RequestStatus.DESIGNATED
    request.target_court, request.target_team = target_court, team
    reason = reason or request.get_status_display()
    new = _receive(actor=actor, old=case, court=target_court, team=team, request=request, reason=reason, at=at)
    request.new_case = new
    request._history_user = actor
    request.save()
    case_event_record(case=case, kind=EventKind.DESIGNATION, actor=actor, reason=reason, occurred_at=at,
                      description=_("%(how)s: %(upper)s moved the case to %(court)s as %(number)s")
                      % {"how": request.get_decision_display(), "upper": upper.name, "court": target_court.name,
                         "number": new.case_number},
                      data={"request": request.pk, "action": decision, "new_case": new.pk})
    notify_applicants(case=new, message=_("%(upper)s has moved case %(old)s to %(court)s, where it continues as case %(number)s.")
                      % {"upper": upper.name, "old": case.case_number, "court": target_court.name, "number": new.case_number})
    return request


# --- concentrated jurisdiction (集中管辖) ---------------------------------------------------------
def respondent_find(id_number: str) -> list[Party]:
    """The respondent(s) this number names: a resident ID of either generation, a unified social
    credit code, or an organisation code issued before 2015. A company known in older cases by its
    organisation code and in newer ones by its credit code (which embeds it) is found under both."""
    from cases.identifiers import (
        IdentifierError,
        normalize_credit_code,
        normalize_organisation_code,
        normalize_resident_id,
        resident_id_key,
    )

    value = (id_number or "").strip()
    keys: list[str] = []
    org_code = ""
    for normalize, prefix in ((normalize_resident_id, "ric"), (normalize_credit_code, "uscc"),
                              (normalize_organisation_code, "org_code")):
        try:
            number = normalize(value)
        except IdentifierError:
            continue
        keys.append(f"{prefix}:{resident_id_key(number) if prefix == 'ric' else number}")
        if prefix == "uscc":
            org_code = number[8:17]
            keys.append(f"org_code:{org_code}")
        elif prefix == "org_code":
            org_code = number
    parties = list(Party.objects.filter(id_key__in=keys).order_by("pk"))
    if org_code:
        known = {p.pk for p in parties}
        parties += [p for p in Party.objects.filter(id_key__startswith="uscc:", id_key__contains=org_code).order_by("pk")
                    if p.id_key[5 + 8:5 + 17] == org_code and p.pk not in known]
    return parties


def concentration_cases(*, actor: User, parties: list[Party]):
    """Open cases against ``parties`` (one respondent) at the courts of the actor's jurisdiction, oldest first."""
    courts = access.jurisdiction_ids(actor.court_id) if actor.court_id else []
    return (access.visible_cases(actor).filter(respondent_cases([p.pk for p in parties], courts)).distinct()
            .select_related("court", "handler").order_by("filed_on", "pk"))


@transaction.atomic
def concentration_execute(*, actor: User, id_number: str, target_court_id: int | None, reason: str,
                          expected_case_ids: list[int] | None = None) -> Concentration:
    """Designate every open case against one respondent in the actor's jurisdiction to one court —
    all of them or none (one transaction; any case that cannot move stops the whole action)."""
    if actor.court is None or not can_concentrate(actor):
        raise PermissionDenied(_("Only an upper court's designation officers or bureau chief concentrate cases."))
    upper = actor.court
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=1000, required=True,
                        message=_("State why the cases are concentrated (e.g. a coordinated repayment plan)."))
    parties = respondent_find(id_number)
    party = parties[0] if parties else None
    if party is None:
        errors.add("id_number", _("No party with this ID number or credit code is known."))
    target = Court.objects.filter(pk=target_court_id, parent=upper, is_active=True, level=CourtLevel.BASIC).first() \
        if target_court_id else None
    if target is None:
        errors.add("target_court", _("Choose an active court under %(court)s.") % {"court": upper.name})
    errors.raise_if_any()
    ids = list(concentration_cases(actor=actor, parties=parties).values_list("pk", flat=True))
    if not ids:
        raise FieldErrors({"id_number": [_("There is no open case against %(name)s in this jurisdiction.")
                                          % {"name": party.name}]})
    if expected_case_ids is not None and sorted(set(expected_case_ids)) != sorted(ids):
        raise IllegalTransition(_("The cases against %(name)s changed since the list was shown (now %(n)d). Reload and try again.")
                                % {"name": party.name, "n": len(ids)}, current_status="changed")
    # Lock every case in primary-key order (no deadlock with a concurrent concentration).
    cases = list(EnforcementCase.objects.select_for_update(of=("self",)).select_related("court", "court__parent")
                 .filter(pk__in=ids).order_by("pk"))
    if any(not case.is_open for case in cases):
        raise IllegalTransition(_("A case against %(name)s was closed meanwhile. Reload and try again.") % {"name": party.name},
                                current_status="changed")
    at = _now()
    concentration = Concentration.objects.create(upper_court=upper, respondent=party, target_court=target, reason=reason,
                                                 case_count=len(cases), decided_by=actor, decided_at=at)
    case_errors: dict[str, list[str]] = {}
    for case in cases:
        if case.court_id != target.pk:
            e = Errors()
            _check_movable(e, case)
            if e:
                case_errors[case.case_number] = e.get("decision", [])
    if case_errors:
        # Nothing moves: the whole transaction rolls back.
        raise FieldErrors({"cases": [f"{number}：{'；'.join(msgs)}" for number, msgs in case_errors.items()]})
    # One team and one judge take every case moved (a coordinated repayment plan): the one already holding
    # most of the respondent's cases at the receiving court, else the least loaded team's least loaded judge.
    held_here = Counter((c.team_id, c.handler_id) for c in cases if c.court_id == target.pk and c.team_id and c.handler_id)
    team = handler = None
    if held_here:
        (team_id, handler_id), _n = held_here.most_common(1)[0]
        team, handler = Team.objects.get(pk=team_id), User.objects.get(pk=handler_id)
    else:
        team = next(iter(teams_with_load(target)), None)
        handler = next(iter(judges_with_load(team)), None) if team else None
    for case in cases:
        if case.court_id == target.pk:
            pending = DesignationRequest.objects.select_for_update().filter(case=case, status=RequestStatus.PENDING).first()
            if pending is not None:
                # Designated where it already is: the request is decided, the case starts afresh at level 0.
                pending.concentration, pending.status, pending.decision = concentration, RequestStatus.DESIGNATED, Decision.DESIGNATE
                pending.target_court, pending.decision_reason, pending.decided_by, pending.decided_at = target, reason, actor, at
                pending._history_user = actor
                pending.save()
                case.escalation_level = 0
                _with_actor(case, actor, reason, at)
                case.save(update_fields=["escalation_level", "updated_at"])
                clock_arrive(case, level=0, day=timezone.localdate(at))
            case_event_record(case=case, kind=EventKind.DESIGNATION, actor=actor, reason=reason, occurred_at=at,
                              description=_("Concentrated jurisdiction by %(upper)s: the cases against %(name)s are gathered "
                                            "at this court") % {"upper": upper.name, "name": party.name},
                              data={"concentration": concentration.pk, "action": "kept"})
            continue
        request = DesignationRequest.objects.select_for_update().filter(case=case, status=RequestStatus.PENDING).first()
        if request is None:
            request = DesignationRequest(case=case, from_court=case.court, upper_court=upper, source=RequestSource.CONCENTRATION,
                                         reason=reason, requested_by=actor, created_at=at)
        request.concentration = concentration
        request.status, request.decision, request.target_court = RequestStatus.DESIGNATED, Decision.DESIGNATE, target
        request.decision_reason, request.decided_by, request.decided_at = reason, actor, at
        request._history_user = actor
        request.save()
        request.target_team = team
        new = _receive(actor=actor, old=case, court=target, team=team, request=request, reason=reason, at=at, handler=handler)
        request.new_case = new
        request.save(update_fields=["new_case", "target_team"])
        case_event_record(case=case, kind=EventKind.DESIGNATION, actor=actor, reason=reason, occurred_at=at,
                          description=_("Concentrated jurisdiction by %(upper)s: moved to %(court)s as %(number)s")
                          % {"upper": upper.name, "court": target.name, "number": new.case_number},
                          data={"concentration": concentration.pk, "request": request.pk, "new_case": new.pk})
        notify_applicants(case=new, message=_("%(upper)s has gathered the cases against %(name)s at %(court)s: case %(old)s "
                                              "continues there as case %(number)s.")
                          % {"upper": upper.name, "name": party.name, "court": target.name, "old": case.case_number,
                             "number": new.case_number})
    return concentration
