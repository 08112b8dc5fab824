"""Who holds a case, and how it got there (DESIGN.md §8). The foundation records assignments; the
escalation ladder, designation requests and entrustments build on this history (a level-1 handoff
needs to know which members have already held the case). Enforcement campaigns (集中执行行动) gather
cases of several courts for a dated joint effort."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cases.models import MONEY


class AssignmentKind(models.TextChoices):
    ROUTING = "routing", _("Automatic routing at registration")
    MANUAL = "manual", _("Reassigned by the bureau chief")
    ESCALATION = "escalation", _("Cross execution (escalation ladder)")
    DESIGNATION = "designation", _("Received by designation of the upper court")


class Assignment(models.Model):
    """A period during which a handler (承办人) of a team held a case. Exactly one is current (ended_at
    is null) per case that has a handler."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.CASCADE, related_name="assignments")
    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("courts.Team", verbose_name=_("team"), null=True, on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AssignmentKind.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # The numbers that decided an automatic choice (caseloads compared), so a supervisor can read why.
    decision = models.JSONField(_("decision details"), default=dict, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("from"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["case_id", "started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(ended_at=None), name="one_current_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.handler}"


class EscalationRule(models.TextChoices):
    """Which rung moved the case (DESIGN.md §8.1, §8.3)."""

    TEAM_HANDOFF = "team_handoff", _("Level 1: handed to another judge of the same team")
    OTHER_TEAM = "other_team", _("Level 2: handed to another team of the court")
    UPPER_COURT = "upper_court", _("Level 3: designation requested from the upper court")
    DIRECT_UPPER = "direct_upper", _("Straight to the upper court (special subject or interference risk)")
    REJECTED_BACK = "rejected_back", _("Request rejected: back to level 2 with a fresh clock")
    MANUAL_REQUEST = "manual_request", _("Designation requested by the bureau chief")
    UPPER_OPENED = "upper_opened", _("Designation opened by the upper court")
    NO_UPPER_COURT = "no_upper_court", _("No upper court to escalate to: the clock starts again")


class EscalationStep(models.Model):
    """One move of a case on the ladder, with the numbers that decided it, so a supervisor can read why."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="escalation_steps")
    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="+")
    level_from = models.PositiveSmallIntegerField(_("from level"))
    level_to = models.PositiveSmallIntegerField(_("to level"))
    rule = models.CharField(_("rule"), max_length=20, choices=EscalationRule.choices)
    policy = models.ForeignKey("courts.EscalationPolicy", verbose_name=_("policy version"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="steps")
    days_without_progress = models.PositiveIntegerField(_("days without progress"), null=True, blank=True)
    limit_days = models.PositiveIntegerField(_("limit (days)"), null=True, blank=True)
    # Caseloads compared, skipped rungs, the policy's numbers when it was the default (no saved version).
    decision = models.JSONField(_("decision details"), default=dict, blank=True)
    old_handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("previous handler"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    new_handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("new handler"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    old_team = models.ForeignKey("courts.Team", verbose_name=_("previous team"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    new_team = models.ForeignKey("courts.Team", verbose_name=_("new team"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["case_id", "occurred_at", "pk"]
        indexes = [models.Index(fields=["court", "occurred_at"], name="escstep_court_time_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.level_from}→{self.level_to}"


class RequestSource(models.TextChoices):
    LADDER = "ladder", _("Escalation ladder")
    BUREAU_CHIEF = "bureau_chief", _("Bureau chief of the court")
    UPPER_COURT = "upper_court", _("Opened by the upper court")
    CONCENTRATION = "concentration", _("Concentrated jurisdiction")


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("designation request", "Pending")
    ELEVATED = "elevated", _("Executed by the upper court (提级执行)")
    DESIGNATED = "designated", _("Designated to another court (指定执行)")
    REJECTED = "rejected", _("Rejected")


class Decision(models.TextChoices):
    ELEVATE = "elevate", _("提级执行: the upper court executes it")
    DESIGNATE = "designate", _("指定执行: designate another court")
    REJECT = "reject", _("Reject")


class DesignationRequest(models.Model):
    """A case put before the upper (intermediate) court for 提级执行 or 指定执行 (DESIGN.md §8.4)."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="designation_requests")
    from_court = models.ForeignKey("courts.Court", verbose_name=_("requesting court"), on_delete=models.PROTECT,
                                   related_name="+")
    upper_court = models.ForeignKey("courts.Court", verbose_name=_("upper court"), on_delete=models.PROTECT,
                                    related_name="designation_inbox")
    source = models.CharField(_("source"), max_length=16, choices=RequestSource.choices)
    reason = models.CharField(_("reason"), max_length=1000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    target_court = models.ForeignKey("courts.Court", verbose_name=_("receiving court"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    target_team = models.ForeignKey("courts.Team", verbose_name=_("receiving team"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    new_case = models.OneToOneField("cases.EnforcementCase", verbose_name=_("new case"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="designated_from")
    decision_reason = models.CharField(_("reason for the decision"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The suggestions shown to the deciding officer when the decision was taken (属人 → 属地 → load).
    suggestions = models.JSONField(_("suggestions"), default=list, blank=True)
    concentration = models.ForeignKey("transfers.Concentration", verbose_name=_("concentration"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="requests")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("designation request")
        verbose_name_plural = _("designation requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open request per case: the ladder, the chief and the upper court cannot stack them.
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="pending"), name="one_pending_request_per_case"),
        ]
        indexes = [models.Index(fields=["upper_court", "status", "-created_at"], name="designation_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.case} → {self.upper_court}"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


class Concentration(models.Model):
    """集中管辖: every open case against one respondent in the upper court's jurisdiction designated to one
    court in one action (DESIGN.md §8.5)."""

    upper_court = models.ForeignKey("courts.Court", verbose_name=_("upper court"), on_delete=models.PROTECT,
                                    related_name="concentrations")
    respondent = models.ForeignKey("cases.Party", verbose_name=_("respondent"), on_delete=models.PROTECT,
                                   related_name="concentrations")
    target_court = models.ForeignKey("courts.Court", verbose_name=_("receiving court"), on_delete=models.PROTECT,
                                     related_name="+")
    reason = models.CharField(_("reason"), max_length=1000)
    case_count = models.PositiveIntegerField(_("cases"), default=0)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("concentrated jurisdiction")
        verbose_name_plural = _("concentrated jurisdictions")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.respondent} → {self.target_court}"


class EntrustedAct(models.TextChoices):
    QUERY = "query", _("Asset query")
    SEAL = "seal", _("Seal or freeze")
    LOCATE = "locate", _("Locate a person")
    SERVE = "serve", _("Serve a document")
    OTHER = "other", _("Other act")


class EntrustmentStatus(models.TextChoices):
    SENT = "sent", _("Awaiting reply")
    REPLIED = "replied", _("Replied")
    CANCELLED = "cancelled", _("Withdrawn")


class Entrustment(models.Model):
    """委托执行 (事项委托, 执协): a court asks another court to perform specific acts for a case and reply
    by a deadline (DESIGN.md §8.5). Both courts see the request and the reply."""

    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="entrustments")
    from_court = models.ForeignKey("courts.Court", verbose_name=_("entrusting court"), on_delete=models.PROTECT,
                                   related_name="entrustments_sent")
    to_court = models.ForeignKey("courts.Court", verbose_name=_("entrusted court"), on_delete=models.PROTECT,
                                 related_name="entrustments_received")
    acts = models.JSONField(_("acts requested"), default=list)
    details = models.TextField(_("details"), max_length=2000)
    deadline = models.DateField(_("reply by"))
    status = models.CharField(_("status"), max_length=10, choices=EntrustmentStatus.choices, default=EntrustmentStatus.SENT)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reply = models.TextField(_("reply"), max_length=4000, blank=True)
    # Per act: {"act": "query", "done": true, "result": "..."}
    results = models.JSONField(_("results"), default=list, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    # Set once by the daily check when the deadline passed without a reply (both courts are told).
    overdue_flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entrustment")
        verbose_name_plural = _("entrustments")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["to_court", "status", "deadline"], name="entrust_inbox_idx"),
            models.Index(fields=["from_court", "status", "deadline"], name="entrust_outbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_court}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == EntrustmentStatus.SENT and self.deadline < today


# --- enforcement campaigns (集中执行行动, DESIGN.md §8.5) ------------------------------------------------
class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("campaign", "Being prepared")
    ACTIVE = "active", pgettext_lazy("campaign", "Under way")
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")


class Campaign(models.Model):
    """集中执行行动: an intermediate (or high) court gathers cases of several courts of its jurisdiction
    into a dated campaign; the courts report per case what the campaign achieved and the organising
    court checks the cases off (销号). Written only by transfers.campaigns."""

    court = models.ForeignKey("courts.Court", verbose_name=_("organising court"), on_delete=models.PROTECT,
                              related_name="campaigns")
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("goals and arrangements"), max_length=4000, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("launched by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_note = models.CharField(_("closing summary"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enforcement campaign")
        verbose_name_plural = _("enforcement campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"),
            models.UniqueConstraint(fields=["court", "name"], name="campaign_name_unique_per_court"),
        ]
        indexes = [models.Index(fields=["court", "status", "-starts_on"], name="campaign_court_status_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == CampaignStatus.CLOSED


class CampaignCase(models.Model):
    """One case of a campaign (one row per campaign and case): what its court reported about the
    campaign's results, and the organising court's check-off (销号)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("enforcement campaign"), on_delete=models.PROTECT,
                                 related_name="entries")
    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="campaign_entries")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    # The court's report on what the campaign achieved in this case.
    compelled_appearances = models.PositiveSmallIntegerField(_("compelled appearances (拘传)"), default=0)
    detentions = models.PositiveSmallIntegerField(_("detentions (拘留)"), default=0)
    voluntary_performance = models.BooleanField(_("voluntary performance"), default=False)
    amount_recovered = models.DecimalField(_("recovered during the campaign"), default=Decimal("0.00"), **MONEY)
    note = models.CharField(_("note"), max_length=500, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    # 销号 by the organising court.
    cleared_on = models.DateField(_("checked off on"), null=True, blank=True)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked off by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    clear_note = models.CharField(_("check-off note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign case")
        verbose_name_plural = _("campaign cases")
        ordering = ["campaign_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "case"], name="campaign_case_once"),
            models.CheckConstraint(condition=models.Q(amount_recovered__gte=0), name="campaign_recovered_not_negative"),
            # A case is checked off only once its court has reported.
            models.CheckConstraint(condition=models.Q(cleared_on__isnull=True) | models.Q(reported_at__isnull=False),
                                   name="campaign_cleared_after_report"),
        ]
        indexes = [
            # The ledger's filters: reported or not, checked off or not (the court filter goes through the case).
            models.Index(fields=["campaign", "reported_at"], name="campaigncase_reported_idx"),
            models.Index(fields=["campaign", "cleared_on"], name="campaigncase_cleared_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.case}"

    @staticmethod
    def audit_repr(record) -> str:
        """The case's audit trail names the campaign (one small query: the trail lists few such rows)."""
        return Campaign.objects.filter(pk=record.campaign_id).values_list("name", flat=True).first() or ""

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None

    @property
    def is_cleared(self) -> bool:
        return self.cleared_on is not None
