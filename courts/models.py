"""Courts, enforcement teams and the people in them (DESIGN.md §1–2)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CourtLevel(models.TextChoices):
    SUPREME = "supreme", _("Supreme People's Court")
    HIGH = "high", _("High People's Court")
    INTERMEDIATE = "intermediate", _("Intermediate People's Court")
    BASIC = "basic", _("Basic People's Court")


# Length of the court code (法院代字 digits) per level, as used in case numbers (DESIGN.md §4).
COURT_CODE_LENGTH = {
    CourtLevel.SUPREME: 0,
    CourtLevel.HIGH: 0,
    CourtLevel.INTERMEDIATE: 2,
    CourtLevel.BASIC: 4,
}


def default_required_checks() -> list[str]:
    return ["social_insurance", "household"]


class Court(models.Model):
    """A people's court (人民法院). The tree is a parent link; a court's jurisdiction is its subtree."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=CourtLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent court"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    province_abbr = models.CharField(_("province abbreviation"), max_length=4, help_text=_("e.g. 冀 for Hebei"))
    code = models.CharField(
        _("court code"), max_length=4, blank=True,
        help_text=_("Digits used in case numbers: 4 for a basic court, 2 for an intermediate court, none above."),
    )
    region = models.CharField(_("region"), max_length=100, blank=True, help_text=_("Administrative area served"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The extended checks (Y of "5+X+Y", DESIGN.md §7 item 3) this court requires before 终本.
    required_extended_checks = models.JSONField(
        _("extended checks required before 终本"), default=default_required_checks, blank=True,
        help_text=_("Codes of the extended checks, e.g. social_insurance, household."),
    )

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["province_abbr", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_abbr", "code"], condition=~models.Q(code=""), name="court_code_unique_in_province"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = COURT_CODE_LENGTH.get(self.level)
        if expected is not None and len(self.code) != expected:
            raise ValidationError({"code": _("A court of this level needs a code of %(n)d digits.") % {"n": expected}})
        if self.code and not self.code.isdigit():
            raise ValidationError({"code": _("The court code must be digits.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A court cannot be its own parent.")})

    @property
    def case_prefix(self) -> str:
        """The part of a case number that names the court, e.g. 冀0129."""
        return f"{self.province_abbr}{self.code}"

    def ancestors(self) -> list[Court]:
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class Team(models.Model):
    """An enforcement team (执行团队) in a court's enforcement bureau."""

    court = models.ForeignKey(Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=60)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["court_id", "name"]
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="team_name_unique_in_court")]

    def __str__(self) -> str:
        return f"{self.court.short_name or self.court.name} · {self.name}"


class Role(models.TextChoices):
    CLERK = "clerk", _("Filing clerk")
    JUDGE = "judge", _("Enforcement judge")
    ASSISTANT = "assistant", _("Judge's assistant")
    BUREAU_CHIEF = "bureau_chief", _("Bureau chief")
    DESIGNATION_OFFICER = "designation_officer", _("Designation officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who logs in. Belongs to one court (and usually one team, via TeamMembership)."""

    full_name = models.CharField(_("full name"), max_length=40, blank=True)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.CLERK)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_system_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class TeamRole(models.TextChoices):
    JUDGE = "judge", _("Judge")
    ASSISTANT = "assistant", _("Judge's assistant")
    CLERK = "clerk", _("Clerk")
    BAILIFF = "bailiff", _("Bailiff")


class TeamMembership(models.Model):
    """A user's place in a team. Only active judges receive cases as handler (承办人)."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role in team"), max_length=16, choices=TeamRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team_id", "role", "user_id"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.team} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.user.court_id and self.team.court_id != self.user.court_id:
            raise ValidationError({"team": _("A user can only join teams of their own court.")})


class EscalationPolicy(models.Model):
    """A court's escalation ladder settings (交叉执行, DESIGN.md §8.1), versioned: a new row applies from
    its ``effective_from`` date, and an escalation step keeps the version it ran under. A court with
    no row uses the defaults below."""

    DEFAULT_LEVEL0_DAYS = 90
    DEFAULT_LEVEL1_DAYS = 60
    DEFAULT_LEVEL2_DAYS = 60

    court = models.ForeignKey(Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="escalation_policies")
    effective_from = models.DateField(_("effective from"))
    level0_days = models.PositiveSmallIntegerField(_("days with the original handler (level 0)"), default=DEFAULT_LEVEL0_DAYS)
    level1_days = models.PositiveSmallIntegerField(_("days after the handoff within the team (level 1)"), default=DEFAULT_LEVEL1_DAYS)
    level2_days = models.PositiveSmallIntegerField(_("days with another team (level 2)"), default=DEFAULT_LEVEL2_DAYS)
    special_subject_direct = models.BooleanField(
        _("special-subject respondents go straight to the upper court"), default=True,
        help_text=_("A case against a state organ skips the internal rungs when its clock runs out."))
    interference_risk_direct = models.BooleanField(
        _("interference-risk cases go straight to the upper court"), default=True,
        help_text=_("A case flagged for interference risk skips the internal rungs when its clock runs out."))
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    created_by = models.ForeignKey("courts.User", verbose_name=_("set by"), null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("set at"), default=timezone.now)
    # Set when the version's due dates have been applied to the court's open cases (on save when it is
    # already in force, otherwise by the daily sweep on its effective date).
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation policy")
        verbose_name_plural = _("escalation policies")
        ordering = ["court_id", "-effective_from", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["court", "effective_from"], name="policy_one_version_per_day"),
            models.CheckConstraint(condition=models.Q(level0_days__gte=1, level1_days__gte=1, level2_days__gte=1),
                                   name="policy_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.court} · {self.effective_from}"

    def limit_for(self, level: int) -> int | None:
        """Days without substantive progress allowed at ``level``; None at level 3 (waiting for the
        upper court's decision, no clock)."""
        return {0: self.level0_days, 1: self.level1_days, 2: self.level2_days}.get(level)

    def goes_direct(self, case) -> bool:
        return bool((self.special_subject_direct and case.is_special_subject)
                    or (self.interference_risk_direct and case.interference_risk))
