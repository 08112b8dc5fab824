"""REST endpoints of this app, registered on the project's /api/v1/ router (enforcement.urls)."""

from rest_framework.routers import DefaultRouter


def register_routes(router: DefaultRouter) -> None:
    """Register this app's viewsets on ``router``."""
    from tracking.api import TrackingRecordViewSet

    router.register("tracking-records", TrackingRecordViewSet, basename="tracking-record")
