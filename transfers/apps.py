from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_upper_court(user) -> bool:
    return bool(user.court_id) and user.court.level != "basic"


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = _("Assignment and transfers")

    def ready(self) -> None:
        from courts import access
        from enforcement.navigation import NavItem, register
        from transfers import visibility

        for hook in (visibility.received_by_designation, visibility.moved_from_here, visibility.entrusted_to):
            if hook not in access.EXTRA_VISIBILITY:
                access.EXTRA_VISIBILITY.append(hook)
        register(
            NavItem(_("Designation inbox"), "designation-inbox", frozenset({"designation_officer", "bureau_chief", "supervisor"}),
                    order=40, when=_is_upper_court),
            NavItem(_("Concentration"), "concentration", frozenset({"designation_officer", "bureau_chief"}), order=45,
                    when=_is_upper_court),
            NavItem(_("Entrustments"), "entrustment-inbox",
                    frozenset({"judge", "assistant", "bureau_chief", "supervisor", "designation_officer"}), order=50),
            NavItem(_("Escalation policy"), "escalation-policy", frozenset({"bureau_chief", "supervisor"}), order=85),
            # Campaigns: the upper courts' organisers and supervisors, and the courts' judges who report.
            NavItem(_("Enforcement campaigns"), "campaign-list",
                    frozenset({"judge", "assistant", "bureau_chief", "supervisor", "designation_officer", "admin"}), order=55),
        )
        from cases import panels
        from transfers.views import escalation_panel
        from transfers.views_campaigns import campaign_panel

        panels.register(escalation_panel, name="escalation", column="side", order=10)
        panels.register(campaign_panel, name="campaigns", column="main", order=60)
        from cases.selectors import AUDIT_SOURCES

        if audit_sources not in AUDIT_SOURCES:
            AUDIT_SOURCES.append(audit_sources)


def audit_sources(case) -> list:
    """The campaign rows of a case (added, reported, checked off, removed) in its audit trail
    (cases.selectors.case_audit_trail)."""
    from transfers.models import CampaignCase

    return [(CampaignCase, {"case_id": case.pk})]
