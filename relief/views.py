"""Browser actions of the relief panel on the dossier (one POST per step, each one service call,
through cases.views._submit_action: success → back to the dossier; field errors → the dossier again,
the form with its errors in the relief card, status 400), and the relief report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import PartyKind, PartyRole
from cases.views import _submit_action, _visible_case_or_403
from courts import access
from relief import forms as f
from relief import selectors, services
from relief.models import BankruptcyReferral, Custodian, JudicialAid
from relief.panels import BOUND_ATTR, any_court_choices
from reports.forms import CourtPeriodForm

ANCHOR = "relief"


def _case_to_work(request: HttpRequest, pk: int):
    case = _visible_case_or_403(request, pk)
    if not access.can_work_case(request.user, case):
        raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief can change this case."))
    return case


def _belongs(model, case, object_id: int) -> None:
    if not model.objects.filter(pk=object_id, case_id=case.pk).exists():
        raise Http404(_("No such item in this case."))


def _run(request, case, form, *, prefix: str, run, done) -> HttpResponse:
    # The relief card shows this form again, with its errors, if the service refuses it.
    setattr(request, BOUND_ATTR, {prefix: form})
    return _submit_action(request, case, form, form_key=prefix, anchor=ANCHOR, run=run, done=done)


def _parties(case, role: str, *, organisations: bool = False) -> list[tuple[str, str]]:
    return [(str(lk.party_id), lk.party.name) for lk in case.case_parties.all()
            if lk.role == role and (not organisations or lk.party.kind == PartyKind.ORGANISATION)]


# --- judicial aid ----------------------------------------------------------------------------------------
@login_required
@require_POST
def aid_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = f.AidApplyForm(request.POST, prefix="aid", applicants=_parties(case, PartyRole.APPLICANT))
    return _run(request, case, form, prefix="aid", done=_("Application for judicial aid recorded."),
                run=lambda d: services.judicial_aid_apply(actor=request.user, case_id=case.pk, applicant=d["applicant"],
                                                          category=d["category"], facts=d["facts"], applied_on=d["applied_on"]))


@login_required
@require_POST
def aid_assess_view(request: HttpRequest, pk: int, aid_id: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    _belongs(JudicialAid, case, aid_id)
    prefix = f"aid-assess-{aid_id}"
    form = f.AidAssessForm(request.POST, prefix=prefix)
    return _run(request, case, form, prefix=prefix, done=_("Assessment recorded."),
                run=lambda d: services.judicial_aid_assess(actor=request.user, aid_id=aid_id, assessed_on=d["assessed_on"],
                                                           assessment=d["assessment"]))


@login_required
@require_POST
def aid_decide_view(request: HttpRequest, pk: int, aid_id: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    _belongs(JudicialAid, case, aid_id)
    if not access.can_decide_relief(request.user, case):
        raise PermissionDenied(_("Only the bureau chief of this court decides this."))
    prefix = f"aid-decide-{aid_id}"
    form = f.AidDecideForm(request.POST, prefix=prefix)
    return _run(request, case, form, prefix=prefix,
                done=lambda aid: _("Judicial aid: %(status)s.") % {"status": aid.get_status_display()},
                run=lambda d: services.judicial_aid_decide(
                    actor=request.user, aid_id=aid_id, decision=d["decision"], decided_on=d["decided_on"],
                    amount=d["amount"] or None, reason=d["reason"], decision_number=d["decision_number"]))


@login_required
@require_POST
def aid_pay_view(request: HttpRequest, pk: int, aid_id: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    _belongs(JudicialAid, case, aid_id)
    prefix = f"aid-pay-{aid_id}"
    form = f.AidPayForm(request.POST, prefix=prefix)
    return _run(request, case, form, prefix=prefix, done=_("Aid payment recorded."),
                run=lambda d: services.judicial_aid_pay(actor=request.user, aid_id=aid_id, amount=d["amount"],
                                                        paid_on=d["paid_on"], note=d["note"]))


# --- bankruptcy referral -------------------------------------------------------------------------------------
@login_required
@require_POST
def referral_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    form = f.ReferralStartForm(request.POST, prefix="ref", respondents=_parties(case, PartyRole.RESPONDENT, organisations=True))
    return _run(request, case, form, prefix="ref", done=_("Referral to bankruptcy review started."),
                run=lambda d: services.referral_initiate(actor=request.user, case_id=case.pk, respondent=d["respondent"],
                                                         grounds=d["grounds"], initiated_on=d["initiated_on"]))


def _referral_form(request, pk: int, referral_id: int, stage: str, form_class, **kwargs):
    case = _case_to_work(request, pk)
    _belongs(BankruptcyReferral, case, referral_id)
    prefix = f"ref-{stage}-{referral_id}"
    return case, prefix, form_class(request.POST, prefix=prefix, **kwargs)


@login_required
@require_POST
def referral_consent_view(request: HttpRequest, pk: int, referral_id: int) -> HttpResponse:
    case = _case_to_work(request, pk)
    referral = BankruptcyReferral.objects.filter(pk=referral_id, case_id=case.pk).select_related("respondent").first()
    if referral is None:
        raise Http404(_("No such item in this case."))
    parties = _parties(case, PartyRole.APPLICANT) + [(str(referral.respondent_id), referral.respondent.name)]
    prefix = f"ref-consent-{referral_id}"
    form = f.ConsentForm(request.POST, prefix=prefix, parties=parties)
    return _run(request, case, form, prefix=prefix, done=_("Consent recorded."),
                run=lambda d: services.referral_consent_record(actor=request.user, referral_id=referral_id, party=d["party"],
                                                               consented_on=d["consented_on"], note=d["note"]))


@login_required
@require_POST
def referral_decide_view(request: HttpRequest, pk: int, referral_id: int) -> HttpResponse:
    case, prefix, form = _referral_form(request, pk, referral_id, "decide", f.ReferralDecideForm)
    if not access.can_decide_relief(request.user, case):
        raise PermissionDenied(_("Only the bureau chief of this court decides this."))
    return _run(request, case, form, prefix=prefix, done=_("Referral decided: enforcement is suspended."),
                run=lambda d: services.referral_decide(actor=request.user, referral_id=referral_id, decided_on=d["decided_on"],
                                                       note=d["note"]))


@login_required
@require_POST
def referral_transfer_view(request: HttpRequest, pk: int, referral_id: int) -> HttpResponse:
    # Any court parses: relief.services.referral_transfer explains which ones are competent (the card offers only those).
    case, prefix, form = _referral_form(request, pk, referral_id, "transfer", f.TransferForm, courts=any_court_choices())
    return _run(request, case, form, prefix=prefix, done=_("Transfer of the file recorded."),
                run=lambda d: services.referral_transfer(actor=request.user, referral_id=referral_id,
                                                         bankruptcy_court=d["bankruptcy_court"],
                                                         transferred_on=d["transferred_on"], note=d["note"]))


@login_required
@require_POST
def referral_outcome_view(request: HttpRequest, pk: int, referral_id: int) -> HttpResponse:
    case, prefix, form = _referral_form(request, pk, referral_id, "outcome", f.ReferralOutcomeForm)
    return _run(request, case, form, prefix=prefix,
                done=lambda r: _("Ruling recorded: %(status)s.") % {"status": r.get_status_display()},
                run=lambda d: services.referral_outcome(actor=request.user, referral_id=referral_id, outcome=d["outcome"],
                                                        ruling_on=d["ruling_on"], ruling_number=d["ruling_number"],
                                                        note=d["note"]))


@login_required
@require_POST
def referral_cancel_view(request: HttpRequest, pk: int, referral_id: int) -> HttpResponse:
    case, prefix, form = _referral_form(request, pk, referral_id, "cancel", f.ReferralCancelForm)
    return _run(request, case, form, prefix=prefix, done=_("Referral abandoned."),
                run=lambda d: services.referral_cancel(actor=request.user, referral_id=referral_id, reason=d["reason"],
                                                       cancelled_on=d["cancelled_on"]))


# --- custodians -------------------------------------------------------------------------------------------------
@login_required
@require_POST
def custodian_appoint_view(request: HttpRequest, pk: int) -> HttpResponse:
    from cases.models import ControlStatus

    case = _case_to_work(request, pk)
    controls = [(str(c.pk), f"{c.get_kind_display()}：{c.asset}") for c in
                case.controls.filter(kind__in=services.CUSTODY_CONTROL_KINDS, status=ControlStatus.IN_FORCE).order_by("pk")]
    form = f.CustodianAppointForm(request.POST, prefix="cust", controls=controls,
                                  respondents=_parties(case, PartyRole.RESPONDENT, organisations=True))
    return _run(request, case, form, prefix="cust", done=_("Custodian appointed."),
                run=lambda d: services.custodian_appoint(
                    actor=request.user, case_id=case.pk, kind=d["kind"], name=d["name"], scope=d["scope"],
                    control=d["control"] or None, respondent=d["respondent"] or None, contact=d["contact"],
                    appointed_on=d["appointed_on"], term_until=d["term_until"] or None, mandate=d["mandate"],
                    fee_terms=d["fee_terms"]))


def _custodian_form(request, pk: int, custodian_id: int, stage: str, form_class):
    case = _case_to_work(request, pk)
    _belongs(Custodian, case, custodian_id)
    prefix = f"cust-{stage}-{custodian_id}"
    return case, prefix, form_class(request.POST, prefix=prefix)


@login_required
@require_POST
def custodian_report_view(request: HttpRequest, pk: int, custodian_id: int) -> HttpResponse:
    case, prefix, form = _custodian_form(request, pk, custodian_id, "report", f.CustodianReportForm)
    return _run(request, case, form, prefix=prefix, done=_("Custodian's report recorded."),
                run=lambda d: services.custodian_report_record(actor=request.user, custodian_id=custodian_id, text=d["text"],
                                                               reported_on=d["reported_on"]))


@login_required
@require_POST
def custodian_proceed_view(request: HttpRequest, pk: int, custodian_id: int) -> HttpResponse:
    case, prefix, form = _custodian_form(request, pk, custodian_id, "proceed", f.ProceedForm)
    return _run(request, case, form, prefix=prefix, done=_("Proceeds recorded: the money is held by the court."),
                run=lambda d: services.custodian_proceed_record(
                    actor=request.user, custodian_id=custodian_id, source=d["source"], gross_amount=d["gross_amount"],
                    fee_amount=d["fee_amount"] or None, received_on=d["received_on"], note=d["note"]))


@login_required
@require_POST
def custodian_end_view(request: HttpRequest, pk: int, custodian_id: int) -> HttpResponse:
    case, prefix, form = _custodian_form(request, pk, custodian_id, "end", f.CustodianEndForm)
    return _run(request, case, form, prefix=prefix, done=_("Mandate ended."),
                run=lambda d: services.custodian_end(actor=request.user, custodian_id=custodian_id, reason=d["reason"],
                                                     ended_on=d["ended_on"]))


# --- the report -------------------------------------------------------------------------------------------------
class ReportForm(CourtPeriodForm):
    """The report's period and court."""


@login_required
def relief_report_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.visible_courts(user).exists():
        raise PermissionDenied(_("You see no court's figures."))
    form = ReportForm(request.GET or None, user=user)
    valid = not form.is_bound or form.is_valid()
    date_from, date_to = form.period()
    court = form.cleaned_data.get("court") if form.is_bound and valid else None
    report = selectors.relief_report(user=user, date_from=date_from, date_to=date_to, court=court)
    return render(request, "relief/report.html", {"form": form, "report": report}, status=200 if valid else 400)
