"""Petitions (信访) and the hard-case ledger (五类硬骨头台账, DESIGN.md §3.1, §10). Reports otherwise
read the other apps' tables through selectors. Rows are written only by reports.hard_cases."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cases.models.assets import Recorded

# *default* thresholds of the two counting rules (DESIGN.md §10), per court in HardCaseRules.
DEFAULT_OLD_AFTER_MONTHS = 12
DEFAULT_PETITIONS_THRESHOLD = 2


# --- petitions (信访) ------------------------------------------------------------------------------
class PetitionChannel(models.TextChoices):
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit in person")
    ONLINE = "online", _("Online petition")
    HOTLINE = "hotline", _("12368 hotline")
    REFERRED = "referred", _("Referred by a higher authority")
    OTHER = "other", pgettext_lazy("petition channel", "Other")


class PetitionerStanding(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    OTHER = "other", _("Other person concerned")


class Petition(Recorded):
    """A petition (信访) about an enforcement case: a letter, a visit, an online complaint, a call to the
    12368 hotline or a matter referred down by a higher authority (上级交办). Counted on the case
    (EnforcementCase.petition_count), which feeds the 难案 rule of the ledger."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.CASCADE, related_name="petitions")
    received_on = models.DateField(pgettext_lazy("petition", "received on"))
    channel = models.CharField(pgettext_lazy("petition", "channel"), max_length=10, choices=PetitionChannel.choices)
    petitioner_name = models.CharField(_("petitioner"), max_length=60)
    petitioner_standing = models.CharField(_("petitioner's standing"), max_length=10, choices=PetitionerStanding.choices)
    summary = models.TextField(_("what the petition asks or complains about"))
    reply = models.TextField(_("reply and handling"), blank=True)
    replied_on = models.DateField(pgettext_lazy("petition", "replied on"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("model", "petition")
        verbose_name_plural = pgettext_lazy("model", "petitions")
        ordering = ["case_id", "received_on", "pk"]
        constraints = [
            # A reply has its date, and a date its reply.
            models.CheckConstraint(condition=models.Q(replied_on__isnull=True, reply="")
                                   | (models.Q(replied_on__isnull=False) & ~models.Q(reply="")), name="petition_reply_dated"),
        ]
        indexes = [
            # The petition metrics (count and trend per court and period) select on the date.
            models.Index(fields=["received_on"], name="petition_received_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.received_on} · {self.petitioner_name}"

    @staticmethod
    def audit_repr(record) -> str:
        """How the case's audit trail names a version of the row (cases.selectors.case_audit_trail)."""
        return f"{record.received_on.isoformat()} {record.petitioner_name}"


# --- the hard-case ledger (五类硬骨头台账) -------------------------------------------------------------
class HardCaseCategory(models.TextChoices):
    OLD = "old", pgettext_lazy("hard case", "Long pending")  # 老案
    PETITIONS = "petitions", pgettext_lazy("hard case", "Repeated petitions")  # 难案
    SENSITIVE = "sensitive", pgettext_lazy("hard case", "Interference risk")  # 敏感案
    SPECIAL_SUBJECT = "special_subject", pgettext_lazy("hard case", "Special-subject respondent")  # 棘手案
    SUPERVISED = "supervised", pgettext_lazy("hard case", "Supervised by upper court")  # 重点案


# Categories a person puts a case in (the others follow from the case's data by rule).
MANUAL_CATEGORIES = (HardCaseCategory.SENSITIVE, HardCaseCategory.SUPERVISED)


class EntrySource(models.TextChoices):
    RULE = "rule", _("By rule")
    MANUAL = "manual", _("By hand")


class HardCaseEntry(models.Model):
    """A case's entry in one category of the ledger, from tagging to check-off (销号). A case has at most
    one open entry per category; a checked-off entry stays as the record, and a new trigger after the
    check-off opens a new one."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="hard_case_entries")
    category = models.CharField(_("category"), max_length=16, choices=HardCaseCategory.choices)
    source = models.CharField(_("source"), max_length=8, choices=EntrySource.choices)
    tagged_on = models.DateField(pgettext_lazy("ledger", "entered on"))
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("ledger", "entered by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(pgettext_lazy("ledger", "why"), max_length=500)
    # The rule's figures when it decided (days open, petitions, threshold …): what a supervisor reads.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    cleared_on = models.DateField(_("checked off on"), null=True, blank=True)
    # The moment of the check-off: a petition recorded after it is a new trigger (see reports.hard_cases).
    cleared_at = models.DateTimeField(_("checked off at"), null=True, blank=True)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked off by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    clear_reason = models.CharField(_("reason for the check-off"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hard-case ledger entry")
        verbose_name_plural = _("hard-case ledger entries")
        ordering = ["-tagged_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "category"], condition=models.Q(cleared_on__isnull=True),
                                    name="hardcase_one_open_per_category"),
            models.CheckConstraint(condition=(models.Q(cleared_on__isnull=True, cleared_at__isnull=True, cleared_by__isnull=True,
                                                       clear_reason=""))
                                   | (models.Q(cleared_on__isnull=False, cleared_at__isnull=False) & ~models.Q(clear_reason="")),
                                   name="hardcase_cleared_with_reason"),
            models.CheckConstraint(condition=models.Q(source="rule") | models.Q(tagged_by__isnull=False),
                                   name="hardcase_manual_has_author"),
        ]
        indexes = [
            # The dashboard's counts and the ledger's default view: open entries per category.
            models.Index(fields=["category", "case"], name="hardcase_open_idx", condition=models.Q(cleared_on__isnull=True)),
            models.Index(fields=["tagged_on"], name="hardcase_tagged_idx"),
            models.Index(fields=["cleared_on"], name="hardcase_cleared_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_category_display()}"

    @staticmethod
    def audit_repr(record) -> str:
        """How the case's audit trail names a version of the row (cases.selectors.case_audit_trail)."""
        return f"{HardCaseCategory(record.category).label} {record.tagged_on.isoformat()}"

    @property
    def is_open(self) -> bool:
        return self.cleared_on is None


class HardCaseRules(models.Model):
    """A court's own thresholds for the two counting rules (DESIGN.md §10, *default*: 老案 = open more
    than 12 months, 难案 = 2 or more petitions). A court without a row uses the defaults."""

    court = models.OneToOneField("courts.Court", verbose_name=_("court"), on_delete=models.CASCADE, related_name="hard_case_rules")
    old_after_months = models.PositiveSmallIntegerField(
        _("long pending after (months)"), default=DEFAULT_OLD_AFTER_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)])
    petitions_threshold = models.PositiveSmallIntegerField(
        _("repeated petitions from (petitions)"), default=DEFAULT_PETITIONS_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(50)])
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("hard-case rules of a court")
        verbose_name_plural = _("hard-case rules of courts")
        constraints = [
            models.CheckConstraint(condition=models.Q(old_after_months__gte=1, old_after_months__lte=120),
                                   name="hardcase_rules_months_range"),
            models.CheckConstraint(condition=models.Q(petitions_threshold__gte=1, petitions_threshold__lte=50),
                                   name="hardcase_rules_petitions_range"),
        ]

    def __str__(self) -> str:
        return f"{self.court} · {self.old_after_months} · {self.petitions_threshold}"


class DashboardSnapshot(models.Model):
    """A court's default dashboard as computed by the beat job (reports.snapshots): served instead of
    aggregating a jurisdiction's cases on every visit. Not an audited record: recomputed at will."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    as_of = models.DateField(help_text="The day the alerts are counted for.")
    computed_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long computing it took.")
    payload = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["court", "period_start", "period_end", "as_of"],
                                               name="dashboard_snapshot_unique")]

    def __str__(self) -> str:
        return f"{self.court_id} {self.period_start}–{self.period_end} @ {self.computed_at:%Y-%m-%d %H:%M}"
