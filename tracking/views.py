"""Browser pages of pre-enforcement tracking: the list (shared filterset with the API), recording a
judgment for tracking, the record with its steps, and the metrics. Views translate HTTP into
selector and service calls, nothing more."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.forms import DateInput
from cases.views import _attach_errors
from courts import access
from courts.models import Court
from enforcement.errors import FieldErrors, IllegalTransition
from reports.forms import CourtPeriodForm
from tracking import selectors, services
from tracking.filters import TrackingFilter
from tracking.forms import (
    PARTY_FIELDS,
    HandOffForm,
    NoticeForm,
    ObligeeCheckForm,
    OutcomeForm,
    TrackingCorrectForm,
    TrackingPartyCorrectFormSet,
    TrackingPartyFormSet,
    TrackingRegisterForm,
    correction_initial,
    tracking_input,
)
from tracking.models import StepKind, TrackingRole, TrackingStatus, TrialDivision

PAGE_SIZE = 25

# The party card is the registration form's (cases/_parties.html) with the tracking roles' buttons.
PARTY_BUTTONS = [("obligee", gettext_lazy("+ Obligee")), ("obligor", gettext_lazy("+ Obligor"))]


def _tracking_courts(user):
    """The courts where the user may record judgments for tracking (courts.access.can_track_in)."""
    if user.is_system_admin:
        return Court.objects.filter(is_active=True)
    if user.court_id and access.can_track_in(user, user.court):
        return Court.objects.filter(pk=user.court_id)
    return Court.objects.none()


@login_required
def tracking_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.tracking_list(user=request.user).order_by("-effective_date", "-pk")
    filterset = TrackingFilter(request.GET or None, queryset=qs, request=request)
    records = filterset.qs if filterset.is_bound and filterset.is_valid() else (qs if not filterset.is_bound else qs.none())
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    for key in [k for k, v in query.lists() if not any(v)]:
        query.pop(key)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "today": timezone.localdate(),
               "can_register": _tracking_courts(request.user).exists()}
    template = "tracking/_table.html" if request.htmx and request.htmx.target == "tracking-table" else "tracking/list.html"
    return render(request, template, context)


@login_required
def tracking_register(request: HttpRequest) -> HttpResponse:
    courts = _tracking_courts(request.user)
    if not courts.exists():
        raise PermissionDenied(_("Only the tracking office (filing clerks and the bureau chief) records judgments for tracking."))
    if request.method == "POST":
        if "add_party" in request.POST or "remove_party" in request.POST:
            return _reshape_parties(request, courts)
        form = TrackingRegisterForm(request.POST, courts=courts)
        formset = TrackingPartyFormSet(request.POST, prefix="parties")
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        data = tracking_input(form, formset)
        if form_ok and formset_ok:
            try:
                record = services.tracking_register(actor=request.user, data=data)
            except FieldErrors as exc:
                _attach_errors(form, formset, exc.errors)
            else:
                messages.success(request, _("%(number)s is now being tracked.") % {"number": record.document_number})
                return redirect("tracking-detail", pk=record.pk)
        else:
            # Every mistake in one round: the service's checks on whatever parsed, beside the clean fields.
            _attach_errors(form, formset, services.validate_tracking(data), only_clean_fields=True)
        messages.error(request, _("The record was not saved. Correct the fields marked in red."))
        return render(request, "tracking/register.html", {"party_buttons": PARTY_BUTTONS, "form": form, "formset": formset}, status=400)
    form = TrackingRegisterForm(courts=courts)
    formset = TrackingPartyFormSet(prefix="parties", initial=[{"role": TrackingRole.OBLIGEE, "kind": "person"},
                                                              {"role": TrackingRole.OBLIGOR, "kind": "person"}])
    return render(request, "tracking/register.html", {"party_buttons": PARTY_BUTTONS, "form": form, "formset": formset})


def _reshape_parties(request: HttpRequest, courts) -> HttpResponse:
    """'Add party' / 'remove party': the form again with what was typed, one row more or less, unvalidated."""
    rows = _reshaped_rows(request.POST, PARTY_FIELDS)
    post = request.POST
    initial = {name: post.get(name) for name in TrackingRegisterForm.base_fields if post.get(name) not in (None, "")}
    form = TrackingRegisterForm(initial=initial, courts=courts)
    formset = TrackingPartyFormSet(prefix="parties", initial=rows)
    return render(request, "tracking/register.html", {"party_buttons": PARTY_BUTTONS, "form": form, "formset": formset})


def _reshaped_rows(post, fields) -> list[dict]:
    """The party rows typed so far, one more (add_party) or one fewer (remove_party)."""
    try:
        total = max(0, min(int(post.get("parties-TOTAL_FORMS", "0") or 0), 200))
    except ValueError:
        total = 0
    rows = [{name: post.get(f"parties-{i}-{name}", "") for name in fields} for i in range(total)]
    if "add_party" in post and len(rows) < 200:
        role = post.get("add_party")
        rows.append({"role": role if role in TrackingRole.values else TrackingRole.OBLIGOR, "kind": "person"})
    elif "remove_party" in post:
        try:
            drop = int(post["remove_party"])
        except ValueError:
            drop = -1
        if 0 <= drop < len(rows) and len(rows) > 1:
            rows.pop(drop)
    return rows


# --- correcting a record ----------------------------------------------------------------------------------
def _correct_page(request, record, form, formset, *, status: int = 200) -> HttpResponse:
    return render(request, "tracking/correct.html", {"record": record, "form": form, "formset": formset,
                                                     "party_buttons": PARTY_BUTTONS}, status=status)


@login_required
def tracking_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the document and the parties of a record still open for hand-off (tracking.services.tracking_correct)."""
    record = _record_to_track(request, pk)
    back = reverse("tracking-detail", args=[record.pk])
    if not record.is_correctable:
        messages.error(request, _("%(number)s can no longer be corrected: %(status)s.")
                       % {"number": record.document_number, "status": record.get_status_display()})
        return redirect(back)
    if request.method != "POST":
        initial, rows = correction_initial(record)
        return _correct_page(request, record, TrackingCorrectForm(initial=initial),
                             TrackingPartyCorrectFormSet(prefix="parties", initial=rows))
    post = request.POST
    if "add_party" in post or "remove_party" in post:
        rows = _reshaped_rows(post, ("id", *PARTY_FIELDS))
        initial = {name: post.get(name) for name in TrackingCorrectForm.base_fields if post.get(name) not in (None, "")}
        return _correct_page(request, record, TrackingCorrectForm(initial=initial),
                             TrackingPartyCorrectFormSet(prefix="parties", initial=rows))
    form = TrackingCorrectForm(post)
    formset = TrackingPartyCorrectFormSet(post, prefix="parties")
    form_ok, formset_ok = form.is_valid(), formset.is_valid()
    data = tracking_input(form, formset)
    if form_ok and formset_ok:
        try:
            services.tracking_correct(actor=request.user, record_id=record.pk, data=data, reason=form.cleaned_data["reason"])
        except FieldErrors as exc:
            _attach_errors(form, formset, exc.errors)
        except IllegalTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The record of %(number)s is corrected.") % {"number": data.basis.document_number})
            return redirect(back)
    else:
        data.court = record.court
        _attach_errors(form, formset, services.validate_tracking(data), only_clean_fields=True)
    messages.error(request, _("The record was not saved. Correct the fields marked in red."))
    return _correct_page(request, record, form, formset, status=400)


# --- the record --------------------------------------------------------------------------------------------
def _visible_record_or_403(request, pk: int):
    record = selectors.tracking_get(pk=pk)
    if record is None:
        raise Http404(_("No such tracking record."))
    if not selectors.can_view_record(request.user, record):
        raise PermissionDenied(_("This tracking record belongs to another court."))
    return record


def _obligors(record) -> list[tuple[str, str]]:
    return [(str(p.pk), p.name) for p in record.parties.all() if p.role == TrackingRole.OBLIGOR]


def _detail_context(request, record, bound: dict) -> dict:
    today = timezone.localdate()
    can_track = access.can_track_in(request.user, record.court)
    open_ = record.status == TrackingStatus.TRACKING

    def pick(prefix: str, offered: bool, make):
        if prefix in bound:
            return bound[prefix]
        return make(prefix) if offered and can_track else None

    passable = record.status in (TrackingStatus.TRACKING, TrackingStatus.PERFORMED_PART) and record.enforcement_case_id is None
    steps = list(record.steps.all())
    return {
        "record": record,
        "obligees": [p for p in record.parties.all() if p.role == TrackingRole.OBLIGEE],
        "obligors": [p for p in record.parties.all() if p.role == TrackingRole.OBLIGOR],
        "steps": steps,
        "reminded": any(s.kind == StepKind.REMINDER for s in steps),
        "warned": any(s.kind == StepKind.WARNING for s in steps),
        "can_track": can_track,
        "show_full_ids": can_track,
        "today": today,
        "overdue": record.is_overdue(today),
        "passable": passable,
        "deadline_passed": today > record.performance_deadline,
        "forms": {
            "remind": pick("remind", open_, lambda p: NoticeForm(prefix=p, obligors=_obligors(record))),
            "warn": pick("warn", open_, lambda p: NoticeForm(prefix=p, obligors=_obligors(record))),
            "check": pick("check", open_ and today > record.performance_deadline, lambda p: ObligeeCheckForm(prefix=p)),
            "outcome": pick("outcome", open_, lambda p: OutcomeForm(prefix=p)),
            "hand_off": pick("handoff", passable and today > record.performance_deadline, lambda p: HandOffForm(prefix=p)),
        },
    }


@login_required
def tracking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _visible_record_or_403(request, pk)
    return render(request, "tracking/detail.html", _detail_context(request, record, {}))


def _record_to_track(request, pk: int):
    record = _visible_record_or_403(request, pk)
    if not access.can_track_in(request.user, record.court):
        raise PermissionDenied(_("Only the tracking office of this court (its filing clerks and bureau chief) can change this record."))
    return record


def _submit(request, record, form, *, prefix: str, run, done, success_url=None) -> HttpResponse:
    """One step from its form: success → back to the record (or ``success_url``) with a message;
    field errors → the record again with the form and its errors beside the fields (status 400);
    a state conflict → the record again with the explanation on the form and on top (status 400)."""
    back = reverse("tracking-detail", args=[record.pk])
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except FieldErrors as exc:
            _form_errors(form, exc.errors)
        except IllegalTransition as exc:
            # Refused in this state (e.g. passed on meanwhile): the record again, the reason on the form, 400.
            form.add_error(None, str(exc))
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(success_url(result) if success_url else back)
    errors = list(form.non_field_errors())
    messages.error(request, errors[0] if errors and not any(form.errors.get(n) for n in form.fields)
                   else _("Nothing was changed. Correct the fields marked in red."))
    fresh = selectors.tracking_get(pk=record.pk)
    return render(request, "tracking/detail.html", _detail_context(request, fresh, {prefix: form}), status=400)


def _form_errors(form, errors: dict) -> None:
    """Service errors beside their fields; nested ones (the record's basis or parties, from the
    registration on hand-off) on top of the form, each message once."""
    for name, value in errors.items():
        for message in _flatten(value):
            if name in form.fields and isinstance(value, list) and all(isinstance(v, str) for v in value):
                form.add_error(name, message)
            elif message not in form.non_field_errors():
                form.add_error(None, message)


def _flatten(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _flatten(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _flatten(v)
    elif value:
        yield str(value)


@login_required
@require_POST
def tracking_remind(request: HttpRequest, pk: int) -> HttpResponse:
    return _notice(request, pk, kind=StepKind.REMINDER, prefix="remind", done=_("Performance reminder recorded as served."))


@login_required
@require_POST
def tracking_warn(request: HttpRequest, pk: int) -> HttpResponse:
    return _notice(request, pk, kind=StepKind.WARNING, prefix="warn", done=_("Dishonest-debtor warning recorded as served."))


def _notice(request, pk: int, *, kind: str, prefix: str, done: str) -> HttpResponse:
    record = _record_to_track(request, pk)
    form = NoticeForm(request.POST, prefix=prefix, obligors=_obligors(record))
    return _submit(request, record, form, prefix=prefix, done=done, run=lambda d: services.tracking_notice_serve(
        actor=request.user, record_id=record.pk, kind=kind, served_on=d["served_on"], served_how=d["served_how"],
        recipient=d["recipient"] or None, details=d["details"]))


@login_required
@require_POST
def tracking_check(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_to_track(request, pk)
    form = ObligeeCheckForm(request.POST, prefix="check")
    return _submit(request, record, form, prefix="check", done=_("The obligee's answer is recorded."),
                   run=lambda d: services.tracking_obligee_check(
                       actor=request.user, record_id=record.pk, checked_on=d["checked_on"], statement=d["statement"],
                       reported_amount=d["reported_amount"] or None, details=d["details"]))


@login_required
@require_POST
def tracking_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_to_track(request, pk)
    form = OutcomeForm(request.POST, prefix="outcome")
    return _submit(request, record, form, prefix="outcome",
                   done=lambda r: _("Outcome recorded: %(status)s.") % {"status": r.get_status_display()},
                   run=lambda d: services.tracking_outcome_record(
                       actor=request.user, record_id=record.pk, outcome=d["outcome"], outcome_on=d["outcome_on"],
                       performed_amount=d["performed_amount"] or None, note=d["note"]))


@login_required
@require_POST
def tracking_hand_off(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_to_track(request, pk)
    form = HandOffForm(request.POST, prefix="handoff")
    return _submit(request, record, form, prefix="handoff",
                   done=lambda case: _("Enforcement case %(number)s registered from this record.") % {"number": case.case_number},
                   success_url=lambda case: reverse("case-detail", args=[case.pk]),
                   run=lambda d: services.tracking_hand_off(actor=request.user, record_id=record.pk,
                                                            applied_on=d["applied_on"], note=d["note"]))


# --- metrics ------------------------------------------------------------------------------------------------
class MetricsForm(CourtPeriodForm):
    """The period (by outcome date), the court and the trial division of the metrics."""

    date_from = forms.DateField(label=gettext_lazy("Outcomes from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("Outcomes until"), required=False, widget=DateInput)
    division = forms.ChoiceField(label=gettext_lazy("Trial division"), required=False,
                                 choices=[("", "---------")] + list(TrialDivision.choices))


@login_required
def tracking_metrics(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.visible_courts(user).exists():
        raise PermissionDenied(_("You see no court's figures."))
    form = MetricsForm(request.GET or None, user=user)
    valid = not form.is_bound or form.is_valid()
    date_from, date_to = form.period()
    data = form.cleaned_data if form.is_bound and valid else {}
    metrics = selectors.performance_metrics(user=user, date_from=date_from, date_to=date_to, court=data.get("court"),
                                            division=data.get("division") or "")
    return render(request, "tracking/metrics.html", {"form": form, "metrics": metrics}, status=200 if valid else 400)
