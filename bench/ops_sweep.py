"""The daily escalation sweep over the province's open cases, processed by real Celery workers (two
processes, prefork) on Redis: candidate selection timed against raw SQL, and the end-to-end time
from the beat job's start until the broker's queue is empty (every due case moved one rung, every
applicant's message delivered). The database is put back afterwards (bench.harness.Undo)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Context, Row, Undo, count_queries, paired_ms, raw_runner

ROOT = Path(__file__).resolve().parents[1]
WORKER_READY_TIMEOUT = 90
SWEEP_TIMEOUT = 900


def worker_env(ctx: Context) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=ctx.database_url, CELERY_BROKER_URL=ctx.broker_url, DEBUG="0",
               SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key"), DB_CONN_MAX_AGE="600",
               DJANGO_SETTINGS_MODULE="enforcement.settings", LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p))
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env.pop("CELERY_RESULT_BACKEND", None)
    return env


class Workers:
    """``celery worker --concurrency=2``: one parent, two worker processes."""

    def __init__(self, ctx: Context, processes: int = 2):
        self.log_path = Path(tempfile.mkstemp(prefix="bench-worker-", suffix=".log")[1])
        celery = str(Path(sys.executable).with_name("celery"))
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [celery, "-A", "enforcement", "worker", "--pool=prefork", f"--concurrency={processes}", "-Q", "celery",
                 "--loglevel=info", "-n", f"bench-{os.getpid()}@%h", "--without-mingle", "--without-gossip",
                 "--without-heartbeat"],
                cwd=ROOT, env=worker_env(ctx), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + WORKER_READY_TIMEOUT
        while " ready." not in self.log():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the Celery worker did not start:\n{self.log()[-3000:]}")
            time.sleep(0.2)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def _redis(ctx: Context):
    import redis

    return redis.Redis.from_url(ctx.broker_url, socket_connect_timeout=5, socket_timeout=5)


def _queue_empty(client) -> bool:
    # kombu's Redis transport: the queue is a list named after it; delivered, unacknowledged messages
    # (acks_late) sit in the "unacked" hash until the task has finished.
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def bench_sweep(ctx: Context) -> list[Row]:
    import datetime as dt

    from transfers.escalation import escalation_candidates
    from transfers.tasks import escalation_sweep

    today = dt.date.fromisoformat(ctx.meta["as_of"])
    open_cases = ctx.scalar("SELECT COUNT(*) FROM cases_enforcementcase WHERE status <> 'closed'")
    running = ctx.scalar("SELECT COUNT(*) FROM cases_enforcementcase WHERE escalation_due_on IS NOT NULL")
    rows = []

    # 1. candidate selection: the sweep's one query, against the same query written by hand
    system, ids, raw, results = paired_ms(
        lambda: list(escalation_candidates(today).values_list("pk", flat=True)),
        raw_runner(ctx, [("SELECT id FROM cases_enforcementcase WHERE escalation_due_on <= %s ORDER BY escalation_due_on, id",
                          [today])]), runs=ctx.runs)
    queries, _r = count_queries(lambda: list(escalation_candidates(today).values_list("pk", flat=True)))
    raw_ids = [r[0] for r in results[0]]
    rows.append(Row("Escalation sweep — candidate selection", f"{open_cases:,} open cases, {running:,} with a running clock",
                    system, raw, queries, "≤ 3× raw", notes=f"{len(ids):,} due on {today}",
                    extra={"due": len(ids), "raw_due": len(raw_ids), "same": ids == raw_ids}))

    # 2. end to end with two worker processes
    client = _redis(ctx)
    client.flushdb()
    undo = Undo(ctx)
    undo.mark()
    due_where = "escalation_due_on <= %s"
    undo.keep("cases_enforcementcase", due_where, [today])
    undo.keep("transfers_assignment", f"ended_at IS NULL AND case_id IN (SELECT id FROM cases_enforcementcase WHERE {due_where})",
              [today])
    undo.keep("transfers_designationrequest",
              f"status = 'pending' AND case_id IN (SELECT id FROM cases_enforcementcase WHERE {due_where})", [today])
    before_steps = ctx.scalar("SELECT COALESCE(MAX(id), 0) FROM transfers_escalationstep")
    workers = Workers(ctx)
    try:
        started = time.perf_counter()
        summary = escalation_sweep.apply(kwargs={"today": today.isoformat()}).get()
        selected_at = time.perf_counter() - started
        cases_done_at = None
        deadline = time.monotonic() + SWEEP_TIMEOUT
        while True:
            if cases_done_at is None and not ctx.scalar(
                    "SELECT EXISTS (SELECT 1 FROM cases_enforcementcase WHERE escalation_due_on <= %s)", [today]):
                cases_done_at = time.perf_counter() - started
            if cases_done_at is not None and _queue_empty(client):
                break
            if workers.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the sweep did not finish:\n{workers.log()[-3000:]}")
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        log = workers.log()
    finally:
        workers.stop()
    moved = ctx.scalar("SELECT COUNT(*) FROM transfers_escalationstep WHERE id > %s", [before_steps])
    by_rule = dict(ctx.sql("SELECT rule, COUNT(*) FROM transfers_escalationstep WHERE id > %s GROUP BY 1", [before_steps]))
    notices = ctx.sql("SELECT status, COUNT(*) FROM cases_notification WHERE id > %s GROUP BY 1",
                      [undo.before.get("cases_notification", 0)])
    failed = log.count("escalation of case")
    added = undo.restore()
    still_due = ctx.scalar("SELECT COUNT(*) FROM cases_enforcementcase WHERE escalation_due_on <= %s", [today])
    ctx.log(f"  restored: removed {sum(added.values()):,} rows in {len(added)} tables; {still_due:,} due again")
    throughput = moved / cases_done_at if cases_done_at else 0
    rows.append(Row(
        "Escalation sweep — end to end, 2 worker processes, Redis", f"{open_cases:,} open cases, {summary['due']:,} due",
        elapsed * 1000, None, None, "≤ 60 s", met=elapsed <= 60 and moved == summary["due"],
        notes=(f"{moved:,} cases moved ({', '.join(f'{k} {v:,}' for k, v in sorted(by_rule.items()))}) in "
               f"{(cases_done_at or 0):.1f} s ({throughput:.0f}/s; selection and enqueueing {selected_at:.2f} s); "
               f"{dict(notices).get('sent', 0):,} of {sum(n for _s, n in notices):,} applicant messages delivered by the end"
               + (f"; {failed} failures" if failed else "")),
        extra={"due": summary["due"], "moved": moved, "rules": by_rule, "notifications": dict(notices),
               "cases_seconds": cases_done_at, "restored_tables": added, "due_after_restore": still_due}))
    return rows
