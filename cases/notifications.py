"""Notifications to parties (阳光执行, DESIGN.md §12): an outbox plus pluggable delivery backends.

A service calls ``notify_applicants`` inside its transaction; rows are delivered by the Celery task
``cases.tasks.deliver_notification`` after commit. If the broker is unreachable the row stays
pending and ``cases.tasks.resend_pending_notifications`` (beat, every minute) sends it later.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from cases.models import CaseParty, EnforcementCase, Notification, NotificationStatus, PartyRole

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


def notify_applicants(*, case: EnforcementCase, message: str, only_party_id: int | None = None) -> list[Notification]:
    """Queue one message per applicant of the case (or only to ``only_party_id``, for what concerns
    one applicant alone, e.g. money paid to them); delivery is scheduled after commit (created
    "now" even when the event is recorded with a past time: the message goes out now)."""
    from enforcement.formatting import group_yuan

    message = group_yuan(str(message))
    links = CaseParty.objects.filter(case=case, role=PartyRole.APPLICANT).select_related("party")
    if only_party_id is not None:
        links = links.filter(party_id=only_party_id)
    notes = Notification.objects.bulk_create(
        [Notification(case=case, party=link.party, phone=link.party.phone, message=message) for link in links]
    )
    ids = [n.pk for n in notes if n.pk is not None]
    if not ids:  # bulk_create on backends without RETURNING: fetch the ids back
        ids = list(Notification.objects.filter(case=case, message=message, status="pending").values_list("pk", flat=True))
    transaction.on_commit(lambda: enqueue_delivery(ids))
    return notes


MAX_ATTEMPTS = 8
# A claimed row is not claimed again for this long: enough for one gateway call, short enough that
# a worker killed mid-send only delays the message.
LEASE = dt.timedelta(minutes=5)


def retry_delay(attempts: int) -> dt.timedelta:
    """Backoff after a failed attempt: 1, 2, 4 … minutes, at most 2 hours (8 attempts ≈ 4 hours)."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), dt.timedelta(hours=2))


@dataclass(frozen=True)
class Claim:
    notification_id: int
    phone: str
    message: str
    attempt: int


@transaction.atomic
def notification_claim(*, notification_id: int, now: dt.datetime | None = None) -> Claim | None:
    """Lock the row and take it for one delivery attempt, or None if it is sent, failed, leased to
    another delivery, or waiting for its backoff."""
    now = now or timezone.now()
    note = Notification.objects.select_for_update().filter(pk=notification_id).first()
    if note is None or note.status != NotificationStatus.PENDING:
        return None
    if note.next_attempt_at is not None and note.next_attempt_at > now:
        return None
    if note.attempts >= MAX_ATTEMPTS:
        note.status = NotificationStatus.FAILED
        note.save(update_fields=["status"])
        return None
    note.attempts += 1
    note.next_attempt_at = now + LEASE
    note.save(update_fields=["attempts", "next_attempt_at"])
    return Claim(note.pk, note.phone, note.message, note.attempts)


@transaction.atomic
def notification_mark_sent(*, notification_id: int, delivered_by: str) -> None:
    Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error="",
        delivered_by=delivered_by[:120],
    )


@transaction.atomic
def notification_mark_attempt_failed(*, notification_id: int, error: str) -> str:
    """Record a failed attempt: back off (the row's timer), or give up after MAX_ATTEMPTS."""
    note = Notification.objects.select_for_update().get(pk=notification_id)
    note.last_error = error[:300]
    if note.attempts >= MAX_ATTEMPTS:
        note.status = NotificationStatus.FAILED
        note.next_attempt_at = None
    else:
        note.next_attempt_at = timezone.now() + retry_delay(note.attempts)
    note.save(update_fields=["last_error", "status", "next_attempt_at"])
    return note.status


def notifications_due(*, now: dt.datetime, created_before: dt.datetime, limit: int = 1000) -> list[int]:
    """Pending rows whose timer has run out (never tried, backoff over, or lease expired)."""
    return list(
        Notification.objects.filter(status=NotificationStatus.PENDING, created_at__lte=created_before)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


_held: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("held_notifications", default=None)


@contextlib.contextmanager
def deliveries_held():
    """Within this block, outbox rows are written but not handed to the broker (bulk loads, demo
    data): they stay pending and the periodic resend job delivers them. Yields the held ids."""
    held: list[int] = []
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)


def enqueue_delivery(ids: list[int]) -> None:
    """Hand the rows to Celery. A broker outage must not break the user's request: the rows stay
    pending and the periodic resend picks them up."""
    from cases.tasks import deliver_notification

    held = _held.get()
    if held is not None:
        held.extend(ids)
        return

    for n, pk in enumerate(ids):
        try:
            deliver_notification.delay(pk)
        except Exception:  # noqa: BLE001 — any broker error; the outbox row is the source of truth
            # One failed publish is enough: trying the others would only make the request wait out
            # the broker's timeout once per row.
            logger.warning("broker unavailable; notifications %s stay pending for the resend job", ids[n:], exc_info=True)
            return


@transaction.atomic
def notification_retry(*, actor, notification_id: int) -> Notification:
    """Send a message again (after it failed, or to hurry one waiting for its backoff): a fresh
    round of attempts, recorded on the case's timeline. Court staff of the case only."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from cases.models import EventKind
    from cases.services import case_event_record
    from courts import access
    from enforcement.errors import IllegalTransition

    note = Notification.objects.select_for_update(of=("self",)).select_related("case", "party").get(pk=notification_id)
    if not access.can_act_on_case(actor, note.case):
        raise PermissionDenied(_("Only the staff of the court that owns the case can re-send its messages."))
    if note.status == NotificationStatus.SENT:
        raise IllegalTransition(_("This message was already sent on %(when)s.")
                                % {"when": timezone.localtime(note.sent_at).strftime("%Y-%m-%d %H:%M")}, current_status=note.status)
    if note.status == NotificationStatus.PENDING:
        # A pending message is being delivered or waits for its next attempt: sending it again now
        # could reach the applicant twice.
        raise IllegalTransition(_("This message is still being delivered; it is retried automatically."),
                                current_status=note.status)
    previous = note.get_status_display()
    note.status, note.attempts, note.next_attempt_at = NotificationStatus.PENDING, 0, None
    note.save(update_fields=["status", "attempts", "next_attempt_at"])
    case_event_record(case=note.case, kind=EventKind.NOTE, actor=actor,
                      description=_("Message to %(who)s sent again (was: %(status)s, last error: %(error)s)")
                      % {"who": note.party.name if note.party else note.phone, "status": previous,
                         "error": note.last_error or "—"},
                      data={"notification": note.pk})
    transaction.on_commit(lambda: enqueue_delivery([note.pk]))
    return note
