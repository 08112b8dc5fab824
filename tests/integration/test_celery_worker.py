"""Notifications delivered by REAL Celery worker processes (DESIGN.md §12 outbox, §13 runtime).

Registration writes an outbox row; after commit ``deliver_notification`` is published; a separate
worker process consumes it and marks the row sent with ``delivered_by = "<hostname>:<pid>"``.
Covered on both brokers the system ships with: Redis (production) and kombu's filesystem://
transport (embedded default), plus idempotency and a broker outage.
"""

from __future__ import annotations

import os
import re
import socket

import pytest

from cases import services
from cases.models import Notification, NotificationStatus
from cases.tasks import deliver_notification, resend_pending_notifications
from tests.factories import registration
from tests.integration.workers import (
    DELIVERY_TIMEOUT,
    dead_port,
    delivered_pid,
    process_env,
    run_django,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _applicant_notification(case) -> Notification:
    notes = list(Notification.objects.filter(case=case))
    assert len(notes) == 1, f"one applicant → one notification, got {notes}"
    return notes[0]


def _wait_sent(pk: int, worker) -> Notification:
    def sent():
        note = Notification.objects.get(pk=pk)
        return note if note.status == NotificationStatus.SENT else None

    return wait_until(sent, timeout=DELIVERY_TIMEOUT, message=f"notification {pk} to be sent", worker=worker)


def _assert_delivered_by(note: Notification, worker) -> None:
    pid = delivered_pid(note.delivered_by)
    assert pid != os.getpid(), "delivered in the test process, not by a worker"
    assert pid == worker.pid, f"delivered by pid {pid}, expected the worker's pid {worker.pid}"
    assert note.delivered_by.rpartition(":")[0] == socket.gethostname()


def test_registration_notification_is_delivered_by_a_redis_worker(world, redis_worker):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    note = _applicant_notification(case)
    assert note.party.name == "张建国"
    assert case.case_number in note.message

    note = _wait_sent(note.pk, redis_worker)

    _assert_delivered_by(note, redis_worker)
    assert note.attempts == 1
    assert note.sent_at is not None
    assert note.last_error == ""


def test_filesystem_broker_worker_delivers(world, fs_env, fs_var_dir, fs_worker, monkeypatch):
    """The embedded default: a worker on filesystem:// under VAR_DIR, fed by another process."""
    # Keep the row away from the test process's broker (Redis, possibly consumed by another worker):
    # it is published to the filesystem broker by a separate process below.
    queued: list[list[int]] = []
    monkeypatch.setattr("cases.notifications.enqueue_delivery", queued.append)
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    note = _applicant_notification(case)
    assert queued == [[note.pk]], "registration schedules the delivery after commit"

    result = run_django(
        f"""
        from cases.tasks import deliver_notification
        print("task", deliver_notification.delay({note.pk}).id)
        """,
        env=fs_env,
        cwd=fs_var_dir,
    )
    task_id = re.search(r"^task (\S+)$", result.stdout, re.M).group(1)

    note = _wait_sent(note.pk, fs_worker)
    _assert_delivered_by(note, fs_worker)
    assert note.attempts == 1
    wait_until(lambda: f"deliver_notification[{task_id}] succeeded" in fs_worker.log(), timeout=10,
               message="the filesystem worker to log the task's success", worker=fs_worker)
    # The embedded default keeps everything under VAR_DIR: its file:// result backend holds the result.
    result_file = fs_var_dir / "celery" / "results" / f"celery-task-meta-{task_id}"
    wait_until(result_file.exists, timeout=10, message=f"the task result in {result_file}", worker=fs_worker)
    assert '"sent"' in result_file.read_text()


def test_delivered_twice_is_sent_once(world, redis_worker):
    mark = redis_worker.mark()
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))  # delivery no. 1
    note = _applicant_notification(case)
    duplicates = [deliver_notification.delay(note.pk), deliver_notification.delay(note.pk)]  # nos. 2 and 3

    for result in duplicates:
        wait_until(lambda r=result: f"deliver_notification[{r.id}] succeeded" in redis_worker.log_since(mark),
                   timeout=DELIVERY_TIMEOUT, message=f"duplicate delivery {result.id} to finish", worker=redis_worker)
    note = _wait_sent(note.pk, redis_worker)

    assert note.attempts == 1
    _assert_delivered_by(note, redis_worker)
    log = redis_worker.log_since(mark)
    results = re.findall(r"deliver_notification\[[^\]]+\] succeeded in [^:]+: '(\w+)'", log)
    assert sorted(results) == ["sent", "skipped", "skipped"], log


def test_outbox_survives_a_broker_outage(world, redis_worker):
    """Registering while the broker is down still succeeds; the resend job delivers the row later."""
    down = process_env(broker_url=f"redis://127.0.0.1:{dead_port()}/0")
    result = run_django(
        """
        from cases import services
        from courts.models import Court, User
        from tests.factories import registration

        clerk = User.objects.get(username="clerk")
        case = services.case_register(actor=clerk, data=registration(Court.objects.get(pk=clerk.court_id)))
        print("case", case.pk)
        """,
        env=down,
    )
    case_pk = int(re.search(r"^case (\d+)$", result.stdout, re.M).group(1))
    assert "broker unavailable" in result.stderr, result.stderr
    note = Notification.objects.get(case_id=case_pk)
    assert (note.status, note.attempts, note.delivered_by) == (NotificationStatus.PENDING, 0, "")

    # The broker is back (the Redis worker runs): the periodic job re-enqueues what is pending.
    assert resend_pending_notifications(older_than_seconds=0) == 1

    note = _wait_sent(note.pk, redis_worker)
    _assert_delivered_by(note, redis_worker)
    assert note.attempts == 1
