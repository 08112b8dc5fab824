"""REST endpoints of this app, registered on the project's /api/v1/ router (enforcement.urls)."""

from rest_framework.routers import DefaultRouter


def register_routes(router: DefaultRouter) -> None:
    """Ledger imports: /api/v1/imports/ (upload, list), /{id}/ (progress), /{id}/errors/, /template/."""
    from imports.api import ImportJobViewSet

    router.register("imports", ImportJobViewSet, basename="import")
