"""Writes of pre-enforcement tracking (执前督促): each one transaction that locks the record,
collects every field error before writing, and records the step on the record's timeline.

Who (courts.access.can_track_in): the tracking office — the court's filing clerks and its bureau
chief — records, serves, asks, records outcomes and passes records on; everyone who sees the court
reads. The hand-off registers the enforcement case through cases.services.case_register (the same
validation and numbering as the registration form), in the same transaction.

Messages to parties: the outbox (cases.notifications) is bound to an enforcement case, so the
reminder and warning are *served* documents recorded here with how they were served; the applicants
hear from the outbox once the record becomes a case (case_register notifies them).
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.case_numbers import normalize_document_number
from cases.causes import CAUSE_LABELS
from cases.dossier_common import Errors, check_choice, check_money, check_text
from cases.models import DocumentType, EnforcementCase, EventKind, Party
from cases.services import BasisInput, PartyInput, _with_actor, clean_party, parse_money, party_key
from courts import access
from courts.models import Court, User
from enforcement.errors import FieldErrors, IllegalTransition
from enforcement.formatting import group_yuan
from tracking.models import (
    CASE_ROLE,
    ObligeeStatement,
    ServiceMethod,
    StepKind,
    TrackingParty,
    TrackingRecord,
    TrackingRole,
    TrackingStatus,
    TrackingStep,
    TrialDivision,
)

ZERO = Decimal("0.00")
MAX_PARTIES = 200


@dataclass
class TrackingInput:
    """A judgment or mediation statement recorded for tracking. ``parties`` are cases.services
    PartyInput rows whose role is ``obligee`` or ``obligor``."""

    court: Court | None
    division: str
    cause: str
    basis: BasisInput
    obligation_amount: Decimal | str | None
    parties: list[PartyInput] = field(default_factory=list)
    division_name: str = ""
    non_monetary_obligations: str = ""
    # On a correction (tracking_correct): the id of the record's party each row corrects, None for a new one.
    party_ids: list[int | None] = field(default_factory=list)


# --- validation ---------------------------------------------------------------------------------------
def _date(errors: Errors, name: str, value, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            errors.add(name, _("Enter the date."))
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            errors.add(name, _("Enter a date as YYYY-MM-DD."))
            return None
    return value


def _past_date(errors: Errors, name: str, value, record: TrackingRecord, *, required: bool = True) -> dt.date | None:
    """A date on which something happened: not in the future, not before the document took effect."""
    when = _date(errors, name, value, required=required)
    if when is None:
        return None
    if when > timezone.localdate():
        errors.add(name, _("The date cannot be in the future."))
    elif when < record.effective_date:
        errors.add(name, _("The date cannot be before the document took effect (%(date)s).")
                   % {"date": record.effective_date.isoformat()})
    return when


def validate_tracking(data: TrackingInput) -> dict:
    """Every field error of a new tracking record, nested like the input (basis.x, parties[i].x).
    The party rules are the registration form's (cases.services.clean_party: 15-digit IDs, old
    organisation codes …), so a record can always be passed on to enforcement as it was typed."""
    errors = Errors()
    if data.court is None:
        errors.add("court", _("Choose the court."))
    check_choice(errors, "division", data.division, TrialDivision.values, _("Choose the trial division."))
    data.division_name = check_text(errors, "division_name", data.division_name, max_length=60)
    check_choice(errors, "cause", data.cause, CAUSE_LABELS, _("Choose a cause of action from the list."))
    try:
        data.obligation_amount = parse_money(data.obligation_amount)
    except ValueError as exc:
        errors.add("obligation_amount", str(exc))
    data.non_monetary_obligations = check_text(errors, "non_monetary_obligations", data.non_monetary_obligations,
                                               max_length=4000)
    if data.obligation_amount == ZERO and not data.non_monetary_obligations:
        errors.add("obligation_amount", _("Enter the amount to be paid, or describe the non-monetary obligations."))

    basis_errors = Errors()
    b = data.basis
    b.document_number = normalize_document_number(b.document_number)
    if not b.document_number:
        basis_errors.add("document_number", _("Enter the number of the effective document."))
    elif len(b.document_number) > 80:
        basis_errors.add("document_number", _("Too long (at most 80 characters)."))
    check_choice(basis_errors, "document_type", b.document_type, DocumentType.values, _("Choose the type of document."))
    b.issuing_court = check_text(basis_errors, "issuing_court", b.issuing_court, max_length=100, required=True,
                                 message=_("Enter the court or body that issued the document."))
    if b.effective_date in (None, ""):
        basis_errors.add("effective_date", _("Enter the date the document took effect."))
    b.effective_date = _date(basis_errors, "effective_date", b.effective_date, required=False)
    if b.effective_date and b.effective_date > timezone.localdate():
        basis_errors.add("effective_date", _("Only a document already in effect can be tracked."))
    if b.performance_deadline in (None, ""):
        basis_errors.add("performance_deadline", _("Enter the last day for performance set by the document."))
    b.performance_deadline = _date(basis_errors, "performance_deadline", b.performance_deadline, required=False)
    if b.effective_date and b.performance_deadline and b.performance_deadline < b.effective_date:
        basis_errors.add("performance_deadline", _("The performance deadline cannot be before the effective date."))
    if b.principal_amount not in (None, ""):
        try:
            b.principal_amount = parse_money(b.principal_amount)
        except ValueError as exc:
            basis_errors.add("principal_amount", str(exc))
    else:
        b.principal_amount = None
    if (isinstance(b.principal_amount, Decimal) and isinstance(data.obligation_amount, Decimal)
            and b.principal_amount > data.obligation_amount):
        # What is to be paid includes the principal (and interest, costs): the principal cannot exceed it.
        basis_errors.add("principal_amount", _("The principal (¥%(principal)s) cannot exceed the amount to be paid (¥%(amount)s).")
                         % {"principal": b.principal_amount, "amount": data.obligation_amount})
    b.obligations = check_text(basis_errors, "obligations", b.obligations, max_length=4000)
    if basis_errors:
        errors["basis"] = dict(basis_errors)

    party_errors: list[dict] = []
    keys_seen: dict[str, int] = {}
    for index, party in enumerate(data.parties):
        role = party.role
        if role not in TrackingRole.values:
            party.role = ""
        else:
            party.role = CASE_ROLE[role]  # the registration rules speak of applicants and respondents
        _cleaned, perrs = clean_party(party)
        party.role = role
        if "role" in perrs or role not in TrackingRole.values:
            perrs["role"] = [_("Choose obligee or obligor.")]
        # The key only of a valid party: party_key() of a malformed 15-character ID would raise.
        key = "" if perrs else party_key(party)
        if key:
            if key in keys_seen:
                perrs.setdefault("id_number", []).append(
                    _("The same ID number is entered twice (party %(n)d).") % {"n": keys_seen[key] + 1})
            keys_seen.setdefault(key, index)
        party_errors.append(perrs)
    _check_known_parties(data.parties, party_errors)
    if any(party_errors):
        errors["parties"] = party_errors
    roles = {p.role for p in data.parties}
    if TrackingRole.OBLIGEE not in roles:
        errors.add("non_field_errors", _("Add at least one obligee."))
    if TrackingRole.OBLIGOR not in roles:
        errors.add("non_field_errors", _("Add at least one obligor."))
    if len(data.parties) > MAX_PARTIES:
        errors.add("non_field_errors", _("Too many parties in one case (at most 200)."))
    return dict(errors)


def _check_known_parties(parties: list[PartyInput], party_errors: list[dict]) -> None:
    """A party whose ID number is already registered under another name would be refused when the
    record is passed on (cases.services.party_resolve): say so now, with the same message."""
    keys = {party_key(p): i for i, p in enumerate(parties) if not party_errors[i] and party_key(p)}
    if not keys:
        return
    for key, name in Party.objects.filter(id_key__in=list(keys)).values_list("id_key", "name"):
        index = keys[key]
        if parties[index].name != name:
            party_errors[index].setdefault("name", []).append(
                _("This ID number is already registered to “%(name)s”. Check the ID number, or use that name.")
                % {"name": name})


# --- locking and permission -------------------------------------------------------------------------
def _lock_record(actor: User, record_id: int) -> TrackingRecord:
    record = TrackingRecord.objects.select_for_update(of=("self",)).select_related("court").get(pk=record_id)
    if not access.can_track_in(actor, record.court):
        raise PermissionDenied(_("Only the tracking office of this court (its filing clerks and bureau chief) can change this record."))
    return record


def _require_tracking(record: TrackingRecord) -> None:
    if record.status != TrackingStatus.TRACKING:
        raise IllegalTransition(_("Tracking of %(number)s has ended: %(status)s.")
                                % {"number": record.document_number, "status": record.get_status_display()},
                                current_status=record.status)


def _step(record: TrackingRecord, actor: User, **fields) -> TrackingStep:
    # Amounts in the step's text as people read them (¥25,000.00), as on the case's timeline.
    fields["details"] = group_yuan(str(fields.get("details") or ""))[:1000]
    step = TrackingStep(record=record, recorded_by=actor, **fields)
    _with_actor(step, actor)
    step.save()
    return step


def _obligor(errors: Errors, record: TrackingRecord, party_id) -> TrackingParty | None:
    if party_id in (None, ""):
        return None
    party = TrackingParty.objects.filter(record=record, pk=party_id if str(party_id).isdigit() else 0,
                                         role=TrackingRole.OBLIGOR).first()
    if party is None:
        errors.add("recipient", _("Choose one of the obligors of this record."))
    return party


# --- one document, one record, one case ---------------------------------------------------------------
def _normalized(field_name: str):
    """The stored number normalised in the database as normalize_document_number does, so rows saved
    before numbers were normalised (ASCII brackets, spaces) still match."""
    expression = F(field_name)
    for old, new in ((" ", ""), ("\u3000", ""), ("(", "（"), (")", "）")):
        expression = Replace(expression, Value(old), Value(new))
    return expression


def _lock_document(court: Court, number: str) -> None:
    """Serialise the registrations, corrections and hand-offs of one document at one court (a
    PostgreSQL advisory lock held to the end of the transaction), so that two clerks cannot both
    pass the duplicate checks below. SQLite writes one transaction at a time anyway."""
    if connection.vendor != "postgresql" or not number:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [court.pk, zlib.crc32(number.encode()) - 2**31])


def existing_case(court: Court, number: str) -> EnforcementCase | None:
    """An enforcement case of this court whose basis is this document (registered from tracking or
    directly on the registration form)."""
    return (EnforcementCase.objects.filter(court=court).annotate(_document=_normalized("basis__document_number"))
            .filter(_document=number).order_by("filed_on", "pk").first())


def document_conflict(court: Court, number: str, *, exclude: int | None = None) -> str:
    """Why this document cannot be recorded for tracking at this court, or "": it is tracked there
    already (or was, unless withdrawn), it was passed to enforcement, or a case on it exists."""
    records = (TrackingRecord.objects.filter(court=court).exclude(status=TrackingStatus.WITHDRAWN)
               .annotate(_document=_normalized("document_number")).filter(_document=number)
               .select_related("enforcement_case", "recorded_by").order_by("-created_at", "-pk"))
    if exclude is not None:
        records = records.exclude(pk=exclude)
    record = records.first()
    if record is not None and record.enforcement_case_id is not None:
        return _("This document was already passed to enforcement at this court as case %(number)s.") % {
            "number": record.enforcement_case.case_number}
    if record is not None and record.status == TrackingStatus.TRACKING:
        return _("This document is already being tracked at this court (record of %(date)s, recorded by %(who)s).") % {
            "date": timezone.localdate(record.created_at).isoformat(),
            "who": record.recorded_by.display_name if record.recorded_by_id else "—"}
    if record is not None:
        return _("This document was already tracked at this court: %(status)s on %(date)s.") % {
            "status": record.get_status_display(), "date": record.outcome_on.isoformat()}
    case = existing_case(court, number)
    if case is not None:
        return _("An enforcement case on this document already exists at this court: %(number)s.") % {"number": case.case_number}
    return ""


def _party_label(role: str, position: int, name: str) -> str:
    return _("%(role)s %(n)d (%(name)s)") % {"role": TrackingRole(role).label, "n": position, "name": name}


def _labelled(label: str, errors: dict) -> dict:
    """A party's errors, each message saying which party it is about (where no form row shows it)."""
    return {key: [_("%(party)s: %(message)s") % {"party": label, "message": m} for m in messages]
            if isinstance(messages, list) else messages for key, messages in errors.items()}


# --- writes ----------------------------------------------------------------------------------------------
@transaction.atomic
def tracking_register(*, actor: User, data: TrackingInput) -> TrackingRecord:
    """Record an effective document for tracking (登记跟踪): the document, the parties with their full
    details, what is to be performed and by when."""
    errors = validate_tracking(data)
    if not errors and not access.can_track_in(actor, data.court):
        errors["court"] = [_("Only the tracking office of this court (its filing clerks and bureau chief) can record judgments for tracking.")]
    if data.court is not None and "court" not in errors and not errors.get("basis", {}).get("document_number"):
        # Checked beside the other errors, so that one round shows every mistake.
        _lock_document(data.court, data.basis.document_number)
        conflict = document_conflict(data.court, data.basis.document_number)
        if conflict:
            errors.setdefault("basis", {}).setdefault("document_number", []).append(conflict)
    if errors:
        raise FieldErrors(errors)
    b = data.basis
    record = TrackingRecord(
        court=data.court, division=data.division, division_name=data.division_name, document_number=b.document_number,
        document_type=b.document_type, issuing_court=b.issuing_court, effective_date=b.effective_date,
        performance_deadline=b.performance_deadline, principal_amount=b.principal_amount, obligations=b.obligations,
        cause=data.cause, obligation_amount=data.obligation_amount, non_monetary_obligations=data.non_monetary_obligations,
        recorded_by=actor,
    )
    _with_actor(record, actor, _("Recorded for tracking"))
    record.full_clean(exclude=["court", "recorded_by", "enforcement_case"])
    record.save()
    positions: dict[str, int] = {}
    for p in data.parties:
        positions[p.role] = positions.get(p.role, 0) + 1
        party = TrackingParty(
            record=record, role=p.role, position=positions[p.role], kind=p.kind, name=p.name, id_type=p.id_type,
            id_number=p.id_number, id_missing_reason=(p.id_missing_reason or "").strip() if not p.id_number else "",
            phone=p.phone, address=p.address, legal_representative=p.legal_representative,
        )
        _with_actor(party, actor, _("Recorded for tracking"))
        party.save()
    return record


@transaction.atomic
def tracking_notice_serve(*, actor: User, record_id: int, kind: str, served_on=None, served_how: str = "",
                          recipient=None, details: str = "") -> TrackingStep:
    """Serve the performance reminder (督促履行通知书) or the dishonest-debtor warning (失信惩戒预警
    通知书) on the obligors — on one of them, or on all when ``recipient`` is left out."""
    record = _lock_record(actor, record_id)
    _require_tracking(record)
    errors = Errors()
    check_choice(errors, "kind", kind, [StepKind.REMINDER, StepKind.WARNING], _("Choose the reminder or the warning."))
    when = _past_date(errors, "served_on", served_on or timezone.localdate(), record)
    check_choice(errors, "served_how", served_how, ServiceMethod.values, _("Choose how the notice was served."))
    party = _obligor(errors, record, recipient)
    details = check_text(errors, "details", details, max_length=1000)
    errors.raise_if_any()
    return _step(record, actor, kind=kind, done_on=when, served_how=served_how, recipient=party, details=details)


@transaction.atomic
def tracking_obligee_check(*, actor: User, record_id: int, checked_on=None, statement: str = "",
                           reported_amount=None, details: str = "") -> TrackingStep:
    """After the performance deadline the office asks the obligee whether the obligor performed
    (回访权利人). The answer is recorded; the outcome is recorded (or the record passed on) next."""
    record = _lock_record(actor, record_id)
    _require_tracking(record)
    errors = Errors()
    when = _past_date(errors, "checked_on", checked_on or timezone.localdate(), record)
    if when and when <= record.performance_deadline and "checked_on" not in errors:
        errors.add("checked_on", _("The obligee is asked after the performance deadline (%(date)s).")
                   % {"date": record.performance_deadline.isoformat()})
    check_choice(errors, "statement", statement, ObligeeStatement.values, _("Choose what the obligee says."))
    amount = check_money(errors, "reported_amount", reported_amount, required=statement == ObligeeStatement.PERFORMED_PART)
    if amount is not None and statement == ObligeeStatement.NOT_PERFORMED:
        errors.add("reported_amount", _("No amount when nothing was performed."))
    elif amount is not None and record.obligation_amount and amount > record.obligation_amount:
        errors.add("reported_amount", _("More than the ¥%(amount)s to be paid.") % {"amount": record.obligation_amount})
    details = check_text(errors, "details", details, max_length=1000)
    errors.raise_if_any()
    return _step(record, actor, kind=StepKind.OBLIGEE_CHECK, done_on=when, obligee_statement=statement,
                 reported_amount=amount, details=details)


@transaction.atomic
def tracking_outcome_record(*, actor: User, record_id: int, outcome: str, outcome_on=None, performed_amount=None,
                            note: str = "") -> TrackingRecord:
    """Record how tracking ended: performed voluntarily in full (自动履行完毕) or in part (the rest
    may still be passed on to enforcement), or withdrawn (the obligee waives, or recorded in error).
    Passing on to enforcement is tracking_hand_off."""
    record = _lock_record(actor, record_id)
    _require_tracking(record)
    errors = Errors()
    check_choice(errors, "outcome", outcome, [o.value for o in (TrackingStatus.PERFORMED_FULL, TrackingStatus.PERFORMED_PART,
                                                                 TrackingStatus.WITHDRAWN)],
                 _("Choose performed in full, performed in part or withdrawn."))
    when = _past_date(errors, "outcome_on", outcome_on or timezone.localdate(), record)
    note = check_text(errors, "note", note, max_length=500, required=outcome == TrackingStatus.WITHDRAWN,
                      message=_("State why tracking is withdrawn."))
    amount = None
    owed = record.remaining_amount
    if outcome == TrackingStatus.PERFORMED_FULL:
        amount = check_money(errors, "performed_amount", performed_amount, required=False)
        if amount is None and "performed_amount" not in errors and owed > 0:
            amount = owed
        elif amount is not None and owed == 0:
            errors.add("performed_amount", _("Nothing is to be paid: a non-monetary obligation is performed in full or not."))
        elif amount is not None and amount < owed:
            errors.add("performed_amount", _("Less than the ¥%(amount)s to be paid: record it as performed in part.")
                       % {"amount": owed})
        elif amount is not None and amount > owed:
            # What is paid beyond the judgment is not its performance (and would swell the amounts performed).
            errors.add("performed_amount", _("More than the ¥%(amount)s still due: record the amount due.") % {"amount": owed})
    elif outcome == TrackingStatus.PERFORMED_PART:
        amount = check_money(errors, "performed_amount", performed_amount)
        if owed == 0 and "performed_amount" not in errors:
            errors.add("performed_amount", _("Nothing is to be paid: a non-monetary obligation is performed in full or not."))
        elif amount is not None and amount >= owed:
            errors.add("performed_amount", _("Part of the ¥%(amount)s to be paid: for all of it, record it as performed in full.")
                       % {"amount": owed})
    elif performed_amount not in (None, ""):
        errors.add("performed_amount", _("No amount when tracking is withdrawn."))
    errors.raise_if_any()
    record.status, record.outcome_on, record.outcome_note = outcome, when, note
    if outcome in (TrackingStatus.PERFORMED_FULL, TrackingStatus.PERFORMED_PART):
        record.performed_amount, record.performed_on = amount, when
    _with_actor(record, actor, TrackingStatus(outcome).label)
    record.save()
    description = TrackingStatus(outcome).label + (f"：¥{amount:,.2f}" if amount else "")
    _step(record, actor, kind=StepKind.OUTCOME, done_on=when, details=description + (f"（{note}）" if note else ""))
    return record


@transaction.atomic
def tracking_hand_off(*, actor: User, record_id: int, applied_on=None, note: str = "") -> EnforcementCase:
    """Pass the record on to enforcement (移送执行): the obligee has applied, the deadline has passed
    and the obligation (or its rest, after a performance in part) is unmet. The enforcement case is
    registered by cases.services.case_register in this transaction, with the document as its basis
    and the parties as they were recorded — nothing is typed again. A record is passed on once:
    the row lock and the status check refuse a second hand-off, the one-to-one link backs them."""
    record = _lock_record(actor, record_id)
    if record.enforcement_case_id is not None:
        raise IllegalTransition(_("This record was already passed to enforcement as case %(number)s.")
                                % {"number": record.enforcement_case.case_number}, current_status=record.status)
    if record.status not in (TrackingStatus.TRACKING, TrackingStatus.PERFORMED_PART):
        raise IllegalTransition(_("Tracking of %(number)s has ended: %(status)s.")
                                % {"number": record.document_number, "status": record.get_status_display()},
                                current_status=record.status)
    today = timezone.localdate()
    if today <= record.performance_deadline:
        raise IllegalTransition(_("Enforcement can be applied for only after the performance deadline (%(date)s).")
                                % {"date": record.performance_deadline.isoformat()}, current_status=record.status)
    errors = Errors()
    when = _past_date(errors, "applied_on", applied_on or today, record)
    if when and when <= record.performance_deadline and "applied_on" not in errors:
        errors.add("applied_on", _("The obligee applies for enforcement after the performance deadline (%(date)s).")
                   % {"date": record.performance_deadline.isoformat()})
    note = check_text(errors, "note", note, max_length=500)
    if record.principal_amount is not None and record.principal_amount > record.obligation_amount:
        errors.add("principal_amount", _("The principal (¥%(principal)s) cannot exceed the amount to be paid (¥%(amount)s): correct the record first.")
                   % {"principal": record.principal_amount, "amount": record.obligation_amount})
    # The same judgment is enforced once at a court: a case on it may have been registered directly, or
    # from another record of it (ASCII brackets, a space: the same number, normalised).
    number = normalize_document_number(record.document_number)
    _lock_document(record.court, number)
    case = existing_case(record.court, number)
    if case is not None:
        errors.add("document_number", _("An enforcement case on this document already exists at this court: %(number)s.")
                   % {"number": case.case_number})
    errors.raise_if_any()

    parties = list(record.parties.order_by("role", "position", "pk"))
    data = case_services.RegistrationInput(
        court=record.court, cause=record.cause, target_amount=record.remaining_amount,
        non_monetary_obligations=record.non_monetary_obligations,
        basis=BasisInput(
            document_number=record.document_number, document_type=record.document_type, issuing_court=record.issuing_court,
            effective_date=record.effective_date, performance_deadline=record.performance_deadline,
            obligations=record.obligations, principal_amount=record.principal_amount,
        ),
        parties=[PartyInput(role=CASE_ROLE[p.role], kind=p.kind, name=p.name, id_type=p.id_type, id_number=p.id_number,
                            id_missing_reason=p.id_missing_reason, phone=p.phone, address=p.address,
                            legal_representative=p.legal_representative) for p in parties],
    )
    try:
        case = case_services.case_register(actor=actor, data=data)
    except FieldErrors as exc:
        # Keyed like the record: the case's target is the record's amount to be paid; a party's error
        # says which party it is (the hand-off form shows no party rows), e.g. "义务人2（赵建华）：…".
        errors = dict(exc.errors)
        if "target_amount" in errors:
            errors["obligation_amount"] = errors.pop("target_amount")
        if isinstance(errors.get("parties"), list):
            errors["parties"] = [_labelled(_party_label(p.role, p.position, p.name), e) if isinstance(e, dict) and e else e
                                 for p, e in zip(parties, errors["parties"], strict=False)]
            errors.setdefault("non_field_errors", []).append(
                _("Correct the parties on the record, then pass it on again."))
        raise FieldErrors(errors) from exc
    record.status, record.enforcement_case, record.outcome_on = TrackingStatus.ENFORCEMENT, case, case.filed_on
    record.outcome_note = note or record.outcome_note  # a performance in part keeps its note
    _with_actor(record, actor, _("Passed to enforcement as %(number)s") % {"number": case.case_number})
    record.save()
    _step(record, actor, kind=StepKind.HAND_OFF, done_on=when,
          details=(_("Registered as enforcement case %(number)s") % {"number": case.case_number}
                   + (f"（{note}）" if note else ""))[:1000])
    served = {k: d for k, d in record.steps.filter(kind__in=[StepKind.REMINDER, StepKind.WARNING])
              .order_by("-done_on").values_list("kind", "done_on")}  # the first service of each
    case_services.case_event_record(
        case=case, kind=EventKind.NOTE, actor=actor,
        description=_("Registered from pre-enforcement tracking of %(document)s (deadline %(deadline)s); the obligee applied on %(applied)s")
        % {"document": record.document_number, "deadline": record.performance_deadline.isoformat(), "applied": when.isoformat()},
        reason=note,
        data={"tracking_record": record.pk, "applied_on": when.isoformat(),
              "performed_before_enforcement": str(record.performed_amount or ZERO),
              "reminder_served_on": served[StepKind.REMINDER].isoformat() if StepKind.REMINDER in served else None,
              "warning_served_on": served[StepKind.WARNING].isoformat() if StepKind.WARNING in served else None},
    )
    return case


# --- correction --------------------------------------------------------------------------------------------
RECORD_FIELDS = ("division", "division_name", "cause", "obligation_amount", "non_monetary_obligations")
BASIS_FIELDS = ("document_number", "document_type", "issuing_court", "effective_date", "performance_deadline",
                "principal_amount", "obligations")
PARTY_FIELDS = ("role", "kind", "name", "id_type", "id_number", "id_missing_reason", "phone", "address", "legal_representative")


def tracking_input_of(record: TrackingRecord) -> TrackingInput:
    """The record as an input, its parties with their ids: what a correction starts from."""
    parties = list(record.parties.order_by("role", "position", "pk"))
    return TrackingInput(
        court=record.court, division=record.division, division_name=record.division_name, cause=record.cause,
        obligation_amount=record.obligation_amount, non_monetary_obligations=record.non_monetary_obligations,
        basis=BasisInput(document_number=record.document_number, document_type=record.document_type,
                         issuing_court=record.issuing_court, effective_date=record.effective_date,
                         performance_deadline=record.performance_deadline, principal_amount=record.principal_amount,
                         obligations=record.obligations),
        parties=[PartyInput(**{name: getattr(p, name) for name in PARTY_FIELDS}) for p in parties],
        party_ids=[p.pk for p in parties],
    )


def _field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


@transaction.atomic
def tracking_correct(*, actor: User, record_id: int, data: TrackingInput, reason: str = "") -> TrackingRecord:
    """Correct a record's document and parties (更正) while it is tracked or, performed in part, not yet
    passed on — e.g. when the hand-off was refused for a mistyped ID number. The same validation as
    the registration, with the reason; the court stays. Each changed row is audited with the reason
    (django-simple-history) and a step lists what changed. ``data.party_ids`` names the party each
    row corrects (None: a party added); a party left out is removed, unless a notice was served on it."""
    record = _lock_record(actor, record_id)
    if not record.is_correctable:
        raise IllegalTransition(
            _("%(number)s can no longer be corrected: %(status)s.") % {"number": record.document_number,
                                                                        "status": record.get_status_display()},
            current_status=record.status)
    data.court = record.court
    errors = Errors(validate_tracking(data))
    reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("State what is corrected and why."))
    existing = {p.pk: p for p in record.parties.all()}
    ids = list(data.party_ids) + [None] * (len(data.parties) - len(data.party_ids))
    party_errors = errors.get("parties") or [{} for _p in data.parties]
    served = dict(record.steps.filter(recipient__isnull=False).values_list("recipient_id", "kind"))
    kept: set[int] = set()
    for index, (pid, party) in enumerate(zip(ids, data.parties, strict=False)):
        if pid is None:
            continue
        if pid not in existing or pid in kept:
            party_errors[index].setdefault("id", []).append(_("Not a party of this record."))
            continue
        kept.add(pid)
        if pid in served and party.role != TrackingRole.OBLIGOR:
            party_errors[index].setdefault("role", []).append(
                _("A notice was served on %(name)s as obligor: the role stays.") % {"name": existing[pid].name})
    if any(party_errors):
        errors["parties"] = party_errors
    for pid in sorted(set(existing) - kept):
        if pid in served:
            errors.add("non_field_errors", _("%(party)s was served a notice: correct the party's details, it cannot be removed.")
                       % {"party": _party_label(existing[pid].role, existing[pid].position, existing[pid].name)})
    # The steps already taken stay true: served after the document took effect, the obligee asked after the deadline.
    b = data.basis
    steps = record.steps.exclude(kind=StepKind.CORRECTION)
    if isinstance(b.effective_date, dt.date) and not errors.get("basis", {}).get("effective_date"):
        first = steps.order_by("done_on").values_list("done_on", flat=True).first()
        if first is not None and b.effective_date > first:
            errors.setdefault("basis", {}).setdefault("effective_date", []).append(
                _("A step was recorded on %(date)s: the document took effect before it.") % {"date": first.isoformat()})
    if isinstance(b.performance_deadline, dt.date) and not errors.get("basis", {}).get("performance_deadline"):
        asked = (steps.filter(kind=StepKind.OBLIGEE_CHECK).order_by("done_on").values_list("done_on", flat=True).first())
        if asked is not None and b.performance_deadline >= asked:
            errors.setdefault("basis", {}).setdefault("performance_deadline", []).append(
                _("The obligee was asked on %(date)s, after the deadline: the deadline is before that day.") % {"date": asked.isoformat()})
    if (record.performed_amount is not None and isinstance(data.obligation_amount, Decimal)
            and data.obligation_amount <= record.performed_amount and not errors.get("obligation_amount")):
        errors.add("obligation_amount", _("¥%(amount)s was performed in part: the amount to be paid is more than that.")
                   % {"amount": record.performed_amount})
    if not errors.get("basis", {}).get("document_number") and b.document_number:
        _lock_document(record.court, b.document_number)
        conflict = document_conflict(record.court, b.document_number, exclude=record.pk)
        if conflict:
            errors.setdefault("basis", {}).setdefault("document_number", []).append(conflict)
    errors.raise_if_any()

    # What changes, in the words of the page (the fields' names), for the step.
    changes: list[str] = []
    new_values = {**{name: getattr(data, name) for name in RECORD_FIELDS}, **{name: getattr(b, name) for name in BASIS_FIELDS}}
    for name, value in new_values.items():
        if value in (None, "") and getattr(record, name) in (None, ""):
            continue
        if value != getattr(record, name):
            changes.append(_field_label(TrackingRecord, name))
            setattr(record, name, value)
    positions: dict[str, int] = {}
    to_save: list[TrackingParty] = []
    for pid, p in zip(ids, data.parties, strict=False):
        positions[p.role] = positions.get(p.role, 0) + 1
        values = {name: getattr(p, name) or "" for name in PARTY_FIELDS}
        values["id_missing_reason"] = values["id_missing_reason"].strip() if not values["id_number"] else ""
        values["position"] = positions[p.role]
        party = existing[pid] if pid is not None else TrackingParty(record=record)
        changed = [n for n, v in values.items() if getattr(party, n) != v]
        for name, value in values.items():
            setattr(party, name, value)
        label = _party_label(p.role, party.position, p.name)
        if pid is None:
            changes.append(_("%(party)s added") % {"party": label})
        elif any(n != "position" for n in changed):
            # A position that only follows from a party added or removed is not a correction of its own.
            fields = "、".join(_field_label(TrackingParty, n) for n in changed if n != "position")
            changes.append(_("%(party)s: %(fields)s") % {"party": label, "fields": fields})
        if pid is None or changed:
            to_save.append(party)
    removed = [existing[pid] for pid in sorted(set(existing) - kept)]
    for party in removed:
        changes.append(_("%(party)s removed") % {"party": _party_label(party.role, party.position, party.name)})
    if not changes:
        raise FieldErrors({"non_field_errors": [_("Nothing was changed.")]})

    _with_actor(record, actor, reason)
    record.full_clean(exclude=["court", "recorded_by", "enforcement_case"])
    record.save()
    for party in removed:
        _with_actor(party, actor, reason)
        party.delete()
    for party in to_save:
        _with_actor(party, actor, reason)
        party.save()
    _step(record, actor, kind=StepKind.CORRECTION, done_on=timezone.localdate(),
          details=_("Corrected: %(changes)s. Reason: %(reason)s") % {"changes": "; ".join(changes), "reason": reason})
    return record
