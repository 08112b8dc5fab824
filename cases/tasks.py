"""Celery tasks for cases: thin, idempotent, take ids (STYLE.md §11)."""

from __future__ import annotations

import datetime as dt
import os
import socket

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from cases.models import Notification, NotificationStatus

MAX_ATTEMPTS = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS, default_retry_delay=30)
def deliver_notification(self, notification_id: int) -> str:
    """Send one outbox row. Delivered twice → sent once (the row is locked and re-checked)."""
    from cases.notifications import get_backend

    with transaction.atomic():
        note = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if note is None or note.status != NotificationStatus.PENDING:
            return "skipped"
        note.attempts += 1
        note.save(update_fields=["attempts"])
        phone, message = note.phone, note.message
    # The network call happens outside any transaction.
    try:
        get_backend().send(phone=phone, message=message)
    except Exception as exc:  # noqa: BLE001 — backend errors are retried, then recorded
        failed = note.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification_id).update(
            last_error=str(exc)[:300], status=NotificationStatus.FAILED if failed else NotificationStatus.PENDING
        )
        if failed:
            return "failed"
        raise self.retry(exc=exc, countdown=min(30 * 2 ** (note.attempts - 1), 600)) from exc
    Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), delivered_by=f"{socket.gethostname()}:{os.getpid()}"
    )
    return "sent"


@shared_task(acks_late=True)
def resend_pending_notifications(older_than_seconds: int = 60) -> int:
    """Beat job: re-enqueue outbox rows still pending (e.g. queued while the broker was down)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(status=NotificationStatus.PENDING, created_at__lte=cutoff, attempts__lt=MAX_ATTEMPTS)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        deliver_notification.delay(pk)
    return len(ids)
