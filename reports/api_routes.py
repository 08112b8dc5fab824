"""REST endpoints of this app, registered on the project's /api/v1/ router (enforcement.urls)."""

from rest_framework.routers import DefaultRouter


def register_routes(router: DefaultRouter) -> None:
    """Register this app's viewsets on ``router``."""
    from reports.api_dashboard import ReportViewSet

    # /reports/metrics/, /reports/alerts/, /reports/alerts/{code}/cases/ (list-style actions).
    router.register("reports", ReportViewSet, basename="report")
