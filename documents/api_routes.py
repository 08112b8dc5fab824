"""REST endpoints of this app, registered on the project's /api/v1/ router (enforcement.urls)."""

from rest_framework.routers import DefaultRouter

CASE = r"cases/(?P<case_pk>\d+)"


def register_routes(router: DefaultRouter) -> None:
    """Register this app's viewsets on ``router``."""
    from documents.api import CaseDocumentViewSet, CaseLateInterestViewSet, LateInterestViewSet

    router.register("tools/late-interest", LateInterestViewSet, basename="late-interest")
    router.register(rf"{CASE}/documents", CaseDocumentViewSet, basename="case-document")
    # cases/{case_pk}/late-interest/: a list-style action on the case's prefix, like the dossier's ledger.
    router.register(CASE, CaseLateInterestViewSet, basename="case-late-interest")
