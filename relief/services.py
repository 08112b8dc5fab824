"""Writes of judicial aid, referral to bankruptcy and custodians. Each is one transaction that locks
the case first (cases.dossier_common.lock_case: the same order as every dossier write), collects every
field error before writing, records the step on the case's timeline and queues the applicants'
messages in the outbox (cases.notifications, delivered after commit).

Who decides (courts.access):
- judicial aid: the case's judges (can_work_case) record the application, the assessment and the
  payments; the decision is the bureau chief's (can_decide_relief), also on a closed case — aid is
  most often needed when enforcement ended without payment (终本);
- bankruptcy referral: the case's judges start it, record consents, the transfer and the bankruptcy
  court's ruling; the referral decision (and revoking it) is the bureau chief's;
- custodians: the case's judges appoint them and record their reports, proceeds and the end of the
  mandate.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import closure, dossier
from cases import services as case_services
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
    CREDIT_MEASURES,
    AuctionResult,
    AuctionRound,
    CaseParty,
    CaseStatus,
    ClosureType,
    CoerciveMeasure,
    ControlAction,
    ControlKind,
    ControlStatus,
    Disbursement,
    DisbursementKind,
    EnforcementCase,
    EventKind,
    IdType,
    PartyKind,
    PartyRole,
    Payment,
    PaymentSource,
)
from cases.money import _disbursement_add, _payment_add, applicant_accounts
from cases.notifications import notify_applicants
from cases.services import _with_actor, case_event_record
from courts import access
from courts.models import Court, CourtLevel, User
from enforcement.errors import IllegalTransition
from relief.models import (
    ACTIVE_REFERRAL,
    AidPayment,
    AidStatus,
    BankruptcyReferral,
    Custodian,
    CustodianKind,
    CustodianProceed,
    CustodianReport,
    CustodianStatus,
    HardshipCategory,
    JudicialAid,
    MandateScope,
    ProceedSource,
    ReferralConsent,
    ReferralStatus,
)

ZERO = Decimal("0.00")
# A custodian is appointed for property under seal or seizure (DESIGN.md §6.2), not for frozen money.
CUSTODY_CONTROL_KINDS = (ControlKind.SEAL_REAL_ESTATE, ControlKind.SEAL_MOVABLE)


def _event(case: EnforcementCase, actor: User, description: str, *, reason: str = "", data: dict) -> None:
    """Timeline entry of a relief step: a procedural step, never substantive progress by itself
    (money the custodian brings in is a payment, which is)."""
    case_event_record(case=case, kind=EventKind.PROCEDURE, actor=actor, description=description, reason=reason, data=data)


def _later_date(errors: Errors, name: str, when: dt.date | None, earliest: dt.date | None, message: str) -> None:
    if when and earliest and when < earliest and name not in errors:
        errors.add(name, message % {"date": earliest.isoformat()})


def _require_decider(actor: User, case: EnforcementCase) -> None:
    if not access.can_decide_relief(actor, case):
        raise PermissionDenied(_("Only the bureau chief of this court decides this."))


# --- judicial aid (司法救助) --------------------------------------------------------------------------------
def _lock_aid(actor: User, aid_id: int) -> tuple[EnforcementCase, JudicialAid]:
    case_id = JudicialAid.objects.values_list("case_id", flat=True).get(pk=aid_id)
    case = lock_case(actor, case_id, allow_closed=True)
    return case, JudicialAid.objects.select_for_update(of=("self",)).select_related("applicant").get(pk=aid_id)


def _require_aid_status(aid: JudicialAid, *statuses: str) -> None:
    if aid.status not in statuses:
        raise IllegalTransition(_("This application is “%(status)s”.") % {"status": aid.get_status_display()},
                                current_status=aid.status)


@transaction.atomic
def judicial_aid_apply(*, actor: User, case_id: int, applicant, category: str, facts: str, applied_on=None) -> JudicialAid:
    """An applicant in hardship applies for national judicial aid (国家司法救助). The case is flagged
    (EnforcementCase.judicial_aid); open or closed cases alike."""
    case = lock_case(actor, case_id, allow_closed=True)
    errors = Errors()
    link = None
    if str(applicant or "").isdigit():
        link = CaseParty.objects.filter(case=case, party_id=applicant, role=PartyRole.APPLICANT).select_related("party").first()
    if link is None:
        errors.add("applicant", _("Choose one of this case's applicants."))
    elif link.party.kind != PartyKind.PERSON:
        # National judicial aid relieves natural persons in hardship (SPC 2016 opinions on national judicial aid).
        errors.add("applicant", _("Judicial aid is for natural persons: %(name)s is an organisation or a state organ.")
                   % {"name": link.party.name})
        link = None
    check_choice(errors, "category", category, HardshipCategory.values, _("Choose the hardship."))
    facts = check_text(errors, "facts", facts, max_length=4000, required=True,
                       message=_("Describe the hardship (disability, illness, loss of livelihood …)."))
    when = check_date(errors, "applied_on", applied_on or timezone.localdate(), case)
    if link is not None and JudicialAid.objects.filter(case=case, applicant=link.party,
                                                       status__in=[s for s in AidStatus.values if s != AidStatus.REFUSED]).exists():
        errors.add("applicant", _("%(name)s already has an application in this case: the same applicant is aided once.")
                   % {"name": link.party.name})
    elif link is not None and _owed_to(case, link.party_id) <= 0:
        # Aid in enforcement relieves a claim the enforcement could not recover.
        errors.add("applicant", _("Nothing is owed to %(name)s any more: there is no loss to relieve.") % {"name": link.party.name})
    errors.raise_if_any()
    aid = JudicialAid(case=case, applicant=link.party, category=category, facts=facts, applied_on=when, recorded_by=actor)
    _with_actor(aid, actor, _("Applied for"))
    aid.save()
    if not case.judicial_aid:
        case.judicial_aid = True
        _with_actor(case, actor, _("Judicial aid applied for"))
        case.save(update_fields=["judicial_aid", "updated_at"])
    _event(case, actor, _("Judicial aid applied for by %(name)s (%(category)s)")
           % {"name": link.party.name, "category": aid.get_category_display()}, data={"judicial_aid": aid.pk, "action": "applied"})
    return aid


@transaction.atomic
def judicial_aid_assess(*, actor: User, aid_id: int, assessed_on=None, assessment: str = "") -> JudicialAid:
    """The court's assessment (审查意见): facts checked, hardship and amount proposed."""
    case, aid = _lock_aid(actor, aid_id)
    _require_aid_status(aid, AidStatus.APPLIED)
    errors = Errors()
    when = check_date(errors, "assessed_on", assessed_on or timezone.localdate(), case)
    _later_date(errors, "assessed_on", when, aid.applied_on, _("The assessment follows the application (%(date)s)."))
    assessment = check_text(errors, "assessment", assessment, max_length=4000, required=True,
                            message=_("Record the assessment: the facts checked and the opinion."))
    errors.raise_if_any()
    aid.status, aid.assessed_on, aid.assessment = AidStatus.ASSESSED, when, assessment
    _with_actor(aid, actor, _("Assessed"))
    aid.save()
    _event(case, actor, _("Judicial aid of %(name)s assessed") % {"name": aid.applicant.name},
           reason=assessment[:500], data={"judicial_aid": aid.pk, "action": "assessed"})
    return aid


def _owed_to(case: EnforcementCase, party_id: int) -> Decimal:
    """What the applicant is still owed (their unpaid claim, or the case's outstanding amount when
    claims are not set among several applicants): aid does not exceed the loss."""
    account = next((a for a in applicant_accounts(case) if a.link.party_id == party_id), None)
    if account is None or account.unpaid is None:
        return case.outstanding_amount
    return min(account.unpaid, case.outstanding_amount)


@transaction.atomic
def judicial_aid_decide(*, actor: User, aid_id: int, decision: str, decided_on=None, amount=None, reason: str = "",
                        decision_number: str = "") -> JudicialAid:
    """Grant (with the amount) or refuse (with the reason). The bureau chief decides."""
    case, aid = _lock_aid(actor, aid_id)
    _require_decider(actor, case)
    _require_aid_status(aid, AidStatus.ASSESSED)
    errors = Errors()
    check_choice(errors, "decision", decision, ("grant", "refuse"), _("Choose grant or refuse."))
    when = check_date(errors, "decided_on", decided_on or timezone.localdate(), case)
    _later_date(errors, "decided_on", when, aid.assessed_on, _("The decision follows the assessment (%(date)s)."))
    decision_number = check_text(errors, "decision_number", decision_number, max_length=80)
    value = None
    if decision == "grant":
        value = check_money(errors, "amount", amount)
        owed = _owed_to(case, aid.applicant_id)
        if value is not None and value > owed:
            errors.add("amount", _("Aid does not exceed what %(name)s is still owed (¥%(owed)s).")
                       % {"name": aid.applicant.name, "owed": owed})
        if reason:
            reason = check_text(errors, "reason", reason, max_length=500)
    elif decision == "refuse":
        reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("State why aid is refused."))
        if amount not in (None, ""):
            errors.add("amount", _("No amount when aid is refused."))
    errors.raise_if_any()
    aid.decided_on, aid.decision_number = when, decision_number
    if decision == "grant":
        aid.status, aid.granted_amount = AidStatus.GRANTED, value
        message = _("Case %(number)s: judicial aid of ¥%(amount)s has been granted to you.")
        description = _("Judicial aid of ¥%(amount)s granted to %(name)s")
    else:
        aid.status, aid.refusal_reason = AidStatus.REFUSED, reason
        message = _("Case %(number)s: your application for judicial aid was refused: %(reason)s")
        description = _("Judicial aid to %(name)s refused")
    _with_actor(aid, actor, aid.get_status_display())
    aid.save()
    values = {"number": case.case_number, "amount": value, "name": aid.applicant.name, "reason": reason}
    _event(case, actor, description % values, reason=reason,
           data={"judicial_aid": aid.pk, "action": decision, "amount": str(value) if value else None})
    # Told to that applicant alone (co-applicants are not told each other's aid).
    notify_applicants(case=case, only_party_id=aid.applicant_id, message=message % values)
    return aid


@transaction.atomic
def judicial_aid_pay(*, actor: User, aid_id: int, amount, paid_on=None, note: str = "") -> AidPayment:
    """Aid paid to the applicant (by the state, not from the debtor: outside the case's ledger)."""
    case, aid = _lock_aid(actor, aid_id)
    _require_aid_status(aid, AidStatus.GRANTED)
    errors = Errors()
    value = check_money(errors, "amount", amount)
    when = check_date(errors, "paid_on", paid_on or timezone.localdate(), case)
    _later_date(errors, "paid_on", when, aid.decided_on, _("Aid is paid after the decision (%(date)s)."))
    note = check_text(errors, "note", note, max_length=300)
    if value is not None and value > aid.unpaid_amount:
        errors.add("amount", _("Only ¥%(unpaid)s of the aid granted is unpaid.") % {"unpaid": aid.unpaid_amount})
    errors.raise_if_any()
    payment = AidPayment(aid=aid, amount=value, paid_on=when, note=note, recorded_by=actor)
    _with_actor(payment, actor)
    payment.save()
    aid.paid_amount += value
    if aid.paid_amount == aid.granted_amount:
        aid.status = AidStatus.PAID
    _with_actor(aid, actor, _("Aid paid"))
    aid.save()
    _event(case, actor, _("Judicial aid of ¥%(amount)s paid to %(name)s") % {"amount": value, "name": aid.applicant.name},
           data={"judicial_aid": aid.pk, "action": "paid", "amount": str(value)})
    notify_applicants(case=case, only_party_id=aid.applicant_id,
                      message=_("Case %(number)s: ¥%(amount)s of judicial aid has been paid to you.")
                      % {"number": case.case_number, "amount": value})
    return payment


# --- referral to bankruptcy review (执转破) -----------------------------------------------------------------
def _lock_referral(actor: User, referral_id: int, *, allow_closed: bool = False) -> tuple[EnforcementCase, BankruptcyReferral]:
    case_id = BankruptcyReferral.objects.values_list("case_id", flat=True).get(pk=referral_id)
    case = lock_case(actor, case_id, allow_closed=allow_closed)
    return case, BankruptcyReferral.objects.select_for_update(of=("self",)).select_related("respondent", "bankruptcy_court").get(pk=referral_id)


def _require_stage(referral: BankruptcyReferral, *statuses: str) -> None:
    if referral.status not in statuses:
        raise IllegalTransition(_("The referral is at the stage “%(status)s”.") % {"status": referral.get_status_display()},
                                current_status=referral.status)


# GB 32100-2015: the first character of a unified social credit code is the registering authority,
# the second the kind of body it registered. Only enterprise legal persons go bankrupt (Enterprise
# Bankruptcy Law, art. 2): of the bodies the market regulator registers (9…), companies (91) and
# farmers' cooperatives (93, legal persons that can go bankrupt) may be referred, an individual
# business (92, 个体工商户) may not; the other authorities register bodies that are not enterprises.
# "Y" (other authorities) says nothing certain, nor do the codes in use before 2015: they pass.
NON_ENTERPRISE_AUTHORITIES = {
    "1": gettext_lazy("a state organ or public institution (registered by the staffing authority)"),
    "2": gettext_lazy("a foreign representative body (registered by the foreign affairs authority)"),
    "3": gettext_lazy("a legal service body such as a law firm or notary office (registered by the justice administration)"),
    "4": gettext_lazy("a foreign cultural centre (registered by the cultural authority)"),
    "5": gettext_lazy("a social organisation, private non-enterprise unit or foundation (registered by civil affairs)"),
    "6": gettext_lazy("a tourism representative office (registered by the tourism authority)"),
    "7": gettext_lazy("a religious body (registered by the religious affairs authority)"),
    "8": gettext_lazy("a trade union"),
    "A": gettext_lazy("a military public institution"),
    "N": gettext_lazy("a rural collective economic organisation (registered by the agricultural authority)"),
}


def not_bankruptable(party) -> str | None:
    """Why an organisation's credit code shows a body that cannot be referred to bankruptcy review,
    or None where the code shows an enterprise or says nothing certain."""
    code = (party.id_number or "").strip().upper()
    if party.id_type != IdType.CREDIT_CODE or len(code) != 18:
        return None
    if code.startswith("92"):
        return _("%(name)s is an individual business (个体工商户, credit code 92…): only an enterprise legal person can be referred to bankruptcy review (Enterprise Bankruptcy Law, art. 2).") % {"name": party.name}
    if code[0] in NON_ENTERPRISE_AUTHORITIES:
        return _("%(name)s is %(body)s, not an enterprise (credit code %(prefix)s…): only an enterprise legal person can be referred to bankruptcy review (Enterprise Bankruptcy Law, art. 2).") % {
            "name": party.name, "body": NON_ENTERPRISE_AUTHORITIES[code[0]], "prefix": code[:2]}
    return None


def bankruptcy_court_ids(case: EnforcementCase) -> tuple[Court | None, list[int]]:
    """The courts that may receive the file: 执行案件移送破产审查，由被执行人住所地人民法院管辖，以中级
    人民法院管辖为原则 (SPC 2017 guidance, art. 3) — the intermediate court whose jurisdiction the
    enforcement court belongs to (the debtor's domicile, as the enforcement court's own competence
    shows it), or a basic court under it to which it leaves the case. Returns that intermediate
    court (None for a case at a higher court: then the enforcement court's own jurisdiction) and
    the ids of the active courts accepted, the intermediate court first."""
    court = case.court
    intermediate = court if court.level == CourtLevel.INTERMEDIATE else None
    if intermediate is None and court.level == CourtLevel.BASIC and court.parent_id:
        parent = Court.objects.filter(pk=court.parent_id).first()
        intermediate = parent if parent is not None and parent.level == CourtLevel.INTERMEDIATE else None
    root = intermediate or court
    ids = set(access.jurisdiction_ids(root))
    active = Court.objects.filter(pk__in=ids, is_active=True, level__in=[CourtLevel.INTERMEDIATE, CourtLevel.BASIC])
    ordered = sorted(active, key=lambda c: (c.pk != root.pk, c.level != CourtLevel.INTERMEDIATE, c.code, c.name))
    return intermediate, [c.pk for c in ordered]


@transaction.atomic
def referral_initiate(*, actor: User, case_id: int, respondent, grounds: str, initiated_on=None) -> BankruptcyReferral:
    """Start a referral (启动执转破): only an enterprise legal person can go bankrupt, so only a
    respondent that is an organisation (not a natural person, not a state organ) is referred."""
    case = lock_case(actor, case_id)
    errors = Errors()
    link = None
    if str(respondent or "").isdigit():
        link = CaseParty.objects.filter(case=case, party_id=respondent, role=PartyRole.RESPONDENT).select_related("party").first()
    if link is None:
        errors.add("respondent", _("Choose one of this case's respondents."))
    elif link.party.kind != PartyKind.ORGANISATION:
        errors.add("respondent", _("Only an enterprise (a legal person or organisation, not a natural person or a state organ) can be referred to bankruptcy review."))
    elif (refusal := not_bankruptable(link.party)) is not None:
        errors.add("respondent", refusal)
    grounds = check_text(errors, "grounds", grounds, max_length=4000, required=True,
                         message=_("State why the respondent cannot pay its debts (assets insufficient, other creditors …)."))
    when = check_date(errors, "initiated_on", initiated_on or timezone.localdate(), case)
    errors.raise_if_any()
    active = BankruptcyReferral.objects.filter(case=case, status__in=ACTIVE_REFERRAL).first()
    if active is not None:
        raise IllegalTransition(_("A referral to bankruptcy review is already under way in this case (%(status)s).")
                                % {"status": active.get_status_display()}, current_status=active.status)
    referral = BankruptcyReferral(case=case, respondent=link.party, grounds=grounds, initiated_on=when, recorded_by=actor)
    _with_actor(referral, actor, _("Referral started"))
    referral.save()
    _event(case, actor, _("Referral of %(name)s to bankruptcy review started: consent sought") % {"name": link.party.name},
           reason=grounds[:500], data={"referral": referral.pk, "stage": referral.status})
    return referral


@transaction.atomic
def referral_consent_record(*, actor: User, referral_id: int, party, consented_on=None, note: str = "") -> ReferralConsent:
    """The written consent of an applicant, or of the respondent referred (SPC 2017 guidance, art. 4)."""
    case, referral = _lock_referral(actor, referral_id)
    _require_stage(referral, ReferralStatus.INITIATED)
    errors = Errors()
    link = None
    if str(party or "").isdigit():
        link = (CaseParty.objects.filter(case=case, party_id=party, role=PartyRole.APPLICANT).select_related("party").first()
                or (CaseParty.objects.filter(case=case, party_id=party, role=PartyRole.RESPONDENT).select_related("party").first()
                    if int(party) == referral.respondent_id else None))
    if link is None:
        errors.add("party", _("Choose an applicant of this case or the respondent referred."))
    elif ReferralConsent.objects.filter(referral=referral, party=link.party).exists():
        errors.add("party", _("%(name)s's consent is already recorded.") % {"name": link.party.name})
    when = check_date(errors, "consented_on", consented_on or timezone.localdate(), case)
    _later_date(errors, "consented_on", when, referral.initiated_on, _("The consent is given once the referral is started (%(date)s)."))
    note = check_text(errors, "note", note, max_length=300)
    errors.raise_if_any()
    consent = ReferralConsent(referral=referral, party=link.party, role=link.role, consented_on=when, note=note, recorded_by=actor)
    _with_actor(consent, actor, _("Consent recorded"))
    consent.save()
    _event(case, actor, _("%(role)s %(name)s consents to the referral to bankruptcy review")
           % {"role": link.get_role_display(), "name": link.party.name}, data={"referral": referral.pk, "stage": "consent"})
    return consent


def _suspend_for_referral(actor: User, case: EnforcementCase, reason: str) -> None:
    """Enforcement is suspended (中止执行) once the referral is decided (SPC 2017 guidance, art. 8)."""
    if case.status == CaseStatus.SUSPENDED:
        return  # already suspended on another ground: it stays suspended
    ensure_started(actor, case)
    case_services.case_transition(actor=actor, case_id=case.pk, transition="suspend", reason=reason)


@transaction.atomic
def referral_decide(*, actor: User, referral_id: int, decided_on=None, note: str = "") -> BankruptcyReferral:
    """The referral decision (移送决定), signed for the president by the bureau chief, once an
    applicant or the respondent has consented. Enforcement against the case is suspended."""
    case, referral = _lock_referral(actor, referral_id)
    _require_decider(actor, case)
    _require_stage(referral, ReferralStatus.INITIATED)
    errors = Errors()
    when = check_date(errors, "decided_on", decided_on or timezone.localdate(), case)
    note = check_text(errors, "note", note, max_length=500)
    consents = list(referral.consents.order_by("consented_on"))
    if not consents:
        errors.add("non_field_errors", _("Record the consent of an applicant or of the respondent first."))
    elif when:
        _later_date(errors, "decided_on", when, consents[-1].consented_on,
                    _("The decision follows the consents (the last given on %(date)s)."))
    errors.raise_if_any()
    referral.status, referral.decided_on, referral.decided_by, referral.decision_note = ReferralStatus.DECIDED, when, actor, note
    _with_actor(referral, actor, referral.get_status_display())
    referral.save()
    _suspend_for_referral(actor, case, _("Referred to bankruptcy review (执转破): %(name)s") % {"name": referral.respondent.name})
    _event(case, actor, _("Referral of %(name)s to bankruptcy review decided: enforcement suspended") % {"name": referral.respondent.name},
           reason=note, data={"referral": referral.pk, "stage": referral.status})
    notify_applicants(case=case, message=_("Case %(number)s: %(name)s is referred to bankruptcy review; enforcement is suspended meanwhile.")
                      % {"number": case.case_number, "name": referral.respondent.name})
    return referral


@transaction.atomic
def referral_transfer(*, actor: User, referral_id: int, bankruptcy_court, transferred_on=None, note: str = "") -> BankruptcyReferral:
    """The file goes to the court competent for the bankruptcy (usually the intermediate court where
    the company is registered, SPC 2017 guidance art. 3)."""
    case, referral = _lock_referral(actor, referral_id)
    _require_stage(referral, ReferralStatus.DECIDED)
    errors = Errors()
    court = None
    if isinstance(bankruptcy_court, Court):
        court = bankruptcy_court if bankruptcy_court.is_active else None
    elif str(bankruptcy_court or "").isdigit():
        court = Court.objects.filter(pk=bankruptcy_court, is_active=True).first()
    if court is None:
        errors.add("bankruptcy_court", _("Choose the court that reviews the bankruptcy."))
    else:
        intermediate, allowed = bankruptcy_court_ids(case)
        if court.pk not in allowed:
            home = intermediate or case.court
            errors.add("bankruptcy_court", _(
                "A case referred from enforcement is reviewed by the court of the debtor's domicile, as a rule the "
                "intermediate court (SPC 2017 guidance on 执转破, art. 3): choose %(court)s or a court in its "
                "jurisdiction, not %(chosen)s.") % {"court": home.name, "chosen": court.name})
    when = check_date(errors, "transferred_on", transferred_on or timezone.localdate(), case)
    _later_date(errors, "transferred_on", when, referral.decided_on, _("The file is transferred after the decision (%(date)s)."))
    note = check_text(errors, "note", note, max_length=500)
    errors.raise_if_any()
    referral.status, referral.bankruptcy_court, referral.transferred_on, referral.transfer_note = (
        ReferralStatus.TRANSFERRED, court, when, note)
    _with_actor(referral, actor, referral.get_status_display())
    referral.save()
    _event(case, actor, _("File of %(name)s transferred to %(court)s for bankruptcy review") % {"name": referral.respondent.name,
                                                                                                "court": court.name},
           reason=note, data={"referral": referral.pk, "stage": referral.status, "court": court.pk})
    notify_applicants(case=case, message=_("Case %(number)s: the file has been transferred to %(court)s for bankruptcy review.")
                      % {"number": case.case_number, "court": court.name})
    return referral


def _wind_up_for_bankruptcy(actor: User, case: EnforcementCase, referral: BankruptcyReferral, when: dt.date, reason: str) -> dict:
    """On acceptance the enforcement court hands the debtor's property to the bankruptcy court (SPC
    2017 guidance arts. 16–17): scheduled auctions are withdrawn, seals and freezes released, money
    received but not yet paid out handed over, custodians' mandates ended, and the dishonest-debtor
    listing and other credit measures lifted (SPC provisions on the list, art. 10). Each through the
    dossier's own service, so each is audited and on the timeline."""
    done = {"auctions": 0, "controls": 0, "measures": 0, "custodians": 0, "handed_over": ZERO}
    reason = reason[:300]
    for auction in AuctionRound.objects.filter(control__case=case, result=AuctionResult.SCHEDULED).order_by("pk"):
        dossier.auction_conclude(actor=actor, auction_id=auction.pk, result=AuctionResult.WITHDRAWN, concluded_on=when)
        done["auctions"] += 1
    for control in ControlAction.objects.filter(case=case, status=ControlStatus.IN_FORCE).order_by("pk"):
        dossier.control_release(actor=actor, control_id=control.pk, released_on=max(when, control.started_on), reason=reason)
        done["controls"] += 1
    for custodian in Custodian.objects.select_for_update().filter(case=case, status=CustodianStatus.ACTIVE):
        _custodian_close(actor, case, custodian, when=max(when, custodian.appointed_on), reason=reason)
        done["custodians"] += 1
    for measure in CoerciveMeasure.objects.filter(case=case, respondent=referral.respondent, kind__in=CREDIT_MEASURES,
                                                  lifted_on__isnull=True).order_by("pk"):
        dossier.measure_lift(actor=actor, measure_id=measure.pk, lifted_on=max(when, measure.issued_on), reason=reason)
        done["measures"] += 1
    case.refresh_from_db(fields=["held_amount", "recovered_amount", "disbursed_amount", "held_since"])
    if case.held_amount > 0:
        # Booked no earlier than the last money in or out, so the ledger holds at every date.
        last = max(d for d in (when, Payment.objects.filter(case=case).aggregate(d=Max("received_on"))["d"],
                               Disbursement.objects.filter(case=case).aggregate(d=Max("paid_on"))["d"]) if d)
        done["handed_over"] = case.held_amount
        # Handed to the bankruptcy court, not paid to the debtor: no party of the case receives it.
        court = referral.bankruptcy_court.name
        _disbursement_add(actor=actor, case=case, kind=DisbursementKind.TO_BANKRUPTCY_COURT, payee=None, payee_name=court,
                          amount=case.held_amount, paid_on=min(last, timezone.localdate()),
                          note=_("Handed over to %(court)s for the bankruptcy estate") % {"court": court})
    return done


@transaction.atomic
def referral_outcome(*, actor: User, referral_id: int, outcome: str, ruling_on=None, ruling_number: str = "",
                     note: str = "") -> BankruptcyReferral:
    """The bankruptcy court's ruling. Accepted (裁定受理破产): enforcement is terminated (终结执行),
    also with money outstanding and controls in force — they are released and handed over first.
    Not accepted (裁定不予受理): enforcement resumes."""
    case, referral = _lock_referral(actor, referral_id)
    _require_stage(referral, ReferralStatus.TRANSFERRED)
    errors = Errors()
    check_choice(errors, "outcome", outcome, (ReferralStatus.ACCEPTED, ReferralStatus.NOT_ACCEPTED),
                 _("Choose accepted or not accepted."))
    when = check_date(errors, "ruling_on", ruling_on or timezone.localdate(), case)
    _later_date(errors, "ruling_on", when, referral.transferred_on, _("The ruling follows the transfer of the file (%(date)s)."))
    ruling_number = check_text(errors, "ruling_number", ruling_number, max_length=80, required=outcome == ReferralStatus.ACCEPTED,
                               message=_("Enter the number of the ruling accepting the bankruptcy."))
    note = check_text(errors, "note", note, max_length=500)
    errors.raise_if_any()
    referral.status, referral.outcome_on, referral.ruling_number, referral.outcome_note = outcome, when, ruling_number, note
    _with_actor(referral, actor, referral.get_status_display())
    referral.save()
    court = referral.bankruptcy_court.name
    if outcome == ReferralStatus.ACCEPTED:
        reason = _("Bankruptcy of %(name)s accepted by %(court)s (%(ruling)s)") % {
            "name": referral.respondent.name, "court": court, "ruling": ruling_number}
        done = _wind_up_for_bankruptcy(actor, case, referral, when, reason)
        _event(case, actor, reason, reason=note, data={"referral": referral.pk, "stage": referral.status,
                                                       **{k: str(v) for k, v in done.items()}})
        closure.case_close(actor=actor, case_id=case.pk, closure_type=ClosureType.TERMINATED, reason=reason)
        notify_applicants(case=case, message=_("Case %(number)s: %(court)s has accepted the bankruptcy of %(name)s; enforcement is terminated. Declare your claim to the bankruptcy administrator.")
                          % {"number": case.case_number, "court": court, "name": referral.respondent.name})
    else:
        reason = _("Bankruptcy of %(name)s not accepted by %(court)s") % {"name": referral.respondent.name, "court": court}
        _event(case, actor, reason, reason=note, data={"referral": referral.pk, "stage": referral.status})
        if case.status == CaseStatus.SUSPENDED:
            case_services.case_transition(actor=actor, case_id=case.pk, transition="resume", reason=reason)
        notify_applicants(case=case, message=_("Case %(number)s: %(court)s did not accept the bankruptcy of %(name)s; enforcement resumes.")
                          % {"number": case.case_number, "court": court, "name": referral.respondent.name})
    return referral


@transaction.atomic
def referral_cancel(*, actor: User, referral_id: int, reason: str = "", cancelled_on=None) -> BankruptcyReferral:
    """Abandon a referral before the file is transferred (no consent given; the decision revoked).
    Revoking a decision is the bureau chief's, and enforcement resumes. Possible on a case closed
    meanwhile (e.g. paid in full), so that no referral stays "under way" for ever."""
    case, referral = _lock_referral(actor, referral_id, allow_closed=True)
    _require_stage(referral, ReferralStatus.INITIATED, ReferralStatus.DECIDED)
    if referral.status == ReferralStatus.DECIDED:
        _require_decider(actor, case)
    errors = Errors()
    when = check_date(errors, "cancelled_on", cancelled_on or timezone.localdate(), case)
    _later_date(errors, "cancelled_on", when, referral.decided_on or referral.initiated_on,
                _("The referral is abandoned after its last step (%(date)s)."))
    reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("State the reason."))
    errors.raise_if_any()
    was_decided = referral.status == ReferralStatus.DECIDED
    referral.status, referral.outcome_on, referral.outcome_note = ReferralStatus.CANCELLED, when, reason
    _with_actor(referral, actor, reason)
    referral.save()
    description = _("Referral of %(name)s to bankruptcy review abandoned") % {"name": referral.respondent.name}
    _event(case, actor, description, reason=reason, data={"referral": referral.pk, "stage": referral.status})
    if was_decided and case.is_open:
        if case.status == CaseStatus.SUSPENDED:
            case_services.case_transition(actor=actor, case_id=case.pk, transition="resume", reason=description)
        notify_applicants(case=case, message=_("Case %(number)s: the referral to bankruptcy review was abandoned; enforcement resumes.")
                          % {"number": case.case_number})
    return referral


# --- custodians (管理人 / 临时管理人) ------------------------------------------------------------------------
def _lock_custodian(actor: User, custodian_id: int, *, allow_closed: bool = False) -> tuple[EnforcementCase, Custodian]:
    case_id = Custodian.objects.values_list("case_id", flat=True).get(pk=custodian_id)
    case = lock_case(actor, case_id, allow_closed=allow_closed)
    return case, Custodian.objects.select_for_update(of=("self",)).select_related("control", "respondent").get(pk=custodian_id)


def _require_active(custodian: Custodian) -> None:
    if not custodian.is_active:
        raise IllegalTransition(_("The mandate of %(name)s ended on %(date)s.")
                                % {"name": custodian.name, "date": custodian.ended_on.isoformat()}, current_status=custodian.status)


@transaction.atomic
def custodian_appoint(*, actor: User, case_id: int, kind: str, name: str, scope: str, control=None, respondent=None,
                      contact: str = "", appointed_on=None, term_until=None, mandate: str = "", fee_terms: str = "") -> Custodian:
    """Appoint a custodian for a sealed or seized property (to lease it out, sell it or manage it),
    or a temporary administrator to run a debtor company whose controls were lifted under a
    repayment plan (its income pays the plan)."""
    case = lock_case(actor, case_id)
    errors = Errors()
    check_choice(errors, "kind", kind, CustodianKind.values, _("Choose custodian or temporary administrator."))
    name = check_text(errors, "name", name, max_length=120, required=True, message=_("Enter the custodian's name."))
    contact = check_text(errors, "contact", contact, max_length=120)
    check_choice(errors, "scope", scope, MandateScope.values, _("Choose what the custodian may do."))
    when = check_date(errors, "appointed_on", appointed_on or timezone.localdate(), case)
    mandate = check_text(errors, "mandate", mandate, max_length=4000)
    fee_terms = check_text(errors, "fee_terms", fee_terms, max_length=300)
    until = None
    if term_until not in (None, ""):
        try:
            until = term_until if isinstance(term_until, dt.date) else dt.date.fromisoformat(str(term_until))
        except ValueError:
            errors.add("term_until", _("Enter a date as YYYY-MM-DD."))
        if until and when and until <= when:
            errors.add("term_until", _("The mandate ends after the appointment."))
    the_control = the_respondent = None
    if kind == CustodianKind.CUSTODIAN:
        if respondent not in (None, ""):
            errors.add("respondent", _("A custodian looks after a property: choose the property, not a company."))
        the_control = (ControlAction.objects.filter(case=case, pk=control).first() if str(control or "").isdigit() else None)
        if the_control is None:
            errors.add("control", _("Choose the sealed or seized property."))
        elif the_control.kind not in CUSTODY_CONTROL_KINDS or the_control.status != ControlStatus.IN_FORCE:
            errors.add("control", _("A custodian is appointed for real estate or movables under seal or seizure, in force."))
        elif Custodian.objects.filter(control=the_control, status=CustodianStatus.ACTIVE).exists():
            errors.add("control", _("This property already has a custodian."))
        elif when and when < the_control.started_on:
            errors.add("appointed_on", _("The property was sealed on %(date)s: the custodian is appointed after that.")
                       % {"date": the_control.started_on.isoformat()})
    elif kind == CustodianKind.TEMPORARY_ADMINISTRATOR:
        if control not in (None, ""):
            errors.add("control", _("A temporary administrator runs the company: choose the company, not a property."))
        link = (CaseParty.objects.filter(case=case, party_id=respondent, role=PartyRole.RESPONDENT).select_related("party").first()
                if str(respondent or "").isdigit() else None)
        if link is None:
            errors.add("respondent", _("Choose the respondent company."))
        elif link.party.kind != PartyKind.ORGANISATION:
            errors.add("respondent", _("A temporary administrator runs a company: the respondent must be an organisation."))
        else:
            the_respondent = link.party
            if Custodian.objects.filter(case=case, respondent=the_respondent, status=CustodianStatus.ACTIVE).exists():
                errors.add("respondent", _("This company already has a temporary administrator."))
        if scope not in (None, "", MandateScope.MANAGE) and "scope" not in errors:
            errors.add("scope", _("A temporary administrator manages and runs the company."))
    errors.raise_if_any()
    custodian = Custodian(case=case, kind=kind, control=the_control, respondent=the_respondent, name=name, contact=contact,
                          appointed_on=when, scope=scope, mandate=mandate, term_until=until, fee_terms=fee_terms, recorded_by=actor)
    _with_actor(custodian, actor, _("Appointed"))
    custodian.save()
    what = the_control.asset if the_control else the_respondent.name
    _event(case, actor, _("%(kind)s appointed: %(name)s, for %(what)s (%(scope)s)")
           % {"kind": custodian.get_kind_display(), "name": name, "what": what, "scope": custodian.get_scope_display()},
           reason=mandate[:500], data={"custodian": custodian.pk, "action": "appointed"})
    notify_applicants(case=case, message=_("Case %(number)s: %(name)s is appointed %(kind)s for %(what)s.")
                      % {"number": case.case_number, "name": name, "kind": custodian.get_kind_display(), "what": what})
    return custodian


@transaction.atomic
def custodian_report_record(*, actor: User, custodian_id: int, text: str, reported_on=None) -> CustodianReport:
    """A report of the custodian (管理报告): the state of the property, tenants, offers, accounts —
    the final one may come after the case is closed."""
    case, custodian = _lock_custodian(actor, custodian_id, allow_closed=True)
    errors = Errors()
    when = check_date(errors, "reported_on", reported_on or timezone.localdate(), case)
    _later_date(errors, "reported_on", when, custodian.appointed_on, _("A report follows the appointment (%(date)s)."))
    if when and custodian.ended_on and when > custodian.ended_on and "reported_on" not in errors:
        errors.add("reported_on", _("The mandate ended on %(date)s.") % {"date": custodian.ended_on.isoformat()})
    text = check_text(errors, "text", text, max_length=4000, required=True, message=_("Enter the report."))
    errors.raise_if_any()
    report = CustodianReport(custodian=custodian, reported_on=when, text=text, recorded_by=actor)
    _with_actor(report, actor)
    report.save()
    _event(case, actor, _("Report of %(name)s received") % {"name": custodian.name}, reason=text[:500],
           data={"custodian": custodian.pk, "action": "report", "report": report.pk})
    return report


@transaction.atomic
def custodian_proceed_record(*, actor: User, custodian_id: int, source: str, gross_amount, fee_amount=None,
                             received_on=None, note: str = "") -> CustodianProceed:
    """Proceeds the custodian paid into the court (rent, sale price, operating income), net of its
    fee or costs. The net amount is a payment of the case (source: custodian proceeds), so the
    dossier's recovered and held figures include it and the ledger reconciles."""
    case, custodian = _lock_custodian(actor, custodian_id)
    _require_active(custodian)
    errors = Errors()
    check_choice(errors, "source", source, ProceedSource.values, _("Choose where the money comes from."))
    if source == ProceedSource.SALE and custodian.scope != MandateScope.SELL:
        errors.add("source", _("This custodian's mandate does not include selling."))
    gross = check_money(errors, "gross_amount", gross_amount)
    fee = check_money(errors, "fee_amount", fee_amount, required=False, positive=False) or ZERO
    when = check_date(errors, "received_on", received_on or timezone.localdate(), case)
    _later_date(errors, "received_on", when, custodian.appointed_on, _("Proceeds follow the appointment (%(date)s)."))
    note = check_text(errors, "note", note, max_length=300)
    net = None
    if gross is not None and "fee_amount" not in errors:
        net = gross - fee
        if net <= 0:
            errors.add("fee_amount", _("The fee and costs take up the whole amount: nothing is paid into the court."))
            net = None
        elif net > case.outstanding_amount:
            # As for any payment: what is not owed is not recovered; the rest goes back to the debtor.
            errors.add("gross_amount", _("Only ¥%(outstanding)s is outstanding in this case.") % {"outstanding": case.outstanding_amount})
            net = None
    errors.raise_if_any()
    payment = _payment_add(actor=actor, case=case, amount=net, received_on=when, source=PaymentSource.CUSTODIAN,
                           payer=custodian.name, control=custodian.control,
                           note=(f"{ProceedSource(source).label}" + (f"；{note}" if note else ""))[:300])
    proceed = CustodianProceed(custodian=custodian, received_on=when, source=source, gross_amount=gross, fee_amount=fee, amount=net,
                               payment=payment, note=note, recorded_by=actor)
    _with_actor(proceed, actor)
    proceed.save()
    if fee:
        _event(case, actor, _("%(name)s collected ¥%(gross)s (%(source)s), kept ¥%(fee)s as fee and costs, paid in ¥%(net)s")
               % {"name": custodian.name, "gross": gross, "source": proceed.get_source_display(), "fee": fee, "net": net},
               data={"custodian": custodian.pk, "action": "proceeds", "payment": payment.pk})
    return proceed


def _custodian_close(actor: User, case: EnforcementCase, custodian: Custodian, *, when: dt.date, reason: str) -> None:
    custodian.status, custodian.ended_on, custodian.end_reason = CustodianStatus.ENDED, when, reason
    _with_actor(custodian, actor, reason)
    custodian.save()
    _event(case, actor, _("Mandate of %(name)s ended") % {"name": custodian.name}, reason=reason,
           data={"custodian": custodian.pk, "action": "ended"})


@transaction.atomic
def custodian_end(*, actor: User, custodian_id: int, reason: str = "", ended_on=None) -> Custodian:
    """End the mandate — also once the case is closed (the custodian hands the property back)."""
    case, custodian = _lock_custodian(actor, custodian_id, allow_closed=True)
    _require_active(custodian)
    errors = Errors()
    when = check_date(errors, "ended_on", ended_on or timezone.localdate(), case)
    _later_date(errors, "ended_on", when, custodian.appointed_on, _("The mandate ends after the appointment (%(date)s)."))
    reason = check_text(errors, "reason", reason, max_length=300, required=True, message=_("State the reason."))
    errors.raise_if_any()
    _custodian_close(actor, case, custodian, when=when, reason=reason)
    return custodian
