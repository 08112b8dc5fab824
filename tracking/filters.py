"""The one filterset of tracking records: the browser list and the API list filter the same way."""

from __future__ import annotations

import unicodedata

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.causes import CAUSES
from cases.filters import StableOrderingFilter
from courts.models import Court
from tracking.models import TrackingParty, TrackingRecord, TrackingStatus, TrialDivision


class TrackingFilter(django_filters.FilterSet):
    court = django_filters.ModelChoiceFilter(label=_("Court"), queryset=Court.objects.all())
    division = django_filters.ChoiceFilter(label=_("Trial division"), choices=TrialDivision.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_status",
        choices=[("overdue", _("Tracked past the deadline"))] + list(TrackingStatus.choices),
    )
    cause = django_filters.ChoiceFilter(label=_("Cause of action"), choices=CAUSES)
    effective_after = django_filters.DateFilter(label=_("Effective from"), field_name="effective_date", lookup_expr="gte")
    effective_before = django_filters.DateFilter(label=_("Effective until"), field_name="effective_date", lookup_expr="lte")
    q = django_filters.CharFilter(label=_("Document number or party"), method="filter_q")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("effective_date", "effective_date"), ("performance_deadline", "performance_deadline"),
                ("obligation_amount", "obligation_amount")),
        field_labels={"effective_date": _("Effective date"), "performance_deadline": _("Performance deadline"),
                      "obligation_amount": _("Amount to be paid")},
    )

    class Meta:
        model = TrackingRecord
        fields = ["court", "division", "status", "cause", "effective_after", "effective_before", "q", "ordering"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            from courts import access

            self.filters["court"].queryset = access.visible_courts(user).order_by("code", "name")
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
            if isinstance(field, django_filters.fields.forms.DateField):
                field.widget.input_type = "date"

    def filter_status(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(status=TrackingStatus.TRACKING, performance_deadline__lt=timezone.localdate())
        return queryset.filter(status=value)

    def filter_q(self, queryset, name, value):
        text = "".join(unicodedata.normalize("NFKC", value or "").split())
        if not text:
            return queryset
        # Document numbers are written with full-width brackets, sometimes typed with ASCII ones.
        full = text.replace("(", "（").replace(")", "）")
        parties = TrackingParty.objects.filter(Q(name__icontains=text) | Q(id_number=text.upper())).values("record_id")
        return queryset.filter(Q(document_number__icontains=full) | Q(document_number__icontains=text) | Q(pk__in=parties))
