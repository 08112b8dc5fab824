from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from courts import access
from courts.models import CourtLevel
from enforcement.errors import FieldErrors
from reports import alerts as alert_defs
from reports import exports, metrics
from reports.requests import READERS_MESSAGE, ScopeForm, can_read_reports, read_scope
from reports.selectors import court_caseload
from reports.snapshots import dashboard_for


@login_required
def caseload(request):
    """Open cases per team and judge of one court (the user's own, or one of their jurisdiction)."""
    user = request.user
    if not can_read_reports(user):
        raise PermissionDenied(_("Only bureau chiefs and supervisors read caseloads."))
    courts = access.visible_courts(user).filter(level=CourtLevel.BASIC) | access.visible_courts(user).filter(pk=user.court_id)
    courts = courts.distinct().order_by("code", "name")
    court = courts.filter(pk=request.GET.get("court") or user.court_id).first() or courts.first()
    teams, unassigned = court_caseload(court) if court else ([], 0)
    return render(request, "reports/caseload.html", {"courts": courts, "court": court, "teams": teams, "unassigned": unassigned})


def _reader(request: HttpRequest) -> None:
    if not can_read_reports(request.user):
        raise PermissionDenied(READERS_MESSAGE)


def _scoped(request: HttpRequest):
    """(scope, start, end, form, errors) — on wrong parameters the page shows the form with its errors
    and the default scope."""
    try:
        scope, start, end, _form = read_scope(request.user, request.GET)
        errors = None
    except FieldErrors as exc:
        scope, start, end, _form = read_scope(request.user, {})
        errors = exc.errors
    # The filter shows what is displayed: the court and the period actually used.
    form = ScopeForm(user=request.user, initial={"court": scope.court.pk, "date_from": start, "date_to": end})
    return scope, start, end, form, errors


def _bad_parameters(errors: dict) -> HttpResponse:
    """An export asked for a scope or period that cannot be read: say so rather than export another one."""
    lines = [str(m) for msgs in errors.values() for m in msgs]
    return HttpResponse("\n".join([_("Nothing exported: the report's parameters are wrong."), *lines]),
                        status=400, content_type="text/plain; charset=utf-8")


def _query(scope, start, end, **extra) -> str:
    params = {"court": scope.court.pk, "date_from": start.isoformat(), "date_to": end.isoformat()}
    if scope.own_only:
        params["own"] = 1
    if scope.team is not None:
        params["team"] = scope.team.pk
    if scope.handler is not None:
        params["handler"] = scope.handler.pk
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(params)


def _row_query(row, start, end) -> str:
    return urlencode({**row.params(), "date_from": start.isoformat(), "date_to": end.isoformat()})


RANKABLE = ("new", "closed", "pending_end", "closure_rate", "performed", "terminated_round", "recovered", "recovery_rate",
            "within_limit_rate", "tb_compliance", "petitions")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The supervisors' dashboard: alerts, hard cases, metrics with drill-down, cross execution, trends."""
    _reader(request)
    scope, start, end, form, errors = _scoped(request)
    today = timezone.localdate()
    # A jurisdiction's default view comes from the snapshot the beat job keeps (reports.snapshots).
    board, computed_at = dashboard_for(scope, start=start, end=end, today=today, live=request.GET.get("live") == "1")
    for r in board.rows:
        r.query = _row_query(r.row, start, end)
        r.alert_cells = [(a.code, r.alerts[a.code]) for a, _n in board.alerts]
    sort = request.GET.get("sort", "")
    if sort in RANKABLE or sort in alert_defs.ALERTS_BY_CODE:
        # A ranking: the highest first (a rate that cannot be computed goes last), ties in the table's order.
        def value(r):
            v = r.alerts[sort] if sort in alert_defs.ALERTS_BY_CODE else getattr(r.figures, sort)
            return (v is None, -(v or 0))

        board.rows.sort(key=value)
        for rank, r in enumerate(board.rows, start=1):
            r.rank = rank
    else:
        sort = ""
    chart = {
        "months": board.trends["months"],
        "series": [
            {"label": str(metrics.DEFINITIONS["new"][0]), "data": board.trends["new"], "axis": "count"},
            {"label": str(metrics.DEFINITIONS["closed"][0]), "data": board.trends["closed"], "axis": "count"},
            {"label": _("Recovered (10,000 yuan)"), "data": [str((v / 10000).quantize(Decimal("0.01"))) for v in board.trends["recovered"]],
             "axis": "money"},
        ],
        "petitions": {"label": str(metrics.DEFINITIONS["petitions"][0]), "data": board.trends["petitions"]},
    }
    open_cases = None
    if scope.level == "judge":
        from cases.models import OPEN_STATUSES, EnforcementCase

        judge_cases = (EnforcementCase.objects.filter(scope.case_q(), status__in=OPEN_STATUSES)
                       .order_by("limit_on", "pk"))
        open_cases = Paginator(judge_cases, 50).get_page(request.GET.get("page"))
    return render(request, "reports/dashboard.html", {
        "board": board, "computed_at": computed_at, "hard_case_total": sum(n for _c, _l, n in board.hard_cases), "snapshot_minutes": settings.REPORT_SNAPSHOT_MINUTES,
        "open_cases": open_cases, "scope": scope, "form": form, "errors": errors, "query": _query(scope, start, end),
        "definitions": metrics.DEFINITIONS, "cross_definitions": metrics.CROSS_DEFINITIONS,
        "designation_definitions": metrics.DESIGNATION_DEFINITIONS, "chart": chart,
        "sort": sort, "sort_query": _query(scope, start, end),
        "row_heading": {"jurisdiction": _("Court"), "court": _("Team"), "team": _("Judge"), "judge": _("Judge")}[scope.level],
    })


def _figure_label(metric: str) -> str:
    if metric == "within_limit":
        return _("Cases with assets concluded within 6 months")
    if metric == "tb_checked":
        return _("终本 closures that passed the checklist")
    return str(metrics.DEFINITIONS[metric][0])


@login_required
def figure_case_list(request: HttpRequest, metric: str) -> HttpResponse:
    """The cases behind one count of the dashboard (new, closed, pending …) for a row and period."""
    _reader(request)
    if metric not in metrics.LISTABLE:
        raise Http404
    scope, start, end, form, errors = _scoped(request)
    qs = metrics.metric_cases(metric, scope, start, end).select_related("court", "team", "handler").order_by("-filed_on", "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    definition = metrics.DEFINITIONS.get(metric, ("", ""))[1] or metrics.DEFINITIONS["within_limit_rate"][1]
    return render(request, "reports/figure_cases.html", {
        "metric": metric, "label": _figure_label(metric), "definition": definition, "scope": scope, "page_obj": page,
        "start": start, "end": end, "query": _query(scope, start, end), "errors": errors,
    })


@login_required
def figure_export(request: HttpRequest, metric: str) -> HttpResponse:
    _reader(request)
    if metric not in metrics.LISTABLE:
        raise Http404
    scope, start, end, _form, errors = _scoped(request)
    if errors:
        return _bad_parameters(errors)
    from django.db.models import Prefetch

    from cases.models import CaseParty

    cases = (metrics.metric_cases(metric, scope, start, end).select_related("court", "team", "handler")
             .prefetch_related(Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("role", "position")))
             .order_by("-filed_on", "-pk"))
    C = exports.Column
    columns = [C(_("Case number"), 24), C(_("Court"), 20), C(_("Team"), 14), C(_("Handler"), 10), C(_("Filed on"), 12),
               C(_("Status"), 10), C(_("Closure type"), 14), C(_("Closed on"), 12), C(_("Respondents"), 30),
               C(_("Amount applied for"), 16), C(_("Amount recovered"), 16), C(_("Statutory limit ends on"), 12)]

    def rows():
        for c in cases.iterator(chunk_size=2000):
            respondents = "、".join(cp.party.name for cp in c.case_parties.all() if cp.role == "respondent")
            yield [c.case_number, c.court.name, c.team.name if c.team else "", c.handler.display_name if c.handler else "",
                   c.filed_on, c.get_status_display(), c.get_closure_type_display(), c.closed_on, respondents,
                   c.target_amount, c.recovered_amount, c.limit_on]

    label = _figure_label(metric)
    heading = [f"{label} · {scope.title()}", _("Period %(start)s to %(end)s") % {"start": start.isoformat(), "end": end.isoformat()}]
    return exports.xlsx_response(f"{label}-{scope.court.name}-{start.isoformat()}-{end.isoformat()}.xlsx",
                                 [(label, columns, rows(), heading)], fallback=f"cases-{metric}.xlsx")


@login_required
def alert_case_list(request: HttpRequest, code: str) -> HttpResponse:
    """The cases behind one alert count (court, team or judge), paginated, with the export."""
    _reader(request)
    alert = alert_defs.ALERTS_BY_CODE.get(code)
    if alert is None:
        raise Http404
    scope, start, end, form, errors = _scoped(request)
    today = timezone.localdate()
    page = Paginator(alert_defs.alert_cases(code, scope, today), 50).get_page(request.GET.get("page"))
    return render(request, "reports/alert_cases.html", {
        "alert": alert, "alerts": alert_defs.ALERTS, "scope": scope, "page_obj": page, "today": today,
        "query": _query(scope, start, end), "errors": errors,
    })


def _alert_rows(alert, cases, today):
    for case in cases:
        respondents = "、".join(cp.party.name for cp in case.case_parties.all() if cp.role == "respondent")
        yield [case.case_number, case.court.name, case.team.name if case.team else "",
               case.handler.display_name if case.handler else "", case.filed_on, case.get_status_display(),
               respondents, case.target_amount, case.outstanding_amount, case.held_amount,
               getattr(case, "first_found_on", None), getattr(case, "first_expiry_on", None), case.held_since,
               case.limit_on, case.closed_on]


@login_required
def alert_export(request: HttpRequest, code: str) -> HttpResponse:
    _reader(request)
    alert = alert_defs.ALERTS_BY_CODE.get(code)
    if alert is None:
        raise Http404
    scope, _start, _end, _form, errors = _scoped(request)
    if errors:
        return _bad_parameters(errors)
    today = timezone.localdate()
    from django.db.models import Prefetch

    from cases.models import CaseParty

    cases = alert_defs.alert_cases(code, scope, today).prefetch_related(
        Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("role", "position")))
    C = exports.Column
    columns = [C(_("Case number"), 24), C(_("Court"), 20), C(_("Team"), 14), C(_("Handler"), 10), C(_("Filed on"), 12),
               C(_("Status"), 10), C(_("Respondents"), 30), C(_("Amount applied for"), 16), C(_("Outstanding"), 16),
               C(_("Money held"), 14), C(_("Assets found on"), 12), C(_("Control expires on"), 12),
               C(_("Money held since"), 12), C(_("Statutory limit ends on"), 12), C(_("Closed on"), 12)]
    heading = [f"{alert.label} · {scope.title()}", _("As of %(date)s") % {"date": today.isoformat()}, str(alert.definition)]
    title = f"{alert.short}-{scope.court.name}-{today.isoformat()}.xlsx"
    return exports.xlsx_response(title, [(str(alert.short), columns, _alert_rows(alert, cases.iterator(chunk_size=2000), today),
                                          heading)], fallback=f"alert-{code}.xlsx")


@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's tables as a workbook: the drill-down table, cross execution, designation, trends."""
    _reader(request)
    scope, start, end, _form, errors = _scoped(request)
    if errors:
        return _bad_parameters(errors)
    today = timezone.localdate()
    board, _computed_at = dashboard_for(scope, start=start, end=end, today=today, live=request.GET.get("live") == "1")
    return exports.xlsx_response(
        f"{_('Enforcement dashboard')}-{scope.court.name}-{start.isoformat()}-{end.isoformat()}.xlsx",
        dashboard_sheets(board), fallback="dashboard.xlsx")


def dashboard_sheets(board):
    """(title, columns, rows, heading) of each sheet of the dashboard export."""
    C, P = exports.Column, exports.Percent
    d = metrics.DEFINITIONS
    period = _("Period %(start)s to %(end)s; alerts as of %(today)s") % {
        "start": board.start.isoformat(), "end": board.end.isoformat(), "today": board.today.isoformat()}
    heading = [board.scope.title(), period]
    alert_cols = [C(str(a.short), 12) for a, _n in board.alerts]
    columns = [C(_("Court / team / judge"), 28), C(str(d["new"][0]), 9), C(str(d["closed"][0]), 9),
               C(str(d["pending_start"][0]), 10), C(str(d["pending_end"][0]), 10), C(str(d["closure_rate"][0]), 10),
               C(str(d["performed"][0]), 9), C(str(d["terminated_round"][0]), 9), C(str(d["transferred"][0]), 9),
               C(str(d["recovered"][0]), 16), C(str(d["recovery_rate"][0]), 10), C(str(d["within_limit_rate"][0]), 12),
               C(str(d["tb_compliance"][0]), 10), C(str(d["petitions"][0]), 9), *alert_cols, C(_("Hard cases open"), 10)]

    def line(label, f, alerts, hard):
        return [label, f.new, f.closed, f.pending_start, f.pending_end, P(f.closure_rate), f.performed, f.terminated_round,
                f.transferred, f.recovered, P(f.recovery_rate), P(f.within_limit_rate), P(f.tb_compliance), f.petitions,
                *alerts, hard]

    def table():
        for r in board.rows:
            yield line(r.row.label, r.figures, [r.alerts[a.code] for a, _n in board.alerts], r.hard_cases)
        yield line(_("Total"), board.totals, [n for _a, n in board.alerts], sum(n for _c, _l, n in board.hard_cases))

    cd = metrics.CROSS_DEFINITIONS
    rung_cols = [C(_("Rung"), 26), C(str(cd["escalated"][0]), 10), C(str(cd["concluded"][0]), 10),
                 C(_("Concluded share"), 10), C(str(cd["recovered"][0]), 16), C(str(cd["days"][0]), 12)]
    rungs = ([r.label, r.escalated, r.concluded, P(r.concluded_rate), r.recovered, r.mean_days] for r in board.rungs)
    dd = metrics.DESIGNATION_DEFINITIONS
    des = board.designation
    designation = [[str(dd[k][0]), v] for k, v in (("requested", des.requested), ("decided", des.decided),
                                                   ("pending", des.pending), ("mean_days", des.mean_days),
                                                   ("median_days", des.median_days))]
    t = board.trends
    trend_cols = [C(_("Month"), 10), C(str(d["new"][0]), 9), C(str(d["closed"][0]), 9), C(str(d["recovered"][0]), 16),
                  C(str(d["petitions"][0]), 9)]
    trend_rows = zip(t["months"], t["new"], t["closed"], t["recovered"], t["petitions"], strict=True)
    definitions = [[str(label), str(text)] for label, text in d.values()] + [
        [str(a.label), str(a.definition)] for a, _n in board.alerts]
    return [
        (_("Overview"), columns, table(), heading),
        (_("Cross execution"), rung_cols, rungs, heading),
        (_("Designation"), [C(_("Figure"), 24), C(_("Value"), 12)], designation, heading),
        (_("Monthly trend"), trend_cols, trend_rows, heading),
        (_("Definitions"), [C(_("Figure"), 28), C(_("Definition"), 100)], definitions, ()),
    ]
