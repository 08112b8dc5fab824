"""REST API of pre-enforcement tracking (/api/v1/tracking-records/): the list (the same filterset as
the browser list), recording a judgment, correcting it (PATCH, with the reason), its steps, the
hand-off to enforcement and the metrics.
Thin: serializers shape the request (money as strings, JSON floats refused), services decide.
Unknown record → 404; another court's (not visible) → 403; a write needs the court's tracking
office (courts.access.can_track_in) → 403; a step the record's state forbids → 409."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from cases.api import (
    BasisInSerializer,
    CaseDetailSerializer,
    ErrorSerializer,
    MoneyField,
    PartyInSerializer,
    StrictFieldsMixin,
)
from cases.api_dossier.serializers import ConflictSerializer, UserRefSerializer
from cases.causes import CAUSES
from cases.services import BasisInput, PartyInput
from courts import access
from courts.models import Court
from reports.selectors import report_court
from tracking import selectors, services
from tracking.filters import TrackingFilter
from tracking.models import (
    ObligeeStatement,
    ServiceMethod,
    TrackingRecord,
    TrackingRole,
    TrackingStatus,
    TrialDivision,
)

BAD_REQUEST = OpenApiResponse(description="Field errors keyed by field (nested like the input); nothing was written")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="The record is at a court the user cannot see, or the user is not its tracking office")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such tracking record")
CONFLICT = OpenApiResponse(ConflictSerializer, description="Not possible in the record's state (e.g. tracking has ended)")
WRITE_DENIED = _("Only the tracking office of this court (its filing clerks and bureau chief) can change this record.")


# --- input -------------------------------------------------------------------------------------------
class TrackingBasisInSerializer(BasisInSerializer):
    performance_deadline = serializers.DateField(help_text="Last day for performance set by the document.")


class TrackingPartyInSerializer(PartyInSerializer):
    # One party serializer for recording and correcting, so the schema has one obligee/obligor enum.
    id = serializers.IntegerField(required=False, allow_null=True,
                                  help_text="Corrections (PATCH) only: id of the record's party this row corrects "
                                            "(parties[].id); left out for a party added.")
    role = serializers.ChoiceField(choices=TrackingRole.choices)
    liability_cap = None
    claim_amount = None
    claim_class = None


class TrackingRegisterSerializer(StrictFieldsMixin, serializers.Serializer):
    court = serializers.PrimaryKeyRelatedField(queryset=Court.objects.filter(is_active=True))
    division = serializers.ChoiceField(choices=TrialDivision.choices)
    division_name = serializers.CharField(required=False, allow_blank=True, max_length=60)
    cause = serializers.ChoiceField(choices=CAUSES)
    basis = TrackingBasisInSerializer(help_text="The effective document; carried into the enforcement case's basis unchanged.")
    obligation_amount = MoneyField(help_text='Amount the obligors must pay, e.g. "85000.00" ("0" for non-monetary obligations only).')
    non_monetary_obligations = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    parties = TrackingPartyInSerializer(many=True, allow_empty=False, max_length=200)

    def validate_parties(self, parties):
        if any(p.get("id") is not None for p in parties):
            raise ValidationError(_("A new record's parties have no id: ids name the parties of a record being corrected."))
        return parties

    def to_input(self) -> services.TrackingInput:
        d = self.validated_data
        return services.TrackingInput(
            court=d["court"], division=d["division"], division_name=d.get("division_name", ""), cause=d["cause"],
            basis=BasisInput(**d["basis"]), obligation_amount=d["obligation_amount"],
            non_monetary_obligations=d.get("non_monetary_obligations", ""),
            parties=[PartyInput(**{k: v for k, v in p.items() if k != "id"}) for p in d["parties"]],
        )


class TrackingCorrectSerializer(StrictFieldsMixin, serializers.Serializer):
    """A correction (PATCH): only the fields sent change. ``basis`` keys merge into the document;
    ``parties``, when sent, is the whole new list — a row with an ``id`` corrects that party (fields
    left out keep their values), a row without one adds a party, a party left out is removed."""

    division = serializers.ChoiceField(choices=TrialDivision.choices)
    division_name = serializers.CharField(allow_blank=True, max_length=60)
    cause = serializers.ChoiceField(choices=CAUSES)
    basis = TrackingBasisInSerializer(help_text="Only the keys sent change.")
    obligation_amount = MoneyField()
    non_monetary_obligations = serializers.CharField(allow_blank=True, max_length=4000)
    parties = TrackingPartyInSerializer(many=True, allow_empty=False, max_length=200)
    reason = serializers.CharField(max_length=500, help_text="Required: what is corrected and why (kept in the history).")

    def to_input(self, record: TrackingRecord) -> services.TrackingInput:
        d = self.validated_data
        data = services.tracking_input_of(record)
        for name in ("division", "division_name", "cause", "obligation_amount", "non_monetary_obligations"):
            if name in d:
                setattr(data, name, d[name])
        for name, value in d.get("basis", {}).items():
            setattr(data.basis, name, value)
        if "parties" in d:
            current = dict(zip(data.party_ids, data.parties, strict=True))
            parties, ids = [], []
            for row in d["parties"]:
                row = dict(row)
                pid = row.pop("id", None)
                base = current.get(pid)
                values = {**(vars(base) if base is not None else {"role": "", "kind": "", "name": ""}), **row}
                parties.append(PartyInput(**values))
                ids.append(pid)
            data.parties, data.party_ids = parties, ids
        return data


class TrackingNoticeSerializer(StrictFieldsMixin, serializers.Serializer):
    served_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    served_how = serializers.ChoiceField(choices=ServiceMethod.choices)
    recipient = serializers.IntegerField(required=False, allow_null=True,
                                         help_text="Id of one of the record's obligors (parties[].id); all obligors if left out.")
    details = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class TrackingObligeeCheckSerializer(StrictFieldsMixin, serializers.Serializer):
    checked_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today; after the performance deadline.")
    statement = serializers.ChoiceField(choices=ObligeeStatement.choices)
    reported_amount = MoneyField(required=False, allow_null=True, allow_blank=True, help_text="Required for performed_part.")
    details = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class TrackingOutcomeSerializer(StrictFieldsMixin, serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[(s.value, s.label) for s in (TrackingStatus.PERFORMED_FULL,
                                                                            TrackingStatus.PERFORMED_PART, TrackingStatus.WITHDRAWN)])
    outcome_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    performed_amount = MoneyField(required=False, allow_null=True, allow_blank=True,
                                  help_text="In part: required. In full: defaults to the amount to be paid.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="Required when withdrawn.")


class TrackingHandOffSerializer(StrictFieldsMixin, serializers.Serializer):
    applied_on = serializers.DateField(required=False, allow_null=True,
                                       help_text="The day the obligee applied for enforcement. Default: today.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class TrackingMetricsQuerySerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text="Outcomes from this day (default: 1 January of this year).")
    date_to = serializers.DateField(required=False, help_text="Outcomes until this day, included (default: today).")
    court = serializers.IntegerField(required=False, help_text="A court the user sees; its subtree is included.")
    division = serializers.ChoiceField(choices=TrialDivision.choices, required=False)

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise ValidationError({"date_to": [_("The end of the period is before its start.")]})
        return attrs


# --- output ------------------------------------------------------------------------------------------
class TrackingPartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField(help_text="obligee or obligor")
    kind = serializers.CharField()
    name = serializers.CharField()
    id_type = serializers.CharField()
    id_number = serializers.SerializerMethodField(help_text="Masked unless the viewer is the record's tracking office.")
    phone = serializers.SerializerMethodField(help_text="Masked unless the viewer is the record's tracking office.")
    address = serializers.CharField()
    legal_representative = serializers.CharField()

    def get_id_number(self, party) -> str:
        return party.id_number if self.context.get("show_full_ids") else party.masked_id

    def get_phone(self, party) -> str:
        return party.phone if self.context.get("show_full_ids") else party.masked_phone


class TrackingStepSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="reminder, warning, obligee_check, outcome or hand_off")
    kind_display = serializers.CharField(source="get_kind_display")
    done_on = serializers.DateField()
    served_how = serializers.CharField()
    recipient = serializers.IntegerField(source="recipient_id", allow_null=True)
    obligee_statement = serializers.CharField()
    reported_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    details = serializers.CharField()
    recorded_by = UserRefSerializer(allow_null=True)


class TrackingCaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()


class TrackingRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    court = serializers.IntegerField(source="court_id")
    court_name = serializers.CharField(source="court.name")
    division = serializers.CharField()
    division_display = serializers.CharField(source="get_division_display")
    division_name = serializers.CharField()
    document_number = serializers.CharField()
    document_type = serializers.CharField()
    issuing_court = serializers.CharField()
    effective_date = serializers.DateField()
    performance_deadline = serializers.DateField()
    principal_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    obligations = serializers.CharField()
    cause = serializers.CharField()
    cause_display = serializers.CharField(source="cause_label")
    obligation_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    non_monetary_obligations = serializers.CharField()
    status = serializers.CharField(help_text="tracking, performed_full, performed_part, enforcement or withdrawn")
    status_display = serializers.CharField(source="get_status_display")
    outcome_on = serializers.DateField(allow_null=True)
    outcome_note = serializers.CharField()
    performed_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    performed_on = serializers.DateField(allow_null=True)
    enforcement_case = TrackingCaseRefSerializer(allow_null=True)
    parties = TrackingPartySerializer(many=True)


class TrackingRecordDetailSerializer(TrackingRecordSerializer):
    steps = TrackingStepSerializer(many=True)
    created_at = serializers.DateTimeField()
    recorded_by = UserRefSerializer(allow_null=True)


class TrackingMetricsRowSerializer(serializers.Serializer):
    court = serializers.IntegerField(source="court_id", allow_null=True)
    court_name = serializers.CharField()
    division = serializers.CharField()
    division_display = serializers.CharField(source="division_label")
    decided = serializers.IntegerField(help_text="Performed in full + performed in part + passed to enforcement, outcome in the period.")
    performed_full = serializers.IntegerField()
    performed_part = serializers.IntegerField()
    enforcement = serializers.IntegerField()
    withdrawn = serializers.IntegerField(help_text="Counted apart: not in the rate.")
    rate = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True,
                                    help_text="自动履行率 = performed_full ÷ decided, as a ratio (null when nothing was decided).")
    performances = serializers.IntegerField(help_text="Decided records performed voluntarily before enforcement, in full or in part.")
    performed_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    mean_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True,
                                         help_text="Mean calendar days from the effective date to the voluntary performance.")
    median_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    open = serializers.IntegerField(help_text="Still tracked today.")
    overdue = serializers.IntegerField(help_text="Still tracked today, past the performance deadline.")


class TrackingMetricsSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    rows = TrackingMetricsRowSerializer(many=True)
    total = TrackingMetricsRowSerializer()


def _write(summary: str, request, ok=None, code: int = 200):
    responses = {code: ok or TrackingRecordDetailSerializer, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}
    return extend_schema(summary=summary, request=request, responses=responses)


@extend_schema_view(
    list=extend_schema(summary="Tracking records visible to the user (own court; an upper court its subtree)",
                       responses={200: TrackingRecordSerializer(many=True), 403: FORBIDDEN}),
    retrieve=extend_schema(summary="One tracking record with its parties and steps",
                           responses={200: TrackingRecordDetailSerializer, 403: FORBIDDEN, 404: NOT_FOUND}),
    create=extend_schema(summary="Record an effective judgment or mediation statement for tracking (跟踪履行)",
                         request=TrackingRegisterSerializer,
                         responses={201: TrackingRecordDetailSerializer, 400: BAD_REQUEST, 403: FORBIDDEN}),
)
class TrackingRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = TrackingFilter
    serializer_class = TrackingRecordSerializer
    lookup_value_regex = r"\d+"
    input_serializers = {"create": TrackingRegisterSerializer, "partial_update": TrackingCorrectSerializer,
                         "remind": TrackingNoticeSerializer, "warn": TrackingNoticeSerializer,
                         "check": TrackingObligeeCheckSerializer, "outcome": TrackingOutcomeSerializer, "hand_off": TrackingHandOffSerializer}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TrackingRecord.objects.none()
        return selectors.tracking_list(user=self.request.user).order_by("-effective_date", "-pk")

    def get_serializer_class(self):
        return self.input_serializers.get(getattr(self, "action", None) or "") or self.serializer_class

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_full_ids"] = False
        return context

    def _record(self, *, write: bool) -> TrackingRecord:
        record = selectors.tracking_get(pk=self.kwargs["pk"])
        if record is None:
            raise NotFound()
        if not selectors.can_view_record(self.request.user, record):
            raise PermissionDenied()
        if write and not access.can_track_in(self.request.user, record.court):
            raise PermissionDenied(WRITE_DENIED)
        return record

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        record = selectors.tracking_get(pk=pk)
        context = {"show_full_ids": access.can_track_in(self.request.user, record.court)}
        return Response(TrackingRecordDetailSerializer(record, context=context).data, status=code)

    def _read(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self._record(write=False).pk)

    def create(self, request, *args, **kwargs):
        serializer = TrackingRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.to_input()
        if not access.can_track_in(request.user, data.court):
            raise PermissionDenied(_("Only the tracking office of this court (its filing clerks and bureau chief) can record judgments for tracking."))
        record = services.tracking_register(actor=request.user, data=data)
        return self._detail(record.pk, status.HTTP_201_CREATED)

    @_write("Correct the record's document and parties while it is tracked (or, performed in part, not yet passed on); "
            "the same checks as the registration, with the reason", TrackingCorrectSerializer)
    def partial_update(self, request, *args, **kwargs):
        record = self._record(write=True)
        serializer = TrackingCorrectSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.tracking_correct(actor=request.user, record_id=record.pk, data=serializer.to_input(record),
                                  reason=serializer.validated_data.get("reason", ""))
        return self._detail(record.pk)

    @_write("Record the performance reminder (督促履行通知书) as served", TrackingNoticeSerializer)
    @action(detail=True, methods=["post"])
    def remind(self, request, *args, **kwargs):
        record = self._record(write=True)
        services.tracking_notice_serve(actor=request.user, record_id=record.pk, kind="reminder", **self._read(TrackingNoticeSerializer))
        return self._detail(record.pk)

    @_write("Record the dishonest-debtor warning (失信惩戒预警通知书) as served", TrackingNoticeSerializer)
    @action(detail=True, methods=["post"])
    def warn(self, request, *args, **kwargs):
        record = self._record(write=True)
        services.tracking_notice_serve(actor=request.user, record_id=record.pk, kind="warning", **self._read(TrackingNoticeSerializer))
        return self._detail(record.pk)

    @_write("Record the obligee's answer after the performance deadline", TrackingObligeeCheckSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, *args, **kwargs):
        record = self._record(write=True)
        services.tracking_obligee_check(actor=request.user, record_id=record.pk, **self._read(TrackingObligeeCheckSerializer))
        return self._detail(record.pk)

    @_write("Record the outcome: performed in full, in part, or withdrawn", TrackingOutcomeSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, *args, **kwargs):
        record = self._record(write=True)
        services.tracking_outcome_record(actor=request.user, record_id=record.pk, **self._read(TrackingOutcomeSerializer))
        return self._detail(record.pk)

    @_write("Pass the record to enforcement: registers the enforcement case from it (once)", TrackingHandOffSerializer,
            ok=CaseDetailSerializer, code=201)
    @action(detail=True, methods=["post"], url_path="hand-off", url_name="hand-off")
    def hand_off(self, request, *args, **kwargs):
        from cases import selectors as case_selectors

        record = self._record(write=True)
        case = services.tracking_hand_off(actor=request.user, record_id=record.pk, **self._read(TrackingHandOffSerializer))
        case = case_selectors.case_get(pk=case.pk)
        context = {"request": request, "show_full_ids": access.can_act_on_case(request.user, case)}
        return Response(CaseDetailSerializer(case, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Voluntary performance rate (自动履行率) and performances before enforcement, per court and division",
                   parameters=[TrackingMetricsQuerySerializer],
                   responses={200: TrackingMetricsSerializer, 400: BAD_REQUEST, 403: FORBIDDEN})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def metrics(self, request, *args, **kwargs):
        query = TrackingMetricsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        court, allowed = report_court(request.user, d.get("court"))
        if not allowed:
            raise PermissionDenied(_("You do not see this court's figures."))
        start, end = selectors.default_period()
        metrics = selectors.performance_metrics(user=request.user, date_from=d.get("date_from") or start,
                                                date_to=d.get("date_to") or end, court=court, division=d.get("division", ""))
        return Response(TrackingMetricsSerializer(metrics).data)

