"""Filtersets of the dossier lists (one per list, STYLE.md §3). Each filters rows of one case; the
case itself is chosen by the URL and scoped by courts.access in the view."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    CoerciveMeasure,
    ControlAction,
    ControlKind,
    ControlStatus,
    Disbursement,
    DisbursementKind,
    Investigation,
    InvestigationCategory,
    InvestigationResult,
    InvestigationTier,
    MeasureKind,
    Payment,
    PaymentSource,
    ProcedureKind,
    ProcedureStep,
)


class InvestigationFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("Item"), choices=InvestigationCategory.choices)
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=InvestigationTier.choices)
    result = django_filters.ChoiceFilter(label=_("Result"), choices=InvestigationResult.choices)

    class Meta:
        model = Investigation
        fields = ["category", "tier", "result"]


class ProcedureStepFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Step"), choices=ProcedureKind.choices)

    class Meta:
        model = ProcedureStep
        fields = ["kind"]


class ControlFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ControlStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Action"), choices=ControlKind.choices)
    expiring_within = django_filters.NumberFilter(
        label=_("Expiring within (days)"), method="filter_expiring_within", min_value=0, max_value=3660,
        help_text=_("Controls in force whose term ends within this many days from today (or has already ended)."),
    )

    class Meta:
        model = ControlAction
        fields = ["status", "kind", "expiring_within"]

    def filter_expiring_within(self, queryset, name, value):
        if value is None:
            return queryset
        limit = timezone.localdate() + dt.timedelta(days=int(value))
        return queryset.filter(status=ControlStatus.IN_FORCE, expires_on__lte=limit)


class MeasureFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Measure"), choices=MeasureKind.choices)
    active = django_filters.BooleanFilter(label=_("In force (not lifted)"), method="filter_active")

    class Meta:
        model = CoerciveMeasure
        fields = ["kind", "active"]

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(lifted_on__isnull=value)


class PaymentFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(label=_("Source"), choices=PaymentSource.choices)
    received_after = django_filters.DateFilter(label=_("Received from"), field_name="received_on", lookup_expr="gte")
    received_before = django_filters.DateFilter(label=_("Received until"), field_name="received_on", lookup_expr="lte")

    class Meta:
        model = Payment
        fields = ["source", "received_after", "received_before"]


class DisbursementFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DisbursementKind.choices)
    paid_after = django_filters.DateFilter(label=_("Paid from"), field_name="paid_on", lookup_expr="gte")
    paid_before = django_filters.DateFilter(label=_("Paid until"), field_name="paid_on", lookup_expr="lte")

    class Meta:
        model = Disbursement
        fields = ["kind", "paid_after", "paid_before"]
