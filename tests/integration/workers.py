"""Helpers to run real Celery worker processes (and other Django processes) for the integration suite.

A worker is a separate OS process (``celery -A enforcement worker --pool=solo``) pointed at the
*test* database (pytest-django's ``test_<name>``) and at a broker: Redis (the URL bin/test exports)
or kombu's ``filesystem://`` transport under a fresh VAR_DIR. Tests that talk to a worker must
commit their rows (``django_db(transaction=True)``) so the worker can see them.

Every wait here is bounded. ``running_workers`` lists the live workers (their logs go into a failing
test's report, see conftest.py).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CELERY = str(Path(sys.executable).with_name("celery"))

WORKER_START_TIMEOUT = 60  # seconds: Django set-up + broker connection
WORKER_STOP_TIMEOUT = 15  # warm shutdown before SIGKILL
DELIVERY_TIMEOUT = 30  # a notification must be sent within this

running_workers: list[Worker] = []


# --- helpers ----------------------------------------------------------------------------------------
def wait_until(predicate, *, timeout: float, interval: float = 0.2, message: str = "condition", worker=None):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if worker is not None and worker.proc.poll() is not None:
            raise AssertionError(f"{message}: the worker exited (rc={worker.proc.returncode})\n{worker.log_tail()}")
        if time.monotonic() > deadline:
            tail = f"\n--- worker log ---\n{worker.log_tail()}" if worker is not None else ""
            raise AssertionError(f"timed out after {timeout}s waiting for {message}{tail}")
        time.sleep(interval)


def worker_database_url() -> str:
    """DATABASE_URL of the database pytest-django created for this session (never the dev database)."""
    s = connection.settings_dict
    name = s["NAME"]
    assert name and name.startswith("test_"), f"refusing to point a worker at a non-test database: {name!r}"
    auth = ""
    if s.get("USER"):
        auth = quote(s["USER"], safe="")
        if s.get("PASSWORD"):
            auth += ":" + quote(s["PASSWORD"], safe="")
        auth += "@"
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{name}"


def process_env(*, broker_url: str, var_dir: Path | str | None = None, **extra: str) -> dict[str, str]:
    """Environment for a child process: ours, with the test database and the given broker."""
    env = dict(os.environ)
    for name in ("CELERY_TASK_ALWAYS_EAGER", "CELERY_RESULT_BACKEND"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="enforcement.settings",
        DATABASE_URL=worker_database_url(),
        DB_CONN_MAX_AGE="0",  # no idle connections left behind when pytest-django drops the test database
        CELERY_BROKER_URL=broker_url,
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
        PYTHONUNBUFFERED="1",
    )
    if var_dir is not None:
        env["VAR_DIR"] = str(var_dir)
    env.update(extra)
    return env


def run_django(code: str, *, env: dict[str, str], cwd: Path | str = ROOT, timeout: float = 90) -> subprocess.CompletedProcess:
    """Run a snippet in a fresh Python process after django.setup(); fail with its output on error."""
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    try:
        result = subprocess.run(
            [PYTHON, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"subprocess did not finish within {timeout}s\nstdout:{exc.stdout}\nstderr:{exc.stderr}") from exc
    assert result.returncode == 0, f"subprocess failed (rc={result.returncode})\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def dead_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def delivered_pid(delivered_by: str) -> int:
    host, _sep, pid = delivered_by.rpartition(":")
    assert host and pid.isdigit(), f"delivered_by should be '<hostname>:<pid>', got {delivered_by!r}"
    return int(pid)


# --- worker processes ---------------------------------------------------------------------------------
@dataclass
class Worker:
    proc: subprocess.Popen
    log_path: Path
    nodename: str
    broker_url: str

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, chars: int = 12000) -> str:
        return self.log()[-chars:]

    def mark(self) -> int:
        """Current end of the log, to look only at lines written afterwards."""
        return len(self.log())

    def log_since(self, mark: int) -> str:
        return self.log()[mark:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(WORKER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self in running_workers:
            running_workers.remove(self)


def start_worker(*, env: dict[str, str], log_path: Path, cwd: Path | str = ROOT, ready=None) -> Worker:
    """Start a solo-pool worker on the default queue and wait (bounded) until it consumes."""
    nodename = f"itest-{uuid.uuid4().hex[:8]}@%h"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [CELERY, "-A", "enforcement", "worker", "--pool=solo", "-Q", "celery", "--loglevel=info",
             "-n", nodename, "--without-mingle", "--without-gossip"],
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    worker = Worker(proc=proc, log_path=log_path, nodename=nodename.replace("%h", socket.gethostname()),
                    broker_url=env["CELERY_BROKER_URL"])
    running_workers.append(worker)
    try:
        wait_until(lambda: " ready." in worker.log(), timeout=WORKER_START_TIMEOUT, message="the worker to be ready",
                   worker=worker)
        if ready is not None:
            wait_until(lambda: ready(worker), timeout=WORKER_START_TIMEOUT, interval=0.5,
                       message="the worker to answer a ping", worker=worker)
    except BaseException:
        worker.stop()
        raise
    return worker
