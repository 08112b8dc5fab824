"""Browser pages of cross execution (交叉执行, DESIGN.md §8): the escalation policy, the upper court's
designation inbox and decision page, concentrated jurisdiction, entrustments, and the ladder's
panel on the dossier. Each view reads through transfers.selectors and writes through one service
call (transfers.policy, .designation, .entrustment): success → redirect with a message; field
errors → the same page with the errors beside the fields (status 400, nothing saved); a conflict
(IllegalTransition) → the page again with the service's explanation."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.clock import policy_in_force
from cases.models import EnforcementCase, PartyRole
from cases.panels import Panel
from cases.selectors import case_get
from cases.views import _submit_action, _visible_case_or_403
from courts import access
from courts.models import CourtLevel, Role
from enforcement.errors import FieldErrors, IllegalTransition
from transfers.designation import (
    can_concentrate,
    can_decide,
    can_request,
    concentration_cases,
    concentration_execute,
    designation_decide,
    designation_request_create,
    respondent_find,
)
from transfers.entrustment import can_reply, entrustment_cancel, entrustment_create, entrustment_reply
from transfers.escalation import skip_reason
from transfers.filters import DesignationRequestFilter, EntrustmentFilter
from transfers.forms import (
    ConcentrationForm,
    DecisionForm,
    DesignationOpenForm,
    DesignationRequestForm,
    EntrustForm,
    EntrustmentReplyForm,
    PolicyForm,
    WithdrawForm,
)
from transfers.models import (
    Decision,
    DesignationRequest,
    EntrustedAct,
    Entrustment,
    EntrustmentStatus,
    RequestStatus,
)
from transfers.policy import can_edit_policy, policy_set
from transfers.selectors import (
    case_entrustments,
    concentration_targets,
    designation_inbox,
    entrustments_visible,
    escalation_history,
    policies_visible,
    teams_with_load,
)
from transfers.suggestions import designation_suggestions

PAGE_SIZE = 25

# --- who opens which page (the writes themselves are checked again by the services' can_* rules) ---
# Reading a court's policy: those who set it, supervise it or decide on its cases.
POLICY_READERS = {Role.BUREAU_CHIEF, Role.SUPERVISOR, Role.DESIGNATION_OFFICER}
# The designation inbox: the upper court's deciders and supervisors (a basic court's bureau chief
# reads the requests sent from the court).
INBOX_READERS = {Role.DESIGNATION_OFFICER, Role.BUREAU_CHIEF, Role.SUPERVISOR}
# Entrustments: the courts' enforcement staff and the upper courts' supervisors; not the filing clerks.
ENTRUSTMENT_READERS = {Role.JUDGE, Role.ASSISTANT, Role.BUREAU_CHIEF, Role.SUPERVISOR, Role.DESIGNATION_OFFICER}


def _role_in(user, roles) -> bool:
    return user.is_system_admin or (user.court_id is not None and user.role in roles)


def _is_upper_decider(user) -> bool:
    """An upper court's designation officer or bureau chief (opens requests, concentrates cases)."""
    return user.court_id is not None and user.court.level != CourtLevel.BASIC and can_decide(user, user.court)


def _bootstrap(form) -> None:
    """Bootstrap classes on a filterset's form (the filtersets are shared with the API, which has no widgets)."""
    for field in form.fields.values():
        css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)
        if field.__class__.__name__ == "DateField":
            field.widget.input_type = "date"


def _id_or_none(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


# --- the ladder, as the pages show it -------------------------------------------------------------
LEVEL_NAMES = {
    0: gettext_lazy("Original handler"),
    1: gettext_lazy("Handoff within the team"),
    2: gettext_lazy("Another team"),
    3: gettext_lazy("Upper court (提级 / 指定执行)"),
}
DIRECT_BECAUSE = {"special_subject": gettext_lazy("Special-subject respondent"),
                  "interference_risk": gettext_lazy("Interference risk")}


def _step_numbers(decision: dict) -> list[str]:
    """The numbers that moved a case, in words (escalation step ``decision``, DESIGN.md §8.3)."""
    lines = []
    if decision.get("direct_because"):
        lines.append(_("Straight to the upper court: %(why)s")
                     % {"why": "、".join(str(DIRECT_BECAUSE.get(k, k)) for k in decision["direct_because"])})
    for skipped in decision.get("skipped", []):
        lines.append(_("Level %(n)s skipped: %(why)s") % {"n": skipped.get("level"), "why": skip_reason(skipped.get("why", ""))})
    judges = (decision.get("level1") or {}).get("judges") or []
    if judges:
        lines.append(_("Judges of the team compared: %(list)s") % {"list": "、".join(
            _("%(name)s %(n)s open") % {"name": j.get("name"), "n": j.get("open_cases")} for j in judges[:5])})
    level2 = decision.get("level2") or {}
    if level2.get("teams"):
        lines.append(_("Teams compared (open cases per judge): %(list)s") % {"list": "、".join(
            f"{t.get('name')} {t.get('per_judge')}" for t in level2["teams"][:5])})
    if level2.get("judges"):
        lines.append(_("Judges of the new team compared: %(list)s") % {"list": "、".join(
            _("%(name)s %(n)s open") % {"name": j.get("name"), "n": j.get("open_cases")} for j in level2["judges"][:5])})
    return lines


def ladder_rows(history: dict, case) -> list[dict]:
    """The timeline of escalation_history, with what the template needs to say it (no query)."""
    rows = []
    for entry in history["timeline"]:
        row = dict(entry)
        row["elsewhere"] = entry.get("case") != case.pk  # an entry of the original (or a later) case
        if entry["type"] == "held":
            row["level_name"] = LEVEL_NAMES.get(entry["level"], "")
        elif entry["type"] == "step":
            row["level_to_name"] = LEVEL_NAMES.get(entry["level_to"], "")
            row["numbers"] = _step_numbers(entry.get("decision") or {})
        rows.append(row)
    return rows


def clock_view(history: dict, case, pending: DesignationRequest | None) -> dict:
    clock = dict(history["clock"])
    clock["level_name"] = LEVEL_NAMES.get(clock["level"], "")
    clock["is_open"] = case.is_open
    clock["days_overdue"] = -clock["days_left"] if clock["days_left"] is not None and clock["days_left"] < 0 else 0
    # The upper court's name only when the case waits for it (the court's parent is not loaded otherwise).
    waiting = clock["waiting_for_upper_court"]
    clock["upper_court"] = pending.upper_court.name if pending else (
        case.court.parent.name if waiting and case.court.parent_id else "")
    return clock


# --- the dossier panel -----------------------------------------------------------------------------
def _entrust_courts(case) -> list[tuple[int, str]]:
    from transfers.entrustment import entrustable_courts

    return list(entrustable_courts(case).values_list("pk", "name"))


def _act_labels(acts) -> list[str]:
    labels = dict(EntrustedAct.choices)
    return [str(labels.get(a, a)) for a in acts or []]


def escalation_panel(request, case, *, can_work):
    """The ladder on the dossier (cases.panels): the clock, who held the case and why it moved, the
    pending request, and — for those who may — the request and entrustment forms and the case's
    entrustments. A fixed number of queries whatever the history's length."""
    user = request.user
    bound = getattr(request, "transfers_bound", {})
    history = escalation_history(case)
    pending = (DesignationRequest.objects.filter(case=case, status=RequestStatus.PENDING)
               .select_related("upper_court", "requested_by").first())
    today = timezone.localdate()
    request_form = bound.get("desreq")
    if request_form is None and pending is None and case.is_open and can_request(user, case):
        request_form = DesignationRequestForm(prefix="desreq")
    entrust_form = bound.get("entrust")
    if entrust_form is None and can_work and case.is_open:
        entrust_form = EntrustForm(prefix="entrust", courts=_entrust_courts(case))
    entrustments = list(case_entrustments(case))
    for e in entrustments:
        e.act_labels = _act_labels(e.acts)
        e.overdue = e.is_overdue(today)
    context = {
        "clock": clock_view(history, case, pending),
        "ladder": ladder_rows(history, case),
        "chain": history["chain"],
        "pending": pending,
        "pending_days": (today - timezone.localdate(pending.created_at)).days if pending else None,
        "can_open_pending": pending is not None and can_decide(user, pending.upper_court),
        "request_form": request_form,
        "entrust_form": entrust_form,
        "entrustments": entrustments,
    }
    return Panel(template="transfers/_escalation_panel.html", context={"escalation": context})


@login_required
@require_POST
def case_designation_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau chief (or an upper court's officer) asks for a designation from the dossier."""
    case = _visible_case_or_403(request, pk)
    if not can_request(request.user, case):
        raise PermissionDenied(_("Only the bureau chief of the case's court or the upper court's designation officers can "
                                 "request a designation."))
    form = DesignationRequestForm(request.POST, prefix="desreq")
    request.transfers_bound = {"desreq": form}
    return _submit_action(
        request, case, form, form_key="desreq", anchor="escalation",
        run=lambda d: designation_request_create(actor=request.user, case_id=case.pk, reason=d["reason"]),
        done=lambda r: _("Designation requested from %(court)s.") % {"court": r.upper_court.name},
    )


@login_required
@require_POST
def case_entrust_view(request: HttpRequest, pk: int) -> HttpResponse:
    """委托执行 from the dossier: the case's judges ask another court to act."""
    case = _visible_case_or_403(request, pk)
    if not access.can_work_case(request.user, case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief can entrust acts."))
    form = EntrustForm(request.POST, prefix="entrust", courts=_entrust_courts(case))
    request.transfers_bound = {"entrust": form}
    return _submit_action(
        request, case, form, form_key="entrust", anchor="escalation",
        run=lambda d: entrustment_create(actor=request.user, case_id=case.pk, to_court_id=_id_or_none(d["to_court"]),
                                         acts=d["acts"], details=d["details"], deadline=d["deadline"]),
        done=lambda e: _("Entrusted to %(court)s: reply by %(date)s.") % {"court": e.to_court.name,
                                                                         "date": e.deadline.isoformat()},
    )


# --- escalation policy -----------------------------------------------------------------------------
@login_required
def policy_page(request: HttpRequest) -> HttpResponse:
    """The court's ladder settings in force, their versions, and for its bureau chief a new version.
    A supervisor or an upper court reads any court of its jurisdiction (?court=)."""
    user = request.user
    if not _role_in(user, POLICY_READERS):
        raise PermissionDenied(_("Only bureau chiefs, supervisors and designation officers read the escalation policy."))
    courts = access.visible_courts(user)
    court_id = _id_or_none(request.GET.get("court")) or user.court_id
    court = courts.filter(pk=court_id).first() if court_id else None
    if court is None:
        raise PermissionDenied(_("This court is not in your jurisdiction."))
    can_edit = can_edit_policy(user, court)
    status, form = 200, None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Only the bureau chief of this court sets its escalation policy."))
        form = PolicyForm(request.POST, prefix="policy")
        if form.is_valid():
            d = form.cleaned_data
            try:
                policy = policy_set(actor=user, court_id=court.pk, effective_from=d["effective_from"],
                                    level0_days=d["level0_days"], level1_days=d["level1_days"], level2_days=d["level2_days"],
                                    special_subject_direct=d["special_subject_direct"],
                                    interference_risk_direct=d["interference_risk_direct"], reason=d["reason"])
            except FieldErrors as exc:
                form.add_service_errors(exc.errors)
            else:
                messages.success(request, _("Escalation policy saved: it applies from %(date)s.")
                                 % {"date": policy.effective_from.isoformat()})
                if policy.effective_from <= timezone.localdate():
                    due = EnforcementCase.objects.filter(court=court, escalation_due_on__lte=timezone.localdate()).count()
                    if due:
                        messages.warning(request, _("Under the new limits %(n)d open case(s) of this court are already due: "
                                                    "they move one rung at the next daily sweep.") % {"n": due})
                return redirect(f"{reverse('escalation-policy')}?{urlencode({'court': court.pk})}")
        messages.error(request, _("Nothing was saved. Correct the fields marked in red."))
        status = 400
    today = timezone.localdate()
    current = policy_in_force(court.pk, today)
    if form is None and can_edit:
        form = PolicyForm(prefix="policy", initial={
            "level0_days": current.level0_days, "level1_days": current.level1_days, "level2_days": current.level2_days,
            "special_subject_direct": current.special_subject_direct,
            "interference_risk_direct": current.interference_risk_direct})
    versions = list(policies_visible(user).filter(court=court).order_by("-effective_from", "-pk"))
    for v in versions:
        v.state = "in_force" if v.pk == current.pk else ("scheduled" if v.effective_from > today else "superseded")
    return render(request, "transfers/policy.html", {
        "court": court, "courts": list(courts.order_by("level", "code", "name")) if courts.count() > 1 else [],
        "current": current, "is_default": current.pk is None, "versions": versions, "form": form, "can_edit": can_edit,
    }, status=status)


# --- designation inbox and decision ----------------------------------------------------------------
def _inbox_reader_or_403(user) -> None:
    if not _role_in(user, INBOX_READERS):
        raise PermissionDenied(_("The designation inbox is for the upper court's designation officers, bureau chief and "
                                 "supervisors."))


def _days_waiting(r: DesignationRequest, today) -> int:
    end = timezone.localdate(r.decided_at) if r.decided_at else today
    return max((end - timezone.localdate(r.created_at)).days, 0)


@login_required
def designation_inbox_view(request: HttpRequest) -> HttpResponse:
    return _inbox_page(request)


def _inbox_page(request, *, open_form: DesignationOpenForm | None = None, status: int = 200) -> HttpResponse:
    """The upper court's requests, filtered (DesignationRequestFilter), the pending ones first and
    the longest waiting at the top; the decided ones below, the latest first."""
    user = request.user
    _inbox_reader_or_403(user)
    pending_first = Case(When(status=RequestStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
    qs = designation_inbox(user).order_by(
        pending_first, F("decided_at").desc(nulls_first=True), "created_at", "pk")
    data = request.GET if request.method == "GET" else None
    filterset = DesignationRequestFilter(data or None, queryset=qs, request=request)
    visible = access.visible_courts(user)
    for name in ("upper_court", "from_court"):
        filterset.form.fields[name].queryset = visible
    _bootstrap(filterset.form)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else (qs if not filterset.is_bound else qs.none())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for r in page.object_list:
        r.days_waiting = _days_waiting(r, today)
        r.can_decide = can_decide(user, r.upper_court)
    query = request.GET.copy()
    query.pop("page", None)
    for key in [k for k, v in query.lists() if not any(v)]:
        query.pop(key)
    if open_form is None and _is_upper_decider(user):
        open_form = DesignationOpenForm(prefix="open")
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "open_form": open_form}
    if request.htmx and request.htmx.target == "designation-table":
        return render(request, "transfers/_designation_table.html", context)
    return render(request, "transfers/designation_inbox.html", context, status=status)


@login_required
@require_POST
def designation_open_view(request: HttpRequest) -> HttpResponse:
    """The upper court opens a request for a case of its jurisdiction, named by its case number."""
    user = request.user
    if not _is_upper_decider(user):
        raise PermissionDenied(_("Only an upper court's designation officers or bureau chief open requests."))
    form = DesignationOpenForm(request.POST, prefix="open")
    if form.is_valid():
        d = form.cleaned_data
        # As typed: ASCII or full-width brackets, spaces.
        number = "".join(d["case_number"].split()).replace("(", "（").replace(")", "）")
        case = access.visible_cases(user).select_related("court", "court__parent").filter(case_number=number).first() \
            if number else None
        try:
            if not number:
                raise FieldErrors({"case_number": [_("Enter the case number.")]})
            if case is None:
                raise FieldErrors({"case_number": [_("No case with this number in your jurisdiction.")]})
            if not case.is_open:
                raise FieldErrors({"case_number": [_("The case is closed.")]})
            if not can_request(user, case):
                raise FieldErrors({"case_number": [_("This case is not under your court: only its own upper courts can "
                                                     "take it up.")]})
            created = designation_request_create(actor=user, case_id=case.pk, reason=d["reason"])
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Request opened for case %(number)s.") % {"number": case.case_number})
            return redirect("designation-detail", pk=created.pk)
    messages.error(request, _("Nothing was saved. Correct the fields marked in red."))
    return _inbox_page(request, open_form=form, status=400)


def _visible_request_or_403(request, pk: int) -> DesignationRequest:
    _inbox_reader_or_403(request.user)
    found = designation_inbox(request.user).filter(pk=pk).first()
    if found is None:
        if DesignationRequest.objects.filter(pk=pk).exists():
            raise PermissionDenied(_("This request is addressed to another court."))
        raise Http404(_("No such request."))
    return found


def _decision_form(dr: DesignationRequest, suggestions, data=None) -> DecisionForm:
    teams = [(t.pk, _("%(team)s (%(n)s open cases, %(j)s judges)") % {"team": t.name, "n": t.open_cases, "j": t.judge_count})
             for t in teams_with_load(dr.upper_court)]
    courts = [(s.court.pk, s.court.name) for s in suggestions]
    initial = {"decision": Decision.DESIGNATE, "target_court": suggestions[0].court.pk if suggestions else ""}
    return DecisionForm(data, prefix="decide", teams=teams, courts=courts, initial=initial)


def _designation_page(request, dr: DesignationRequest, *, form: DecisionForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    case = case_get(pk=dr.case_id)
    history = escalation_history(case)
    deciding = dr.is_pending and can_decide(user, dr.upper_court)
    # The ranking is the upper court's deliberation: the requesting and the receiving court read the
    # request and the decision, not the ranking.
    upper_side = user.is_system_admin or (user.court_id is not None and user.court.level != CourtLevel.BASIC)
    suggestions = designation_suggestions(case, dr.upper_court) if dr.is_pending and upper_side else []
    if deciding and form is None:
        form = _decision_form(dr, suggestions)
    return render(request, "transfers/designation_detail.html", {
        "req": dr, "case": case, "parties": [link for link in case.case_parties.all() if link.role == PartyRole.RESPONDENT],
        "applicants": [link for link in case.case_parties.all() if link.role == PartyRole.APPLICANT],
        "show_full_ids": access.can_act_on_case(user, case),
        "ladder": ladder_rows(history, case), "chain": history["chain"],
        "clock": clock_view(history, case, dr if dr.is_pending else None),
        "suggestions": suggestions, "show_suggestions": upper_side, "form": form if deciding else None,
        "days_waiting": _days_waiting(dr, timezone.localdate()),
    }, status=status)


@login_required
def designation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _designation_page(request, _visible_request_or_403(request, pk))


@login_required
@require_POST
def designation_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    dr = _visible_request_or_403(request, pk)
    if not can_decide(user, dr.upper_court):
        raise PermissionDenied(_("Only the designation officers and the bureau chief of %(court)s decide this request.")
                               % {"court": dr.upper_court.name})
    back = reverse("designation-detail", args=[dr.pk])
    if not dr.is_pending:
        # Decided meanwhile (the page was stale): the service says by whom and how.
        try:
            designation_decide(actor=user, request_id=dr.pk, decision=request.POST.get("decide-decision", ""))
        except IllegalTransition as exc:
            messages.error(request, str(exc))
        return redirect(back)
    case = case_get(pk=dr.case_id)
    form = _decision_form(dr, designation_suggestions(case, dr.upper_court), data=request.POST)
    if form.is_valid():
        d = form.cleaned_data
        decision = d["decision"]
        try:
            decided = designation_decide(
                actor=user, request_id=dr.pk, decision=decision, reason=d["reason"],
                target_court_id=_id_or_none(d["target_court"]) if decision == Decision.DESIGNATE else None,
                team_id=_id_or_none(d["team"]) if decision == Decision.ELEVATE else None)
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect(back)
        else:
            if decided.new_case_id:
                messages.success(request, _("%(how)s: case %(old)s continues at %(court)s as case %(number)s.")
                                 % {"how": decided.get_status_display(), "old": case.case_number,
                                    "court": decided.target_court.name, "number": decided.new_case.case_number})
            else:
                messages.success(request, _("Request rejected: case %(number)s stays with %(court)s at level 2, with a fresh "
                                            "clock.") % {"number": case.case_number, "court": case.court.name})
            return redirect(back)
    messages.error(request, _("Nothing was decided. Correct the fields marked in red."))
    return _designation_page(request, dr, form=form, status=400)


# --- concentrated jurisdiction ---------------------------------------------------------------------
def _concentrator_or_403(user) -> None:
    if user.court_id is None or not can_concentrate(user):
        raise PermissionDenied(_("Only an upper court's designation officers or bureau chief concentrate cases."))


def _concentration_page(request, id_number: str, *, form: ConcentrationForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    parties = respondent_find(id_number) if id_number else []
    cases = list(concentration_cases(actor=user, parties=parties)) if parties else []
    # The courts that may receive them, least loaded first (the same ranking as the API's): suggest the
    # one already holding most of the cases, else the least loaded.
    targets = concentration_targets(user.court, cases)
    most = max((t["cases_here"] for t in targets), default=0)
    suggested = next((t for t in targets if t["cases_here"] == most), None) if most else (targets[0] if targets else None)
    choices = [(t["court"], _("%(court)s — holds %(held)s of these cases; %(n)s open cases, %(j)s judges")
                % {"court": t["court_name"], "held": t["cases_here"], "n": t["open_cases"], "j": t["judges"]})
               for t in targets]
    if form is None and cases:
        form = ConcentrationForm(prefix="conc", courts=choices, initial={
            "id_number": id_number, "case_ids": [c.pk for c in cases], "target_court": suggested["court"] if suggested else ""})
    elif form is not None:
        form.set_courts(choices)
    by_court: dict[str, int] = {}
    for c in cases:
        by_court[c.court.name] = by_court.get(c.court.name, 0) + 1
    totals = {"cases": len(cases), "courts": len(by_court),
              "target": sum((c.target_amount for c in cases), Decimal("0.00")),
              "recovered": sum((c.recovered_amount for c in cases), Decimal("0.00")),
              "outstanding": sum((c.outstanding_amount for c in cases), Decimal("0.00"))}
    notice = ""
    if id_number and not parties:
        notice = _("No party with this ID number or credit code is known.")
    elif parties and not cases:
        notice = _("There is no open case against %(name)s in this jurisdiction.") % {"name": parties[0].name}
    return render(request, "transfers/concentration.html", {
        "id_number": id_number, "parties": parties, "cases": cases, "totals": totals, "by_court": sorted(by_court.items()),
        "suggested": suggested, "suggested_why": "held" if most else "load",
        "form": form, "notice": notice,
    }, status=status)


@login_required
def concentration_view(request: HttpRequest) -> HttpResponse:
    _concentrator_or_403(request.user)
    return _concentration_page(request, request.GET.get("id_number", "").strip()[:40])


@login_required
@require_POST
def concentration_execute_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    _concentrator_or_403(user)
    form = ConcentrationForm(request.POST, prefix="conc")
    id_number = request.POST.get("conc-id_number", "").strip()[:40]
    again = f"{reverse('concentration')}?{urlencode({'id_number': id_number})}"
    if form.is_valid():
        d = form.cleaned_data
        try:
            done = concentration_execute(actor=user, id_number=d["id_number"], target_court_id=_id_or_none(d["target_court"]),
                                         reason=d["reason"], expected_case_ids=d["case_ids"])
        except FieldErrors as exc:
            # Errors about the respondent or the cases are not fields of this form: on top of it, one per case.
            form.add_service_errors({(k if k in ("target_court", "reason") else "__all__"): v for k, v in exc.errors.items()})
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect(again)
        else:
            messages.success(request, _("%(n)s case(s) against %(name)s gathered at %(court)s.")
                             % {"n": done.case_count, "name": done.respondent.name, "court": done.target_court.name})
            return redirect(again)
    messages.error(request, _("Nothing was moved. Correct the fields marked in red."))
    return _concentration_page(request, id_number, form=form, status=400)


# --- entrustments ----------------------------------------------------------------------------------
def _entrustment_reader_or_403(user) -> None:
    if not _role_in(user, ENTRUSTMENT_READERS):
        raise PermissionDenied(_("Entrustments are read by the courts' enforcement staff."))


@login_required
def entrustment_inbox_view(request: HttpRequest) -> HttpResponse:
    """Received / sent tabs (an upper court also has its whole jurisdiction), overdue ones in red."""
    user = request.user
    _entrustment_reader_or_403(user)
    data = request.GET.copy()
    if "box" not in data:
        # An upper court's supervisors and officers read the whole jurisdiction; the others their own inbox.
        upper_reader = user.court_id and user.court.level != CourtLevel.BASIC and user.role in (Role.SUPERVISOR,
                                                                                               Role.DESIGNATION_OFFICER)
        data["box"] = "" if upper_reader else "received"
    box = data["box"]
    base = entrustments_visible(user)
    waiting_first = Case(When(status=EntrustmentStatus.SENT, then=Value(0)), default=Value(1), output_field=IntegerField())
    filterset = EntrustmentFilter(data, queryset=base.order_by(waiting_first, "deadline", "pk"), request=request)
    _bootstrap(filterset.form)
    rows = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for e in page.object_list:
        e.act_labels = _act_labels(e.acts)
        e.overdue = e.is_overdue(today)
    late = base.filter(status=EntrustmentStatus.SENT, deadline__lt=today)
    overdue = {"received": late.filter(to_court_id=user.court_id).count(), "sent": late.filter(from_court_id=user.court_id).count()}
    query = data.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "box": box, "overdue": overdue, "query": query.urlencode(),
               "upper": user.is_system_admin or (user.court_id is not None and user.court.level != CourtLevel.BASIC)}
    if request.htmx and request.htmx.target == "entrustment-table":
        return render(request, "transfers/_entrustment_table.html", context)
    return render(request, "transfers/entrustment_inbox.html", context)


def _visible_entrustment_or_403(request, pk: int) -> Entrustment:
    _entrustment_reader_or_403(request.user)
    found = entrustments_visible(request.user).select_related("case__court", "case__handler").filter(pk=pk).first()
    if found is None:
        if Entrustment.objects.filter(pk=pk).exists():
            raise PermissionDenied(_("This entrustment concerns other courts."))
        raise Http404(_("No such entrustment."))
    return found


def _entrustment_page(request, e: Entrustment, *, reply_form=None, withdraw_form=None, status: int = 200) -> HttpResponse:
    user = request.user
    waiting = e.status == EntrustmentStatus.SENT
    if reply_form is None and waiting and can_reply(user, e):
        reply_form = EntrustmentReplyForm(prefix="reply", acts=e.acts)
    if withdraw_form is None and waiting and access.can_work_case(user, e.case):
        withdraw_form = WithdrawForm(prefix="withdraw")
    labels = dict(EntrustedAct.choices)
    results = [{**r, "label": labels.get(r.get("act"), r.get("act"))} for r in e.results or []]
    return render(request, "transfers/entrustment_detail.html", {
        "e": e, "act_labels": _act_labels(e.acts), "results": results, "overdue": e.is_overdue(),
        "reply_form": reply_form, "withdraw_form": withdraw_form,
    }, status=status)


@login_required
def entrustment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _entrustment_page(request, _visible_entrustment_or_403(request, pk))


def _entrustment_action(request, e: Entrustment, form, *, run, done: str, form_key: str) -> HttpResponse:
    back = reverse("entrustment-detail", args=[e.pk])
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except FieldErrors as exc:
            form.add_service_errors(exc.errors)
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect(back)
        else:
            messages.success(request, done)
            return redirect(back)
    messages.error(request, _("Nothing was saved. Correct the fields marked in red."))
    return _entrustment_page(request, e, status=400, **{form_key: form})


@login_required
@require_POST
def entrustment_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    e = _visible_entrustment_or_403(request, pk)
    if not can_reply(request.user, e):
        raise PermissionDenied(_("Only the judges and the bureau chief of the entrusted court reply."))
    form = EntrustmentReplyForm(request.POST, prefix="reply", acts=e.acts)
    return _entrustment_action(
        request, e, form, form_key="reply_form", done=_("Reply sent to %(court)s.") % {"court": e.from_court.name},
        run=lambda d: entrustment_reply(actor=request.user, entrustment_id=e.pk, reply=d["reply"], results=form.results()))


@login_required
@require_POST
def entrustment_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    e = _visible_entrustment_or_403(request, pk)
    if not access.can_work_case(request.user, e.case):
        raise PermissionDenied(_("Only the entrusting court's judges on the case can withdraw it."))
    form = WithdrawForm(request.POST, prefix="withdraw")
    return _entrustment_action(
        request, e, form, form_key="withdraw_form", done=_("Entrustment withdrawn."),
        run=lambda d: entrustment_cancel(actor=request.user, entrustment_id=e.pk, reason=d["reason"]))

