"""Browser pages of the hard-case ledger (五类硬骨头台账) and the petition/ledger actions of the dossier.

The dossier actions go through cases.views._submit_action (success → back to the dossier; field
errors → the dossier with the form and its errors in the hard-case card, status 400). The ledger page
lists the entries the user sees, filtered (reports.ledger_filters.HardCaseFilter, the same as the
API and the export), with counts per court and category; an entry is checked off from its row."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from cases.views import _submit_action, _visible_case_or_403
from courts import access
from enforcement.errors import FieldErrors, IllegalTransition
from reports import exports, hard_cases
from reports import ledger_forms as f
from reports.ledger_filters import HardCaseFilter
from reports.ledger_selectors import days_open, export_rows, ledger_counts, ledger_entries, ledger_order
from reports.models import MANUAL_CATEGORIES, HardCaseCategory, HardCaseEntry, Petition
from reports.panels import ANCHOR, BOUND_ATTR
from transfers.views import _bootstrap

PAGE_SIZE = 50


# --- the dossier's actions -----------------------------------------------------------------------------
def _run(request, case, form, *, prefix: str, run, done) -> HttpResponse:
    # The hard-case card shows this form again, with its errors, if the service refuses it.
    setattr(request, BOUND_ATTR, {prefix: form})
    return _submit_action(request, case, form, form_key=prefix, anchor=ANCHOR, run=run, done=done)


@login_required
@require_POST
def petition_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    if not access.can_record_petition(request.user, case):
        raise PermissionDenied(_("Only the staff of the case's court or of an upper court record petitions."))
    form = f.PetitionForm(request.POST, prefix="pet")
    return _run(request, case, form, prefix="pet",
                done=lambda p: _("Petition recorded: %(n)d about this case so far.") % {"n": p.case.petition_count},
                run=lambda d: hard_cases.petition_record(
                    actor=request.user, case_id=case.pk, received_on=d["received_on"], channel=d["channel"],
                    petitioner_name=d["petitioner_name"], petitioner_standing=d["petitioner_standing"], summary=d["summary"],
                    reply=d["reply"], replied_on=d["replied_on"] or None))


@login_required
@require_POST
def petition_reply_view(request: HttpRequest, pk: int, petition_id: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    if not Petition.objects.filter(pk=petition_id, case_id=case.pk).exists():
        raise Http404(_("No such item in this case."))
    if not access.can_record_petition(request.user, case):
        raise PermissionDenied(_("Only the staff of the case's court or of an upper court record petitions."))
    prefix = f"pet-reply-{petition_id}"
    form = f.PetitionReplyForm(request.POST, prefix=prefix)
    return _run(request, case, form, prefix=prefix, done=_("Reply to the petition recorded."),
                run=lambda d: hard_cases.petition_reply(actor=request.user, petition_id=petition_id, reply=d["reply"],
                                                        replied_on=d["replied_on"] or None))


@login_required
@require_POST
def hard_case_tag_view(request: HttpRequest, pk: int, category: str) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    if category not in MANUAL_CATEGORIES:
        raise Http404(_("Only interference risk and the upper court's supervision are entered by hand."))
    allowed = access.can_mark_interference if category == HardCaseCategory.SENSITIVE else access.can_mark_supervised
    if not allowed(request.user, case):
        raise PermissionDenied(_("You may not enter this case in the ledger in this category."))
    prefix = f"hc-{category}"
    form = f.ReasonForm(request.POST, prefix=prefix)
    return _run(request, case, form, prefix=prefix,
                done=lambda e: _("Entered in the hard-case ledger: %(category)s.") % {"category": e.get_category_display()},
                run=lambda d: hard_cases.hard_case_tag(actor=request.user, case_id=case.pk, category=category, reason=d["reason"]))


@login_required
@require_POST
def hard_case_clear_dossier_view(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    entry = HardCaseEntry.objects.filter(pk=entry_id, case_id=case.pk).first()
    if entry is None:
        raise Http404(_("No such item in this case."))
    if not access.can_clear_hard_case(request.user, case, entry.category):
        raise PermissionDenied(_("Only the bureau chief of the case's court or a supervisor of an upper court checks off a "
                                 "ledger entry."))
    prefix = f"hc-clear-{entry_id}"
    form = f.ReasonForm(request.POST, prefix=prefix)
    return _run(request, case, form, prefix=prefix,
                done=lambda e: _("Checked off: %(category)s.") % {"category": e.get_category_display()},
                run=lambda d: hard_cases.hard_case_clear(actor=request.user, entry_id=entry_id, reason=d["reason"]))


# --- the ledger page -------------------------------------------------------------------------------------
def _reader_or_403(user) -> None:
    if not access.can_read_ledger(user):
        raise PermissionDenied(_("Only bureau chiefs, supervisors and designation officers read the hard-case ledger."))


def _filter_data(params: QueryDict) -> QueryDict:
    """The page shows the open entries unless asked otherwise (an empty ``state`` means all)."""
    data = params.copy()
    data.pop("page", None)
    if "state" not in data:
        data["state"] = "open"
    return data


def _filtered(request, params: QueryDict):
    user = request.user
    filterset = HardCaseFilter(_filter_data(params), queryset=ledger_order(ledger_entries(user)), request=request)
    filterset.form.fields["court"].queryset = access.visible_courts(user).order_by("code", "name")
    _bootstrap(filterset.form)
    valid = filterset.is_valid()
    return filterset, (filterset.qs if valid else filterset.queryset.none()), valid


def _ledger_page(request, params: QueryDict, *, bound: dict | None = None, rules_form=None, status: int = 200) -> HttpResponse:
    user = request.user
    filterset, rows, valid = _filtered(request, params)
    page = Paginator(rows, PAGE_SIZE).get_page(params.get("page"))
    today = timezone.localdate()
    jurisdiction = set(access.jurisdiction_ids(user.court_id)) if user.court_id else set()
    bound = bound or {}
    for entry in page.object_list:
        entry.days_open = days_open(entry.case, today)
        prefix = f"hc-clear-{entry.pk}"
        if prefix in bound:
            entry.clear_form = bound[prefix]
        elif entry.is_open and access.can_clear_hard_case(user, entry.case, entry.category, jurisdiction=jurisdiction):
            entry.clear_form = f.ReasonForm(prefix=prefix)
        else:
            entry.clear_form = None
    query = filterset.data.copy()
    for key in [k for k, v in query.lists() if not any(v) and k != "state"]:
        query.pop(key)  # keep links short: only the filters actually set
    rules = None
    if user.court_id and access.can_set_hard_case_rules(user, user.court):
        rules = hard_cases.thresholds_for(user.court_id)
        rules_form = rules_form or f.RulesForm(prefix="rules", initial={
            "old_after_months": rules.old_after_months, "petitions_threshold": rules.petitions})
    context = {
        "filter": filterset, "page": page, "query": query.urlencode(), "valid": valid,
        "counts": ledger_counts(rows), "categories": HardCaseCategory.choices, "rules": rules, "rules_form": rules_form,
        "defaults": hard_cases.DEFAULTS,
    }
    return render(request, "reports/hard_cases.html", context, status=status if valid else 400)


@login_required
def ledger_view(request: HttpRequest) -> HttpResponse:
    _reader_or_403(request.user)
    return _ledger_page(request, request.GET)


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    """The filtered ledger as an Excel sheet, every row (not only the page), streamed."""
    _reader_or_403(request.user)
    filterset, rows, valid = _filtered(request, request.GET)
    if not valid:
        return _ledger_page(request, request.GET)
    today = timezone.localdate()
    C = exports.Column
    columns = [C(_("Case number"), 24), C(_("Court"), 20), C(_("Handler"), 10), C(_("Case status"), 10), C(_("Filed on"), 12),
               C(_("Days open"), 9), C(_("Petitions"), 8), C(_("Amount applied for"), 14), C(_("Outstanding"), 14),
               C(_("Category"), 12), C(pgettext("ledger", "Entered"), 8), C(pgettext("ledger", "Entered on"), 12),
               C(pgettext("ledger", "Entered by"), 10), C(pgettext("ledger", "Why"), 40),
               C(_("Checked off on"), 12), C(_("Checked off by"), 10), C(_("Reason for the check-off"), 40)]
    described = [f"{field.label}：{_display(field)}" for field in filterset.form if filterset.form.cleaned_data.get(field.name)
                 not in (None, "")]
    heading = [_("Hard-case ledger"), _("As of %(date)s") % {"date": today.isoformat()}, "；".join(described)]
    return exports.xlsx_response(f"{_('Hard-case ledger')}-{today.isoformat()}.xlsx",
                                 [(_("Hard-case ledger"), columns, export_rows(rows, today), heading)],
                                 fallback=f"hard-cases-{today.isoformat()}.xlsx")


def _display(field) -> str:
    value = field.form.cleaned_data.get(field.name)
    if hasattr(value, "pk"):
        return str(value)
    return str(dict(getattr(field.field, "choices", []) or []).get(value, value))


def _back(params: str) -> str:
    return reverse("hard-case-ledger") + (f"?{params}" if params else "")


@login_required
@require_POST
def ledger_clear_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Check an entry off from its row of the ledger; back to the same filtered list."""
    user = request.user
    _reader_or_403(user)
    entry = ledger_entries(user).filter(pk=entry_id).first()
    if entry is None:
        if HardCaseEntry.objects.filter(pk=entry_id).exists():
            raise PermissionDenied(_("This case belongs to another court."))
        raise Http404(_("No such entry."))
    if not access.can_clear_hard_case(user, entry.case, entry.category):
        raise PermissionDenied(_("Only the bureau chief of the case's court or a supervisor of an upper court checks off a "
                                 "ledger entry."))
    params = request.POST.get("query", "")
    prefix = f"hc-clear-{entry_id}"
    form = f.ReasonForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            done = hard_cases.hard_case_clear(actor=user, entry_id=entry_id, reason=form.cleaned_data["reason"])
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect(_back(params))
        else:
            messages.success(request, _("Checked off: %(number)s, %(category)s.") % {
                "number": entry.case.case_number, "category": done.get_category_display()})
            return redirect(_back(params))
    messages.error(request, _("Nothing was changed. Correct the fields marked in red."))
    return _ledger_page(request, QueryDict(params), bound={prefix: form}, status=400)


@login_required
@require_POST
def ledger_rules_view(request: HttpRequest) -> HttpResponse:
    """The bureau chief sets the court's thresholds for 老案 and 难案."""
    user = request.user
    _reader_or_403(user)
    if not user.court_id or not access.can_set_hard_case_rules(user, user.court):
        raise PermissionDenied(_("Only the bureau chief of this court sets its ledger rules."))
    form = f.RulesForm(request.POST, prefix="rules")
    params = request.POST.get("query", "")
    if form.is_valid():
        d = form.cleaned_data
        try:
            hard_cases.hard_case_rules_set(actor=user, court=user.court, old_after_months=d["old_after_months"],
                                           petitions_threshold=d["petitions_threshold"], reason=d["reason"])
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("The ledger rules of %(court)s are saved: they apply from the next run of the rules.")
                             % {"court": user.court.name})
            return redirect(_back(params))
    messages.error(request, _("Nothing was changed. Correct the fields marked in red."))
    return _ledger_page(request, QueryDict(params), rules_form=form, status=400)
