"""Browser forms of the relief panel (judicial aid, bankruptcy referral, custodians). Fields are
optional for the form: relief.services checks every value and answers with field errors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.forms_dossier import DossierForm, _choice, _date, _money, _text
from relief.models import CustodianKind, HardshipCategory, MandateScope, ProceedSource, ReferralStatus


# --- judicial aid ----------------------------------------------------------------------------------------
class AidApplyForm(DossierForm):
    applicant = _choice(_("Applicant"), [])
    category = _choice(_("Hardship"), HardshipCategory.choices)
    applied_on = _date(_("Applied on"))
    facts = _text(_("Facts of the hardship"), 4000, rows=2)
    marks = ("applicant", "category", "applied_on", "facts")
    widths = {"facts": "col-12"}

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = [("", "---------")] + list(applicants)


class AidAssessForm(DossierForm):
    assessed_on = _date(_("Assessed on"))
    assessment = _text(_("Assessment"), 4000, rows=2)
    marks = ("assessed_on", "assessment")
    widths = {"assessment": "col-md-8"}


class AidDecideForm(DossierForm):
    decision = _choice(_("Decision"), [("grant", _("Grant aid")), ("refuse", _("Refuse aid"))])
    decided_on = _date(_("Decided on"))
    amount = _money(_("Amount granted (yuan)"))
    decision_number = _text(_("Decision number"), 80)
    reason = _text(_("Reason"), 500)
    marks = ("decision", "decided_on")
    widths = {"reason": "col-md-8"}


class AidPayForm(DossierForm):
    paid_on = _date(_("Paid on"))
    amount = _money(_("Amount (yuan)"))
    note = _text(_("Note"), 300)
    marks = ("paid_on", "amount")


# --- bankruptcy referral ------------------------------------------------------------------------------------
class ReferralStartForm(DossierForm):
    respondent = _choice(_("Respondent company"), [])
    initiated_on = _date(_("Started on"))
    grounds = _text(_("Grounds: why the respondent cannot pay its debts"), 4000, rows=2)
    marks = ("respondent", "initiated_on", "grounds")
    widths = {"grounds": "col-12"}

    def __init__(self, *args, respondents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].choices = [("", "---------")] + list(respondents)


class ConsentForm(DossierForm):
    party = _choice(_("Consenting party"), [])
    consented_on = _date(_("Consented on"))
    note = _text(_("Note"), 300)
    marks = ("party", "consented_on")

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", "---------")] + list(parties)


class ReferralDecideForm(DossierForm):
    decided_on = _date(_("Decided on"))
    note = _text(_("Note"), 500)
    marks = ("decided_on",)
    widths = {"note": "col-md-8"}


class TransferForm(DossierForm):
    bankruptcy_court = _choice(_("Bankruptcy court"), [])
    transferred_on = _date(_("File transferred on"))
    note = _text(_("Materials transferred"), 500)
    marks = ("bankruptcy_court", "transferred_on")

    def __init__(self, *args, courts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bankruptcy_court"].choices = [("", "---------")] + list(courts)


class ReferralOutcomeForm(DossierForm):
    outcome = _choice(_("Ruling on the bankruptcy"), [(ReferralStatus.ACCEPTED.value, _("Bankruptcy accepted")),
                                    (ReferralStatus.NOT_ACCEPTED.value, _("Bankruptcy not accepted"))])
    ruling_on = _date(_("Ruling dated"))
    ruling_number = _text(_("Ruling number"), 80)
    note = _text(_("Note"), 500)
    marks = ("outcome", "ruling_on")
    widths = {"note": "col-12"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].help_text = _("Accepted: seals and freezes are released, money held handed over, the case closed as terminated.")


class ReferralCancelForm(DossierForm):
    cancelled_on = _date(_("Date"))
    reason = _text(_("Reason"), 500)
    marks = ("cancelled_on", "reason")
    widths = {"reason": "col-md-8"}


# --- custodians ------------------------------------------------------------------------------------------------
class CustodianAppointForm(DossierForm):
    kind = _choice(_("Appointment"), CustodianKind.choices)
    control = _choice(_("Property (for a custodian)"), [])
    respondent = _choice(_("Company (for a temporary administrator)"), [])
    name = _text(_("Custodian's name"), 120)
    contact = _text(_("Contact"), 120)
    scope = _choice(_("Mandate"), MandateScope.choices)
    appointed_on = _date(_("Appointed on"))
    term_until = _date(_("Mandate until"), today=False)
    fee_terms = _text(_("Custodian's fee"), 300)
    mandate = _text(_("Terms of the mandate"), 4000, rows=2)
    marks = ("kind", "name", "scope", "appointed_on")
    widths = {"mandate": "col-12"}

    def __init__(self, *args, controls=(), respondents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["control"].choices = [("", "---------")] + list(controls)
        self.fields["respondent"].choices = [("", "---------")] + list(respondents)
        self.fields["fee_terms"].help_text = _("e.g. five per cent of the rent collected")


class CustodianReportForm(DossierForm):
    reported_on = _date(_("Reported on"))
    text = _text(_("Report"), 4000, rows=2)
    marks = ("reported_on", "text")
    widths = {"text": "col-md-8"}


class ProceedForm(DossierForm):
    received_on = _date(_("Received on"))
    source = _choice(_("Source"), ProceedSource.choices)
    gross_amount = _money(_("Amount collected (yuan)"))
    fee_amount = _money(_("Fee and costs kept (yuan)"))
    note = _text(_("Note"), 300)
    marks = ("received_on", "source", "gross_amount")
    widths = {"note": "col-md-8"}


class CustodianEndForm(DossierForm):
    ended_on = _date(_("Ended on"))
    reason = _text(_("Reason"), 300)
    marks = ("ended_on", "reason")
    widths = {"reason": "col-md-8"}
