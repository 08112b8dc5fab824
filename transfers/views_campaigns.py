"""Browser pages of enforcement campaigns (集中执行行动, DESIGN.md §8.5): the list and the create/edit
form, the selection page (filter the jurisdiction's open cases, pick some or add all matching), the
campaign ledger (per case, totals, per court, the courts' report forms and the organiser's check-off),
its Excel export, and the campaigns panel on the dossier.

Each view reads through transfers.selectors and writes through one service call (transfers.campaigns):
success → redirect with a message; field errors → the same page with the errors beside the fields
(status 400, nothing saved); a conflict (IllegalTransition: campaign closed, case checked off …) →
back with the service's explanation."""

from __future__ import annotations

import datetime as dt
from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import NullBooleanSelect, Select
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from cases.panels import Panel
from cases.views import _submit_action, _visible_case_or_403
from courts import access
from courts.models import Role, TeamMembership
from enforcement.errors import FieldErrors, IllegalTransition
from transfers import campaigns as services
from transfers.filters import CampaignCandidateFilter, CampaignCaseFilter, CampaignFilter
from transfers.forms import (
    CampaignClearForm,
    CampaignCloseForm,
    CampaignForm,
    CampaignRemoveForm,
    CampaignReopenForm,
    CampaignReportForm,
)
from transfers.models import Campaign, CampaignCase, CampaignStatus
from transfers.selectors import (
    campaign_candidates,
    campaign_court_totals,
    campaign_entries_visible,
    campaign_totals,
    campaigns_visible,
    campaigns_with_counts,
    case_campaign_entries,
    dossier_figures,
)

PAGE_SIZE = 25
# Who opens the campaign pages: the courts' enforcement staff and the upper courts' leadership (the
# list shows each the campaigns that concern it); not the filing clerks.
READERS = {Role.JUDGE, Role.ASSISTANT, Role.BUREAU_CHIEF, Role.SUPERVISOR, Role.DESIGNATION_OFFICER}
# The dossier panel's bound report forms (a failed submission shown again with its errors).
BOUND_ATTR = "campaign_bound"


def _reader_or_403(user) -> None:
    if not (user.is_system_admin or (user.court_id is not None and user.role in READERS)):
        raise PermissionDenied(_("Enforcement campaigns are read by the courts' enforcement staff."))


def _visible_campaign_or_403(request, pk: int) -> Campaign:
    _reader_or_403(request.user)
    found = campaigns_visible(request.user).filter(pk=pk).first()
    if found is None:
        if Campaign.objects.filter(pk=pk).exists():
            raise PermissionDenied(_("This campaign does not concern your court."))
        raise Http404(_("No such campaign."))
    return found


def _manager_or_403(user, campaign: Campaign) -> None:
    if not services.can_manage(user, campaign):
        raise PermissionDenied(_("Only the designation officers, supervisors and bureau chief of %(court)s manage this "
                                 "campaign.") % {"court": campaign.court.name})


def _bootstrap(form) -> None:
    """Bootstrap classes on a filterset's form (the filtersets are shared with the API, which has no widgets);
    a yes/no filter offers "all", "yes", "no"."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, NullBooleanSelect):
            widget.choices = [("unknown", "---------"), ("true", _("Yes")), ("false", _("No"))]
        css = "form-select form-select-sm" if isinstance(widget, Select) else "form-control form-control-sm"
        widget.attrs.setdefault("class", css)
        if field.__class__.__name__ == "DateField":
            widget.input_type = "date"


def _query(data: QueryDict, *drop: str) -> str:
    query = data.copy()
    for key in ("page", "csrfmiddlewaretoken", *drop):
        query.pop(key, None)
    return query.urlencode()


def _safe_query(value: str) -> str:
    """A list's query string sent back with a form: only ``key=value`` pairs (never a URL of its own)."""
    return QueryDict(value or "").urlencode()


def _workable_case_ids(user, cases) -> set[int]:
    """The cases among ``cases`` the user may work (courts.access.can_work_case) with one query for any
    number of cases: the handler, the judges and assistants of the case's team, the court's bureau chief."""
    if user.is_system_admin:
        return {c.pk for c in cases}
    mine = [c for c in cases if c.court_id == user.court_id]
    if not mine:
        return set()
    if user.role == Role.BUREAU_CHIEF:
        return {c.pk for c in mine}
    teams = set()
    if user.role in (Role.JUDGE, Role.ASSISTANT):
        teams = set(TeamMembership.objects.filter(user=user, is_active=True).values_list("team_id", flat=True))
    return {c.pk for c in mine if c.handler_id == user.pk or (c.team_id is not None and c.team_id in teams)}


def _reporting_open(campaign: Campaign, today: dt.date) -> bool:
    return campaign.status == CampaignStatus.ACTIVE and campaign.starts_on <= today


# --- the list and the create / edit form ---------------------------------------------------------------------
@login_required
def campaign_list_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    _reader_or_403(user)
    base = campaigns_with_counts(user)
    filterset = CampaignFilter(request.GET or None, queryset=base.order_by("-starts_on", "-pk"), request=request)
    _bootstrap(filterset.form)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base.order_by("-starts_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "transfers/campaign_list.html", {
        "filter": filterset, "page": page, "query": _query(request.GET), "can_create": services.can_organise(user),
        "today": timezone.localdate(),
    })


def _campaign_form_page(request, form, *, campaign: Campaign | None = None, status: int = 200) -> HttpResponse:
    return render(request, "transfers/campaign_form.html", {"form": form, "campaign": campaign}, status=status)


@login_required
def campaign_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.can_organise(user):
        raise PermissionDenied(_("Only the designation officers, supervisors and bureau chief of an intermediate or high "
                                 "court organise enforcement campaigns."))
    if request.method != "POST":
        return _campaign_form_page(request, CampaignForm(prefix="campaign"))
    form = CampaignForm(request.POST, prefix="campaign")
    if form.is_valid():
        d = form.cleaned_data
        try:
            campaign = services.campaign_create(actor=user, name=d["name"], starts_on=d["starts_on"], ends_on=d["ends_on"],
                                                description=d["description"])
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Campaign %(name)s created: now select its cases.") % {"name": campaign.name})
            return redirect("campaign-select", pk=campaign.pk)
    messages.error(request, _("Nothing was saved. Correct the fields marked in red."))
    return _campaign_form_page(request, form, status=400)


@login_required
def campaign_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible_campaign_or_403(request, pk)
    _manager_or_403(request.user, campaign)
    if request.method != "POST":
        form = CampaignForm(prefix="campaign", initial={"name": campaign.name, "starts_on": campaign.starts_on.isoformat(),
                                                        "ends_on": campaign.ends_on.isoformat(),
                                                        "description": campaign.description})
        return _campaign_form_page(request, form, campaign=campaign)
    form = CampaignForm(request.POST, prefix="campaign")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.campaign_update(actor=request.user, campaign_id=campaign.pk, name=d["name"], starts_on=d["starts_on"],
                                     ends_on=d["ends_on"], description=d["description"])
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("campaign-detail", pk=campaign.pk)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaign-detail", pk=campaign.pk)
    messages.error(request, _("Nothing was saved. Correct the fields marked in red."))
    return _campaign_form_page(request, form, campaign=campaign, status=400)


# --- selecting the cases -------------------------------------------------------------------------------------
def _select_page(request, campaign: Campaign, data: QueryDict, *, errors=(), status: int = 200) -> HttpResponse:
    filterset = CampaignCandidateFilter(data, queryset=campaign_candidates(campaign), request=request)
    _bootstrap(filterset.form)
    valid = filterset.is_valid()
    rows = filterset.qs if valid else campaign_candidates(campaign).none()
    page = Paginator(rows, PAGE_SIZE).get_page(data.get("page"))
    matching_in = rows.filter(in_campaign=True).count() if valid else 0
    return render(request, "transfers/campaign_select.html", {
        "campaign": campaign, "filter": filterset, "page": page, "query": _query(data),
        "matching": page.paginator.count, "matching_in": matching_in, "to_add": page.paginator.count - matching_in,
        "in_campaign": campaign.entries.count(), "errors": errors,
    }, status=status if valid else 400)


@login_required
def campaign_select_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the filter and the table; POST: add the cases ticked (``case``) or every case matching the
    filter (``add_all``, the filter's query string in ``query``)."""
    user = request.user
    campaign = _visible_campaign_or_403(request, pk)
    _manager_or_403(user, campaign)
    if request.method != "POST":
        if campaign.is_closed:
            messages.warning(request, _("The campaign is closed: no case can be added any more."))
            return redirect("campaign-detail", pk=campaign.pk)
        return _select_page(request, campaign, request.GET)
    query = _safe_query(request.POST.get("query", ""))
    data = QueryDict(query)
    back = f"{reverse('campaign-select', args=[campaign.pk])}{'?' + query if query else ''}"
    if "add_all" in request.POST:
        filterset = CampaignCandidateFilter(data, queryset=campaign_candidates(campaign), request=request)
        if not filterset.is_valid():
            return _select_page(request, campaign, data, status=400)
        ids = list(filterset.qs.filter(in_campaign=False).values_list("pk", flat=True))
        if not ids:
            messages.info(request, _("Every case matching the filter is already in the campaign."))
            return redirect(back)
    else:
        ids = request.POST.getlist("case")
    try:
        result = services.campaign_cases_add(actor=user, campaign_id=campaign.pk, case_ids=ids)
    except FieldErrors as exc:
        messages.error(request, _("No case was added."))
        return _select_page(request, campaign, data, errors=[m for msgs in exc.errors.values() for m in msgs], status=400)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
        return redirect("campaign-detail", pk=campaign.pk)
    if result.added:
        messages.success(request, _("%(n)d case(s) added to the campaign.") % {"n": len(result.added)})
    if result.already_in:
        messages.info(request, _("Already in the campaign, not added again: %(numbers)s.")
                      % {"numbers": "、".join(result.already_in[:20]) + ("…" if len(result.already_in) > 20 else "")})
    return redirect(back)


# --- launching and closing ---------------------------------------------------------------------------------
@login_required
@require_POST
def campaign_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible_campaign_or_403(request, pk)
    _manager_or_403(request.user, campaign)
    try:
        services.campaign_start(actor=request.user, campaign_id=campaign.pk)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Campaign launched: the courts can now report on their cases."))
    return redirect("campaign-detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible_campaign_or_403(request, pk)
    _manager_or_403(request.user, campaign)
    form = CampaignCloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            done = services.campaign_close(actor=request.user, campaign_id=campaign.pk, note=form.cleaned_data["note"])
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("campaign-detail", pk=campaign.pk)
        else:
            messages.success(request, _("Campaign closed: %(n)d case(s), %(u)d not reported, %(c)d not checked off. The "
                                        "ledger is now read-only.") % {"n": done.cases, "u": done.unreported,
                                                                        "c": done.not_cleared})
            return redirect("campaign-detail", pk=campaign.pk)
    messages.error(request, _("Nothing was saved. Correct the fields marked in red."))
    return _ledger_page(request, campaign, close_form=form, status=400)


# --- the ledger ---------------------------------------------------------------------------------------------
def _ledger_filter(request, campaign: Campaign, data):
    entries = campaign_entries_visible(request.user, campaign)
    ordered = entries.order_by("case__court__code", "case__court__name", "case__filed_on", "case__pk")
    filterset = CampaignCaseFilter(data, queryset=ordered, request=request)
    _bootstrap(filterset.form)
    return entries, filterset


def _ledger_page(request, campaign: Campaign, *, bound: dict | None = None, close_form=None, status: int = 200,
                 data: QueryDict | None = None) -> HttpResponse:
    """The ledger; ``bound`` maps a row form's prefix to a submitted form shown again with its errors."""
    user = request.user
    bound = bound or {}
    data = request.GET if data is None else data
    entries, filterset = _ledger_filter(request, campaign, data)
    valid = filterset.is_valid()
    rows = filterset.qs if valid else entries.none()
    page = Paginator(rows, PAGE_SIZE).get_page(data.get("page"))
    today = timezone.localdate()
    manage = services.can_manage(user, campaign) and not campaign.is_closed
    reporting = _reporting_open(campaign, today)
    entries_on_page = list(page.object_list)
    workable = _workable_case_ids(user, [e.case for e in entries_on_page]) if reporting else set()
    figures = dossier_figures(campaign, [e.case_id for e in entries_on_page
                                         if e.case_id in workable and e.reported_at is None and e.cleared_on is None])
    opened = None
    for e in entries_on_page:
        e.respondents = "、".join(link.party.name for link in getattr(e.case, "respondent_links", []))
        e.figures = figures.get(e.case_id)
        e.report_form = e.clear_form = e.reopen_form = e.remove_form = None
        if e.case_id in workable and e.cleared_on is None:
            e.report_form = bound.get(f"report-{e.pk}") or CampaignReportForm(
                prefix=f"report-{e.pk}", initial=CampaignReportForm.initial_for(e, e.figures))
        if manage:
            if e.reported_at is not None and e.cleared_on is None:
                e.clear_form = bound.get(f"clear-{e.pk}") or CampaignClearForm(prefix=f"clear-{e.pk}")
            if e.cleared_on is not None:
                e.reopen_form = bound.get(f"reopen-{e.pk}") or CampaignReopenForm(prefix=f"reopen-{e.pk}")
            if e.reported_at is None:
                e.remove_form = bound.get(f"remove-{e.pk}") or CampaignRemoveForm(prefix=f"remove-{e.pk}")
        e.has_forms = any((e.report_form, e.clear_form, e.reopen_form, e.remove_form))
        if any(key.endswith(f"-{e.pk}") for key in bound):
            opened = e.pk
    if close_form is None and manage:
        close_form = CampaignCloseForm(prefix="close")
    scope_total = campaign.entries.count()
    totals = campaign_totals(entries)
    return render(request, "transfers/campaign_ledger.html", {
        "campaign": campaign, "filter": filterset, "page": page, "query": _query(data), "totals": totals,
        "court_totals": campaign_court_totals(entries), "manage": manage, "reporting": reporting, "opened": opened,
        "close_form": close_form, "scope_total": scope_total, "partial": totals.cases < scope_total,
        "can_edit": manage, "today": today, "bound": bound,
        "not_started": campaign.status == CampaignStatus.ACTIVE and campaign.starts_on > today,
    }, status=status if valid else 400)


@login_required
def campaign_ledger_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _ledger_page(request, _visible_campaign_or_403(request, pk))


def _visible_entry_or_403(request, campaign: Campaign, entry_id: int) -> CampaignCase:
    entry = campaign_entries_visible(request.user, campaign).filter(pk=entry_id).first()
    if entry is None:
        if CampaignCase.objects.filter(pk=entry_id, campaign=campaign).exists():
            raise PermissionDenied(_("This case belongs to another court."))
        raise Http404(_("No such case in this campaign."))
    return entry


def _entry_action(request, campaign: Campaign, form, *, run, done, key: str) -> HttpResponse:
    query = _safe_query(request.POST.get("query", ""))
    back = f"{reverse('campaign-detail', args=[campaign.pk])}{'?' + query if query else ''}"
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect(back)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(back)
    messages.error(request, _("Nothing was saved. Correct the fields marked in red."))
    return _ledger_page(request, campaign, bound={key: form}, status=400, data=QueryDict(query))


@login_required
@require_POST
def campaign_case_report_view(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    campaign = _visible_campaign_or_403(request, pk)
    entry = _visible_entry_or_403(request, campaign, entry_id)
    if not access.can_work_case(request.user, entry.case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief of %(court)s report on "
                                 "this case.") % {"court": entry.case.court.name})
    key = f"report-{entry.pk}"
    form = CampaignReportForm(request.POST, prefix=key)
    return _entry_action(request, campaign, form, key=key, run=lambda d: _report(request.user, entry.pk, d),
                         done=_("Report on case %(number)s saved.") % {"number": entry.case.case_number})


def _report(actor, entry_id: int, d: dict) -> CampaignCase:
    return services.campaign_case_report(
        actor=actor, entry_id=entry_id, compelled_appearances=d["compelled_appearances"], detentions=d["detentions"],
        voluntary_performance=d["voluntary_performance"], amount_recovered=d["amount_recovered"], note=d["note"])


@login_required
@require_POST
def campaign_case_clear_view(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    campaign = _visible_campaign_or_403(request, pk)
    _manager_or_403(request.user, campaign)
    entry = _visible_entry_or_403(request, campaign, entry_id)
    key = f"clear-{entry.pk}"
    form = CampaignClearForm(request.POST, prefix=key)
    return _entry_action(request, campaign, form, key=key,
                         run=lambda d: services.campaign_case_clear(actor=request.user, entry_id=entry.pk, note=d["note"]),
                         done=_("Case %(number)s checked off.") % {"number": entry.case.case_number})


@login_required
@require_POST
def campaign_case_reopen_view(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    campaign = _visible_campaign_or_403(request, pk)
    _manager_or_403(request.user, campaign)
    entry = _visible_entry_or_403(request, campaign, entry_id)
    key = f"reopen-{entry.pk}"
    form = CampaignReopenForm(request.POST, prefix=key)
    return _entry_action(request, campaign, form, key=key,
                         run=lambda d: services.campaign_case_reopen(actor=request.user, entry_id=entry.pk,
                                                                     reason=d["reason"]),
                         done=_("Check-off of case %(number)s undone: its court may correct the report.")
                         % {"number": entry.case.case_number})


@login_required
@require_POST
def campaign_case_remove_view(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    campaign = _visible_campaign_or_403(request, pk)
    _manager_or_403(request.user, campaign)
    entry = _visible_entry_or_403(request, campaign, entry_id)
    key = f"remove-{entry.pk}"
    form = CampaignRemoveForm(request.POST, prefix=key)
    return _entry_action(request, campaign, form, key=key,
                         run=lambda d: services.campaign_case_remove(actor=request.user, entry_id=entry.pk,
                                                                     reason=d["reason"]),
                         done=_("Case %(number)s removed from the campaign.") % {"number": entry.case.case_number})


# --- the Excel export -------------------------------------------------------------------------------------------
def ledger_sheets(campaign: Campaign, entries) -> list:
    """The ledger's rows (streamed from the database in chunks) with a totals row, and the totals per
    court with a grand total — the two sheets of the export (reports.exports.xlsx_response)."""
    from reports.exports import Column

    totals = campaign_totals(entries)
    heading = [
        f"{campaign.name}（{campaign.starts_on.isoformat()} – {campaign.ends_on.isoformat()}）",
        _("Organised by %(court)s · %(status)s · exported %(at)s")
        % {"court": campaign.court.name, "status": campaign.get_status_display(),
           "at": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
    ]
    columns = [Column(_("Court"), 22), Column(_("Case number"), 24), Column(_("Respondent"), 26), Column(_("Handler"), 10),
               Column(_("Filed on"), 12), Column(_("Status"), 12), Column(_("Amount applied for"), 16),
               Column(_("Outstanding"), 16), Column(_("Reported"), 8), Column(_("Compelled appearances (拘传)"), 10),
               Column(_("Detentions (拘留)"), 10), Column(_("Voluntary performance"), 10),
               Column(_("Recovered during the campaign"), 16), Column(_("Note"), 30), Column(_("Reported by"), 10),
               Column(_("Reported at"), 17), Column(_("Checked off on"), 12), Column(_("Checked off by"), 10),
               Column(_("Check-off note"), 30)]

    def rows():
        for e in entries.iterator(chunk_size=500):
            c = e.case
            reported = e.reported_at is not None
            yield [c.court.name, c.case_number, "、".join(link.party.name for link in getattr(c, "respondent_links", [])),
                   c.handler.display_name if c.handler else "", c.filed_on, c.get_status_display(), c.target_amount,
                   c.outstanding_amount, reported, e.compelled_appearances if reported else None,
                   e.detentions if reported else None, e.voluntary_performance if reported else None,
                   e.amount_recovered if reported else None, e.note,
                   e.reported_by.display_name if e.reported_by else "",
                   timezone.localtime(e.reported_at) if e.reported_at else None, e.cleared_on,
                   e.cleared_by.display_name if e.cleared_by else "", e.clear_note]

    total_row = [_("Total"), _("%(n)d case(s)") % {"n": totals.cases}, "", "", None, "", None, None,
                 _("%(n)d reported") % {"n": totals.reported}, totals.compelled_appearances, totals.detentions,
                 totals.voluntary, totals.recovered, "", "", None, _("%(n)d checked off") % {"n": totals.cleared}, "", ""]
    court_columns = [Column(_("Court"), 24), Column(pgettext("campaign", "Cases"), 8), Column(_("Reported"), 8), Column(_("Not reported"), 8),
                     Column(_("Checked off"), 8), Column(_("Compelled appearances (拘传)"), 10),
                     Column(_("Detentions (拘留)"), 10), Column(_("Voluntary performances"), 10),
                     Column(_("Recovered during the campaign"), 18)]

    def court_row(t, name):
        return [name, t.cases, t.reported, t.unreported, t.cleared, t.compelled_appearances, t.detentions, t.voluntary,
                t.recovered]

    court_rows = [court_row(t, t.court_name) for t in campaign_court_totals(entries)] + [court_row(totals, _("Total"))]
    return [(_("Campaign ledger"), columns, chain(rows(), [total_row]), heading),
            (_("Totals per court"), court_columns, court_rows, heading)]


@login_required
def campaign_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The ledger as the user reads it (the same filters), with a sheet of totals per court."""
    from reports.exports import xlsx_response

    campaign = _visible_campaign_or_403(request, pk)
    entries, filterset = _ledger_filter(request, campaign, request.GET)
    if not filterset.is_valid():
        return _ledger_page(request, campaign)
    name = f"{campaign.name}台账.xlsx"
    return xlsx_response(name, ledger_sheets(campaign, filterset.qs), fallback=f"campaign-{campaign.pk}.xlsx")


# --- the dossier panel --------------------------------------------------------------------------------------
def campaign_panel(request, case, *, can_work):
    """The campaigns the case is in (cases.panels), and for its court's judges the report form of each
    campaign under way, pre-filled from what the dossier recorded within the campaign's dates."""
    user = request.user
    entries = case_campaign_entries(user, case)
    if not entries:
        return None
    bound = getattr(request, BOUND_ATTR, {})
    today = timezone.localdate()
    reportable = [e for e in entries if can_work and _reporting_open(e.campaign, today) and e.cleared_on is None]
    figures = dossier_figures_for(entries=reportable)
    for e in entries:
        e.figures = figures.get(e.pk)
        e.report_form = None
        if e in reportable:
            e.report_form = bound.get(e.pk) or CampaignReportForm(
                prefix=f"camp-{e.pk}", initial=CampaignReportForm.initial_for(e, e.figures))
    return Panel(template="transfers/_campaign_panel.html",
                 context={"campaign_entries": entries, "campaign_bound": bool(bound)})


def dossier_figures_for(*, entries) -> dict[int, object]:
    """DossierFigures per entry (each entry's campaign has its own window): two queries per campaign,
    and a case is in few campaigns."""
    result = {}
    for e in entries:
        if e.reported_at is None:
            result[e.pk] = dossier_figures(e.campaign, [e.case_id])[e.case_id]
    return result


@login_required
@require_POST
def case_campaign_report_view(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """The report form of the dossier's campaigns panel."""
    case = _visible_case_or_403(request, pk)
    entry = CampaignCase.objects.filter(pk=entry_id, case=case).select_related("campaign").first()
    if entry is None:
        raise Http404(_("No such campaign for this case."))
    if not access.can_work_case(request.user, case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief of %(court)s report on "
                                 "this case.") % {"court": case.court.name})
    form = CampaignReportForm(request.POST, prefix=f"camp-{entry.pk}")
    setattr(request, BOUND_ATTR, {entry.pk: form})
    return _submit_action(request, case, form, form_key=f"camp{entry.pk}", anchor="campaigns",
                          run=lambda d: _report(request.user, entry.pk, d),
                          done=_("Report to the campaign %(name)s saved.") % {"name": entry.campaign.name})
