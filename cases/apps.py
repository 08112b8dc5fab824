from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Enforcement cases")

    def ready(self) -> None:
        from cases import panels
        from enforcement.navigation import NavItem, register

        # The respondents' other cases (一张网): a card of its own, like the other apps' (cases.panels).
        panels.register(related_panel, name="related", column="main", order=0)

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


def related_panel(request, case, *, can_work):
    """The respondents' other cases the user may see, and how many more there are elsewhere."""
    from cases.dossier_selectors import related_cases
    from cases.panels import Panel

    return Panel(template="cases/dossier/_related.html", context={"related": related_cases(request.user, case)})
