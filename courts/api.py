"""REST API for courts, teams and the current user; token login."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import permissions, serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from courts import access
from courts.models import Court, CourtLevel, Team, TeamMembership
from enforcement.api import StrictFieldsMixin


class CourtSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display")
    case_prefix = serializers.CharField()

    class Meta:
        model = Court
        fields = ["id", "name", "short_name", "level", "level_display", "parent", "province_abbr", "code",
                  "case_prefix", "region", "address", "is_active"]


class CourtFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=CourtLevel.choices)
    parent = django_filters.ModelChoiceFilter(queryset=Court.objects.all())
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Court
        fields = ["level", "parent", "name", "is_active"]


_not_found = {404: OpenApiResponse(description="No such court")}


@extend_schema_view(list=extend_schema(summary="Courts"), retrieve=extend_schema(summary="Court", responses={200: CourtSerializer, **_not_found}))
class CourtViewSet(viewsets.ReadOnlyModelViewSet):
    """The court directory is reference data every user needs (e.g. the issuing court of a basis)."""

    queryset = Court.objects.select_related("parent").order_by("province_abbr", "code", "pk")
    serializer_class = CourtSerializer
    filterset_class = CourtFilter


class MemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(source="user.pk")
    name = serializers.CharField(source="user.display_name")
    role_display = serializers.CharField(source="get_role_display")

    class Meta:
        model = TeamMembership
        fields = ["user_id", "name", "role", "role_display", "is_active"]


class TeamSerializer(serializers.ModelSerializer):
    members = MemberSerializer(source="memberships", many=True)

    class Meta:
        model = Team
        fields = ["id", "court", "name", "is_active", "members"]


@extend_schema_view(list=extend_schema(summary="Teams of the courts the user may see"),
                    retrieve=extend_schema(summary="Team", responses={200: TeamSerializer, 404: OpenApiResponse(description="No such team")}))
class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TeamSerializer
    filterset_fields = ["court", "is_active"]

    def get_queryset(self):
        return (
            Team.objects.filter(court__in=access.visible_courts(self.request.user))
            .select_related("court")
            .prefetch_related("memberships__user")
            .order_by("court_id", "name")
        )


class MeView(APIView):
    @extend_schema(summary="The logged-in user", responses=inline_serializer(
        name="Me", fields={"id": serializers.IntegerField(), "username": serializers.CharField(),
                           "name": serializers.CharField(), "role": serializers.CharField(),
                           "court": serializers.DictField(allow_null=True)}))
    def get(self, request):
        u = request.user
        return Response({
            "id": u.pk, "username": u.username, "name": u.display_name, "role": u.role,
            "court": {"id": u.court.pk, "name": u.court.name} if u.court else None,
        })


class TokenRequestSerializer(StrictFieldsMixin, AuthTokenSerializer):
    """DRF's username + password check; a field it does not know is an error, as everywhere in the API."""


class TokenView(ObtainAuthToken):
    """POST username + password → {"token": "..."}; send it as `Authorization: Token <token>`."""

    permission_classes = [permissions.AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary="Obtain an API token",
        request=inline_serializer(name="TokenRequest", fields={"username": serializers.CharField(), "password": serializers.CharField()}),
        responses={200: inline_serializer(name="TokenResponse", fields={"token": serializers.CharField()}),
                   400: OpenApiResponse(description="Wrong username or password"),
                   429: OpenApiResponse(description="Too many failed logins: locked for the cool-off (django-axes)")},
    )
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except serializers.ValidationError:
            # django-axes flags the lockout on the request it was given, which here is DRF's wrapper: its
            # middleware only sees Django's request, so the lockout answer is given here.
            if getattr(request, "axes_locked_out", False):
                from courts.views import locked_out

                return locked_out(request._request)
            raise
