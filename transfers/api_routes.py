"""REST endpoints of this app, registered on the project's /api/v1/ router (enforcement.urls)."""

from rest_framework.routers import DefaultRouter


def register_routes(router: DefaultRouter) -> None:
    """Register this app's viewsets on ``router``."""
    from transfers.api import (
        CaseEscalationViewSet,
        ConcentrationViewSet,
        DesignationRequestViewSet,
        EntrustmentViewSet,
        EscalationPolicyViewSet,
        EscalationStepViewSet,
    )

    router.register("escalation-policies", EscalationPolicyViewSet, basename="escalation-policy")
    router.register("escalation-steps", EscalationStepViewSet, basename="escalation-step")
    # A case's history sits beside the dossier endpoints: /cases/{case_pk}/escalation/ (list-style).
    router.register(r"cases/(?P<case_pk>\d+)/escalation", CaseEscalationViewSet, basename="case-escalation")
    router.register("designation-requests", DesignationRequestViewSet, basename="designation-request")
    router.register("concentrations", ConcentrationViewSet, basename="concentration")
    router.register("entrustments", EntrustmentViewSet, basename="entrustment")
    # Enforcement campaigns sit with the other supervisor-side reports: /reports/campaigns/ and their cases.
    from transfers.api_campaigns import CampaignCaseViewSet, CampaignViewSet

    router.register("reports/campaigns", CampaignViewSet, basename="campaign")
    router.register(r"reports/campaigns/(?P<campaign_pk>\d+)/cases", CampaignCaseViewSet, basename="campaign-case")
