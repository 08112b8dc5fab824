from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = _("Pre-enforcement tracking")

    def ready(self) -> None:
        from enforcement.navigation import NavItem, register

        register(
            # The tracking office (filing clerks, bureau chief) works the list; upper courts read it.
            NavItem(_("Performance tracking"), "tracking-list",
                    frozenset({"clerk", "bureau_chief", "supervisor", "designation_officer", "admin"}), order=15),
            # The figures are read by everyone who sees the court (tracking.views.tracking_metrics).
            NavItem(_("Tracking statistics"), "tracking-metrics",
                    frozenset({"clerk", "judge", "assistant", "bureau_chief", "supervisor", "designation_officer", "admin"}),
                    menu="reports", order=92),
        )
