"""REST API of the legacy-ledger import (``/api/v1/imports/``): upload a ledger (multipart → 202 with
the queued job), follow a job (progress, counts, the first errors), download all its errors (.xlsx or
.csv) and the template. Thin: imports.services validates and runs, imports.selectors reads and
scopes (courts.access). Unknown job → 404, another court's → 403, not allowed to import → 403,
field errors → 400."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, parsers, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cases.api import ErrorSerializer, RefSerializer, StrictFieldsMixin
from courts.models import Court
from documents.api import BinaryRenderer
from enforcement.errors import FieldErrors
from imports import downloads, selectors, services
from imports.models import ImportJob

BAD_REQUEST = OpenApiResponse(description="Field errors keyed by field; nothing was stored")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Another court's import, or the user may not import into the court")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such import")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row number as the spreadsheet shows it (the header is row 1).")
    column = serializers.CharField(help_text="The column's header; empty for the row as a whole.")
    value = serializers.CharField(help_text="What the cell holds (at most 100 characters).")
    reason = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    phase = serializers.CharField()
    done = serializers.IntegerField(help_text="Rows checked while validating; cases written while importing.")
    total = serializers.IntegerField(allow_null=True, help_text="Rows of the file (an estimate while reading).")
    percent = serializers.IntegerField(allow_null=True, help_text="Of the whole job; null while the size is unknown.")
    finished = serializers.BooleanField()


class ImportJobSerializer(serializers.ModelSerializer):
    court = serializers.SerializerMethodField()
    uploaded_by = serializers.SerializerMethodField()
    status = serializers.CharField(help_text="queued, validating, importing, done or failed")
    status_display = serializers.CharField(source="get_status_display")
    progress = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField(help_text="The first 200 errors; all of them are in the error report.")
    cases_url = serializers.SerializerMethodField(help_text="The case list filtered to this import's cases.")
    errors_url = serializers.SerializerMethodField(help_text="All errors as .xlsx (?file_format=csv for CSV).")

    class Meta:
        model = ImportJob
        fields = ["id", "court", "uploaded_by", "original_name", "file_format", "file_size", "dry_run", "status",
                  "status_display", "progress", "total_rows", "validated_rows", "imported_rows", "created_cases",
                  "created_parties", "reused_parties", "open_cases", "unassigned_cases", "error_count", "errors",
                  "message", "created_at", "started_at", "finished_at", "cases_url", "errors_url"]

    @extend_schema_field(RefSerializer)
    def get_court(self, job: ImportJob) -> dict:
        return {"id": job.court_id, "name": job.court.name}

    @extend_schema_field(RefSerializer)
    def get_uploaded_by(self, job: ImportJob) -> dict:
        return {"id": job.uploaded_by_id, "name": job.uploaded_by.display_name}

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, job: ImportJob) -> dict:
        p = selectors.job_progress(job)
        return {"phase": p.phase, "done": p.done, "total": p.total, "percent": p.percent, "finished": p.finished}

    @extend_schema_field(ImportErrorSerializer(many=True))
    def get_errors(self, job: ImportJob) -> list[dict]:
        return [{"row": row, "column": column, "value": value, "reason": reason} for row, column, value, reason in job.errors]

    def get_cases_url(self, job: ImportJob) -> str | None:
        if not job.created_cases:
            return None
        return self.context["request"].build_absolute_uri(f"{reverse('case-list')}?import_job={job.pk}")

    def get_errors_url(self, job: ImportJob) -> str | None:
        if not job.error_count:
            return None
        return self.context["request"].build_absolute_uri(reverse("api:import-errors", args=[job.pk]))


class ImportUploadSerializer(StrictFieldsMixin, serializers.Serializer):
    file = serializers.FileField(help_text="The ledger: .xlsx, or .csv in UTF-8 or GB18030 (layout: see the template).")
    court = serializers.IntegerField(required=False, help_text="Court id; default: the user's own court.")
    dry_run = serializers.BooleanField(required=False, default=False,
                                       help_text="Only check every row and report; import nothing.")


@extend_schema_view(
    list=extend_schema(summary="Ledger imports of the courts the user may import into", responses={200: ImportJobSerializer(many=True)}),
    retrieve=extend_schema(summary="One ledger import: status, progress, counts and its first errors",
                           responses={200: ImportJobSerializer, 403: FORBIDDEN, 404: NOT_FOUND}),
)
class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImportJobSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    filterset_class = None
    queryset = ImportJob.objects.none()

    def get_queryset(self):
        return selectors.visible_jobs(self.request.user).order_by("-created_at", "-pk")

    def get_object(self) -> ImportJob:
        pk = self.kwargs["pk"]
        if not str(pk).isdigit():
            raise Http404
        return selectors.job_for(self.request.user, int(pk))

    @extend_schema(
        summary="Upload a legacy ledger: queued for checking and import (202)",
        description="Every row is checked with the registration rules; a file with any bad row imports nothing and "
                    "the job lists every error with its row, column and reason. Follow the job at its URL.",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={202: ImportJobSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request, *args, **kwargs):
        data = ImportUploadSerializer(data=request.data)
        if not data.is_valid():
            raise ValidationError(data.errors)
        values = data.validated_data
        court_id = values.get("court") or request.user.court_id
        court = Court.objects.filter(pk=court_id).first() if court_id else None
        if court_id and court is None:
            raise FieldErrors({"court": [_("No such court.")]})
        job = services.import_job_create(actor=request.user, court=court, upload=values["file"],
                                         dry_run=values.get("dry_run", False))
        job = ImportJob.objects.select_related("court", "uploaded_by").get(pk=job.pk)
        body = ImportJobSerializer(job, context=self.get_serializer_context()).data
        headers = {"Location": reverse("api:import-detail", args=[job.pk])}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)

    @extend_schema(
        summary="Every error of an import, as a workbook (default) or CSV",
        parameters=[OpenApiParameter("file_format", OpenApiTypes.STR, enum=list(downloads.ERROR_FORMATS),
                                     description="xlsx (default) or csv")],
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY,
                   400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], url_path="errors", url_name="errors",
            renderer_classes=[renderers.JSONRenderer, BinaryRenderer])
    def error_report(self, request, *args, **kwargs):
        job = self.get_object()
        file_format = request.query_params.get("file_format", "xlsx")
        if file_format not in downloads.ERROR_FORMATS:
            raise ValidationError({"file_format": [_("Choose xlsx or csv.")]})
        return downloads.error_report(job, file_format)

    @extend_schema(
        summary="The ledger template (.xlsx): the columns, a comment on every header, an example row",
        parameters=[OpenApiParameter("court", OpenApiTypes.INT, description="Court whose numbers the example shows")],
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"], renderer_classes=[renderers.JSONRenderer, BinaryRenderer])
    def template(self, request, *args, **kwargs):
        court_id = request.query_params.get("court") or request.user.court_id
        court = Court.objects.filter(pk=court_id).first() if str(court_id or "").isdigit() else None
        return downloads.template(court)
