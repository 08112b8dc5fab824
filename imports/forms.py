"""The upload form. It lays out and parses; imports.services validates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import BootstrapMixin
from courts.models import Court


class ImportUploadForm(BootstrapMixin, forms.Form):
    court = forms.ModelChoiceField(label=_("Court"), queryset=Court.objects.none())
    file = forms.FileField(label=_("Ledger file (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    dry_run = forms.BooleanField(label=_("Only check the rows, import nothing"), required=False)

    def __init__(self, *args, courts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts if courts is not None else Court.objects.none()
        if courts is not None and courts.count() == 1:
            self.fields["court"].initial = courts.first().pk
            self.fields["court"].widget = forms.HiddenInput()
