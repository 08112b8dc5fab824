"""Writes of petitions (信访) and the hard-case ledger (五类硬骨头台账, DESIGN.md §10), and its rules.

The five categories: 老案 (long pending), 难案 (repeated petitions), 棘手案 (special-subject respondent)
and 重点案 (supervised by the upper court) follow from the case's data by rule; 敏感案 (interference
risk) is a person's judgement, and so is putting a case under the upper court's supervision (the
supervised flag then feeds 重点案). An entry stays open until someone checks it off (销号) with a reason.

The rules (``findings``) are set-based: one query per category over any number of cases, used both
by the daily sweep (every case) and right after a petition or a flag change (one case). What a rule
never does is re-open an entry for the fact that was checked off:
- 老案: a case is entered once; its age is the same fact for as long as it stays open;
- 难案: re-opened only by a petition recorded after the check-off;
- 棘手案 / 重点案 / 敏感案: re-opened only when the flag was set again after the check-off (checking
  off 重点案 or 敏感案 clears the flag itself; 棘手案 describes the respondent, so its flag stays, and
  only a change of the respondent that sets it anew — a history row with it unset after the
  check-off — re-opens it).

Every write: one transaction, the case row locked first (the same order as every dossier write), every
field error collected before anything is written, the change audited (simple_history on the rows and on
the case's flags) and a timeline event."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cases.dossier_common import Errors, check_choice, check_date, check_text
from cases.models import OPEN_STATUSES, CaseEvent, CaseStatus, ClosureType, EnforcementCase, EventKind
from cases.services import _RECORDED_AT, _with_actor, case_event_record
from courts import access
from courts.models import Court, User
from enforcement.errors import IllegalTransition
from enforcement.formatting import group_yuan
from reports.hard_case_rules import latest_long_pending_filing
from reports.models import (
    DEFAULT_OLD_AFTER_MONTHS,
    DEFAULT_PETITIONS_THRESHOLD,
    MANUAL_CATEGORIES,
    EntrySource,
    HardCaseCategory,
    HardCaseEntry,
    HardCaseRules,
    Petition,
    PetitionChannel,
    PetitionerStanding,
)

# Cases the ledger still follows: open ones, and those closed by 终本 (nothing recovered, resumable;
# petitions come mostly from them). 老案 is about open cases only.
UNFINISHED = Q(status__in=OPEN_STATUSES) | Q(status=CaseStatus.CLOSED, closure_type=ClosureType.TERMINATED_ROUND)
# The case flag behind each flag category.
FLAG_OF = {HardCaseCategory.SPECIAL_SUBJECT: "is_special_subject", HardCaseCategory.SUPERVISED: "upper_court_supervised",
           HardCaseCategory.SENSITIVE: "interference_risk"}
SWEEP_BATCH = 500


def _now() -> dt.datetime:
    """Now, or the past moment being recorded (cases.services.recorded_at: demo data, imports)."""
    return _RECORDED_AT.get() or timezone.now()


def _lock(case_id: int) -> EnforcementCase:
    return EnforcementCase.objects.select_for_update(of=("self",)).select_related("court").get(pk=case_id)


def _label(category: str) -> str:
    return str(HardCaseCategory(category).label)


# --- the thresholds of a court ---------------------------------------------------------------------
@dataclass(frozen=True)
class Thresholds:
    old_after_months: int = DEFAULT_OLD_AFTER_MONTHS
    petitions: int = DEFAULT_PETITIONS_THRESHOLD


DEFAULTS = Thresholds()


def court_thresholds() -> dict[int, Thresholds]:
    """The courts that set their own thresholds (one query; the others use DEFAULTS)."""
    return {court_id: Thresholds(months, petitions) for court_id, months, petitions in
            HardCaseRules.objects.values_list("court_id", "old_after_months", "petitions_threshold")}


def thresholds_for(court_id: int) -> Thresholds:
    row = HardCaseRules.objects.filter(court_id=court_id).values_list("old_after_months", "petitions_threshold").first()
    return Thresholds(*row) if row else DEFAULTS


def _by_threshold(own: dict[int, Thresholds], attr: str, condition) -> Q:
    """``condition(value)`` for each court's value of ``attr``, courts grouped by value: one Q."""
    groups: dict[int, list[int]] = {}
    for court_id, values in own.items():
        groups.setdefault(getattr(values, attr), []).append(court_id)
    q = ~Q(court_id__in=list(own)) & condition(getattr(DEFAULTS, attr)) if own else condition(getattr(DEFAULTS, attr))
    for value, court_ids in groups.items():
        q |= Q(court_id__in=court_ids) & condition(value)
    return q


# --- the rules ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    case_id: int
    category: str
    reason: str
    figures: dict


def _open_entry_exists(category: str) -> Exists:
    return Exists(HardCaseEntry.objects.filter(case=OuterRef("pk"), category=category, cleared_on__isnull=True))


def _last_cleared(category: str) -> Subquery:
    return Subquery(HardCaseEntry.objects.filter(case=OuterRef("pk"), category=category, cleared_at__isnull=False)
                    .order_by("-cleared_at").values("cleared_at")[:1])


def findings(*, today: dt.date, case_ids: list[int] | None = None) -> list[Finding]:
    """What the rules find on ``today`` and the ledger does not hold yet: a case, a category, why. One
    query for the courts' thresholds and one per category, whatever the number of cases."""
    own = court_thresholds()
    cases = EnforcementCase.objects.filter(filed_on__lte=today)  # a case is not tagged before it exists
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    found = _long_pending(cases, today, own) + _repeated_petitions(cases, own)
    for category in FLAG_OF:
        found += _flagged(cases, category)
    return found


def _long_pending(cases: QuerySet, today: dt.date, own: dict[int, Thresholds]) -> list[Finding]:
    q = _by_threshold(own, "old_after_months", lambda months: Q(filed_on__lte=latest_long_pending_filing(today, months)))
    rows = (cases.filter(q, status__in=OPEN_STATUSES)
            # Entered once: the same age is the same fact, also after a check-off.
            .exclude(Exists(HardCaseEntry.objects.filter(case=OuterRef("pk"), category=HardCaseCategory.OLD)))
            .values_list("pk", "filed_on", "court_id"))
    found = []
    for pk, filed_on, court_id in rows:
        months = own.get(court_id, DEFAULTS).old_after_months
        days = (today - filed_on).days
        found.append(Finding(pk, HardCaseCategory.OLD,
                             _("Open %(days)d days since it was filed on %(date)s: more than %(months)d months.")
                             % {"days": days, "date": filed_on.isoformat(), "months": months},
                             {"filed_on": filed_on.isoformat(), "days_open": days, "months": months}))
    return found


def _repeated_petitions(cases: QuerySet, own: dict[int, Thresholds]) -> list[Finding]:
    category = HardCaseCategory.PETITIONS
    latest = Petition.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-pk")
    rows = (cases.filter(UNFINISHED).filter(_by_threshold(own, "petitions", lambda n: Q(petition_count__gte=n)))
            .exclude(_open_entry_exists(category))
            .annotate(last_cleared=_last_cleared(category), last_petition=Subquery(latest.values("created_at")[:1]),
                      last_received=Subquery(latest.order_by("-received_on", "-pk").values("received_on")[:1]))
            # After a check-off only a petition recorded since re-opens it.
            .filter(Q(last_cleared__isnull=True) | Q(last_petition__gt=F("last_cleared")))
            .values_list("pk", "petition_count", "court_id", "last_cleared", "last_received"))
    found = []
    for pk, count, court_id, last_cleared, last_received in rows:
        threshold = own.get(court_id, DEFAULTS).petitions
        if last_cleared is None:
            reason = _("%(n)d petitions about the case (the ledger counts %(threshold)d or more).") % {"n": count, "threshold": threshold}
        else:
            reason = _("%(n)d petitions about the case, a new one since the check-off on %(date)s.") % {
                "n": count, "date": timezone.localdate(last_cleared).isoformat()}
        found.append(Finding(pk, category, reason, {
            "petitions": count, "threshold": threshold, "last_received_on": last_received.isoformat() if last_received else None}))
    return found


def _flag_reason(category: str) -> str:
    # Spelled out for makemessages: the table above only names them.
    return {
        HardCaseCategory.SPECIAL_SUBJECT: _("The respondent is a state organ or another special subject."),
        HardCaseCategory.SUPERVISED: _("The case is flagged as supervised by the upper court."),
        HardCaseCategory.SENSITIVE: _("The case is flagged with a risk of interference."),
    }[category]


def _flagged(cases: QuerySet, category: str) -> list[Finding]:
    flag = FLAG_OF[category]
    history = EnforcementCase.history.model
    set_again = Exists(history.objects.filter(id=OuterRef("pk"), history_date__gte=OuterRef("last_cleared"), **{flag: False}))
    rows = (cases.filter(UNFINISHED, **{flag: True}).exclude(_open_entry_exists(category))
            .annotate(last_cleared=_last_cleared(category))
            .filter(Q(last_cleared__isnull=True) | set_again)
            .values_list("pk", flat=True))
    return [Finding(pk, category, _flag_reason(category), {"flag": flag}) for pk in rows]


# --- opening entries ---------------------------------------------------------------------------------
def _event_text(category: str) -> str:
    return _("Entered in the hard-case ledger: %(category)s") % {"category": _label(category)}


def _open_entry(case: EnforcementCase, *, category: str, source: str, actor: User | None, reason: str, figures: dict,
                today: dt.date, at: dt.datetime) -> HardCaseEntry:
    entry = HardCaseEntry(case=case, category=category, source=source, tagged_on=today, tagged_by=actor,
                          reason=reason[:500], figures=figures)
    _with_actor(entry, actor, _("Entered in the ledger"), at)
    entry.save()
    case_event_record(case=case, kind=EventKind.HARD_CASE, actor=actor, description=_event_text(category), reason=reason,
                      data={"entry": entry.pk, "action": "entered", "category": category, "source": source, **figures},
                      occurred_at=at)
    return entry


def _apply_rules(case: EnforcementCase, *, today: dt.date, at: dt.datetime) -> list[HardCaseEntry]:
    """The rules on one case whose row the caller holds locked."""
    return [_open_entry(case, category=f.category, source=EntrySource.RULE, actor=None, reason=f.reason, figures=f.figures,
                        today=today, at=at) for f in findings(today=today, case_ids=[case.pk])]


@transaction.atomic
def hard_case_rules_apply(*, case_id: int, today: dt.date | None = None) -> list[HardCaseEntry]:
    """Run the rules on one case now (after a change of its data); returns the entries opened."""
    at = _now()
    case = _lock(case_id)
    return _apply_rules(case, today=today or timezone.localdate(at), at=at)


def hard_cases_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: enter every case a rule finds, in batches of SWEEP_BATCH cases, each batch one
    transaction that locks its cases (in id order, as every multi-case write does), asks the rules again
    for just those cases — a petition or a check-off may have come in between — and writes the entries,
    their audit rows and timeline events in bulk. Idempotent: a second run finds nothing left to enter.
    Returns the entries opened per category."""
    at = _now()
    today = today or timezone.localdate(at)
    candidates = sorted({f.case_id for f in findings(today=today)})
    opened: Counter = Counter()
    for start in range(0, len(candidates), SWEEP_BATCH):
        opened.update(_sweep_batch(candidates[start:start + SWEEP_BATCH], today=today, at=at))
    return {category: opened.get(category, 0) for category in HardCaseCategory.values}


@transaction.atomic
def _sweep_batch(case_ids: list[int], *, today: dt.date, at: dt.datetime) -> Counter:
    list(EnforcementCase.objects.select_for_update(of=("self",)).filter(pk__in=case_ids).order_by("pk").values_list("pk", flat=True))
    found = findings(today=today, case_ids=case_ids)
    entries = [HardCaseEntry(case_id=f.case_id, category=f.category, source=EntrySource.RULE, tagged_on=today,
                             reason=f.reason[:500], figures=f.figures) for f in found]
    bulk_create_with_history(entries, HardCaseEntry, default_change_reason=_("Entered in the ledger"), default_date=at)
    # The ledger is never substantive progress (cases.progress) and changes no status: the clock has
    # nothing to move, so the events are written as a batch rather than through case_event_record.
    CaseEvent.objects.bulk_create([
        CaseEvent(case_id=e.case_id, kind=EventKind.HARD_CASE, actor=None, occurred_at=at, is_substantive=False,
                  description=group_yuan(_event_text(e.category))[:500], reason=e.reason,
                  data={"entry": e.pk, "action": "entered", "category": e.category, "source": EntrySource.RULE, **e.figures})
        for e in entries])
    return Counter(e.category for e in entries)


# --- petitions ---------------------------------------------------------------------------------------
def _require_petition_recorder(actor: User, case: EnforcementCase) -> None:
    if not access.can_record_petition(actor, case):
        raise PermissionDenied(_("Only the staff of the case's court or of an upper court record petitions."))


def _check_reply(errors: Errors, reply, replied_on, *, received_on: dt.date | None, case: EnforcementCase,
                 required: bool) -> tuple[str, dt.date | None]:
    reply = check_text(errors, "reply", reply, max_length=2000, required=required,
                       message=_("Record the reply: what was explained or done."))
    when = None
    if reply:
        when = check_date(errors, "replied_on", replied_on or timezone.localdate(), case)
        if when and received_on and when < received_on and "replied_on" not in errors:
            errors.add("replied_on", _("The reply follows the petition (received on %(date)s).") % {"date": received_on.isoformat()})
    elif replied_on not in (None, "") and "reply" not in errors:
        errors.add("reply", _("Record the reply, or leave its date empty."))
    return reply, when


@transaction.atomic
def petition_record(*, actor: User, case_id: int, received_on, channel: str, petitioner_name: str,
                    petitioner_standing: str, summary: str, reply: str = "", replied_on=None) -> Petition:
    """Record a petition (信访) about the case, with its reply if it was answered at once. The case's
    petition count goes up under its row lock, and the 难案 rule runs at once."""
    case = _lock(case_id)
    _require_petition_recorder(actor, case)
    errors = Errors()
    when = check_date(errors, "received_on", received_on, case)
    check_choice(errors, "channel", channel, PetitionChannel.values, _("Choose how the petition came in."))
    name = check_text(errors, "petitioner_name", petitioner_name, max_length=60, required=True,
                      message=_("Enter the petitioner's name."))
    check_choice(errors, "petitioner_standing", petitioner_standing, PetitionerStanding.values,
                 _("Choose who the petitioner is in the case."))
    summary = check_text(errors, "summary", summary, max_length=2000, required=True,
                         message=_("Record what the petition asks or complains about."))
    reply, replied = _check_reply(errors, reply, replied_on, received_on=when, case=case, required=False)
    errors.raise_if_any()
    at = _now()
    petition = Petition(case=case, received_on=when, channel=channel, petitioner_name=name,
                        petitioner_standing=petitioner_standing, summary=summary, reply=reply, replied_on=replied,
                        replied_by=actor if reply else None, recorded_by=actor, created_at=at)
    _with_actor(petition, actor, _("Petition received"), at)
    petition.save()
    case.petition_count += 1
    _with_actor(case, actor, _("Petition received"), at)
    case.save(update_fields=["petition_count", "updated_at"])
    case_event_record(
        case=case, kind=EventKind.PETITION, actor=actor,
        description=_("Petition no. %(n)d received on %(date)s (%(channel)s) from %(name)s, %(standing)s") % {
            "n": case.petition_count, "date": when.isoformat(), "channel": petition.get_channel_display(), "name": name,
            "standing": petition.get_petitioner_standing_display()},
        reason=summary, data={"petition": petition.pk, "action": "received", "petitions": case.petition_count}, occurred_at=at)
    _apply_rules(case, today=timezone.localdate(at), at=at)
    return petition


@transaction.atomic
def petition_reply(*, actor: User, petition_id: int, reply: str, replied_on=None) -> Petition:
    """Record the reply to a petition (答复/处理情况)."""
    case_id = Petition.objects.values_list("case_id", flat=True).get(pk=petition_id)
    case = _lock(case_id)
    _require_petition_recorder(actor, case)
    petition = Petition.objects.select_for_update(of=("self",)).get(pk=petition_id)
    if petition.replied_on is not None:
        raise IllegalTransition(_("This petition was answered on %(date)s.") % {"date": petition.replied_on.isoformat()},
                                current_status="replied")
    errors = Errors()
    reply, when = _check_reply(errors, reply, replied_on, received_on=petition.received_on, case=case, required=True)
    errors.raise_if_any()
    at = _now()
    petition.reply, petition.replied_on, petition.replied_by = reply, when, actor
    _with_actor(petition, actor, _("Petition answered"), at)
    petition.save()
    case_event_record(case=case, kind=EventKind.PETITION, actor=actor,
                      description=_("Reply to the petition of %(name)s received on %(date)s") % {
                          "name": petition.petitioner_name, "date": petition.received_on.isoformat()},
                      reason=reply, data={"petition": petition.pk, "action": "replied"}, occurred_at=at)
    return petition


# --- entries by hand ---------------------------------------------------------------------------------
def _require_followed(case: EnforcementCase) -> None:
    """The same cases as UNFINISHED."""
    if not (case.status in OPEN_STATUSES or case.closure_type == ClosureType.TERMINATED_ROUND):
        raise IllegalTransition(
            _("Case %(number)s is closed (%(closure)s): the ledger follows open cases and cases closed by terminating "
              "this round.") % {"number": case.case_number, "closure": case.get_closure_type_display()},
            current_status=case.status)


@transaction.atomic
def hard_case_tag(*, actor: User, case_id: int, category: str, reason: str) -> HardCaseEntry:
    """Put a case in the ledger by hand: 敏感案 (sets the interference-risk flag, which the escalation
    ladder reads: such a case may go straight to the upper court) or 重点案 (puts it under the upper
    court's supervision). Who may: courts.access.can_mark_interference / can_mark_supervised."""
    errors = Errors()
    check_choice(errors, "category", category, MANUAL_CATEGORIES,
                 _("Only interference risk and the upper court's supervision are entered by hand; the other categories follow "
                   "from the case's data."))
    errors.raise_if_any()
    case = _lock(case_id)
    allowed = (access.can_mark_interference if category == HardCaseCategory.SENSITIVE else access.can_mark_supervised)(actor, case)
    if not allowed:
        raise PermissionDenied(
            _("Only the bureau chief of the case's court, or a supervisor or designation officer of an upper court, flags a "
              "risk of interference.") if category == HardCaseCategory.SENSITIVE else
            _("Only a supervisor, designation officer or bureau chief of an upper court puts a case under its supervision."))
    _require_followed(case)
    reason = check_text(errors, "reason", reason, max_length=500, required=True,
                        message=_("Give the reason: what the risk is, or why the upper court supervises the case."))
    current = HardCaseEntry.objects.filter(case=case, category=category, cleared_on__isnull=True).first()
    if current is not None:
        errors.add("category", _("The case is already in the ledger as %(category)s (since %(date)s).")
                   % {"category": _label(category), "date": current.tagged_on.isoformat()})
    errors.raise_if_any()
    at = _now()
    flag = FLAG_OF[category]
    if not getattr(case, flag):
        setattr(case, flag, True)
        _with_actor(case, actor, reason, at)
        case.save(update_fields=[flag, "updated_at"])
    return _open_entry(case, category=category, source=EntrySource.MANUAL, actor=actor, reason=reason, figures={"flag": flag},
                       today=timezone.localdate(at), at=at)


@transaction.atomic
def hard_case_clear(*, actor: User, entry_id: int, reason: str) -> HardCaseEntry:
    """Check an entry off (销号) with the reason. Checking off 敏感案 clears the case's interference-risk
    flag, and 重点案 ends the upper court's supervision; the other flags and figures describe the case
    and stay."""
    case_id = HardCaseEntry.objects.values_list("case_id", flat=True).get(pk=entry_id)
    case = _lock(case_id)
    entry = HardCaseEntry.objects.select_for_update(of=("self",)).select_related("cleared_by").get(pk=entry_id)
    if not access.can_clear_hard_case(actor, case, entry.category):
        raise PermissionDenied(
            _("Only a supervisor, designation officer or bureau chief of an upper court ends its supervision.")
            if entry.category == HardCaseCategory.SUPERVISED else
            _("Only the bureau chief of the case's court or a supervisor of an upper court checks off a ledger entry."))
    if entry.cleared_on is not None:
        raise IllegalTransition(_("This entry was checked off on %(date)s by %(name)s.") % {
            "date": entry.cleared_on.isoformat(), "name": entry.cleared_by.display_name if entry.cleared_by else ""},
            current_status="cleared")
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=500, required=True,
                        message=_("Give the reason for the check-off: what was resolved."))
    errors.raise_if_any()
    at = _now()
    entry.cleared_on, entry.cleared_at, entry.cleared_by, entry.clear_reason = timezone.localdate(at), at, actor, reason
    _with_actor(entry, actor, _("Checked off"), at)
    entry.save()
    flag = FLAG_OF.get(entry.category) if entry.category in MANUAL_CATEGORIES else None
    if flag and getattr(case, flag):
        setattr(case, flag, False)
        _with_actor(case, actor, reason, at)
        case.save(update_fields=[flag, "updated_at"])
    case_event_record(case=case, kind=EventKind.HARD_CASE, actor=actor,
                      description=_("Checked off the hard-case ledger: %(category)s") % {"category": _label(entry.category)},
                      reason=reason, data={"entry": entry.pk, "action": "cleared", "category": entry.category}, occurred_at=at)
    return entry


# --- a court's thresholds -------------------------------------------------------------------------------
@transaction.atomic
def hard_case_rules_set(*, actor: User, court, old_after_months, petitions_threshold, reason: str) -> HardCaseRules:
    """Set a court's thresholds. They apply from the next run of the rules; entries already made stay
    until checked off."""
    if not access.can_set_hard_case_rules(actor, court):
        raise PermissionDenied(_("Only the bureau chief of this court sets its ledger rules."))
    errors = Errors()
    months = _whole(errors, "old_after_months", old_after_months, 1, 120)
    petitions = _whole(errors, "petitions_threshold", petitions_threshold, 1, 50)
    reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("Give the reason for the change."))
    errors.raise_if_any()
    # The court's row is the lock: two saves at once queue, and the second updates the first's row.
    Court.objects.select_for_update().filter(pk=court.pk).first()
    rules = HardCaseRules.objects.filter(court=court).first() or HardCaseRules(court=court)
    rules.old_after_months, rules.petitions_threshold, rules.reason, rules.updated_by = months, petitions, reason, actor
    _with_actor(rules, actor, reason, _now())
    rules.save()
    return rules


def _whole(errors: Errors, name: str, value, low: int, high: int) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or not low <= int(text) <= high:
        errors.add(name, _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high})
        return None
    return int(text)
