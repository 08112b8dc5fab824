"""One filterset per list, shared by the browser pages and the API (STYLE.md §3)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courts.models import Court, EscalationPolicy
from transfers.models import (
    Concentration,
    DesignationRequest,
    EntrustedAct,
    Entrustment,
    EntrustmentStatus,
    EscalationRule,
    EscalationStep,
    RequestSource,
    RequestStatus,
)


class DesignationRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=RequestSource.choices)
    upper_court = django_filters.ModelChoiceFilter(label=_("Upper court"), queryset=Court.objects.all())
    from_court = django_filters.ModelChoiceFilter(label=_("Requesting court"), queryset=Court.objects.all())
    case = django_filters.NumberFilter(label=_("Case id"), field_name="case_id")
    case_number = django_filters.CharFilter(label=_("Case number"), field_name="case__case_number", lookup_expr="icontains")
    created_after = django_filters.DateFilter(label=_("Requested from"), field_name="created_at", lookup_expr="date__gte")
    created_before = django_filters.DateFilter(label=_("Requested until"), field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = DesignationRequest
        fields = ["status", "source", "upper_court", "from_court", "case", "case_number", "created_after", "created_before"]


class EscalationStepFilter(django_filters.FilterSet):
    court = django_filters.ModelChoiceFilter(label=_("Court"), queryset=Court.objects.all())
    case = django_filters.NumberFilter(label=_("Case id"), field_name="case_id")
    rule = django_filters.ChoiceFilter(label=_("Rule"), choices=EscalationRule.choices)
    level_to = django_filters.NumberFilter(label=_("To level"))
    after = django_filters.DateFilter(label=_("From"), field_name="occurred_at", lookup_expr="date__gte")
    before = django_filters.DateFilter(label=_("Until"), field_name="occurred_at", lookup_expr="date__lte")

    class Meta:
        model = EscalationStep
        fields = ["court", "case", "rule", "level_to", "after", "before"]


class EntrustmentFilter(django_filters.FilterSet):
    box = django_filters.ChoiceFilter(label=_("Box"), choices=[("received", _("Received by my court")),
                                                               ("sent", _("Sent by my court"))], method="filter_box")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EntrustmentStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    act = django_filters.ChoiceFilter(label=pgettext_lazy("entrustment", "Act"), choices=EntrustedAct.choices, method="filter_act")
    case = django_filters.NumberFilter(label=_("Case id"), field_name="case_id")

    class Meta:
        model = Entrustment
        fields = ["box", "status", "overdue", "act", "case"]

    def filter_box(self, qs, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.court_id:
            return qs
        return qs.filter(to_court_id=user.court_id) if value == "received" else qs.filter(from_court_id=user.court_id)

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        late = Q(status=EntrustmentStatus.SENT, deadline__lt=timezone.localdate())
        return qs.filter(late) if value else qs.exclude(late)

    def filter_act(self, qs, name, value):
        # JSON list membership, portable across PostgreSQL and SQLite.
        return qs.filter(acts__icontains=f'"{value}"') if value else qs


class EscalationPolicyFilter(django_filters.FilterSet):
    court = django_filters.ModelChoiceFilter(label=_("Court"), queryset=Court.objects.all())

    class Meta:
        model = EscalationPolicy
        fields = ["court"]


class ConcentrationFilter(django_filters.FilterSet):
    upper_court = django_filters.ModelChoiceFilter(label=_("Upper court"), queryset=Court.objects.all())
    target_court = django_filters.ModelChoiceFilter(label=_("Receiving court"), queryset=Court.objects.all())
    respondent = django_filters.CharFilter(label=_("Respondent"), field_name="respondent__name", lookup_expr="icontains")
    decided_after = django_filters.DateFilter(label=_("Decided from"), field_name="decided_at", lookup_expr="date__gte")
    decided_before = django_filters.DateFilter(label=_("Decided until"), field_name="decided_at", lookup_expr="date__lte")

    class Meta:
        model = Concentration
        fields = ["upper_court", "target_court", "respondent", "decided_after", "decided_before"]
