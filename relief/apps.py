from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "relief"
    verbose_name = _("Judicial aid, bankruptcy referral and custodians")

    def ready(self) -> None:
        from cases.panels import register as register_panel
        from enforcement.navigation import NavItem, register
        from relief.panels import relief_panel

        register_panel(relief_panel, name="relief", column="main", order=50)
        # Everyone who sees a court reads its figures (relief.views.relief_report_view): judges and
        # assistants too, who prepare the aid and referral steps.
        register(NavItem(_("Aid and bankruptcy report"), "relief-report",
                         frozenset({"judge", "assistant", "bureau_chief", "supervisor", "designation_officer", "admin"}), menu="reports", order=94))
        from cases.selectors import AUDIT_SOURCES

        if audit_sources not in AUDIT_SOURCES:
            AUDIT_SOURCES.append(audit_sources)


def audit_sources(case) -> list:
    """The relief records of a case shown in its audit trail (cases.selectors.case_audit_trail)."""
    from relief.models import (
        AidPayment,
        BankruptcyReferral,
        Custodian,
        CustodianProceed,
        JudicialAid,
        ReferralConsent,
    )

    return [(JudicialAid, {"case_id": case.pk}), (AidPayment, {"aid__case_id": case.pk}),
            (BankruptcyReferral, {"case_id": case.pk}), (ReferralConsent, {"referral__case_id": case.pk}),
            (Custodian, {"case_id": case.pk}), (CustodianProceed, {"custodian__case_id": case.pk})]
