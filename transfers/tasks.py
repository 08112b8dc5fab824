"""Celery tasks of the ladder: thin, idempotent, taking ids (STYLE.md §11). The clock is a column
(cases.clock), not a broker ETA: the daily sweep finds the due cases with one indexed query and
enqueues them in batches; each case is moved under its row lock after re-checking it is still due,
so a sweep run twice, a task delivered twice or a worker killed mid-batch never moves a case twice
and loses nothing (what was not done is still due at the next run)."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from transfers.entrustment import entrustments_flag_overdue
from transfers.escalation import case_escalate, escalation_candidates
from transfers.policy import policies_apply_due

logger = logging.getLogger(__name__)
BATCH = 200


@shared_task(acks_late=True)
def escalation_sweep(today: str | None = None) -> dict:
    """Beat job (daily): apply policy versions that came into force, flag overdue entrustments, then
    enqueue every case whose clock has run out."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    policies = policies_apply_due(today=day)
    overdue = entrustments_flag_overdue(today=day)
    ids = list(escalation_candidates(day).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        escalate_cases.delay(ids[start:start + BATCH], day.isoformat())
    return {"due": len(ids), "batches": (len(ids) + BATCH - 1) // BATCH, "policies": policies, "overdue_entrustments": overdue}


@shared_task(acks_late=True)
def escalate_cases(case_ids: list[int], today: str) -> dict:
    """Move each case one rung if it is still due on ``today``; one transaction per case."""
    day = dt.date.fromisoformat(today)
    moved = skipped = failed = 0
    for case_id in case_ids:
        try:
            step = case_escalate(case_id=case_id, today=day)
        except Exception:  # one bad case must not stop the batch; it is still due at the next sweep
            logger.exception("escalation of case %s failed", case_id)
            failed += 1
            continue
        moved += step is not None
        skipped += step is None
    return {"moved": moved, "skipped": skipped, "failed": failed}
