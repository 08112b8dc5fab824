"""REST endpoints of the supervisors' dashboard: /api/v1/reports/alerts/, …/alerts/{code}/cases/,
…/metrics/ — the same scope parameters, selectors and definitions as the pages (reports.views)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from cases.api import CaseSerializer
from cases.models import CaseParty
from enforcement.errors import FieldErrors
from reports import alerts as alert_defs
from reports import metrics
from reports.requests import READERS_MESSAGE, can_read_reports, read_scope
from reports.snapshots import dashboard_for
from transfers.api import BAD_REQUEST, FORBIDDEN, NOT_FOUND

SCOPE_PARAMETERS = [
    OpenApiParameter("court", OpenApiTypes.INT, description="Court (with the courts below it). Default: the user's court."),
    OpenApiParameter("team", OpenApiTypes.INT, description="Narrow to one team of that court."),
    OpenApiParameter("handler", OpenApiTypes.INT, description="Narrow to one judge of that court."),
    OpenApiParameter("own", OpenApiTypes.BOOL, description="An upper court's own cases only, without the courts below."),
]
PERIOD_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="First day of the period (default: 1 January this year)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Last day of the period (default: today)."),
]


class ScopeSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["jurisdiction", "court", "team", "judge"])
    court = serializers.IntegerField(source="court.pk")
    court_name = serializers.CharField(source="court.name")
    team = serializers.IntegerField(source="team.pk", allow_null=True, default=None)
    handler = serializers.IntegerField(source="handler.pk", allow_null=True, default=None)
    own_only = serializers.BooleanField()
    title = serializers.CharField()
    court_count = serializers.SerializerMethodField()

    def get_court_count(self, scope) -> int:
        return len(scope.court_ids)


class RowParamsSerializer(serializers.Serializer):
    court = serializers.IntegerField()
    team = serializers.IntegerField(required=False)
    handler = serializers.IntegerField(required=False)
    own = serializers.IntegerField(required=False)


class FiguresSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    closed = serializers.IntegerField()
    pending_start = serializers.IntegerField()
    pending_end = serializers.IntegerField()
    closure_rate = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    performed = serializers.IntegerField()
    terminated_round = serializers.IntegerField()
    transferred = serializers.IntegerField()
    recovered = serializers.DecimalField(max_digits=18, decimal_places=2)
    closed_target = serializers.DecimalField(max_digits=18, decimal_places=2)
    closed_recovered = serializers.DecimalField(max_digits=18, decimal_places=2)
    recovery_rate = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    with_assets = serializers.IntegerField()
    within_limit = serializers.IntegerField()
    within_limit_rate = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    tb_checked = serializers.IntegerField()
    tb_compliance = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    petitions = serializers.IntegerField()


class AlertCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    count = serializers.IntegerField()


class RowSerializer(serializers.Serializer):
    kind = serializers.CharField(source="row.kind")
    label = serializers.CharField(source="row.label")
    params = serializers.SerializerMethodField()
    figures = FiguresSerializer()
    alerts = serializers.DictField(child=serializers.IntegerField())
    alert_total = serializers.IntegerField()
    hard_cases = serializers.IntegerField()

    def get_params(self, r) -> RowParamsSerializer:
        return r.row.params()


class RungSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    label = serializers.CharField()
    escalated = serializers.IntegerField()
    concluded = serializers.IntegerField()
    concluded_rate = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    recovered = serializers.DecimalField(max_digits=18, decimal_places=2)
    mean_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class DesignationSerializer(serializers.Serializer):
    requested = serializers.IntegerField()
    decided = serializers.IntegerField()
    pending = serializers.IntegerField()
    mean_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    median_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class HardCaseCountSerializer(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    open = serializers.IntegerField()


class TrendSerializer(serializers.Serializer):
    months = serializers.ListField(child=serializers.CharField())
    new = serializers.ListField(child=serializers.IntegerField())
    closed = serializers.ListField(child=serializers.IntegerField())
    recovered = serializers.ListField(child=serializers.DecimalField(max_digits=18, decimal_places=2))
    petitions = serializers.ListField(child=serializers.IntegerField())


class DefinitionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    date_from = serializers.DateField(source="start")
    date_to = serializers.DateField(source="end")
    today = serializers.DateField()
    alerts = serializers.SerializerMethodField()
    hard_cases = serializers.SerializerMethodField()
    totals = FiguresSerializer()
    rows = RowSerializer(many=True)
    cross_execution = RungSerializer(source="rungs", many=True)
    designation = DesignationSerializer()
    trends = TrendSerializer()
    definitions = serializers.SerializerMethodField()
    computed_at = serializers.DateTimeField(
        allow_null=True, default=None, help_text="When the figures were computed, if they come from the snapshot a beat job "
                                                 "keeps of each jurisdiction's default view; null: computed for this request.")

    def get_alerts(self, board) -> AlertCountSerializer(many=True):
        return [{"code": a.code, "label": str(a.label), "definition": str(a.definition), "count": n} for a, n in board.alerts]

    def get_hard_cases(self, board) -> HardCaseCountSerializer(many=True):
        return [{"category": c, "label": str(label), "open": n} for c, label, n in board.hard_cases]

    def get_definitions(self, board) -> DefinitionSerializer(many=True):
        groups = (metrics.DEFINITIONS, {f"cross_execution.{k}": v for k, v in metrics.CROSS_DEFINITIONS.items()},
                  {f"designation.{k}": v for k, v in metrics.DESIGNATION_DEFINITIONS.items()})
        return [{"key": k, "label": str(label), "definition": str(text)} for g in groups for k, (label, text) in g.items()]


class AlertRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    params = RowParamsSerializer()
    count = serializers.IntegerField()


class AlertSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    count = serializers.IntegerField()
    rows = AlertRowSerializer(many=True)


class AlertsSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    today = serializers.DateField()
    alerts = AlertSerializer(many=True)


class AlertCaseSerializer(CaseSerializer):
    # Each alert fills the columns it is about; the others are null (e.g. held_since outside 超期未发放).
    limit_on = serializers.DateField(allow_null=True)
    held_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    held_since = serializers.DateField(allow_null=True)
    archived_on = serializers.DateField(allow_null=True)
    first_found_on = serializers.DateField(required=False, allow_null=True, default=None)
    first_expiry_on = serializers.DateField(required=False, allow_null=True, default=None)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "limit_on", "held_amount", "held_since", "archived_on", "first_found_on",
                  "first_expiry_on"]


class ReportPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ReportViewSet(viewsets.ViewSet):
    """Read-only reports for bureau chiefs, supervisors and designation officers (scoped to the courts
    they may read)."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None  # the reports are single objects; alert_cases paginates (its action sets the class)

    def _scope(self, request):
        if not can_read_reports(request.user):
            raise PermissionDenied(READERS_MESSAGE)
        try:
            return read_scope(request.user, request.query_params)
        except FieldErrors as exc:
            raise ValidationError(exc.errors) from exc

    @extend_schema(summary="Dashboard: alerts, hard cases, metrics with drill-down rows, cross execution, trends",
                   parameters=[*SCOPE_PARAMETERS, *PERIOD_PARAMETERS, OpenApiParameter(
                       "live", OpenApiTypes.STR, enum=["1"],
                       description="1: compute now instead of serving the jurisdiction's kept snapshot.")],
                   responses={200: DashboardSerializer, 400: BAD_REQUEST, 403: FORBIDDEN})
    @action(detail=False, methods=["get"])
    def metrics(self, request):
        scope, start, end, _form = self._scope(request)
        board, computed_at = dashboard_for(scope, start=start, end=end, today=timezone.localdate(),
                                           live=request.query_params.get("live") == "1")
        board.computed_at = computed_at
        return Response(DashboardSerializer(board).data)

    @extend_schema(summary="The five 五超 alerts: counts per court, team or judge of the scope",
                   parameters=SCOPE_PARAMETERS, responses={200: AlertsSerializer, 400: BAD_REQUEST, 403: FORBIDDEN})
    @action(detail=False, methods=["get"])
    def alerts(self, request):
        scope, _start, _end, _form = self._scope(request)
        today = timezone.localdate()
        counts = alert_defs.alert_counts(scope, today)
        keys = set().union(*(set(c) for c in counts.values()))
        rows = scope.rows(keys)
        body = []
        for alert in alert_defs.ALERTS:
            per_key = counts[alert.code]
            lines = [{"kind": r.kind, "label": r.label, "params": r.params(), "count": sum(per_key.get(k, 0) for k in r.keys)}
                     for r in rows]
            body.append({"code": alert.code, "label": str(alert.label), "definition": str(alert.definition),
                         "count": sum(per_key.values()), "rows": lines})
        return Response(AlertsSerializer({"scope": scope, "today": today, "alerts": body}).data)

    @extend_schema(summary="The cases behind one alert (paginated)",
                   parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH,
                                                enum=[a.code for a in alert_defs.ALERTS], description="The alert."),
                               *SCOPE_PARAMETERS],
                   responses={200: AlertCaseSerializer(many=True), 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND})
    # pagination_class on the action: the schema then documents the paginated body (and page, page_size).
    @action(detail=False, methods=["get"], url_path=r"alerts/(?P<code>[a-z_]+)/cases", url_name="alert-cases",
            pagination_class=ReportPagination)
    def alert_cases(self, request, code: str):
        if code not in alert_defs.ALERTS_BY_CODE:
            raise NotFound()
        scope, _start, _end, _form = self._scope(request)
        qs = alert_defs.alert_cases(code, scope, timezone.localdate()).prefetch_related(
            Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("role", "position", "pk")))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(AlertCaseSerializer(page, many=True, context={"request": request}).data)
