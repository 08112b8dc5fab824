"""The relief card on the dossier page (cases.panels): judicial aid, the bankruptcy referral's stages
and the custodians, with the forms of the steps the user may take now."""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.models import ControlStatus, PartyKind, PartyRole
from cases.panels import Panel
from courts import access
from courts.models import Court, CourtLevel
from relief import forms as f
from relief.models import AidStatus, CustodianKind, ReferralStatus
from relief.selectors import relief_sections
from relief.services import CUSTODY_CONTROL_KINDS, bankruptcy_court_ids, not_bankruptable

# Forms of a failed submission, shown again with their errors (set by relief.views before re-rendering).
BOUND_ATTR = "relief_bound"


@dataclass
class ReliefForms:
    aid_apply: f.AidApplyForm | None = None
    referral_start: f.ReferralStartForm | None = None
    custodian: f.CustodianAppointForm | None = None
    open: set = field(default_factory=set)


def any_court_choices() -> list[tuple[str, str]]:
    """Every active intermediate and basic court (what a submitted transfer may name)."""
    courts = Court.objects.filter(is_active=True, level__in=[CourtLevel.INTERMEDIATE, CourtLevel.BASIC])
    return [(str(c.pk), c.name) for c in sorted(courts, key=lambda c: (c.level != CourtLevel.INTERMEDIATE, c.code, c.name))]


def court_choices(case) -> list[tuple[str, str]]:
    """Courts that may review the bankruptcy of this case's debtor (relief.services.bankruptcy_court_ids,
    SPC 2017 guidance art. 3): the intermediate court of the enforcement court's area first, then the
    basic courts under it."""
    _intermediate, ids = bankruptcy_court_ids(case)
    names = dict(Court.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [(str(pk), names[pk]) for pk in ids]


def relief_panel(request, case, *, can_work: bool) -> Panel | None:
    sections = relief_sections(case)
    can_decide = access.can_decide_relief(request.user, case)
    bound = getattr(request, BOUND_ATTR, {})
    links = list(case.case_parties.all())
    applicants = [(str(lk.party_id), lk.party.name) for lk in links if lk.role == PartyRole.APPLICANT]
    # Judicial aid is for natural persons; a referral for an enterprise (relief.services checks both).
    persons = [(str(lk.party_id), lk.party.name) for lk in links
               if lk.role == PartyRole.APPLICANT and lk.party.kind == PartyKind.PERSON]
    companies = [(str(lk.party_id), lk.party.name) for lk in links
                 if lk.role == PartyRole.RESPONDENT and lk.party.kind == PartyKind.ORGANISATION]
    enterprises = [(str(lk.party_id), lk.party.name) for lk in links
                   if lk.role == PartyRole.RESPONDENT and lk.party.kind == PartyKind.ORGANISATION
                   and not_bankruptable(lk.party) is None]
    forms = ReliefForms()

    def pick(prefix: str, offered: bool, make):
        if prefix in bound:
            forms.open.add(prefix)
            return bound[prefix]
        return make(prefix) if offered else None

    if not (can_work or sections.aids or sections.referrals or sections.custodians):
        return None
    is_open = case.is_open
    standing = {a.applicant_id for a in sections.aids if a.status != AidStatus.REFUSED}
    # Aid relieves what enforcement could not recover: not offered once nothing is outstanding.
    forms.aid_apply = pick("aid", can_work and case.outstanding_amount > 0 and any(int(pk) not in standing for pk, _n in persons),
                           lambda p: f.AidApplyForm(prefix=p, applicants=[a for a in persons if int(a[0]) not in standing]))
    for aid in sections.aids:
        aid.assess_form = pick(f"aid-assess-{aid.pk}", can_work and aid.status == AidStatus.APPLIED,
                               lambda p: f.AidAssessForm(prefix=p))
        aid.decide_form = pick(f"aid-decide-{aid.pk}", can_decide and aid.status == AidStatus.ASSESSED,
                               lambda p: f.AidDecideForm(prefix=p))
        aid.pay_form = pick(f"aid-pay-{aid.pk}", can_work and aid.status == AidStatus.GRANTED,
                            lambda p, aid=aid: f.AidPayForm(prefix=p, initial={"amount": aid.unpaid_amount}))

    active = sections.active_referral
    forms.referral_start = pick("ref", can_work and is_open and active is None and bool(enterprises),
                                lambda p: f.ReferralStartForm(prefix=p, respondents=enterprises))
    transfer_courts = None  # read once, only when a transfer form is shown
    for ref in sections.referrals:
        consented = {c.party_id for c in ref.consents.all()}
        parties = [(pk, name) for pk, name in applicants if int(pk) not in consented]
        if ref.respondent_id not in consented:
            parties.append((str(ref.respondent_id), ref.respondent.name))
        initiated, decided = ref.status == ReferralStatus.INITIATED, ref.status == ReferralStatus.DECIDED
        ref.consent_form = pick(f"ref-consent-{ref.pk}", can_work and initiated and bool(parties),
                                lambda p, parties=parties: f.ConsentForm(prefix=p, parties=parties))
        ref.decide_form = pick(f"ref-decide-{ref.pk}", can_decide and initiated and bool(consented),
                               lambda p: f.ReferralDecideForm(prefix=p))
        if can_work and decided and transfer_courts is None:
            transfer_courts = court_choices(case)
        ref.transfer_form = pick(f"ref-transfer-{ref.pk}", can_work and decided,
                                 lambda p, courts=transfer_courts: f.TransferForm(prefix=p, courts=courts,
                                                          initial={"bankruptcy_court": case.court.parent_id or ""}))
        ref.outcome_form = pick(f"ref-outcome-{ref.pk}", can_work and ref.status == ReferralStatus.TRANSFERRED,
                                lambda p: f.ReferralOutcomeForm(prefix=p))
        ref.cancel_form = pick(f"ref-cancel-{ref.pk}", (can_work and initiated) or (can_decide and decided),
                               lambda p: f.ReferralCancelForm(prefix=p))
        ref.creditors = sections.other_creditors.get(ref.respondent_id, 0)

    controls = []
    if can_work and is_open:
        controls = [(str(c.pk), f"{c.get_kind_display()}：{c.asset}") for c in
                    case.controls.filter(kind__in=CUSTODY_CONTROL_KINDS, status=ControlStatus.IN_FORCE).order_by("pk")]
    forms.custodian = pick("cust", can_work and is_open and bool(controls or companies),
                           lambda p: f.CustodianAppointForm(prefix=p, controls=controls, respondents=companies,
                                                            initial={"kind": CustodianKind.CUSTODIAN if controls else
                                                                     CustodianKind.TEMPORARY_ADMINISTRATOR}))
    for c in sections.custodians:
        live = can_work and c.is_active  # a closed case's custodian still reports and hands back
        c.report_form = pick(f"cust-report-{c.pk}", live, lambda p: f.CustodianReportForm(prefix=p))
        c.proceed_form = pick(f"cust-proceed-{c.pk}", live and is_open, lambda p: f.ProceedForm(prefix=p))
        c.end_form = pick(f"cust-end-{c.pk}", live, lambda p: f.CustodianEndForm(prefix=p))
    return Panel(template="relief/_panel.html", context={
        "relief": sections, "relief_forms": forms, "relief_can_decide": can_decide, "relief_companies": companies,
    })
