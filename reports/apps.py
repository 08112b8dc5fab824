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
                menu="reports",
            )
        )
        register(
            NavItem(
                _("Caseload"),
                "caseload",
                frozenset({"bureau_chief", "supervisor", "designation_officer", "admin"}),
                order=90,
                menu="reports",
            )
        )
        # The hard-case ledger (五类硬骨头台账) and petitions: page, dossier panel, audit trail.
        register(NavItem(_("Hard-case ledger"), "hard-case-ledger",
                         frozenset({"bureau_chief", "supervisor", "designation_officer", "admin"}), order=88,
                         menu="reports"))
        from cases.panels import register as register_panel
        from cases.selectors import AUDIT_SOURCES
        from reports.panels import hard_case_panel

        register_panel(hard_case_panel, name="hard-case", column="main", order=60)
        if audit_sources not in AUDIT_SOURCES:
            AUDIT_SOURCES.append(audit_sources)
        from cases.services import AFTER_REGISTRATION

        if ledger_after_registration not in AFTER_REGISTRATION:
            AFTER_REGISTRATION.append(ledger_after_registration)


def ledger_after_registration(case, at) -> None:
    """A case registered with a ledger flag (special subject, supervised, interference risk) enters the
    hard-case ledger at once, not at the next nightly sweep."""
    if not (case.is_special_subject or case.upper_court_supervised or case.interference_risk):
        return
    from cases.services import recorded_at
    from reports.hard_cases import hard_case_rules_apply

    if at is None:
        hard_case_rules_apply(case_id=case.pk)
        return
    with recorded_at(at):  # a registration recorded in the past (import, demo): its entry is dated then too
        hard_case_rules_apply(case_id=case.pk)


def audit_sources(case) -> list:
    """The petitions and ledger entries of a case in its audit trail (cases.selectors.case_audit_trail)."""
    from reports.models import HardCaseEntry, Petition

    return [(Petition, {"case_id": case.pk}), (HardCaseEntry, {"case_id": case.pk})]
