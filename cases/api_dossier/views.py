"""Viewsets of the dossier API, all nested under a case (``/api/v1/cases/{case_pk}/…``) except
"my dossiers". Each request loads the case once: unknown → 404, not visible → 403
(courts.access.can_view_case); a write also needs courts.access.can_work_case (403 before the body
is read). The services check permission again, lock the case and validate every field."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from cases import closure, selectors
from cases import dossier as dossier_services
from cases import money as money_services
from cases.api import CaseDetailSerializer, ErrorSerializer
from cases.api_dossier import filters
from cases.api_dossier import serializers as s
from cases.dossier_selectors import annotate_alerts, my_dossiers, related_cases
from cases.dossier_selectors import dossier as dossier_sections
from cases.models import (
    AuctionRound,
    ClosureType,
    CoerciveMeasure,
    ControlAction,
    ControlStatus,
    Disbursement,
    DistributionPlan,
    EnforcementCase,
    Investigation,
    Payment,
    ProcedureStep,
    Settlement,
)
from cases.services import parse_money
from courts import access
from enforcement.errors import FieldErrors

ZERO = Decimal("0.00")
# Same message as the services' own check (cases.dossier_common.lock_case).
WRITE_DENIED = _("Only the handler, the judges of the case's team or the bureau chief can change this case.")

# --- OpenAPI documentation helpers ---------------------------------------------------------------
CASE_PK = OpenApiParameter("case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the case.")
BAD_REQUEST = OpenApiResponse(description="Field errors keyed by field (nested like the input); nothing was written")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="The case is at a court the user cannot see, or the user may not change it")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such case (or no such item in this case)")
CONFLICT = OpenApiResponse(s.ConflictSerializer, description="Not possible in the current state (e.g. the case is closed)")


def doc(summary: str, ok, *, code: int = 200, request=None, write: bool = False, parameters=(), description: str | None = None):
    """extend_schema for an endpoint under a case: the case id, the success body and the error bodies."""
    responses = {code: ok, 403: FORBIDDEN, 404: NOT_FOUND}
    if write or request is not None or parameters:
        responses[400] = BAD_REQUEST
    if write:
        responses[409] = CONFLICT
    return extend_schema(summary=summary, description=description, request=request, responses=responses,
                         parameters=[CASE_PK, *parameters])


def _list_errors(serializer) -> dict:
    """DRF keys the errors of a nested list by index ({"instalments": {"1": {…}}}); the services
    answer with one entry per item ({"instalments": [{}, {…}]}). Give clients the services' shape."""
    errors = dict(serializer.errors)
    for name, field in serializer.fields.items():
        value = errors.get(name)
        if isinstance(field, serializers.ListSerializer) and isinstance(value, dict) and all(str(k).isdigit() for k in value):
            given = serializer.initial_data.get(name) if hasattr(serializer.initial_data, "get") else None
            size = max(len(given) if isinstance(given, list) else 0, max(int(k) for k in value) + 1)
            by_index = {int(k): v for k, v in value.items()}
            errors[name] = [by_index.get(i, {}) for i in range(size)]
    return errors


# --- the base: the case from the URL, scoped by courts.access --------------------------------------
class CaseScopedViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"
    model: type = EnforcementCase
    # Per action, the body it reads (the browsable API builds its forms from get_serializer()).
    input_serializers: dict[str, type] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.case = self._load_case()

    def _load_case(self) -> EnforcementCase:
        case = EnforcementCase.objects.select_related("court").filter(pk=self.kwargs["case_pk"]).first()
        if case is None:
            raise NotFound()
        user = self.request.user
        if not access.can_view_case(user, case):
            raise PermissionDenied()
        if self.request.method not in permissions.SAFE_METHODS and not self.may_write(user, case):
            raise PermissionDenied(WRITE_DENIED)
        return case

    def may_write(self, user, case) -> bool:
        return access.can_work_case(user, case)

    def case_rows(self, case: EnforcementCase):
        """The rows of this list for the case; subclasses add what their serializer reads."""
        return self.model.objects.filter(case=case)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no case
            return self.model.objects.none()
        return self.case_rows(self.case)

    def get_serializer_class(self):
        return self.input_serializers.get(getattr(self, "action", None) or "") or self.serializer_class or serializers.Serializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = timezone.localdate()
        case = getattr(self, "case", None)
        context["show_full_ids"] = case is not None and access.can_act_on_case(self.request.user, case)
        return context

    def read_input(self, serializer_class, data=None) -> dict:
        serializer = serializer_class(data=self.request.data if data is None else data)
        if not serializer.is_valid():
            raise ValidationError(_list_errors(serializer))
        return dict(serializer.validated_data)

    def own_item(self, pk) -> int:
        """The id of a row of this case's list (404 if it belongs to another case or does not exist)."""
        if not self.model.objects.filter(case=self.case, pk=pk).exists():
            raise NotFound()
        return int(pk)

    def respond(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        """The row as the list shows it, re-read after the service wrote it."""
        row = self.get_queryset().get(pk=pk)
        return Response(self.serializer_class(row, context=self.get_serializer_context()).data, status=code)


# --- investigation (5+X+Y) -------------------------------------------------------------------------
@extend_schema_view(
    list=doc("Asset investigation items (5 online queries, applicant's leads, extended checks)", s.InvestigationSerializer(many=True)),
    retrieve=doc("One investigation item", s.InvestigationSerializer),
)
class InvestigationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseScopedViewSet):
    model = Investigation
    serializer_class = s.InvestigationSerializer
    filterset_class = filters.InvestigationFilter
    input_serializers = {"create": s.InvestigationRecordSerializer, "partial_update": s.InvestigationUpdateSerializer,
                         "online": s.OnlineQueriesSerializer}

    def case_rows(self, case):
        return Investigation.objects.filter(case=case).select_related("respondent", "recorded_by")

    @doc("Record an investigation item (query result, or a lead to check)", s.InvestigationSerializer, code=201,
         request=s.InvestigationRecordSerializer, write=True)
    def create(self, request, *args, **kwargs):
        data = self.read_input(s.InvestigationRecordSerializer)
        item = dossier_services.investigation_record(actor=request.user, case_id=self.case.pk, **data)
        return self.respond(item.pk, status.HTTP_201_CREATED)

    @doc("Record the five online queries at once (all or nothing)", s.InvestigationSerializer(many=True), code=201,
         request=s.OnlineQueriesSerializer, write=True,
         description='Errors of one query come back as "<query>_<field>", e.g. {"business_result": ["…"]}.')
    @action(detail=False, methods=["post"])
    def online(self, request, *args, **kwargs):
        data = self.read_input(s.OnlineQueriesSerializer)
        results = {c: data[c] for c in ("deposit", "real_estate", "vehicle", "securities", "business")}
        items = dossier_services.online_queries_record(actor=request.user, case_id=self.case.pk, queried_on=data["queried_on"],
                                                       results=results, respondent=data.get("respondent"))
        rows = Investigation.objects.filter(pk__in=[i.pk for i in items]).select_related("respondent", "recorded_by").order_by("pk")
        return Response(s.InvestigationSerializer(rows, many=True, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @doc("Record the result of an item checked later (e.g. an applicant's lead)", s.InvestigationSerializer,
         request=s.InvestigationUpdateSerializer, write=True,
         description="Fields left out keep their recorded value.")
    def partial_update(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        data = self.read_input(s.InvestigationUpdateSerializer)
        item = Investigation.objects.get(pk=pk)
        dossier_services.investigation_update(
            actor=request.user, investigation_id=pk, result=data.get("result", item.result),
            queried_on=data.get("queried_on", item.queried_on), details=data.get("details", item.details),
            found_amount=data.get("found_amount", item.found_amount),
        )
        return self.respond(pk)


# --- procedural steps -------------------------------------------------------------------------------
@extend_schema_view(list=doc("Procedural steps (notices served, applicant informed, searches)", s.ProcedureStepSerializer(many=True)))
class ProcedureStepViewSet(mixins.ListModelMixin, CaseScopedViewSet):
    model = ProcedureStep
    serializer_class = s.ProcedureStepSerializer
    filterset_class = filters.ProcedureStepFilter
    input_serializers = {"create": s.ProcedureRecordSerializer}

    def case_rows(self, case):
        return ProcedureStep.objects.filter(case=case).select_related("recorded_by")

    @doc("Record a procedural step", s.ProcedureStepSerializer, code=201, request=s.ProcedureRecordSerializer, write=True)
    def create(self, request, *args, **kwargs):
        data = self.read_input(s.ProcedureRecordSerializer)
        step = dossier_services.procedure_record(actor=request.user, case_id=self.case.pk, **data)
        return self.respond(step.pk, status.HTTP_201_CREATED)


# --- control and disposal ---------------------------------------------------------------------------
@extend_schema_view(
    list=doc("Control actions (freezes, seals, seizures) with expiry, renewals, valuations and auctions",
             s.ControlSerializer(many=True)),
    retrieve=doc("One control action", s.ControlSerializer),
)
class ControlViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseScopedViewSet):
    """Every action on a control answers with the control as the list shows it (its renewals,
    valuations, auction rounds and the payments it brought in)."""

    model = ControlAction
    serializer_class = s.ControlSerializer
    filterset_class = filters.ControlFilter
    input_serializers = {
        "create": s.ControlApplySerializer, "renew": s.ControlRenewSerializer, "release": s.ControlReleaseSerializer,
        "deduct": s.ControlDeductSerializer, "valuations": s.ValuationRecordSerializer, "auctions": s.AuctionScheduleSerializer,
        "auction_conclude": s.AuctionConcludeSerializer, "sale": s.SaleRecordSerializer, "in_kind": s.InKindTransferSerializer,
    }

    def case_rows(self, case):
        return ControlAction.objects.filter(case=case).select_related("respondent", "recorded_by", "carried_from__case").prefetch_related(
            "renewals", "valuations", "payments",
            Prefetch("auction_rounds", queryset=AuctionRound.objects.order_by("round_number", "pk")),
        )

    @doc("Freeze, seal or seize an asset", s.ControlSerializer, code=201, request=s.ControlApplySerializer, write=True)
    def create(self, request, *args, **kwargs):
        data = self.read_input(s.ControlApplySerializer)
        control = dossier_services.control_apply(actor=request.user, case_id=self.case.pk, **data)
        return self.respond(control.pk, status.HTTP_201_CREATED)

    @doc("Renew (续行) for another legal term", s.ControlSerializer, request=s.ControlRenewSerializer, write=True)
    @action(detail=True, methods=["post"])
    def renew(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        dossier_services.control_renew(actor=request.user, control_id=pk, **self.read_input(s.ControlRenewSerializer))
        return self.respond(pk)

    @doc("Release (解除)", s.ControlSerializer, request=s.ControlReleaseSerializer, write=True)
    @action(detail=True, methods=["post"])
    def release(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        dossier_services.control_release(actor=request.user, control_id=pk, **self.read_input(s.ControlReleaseSerializer))
        return self.respond(pk)

    @doc("Deduct (扣划) frozen money into the court's account", s.ControlSerializer, code=201,
         request=s.ControlDeductSerializer, write=True, description="Creates a payment received (source: deduction).")
    @action(detail=True, methods=["post"])
    def deduct(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        dossier_services.control_deduct(actor=request.user, control_id=pk, **self.read_input(s.ControlDeductSerializer))
        return self.respond(pk, status.HTTP_201_CREATED)

    @doc("Record a valuation or price inquiry (评估/询价)", s.ControlSerializer, code=201,
         request=s.ValuationRecordSerializer, write=True)
    @action(detail=True, methods=["post"])
    def valuations(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        dossier_services.valuation_record(actor=request.user, control_id=pk, **self.read_input(s.ValuationRecordSerializer))
        return self.respond(pk, status.HTTP_201_CREATED)

    @doc("Schedule an online auction round (网络司法拍卖)", s.ControlSerializer, code=201,
         request=s.AuctionScheduleSerializer, write=True)
    @action(detail=True, methods=["post"])
    def auctions(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        dossier_services.auction_schedule(actor=request.user, control_id=pk, **self.read_input(s.AuctionScheduleSerializer))
        return self.respond(pk, status.HTTP_201_CREATED)

    @doc("Record an auction round's outcome (sold, no bid, withdrawn)", s.ControlSerializer,
         request=s.AuctionConcludeSerializer, write=True, description="A sale brings the price in as a payment.",
         parameters=[OpenApiParameter("auction_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the auction round.")])
    @action(detail=True, methods=["post"], url_path=r"auctions/(?P<auction_pk>\d+)/conclude", url_name="auction-conclude")
    def auction_conclude(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        if not AuctionRound.objects.filter(pk=kwargs["auction_pk"], control_id=pk).exists():
            raise NotFound()
        dossier_services.auction_conclude(actor=request.user, auction_id=int(kwargs["auction_pk"]),
                                          **self.read_input(s.AuctionConcludeSerializer))
        return self.respond(pk)

    @doc("Sell (变卖) after the second auction found no bidder", s.ControlSerializer, code=201,
         request=s.SaleRecordSerializer, write=True)
    @action(detail=True, methods=["post"])
    def sale(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        dossier_services.sale_record(actor=request.user, control_id=pk, **self.read_input(s.SaleRecordSerializer))
        return self.respond(pk, status.HTTP_201_CREATED)

    @doc("Transfer in kind to an applicant (以物抵债)", s.ControlSerializer, code=201,
         request=s.InKindTransferSerializer, write=True,
         description="The value counts as recovered and as paid out to that applicant.")
    @action(detail=True, methods=["post"], url_path="in-kind", url_name="in-kind")
    def in_kind(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        dossier_services.in_kind_transfer(actor=request.user, control_id=pk, **self.read_input(s.InKindTransferSerializer))
        return self.respond(pk, status.HTTP_201_CREATED)


# --- coercive measures ------------------------------------------------------------------------------
@extend_schema_view(
    list=doc("Coercive and credit measures", s.MeasureSerializer(many=True)),
    retrieve=doc("One coercive measure", s.MeasureSerializer),
)
class MeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseScopedViewSet):
    model = CoerciveMeasure
    serializer_class = s.MeasureSerializer
    filterset_class = filters.MeasureFilter
    input_serializers = {"create": s.MeasureIssueSerializer, "lift": s.MeasureLiftSerializer}

    def case_rows(self, case):
        return CoerciveMeasure.objects.filter(case=case).select_related("respondent", "recorded_by")

    @doc("Issue a measure (blacklist, consumption restriction, fine, detention …)", s.MeasureSerializer, code=201,
         request=s.MeasureIssueSerializer, write=True)
    def create(self, request, *args, **kwargs):
        data = self.read_input(s.MeasureIssueSerializer)
        measure = dossier_services.measure_issue(actor=request.user, case_id=self.case.pk, **data)
        return self.respond(measure.pk, status.HTTP_201_CREATED)

    @doc("Lift a measure", s.MeasureSerializer, request=s.MeasureLiftSerializer, write=True)
    @action(detail=True, methods=["post"])
    def lift(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        dossier_services.measure_lift(actor=request.user, measure_id=pk, **self.read_input(s.MeasureLiftSerializer))
        return self.respond(pk)


# --- money in and out -------------------------------------------------------------------------------
@extend_schema_view(list=doc("Payments received (money in)", s.PaymentSerializer(many=True)))
class PaymentViewSet(mixins.ListModelMixin, CaseScopedViewSet):
    model = Payment
    serializer_class = s.PaymentSerializer
    filterset_class = filters.PaymentFilter
    input_serializers = {"create": s.PaymentRecordSerializer}

    def case_rows(self, case):
        return Payment.objects.filter(case=case).select_related("recorded_by")

    @doc("Record a payment received from the respondent or a third party", s.PaymentSerializer, code=201,
         request=s.PaymentRecordSerializer, write=True)
    def create(self, request, *args, **kwargs):
        data = self.read_input(s.PaymentRecordSerializer)
        payment = money_services.payment_record(actor=request.user, case_id=self.case.pk, **data)
        return self.respond(payment.pk, status.HTTP_201_CREATED)


@extend_schema_view(list=doc("Disbursements (money out)", s.DisbursementSerializer(many=True)))
class DisbursementViewSet(mixins.ListModelMixin, CaseScopedViewSet):
    model = Disbursement
    serializer_class = s.DisbursementSerializer
    filterset_class = filters.DisbursementFilter
    input_serializers = {"create": s.DisbursementRecordSerializer}

    def case_rows(self, case):
        return Disbursement.objects.filter(case=case).select_related("payee", "recorded_by")

    @doc("Pay out money held (发款)", s.DisbursementSerializer, code=201, request=s.DisbursementRecordSerializer, write=True)
    def create(self, request, *args, **kwargs):
        data = self.read_input(s.DisbursementRecordSerializer)
        item = money_services.disbursement_record(actor=request.user, case_id=self.case.pk, **data)
        return self.respond(item.pk, status.HTTP_201_CREATED)


# --- the case's ledger, settlement, closure, resumption, related cases, summary ----------------------
def _ledger(case: EnforcementCase, today) -> dict:
    annotate_alerts(case, today=today)
    accounts = [{"party_id": a.link.party_id, "name": a.link.party.name, "claim_class": a.link.claim_class, "claim": a.claim,
                 "paid": a.paid, "unpaid": a.unpaid} for a in money_services.applicant_accounts(case)]
    return {
        "target": case.target_amount, "recovered": case.recovered_amount, "disbursed": case.disbursed_amount,
        "held": case.held_amount, "held_since": case.held_since, "disbursement_due": case.disbursement_due,
        "undisbursed_overdue": case.undisbursed_overdue, "outstanding": case.outstanding_amount, "applicants": accounts,
    }


def _items(missing) -> list[dict]:
    return [{"code": m.code, "message": str(m.message)} for m in missing]


class CaseDossierViewSet(CaseScopedViewSet):
    """Case-level dossier endpoints (registered under ``cases/{case_pk}``, beside CaseViewSet)."""

    queryset = EnforcementCase.objects.none()  # for the schema generator; every action reads self.case
    filter_backends: list = []
    pagination_class = None
    input_serializers = {
        "claims": s.ClaimSetSerializer, "distribution_execute": s.DistributionExecuteSerializer,
        "settlement_record": s.SettlementRecordSerializer, "settlement_breach": s.SettlementBreachSerializer,
        "close_case": s.CaseCloseSerializer, "resume": s.ResumeSerializer,
    }

    def case_rows(self, case):
        return EnforcementCase.objects.filter(pk=case.pk)

    def may_write(self, user, case) -> bool:
        if self.action == "resume":
            # Resumption opens a new case: the court's registry may do it as well as the case's judges.
            return access.can_work_case(user, case) or access.can_register_in(user, case.court)
        return access.can_work_case(user, case)

    def _fresh_case(self) -> EnforcementCase:
        return EnforcementCase.objects.select_related("court").get(pk=self.case.pk)

    def _case_detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        case = selectors.case_get(pk=pk)
        context = {"request": self.request, "show_full_ids": access.can_act_on_case(self.request.user, case)}
        return Response(CaseDetailSerializer(case, context=context).data, status=code)

    # ledger and claims
    @doc("Money ledger: totals and each applicant's claim, paid and unpaid", s.LedgerSerializer)
    @action(detail=False, methods=["get"])
    def ledger(self, request, *args, **kwargs):
        return Response(s.LedgerSerializer(_ledger(self.case, timezone.localdate())).data)

    @doc("Set an applicant's claim and its priority (for distribution)", s.ApplicantAccountSerializer,
         request=s.ClaimSetSerializer, write=True)
    @action(detail=False, methods=["post"])
    def claims(self, request, *args, **kwargs):
        data = self.read_input(s.ClaimSetSerializer)
        link = money_services.applicant_claim_set(actor=request.user, case_id=self.case.pk, **data)
        ledger = _ledger(self._fresh_case(), timezone.localdate())
        account = next(a for a in ledger["applicants"] if a["party_id"] == link.party_id)
        return Response(s.ApplicantAccountSerializer(account).data)

    # distribution among applicants
    @doc("Preview the distribution of the money held (wages first, then pro rata)", s.DistributionPreviewSerializer,
         parameters=[s.DistributionPreviewQuerySerializer])
    @action(detail=False, methods=["get"])
    def distribution(self, request, *args, **kwargs):
        query = s.DistributionPreviewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        fund = None
        if query.validated_data.get("fund") not in (None, ""):
            try:
                fund = parse_money(query.validated_data["fund"])
            except ValueError as exc:
                raise FieldErrors({"fund": [str(exc)]}) from exc
        lines = money_services.distribution_preview(self.case, fund)
        return Response(s.DistributionPreviewSerializer({
            "fund": self.case.held_amount if fund is None else fund,
            "total": sum((line.paid for line in lines), ZERO),
            "lines": [{"party_id": ln.party_id, "name": ln.name, "claim_class": ln.claim_class, "claimed": ln.claimed,
                       "paid": ln.paid} for ln in lines],
        }).data)

    @doc("Distribute the money held to the applicants in one go", s.DistributionPlanSerializer, code=201,
         request=s.DistributionExecuteSerializer, write=True)
    @distribution.mapping.post
    def distribution_execute(self, request, *args, **kwargs):
        data = self.read_input(s.DistributionExecuteSerializer)
        plan = money_services.distribution_execute(actor=request.user, case_id=self.case.pk, **data)
        plan = DistributionPlan.objects.prefetch_related(
            Prefetch("disbursements", queryset=Disbursement.objects.select_related("payee", "recorded_by"))).get(pk=plan.pk)
        return Response(s.DistributionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    # settlement
    def _settlement_response(self, code: int = status.HTTP_200_OK) -> Response:
        settlement = Settlement.objects.filter(case_id=self.case.pk).select_related("recorded_by").prefetch_related("instalments").first()
        if settlement is None:
            raise NotFound(_("No settlement has been recorded in this case."))
        return Response(s.SettlementSerializer(settlement, context={"today": timezone.localdate()}).data, status=code)

    @doc("The settlement agreement (执行和解) with its instalments", s.SettlementSerializer,
         description="The latest agreement; each instalment says whether it is paid or missed. 404 if none.")
    @action(detail=False, methods=["get"])
    def settlement(self, request, *args, **kwargs):
        return self._settlement_response()

    @doc("Record a settlement agreement and its instalments", s.SettlementSerializer, code=201,
         request=s.SettlementRecordSerializer, write=True)
    @settlement.mapping.post
    def settlement_record(self, request, *args, **kwargs):
        data = self.read_input(s.SettlementRecordSerializer)
        data["instalments"] = [dict(item) for item in data.get("instalments", [])]
        money_services.settlement_record(actor=request.user, case_id=self.case.pk, **data)
        return self._settlement_response(status.HTTP_201_CREATED)

    @doc("A missed instalment: resume enforcement of the original basis", s.SettlementSerializer,
         request=s.SettlementBreachSerializer, write=True)
    @action(detail=False, methods=["post"], url_path="settlement/breach", url_name="settlement-breach")
    def settlement_breach(self, request, *args, **kwargs):
        money_services.settlement_breach(actor=request.user, case_id=self.case.pk, **self.read_input(s.SettlementBreachSerializer))
        return self._settlement_response()

    # closure and resumption
    @doc("Closure preview: what 终本 and 执行完毕 still lack", s.ClosurePreviewSerializer,
         parameters=[s.TerminationFactsSerializer],
         description="The query parameters state the facts the judge would declare for 终本.")
    @action(detail=False, methods=["get"])
    def close(self, request, *args, **kwargs):
        facts = s.TerminationFactsSerializer(data=request.query_params)
        facts.is_valid(raise_exception=True)
        case = self.case
        if not case.is_open:
            closed = [closure.Missing("closed", _("Case %(number)s is closed: it can no longer be changed.") % {"number": case.case_number})]
            terminated_round = performed = closed
        else:
            terminated_round = closure.closure_blockers(case, ClosureType.TERMINATED_ROUND,
                                                        closure.TerminationFacts(**facts.validated_data))
            performed = closure.closure_blockers(case, ClosureType.PERFORMED)
        return Response(s.ClosurePreviewSerializer({
            "status": case.status,
            "terminated_round": {"allowed": not terminated_round, "missing": _items(terminated_round)},
            "performed": {"allowed": not performed, "missing": _items(performed)},
        }).data)

    @doc("Close the case (结案)", CaseDetailSerializer, request=s.CaseCloseSerializer, write=True,
         description='A closure the guards refuse answers 400 with {"checklist": [messages], "missing": [codes]}.')
    @close.mapping.post
    def close_case(self, request, *args, **kwargs):
        data = self.read_input(s.CaseCloseSerializer)
        facts = closure.TerminationFacts(**{name: data.pop(name) for name in s.TerminationFactsSerializer().fields})
        closure.case_close(actor=request.user, case_id=self.case.pk, facts=facts, **data)
        return self._case_detail(self.case.pk)

    @doc("Archive a closed case (归档)", CaseDetailSerializer, request=s.ArchiveSerializer, write=True,
         description="Once, on or after the closure date and not in the future.")
    @action(detail=False, methods=["post"])
    def archive(self, request, *args, **kwargs):
        closure.case_archive(actor=request.user, case_id=self.case.pk, **self.read_input(s.ArchiveSerializer))
        return self._case_detail(self.case.pk)

    @doc("Resume enforcement (恢复执行) of a 终本 case as a new 执恢 case", CaseDetailSerializer, code=201,
         request=s.ResumeSerializer, write=True, description="Answers with the new case.")
    @action(detail=False, methods=["post"])
    def resume(self, request, *args, **kwargs):
        data = self.read_input(s.ResumeSerializer)
        new = closure.case_resume_enforcement(actor=request.user, case_id=self.case.pk, **data)
        return self._case_detail(new.pk, status.HTTP_201_CREATED)

    # reads for the dossier page
    @doc("Related cases (一张网): other cases of this case's respondents", s.RelatedCasesSerializer,
         description="Cases at courts the user cannot see are counted, not shown.")
    @action(detail=False, methods=["get"])
    def related(self, request, *args, **kwargs):
        return Response(s.RelatedCasesSerializer(related_cases(request.user, self.case)).data)

    @doc("Dossier summary: 终本 checklist, missing queries, pending leads, deadlines", s.DossierSummarySerializer)
    @action(detail=False, methods=["get"], url_path="dossier", url_name="dossier-summary")
    def summary(self, request, *args, **kwargs):
        case = self.case
        sections = dossier_sections(case, today=timezone.localdate())
        in_force = [c for c in sections.controls if c.status == ControlStatus.IN_FORCE]
        return Response(s.DossierSummarySerializer({
            "id": case.pk, "case_number": case.case_number, "status": case.status,
            "checklist": _items(sections.checklist),
            "checklist_complete": case.is_open and not sections.checklist,
            "mandatory_queries": [{"category": code, "label": str(label), "done": item is not None,
                                   "result": item.result if item else None, "queried_on": item.queried_on if item else None}
                                  for code, label, item in sections.mandatory],
            "missing_queries": [str(label) for label in sections.missing_queries],
            "pending_leads": sections.pending_leads,
            "missing_extended": [str(label) for label in sections.missing_extended],
            "requery_due": sections.requery_due,
            "days_open": case.days_open, "days_without_progress": case.days_idle, "limit_date": case.limit_date,
            "past_limit": case.past_limit, "held": case.held_amount, "disbursement_due": case.disbursement_due,
            "undisbursed_overdue": case.undisbursed_overdue,
            "expiring_controls": sum(1 for c in in_force if c.expiring and not c.expired),
            "expired_controls": sum(1 for c in in_force if c.expired),
            "missed_instalments": [i.number for i in sections.missed],
        }).data)


# --- my dossiers ------------------------------------------------------------------------------------
@extend_schema_view(list=extend_schema(
    summary="My dossiers: the user's open cases with their alert figures",
    parameters=[s.DossierSortSerializer],
    responses={200: s.DossierRowSerializer(many=True), 400: BAD_REQUEST},
))
class MyDossierViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A judge's own open cases; an assistant's, those of their teams; a bureau chief's, the court's."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.DossierRowSerializer
    queryset = EnforcementCase.objects.none()  # for the schema generator; rows come from the selector
    filter_backends: list = []

    def list(self, request, *args, **kwargs):
        query = s.DossierSortSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = my_dossiers(request.user, sort=query.validated_data["sort"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
