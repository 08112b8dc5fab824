"""REST API for cases: registration, list (same filterset as the browser), detail, timeline, audit,
state transitions and reassignment. Thin: serializers translate, services decide."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.fields import SkipField
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from cases import selectors, services
from cases.causes import CAUSES
from cases.filters import CaseFilter
from cases.models import (
    CaseEvent,
    CaseStatus,
    ClaimClass,
    ClosureType,
    DocumentType,
    EnforcementCase,
    EventKind,
    IdType,
    PartyKind,
    PartyRole,
)
from cases.models.case import choice_label
from cases.pagination import CasePagination
from courts import access
from courts.models import Court
from enforcement import schema
from enforcement.api import StrictFieldsMixin  # the apps' input serializers import it from here
from transfers.services import case_reassign


class MoneyField(serializers.CharField):
    """Yuan as a JSON string ("85000.00") or an integer; a JSON float is refused because it has
    already lost exactness before we see it. The value is checked by cases.services.parse_money."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("help_text", 'Decimal yuan as a string, e.g. "85000.00"')
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, float) or isinstance(data, bool):
            raise serializers.ValidationError(_('Send amounts as a string, e.g. "85000.00".'))
        return super().to_internal_value(data)


# --- input -------------------------------------------------------------------------------------
class BasisInSerializer(StrictFieldsMixin, serializers.Serializer):
    document_number = serializers.CharField(max_length=80)
    document_type = serializers.ChoiceField(choices=DocumentType.choices)
    issuing_court = serializers.CharField(max_length=100)
    effective_date = serializers.DateField()
    performance_deadline = serializers.DateField(required=False, allow_null=True)
    principal_amount = MoneyField(required=False, allow_blank=True, allow_null=True)
    obligations = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class PartyInSerializer(StrictFieldsMixin, serializers.Serializer):
    role = serializers.ChoiceField(choices=PartyRole.choices)
    kind = serializers.ChoiceField(choices=PartyKind.choices)
    name = serializers.CharField(max_length=120)
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False, allow_blank=True)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    id_missing_reason = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=24)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    legal_representative = serializers.CharField(required=False, allow_blank=True, max_length=60)
    liability_cap = MoneyField(required=False, allow_blank=True, allow_null=True)
    claim_amount = MoneyField(required=False, allow_blank=True, allow_null=True,
                              help_text="Applicants only: amount claimed, for distribution among several applicants")
    claim_class = serializers.ChoiceField(choices=ClaimClass.choices, required=False, allow_blank=True)


class CaseRegistrationSerializer(StrictFieldsMixin, serializers.Serializer):
    court = serializers.PrimaryKeyRelatedField(queryset=Court.objects.filter(is_active=True))
    cause = serializers.ChoiceField(choices=CAUSES)
    basis = BasisInSerializer()
    target_amount = MoneyField()
    non_monetary_obligations = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    parties = PartyInSerializer(many=True, allow_empty=False, max_length=200)
    interference_risk = serializers.BooleanField(required=False, default=False)
    upper_court_supervised = serializers.BooleanField(required=False, default=False)

    def to_registration_input(self) -> services.RegistrationInput:
        d = self.validated_data
        return services.RegistrationInput(
            court=d["court"],
            cause=d["cause"],
            basis=services.BasisInput(**d["basis"]),
            target_amount=d["target_amount"],
            non_monetary_obligations=d.get("non_monetary_obligations", ""),
            parties=[services.PartyInput(**p) for p in d["parties"]],
            interference_risk=d.get("interference_risk", False),
            upper_court_supervised=d.get("upper_court_supervised", False),
        )


class TransitionSerializer(StrictFieldsMixin, serializers.Serializer):
    transition = serializers.ChoiceField(choices=list(services.TRANSITIONS))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)
    closure_type = serializers.ChoiceField(choices=ClosureType.choices, required=False, allow_blank=True)
    expected_status = serializers.ChoiceField(
        choices=CaseStatus.choices, required=False,
        help_text="Optional optimistic check: refuse with 409 if the case is no longer in this status.",
    )


class ReassignSerializer(StrictFieldsMixin, serializers.Serializer):
    handler = serializers.IntegerField()
    reason = serializers.CharField(max_length=500)


# --- output ------------------------------------------------------------------------------------
class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class BasisOutSerializer(serializers.Serializer):
    document_number = serializers.CharField()
    document_type = serializers.CharField()
    document_type_display = serializers.CharField(source="get_document_type_display")
    issuing_court = serializers.CharField()
    effective_date = serializers.DateField()
    performance_deadline = serializers.DateField(allow_null=True)
    principal_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    obligations = serializers.CharField()


class CasePartyOutSerializer(serializers.Serializer):
    party_id = serializers.IntegerField(source="party.pk")
    role = serializers.CharField()
    kind = serializers.CharField(source="party.kind")
    name = serializers.CharField(source="party.name")
    id_type = serializers.CharField(source="party.id_type")
    id_number = serializers.SerializerMethodField(help_text="Masked unless the viewer works the case.")
    phone = serializers.SerializerMethodField(help_text="Masked unless the viewer works the case.")
    address = serializers.CharField(source="party.address")
    liability_cap = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    claim_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    claim_class = serializers.CharField()

    def _full(self) -> bool:
        return bool(self.context.get("show_full_ids"))

    def get_id_number(self, link) -> str:
        return link.party.id_number if self._full() else link.party.masked_id

    def get_phone(self, link) -> str:
        return link.party.phone if self._full() else link.party.masked_phone


def _ref(obj, name_attr: str = "name"):
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, name_attr)}


class CaseSerializer(serializers.ModelSerializer):
    # Ids, as in the registration request; the names beside them for display.
    court = serializers.IntegerField(source="court_id")
    court_name = serializers.CharField(source="court.name")
    team = serializers.IntegerField(source="team_id", allow_null=True)
    team_name = serializers.SerializerMethodField()
    handler = serializers.IntegerField(source="handler_id", allow_null=True)
    handler_name = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    closure_type_display = serializers.CharField(source="get_closure_type_display")
    cause_display = serializers.CharField(source="cause_label")
    outstanding_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    parties = CasePartyOutSerializer(source="case_parties", many=True)

    class Meta:
        model = EnforcementCase
        fields = [
            "id", "case_number", "status", "status_display", "closure_type", "closure_type_display",
            "court", "court_name", "team", "team_name", "handler", "handler_name", "cause", "cause_display", "target_amount", "recovered_amount", "outstanding_amount",
            "non_monetary_obligations", "filed_on", "closed_on", "is_livelihood", "is_special_subject",
            "interference_risk", "upper_court_supervised", "parties",
        ]

    def get_team_name(self, case) -> str | None:
        return case.team.name if case.team else None

    def get_handler_name(self, case) -> str | None:
        return case.handler.display_name if case.handler else None

    # The fields above, written out by hand: a page of 50 cases with their parties is ~1,300 values,
    # and DRF's generic path (a field object per value, callables inspected per call, choices
    # re-hashed by get_FOO_display) cost several times the database work (issue #7, bench/). The
    # declared fields still define the schema; a subclass's extra fields take the generic path (their
    # field objects only, see _extra_field_objects).
    def to_representation(self, case):
        full = bool(self.context.get("show_full_ids"))
        team, handler = case.team, case.handler
        data = {
            "id": case.pk, "case_number": case.case_number, "status": case.status,
            "status_display": _label(CaseStatus, case.status), "closure_type": case.closure_type,
            "closure_type_display": _label(ClosureType, case.closure_type),
            "court": case.court_id, "court_name": case.court.name, "team": case.team_id,
            "team_name": team.name if team else None, "handler": case.handler_id,
            "handler_name": handler.display_name if handler else None, "cause": case.cause, "cause_display": case.cause_label,
            "target_amount": _money(case.target_amount), "recovered_amount": _money(case.recovered_amount),
            "outstanding_amount": _money(case.outstanding_amount), "non_monetary_obligations": case.non_monetary_obligations,
            "filed_on": case.filed_on.isoformat(), "closed_on": case.closed_on.isoformat() if case.closed_on else None,
            "is_livelihood": case.is_livelihood, "is_special_subject": case.is_special_subject,
            "interference_risk": case.interference_risk, "upper_court_supervised": case.upper_court_supervised,
            "parties": [_party(link, full) for link in case.case_parties.all()],
        }
        extra = _extra_fields(type(self), data)
        if not extra:
            return data  # the list's serializer: nothing beyond the fields above (no field objects built)
        for field in self._extra_field_objects(extra):
            try:
                attribute = field.get_attribute(case)
            except SkipField:
                continue
            data[field.field_name] = None if attribute is None else field.to_representation(attribute)
        return data

    def _extra_field_objects(self, names: tuple[str, ...]) -> list:
        """The readable fields among ``names``, bound to this serializer — as ``self.fields`` would give
        them, without building every field of the model on each call (ModelSerializer.get_fields maps
        all of Meta.fields, some 30, to field objects per serializer instance): each is copied from a
        class-wide unbound prototype, as DRF copies declared fields. ``self.fields`` once built is used."""
        if "fields" in self.__dict__:
            return [f for f in self._readable_fields if f.field_name in names]
        cls = type(self)
        if cls not in _EXTRA_PROTOTYPES:
            built = cls().fields  # once per class
            _EXTRA_PROTOTYPES[cls] = [(name, built[name]) for name in names if not built[name].write_only]
        fields = []
        for name, prototype in _EXTRA_PROTOTYPES[cls]:
            field = copy.deepcopy(prototype)  # Field.__deepcopy__: a fresh, unbound field with the same arguments
            field.bind(field_name=name, parent=self)
            fields.append(field)
        return fields


_EXTRA_FIELDS: dict[type, tuple[str, ...]] = {}
_EXTRA_PROTOTYPES: dict[type, list] = {}


def _extra_fields(cls, built: dict) -> tuple[str, ...]:
    """The fields of ``cls`` (a CaseSerializer) that to_representation does not write by hand."""
    if cls not in _EXTRA_FIELDS:
        _EXTRA_FIELDS[cls] = tuple(name for name in cls.Meta.fields if name not in built)
    return _EXTRA_FIELDS[cls]


_TWO_PLACES = Decimal("0.01")


def _money(value) -> str | None:
    """As DRF's DecimalField(decimal_places=2) with COERCE_DECIMAL_TO_STRING writes it."""
    return None if value is None else f"{Decimal(value).quantize(_TWO_PLACES):f}"


_label = choice_label


def _party(link, full: bool) -> dict:
    party = link.party
    return {
        "party_id": party.pk, "role": link.role, "kind": party.kind, "name": party.name, "id_type": party.id_type,
        "id_number": party.id_number if full else party.masked_id, "phone": party.phone if full else party.masked_phone,
        "address": party.address, "liability_cap": _money(link.liability_cap), "claim_amount": _money(link.claim_amount),
        "claim_class": link.claim_class,
    }


class CaseDetailSerializer(CaseSerializer):
    basis = BasisOutSerializer()
    available_transitions = serializers.SerializerMethodField()
    origin_case = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = CaseSerializer.Meta.fields + [
            "basis", "available_transitions", "origin_case", "created_at", "type_code", "disbursed_amount", "held_amount",
            "held_since", "found_cash_amount", "last_progress_at", "archived_on",
        ]

    def get_available_transitions(self, case) -> list[str]:
        request = self.context.get("request")
        if request is None or not access.can_work_case(request.user, case):
            return []
        return services.available_transitions(case)

    def get_origin_case(self, case) -> dict | None:
        return _ref(case.origin_case, "case_number")


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display")
    description = serializers.SerializerMethodField(help_text="Long numbers masked unless the viewer works the case.")

    def get_description(self, event) -> str:
        from cases.identifiers import redact_numbers

        return event.description if self.context.get("show_full_ids") else redact_numbers(event.description)

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "kind_display", "occurred_at", "actor", "description", "reason", "is_substantive", "data"]

    def get_actor(self, event) -> dict | None:
        return _ref(event.actor, "display_name")

    def to_representation(self, event):
        # By hand, as CaseSerializer: a dossier's timeline runs to hundreds of events (bench/, issue #7).
        from cases.identifiers import redact_numbers

        return {
            "id": event.pk, "kind": event.kind, "kind_display": _label(EventKind, event.kind),
            "occurred_at": _DATETIME.to_representation(event.occurred_at), "actor": _ref(event.actor, "display_name"),
            "description": event.description if self.context.get("show_full_ids") else redact_numbers(event.description),
            "reason": event.reason, "is_substantive": event.is_substantive, "data": event.data,
        }


_DATETIME = serializers.DateTimeField()


class AuditEntrySerializer(serializers.Serializer):
    object = serializers.CharField()
    object_repr = serializers.CharField()
    action = serializers.CharField()
    user = serializers.CharField()
    at = serializers.DateTimeField()
    reason = serializers.CharField()
    changes = serializers.ListField(child=serializers.DictField())


ErrorSerializer = schema.ErrorSerializer  # one "Error" component for the whole API (enforcement.schema)


class CasePermission(permissions.BasePermission):
    """Object level: see = courts.access.visible_cases; write = own court (courts.access)."""

    def has_object_permission(self, request, view, obj) -> bool:
        if not access.can_view_case(request.user, obj):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return access.can_act_on_case(request.user, obj)


_errors = {
    400: OpenApiResponse(description="Field errors, nested like the input"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed for this user or court"),
    404: OpenApiResponse(ErrorSerializer, description="No such case"),
}


@extend_schema_view(
    list=extend_schema(summary="List cases visible to the user", responses={200: CaseSerializer, 403: _errors[403]}),
    retrieve=extend_schema(summary="Case detail", responses={200: CaseDetailSerializer, 403: _errors[403], 404: _errors[404]}),
    create=extend_schema(
        summary="Register a case (立案)", request=CaseRegistrationSerializer,
        responses={201: CaseDetailSerializer, 400: _errors[400], 403: _errors[403]},
    ),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, CasePermission]
    filterset_class = CaseFilter
    pagination_class = CasePagination  # exact count up to 10,000 cases, PostgreSQL's estimate beyond
    lookup_value_regex = r"\d+"
    serializer_class = CaseSerializer

    def get_queryset(self):
        if self.action == "list":
            return selectors.case_list(user=self.request.user).order_by("-filed_on", "-pk")
        return selectors.case_detail_queryset(events=self.action == "events")

    def get_object(self):
        # Unscoped lookup then an object-level check: unknown → 404, another court's case → 403.
        case = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, case)
        return case

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_full_ids"] = False
        return context

    def _detail(self, case, code=status.HTTP_200_OK) -> Response:
        context = self.get_serializer_context()
        context["show_full_ids"] = access.can_act_on_case(self.request.user, case)
        return Response(CaseDetailSerializer(case, context=context).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = CaseRegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.to_registration_input()
        if data.court is not None and not access.can_register_in(request.user, data.court):
            raise PermissionDenied(_("You cannot register cases at this court."))
        case = services.case_register(actor=request.user, data=data)
        # The instance the service wrote holds the row as committed (its court, basis, team, handler and
        # registrar included): only its parties are loaded, not the whole case again.
        prefetch_related_objects([case], selectors.case_parties_prefetch())
        return self._detail(case, code=status.HTTP_201_CREATED)

    @extend_schema(summary="Timeline of the case", responses={200: CaseEventSerializer(many=True), 403: _errors[403], 404: _errors[404]})
    # The whole list, as documented; the case list's filters do not apply to one case's events.
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None):
        case = self.get_object()
        context = {"show_full_ids": access.can_act_on_case(request.user, case)}
        return Response(CaseEventSerializer(case.events.all(), many=True, context=context).data)

    @extend_schema(summary="Audit trail (who changed what, when, why)", responses={200: AuditEntrySerializer(many=True), 403: _errors[403], 404: _errors[404]})
    # The whole list, as documented; the case list's filters do not apply to one case's audit.
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def audit(self, request, pk=None):
        case = self.get_object()
        trail = selectors.case_audit_trail(case=case, full_identity=access.can_act_on_case(request.user, case))
        return Response(AuditEntrySerializer(trail, many=True).data)

    @extend_schema(
        summary="Apply a state transition", request=TransitionSerializer,
        responses={200: CaseDetailSerializer, 400: _errors[400], 403: _errors[403], 404: _errors[404],
                   409: OpenApiResponse(ErrorSerializer, description="Illegal transition from the current status")},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        case = self.get_object()
        if not access.can_work_case(request.user, case):  # before the body: a refusal does not depend on it
            raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief can change this case."))
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.case_transition(actor=request.user, case_id=case.pk, **serializer.validated_data)
        return self._detail(selectors.case_get(pk=case.pk))

    @extend_schema(
        summary="Reassign the handler (bureau chief)", request=ReassignSerializer,
        responses={200: CaseDetailSerializer, 400: _errors[400], 403: _errors[403], 404: _errors[404],
                   409: OpenApiResponse(ErrorSerializer, description="Case is closed")},
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        case = self.get_object()
        if not access.can_reassign(request.user, case):
            raise PermissionDenied(_("Only the bureau chief of this court can reassign its cases."))
        serializer = ReassignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case_reassign(actor=request.user, case_id=case.pk, handler_id=serializer.validated_data["handler"],
                      reason=serializer.validated_data["reason"])
        return self._detail(selectors.case_get(pk=case.pk))
