from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Interest and documents")

    def ready(self) -> None:
        import logging

        from cases.panels import register as register_panel
        from documents.panels import documents_panel
        from enforcement.navigation import NavItem, register

        # The calculator is for every signed-in user (judges, clerks, upper courts, parties' questions at the desk).
        register(NavItem(_("Late-performance interest"), "late-interest", order=70))
        register_panel(documents_panel, name="documents", column="main", order=50)
        # WeasyPrint reports each layout step and fontTools each font subset at INFO: one line per page is noise.
        for name in ("weasyprint.progress", "fontTools"):
            logging.getLogger(name).setLevel(logging.WARNING)
