"""REST API of the hard-case ledger (``/api/v1/reports/hard-cases/``: list with the ledger's filters,
detail, ``clear`` to check an entry off, ``tag`` to enter a case by hand) and of a case's petitions
(``/api/v1/cases/{case_pk}/petitions/``: list, detail, record, ``reply``).

Thin, like the other apps' APIs: the ledger reuses the cross-execution API's scoped base (the rows the
selector gives the user; unknown → 404, not visible → 403), the petitions the dossier API's base (the
case from the URL: unknown → 404, not visible → 403, a write by someone who may not record petitions →
403 before the body is read). reports.hard_cases checks permission again, locks the case and answers
with field errors (400, nothing written) or a state conflict (409)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError

from cases.api import StrictFieldsMixin
from cases.api_dossier.serializers import RecordedMixin, UserRefSerializer
from cases.api_dossier.views import CaseScopedViewSet
from cases.api_dossier.views import doc as case_doc
from cases.models import EnforcementCase
from courts import access
from reports import hard_cases
from reports.ledger_filters import HardCaseFilter
from reports.ledger_selectors import case_petitions, days_open, ledger_entries
from reports.models import MANUAL_CATEGORIES, HardCaseEntry, Petition, PetitionChannel, PetitionerStanding
from transfers.api import ScopedViewSet, doc, read_input


# --- serializers ------------------------------------------------------------------------------------------
class LedgerCourtSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LedgerCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    court = LedgerCourtSerializer()
    status = serializers.CharField(help_text="registered, in_progress, suspended, settled or closed")
    status_display = serializers.CharField(source="get_status_display")
    closure_type = serializers.CharField(help_text="Set once closed, e.g. terminated_round; empty while open.")
    handler = UserRefSerializer(allow_null=True)
    filed_on = serializers.DateField()
    petition_count = serializers.IntegerField()


class HardCaseEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = LedgerCaseSerializer()
    category = serializers.CharField(help_text="old (老案), petitions (难案), sensitive (敏感案), special_subject (棘手案) "
                                               "or supervised (重点案)")
    category_display = serializers.CharField(source="get_category_display")
    source = serializers.CharField(help_text="rule or manual")
    source_display = serializers.CharField(source="get_source_display")
    tagged_on = serializers.DateField()
    tagged_by = UserRefSerializer(allow_null=True, help_text="Null when a rule entered the case.")
    reason = serializers.CharField()
    figures = serializers.SerializerMethodField(help_text="The rule's figures when it decided, e.g. days_open and months, or "
                                                          "petitions and threshold.")
    days_open = serializers.SerializerMethodField(help_text="Days since filing, to today or to the closing day.")
    is_open = serializers.BooleanField()
    cleared_on = serializers.DateField(allow_null=True)
    cleared_by = UserRefSerializer(allow_null=True)
    clear_reason = serializers.CharField()

    @extend_schema_field({"type": "object", "additionalProperties": True})
    def get_figures(self, entry) -> dict:
        return entry.figures

    def get_days_open(self, entry) -> int:
        return days_open(entry.case, self.context.get("today") or timezone.localdate())


class HardCaseClearSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=500, help_text="What was resolved (required).")


class HardCaseTagSerializer(StrictFieldsMixin, serializers.Serializer):
    case = serializers.IntegerField(help_text="Id of a case the user sees.")
    category = serializers.ChoiceField(choices=[(c.value, c.value) for c in MANUAL_CATEGORIES],
                                       help_text="sensitive (interference risk: the case's bureau chief, or an upper court's "
                                                 "supervisor or designation officer) or supervised (an upper court's supervisor, "
                                                 "designation officer or bureau chief)")
    reason = serializers.CharField(allow_blank=True, max_length=500, help_text="Why (required).")


class PetitionSerializer(RecordedMixin):
    id = serializers.IntegerField()
    received_on = serializers.DateField()
    channel = serializers.CharField(help_text="letter, visit, online, hotline (12368), referred or other")
    channel_display = serializers.CharField(source="get_channel_display")
    petitioner_name = serializers.CharField()
    petitioner_standing = serializers.CharField(help_text="applicant, respondent or other")
    petitioner_standing_display = serializers.CharField(source="get_petitioner_standing_display")
    summary = serializers.CharField()
    reply = serializers.CharField()
    replied_on = serializers.DateField(allow_null=True)
    replied_by = UserRefSerializer(allow_null=True)


class PetitionRecordSerializer(StrictFieldsMixin, serializers.Serializer):
    received_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=[(c.value, c.value) for c in PetitionChannel])
    petitioner_name = serializers.CharField(allow_blank=True, max_length=60)
    petitioner_standing = serializers.ChoiceField(choices=[(c.value, c.value) for c in PetitionerStanding])
    summary = serializers.CharField(allow_blank=True, max_length=2000)
    reply = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                  help_text="The reply, if the petition was answered at once.")
    replied_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today, when a reply is given.")


class PetitionReplySerializer(StrictFieldsMixin, serializers.Serializer):
    reply = serializers.CharField(allow_blank=True, max_length=2000)
    replied_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


# --- the ledger -------------------------------------------------------------------------------------------
@extend_schema_view(
    list=doc("Hard-case ledger entries (五类硬骨头台账) of the cases the user sees", HardCaseEntrySerializer(many=True),
             description="Open entries first, the longest-standing at the top, then checked-off ones. "
                         "`state=open` for the open entries only; `court` includes the courts below it. "
                         "Bureau chiefs, supervisors and designation officers only."),
    retrieve=doc("One ledger entry", HardCaseEntrySerializer, detail=True),
)
class HardCaseEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = HardCaseEntry
    serializer_class = HardCaseEntrySerializer
    filterset_class = HardCaseFilter
    input_serializers = {"clear": HardCaseClearSerializer, "tag": HardCaseTagSerializer}

    selector = staticmethod(ledger_entries)
    ordering = (F("cleared_on").desc(nulls_first=True), "tagged_on", "case__court__code", "case_id", "pk")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not access.can_read_ledger(request.user):
            raise PermissionDenied(_("Only bureau chiefs, supervisors and designation officers read the hard-case ledger."))

    @doc("Check an entry off (销号) with the reason", HardCaseEntrySerializer, request=HardCaseClearSerializer, detail=True,
         conflict=True,
         description="The case's bureau chief or an upper court's supervisor; the upper court's supervision (supervised) only "
                     "by an upper court. Checking off sensitive clears the case's interference-risk flag, supervised its "
                     "supervision flag. Already checked off → 409.")
    @action(detail=True, methods=["post"])
    def clear(self, request, *args, **kwargs):
        entry = self.get_object()
        if not access.can_clear_hard_case(request.user, entry.case, entry.category):
            raise PermissionDenied(_("Only the bureau chief of the case's court or a supervisor of an upper court checks off a "
                                     "ledger entry."))
        data = read_input(HardCaseClearSerializer, request.data)
        hard_cases.hard_case_clear(actor=request.user, entry_id=entry.pk, reason=data["reason"])
        return self.respond(entry.pk)

    @doc("Enter a case by hand: interference risk (敏感案) or the upper court's supervision (重点案)", HardCaseEntrySerializer,
         code=201, request=HardCaseTagSerializer, conflict=True,
         description="Sets the case's flag and opens the entry. Already open in that category → 400 on `category`; a case "
                     "closed other than by 终本 → 409.")
    @action(detail=False, methods=["post"])
    def tag(self, request, *args, **kwargs):
        data = read_input(HardCaseTagSerializer, request.data)
        case = access.visible_cases(request.user).filter(pk=data["case"]).first()
        if case is None:
            raise ValidationError({"case": [_("No such case in your jurisdiction.")]})
        entry = hard_cases.hard_case_tag(actor=request.user, case_id=case.pk, category=data["category"], reason=data["reason"])
        return self.respond(entry.pk, status.HTTP_201_CREATED)


# --- a case's petitions -----------------------------------------------------------------------------------
@extend_schema_view(
    list=case_doc("Petitions (信访) about the case, latest first", PetitionSerializer(many=True)),
    retrieve=case_doc("One petition", PetitionSerializer),
)
class CasePetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseScopedViewSet):
    model = Petition
    serializer_class = PetitionSerializer
    filterset_class = None
    input_serializers = {"create": PetitionRecordSerializer, "reply": PetitionReplySerializer}

    def may_write(self, user, case: EnforcementCase) -> bool:
        return access.can_record_petition(user, case)

    def case_rows(self, case):
        return case_petitions(case)

    @case_doc("Record a petition: the case's petition count goes up and the repeated-petitions rule runs at once",
              PetitionSerializer, code=201, request=PetitionRecordSerializer, write=True,
              description="The case's staff (filing clerks, judges, assistants, bureau chief) or an upper court's staff.")
    def create(self, request, *args, **kwargs):
        petition = hard_cases.petition_record(actor=request.user, case_id=self.case.pk, **self.read_input(PetitionRecordSerializer))
        return self.respond(petition.pk, status.HTTP_201_CREATED)

    @case_doc("Record the reply to a petition", PetitionSerializer, request=PetitionReplySerializer, write=True,
              description="Already answered → 409.")
    @action(detail=True, methods=["post"])
    def reply(self, request, *args, **kwargs):
        pk = self.own_item(kwargs["pk"])
        hard_cases.petition_reply(actor=request.user, petition_id=pk, **self.read_input(PetitionReplySerializer))
        return self.respond(pk)
