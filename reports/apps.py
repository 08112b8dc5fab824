from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from enforcement.navigation import NavItem, register

        register(
            NavItem(
                _("Dashboard"),
                "dashboard",
                frozenset({"bureau_chief", "supervisor", "designation_officer", "admin"}),
                order=85,
            )
        )
        register(
            NavItem(
                _("Caseload"),
                "caseload",
                frozenset({"bureau_chief", "supervisor", "designation_officer", "admin"}),
                order=90,
            )
        )
        # The hard-case ledger (五类硬骨头台账) and petitions: page, dossier panel, audit trail.
        register(NavItem(_("Hard-case ledger"), "hard-case-ledger",
                         frozenset({"bureau_chief", "supervisor", "designation_officer", "admin"}), order=88))
        from cases.panels import register as register_panel
        from cases.selectors import AUDIT_SOURCES
        from reports.panels import hard_case_panel

        register_panel(hard_case_panel)
        if audit_sources not in AUDIT_SOURCES:
            AUDIT_SOURCES.append(audit_sources)


def audit_sources(case) -> list:
    """The petitions and ledger entries of a case in its audit trail (cases.selectors.case_audit_trail)."""
    from reports.models import HardCaseEntry, Petition

    return [(Petition, {"case_id": case.pk}), (HardCaseEntry, {"case_id": case.pk})]
