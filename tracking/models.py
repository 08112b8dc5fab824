"""Pre-enforcement tracking (主动执行 / 跟踪履行 / 执前督促): an effective judgment or mediation
statement followed by the court's tracking office until it is performed voluntarily or passed on to
enforcement. Rows are written only by tracking.services."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cases.causes import CAUSE_LABELS, CAUSES
from cases.identifiers import mask_identifier, mask_phone
from cases.models import MONEY, DocumentType, IdType, PartyKind


class TrialDivision(models.TextChoices):
    """The division whose judgment or mediation is tracked (metrics are per court and division)."""

    CIVIL_1 = "civil_1", _("First civil division")
    CIVIL_2 = "civil_2", _("Second civil division")
    CIVIL_3 = "civil_3", _("Third civil division")
    ADMINISTRATIVE = "administrative", _("Administrative division")
    CRIMINAL = "criminal", _("Criminal division (incidental civil claims)")
    FILING = "filing", _("Case-filing division (fast track, mediation)")
    TRIBUNAL = "tribunal", _("People's tribunal")
    OTHER = "other", _("Other division")


class TrackingStatus(models.TextChoices):
    TRACKING = "tracking", _("Being tracked")
    PERFORMED_FULL = "performed_full", _("Performed voluntarily in full")
    PERFORMED_PART = "performed_part", _("Performed voluntarily in part")
    ENFORCEMENT = "enforcement", _("Passed to enforcement")
    WITHDRAWN = "withdrawn", _("Tracking withdrawn")


# Outcomes a person records directly; `enforcement` comes only from the hand-off (tracking_hand_off).
RECORDED_OUTCOMES = (TrackingStatus.PERFORMED_FULL, TrackingStatus.PERFORMED_PART, TrackingStatus.WITHDRAWN)
# Decided outcomes for 自动履行率 (tracking.selectors.performance_metrics): withdrawn is left out.
DECIDED_OUTCOMES = (TrackingStatus.PERFORMED_FULL, TrackingStatus.PERFORMED_PART, TrackingStatus.ENFORCEMENT)


class TrackingRecord(models.Model):
    """One effective document under tracking. The document's fields have the shape of cases.Basis and
    are carried over into the enforcement case's basis exactly when the record is passed on."""

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="tracking_records")
    division = models.CharField(_("trial division"), max_length=16, choices=TrialDivision.choices)
    division_name = models.CharField(_("division or tribunal name"), max_length=60, blank=True)
    # The effective document (same fields as cases.models.Basis).
    document_number = models.CharField(_("document number"), max_length=80)
    document_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    issuing_court = models.CharField(_("issuing court or body"), max_length=100)
    effective_date = models.DateField(_("effective date"))
    performance_deadline = models.DateField(_("performance deadline"))
    principal_amount = models.DecimalField(_("principal fixed by the document"), null=True, blank=True, **MONEY)
    obligations = models.TextField(_("obligations (main text)"), blank=True)
    cause = models.CharField(_("cause of action"), max_length=40, choices=CAUSES)
    # What the obligors must pay (the target of an enforcement case passed on) and do.
    obligation_amount = models.DecimalField(_("amount to be paid"), default=Decimal("0.00"), **MONEY)
    non_monetary_obligations = models.TextField(_("non-monetary obligations"), blank=True)

    status = models.CharField(_("status"), max_length=16, choices=TrackingStatus.choices, default=TrackingStatus.TRACKING)
    outcome_on = models.DateField(_("outcome recorded for"), null=True, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=500, blank=True)
    # Voluntary performance: in full, in part (and then possibly passed on for the rest).
    performed_amount = models.DecimalField(_("amount performed voluntarily"), null=True, blank=True, **MONEY)
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    enforcement_case = models.OneToOneField(
        "cases.EnforcementCase", verbose_name=_("enforcement case"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="tracking_record",
    )

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("tracking record")
        verbose_name_plural = _("tracking records")
        ordering = ["-effective_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(obligation_amount__gte=0), name="tracking_amount_not_negative"),
            models.CheckConstraint(condition=models.Q(performed_amount__isnull=True) | models.Q(performed_amount__gt=0),
                                   name="tracking_performed_positive"),
            models.CheckConstraint(
                condition=(models.Q(status="enforcement") & models.Q(enforcement_case__isnull=False))
                | (~models.Q(status="enforcement") & models.Q(enforcement_case__isnull=True)),
                name="tracking_case_iff_enforcement",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="tracking") & models.Q(outcome_on__isnull=True))
                | (~models.Q(status="tracking") & models.Q(outcome_on__isnull=False)),
                name="tracking_outcome_date_iff_decided",
            ),
            models.CheckConstraint(condition=models.Q(performance_deadline__gte=models.F("effective_date")),
                                   name="tracking_deadline_after_effective"),
            # One document is tracked once at a time at a court (entered twice by mistake otherwise).
            models.UniqueConstraint(fields=["court", "document_number"], condition=models.Q(status="tracking"),
                                    name="tracking_one_open_per_document"),
        ]
        indexes = [
            models.Index(fields=["court", "status", "-effective_date"], name="tracking_court_status_idx"),
            models.Index(fields=["court", "division", "outcome_on"], name="tracking_court_div_outcome_idx"),
            models.Index(fields=["status", "performance_deadline"], name="tracking_status_deadline_idx"),
            models.Index(fields=["effective_date"], name="tracking_effective_idx"),
            models.Index(fields=["document_number"], name="tracking_docno_idx"),
            models.Index(fields=["cause"], name="tracking_cause_idx"),
        ]

    def __str__(self) -> str:
        return self.document_number

    @property
    def cause_label(self) -> str:
        return CAUSE_LABELS.get(self.cause, self.cause)

    @property
    def is_open(self) -> bool:
        return self.status == TrackingStatus.TRACKING

    @property
    def remaining_amount(self) -> Decimal:
        """What is left to enforce: the amount to be paid less what was performed voluntarily."""
        return max(self.obligation_amount - (self.performed_amount or Decimal("0.00")), Decimal("0.00"))

    @property
    def is_correctable(self) -> bool:
        """Its document and parties may be corrected (tracking.services.tracking_correct) while it is
        tracked or, performed in part, may still be passed on: not once it became a case or ended."""
        return self.enforcement_case_id is None and self.status in (TrackingStatus.TRACKING, TrackingStatus.PERFORMED_PART)

    def is_overdue(self, today) -> bool:
        """Still tracked after the performance deadline: the obligee is to be asked."""
        return self.status == TrackingStatus.TRACKING and self.performance_deadline < today


class TrackingRole(models.TextChoices):
    OBLIGEE = "obligee", _("Obligee")
    OBLIGOR = "obligor", _("Obligor")


# On hand-off the obligees become applicants and the obligors respondents (cases.PartyRole).
CASE_ROLE = {TrackingRole.OBLIGEE: "applicant", TrackingRole.OBLIGOR: "respondent"}


class TrackingParty(models.Model):
    """A party of the tracked document with full details, as the registration form takes them; the
    hand-off gives these values to cases.services.case_register unchanged."""

    record = models.ForeignKey(TrackingRecord, verbose_name=_("tracking record"), on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("obligee or obligor"), max_length=10, choices=TrackingRole.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=120)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.NONE)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    id_missing_reason = models.CharField(_("reason the ID is missing"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=24, blank=True)
    address = models.CharField(_("domicile / address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tracked party")
        verbose_name_plural = _("tracked parties")
        ordering = ["record_id", "role", "position", "pk"]
        indexes = [models.Index(fields=["name"], name="trackingparty_name_idx"),
                   models.Index(fields=["id_number"], name="trackingparty_idno_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        return mask_identifier(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class StepKind(models.TextChoices):
    REMINDER = "reminder", _("Performance reminder served (督促履行通知书)")
    WARNING = "warning", _("Dishonest-debtor warning served (失信惩戒预警)")
    OBLIGEE_CHECK = "obligee_check", _("Obligee asked after the deadline")
    OUTCOME = "outcome", _("Outcome recorded")
    HAND_OFF = "hand_off", _("Passed to enforcement")
    CORRECTION = "correction", _("Record corrected")


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("Served in person")
    POST = "post", _("By post")
    ELECTRONIC = "electronic", _("Electronic service")
    LEFT_AT_ADDRESS = "left_at_address", _("Left at the address")
    PHONE = "phone", _("By phone or SMS")
    ANNOUNCEMENT = "announcement", _("By public announcement")


class ObligeeStatement(models.TextChoices):
    PERFORMED_FULL = "performed_full", pgettext_lazy("obligee's answer", "Performed in full")
    PERFORMED_PART = "performed_part", pgettext_lazy("obligee's answer", "Performed in part")
    NOT_PERFORMED = "not_performed", _("Not performed")


class TrackingStep(models.Model):
    """A step of the tracking (the record's timeline): notices served, the obligee's answer after
    the deadline, the outcome and the hand-off. Append-only."""

    record = models.ForeignKey(TrackingRecord, verbose_name=_("tracking record"), on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    done_on = models.DateField(_("date"))
    served_how = models.CharField(_("served how"), max_length=16, choices=ServiceMethod.choices, blank=True)
    recipient = models.ForeignKey(TrackingParty, verbose_name=_("served on"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    obligee_statement = models.CharField(_("obligee's answer"), max_length=16, choices=ObligeeStatement.choices, blank=True)
    reported_amount = models.DecimalField(_("amount the obligee says was paid"), null=True, blank=True, **MONEY)
    details = models.CharField(_("details"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tracking step")
        verbose_name_plural = _("tracking steps")
        ordering = ["record_id", "done_on", "pk"]
        indexes = [models.Index(fields=["record", "kind"], name="trackingstep_record_kind_idx")]

    def __str__(self) -> str:
        return f"{self.record} · {self.get_kind_display()}"
