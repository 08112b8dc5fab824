"""REST API for the court's outbox of messages to parties (阳光执行): list with filters, re-send."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from cases import notifications, selectors
from cases.api import ErrorSerializer
from cases.models import Notification, NotificationStatus


class NotificationSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.case_number")
    recipient = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    phone = serializers.CharField(source="masked_phone", help_text="Masked, as in every list.")

    class Meta:
        model = Notification
        fields = ["id", "case", "case_number", "recipient", "phone", "message", "status", "status_display", "attempts",
                  "last_error", "created_at", "sent_at", "next_attempt_at"]

    def get_recipient(self, note) -> str | None:
        return note.party.name if note.party else None


class NotificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=NotificationStatus.choices)
    case = django_filters.NumberFilter(field_name="case_id")
    case_number = django_filters.CharFilter(field_name="case__case_number", lookup_expr="contains")
    mine = django_filters.BooleanFilter(method="filter_mine", help_text="Only the cases the user handles.")
    created_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")

    class Meta:
        model = Notification
        fields = ["status", "case", "case_number", "mine", "created_after"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(case__handler=self.request.user) if value else queryset


@extend_schema_view(
    list=extend_schema(summary="Messages to parties of the user's court (filter status=failed for the ones to re-send)"),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notification_list(user=self.request.user)

    @extend_schema(summary="Send a message again (a fresh round of attempts)", request=None,
                   responses={200: NotificationSerializer, 403: OpenApiResponse(ErrorSerializer), 404: OpenApiResponse(ErrorSerializer),
                              409: OpenApiResponse(ErrorSerializer, description="Already sent")})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        note = get_object_or_404(self.get_queryset(), pk=pk)
        note = notifications.notification_retry(actor=request.user, notification_id=note.pk)
        return Response(NotificationSerializer(note).data)
