"""The money ledger (执行款, DESIGN.md §9), distribution among applicants, and settlement (执行和解).

Invariants, kept under the case's row lock:
- recovered = Σ payments in; disbursed = Σ disbursements out; held = recovered − disbursed ≥ 0;
- no applicant is paid more than their claim;
- ``held_since`` is the receipt date of the oldest money not yet paid out (first in, first out):
  money must be paid out within 30 days of receipt (*law*).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.distribution import Claim, distribute
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
    CaseParty,
    CaseStatus,
    ClaimClass,
    ControlAction,
    Disbursement,
    DisbursementKind,
    DistributionPlan,
    EnforcementCase,
    EventKind,
    Instalment,
    PartyRole,
    Payment,
    PaymentSource,
    Settlement,
    SettlementStatus,
)
from cases.notifications import notify_applicants
from cases.services import _with_actor, case_event_record
from courts.models import User
from enforcement.errors import FieldErrors, IllegalTransition

ZERO = Decimal("0.00")
DISBURSEMENT_DAYS = 30  # *law*: money received is paid out within 30 days
# Sources a user records directly; the others come from their own procedure (deduction, auction …).
DIRECT_PAYMENT_SOURCES = (PaymentSource.DEBTOR, PaymentSource.THIRD_PARTY, PaymentSource.PERIODIC, PaymentSource.OTHER)


# --- reads used by the services ------------------------------------------------------------------
def applicant_links(case: EnforcementCase) -> list[CaseParty]:
    return list(CaseParty.objects.filter(case=case, role=PartyRole.APPLICANT).select_related("party").order_by("position", "pk"))


def claim_of(case: EnforcementCase, link: CaseParty, *, applicants: int | None = None) -> Decimal | None:
    """An applicant's claim: the amount set on them, or the whole target when they are the only applicant."""
    if link.claim_amount is not None:
        return link.claim_amount
    if applicants is None:
        applicants = CaseParty.objects.filter(case=case, role=PartyRole.APPLICANT).count()
    return case.target_amount if applicants == 1 else None


def paid_to(case: EnforcementCase) -> dict[int, Decimal]:
    rows = Disbursement.objects.filter(case=case, kind=DisbursementKind.TO_APPLICANT).values("payee_id").annotate(total=Sum("amount"))
    return {r["payee_id"]: cents(r["total"]) for r in rows}


def cents(value) -> Decimal:
    """A sum from the database as yuan with two places (SQLite returns sums with extra places)."""
    return (value or ZERO).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ApplicantAccount:
    """One applicant's standing in the ledger: claim (None when not set in a multi-applicant case),
    paid so far, still unpaid."""

    link: CaseParty
    claim: Decimal | None
    paid: Decimal

    @property
    def unpaid(self) -> Decimal | None:
        return None if self.claim is None else max(self.claim - self.paid, ZERO)


def applicant_accounts(case: EnforcementCase) -> list[ApplicantAccount]:
    """Every applicant's claim, paid and unpaid, in their order in the case: two queries, whatever
    the number of applicants. The one place the ledger, the dossier, the guards and the API read."""
    links = applicant_links(case)
    paid = paid_to(case)
    return [ApplicantAccount(lk, claim_of(case, lk, applicants=len(links)), paid.get(lk.party_id, ZERO)) for lk in links]


def total_owed(accounts: list[ApplicantAccount]) -> Decimal:
    """What the applicants are still owed, counting the claims that are set."""
    return sum((a.unpaid for a in accounts if a.unpaid is not None), ZERO)


def _applicant_unpaid(case: EnforcementCase, link: CaseParty, *, field: str = "payee") -> Decimal:
    account = next(a for a in applicant_accounts(case) if a.link.pk == link.pk)
    if account.unpaid is None:
        raise FieldErrors({field: [_("Set the amount claimed by %(name)s first (the case has several applicants).")
                                     % {"name": link.party.name}]})
    return account.unpaid


def oldest_undisbursed_date(case: EnforcementCase) -> dt.date | None:
    """First in, first out: the receipt date of the first payment not fully covered by what was paid out."""
    if case.held_amount <= 0:
        return None
    paid_out = case.disbursed_amount
    running = ZERO
    for amount, received_on in Payment.objects.filter(case=case).order_by("received_on", "pk").values_list("amount", "received_on"):
        running += amount
        if running > paid_out:
            return received_on
    return None


def _refresh_totals(case: EnforcementCase) -> None:
    received = cents(Payment.objects.filter(case=case).aggregate(t=Sum("amount"))["t"])
    disbursed = cents(Disbursement.objects.filter(case=case).aggregate(t=Sum("amount"))["t"])
    if disbursed > received:  # guarded by the services; the check constraint would refuse it too
        raise IllegalTransition(_("The ledger would go negative."))
    case.recovered_amount, case.disbursed_amount, case.held_amount = received, disbursed, received - disbursed
    case.held_since = oldest_undisbursed_date(case)
    EnforcementCase.objects.filter(pk=case.pk).update(
        recovered_amount=received, disbursed_amount=disbursed, held_amount=case.held_amount, held_since=case.held_since,
    )


# --- payments in ---------------------------------------------------------------------------------
def _payment_add(*, actor: User, case: EnforcementCase, amount: Decimal, received_on: dt.date, source: str,
                 payer: str = "", note: str = "", control: ControlAction | None = None) -> Payment:
    """Inside a service that holds the case lock: write the payment, the totals, the event, the
    settlement matching and the applicant's message."""
    ensure_started(actor, case)
    payment = Payment(case=case, amount=amount, received_on=received_on, source=source, payer=payer, note=note,
                      control=control, recorded_by=actor)
    _with_actor(payment, actor)
    payment.save()
    _refresh_totals(case)
    case_event_record(
        case=case, kind=EventKind.PAYMENT, actor=actor,
        description=_("¥%(amount)s received (%(source)s)") % {"amount": amount, "source": payment.get_source_display()}
        + (f"，{payer}" if payer else ""),
        data={"payment": payment.pk, "amount": str(amount), "source": source},
    )
    _match_instalments(actor, case, payment)
    notify_applicants(case=case, message=_("Case %(number)s: ¥%(amount)s received; ¥%(outstanding)s still outstanding.")
                      % {"number": case.case_number, "amount": amount, "outstanding": case.outstanding_amount})
    return payment


@transaction.atomic
def payment_record(*, actor: User, case_id: int, amount, received_on=None, source: str = PaymentSource.DEBTOR,
                   payer: str = "", note: str = "") -> Payment:
    case = lock_case(actor, case_id)
    errors = Errors()
    value = check_money(errors, "amount", amount)
    when = check_date(errors, "received_on", received_on, case)
    check_choice(errors, "source", source, DIRECT_PAYMENT_SOURCES,
                 _("Choose who paid; deductions, auctions and sales are recorded from their control action."))
    payer = check_text(errors, "payer", payer, max_length=120)
    note = check_text(errors, "note", note, max_length=300)
    if value is not None and value > case.outstanding_amount:
        # An overpayment is not "recovered": take what is owed; the rest goes back to the payer.
        errors.add("amount", _("Only ¥%(outstanding)s is outstanding in this case.") % {"outstanding": case.outstanding_amount})
    errors.raise_if_any()
    return _payment_add(actor=actor, case=case, amount=value, received_on=when, source=source, payer=payer, note=note)


# --- disbursements out ---------------------------------------------------------------------------
def _disbursement_add(*, actor: User, case: EnforcementCase, kind: str, payee, amount: Decimal, paid_on: dt.date,
                      note: str = "", plan: DistributionPlan | None = None, payee_name: str = "") -> Disbursement:
    """``payee_name``: who receives money that goes to no party of the case — the bankruptcy court
    (kind to_bankruptcy_court, whose rows keep the court in their note)."""
    item = Disbursement(case=case, kind=kind, payee=payee, amount=amount, paid_on=paid_on, note=note, plan=plan, recorded_by=actor)
    _with_actor(item, actor)
    item.save()
    _refresh_totals(case)
    who = payee.name if payee else (payee_name or item.get_kind_display())
    if kind == DisbursementKind.TO_BANKRUPTCY_COURT:
        description = _("¥%(amount)s handed over to %(court)s (bankruptcy court) for the bankruptcy estate") % {
            "amount": amount, "court": who}
    else:
        description = _("¥%(amount)s paid out to %(who)s") % {"amount": amount, "who": who}
    case_event_record(case=case, kind=EventKind.DISBURSEMENT, actor=actor, description=description,
                      data={"disbursement": item.pk, "amount": str(amount), "kind": kind, "payee": payee.pk if payee else None,
                            **({"payee_name": payee_name} if payee_name else {})})
    if kind == DisbursementKind.TO_APPLICANT:
        # Told to that applicant alone: co-applicants are not told each other's payouts.
        notify_applicants(case=case, only_party_id=payee.pk,
                          message=_("Case %(number)s: ¥%(amount)s has been paid out to you (%(who)s).")
                          % {"number": case.case_number, "amount": amount, "who": who})
    return item


@transaction.atomic
def disbursement_record(*, actor: User, case_id: int, amount, paid_on=None, kind: str = DisbursementKind.TO_APPLICANT,
                        payee=None, note: str = "") -> Disbursement:
    """Pay out money held: never more than is held, never more than an applicant is owed."""
    case = lock_case(actor, case_id)
    errors = Errors()
    check_choice(errors, "kind", kind, DisbursementKind.values, _("Choose the kind of disbursement."))
    if kind == DisbursementKind.TO_BANKRUPTCY_COURT:
        # Only on the bankruptcy court's acceptance (relief.services.referral_outcome), for all money held.
        errors.add("kind", _("Money held is handed over to the bankruptcy court when its acceptance of the bankruptcy is recorded."))
    value = check_money(errors, "amount", amount)
    when = check_date(errors, "paid_on", paid_on, case)
    note = check_text(errors, "note", note, max_length=300)
    party = None
    if kind in (DisbursementKind.TO_APPLICANT, DisbursementKind.REFUND):
        role = PartyRole.APPLICANT if kind == DisbursementKind.TO_APPLICANT else PartyRole.RESPONDENT
        link = CaseParty.objects.filter(case=case, party_id=payee, role=role).select_related("party").first() \
            if str(payee or "").isdigit() else None
        if link is None:
            errors.add("payee", _("Choose one of this case's applicants.") if role == PartyRole.APPLICANT
                       else _("Choose the respondent who receives the surplus."))
        else:
            party = link.party
    elif payee not in (None, ""):
        errors.add("payee", _("A fee has no payee."))
    latest = Disbursement.objects.filter(case=case).order_by("-paid_on").values_list("paid_on", flat=True).first()
    if value is not None and value > case.held_amount:
        errors.add("amount", _("The court holds only ¥%(held)s for this case.") % {"held": case.held_amount})
    elif when is not None and latest is not None and when < latest and "paid_on" not in errors:
        # Payouts are booked in date order, so the ledger holds at every date, not only today.
        errors.add("paid_on", _("The last payout was booked on %(date)s: a later one cannot be dated before it.")
                   % {"date": latest.isoformat()})
    elif value is not None and when is not None and "paid_on" not in errors:
        # Money cannot leave before it arrived: what was received by that day, less all paid out.
        received_by = cents(Payment.objects.filter(case=case, received_on__lte=when).aggregate(t=Sum("amount"))["t"])
        paid_by = cents(Disbursement.objects.filter(case=case, paid_on__lte=when).aggregate(t=Sum("amount"))["t"])
        if value > received_by - paid_by:
            errors.add("paid_on", _("On %(date)s the court held only ¥%(held)s for this case: the money arrived later.")
                       % {"date": when.isoformat(), "held": max(received_by - paid_by, ZERO)})
    if value is not None and party is not None and kind == DisbursementKind.TO_APPLICANT and "amount" not in errors:
        unpaid = _applicant_unpaid(case, link)
        if value > unpaid:
            errors.add("amount", _("Only ¥%(unpaid)s is still owed to %(name)s.") % {"unpaid": unpaid, "name": party.name})
    if value is not None and kind == DisbursementKind.FEE and "amount" not in errors:
        # The applicants' money is theirs: a fee comes only out of what is left once they are paid.
        owed = total_owed(applicant_accounts(case))
        if value > case.held_amount - owed:
            errors.add("amount", _("The applicants are still owed ¥%(owed)s: a fee comes only out of money beyond that.")
                       % {"owed": owed})
    if value is not None and kind == DisbursementKind.REFUND and "amount" not in errors:
        owed = total_owed(applicant_accounts(case))
        if value > case.held_amount - owed:
            errors.add("amount", _("A surplus is refunded only after the applicants are paid in full (¥%(owed)s still owed).")
                       % {"owed": owed})
    errors.raise_if_any()
    return _disbursement_add(actor=actor, case=case, kind=kind, payee=party, amount=value, paid_on=when, note=note)


# --- claims and distribution ---------------------------------------------------------------------
@transaction.atomic
def applicant_claim_set(*, actor: User, case_id: int, party, claim_amount, claim_class: str = ClaimClass.ORDINARY) -> CaseParty:
    case = lock_case(actor, case_id)
    errors = Errors()
    link = CaseParty.objects.select_for_update().filter(case=case, party_id=party, role=PartyRole.APPLICANT).select_related("party").first() \
        if str(party or "").isdigit() else None
    if link is None:
        errors.add("party", _("Choose one of this case's applicants."))
    amount = check_money(errors, "claim_amount", claim_amount)
    check_choice(errors, "claim_class", claim_class, ClaimClass.values, _("Choose the priority of the claim."))
    if link is not None and amount is not None:
        already = paid_to(case).get(link.party_id, ZERO)
        if amount < already:
            errors.add("claim_amount", _("¥%(paid)s has already been paid to this applicant.") % {"paid": already})
        others = sum((lk.claim_amount or ZERO for lk in applicant_links(case) if lk.pk != link.pk), ZERO)
        if others + amount > case.target_amount:
            errors.add("claim_amount", _("The applicants' claims would add up to more than the amount applied for (¥%(target)s).")
                       % {"target": case.target_amount})
    errors.raise_if_any()
    link.claim_amount, link.claim_class = amount, claim_class
    _with_actor(link, actor, _("Claim set"))
    link.save()
    case_event_record(case=case, kind=EventKind.NOTE, actor=actor,
                      description=_("Claim of %(name)s: ¥%(amount)s (%(cls)s)") % {"name": link.party.name, "amount": amount,
                                                                                 "cls": link.get_claim_class_display()},
                      data={"party": link.party_id, "claim_amount": str(amount), "claim_class": claim_class})
    return link


@dataclass(frozen=True)
class PlanLine:
    party_id: int
    name: str
    claim_class: str
    claimed: Decimal  # still unpaid before this plan
    paid: Decimal


def distribution_preview(case: EnforcementCase, fund: Decimal | None = None) -> list[PlanLine]:
    """What each applicant would get from ``fund`` (default: all money held). Raises FieldErrors
    when an applicant has no claim amount."""
    accounts = applicant_accounts(case)
    missing = [a.link.party.name for a in accounts if a.claim is None]
    if missing:
        raise FieldErrors({"non_field_errors": [_("Set the amount claimed by: %(names)s.") % {"names": "、".join(missing)}]})
    fund = case.held_amount if fund is None else fund
    claims = [Claim(key=a.link.party_id, claim_class=a.link.claim_class, amount=a.unpaid) for a in accounts]
    shares = distribute(min(fund, total_owed(accounts)), claims)
    names = {a.link.party_id: a.link.party.name for a in accounts}
    return [PlanLine(s.key, names[s.key], s.claim_class, s.claimed, s.paid) for s in shares]


@transaction.atomic
def distribution_execute(*, actor: User, case_id: int, fund=None, paid_on=None) -> DistributionPlan:
    """Pay the money held (or ``fund`` of it) to the applicants by the distribution order, in one go."""
    case = lock_case(actor, case_id)
    errors = Errors()
    amount = check_money(errors, "fund", fund, required=False)
    when = check_date(errors, "paid_on", paid_on or timezone.localdate(), case)
    if amount is not None and amount > case.held_amount:
        errors.add("fund", _("The court holds only ¥%(held)s for this case.") % {"held": case.held_amount})
    if amount is None and case.held_amount <= 0 and not errors:
        errors.add("fund", _("The court holds no money for this case."))
    errors.raise_if_any()
    lines = distribution_preview(case, amount)
    total = sum((line.paid for line in lines), ZERO)
    if total <= 0:
        raise FieldErrors({"fund": [_("Nothing is owed to the applicants any more.")]})
    plan_number = DistributionPlan.objects.filter(case=case).count() + 1  # numbered within the case
    plan = DistributionPlan.objects.create(
        case=case, fund=total, decided_on=when, recorded_by=actor,
        lines=[{"party": ln.party_id, "name": ln.name, "claim_class": ln.claim_class, "claimed": str(ln.claimed),
                "paid": str(ln.paid)} for ln in lines],
    )
    payees = {lk.party_id: lk.party for lk in applicant_links(case)}
    for line in lines:
        if line.paid > 0:
            _disbursement_add(actor=actor, case=case, kind=DisbursementKind.TO_APPLICANT, payee=payees[line.party_id],
                              amount=line.paid, paid_on=when, plan=plan, note=_("Distribution plan %(n)d") % {"n": plan_number})
    return plan


# --- settlement ----------------------------------------------------------------------------------
def active_settlement(case: EnforcementCase) -> Settlement | None:
    return case.settlements.filter(status=SettlementStatus.PERFORMING).first()


def _match_instalments(actor: User, case: EnforcementCase, payment: Payment) -> None:
    """A payment while a settlement is being performed pays its instalments in due order."""
    settlement = Settlement.objects.filter(case=case, status=SettlementStatus.PERFORMING).first()
    if settlement is None:
        return
    left = payment.amount
    for inst in settlement.instalments.select_for_update().order_by("number"):
        if left <= 0:
            break
        if inst.unpaid <= 0:
            continue
        take = min(left, inst.unpaid)
        inst.paid_amount += take
        if inst.unpaid == 0:
            inst.paid_on = payment.received_on
        inst.save(update_fields=["paid_amount", "paid_on"])
        left -= take
    if not settlement.instalments.filter(paid_amount__lt=F("amount")).exists():
        settlement.status, settlement.ended_on = SettlementStatus.PERFORMED, payment.received_on
        _with_actor(settlement, actor, _("Performed in full"))
        settlement.save()
        case_event_record(case=case, kind=EventKind.SETTLEMENT, actor=actor,
                          description=_("Settlement performed in full (¥%(amount)s)") % {"amount": settlement.agreed_amount},
                          data={"settlement": settlement.pk, "action": "performed"})


def settlement_paid(settlement: Settlement) -> Decimal:
    return cents(settlement.instalments.aggregate(t=Sum("paid_amount"))["t"])


def missed_instalments(settlement: Settlement, today: dt.date | None = None) -> list[Instalment]:
    today = today or timezone.localdate()
    return [i for i in settlement.instalments.all() if i.is_missed(today)]


@transaction.atomic
def settlement_record(*, actor: User, case_id: int, agreed_on=None, agreed_amount=None, instalments=(),
                      waives_interest: bool = False, terms: str = "") -> Settlement:
    """执行和解: record the agreement and its instalments; the case is then 'settlement in performance'."""
    case = lock_case(actor, case_id)
    if case.status not in (CaseStatus.REGISTERED, CaseStatus.IN_PROGRESS):
        raise IllegalTransition(_("A settlement is recorded while enforcement is in progress (the case is “%(status)s”).")
                                % {"status": case.get_status_display()}, current_status=case.status)
    errors = Errors()
    when = check_date(errors, "agreed_on", agreed_on, case)
    amount = check_money(errors, "agreed_amount", agreed_amount)
    terms = check_text(errors, "terms", terms, max_length=4000)
    rows: list[tuple[dt.date, Decimal]] = []
    inst_errors: list[dict] = []
    for item in instalments or ():
        e = Errors()
        due = item.get("due_on") if isinstance(item, dict) else None
        if due in (None, ""):
            e.add("due_on", _("Enter the date."))
        elif not isinstance(due, dt.date):
            try:
                due = dt.date.fromisoformat(str(due))
            except ValueError:
                e.add("due_on", _("Enter a date as YYYY-MM-DD."))
        if isinstance(due, dt.date) and when and due < when:
            e.add("due_on", _("An instalment cannot fall due before the agreement."))
        value = check_money(e, "amount", item.get("amount") if isinstance(item, dict) else None)
        inst_errors.append(dict(e))
        if not e:
            rows.append((due, value))
    if not instalments:
        errors.add("instalments", _("Enter at least one instalment (one for payment in a lump sum)."))
    elif any(inst_errors):
        errors["instalments"] = inst_errors
    elif amount is not None and amount > case.outstanding_amount:
        errors.add("agreed_amount", _("Only ¥%(outstanding)s is outstanding: a settlement cannot agree on more.")
                   % {"outstanding": case.outstanding_amount})
    elif amount is not None and sum((v for _d, v in rows), ZERO) != amount:
        errors.add("instalments", _("The instalments add up to ¥%(sum)s, not the agreed ¥%(amount)s.")
                   % {"sum": sum((v for _d, v in rows), ZERO), "amount": amount})
    if len({d for d, _v in rows}) != len(rows):
        errors.add("instalments", _("Two instalments fall due on the same day."))
    errors.raise_if_any()
    ensure_started(actor, case)
    settlement = Settlement(case=case, agreed_on=when, agreed_amount=amount, paid_before=case.recovered_amount,
                            waives_interest=bool(waives_interest), terms=terms, recorded_by=actor)
    _with_actor(settlement, actor)
    settlement.save()
    Instalment.objects.bulk_create([Instalment(settlement=settlement, number=i, due_on=d, amount=v)
                                    for i, (d, v) in enumerate(sorted(rows), start=1)])
    old = case.status
    case.settle()
    _with_actor(case, actor, _("Settlement agreed"))
    case.save()
    case_event_record(case=case, kind=EventKind.SETTLEMENT, actor=actor,
                      description=_("Settlement agreed: ¥%(amount)s in %(n)d instalment(s)") % {"amount": amount, "n": len(rows)},
                      data={"settlement": settlement.pk, "action": "agreed", "from": old, "to": case.status})
    notify_applicants(case=case, message=_("Case %(number)s: a settlement of ¥%(amount)s in %(n)d instalment(s) has been recorded.")
                      % {"number": case.case_number, "amount": amount, "n": len(rows)})
    return settlement


@transaction.atomic
def settlement_breach(*, actor: User, case_id: int, reason: str = "", breached_on=None) -> Settlement:
    """The respondent missed an instalment: at the applicant's request, enforcement of the original
    basis resumes, less everything already paid (the settlement's own amount no longer applies)."""
    case = lock_case(actor, case_id)
    settlement = Settlement.objects.select_for_update().filter(case=case, status=SettlementStatus.PERFORMING).first()
    if settlement is None or case.status != CaseStatus.SETTLED:
        raise IllegalTransition(_("No settlement is being performed in this case."), current_status=case.status)
    errors = Errors()
    reason = check_text(errors, "reason", reason, max_length=500, required=True,
                        message=_("Record the applicant's request to resume enforcement."))
    when = check_date(errors, "breached_on", breached_on or timezone.localdate(), case)
    missed = missed_instalments(settlement, when) if when else []
    if when and not missed:
        errors.add("non_field_errors", _("No instalment has been missed: the settlement is being performed on schedule."))
    errors.raise_if_any()
    settlement.status, settlement.ended_on, settlement.end_reason = SettlementStatus.BREACHED, when, reason
    _with_actor(settlement, actor, reason)
    settlement.save()
    case.settlement_breached()
    _with_actor(case, actor, _("Settlement breached: enforcement resumed"))
    case.save()
    first = missed[0]
    case_event_record(case=case, kind=EventKind.SETTLEMENT, actor=actor,
                      description=_("Settlement breached (instalment %(n)d of ¥%(amount)s due %(date)s unpaid): enforcement of the original basis resumes for ¥%(outstanding)s")
                      % {"n": first.number, "amount": first.amount, "date": first.due_on.isoformat(),
                         "outstanding": case.outstanding_amount},
                      reason=reason, data={"settlement": settlement.pk, "action": "breached"})
    notify_applicants(case=case, message=_("Case %(number)s: the settlement was not performed; enforcement resumes for ¥%(outstanding)s.")
                      % {"number": case.case_number, "outstanding": case.outstanding_amount})
    return settlement
