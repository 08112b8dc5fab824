"""The per-case money ledger (执行款, DESIGN.md §9) and settlement agreements (执行和解).
Rows are written only by cases.dossier."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.assets import ControlAction, Recorded
from cases.models.case import MONEY, EnforcementCase, Party


class PaymentSource(models.TextChoices):
    DEBTOR = "debtor", _("Paid by the respondent")
    DEDUCTION = "deduction", _("Deducted from a frozen account")
    AUCTION = "auction", _("Auction proceeds")
    SALE = "sale", _("Sale proceeds")
    IN_KIND = "in_kind", _("Transfer in kind (valued)")
    THIRD_PARTY = "third_party", _("Paid by a third party")
    PERIODIC = "periodic", _("Pension / wage deduction")
    CUSTODIAN = "custodian", _("Custodian proceeds")
    OTHER = "other", _("Other")


class Payment(Recorded):
    """Money in: received into the court's account for this case (执行到位)."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(_("amount"), **MONEY)
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=12, choices=PaymentSource.choices)
    payer = models.CharField(_("paid by"), max_length=120, blank=True)
    control = models.ForeignKey(
        ControlAction, verbose_name=_("from control action"), null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment received")
        verbose_name_plural = _("payments received")
        ordering = ["case_id", "received_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive")]
        indexes = [models.Index(fields=["case", "received_on"], name="payment_case_date_idx")]

    def __str__(self) -> str:
        return f"{self.case} + {self.amount}"


class DisbursementKind(models.TextChoices):
    TO_APPLICANT = "to_applicant", _("Paid to an applicant")
    FEE = "fee", _("Enforcement fee")
    REFUND = "refund", _("Refund of surplus to the respondent")
    # Money held when bankruptcy is accepted goes to the bankruptcy court for the estate (SPC 2017
    # guidance on 执转破, art. 17): not a payment to the debtor. Booked by relief.services only.
    TO_BANKRUPTCY_COURT = "to_bankruptcy_court", _("Handed over to the bankruptcy court")


# The kinds a judge books by hand; money handed to a bankruptcy court is booked only by the referral's outcome.
MANUAL_DISBURSEMENT_KINDS = [(value, label) for value, label in DisbursementKind.choices
                             if value != DisbursementKind.TO_BANKRUPTCY_COURT]


class DistributionPlan(Recorded):
    """A distribution of the money held among several applicants (wages first, then pro rata)."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="distribution_plans")
    fund = models.DecimalField(_("amount distributed"), **MONEY)
    lines = models.JSONField(_("lines"), default=list)
    decided_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("distribution plan")
        verbose_name_plural = _("distribution plans")
        ordering = ["case_id", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.fund}"


class Disbursement(Recorded):
    """Money out (发款): to an applicant, for fees, a surplus refunded to the respondent, or money held
    handed over to the bankruptcy court (the court's name in the note)."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="disbursements")
    kind = models.CharField(_("kind"), max_length=20, choices=DisbursementKind.choices, default=DisbursementKind.TO_APPLICANT)
    payee = models.ForeignKey(Party, verbose_name=_("payee"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    plan = models.ForeignKey(DistributionPlan, verbose_name=_("distribution plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="disbursements")
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["case_id", "paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="disbursement_positive")]

    def __str__(self) -> str:
        return f"{self.case} − {self.amount}"


class SettlementStatus(models.TextChoices):
    PERFORMING = "performing", _("Being performed")
    PERFORMED = "performed", _("Performed in full")
    BREACHED = "breached", _("Breached: enforcement resumed")


class Settlement(Recorded):
    """执行和解: the parties' agreement, performed by instalments. A missed instalment lets the
    applicant resume enforcement of the original basis, less what was paid (DESIGN.md §9)."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="settlements")
    agreed_on = models.DateField(_("agreed on"))
    agreed_amount = models.DecimalField(_("agreed amount"), **MONEY)
    # What the case had received before the agreement: payments after it count towards the instalments.
    paid_before = models.DecimalField(_("received before the agreement"), default=Decimal("0.00"), **MONEY)
    waives_interest = models.BooleanField(_("interest waived"), default=False)
    terms = models.TextField(_("terms"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SettlementStatus.choices, default=SettlementStatus.PERFORMING)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("settlement agreement")
        verbose_name_plural = _("settlement agreements")
        ordering = ["case_id", "-agreed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.agreed_amount}"


class Instalment(models.Model):
    settlement = models.ForeignKey(Settlement, verbose_name=_("settlement"), on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("instalment"))
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount due"), **MONEY)
    paid_amount = models.DecimalField(_("amount paid"), default=Decimal("0.00"), **MONEY)
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["settlement_id", "number"]
        constraints = [models.UniqueConstraint(fields=["settlement", "number"], name="instalment_unique")]

    def __str__(self) -> str:
        return f"{self.settlement} #{self.number}"

    @property
    def unpaid(self) -> Decimal:
        return self.amount - self.paid_amount

    def is_missed(self, today) -> bool:
        return self.unpaid > 0 and self.due_on < today
