"""REST API of cross execution (交叉执行, DESIGN.md §8): escalation policies, escalation steps, a case's
escalation history, designation requests and the upper court's decision, concentrated jurisdiction
and entrustments. Thin, like cases.api: one serializer in, one out; the services in transfers.*
validate, lock and decide.

Every object endpoint looks the object up unscoped, then checks it against the user's visible rows
(the selectors, built on courts.access): unknown → 404, not visible → 403. A write the user may not
make is refused (403) before the body is read wherever the object is in the URL; the services check
again. Field errors → 400 nested like the input; a state conflict (already decided, replied,
cases changed) → 409 (enforcement.api.exception_handler)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from cases.api import ErrorSerializer
from cases.api_dossier.serializers import ConflictSerializer
from cases.clock import policy_in_force
from cases.models import EnforcementCase
from courts import access
from courts.models import Court, EscalationPolicy, User
from transfers import designation, entrustment, policy, selectors
from transfers import serializers as s
from transfers.filters import (
    ConcentrationFilter,
    DesignationRequestFilter,
    EntrustmentFilter,
    EscalationPolicyFilter,
    EscalationStepFilter,
)
from transfers.models import Concentration, DesignationRequest, Entrustment, EscalationStep
from transfers.suggestions import designation_suggestions

# --- OpenAPI documentation helpers ---------------------------------------------------------------
BAD_REQUEST = OpenApiResponse(description="Field errors keyed by field (nested like the input); nothing was written")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Not visible to the user, or not allowed for the user's role or court")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such object")
CONFLICT = OpenApiResponse(ConflictSerializer, description="Not possible in the current state (e.g. already decided)")
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the object.")


def doc(summary: str, ok, *, code: int = 200, request=None, detail: bool = False, conflict: bool = False,
        not_found: bool = False, parameters=(), description: str | None = None):
    """extend_schema with the success body and the error bodies an endpoint can answer (``detail``: the
    object's id is in the path)."""
    responses = {code: ok, 403: FORBIDDEN}
    if detail or not_found:
        responses[404] = NOT_FOUND
    if request is not None or parameters:
        responses[400] = BAD_REQUEST
    if conflict:
        responses[409] = CONFLICT
    return extend_schema(summary=summary, description=description, request=request, responses=responses,
                         parameters=[*([ID] if detail else []), *parameters])


def _nested_errors(serializer) -> dict:
    """DRF keys the errors of a list by index ({"results": {1: {…}}}); answer in the shape of the input
    instead, one entry per item ({"results": [{}, {…}]}), as the services and the dossier API do."""
    errors = dict(serializer.errors)
    given = serializer.initial_data if hasattr(serializer.initial_data, "get") else {}
    for name, field in serializer.fields.items():
        value = errors.get(name)
        if isinstance(field, serializers.ListSerializer | serializers.ListField) and isinstance(value, dict) \
                and value and all(str(k).isdigit() for k in value):
            items = given.get(name)
            size = max(len(items) if isinstance(items, list) else 0, max(int(k) for k in value) + 1)
            by_index = {int(k): v for k, v in value.items()}
            empty = {} if isinstance(field, serializers.ListSerializer) else []
            errors[name] = [by_index.get(i, empty) for i in range(size)]
    return errors


def read_input(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationError(_nested_errors(serializer))
    return dict(serializer.validated_data)


can_concentrate = designation.can_concentrate


# --- the base: visible rows from a selector, unknown → 404, not visible → 403 -------------------------
class ScopedViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"
    model: type
    # Per action, the body it reads (the browsable API builds its forms from get_serializer()); the
    # answer is always serializer_class.
    input_serializers: dict[str, type] = {}
    # The selector giving the rows the user may see (transfers.selectors.*_visible), and their order.
    selector: Callable[[User], QuerySet]
    ordering: tuple[str, ...] = ("-pk",)

    def visible(self) -> QuerySet:
        return type(self).selector(self.request.user).order_by(*self.ordering)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return self.model.objects.none()
        return self.visible()

    def get_object(self):
        pk = self.kwargs["pk"]
        obj = self.visible().filter(pk=pk).first()
        if obj is None:
            if self.model.objects.filter(pk=pk).exists():
                raise PermissionDenied()
            raise NotFound()
        return obj

    def get_serializer_class(self):
        return self.input_serializers.get(getattr(self, "action", None) or "") or self.serializer_class

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["user"] = self.request.user
        context["today"] = timezone.localdate()
        return context

    def respond(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        """The object as the list shows it, re-read after the service wrote it."""
        row = self.visible().get(pk=pk)
        return Response(self.serializer_class(row, context=self.get_serializer_context()).data, status=code)


# --- escalation policies -------------------------------------------------------------------------
@extend_schema_view(
    list=doc("Escalation policy versions of the courts the user sees", s.EscalationPolicySerializer(many=True),
             description="Newest first per court; `in_force` marks the version of its court in force today."),
    retrieve=doc("One escalation policy version", s.EscalationPolicySerializer, detail=True),
)
class EscalationPolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = EscalationPolicy
    serializer_class = s.EscalationPolicySerializer
    filterset_class = EscalationPolicyFilter
    input_serializers = {"create": s.EscalationPolicySetSerializer}

    selector = staticmethod(selectors.policies_with_state)
    ordering = ("court_id", "-effective_from", "-pk")

    @doc("Set the escalation policy of the user's court from a date on (bureau chief)", s.EscalationPolicySerializer, code=201,
         request=s.EscalationPolicySetSerializer,
         description="A version dated today applies at once to the court's open cases; a later one on its date. "
                     "Saving again for the same date replaces that version unless cases have moved under it.")
    def create(self, request, *args, **kwargs):
        user = request.user
        # Only a bureau chief sets any policy: refused before the body is read (the service checks the court).
        if not user.is_system_admin and (user.court is None or not policy.can_edit_policy(user, user.court)):
            raise PermissionDenied(_("Only the bureau chief of this court sets its escalation policy."))
        data = read_input(s.EscalationPolicySetSerializer, request.data)
        version = policy.policy_set(actor=user, court_id=data.pop("court").pk, **data)
        return self.respond(version.pk, status.HTTP_201_CREATED)

    @doc("The version in force today for a court (the defaults, with id null, if it never saved one)",
         s.EscalationPolicyInForceSerializer, parameters=[s.CourtQuerySerializer], not_found=True)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def current(self, request, *args, **kwargs):
        query = s.CourtQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        court = Court.objects.filter(pk=query.validated_data["court"]).first()
        if court is None:
            raise NotFound()
        if not access.visible_courts(request.user).filter(pk=court.pk).exists():
            raise PermissionDenied()
        version = policy_in_force(court.pk)
        return Response(s.EscalationPolicyInForceSerializer({
            "id": version.pk, "court": court, "is_default": version.pk is None,
            "effective_from": version.effective_from if version.pk else None,
            "level0_days": version.level0_days, "level1_days": version.level1_days, "level2_days": version.level2_days,
            "special_subject_direct": version.special_subject_direct, "interference_risk_direct": version.interference_risk_direct,
            "reason": version.reason, "created_by": version.created_by if version.pk else None,
            "created_at": version.created_at if version.pk else None,
        }).data)


# --- escalation steps ----------------------------------------------------------------------------
@extend_schema_view(
    list=doc("Escalation steps of the cases the user sees, newest first", s.EscalationStepSerializer(many=True)),
    retrieve=doc("One escalation step, with the numbers that decided it", s.EscalationStepSerializer, detail=True),
)
class EscalationStepViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = EscalationStep
    serializer_class = s.EscalationStepSerializer
    filterset_class = EscalationStepFilter

    selector = staticmethod(selectors.escalation_steps_visible)
    ordering = ("-occurred_at", "-pk")


# --- one case's history ----------------------------------------------------------------------------
class CaseEscalationViewSet(viewsets.GenericViewSet):
    """``/cases/{case_pk}/escalation/``: who held the case, how long, at which level and why it moved."""

    permission_classes = [permissions.IsAuthenticated]
    queryset = EnforcementCase.objects.none()  # for the schema generator; the case comes from the URL
    serializer_class = s.EscalationHistorySerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        summary="Escalation history of a case: clock, holders, steps, requests, timeline, chain of cases",
        parameters=[OpenApiParameter("case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the case.")],
        responses={200: s.EscalationHistorySerializer, 403: FORBIDDEN,
                   404: OpenApiResponse(ErrorSerializer, description="No such case")},
    )
    def list(self, request, *args, **kwargs):
        case = EnforcementCase.objects.select_related("court").filter(pk=kwargs["case_pk"]).first()
        if case is None:
            raise NotFound()
        if not access.can_view_case(request.user, case):
            raise PermissionDenied()
        return Response(s.EscalationHistorySerializer(selectors.escalation_history(case)).data)


# --- designation requests ------------------------------------------------------------------------
@extend_schema_view(
    list=doc("Designation requests: the upper court's inbox and the requests of the user's court",
             s.DesignationRequestSerializer(many=True)),
    retrieve=doc("One designation request", s.DesignationRequestSerializer, detail=True),
)
class DesignationRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = DesignationRequest
    serializer_class = s.DesignationRequestSerializer
    filterset_class = DesignationRequestFilter
    input_serializers = {"create": s.DesignationRequestCreateSerializer, "decide": s.DesignationDecideSerializer}

    selector = staticmethod(selectors.designation_requests_visible)
    ordering = ("-created_at", "-pk")

    @doc("Put a case before the upper court by hand (bureau chief; or the upper court opens one)",
         s.DesignationRequestSerializer, code=201, request=s.DesignationRequestCreateSerializer,
         description="The case waits at level 3 with its clock stopped. A second request while one is pending → 400.")
    def create(self, request, *args, **kwargs):
        data = read_input(s.DesignationRequestCreateSerializer, request.data)
        made = designation.designation_request_create(actor=request.user, case_id=data["case"].pk, reason=data["reason"])
        return self.respond(made.pk, status.HTTP_201_CREATED)

    @doc("Courts to designate, ranked 属人 → 属地 → lowest load, each with its reasons", s.SuggestionSerializer(many=True),
         detail=True)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def suggestions(self, request, *args, **kwargs):
        item = self.get_object()
        return Response(s.SuggestionSerializer([x.as_dict() for x in designation_suggestions(item.case, item.upper_court)],
                                               many=True).data)

    @doc("Decide: 提级执行 (elevate), 指定执行 (designate) or reject", s.DesignationRequestSerializer,
         request=s.DesignationDecideSerializer, detail=True, conflict=True,
         description="One transaction: the original case closes as transferred and the receiving court gets a new case "
                     "(`new_case`). Already decided (e.g. by another officer a moment ago) → 409 with who decided what.")
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        item = self.get_object()
        if not designation.can_decide(request.user, item.upper_court):
            raise PermissionDenied(_("Only the designation officers and the bureau chief of %(court)s decide this request.")
                                   % {"court": item.upper_court.name})
        data = read_input(s.DesignationDecideSerializer, request.data)
        designation.designation_decide(actor=request.user, request_id=item.pk, decision=data["decision"],
                                       target_court_id=data.get("target_court"), team_id=data.get("team"),
                                       reason=data["reason"])
        return self.respond(item.pk)


# --- concentrated jurisdiction (集中管辖) -------------------------------------------------------------
@extend_schema_view(
    list=doc("Concentrations (集中管辖) decided by, received at or moving cases from the user's courts",
             s.ConcentrationSerializer(many=True)),
    retrieve=doc("One concentration, with the cases it moved", s.ConcentrationSerializer, detail=True),
)
class ConcentrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = Concentration
    serializer_class = s.ConcentrationSerializer
    filterset_class = ConcentrationFilter
    input_serializers = {"create": s.ConcentrationCreateSerializer}

    selector = staticmethod(selectors.concentrations_visible)
    ordering = ("-decided_at", "-pk")

    def _require_concentrator(self) -> None:
        if not can_concentrate(self.request.user):
            raise PermissionDenied(_("Only an upper court's designation officers or bureau chief concentrate cases."))

    @doc("Preview: the respondent's open cases in the user's jurisdiction and the courts that may receive them",
         s.ConcentrationPreviewSerializer, parameters=[s.ConcentrationQuerySerializer],
         description="Send `expected_cases` back with the decision: if the set changes meanwhile the decision answers 409.")
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def preview(self, request, *args, **kwargs):
        self._require_concentrator()
        query = s.ConcentrationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        parties = designation.respondent_find(query.validated_data["id_number"])
        if not parties:
            raise ValidationError({"id_number": [_("No party with this ID number or credit code is known.")]})
        cases = list(designation.concentration_cases(actor=request.user, parties=parties))
        return Response(s.ConcentrationPreviewSerializer({
            "respondents": parties, "cases": cases, "expected_cases": [c.pk for c in cases],
            "targets": selectors.concentration_targets(request.user.court, cases),
        }).data)

    @doc("Concentrate: designate every open case against one respondent to one court (all or nothing)",
         s.ConcentrationSerializer, code=201, request=s.ConcentrationCreateSerializer, conflict=True,
         description='A case that cannot move stops the whole action: 400 {"cases": ["<case number>：<why>", …]}. '
                     "The set of cases changed since the preview → 409.")
    def create(self, request, *args, **kwargs):
        self._require_concentrator()
        data = read_input(s.ConcentrationCreateSerializer, request.data)
        made = designation.concentration_execute(actor=request.user, id_number=data["id_number"],
                                                 target_court_id=data.get("target_court"), reason=data["reason"],
                                                 expected_case_ids=data["expected_cases"])
        return self.respond(made.pk, status.HTTP_201_CREATED)


# --- entrustment (委托执行) ----------------------------------------------------------------------------
@extend_schema_view(
    list=doc("Entrustments sent by or to the user's courts", s.EntrustmentSerializer(many=True)),
    retrieve=doc("One entrustment", s.EntrustmentSerializer, detail=True),
)
class EntrustmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = Entrustment
    serializer_class = s.EntrustmentSerializer
    filterset_class = EntrustmentFilter
    input_serializers = {"create": s.EntrustmentCreateSerializer, "reply": s.EntrustmentReplySerializer,
                         "cancel": s.EntrustmentCancelSerializer}

    selector = staticmethod(selectors.entrustments_visible)
    ordering = ("deadline", "pk")

    @doc("Entrust acts to another court (the case's judges or bureau chief)", s.EntrustmentSerializer, code=201,
         request=s.EntrustmentCreateSerializer)
    def create(self, request, *args, **kwargs):
        data = read_input(s.EntrustmentCreateSerializer, request.data)
        made = entrustment.entrustment_create(actor=request.user, case_id=data["case"].pk, to_court_id=data.get("to_court"),
                                              acts=data.get("acts", []), details=data["details"], deadline=data.get("deadline"))
        return self.respond(made.pk, status.HTTP_201_CREATED)

    @doc("Reply (the entrusted court's judges or bureau chief): what was done, act by act", s.EntrustmentSerializer,
         request=s.EntrustmentReplySerializer, detail=True, conflict=True)
    @action(detail=True, methods=["post"])
    def reply(self, request, *args, **kwargs):
        item = self.get_object()
        if not entrustment.can_reply(request.user, item):
            raise PermissionDenied(_("Only the judges and the bureau chief of the entrusted court reply."))
        data = read_input(s.EntrustmentReplySerializer, request.data)
        entrustment.entrustment_reply(actor=request.user, entrustment_id=item.pk, reply=data["reply"],
                                      results=[dict(r) for r in data.get("results", [])])
        return self.respond(item.pk)

    @doc("Withdraw (the entrusting court's judges on the case)", s.EntrustmentSerializer,
         request=s.EntrustmentCancelSerializer, detail=True, conflict=True)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        item = self.get_object()
        if not access.can_work_case(request.user, item.case):
            raise PermissionDenied(_("Only the entrusting court's judges on the case can withdraw it."))
        data = read_input(s.EntrustmentCancelSerializer, request.data)
        entrustment.entrustment_cancel(actor=request.user, entrustment_id=item.pk, reason=data["reason"])
        return self.respond(item.pk)
