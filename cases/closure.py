"""Closure (结案) with its guards, the 终本 checklist (DESIGN.md §7), the re-query reminder after
终本, and resumption (恢复执行) as a new linked 执恢 case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services
from cases.deadlines import add_months, add_years
from cases.dossier_common import Errors, check_text, lock_case
from cases.models import (
    CREDIT_MEASURES,
    MANDATORY_CATEGORIES,
    AuctionResult,
    AuctionRound,
    CaseParty,
    CaseStatus,
    ClosureType,
    CoerciveMeasure,
    ControlAction,
    ControlStatus,
    EnforcementCase,
    EventKind,
    Investigation,
    InvestigationCategory,
    InvestigationResult,
    MeasureKind,
    PartyRole,
    ProcedureKind,
    ProcedureStep,
    SettlementStatus,
)
from cases.notifications import notify_applicants
from cases.services import (
    CLOSURE_FROM_REGISTERED,
    _with_actor,
    case_event_record,
    case_number_next,
)
from courts import access
from courts.models import User
from enforcement.errors import FieldErrors, IllegalTransition

ZERO = Decimal("0.00")
MIN_MONTHS_BEFORE_TERMINATION = 3  # *law*: 终本 only after more than 3 months from filing
REQUERY_MONTHS = 6  # *law*: re-query every 6 months after 终本 …
REQUERY_YEARS = 5  # … for 5 years

# Closure types chosen in the closure form; `transferred` comes only from a designation decision.
CLOSABLE_TYPES = [t for t in ClosureType if t != ClosureType.TRANSFERRED]


@dataclass(frozen=True)
class Missing:
    code: str
    message: str

    def __post_init__(self):
        from enforcement.formatting import group_yuan

        object.__setattr__(self, "message", group_yuan(str(self.message)))


@dataclass
class TerminationFacts:
    """What the judge states when asking for 终本 (the rest is read from the dossier)."""

    whereabouts_unknown: bool = False
    obstruction: bool = False
    blacklist_not_applicable_reason: str = ""
    undisposable_reason: str = ""


CATEGORY_LABELS = dict(InvestigationCategory.choices)


def live_controls(case: EnforcementCase, today: dt.date):
    """Controls still holding an asset on ``today``: in force and not lapsed (past expiry, unrenewed)."""
    return ControlAction.objects.filter(case=case, status=ControlStatus.IN_FORCE).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def termination_checklist(case: EnforcementCase, facts: TerminationFacts | None = None, *, today: dt.date | None = None) -> list[Missing]:
    """Every item of DESIGN.md §7 that is not met, in the order of the list. Empty = 终本 allowed."""
    facts = facts or TerminationFacts()
    today = today or timezone.localdate()
    missing: list[Missing] = []
    steps = set(ProcedureStep.objects.filter(case=case).values_list("kind", flat=True))
    informed = ProcedureStep.objects.filter(case=case, kind=ProcedureKind.APPLICANT_INFORMED).exclude(applicant_opinion="").exists()
    # Measures count while in force: a restriction lifted meanwhile does not satisfy item 2.
    measures = set(CoerciveMeasure.objects.filter(case=case, lifted_on__isnull=True)
                   .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).values_list("kind", flat=True))
    all_measures = set(CoerciveMeasure.objects.filter(case=case).values_list("kind", flat=True))
    items = list(Investigation.objects.filter(case=case).values_list("category", "result", "respondent_id"))
    done = {c for c, r, _p in items if r != InvestigationResult.PENDING}
    respondents = list(CaseParty.objects.filter(case=case, role=PartyRole.RESPONDENT).select_related("party").order_by("position", "pk"))

    # 1. Notice served and order to declare assets.
    if ProcedureKind.ENFORCEMENT_NOTICE not in steps:
        missing.append(Missing("enforcement_notice", _("The enforcement notice (执行通知书) has not been served.")))
    if ProcedureKind.ASSET_REPORT_ORDER not in steps:
        missing.append(Missing("asset_report_order", _("The order to declare assets (报告财产令) has not been served.")))
    # 2. Consumption restriction; blacklist where the law's conditions are met.
    if MeasureKind.CONSUMPTION_RESTRICTION not in measures:
        missing.append(Missing("consumption_restriction", _("No consumption restriction order (限制消费令) is in force.")))
    if MeasureKind.BLACKLIST not in measures and not facts.blacklist_not_applicable_reason.strip():
        missing.append(Missing("blacklist", _("The respondent is not on the dishonest-debtor list, and no reason is given why the conditions are not met.")))
    # 3. Investigation exhausted: 5 + X + the court's required Y.
    # With several respondents, each is queried: an item recorded without a respondent counts for all.
    for category in MANDATORY_CATEGORIES:
        if len(respondents) <= 1:
            if category not in done:
                missing.append(Missing(f"query_{category}", _("Online query not done: %(item)s.") % {"item": CATEGORY_LABELS[category]}))
            continue
        for link in respondents:
            if not any(c == category and r != InvestigationResult.PENDING and p in (None, link.party_id) for c, r, p in items):
                missing.append(Missing(f"query_{category}", _("Online query not done for %(name)s: %(item)s.")
                                       % {"name": link.party.name, "item": CATEGORY_LABELS[category]}))
    pending_leads = sum(1 for c, r, _p in items if c == InvestigationCategory.APPLICANT_LEAD and r == InvestigationResult.PENDING)
    if pending_leads:
        missing.append(Missing("leads_pending", _("%(n)d lead(s) supplied by the applicant not yet checked.") % {"n": pending_leads}))
    for category in case.court.required_extended_checks or ():
        if category in CATEGORY_LABELS and category not in done:
            missing.append(Missing(f"check_{category}", _("Extended check required by the court not done: %(item)s.")
                                   % {"item": CATEGORY_LABELS[category]}))
    found_any = any(r == InvestigationResult.FOUND for _c, r, _p in items)
    in_force = live_controls(case, today).exists()
    if (found_any or in_force) and not facts.undisposable_reason.strip():
        missing.append(Missing("undisposable_reason", _("Assets were found or are under control: state why they cannot be disposed of.")))
    # 4. More than 3 months since filing.
    earliest = add_months(case.filed_on, MIN_MONTHS_BEFORE_TERMINATION)
    if today <= earliest:
        missing.append(Missing("too_early", _("Less than 3 months since filing: 终本 is possible from %(date)s.")
                               % {"date": (earliest + dt.timedelta(days=1)).isoformat()}))
    # 5. Search for a respondent whose whereabouts are unknown; sanctions for obstruction.
    if facts.whereabouts_unknown and ProcedureKind.RESPONDENT_SEARCH not in steps:
        missing.append(Missing("respondent_search", _("The respondent's whereabouts are unknown but no search has been recorded.")))
    if facts.obstruction and not ({MeasureKind.FINE, MeasureKind.DETENTION} & all_measures):
        missing.append(Missing("obstruction_sanction", _("Enforcement was obstructed but no fine or detention has been recorded.")))
    # 6. Applicant informed and their opinion recorded.
    if not informed:
        missing.append(Missing("applicant_informed", _("The applicant has not been interviewed and informed, or their opinion is not recorded.")))
    return missing


# The six conditions of DESIGN.md §7, with the codes of termination_checklist that belong to each.
TERMINATION_CONDITIONS = [
    (1, gettext_lazy("Enforcement notice and order to declare assets served"), ("enforcement_notice", "asset_report_order")),
    (2, gettext_lazy("Consumption restriction issued; dishonest-debtor list where the law's conditions are met"),
     ("consumption_restriction", "blacklist")),
    (3, gettext_lazy("Investigation exhausted: the five online queries, the applicant's leads, the court's extended checks"),
     ("query_", "leads_pending", "check_", "undisposable_reason")),
    (4, gettext_lazy("More than 3 months since filing"), ("too_early",)),
    (5, gettext_lazy("Respondent searched for if missing; obstruction sanctioned"), ("respondent_search", "obstruction_sanction")),
    (6, gettext_lazy("Applicant interviewed and informed, opinion recorded"), ("applicant_informed",)),
]


def termination_conditions(missing: list[Missing]) -> tuple[list[dict], list[Missing]]:
    """The six conditions, each met (✓) or with its missing items (✗), for display; plus the blockers
    that are not part of the checklist (e.g. money not yet paid out)."""
    rows, used = [], set()
    for number, label, prefixes in TERMINATION_CONDITIONS:
        items = [m for m in missing if m.code.startswith(prefixes)]
        used.update(id(m) for m in items)
        rows.append({"number": number, "label": label, "ok": not items, "missing": items})
    return rows, [m for m in missing if id(m) not in used]


def requery_due_on(case: EnforcementCase, *, last_query: dt.date | None = None, resumed: bool | None = None) -> dt.date | None:
    """After 终本, the next 6-monthly re-query of the respondent's assets, for 5 years (None otherwise)."""
    if case.status != CaseStatus.CLOSED or case.closure_type != ClosureType.TERMINATED_ROUND or case.closed_on is None:
        return None
    if resumed is None:
        resumed = case.derived_cases.filter(type_code="执恢").exists()
    if resumed:
        return None  # the 执恢 case carries the enforcement on
    if last_query is None:
        last_query = (Investigation.objects.filter(case=case, queried_on__gte=case.closed_on)
                      .order_by("-queried_on").values_list("queried_on", flat=True).first())
    base = max(case.closed_on, last_query) if last_query else case.closed_on
    due = add_months(base, REQUERY_MONTHS)
    return due if due <= add_years(case.closed_on, REQUERY_YEARS) else None


def performed_blockers(case: EnforcementCase) -> list[str]:
    from cases.money import applicant_accounts

    messages = []
    if case.settlements.filter(status=SettlementStatus.PERFORMED).exists():
        return messages  # the settlement's own amount was paid: performed
    if case.outstanding_amount > 0:
        messages.append(_("¥%(amount)s is still outstanding: the case is not performed.") % {"amount": case.outstanding_amount})
        return messages
    if case.held_amount > 0:
        return messages  # money not yet paid out: the "undisbursed" blocker says so
    for account in applicant_accounts(case):
        if account.unpaid:  # None: several applicants without a claim set; the target check covers it
            messages.append(_("%(name)s has not yet been paid ¥%(amount)s.")
                            % {"name": account.link.party.name, "amount": account.unpaid})
    return messages


def closure_blockers(case: EnforcementCase, closure_type: str, facts: TerminationFacts | None = None, *,
                     today: dt.date | None = None, checklist: list[Missing] | None = None) -> list[Missing]:
    """What stops closing the case as ``closure_type`` now: the guards of case_close, read only
    (the dossier's live checklist and the API's preview use the same list the closure enforces)."""
    missing: list[Missing] = []
    if case.held_amount > 0:
        missing.append(Missing("undisbursed", _("¥%(amount)s received is not yet paid out.") % {"amount": case.held_amount}))
    if closure_type == ClosureType.PERFORMED:
        missing += [Missing("outstanding", m) for m in performed_blockers(case)]
    elif closure_type == ClosureType.TERMINATED_ROUND:
        # ``checklist``: the same list already read by the caller (the dossier), not read twice.
        missing += termination_checklist(case, facts, today=today) if checklist is None else checklist
    if closure_type in ClosureType.values and closure_type != ClosureType.TERMINATED_ROUND:
        # Only 终本 keeps its seals and freezes in force; any other closure ends them first.
        if AuctionRound.objects.filter(control__case=case, result=AuctionResult.SCHEDULED).exists():
            missing.append(Missing("auction_scheduled", _("An auction is still scheduled: record its result or withdraw it.")))
        assets = list(live_controls(case, today or timezone.localdate()).values_list("asset", flat=True)[:5])
        if assets:
            missing.append(Missing("controls_in_force", _("Release the controls still in force first: %(assets)s.")
                                   % {"assets": "；".join(assets)}))
    return missing


@transaction.atomic
def case_close(*, actor: User, case_id: int, closure_type: str, reason: str = "", expected_status: str | None = None,
               facts: TerminationFacts | None = None, at: dt.datetime | None = None) -> EnforcementCase:
    """结案. Guards: no money left undisbursed; `performed` only with nothing outstanding (or the
    settlement performed); `terminated_round` only with the §7 checklist complete — otherwise the
    error lists each missing item. Performing the debt lifts the credit measures (信用修复)."""
    from cases.services import _check_when

    case = lock_case(actor, case_id)
    at = _check_when(at, not_before=case.filed_on)
    if expected_status and expected_status != case.status:
        raise IllegalTransition(_("The case changed meanwhile: it is now “%(status)s”. Reload and try again.")
                                % {"status": case.get_status_display()}, current_status=case.status)
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("State the reason."))
    if closure_type not in ClosureType.values:
        errors.add("closure_type", _("Choose how the case is closed."))
    elif closure_type == ClosureType.TRANSFERRED:
        errors.add("closure_type", _("“%(type)s” is reached through its own procedure, not by closing directly.")
                   % {"type": ClosureType(closure_type).label})
    elif case.status == CaseStatus.REGISTERED and closure_type not in CLOSURE_FROM_REGISTERED:
        errors.add("closure_type", _("Enforcement has not started: the case can only be rejected, not enforced or withdrawn."))
    errors.raise_if_any()
    missing = closure_blockers(case, closure_type, facts, today=timezone.localdate(at) if at else None)
    if missing:
        raise FieldErrors({"checklist": [m.message for m in missing], "missing": [m.code for m in missing]})

    old_status = case.status
    case.close()
    case.closure_type = closure_type
    case.closed_on = timezone.localdate(at) if at else timezone.localdate()
    if closure_type == ClosureType.TERMINATED_ROUND:
        case.termination_checklist_complete = True  # closure_blockers above refused any gap
    if case.suspended_since:
        case.suspended_days += (case.closed_on - case.suspended_since).days
        case.suspended_since = None
    from cases.services import action_label

    _with_actor(case, actor, f"{action_label('close')}：{reason}", at)
    case.save()
    settlement = case.settlements.filter(status=SettlementStatus.PERFORMING).first()
    if settlement and closure_type != ClosureType.PERFORMED:
        settlement.status, settlement.ended_on, settlement.end_reason = SettlementStatus.BREACHED, case.closed_on, reason
        settlement.save()
    case_event_record(
        case=case, kind=EventKind.CLOSED, actor=actor,
        description=_("Status: %(old)s → %(new)s") % {"old": CaseStatus(old_status).label, "new": case.get_status_display()}
        + f"（{case.get_closure_type_display()}）",
        reason=reason, occurred_at=at,
        data={"transition": "close", "from": old_status, "to": case.status, "closure_type": closure_type,
              **({"facts": facts.__dict__} if facts and closure_type == ClosureType.TERMINATED_ROUND else {})},
    )
    if closure_type == ClosureType.PERFORMED:
        from cases.dossier import _lift

        for measure in CoerciveMeasure.objects.filter(case=case, kind__in=CREDIT_MEASURES, lifted_on__isnull=True).select_related("respondent"):
            _lift(actor, case, measure, when=case.closed_on, reason=_("Obligations performed: credit repaired"))
    notify_applicants(case=case, message=_("Case %(number)s has been closed: %(type)s.")
                      % {"number": case.case_number, "type": case.get_closure_type_display()})
    return case


ARCHIVE_DAYS = 30  # *default*: a closed case's file is archived within this many days (DESIGN.md §10, alert 5)


@transaction.atomic
def case_archive(*, actor: User, case_id: int, archived_on: dt.date | None = None, note: str = "") -> EnforcementCase:
    """归档: a closed case's file is handed to the archive. Once; on or after the closure date and not in
    the future. The supervisors' 超期未归档 alert (reports.alerts) counts closed cases not archived."""
    from cases.services import _with_actor

    case = lock_case(actor, case_id, allow_closed=True)
    errors = Errors()
    note = check_text(errors, "note", note, max_length=200)
    today = timezone.localdate()
    archived_on = archived_on or today
    if case.is_open:
        errors.add("archived_on", _("Only a closed case can be archived."))
    elif case.archived_on:
        errors.add("archived_on", _("The case was archived on %(date)s.") % {"date": case.archived_on.isoformat()})
    elif archived_on < case.closed_on:
        errors.add("archived_on", _("The archiving date cannot be before the closure (%(date)s).")
                   % {"date": case.closed_on.isoformat()})
    elif archived_on > today:
        errors.add("archived_on", _("The archiving date cannot be in the future."))
    errors.raise_if_any()
    case.archived_on = archived_on
    _with_actor(case, actor, _("Archived") + (f"：{note}" if note else ""))
    case.save(update_fields=["archived_on", "updated_at"])
    case_event_record(case=case, kind=EventKind.ARCHIVED, actor=actor, reason=note,
                      description=_("Case file archived on %(date)s") % {"date": archived_on.isoformat()},
                      data={"archived_on": archived_on.isoformat()})
    return case


@transaction.atomic
def case_resume_enforcement(*, actor: User, case_id: int, reason: str = "", filed_on: dt.date | None = None) -> EnforcementCase:
    """恢复执行: a 终本 case is resumed as a new 执恢 case at the same court with its own number,
    carrying the parties, the amount still outstanding and the controls still in force."""
    from cases.case_numbers import format_case_number
    from transfers.services import case_route

    old = EnforcementCase.objects.select_for_update(of=("self",)).select_related("court", "basis").get(pk=case_id)
    if not (access.can_work_case(actor, old) or access.can_register_in(actor, old.court)):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only the court that closed the case can resume it."))
    if old.status != CaseStatus.CLOSED or old.closure_type != ClosureType.TERMINATED_ROUND:
        raise IllegalTransition(_("Only a case whose round was terminated (终本) can be resumed."), current_status=old.status)
    existing = old.derived_cases.filter(type_code="执恢").first()
    if existing is not None:
        raise IllegalTransition(_("This case was already resumed as %(number)s.") % {"number": existing.case_number},
                                current_status=old.status)
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=500, required=True,
                        message=_("State the ground for resuming (e.g. new assets found, the applicant's application)."))
    today = timezone.localdate()
    filed_on = filed_on or today
    if filed_on > today:
        errors.add("filed_on", _("The filing date cannot be in the future."))
    elif old.closed_on and filed_on < old.closed_on:
        errors.add("filed_on", _("A resumption is filed after the case was closed (%(date)s).") % {"date": old.closed_on.isoformat()})
    errors.raise_if_any()

    court = old.court
    seq = case_number_next(court=court, year=filed_on.year, type_code="执恢")
    new = EnforcementCase(
        case_number=format_case_number(filed_on.year, court.province_abbr, court.code, "执恢", seq),
        year=filed_on.year, type_code="执恢", seq=seq, court=court, basis=old.basis, cause=old.cause,
        target_amount=old.outstanding_amount, non_monetary_obligations=old.non_monetary_obligations, filed_on=filed_on,
        is_livelihood=old.is_livelihood, is_special_subject=old.is_special_subject, interference_risk=old.interference_risk,
        upper_court_supervised=old.upper_court_supervised, petition_count=old.petition_count, judicial_aid=old.judicial_aid,
        origin_case=old, registered_by=actor, created_at=services._RECORDED_AT.get() or timezone.now(),
    )
    _with_actor(new, actor, _("Resumed from %(number)s") % {"number": old.case_number})
    new.save()
    carried = case_carry_over(actor=actor, old=old, new=new, on=filed_on)
    case_event_record(case=new, kind=EventKind.REGISTERED, actor=actor,
                      description=_("Case %(number)s registered: enforcement of %(old)s resumed, ¥%(amount)s outstanding, %(n)d control(s) carried over")
                      % {"number": new.case_number, "old": old.case_number, "amount": new.target_amount, "n": carried},
                      reason=reason, data={"origin_case": old.pk, "target_amount": str(new.target_amount)})
    case_event_record(case=old, kind=EventKind.RESUMED, actor=actor,
                      description=_("Enforcement resumed as %(number)s") % {"number": new.case_number}, reason=reason,
                      data={"resumed_case": new.pk})
    case_route(actor=actor, case=new, at=services._RECORDED_AT.get(), prefer=old.handler)
    notify_applicants(case=new, message=_("Enforcement of case %(old)s has been resumed as case %(number)s.")
                      % {"old": old.case_number, "number": new.case_number})
    return new


def case_carry_over(*, actor: User | None, old: EnforcementCase, new: EnforcementCase, on: dt.date) -> int:
    """Carry a case into its successor (恢复执行 at the same court, or a designated court's new case):
    the parties with each applicant's claim reduced by what was paid, the controls still in force on
    ``on`` (the old ones end as carried over) and the credit measures in force. Returns how many
    controls were carried. Both cases are saved and locked by the caller."""
    from cases.dossier import _refresh_found_cash
    from cases.money import paid_to

    paid = paid_to(old)
    applicants = CaseParty.objects.filter(case=old, role=PartyRole.APPLICANT).count()
    for link in CaseParty.objects.filter(case=old).order_by("role", "position", "pk"):
        claim = link.claim_amount
        if link.role == PartyRole.APPLICANT and claim is not None:
            claim = max(claim - paid.get(link.party_id, ZERO), ZERO)
        elif link.role == PartyRole.APPLICANT and applicants == 1:
            claim = None  # the sole applicant's claim is the new target
        copy = CaseParty(case=new, party=link.party, role=link.role, position=link.position, liability_cap=link.liability_cap,
                         claim_amount=claim, claim_class=link.claim_class, note=link.note)
        _with_actor(copy, actor, _("Carried over from %(number)s") % {"number": old.case_number})
        copy.save()
    carried = 0
    lapsed = Q(expires_on__lt=on)  # an expired, unrenewed control is no longer in force
    for control in ControlAction.objects.select_for_update().filter(case=old, status=ControlStatus.IN_FORCE).exclude(lapsed):
        twin = ControlAction(
            case=new, respondent=control.respondent, kind=control.kind, asset=control.asset, amount=control.frozen_balance
            if control.amount is not None else None, started_on=control.started_on, expires_on=control.expires_on,
            non_deductible=control.non_deductible, non_deductible_reason=control.non_deductible_reason,
            carried_from=control, recorded_by=actor,
        )
        _with_actor(twin, actor, _("Carried over"))
        twin.save()
        control.status, control.ended_on, control.end_reason = ControlStatus.CARRIED_OVER, on, new.case_number
        _with_actor(control, actor, _("Carried over to %(number)s") % {"number": new.case_number})
        control.save()
        carried += 1
    # Credit measures in force (blacklist, consumption restriction, exit ban) follow the enforcement.
    for measure in CoerciveMeasure.objects.filter(case=old, kind__in=CREDIT_MEASURES, lifted_on__isnull=True).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)):
        twin = CoerciveMeasure(case=new, respondent=measure.respondent, kind=measure.kind, issued_on=measure.issued_on,
                               ends_on=measure.ends_on, reason=measure.reason, recorded_by=actor)
        _with_actor(twin, actor, _("Carried over from %(number)s") % {"number": old.case_number})
        twin.save()
    _refresh_found_cash(old)
    _refresh_found_cash(new)
    return carried


def case_close_transferred(*, actor: User | None, case: EnforcementCase, new: EnforcementCase, reason: str,
                           at: dt.datetime | None = None) -> EnforcementCase:
    """Close a (locked) case as ``transferred`` because the upper court's designation decision moved it
    to ``new`` (DESIGN.md §8.4). Called only from transfers.designation, inside its transaction, after
    the carry-over: the controls went with the case, so nothing is left in force here."""
    old_status = case.status
    case.close()
    case.closure_type = ClosureType.TRANSFERRED
    case.closed_on = timezone.localdate(at) if at else timezone.localdate()
    if case.suspended_since:
        case.suspended_days += (case.closed_on - case.suspended_since).days
        case.suspended_since = None
    _with_actor(case, actor, reason, at)
    case.save()
    case_event_record(
        case=case, kind=EventKind.CLOSED, actor=actor, reason=reason, occurred_at=at,
        description=_("Status: %(old)s → %(new)s") % {"old": CaseStatus(old_status).label, "new": case.get_status_display()}
        + f"（{case.get_closure_type_display()}：{new.case_number}，{new.court.name}）",
        data={"transition": "close", "from": old_status, "to": case.status, "closure_type": ClosureType.TRANSFERRED,
              "new_case": new.pk},
    )
    return case
