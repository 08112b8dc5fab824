"""Every write to a case goes through here: validate, lock, change, record the event — one transaction.

Side effects (notifications, Celery tasks) are scheduled with ``transaction.on_commit``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from cases.case_numbers import normalize_document_number
from cases.causes import CAUSE_LABELS, LIVELIHOOD_CAUSES
from cases.identifiers import (
    IdentifierError,
    normalize_credit_code,
    normalize_organisation_code,
    normalize_phone,
    normalize_resident_id,
    resident_id_key,
)
from cases.models import (
    Basis,
    CaseEvent,
    CaseNumberCounter,
    CaseParty,
    CaseStatus,
    ClaimClass,
    ClosureType,
    DocumentType,
    EnforcementCase,
    EventKind,
    IdType,
    Party,
    PartyKind,
    PartyRole,
)
from courts import access
from courts.models import Court, User
from enforcement.errors import FieldErrors, IllegalTransition

MAX_AMOUNT = Decimal("99999999999999.99")
_GROUPED_RE = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")
_MONEY_RE = re.compile(r"(?P<sign>-)?(?P<int>\d+)(?:\.(?P<frac>\d*))?")  # fits DecimalField(max_digits=16, decimal_places=2)
CENT = Decimal("0.01")
# The allowed values, computed once: TextChoices.values builds a new list on every access, and the
# legacy-ledger import (imports app) runs every row of a file through these checks.
_PARTY_ROLES = frozenset(PartyRole.values)
_PARTY_KINDS = frozenset(PartyKind.values)
_ID_TYPES = frozenset(IdType.values)
_CLAIM_CLASSES = frozenset(ClaimClass.values)
_DOCUMENT_TYPES = frozenset(DocumentType.values)


# --- inputs ---------------------------------------------------------------------------------------
@dataclass
class PartyInput:
    role: str
    kind: str
    name: str
    id_type: str = ""
    id_number: str = ""
    id_missing_reason: str = ""
    phone: str = ""
    address: str = ""
    legal_representative: str = ""
    liability_cap: Decimal | None = None
    # Applicants only: the amount this applicant claims and its priority (for distribution, §9).
    claim_amount: Decimal | None = None
    claim_class: str = ""


@dataclass
class BasisInput:
    document_number: str
    document_type: str
    issuing_court: str
    effective_date: dt.date | None
    performance_deadline: dt.date | None = None
    obligations: str = ""
    principal_amount: Decimal | None = None


@dataclass
class RegistrationInput:
    court: Court | None
    cause: str
    basis: BasisInput
    target_amount: Decimal | str | None
    parties: list[PartyInput] = field(default_factory=list)
    non_monetary_obligations: str = ""
    filed_on: dt.date | None = None
    interference_risk: bool = False
    upper_court_supervised: bool = False


# --- validation (pure over inputs; the DB is consulted only for party matching) -------------------
def parse_money(value, *, allow_none: bool = False) -> Decimal | None:
    """Yuan with at most two decimal places, not negative. Raises ValueError with a user message."""
    if value is None or value == "":
        if allow_none:
            return None
        raise ValueError(_("Enter an amount in yuan."))
    if isinstance(value, float):
        # A float has already lost the cents' exactness; demand a string or Decimal.
        raise ValueError(_('Enter the amount as text, e.g. "12345.67" (not as a floating-point number).'))
    text = unicodedata.normalize("NFKC", str(value)).replace("¥", "").strip()
    if "," in text:
        # Thousands separators only where they belong ("12,345.60"); "12,5" is a typo, not 125.
        if not _GROUPED_RE.fullmatch(text):
            raise ValueError(_("Enter a number in yuan, e.g. 12345.67."))
        text = text.replace(",", "")
    # Plain decimal notation only: no exponents ("1e30"), no NaN/Infinity, no signs but a leading minus.
    match = _MONEY_RE.fullmatch(text)
    if not match:
        raise ValueError(_("Enter a number in yuan, e.g. 12345.67."))
    if match["sign"] and Decimal(text) != 0:
        raise ValueError(_("The amount cannot be negative."))
    if match["frac"] and len(match["frac"]) > 2 and match["frac"][2:].strip("0"):
        raise ValueError(_("Amounts have at most two decimal places (fen)."))
    if len(match["int"].lstrip("0")) > 14:
        raise ValueError(_("The amount is too large."))
    amount = Decimal(f"{match['int']}.{(match['frac'] or '')[:2]}" if match["frac"] else match["int"]).quantize(CENT)
    if amount > MAX_AMOUNT:
        raise ValueError(_("The amount is too large."))
    return abs(amount)


def clean_party(data: PartyInput) -> tuple[PartyInput, dict[str, list[str]]]:
    """Normalise one party's input; returns the cleaned input and its field errors."""
    errors: dict[str, list[str]] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.role not in _PARTY_ROLES:
        err("role", _("Choose applicant, respondent or third party."))
    if data.kind not in _PARTY_KINDS:
        err("kind", _("Choose natural person, organisation or state organ."))
    data.name = " ".join((data.name or "").split())
    if not data.name:
        err("name", _("Enter the party's name."))
    elif len(data.name) > 120:
        err("name", _("The name is too long (at most 120 characters)."))

    number = (data.id_number or "").strip()
    id_type = data.id_type or ""
    if number and not id_type:
        # Infer the obvious: persons carry resident IDs, organisations credit codes.
        id_type = IdType.RESIDENT_ID if data.kind == PartyKind.PERSON else IdType.CREDIT_CODE
    if not number and id_type in ("", IdType.NONE):
        id_type = IdType.NONE
    if id_type not in _ID_TYPES:
        err("id_type", _("Choose a valid ID type."))
    elif id_type == IdType.NONE:
        if number:
            err("id_type", _("Choose the type of the ID number entered."))
        elif not (data.id_missing_reason or "").strip():
            err("id_missing_reason", _("Without an ID number, state why (e.g. unknown, foreign national)."))
    elif not number:
        err("id_number", _("Enter the ID number, or choose 'No identifier' and state why."))
    elif id_type == IdType.RESIDENT_ID:
        if data.kind != PartyKind.PERSON:
            err("id_type", _("An organisation is identified by its unified social credit code."))
        try:
            number = normalize_resident_id(number)
        except IdentifierError as exc:
            err("id_number", _(str(exc)))
    elif id_type == IdType.CREDIT_CODE:
        try:
            number = normalize_credit_code(number)
        except IdentifierError as exc:
            err("id_number", _(str(exc)))
    elif id_type == IdType.ORGANISATION_CODE:
        try:
            number = normalize_organisation_code(number)
        except IdentifierError as exc:
            err("id_number", _(str(exc)))
    elif id_type == IdType.BUSINESS_REGISTRATION:
        number = "".join(unicodedata.normalize("NFKC", number).split())
        if not (number.isdigit() and len(number) in (13, 15)):
            err("id_number", _("A business registration number has 15 digits (13 for the oldest)."))
    else:
        number = "".join(unicodedata.normalize("NFKC", number).split()).upper()
        if len(number) > 40:
            err("id_number", _("The ID number is too long."))
    data.id_type = id_type
    data.id_number = number

    try:
        data.phone = normalize_phone(data.phone)
    except IdentifierError as exc:
        err("phone", _(str(exc)))
    data.address = (data.address or "").strip()
    if len(data.address) > 200:
        err("address", _("The address is too long (at most 200 characters)."))
    data.legal_representative = (data.legal_representative or "").strip()
    if len(data.legal_representative) > 60:
        err("legal_representative", _("Too long (at most 60 characters)."))
    if len(data.id_missing_reason or "") > 200:
        err("id_missing_reason", _("Too long (at most 200 characters)."))
    if data.liability_cap is not None and data.liability_cap != "":
        try:
            data.liability_cap = parse_money(data.liability_cap)
        except ValueError as exc:
            err("liability_cap", str(exc))
        if data.role != PartyRole.RESPONDENT:
            err("liability_cap", _("Only a respondent (e.g. an heir) can have a liability cap."))
    else:
        data.liability_cap = None
    if data.claim_amount is not None and data.claim_amount != "":
        try:
            data.claim_amount = parse_money(data.claim_amount)
        except ValueError as exc:
            err("claim_amount", str(exc))
        if data.role != PartyRole.APPLICANT:
            err("claim_amount", _("Only an applicant has a claim amount."))
    else:
        data.claim_amount = None
    data.claim_class = data.claim_class or ClaimClass.ORDINARY
    if data.claim_class not in _CLAIM_CLASSES:
        err("claim_class", _("Choose the priority of the claim."))
    elif data.claim_class != ClaimClass.ORDINARY and data.role != PartyRole.APPLICANT:
        err("claim_class", _("Only an applicant's claim has a priority."))
    return data, errors


def party_key(data: PartyInput) -> str:
    if data.id_type == IdType.NONE or not data.id_number:
        return ""
    if data.id_type == IdType.RESIDENT_ID:
        return "ric:" + resident_id_key(data.id_number)
    if data.id_type == IdType.CREDIT_CODE:
        return "uscc:" + data.id_number
    return f"{data.id_type}:{data.id_number}"


def validate_registration(data: RegistrationInput) -> dict:
    """All field errors of a registration, nested like the input. Empty dict = valid."""
    errors: dict = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.court is None:
        err("court", _("Choose the court."))
    if data.cause not in CAUSE_LABELS:
        err("cause", _("Choose a cause of action from the list."))
    try:
        data.target_amount = parse_money(data.target_amount)
    except ValueError as exc:
        err("target_amount", str(exc))
    if len(data.non_monetary_obligations or "") > 4000:
        err("non_monetary_obligations", _("Too long (at most 4000 characters)."))
    if isinstance(data.target_amount, Decimal) and data.target_amount == 0 and not (data.non_monetary_obligations or "").strip():
        err("target_amount", _("Enter the amount applied for, or describe the non-monetary obligations."))

    basis_errors: dict[str, list[str]] = {}
    b = data.basis
    b.document_number = normalize_document_number(b.document_number)
    if not b.document_number:
        basis_errors.setdefault("document_number", []).append(_("Enter the number of the effective document."))
    elif len(b.document_number) > 80:
        basis_errors.setdefault("document_number", []).append(_("Too long (at most 80 characters)."))
    if b.document_type not in _DOCUMENT_TYPES:
        basis_errors.setdefault("document_type", []).append(_("Choose the type of document."))
    b.issuing_court = (b.issuing_court or "").strip()
    if not b.issuing_court:
        basis_errors.setdefault("issuing_court", []).append(_("Enter the court or body that issued the document."))
    elif len(b.issuing_court) > 100:
        basis_errors.setdefault("issuing_court", []).append(_("Too long (at most 100 characters)."))
    today = timezone.localdate()
    filed_on = data.filed_on or today
    if b.effective_date is None:
        basis_errors.setdefault("effective_date", []).append(_("Enter the date the document took effect."))
    elif b.effective_date > filed_on:
        basis_errors.setdefault("effective_date", []).append(_("A document must be effective before enforcement is filed."))
    if b.performance_deadline and b.effective_date and b.performance_deadline < b.effective_date:
        basis_errors.setdefault("performance_deadline", []).append(
            _("The performance deadline cannot be before the effective date.")
        )
    if b.principal_amount not in (None, ""):
        try:
            b.principal_amount = parse_money(b.principal_amount)
        except ValueError as exc:
            basis_errors.setdefault("principal_amount", []).append(str(exc))
    else:
        b.principal_amount = None
    if basis_errors:
        errors["basis"] = basis_errors
    if data.filed_on and data.filed_on > today:
        err("filed_on", _("The filing date cannot be in the future."))

    party_errors: list[dict] = []
    keys_seen: dict[str, int] = {}
    for index, party in enumerate(data.parties):
        _cleaned, perrs = clean_party(party)
        # The matching key only of a party whose identifier passed its checks (a malformed number has none).
        key = "" if perrs else party_key(party)
        if key:
            if key in keys_seen:
                perrs.setdefault("id_number", []).append(
                    _("The same ID number is entered twice (party %(n)d).") % {"n": keys_seen[key] + 1}
                )
            keys_seen.setdefault(key, index)
        party_errors.append(perrs)
    if any(party_errors):
        errors["parties"] = party_errors
    roles = {p.role for p in data.parties}
    if PartyRole.APPLICANT not in roles:
        err("non_field_errors", _("Add at least one applicant."))
    if PartyRole.RESPONDENT not in roles:
        err("non_field_errors", _("Add at least one respondent."))
    if len(data.parties) > 200:
        err("non_field_errors", _("Too many parties in one case (at most 200)."))
    claims = [p.claim_amount for p in data.parties if p.role == PartyRole.APPLICANT and isinstance(p.claim_amount, Decimal)]
    if claims and isinstance(data.target_amount, Decimal) and sum(claims, Decimal("0")) > data.target_amount:
        err("target_amount", _("The applicants' claims add up to more than the amount applied for."))
    return errors


# --- writes ---------------------------------------------------------------------------------------
_RECORDED_AT: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("recorded_at", default=None)


@contextlib.contextmanager
def recorded_at(at: dt.datetime):
    """Record what already happened at ``at`` (legacy import, demo data): the timeline events and
    audit rows written inside the block carry that time instead of now. Never used by the browser
    or the API, where an action happens now."""
    _check_when(at)
    token = _RECORDED_AT.set(at)
    try:
        yield
    finally:
        _RECORDED_AT.reset(token)


def _with_actor(instance, actor: User | None, reason: str = "", at: dt.datetime | None = None):
    """Tell simple-history who made the change, why, and (for recorded past events) when."""
    instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
    at = at or _RECORDED_AT.get()
    if at is not None:
        instance._history_date = at
    return instance


def _check_when(at: dt.datetime | None, *, not_before: dt.date | None = None) -> dt.datetime | None:
    """A past time for recording what already happened (legacy import, demo data). Never exposed
    to the browser or API, where an action happens now."""
    if at is None:
        return None
    if timezone.is_naive(at):
        raise ValueError("'at' must be timezone-aware")
    if at > timezone.now():
        raise ValueError("'at' cannot be in the future")
    if not_before and timezone.localdate(at) < not_before:
        raise ValueError("'at' cannot be before the case was filed")
    return at


def case_number_next(*, court: Court, year: int, type_code: str = "执") -> int:
    """Take the next sequence for (court, year, type) under a row lock. Must run inside a transaction.

    One statement: INSERT … ON CONFLICT (court, year, type) DO UPDATE SET last_seq = last_seq + 1
    RETURNING last_seq. The upsert locks the counter row (as SELECT … FOR UPDATE would) until the
    transaction ends: concurrent registrations queue on that row, and the one that waited increments
    the value committed before it, so numbers are consecutive and never shared (a max()+1 would race).
    Elsewhere: the row is created with INSERT … ON CONFLICT DO NOTHING, then locked and incremented.
    """
    # (SQLite answers RETURNING from 3.35 on, which Django tells as can_return_columns_from_insert.)
    if connection.vendor in ("postgresql", "sqlite") and connection.features.can_return_columns_from_insert:
        table = connection.ops.quote_name(CaseNumberCounter._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (court_id, year, type_code, last_seq) VALUES (%s, %s, %s, 1) "
                f"ON CONFLICT (court_id, year, type_code) DO UPDATE SET last_seq = {table}.last_seq + 1 "
                "RETURNING last_seq",
                [court.pk, year, type_code],
            )
            return cursor.fetchone()[0]
    CaseNumberCounter.objects.bulk_create(
        [CaseNumberCounter(court=court, year=year, type_code=type_code, last_seq=0)], ignore_conflicts=True
    )
    counter = CaseNumberCounter.objects.select_for_update().get(court=court, year=year, type_code=type_code)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def party_name_conflict(*, registered_name: str, data: PartyInput) -> str | None:
    """The rule for a party whose ID number is already on record: the name given must be the one
    registered with it (never two names for one ID). Registration and the legacy-ledger import
    (imports app) both apply it. Returns the message, or None when the names agree."""
    if registered_name == data.name:
        return None
    return (_("This ID number is already registered to “%(name)s”. Check the ID number, or use that name.")
            % {"name": registered_name})


def party_resolve(*, actor: User | None, data: PartyInput, at: dt.datetime | None = None, _retry: bool = True) -> Party:
    """Find the party by its ID (never by name) or create it. Raises FieldErrors on a name clash."""
    key = party_key(data)
    if key:
        existing = Party.objects.select_for_update().filter(id_key=key).first()
        if existing is not None:
            conflict = party_name_conflict(registered_name=existing.name, data=data)
            if conflict:
                raise FieldErrors({"name": [conflict]})
            changed = []
            if existing.kind != data.kind and {existing.kind, data.kind} <= {PartyKind.ORGANISATION, PartyKind.STATE_ORGAN}:
                # Same credit code, now known to be a state organ (or not): the latest registration decides.
                existing.kind = data.kind
                changed.append("kind")
            for attr in ("phone", "address", "legal_representative"):
                new = getattr(data, attr)
                if new and new != getattr(existing, attr):
                    setattr(existing, attr, new)
                    changed.append(attr)
            if changed:
                _with_actor(existing, actor, _("Updated at registration"), at)
                # The ID key is unchanged and the row is locked: its unique constraint has nothing to check.
                existing.full_clean(validate_constraints=False)
                existing.save()
            return existing
    party = Party(
        kind=data.kind,
        name=data.name,
        id_type=data.id_type,
        id_number=data.id_number,
        id_key=key,
        id_missing_reason=data.id_missing_reason.strip() if data.id_type == IdType.NONE else "",
        phone=data.phone,
        address=data.address,
        legal_representative=data.legal_representative,
    )
    # The ID key's unique constraint is not checked here (a query and a savepoint): no row had the key
    # a moment ago, and a concurrent registration that inserts it first is met by the retry below.
    party.full_clean(validate_constraints=False)
    _with_actor(party, actor, _("Created at registration"), at)
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError:
        # Another registration created the same person a moment ago: use that record (once).
        if not _retry or not key:
            raise
        return party_resolve(actor=actor, data=data, at=at, _retry=False)
    return party


def case_event_record(
    *, case: EnforcementCase, kind: str, actor: User | None, description: str, reason: str = "",
    data: dict | None = None, occurred_at: dt.datetime | None = None,
) -> CaseEvent:
    """Append to the timeline. Whether the event is substantive progress is decided by
    cases.progress.is_substantive, never by the caller."""
    from cases.progress import is_substantive

    substantive = is_substantive(kind, data)
    from enforcement.formatting import group_yuan

    event = CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, description=group_yuan(str(description))[:500], reason=(reason or "")[:500],
        is_substantive=substantive, data=data or {}, occurred_at=occurred_at or _RECORDED_AT.get() or timezone.now(),
    )
    if substantive and (case.last_progress_at is None or event.occurred_at >= case.last_progress_at):
        # The clock column only; not an audited change of the case itself.
        EnforcementCase.objects.filter(pk=case.pk).update(last_progress_at=event.occurred_at)
        case.last_progress_at = event.occurred_at
    from cases.clock import clock_after_event

    clock_after_event(case, day=timezone.localdate(event.occurred_at), substantive=substantive)
    return event


@transaction.atomic
def case_register(*, actor: User, data: RegistrationInput, at: dt.datetime | None = None) -> EnforcementCase:
    """Register (立案) an enforcement case: number, basis, parties, routing, timeline, notification.
    ``at`` records a registration that happened in the past (import); it must fall on ``filed_on``."""
    from cases.clock import clock_held
    from cases.notifications import notify_applicants
    from transfers.services import case_route

    errors = validate_registration(data)
    if not errors and not access.can_register_in(actor, data.court):
        errors["court"] = [_("You cannot register cases at this court.")]
    if errors:
        raise FieldErrors(errors)

    court = data.court
    filed_on = data.filed_on or timezone.localdate()
    at = _check_when(at, not_before=filed_on)
    seq = case_number_next(court=court, year=filed_on.year, type_code="执")
    from cases.case_numbers import format_case_number

    b = data.basis
    basis = Basis(
        document_number=b.document_number, document_type=b.document_type, issuing_court=b.issuing_court,
        effective_date=b.effective_date, performance_deadline=b.performance_deadline,
        principal_amount=b.principal_amount, obligations=(b.obligations or "").strip(),
    )
    _with_actor(basis, actor, _("Registered"), at)
    basis.save()
    case = EnforcementCase(
        case_number=format_case_number(filed_on.year, court.province_abbr, court.code, "执", seq),
        year=filed_on.year, type_code="执", seq=seq, court=court, basis=basis, cause=data.cause,
        target_amount=data.target_amount, non_monetary_obligations=(data.non_monetary_obligations or "").strip(),
        filed_on=filed_on, is_livelihood=data.cause in LIVELIHOOD_CAUSES,
        interference_risk=bool(data.interference_risk), upper_court_supervised=bool(data.upper_court_supervised),
        registered_by=actor, created_at=at or timezone.now(),
    )
    _with_actor(case, actor, _("Registered"), at)
    case.save()

    party_errors: list[dict] = [{} for _p in data.parties]
    positions: dict[str, int] = {}
    for index, pdata in enumerate(data.parties):
        try:
            party = party_resolve(actor=actor, data=pdata, at=at)
        except FieldErrors as exc:
            party_errors[index] = exc.errors
            continue
        if party.is_special_subject and pdata.role == PartyRole.RESPONDENT:
            case.is_special_subject = True
        positions[pdata.role] = positions.get(pdata.role, 0) + 1
        link = CaseParty(case=case, party=party, role=pdata.role, position=positions[pdata.role],
                         liability_cap=pdata.liability_cap, claim_amount=pdata.claim_amount,
                         claim_class=pdata.claim_class or "ordinary")
        _with_actor(link, actor, _("Registered"), at)
        link.save()
    if any(party_errors):
        # Raising inside the atomic block rolls back the number, the case and every party.
        raise FieldErrors({"parties": party_errors})
    if case.is_special_subject:
        _with_actor(case, actor, _("Respondent is a state organ"), at)
        case.save(update_fields=["is_special_subject", "updated_at"])

    # Only this instance moves the new case's clock until routing is done (cases.clock.clock_held):
    # one policy look-up, no re-reads of the row, and routing's event leaves an unchanged clock alone.
    with clock_held(case):
        case_event_record(
            case=case, kind=EventKind.REGISTERED, actor=actor,
            description=_("Case %(number)s registered") % {"number": case.case_number},
            data={"target_amount": str(case.target_amount), "basis": basis.document_number}, occurred_at=at,
        )
        case_route(actor=actor, case=case, at=at, first=True)
    notify_applicants(
        case=case,
        message=_("Your application for enforcement has been registered as case %(number)s at %(court)s.")
        % {"number": case.case_number, "court": court.name},
    )
    for hook in AFTER_REGISTRATION:
        hook(case, at)
    return case


# Other apps' reactions to a new case, run inside the registration's transaction with (case, at):
# e.g. reports enters a case registered with a flag (special subject, supervised …) in the hard-case ledger.
AFTER_REGISTRATION: list = []


# Transition name → (model method, whether a reason is required).
# Settlement and its breach have their own procedures (cases.money.settlement_record /
# settlement_breach); closure goes through cases.closure.case_close with its guards.
TRANSITIONS: dict[str, tuple[str, bool]] = {
    "start": ("start", False),
    "suspend": ("suspend", True),
    "resume": ("resume", False),
    "close": ("close", True),
}

# Closure types a person may choose directly. 终本 (terminated_round) passes through the 终本
# checklist (DESIGN.md §7) and `transferred` through a designation decision (§8.4): each has its own
# service and is refused here.
DIRECT_CLOSURE_TYPES = {
    ClosureType.PERFORMED, ClosureType.TERMINATED, ClosureType.REJECTED, ClosureType.NOT_ENFORCED, ClosureType.WITHDRAWN,
}
# Before enforcement has started only these closures make sense (the application itself fails).
CLOSURE_FROM_REGISTERED = {ClosureType.REJECTED, ClosureType.NOT_ENFORCED, ClosureType.WITHDRAWN}


@transaction.atomic
def case_transition(
    *, actor: User, case_id: int, transition: str, reason: str = "", closure_type: str = "",
    expected_status: str | None = None, at: dt.datetime | None = None,
) -> EnforcementCase:
    """Apply one named state transition. An illegal transition raises IllegalTransition (never a no-op).
    ``at`` records a transition that happened in the past (import); the browser and API never pass it."""
    if transition == "close":
        from cases.closure import case_close

        return case_close(actor=actor, case_id=case_id, closure_type=closure_type, reason=reason,
                          expected_status=expected_status, at=at)
    case = EnforcementCase.objects.select_for_update(of=("self",)).select_related("court").get(pk=case_id)
    at = _check_when(at, not_before=case.filed_on)
    if not access.can_work_case(actor, case):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief can change this case."))
    if transition not in TRANSITIONS:
        raise FieldErrors({"transition": [_("Unknown action.")]})
    if expected_status and expected_status != case.status:
        raise IllegalTransition(
            _("The case changed meanwhile: it is now “%(status)s”. Reload and try again.")
            % {"status": case.get_status_display()},
            current_status=case.status,
        )
    method_name, needs_reason = TRANSITIONS[transition]
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if needs_reason and not reason:
        errors["reason"] = [_("State the reason.")]
    if len(reason) > 500:
        errors["reason"] = [_("Too long (at most 500 characters).")]
    method = getattr(case, method_name)
    if not can_proceed(method):
        raise IllegalTransition(
            _("A case that is “%(status)s” cannot be %(action)s.")
            % {"status": case.get_status_display(), "action": transition_label(transition)},
            current_status=case.status,
        )
    if errors:
        raise FieldErrors(errors)

    old_status = case.status
    method()
    today = timezone.localdate(at) if at else timezone.localdate()
    if transition == "suspend":
        case.suspended_since = today
    elif transition == "resume" and case.suspended_since:
        # Suspension time does not count towards the 6-month limit (DESIGN.md §3.3).
        case.suspended_days += max((today - case.suspended_since).days, 0)
        case.suspended_since = None
    _with_actor(case, actor, f"{action_label(transition)}：{reason}" if reason else action_label(transition), at)
    case.full_clean(exclude=["handler", "team", "registered_by", "origin_case"])
    case.save()
    description = _("Status: %(old)s → %(new)s") % {
        "old": CaseStatus(old_status).label, "new": case.get_status_display(),
    }
    case_event_record(
        case=case, kind=EventKind.STATUS_CHANGED, actor=actor,
        description=description, reason=reason,
        data={"transition": transition, "from": old_status, "to": case.status, "closure_type": case.closure_type},
        occurred_at=at,
    )
    return case


def transition_label(name: str) -> str:
    labels = {
        "start": _("started"),
        "suspend": _("suspended"),
        "resume": _("resumed"),
        "settle": _("put under a settlement"),
        "settlement_breached": _("returned to enforcement after a breached settlement"),
        "close": _("closed"),
    }
    return labels.get(name, name)


def action_label(name: str) -> str:
    """Imperative label of a transition for buttons and menus."""
    labels = {
        "start": _("Start enforcement"),
        "suspend": _("Suspend enforcement"),
        "resume": _("Resume enforcement"),
        "settle": _("Record a settlement agreement"),
        "settlement_breached": _("Settlement breached: resume enforcement"),
        "close": _("Close the case"),
    }
    return labels.get(name, name)


def available_transitions(case: EnforcementCase) -> list[str]:
    return [name for name, (method, _r) in TRANSITIONS.items() if can_proceed(getattr(case, method))]
