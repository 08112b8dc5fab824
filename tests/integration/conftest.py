"""Fixtures for the integration suite: real Celery workers on Redis and on the filesystem broker."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.integration.workers import Worker, process_env, running_workers, start_worker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test (or fixture) shows the log of every worker still running."""
    report = yield
    if report.failed:
        for worker in list(running_workers):
            report.sections.append((f"celery worker {worker.nodename} pid {worker.pid} log", worker.log_tail()))
    return report


# --- fixtures -----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def redis_broker_url() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        pytest.skip(f"the Redis worker tests need CELERY_BROKER_URL=redis://… (bin/test sets it); got {url!r}")
    return url


def _purge_redis(url: str) -> None:
    """Drop stale messages (and unacked leftovers) from earlier runs: the test broker is a dedicated db."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        client.flushdb()
    finally:
        client.close()


@pytest.fixture(scope="module")
def redis_worker(django_db_setup, redis_broker_url, tmp_path_factory):
    """One real worker on the Redis broker for the module, consuming from the test database."""
    from enforcement.celery import app

    _purge_redis(redis_broker_url)
    log_path = tmp_path_factory.mktemp("celery-redis") / "worker.log"

    def answers_ping(worker: Worker) -> bool:
        replies = app.control.ping(destination=[worker.nodename], timeout=1.0)
        return any(worker.nodename in reply for reply in replies)

    worker = start_worker(env=process_env(broker_url=redis_broker_url), log_path=log_path, ready=answers_ping)
    try:
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def fs_var_dir(tmp_path) -> Path:
    """A fresh VAR_DIR for the filesystem broker. Processes on that broker also run *in* it: kombu's
    filesystem transport keeps its exchange tables in ``./control`` relative to the working directory
    (settings do not set ``control_folder``), so publisher and worker must share a working directory,
    and it must not be the repository."""
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    return var_dir


@pytest.fixture
def fs_env(django_db_setup, fs_var_dir) -> dict[str, str]:
    """Environment of the embedded default's broker: filesystem:// under a fresh VAR_DIR."""
    return process_env(broker_url="filesystem://", var_dir=fs_var_dir)


@pytest.fixture
def fs_worker(fs_env, fs_var_dir, tmp_path):
    worker = start_worker(env=fs_env, log_path=tmp_path / "worker-fs.log", cwd=fs_var_dir)
    try:
        yield worker
    finally:
        worker.stop()
