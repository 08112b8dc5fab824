"""Browser pages: the late-performance interest calculator (free, or pre-filled from a case), its print
view and Excel export, and a case's documents (generate, download). Thin: forms and selectors read,
documents.services writes."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.views import _visible_case_or_403
from documents import services
from documents.exports import interest_workbook, step_rows, workbook_title
from documents.forms import Calculation, GenerateForm, calculate_from
from documents.labels import ALLOCATION_CHOICES, TERM_LABELS, conventions
from documents.models import DocumentFormat, DocumentKind, GeneratedDocument
from documents.selectors import CaseInterestDefaults, case_interest_defaults
from enforcement.errors import FieldErrors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _case_calculation(request: HttpRequest, pk: int):
    case = _visible_case_or_403(request, pk)
    defaults = case_interest_defaults(case)
    calculation = calculate_from(request.GET, initial=defaults.as_input(target_date=timezone.localdate()))
    return case, defaults, calculation


def _context(request, calculation: Calculation, *, case=None, defaults: CaseInterestDefaults | None = None) -> dict:
    query = calculation.query()
    if case is not None:
        urls = {name: reverse(f"case-interest{suffix}", args=[case.pk]) for name, suffix in
                (("form", ""), ("print", "-print"), ("xlsx", "-xlsx"))}
    else:
        urls = {name: reverse(f"late-interest{suffix}") for name, suffix in (("form", ""), ("print", "-print"), ("xlsx", "-xlsx"))}
    result = calculation.result
    return {
        "calc": calculation, "result": result, "case": case, "defaults": defaults, "urls": urls, "query": query,
        "steps": step_rows(result) if result else [],
        "allocation_label": dict(ALLOCATION_CHOICES)[result.input.allocation] if result else "",
        "term_label": TERM_LABELS[result.term.term] if result and result.term else "",
        "conventions": conventions(), "today": timezone.localdate(),
        "can_generate": case is not None and services.may_generate(request.user, case),
        "interest_kind": DocumentKind.INTEREST_STATEMENT,
    }


def _calculator(request: HttpRequest, context: dict) -> HttpResponse:
    if request.htmx and request.htmx.target == "calculator":
        return render(request, "documents/_calculator.html", context)
    return render(request, "documents/late_interest.html", context, status=400 if context["calc"].has_errors else 200)


@login_required
@require_GET
def late_interest(request: HttpRequest) -> HttpResponse:
    """迟延履行利息计算器: any signed-in user."""
    return _calculator(request, _context(request, calculate_from(request.GET)))


@login_required
@require_GET
def case_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """The calculator pre-filled from the case's basis and payments (adjustable: date, order, payments)."""
    case, defaults, calculation = _case_calculation(request, pk)
    return _calculator(request, _context(request, calculation, case=case, defaults=defaults))


def _print(request, context: dict) -> HttpResponse:
    if context["result"] is None:
        # Nothing to print: back to the form, which shows what to correct.
        return redirect(f"{context['urls']['form']}?{request.GET.urlencode()}")
    return render(request, "documents/interest_print.html", context)


@login_required
@require_GET
def late_interest_print(request: HttpRequest) -> HttpResponse:
    return _print(request, _context(request, calculate_from(request.GET)))


@login_required
@require_GET
def case_interest_print(request: HttpRequest, pk: int) -> HttpResponse:
    case, defaults, calculation = _case_calculation(request, pk)
    return _print(request, _context(request, calculation, case=case, defaults=defaults))


def attachment_header(filename: str, *, fallback: str) -> str:
    """Content-Disposition for a download with a Chinese name: the ASCII ``fallback`` for old clients, then
    the real name UTF-8 and percent-encoded (RFC 6266 with RFC 5987's filename*)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _xlsx(request, calculation: Calculation, *, case=None) -> HttpResponse:
    if calculation.result is None:
        form = reverse("case-interest", args=[case.pk]) if case is not None else reverse("late-interest")
        return redirect(f"{form}?{request.GET.urlencode()}")
    heading = []
    if case is not None:
        parties = list(case.case_parties.all())
        heading = [case.court.name, case.case_number,
                   _("Applicants: %(names)s") % {"names": "、".join(p.party.name for p in parties if p.role == "applicant")},
                   _("Respondents: %(names)s") % {"names": "、".join(p.party.name for p in parties if p.role == "respondent")}]
    response = HttpResponse(interest_workbook(calculation.result, heading=heading), content_type=XLSX)
    # 迟延履行利息计算表-（2026）冀0129执12号.xlsx: what the table is, and whose.
    title = workbook_title()
    if case is not None:
        response["Content-Disposition"] = attachment_header(f"{title}-{case.case_number}.xlsx",
                                                            fallback=f"late-interest-case-{case.pk}.xlsx")
    else:
        response["Content-Disposition"] = attachment_header(f"{title}.xlsx", fallback="late-interest.xlsx")
    return response


@login_required
@require_GET
def late_interest_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(request, calculate_from(request.GET))


@login_required
@require_GET
def case_interest_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    case, _defaults, calculation = _case_calculation(request, pk)
    return _xlsx(request, calculation, case=case)


# --- a case's documents ------------------------------------------------------------------------------
@login_required
@require_POST
def case_document_generate(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    form = GenerateForm(request.POST, prefix="doc")
    kind = request.POST.get("doc-kind")
    if not services.may_generate(request.user, case, kind):
        raise PermissionDenied(services.generate_denied_message(kind))
    back = request.POST.get("next") or ""
    back = back if back.startswith(f"/cases/{case.pk}/") else reverse("case-detail", args=[case.pk]) + "#documents"
    if not form.is_valid():
        messages.error(request, _("Nothing was generated: %(errors)s") % {
            "errors": " ".join(str(m) for msgs in form.errors.values() for m in msgs)})
        return redirect(back)
    d = form.cleaned_data
    try:
        document = services.document_generate(actor=request.user, case_id=case.pk, kind=d["kind"],
                                              target_date=d.get("target_date"), allocation=d.get("allocation") or None)
    except FieldErrors as exc:
        messages.error(request, _("Nothing was generated: %(errors)s") % {
            "errors": " ".join(str(m) for msgs in exc.errors.values() for m in (msgs if isinstance(msgs, list) else [msgs]))})
        return redirect(back)
    messages.success(request, _("%(name)s generated: version %(version)d, as PDF and DOCX.") % {
        "name": document.get_kind_display(), "version": document.version})
    return redirect(back)


@login_required
@require_GET
def case_document_download(request: HttpRequest, pk: int, document_pk: int, file_format: str = "") -> FileResponse:
    """A file of a document version: ``file_format`` pdf or docx; without it the PDF (or the one file of a
    version generated before both formats were made together)."""
    case = _visible_case_or_403(request, pk)
    document = GeneratedDocument.objects.filter(case=case, pk=document_pk).first()
    if document is None:
        raise Http404(_("No such document."))
    if not services.may_download(request.user, case, document.kind):
        raise PermissionDenied(services.download_denied_message())
    files = {file.format: file for file in document.files.all()}
    file = files.get(file_format) if file_format else (files.get(DocumentFormat.PDF) or next(iter(files.values()), None))
    if file is None:
        raise Http404(_("No such document."))
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.display_name,
                        content_type=file.content_type)
