from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cases.api import CaseViewSet
from courts.api import CourtViewSet, MeView, TeamViewSet, TokenView

router = DefaultRouter()
router.register("courts", CourtViewSet, basename="court")
router.register("teams", TeamViewSet, basename="team")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/v1/me/", MeView.as_view(), name="api-me"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("courts.urls")),
    path("", include("cases.urls")),
    path("", include("reports.urls")),
]
