"""The ledger's filterset, shared by the page, its Excel export and the API (STYLE.md §3)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import CaseStatus
from courts import access
from courts.models import Court
from reports.models import EntrySource, HardCaseCategory, HardCaseEntry

STATES = [("open", pgettext_lazy("ledger entry", "Open")), ("cleared", pgettext_lazy("ledger entry", "Checked off"))]


class HardCaseFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("Category"), choices=HardCaseCategory.choices)
    court = django_filters.ModelChoiceFilter(label=_("Court (with the courts below it)"), queryset=Court.objects.all(),
                                             field_name="case__court", method="filter_court")
    state = django_filters.ChoiceFilter(label=_("Open or checked off"), choices=STATES, method="filter_state",
                                        empty_label=_("All"))
    case_status = django_filters.ChoiceFilter(label=_("Case status"), choices=CaseStatus.choices, field_name="case__status")
    source = django_filters.ChoiceFilter(label=pgettext_lazy("ledger", "Entered"), choices=EntrySource.choices)
    case_number = django_filters.CharFilter(label=_("Case number"), field_name="case__case_number", lookup_expr="icontains")
    case = django_filters.NumberFilter(label=_("Case id"), field_name="case_id")

    class Meta:
        model = HardCaseEntry
        fields = ["category", "court", "state", "case_status", "source", "case_number", "case"]

    def filter_court(self, qs, name, value):
        return qs.filter(case__court_id__in=access.jurisdiction_ids(value.pk)) if value else qs

    def filter_state(self, qs, name, value):
        if value == "open":
            return qs.filter(cleared_on__isnull=True)
        if value == "cleared":
            return qs.filter(cleared_on__isnull=False)
        return qs
