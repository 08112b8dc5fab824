"""Celery tasks for cases: thin, idempotent, take ids (STYLE.md §11). The writes are services in
cases.notifications; retry timing lives in the row (``next_attempt_at``), not in broker ETAs."""

from __future__ import annotations

import datetime as dt
import os
import socket

from celery import shared_task
from django.utils import timezone

from cases import notifications


@shared_task(acks_late=True)
def deliver_notification(notification_id: int) -> str:
    """Send one outbox row. Delivered twice → sent once: the row is claimed under a lock and leased."""
    claim = notifications.notification_claim(notification_id=notification_id)
    if claim is None:
        return "skipped"
    # The gateway call happens outside any transaction.
    try:
        notifications.get_backend().send(phone=claim.phone, message=claim.message)
    except Exception as exc:  # noqa: BLE001 — any gateway error is recorded and retried by the timer
        return notifications.notification_mark_attempt_failed(notification_id=notification_id, error=str(exc) or repr(exc))
    notifications.notification_mark_sent(notification_id=notification_id, delivered_by=f"{socket.gethostname()}:{os.getpid()}")
    return "sent"


@shared_task(acks_late=True)
def resend_pending_notifications(older_than_seconds: int = 60) -> int:
    """Beat job (every minute): enqueue the rows whose timer has run out — queued while the broker
    was down, backing off after a gateway error, or leased by a worker that died."""
    now = timezone.now()
    ids = notifications.notifications_due(now=now, created_before=now - dt.timedelta(seconds=older_than_seconds))
    for pk in ids:
        deliver_notification.delay(pk)
    return len(ids)
