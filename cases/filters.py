"""The one filterset for case lists: the browser list and the API list filter the same way."""

from __future__ import annotations

import re
import unicodedata

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.case_numbers import normalize_document_number
from cases.causes import CAUSES
from cases.identifiers import IdentifierError, normalize_resident_id, resident_id_key
from cases.models import OPEN_STATUSES, CaseParty, CaseStatus, EnforcementCase
from courts.models import Court, Team, User
from enforcement.widgets import PlainSelect

_ID_LIKE = re.compile(r"^[0-9A-Za-z]{15,18}$")


_descending = lazy(lambda label: gettext("%(field)s (descending)") % {"field": label}, str)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering with the primary key as the last key, so pages never repeat or skip a case."""

    # A case number sorts by year then sequence, not as text (执10 after 执9).
    EXPANSIONS = {"case_number": ("year", "type_code", "seq")}

    def build_choices(self, fields, labels):
        # django-filter formats "%s (descending)" once, at import, in whatever language is active then
        # (and its zh_CN catalogue is not used for zh-hans): the label stays lazy here and is ours.
        labels = dict(labels)
        for field, param in fields.items():
            ascending = labels.get(field, param)
            labels.setdefault(f"-{param}", _descending(ascending))
        return super().build_choices(fields, labels)

    def filter(self, qs, value):
        if not value:
            return qs
        keys = []
        for param in value:
            descending = param.startswith("-")
            name = self.param_map.get(param.lstrip("-"), param.lstrip("-"))
            for field in self.EXPANSIONS.get(name, (name,)):
                keys.append(f"-{field}" if descending else field)
        keys.append("-pk" if value[-1].startswith("-") else "pk")
        return qs.order_by(*keys)


class CaseFilter(django_filters.FilterSet):
    court = django_filters.ModelChoiceFilter(label=_("Court"), queryset=Court.objects.all())
    team = django_filters.ModelChoiceFilter(label=_("Team"), queryset=Team.objects.all())
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[("open", _("Open (all)"))] + list(CaseStatus.choices), method="filter_status"
    )
    handler = django_filters.ModelChoiceFilter(label=_("Handler"), queryset=User.objects.all())
    cause = django_filters.ChoiceFilter(label=_("Cause of action"), choices=CAUSES)
    filed_after = django_filters.DateFilter(label=_("Filed from"), field_name="filed_on", lookup_expr="gte")
    filed_before = django_filters.DateFilter(label=_("Filed until"), field_name="filed_on", lookup_expr="lte")
    party = django_filters.CharFilter(label=_("Party name or ID number"), method="filter_party")
    case_number = django_filters.CharFilter(label=_("Case number"), method="filter_case_number")
    # The cases a legacy-ledger import brought in (imports app; the import's page links here).
    import_job = django_filters.NumberFilter(label=_("Ledger import"), method="filter_import_job",
                                             widget=forms.HiddenInput)
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("filed_on", "filed_on"), ("target_amount", "target_amount"), ("case_number", "case_number")),
        field_labels={"filed_on": _("Filed on"), "target_amount": _("Amount applied for"), "case_number": _("Case number")},
    )

    class Meta:
        model = EnforcementCase
        fields = ["court", "team", "status", "handler", "cause", "filed_after", "filed_before", "party", "case_number",
                  "import_job", "ordering"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            # Offer only the courts, teams and judges the user can see (courts.access decides).
            from courts import access
            from courts.models import Role

            courts = access.visible_courts(user)
            self.filters["court"].queryset = courts
            self.filters["team"].queryset = Team.objects.filter(court__in=courts).select_related("court")
            self.filters["handler"].queryset = User.objects.filter(court__in=courts, role=Role.JUDGE).order_by("full_name")
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
            PlainSelect.replacing(field)
            if "filed_" in (field.label or "") or isinstance(field, django_filters.fields.forms.DateField):
                field.widget.input_type = "date"

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_party(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        compact = unicodedata.normalize("NFKC", value).replace(" ", "").upper()
        if _ID_LIKE.match(compact):
            # An ID number: match the person whichever card generation the case quotes.
            keys = {compact, "uscc:" + compact, "ric:" + compact}
            try:
                keys.add("ric:" + resident_id_key(normalize_resident_id(compact)))
            except IdentifierError:
                pass
            links = CaseParty.objects.filter(Q(party__id_number=compact) | Q(party__id_key__in=keys))
        else:
            links = CaseParty.objects.filter(party__name__icontains=value)
        return queryset.filter(pk__in=links.values("case_id"))

    def filter_import_job(self, queryset, name, value):
        return queryset.filter(import_link__job_id=value) if value else queryset

    def filter_case_number(self, queryset, name, value):
        value = normalize_document_number(value)
        return queryset.filter(case_number__icontains=value) if value else queryset
