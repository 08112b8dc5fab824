"""Serializers of the cross-execution API (transfers.api). Input serializers only shape the request
(types, known fields, nested like the input); the services in transfers.* check every value and
answer with field errors. Output serializers read model rows and the selectors' dicts; references
to courts, teams and users are ``{"id", "name"}``, to cases ``{"id", "case_number"}``."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from cases.api import MoneyField, RefSerializer, StrictFieldsMixin
from cases.api_dossier.serializers import UserRefSerializer
from cases.models import CaseStatus, ClosureType, EnforcementCase
from courts.models import Court
from transfers.models import (
    AssignmentKind,
    CampaignStatus,
    Decision,
    EntrustedAct,
    EntrustmentStatus,
    EscalationRule,
    RequestSource,
    RequestStatus,
)

POLICY_STATES = [("scheduled", "Applies from a later date"), ("in_force", "In force today"),
                 ("superseded", "Replaced by a later version")]
SUGGESTION_BASES = [("residence", "属人: where the respondent lives"), ("assets", "属地: where its assets lie"),
                    ("load", "Lowest caseload per judge")]


def _full_text_for(serializer, obj) -> bool:
    """Free text of an entrustment (account numbers, addresses) is shown in full to the two courts that
    act on it; upper courts reading their jurisdiction see long numbers masked, as in the dossier."""
    user = serializer.context.get("user")
    return user is not None and (user.is_system_admin or user.court_id in (obj.from_court_id, obj.to_court_id))


def _redacted(text: str, full: bool) -> str:
    from cases.identifiers import redact_numbers

    return text if full else redact_numbers(text)


# --- small shared shapes -------------------------------------------------------------------------
class LinkedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()


class PolicyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    effective_from = serializers.DateField()


# --- escalation policy (versions per court) ----------------------------------------------------------
class EscalationPolicySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    court = RefSerializer()
    effective_from = serializers.DateField()
    level0_days = serializers.IntegerField(help_text="Days without substantive progress allowed with the original handler.")
    level1_days = serializers.IntegerField(help_text="Days allowed after the handoff within the team.")
    level2_days = serializers.IntegerField(help_text="Days allowed with another team before the upper court is asked.")
    special_subject_direct = serializers.BooleanField()
    interference_risk_direct = serializers.BooleanField()
    reason = serializers.CharField()
    created_by = UserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)
    applied_at = serializers.DateTimeField(allow_null=True, help_text="When its due dates were applied to the court's open cases.")
    in_force = serializers.SerializerMethodField(help_text="This is the version of its court in force today.")
    state = serializers.SerializerMethodField()
    has_steps = serializers.SerializerMethodField(help_text="Cases have moved under this version: it can no longer be replaced "
                                                            "on the same date.")

    def _today(self):
        return self.context.get("today") or timezone.localdate()

    def get_in_force(self, policy) -> bool:
        return getattr(policy, "in_force_id", None) == policy.pk

    @extend_schema_field(serializers.ChoiceField(choices=POLICY_STATES))
    def get_state(self, policy) -> str:
        if self.get_in_force(policy):
            return "in_force"
        return "scheduled" if policy.effective_from > self._today() else "superseded"

    def get_has_steps(self, policy) -> bool:
        return bool(getattr(policy, "has_steps", False))


class EscalationPolicyInForceSerializer(serializers.Serializer):
    """The version in force, or the defaults (``id`` and ``effective_from`` null) for a court that never
    saved one."""

    id = serializers.IntegerField(allow_null=True)
    court = RefSerializer()
    is_default = serializers.BooleanField(help_text="No version saved: the defaults (90 / 60 / 60 days) apply.")
    effective_from = serializers.DateField(allow_null=True)
    level0_days = serializers.IntegerField()
    level1_days = serializers.IntegerField()
    level2_days = serializers.IntegerField()
    special_subject_direct = serializers.BooleanField()
    interference_risk_direct = serializers.BooleanField()
    reason = serializers.CharField()
    created_by = UserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)


class EscalationPolicySetSerializer(StrictFieldsMixin, serializers.Serializer):
    court = serializers.PrimaryKeyRelatedField(queryset=Court.objects.all(), help_text="Id of the court (the bureau chief's own).")
    # default None: a body without the date gets the service's field error, not a TypeError (a 500).
    effective_from = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today or later.")
    level0_days = serializers.IntegerField(help_text="1–720 days.")
    level1_days = serializers.IntegerField(help_text="1–720 days.")
    level2_days = serializers.IntegerField(help_text="1–720 days.")
    special_subject_direct = serializers.BooleanField(required=False, default=True)
    interference_risk_direct = serializers.BooleanField(required=False, default=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CourtQuerySerializer(serializers.Serializer):
    court = serializers.IntegerField(help_text="Id of the court.")


# --- escalation steps --------------------------------------------------------------------------------
class EscalationStepSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = LinkedCaseSerializer()
    court = RefSerializer()
    level_from = serializers.IntegerField()
    level_to = serializers.IntegerField()
    rule = serializers.ChoiceField(choices=EscalationRule.choices)
    rule_display = serializers.CharField(source="get_rule_display")
    days_without_progress = serializers.IntegerField(allow_null=True)
    limit_days = serializers.IntegerField(allow_null=True)
    decision = serializers.DictField(help_text="The numbers that decided the move: caseloads compared, skipped rungs, the "
                                               "policy's figures, the request opened.")
    old_handler = UserRefSerializer(allow_null=True)
    new_handler = UserRefSerializer(allow_null=True)
    old_team = RefSerializer(allow_null=True)
    new_team = RefSerializer(allow_null=True)
    actor = UserRefSerializer(allow_null=True, help_text="Null for the daily sweep.")
    reason = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    policy = PolicyRefSerializer(allow_null=True, help_text="The saved policy version it ran under (null: the defaults).")


# --- the history of one case (transfers.selectors.escalation_history) ---------------------------------
class HistoryClockSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    clock_from = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text="The day the case moves one rung if nothing happens.")
    paused_since = serializers.DateField(allow_null=True)
    days_on_clock = serializers.IntegerField(allow_null=True)
    limit_days = serializers.IntegerField(allow_null=True)
    waiting_for_upper_court = serializers.BooleanField()
    days_left = serializers.IntegerField(allow_null=True)
    policy_from = serializers.DateField(allow_null=True, help_text="Effective date of the policy in force (null: defaults).")


class HistoryChainSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    court = serializers.CharField(help_text="Name of the court.")
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    closure_type = serializers.ChoiceField(choices=ClosureType.choices, allow_blank=True)


class HistoryHolderSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    court = serializers.CharField(help_text="Name of the court.")
    team = serializers.CharField()
    handler = serializers.CharField(help_text="Name of the handler.")
    handler_id = serializers.IntegerField(allow_null=True)
    locals()["from"] = serializers.DateTimeField()
    until = serializers.DateTimeField(allow_null=True)
    days = serializers.IntegerField()
    closed_on = serializers.DateField(allow_null=True, help_text="Set when the case closed while this holder had it.")
    kind = serializers.ChoiceField(choices=AssignmentKind.choices)
    kind_display = serializers.CharField(source="kind_label")
    reason = serializers.CharField()
    level = serializers.IntegerField()


class SkippedRungSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    why = serializers.CharField(help_text="Code: no_active_team, team_all_held or no_other_team.")
    label = serializers.CharField(help_text="The reason in the reader's language.")


class HistoryStepSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    at = serializers.DateTimeField()
    level_from = serializers.IntegerField()
    level_to = serializers.IntegerField()
    rule = serializers.ChoiceField(choices=EscalationRule.choices)
    rule_display = serializers.CharField(source="rule_label")
    days_without_progress = serializers.IntegerField(allow_null=True)
    limit_days = serializers.IntegerField(allow_null=True)
    old_handler = serializers.CharField()
    new_handler = serializers.CharField()
    old_team = serializers.CharField()
    new_team = serializers.CharField()
    actor = serializers.CharField()
    reason = serializers.CharField()
    decision = serializers.DictField()
    policy_from = serializers.DateField(allow_null=True)
    skipped = SkippedRungSerializer(many=True, help_text="Rungs skipped on this move because nobody was eligible.")


class HistoryRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    upper_court = serializers.CharField()
    from_court = serializers.CharField()
    source = serializers.ChoiceField(choices=RequestSource.choices)
    source_display = serializers.CharField(source="source_label")
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    status_display = serializers.CharField(source="status_label")
    reason = serializers.CharField()
    requested_by = serializers.CharField()
    created_at = serializers.DateTimeField()
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.CharField()
    decision_reason = serializers.CharField()
    target_court = serializers.CharField()
    target_team = serializers.CharField()
    new_case = serializers.IntegerField(allow_null=True)
    new_case_number = serializers.CharField()


class HeldEntrySerializer(HistoryHolderSerializer):
    type = serializers.ChoiceField(choices=["held"])
    at = serializers.DateTimeField()


class StepEntrySerializer(HistoryStepSerializer):
    type = serializers.ChoiceField(choices=["step"])


class RequestEntrySerializer(HistoryRequestSerializer):
    type = serializers.ChoiceField(choices=["request"])
    at = serializers.DateTimeField()


class DecisionEntrySerializer(HistoryRequestSerializer):
    type = serializers.ChoiceField(choices=["decision"])
    at = serializers.DateTimeField()


TIMELINE_ENTRIES = {"held": HeldEntrySerializer, "step": StepEntrySerializer, "request": RequestEntrySerializer,
                    "decision": DecisionEntrySerializer}


@extend_schema_field(PolymorphicProxySerializer(component_name="EscalationTimelineEntry", resource_type_field_name="type",
                                                serializers=TIMELINE_ENTRIES))
class TimelineEntryField(serializers.Field):
    """One entry of the merged timeline; its fields depend on ``type``."""

    def to_representation(self, entry):
        return TIMELINE_ENTRIES[entry["type"]](entry).data


# One object per case, although /cases/{case_pk}/escalation/ is a viewset's list action.
@extend_schema_serializer(many=False)
class EscalationHistorySerializer(serializers.Serializer):
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    clock = HistoryClockSerializer()
    chain = HistoryChainSerializer(many=True, help_text="The case and the cases it came from or went to, oldest first.")
    holders = HistoryHolderSerializer(many=True)
    steps = HistoryStepSerializer(many=True)
    requests = HistoryRequestSerializer(many=True)
    timeline = serializers.ListField(child=TimelineEntryField(), help_text="Holders, steps, requests and decisions in time order.")


# --- designation requests ----------------------------------------------------------------------------
class SuggestionSerializer(serializers.Serializer):
    court = serializers.IntegerField()
    court_name = serializers.CharField()
    open_cases = serializers.IntegerField()
    judges = serializers.IntegerField()
    load_per_judge = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    basis = serializers.ChoiceField(choices=SUGGESTION_BASES)


class RequestCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    court = RefSerializer()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    handler = UserRefSerializer(allow_null=True)


class DesignationRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = RequestCaseSerializer()
    from_court = RefSerializer()
    upper_court = RefSerializer()
    source = serializers.ChoiceField(choices=RequestSource.choices)
    source_display = serializers.CharField(source="get_source_display")
    reason = serializers.CharField()
    requested_by = UserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    target_court = RefSerializer(allow_null=True)
    target_team = RefSerializer(allow_null=True)
    new_case = LinkedCaseSerializer(allow_null=True, help_text="The receiving court's new case (提级执行 / 指定执行).")
    decision_reason = serializers.CharField()
    decided_by = UserRefSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    suggestions = SuggestionSerializer(many=True, help_text="The suggestions shown when the decision was taken.")
    concentration = serializers.IntegerField(source="concentration_id", allow_null=True)
    can_decide = serializers.SerializerMethodField(help_text="The user may decide this request now.")

    def get_can_decide(self, request) -> bool:
        from transfers.designation import can_decide

        user = self.context.get("user")
        return bool(user is not None and request.is_pending and can_decide(user, request.upper_court))


class DesignationRequestCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    case = serializers.PrimaryKeyRelatedField(queryset=EnforcementCase.objects.all(),
                                              help_text="Id of the case to put before the upper court.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class DesignationDecideSerializer(StrictFieldsMixin, serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    target_court = serializers.IntegerField(required=False, allow_null=True,
                                            help_text="指定执行: an active basic court under the upper court, not the case's own.")
    team = serializers.IntegerField(required=False, allow_null=True,
                                    help_text="Optional receiving team (提级执行: one of the upper court's teams; otherwise the "
                                              "least loaded; 指定执行: otherwise the receiving court's routing).")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000,
                                   help_text="Required to reject.")


# --- concentrated jurisdiction -----------------------------------------------------------------------
class MovedCaseSerializer(serializers.Serializer):
    request = serializers.IntegerField(source="pk")
    case = LinkedCaseSerializer()
    from_court = RefSerializer()
    new_case = LinkedCaseSerializer(allow_null=True)


class ConcentrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    upper_court = RefSerializer()
    respondent = RefSerializer()
    target_court = RefSerializer()
    reason = serializers.CharField()
    case_count = serializers.IntegerField(help_text="Open cases gathered, including those already at the receiving court.")
    decided_by = UserRefSerializer()
    decided_at = serializers.DateTimeField()
    moved = MovedCaseSerializer(source="requests", many=True, help_text="The cases moved, each with its new case.")


class ConcentrationCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    id_number = serializers.CharField(max_length=40, help_text="Resident ID, unified social credit code or organisation code.")
    target_court = serializers.IntegerField(required=False, allow_null=True,
                                            help_text="An active basic court under the user's court.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    expected_cases = serializers.ListField(child=serializers.IntegerField(), allow_empty=True, max_length=1000,
                                           help_text="Ids of the cases the preview showed: 409 if the set has changed.")


class ConcentrationQuerySerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=40, help_text="Resident ID, unified social credit code or organisation code.")


class RespondentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    id_type = serializers.CharField()
    id_number = serializers.CharField(source="masked_id", help_text="Masked.")


class ConcentrationCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    court = RefSerializer()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    outstanding = serializers.DecimalField(max_digits=16, decimal_places=2, source="outstanding_amount")
    handler = UserRefSerializer(allow_null=True)
    filed_on = serializers.DateField()


class ConcentrationTargetSerializer(SuggestionSerializer):
    cases_here = serializers.IntegerField(help_text="Of the respondent's open cases, how many are at this court already.")


class ConcentrationPreviewSerializer(serializers.Serializer):
    respondents = RespondentSerializer(many=True, help_text="The parties this number names (a company may be known under its "
                                                            "organisation code and its credit code).")
    cases = ConcentrationCaseSerializer(many=True)
    expected_cases = serializers.ListField(child=serializers.IntegerField(), help_text="Send these back to execute.")
    targets = ConcentrationTargetSerializer(many=True, help_text="Courts that may receive the cases, least loaded first.")


# --- entrustment -------------------------------------------------------------------------------------
class EntrustmentResultSerializer(serializers.Serializer):
    act = serializers.ChoiceField(choices=EntrustedAct.choices)
    done = serializers.BooleanField()
    result = serializers.CharField()


class EntrustmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = LinkedCaseSerializer()
    from_court = RefSerializer()
    to_court = RefSerializer()
    acts = serializers.ListField(child=serializers.ChoiceField(choices=EntrustedAct.choices))
    acts_display = serializers.SerializerMethodField()
    details = serializers.SerializerMethodField(help_text="Long numbers masked for readers outside the two courts.")
    deadline = serializers.DateField()
    status = serializers.ChoiceField(choices=EntrustmentStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    is_overdue = serializers.SerializerMethodField(help_text="Awaiting reply and past the deadline.")
    requested_by = UserRefSerializer()
    created_at = serializers.DateTimeField()
    reply = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    replied_by = UserRefSerializer(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()
    overdue_flagged_at = serializers.DateTimeField(allow_null=True)
    can_reply = serializers.SerializerMethodField(help_text="The user may reply now.")

    def get_acts_display(self, entrustment) -> list[str]:
        return [str(EntrustedAct(a).label) for a in entrustment.acts if a in EntrustedAct.values]

    def get_details(self, entrustment) -> str:
        return _redacted(entrustment.details, _full_text_for(self, entrustment))

    def get_reply(self, entrustment) -> str:
        return _redacted(entrustment.reply, _full_text_for(self, entrustment))

    @extend_schema_field(EntrustmentResultSerializer(many=True))
    def get_results(self, entrustment) -> list[dict]:
        full = _full_text_for(self, entrustment)
        return [{**item, "result": _redacted(item.get("result", ""), full)} for item in entrustment.results or []]

    def get_is_overdue(self, entrustment) -> bool:
        return entrustment.is_overdue(self.context.get("today"))

    def get_can_reply(self, entrustment) -> bool:
        from transfers.entrustment import can_reply

        user = self.context.get("user")
        return bool(user is not None and entrustment.status == EntrustmentStatus.SENT and can_reply(user, entrustment))


class EntrustmentCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    case = serializers.PrimaryKeyRelatedField(queryset=EnforcementCase.objects.all(), help_text="Id of the case (of the user's court).")
    to_court = serializers.IntegerField(required=False, allow_null=True, help_text="The court asked to act.")
    acts = serializers.ListField(child=serializers.ChoiceField(choices=EntrustedAct.choices), required=False, max_length=10)
    details = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    deadline = serializers.DateField(required=False, allow_null=True, help_text="After today, at most 90 days ahead.")


class EntrustmentResultInSerializer(StrictFieldsMixin, serializers.Serializer):
    act = serializers.ChoiceField(choices=EntrustedAct.choices, help_text="One of the acts requested.")
    done = serializers.BooleanField(required=False, default=False)
    result = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class EntrustmentReplySerializer(StrictFieldsMixin, serializers.Serializer):
    reply = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    results = EntrustmentResultInSerializer(many=True, required=False, max_length=20)


class EntrustmentCancelSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


# --- enforcement campaigns (集中执行行动) ------------------------------------------------------------------
class CampaignTotalsSerializer(serializers.Serializer):
    cases = serializers.IntegerField()
    reported = serializers.IntegerField()
    unreported = serializers.IntegerField()
    cleared = serializers.IntegerField(help_text="Checked off (销号) by the organising court.")
    not_cleared = serializers.IntegerField()
    compelled_appearances = serializers.IntegerField(help_text="拘传 reported.")
    detentions = serializers.IntegerField(help_text="拘留 reported.")
    voluntary = serializers.IntegerField(help_text="Cases reported with voluntary performance.")
    recovered = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="Yuan recovered during the campaign.")


class CampaignCourtTotalsSerializer(CampaignTotalsSerializer):
    court = serializers.SerializerMethodField()

    @extend_schema_field(RefSerializer)
    def get_court(self, totals):
        return {"id": totals.court_id, "name": totals.court_name}


class CampaignTotalsResponseSerializer(serializers.Serializer):
    totals = CampaignTotalsSerializer(help_text="Over the campaign's cases the user reads (a basic court: its own).")
    courts = CampaignCourtTotalsSerializer(many=True, help_text="The same per court, in the courts' order.")


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    court = RefSerializer(help_text="The organising court.")
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=CampaignStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    created_by = UserRefSerializer()
    created_at = serializers.DateTimeField()
    started_by = UserRefSerializer(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    closed_by = UserRefSerializer(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    closing_note = serializers.CharField()
    cases = serializers.IntegerField(source="n_cases", help_text="Cases of the campaign the user reads.")
    reported = serializers.IntegerField(source="n_reported")
    cleared = serializers.IntegerField(source="n_cleared")
    recovered = serializers.DecimalField(max_digits=18, decimal_places=2)
    can_manage = serializers.SerializerMethodField(help_text="The user may edit it, select cases, check off and close.")

    def get_can_manage(self, campaign) -> bool:
        from transfers.campaigns import can_manage

        user = self.context.get("user")
        return bool(user is not None and can_manage(user, campaign))


class CampaignInSerializer(StrictFieldsMixin, serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None,
                                    help_text="On or after starts_on; a campaign lasts at most 366 days.")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class CampaignPatchSerializer(StrictFieldsMixin, serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class CampaignCloseSerializer(StrictFieldsMixin, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000,
                                 help_text="Closing summary.")


class CampaignCloseResultSerializer(serializers.Serializer):
    campaign = CampaignSerializer()
    cases = serializers.IntegerField()
    unreported = serializers.IntegerField(help_text="Cases left without a report.")
    not_cleared = serializers.IntegerField(help_text="Cases left not checked off.")


class CampaignCaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    court = RefSerializer()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    handler = UserRefSerializer(allow_null=True)
    target_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    outstanding_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    respondents = serializers.SerializerMethodField()

    def get_respondents(self, case) -> list[str]:
        return [link.party.name for link in getattr(case, "respondent_links", [])]


class DossierFiguresSerializer(serializers.Serializer):
    compelled_appearances = serializers.IntegerField(help_text="拘传 issued within the campaign's dates.")
    detentions = serializers.IntegerField(help_text="拘留 issued within the campaign's dates.")
    amount_recovered = serializers.DecimalField(max_digits=16, decimal_places=2,
                                                help_text="Payments received within the campaign's dates.")
    payments = serializers.IntegerField()
    voluntary_performance = serializers.BooleanField(help_text="The respondent paid itself within the dates.")


class CampaignCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.IntegerField(source="campaign_id")
    case = CampaignCaseRefSerializer()
    added_by = UserRefSerializer()
    added_at = serializers.DateTimeField()
    reported = serializers.BooleanField(source="is_reported")
    compelled_appearances = serializers.IntegerField()
    detentions = serializers.IntegerField()
    voluntary_performance = serializers.BooleanField()
    amount_recovered = serializers.DecimalField(max_digits=16, decimal_places=2)
    note = serializers.CharField()
    reported_by = UserRefSerializer(allow_null=True)
    reported_at = serializers.DateTimeField(allow_null=True)
    cleared = serializers.BooleanField(source="is_cleared")
    cleared_on = serializers.DateField(allow_null=True)
    cleared_by = UserRefSerializer(allow_null=True)
    clear_note = serializers.CharField()
    dossier = serializers.SerializerMethodField(
        help_text="What the dossier recorded within the campaign's dates (the figures a report starts from); null once "
                  "reported.")

    @extend_schema_field(DossierFiguresSerializer(allow_null=True))
    def get_dossier(self, entry):
        figures = (self.context.get("figures") or {}).get(entry.case_id)
        return DossierFiguresSerializer(figures.as_dict()).data if figures is not None and entry.reported_at is None else None


class CampaignCasesAddSerializer(StrictFieldsMixin, serializers.Serializer):
    cases = serializers.ListField(child=serializers.IntegerField(), allow_empty=True, max_length=5000,
                                  help_text="Ids of open cases of courts of the organising court's jurisdiction.")


class CampaignCasesAddedSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the cases added.")
    already_in = serializers.ListField(child=serializers.CharField(),
                                       help_text="Case numbers already in the campaign: not added twice.")
    cases = serializers.IntegerField(help_text="Cases in the campaign now.")


class CampaignReportSerializer(StrictFieldsMixin, serializers.Serializer):
    compelled_appearances = serializers.IntegerField(required=False, default=0, help_text="拘传 during the campaign.")
    detentions = serializers.IntegerField(required=False, default=0, help_text="拘留 during the campaign.")
    voluntary_performance = serializers.BooleanField(required=False, default=False)
    amount_recovered = MoneyField(required=False, default="0.00",
                                  help_text='Yuan as a string, e.g. "12000.00"; at most the amount applied for.')
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CampaignClearSerializer(StrictFieldsMixin, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500,
                                 help_text="Why the case is checked off (required).")


class CampaignReopenSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500,
                                   help_text="Why the check-off is undone (required).")


class CampaignCandidateSerializer(CampaignCaseRefSerializer):
    filed_on = serializers.DateField()
    cause = serializers.CharField()
    cause_display = serializers.CharField(source="cause_label")
    is_livelihood = serializers.BooleanField()
    escalation_level = serializers.IntegerField()
    in_campaign = serializers.BooleanField(help_text="Already in the campaign.")
