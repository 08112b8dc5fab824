"""Writes of the documents app: generating a document for a case (one transaction: lock the case,
number the version, render, store the file and its row, write the timeline event)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.dossier_common import Errors
from cases.models import EnforcementCase, EventKind
from cases.services import case_event_record
from courts import access
from courts.models import User
from documents import content, interest
from documents.models import DocumentFormat, DocumentKind, GeneratedDocument
from documents.rendering import render_docx, render_pdf


def may_generate(user: User, case: EnforcementCase, kind: str | None = None) -> bool:
    """Staff of the court that owns the case (courts.access.can_act_on_case); for the designation decision
    also the upper court's officers who decided it."""
    if access.can_act_on_case(user, case):
        return True
    if kind == DocumentKind.DESIGNATION_DECISION:
        from documents.designation import may_generate_designation

        return may_generate_designation(user, case)
    return False


def may_download(user: User, case: EnforcementCase) -> bool:
    """Anyone who may see the case may read its documents."""
    return access.can_view_case(user, case)


@transaction.atomic
def document_generate(*, actor: User, case_id: int, kind: str, format: str, target_date: dt.date | None = None,
                      allocation: str | None = None) -> GeneratedDocument:
    """Generate ``kind`` for the case as ``format`` (docx or pdf), as the next version of that kind.

    ``target_date`` and ``allocation`` apply to the interest statement only (compute to that date, in that
    payment order; by default today and the statutory order). The case row is locked while the version is
    numbered and the file written, so two clerks generating at once get versions n and n + 1."""
    errors = Errors()
    if kind not in DocumentKind.values:
        errors.add("kind", _("Choose a document."))
    if format not in DocumentFormat.values:
        errors.add("format", _("Choose DOCX or PDF."))
    if allocation not in (None, "") and allocation not in interest.ALLOCATIONS:
        errors.add("allocation", _("Choose a valid option."))
    if target_date is not None and (not isinstance(target_date, dt.date) or isinstance(target_date, dt.datetime)):
        errors.add("target_date", _("Enter a date as YYYY-MM-DD."))
    case = (EnforcementCase.objects.select_for_update(of=("self",)).select_related("court", "basis", "team", "handler")
            .get(pk=case_id))
    if not may_generate(actor, case, kind):
        raise PermissionDenied(_("Only the staff of the court that holds the case can generate its documents."))
    errors.raise_if_any()

    now = timezone.now()
    options = {"target_date": target_date, "allocation": allocation or interest.STATUTORY}
    data = content.build(kind, case, today=timezone.localdate(now), options=options)
    version = (GeneratedDocument.objects.filter(case=case, kind=kind).aggregate(last=Max("version"))["last"] or 0) + 1
    data.update(version=version, format=format)
    body = render_docx(kind, data) if format == DocumentFormat.DOCX else render_pdf(kind, data)
    document = GeneratedDocument(
        case=case, kind=kind, version=version, format=format, size=len(body), data=data,
        checksum=hashlib.sha256(body).hexdigest(), generated_by=actor, generated_at=now,
        display_name=f"{case.case_number}{content.SHORT_NAMES[kind]}（第{version}版）.{format}",
    )
    document.file.save(f"{kind}-v{version}.{format}", ContentFile(body), save=False)
    try:
        document.save()
        case_event_record(
            case=case, kind=EventKind.NOTE, actor=actor,
            # The document's own (Chinese) name: it is what the parties and the court call it, whatever the UI language.
            description=_("Document generated: %(name)s, version %(version)d (%(format)s)")
            % {"name": content.SHORT_NAMES[kind], "version": version, "format": document.get_format_display()},
            data={"document": document.pk, "kind": kind, "version": version, "format": format,
                  "checksum": document.checksum},
        )
    except BaseException:
        document.file.delete(save=False)  # nothing written: no file left behind either
        raise
    return document
