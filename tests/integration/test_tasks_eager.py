"""The delivery task in eager mode (CELERY_TASK_ALWAYS_EAGER): no broker, no worker, same code path.

Fast and deterministic counterpart of test_celery_worker.py, for the task's own logic: sending,
idempotency, and what a failing SMS backend leaves in the outbox.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from cases import services
from cases.models import Notification, NotificationStatus
from cases.notifications import MAX_ATTEMPTS
from cases.tasks import deliver_notification, resend_pending_notifications
from enforcement.celery import app as celery_app
from tests.factories import registration

pytestmark = pytest.mark.django_db

FAILING = f"{__name__}.FailingBackend"
FLAKY = f"{__name__}.FlakyBackend"


class FailingBackend:
    """An SMS gateway that is down."""

    calls = 0

    def send(self, *, phone: str, message: str) -> None:
        type(self).calls += 1
        raise ConnectionError("SMS gateway unreachable")


class FlakyBackend:
    """Fails on the first message, then works."""

    calls = 0

    def send(self, *, phone: str, message: str) -> None:
        type(self).calls += 1
        if type(self).calls == 1:
            raise TimeoutError("SMS gateway timed out")


@pytest.fixture
def eager():
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    FailingBackend.calls = FlakyBackend.calls = 0
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_eager_propagates = saved


@pytest.fixture
def registered(world, eager, django_capture_on_commit_callbacks):
    """Register a case; returns a function that runs the after-commit delivery and gives the row."""

    def run(*, deliver: bool = True) -> Notification:
        with django_capture_on_commit_callbacks(execute=deliver) as callbacks:
            case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
        assert len(callbacks) == 1, "one after-commit hook hands the outbox rows to Celery"
        return Notification.objects.get(case=case)

    return run


def test_eager_delivery_marks_the_row_sent(registered):
    note = registered()

    assert note.status == NotificationStatus.SENT
    assert note.attempts == 1
    assert note.sent_at is not None
    assert note.delivered_by.rpartition(":")[2] == str(os.getpid()), "eager runs in the calling process"


def test_eager_delivery_twice_sends_once(registered):
    note = registered()

    assert deliver_notification.delay(note.pk).get() == "skipped"
    assert deliver_notification.delay(note.pk).get() == "skipped"
    note.refresh_from_db()
    assert (note.status, note.attempts) == (NotificationStatus.SENT, 1)


def test_unknown_row_is_skipped(eager):
    assert deliver_notification.delay(987654321).get() == "skipped"


@override_settings(NOTIFICATION_BACKEND=FAILING)
def test_failing_backend_records_the_attempt_and_backs_off(registered):
    note = registered()  # the registration itself succeeds although the gateway is down

    assert FailingBackend.calls == 1
    assert (note.status, note.attempts) == (NotificationStatus.PENDING, 1)
    assert note.last_error == "SMS gateway unreachable"
    assert note.sent_at is None and note.delivered_by == ""
    # the retry timer is the row's own column: one minute after the first failure
    wait = note.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < wait <= dt.timedelta(minutes=1)
    # the resend job leaves it alone until then
    assert resend_pending_notifications(older_than_seconds=0) == 0
    assert FailingBackend.calls == 1


@override_settings(NOTIFICATION_BACKEND=FAILING)
def test_failing_backend_gives_up_after_max_attempts_spread_over_hours(registered):
    note = registered()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(MAX_ATTEMPTS + 2):
            note.refresh_from_db()
            if note.next_attempt_at is None:
                break
            clock.move_to(note.next_attempt_at + dt.timedelta(seconds=1))
            resend_pending_notifications(older_than_seconds=0)
        elapsed = timezone.now() - start
    note.refresh_from_db()
    assert FailingBackend.calls == MAX_ATTEMPTS
    assert (note.status, note.attempts) == (NotificationStatus.FAILED, MAX_ATTEMPTS)
    assert note.last_error == "SMS gateway unreachable"
    # backoff, not a burst: a gateway outage of a few minutes does not exhaust the attempts
    assert elapsed > dt.timedelta(hours=2)
    assert resend_pending_notifications(older_than_seconds=0) == 0, "a failed row is not resent"


@override_settings(NOTIFICATION_BACKEND=FLAKY)
def test_resend_delivers_after_a_transient_backend_error(registered):
    note = registered()
    assert (note.status, note.attempts, note.last_error) == (NotificationStatus.PENDING, 1, "SMS gateway timed out")

    with time_machine.travel(note.next_attempt_at + dt.timedelta(seconds=1)):
        assert resend_pending_notifications(older_than_seconds=0) == 1

    note.refresh_from_db()
    assert FlakyBackend.calls == 2
    assert (note.status, note.attempts, note.last_error) == (NotificationStatus.SENT, 2, "")
    assert note.sent_at is not None


def test_a_row_leased_by_a_worker_that_died_is_sent_after_the_lease(registered):
    from cases.notifications import LEASE, notification_claim

    note = registered(deliver=False)
    assert notification_claim(notification_id=note.pk) is not None  # a worker claims it, then dies
    assert deliver_notification.delay(note.pk).get() == "skipped"  # leased: nobody sends it twice
    with time_machine.travel(timezone.now() + LEASE + dt.timedelta(seconds=1)):
        assert resend_pending_notifications(older_than_seconds=0) == 1
    note.refresh_from_db()
    assert (note.status, note.attempts) == (NotificationStatus.SENT, 2)
