"""Who holds a case, and how it got there (DESIGN.md §8). The foundation records assignments; the
escalation ladder, designation requests and entrustments build on this history (a level-1 handoff
needs to know which members have already held the case)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AssignmentKind(models.TextChoices):
    ROUTING = "routing", _("Automatic routing at registration")
    MANUAL = "manual", _("Reassigned by the bureau chief")


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
