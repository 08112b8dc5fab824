from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Legacy ledger import")

    def ready(self) -> None:
        from enforcement.navigation import NavItem, register

        # Those who register a court's cases import its old ledger (courts.access.can_import_in).
        register(NavItem(_("Import ledger"), "import-list", frozenset({"clerk", "bureau_chief", "admin"}), order=96))
