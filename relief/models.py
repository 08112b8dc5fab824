"""When enforcement alone cannot help: judicial aid (司法救助), referral to bankruptcy review (执转破)
and custodians (管理人 / 临时管理人). Rows are written only by relief.services."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import MONEY
from cases.models.assets import Recorded


# --- judicial aid (国家司法救助) ----------------------------------------------------------------------------
class HardshipCategory(models.TextChoices):
    DISABILITY = "disability", _("Disability")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    LIVELIHOOD = "livelihood", _("Livelihood (wages, personal injury, support)")
    OTHER = "other", _("Other hardship")


class AidStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    ASSESSED = "assessed", _("Assessed")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    PAID = "paid", _("Paid in full")


# An application still standing: the same applicant in the same case is aided once (SPC opinions on
# national judicial aid, 2016: 一次性救助); after a refusal a new application may be made.
STANDING_AID = ("applied", "assessed", "granted", "paid")


class JudicialAid(Recorded):
    """An applicant's application for judicial aid: assessment, decision, payments. Aid is paid by the
    state, not recovered from the debtor: it never enters the case's money ledger."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.CASCADE, related_name="judicial_aid_applications")
    applicant = models.ForeignKey("cases.Party", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("hardship"), max_length=16, choices=HardshipCategory.choices)
    facts = models.TextField(_("facts of the hardship"))
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(_("status"), max_length=10, choices=AidStatus.choices, default=AidStatus.APPLIED)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    granted_amount = models.DecimalField(_("amount granted"), null=True, blank=True, **MONEY)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    paid_amount = models.DecimalField(_("amount paid"), default=Decimal("0.00"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judicial aid application")
        verbose_name_plural = _("judicial aid applications")
        ordering = ["case_id", "applied_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "applicant"], condition=models.Q(status__in=STANDING_AID),
                                    name="aid_one_standing_per_applicant"),
            models.CheckConstraint(condition=models.Q(granted_amount__isnull=True) | models.Q(granted_amount__gt=0),
                                   name="aid_granted_positive"),
            models.CheckConstraint(condition=models.Q(paid_amount__gte=0), name="aid_paid_not_negative"),
            models.CheckConstraint(condition=models.Q(paid_amount=0) | models.Q(paid_amount__lte=models.F("granted_amount")),
                                   name="aid_paid_within_granted"),
        ]
        indexes = [
            models.Index(fields=["case", "status"], name="aid_case_status_idx"),
            models.Index(fields=["decided_on"], name="aid_decided_idx"),
            models.Index(fields=["applied_on"], name="aid_applied_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_category_display()}"

    @property
    def unpaid_amount(self) -> Decimal:
        return max((self.granted_amount or Decimal("0.00")) - self.paid_amount, Decimal("0.00"))


class AidPayment(Recorded):
    aid = models.ForeignKey(JudicialAid, verbose_name=_("judicial aid"), on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judicial aid payment")
        verbose_name_plural = _("judicial aid payments")
        ordering = ["aid_id", "paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="aid_payment_positive")]
        indexes = [models.Index(fields=["paid_on"], name="aidpayment_paid_idx")]

    def __str__(self) -> str:
        return f"{self.aid} − {self.amount}"


# --- referral to bankruptcy review (执行转破产) -----------------------------------------------------------
class ReferralStatus(models.TextChoices):
    INITIATED = "initiated", _("Started: seeking consent")
    DECIDED = "decided", _("Referral decided: enforcement suspended")
    TRANSFERRED = "transferred", _("File transferred to the bankruptcy court")
    ACCEPTED = "accepted", _("Bankruptcy accepted: enforcement terminated")
    NOT_ACCEPTED = "not_accepted", _("Bankruptcy not accepted: enforcement resumed")
    CANCELLED = "cancelled", _("Referral abandoned")


ACTIVE_REFERRAL = ("initiated", "decided", "transferred")


class BankruptcyReferral(Recorded):
    """执转破, per the SPC's 2017 guiding opinions on transferring enforcement cases to bankruptcy
    review (关于执行案件移送破产审查若干问题的指导意见): a corporate respondent that cannot pay its
    debts is referred, with the consent of an applicant or of the respondent, to the court competent
    for its bankruptcy; enforcement is suspended meanwhile and terminated once bankruptcy is accepted."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.CASCADE, related_name="bankruptcy_referrals")
    respondent = models.ForeignKey("cases.Party", verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField(_("grounds: why the respondent cannot pay its debts"))
    initiated_on = models.DateField(_("started on"))
    status = models.CharField(_("status"), max_length=14, choices=ReferralStatus.choices, default=ReferralStatus.INITIATED)
    decided_on = models.DateField(_("referral decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    bankruptcy_court = models.ForeignKey("courts.Court", verbose_name=_("bankruptcy court"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField(_("file transferred on"), null=True, blank=True)
    transfer_note = models.CharField(_("materials transferred"), max_length=500, blank=True)
    outcome_on = models.DateField(_("ruling dated"), null=True, blank=True)
    ruling_number = models.CharField(_("ruling number"), max_length=80, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bankruptcy referral")
        verbose_name_plural = _("bankruptcy referrals")
        ordering = ["case_id", "initiated_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(status__in=ACTIVE_REFERRAL), name="referral_one_active_per_case"),
        ]
        indexes = [
            models.Index(fields=["status", "initiated_on"], name="referral_status_idx"),
            models.Index(fields=["outcome_on"], name="referral_outcome_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_REFERRAL


class ReferralConsent(Recorded):
    """The written consent (同意移送破产审查) of an applicant or of the respondent."""

    referral = models.ForeignKey(BankruptcyReferral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="consents")
    party = models.ForeignKey("cases.Party", verbose_name=_("consenting party"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("litigation status"), max_length=16)
    consented_on = models.DateField(_("consented on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent to bankruptcy referral")
        verbose_name_plural = _("consents to bankruptcy referral")
        ordering = ["referral_id", "consented_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["referral", "party"], name="consent_once_per_party")]

    def __str__(self) -> str:
        return f"{self.referral} · {self.party}"


# --- custodians (管理人 / 临时管理人) ------------------------------------------------------------------------
class CustodianKind(models.TextChoices):
    CUSTODIAN = "custodian", _("Custodian of a seized property")
    TEMPORARY_ADMINISTRATOR = "temporary_administrator", _("Temporary administrator of the debtor company")


class MandateScope(models.TextChoices):
    LEASE = "lease", _("Lease it out")
    SELL = "sell", _("Sell it")
    MANAGE = "manage", _("Manage or run it")


class CustodianStatus(models.TextChoices):
    ACTIVE = "active", _("Mandate running")
    ENDED = "ended", _("Mandate ended")


class Custodian(Recorded):
    """A custodian appointed for a sealed or seized property (rent it, sell it), or a temporary
    administrator running a debtor company whose controls were lifted under a repayment plan. Its
    proceeds are payments of the case (cases.money), so the ledger reconciles."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.CASCADE, related_name="custodians")
    kind = models.CharField(_("kind"), max_length=24, choices=CustodianKind.choices)
    control = models.ForeignKey("cases.ControlAction", verbose_name=_("property (control action)"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="custodians")
    respondent = models.ForeignKey("cases.Party", verbose_name=_("debtor company"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("custodian"), max_length=120)
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    appointed_on = models.DateField(_("appointed on"))
    scope = models.CharField(_("mandate"), max_length=10, choices=MandateScope.choices)
    mandate = models.TextField(_("terms of the mandate"), blank=True)
    term_until = models.DateField(_("mandate until"), null=True, blank=True)
    fee_terms = models.CharField(_("custodian's fee"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=CustodianStatus.choices, default=CustodianStatus.ACTIVE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason ended"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("custodian")
        verbose_name_plural = _("custodians")
        ordering = ["case_id", "appointed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="custodian") & models.Q(control__isnull=False))
                | (models.Q(kind="temporary_administrator") & models.Q(respondent__isnull=False)),
                name="custodian_has_its_object",
            ),
        ]
        indexes = [models.Index(fields=["case", "status"], name="custodian_case_status_idx"),
                   models.Index(fields=["appointed_on"], name="custodian_appointed_idx")]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        return self.status == CustodianStatus.ACTIVE


class CustodianReport(Recorded):
    custodian = models.ForeignKey(Custodian, verbose_name=_("custodian"), on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("report"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("custodian's report")
        verbose_name_plural = _("custodian's reports")
        ordering = ["custodian_id", "reported_on", "pk"]

    def __str__(self) -> str:
        return f"{self.custodian} · {self.reported_on}"


class ProceedSource(models.TextChoices):
    RENT = "rent", _("Rent")
    SALE = "sale", _("Sale")
    OPERATING = "operating", _("Operating income")
    OTHER = "other", _("Other income")


class CustodianProceed(Recorded):
    """Money the custodian collected and paid into the court: gross, less the custodian's fee or
    costs deducted from it, gives the net amount — the payment that enters the case's ledger."""

    custodian = models.ForeignKey(Custodian, verbose_name=_("custodian"), on_delete=models.CASCADE, related_name="proceeds")
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=10, choices=ProceedSource.choices)
    gross_amount = models.DecimalField(_("amount collected"), **MONEY)
    fee_amount = models.DecimalField(_("custodian's fee and costs deducted"), default=Decimal("0.00"), **MONEY)
    amount = models.DecimalField(_("paid into the court"), **MONEY)
    payment = models.OneToOneField("cases.Payment", verbose_name=_("payment received"), on_delete=models.PROTECT,
                                   related_name="custodian_proceed")
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("custodian's proceeds")
        verbose_name_plural = _("custodian's proceeds")
        ordering = ["custodian_id", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="proceed_net_positive"),
            models.CheckConstraint(condition=models.Q(fee_amount__gte=0), name="proceed_fee_not_negative"),
            models.CheckConstraint(condition=models.Q(gross_amount=models.F("amount") + models.F("fee_amount")),
                                   name="proceed_gross_is_net_plus_fee"),
        ]
        indexes = [models.Index(fields=["received_on"], name="proceed_received_idx")]

    def __str__(self) -> str:
        return f"{self.custodian} + {self.amount}"
