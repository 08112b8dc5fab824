"""Browser forms for registration and case actions. They parse and lay out; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.causes import CAUSES
from cases.models import DocumentType, IdType, PartyKind, PartyRole
from cases.services import TRANSITIONS
from courts.models import Court


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # "请填写名称/姓名。" rather than the generic "This field is required."
            field.error_messages["required"] = _("Please fill in %(label)s.") % {"label": field.label}
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                w = self.fields[name].widget
                w.attrs["class"] = w.attrs.get("class", "") + " is-invalid"
                w.attrs["aria-invalid"] = "true"

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            w = self.fields[field].widget
            if "is-invalid" not in w.attrs.get("class", ""):
                w.attrs["class"] = w.attrs.get("class", "") + " is-invalid"


class RegistrationForm(BootstrapMixin, forms.Form):
    court = forms.ModelChoiceField(label=_("Court"), queryset=Court.objects.none())
    cause = forms.ChoiceField(label=_("Cause of action"), choices=[("", "---------")] + CAUSES)
    target_amount = forms.CharField(label=_("Amount applied for (yuan)"), max_length=24,
                                    widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
    non_monetary_obligations = forms.CharField(label=_("Non-monetary obligations"), required=False, max_length=4000,
                                               widget=forms.Textarea(attrs={"rows": 2}))
    basis_document_number = forms.CharField(label=_("Document number"), max_length=80,
                                            widget=forms.TextInput(attrs={"placeholder": "（2025）冀0129民初123号"}))
    basis_document_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    basis_issuing_court = forms.CharField(label=_("Issuing court or body"), max_length=100)
    basis_effective_date = forms.DateField(label=_("Effective date"), widget=DateInput)
    basis_performance_deadline = forms.DateField(label=_("Performance deadline"), required=False, widget=DateInput)
    basis_obligations = forms.CharField(label=_("Obligations (main text)"), required=False, max_length=4000,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    interference_risk = forms.BooleanField(label=_("Interference risk"), required=False)
    upper_court_supervised = forms.BooleanField(label=_("Supervised by upper court"), required=False)

    def __init__(self, *args, courts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts if courts is not None else Court.objects.none()
        if courts is not None and courts.count() == 1:
            self.fields["court"].initial = courts.first().pk


class PartyForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("Litigation status"), choices=PartyRole.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    id_type = forms.ChoiceField(label=_("ID type"), choices=[("", _("(by kind)"))] + list(IdType.choices), required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    id_missing_reason = forms.CharField(label=_("Reason the ID is missing"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=24, required=False)
    address = forms.CharField(label=_("Domicile / address"), max_length=200, required=False)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=60, required=False)


PartyFormSet = forms.formset_factory(PartyForm, extra=0, min_num=2, validate_min=False, max_num=200)


class TransitionForm(BootstrapMixin, forms.Form):
    """Start, suspend or resume enforcement. Closing has its own form (cases.forms_dossier.ClosureForm)."""

    transition = forms.ChoiceField(label=_("Action"), choices=[])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from cases.services import action_label

        self.fields["transition"].choices = [(t, action_label(t)) for t in transitions if t in TRANSITIONS]


class ReassignForm(BootstrapMixin, forms.Form):
    handler = forms.ChoiceField(label=_("New handler"), choices=[])
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, judges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [
            (j.pk, _("%(name)s (open cases: %(n)d)") % {"name": j.display_name, "n": j.open_cases}) for j in judges
        ]
