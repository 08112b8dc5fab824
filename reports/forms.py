"""Forms shared by the report pages (pre-enforcement metrics, relief report …)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.forms import BootstrapMixin, DateInput
from courts import access
from courts.models import Court
from reports.selectors import default_period


class CourtPeriodForm(BootstrapMixin, forms.Form):
    """A period and a court of the user's jurisdiction; the API reads the same parameters. Subclasses
    may relabel the dates or add fields."""

    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("Until"), required=False, widget=DateInput)
    court = forms.ModelChoiceField(label=gettext_lazy("Court (with the courts below it)"), required=False,
                                   queryset=Court.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = access.visible_courts(user).order_by("code", "name")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        start, end = default_period()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("date_from") or start, data.get("date_to") or end
