"""Substantive progress (实质进展, DESIGN.md §8.2) — the one place that decides it.

Counts: money recovered (any payment in), an asset controlled (a freeze, seal or seizure put in
force), an asset disposed (auction sale, sale, transfer in kind), a settlement agreed, closure.
Does not count: queries (with or without a result), notices, calls, notes, renewals of an existing
control, coercive measures, and reassignment itself.

Every timeline event passes through ``is_substantive`` when it is written
(``cases.services.case_event_record``); ``EnforcementCase.last_progress_at`` caches the time of the
latest such event so that the escalation sweep can select stale cases with one indexed query, and
``last_progress_from_timeline`` recomputes it from the timeline alone.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from cases.models import CaseEvent, EnforcementCase, EventKind

ALWAYS_SUBSTANTIVE = {EventKind.PAYMENT, EventKind.CONTROL, EventKind.DISPOSAL}


def is_substantive(kind: str, data: dict | None = None) -> bool:
    if kind in ALWAYS_SUBSTANTIVE:
        return True
    if kind == EventKind.CLOSED:
        # Closing is progress — except closing as transferred, which only moves the case elsewhere.
        return (data or {}).get("closure_type") != "transferred"
    if kind == EventKind.SETTLEMENT:
        return (data or {}).get("action") == "agreed"
    return False


def last_progress_from_timeline(case: EnforcementCase) -> dt.datetime | None:
    return CaseEvent.objects.filter(case=case, is_substantive=True).aggregate(at=Max("occurred_at"))["at"]


def progress_clock_start(case: EnforcementCase) -> dt.datetime:
    """When the case last moved: its latest substantive progress, or its registration."""
    return case.last_progress_at or case.created_at


def days_without_progress(case: EnforcementCase, *, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return max((today - timezone.localdate(progress_clock_start(case))).days, 0)
