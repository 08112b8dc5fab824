"""One filterset per list, shared by the browser pages and the API (STYLE.md §3)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.causes import CAUSES
from cases.models import OPEN_STATUSES, EnforcementCase
from courts.models import Court, EscalationPolicy
from transfers.models import (
    Campaign,
    CampaignCase,
    CampaignStatus,
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

ESCALATION_LEVELS = [(0, _("Level 0: original handler")), (1, _("Level 1: another judge of the team")),
                     (2, _("Level 2: another team")), (3, _("Level 3: upper court"))]


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


# --- enforcement campaigns (集中执行行动) ------------------------------------------------------------------
def _respondent_cases(value: str):
    """Case ids with a respondent of this name (part of it) or ID number / credit code (either card
    generation), as the case list's party search matches them."""
    import unicodedata

    from cases.filters import _ID_LIKE
    from cases.identifiers import IdentifierError, normalize_resident_id, resident_id_key
    from cases.models import CaseParty, PartyRole

    value = value.strip()
    links = CaseParty.objects.filter(role=PartyRole.RESPONDENT)
    compact = unicodedata.normalize("NFKC", value).replace(" ", "").upper()
    if _ID_LIKE.match(compact):
        keys = {compact, "uscc:" + compact, "ric:" + compact}
        try:
            keys.add("ric:" + resident_id_key(normalize_resident_id(compact)))
        except IdentifierError:
            pass
        links = links.filter(Q(party__id_number=compact) | Q(party__id_key__in=keys))
    else:
        links = links.filter(party__name__icontains=value)
    return links.values("case_id")


def _visible_court_choices(filterset, name: str) -> None:
    user = getattr(filterset.request, "user", None)
    if user is not None and user.is_authenticated:
        from courts import access

        filterset.filters[name].queryset = access.visible_courts(user).order_by("code", "name")


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CampaignStatus.choices)
    court = django_filters.ModelChoiceFilter(label=_("Organising court"),
                                             queryset=Court.objects.filter(level__in=["intermediate", "high"]))
    active_on = django_filters.DateFilter(label=_("Running on"), method="filter_active_on")

    class Meta:
        model = Campaign
        fields = ["status", "court", "active_on"]

    def filter_active_on(self, qs, name, value):
        return qs.filter(starts_on__lte=value, ends_on__gte=value) if value else qs


class CampaignCaseFilter(django_filters.FilterSet):
    """The ledger's filters (browser page, Excel export and API)."""

    court = django_filters.ModelChoiceFilter(label=_("Court"), field_name="case__court", queryset=Court.objects.all())
    reported = django_filters.BooleanFilter(label=_("Reported"), field_name="reported_at", lookup_expr="isnull",
                                            exclude=True)
    cleared = django_filters.BooleanFilter(label=_("Checked off"), field_name="cleared_on", lookup_expr="isnull",
                                           exclude=True)
    case_number = django_filters.CharFilter(label=_("Case number"), field_name="case__case_number", lookup_expr="icontains")
    respondent = django_filters.CharFilter(label=_("Respondent"), method="filter_respondent")

    class Meta:
        model = CampaignCase
        fields = ["court", "reported", "cleared", "case_number", "respondent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _visible_court_choices(self, "court")

    def filter_respondent(self, qs, name, value):
        return qs.filter(case_id__in=_respondent_cases(value)) if value.strip() else qs


class CampaignCandidateFilter(django_filters.FilterSet):
    """The selection page's filters over the jurisdiction's open cases (transfers.selectors.campaign_candidates)."""

    court = django_filters.ModelChoiceFilter(label=_("Court"), queryset=Court.objects.all())
    cause = django_filters.ChoiceFilter(label=_("Cause of action"), choices=CAUSES)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=[(s.value, s.label) for s in OPEN_STATUSES])
    filed_after = django_filters.DateFilter(label=_("Filed from"), field_name="filed_on", lookup_expr="gte")
    filed_before = django_filters.DateFilter(label=_("Filed until"), field_name="filed_on", lookup_expr="lte")
    outstanding_min = django_filters.NumberFilter(label=_("Outstanding at least (yuan)"), field_name="outstanding",
                                                  lookup_expr="gte", min_value=0)
    livelihood = django_filters.BooleanFilter(label=_("Livelihood case"), field_name="is_livelihood")
    respondent = django_filters.CharFilter(label=_("Respondent's name or ID number"), method="filter_respondent")
    escalation_level = django_filters.ChoiceFilter(label=_("Escalation level"), choices=ESCALATION_LEVELS)
    in_campaign = django_filters.BooleanFilter(label=_("Already in the campaign"), field_name="in_campaign")

    class Meta:
        model = EnforcementCase
        fields = ["court", "cause", "status", "filed_after", "filed_before", "outstanding_min", "livelihood", "respondent",
                  "escalation_level", "in_campaign"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _visible_court_choices(self, "court")

    def filter_respondent(self, qs, name, value):
        return qs.filter(pk__in=_respondent_cases(value)) if value.strip() else qs
