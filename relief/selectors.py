"""Reads of judicial aid, bankruptcy referrals and custodians: the dossier panel of one case and the
report per court. Scoping goes through courts.access (visible_courts: own court; an upper court its
subtree)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from cases.models import OPEN_STATUSES, CaseParty, EnforcementCase, PartyKind, PartyRole
from courts import access
from courts.models import Court, User
from relief.models import (
    ACTIVE_REFERRAL,
    AidPayment,
    AidStatus,
    BankruptcyReferral,
    Custodian,
    CustodianProceed,
    CustodianReport,
    CustodianStatus,
    JudicialAid,
    ReferralConsent,
    ReferralStatus,
)
from reports.selectors import default_period  # noqa: F401  (the reports' default period, used by views and API)

ZERO = Decimal("0.00")


def _cents(value) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


# --- the dossier panel ---------------------------------------------------------------------------------
@dataclass
class ReliefSections:
    aids: list[JudicialAid]
    referrals: list[BankruptcyReferral]
    custodians: list[Custodian]
    # Other open cases against each organisation respondent (other creditors: a sign for 执转破).
    other_creditors: dict[int, int] = field(default_factory=dict)

    @property
    def aid_granted(self) -> Decimal:
        return sum((a.granted_amount or ZERO for a in self.aids if a.status in (AidStatus.GRANTED, AidStatus.PAID)), ZERO)

    @property
    def aid_paid(self) -> Decimal:
        return sum((a.paid_amount for a in self.aids), ZERO)

    @property
    def active_referral(self) -> BankruptcyReferral | None:
        return next((r for r in self.referrals if r.is_active), None)

    @property
    def proceeds_total(self) -> Decimal:
        return sum((p.amount for c in self.custodians for p in c.proceeds.all()), ZERO)


def relief_sections(case: EnforcementCase) -> ReliefSections:
    """Everything the relief panel shows, in a fixed number of queries."""
    aids = list(JudicialAid.objects.filter(case=case).select_related("applicant")
                .prefetch_related(Prefetch("payments", queryset=AidPayment.objects.order_by("paid_on", "pk"))))
    referrals = list(BankruptcyReferral.objects.filter(case=case).select_related("respondent", "bankruptcy_court", "decided_by")
                     .prefetch_related(Prefetch("consents", queryset=ReferralConsent.objects.select_related("party")
                                                .order_by("consented_on", "pk"))).order_by("-initiated_on", "-pk"))
    custodians = list(Custodian.objects.filter(case=case).select_related("control", "respondent").prefetch_related(
        Prefetch("reports", queryset=CustodianReport.objects.order_by("reported_on", "pk")),
        Prefetch("proceeds", queryset=CustodianProceed.objects.order_by("received_on", "pk"))))
    organisations = list(CaseParty.objects.filter(case=case, role=PartyRole.RESPONDENT, party__kind=PartyKind.ORGANISATION)
                         .values_list("party_id", flat=True))
    others: dict[int, int] = {}
    if organisations:
        for row in (CaseParty.objects.filter(party_id__in=organisations, role=PartyRole.RESPONDENT, case__status__in=OPEN_STATUSES)
                    .exclude(case=case).values("party_id").annotate(n=Count("case_id", distinct=True))):
            others[row["party_id"]] = row["n"]
    return ReliefSections(aids, referrals, custodians, {pk: others.get(pk, 0) for pk in organisations})


# --- the report -------------------------------------------------------------------------------------------
# Definitions (shown beside the figures as tooltips). Every count is of the period's events, by the
# date of the step, both ends included; "now" columns are today's state.
# - Aid applications: applied for in the period. Granted / refused: decided in the period. Amount
#   granted: of the decisions in the period. Amount paid: payments made in the period. Aid is paid by
#   the state and is not in the cases' recovered amounts.
# - Referrals: started, decided (enforcement suspended), transferred, accepted (enforcement
#   terminated), not accepted (enforcement resumed), abandoned — each by the date of that stage;
#   under way now: started, decided or transferred, not yet ruled on.
# - Custodians: appointed in the period; running now. Proceeds: received in the period — collected
#   (gross), fee and costs kept, paid into the court (net, part of the cases' recovered amounts).
@dataclass
class ReliefRow:
    court_id: int | None
    court_name: str
    aid_applied: int = 0
    aid_granted: int = 0
    aid_refused: int = 0
    aid_granted_amount: Decimal = ZERO
    aid_paid_amount: Decimal = ZERO
    aid_pending: int = 0
    referrals_started: int = 0
    referrals_decided: int = 0
    referrals_transferred: int = 0
    referrals_accepted: int = 0
    referrals_not_accepted: int = 0
    referrals_cancelled: int = 0
    referrals_active: int = 0
    custodians_appointed: int = 0
    custodians_active: int = 0
    proceeds_count: int = 0
    proceeds_gross: Decimal = ZERO
    proceeds_fee: Decimal = ZERO
    proceeds_net: Decimal = ZERO

    def add(self, other: ReliefRow) -> None:
        for name, value in vars(other).items():
            if name not in ("court_id", "court_name"):
                setattr(self, name, getattr(self, name) + value)


@dataclass
class ReliefReport:
    date_from: dt.date
    date_to: dt.date
    rows: list[ReliefRow]
    total: ReliefRow


def report_courts(user: User, court: Court | None = None) -> list[int]:
    visible = set(access.visible_courts(user).values_list("pk", flat=True))
    return sorted(visible if court is None else visible & set(access.jurisdiction_ids(court)))


def relief_report(*, user: User, date_from: dt.date, date_to: dt.date, court: Court | None = None) -> ReliefReport:
    """Judicial aid, bankruptcy referrals and custodians per court (definitions above); one query per
    figure group, whatever the number of cases."""
    court_ids = report_courts(user, court)
    names = dict(Court.objects.filter(pk__in=court_ids).values_list("pk", "name"))
    rows: dict[int, ReliefRow] = {}

    def row(court_id: int) -> ReliefRow:
        if court_id not in rows:
            rows[court_id] = ReliefRow(court_id, names.get(court_id, ""))
        return rows[court_id]

    period = {"gte": date_from, "lte": date_to}

    def within(name: str) -> Q:
        return Q(**{f"{name}__{op}": day for op, day in period.items()})

    aids = JudicialAid.objects.filter(case__court_id__in=court_ids)
    decided = within("decided_on")
    for r in aids.values("case__court_id").annotate(
            applied=Count("pk", filter=within("applied_on")),
            granted=Count("pk", filter=decided & Q(status__in=[AidStatus.GRANTED, AidStatus.PAID])),
            refused=Count("pk", filter=decided & Q(status=AidStatus.REFUSED)),
            granted_amount=Sum("granted_amount", filter=decided & Q(status__in=[AidStatus.GRANTED, AidStatus.PAID])),
            pending=Count("pk", filter=Q(status__in=[AidStatus.APPLIED, AidStatus.ASSESSED]))):
        x = row(r["case__court_id"])
        x.aid_applied, x.aid_granted, x.aid_refused, x.aid_pending = r["applied"], r["granted"], r["refused"], r["pending"]
        x.aid_granted_amount = _cents(r["granted_amount"])
    for r in (AidPayment.objects.filter(aid__case__court_id__in=court_ids).filter(within("paid_on"))
              .values("aid__case__court_id").annotate(total=Sum("amount"))):
        row(r["aid__case__court_id"]).aid_paid_amount = _cents(r["total"])

    outcome = within("outcome_on")
    for r in BankruptcyReferral.objects.filter(case__court_id__in=court_ids).values("case__court_id").annotate(
            started=Count("pk", filter=within("initiated_on")),
            decided=Count("pk", filter=within("decided_on")),
            transferred=Count("pk", filter=within("transferred_on")),
            accepted=Count("pk", filter=outcome & Q(status=ReferralStatus.ACCEPTED)),
            not_accepted=Count("pk", filter=outcome & Q(status=ReferralStatus.NOT_ACCEPTED)),
            cancelled=Count("pk", filter=outcome & Q(status=ReferralStatus.CANCELLED)),
            active=Count("pk", filter=Q(status__in=ACTIVE_REFERRAL))):
        x = row(r["case__court_id"])
        x.referrals_started, x.referrals_decided, x.referrals_transferred = r["started"], r["decided"], r["transferred"]
        x.referrals_accepted, x.referrals_not_accepted, x.referrals_cancelled = r["accepted"], r["not_accepted"], r["cancelled"]
        x.referrals_active = r["active"]

    for r in Custodian.objects.filter(case__court_id__in=court_ids).values("case__court_id").annotate(
            appointed=Count("pk", filter=within("appointed_on")),
            active=Count("pk", filter=Q(status=CustodianStatus.ACTIVE))):
        x = row(r["case__court_id"])
        x.custodians_appointed, x.custodians_active = r["appointed"], r["active"]
    for r in (CustodianProceed.objects.filter(custodian__case__court_id__in=court_ids).filter(within("received_on"))
              .values("custodian__case__court_id").annotate(n=Count("pk"), gross=Sum("gross_amount"), fee=Sum("fee_amount"),
                                                            net=Sum("amount"))):
        x = row(r["custodian__case__court_id"])
        x.proceeds_count, x.proceeds_gross, x.proceeds_fee, x.proceeds_net = r["n"], _cents(r["gross"]), _cents(r["fee"]), _cents(r["net"])

    ordered = sorted(rows.values(), key=lambda x: x.court_name)
    total = ReliefRow(None, "")
    for x in ordered:
        total.add(x)
    return ReliefReport(date_from, date_to, ordered, total)


