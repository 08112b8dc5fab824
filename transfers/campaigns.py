"""Enforcement campaigns (集中执行行动, DESIGN.md §8.5): an intermediate or high court gathers open cases
of the courts of its jurisdiction into a dated campaign; each case's court reports what the campaign
achieved in it (拘传, 拘留, voluntary performance, money recovered) and the organising court checks the
case off (销号) or re-opens it; closing the campaign makes its ledger read-only.

Every write locks the campaign row first (two officers adding the same cases at once get one row per
case; a report cannot slip in after the campaign closed), checks everything before writing, records
the change in the audit trail (simple_history: who, when, why) and on the case's timeline.

Status: draft (being prepared: cases are selected) → active (launched: the courts report) → closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cases.dossier_common import Errors, check_money, check_text
from cases.models import CaseEvent, EnforcementCase, EventKind
from cases.progress import is_substantive
from cases.services import _RECORDED_AT, _with_actor, case_event_record
from courts import access
from courts.models import Court, CourtLevel, Role, User
from enforcement.errors import IllegalTransition
from enforcement.formatting import group_yuan
from transfers.models import Campaign, CampaignCase, CampaignStatus

# Who organises a campaign: the enforcement leadership of an intermediate or high court.
ORGANISER_ROLES = {Role.DESIGNATION_OFFICER, Role.SUPERVISOR, Role.BUREAU_CHIEF}
ORGANISING_LEVELS = (CourtLevel.INTERMEDIATE, CourtLevel.HIGH)
MAX_DAYS = 366  # a campaign runs for weeks or months; a year at most
MAX_COUNT = 999  # 拘传 / 拘留 per case and campaign: anything above is a typing error
MAX_ADD = 5000  # cases added in one go ("add all N matching" over a whole jurisdiction)


# --- who may do what ---------------------------------------------------------------------------------
def can_organise(user: User) -> bool:
    """Create campaigns: designation officers, supervisors and the bureau chief of an intermediate or
    high court."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return user.court_id is not None and user.court.level in ORGANISING_LEVELS
    return user.court_id is not None and user.role in ORGANISER_ROLES and user.court.level in ORGANISING_LEVELS


def can_manage(user: User, campaign: Campaign) -> bool:
    """Edit, select cases, check off, close: the organising court's designation officers, supervisors
    and bureau chief."""
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return user.court_id == campaign.court_id and user.role in ORGANISER_ROLES


def can_report(user: User, entry: CampaignCase) -> bool:
    """Report on a case of a campaign under way: the case's handler, the judges and assistants of its team
    and its court's bureau chief (courts.access.can_work_case), until it is checked off."""
    return (entry.campaign.status == CampaignStatus.ACTIVE and entry.cleared_on is None
            and access.can_work_case(user, entry.case))


# --- helpers ---------------------------------------------------------------------------------------------
def _now() -> dt.datetime:
    return _RECORDED_AT.get() or timezone.now()


def _today() -> dt.date:
    return timezone.localdate(_now())


def _parse_date(errors: Errors, name: str, value, *, message: str) -> dt.date | None:
    if value in (None, ""):
        errors.add(name, message)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(name, _("Enter a date as YYYY-MM-DD."))
        return None


def _parse_count(errors: Errors, name: str, value) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        errors.add(name, _("Enter a whole number."))
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.add(name, _("Enter a whole number."))
        return 0
    if number < 0:
        errors.add(name, _("The number cannot be negative."))
    elif number > MAX_COUNT:
        errors.add(name, _("At most %(n)d.") % {"n": MAX_COUNT})
    return number


def _parse_bool(errors: Errors, name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    errors.add(name, _("Answer yes or no."))
    return False


def _lock_campaign(campaign_id: int) -> Campaign:
    return Campaign.objects.select_for_update(of=("self",)).select_related("court").get(pk=campaign_id)


def _lock_entry(entry_id: int) -> CampaignCase:
    """The entry and its campaign, the campaign row locked first (the order every campaign write takes)."""
    campaign_id = CampaignCase.objects.values_list("campaign_id", flat=True).get(pk=entry_id)
    campaign = _lock_campaign(campaign_id)
    entry = (CampaignCase.objects.select_for_update(of=("self",)).select_related("case", "case__court", "cleared_by")
             .get(pk=entry_id))
    entry.campaign = campaign
    return entry


def _require_open(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise IllegalTransition(
            _("The campaign %(name)s was closed on %(date)s: its ledger can no longer be changed.")
            % {"name": campaign.name, "date": timezone.localdate(campaign.closed_at).isoformat() if campaign.closed_at else ""},
            current_status=campaign.status)


def _require_manager(actor: User, campaign: Campaign) -> None:
    if not can_manage(actor, campaign):
        raise PermissionDenied(_("Only the designation officers, supervisors and bureau chief of %(court)s manage this "
                                 "campaign.") % {"court": campaign.court.name})


def _check_fields(errors: Errors, *, name, starts_on, ends_on, description) -> tuple[str, dt.date | None, dt.date | None, str]:
    name = check_text(errors, "name", name, max_length=120, required=True,
                      message=_("Name the campaign, e.g. 2026年冬季集中执行行动."))
    start = _parse_date(errors, "starts_on", starts_on, message=_("Enter the first day of the campaign."))
    end = _parse_date(errors, "ends_on", ends_on, message=_("Enter the last day of the campaign."))
    if start and end:
        if end < start:
            errors.add("ends_on", _("The campaign cannot end before it starts (%(date)s).") % {"date": start.isoformat()})
        elif (end - start).days + 1 > MAX_DAYS:
            errors.add("ends_on", _("A campaign lasts at most %(n)d days.") % {"n": MAX_DAYS})
    description = check_text(errors, "description", description, max_length=4000)
    return name, start, end, description


def _name_taken(court_id: int, name: str, *, exclude: int | None = None) -> bool:
    qs = Campaign.objects.filter(court_id=court_id, name=name)
    return qs.exclude(pk=exclude).exists() if exclude else qs.exists()


def _event(entry_case: EnforcementCase, campaign: Campaign, actor: User, description: str, action: str, *,
           reason: str = "", at: dt.datetime | None = None, **data) -> None:
    case_event_record(case=entry_case, kind=EventKind.CAMPAIGN, actor=actor, reason=reason, occurred_at=at or _now(),
                      description=description, data={"campaign": campaign.pk, "action": action, **data})


# --- the campaign ------------------------------------------------------------------------------------------
@transaction.atomic
def campaign_create(*, actor: User, name: str, starts_on, ends_on, description: str = "") -> Campaign:
    """A new campaign of the actor's court (intermediate or high), in preparation (draft)."""
    if not can_organise(actor):
        raise PermissionDenied(_("Only the designation officers, supervisors and bureau chief of an intermediate or high "
                                 "court organise enforcement campaigns."))
    court: Court = actor.court
    errors = Errors()
    name, start, end, description = _check_fields(errors, name=name, starts_on=starts_on, ends_on=ends_on,
                                                  description=description)
    if end and end < _today():
        errors.add("ends_on", _("This date has passed: a campaign is created before it ends."))
    if name and _name_taken(court.pk, name):
        errors.add("name", _("%(court)s already has a campaign of this name.") % {"court": court.name})
    errors.raise_if_any()
    at = _now()
    campaign = Campaign(court=court, name=name, starts_on=start, ends_on=end, description=description, created_by=actor,
                        created_at=at)
    _with_actor(campaign, actor, _("Campaign created"))
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, actor: User, campaign_id: int, name: str, starts_on, ends_on, description: str = "") -> Campaign:
    """Rename, re-date or re-describe a campaign being prepared or under way."""
    campaign = _lock_campaign(campaign_id)
    _require_manager(actor, campaign)
    _require_open(campaign)
    errors = Errors()
    name, start, end, description = _check_fields(errors, name=name, starts_on=starts_on, ends_on=ends_on,
                                                  description=description)
    if name and _name_taken(campaign.court_id, name, exclude=campaign.pk):
        errors.add("name", _("%(court)s already has a campaign of this name.") % {"court": campaign.court.name})
    if start and campaign.status == CampaignStatus.ACTIVE and start > _today() and campaign.entries.filter(
            reported_at__isnull=False).exists():
        errors.add("starts_on", _("Courts have already reported: the start cannot move after today."))
    errors.raise_if_any()
    changed = [label for label, old, new in ((_("name"), campaign.name, name), (_("starts on"), campaign.starts_on, start),
                                             (_("ends on"), campaign.ends_on, end),
                                             (_("goals and arrangements"), campaign.description, description)) if old != new]
    campaign.name, campaign.starts_on, campaign.ends_on, campaign.description = name, start, end, description
    _with_actor(campaign, actor, _("Changed: %(fields)s") % {"fields": "、".join(str(c) for c in changed)} if changed else "")
    campaign.save()
    return campaign


@transaction.atomic
def campaign_start(*, actor: User, campaign_id: int) -> Campaign:
    """Launch the campaign (draft → active): from now on the courts report on their cases."""
    campaign = _lock_campaign(campaign_id)
    _require_manager(actor, campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise IllegalTransition(_("The campaign is already %(status)s.") % {"status": campaign.get_status_display()},
                                current_status=campaign.status)
    if not campaign.entries.exists():
        raise IllegalTransition(_("Select the campaign's cases before launching it."), current_status=campaign.status)
    campaign.status, campaign.started_by, campaign.started_at = CampaignStatus.ACTIVE, actor, _now()
    _with_actor(campaign, actor, _("Campaign launched"))
    campaign.save()
    return campaign


@dataclass
class CloseResult:
    campaign: Campaign
    cases: int
    unreported: int
    not_cleared: int


@transaction.atomic
def campaign_close(*, actor: User, campaign_id: int, note: str = "") -> CloseResult:
    """Close the campaign: its ledger becomes read-only. Cases not reported or not checked off stay so,
    and the answer says how many."""
    campaign = _lock_campaign(campaign_id)
    _require_manager(actor, campaign)
    _require_open(campaign)
    errors = Errors()
    note = check_text(errors, "note", note, max_length=1000)
    errors.raise_if_any()
    campaign.status, campaign.closed_by, campaign.closed_at, campaign.closing_note = (
        CampaignStatus.CLOSED, actor, _now(), note)
    _with_actor(campaign, actor, note or _("Campaign closed"))
    campaign.save()
    entries = campaign.entries.all()
    return CloseResult(campaign=campaign, cases=entries.count(), unreported=entries.filter(reported_at__isnull=True).count(),
                       not_cleared=entries.filter(cleared_on__isnull=True).count())


# --- its cases -----------------------------------------------------------------------------------------------
@dataclass
class AddResult:
    campaign: Campaign
    added: list[int] = field(default_factory=list)  # case ids
    already_in: list[str] = field(default_factory=list)  # case numbers, reported instead of duplicated


@transaction.atomic
def campaign_cases_add(*, actor: User, campaign_id: int, case_ids) -> AddResult:
    """Add open cases of the organising court's jurisdiction. A case already in the campaign is listed in
    ``already_in``, not added twice; a case that may not be added (unknown, closed, of a court outside
    the jurisdiction) refuses the whole request with the case numbers. A fixed number of statements
    whatever the number of cases (bulk inserts of the rows, their history and the timeline events)."""
    campaign = _lock_campaign(campaign_id)
    _require_manager(actor, campaign)
    _require_open(campaign)
    errors = Errors()
    try:
        ids = list(dict.fromkeys(int(v) for v in case_ids or []))
    except (TypeError, ValueError):
        errors.add("cases", _("The list of cases was damaged. Select them again."))
        errors.raise_if_any()
    if not ids:
        errors.add("cases", _("Choose at least one case."))
    elif len(ids) > MAX_ADD:
        errors.add("cases", _("At most %(n)d cases at once: narrow the filter.") % {"n": MAX_ADD})
    errors.raise_if_any()
    rows = {c.pk: c for c in EnforcementCase.objects.filter(pk__in=ids).only("pk", "case_number", "court_id", "status")}
    jurisdiction = set(access.jurisdiction_ids(campaign.court_id))
    unknown = [str(pk) for pk in ids if pk not in rows]
    outside = [rows[pk].case_number for pk in ids if pk in rows and rows[pk].court_id not in jurisdiction]
    closed = [rows[pk].case_number for pk in ids if pk in rows and rows[pk].court_id in jurisdiction and not rows[pk].is_open]
    if unknown:
        errors.add("cases", _("No such case: %(ids)s.") % {"ids": "、".join(unknown[:20])})
    if outside:
        errors.add("cases", _("Not a case of a court of %(court)s's jurisdiction: %(numbers)s.")
                   % {"court": campaign.court.name, "numbers": "、".join(outside[:20])})
    if closed:
        errors.add("cases", _("Closed cases cannot join a campaign: %(numbers)s.") % {"numbers": "、".join(closed[:20])})
    errors.raise_if_any()
    present = set(CampaignCase.objects.filter(campaign=campaign, case_id__in=ids).values_list("case_id", flat=True))
    result = AddResult(campaign=campaign, already_in=[rows[pk].case_number for pk in ids if pk in present])
    new = [pk for pk in ids if pk not in present]
    if not new:
        return result
    at = _now()
    bulk_create_with_history(
        [CampaignCase(campaign=campaign, case_id=pk, added_by=actor, added_at=at) for pk in new], CampaignCase,
        batch_size=500, default_user=actor, default_change_reason=_("Added to the campaign"), default_date=at)
    description = group_yuan(_("Added to the enforcement campaign %(name)s (%(start)s – %(end)s) by %(court)s")
                             % {"name": campaign.name, "start": campaign.starts_on.isoformat(),
                                "end": campaign.ends_on.isoformat(), "court": campaign.court.name})[:500]
    data = {"campaign": campaign.pk, "action": "added"}
    # One timeline event per case, inserted together; a campaign is not substantive progress (no clock change).
    CaseEvent.objects.bulk_create(
        [CaseEvent(case_id=pk, kind=EventKind.CAMPAIGN, actor=actor, description=description,
                   is_substantive=is_substantive(EventKind.CAMPAIGN, data), data=data, occurred_at=at) for pk in new],
        batch_size=500)
    result.added = new
    return result


@transaction.atomic
def campaign_case_remove(*, actor: User, entry_id: int, reason: str = "") -> Campaign:
    """Take a case out of the campaign, as long as its court has not reported on it."""
    entry = _lock_entry(entry_id)
    campaign = entry.campaign
    _require_manager(actor, campaign)
    _require_open(campaign)
    if entry.reported_at is not None:
        raise IllegalTransition(_("%(court)s has already reported on case %(number)s: it stays in the ledger.")
                                % {"court": entry.case.court.name, "number": entry.case.case_number},
                                current_status="reported")
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=300)
    errors.raise_if_any()
    case = entry.case
    _with_actor(entry, actor, reason or _("Removed from the campaign"))
    entry.delete()
    _event(case, campaign, actor, _("Removed from the enforcement campaign %(name)s") % {"name": campaign.name}, "removed",
           reason=reason)
    return campaign


@transaction.atomic
def campaign_case_report(*, actor: User, entry_id: int, compelled_appearances=0, detentions=0,
                         voluntary_performance=False, amount_recovered="0.00", note: str = "") -> CampaignCase:
    """The case's court reports (or corrects, until the case is checked off) what the campaign achieved:
    拘传 and 拘留 counts, whether the respondent performed voluntarily, the money recovered during the
    campaign (at most the amount applied for: money paid straight to the applicant counts too)."""
    entry = _lock_entry(entry_id)
    campaign, case = entry.campaign, entry.case
    if not access.can_work_case(actor, case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief of %(court)s report on "
                                 "this case.") % {"court": case.court.name})
    _require_open(campaign)
    if campaign.status == CampaignStatus.DRAFT:
        raise IllegalTransition(_("The campaign has not been launched yet: report once it is under way."),
                                current_status=campaign.status)
    if _today() < campaign.starts_on:
        raise IllegalTransition(_("The campaign starts on %(date)s: report from that day on.")
                                % {"date": campaign.starts_on.isoformat()}, current_status=campaign.status)
    if entry.cleared_on is not None:
        raise IllegalTransition(_("Checked off by %(court)s on %(date)s: ask it to re-open the case before correcting the "
                                  "report.") % {"court": campaign.court.name, "date": entry.cleared_on.isoformat()},
                                current_status="cleared")
    errors = Errors()
    compelled = _parse_count(errors, "compelled_appearances", compelled_appearances)
    detained = _parse_count(errors, "detentions", detentions)
    voluntary = _parse_bool(errors, "voluntary_performance", voluntary_performance)
    amount = check_money(errors, "amount_recovered", "0" if amount_recovered in (None, "") else amount_recovered,
                         positive=False)
    if amount is not None and amount > case.target_amount:
        errors.add("amount_recovered", _("More than the amount applied for in this case (¥%(target)s).")
                   % {"target": case.target_amount})
    note = check_text(errors, "note", note, max_length=500)
    errors.raise_if_any()
    correcting = entry.reported_at is not None
    at = _now()
    entry.compelled_appearances, entry.detentions, entry.voluntary_performance = compelled, detained, voluntary
    entry.amount_recovered, entry.note = amount.quantize(Decimal("0.01")), note
    entry.reported_by, entry.reported_at = actor, at
    _with_actor(entry, actor, _("Report corrected") if correcting else _("Reported"))
    entry.save()
    figures = (_("拘传 %(c)d, 拘留 %(d)d, voluntary performance: %(v)s, recovered ¥%(amount)s")
               % {"c": compelled, "d": detained, "v": _("Yes") if voluntary else _("No"), "amount": entry.amount_recovered})
    text = (_("Campaign report corrected (%(name)s): %(figures)s") if correcting
            else _("Campaign report (%(name)s): %(figures)s")) % {"name": campaign.name, "figures": figures}
    _event(case, campaign, actor, text, "corrected" if correcting else "reported", reason=note, at=at)
    return entry


@transaction.atomic
def campaign_case_clear(*, actor: User, entry_id: int, note: str) -> CampaignCase:
    """销号: the organising court checks a reported case off, with a note."""
    entry = _lock_entry(entry_id)
    campaign, case = entry.campaign, entry.case
    _require_manager(actor, campaign)
    _require_open(campaign)
    if entry.cleared_on is not None:
        raise IllegalTransition(_("Case %(number)s was already checked off on %(date)s by %(name)s.")
                                % {"number": case.case_number, "date": entry.cleared_on.isoformat(),
                                   "name": entry.cleared_by.display_name if entry.cleared_by else ""},
                                current_status="cleared")
    if entry.reported_at is None:
        raise IllegalTransition(_("%(court)s has not reported on case %(number)s yet: it cannot be checked off.")
                                % {"court": case.court.name, "number": case.case_number}, current_status="unreported")
    errors = Errors()
    note = check_text(errors, "note", note, max_length=500, required=True,
                      message=_("Say why the case can be checked off (e.g. performed in full, settlement agreed)."))
    errors.raise_if_any()
    at = _now()
    entry.cleared_on, entry.cleared_by, entry.clear_note = timezone.localdate(at), actor, note
    _with_actor(entry, actor, note)
    entry.save()
    _event(case, campaign, actor, _("Checked off (销号) in the enforcement campaign %(name)s by %(court)s")
           % {"name": campaign.name, "court": campaign.court.name}, "cleared", reason=note, at=at)
    return entry


@transaction.atomic
def campaign_case_reopen(*, actor: User, entry_id: int, reason: str) -> CampaignCase:
    """Undo a check-off: the case's court may correct its report again."""
    entry = _lock_entry(entry_id)
    campaign, case = entry.campaign, entry.case
    _require_manager(actor, campaign)
    _require_open(campaign)
    if entry.cleared_on is None:
        raise IllegalTransition(_("Case %(number)s is not checked off.") % {"number": case.case_number},
                                current_status="reported" if entry.reported_at else "unreported")
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("State why the case is re-opened."))
    errors.raise_if_any()
    entry.cleared_on, entry.cleared_by, entry.clear_note = None, None, ""
    _with_actor(entry, actor, reason)
    entry.save()
    _event(case, campaign, actor, _("Check-off undone in the enforcement campaign %(name)s by %(court)s")
           % {"name": campaign.name, "court": campaign.court.name}, "reopened", reason=reason)
    return entry
