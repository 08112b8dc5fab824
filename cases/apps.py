from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Enforcement cases")

    def ready(self) -> None:
        from enforcement.navigation import NavItem, register

        register(
            NavItem(
                _("Register a case"), "case-register", frozenset({"clerk", "bureau_chief", "admin"}), order=10
            ),
            NavItem(
                _("My dossiers"), "my-cases", frozenset({"judge", "assistant", "bureau_chief"}), order=20
            ),
            NavItem(_("Cases"), "case-list", order=30),
            NavItem(
                _("Messages"),
                "outbox",
                frozenset({"clerk", "judge", "assistant", "bureau_chief", "admin"}),
                order=80,
            ),
        )
