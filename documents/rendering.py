"""Render a document's data (documents.content) to DOCX (docxtpl template) or PDF (a Django HTML template
printed by WeasyPrint with the Noto CJK fonts)."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from documents.docx_templates import BUILT_IN_DIR


def template_dir_override() -> Path:
    """Where a court puts its own edited DOCX templates (same file names); read before the built-in ones."""
    return Path(getattr(settings, "DOCUMENT_TEMPLATE_DIR", Path(settings.MEDIA_ROOT) / "document_templates"))


def docx_template(kind: str) -> Path:
    own = template_dir_override() / f"{kind}.docx"
    return own if own.is_file() else BUILT_IN_DIR / f"{kind}.docx"


def render_docx(kind: str, data: dict) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(docx_template(kind)))
    # autoescape: names and addresses may hold "&" or "<", which would otherwise break the XML.
    template.render(data, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def render_pdf_html(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the processes that print need.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(kind: str, data: dict) -> bytes:
    return render_pdf_html(render_to_string(f"documents/pdf/{kind}.html", data))
