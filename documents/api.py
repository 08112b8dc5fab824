"""REST API of the documents app: the late-performance interest calculator
(``POST /api/v1/tools/late-interest/``), a case's interest from its own data
(``GET /api/v1/cases/{case_pk}/late-interest/``) and a case's documents (list, generate, download under
``/api/v1/cases/{case_pk}/documents/``). Thin: serializers shape, the engine computes, services write.
Money is a decimal string both ways; a JSON float is refused."""

from __future__ import annotations

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from cases.api import ErrorSerializer, MoneyField, StrictFieldsMixin
from cases.api_dossier.serializers import UserRefSerializer
from cases.api_dossier.views import BAD_REQUEST, CASE_PK, CaseScopedViewSet, _list_errors, doc
from cases.models import EnforcementCase
from cases.services import parse_money
from documents import interest, services
from documents.exports import formula
from documents.labels import ALLOCATION_CHOICES, TERM_LABELS, conventions, problems_as_errors
from documents.models import DocumentFormat, DocumentKind, GeneratedDocument
from documents.selectors import case_documents, case_interest_defaults
from enforcement.errors import FieldErrors


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


ALLOCATION_HELP = ("statutory: in proportion before 2014-08-01, principal first from then (the law); "
                   "principal_first / interest_first: an order agreed by the parties, in both periods.")


# --- input ---------------------------------------------------------------------------------------------
class LateInterestPaymentSerializer(StrictFieldsMixin, serializers.Serializer):
    date = serializers.DateField(help_text="Day the money was paid; a payment on the deadline day is on time.")
    amount = MoneyField()


class LateInterestSerializer(StrictFieldsMixin, serializers.Serializer):
    principal = MoneyField(help_text='The money debt fixed by the document, ordinary interest excluded, e.g. "100000.00".')
    deadline = serializers.DateField(help_text="Performance deadline (履行期限届满日); without one, the date the document took effect.")
    target_date = serializers.DateField(help_text="Compute to the end of this day (e.g. the day of payment).")
    allocation = serializers.ChoiceField(choices=ALLOCATION_CHOICES, default=interest.STATUTORY, help_text=ALLOCATION_HELP)
    payments = LateInterestPaymentSerializer(many=True, required=False, max_length=interest.MAX_PAYMENTS)
    split_dates = serializers.ListField(child=serializers.DateField(), required=False, max_length=400,
                                        help_text="Extra line breaks (e.g. year ends); they never change the total.")


class CaseLateInterestQuerySerializer(serializers.Serializer):
    target_date = serializers.DateField(required=False)
    allocation = serializers.ChoiceField(choices=ALLOCATION_CHOICES, required=False)


class DocumentGenerateSerializer(StrictFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices,
                                   help_text="The document; its PDF and its DOCX are generated together, as one version.")
    target_date = serializers.DateField(required=False, allow_null=True,
                                        help_text="Interest statement only: compute to this day (default today).")
    allocation = serializers.ChoiceField(choices=ALLOCATION_CHOICES, required=False, help_text="Interest statement only. " + ALLOCATION_HELP)


# --- output --------------------------------------------------------------------------------------------
class LateInterestLineSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField(help_text="on_time, old_rule (before 2014-08-01), new_rule (from 2014-08-01) or after_paid_off")
    start = serializers.DateField(allow_null=True, help_text="First day of the line (null for a payment-only line).")
    end = serializers.DateField(help_text="Last day of the line; a payment on this day is applied at its end.")
    days = serializers.IntegerField(help_text="Both ends counted.")
    base = money(help_text="Unpaid principal during the line.")
    annual_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                           help_text="old_rule: the PBoC benchmark (annual %), doubled in the computation.")
    rate_effective = serializers.DateField(allow_null=True, help_text="old_rule: date of the rate change that set the benchmark.")
    term = serializers.CharField(allow_null=True, help_text="old_rule: benchmark term (up_to_6m, 6m_to_1y, 1y_to_3y, 3y_to_5y, over_5y).")
    daily_rate_percent = serializers.DecimalField(max_digits=12, decimal_places=6, help_text="Daily rate in %, shown to 6 places.")
    interest = money(help_text="The line's interest, rounded to the cent (half up) at its end.")
    continues = serializers.BooleanField(help_text="Cut only by a split date: rounded together with the line before.")
    formula = serializers.CharField(help_text="The computation with its exact value before rounding.")
    payment = money()
    allocation = serializers.CharField(allow_null=True, help_text="How the payment was applied: on_time, proportional, principal_first, interest_first.")
    to_principal = money()
    to_interest = money()
    surplus = money(help_text="Paid beyond everything owed.")
    principal_after = money()
    interest_after = money()


class LateInterestTermSerializer(serializers.Serializer):
    term = serializers.CharField()
    label = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    paid_off = serializers.BooleanField(help_text="The delay ended on the day the debt was paid off.")


class LateInterestResultSerializer(serializers.Serializer):
    principal = money()
    deadline = serializers.DateField()
    target_date = serializers.DateField()
    allocation = serializers.CharField()
    delay_first_day = serializers.DateField()
    delay_days = serializers.IntegerField()
    paid_off_on = serializers.DateField(allow_null=True)
    term = LateInterestTermSerializer(allow_null=True, help_text="Benchmark term of the lines before 2014-08-01 (null if none).")
    payments_total = money()
    principal_paid = money()
    interest_total = money(help_text="Doubled interest accrued.")
    old_rule_interest = money()
    new_rule_interest = money()
    interest_paid = money()
    overpaid = money()
    principal_outstanding = money()
    interest_outstanding = money()
    amount_due = money(help_text="Principal outstanding + interest outstanding at the end of target_date.")
    lines = LateInterestLineSerializer(many=True)
    conventions = serializers.ListField(child=serializers.CharField())


class CaseLateInterestSerializer(LateInterestResultSerializer):
    principal_from_basis = serializers.BooleanField(help_text="False: the basis states no principal; the amount applied for was used.")
    deadline_from_basis = serializers.BooleanField(help_text="False: no performance deadline; the delay runs from the day after the basis took effect.")
    interest_waived = serializers.BooleanField(help_text="A settlement of the case waives interest.")


class DocumentFileSerializer(serializers.Serializer):
    format = serializers.CharField(help_text="pdf (to print and sign) or docx (to edit).")
    display_name = serializers.CharField()
    size = serializers.IntegerField()
    checksum = serializers.CharField(help_text="SHA-256 of the file.")
    download_url = serializers.SerializerMethodField(
        help_text="Null for a reader who may not download: the files show the parties' full identity numbers.")

    @extend_schema_field(OpenApiTypes.STR)
    def get_download_url(self, obj) -> str | None:
        if not self.context["download_rights"](obj.document.kind):
            return None
        return reverse("api:case-document-download-file",
                       kwargs={"case_pk": obj.document.case_id, "pk": obj.document_id, "file_format": obj.format})


class GeneratedDocumentSerializer(serializers.Serializer):
    """One version of a document: one generation of its kind, with its files (PDF and DOCX of the same content)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    version = serializers.IntegerField()
    generated_by = UserRefSerializer()
    generated_at = serializers.DateTimeField()
    can_download = serializers.SerializerMethodField(
        help_text="Whether the user may download the files: the staff of the case's court (and, for the designation "
                  "decision, the upper court that decided it).")
    files = DocumentFileSerializer(many=True)

    def get_can_download(self, obj) -> bool:
        return self.context["download_rights"](obj.kind)


def result_data(result: interest.InterestResult) -> dict:
    inp = result.input
    return {
        "principal": inp.principal, "deadline": inp.deadline, "target_date": inp.target_date, "allocation": inp.allocation,
        "delay_first_day": result.delay_first_day, "delay_days": result.delay_days, "paid_off_on": result.paid_off_on,
        "term": {"term": result.term.term, "label": str(TERM_LABELS[result.term.term]), "first_day": result.term.first_day,
                 "last_day": result.term.last_day, "paid_off": result.term.paid_off} if result.term else None,
        "payments_total": result.payments_total, "principal_paid": result.principal_paid,
        "interest_total": result.interest_total, "old_rule_interest": result.old_rule_interest,
        "new_rule_interest": result.new_rule_interest, "interest_paid": result.interest_paid, "overpaid": result.overpaid,
        "principal_outstanding": result.principal_outstanding, "interest_outstanding": result.interest_outstanding,
        "amount_due": result.amount_due,
        "lines": [{
            "number": line.number, "kind": line.kind, "start": line.start, "end": line.end, "days": line.days,
            "base": line.base, "annual_rate": line.annual_rate, "rate_effective": line.rate_effective, "term": line.term,
            "daily_rate_percent": line.daily_rate_percent, "interest": line.interest, "continues": line.continues,
            "formula": formula(line), "payment": line.payment, "allocation": line.allocation,
            "to_principal": line.to_principal, "to_interest": line.to_interest, "surplus": line.surplus,
            "principal_after": line.principal_after, "interest_after": line.interest_after,
        } for line in result.lines],
        "conventions": conventions(),
    }


def _compute(inp: interest.InterestInput) -> interest.InterestResult:
    try:
        return interest.calculate(inp)
    except interest.InterestInputError as exc:
        raise FieldErrors(problems_as_errors(exc, payments=len(inp.payments))) from exc


# --- the calculator ---------------------------------------------------------------------------------------
class LateInterestViewSet(viewsets.GenericViewSet):
    """迟延履行利息计算器: any signed-in user."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = LateInterestSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        summary="Compute the doubled interest for delayed performance (迟延履行期间的债务利息) with its step table",
        request=LateInterestSerializer,
        responses={200: LateInterestResultSerializer, 400: BAD_REQUEST,
                   403: OpenApiResponse(ErrorSerializer, description="Not signed in")},
        description="Rules: DESIGN.md §11 (法释〔2014〕8号 from 2014-08-01; twice the PBoC benchmark rate before). "
                    'Errors come back per field, payments one entry each: {"payments": [{}, {"date": ["…"]}]}.',
    )
    def create(self, request, *args, **kwargs):
        serializer = LateInterestSerializer(data=request.data)
        if not serializer.is_valid():
            raise ValidationError(_list_errors(serializer))
        data = serializer.validated_data
        errors: dict = {}
        try:
            principal = parse_money(data["principal"])
        except ValueError as exc:
            errors["principal"] = [str(exc)]
        payments, rows = [], []
        for raw in data.get("payments", []):
            row: dict = {}
            try:
                payments.append(interest.Payment(raw["date"], parse_money(raw["amount"])))
            except ValueError as exc:
                row["amount"] = [str(exc)]
            rows.append(row)
        if any(rows):
            errors["payments"] = rows
        if errors:
            raise FieldErrors(errors)
        result = _compute(interest.InterestInput(
            principal=principal, deadline=data["deadline"], target_date=data["target_date"], payments=tuple(payments),
            allocation=data["allocation"], split_dates=tuple(sorted(set(data.get("split_dates", [])))),
        ))
        return Response(LateInterestResultSerializer(result_data(result)).data)


# --- a case's interest and documents ----------------------------------------------------------------------
class CaseLateInterestViewSet(CaseScopedViewSet):
    """The calculator on a case's own data (registered under ``cases/{case_pk}``): its basis's principal and
    deadline and every payment received on that basis."""

    queryset = EnforcementCase.objects.none()
    filter_backends: list = []
    pagination_class = None

    @doc("Late-performance interest of the case, from its basis and payments", CaseLateInterestSerializer,
         parameters=[OpenApiParameter("target_date", OpenApiTypes.DATE, description="Compute to this day (default today)."),
                     OpenApiParameter("allocation", OpenApiTypes.STR, enum=interest.ALLOCATIONS, description=ALLOCATION_HELP)])
    @action(detail=False, methods=["get"], url_path="late-interest", url_name="late-interest")
    def late_interest(self, request, *args, **kwargs):
        query = CaseLateInterestQuerySerializer(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        defaults = case_interest_defaults(self.case)
        inp = defaults.as_input(target_date=query.validated_data.get("target_date") or timezone.localdate(),
                                allocation=query.validated_data.get("allocation") or interest.STATUTORY)
        if inp is None:
            from django.utils.translation import gettext as _

            raise FieldErrors({"principal": [_("The basis states no principal amount or performance deadline: "
                                               "the interest cannot be computed.")]})
        data = result_data(_compute(inp))
        data.update(principal_from_basis=defaults.principal_from_basis, deadline_from_basis=defaults.deadline_from_basis,
                    interest_waived=defaults.interest_waived)
        return Response(CaseLateInterestSerializer(data).data)


class BinaryRenderer(renderers.BaseRenderer):
    """Lets a client ask for the file's own type (Accept: application/pdf …); errors still come as JSON."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data) if not isinstance(data, bytes) else data


FILE_RESPONSES = {
    (200, "application/pdf"): OpenApiTypes.BINARY,
    (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): OpenApiTypes.BINARY,
}
DOWNLOAD_FORBIDDEN = ("The case is at a court the user cannot see, or the user may see the case but not download its "
                      "documents (they show the parties' full identity numbers)")


@extend_schema_view(
    list=doc("Documents generated for the case (versions), newest first", GeneratedDocumentSerializer(many=True)),
    retrieve=doc("One version of a generated document", GeneratedDocumentSerializer),
)
class CaseDocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseScopedViewSet):
    """A case's generated documents: anyone who sees the case lists them; the staff of the case's court (and, for
    the designation decision, the upper court that decided it) download them; those who work the case (and, for
    the designation decision, that upper court's officers) generate them (documents.services)."""

    model = GeneratedDocument
    serializer_class = GeneratedDocumentSerializer
    filter_backends: list = []
    input_serializers = {"create": DocumentGenerateSerializer}

    def case_rows(self, case):
        return case_documents(case)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        case = getattr(self, "case", None)
        context["download_rights"] = (services.DownloadRights(self.request.user, case) if case is not None
                                      else (lambda kind: False))
        return context

    def may_write(self, user, case) -> bool:
        return True  # decided per document kind in create, with a message saying who may


    @doc("Generate a document: the next version of its kind, as PDF and DOCX together", GeneratedDocumentSerializer,
         code=201, request=DocumentGenerateSerializer, write=True,
         description="执行通知书 (enforcement_notice) and 报告财产令 (asset_report_order): while the case is open; "
                     "限制消费令 (consumption_restriction): once the enforcement notice was served; "
                     "要素式终本裁定书 (termination_ruling: the case closed as 终本, or its checklist complete), "
                     "指定执行决定书 (designation_decision: after the upper court decided), 利息计算表 (interest_statement). "
                     "Both files of a version are rendered from one data snapshot and show the same version number.")
    def create(self, request, *args, **kwargs):
        kind = request.data.get("kind") if hasattr(request.data, "get") else None
        if not services.may_generate(request.user, self.case, kind):
            raise PermissionDenied(services.generate_denied_message(kind))
        data = self.read_input(DocumentGenerateSerializer)
        document = services.document_generate(actor=request.user, case_id=self.case.pk, kind=data["kind"],
                                              target_date=data.get("target_date"),
                                              allocation=data.get("allocation") or None)
        return self.respond(document.pk, status.HTTP_201_CREATED)

    def _file(self, pk, file_format: str | None):
        document = self.get_queryset().get(pk=self.own_item(pk))
        if not services.may_download(self.request.user, self.case, document.kind):
            raise PermissionDenied(services.download_denied_message())
        files = {file.format: file for file in document.files.all()}
        # Without a format: the PDF (or the one file of a version generated before both were made together).
        file = files.get(file_format) if file_format else (files.get(DocumentFormat.PDF) or next(iter(files.values()), None))
        if file is None:
            raise NotFound()
        return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.display_name,
                            content_type=file.content_type)

    @extend_schema(
        summary="Download the PDF of a generated document (or its only file)",
        parameters=[CASE_PK],
        responses={**FILE_RESPONSES,
                   403: OpenApiResponse(ErrorSerializer, description=DOWNLOAD_FORBIDDEN),
                   404: OpenApiResponse(ErrorSerializer, description="No such case or document")},
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, BinaryRenderer])
    def download(self, request, *args, **kwargs):
        return self._file(kwargs["pk"], None)

    @extend_schema(
        summary="Download one file (pdf or docx) of a generated document",
        operation_id="v1_cases_documents_download_file",
        parameters=[CASE_PK, OpenApiParameter("file_format", OpenApiTypes.STR, OpenApiParameter.PATH,
                                              enum=DocumentFormat.values, description="pdf or docx")],
        responses={**FILE_RESPONSES,
                   403: OpenApiResponse(ErrorSerializer, description=DOWNLOAD_FORBIDDEN),
                   404: OpenApiResponse(ErrorSerializer, description="No such case, document or file")},
    )
    @action(detail=True, methods=["get"], url_path=r"download/(?P<file_format>pdf|docx)", url_name="download-file",
            renderer_classes=[renderers.JSONRenderer, BinaryRenderer])
    def download_file(self, request, *args, file_format: str, **kwargs):
        return self._file(kwargs["pk"], file_format)


