"""Browser views for cases. They translate HTTP to selector and service calls, nothing more."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases import panels, selectors, services
from cases.dossier_selectors import SORTS, my_dossiers, requery_due_cases
from cases.filters import CaseFilter
from cases.forms import PartyFormSet, ReassignForm, RegistrationForm, TransitionForm
from cases.pagination import CappedCountPaginator
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
    # Counts exactly up to 10,000 cases, estimates beyond (a province holds a million: cases.pagination).
    page = CappedCountPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    for key in [k for k, v in query.lists() if not any(v)]:
        query.pop(key)  # keep links short: only the filters actually set
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "mine": request.GET.get("handler") == str(request.user.pk)
               or (request.user.role == Role.ASSISTANT and "team" in request.GET)}
    template = "cases/_case_table.html" if request.htmx and request.htmx.target == "case-table" else "cases/case_list.html"
    return render(request, template, context)


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    """"My dossiers": the user's open cases with their alert figures, sortable; below them the 终本
    cases whose 6-monthly re-query is due. A judge sees the cases they handle, an assistant those of
    their team, a bureau chief the whole court's."""
    sort = request.GET.get("sort", "days_idle")
    if sort.lstrip("-") not in SORTS:
        sort = "days_idle"
    context = {"cases": my_dossiers(request.user, sort=sort), "sort": sort, "sorts": DOSSIER_SORTS}
    if request.htmx and request.htmx.target == "dossier-table":
        return render(request, "cases/_my_dossiers_table.html", context)
    context["requery_due"] = requery_due_cases(request.user)
    context["today"] = timezone.localdate()
    return render(request, "cases/my_dossiers.html", context)


# Sortable columns of "my dossiers" (keys of cases.dossier_selectors.SORTS).
DOSSIER_SORTS = {
    "days_open": gettext_lazy("Days open"),
    "days_idle": gettext_lazy("Days without substantive progress"),
    "outstanding": gettext_lazy("Outstanding"),
    "cash_ratio": gettext_lazy("Cash enforceability ratio"),
}


def _registration_input(form, formset) -> services.RegistrationInput:
    """The service's input from what the forms could parse (fields that failed to parse are empty)."""
    d = getattr(form, "cleaned_data", {}) or {}
    parties = []
    for f in formset.forms:
        c = getattr(f, "cleaned_data", None) or {}
        parties.append(services.PartyInput(
            role=c.get("role", f.data.get(f.add_prefix("role"), "")), kind=c.get("kind", f.data.get(f.add_prefix("kind"), "")),
            name=c.get("name", ""), id_type=c.get("id_type", ""), id_number=c.get("id_number", ""),
            id_missing_reason=c.get("id_missing_reason", ""), phone=c.get("phone", ""), address=c.get("address", ""),
            legal_representative=c.get("legal_representative", ""),
        ))
    return services.RegistrationInput(
        court=d.get("court"), cause=d.get("cause", ""), target_amount=d.get("target_amount"),
        non_monetary_obligations=d.get("non_monetary_obligations", ""),
        interference_risk=d.get("interference_risk", False), upper_court_supervised=d.get("upper_court_supervised", False),
        basis=services.BasisInput(
            document_number=d.get("basis_document_number", ""), document_type=d.get("basis_document_type", ""),
            issuing_court=d.get("basis_issuing_court", ""), effective_date=d.get("basis_effective_date"),
            performance_deadline=d.get("basis_performance_deadline"), obligations=d.get("basis_obligations", ""),
        ),
        parties=parties,
    )


def _attach_errors(form, formset, errors: dict, *, only_clean_fields: bool = False) -> None:
    """Put each service error beside its field (basis.x → basis_x; parties[i].x → party form i).
    With only_clean_fields, fields that already carry a form error keep just that one."""

    def add(target, name, msg):
        field = name if name in target.fields else None
        if only_clean_fields and (field is None or field in target.errors):
            if field is None and msg not in target.non_field_errors():
                target.add_error(None, msg)
            return
        target.add_error(field, msg)

    for key, value in errors.items():
        if key == "basis":
            for name, msgs in value.items():
                for msg in msgs:
                    add(form, f"basis_{name}", msg)
        elif key == "parties":
            for index, perrs in enumerate(value):
                if index < len(formset.forms):
                    for name, msgs in perrs.items():
                        for msg in msgs:
                            add(formset.forms[index], name, msg)
        else:
            for msg in value:
                add(form, key, msg)


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
        data = _registration_input(form, formset)
        if form_ok and formset_ok:
            try:
                case = services.case_register(actor=request.user, data=data)
            except FieldErrors as exc:
                _attach_errors(form, formset, exc.errors)
            else:
                messages.success(request, _("Case %(number)s registered.") % {"number": case.case_number})
                return redirect("case-detail", pk=case.pk)
        else:
            # Show every mistake in one round: the service's checks run on whatever parsed, and
            # their errors go to the fields the form itself found no fault with.
            _attach_errors(form, formset, services.validate_registration(data), only_clean_fields=True)
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


def _visible_case_or_403(request, pk: int, *, get=None):
    case = (get or selectors.case_get)(pk=pk)
    if case is None:
        raise Http404(_("No such case."))
    if not access.can_view_case(request.user, case):
        raise PermissionDenied(_("This case belongs to another court."))
    return case


def _access_context(request, case, *, can_work: bool) -> dict:
    """What the dossier and each of its cards know of the user's rights on the case."""
    can_act = access.can_act_on_case(request.user, case)
    return {"case": case, "can_act": can_act, "can_work": can_work, "show_full_ids": can_act, "today": timezone.localdate()}


def _detail_context(request, case, *, transition_form=None, reassign_form=None, eager_panels=False,
                    **bound_forms) -> dict:
    """Everything the dossier page shows. ``bound_forms`` (by prefix) are submitted forms shown
    again with their errors in place of the blank ones; ``eager_panels`` renders the other apps' cards
    in place (a page shown again with errors) instead of leaving them to load after the page."""
    from cases.views_dossier import dossier_context

    can_work = access.can_work_case(request.user, case)
    # Closing has its own form (cases.views_dossier.case_close_view) with the 终本 checklist.
    transitions = [t for t in services.available_transitions(case) if t in GENERIC_TRANSITIONS] if can_work else []
    if transition_form is None and transitions:
        transition_form = TransitionForm(transitions=transitions, initial={"expected_status": case.status}, prefix="t")
    if reassign_form is None and case.is_open and access.can_reassign(request.user, case):
        reassign_form = ReassignForm(judges=eligible_handlers(case.court).exclude(pk=case.handler_id), prefix="r")
    context = {
        **_access_context(request, case, can_work=can_work),
        "parties": list(case.case_parties.all()),
        # The latest events; older ones and the audit trail load on demand (case_timeline, case_audit).
        **_timeline_page(case, 0),
        "assignments": list(case.assignments.select_related("handler", "team", "assigned_by").order_by("-started_at")),
        "notifications": list(case.notifications.select_related("party").order_by("-created_at", "-pk")[:50]),
        "transition_form": transition_form if transitions else None,
        "reassign_form": reassign_form if case.is_open and access.can_reassign(request.user, case) else None,
    }
    context.update(dossier_context(request, case, parties=context["parties"], can_work=can_work, bound=bound_forms))
    # Cards contributed by other apps (escalation ladder, documents, judicial aid …), see cases.panels.
    context.update(panels.panels_context(request, case, can_work=can_work, eager=eager_panels))
    return context


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


def _rerender_with_errors(request, case_id: int, **forms) -> HttpResponse:
    """Show the dossier again with the submitted form, its errors beside its fields, nothing lost."""
    case = selectors.case_get(pk=case_id)
    messages.error(request, _("Nothing was changed. Correct the fields marked in red."))
    return render(request, "cases/case_detail.html", _detail_context(request, case, eager_panels=True, **forms), status=400)


@login_required
@require_GET
def case_panel(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One card of another app on the dossier (cases.panels), fetched by the page once it has painted.
    Empty when the card has nothing to show this user."""
    provider = panels.provider(name)
    if provider is None:
        raise Http404(_("No such card."))
    case = _visible_case_or_403(request, pk, get=selectors.case_get_light)
    can_work = access.can_work_case(request.user, case)
    panel = provider.build(request, case, can_work=can_work)
    if panel is None:
        return HttpResponse("")
    return render(request, panel.template, {**_access_context(request, case, can_work=can_work), **panel.context})


# A case's timeline runs to hundreds of events: the dossier shows the latest TIMELINE_PAGE, and each
# "earlier events" click (htmx) appends the next page in place.
TIMELINE_PAGE = 50


def _timeline_page(case, offset: int) -> dict:
    rows = list(case.events.select_related("actor").order_by("-occurred_at", "-pk")[offset:offset + TIMELINE_PAGE + 1])
    more = len(rows) > TIMELINE_PAGE
    return {"events": rows[:TIMELINE_PAGE], "events_offset": offset,
            "events_next": offset + TIMELINE_PAGE if more else None}


def _offset(request) -> int:
    try:
        return max(int(request.GET.get("offset", 0)), 0)
    except (TypeError, ValueError):
        return 0


@login_required
@require_GET
def case_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """A page of the case's timeline: the items alone for the dossier's "earlier events" button (htmx),
    a page of its own otherwise (a bookmark, a browser without scripts)."""
    case = _visible_case_or_403(request, pk)
    context = {"case": case, "show_full_ids": access.can_act_on_case(request.user, case),
               **_timeline_page(case, _offset(request))}
    return render(request, "cases/_timeline_items.html" if request.htmx else "cases/case_timeline.html", context)


@login_required
@require_GET
def case_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's audit trail (who changed what, when and why): loaded into the dossier when its card
    comes into view (htmx), or a page of its own."""
    case = _visible_case_or_403(request, pk)
    context = {"case": case, "audit": selectors.case_audit_trail(
        case=case, full_identity=access.can_act_on_case(request.user, case))}
    return render(request, "cases/_audit.html" if request.htmx else "cases/case_audit.html", context)


# The generic status form offers these; closing goes through the closure form.
GENERIC_TRANSITIONS = [t for t in services.TRANSITIONS if t != "close"]


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    if not access.can_work_case(request.user, case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief can change this case."))
    # Every generic transition is accepted here (not only those offered now) so that a stale page gets
    # the state machine's own explanation ("a closed case cannot be …") rather than a bare "invalid
    # choice". Closing is not one of them: it goes through the closure form and its checklist.
    form = TransitionForm(request.POST, transitions=GENERIC_TRANSITIONS, prefix="t")
    return _submit_action(
        request, case, form, form_key="transition_form", done=_("Done."),
        run=lambda d: services.case_transition(
            actor=request.user, case_id=case.pk, transition=d["transition"], reason=d["reason"],
            expected_status=d["expected_status"] or None,
        ),
    )


@login_required
@require_POST
def case_reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    if not access.can_reassign(request.user, case):
        raise PermissionDenied(_("Only the bureau chief of this court can reassign its cases."))
    form = ReassignForm(request.POST, judges=eligible_handlers(case.court).exclude(pk=case.handler_id), prefix="r")
    return _submit_action(
        request, case, form, form_key="reassign_form", done=_("Handler changed."),
        run=lambda d: case_reassign(actor=request.user, case_id=case.pk, handler_id=int(d["handler"]), reason=d["reason"]),
    )


def _submit_action(request, case, form, *, run, done, form_key: str, anchor: str = "",
                   success_url: Callable[[object], str] | None = None) -> HttpResponse:
    """Run a dossier action from its form: success → back to the dossier with a message; field
    errors → the dossier again with the form and its errors (status 400); a state conflict → the
    dossier with the state machine's explanation.

    ``done`` is the success message (or a function of the service's result); ``anchor`` the section
    of the dossier to land on; ``success_url`` where to go instead (e.g. a new case)."""
    back = reverse("case-detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except FieldErrors as exc:
            adder = getattr(form, "add_service_errors", None)
            if adder is not None:
                adder(exc.errors)
            else:
                for name, msgs in exc.errors.items():
                    for msg in msgs:
                        form.add_error(name if name in form.fields else None, msg)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect(back)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(success_url(result) if success_url else back)
    # Take the judge to the form that needs correcting.
    focus = next((name for name in form.errors if name in form.fields), None)
    if focus is None:
        focus = next((f.name for f in form.visible_fields()), None)
    if focus is not None:
        form.fields[focus].widget.attrs["autofocus"] = True
    return _rerender_with_errors(request, case.pk, **{form_key: form})
