"""Browser forms of pre-enforcement tracking. They parse and lay out; tracking.services validates
(the party fields are the registration form's own, cases.forms.PartyForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.causes import CAUSES
from cases.forms import BootstrapMixin, DateInput, PartyForm
from cases.forms_dossier import BLANK, DossierForm, _choice, _date, _money, _text
from cases.models import DocumentType
from cases.services import BasisInput, PartyInput
from courts.models import Court
from tracking.models import ObligeeStatement, ServiceMethod, TrackingRole, TrackingStatus, TrialDivision
from tracking.services import TrackingInput


class TrackingRegisterForm(BootstrapMixin, forms.Form):
    court = forms.ModelChoiceField(label=_("Court"), queryset=Court.objects.none())
    division = forms.ChoiceField(label=_("Trial division"), choices=BLANK + list(TrialDivision.choices))
    division_name = forms.CharField(label=_("Division or tribunal name"), max_length=60, required=False,
                                    widget=forms.TextInput(attrs={"placeholder": "院头人民法庭"}))
    cause = forms.ChoiceField(label=_("Cause of action"), choices=BLANK + CAUSES)
    obligation_amount = forms.CharField(label=_("Amount to be paid (yuan)"), max_length=24,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
    non_monetary_obligations = forms.CharField(label=_("Non-monetary obligations"), required=False, max_length=4000,
                                               widget=forms.Textarea(attrs={"rows": 2}))
    basis_document_number = forms.CharField(label=_("Effective document number"), max_length=80,
                                            widget=forms.TextInput(attrs={"placeholder": "（2025）冀0129民初123号"}))
    basis_document_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    basis_issuing_court = forms.CharField(label=_("Issuing court or body"), max_length=100)
    basis_effective_date = forms.DateField(label=_("Effective date"), widget=DateInput)
    basis_performance_deadline = forms.DateField(label=_("Performance deadline"), widget=DateInput)
    basis_principal_amount = forms.CharField(label=_("Principal fixed by the document (yuan)"), max_length=24, required=False,
                                             widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
    basis_obligations = forms.CharField(label=_("Obligations (main text)"), required=False, max_length=4000,
                                        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, courts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts if courts is not None else Court.objects.none()
        if courts is not None and courts.count() == 1:
            self.fields["court"].initial = courts.first().pk
            if not self.is_bound:
                self.initial.setdefault("basis_issuing_court", courts.first().name)


class TrackingPartyForm(PartyForm):
    """A party of the tracked document: obligee or obligor, with the registration form's fields."""

    role = forms.ChoiceField(label=_("Role"), choices=TrackingRole.choices)


TrackingPartyFormSet = forms.formset_factory(TrackingPartyForm, extra=0, min_num=2, validate_min=False, max_num=200)
PARTY_FIELDS = ("role", "kind", "name", "id_type", "id_number", "id_missing_reason", "phone", "address", "legal_representative")


class TrackingCorrectForm(TrackingRegisterForm):
    """Correcting a record (更正): the registration's fields but the court, and the reason."""

    reason = forms.CharField(label=_("Reason for the correction"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如：义务人身份证号码录入有误，经核对判决书更正"}))

    def __init__(self, *args, **kwargs):
        kwargs.pop("courts", None)
        super().__init__(*args, courts=None, **kwargs)
        del self.fields["court"]


class TrackingPartyCorrectForm(TrackingPartyForm):
    """A party row of the correction: the id of the party it corrects (empty for a party added)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


TrackingPartyCorrectFormSet = forms.formset_factory(TrackingPartyCorrectForm, extra=0, min_num=2, validate_min=False, max_num=200)


def correction_initial(record) -> tuple[dict, list[dict]]:
    """The correction form's initial values: the record as it stands."""
    initial = {"division": record.division, "division_name": record.division_name, "cause": record.cause,
               "obligation_amount": record.obligation_amount, "non_monetary_obligations": record.non_monetary_obligations,
               "basis_document_number": record.document_number, "basis_document_type": record.document_type,
               "basis_issuing_court": record.issuing_court, "basis_effective_date": record.effective_date,
               "basis_performance_deadline": record.performance_deadline,
               "basis_principal_amount": record.principal_amount if record.principal_amount is not None else "",
               "basis_obligations": record.obligations}
    rows = [{"id": p.pk, **{name: getattr(p, name) for name in PARTY_FIELDS}} for p in record.parties.all()]
    return initial, rows


def tracking_input(form: TrackingRegisterForm, formset) -> TrackingInput:
    """The service's input from what the forms could parse (fields that failed to parse are empty);
    on a correction, the id of the party each row corrects."""
    d = getattr(form, "cleaned_data", {}) or {}
    parties, party_ids = [], []
    for f in formset.forms:
        c = getattr(f, "cleaned_data", None) or {}
        party_ids.append(c.get("id"))
        parties.append(PartyInput(
            role=c.get("role", f.data.get(f.add_prefix("role"), "")), kind=c.get("kind", f.data.get(f.add_prefix("kind"), "")),
            name=c.get("name", ""), id_type=c.get("id_type", ""), id_number=c.get("id_number", ""),
            id_missing_reason=c.get("id_missing_reason", ""), phone=c.get("phone", ""), address=c.get("address", ""),
            legal_representative=c.get("legal_representative", ""),
        ))
    return TrackingInput(
        court=d.get("court"), division=d.get("division", ""), division_name=d.get("division_name", ""),
        cause=d.get("cause", ""), obligation_amount=d.get("obligation_amount"),
        non_monetary_obligations=d.get("non_monetary_obligations", ""),
        basis=BasisInput(
            document_number=d.get("basis_document_number", ""), document_type=d.get("basis_document_type", ""),
            issuing_court=d.get("basis_issuing_court", ""), effective_date=d.get("basis_effective_date"),
            performance_deadline=d.get("basis_performance_deadline"), principal_amount=d.get("basis_principal_amount"),
            obligations=d.get("basis_obligations", ""),
        ),
        parties=parties, party_ids=party_ids,
    )


# --- the record's steps --------------------------------------------------------------------------------
class NoticeForm(DossierForm):
    """The performance reminder or the dishonest-debtor warning, served on the obligors."""

    served_on = _date(_("Served on"))
    served_how = _choice(_("Served how"), ServiceMethod.choices)
    recipient = _choice(_("Served on (obligor)"), [])
    details = _text(_("Details"), 1000)
    marks = ("served_on", "served_how")
    widths = {"details": "col-12"}
    default_width = "col-md-4"

    def __init__(self, *args, obligors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [("", _("All obligors"))] + list(obligors)


class ObligeeCheckForm(DossierForm):
    checked_on = _date(_("Asked on"))
    statement = _choice(_("The obligee says"), ObligeeStatement.choices)
    reported_amount = _money(_("Amount paid, as the obligee says (yuan)"))
    details = _text(_("Details"), 1000)
    marks = ("checked_on", "statement")
    widths = {"details": "col-12"}


class OutcomeForm(DossierForm):
    outcome = _choice(_("Outcome"), [(s.value, s.label) for s in (TrackingStatus.PERFORMED_FULL, TrackingStatus.PERFORMED_PART,
                                                                   TrackingStatus.WITHDRAWN)])
    outcome_on = _date(_("Date"))
    performed_amount = _money(_("Amount performed (yuan)"))
    note = _text(_("Note"), 500)
    marks = ("outcome", "outcome_on")
    widths = {"note": "col-12"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["performed_amount"].help_text = _("In full: leave empty for the amount to be paid.")


class HandOffForm(DossierForm):
    applied_on = _date(_("The obligee applied for enforcement on"))
    note = _text(_("Note"), 500)
    marks = ("applied_on",)
    widths = {"note": "col-md-8"}
