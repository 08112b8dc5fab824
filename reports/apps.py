from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from enforcement.navigation import NavItem, register

        register(
            NavItem(
                _("Caseload"),
                "caseload",
                frozenset({"bureau_chief", "supervisor", "designation_officer", "admin"}),
                order=90,
            )
        )
