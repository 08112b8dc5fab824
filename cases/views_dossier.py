"""The dossier's actions in the browser (DESIGN.md §6–9, issue #3): one POST view per action, each
turning its form into one service call through ``cases.views._submit_action`` (success → back to
the dossier with a message; field errors → the dossier again, errors beside the fields, status 400),
and ``dossier_context``, which builds the dossier's sections and their forms for the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import closure, dossier, money
from cases.dossier_selectors import dossier as dossier_sections
from cases.forms_dossier import (
    ArchiveForm,
    AuctionConcludeForm,
    AuctionScheduleForm,
    BreachForm,
    ClaimForm,
    ClosureForm,
    ControlApplyForm,
    ControlDeductForm,
    ControlReleaseForm,
    ControlRenewForm,
    DisbursementForm,
    DistributionForm,
    InKindForm,
    InvestigationForm,
    LeadResultForm,
    MeasureIssueForm,
    MeasureLiftForm,
    OnlineQueriesForm,
    PaymentForm,
    ProcedureForm,
    ResumeForm,
    SaleForm,
    SettlementForm,
    ValuationForm,
)
from cases.models import (
    DISPOSABLE_KINDS,
    AuctionResult,
    AuctionRound,
    CaseStatus,
    ClosureType,
    CoerciveMeasure,
    ControlAction,
    ControlKind,
    Investigation,
    PartyRole,
)
from cases.views import _submit_action, _visible_case_or_403
from courts import access
from enforcement.errors import FieldErrors


# --- choices from the case's parties (already loaded with the case: no query) --------------------
def _respondents(parties) -> list[tuple[str, str]]:
    return [(str(link.party_id), link.party.name) for link in parties if link.role == PartyRole.RESPONDENT]


def _applicants(parties) -> list[tuple[str, str]]:
    return [(str(link.party_id), link.party.name) for link in parties if link.role == PartyRole.APPLICANT]


def _payees(parties) -> list[tuple[str, str]]:
    return [(str(link.party_id), f"{link.get_role_display()}：{link.party.name}") for link in parties
            if link.role in (PartyRole.APPLICANT, PartyRole.RESPONDENT)]


# --- the page's sections -------------------------------------------------------------------------
@dataclass
class Forms:
    """The case-level forms the user may use now (None = not offered)."""

    investigation: InvestigationForm | None = None
    procedure: ProcedureForm | None = None
    control: ControlApplyForm | None = None
    measure: MeasureIssueForm | None = None
    claim: ClaimForm | None = None
    payment: PaymentForm | None = None
    disbursement: DisbursementForm | None = None
    distribution: DistributionForm | None = None
    settlement: SettlementForm | None = None
    breach: BreachForm | None = None
    closure: ClosureForm | None = None
    resume: ResumeForm | None = None
    archive: ArchiveForm | None = None


def _auction_state(control: ControlAction) -> None:
    """What the disposal of a control has reached, from its prefetched rounds (no query): the rounds
    that count (a withdrawn round is re-run), the one scheduled, the next round's lawful floor."""
    control.rounds = list(control.auction_rounds.all())
    counted = [r for r in control.rounds if r.result != AuctionResult.WITHDRAWN]
    control.scheduled_round = next((r for r in counted if r.result == AuctionResult.SCHEDULED), None)
    sold = any(r.result == AuctionResult.SOLD for r in counted)
    unsold = [r for r in counted if r.result == AuctionResult.UNSOLD]
    control.last_unsold = unsold[-1] if unsold else None
    control.next_round = len(counted) + 1
    control.can_schedule = (control.is_in_force and control.kind in DISPOSABLE_KINDS and control.latest_valuation is not None
                            and control.scheduled_round is None and not sold and len(counted) < 2)
    control.can_sell = control.is_in_force and control.last_unsold is not None and control.last_unsold.round_number >= 2
    control.reserve_floor = None
    if control.can_schedule:
        control.reserve_floor = dossier.reserve_price_floor(
            round_number=control.next_round, valuation=control.latest_valuation.value,
            first_reserve=counted[0].reserve_price if counted else None)


def dossier_context(request, case, *, parties, can_work: bool, bound: dict) -> dict:
    """The dossier's sections (from the selector, a fixed number of queries) and, for a user who
    may work the case, the forms of each section — the submitted ones (``bound``, by prefix) in
    place of blank ones, their sections opened."""
    sections = dossier_sections(case)
    respondents, applicants = _respondents(parties), _applicants(parties)
    forms = Forms()
    is_open = case.is_open
    resumable = case.closure_type == ClosureType.TERMINATED_ROUND and not any(d.type_code == "执恢" for d in sections.derived_cases)

    def pick(prefix: str, offered: bool, make):
        if prefix in bound:
            return bound[prefix]
        return make(prefix) if offered else None

    for control in sections.controls:
        _auction_state(control)
    if can_work:
        # A 终本 case stays open to the 6-monthly re-query and to renewing its controls (DESIGN.md §7).
        requery = is_open or case.closure_type == ClosureType.TERMINATED_ROUND
        forms.investigation = pick("inv", requery, lambda p: InvestigationForm(prefix=p, respondents=respondents))
        forms.online_queries = pick("q5", requery, lambda p: OnlineQueriesForm(prefix=p, respondents=respondents))
        for lead in sections.pending_leads:
            lead.result_form = pick(f"lead-{lead.pk}", requery, lambda p: LeadResultForm(prefix=p))
        forms.procedure = pick("proc", is_open, lambda p: ProcedureForm(prefix=p))
        forms.control = pick("ctl", is_open, lambda p: ControlApplyForm(prefix=p, respondents=respondents))
        for c in sections.controls:
            # An expired control that was not renewed has lapsed: it can only be released (and the
            # asset controlled anew); a control whose auction is scheduled waits for the result.
            live = c.is_in_force and not c.expired
            c.renew_form = pick(f"renew-{c.pk}", live and c.expires_on is not None and requery, lambda p: ControlRenewForm(prefix=p))
            c.release_form = pick(f"release-{c.pk}", c.is_in_force and c.scheduled_round is None, lambda p: ControlReleaseForm(prefix=p))
            c.deduct_form = pick(f"deduct-{c.pk}", is_open and live and c.kind == ControlKind.FREEZE_DEPOSIT and not c.non_deductible,
                                 lambda p: ControlDeductForm(prefix=p))
            disposable = is_open and live and c.kind in DISPOSABLE_KINDS
            c.valuation_form = pick(f"val-{c.pk}", disposable and c.scheduled_round is None, lambda p: ValuationForm(prefix=p))
            c.auction_form = pick(f"auction-{c.pk}", disposable and c.can_schedule, lambda p: AuctionScheduleForm(prefix=p))
            for r in c.rounds:
                r.conclude_form = pick(f"conclude-{r.pk}", is_open and c.is_in_force and r.result == AuctionResult.SCHEDULED,
                                       lambda p: AuctionConcludeForm(prefix=p))
            c.sale_form = pick(f"sale-{c.pk}", disposable and c.can_sell, lambda p: SaleForm(prefix=p))
            c.inkind_form = pick(f"inkind-{c.pk}", disposable and c.scheduled_round is None,
                                 lambda p, c=c: InKindForm(prefix=p, applicants=applicants,
                                                           initial={"value": c.last_unsold.reserve_price if c.last_unsold else ""}))
            c.has_forms = any((c.renew_form, c.release_form, c.deduct_form, c.valuation_form, c.auction_form, c.sale_form,
                               c.inkind_form, *(getattr(r, "conclude_form", None) for r in c.rounds)))
            c.open = any(key in bound for key in (f"renew-{c.pk}", f"release-{c.pk}", f"deduct-{c.pk}", f"val-{c.pk}",
                                                  f"auction-{c.pk}", f"sale-{c.pk}", f"inkind-{c.pk}",
                                                  *(f"conclude-{r.pk}" for r in c.rounds)))
        forms.measure = pick("measure", is_open, lambda p: MeasureIssueForm(prefix=p, respondents=respondents))
        for m in sections.measures:
            m.lift_form = pick(f"lift-{m.pk}", m.is_active, lambda p: MeasureLiftForm(prefix=p))
        forms.claim = pick("claim", is_open, lambda p: ClaimForm(prefix=p, applicants=applicants))
        forms.payment = pick("pay", is_open, lambda p: PaymentForm(prefix=p))
        forms.disbursement = pick("disb", is_open, lambda p: DisbursementForm(
            prefix=p, payees=_payees(parties), initial={"payee": applicants[0][0] if len(applicants) == 1 else ""}))
        several = len(sections.applicants) > 1
        forms.distribution = pick("dist", is_open and several and case.held_amount > 0, lambda p: DistributionForm(prefix=p))
        forms.settlement = pick("settle", case.status in (CaseStatus.REGISTERED, CaseStatus.IN_PROGRESS),
                                lambda p: SettlementForm(prefix=p))
        forms.breach = pick("breach", case.status == CaseStatus.SETTLED and bool(sections.missed), lambda p: BreachForm(prefix=p))
        forms.closure = pick("close", is_open, lambda p: ClosureForm(prefix=p, status=case.status,
                                                                    initial={"expected_status": case.status}))
    if can_work or access.can_register_in(request.user, case.court):
        forms.resume = pick("resume", resumable, lambda p: ResumeForm(prefix=p))
    if can_work:
        forms.archive = pick("archive", not is_open and case.archived_on is None, lambda p: ArchiveForm(prefix=p))

    distribution, distribution_error = [], ""
    if len(sections.applicants) > 1 and case.held_amount > 0:
        try:
            distribution = money.distribution_preview(case)
        except FieldErrors as exc:
            distribution_error = " ".join(str(m) for msgs in exc.errors.values() for m in msgs)
    closure_form, closure_type = forms.closure, ""
    if closure_form is not None and closure_form.is_bound:
        closure_type = closure_form.cleaned_data.get("closure_type", "")
        missing = closure_missing(case, closure_type, closure_form.facts())
    else:
        missing = closure.closure_blockers(case, ClosureType.TERMINATED_ROUND, checklist=sections.checklist) if case.is_open else []
    return {
        "dossier": sections,
        "forms": forms,
        "archive_days": closure.ARCHIVE_DAYS,
        "distribution": distribution,
        "distribution_error": distribution_error,
        "expiring_controls": [c for c in sections.controls if c.expiring and not c.expired],
        "lapsed_controls": [c for c in sections.controls if c.expired],
        "resumable": resumable,
        **closure_preview(case, closure_type, missing),
    }


# --- helpers for the POST views ------------------------------------------------------------------
def _case_to_work(request: HttpRequest, pk: int):
    case = _visible_case_or_403(request, pk)
    if not access.can_work_case(request.user, case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief can change this case."))
    return case


def _parties(case):
    return list(case.case_parties.all())  # prefetched with the case


def _belongs(model, case, object_id: int) -> None:
    """The object must be the case's own (a URL naming another case's control is a 404, not a write)."""
    if not model.objects.filter(pk=object_id, case_id=case.pk).exists():
        raise Http404(_("No such item in this case."))


def _blank_to_none(value):
    return None if value in ("", None) else value


# --- investigation and procedure -----------------------------------------------------------------
@login_required
@require_POST
def investigation_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = InvestigationForm(request.POST, prefix="inv", respondents=_respondents(_parties(case)))
    return _submit_action(
        request, case, form, form_key="inv", anchor="investigation", done=_("Investigation item recorded."),
        run=lambda d: dossier.investigation_record(
            actor=request.user, case_id=case.pk, category=d["category"], result=d["result"], queried_on=d["queried_on"],
            details=d["details"], found_amount=d["found_amount"], respondent=_blank_to_none(d["respondent"])),
    )


@login_required
@require_POST
def online_queries_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The five online queries recorded at once (all or nothing)."""
    case = _case_to_work(request, pk)
    form = OnlineQueriesForm(request.POST, prefix="q5", respondents=_respondents(_parties(case)))
    return _submit_action(
        request, case, form, form_key="q5", anchor="investigation", done=_("The five online queries are recorded."),
        run=lambda d: dossier.online_queries_record(actor=request.user, case_id=case.pk, queried_on=d["queried_on"],
                                                   results=form.results(), respondent=_blank_to_none(d["respondent"])),
    )


@login_required
@require_POST
def investigation_result_view(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    _belongs(Investigation, case, item_id)
    prefix = f"lead-{item_id}"
    form = LeadResultForm(request.POST, prefix=prefix)
    return _submit_action(
        request, case, form, form_key=prefix, anchor="investigation", done=_("Result of the lead recorded."),
        run=lambda d: dossier.investigation_update(
            actor=request.user, investigation_id=item_id, result=d["result"],
            queried_on=d["queried_on"], details=d["details"], found_amount=d["found_amount"]),
    )


@login_required
@require_POST
def procedure_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = ProcedureForm(request.POST, prefix="proc")
    return _submit_action(
        request, case, form, form_key="proc", anchor="procedure", done=_("Procedural step recorded."),
        run=lambda d: dossier.procedure_record(actor=request.user, case_id=case.pk, kind=d["kind"], done_on=d["done_on"],
                                               details=d["details"], applicant_opinion=d["applicant_opinion"]),
    )


# --- control and disposal ------------------------------------------------------------------------
@login_required
@require_POST
def control_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = ControlApplyForm(request.POST, prefix="ctl", respondents=_respondents(_parties(case)))
    return _submit_action(
        request, case, form, form_key="ctl", anchor="controls", done=_("Control action recorded."),
        run=lambda d: dossier.control_apply(
            actor=request.user, case_id=case.pk, kind=d["kind"], asset=d["asset"], started_on=d["started_on"],
            amount=d["amount"], respondent=_blank_to_none(d["respondent"]), non_deductible=d["non_deductible"],
            non_deductible_reason=d["non_deductible_reason"]),
    )


def _control_action(request, pk: int, control_id: int, *, prefix: str, form_class, done: str, run):
    case = _case_to_work(request, pk)
    _belongs(ControlAction, case, control_id)
    kwargs = {"applicants": _applicants(_parties(case))} if form_class is InKindForm else {}
    form = form_class(request.POST, prefix=f"{prefix}-{control_id}", **kwargs)
    return _submit_action(request, case, form, form_key=f"{prefix}-{control_id}", anchor=f"control-{control_id}",
                          done=done, run=run)


@login_required
@require_POST
def control_renew_view(request: HttpRequest, pk: int, control_id: int) -> HttpResponse:
    return _control_action(request, pk, control_id, prefix="renew", form_class=ControlRenewForm, done=_("Control renewed."),
                           run=lambda d: dossier.control_renew(actor=request.user, control_id=control_id,
                                                               renewed_on=d["renewed_on"]))


@login_required
@require_POST
def control_release_view(request: HttpRequest, pk: int, control_id: int) -> HttpResponse:
    return _control_action(request, pk, control_id, prefix="release", form_class=ControlReleaseForm, done=_("Control released."),
                           run=lambda d: dossier.control_release(actor=request.user, control_id=control_id,
                                                                 released_on=d["released_on"], reason=d["reason"]))


@login_required
@require_POST
def control_deduct_view(request: HttpRequest, pk: int, control_id: int) -> HttpResponse:
    return _control_action(request, pk, control_id, prefix="deduct", form_class=ControlDeductForm,
                           done=_("Deduction recorded: the money is held by the court."),
                           run=lambda d: dossier.control_deduct(actor=request.user, control_id=control_id, amount=d["amount"],
                                                                deducted_on=d["deducted_on"], note=d["note"]))


@login_required
@require_POST
def control_valuation_view(request: HttpRequest, pk: int, control_id: int) -> HttpResponse:
    return _control_action(request, pk, control_id, prefix="val", form_class=ValuationForm, done=_("Valuation recorded."),
                           run=lambda d: dossier.valuation_record(actor=request.user, control_id=control_id, method=d["method"],
                                                                  value=d["value"], valued_on=d["valued_on"],
                                                                  appraiser=d["appraiser"]))


@login_required
@require_POST
def control_auction_view(request: HttpRequest, pk: int, control_id: int) -> HttpResponse:
    return _control_action(request, pk, control_id, prefix="auction", form_class=AuctionScheduleForm, done=_("Auction scheduled."),
                           run=lambda d: dossier.auction_schedule(actor=request.user, control_id=control_id,
                                                                  reserve_price=d["reserve_price"], starts_on=d["starts_on"],
                                                                  platform=d["platform"]))


@login_required
@require_POST
def control_sale_view(request: HttpRequest, pk: int, control_id: int) -> HttpResponse:
    return _control_action(request, pk, control_id, prefix="sale", form_class=SaleForm, done=_("Sale recorded."),
                           run=lambda d: dossier.sale_record(actor=request.user, control_id=control_id, price=d["price"],
                                                             buyer=d["buyer"], sold_on=d["sold_on"]))


@login_required
@require_POST
def control_in_kind_view(request: HttpRequest, pk: int, control_id: int) -> HttpResponse:
    return _control_action(request, pk, control_id, prefix="inkind", form_class=InKindForm, done=_("Transfer in kind recorded."),
                           run=lambda d: dossier.in_kind_transfer(
                               actor=request.user, control_id=control_id, applicant=d["applicant"], value=d["value"],
                               transferred_on=d["transferred_on"], by_agreement=d["by_agreement"]))


@login_required
@require_POST
def auction_conclude_view(request: HttpRequest, pk: int, auction_id: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    control_id = AuctionRound.objects.filter(pk=auction_id, control__case_id=case.pk).values_list("control_id", flat=True).first()
    if control_id is None:
        raise Http404(_("No such item in this case."))
    prefix = f"conclude-{auction_id}"
    form = AuctionConcludeForm(request.POST, prefix=prefix)
    return _submit_action(
        request, case, form, form_key=prefix, anchor=f"control-{control_id}", done=_("Auction result recorded."),
        run=lambda d: dossier.auction_conclude(actor=request.user, auction_id=auction_id, result=d["result"],
                                               sale_price=d["sale_price"], buyer=d["buyer"], concluded_on=d["concluded_on"]),
    )


# --- coercive measures ---------------------------------------------------------------------------
@login_required
@require_POST
def measure_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = MeasureIssueForm(request.POST, prefix="measure", respondents=_respondents(_parties(case)))
    return _submit_action(
        request, case, form, form_key="measure", anchor="measures", done=_("Measure recorded."),
        run=lambda d: dossier.measure_issue(actor=request.user, case_id=case.pk, kind=d["kind"], respondent=d["respondent"],
                                            issued_on=d["issued_on"], ends_on=d["ends_on"], amount=d["amount"],
                                            reason=d["reason"]),
    )


@login_required
@require_POST
def measure_lift_view(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    _belongs(CoerciveMeasure, case, measure_id)
    prefix = f"lift-{measure_id}"
    form = MeasureLiftForm(request.POST, prefix=prefix)
    return _submit_action(
        request, case, form, form_key=prefix, anchor="measures", done=_("Measure lifted."),
        run=lambda d: dossier.measure_lift(actor=request.user, measure_id=measure_id, lifted_on=d["lifted_on"], reason=d["reason"]),
    )


# --- money ---------------------------------------------------------------------------------------
@login_required
@require_POST
def claim_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = ClaimForm(request.POST, prefix="claim", applicants=_applicants(_parties(case)))
    return _submit_action(
        request, case, form, form_key="claim", anchor="money", done=_("Claim recorded."),
        run=lambda d: money.applicant_claim_set(actor=request.user, case_id=case.pk, party=d["party"],
                                                claim_amount=d["claim_amount"], claim_class=d["claim_class"]),
    )


@login_required
@require_POST
def payment_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = PaymentForm(request.POST, prefix="pay")
    return _submit_action(
        request, case, form, form_key="pay", anchor="money", done=_("Payment recorded."),
        run=lambda d: money.payment_record(actor=request.user, case_id=case.pk, amount=d["amount"], received_on=d["received_on"],
                                           source=d["source"], payer=d["payer"], note=d["note"]),
    )


@login_required
@require_POST
def disbursement_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = DisbursementForm(request.POST, prefix="disb", payees=_payees(_parties(case)))
    return _submit_action(
        request, case, form, form_key="disb", anchor="money", done=_("Disbursement recorded."),
        run=lambda d: money.disbursement_record(actor=request.user, case_id=case.pk, amount=d["amount"], paid_on=d["paid_on"],
                                                kind=d["kind"], payee=_blank_to_none(d["payee"]), note=d["note"]),
    )


@login_required
@require_POST
def distribution_execute_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = DistributionForm(request.POST, prefix="dist")
    return _submit_action(
        request, case, form, form_key="dist", anchor="money", done=_("Money distributed among the applicants."),
        run=lambda d: money.distribution_execute(actor=request.user, case_id=case.pk, fund=d["fund"], paid_on=d["paid_on"]),
    )


# --- settlement ----------------------------------------------------------------------------------
@login_required
@require_POST
def settlement_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = SettlementForm(request.POST, prefix="settle")
    return _submit_action(
        request, case, form, form_key="settle", anchor="settlement", done=_("Settlement agreement recorded."),
        run=lambda d: money.settlement_record(actor=request.user, case_id=case.pk, agreed_on=d["agreed_on"],
                                              agreed_amount=d["agreed_amount"], instalments=form.instalments(),
                                              waives_interest=d["waives_interest"], terms=d["terms"]),
    )


@login_required
@require_POST
def settlement_breach_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = BreachForm(request.POST, prefix="breach")
    return _submit_action(
        request, case, form, form_key="breach", anchor="settlement", done=_("Enforcement of the original basis resumed."),
        run=lambda d: money.settlement_breach(actor=request.user, case_id=case.pk, reason=d["reason"]),
    )


# --- closure and resumption ----------------------------------------------------------------------
@login_required
@require_POST
def case_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = ClosureForm(request.POST, prefix="close", status=case.status)

    def run(d):
        facts = form.facts() if d["closure_type"] == ClosureType.TERMINATED_ROUND else None
        return closure.case_close(actor=request.user, case_id=case.pk, closure_type=d["closure_type"], reason=d["reason"],
                                  expected_status=d["expected_status"] or None, facts=facts)

    return _submit_action(request, case, form, form_key="close", anchor="closure", run=run,
                          done=lambda c: _("Case closed: %(type)s.") % {"type": c.get_closure_type_display()})


def closure_missing(case, closure_type: str, facts) -> list:
    """What would stop closing the case this way now — the guards of cases.closure.case_close, read only."""
    closure_type = closure_type or ClosureType.TERMINATED_ROUND  # the preview shown before a type is chosen
    return closure.closure_blockers(case, closure_type, facts)


def closure_preview(case, closure_type: str, missing: list) -> dict:
    """Template context of the closure checklist: for 终本 the six conditions ✓/✗, otherwise the list."""
    if closure_type in ("", ClosureType.TERMINATED_ROUND):
        conditions, others = closure.termination_conditions(missing)
        return {"closure_type": closure_type, "closure_missing": missing, "conditions": conditions, "other_missing": others}
    return {"closure_type": closure_type, "closure_missing": missing, "conditions": None, "other_missing": missing}


@login_required
@require_GET
def closure_checklist_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The closure form's live preview (htmx): what is still missing for the closure chosen, with the
    facts ticked so far."""
    case = _case_to_work(request, pk)
    form = ClosureForm(request.GET, prefix="close", status=case.status)
    form.is_valid()
    closure_type = form.cleaned_data.get("closure_type", "")
    facts = form.facts()
    return render(request, "cases/dossier/_closure_checklist.html",
                  {"case": case, **closure_preview(case, closure_type, closure_missing(case, closure_type, facts))})


@login_required
@require_POST
def case_archive_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    form = ArchiveForm(request.POST, prefix="archive")
    return _submit_action(
        request, case, form, form_key="archive", anchor="closure",
        run=lambda d: closure.case_archive(actor=request.user, case_id=case.pk, archived_on=_parse_date(d["archived_on"]),
                                           note=d["note"]),
        done=lambda c: _("Case archived on %(date)s.") % {"date": c.archived_on.isoformat()},
    )


@login_required
@require_POST
def case_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case_or_403(request, pk)
    if not (access.can_work_case(request.user, case) or access.can_register_in(request.user, case.court)):
        raise PermissionDenied(_("Only the court that closed the case can resume it."))
    form = ResumeForm(request.POST, prefix="resume")
    return _submit_action(
        request, case, form, form_key="resume", anchor="closure",
        run=lambda d: closure.case_resume_enforcement(actor=request.user, case_id=case.pk, reason=d["reason"],
                                                      filed_on=_parse_date(d["filed_on"])),
        done=lambda new: _("Enforcement resumed as case %(number)s.") % {"number": new.case_number},
        success_url=lambda new: reverse("case-detail", args=[new.pk]),
    )


def _parse_date(value: str):
    """case_resume_enforcement takes a date; a mistyped one becomes a field error like the others."""
    import datetime as dt

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FieldErrors({"filed_on": [_("Enter a date as YYYY-MM-DD.")]}) from None
