from importlib import import_module

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cases.api import CaseViewSet
from cases.api_dossier import (
    CaseDossierViewSet,
    ControlViewSet,
    DisbursementViewSet,
    InvestigationViewSet,
    MeasureViewSet,
    MyDossierViewSet,
    PaymentViewSet,
    ProcedureStepViewSet,
)
from cases.api_notifications import NotificationViewSet
from courts.api import CourtViewSet, MeView, TeamViewSet, TokenView

router = DefaultRouter()
router.register("courts", CourtViewSet, basename="court")
router.register("teams", TeamViewSet, basename="team")
router.register("cases", CaseViewSet, basename="case")
# The dossier, nested under its case (cases.api_dossier). The case-level endpoints (ledger, settlement,
# close, resume, related …) are list-style actions of CaseDossierViewSet on the prefix cases/{case_pk}.
CASE = r"cases/(?P<case_pk>\d+)"
router.register(rf"{CASE}/investigations", InvestigationViewSet, basename="case-investigation")
router.register(rf"{CASE}/procedure-steps", ProcedureStepViewSet, basename="case-procedure-step")
router.register(rf"{CASE}/controls", ControlViewSet, basename="case-control")
router.register(rf"{CASE}/measures", MeasureViewSet, basename="case-measure")
router.register(rf"{CASE}/payments", PaymentViewSet, basename="case-payment")
router.register(rf"{CASE}/disbursements", DisbursementViewSet, basename="case-disbursement")
router.register(CASE, CaseDossierViewSet, basename="case-dossier")
router.register("dossiers", MyDossierViewSet, basename="dossier")
router.register("notifications", NotificationViewSet, basename="notification")
# Apps beyond the case dossier register their own endpoints (each has api_routes.register_routes).
ROUTED_APPS = ("transfers", "documents", "tracking", "relief", "reports", "imports")
for app in ROUTED_APPS:
    import_module(f"{app}.api_routes").register_routes(router)

urlpatterns = [
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/v1/me/", MeView.as_view(), name="api-me"),
    # Namespaced: the browser pages use the plain names (case-list, case-detail …).
    path("api/v1/", include((router.urls, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("courts.urls")),
    path("", include("cases.urls")),
    *[path("", include(f"{app}.urls")) for app in ROUTED_APPS],
]

# A URL under /api/ that matches no route answers JSON like the API's own 404s, with DEBUG on or off:
# enforcement.middleware.ApiNotFoundMiddleware.
