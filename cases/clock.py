"""The escalation clock (交叉执行, DESIGN.md §8.1–8.2) — the only code that writes the clock columns
of EnforcementCase (``clock_from``, ``clock_paused_since``, ``escalation_due_on``).

Rule, stated once:
- The clock runs from the later of the day the case arrived at its current level and the day of its
  last substantive progress (cases.progress decides what counts).
- It pauses while the case is suspended (中止) or a settlement is being performed (执行和解); when the
  pause ends, ``clock_from`` moves on by the paused days (only those after ``clock_from``).
- The limit for the level comes from the court's escalation policy in force (courts.EscalationPolicy;
  defaults 90 / 60 / 60 days). The case is due on ``clock_from + limit`` — on that day it has gone
  ``limit`` whole days without progress and the sweep moves it one rung.
- No clock at level 3 (the upper court decides), while paused, or once closed: ``escalation_due_on``
  is null, so the sweep's one indexed query never sees those cases.

Every timeline event passes through ``clock_after_event`` (cases.services.case_event_record), so a
status change or a substantive event anywhere keeps the clock right without each service knowing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from cases.models import CaseStatus, EnforcementCase
from courts.models import EscalationPolicy

PAUSED_STATUSES = (CaseStatus.SUSPENDED, CaseStatus.SETTLED)
TOP_LEVEL = 3


def policy_in_force(court_id: int, on: dt.date | None = None) -> EscalationPolicy:
    """The court's policy version in force on ``on`` (today by default), or an unsaved default one."""
    on = on or timezone.localdate()
    policy = (EscalationPolicy.objects.filter(court_id=court_id, effective_from__lte=on)
              .order_by("-effective_from", "-pk").first())
    return policy or EscalationPolicy(court_id=court_id, effective_from=dt.date(2000, 1, 1))


def due_on(case: EnforcementCase, policy: EscalationPolicy) -> dt.date | None:
    if case.status == CaseStatus.CLOSED or case.status in PAUSED_STATUSES or case.clock_paused_since:
        return None
    limit = policy.limit_for(case.escalation_level)
    if limit is None or case.clock_from is None:
        return None
    return case.clock_from + dt.timedelta(days=limit)


def days_on_clock(case: EnforcementCase, today: dt.date | None = None) -> int:
    """Whole days the clock has run at this level (pauses excluded)."""
    today = today or timezone.localdate()
    if case.clock_from is None:
        return 0
    end = case.clock_paused_since or today
    return max((end - case.clock_from).days, 0)


def _today() -> dt.date:
    """Today, or the day being recorded (cases.services.recorded_at: demo data, legacy import)."""
    from cases.services import _RECORDED_AT

    return timezone.localdate(_RECORDED_AT.get() or timezone.now())


@contextmanager
def clock_held(case: EnforcementCase) -> Iterator[None]:
    """For a block in which ``case`` is the only instance of its row that moves the clock, and its
    clock columns are the row's on entry (registration: the case was inserted from it a moment ago).
    Inside, ``clock_after_event`` takes the clock from the instance instead of re-reading the row,
    looks the court's policy up once per day, and leaves out an UPDATE that would write the values
    the row already holds — the same columns as without it, fewer queries."""
    case._clock_held = {"row": (case.clock_from, case.clock_paused_since, case.escalation_due_on), "policies": {}}
    try:
        yield
    finally:
        del case._clock_held


def _write(case: EnforcementCase, policy: EscalationPolicy | None = None) -> None:
    held = getattr(case, "_clock_held", None)
    if policy is None:
        today = _today()
        if held is None:
            policy = policy_in_force(case.court_id, today)
        else:
            key = (case.court_id, today)
            if key not in held["policies"]:
                held["policies"][key] = policy_in_force(case.court_id, today)
            policy = held["policies"][key]
    case.escalation_due_on = due_on(case, policy)
    row = (case.clock_from, case.clock_paused_since, case.escalation_due_on)
    if held is not None:
        if held["row"] == row:
            return  # the row holds these values already (written through this instance)
        held["row"] = row
    EnforcementCase.objects.filter(pk=case.pk).update(
        clock_from=case.clock_from, clock_paused_since=case.clock_paused_since, escalation_due_on=case.escalation_due_on)


def _current(case: EnforcementCase) -> None:
    """Re-read the clock columns: another instance of the row may have moved them in this transaction
    (not inside ``clock_held``, where the instance is the row)."""
    if getattr(case, "_clock_held", None) is not None:
        return
    row = EnforcementCase.objects.filter(pk=case.pk).values(
        "clock_from", "clock_paused_since", "escalation_level").first()
    if row:
        case.clock_from, case.clock_paused_since = row["clock_from"], row["clock_paused_since"]


def clock_after_event(case: EnforcementCase, *, day: dt.date, substantive: bool) -> None:
    """Bring the clock up to date after a timeline event on ``day`` (the case's status is already the
    new one)."""
    _current(case)
    if case.clock_from is None:
        case.clock_from = day  # registration (or the first event of an imported case) starts the clock
    paused = case.status in PAUSED_STATUSES
    if paused and case.clock_paused_since is None:
        case.clock_paused_since = day
    elif not paused and case.clock_paused_since is not None:
        start = max(case.clock_paused_since, case.clock_from)
        if day > start:
            case.clock_from += day - start
        case.clock_paused_since = None
    if substantive and day > case.clock_from:
        case.clock_from = day
    if case.status == CaseStatus.CLOSED:
        case.clock_paused_since = None
    _write(case)


def clock_arrive(case: EnforcementCase, *, level: int, day: dt.date, policy: EscalationPolicy | None = None) -> None:
    """The case arrives at ``level`` on ``day``: a fresh clock there. The caller saves the level
    (an audited change of the case) — this writes only the clock columns."""
    case.escalation_level = level
    case.clock_from, case.clock_paused_since = day, None
    case.escalation_due_on = due_on(case, policy or policy_in_force(case.court_id, day))
    EnforcementCase.objects.filter(pk=case.pk).update(
        escalation_level=level, clock_from=day, clock_paused_since=None, escalation_due_on=case.escalation_due_on)
    held = getattr(case, "_clock_held", None)
    if held is not None:
        held["row"] = (case.clock_from, case.clock_paused_since, case.escalation_due_on)


def clock_recompute_court(court_id: int, policy: EscalationPolicy, *, batch: int = 2000) -> int:
    """A new policy version came into force: recompute the due dates of the court's open cases that
    have a running clock. Returns how many rows changed."""
    changed = 0
    rows = (EnforcementCase.objects.filter(court_id=court_id, status__in=[CaseStatus.REGISTERED, CaseStatus.IN_PROGRESS],
                                           escalation_level__lt=TOP_LEVEL, clock_from__isnull=False,
                                           clock_paused_since__isnull=True)
            .only("pk", "status", "escalation_level", "clock_from", "clock_paused_since", "escalation_due_on")
            .order_by("pk"))
    pending: list[EnforcementCase] = []
    for case in rows.iterator(chunk_size=batch):
        new_due = due_on(case, policy)
        if new_due != case.escalation_due_on:
            case.escalation_due_on = new_due
            pending.append(case)
        if len(pending) >= batch:
            EnforcementCase.objects.bulk_update(pending, ["escalation_due_on"])
            changed += len(pending)
            pending = []
    if pending:
        EnforcementCase.objects.bulk_update(pending, ["escalation_due_on"])
        changed += len(pending)
    return changed
