"""REST endpoints of this app, registered on the project's /api/v1/ router (enforcement.urls)."""

from rest_framework.routers import DefaultRouter


def register_routes(router: DefaultRouter) -> None:
    """Register this app's viewsets on ``router``."""
    from reports.api_dashboard import ReportViewSet
    from reports.ledger_api import CasePetitionViewSet, HardCaseEntryViewSet

    # /reports/metrics/, /reports/alerts/, /reports/alerts/{code}/cases/ (list-style actions).
    router.register("reports", ReportViewSet, basename="report")
    # The hard-case ledger (list, detail, clear, tag) and a case's petitions (list, detail, record, reply).
    router.register("reports/hard-cases", HardCaseEntryViewSet, basename="hard-case")
    router.register(r"cases/(?P<case_pk>\d+)/petitions", CasePetitionViewSet, basename="case-petition")
