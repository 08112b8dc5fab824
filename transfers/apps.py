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
        )
        from cases import panels
        from transfers.views import escalation_panel

        panels.register(escalation_panel)
