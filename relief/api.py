"""REST API of judicial aid, bankruptcy referral and custodians, nested under the case
(``/api/v1/cases/{case_pk}/judicial-aid/``, ``…/bankruptcy-referral/``, ``…/custodians/``), and the
report (``/api/v1/relief/report/``). Built on the dossier API's base (cases.api_dossier.views.
CaseScopedViewSet): unknown case → 404, another court's → 403, a write needs courts.access.
can_work_case → 403, decisions the bureau chief's (can_decide_relief) → 403, a step the state
forbids → 409, field errors → 400. Money is a decimal string; JSON floats are refused."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from cases.api import MoneyField, StrictFieldsMixin
from cases.api_dossier.serializers import PartyRefSerializer, RecordedMixin, RedactedText, UserRefSerializer
from cases.api_dossier.views import BAD_REQUEST, FORBIDDEN, CaseScopedViewSet, doc
from relief import selectors, services
from relief.models import (
    BankruptcyReferral,
    Custodian,
    CustodianKind,
    CustodianProceed,
    CustodianReport,
    HardshipCategory,
    JudicialAid,
    MandateScope,
    ProceedSource,
    ReferralConsent,
    ReferralStatus,
)
from reports.selectors import report_court


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


# --- judicial aid ----------------------------------------------------------------------------------------
class AidPaymentSerializer(RecordedMixin):
    id = serializers.IntegerField()
    paid_on = serializers.DateField()
    amount = money()
    note = serializers.CharField()


class JudicialAidSerializer(RecordedMixin):
    id = serializers.IntegerField()
    applicant = PartyRefSerializer()
    category = serializers.CharField(help_text="disability, serious_illness, livelihood or other")
    category_display = serializers.CharField(source="get_category_display")
    facts = serializers.CharField()
    applied_on = serializers.DateField()
    status = serializers.CharField(help_text="applied, assessed, granted, refused or paid")
    status_display = serializers.CharField(source="get_status_display")
    assessed_on = serializers.DateField(allow_null=True)
    assessment = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    decision_number = serializers.CharField()
    granted_amount = money(allow_null=True)
    refusal_reason = serializers.CharField()
    paid_amount = money()
    unpaid_amount = money(help_text="Granted but not yet paid.")
    payments = AidPaymentSerializer(many=True)


class AidApplySerializer(StrictFieldsMixin, serializers.Serializer):
    applicant = serializers.IntegerField(help_text="Party id of one of the case's applicants.")
    category = serializers.ChoiceField(choices=HardshipCategory.choices)
    facts = serializers.CharField(allow_blank=True, max_length=4000)
    applied_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class AidAssessSerializer(StrictFieldsMixin, serializers.Serializer):
    assessed_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    assessment = serializers.CharField(allow_blank=True, max_length=4000)


class AidDecideSerializer(StrictFieldsMixin, serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("grant", "grant"), ("refuse", "refuse")])
    decided_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    amount = MoneyField(required=False, allow_null=True, allow_blank=True, help_text="Required to grant.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="Required to refuse.")
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=80)


class AidPaySerializer(StrictFieldsMixin, serializers.Serializer):
    amount = MoneyField()
    paid_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


@extend_schema_view(
    list=doc("Judicial aid applications of the case (司法救助)", JudicialAidSerializer(many=True)),
    retrieve=doc("One judicial aid application", JudicialAidSerializer),
)
class JudicialAidViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseScopedViewSet):
    """Aid is paid by the state: it is shown here and counted in reports, never in the case's ledger."""

    model = JudicialAid
    serializer_class = JudicialAidSerializer
    filterset_class = None
    input_serializers = {"create": AidApplySerializer, "assess": AidAssessSerializer, "decide": AidDecideSerializer,
                         "pay": AidPaySerializer}

    def case_rows(self, case):
        return JudicialAid.objects.filter(case=case).select_related("applicant", "recorded_by").prefetch_related(
            "payments__recorded_by")

    @doc("Record an application for judicial aid (flags the case)", JudicialAidSerializer, code=201,
         request=AidApplySerializer, write=True)
    def create(self, request, *args, **kwargs):
        aid = services.judicial_aid_apply(actor=request.user, case_id=self.case.pk, **self.read_input(AidApplySerializer))
        return self.respond(aid.pk, status.HTTP_201_CREATED)

    @doc("Record the assessment", JudicialAidSerializer, request=AidAssessSerializer, write=True)
    @action(detail=True, methods=["post"])
    def assess(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.judicial_aid_assess(actor=request.user, aid_id=pk, **self.read_input(AidAssessSerializer))
        return self.respond(pk)

    @doc("Decide: grant with the amount, or refuse with the reason (bureau chief)", JudicialAidSerializer,
         request=AidDecideSerializer, write=True)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.judicial_aid_decide(actor=request.user, aid_id=pk, **self.read_input(AidDecideSerializer))
        return self.respond(pk)

    @doc("Record a payment of the aid granted", JudicialAidSerializer, code=201, request=AidPaySerializer, write=True)
    @action(detail=True, methods=["post"])
    def pay(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.judicial_aid_pay(actor=request.user, aid_id=pk, **self.read_input(AidPaySerializer))
        return self.respond(pk, status.HTTP_201_CREATED)


# --- bankruptcy referral ------------------------------------------------------------------------------------
class ReferralConsentSerializer(RecordedMixin):
    id = serializers.IntegerField()
    party = PartyRefSerializer()
    role = serializers.CharField(help_text="applicant or respondent")
    consented_on = serializers.DateField()
    note = serializers.CharField()


class BankruptcyCourtSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class BankruptcyReferralSerializer(RecordedMixin):
    id = serializers.IntegerField()
    respondent = PartyRefSerializer()
    grounds = serializers.CharField()
    initiated_on = serializers.DateField()
    status = serializers.CharField(help_text="initiated, decided, transferred, accepted, not_accepted or cancelled")
    status_display = serializers.CharField(source="get_status_display")
    consents = ReferralConsentSerializer(many=True)
    decided_on = serializers.DateField(allow_null=True)
    decided_by = UserRefSerializer(allow_null=True)
    decision_note = serializers.CharField()
    bankruptcy_court = BankruptcyCourtSerializer(allow_null=True)
    transferred_on = serializers.DateField(allow_null=True)
    transfer_note = serializers.CharField()
    outcome_on = serializers.DateField(allow_null=True, help_text="Date of the ruling (or of abandoning the referral).")
    ruling_number = serializers.CharField()
    outcome_note = serializers.CharField()


class ReferralStartSerializer(StrictFieldsMixin, serializers.Serializer):
    respondent = serializers.IntegerField(help_text="Party id of a respondent that is an organisation.")
    grounds = serializers.CharField(allow_blank=True, max_length=4000)
    initiated_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class ReferralConsentRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    party = serializers.IntegerField(help_text="Party id of an applicant, or of the respondent referred.")
    consented_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ReferralDecideSerializer(StrictFieldsMixin, serializers.Serializer):
    decided_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReferralTransferSerializer(StrictFieldsMixin, serializers.Serializer):
    bankruptcy_court = serializers.IntegerField(
        help_text="Id of the court reviewing the bankruptcy: the intermediate court whose jurisdiction the case's court "
                  "belongs to, or a court under it (SPC 2017 guidance on 执转破, art. 3); others are refused.")
    transferred_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReferralOutcomeSerializer(StrictFieldsMixin, serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[(s.value, s.label) for s in (ReferralStatus.ACCEPTED, ReferralStatus.NOT_ACCEPTED)])
    ruling_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    ruling_number = serializers.CharField(required=False, allow_blank=True, max_length=80, help_text="Required when accepted.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReferralCancelSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=500)
    cancelled_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


@extend_schema_view(
    list=doc("Referrals of the case to bankruptcy review (执转破), newest first, with their stages", BankruptcyReferralSerializer(many=True)),
    retrieve=doc("One referral", BankruptcyReferralSerializer),
)
class BankruptcyReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseScopedViewSet):
    model = BankruptcyReferral
    serializer_class = BankruptcyReferralSerializer
    filterset_class = None
    input_serializers = {"create": ReferralStartSerializer, "consents": ReferralConsentRecordSerializer, "decide": ReferralDecideSerializer,
                         "transfer": ReferralTransferSerializer, "outcome": ReferralOutcomeSerializer, "cancel": ReferralCancelSerializer}

    def case_rows(self, case):
        from django.db.models import Prefetch

        return (BankruptcyReferral.objects.filter(case=case).select_related("respondent", "bankruptcy_court", "decided_by", "recorded_by")
                .prefetch_related(Prefetch("consents", queryset=ReferralConsent.objects.select_related("party", "recorded_by")
                                           .order_by("consented_on", "pk"))).order_by("-initiated_on", "-pk"))

    @doc("Start a referral (the respondent must be an organisation)", BankruptcyReferralSerializer, code=201,
         request=ReferralStartSerializer, write=True)
    def create(self, request, *args, **kwargs):
        referral = services.referral_initiate(actor=request.user, case_id=self.case.pk, **self.read_input(ReferralStartSerializer))
        return self.respond(referral.pk, status.HTTP_201_CREATED)

    @doc("Record the consent of an applicant or of the respondent", BankruptcyReferralSerializer, code=201,
         request=ReferralConsentRecordSerializer, write=True)
    @action(detail=True, methods=["post"])
    def consents(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.referral_consent_record(actor=request.user, referral_id=pk, **self.read_input(ReferralConsentRecordSerializer))
        return self.respond(pk, status.HTTP_201_CREATED)

    @doc("Decide the referral (bureau chief): enforcement is suspended", BankruptcyReferralSerializer,
         request=ReferralDecideSerializer, write=True)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.referral_decide(actor=request.user, referral_id=pk, **self.read_input(ReferralDecideSerializer))
        return self.respond(pk)

    @doc("Record the transfer of the file to the bankruptcy court", BankruptcyReferralSerializer,
         request=ReferralTransferSerializer, write=True)
    @action(detail=True, methods=["post"])
    def transfer(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.referral_transfer(actor=request.user, referral_id=pk, **self.read_input(ReferralTransferSerializer))
        return self.respond(pk)

    @doc("Record the bankruptcy court's ruling: accepted closes the case as terminated, not accepted resumes it",
         BankruptcyReferralSerializer, request=ReferralOutcomeSerializer, write=True)
    @action(detail=True, methods=["post"])
    def outcome(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.referral_outcome(actor=request.user, referral_id=pk, **self.read_input(ReferralOutcomeSerializer))
        return self.respond(pk)

    @doc("Abandon the referral before the file is transferred (a decided one: bureau chief; enforcement resumes)",
         BankruptcyReferralSerializer, request=ReferralCancelSerializer, write=True)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.referral_cancel(actor=request.user, referral_id=pk, **self.read_input(ReferralCancelSerializer))
        return self.respond(pk)


# --- custodians ------------------------------------------------------------------------------------------------
class CustodianReportSerializer(RecordedMixin):
    id = serializers.IntegerField()
    reported_on = serializers.DateField()
    text = RedactedText()


class CustodianProceedSerializer(RecordedMixin):
    id = serializers.IntegerField()
    received_on = serializers.DateField()
    source = serializers.CharField(help_text="rent, sale, operating or other")
    source_display = serializers.CharField(source="get_source_display")
    gross_amount = money(help_text="Collected by the custodian.")
    fee_amount = money(help_text="The custodian's fee and costs kept out of it.")
    amount = money(help_text="Paid into the court: a payment of the case's ledger.")
    payment = serializers.IntegerField(source="payment_id", help_text="Id of the payment in the case's ledger.")
    note = serializers.CharField()


class CustodianSerializer(RecordedMixin):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="custodian or temporary_administrator")
    kind_display = serializers.CharField(source="get_kind_display")
    control = serializers.IntegerField(source="control_id", allow_null=True, help_text="The sealed or seized property (control action id).")
    asset = RedactedText(source="control.asset", allow_null=True, default=None)
    respondent = PartyRefSerializer(allow_null=True, help_text="The debtor company, for a temporary administrator.")
    name = serializers.CharField()
    contact = RedactedText()
    appointed_on = serializers.DateField()
    scope = serializers.CharField(help_text="lease, sell or manage")
    scope_display = serializers.CharField(source="get_scope_display")
    mandate = serializers.CharField()
    term_until = serializers.DateField(allow_null=True)
    fee_terms = serializers.CharField()
    status = serializers.CharField(help_text="active or ended")
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    reports = CustodianReportSerializer(many=True)
    proceeds = CustodianProceedSerializer(many=True)


class CustodianAppointSerializer(StrictFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=CustodianKind.choices)
    control = serializers.IntegerField(required=False, allow_null=True, help_text="Custodian: id of a seal or seizure in force.")
    respondent = serializers.IntegerField(required=False, allow_null=True,
                                          help_text="Temporary administrator: party id of the respondent company.")
    name = serializers.CharField(allow_blank=True, max_length=120)
    contact = serializers.CharField(required=False, allow_blank=True, max_length=120)
    scope = serializers.ChoiceField(choices=MandateScope.choices)
    appointed_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    term_until = serializers.DateField(required=False, allow_null=True)
    mandate = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    fee_terms = serializers.CharField(required=False, allow_blank=True, max_length=300)


class CustodianReportInSerializer(StrictFieldsMixin, serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=4000)
    reported_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class CustodianProceedInSerializer(StrictFieldsMixin, serializers.Serializer):
    source = serializers.ChoiceField(choices=ProceedSource.choices)
    gross_amount = MoneyField(help_text='Collected, e.g. "3000.00".')
    fee_amount = MoneyField(required=False, allow_null=True, allow_blank=True, help_text="Fee and costs kept by the custodian.")
    received_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class CustodianEndSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=300)
    ended_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


@extend_schema_view(
    list=doc("Custodians and temporary administrators of the case (管理人 / 临时管理人)", CustodianSerializer(many=True)),
    retrieve=doc("One custodian", CustodianSerializer),
)
class CustodianViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseScopedViewSet):
    model = Custodian
    serializer_class = CustodianSerializer
    filterset_class = None
    input_serializers = {"create": CustodianAppointSerializer, "reports": CustodianReportInSerializer,
                         "proceeds": CustodianProceedInSerializer, "end": CustodianEndSerializer}

    def case_rows(self, case):
        from django.db.models import Prefetch

        return Custodian.objects.filter(case=case).select_related("control", "respondent", "recorded_by").prefetch_related(
            Prefetch("reports", queryset=CustodianReport.objects.select_related("recorded_by").order_by("reported_on", "pk")),
            Prefetch("proceeds", queryset=CustodianProceed.objects.select_related("recorded_by").order_by("received_on", "pk")))

    @doc("Appoint a custodian for a seized property, or a temporary administrator for the debtor company", CustodianSerializer,
         code=201, request=CustodianAppointSerializer, write=True)
    def create(self, request, *args, **kwargs):
        custodian = services.custodian_appoint(actor=request.user, case_id=self.case.pk, **self.read_input(CustodianAppointSerializer))
        return self.respond(custodian.pk, status.HTTP_201_CREATED)

    @doc("Record a report of the custodian", CustodianSerializer, code=201, request=CustodianReportInSerializer, write=True)
    @action(detail=True, methods=["post"])
    def reports(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.custodian_report_record(actor=request.user, custodian_id=pk, **self.read_input(CustodianReportInSerializer))
        return self.respond(pk, status.HTTP_201_CREATED)

    @doc("Record proceeds paid into the court (enters the case's ledger, net of the custodian's fee)", CustodianSerializer,
         code=201, request=CustodianProceedInSerializer, write=True)
    @action(detail=True, methods=["post"])
    def proceeds(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.custodian_proceed_record(actor=request.user, custodian_id=pk, **self.read_input(CustodianProceedInSerializer))
        return self.respond(pk, status.HTTP_201_CREATED)

    @doc("End the mandate", CustodianSerializer, request=CustodianEndSerializer, write=True)
    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        services.custodian_end(actor=request.user, custodian_id=pk, **self.read_input(CustodianEndSerializer))
        return self.respond(pk)


# --- the report -------------------------------------------------------------------------------------------------
class ReliefReportQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text="Steps from this day (default: 1 January of this year).")
    date_to = serializers.DateField(required=False, help_text="Steps until this day, included (default: today).")
    court = serializers.IntegerField(required=False, help_text="A court the user sees; its subtree is included.")

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise ValidationError({"date_to": [_("The end of the period is before its start.")]})
        return attrs


class ReliefRowSerializer(serializers.Serializer):
    court = serializers.IntegerField(source="court_id", allow_null=True)
    court_name = serializers.CharField()
    aid_applied = serializers.IntegerField(help_text="Applications made in the period.")
    aid_granted = serializers.IntegerField(help_text="Decisions granting aid in the period.")
    aid_refused = serializers.IntegerField()
    aid_granted_amount = money(help_text="Granted by the decisions of the period (paid by the state; not recovered).")
    aid_paid_amount = money(help_text="Aid paid in the period.")
    aid_pending = serializers.IntegerField(help_text="Applications not yet decided, today.")
    referrals_started = serializers.IntegerField()
    referrals_decided = serializers.IntegerField(help_text="Referral decisions (enforcement suspended) in the period.")
    referrals_transferred = serializers.IntegerField()
    referrals_accepted = serializers.IntegerField(help_text="Bankruptcies accepted in the period (enforcement terminated).")
    referrals_not_accepted = serializers.IntegerField()
    referrals_cancelled = serializers.IntegerField()
    referrals_active = serializers.IntegerField(help_text="Referrals under way today.")
    custodians_appointed = serializers.IntegerField()
    custodians_active = serializers.IntegerField(help_text="Mandates running today.")
    proceeds_count = serializers.IntegerField()
    proceeds_gross = money()
    proceeds_fee = money()
    proceeds_net = money(help_text="Paid into the court in the period (part of the amounts recovered).")


class ReliefReportSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    rows = ReliefRowSerializer(many=True)
    total = ReliefRowSerializer()


class ReliefViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReliefReportSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(summary="Judicial aid, bankruptcy referrals and custodians per court, for a period",
                   parameters=[ReliefReportQuerySerializer],
                   responses={200: ReliefReportSerializer, 400: BAD_REQUEST, 403: FORBIDDEN})
    @action(detail=False, methods=["get"])
    def report(self, request, *args, **kwargs):
        query = ReliefReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        court, allowed = report_court(request.user, d.get("court"))
        if not allowed:
            raise PermissionDenied(_("You do not see this court's figures."))
        start, end = selectors.default_period()
        report = selectors.relief_report(user=request.user, date_from=d.get("date_from") or start, date_to=d.get("date_to") or end,
                                         court=court)
        return Response(ReliefReportSerializer(report).data)

