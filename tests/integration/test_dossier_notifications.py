"""Dossier node notifications (DESIGN.md §12) delivered by a REAL Celery worker on Redis, with a
failed delivery that is retried.

A case is registered, a deposit frozen and a payment recorded through the services; each commit puts
a message to the applicant in the outbox and publishes ``deliver_notification``. A separate worker
process consumes them with an SMS backend (``FlakyOnceBackend`` below, which the worker imports by
its dotted path from NOTIFICATION_BACKEND) whose gateway times out on the first attempt at every
message. The rows then show what the applicant's dossier shows: pending, one attempt, the error, the
time of the next attempt. The periodic resend job — run by the same worker — leaves them alone during
the backoff and re-enqueues them once it is over; the second attempt delivers them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases import dossier, services
from cases import money as money_services
from cases.models import Notification, NotificationStatus
from cases.notifications import retry_delay
from cases.tasks import resend_pending_notifications
from tests.factories import registration
from tests.integration.workers import (
    DELIVERY_TIMEOUT,
    delivered_pid,
    process_env,
    start_worker,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

STATE_ENV = "FLAKY_SMS_STATE_DIR"
GATEWAY_ERROR = "SMS gateway timed out (first attempt)"


class FlakyOnceBackend:
    """SMS backend for the worker process: the first attempt at each message fails, later attempts
    go through. The state is shared through files (one per message) in $FLAKY_SMS_STATE_DIR, so it
    survives between tasks and the test process can read it too."""

    name = "flaky-once"

    def send(self, *, phone: str, message: str) -> None:
        state = Path(os.environ[STATE_ENV])
        key = hashlib.sha256(f"{phone}\n{message}".encode()).hexdigest()[:24]
        try:
            fd = os.open(state / f"{key}.failed", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            (state / f"{key}.sent").write_text(str(os.getpid()))
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        raise TimeoutError(GATEWAY_ERROR)


@pytest.fixture(scope="module")
def sms_state(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("flaky-sms")


@pytest.fixture(scope="module")
def flaky_worker(django_db_setup, redis_broker_url, sms_state, tmp_path_factory):
    """A real worker on Redis whose SMS gateway fails once per message."""
    import redis

    from enforcement.celery import app

    client = redis.Redis.from_url(redis_broker_url, socket_connect_timeout=5, socket_timeout=5)
    try:
        client.flushdb()  # the test broker is a dedicated db: drop leftovers of earlier runs
    finally:
        client.close()

    def answers_ping(worker) -> bool:
        replies = app.control.ping(destination=[worker.nodename], timeout=1.0)
        return any(worker.nodename in reply for reply in replies)

    env = process_env(broker_url=redis_broker_url, NOTIFICATION_BACKEND=f"{__name__}.FlakyOnceBackend",
                      **{STATE_ENV: str(sms_state)})
    worker = start_worker(env=env, log_path=tmp_path_factory.mktemp("celery-flaky") / "worker.log", ready=answers_ping)
    try:
        yield worker
    finally:
        worker.stop()


def _messages(case) -> list[Notification]:
    return list(Notification.objects.filter(case=case).order_by("pk"))


def _dossier_messages(client: Client, case) -> tuple[list[Notification], str]:
    """The "messages to the applicant" list of the dossier page: the rows shown and their HTML."""
    response = client.get(reverse("case-detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<ul class="[^"]*\bnotifications\b[^"]*">(.*?)</ul>', html, re.S)
    assert match, "the dossier shows the messages to the applicant"
    return list(response.context["notifications"]), match.group(1)


def test_dossier_messages_fail_once_then_the_resend_job_delivers_them(world, flaky_worker, sms_state):
    mark = flaky_worker.mark()
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    judge = case.handler
    dossier.control_apply(actor=judge, case_id=case.pk, kind="freeze_deposit", amount="20000.00",
                          asset="中国农业银行股份有限公司赞皇县支行 账号6228480000000000001", started_on=case.filed_on)
    money_services.payment_record(actor=judge, case_id=case.pk, amount="5000.00", received_on=case.filed_on,
                                  payer="李明")
    notes = _messages(case)
    assert len(notes) == 3, "registration, the freeze and the payment each tell the one applicant"
    assert "6228480000000000001" in notes[1].message
    assert "¥5,000.00" in notes[2].message

    # 1. The worker takes each row once and the gateway fails: the rows wait for their retry.
    def all_attempted():
        rows = _messages(case)
        return rows if all(n.attempts == 1 and n.last_error for n in rows) else None

    notes = wait_until(all_attempted, timeout=DELIVERY_TIMEOUT, message="the first (failing) attempts", worker=flaky_worker)
    now = timezone.now()
    for note in notes:
        assert note.status == NotificationStatus.PENDING
        assert note.last_error == GATEWAY_ERROR
        assert note.sent_at is None and note.delivered_by == ""
        # backing off for one minute after the failure (not retried at once, not given up)
        assert now < note.next_attempt_at <= now + retry_delay(1)
    assert len(list(sms_state.glob("*.failed"))) == 3
    assert {int(p.read_text()) for p in sms_state.glob("*.failed")} == {flaky_worker.pid}, "the worker called the gateway"
    log = flaky_worker.log_since(mark)
    assert len(re.findall(r"deliver_notification\[[^\]]+\] succeeded in [^:]+: 'pending'", log)) == 3, log

    # What the judge sees on the dossier: three messages pending, one attempt each, and why.
    client = Client()
    client.force_login(judge)
    shown, html = _dossier_messages(client, case)
    assert [(n.status, n.attempts) for n in shown] == [(NotificationStatus.PENDING, 1)] * 3
    assert html.count("notification-pending") == 3 and "notification-sent" not in html
    assert html.count(GATEWAY_ERROR) == 3
    with translation.override(settings.LANGUAGE_CODE):
        assert html.count(translation.gettext("%(n)s attempts") % {"n": 1}) == 3

    # 2. The resend job, run by the worker during the backoff, leaves the rows alone.
    result = resend_pending_notifications.delay(older_than_seconds=0)
    wait_until(lambda: f"resend_pending_notifications[{result.id}] succeeded" in flaky_worker.log(), timeout=DELIVERY_TIMEOUT,
               message="the resend job to run", worker=flaky_worker)
    assert re.search(rf"resend_pending_notifications\[{result.id}\] succeeded in [^:]+: 0\b", flaky_worker.log())
    assert [(n.status, n.attempts) for n in _messages(case)] == [(NotificationStatus.PENDING, 1)] * 3

    # 3. The backoff minute passes (the rows' own timer is the clock the worker reads) and the
    #    periodic job runs again: the worker re-enqueues the rows and the second attempts go through.
    Notification.objects.filter(case=case).update(next_attempt_at=F("next_attempt_at") - retry_delay(1) - dt.timedelta(seconds=1))
    result = resend_pending_notifications.delay(older_than_seconds=0)

    def all_sent():
        rows = _messages(case)
        return rows if all(n.status == NotificationStatus.SENT for n in rows) else None

    notes = wait_until(all_sent, timeout=DELIVERY_TIMEOUT, message="the retried deliveries", worker=flaky_worker)
    assert re.search(rf"resend_pending_notifications\[{result.id}\] succeeded in [^:]+: 3\b", flaky_worker.log())
    for note in notes:
        assert note.attempts == 2
        assert note.last_error == ""
        assert note.sent_at is not None and note.next_attempt_at is None
        assert delivered_pid(note.delivered_by) == flaky_worker.pid != os.getpid()
    assert {int(p.read_text()) for p in sms_state.glob("*.sent")} == {flaky_worker.pid}
    assert len(list(sms_state.glob("*.sent"))) == 3

    shown, html = _dossier_messages(client, case)
    assert [(n.status, n.attempts) for n in shown] == [(NotificationStatus.SENT, 2)] * 3
    assert html.count("notification-sent") == 3 and "notification-pending" not in html
    assert GATEWAY_ERROR not in html
