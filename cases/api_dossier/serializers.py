"""Serializers of the dossier API. Input serializers only shape the request (types, known fields,
no JSON floats for money); the services check every value and answer with field errors. Output
serializers read model rows and the selectors' figures; money is a decimal string ("12345.00")."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.api import MoneyField, StrictFieldsMixin
from cases.dossier_selectors import SORTS
from cases.models import (
    MANUAL_DISBURSEMENT_KINDS,
    AuctionResult,
    CaseStatus,
    ClaimClass,
    ClosureType,
    ControlKind,
    InvestigationCategory,
    InvestigationResult,
    MeasureKind,
    ProcedureKind,
    ValuationMethod,
)
from cases.models.assets import CHECKED_RESULTS
from cases.money import DIRECT_PAYMENT_SOURCES


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


def _today(serializer) -> object:
    return serializer.context.get("today") or timezone.localdate()


# --- small shared shapes -------------------------------------------------------------------------
class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class PartyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="illegal_transition")
    status = serializers.CharField(help_text="The current status of the case or object.")


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code, e.g. enforcement_notice, query_deposit, too_early.")
    message = serializers.CharField()


class RedactedText(serializers.CharField):
    """Free text (asset descriptions, details): long numbers such as bank accounts are masked for
    readers who see identities masked (the ``show_full_ids`` context flag, from courts.access)."""

    def to_representation(self, value):
        from cases.identifiers import redact_numbers

        text = super().to_representation(value)
        return text if self.context.get("show_full_ids") else redact_numbers(text)


class RecordedMixin(serializers.Serializer):
    recorded_by = UserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


# --- investigation (5+X+Y) -----------------------------------------------------------------------
class InvestigationSerializer(RecordedMixin):
    id = serializers.IntegerField()
    category = serializers.CharField()
    category_display = serializers.CharField(source="get_category_display")
    tier = serializers.CharField(help_text="mandatory (5), lead (X) or extended (Y)")
    tier_display = serializers.CharField(source="get_tier_display")
    result = serializers.CharField(help_text="pending, found or none")
    result_display = serializers.CharField(source="get_result_display")
    queried_on = serializers.DateField(allow_null=True)
    details = RedactedText()
    found_amount = money(allow_null=True)
    respondent = PartyRefSerializer(allow_null=True)


class InvestigationRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    category = serializers.ChoiceField(choices=InvestigationCategory.choices)
    result = serializers.ChoiceField(
        choices=InvestigationResult.choices,
        help_text="`pending` only for an applicant's lead recorded before it is checked.",
    )
    queried_on = serializers.DateField(required=False, allow_null=True)
    details = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    found_amount = MoneyField(required=False, allow_null=True, allow_blank=True)
    respondent = serializers.IntegerField(required=False, allow_null=True, help_text="Party id of one of the case's respondents.")


class OnlineQueryResultSerializer(StrictFieldsMixin, serializers.Serializer):
    result = serializers.ChoiceField(choices=CHECKED_RESULTS)
    details = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    found_amount = MoneyField(required=False, allow_null=True, allow_blank=True)


class OnlineQueriesSerializer(StrictFieldsMixin, serializers.Serializer):
    """The five online queries (网络查控) at once, all or nothing."""

    queried_on = serializers.DateField()
    respondent = serializers.IntegerField(required=False, allow_null=True, help_text="Party id of one of the case's respondents.")
    deposit = OnlineQueryResultSerializer()
    real_estate = OnlineQueryResultSerializer()
    vehicle = OnlineQueryResultSerializer()
    securities = OnlineQueryResultSerializer()
    business = OnlineQueryResultSerializer()


class InvestigationUpdateSerializer(StrictFieldsMixin, serializers.Serializer):
    """The result of an item recorded earlier (typically an applicant's lead, once checked).
    Fields left out keep their recorded value."""

    result = serializers.ChoiceField(choices=CHECKED_RESULTS, required=False)
    queried_on = serializers.DateField(required=False, allow_null=True)
    details = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    found_amount = MoneyField(required=False, allow_null=True, allow_blank=True)


# --- procedural steps ----------------------------------------------------------------------------
class ProcedureStepSerializer(RecordedMixin):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    done_on = serializers.DateField()
    details = RedactedText()
    applicant_opinion = serializers.CharField()


class ProcedureRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProcedureKind.choices)
    done_on = serializers.DateField(required=False, allow_null=True)
    details = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    applicant_opinion = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                              help_text="Required when the applicant was interviewed and informed.")


# --- control and disposal ------------------------------------------------------------------------
class ControlRenewalSerializer(serializers.Serializer):
    renewed_on = serializers.DateField()
    previous_expiry = serializers.DateField()
    new_expiry = serializers.DateField()


class ValuationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    method = serializers.CharField()
    method_display = serializers.CharField(source="get_method_display")
    value = money()
    valued_on = serializers.DateField()
    appraiser = serializers.CharField()


class AuctionRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round_number = serializers.IntegerField()
    valuation = serializers.IntegerField(source="valuation_id")
    reserve_price = money()
    starts_on = serializers.DateField()
    platform = serializers.CharField()
    result = serializers.CharField(help_text="scheduled, sold, unsold or withdrawn")
    result_display = serializers.CharField(source="get_result_display")
    sale_price = money(allow_null=True)
    buyer = serializers.CharField()
    concluded_on = serializers.DateField(allow_null=True)


class ControlPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    amount = money()
    received_on = serializers.DateField()
    source = serializers.CharField()


class CarriedFromSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.case_number")


class ControlSerializer(RecordedMixin):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    asset = RedactedText()
    respondent = PartyRefSerializer(allow_null=True)
    amount = money(allow_null=True, help_text="Amount frozen, or the asset's value.")
    deducted_amount = money()
    frozen_balance = money(allow_null=True, help_text="Amount still frozen (amount − deducted).")
    non_deductible = serializers.BooleanField()
    non_deductible_reason = serializers.CharField()
    started_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    term_years = serializers.IntegerField(allow_null=True)
    days_left = serializers.SerializerMethodField(help_text="Days until expiry while in force (negative: expired).")
    expiring = serializers.SerializerMethodField(help_text="In force and expiring within the reminder period.")
    status = serializers.CharField(help_text="in_force, released, disposed or carried_over")
    status_display = serializers.CharField(source="get_status_display")
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    disposal_kind = serializers.CharField(help_text="deduction, auction, sale or in_kind once disposed")
    disposal_amount = money(allow_null=True)
    carried_from = CarriedFromSerializer(allow_null=True)
    renewals = ControlRenewalSerializer(many=True)
    valuations = ValuationSerializer(many=True)
    auction_rounds = AuctionRoundSerializer(many=True)
    payments = ControlPaymentSerializer(many=True, help_text="Money this control brought in (deduction, sale …).")

    def get_days_left(self, control) -> int | None:
        return control.days_to_expiry(_today(self))

    def get_expiring(self, control) -> bool:
        from cases.dossier_selectors import EXPIRY_WARNING_DAYS

        days = control.days_to_expiry(_today(self))
        return days is not None and days <= EXPIRY_WARNING_DAYS


class ControlApplySerializer(StrictFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ControlKind.choices)
    asset = serializers.CharField(max_length=300, allow_blank=True)
    started_on = serializers.DateField(required=False, allow_null=True)
    amount = MoneyField(required=False, allow_null=True, allow_blank=True, help_text="Required to freeze a deposit.")
    respondent = serializers.IntegerField(required=False, allow_null=True)
    non_deductible = serializers.BooleanField(required=False)
    non_deductible_reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ControlRenewSerializer(StrictFieldsMixin, serializers.Serializer):
    renewed_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class ControlReleaseSerializer(StrictFieldsMixin, serializers.Serializer):
    released_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    reason = serializers.CharField(allow_blank=True, max_length=300)


class ControlDeductSerializer(StrictFieldsMixin, serializers.Serializer):
    amount = MoneyField()
    deducted_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ValuationRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    method = serializers.ChoiceField(choices=ValuationMethod.choices)
    value = MoneyField()
    valued_on = serializers.DateField(required=False, allow_null=True)
    appraiser = serializers.CharField(required=False, allow_blank=True, max_length=120)


class AuctionScheduleSerializer(StrictFieldsMixin, serializers.Serializer):
    reserve_price = MoneyField(help_text="Round 1: ≥ 70% of the valuation; round 2: ≥ 80% of round 1's reserve.")
    starts_on = serializers.DateField(required=False, allow_null=True)
    platform = serializers.CharField(required=False, allow_blank=True, max_length=60)


class AuctionConcludeSerializer(StrictFieldsMixin, serializers.Serializer):
    result = serializers.ChoiceField(choices=[(v, label) for v, label in AuctionResult.choices if v != AuctionResult.SCHEDULED])
    sale_price = MoneyField(required=False, allow_null=True, allow_blank=True, help_text="Required when sold.")
    buyer = serializers.CharField(required=False, allow_blank=True, max_length=120)
    concluded_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class SaleRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    price = MoneyField()
    buyer = serializers.CharField(allow_blank=True, max_length=120)
    sold_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class InKindTransferSerializer(StrictFieldsMixin, serializers.Serializer):
    applicant = serializers.IntegerField(help_text="Party id of the applicant who takes the asset.")
    value = MoneyField(required=False, allow_null=True, allow_blank=True,
                       help_text="After an auction without bidder: that round's reserve (may be omitted).")
    transferred_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    by_agreement = serializers.BooleanField(required=False)


# --- coercive measures ---------------------------------------------------------------------------
class MeasureSerializer(RecordedMixin):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    respondent = PartyRefSerializer()
    issued_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    amount = money(allow_null=True, help_text="Fine amount.")
    reason = serializers.CharField()
    active = serializers.BooleanField(source="is_active")
    lifted_on = serializers.DateField(allow_null=True)
    lift_reason = serializers.CharField()


class MeasureIssueSerializer(StrictFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    respondent = serializers.IntegerField(allow_null=True, default=None, help_text="Party id of one of the case's respondents.")
    issued_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    amount = MoneyField(required=False, allow_null=True, allow_blank=True, help_text="Fines only.")
    reason = serializers.CharField(allow_blank=True, max_length=500)


class MeasureLiftSerializer(StrictFieldsMixin, serializers.Serializer):
    lifted_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    reason = serializers.CharField(allow_blank=True, max_length=300)


# --- money ---------------------------------------------------------------------------------------
class PaymentSerializer(RecordedMixin):
    id = serializers.IntegerField()
    amount = money()
    received_on = serializers.DateField()
    source = serializers.CharField()
    source_display = serializers.CharField(source="get_source_display")
    payer = RedactedText()
    control = serializers.IntegerField(source="control_id", allow_null=True)
    note = serializers.CharField()


class PaymentRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    amount = MoneyField()
    received_on = serializers.DateField(required=False, allow_null=True)
    source = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in DIRECT_PAYMENT_SOURCES], required=False,
        help_text="Deductions, auctions and sales are recorded from their control action.",
    )
    payer = serializers.CharField(required=False, allow_blank=True, max_length=120)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class DisbursementSerializer(RecordedMixin):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    payee = PartyRefSerializer(allow_null=True)
    amount = money()
    paid_on = serializers.DateField()
    plan = serializers.IntegerField(source="plan_id", allow_null=True)
    note = serializers.CharField()


class DisbursementRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    amount = MoneyField()
    paid_on = serializers.DateField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=MANUAL_DISBURSEMENT_KINDS, required=False)
    payee = serializers.IntegerField(required=False, allow_null=True,
                                     help_text="Party id: an applicant, or the respondent for a refund; none for a fee.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ApplicantAccountSerializer(serializers.Serializer):
    party_id = serializers.IntegerField()
    name = serializers.CharField()
    claim_class = serializers.CharField(help_text="secured, wage or ordinary")
    claim = money(allow_null=True, help_text="Null: not set (the case has several applicants).")
    paid = money()
    unpaid = money(allow_null=True)


class LedgerSerializer(serializers.Serializer):
    target = money()
    recovered = money()
    disbursed = money()
    held = money()
    held_since = serializers.DateField(allow_null=True)
    disbursement_due = serializers.DateField(allow_null=True, help_text="held_since + 30 days (*law*).")
    undisbursed_overdue = serializers.BooleanField()
    outstanding = money()
    applicants = ApplicantAccountSerializer(many=True)


class ClaimSetSerializer(StrictFieldsMixin, serializers.Serializer):
    party = serializers.IntegerField(help_text="Party id of one of the case's applicants.")
    claim_amount = MoneyField()
    claim_class = serializers.ChoiceField(choices=ClaimClass.choices, required=False)


class DistributionLineSerializer(serializers.Serializer):
    party_id = serializers.IntegerField()
    name = serializers.CharField()
    claim_class = serializers.CharField()
    claimed = money(help_text="Still unpaid before this distribution.")
    paid = money()


class DistributionPreviewSerializer(serializers.Serializer):
    fund = money(help_text="Money to distribute (default: all money held).")
    total = money(help_text="What the lines pay out.")
    lines = DistributionLineSerializer(many=True)


class DistributionPreviewQuerySerializer(serializers.Serializer):
    fund = MoneyField(required=False, allow_blank=True)


class DistributionExecuteSerializer(StrictFieldsMixin, serializers.Serializer):
    fund = MoneyField(required=False, allow_null=True, allow_blank=True, help_text="Default: all money held.")
    paid_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class DistributionPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fund = money()
    decided_on = serializers.DateField()
    lines = serializers.SerializerMethodField()
    disbursements = DisbursementSerializer(many=True)

    @extend_schema_field(DistributionLineSerializer(many=True))
    def get_lines(self, plan) -> list:
        rows = [{"party_id": ln["party"], "name": ln["name"], "claim_class": ln["claim_class"], "claimed": ln["claimed"],
                 "paid": ln["paid"]} for ln in plan.lines]
        return DistributionLineSerializer(rows, many=True).data


# --- settlement ----------------------------------------------------------------------------------
class InstalmentSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    due_on = serializers.DateField()
    amount = money()
    paid_amount = money()
    unpaid = money()
    paid_on = serializers.DateField(allow_null=True, help_text="Date it was paid in full.")
    paid = serializers.SerializerMethodField(help_text="Paid in full.")
    missed = serializers.SerializerMethodField(help_text="Due date passed with money unpaid.")

    def get_paid(self, instalment) -> bool:
        return instalment.unpaid <= 0

    def get_missed(self, instalment) -> bool:
        return instalment.is_missed(_today(self))


class SettlementSerializer(RecordedMixin):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="performing, performed or breached")
    status_display = serializers.CharField(source="get_status_display")
    agreed_on = serializers.DateField()
    agreed_amount = money()
    paid_before = money(help_text="Received before the agreement.")
    paid = serializers.SerializerMethodField(help_text="Paid towards the instalments.")
    waives_interest = serializers.BooleanField()
    terms = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    instalments = InstalmentSerializer(many=True)

    @extend_schema_field(money())
    def get_paid(self, settlement) -> str:
        from decimal import Decimal

        total = sum((i.paid_amount for i in settlement.instalments.all()), Decimal("0.00"))
        return f"{total:.2f}"


class InstalmentInSerializer(StrictFieldsMixin, serializers.Serializer):
    due_on = serializers.DateField()
    amount = MoneyField()


class SettlementRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    agreed_on = serializers.DateField(required=False, allow_null=True)
    agreed_amount = MoneyField()
    instalments = InstalmentInSerializer(many=True, help_text="At least one; they add up to the agreed amount.")
    waives_interest = serializers.BooleanField(required=False)
    terms = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SettlementBreachSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=500, help_text="The applicant's request to resume enforcement.")


# --- closure and resumption ----------------------------------------------------------------------
class TerminationFactsSerializer(serializers.Serializer):
    """What the judge states for 终本 (the rest of the checklist is read from the dossier)."""

    whereabouts_unknown = serializers.BooleanField(required=False, default=False)
    obstruction = serializers.BooleanField(required=False, default=False)
    blacklist_not_applicable_reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    undisposable_reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class CaseCloseSerializer(StrictFieldsMixin, TerminationFactsSerializer):
    closure_type = serializers.ChoiceField(choices=ClosureType.choices,
                                           help_text="`transferred` is reached through designation, not here.")
    reason = serializers.CharField(allow_blank=True, max_length=500)
    expected_status = serializers.ChoiceField(
        choices=CaseStatus.choices, required=False,
        help_text="Optional optimistic check: refuse with 409 if the case is no longer in this status.",
    )


class ClosureOptionSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    missing = ChecklistItemSerializer(many=True)


class ClosurePreviewSerializer(serializers.Serializer):
    status = serializers.CharField()
    terminated_round = ClosureOptionSerializer(help_text="终本: the §7 checklist plus money not yet paid out.")
    performed = ClosureOptionSerializer(help_text="执行完毕: nothing outstanding and nothing held.")


class ArchiveSerializer(StrictFieldsMixin, serializers.Serializer):
    archived_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    note = serializers.CharField(allow_blank=True, required=False, max_length=200)


class ResumeSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=500)
    filed_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


# --- related cases, my dossiers, dossier summary -------------------------------------------------
class RelatedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="case.pk")
    case_number = serializers.CharField(source="case.case_number")
    court_name = serializers.CharField(source="case.court.name")
    status = serializers.CharField(source="case.status")
    status_display = serializers.CharField(source="case.get_status_display")
    closure_type = serializers.CharField(source="case.closure_type")
    filed_on = serializers.DateField(source="case.filed_on")
    outstanding = money(source="case.outstanding_amount")
    role = serializers.CharField(help_text="The shared party's role there: respondent or applicant.")
    role_display = serializers.CharField(source="get_role_display")
    party = PartyRefSerializer()


class RelatedCasesSerializer(serializers.Serializer):
    cases = RelatedCaseSerializer(many=True, source="links")
    hidden_count = serializers.IntegerField(help_text="Related cases at courts the user cannot see.")
    hidden_courts = serializers.IntegerField(help_text="How many courts those hidden cases are at.")


class DossierAlertsSerializer(serializers.Serializer):
    expiring_controls = serializers.BooleanField(help_text="A control in force expires within 30 days.")
    lapsed_controls = serializers.BooleanField(help_text="A control in force has passed its expiry without renewal.")
    undisbursed_overdue = serializers.BooleanField()
    past_limit = serializers.BooleanField()
    missed_instalment = serializers.BooleanField()


class DossierRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    court_name = serializers.CharField(source="court.name")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    handler = UserRefSerializer(allow_null=True)
    applicants = serializers.SerializerMethodField()
    respondents = serializers.SerializerMethodField()
    filed_on = serializers.DateField()
    limit_date = serializers.DateField()
    target_amount = money()
    recovered_amount = money()
    held_amount = money()
    outstanding = money(source="outstanding_amount")
    cash_ratio = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True,
                                          help_text="现金可执行率: cash found / outstanding; null when nothing is outstanding.")
    days_open = serializers.IntegerField()
    days_idle = serializers.IntegerField(help_text="Days without substantive progress.")
    alerts = DossierAlertsSerializer(source="*")

    def _names(self, case, role: str) -> list[str]:
        return [link.party.name for link in case.case_parties.all() if link.role == role]

    def get_applicants(self, case) -> list[str]:
        return self._names(case, "applicant")

    def get_respondents(self, case) -> list[str]:
        return self._names(case, "respondent")


class DossierSortSerializer(serializers.Serializer):
    sort = serializers.ChoiceField(choices=list(SORTS) + [f"-{key}" for key in SORTS], required=False, default="days_idle",
                                   help_text="days_open and days_idle: longest first; outstanding: largest first; cash_ratio: "
                                             "highest first. A leading '-' turns the order round.")


class MandatoryQuerySerializer(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    done = serializers.BooleanField()
    result = serializers.CharField(allow_null=True)
    queried_on = serializers.DateField(allow_null=True)


class DossierSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    status = serializers.CharField()
    checklist = ChecklistItemSerializer(many=True, help_text="What 终本 still lacks (empty once closed).")
    checklist_complete = serializers.BooleanField(help_text="Open and nothing missing for 终本 (before the facts the judge states).")
    mandatory_queries = MandatoryQuerySerializer(many=True)
    missing_queries = serializers.ListField(child=serializers.CharField())
    pending_leads = InvestigationSerializer(many=True)
    missing_extended = serializers.ListField(child=serializers.CharField())
    requery_due = serializers.DateField(allow_null=True, help_text="After 终本: the next 6-monthly re-query.")
    days_open = serializers.IntegerField()
    days_without_progress = serializers.IntegerField()
    limit_date = serializers.DateField()
    past_limit = serializers.BooleanField()
    held = money()
    disbursement_due = serializers.DateField(allow_null=True)
    undisbursed_overdue = serializers.BooleanField()
    expiring_controls = serializers.IntegerField(help_text="Controls in force expiring within the reminder period.")
    expired_controls = serializers.IntegerField(help_text="Controls in force past their expiry.")
    missed_instalments = serializers.ListField(child=serializers.IntegerField(), help_text="Numbers of missed instalments.")
