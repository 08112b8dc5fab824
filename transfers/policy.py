"""Escalation policy versions (DESIGN.md §8.1): the bureau chief sets the ladder's limits for the
court from a date on; a version in force now re-dates the clocks of the court's open cases at once,
a future one is applied by the daily sweep on its date. Past steps keep the version they ran under
(EscalationStep.policy), so a version that has run is never edited — a change is a new version."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.clock import clock_recompute_court, policy_in_force
from cases.dossier_common import Errors, check_text
from courts.models import Court, EscalationPolicy, Role, User

MAX_DAYS = 720


def can_edit_policy(user: User, court: Court) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return user.court_id == court.pk and user.role == Role.BUREAU_CHIEF


def _days(errors: Errors, name: str, value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors.add(name, _("Enter a whole number of days."))
        return None
    if not 1 <= number <= MAX_DAYS:
        errors.add(name, _("Between 1 and %(max)d days.") % {"max": MAX_DAYS})
        return None
    return number


@transaction.atomic
def policy_set(*, actor: User, court_id: int, effective_from: dt.date | None, level0_days, level1_days, level2_days,
               special_subject_direct: bool, interference_risk_direct: bool, reason: str) -> EscalationPolicy:
    court = Court.objects.select_for_update().get(pk=court_id)
    if not can_edit_policy(actor, court):
        raise PermissionDenied(_("Only the bureau chief of this court sets its escalation policy."))
    errors = Errors()
    from cases.services import _RECORDED_AT

    today = timezone.localdate(_RECORDED_AT.get() or timezone.now())
    if effective_from is None:
        errors.add("effective_from", _("Enter the date the policy applies from."))
    elif effective_from < today:
        errors.add("effective_from", _("A policy applies from today or a later date; past steps keep the policy they ran under."))
    days = {name: _days(errors, name, value) for name, value in
            (("level0_days", level0_days), ("level1_days", level1_days), ("level2_days", level2_days))}
    reason = check_text(errors, "reason", reason, max_length=500, required=True, message=_("State the reason for the change."))
    existing = EscalationPolicy.objects.filter(court=court, effective_from=effective_from).first() if effective_from else None
    if existing is not None and existing.steps.exists():
        errors.add("effective_from", _("The version of %(date)s has already moved cases; choose a later date.")
                   % {"date": effective_from.isoformat()})
    errors.raise_if_any()
    policy = existing or EscalationPolicy(court=court, effective_from=effective_from)
    policy.level0_days, policy.level1_days, policy.level2_days = days["level0_days"], days["level1_days"], days["level2_days"]
    policy.special_subject_direct, policy.interference_risk_direct = bool(special_subject_direct), bool(interference_risk_direct)
    policy.reason, policy.created_by, policy.applied_at = reason, actor, None
    policy.created_at = _RECORDED_AT.get() or timezone.now()
    policy._history_user = actor
    policy._change_reason = reason[:100]
    policy.save()
    if effective_from <= today:
        policy_apply(policy=policy)
    return policy


def policy_apply(*, policy: EscalationPolicy) -> int:
    """Re-date the clocks of the court's open cases under ``policy`` (now in force)."""
    changed = clock_recompute_court(policy.court_id, policy)
    EscalationPolicy.objects.filter(pk=policy.pk).update(applied_at=timezone.now())
    return changed


def policies_apply_due(*, today: dt.date | None = None) -> int:
    """Daily, before the sweep: apply the versions that came into force and have not been applied."""
    today = today or timezone.localdate()
    applied = 0
    for policy in EscalationPolicy.objects.filter(effective_from__lte=today, applied_at__isnull=True).order_by("effective_from"):
        if policy_in_force(policy.court_id, today).pk == policy.pk:
            with transaction.atomic():
                policy_apply(policy=policy)
        else:  # superseded by a later version already in force
            EscalationPolicy.objects.filter(pk=policy.pk).update(applied_at=timezone.now())
        applied += 1
    return applied
