"""The dossier's card of this app (cases.panels): the late-performance interest to date, pre-filled from
the case's basis and payments, and the case's documents with their generate buttons. A fixed number of
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
    can_generate = services.may_generate(request.user, case)
    kinds = list(DocumentKind.choices)
    if not _has_designation(case):
        kinds = [k for k in kinds if k[0] != DocumentKind.DESIGNATION_DECISION]
    form = None
    if can_generate or _may_generate_designation(request.user, case, kinds):
        form = GenerateForm(prefix="doc", initial={"target_date": today})
        form.fields["kind"].choices = kinds if can_generate else [k for k in kinds if k[0] == DocumentKind.DESIGNATION_DECISION]
    return Panel(
        template="documents/_dossier_panel.html",
        column="main",
        order=50,
        context={
            "interest_defaults": defaults,
            "interest_result": result,
            "interest_problems": problems,
            "generated_documents": list(case_documents(case)[:100]),
            "document_form": form,
        },
    )


def _has_designation(case) -> bool:
    from django.db.models import Q

    from transfers.models import DesignationRequest, RequestStatus

    return DesignationRequest.objects.filter(Q(case=case) | Q(new_case=case),
                                             status__in=[RequestStatus.ELEVATED, RequestStatus.DESIGNATED]).exists()


def _may_generate_designation(user, case, kinds) -> bool:
    if not any(k[0] == DocumentKind.DESIGNATION_DECISION for k in kinds):
        return False
    return services.may_generate(user, case, DocumentKind.DESIGNATION_DECISION)
