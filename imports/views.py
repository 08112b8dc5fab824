"""Browser pages of the legacy-ledger import: upload and past imports, a job's page with its live
progress (htmx polls a small status fragment while the job runs), the error report and the template.
They translate HTTP to selector and service calls, nothing more."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from courts import access
from enforcement.errors import FieldErrors
from imports import downloads, selectors, services
from imports.forms import ImportUploadForm

PAGE_SIZE = 25


def _allowed_courts(request: HttpRequest):
    courts = access.import_courts(request.user)
    if not courts.exists():
        raise PermissionDenied(_("Only the filing clerks and the bureau chief of a court can import its cases."))
    return courts


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """Upload a ledger (POST) and the court's past imports."""
    courts = _allowed_courts(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, courts=courts)
        if form.is_valid():
            try:
                job = services.import_job_create(actor=request.user, court=form.cleaned_data["court"],
                                                 upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
            except FieldErrors as exc:
                for name, messages in exc.errors.items():
                    for message in messages:
                        form.add_error(name if name in form.fields else None, message)
            else:
                return redirect("import-detail", pk=job.pk)
    else:
        form = ImportUploadForm(courts=courts)
    jobs = selectors.visible_jobs(request.user).order_by("-created_at", "-pk")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    court = courts.first() if courts.count() == 1 else None
    return render(request, "imports/list.html", {"form": form, "page": page, "court": court},
                  status=400 if request.method == "POST" else 200)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_for(request.user, pk)
    return render(request, "imports/detail.html", {"job": job, "progress": selectors.job_progress(job)})


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job's page polls (htmx) until the job has finished."""
    job = selectors.job_for(request.user, pk)
    return render(request, "imports/_status.html", {"job": job, "progress": selectors.job_progress(job)})


@login_required
def import_errors(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    if file_format not in downloads.ERROR_FORMATS:
        raise Http404
    job = selectors.job_for(request.user, pk)
    return downloads.error_report(job, file_format)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    courts = _allowed_courts(request)
    return downloads.template(courts.first() if courts.count() == 1 else None)
