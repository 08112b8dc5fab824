"""The dossier's card of this app (cases.panels): the late-performance interest to date, pre-filled from
the case's basis and payments, and the case's documents with their generate form. A fixed number of
queries whatever the number of payments or documents."""

from __future__ import annotations

from django.utils import timezone

from cases.panels import Panel
from documents import interest, services
from documents.forms import GenerateForm
from documents.models import DocumentKind
from documents.selectors import case_documents, case_interest_defaults


def documents_panel(request, case, *, can_work: bool) -> Panel:
    today = timezone.localdate()
    defaults = case_interest_defaults(case)
    inp = defaults.as_input(target_date=today)
    result, problems = None, []
    if inp is not None:
        try:
            result = interest.calculate(inp)
        except interest.InterestInputError as exc:
            from documents.labels import problem_message

            problems = [problem_message(p) for p in exc.problems]
    # can_work (courts.access.can_work_case) is who generates; the designation decision also its upper court.
    kinds = list(DocumentKind.choices)
    request_decided = _has_designation(case)
    if not request_decided:
        kinds = [k for k in kinds if k[0] != DocumentKind.DESIGNATION_DECISION]
    form = None
    if can_work:
        form = GenerateForm(prefix="doc", initial={"target_date": today})
        form.fields["kind"].choices = kinds
    elif request_decided and services.decides_designation(request.user, case):
        form = GenerateForm(prefix="doc", initial={"target_date": today})
        form.fields["kind"].choices = [k for k in kinds if k[0] == DocumentKind.DESIGNATION_DECISION]
    rights = services.DownloadRights(request.user, case)
    documents = [(document, rights(document.kind)) for document in case_documents(case)[:100]]
    return Panel(
        template="documents/_dossier_panel.html",
        context={
            "interest_defaults": defaults,
            "interest_result": result,
            "interest_problems": problems,
            "generated_documents": documents,
            "documents_restricted": any(not allowed for _document, allowed in documents),
            "document_form": form,
        },
    )


def _has_designation(case) -> bool:
    from django.db.models import Q

    from transfers.models import DesignationRequest, RequestStatus

    return DesignationRequest.objects.filter(Q(case=case) | Q(new_case=case),
                                             status__in=[RequestStatus.ELEVATED, RequestStatus.DESIGNATED]).exists()
