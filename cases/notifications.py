"""Notifications to parties (阳光执行, DESIGN.md §12): an outbox plus pluggable delivery backends.

A service calls ``notify_applicants`` inside its transaction; rows are delivered by the Celery task
``cases.tasks.deliver_notification`` after commit. If the broker is unreachable the row stays
pending and ``cases.tasks.resend_pending_notifications`` (beat, every minute) sends it later.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from cases.models import CaseParty, EnforcementCase, Notification, PartyRole

logger = logging.getLogger("enforcement.notifications")


class LogBackend:
    """Development backend: writes the message to the log."""

    name = "log"

    def send(self, *, phone: str, message: str) -> None:
        logger.info("SMS to %s: %s", phone or "(no phone)", message)


class ConsoleBackend:
    """Development backend: prints the message on the worker's console."""

    name = "console"

    def send(self, *, phone: str, message: str) -> None:
        print(f"[SMS → {phone or '(no phone)'}] {message}", flush=True)


def get_backend():
    return import_string(settings.NOTIFICATION_BACKEND)()


def notify_applicants(*, case: EnforcementCase, message: str) -> list[Notification]:
    """Queue one message per applicant of the case; delivery is scheduled after commit."""
    links = CaseParty.objects.filter(case=case, role=PartyRole.APPLICANT).select_related("party")
    notes = Notification.objects.bulk_create(
        [Notification(case=case, party=link.party, phone=link.party.phone, message=message) for link in links]
    )
    ids = [n.pk for n in notes if n.pk is not None]
    if not ids:  # bulk_create on backends without RETURNING: fetch the ids back
        ids = list(Notification.objects.filter(case=case, message=message, status="pending").values_list("pk", flat=True))
    transaction.on_commit(lambda: enqueue_delivery(ids))
    return notes


def enqueue_delivery(ids: list[int]) -> None:
    """Hand the rows to Celery. A broker outage must not break the user's request: the rows stay
    pending and the periodic resend picks them up."""
    from cases.tasks import deliver_notification

    for pk in ids:
        try:
            deliver_notification.delay(pk)
        except Exception:  # noqa: BLE001 — any broker error; the outbox row is the source of truth
            logger.warning("broker unavailable; notification %s stays pending for the resend job", pk, exc_info=True)
