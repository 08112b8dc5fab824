"""Concurrency and faults through the real web (issue #8, item 4): gunicorn, a Celery worker and a
Redis server of this module's own, on the test database.

- 50 registrations posted at once to the web: 50 cases with 50 consecutive numbers, and each
  applicant's message delivered once.
- Redis hung (SIGSTOP), then killed (SIGKILL, losing the messages it held), then restarted, while the
  web keeps serving: every write answers, its messages wait in the outbox (and the ledger import in
  its job row), and once Redis and a worker are back every message reaches the gateway exactly once
  and the import runs. Nothing is lost.

The shared Redis on 6379 is never touched: this module starts (and kills, by pid) its own.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db.models import F
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bench.import_bench import write_ledger
from cases.models import EnforcementCase, Notification, NotificationStatus
from cases.tasks import resend_pending_notifications
from enforcement.celery import app
from imports.models import ImportJob, ImportStatus
from imports.tasks import resume_stalled_imports
from tests.factories import registration_payload, resident_id
from tests.integration.stack import gateway_received, http, redis_server, start_web
from tests.integration.workers import DELIVERY_TIMEOUT, delivered_pid, process_env, start_worker, wait_until
from tests.reliability import tally

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# A write must answer within this while the broker is down (refused: well under a second) ...
DOWN_REPLY_SECONDS = 10
# ... or hung (settings: a 3 s socket timeout, a few publish retries, one failed publish per request).
HUNG_REPLY_SECONDS = 30
LEDGER_ROWS = 24


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    """Our own Redis, and gunicorn on it; workers are started by each test."""
    root = tmp_path_factory.mktemp("fault-stack")
    redis = redis_server(root)
    gateway_log = root / "gateway.jsonl"
    env = process_env(broker_url=redis.url, NOTIFICATION_BACKEND="tests.integration.stack.FileGateway",
                      GATEWAY_LOG=str(gateway_log))
    try:
        web = start_web(env=env, log_path=root / "gunicorn.log")
    except BaseException:
        redis.kill()
        raise
    try:
        yield {"redis": redis, "web": web, "env": env, "gateway": gateway_log, "root": root}
    finally:
        web.stop()
        redis.kill()


@pytest.fixture
def gateway(stack):
    stack["gateway"].unlink(missing_ok=True)
    return stack["gateway"]


def token(user) -> str:
    return Token.objects.get_or_create(user=user)[0].key


def wait_all_sent(ids: list[int], worker) -> None:
    def done():
        return Notification.objects.filter(pk__in=ids, status=NotificationStatus.SENT).count() == len(ids)

    def pending():
        return list(Notification.objects.filter(pk__in=ids).exclude(status=NotificationStatus.SENT)
                    .values_list("pk", "status", "attempts", "last_error"))

    try:
        wait_until(done, timeout=DELIVERY_TIMEOUT + 30, interval=0.3, message="every notification to be sent", worker=worker)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nnot sent: {pending()}") from None


def delivered_once(rows: list[Notification], received: Counter) -> int:
    """Rows whose message reached the gateway exactly once."""
    return sum(1 for n in rows if received[(n.phone, n.message)] == 1)


def run_beat_job(redis, worker, task, **kwargs) -> int:
    """What beat does every minute, done now: publish ``task`` to *our* Redis (the test process's own
    app points at the shared one) and return what it returned on the worker (the number of rows or
    jobs it sent again)."""
    with app.connection_for_write(redis.url) as connection:
        task_id = task.apply_async(kwargs=kwargs, connection=connection).id
    pattern = re.compile(rf"{re.escape(task.name)}\[{task_id}\] succeeded in [^:]+: (\d+)")
    match = wait_until(lambda: pattern.search(worker.log()), timeout=DELIVERY_TIMEOUT, message=f"{task.name} to run",
                       worker=worker)
    return int(match.group(1))


# --- 50 registrations at once ------------------------------------------------------------------------
def test_fifty_registrations_posted_at_once_get_fifty_consecutive_numbers_and_fifty_messages(world, stack, gateway, tmp_path):
    web, clerk_token = stack["web"], token(world.clerk)
    worker = start_worker(env=stack["env"], log_path=tmp_path / "worker.log")
    try:
        barrier = threading.Barrier(50)

        def post(_i):
            barrier.wait(timeout=60)
            return http(web, "POST", "/api/v1/cases/", token=clerk_token, json_body=registration_payload(world.zanhuang))

        with ThreadPoolExecutor(max_workers=50) as pool:
            replies = list(pool.map(post, range(50)))
        assert [r.status for r in replies] == [201] * 50, [(r.status, r.body) for r in replies if r.status != 201][:3]

        cases = list(EnforcementCase.objects.filter(court=world.zanhuang).order_by("seq"))
        assert len(cases) == 50
        assert [c.seq for c in cases] == list(range(1, 51)), "numbers must be consecutive, no gap, no duplicate"
        assert sorted(r.body["case_number"] for r in replies) == sorted(c.case_number for c in cases)
        assert len({c.case_number for c in cases}) == 50
        # Routing ran under the counter lock: the three judges share the load within one case.
        loads = Counter(c.handler_id for c in cases)
        assert sum(loads.values()) == 50 and max(loads.values()) - min(loads.values()) <= 1, loads

        notes = list(Notification.objects.filter(case__in=cases))
        assert len(notes) == 50 and len({n.case_id for n in notes}) == 50  # one applicant each
        wait_all_sent([n.pk for n in notes], worker)
    finally:
        worker.stop()
    notes = list(Notification.objects.filter(case__in=cases))
    received = gateway_received(gateway)
    assert received == Counter((n.phone, n.message) for n in notes), "each message reaches the gateway exactly once"
    assert {delivered_pid(n.delivered_by) for n in notes} == {worker.pid}
    assert all(n.attempts == 1 for n in notes)
    tally("faults", scenarios=1, rows_lost=50 - delivered_once(notes, received))


# --- Redis hung, killed and restarted while the web serves ---------------------------------------------
def test_the_web_keeps_serving_through_a_redis_outage_and_nothing_is_lost(world, stack, gateway, tmp_path):
    redis, web = stack["redis"], stack["web"]
    clerk_token, chief_token = token(world.clerk), token(world.chief)
    registered: list[int] = []
    applicants = 0  # messages the registrations owe: one per applicant

    def register(limit: float, *, workers: int = 1) -> dict:
        nonlocal applicants
        body = registration_payload(world.zanhuang)
        if workers > 1:  # a wage claim of several workers: one message each
            body["parties"][:1] = [{"role": "applicant", "kind": "person", "name": f"工人{n}", "phone": f"1380311{n:04d}",
                                    "id_number": resident_id(seq=500 + n)} for n in range(workers)]
        reply = http(web, "POST", "/api/v1/cases/", token=clerk_token, json_body=body)
        assert reply.status == 201, (reply.status, reply.body)
        assert reply.seconds < limit, f"the registration took {reply.seconds:.1f}s (limit {limit}s)"
        registered.append(reply.body["id"])
        applicants += workers
        return reply.body

    # 1. Redis up, no worker yet: three registrations publish their messages, which wait in Redis ...
    for _ in range(3):
        register(DOWN_REPLY_SECONDS)
    wait_until(lambda: redis.queued() == 3, timeout=10, message="three messages queued in Redis")

    # 2. ... Redis hangs (SIGSTOP: connections are accepted, nothing answers). Writes still answer,
    #    within a bound — also a case with three applicants, whose three messages wait together.
    redis.pause()
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            hung = list(pool.map(lambda n: register(HUNG_REPLY_SECONDS, workers=n), (1, 3)))
        assert len(hung) == 2
    finally:
        # 3. ... and dies (SIGKILL, no persistence): the three queued messages are gone with it.
        redis.kill()

    # 4. Redis down (connection refused): the web keeps serving reads and writes.
    for _ in range(4):
        register(DOWN_REPLY_SECONDS)
    paid_cases = registered[:2]
    for case_id in paid_cases:
        reply = http(web, "POST", f"/api/v1/cases/{case_id}/payments/", token=chief_token,
                     json_body={"amount": "1200.00", "received_on": timezone.localdate().isoformat(), "payer": "李明"})
        assert reply.status == 201 and reply.seconds < DOWN_REPLY_SECONDS, (reply.status, reply.body, reply.seconds)
    ledger = tmp_path / "台账.xlsx"
    write_ledger(ledger, LEDGER_ROWS, prefix="冀0129", court_name=world.zanhuang.name, judges=["赵法官", "钱法官", "孙法官"])
    upload = http(web, "POST", "/api/v1/imports/", token=clerk_token, files={"file": (ledger.name, ledger.read_bytes())})
    assert upload.status == 202 and upload.body["status"] == "queued", (upload.status, upload.body)
    assert upload.seconds < DOWN_REPLY_SECONDS
    listing = http(web, "GET", "/api/v1/cases/", token=clerk_token)
    assert listing.status == 200 and listing.body["count"] == len(registered) == 9

    # Everything waits in the database: the messages of nine registrations (eleven applicants) and two
    # payments, and the import job.
    notes = list(Notification.objects.filter(case_id__in=registered))
    assert len(notes) == applicants + len(paid_cases) == 13
    assert all((n.status, n.attempts) == (NotificationStatus.PENDING, 0) for n in notes)
    assert ImportJob.objects.get(pk=upload.body["id"]).status == ImportStatus.QUEUED

    # 5. Redis restarts empty and a worker starts. A new registration is delivered at once: the web
    #    reconnects by itself.
    redis.start()
    assert redis.queued() == 0, "the restarted Redis holds nothing: the first three messages were lost there"
    worker = start_worker(env=stack["env"], log_path=tmp_path / "worker.log")
    try:
        fresh = register(DOWN_REPLY_SECONDS)
        fresh_note = Notification.objects.get(case_id=fresh["id"])
        wait_all_sent([fresh_note.pk], worker)
        assert Notification.objects.filter(pk__in=[n.pk for n in notes], status=NotificationStatus.SENT).count() == 0

        # 6. The beat jobs (every minute / two minutes in production) send what is pending. The import
        #    sweep only takes jobs queued for over a minute: the job is dated back instead of waiting.
        ImportJob.objects.filter(pk=upload.body["id"]).update(created_at=F("created_at") - dt.timedelta(minutes=2))
        assert run_beat_job(redis, worker, resend_pending_notifications, older_than_seconds=0) == len(notes) == 13
        assert run_beat_job(redis, worker, resume_stalled_imports) == 1
        notes = list(Notification.objects.filter(case_id__in=registered))
        wait_all_sent([n.pk for n in notes], worker)
        wait_until(lambda: ImportJob.objects.get(pk=upload.body["id"]).status in (ImportStatus.DONE, ImportStatus.FAILED),
                   timeout=120, interval=0.5, message="the import to finish", worker=worker)
        # Run again, the jobs find nothing left to send.
        assert run_beat_job(redis, worker, resend_pending_notifications, older_than_seconds=0) == 0
        assert run_beat_job(redis, worker, resume_stalled_imports) == 0
    finally:
        worker.stop()

    notes = list(Notification.objects.filter(case_id__in=registered))
    assert len(notes) == applicants + len(paid_cases) == 14
    received = gateway_received(gateway)
    assert received == Counter((n.phone, n.message) for n in notes), "each message reaches the gateway exactly once"
    assert all(n.status == NotificationStatus.SENT and n.attempts == 1 for n in notes)
    assert {delivered_pid(n.delivered_by) for n in notes} == {worker.pid}
    job = ImportJob.objects.get(pk=upload.body["id"])
    assert (job.status, job.total_rows, job.created_cases, job.error_count) == (ImportStatus.DONE, LEDGER_ROWS, LEDGER_ROWS, 0)
    registered_cases = EnforcementCase.objects.filter(pk__in=registered)
    assert registered_cases.count() == 10
    assert sorted(registered_cases.values_list("seq", flat=True)) == list(range(1, 11))
    assert EnforcementCase.objects.filter(court=world.zanhuang, import_link__job=job).count() == LEDGER_ROWS
    lost = (len(notes) - delivered_once(notes, received)) + (LEDGER_ROWS - job.created_cases) + (10 - registered_cases.count())
    tally("faults", scenarios=1, rows_lost=lost)
