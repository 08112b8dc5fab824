"""Dossier services: asset investigation, procedural steps, control and disposal, coercive measures
(DESIGN.md §6–7). Each is one transaction that locks the case, validates every field, writes the
row, the timeline event and the applicant's notification (sent after commit)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services
from cases.deadlines import renewal_end, term_end
from cases.dossier_common import (
    Errors,
    check_choice,
    check_date,
    check_money,
    check_text,
    ensure_started,
    lock_case,
)
from cases.models import (
    CONTROL_TERM_YEARS,
    DISPOSABLE_KINDS,
    MANDATORY_CATEGORIES,
    AuctionResult,
    AuctionRound,
    CaseParty,
    CaseStatus,
    ClosureType,
    CoerciveMeasure,
    ControlAction,
    ControlKind,
    ControlRenewal,
    ControlStatus,
    DisposalKind,
    EnforcementCase,
    EventKind,
    Investigation,
    InvestigationCategory,
    InvestigationResult,
    InvestigationTier,
    MeasureKind,
    PartyKind,
    PartyRole,
    PaymentSource,
    ProcedureKind,
    ProcedureStep,
    Valuation,
    ValuationMethod,
    tier_of,
)
from cases.notifications import notify_applicants
from cases.services import _with_actor, case_event_record
from courts.models import User
from enforcement.errors import FieldErrors, IllegalTransition

# Categories whose "amount found" is cash the court can take at once (现金可执行率).
CASH_CATEGORIES = (InvestigationCategory.DEPOSIT, InvestigationCategory.ONLINE_PAYMENT)
FIRST_ROUND_MIN_RATIO = Decimal("0.70")  # 1st auction reserve ≥ 70% of the valuation (*law*)
SECOND_ROUND_MIN_RATIO = Decimal("0.80")  # 2nd auction may cut the reserve by at most 20% (*law*)
# CPL (2023) art. 118: fines up to ¥100,000 for an individual, ¥50,000 to ¥1,000,000 for an organisation.
FINE_LIMITS = {"person": (Decimal("0.01"), Decimal("100000.00")), "organisation": (Decimal("50000.00"), Decimal("1000000.00"))}
DETENTION_MAX_DAYS = 15
BLACKLIST_DEFAULT_YEARS = 2
BLACKLIST_MAX_YEARS = 5  # SPC provisions on the dishonest-debtor list (2017), art. 2: 2 years, up to 5 when aggravated


def _respondent(errors: Errors, case: EnforcementCase, party_id, *, required: bool):
    if party_id in (None, ""):
        if required:
            errors.add("respondent", _("Choose the respondent."))
        return None
    link = CaseParty.objects.filter(case=case, party_id=party_id, role=PartyRole.RESPONDENT).select_related("party").first()
    if link is None:
        errors.add("respondent", _("Choose one of this case's respondents."))
        return None
    return link.party


def _refresh_found_cash(case: EnforcementCase) -> None:
    """Cash found (现金可执行率's numerator): the bank and online-payment balances the investigation
    found, less what has since been deducted (it is recovered now, no longer cash to enforce) and
    less frozen funds marked non-deductible (they can never be taken). Never below zero."""
    from django.db.models import F

    found = Investigation.objects.filter(
        case=case, category__in=CASH_CATEGORIES, result=InvestigationResult.FOUND,
    ).aggregate(total=Sum("found_amount"))["total"] or Decimal("0.00")
    freezes = ControlAction.objects.filter(case=case, kind=ControlKind.FREEZE_DEPOSIT).exclude(status=ControlStatus.CARRIED_OVER)
    deducted = freezes.aggregate(total=Sum("deducted_amount"))["total"] or Decimal("0.00")
    untouchable = freezes.filter(non_deductible=True, status=ControlStatus.IN_FORCE, amount__isnull=False).aggregate(
        total=Sum(F("amount") - F("deducted_amount")))["total"] or Decimal("0.00")
    total = max(found - deducted - untouchable, Decimal("0.00")).quantize(Decimal("0.01"))
    if total != case.found_cash_amount:
        case.found_cash_amount = total
        EnforcementCase.objects.filter(pk=case.pk).update(found_cash_amount=total)


# --- investigation (5+X+Y) -----------------------------------------------------------------------
def _investigation_fields(errors: Errors, case, *, category, result, queried_on, details, found_amount):
    check_choice(errors, "category", category, InvestigationCategory.values, _("Choose the item investigated."))
    check_choice(errors, "result", result, InvestigationResult.values, _("Choose the result."))
    if result == InvestigationResult.PENDING and category in InvestigationCategory.values and tier_of(category) != InvestigationTier.LEAD:
        errors.add("result", _("Only an applicant's lead can be recorded before it is checked."))
    when = check_date(errors, "queried_on", queried_on, case, required=result != InvestigationResult.PENDING,
                      not_before_filing=False)
    if when and case.basis.effective_date and when < case.basis.effective_date:
        errors.add("queried_on", _("The date cannot be before the enforcement basis took effect."))
    details = check_text(errors, "details", details, max_length=2000,
                         required=result == InvestigationResult.FOUND,
                         message=_("Describe what was found (bank and balance, property address …)."))
    amount = check_money(errors, "found_amount", found_amount, required=False, positive=False)
    if amount is not None and result != InvestigationResult.FOUND:
        errors.add("found_amount", _("An amount is recorded only when assets were found."))
    return when, details, amount


@transaction.atomic
def investigation_record(
    *, actor: User, case_id: int, category: str, result: str, queried_on=None, details: str = "",
    found_amount=None, respondent=None,
) -> Investigation:
    """Record one investigation item. A 终本 case may still be re-queried (the 6-monthly check)."""
    case = lock_case(actor, case_id, allow_closed=True)
    if case.status == CaseStatus.CLOSED and case.closure_type != ClosureType.TERMINATED_ROUND:
        raise IllegalTransition(_("Case %(number)s is closed: it can no longer be changed.") % {"number": case.case_number},
                                current_status=case.status)
    errors = Errors()
    party = _respondent(errors, case, respondent, required=False)
    when, details, amount = _investigation_fields(errors, case, category=category, result=result, queried_on=queried_on,
                                                  details=details, found_amount=found_amount)
    errors.raise_if_any()
    if case.status != CaseStatus.CLOSED:
        ensure_started(actor, case)
    item = Investigation(case=case, respondent=party, category=category, tier=tier_of(category), result=result,
                         queried_on=when, details=details, found_amount=amount, recorded_by=actor)
    _with_actor(item, actor)
    item.save()
    _refresh_found_cash(case)
    case_event_record(
        case=case, kind=EventKind.INVESTIGATION, actor=actor,
        description=_("%(item)s: %(result)s") % {"item": item.get_category_display(), "result": item.get_result_display()}
        + (f"（{details}）" if details else ""),
        data={"investigation": item.pk, "category": category, "result": result},
    )
    if result == InvestigationResult.FOUND:
        notify_applicants(case=case, message=_("Case %(number)s: assets found (%(item)s).")
                          % {"number": case.case_number, "item": item.get_category_display()})
    return item


@transaction.atomic
def online_queries_record(*, actor: User, case_id: int, queried_on=None, results: dict, respondent=None) -> list[Investigation]:
    """The five online queries (网络查控) in one go, all or nothing: ``results`` maps each mandatory
    category to {"result", "details", "found_amount"}. Errors come back keyed "<category>_<field>"."""
    errors = Errors()
    items = []
    for category in MANDATORY_CATEGORIES:
        row = (results or {}).get(category) or {}
        if not row.get("result"):
            errors.add(f"{category}_result", _("Choose the result."))
            continue
        try:
            items.append(investigation_record(actor=actor, case_id=case_id, category=category, result=row["result"],
                                              queried_on=queried_on, details=row.get("details", ""),
                                              found_amount=row.get("found_amount"), respondent=respondent))
        except FieldErrors as exc:
            for name, messages in exc.errors.items():
                key = name if name in ("queried_on", "respondent") else f"{category}_{name}"
                for message in messages:
                    if message not in errors.get(key, []):
                        errors.add(key, message)
    errors.raise_if_any()  # inside the atomic block: the items already written are rolled back
    return items


@transaction.atomic
def investigation_update(
    *, actor: User, investigation_id: int, result: str, queried_on=None, details: str = "", found_amount=None,
) -> Investigation:
    """Record the result of an item recorded earlier (typically an applicant's lead, once checked)."""
    case_id = Investigation.objects.values_list("case_id", flat=True).get(pk=investigation_id)
    case = lock_case(actor, case_id, allow_closed=True)
    if case.status == CaseStatus.CLOSED and case.closure_type != ClosureType.TERMINATED_ROUND:
        raise IllegalTransition(_("Case %(number)s is closed: it can no longer be changed.") % {"number": case.case_number},
                                current_status=case.status)
    item = Investigation.objects.select_for_update().get(pk=investigation_id)
    errors = Errors()
    if result == InvestigationResult.PENDING:
        errors.add("result", _("Record what the check found."))
    when, details, amount = _investigation_fields(errors, case, category=item.category, result=result,
                                                  queried_on=queried_on, details=details, found_amount=found_amount)
    errors.raise_if_any()
    old = item.get_result_display()
    item.result, item.queried_on, item.details, item.found_amount = result, when, details, amount
    _with_actor(item, actor, _("Result recorded"))
    item.save()
    _refresh_found_cash(case)
    case_event_record(
        case=case, kind=EventKind.INVESTIGATION, actor=actor,
        description=_("%(item)s: %(old)s → %(result)s") % {"item": item.get_category_display(), "old": old,
                                                          "result": item.get_result_display()},
        data={"investigation": item.pk, "category": item.category, "result": result},
    )
    return item


# --- procedural steps ----------------------------------------------------------------------------
@transaction.atomic
def procedure_record(*, actor: User, case_id: int, kind: str, done_on=None, details: str = "",
                     applicant_opinion: str = "") -> ProcedureStep:
    case = lock_case(actor, case_id)
    errors = Errors()
    check_choice(errors, "kind", kind, ProcedureKind.values, _("Choose the step."))
    when = check_date(errors, "done_on", done_on, case)
    details = check_text(errors, "details", details, max_length=2000)
    opinion = check_text(errors, "applicant_opinion", applicant_opinion, max_length=2000,
                         required=kind == ProcedureKind.APPLICANT_INFORMED,
                         message=_("Record the applicant's opinion."))
    errors.raise_if_any()
    ensure_started(actor, case)
    step = ProcedureStep.objects.create(case=case, kind=kind, done_on=when, details=details,
                                        applicant_opinion=opinion, recorded_by=actor)
    case_event_record(case=case, kind=EventKind.PROCEDURE, actor=actor,
                      description=step.get_kind_display() + (f"（{details}）" if details else ""),
                      data={"procedure": step.pk, "step": kind, "done_on": when.isoformat()})
    return step


# --- control actions -----------------------------------------------------------------------------
def control_expiry(kind: str, started_on: dt.date) -> dt.date | None:
    years = CONTROL_TERM_YEARS.get(kind)
    return term_end(started_on, years=years) if years else None


@transaction.atomic
def control_apply(
    *, actor: User, case_id: int, kind: str, asset: str, started_on=None, amount=None, respondent=None,
    non_deductible: bool = False, non_deductible_reason: str = "",
) -> ControlAction:
    """Freeze, seal or seize an asset; its expiry follows the legal term of its kind."""
    case = lock_case(actor, case_id)
    errors = Errors()
    check_choice(errors, "kind", kind, ControlKind.values, _("Choose the control action."))
    party = _respondent(errors, case, respondent, required=False)
    asset = check_text(errors, "asset", asset, max_length=300, required=True,
                       message=_("Describe the asset (bank and account, address, plate number …)."))
    when = check_date(errors, "started_on", started_on, case)
    value = check_money(errors, "amount", amount, required=kind == ControlKind.FREEZE_DEPOSIT)
    reason = check_text(errors, "non_deductible_reason", non_deductible_reason, max_length=200,
                        required=bool(non_deductible), message=_("State why the funds cannot be deducted (e.g. earmarked funds)."))
    if non_deductible and kind != ControlKind.FREEZE_DEPOSIT:
        errors.add("non_deductible", _("Only frozen funds can be marked non-deductible."))
    errors.raise_if_any()
    if case.status == CaseStatus.SUSPENDED:
        raise IllegalTransition(_("Enforcement is suspended: resume it before controlling new assets."), current_status=case.status)
    ensure_started(actor, case)
    control = ControlAction(
        case=case, respondent=party, kind=kind, asset=asset, amount=value, started_on=when,
        expires_on=control_expiry(kind, when), non_deductible=bool(non_deductible), non_deductible_reason=reason,
        recorded_by=actor,
    )
    _with_actor(control, actor)
    control.save()
    _refresh_found_cash(case)
    description = _("%(action)s: %(asset)s") % {"action": control.get_kind_display(), "asset": asset}
    if value is not None:
        description += _(", amount ¥%(amount)s") % {"amount": value}
    if control.expires_on:
        description += _(", until %(date)s") % {"date": control.expires_on.isoformat()}
    case_event_record(case=case, kind=EventKind.CONTROL, actor=actor, description=description,
                      data={"control": control.pk, "control_kind": kind, "expires_on": control.expires_on.isoformat() if control.expires_on else None})
    notify_applicants(case=case, message=_("Case %(number)s: %(action)s (%(asset)s).")
                      % {"number": case.case_number, "action": control.get_kind_display(), "asset": asset})
    return control


def _lock_control(actor: User, control_id: int, *, allow_closed: bool = False) -> tuple[EnforcementCase, ControlAction]:
    case_id = ControlAction.objects.values_list("case_id", flat=True).get(pk=control_id)
    case = lock_case(actor, case_id, allow_closed=allow_closed)
    return case, ControlAction.objects.select_for_update().get(pk=control_id)


def _require_in_force(control: ControlAction, today: dt.date | None = None) -> None:
    if control.status != ControlStatus.IN_FORCE:
        raise IllegalTransition(_("This control is %(status)s, not in force.") % {"status": control.get_status_display()},
                                current_status=control.status)


def _check_unexpired(errors: Errors, control: ControlAction, when: dt.date | None, field: str) -> None:
    """A control past its expiry without renewal has lapsed: on a later date the asset is no longer
    the court's to dispose of (checked against the date of the step, so history can be recorded)."""
    if when and control.expires_on and when > control.expires_on:
        errors.add(field, _("This control expired on %(date)s without renewal: it has lapsed. Control the asset again first.")
                   % {"date": control.expires_on.isoformat()})


def _require_enforcing(case: EnforcementCase, *, settled_too: bool = True) -> None:
    """Coercion pauses while enforcement is suspended (中止执行) and while a settlement is performed on
    schedule; a breached settlement resumes it."""
    if case.status == CaseStatus.SUSPENDED:
        raise IllegalTransition(_("Enforcement is suspended: resume it first."), current_status=case.status)
    if settled_too and case.status == CaseStatus.SETTLED:
        raise IllegalTransition(_("A settlement is being performed: enforcement resumes only if it is breached."),
                                current_status=case.status)


def _require_no_scheduled_auction(control: ControlAction) -> None:
    if control.auction_rounds.filter(result=AuctionResult.SCHEDULED).exists():
        raise FieldErrors({"control": [
            _("An auction of this asset is scheduled: record its result or withdraw it first.")
        ]})


@transaction.atomic
def control_renew(*, actor: User, control_id: int, renewed_on=None) -> ControlAction:
    """续行: extend the term by the legal term of the kind, from the day after the current expiry.
    A control that has already expired has lapsed and cannot be renewed (the asset must be controlled anew)."""
    case, control = _lock_control(actor, control_id, allow_closed=True)
    if case.status == CaseStatus.CLOSED and case.closure_type != ClosureType.TERMINATED_ROUND:
        raise IllegalTransition(_("Case %(number)s is closed: it can no longer be changed.") % {"number": case.case_number},
                                current_status=case.status)
    _require_in_force(control)
    errors = Errors()
    when = check_date(errors, "renewed_on", renewed_on or timezone.localdate(), case)
    if control.expires_on is None:
        errors.add("renewed_on", _("This control has no fixed term to renew."))
    elif when and when > control.expires_on:
        errors.add("renewed_on", _("The control expired on %(date)s: it has lapsed and cannot be renewed. Control the asset again.")
                   % {"date": control.expires_on.isoformat()})
    elif when and when < control.started_on:
        errors.add("renewed_on", _("The renewal cannot be before the control started."))
    else:
        last = control.renewals.order_by("-renewed_on").values_list("renewed_on", flat=True).first()
        if when and last and when < last:
            errors.add("renewed_on", _("The last renewal was on %(date)s: a later one cannot be dated before it.")
                       % {"date": last.isoformat()})
    errors.raise_if_any()
    previous = control.expires_on
    control.expires_on = renewal_end(previous, years=control.term_years)
    _with_actor(control, actor, _("Renewed"))
    control.save()
    ControlRenewal.objects.create(control=control, renewed_on=when, previous_expiry=previous,
                                  new_expiry=control.expires_on, recorded_by=actor)
    case_event_record(case=case, kind=EventKind.CONTROL_RENEWED, actor=actor,
                      description=_("%(action)s renewed: %(asset)s, until %(date)s (was %(old)s)")
                      % {"action": control.get_kind_display(), "asset": control.asset,
                         "date": control.expires_on.isoformat(), "old": previous.isoformat()},
                      data={"control": control.pk, "previous_expiry": previous.isoformat(),
                            "new_expiry": control.expires_on.isoformat()})
    return control


@transaction.atomic
def control_release(*, actor: User, control_id: int, released_on=None, reason: str = "") -> ControlAction:
    case, control = _lock_control(actor, control_id, allow_closed=True)
    _require_in_force(control)
    _require_no_scheduled_auction(control)
    errors = Errors()
    when = check_date(errors, "released_on", released_on or timezone.localdate(), case)
    if when and when < control.started_on:
        errors.add("released_on", _("The release cannot be before the control started."))
    reason = check_text(errors, "reason", reason, max_length=300, required=True, message=_("State the reason."))
    errors.raise_if_any()
    control.status, control.ended_on, control.end_reason = ControlStatus.RELEASED, when, reason
    _with_actor(control, actor, reason)
    control.save()
    _refresh_found_cash(case)
    case_event_record(case=case, kind=EventKind.CONTROL_RELEASED, actor=actor,
                      description=_("%(action)s released: %(asset)s") % {"action": control.get_kind_display(), "asset": control.asset},
                      reason=reason, data={"control": control.pk})
    return control


@transaction.atomic
def control_deduct(*, actor: User, control_id: int, amount, deducted_on=None, note: str = ""):
    """扣划: move frozen money to the court's account (a payment in). Funds marked non-deductible
    (earmarked public funds, minimum living allowance …) may stay frozen but are never deducted."""
    from cases.money import _payment_add

    case, control = _lock_control(actor, control_id)
    _require_in_force(control)
    _require_enforcing(case)
    if control.kind != ControlKind.FREEZE_DEPOSIT:
        raise FieldErrors({"control": [_("Only frozen deposits can be deducted.")]})
    if control.non_deductible:
        raise FieldErrors({"control": [
            _("These funds are marked non-deductible (%(reason)s): they may stay frozen but cannot be deducted.")
            % {"reason": control.non_deductible_reason}
        ]})
    errors = Errors()
    value = check_money(errors, "amount", amount)
    when = check_date(errors, "deducted_on", deducted_on or timezone.localdate(), case)
    note = check_text(errors, "note", note, max_length=300)
    if value is not None and control.frozen_balance is not None and value > control.frozen_balance:
        errors.add("amount", _("Only ¥%(balance)s remains frozen in this account.") % {"balance": control.frozen_balance})
    elif value is not None and value > case.outstanding_amount:
        errors.add("amount", _("Only ¥%(outstanding)s is outstanding: deduct no more than is owed.")
                   % {"outstanding": case.outstanding_amount})
    if when and when < control.started_on:
        errors.add("deducted_on", _("The deduction cannot be before the freeze."))
    elif when and control.expires_on and when > control.expires_on:
        errors.add("deducted_on", _("The freeze expired on %(date)s: it has lapsed and nothing can be deducted. Freeze the account again.")
                   % {"date": control.expires_on.isoformat()})
    errors.raise_if_any()
    control.deducted_amount += value
    if control.frozen_balance is not None and control.frozen_balance == 0:
        control.status, control.ended_on, control.end_reason = ControlStatus.DISPOSED, when, _("Deducted in full")
        control.disposal_kind, control.disposal_amount = DisposalKind.DEDUCTION, control.deducted_amount
    _with_actor(control, actor, _("Deducted"))
    control.save()
    _refresh_found_cash(case)
    return _payment_add(actor=actor, case=case, amount=value, received_on=when, source=PaymentSource.DEDUCTION,
                        payer=control.asset, note=note, control=control)


# --- valuation, auction, sale, transfer in kind --------------------------------------------------
def _require_disposable(control: ControlAction) -> None:
    _require_in_force(control)
    if control.kind not in DISPOSABLE_KINDS:
        raise FieldErrors({"control": [_("Only sealed or seized property and frozen equity are valued and auctioned.")]})


@transaction.atomic
def valuation_record(*, actor: User, control_id: int, method: str, value, valued_on=None, appraiser: str = "") -> Valuation:
    case, control = _lock_control(actor, control_id)
    _require_disposable(control)
    _require_enforcing(case, settled_too=False)
    errors = Errors()
    check_choice(errors, "method", method, ValuationMethod.values, _("Choose how the price was set."))
    amount = check_money(errors, "value", value)
    when = check_date(errors, "valued_on", valued_on, case)
    _check_unexpired(errors, control, when, "valued_on")
    appraiser = check_text(errors, "appraiser", appraiser, max_length=120)
    errors.raise_if_any()
    valuation = Valuation.objects.create(control=control, method=method, value=amount, valued_on=when,
                                         appraiser=appraiser, recorded_by=actor)
    case_event_record(case=case, kind=EventKind.VALUATION, actor=actor,
                      description=_("%(method)s of %(asset)s: ¥%(value)s") % {"method": valuation.get_method_display(),
                                                                            "asset": control.asset, "value": amount},
                      data={"control": control.pk, "valuation": valuation.pk, "value": str(amount)})
    return valuation


def reserve_price_floor(*, round_number: int, valuation: Decimal, first_reserve: Decimal | None) -> Decimal:
    """Lowest lawful reserve: 70% of the valuation in round 1; 80% of round 1's reserve in round 2
    (rounded up to the cent, so the floor itself is always lawful)."""
    from decimal import ROUND_CEILING

    if round_number == 1:
        return (valuation * FIRST_ROUND_MIN_RATIO).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    return (first_reserve * SECOND_ROUND_MIN_RATIO).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def _rounds(control: ControlAction) -> list[AuctionRound]:
    return list(control.auction_rounds.exclude(result=AuctionResult.WITHDRAWN).order_by("round_number", "pk"))


@transaction.atomic
def auction_schedule(*, actor: User, control_id: int, reserve_price, starts_on=None, platform: str = "") -> AuctionRound:
    """Put the asset up for online auction: round 1, or round 2 after round 1 found no bidder."""
    case, control = _lock_control(actor, control_id)
    _require_disposable(control)
    _require_enforcing(case, settled_too=True)
    valuation = control.valuations.order_by("-valued_on", "-pk").first()
    if valuation is None:
        raise FieldErrors({"reserve_price": [_("Record a valuation or price inquiry before the auction.")]})
    rounds = _rounds(control)
    if any(r.result in (AuctionResult.SCHEDULED, AuctionResult.SOLD) for r in rounds):
        raise FieldErrors({"non_field_errors": [_("An auction of this asset is already scheduled or sold.")]})
    if len(rounds) >= 2:
        raise FieldErrors({"non_field_errors": [
            _("Both auction rounds found no bidder: sell the asset (变卖) or transfer it in kind to the applicant.")
        ]})
    number = len(rounds) + 1
    errors = Errors()
    price = check_money(errors, "reserve_price", reserve_price)
    first = rounds[0].reserve_price if rounds else None
    if price is not None:
        floor = reserve_price_floor(round_number=number, valuation=valuation.value, first_reserve=first)
        if price < floor:
            if number == 1:
                errors.add("reserve_price", _("The first auction's reserve must be at least 70%% of the valuation (¥%(value)s): at least ¥%(floor)s.")
                           % {"value": valuation.value, "floor": floor})
            else:
                errors.add("reserve_price", _("The second auction may cut the reserve by at most 20%% of the first (¥%(first)s): at least ¥%(floor)s.")
                           % {"first": first, "floor": floor})
    when = starts_on
    if when in (None, ""):
        errors.add("starts_on", _("Enter the date."))
    elif not isinstance(when, dt.date):
        try:
            when = dt.date.fromisoformat(str(when))
        except ValueError:
            errors.add("starts_on", _("Enter a date as YYYY-MM-DD."))
            when = None
    scheduled_on = timezone.localdate(services._RECORDED_AT.get() or timezone.now())
    if isinstance(when, dt.date) and when < valuation.valued_on:
        errors.add("starts_on", _("The auction cannot be before the valuation."))
    elif isinstance(when, dt.date) and when < scheduled_on:
        # Scheduling records an auction still to come (the applicant is told its date); one already
        # held is recorded with its result. The announcement period (15 days for movables, 30 for
        # real estate, SPC online-auction provisions art. 12) runs from the announcement, which the
        # court may have published before recording it here, so it is not checked against today.
        errors.add("starts_on", _("An auction is scheduled for a date to come, not %(date)s.") % {"date": when.isoformat()})
    elif isinstance(when, dt.date) and when > term_end(valuation.valued_on, years=1):
        errors.add("starts_on", _("The reference price of %(date)s is valid for one year at most: value the asset again.")
                   % {"date": valuation.valued_on.isoformat()})
    if isinstance(when, dt.date):
        _check_unexpired(errors, control, when, "starts_on")
    platform = check_text(errors, "platform", platform, max_length=60)
    errors.raise_if_any()
    auction = AuctionRound(control=control, round_number=number, valuation=valuation, reserve_price=price,
                           starts_on=when, platform=platform, recorded_by=actor)
    _with_actor(auction, actor)
    auction.save()
    case_event_record(case=case, kind=EventKind.AUCTION, actor=actor,
                      description=_("Auction round %(n)d of %(asset)s on %(date)s, reserve ¥%(price)s")
                      % {"n": number, "asset": control.asset, "date": when.isoformat(), "price": price},
                      data={"control": control.pk, "auction": auction.pk, "round": number, "reserve_price": str(price)})
    notify_applicants(case=case, message=_("Case %(number)s: %(asset)s goes to auction (round %(n)d) on %(date)s.")
                      % {"number": case.case_number, "asset": control.asset, "n": number, "date": when.isoformat()})
    return auction


def _dispose(actor, case, control, *, how: str, amount: Decimal, when: dt.date, source: str, payer: str):
    from cases.money import _payment_add

    control.status, control.ended_on = ControlStatus.DISPOSED, when
    control.disposal_kind, control.disposal_amount = how, amount
    control.end_reason = {"auction": _("Sold at auction"), "sale": _("Sold off (变卖)"), "in_kind": _("Transferred in kind")}[how]
    _with_actor(control, actor, control.end_reason)
    control.save()
    case_event_record(case=case, kind=EventKind.DISPOSAL, actor=actor,
                      description=_("%(asset)s: %(how)s for ¥%(amount)s") % {"asset": control.asset, "how": control.end_reason,
                                                                          "amount": amount},
                      data={"control": control.pk, "disposal": how, "amount": str(amount)})
    return _payment_add(actor=actor, case=case, amount=amount, received_on=when, source=source, payer=payer, control=control)


@transaction.atomic
def auction_conclude(*, actor: User, auction_id: int, result: str, sale_price=None, buyer: str = "", concluded_on=None) -> AuctionRound:
    """Record the outcome of an auction round. A sale brings the price in as a payment."""
    control_id = AuctionRound.objects.values_list("control_id", flat=True).get(pk=auction_id)
    case, control = _lock_control(actor, control_id)
    auction = AuctionRound.objects.select_for_update().get(pk=auction_id)
    if auction.result != AuctionResult.SCHEDULED:
        raise IllegalTransition(_("This auction round is already concluded (%(result)s).") % {"result": auction.get_result_display()},
                                current_status=auction.result)
    if result == AuctionResult.SOLD:
        # The asset may have left the court's control meanwhile (released, transferred in kind):
        # it cannot then be sold, nor its price brought in a second time.
        _require_in_force(control)
    errors = Errors()
    check_choice(errors, "result", result, [AuctionResult.SOLD, AuctionResult.UNSOLD, AuctionResult.WITHDRAWN],
                 _("Choose sold, no bid or withdrawn."))
    when = check_date(errors, "concluded_on", concluded_on or timezone.localdate(), case)
    if when and when < auction.starts_on and result != AuctionResult.WITHDRAWN:  # withdrawing comes before the date
        errors.add("concluded_on", _("The auction ends on or after its start (%(date)s).") % {"date": auction.starts_on.isoformat()})
    price = None
    if result == AuctionResult.SOLD:
        price = check_money(errors, "sale_price", sale_price)
        if price is not None and price < auction.reserve_price:
            errors.add("sale_price", _("A sale below the reserve price (¥%(price)s) is not possible.") % {"price": auction.reserve_price})
        buyer = check_text(errors, "buyer", buyer, max_length=120, required=True, message=_("Enter the buyer."))
    errors.raise_if_any()
    auction.result, auction.concluded_on, auction.sale_price, auction.buyer = result, when, price, buyer or ""
    _with_actor(auction, actor)
    auction.save()
    if result == AuctionResult.SOLD:
        _dispose(actor, case, control, how="auction", amount=price, when=when, source=PaymentSource.AUCTION, payer=buyer)
        message = _("Case %(number)s: %(asset)s sold at auction for ¥%(price)s.")
    else:
        case_event_record(case=case, kind=EventKind.AUCTION, actor=actor,
                          description=_("Auction round %(n)d of %(asset)s: %(result)s")
                          % {"n": auction.round_number, "asset": control.asset, "result": auction.get_result_display()},
                          data={"control": control.pk, "auction": auction.pk, "result": result})
        message = _("Case %(number)s: the auction of %(asset)s ended without a sale.")
    notify_applicants(case=case, message=message % {"number": case.case_number, "asset": control.asset, "price": price})
    return auction


def _last_unsold(control: ControlAction) -> AuctionRound | None:
    rounds = [r for r in _rounds(control) if r.result == AuctionResult.UNSOLD]
    return rounds[-1] if rounds else None


@transaction.atomic
def sale_record(*, actor: User, control_id: int, price, buyer: str, sold_on=None):
    """变卖: after the second auction found no bidder, sell at no less than its reserve price."""
    case, control = _lock_control(actor, control_id)
    _require_disposable(control)
    _require_enforcing(case, settled_too=True)
    _require_no_scheduled_auction(control)
    last = _last_unsold(control)
    if last is None or last.round_number < 2:
        raise FieldErrors({"non_field_errors": [_("An asset is sold (变卖) only after the second auction found no bidder.")]})
    errors = Errors()
    amount = check_money(errors, "price", price)
    if amount is not None and amount < last.reserve_price:
        errors.add("price", _("The sale price cannot be below the second auction's reserve (¥%(price)s).") % {"price": last.reserve_price})
    buyer = check_text(errors, "buyer", buyer, max_length=120, required=True, message=_("Enter the buyer."))
    when = check_date(errors, "sold_on", sold_on or timezone.localdate(), case)
    _check_unexpired(errors, control, when, "sold_on")
    errors.raise_if_any()
    payment = _dispose(actor, case, control, how="sale", amount=amount, when=when, source=PaymentSource.SALE, payer=buyer)
    notify_applicants(case=case, message=_("Case %(number)s: %(asset)s sold for ¥%(price)s.")
                      % {"number": case.case_number, "asset": control.asset, "price": amount})
    return payment


@transaction.atomic
def in_kind_transfer(*, actor: User, control_id: int, applicant, value=None, transferred_on=None, by_agreement: bool = False):
    """以物抵债: the applicant takes the asset in payment. After an auction round without bidder the
    value is that round's reserve price (*law*); otherwise only with the parties' agreement, at the
    agreed value. The value counts as recovered and as paid to that applicant."""
    from cases.money import _applicant_unpaid, _disbursement_add

    case, control = _lock_control(actor, control_id)
    _require_disposable(control)
    _require_enforcing(case, settled_too=True)
    _require_no_scheduled_auction(control)
    errors = Errors()
    link = CaseParty.objects.filter(case=case, party_id=applicant or None, role=PartyRole.APPLICANT).select_related("party").first() \
        if str(applicant or "").isdigit() else None
    if link is None:
        errors.add("applicant", _("Choose one of this case's applicants."))
    last = _last_unsold(control)
    if last is not None and not by_agreement:
        amount = last.reserve_price
        if value not in (None, "") and check_money(Errors(), "value", value) != amount:
            errors.add("value", _("After an auction without bidder the asset is taken at that round's reserve price (¥%(price)s).")
                       % {"price": amount})
    else:
        if not by_agreement:
            errors.add("by_agreement", _("Without an auction that found no bidder, a transfer in kind needs the parties' agreement."))
        amount = check_money(errors, "value", value)
    when = check_date(errors, "transferred_on", transferred_on or timezone.localdate(), case)
    _check_unexpired(errors, control, when, "transferred_on")
    if link is not None and amount is not None and not errors:
        unpaid = _applicant_unpaid(case, link, field="applicant")
        if amount > unpaid:
            errors.add("value", _("The asset is worth more than is still owed to %(name)s (¥%(unpaid)s): the difference must be settled first.")
                       % {"name": link.party.name, "unpaid": unpaid})
    errors.raise_if_any()
    payment = _dispose(actor, case, control, how="in_kind", amount=amount, when=when, source=PaymentSource.IN_KIND,
                       payer=control.asset)
    _disbursement_add(actor=actor, case=case, kind="to_applicant", payee=link.party, amount=amount, paid_on=when,
                      note=_("Transfer in kind: %(asset)s") % {"asset": control.asset})
    return payment


# --- coercive measures ---------------------------------------------------------------------------
@transaction.atomic
def measure_issue(*, actor: User, case_id: int, kind: str, respondent, issued_on=None, ends_on=None, amount=None,
                  reason: str = "") -> CoerciveMeasure:
    case = lock_case(actor, case_id)
    errors = Errors()
    check_choice(errors, "kind", kind, MeasureKind.values, _("Choose the measure."))
    party = _respondent(errors, case, respondent, required=True)
    when = check_date(errors, "issued_on", issued_on, case)
    reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("State the grounds."))
    end = None
    if ends_on not in (None, ""):
        try:
            end = ends_on if isinstance(ends_on, dt.date) else dt.date.fromisoformat(str(ends_on))
        except ValueError:
            errors.add("ends_on", _("Enter a date as YYYY-MM-DD."))
    if when and end and end < when:
        errors.add("ends_on", _("The end cannot be before the issue date."))
    fine = None
    if party is not None and party.kind != PartyKind.PERSON and kind in (MeasureKind.DETENTION, MeasureKind.COMPELLED_APPEARANCE):
        # CPL art. 118: for an organisation, its principal or the person directly responsible is detained
        # or compelled — a natural person, recorded as such, not the organisation itself.
        errors.add("respondent", _("Only a natural person can be detained or compelled to appear; for an organisation, "
                                   "record the measure against its principal or the person directly responsible."))
    if when:
        if kind == MeasureKind.BLACKLIST and end is None:
            end = term_end(when, years=BLACKLIST_DEFAULT_YEARS)  # default period (DESIGN.md §6.3)
        elif kind == MeasureKind.BLACKLIST and end > term_end(when, years=BLACKLIST_MAX_YEARS):
            errors.add("ends_on", _("A listing lasts at most 5 years: the last day is %(date)s at the latest.")
                       % {"date": term_end(when, years=BLACKLIST_MAX_YEARS).isoformat()})
        elif kind == MeasureKind.DETENTION:
            if end is None:
                errors.add("ends_on", _("Enter the last day of detention (at most 15 days)."))
            elif end > term_end(when, days=DETENTION_MAX_DAYS):
                errors.add("ends_on", _("Judicial detention lasts at most 15 days: the last day is %(date)s at the latest.")
                           % {"date": term_end(when, days=DETENTION_MAX_DAYS).isoformat()})
        elif kind == MeasureKind.COMPELLED_APPEARANCE:
            # At most 24 hours: it ends the same day or the next.
            if end is None:
                end = when
            elif end > when + dt.timedelta(days=1):
                errors.add("ends_on", _("A compelled appearance lasts at most 24 hours."))
    if kind == MeasureKind.FINE:
        fine = check_money(errors, "amount", amount)
        if fine is not None and party is not None:
            low, high = FINE_LIMITS["person" if party.kind == PartyKind.PERSON else "organisation"]
            if not low <= fine <= high:
                errors.add("amount", _("A fine is between ¥%(low)s and ¥%(high)s for this kind of respondent.") % {"low": low, "high": high})
    elif amount not in (None, ""):
        errors.add("amount", _("Only a fine has an amount."))
    errors.raise_if_any()
    if party is not None and kind in (MeasureKind.BLACKLIST, MeasureKind.CONSUMPTION_RESTRICTION, MeasureKind.EXIT_BAN) and \
            CoerciveMeasure.objects.filter(case=case, respondent=party, kind=kind, lifted_on__isnull=True).exists():
        raise FieldErrors({"kind": [_("This measure is already in force against %(name)s.") % {"name": party.name}]})
    _require_enforcing(case)
    ensure_started(actor, case)
    measure = CoerciveMeasure(case=case, respondent=party, kind=kind, issued_on=when, ends_on=end, amount=fine, reason=reason,
                              recorded_by=actor)
    _with_actor(measure, actor, reason)
    measure.save()
    case_event_record(case=case, kind=EventKind.MEASURE, actor=actor,
                      description=_("%(measure)s against %(name)s") % {"measure": measure.get_kind_display(), "name": party.name}
                      + (_(" until %(date)s") % {"date": end.isoformat()} if end else ""),
                      reason=reason, data={"measure": measure.pk, "measure_kind": kind})
    notify_applicants(case=case, message=_("Case %(number)s: %(measure)s against %(name)s.")
                      % {"number": case.case_number, "measure": measure.get_kind_display(), "name": party.name})
    return measure


def _lift(actor, case, measure: CoerciveMeasure, *, when: dt.date, reason: str) -> None:
    measure.lifted_on, measure.lift_reason = when, reason
    _with_actor(measure, actor, reason)
    measure.save()
    case_event_record(case=case, kind=EventKind.MEASURE_LIFTED, actor=actor,
                      description=_("%(measure)s against %(name)s lifted") % {"measure": measure.get_kind_display(),
                                                                            "name": measure.respondent.name},
                      reason=reason, data={"measure": measure.pk, "measure_kind": measure.kind})


@transaction.atomic
def measure_lift(*, actor: User, measure_id: int, lifted_on=None, reason: str = "") -> CoerciveMeasure:
    case_id = CoerciveMeasure.objects.values_list("case_id", flat=True).get(pk=measure_id)
    case = lock_case(actor, case_id, allow_closed=True)
    measure = CoerciveMeasure.objects.select_for_update().select_related("respondent").get(pk=measure_id)
    if measure.lifted_on is not None:
        raise IllegalTransition(_("This measure was already lifted on %(date)s.") % {"date": measure.lifted_on.isoformat()})
    errors = Errors()
    when = check_date(errors, "lifted_on", lifted_on or timezone.localdate(), case)
    if when and when < measure.issued_on:
        errors.add("lifted_on", _("The lifting cannot be before the measure was issued."))
    reason = check_text(errors, "reason", reason, max_length=300, required=True, message=_("State the reason."))
    errors.raise_if_any()
    _lift(actor, case, measure, when=when, reason=reason)
    return measure
