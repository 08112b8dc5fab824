"""Asset investigation (5+X+Y), control and disposal, coercive measures and procedural steps
(DESIGN.md §6–7). Rows are written only by cases.dossier (the dossier services)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cases.models.case import MONEY, EnforcementCase, Party


class Recorded(models.Model):
    """Who recorded a dossier row and when (the audit trail adds every later change)."""

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True


class InvestigationTier(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory online query (5)")
    LEAD = "lead", _("Applicant's lead (X)")
    EXTENDED = "extended", _("Extended check (Y)")


class InvestigationCategory(models.TextChoices):
    # The five mandatory online queries (网络查控), DESIGN.md §6.1.
    DEPOSIT = "deposit", _("Bank deposits")
    REAL_ESTATE = "real_estate", _("Real estate")
    VEHICLE = "vehicle", _("Vehicles")
    SECURITIES = "securities", _("Securities")
    BUSINESS = "business", _("Business registration and equity")
    # X: leads the applicant supplied.
    APPLICANT_LEAD = "applicant_lead", _("Applicant's lead")
    # Y: extended checks.
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance / pension")
    HOUSEHOLD = "household", _("Household registration")
    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee visit")
    PROVIDENT_FUND = "provident_fund", _("Housing provident fund")
    ONLINE_PAYMENT = "online_payment", _("Online payment accounts")
    INSURANCE = "insurance", _("Insurance")
    OTHER = "other", _("Other check")


MANDATORY_CATEGORIES = (
    InvestigationCategory.DEPOSIT, InvestigationCategory.REAL_ESTATE, InvestigationCategory.VEHICLE,
    InvestigationCategory.SECURITIES, InvestigationCategory.BUSINESS,
)
EXTENDED_CATEGORIES = (
    InvestigationCategory.SOCIAL_INSURANCE, InvestigationCategory.HOUSEHOLD, InvestigationCategory.RESIDENTS_COMMITTEE,
    InvestigationCategory.PROVIDENT_FUND, InvestigationCategory.ONLINE_PAYMENT, InvestigationCategory.INSURANCE,
    InvestigationCategory.OTHER,
)


def tier_of(category: str) -> str:
    if category in MANDATORY_CATEGORIES:
        return InvestigationTier.MANDATORY
    if category == InvestigationCategory.APPLICANT_LEAD:
        return InvestigationTier.LEAD
    return InvestigationTier.EXTENDED


class InvestigationResult(models.TextChoices):
    PENDING = "pending", _("Not yet checked")
    FOUND = "found", _("Assets found")
    NONE = "none", _("Nothing found")


# The results a checked item can have (a query or a lead once checked): not "pending".
CHECKED_RESULTS = [(c.value, c.label) for c in (InvestigationResult.FOUND, InvestigationResult.NONE)]


class Investigation(Recorded):
    """One item of the asset investigation (财产调查): a query, a lead or a check, and its result."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="investigations")
    respondent = models.ForeignKey(
        Party, verbose_name=_("respondent"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("item"), max_length=24, choices=InvestigationCategory.choices)
    tier = models.CharField(_("tier"), max_length=10, choices=InvestigationTier.choices)
    queried_on = models.DateField(_("date"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=InvestigationResult.choices)
    details = models.TextField(_("details"), blank=True)
    # Balance found (deposits, funds): feeds the cash enforceability ratio.
    found_amount = models.DecimalField(_("amount found"), null=True, blank=True, **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investigation item")
        verbose_name_plural = _("investigation items")
        ordering = ["case_id", "queried_on", "pk"]
        indexes = [models.Index(fields=["case", "category"], name="investigation_case_cat_idx")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.get_result_display()}"


class ControlKind(models.TextChoices):
    FREEZE_DEPOSIT = "freeze_deposit", _("Freeze bank deposit")
    SEAL_REAL_ESTATE = "seal_real_estate", _("Seal real estate")
    SEAL_MOVABLE = "seal_movable", _("Seal / seize movables")
    FREEZE_EQUITY = "freeze_equity", _("Freeze equity / other property rights")
    PERIODIC_DEDUCTION = "periodic_deduction", _("Pension / wage deduction")


# Legal term in years (*law*, DESIGN.md §6.2: SPC provisions on seizure, sealing and freezing, art. 106
# of the 2015 Civil Procedure Law interpretation as amended); None = no fixed term.
CONTROL_TERM_YEARS: dict[str, int | None] = {
    ControlKind.FREEZE_DEPOSIT: 1,
    ControlKind.SEAL_REAL_ESTATE: 3,
    ControlKind.SEAL_MOVABLE: 2,
    ControlKind.FREEZE_EQUITY: 3,
    ControlKind.PERIODIC_DEDUCTION: None,
}
DISPOSABLE_KINDS = (ControlKind.SEAL_REAL_ESTATE, ControlKind.SEAL_MOVABLE, ControlKind.FREEZE_EQUITY)


class ControlStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    RELEASED = "released", _("Released")
    DISPOSED = "disposed", _("Disposed")
    CARRIED_OVER = "carried_over", _("Carried over to another case")


class DisposalKind(models.TextChoices):
    DEDUCTION = "deduction", _("Deducted")
    AUCTION = "auction", _("Sold at auction")
    SALE = "sale", _("Sold off (变卖)")
    IN_KIND = "in_kind", _("Transferred in kind")


class ControlAction(Recorded):
    """A freeze, seal or seizure (控制措施) with its legal term. Renewals keep their history in
    ControlRenewal; release and disposal end it."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="controls")
    respondent = models.ForeignKey(Party, verbose_name=_("respondent"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("action"), max_length=20, choices=ControlKind.choices)
    asset = models.CharField(_("asset"), max_length=300, help_text=_("Bank and account, property address, plate number …"))
    amount = models.DecimalField(_("amount frozen / value"), null=True, blank=True, **MONEY)
    deducted_amount = models.DecimalField(_("amount deducted"), default=Decimal("0.00"), **MONEY)
    started_on = models.DateField(_("start date"))
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    non_deductible = models.BooleanField(_("non-deductible funds"), default=False)
    non_deductible_reason = models.CharField(_("why the funds cannot be deducted"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=ControlStatus.choices, default=ControlStatus.IN_FORCE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason ended"), max_length=300, blank=True)
    disposal_kind = models.CharField(_("disposed by"), max_length=12, choices=DisposalKind.choices, blank=True)
    disposal_amount = models.DecimalField(_("disposal amount"), null=True, blank=True, **MONEY)
    carried_from = models.ForeignKey(
        "self", verbose_name=_("carried over from"), null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control action")
        verbose_name_plural = _("control actions")
        ordering = ["case_id", "started_on", "pk"]
        indexes = [
            models.Index(fields=["case", "status"], name="control_case_status_idx"),
            models.Index(fields=["status", "expires_on"], name="control_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(deducted_amount__gte=0), name="control_deducted_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.asset}"

    @property
    def term_years(self) -> int | None:
        return CONTROL_TERM_YEARS.get(self.kind)

    @property
    def is_in_force(self) -> bool:
        return self.status == ControlStatus.IN_FORCE

    def days_to_expiry(self, today) -> int | None:
        if self.expires_on is None or not self.is_in_force:
            return None
        return (self.expires_on - today).days

    @property
    def frozen_balance(self) -> Decimal | None:
        if self.amount is None:
            return None
        return self.amount - self.deducted_amount


class ControlRenewal(Recorded):
    """A renewal (续行) of a control: the previous and new expiry, kept for the record."""

    control = models.ForeignKey(ControlAction, verbose_name=_("control action"), on_delete=models.CASCADE, related_name="renewals")
    renewed_on = models.DateField(_("renewed on"))
    previous_expiry = models.DateField(_("previous expiry"))
    new_expiry = models.DateField(_("new expiry"))

    class Meta:
        verbose_name = _("control renewal")
        verbose_name_plural = _("control renewals")
        ordering = ["control_id", "renewed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.control} → {self.new_expiry}"


class ValuationMethod(models.TextChoices):
    DIRECTED_INQUIRY = "directed_inquiry", _("Directed price inquiry")
    ONLINE_INQUIRY = "online_inquiry", _("Online price inquiry")
    APPRAISAL = "appraisal", _("Entrusted valuation")
    AGREED = "agreed", _("Price agreed by the parties")


class Valuation(Recorded):
    """评估 / 询价 of a controlled asset: the reference for the auction reserve price."""

    control = models.ForeignKey(ControlAction, verbose_name=_("control action"), on_delete=models.CASCADE, related_name="valuations")
    method = models.CharField(_("method"), max_length=20, choices=ValuationMethod.choices)
    value = models.DecimalField(_("value"), **MONEY)
    valued_on = models.DateField(_("date"))
    appraiser = models.CharField(_("appraiser / platform"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("valuation")
        verbose_name_plural = _("valuations")
        ordering = ["control_id", "valued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.value}"


class AuctionResult(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SOLD = "sold", _("Sold")
    UNSOLD = "unsold", _("No bid (流拍)")
    WITHDRAWN = "withdrawn", pgettext_lazy("auction", "Withdrawn")


class AuctionRound(Recorded):
    """A round of online judicial auction (网络司法拍卖). Reserve-price rules (*law*, SPC provisions on
    online judicial auctions 2016, arts. 10 and 26): the 1st round's reserve is at least 70% of the
    valuation; the 2nd round may cut it by at most 20%."""

    control = models.ForeignKey(ControlAction, verbose_name=_("control action"), on_delete=models.CASCADE, related_name="auction_rounds")
    round_number = models.PositiveSmallIntegerField(_("round"))
    valuation = models.ForeignKey(Valuation, verbose_name=_("valuation"), on_delete=models.PROTECT, related_name="+")
    reserve_price = models.DecimalField(_("reserve price"), **MONEY)
    starts_on = models.DateField(_("auction date"))
    platform = models.CharField(_("platform"), max_length=60, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=AuctionResult.choices, default=AuctionResult.SCHEDULED)
    sale_price = models.DecimalField(_("sale price"), null=True, blank=True, **MONEY)
    buyer = models.CharField(_("buyer"), max_length=120, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("auction round")
        verbose_name_plural = _("auction rounds")
        # A withdrawn round is re-run with the same number, so (control, round_number) is not unique.
        ordering = ["control_id", "round_number", "pk"]

    def __str__(self) -> str:
        return f"{self.control} · {self.round_number}"


class MeasureKind(models.TextChoices):
    BLACKLIST = "blacklist", _("Dishonest-debtor list")
    CONSUMPTION_RESTRICTION = "consumption_restriction", _("Consumption restriction order")
    EXIT_BAN = "exit_ban", _("Exit ban")
    COMPELLED_APPEARANCE = "compelled_appearance", _("Compelled appearance")
    DETENTION = "detention", _("Judicial detention")
    FINE = "fine", _("Fine")
    CRIMINAL_REFERRAL = "criminal_referral", _("Criminal referral for refusing to enforce")
    REWARD_NOTICE = "reward_notice", _("Reward notice")


# Measures lifted automatically when the debt is performed (credit repair, 信用修复).
CREDIT_MEASURES = (MeasureKind.BLACKLIST, MeasureKind.CONSUMPTION_RESTRICTION, MeasureKind.EXIT_BAN)


class CoerciveMeasure(Recorded):
    """A coercive or credit measure (强制措施 / 信用惩戒, DESIGN.md §6.3) against one respondent."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="measures")
    respondent = models.ForeignKey(Party, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("measure"), max_length=24, choices=MeasureKind.choices)
    issued_on = models.DateField(_("issued on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    amount = models.DecimalField(_("fine amount"), null=True, blank=True, **MONEY)
    reason = models.CharField(_("grounds"), max_length=500)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lift_reason = models.CharField(_("reason lifted"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coercive measure")
        verbose_name_plural = _("coercive measures")
        ordering = ["case_id", "issued_on", "pk"]
        indexes = [models.Index(fields=["case", "kind"], name="measure_case_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.respondent}"

    @property
    def is_active(self) -> bool:
        """In force: not lifted and not past its end date (a 2-year blacklist ends by itself)."""
        from django.utils import timezone

        return self.lifted_on is None and (self.ends_on is None or self.ends_on >= timezone.localdate())

    @property
    def has_expired(self) -> bool:
        from django.utils import timezone

        return self.lifted_on is None and self.ends_on is not None and self.ends_on < timezone.localdate()


class ProcedureKind(models.TextChoices):
    ENFORCEMENT_NOTICE = "enforcement_notice", _("Enforcement notice served")
    ASSET_REPORT_ORDER = "asset_report_order", _("Order to declare assets served")
    APPLICANT_INFORMED = "applicant_informed", _("Applicant interviewed and informed")
    RESPONDENT_SEARCH = "respondent_search", _("Search for the respondent")
    SITE_VISIT = "site_visit", _("Site visit")
    OTHER = "other", _("Other step")


class ProcedureStep(Recorded):
    """A procedural step that the 终本 checklist looks for (DESIGN.md §7): notices served, the
    applicant interviewed (with their opinion), a search for a respondent whose whereabouts are unknown."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="procedure_steps")
    kind = models.CharField(_("step"), max_length=24, choices=ProcedureKind.choices)
    done_on = models.DateField(_("date"))
    details = models.TextField(_("details"), blank=True)
    applicant_opinion = models.TextField(_("applicant's opinion"), blank=True)

    class Meta:
        verbose_name = _("procedural step")
        verbose_name_plural = _("procedural steps")
        ordering = ["case_id", "done_on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()
