"""Celery tasks of the reports: thin, idempotent, taking plain values (STYLE.md §11)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from reports.hard_cases import hard_cases_sweep


@shared_task(acks_late=True)
def hard_case_sweep(today: str | None = None) -> dict:
    """Beat job (daily): enter in the hard-case ledger every case a rule finds (reports.hard_cases).
    Run twice, it enters nothing the second time; cut short, the next run finishes the job."""
    return hard_cases_sweep(today=dt.date.fromisoformat(today) if today else None)


@shared_task(acks_late=True)
def refresh_dashboard_snapshots(today: str | None = None) -> dict:
    """Beat job (every REPORT_SNAPSHOT_MINUTES): recompute the kept dashboards of the intermediate and
    high courts (reports.snapshots). Idempotent: each run replaces the previous snapshots."""
    from reports.snapshots import refresh_all

    return refresh_all(today=dt.date.fromisoformat(today) if today else None)
