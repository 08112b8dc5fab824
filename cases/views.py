"""Browser views for cases. They translate HTTP to selector and service calls, nothing more."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.filters import CaseFilter
from cases.forms import PartyFormSet, ReassignForm, RegistrationForm, TransitionForm
from courts import access
from courts.models import Court, Role
from enforcement.errors import FieldErrors, IllegalTransition
from transfers.selectors import eligible_handlers
from transfers.services import case_reassign

PAGE_SIZE = 25


def _registration_courts(user):
    if user.is_system_admin:
        return Court.objects.filter(is_active=True)
    if user.role in (Role.CLERK, Role.BUREAU_CHIEF) and user.court_id:
        return Court.objects.filter(pk=user.court_id)
    return Court.objects.none()


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.case_list(user=request.user).order_by("-filed_on", "-pk")
    filterset = CaseFilter(request.GET or None, queryset=qs, request=request)
    cases = filterset.qs if filterset.is_bound and filterset.is_valid() else (qs if not filterset.is_bound else qs.none())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "mine": request.GET.get("handler") == str(request.user.pk)
               or (request.user.role == Role.ASSISTANT and "team" in request.GET)}
    template = "cases/_case_table.html" if request.htmx and request.htmx.target == "case-table" else "cases/case_list.html"
    return render(request, template, context)


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    """A judge's own open cases; an assistant's, those of the team they work in."""
    user = request.user
    if user.role == Role.JUDGE:
        return redirect(f"{reverse('case-list')}?handler={user.pk}&status=open")
    membership = user.memberships.filter(is_active=True).order_by("pk").first()
    if membership is not None:
        return redirect(f"{reverse('case-list')}?team={membership.team_id}&status=open")
    return redirect(f"{reverse('case-list')}?status=open")


def _party_inputs(formset) -> list[services.PartyInput]:
    return [services.PartyInput(**{k: v for k, v in f.cleaned_data.items() if k != "DELETE"}) for f in formset.forms if f.cleaned_data]


def _attach_errors(form, formset, errors: dict) -> None:
    """Put each service error beside its field (basis.x → basis_x; parties[i].x → party form i)."""
    for key, value in errors.items():
        if key == "basis":
            for name, msgs in value.items():
                field = f"basis_{name}"
                for msg in msgs:
                    form.add_error(field if field in form.fields else None, msg)
        elif key == "parties":
            for index, perrs in enumerate(value):
                if index < len(formset.forms):
                    for name, msgs in perrs.items():
                        for msg in msgs:
                            formset.forms[index].add_error(name if name in formset.forms[index].fields else None, msg)
        else:
            for msg in value:
                form.add_error(key if key in form.fields else None, msg)


@login_required
def case_register(request: HttpRequest) -> HttpResponse:
    courts = _registration_courts(request.user)
    if not courts.exists():
        raise PermissionDenied(_("Only filing clerks register cases."))
    if request.method == "POST":
        if "add_party" in request.POST or "remove_party" in request.POST:
            return _reshape_parties(request, courts)
        form = RegistrationForm(request.POST, courts=courts)
        formset = PartyFormSet(request.POST, prefix="parties")
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            d = form.cleaned_data
            data = services.RegistrationInput(
                court=d["court"], cause=d["cause"], target_amount=d["target_amount"],
                non_monetary_obligations=d["non_monetary_obligations"],
                interference_risk=d["interference_risk"], upper_court_supervised=d["upper_court_supervised"],
                basis=services.BasisInput(
                    document_number=d["basis_document_number"], document_type=d["basis_document_type"],
                    issuing_court=d["basis_issuing_court"], effective_date=d["basis_effective_date"],
                    performance_deadline=d["basis_performance_deadline"], obligations=d["basis_obligations"],
                ),
                parties=_party_inputs(formset),
            )
            try:
                case = services.case_register(actor=request.user, data=data)
            except FieldErrors as exc:
                _attach_errors(form, formset, exc.errors)
            else:
                messages.success(request, _("Case %(number)s registered.") % {"number": case.case_number})
                return redirect("case-detail", pk=case.pk)
        messages.error(request, _("The case was not saved. Correct the fields marked in red."))
        return render(request, "cases/register.html", {"form": form, "formset": formset}, status=400)
    form = RegistrationForm(courts=courts)
    formset = PartyFormSet(prefix="parties", initial=[{"role": "applicant", "kind": "person"}, {"role": "respondent", "kind": "person"}])
    return render(request, "cases/register.html", {"form": form, "formset": formset})


PARTY_FIELDS = ("role", "kind", "name", "id_type", "id_number", "id_missing_reason", "phone", "address", "legal_representative")
CASE_FIELDS = tuple(RegistrationForm.base_fields)


def _reshape_parties(request: HttpRequest, courts) -> HttpResponse:
    """'Add party' / 'remove party': re-render the form with what was typed, one row more or less,
    without validating (a fresh row must not greet the clerk with 'required' errors)."""
    post = request.POST
    try:
        total = max(0, min(int(post.get("parties-TOTAL_FORMS", "0") or 0), 200))
    except ValueError:
        total = 0
    rows = [{name: post.get(f"parties-{i}-{name}", "") for name in PARTY_FIELDS} for i in range(total)]
    if "add_party" in post and len(rows) < 200:
        rows.append({"role": post.get("add_party") or "respondent", "kind": "person"})
    elif "remove_party" in post:
        try:
            drop = int(post["remove_party"])
        except ValueError:
            drop = -1
        if 0 <= drop < len(rows) and len(rows) > 1:
            rows.pop(drop)
    initial = {name: post.get(name) for name in CASE_FIELDS if post.get(name) not in (None, "")}
    for flag in ("interference_risk", "upper_court_supervised"):
        initial[flag] = flag in post
    form = RegistrationForm(initial=initial, courts=courts)
    formset = PartyFormSet(prefix="parties", initial=rows)
    return render(request, "cases/register.html", {"form": form, "formset": formset})


def _visible_case_or_403(request, pk: int):
    case = selectors.case_get(pk=pk)
    if case is None:
        raise Http404(_("No such case."))
    if not access.can_view_case(request.user, case):
        raise PermissionDenied(_("This case belongs to another court."))
    return case


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    can_act = access.can_act_on_case(request.user, case)
    transitions = services.available_transitions(case) if access.can_work_case(request.user, case) else []
    context = {
        "case": case,
        "can_act": can_act,
        "show_full_ids": can_act,
        "parties": list(case.case_parties.all()),
        "events": list(case.events.all()[:500]),
        "audit": selectors.case_audit_trail(case=case, full_identity=can_act),
        "assignments": list(case.assignments.select_related("handler", "team", "assigned_by").order_by("-started_at")),
        "transition_form": TransitionForm(transitions=transitions, initial={"expected_status": case.status}) if transitions else None,
        "reassign_form": ReassignForm(judges=eligible_handlers(case.court).exclude(pk=case.handler_id))
        if case.is_open and access.can_reassign(request.user, case) else None,
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    form = TransitionForm(request.POST, transitions=list(services.TRANSITIONS))
    if form.is_valid():
        try:
            services.case_transition(
                actor=request.user, case_id=case.pk, transition=form.cleaned_data["transition"],
                reason=form.cleaned_data["reason"], closure_type=form.cleaned_data["closure_type"],
                expected_status=form.cleaned_data["expected_status"] or None,
            )
        except FieldErrors as exc:
            for msgs in exc.errors.values():
                for msg in msgs:
                    messages.error(request, msg)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Done."))
    else:
        _form_errors_to_messages(request, form)
    return redirect("case-detail", pk=case.pk)


@login_required
@require_POST
def case_reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    if not access.can_reassign(request.user, case):
        raise PermissionDenied(_("Only the bureau chief of this court can reassign its cases."))
    form = ReassignForm(request.POST, judges=eligible_handlers(case.court))
    if form.is_valid():
        try:
            case_reassign(actor=request.user, case_id=case.pk, handler_id=int(form.cleaned_data["handler"]),
                          reason=form.cleaned_data["reason"])
        except FieldErrors as exc:
            for msgs in exc.errors.values():
                for msg in msgs:
                    messages.error(request, msg)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Handler changed."))
    else:
        _form_errors_to_messages(request, form)
    return redirect("case-detail", pk=case.pk)


def _form_errors_to_messages(request, form) -> None:
    for name, msgs in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for msg in msgs:
            messages.error(request, f"{label}：{msg}" if label else msg)
