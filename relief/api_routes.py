"""REST endpoints of this app, registered on the project's /api/v1/ router (enforcement.urls)."""

from rest_framework.routers import DefaultRouter

CASE = r"cases/(?P<case_pk>\d+)"


def register_routes(router: DefaultRouter) -> None:
    """Register this app's viewsets on ``router``: three lists nested under the case, and the report."""
    from relief.api import BankruptcyReferralViewSet, CustodianViewSet, JudicialAidViewSet, ReliefViewSet

    router.register(rf"{CASE}/judicial-aid", JudicialAidViewSet, basename="case-judicial-aid")
    router.register(rf"{CASE}/bankruptcy-referral", BankruptcyReferralViewSet, basename="case-bankruptcy-referral")
    router.register(rf"{CASE}/custodians", CustodianViewSet, basename="case-custodian")
    router.register("relief", ReliefViewSet, basename="relief")
