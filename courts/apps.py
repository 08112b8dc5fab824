from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    name = "courts"
    verbose_name = _("Courts and people")

    def ready(self) -> None:
        from enforcement.navigation import NavItem, register

        register(NavItem(_("Administration"), "admin:index", staff_only=True, order=1000))
