"""REST API of enforcement campaigns (集中执行行动, DESIGN.md §8.5) under ``/api/v1/reports/campaigns/``:
the campaigns (list, create, edit, launch, close, totals, the candidates for selection) and, nested,
their cases (list, add, remove, the court's report, the organiser's check-off and its undoing).

Thin, like transfers.api: one serializer in, one out; transfers.campaigns validates, locks and
decides. Unknown → 404, not visible → 403; a write the user may not make is refused (403) before the
body is read; field errors → 400 keyed by field; a state conflict (campaign closed, case checked off,
not launched) → 409."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from courts import access
from transfers import campaigns as services
from transfers import selectors
from transfers import serializers as s
from transfers.api import ScopedViewSet, doc, read_input
from transfers.filters import CampaignCandidateFilter, CampaignCaseFilter, CampaignFilter
from transfers.models import Campaign, CampaignCase

CAMPAIGN_PK = OpenApiParameter("campaign_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id of the campaign.")


@extend_schema_view(
    list=doc("Enforcement campaigns the user reads: organised in its jurisdiction, or including its cases",
             s.CampaignSerializer(many=True),
             description="Counts (cases, reported, cleared, recovered) are over the cases the user reads."),
    retrieve=doc("One campaign", s.CampaignSerializer, detail=True),
)
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = Campaign
    serializer_class = s.CampaignSerializer
    filterset_class = CampaignFilter
    input_serializers = {"create": s.CampaignInSerializer, "partial_update": s.CampaignPatchSerializer,
                         "close": s.CampaignCloseSerializer}

    selector = staticmethod(selectors.campaigns_with_counts)
    ordering = ("-starts_on", "-pk")

    def _manageable(self) -> Campaign:
        campaign = self.get_object()
        if not services.can_manage(self.request.user, campaign):
            raise PermissionDenied(_("Only the designation officers, supervisors and bureau chief of %(court)s manage this "
                                     "campaign.") % {"court": campaign.court.name})
        return campaign

    @doc("Create a campaign of the user's court (intermediate or high): designation officer, supervisor, bureau chief",
         s.CampaignSerializer, code=201, request=s.CampaignInSerializer,
         description="It starts in preparation (draft): select its cases, then launch it.")
    def create(self, request, *args, **kwargs):
        if not services.can_organise(request.user):
            raise PermissionDenied(_("Only the designation officers, supervisors and bureau chief of an intermediate or high "
                                     "court organise enforcement campaigns."))
        data = read_input(s.CampaignInSerializer, request.data)
        made = services.campaign_create(actor=request.user, **data)
        return self.respond(made.pk, status.HTTP_201_CREATED)

    @doc("Edit a campaign's name, dates or goals (the organising court; not once closed)", s.CampaignSerializer,
         request=s.CampaignPatchSerializer, detail=True, conflict=True)
    def partial_update(self, request, *args, **kwargs):
        campaign = self._manageable()
        data = read_input(s.CampaignPatchSerializer, request.data)
        values = {"name": campaign.name, "starts_on": campaign.starts_on, "ends_on": campaign.ends_on,
                  "description": campaign.description, **data}
        services.campaign_update(actor=request.user, campaign_id=campaign.pk, **values)
        return self.respond(campaign.pk)

    @doc("Launch the campaign (draft → active): the courts report from its first day on", s.CampaignSerializer,
         detail=True, conflict=True, request=None)
    @action(detail=True, methods=["post"])
    def launch(self, request, *args, **kwargs):
        campaign = self._manageable()
        services.campaign_start(actor=request.user, campaign_id=campaign.pk)
        return self.respond(campaign.pk)

    @doc("Close the campaign: its ledger becomes read-only", s.CampaignCloseResultSerializer,
         request=s.CampaignCloseSerializer, detail=True, conflict=True)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        campaign = self._manageable()
        data = read_input(s.CampaignCloseSerializer, request.data)
        done = services.campaign_close(actor=request.user, campaign_id=campaign.pk, note=data["note"])
        row = self.visible().get(pk=campaign.pk)
        return Response(s.CampaignCloseResultSerializer({
            "campaign": row, "cases": done.cases, "unreported": done.unreported, "not_cleared": done.not_cleared,
        }, context=self.get_serializer_context()).data)

    @doc("Totals of the campaign (cases, reported, checked off, 拘传, 拘留, voluntary performances, recovered) and per court",
         s.CampaignTotalsResponseSerializer, detail=True)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def totals(self, request, *args, **kwargs):
        campaign = self.get_object()
        entries = selectors.campaign_entries_visible(request.user, campaign)
        return Response(s.CampaignTotalsResponseSerializer({
            "totals": selectors.campaign_totals(entries).as_dict(),
            "courts": selectors.campaign_court_totals(entries),
        }).data)

    @doc("Open cases of the organising court's jurisdiction to select from, each marked when already in the campaign",
         s.CampaignCandidateSerializer(many=True), detail=True)
    @action(detail=True, methods=["get"], filterset_class=CampaignCandidateFilter)
    def candidates(self, request, *args, **kwargs):
        campaign = self._manageable()
        rows = self.filter_queryset(selectors.campaign_candidates(campaign))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.CampaignCandidateSerializer(page, many=True).data)

    def get_serializer_class(self):
        if getattr(self, "action", None) == "candidates":
            return s.CampaignCandidateSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        if getattr(self, "action", None) == "candidates" and getattr(self, "swagger_fake_view", False):
            from cases.models import EnforcementCase

            return EnforcementCase.objects.none()
        return super().get_queryset()


@extend_schema_view(
    list=doc("The cases of a campaign the user reads (the ledger), with the courts' reports and the check-offs",
             s.CampaignCaseSerializer(many=True), parameters=[CAMPAIGN_PK], not_found=True),
    retrieve=doc("One case of a campaign", s.CampaignCaseSerializer, detail=True, parameters=[CAMPAIGN_PK]),
)
class CampaignCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The cases of one campaign (its ledger rows), nested under the campaign."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"
    serializer_class = s.CampaignCaseSerializer
    filterset_class = CampaignCaseFilter
    input_serializers = {"create": s.CampaignCasesAddSerializer, "report": s.CampaignReportSerializer,
                         "clear": s.CampaignClearSerializer, "reopen": s.CampaignReopenSerializer}

    def get_serializer_class(self):
        return self.input_serializers.get(getattr(self, "action", None) or "") or self.serializer_class

    def campaign(self) -> Campaign:
        if not hasattr(self, "_campaign"):
            pk = self.kwargs["campaign_pk"]
            found = selectors.campaigns_visible(self.request.user).filter(pk=pk).first()
            if found is None:
                if Campaign.objects.filter(pk=pk).exists():
                    raise PermissionDenied()
                raise NotFound()
            self._campaign = found
        return self._campaign

    def visible(self):
        return selectors.campaign_entries_visible(self.request.user, self.campaign()).order_by(
            "case__court__code", "case__filed_on", "case__pk")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return CampaignCase.objects.none()
        return self.visible()

    def get_object(self):
        pk = self.kwargs["pk"]
        entry = self.visible().filter(pk=pk).first()
        if entry is None:
            if CampaignCase.objects.filter(pk=pk, campaign_id=self.kwargs["campaign_pk"]).exists():
                raise PermissionDenied()
            raise NotFound()
        return entry

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["user"] = self.request.user
        return context

    def _answer(self, entries: list, *, code: int = status.HTTP_200_OK, many: bool = False) -> Response:
        """Rows as the list shows them, with the dossier's figures for those not reported yet."""
        unreported = [e.case_id for e in entries if e.reported_at is None]
        context = {**self.get_serializer_context(), "figures": selectors.dossier_figures(self.campaign(), unreported)}
        data = s.CampaignCaseSerializer(entries, many=True, context=context).data
        return Response(data if many else data[0], status=code)

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        entries = list(page if page is not None else rows)
        unreported = [e.case_id for e in entries if e.reported_at is None]
        context = {**self.get_serializer_context(), "figures": selectors.dossier_figures(self.campaign(), unreported)}
        data = s.CampaignCaseSerializer(entries, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        return self._answer([self.get_object()])

    def _manager_or_403(self) -> Campaign:
        campaign = self.campaign()
        if not services.can_manage(self.request.user, campaign):
            raise PermissionDenied(_("Only the designation officers, supervisors and bureau chief of %(court)s manage this "
                                     "campaign.") % {"court": campaign.court.name})
        return campaign

    def _reread(self, pk: int) -> CampaignCase:
        return self.visible().get(pk=pk)

    @doc("Add cases to the campaign (the organising court)", s.CampaignCasesAddedSerializer, code=201,
         request=s.CampaignCasesAddSerializer, parameters=[CAMPAIGN_PK], not_found=True, conflict=True,
         description="All or nothing: a case unknown, closed or of a court outside the jurisdiction → 400 "
                     '{"cases": [...]} naming them. Cases already in are listed in `already_in`, not added twice.')
    def create(self, request, *args, **kwargs):
        campaign = self._manager_or_403()
        data = read_input(s.CampaignCasesAddSerializer, request.data)
        result = services.campaign_cases_add(actor=request.user, campaign_id=campaign.pk, case_ids=data["cases"])
        return Response(s.CampaignCasesAddedSerializer({
            "added": result.added, "already_in": result.already_in, "cases": campaign.entries.count(),
        }).data, status=status.HTTP_201_CREATED)

    @doc("Take a case out of the campaign before its court reported (the organising court)", None, code=204,
         detail=True, conflict=True,
         parameters=[CAMPAIGN_PK, OpenApiParameter("reason", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
                                                   description="Why the case leaves the campaign (at most 300 characters).")])
    def destroy(self, request, *args, **kwargs):
        self._manager_or_403()
        entry = self.get_object()
        services.campaign_case_remove(actor=request.user, entry_id=entry.pk, reason=request.query_params.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @doc("The court's report on the case: 拘传, 拘留, voluntary performance, money recovered (its judges or bureau chief)",
         s.CampaignCaseSerializer, request=s.CampaignReportSerializer, detail=True, conflict=True,
         parameters=[CAMPAIGN_PK],
         description="Send it again to correct it, until the organising court checks the case off. The row's `dossier` "
                     "holds what the dossier recorded within the campaign's dates.")
    @action(detail=True, methods=["post"])
    def report(self, request, *args, **kwargs):
        entry = self.get_object()
        if not access.can_work_case(request.user, entry.case):
            raise PermissionDenied(_("Only the handler, the judges of the case's team or the bureau chief of %(court)s report "
                                     "on this case.") % {"court": entry.case.court.name})
        data = read_input(s.CampaignReportSerializer, request.data)
        services.campaign_case_report(actor=request.user, entry_id=entry.pk, **data)
        return self._answer([self._reread(entry.pk)])

    @doc("Check the case off (销号) with a note (the organising court)", s.CampaignCaseSerializer,
         request=s.CampaignClearSerializer, detail=True, conflict=True, parameters=[CAMPAIGN_PK])
    @action(detail=True, methods=["post"])
    def clear(self, request, *args, **kwargs):
        self._manager_or_403()
        entry = self.get_object()
        data = read_input(s.CampaignClearSerializer, request.data)
        services.campaign_case_clear(actor=request.user, entry_id=entry.pk, note=data["note"])
        return self._answer([self._reread(entry.pk)])

    @doc("Undo a check-off, with the reason (the organising court)", s.CampaignCaseSerializer,
         request=s.CampaignReopenSerializer, detail=True, conflict=True, parameters=[CAMPAIGN_PK])
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        self._manager_or_403()
        entry = self.get_object()
        data = read_input(s.CampaignReopenSerializer, request.data)
        services.campaign_case_reopen(actor=request.user, entry_id=entry.pk, reason=data["reason"])
        return self._answer([self._reread(entry.pk)])
