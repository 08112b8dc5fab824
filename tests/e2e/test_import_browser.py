"""Importing a legacy ledger in a real browser (Chromium through Playwright): the clerk uploads the
file, the job page's progress bar (htmx polling the job) moves while a REAL Celery worker imports
it, and ends on the result with a link to the imported cases."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from bench.import_bench import write_ledger
from cases.models import EnforcementCase
from imports.models import ImportJob, ImportStatus
from tests.integration.workers import process_env, start_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = 3000


@pytest.fixture(scope="module")
def import_worker(django_db_setup, tmp_path_factory):
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        pytest.skip(f"a Redis broker is needed for the worker (bin/test sets it); got {url!r}")
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()
    worker = start_worker(env=process_env(broker_url=url), log_path=tmp_path_factory.mktemp("import-worker") / "worker.log")
    try:
        yield worker
    finally:
        worker.stop()


def test_clerk_uploads_a_ledger_and_watches_the_progress_bar_reach_the_result(e2e_world, live_server, page, login,
                                                                             import_worker, artifacts, tmp_path):
    path = tmp_path / "赞皇法院执行案件台账.xlsx"
    write_ledger(path, ROWS, prefix="冀0129", court_name=e2e_world.zanhuang.name, judges=["赵法官", "钱法官", "孙法官"])
    login("clerk")
    page.goto(f"{live_server.url}/imports/")
    assert page.locator("#template-download").is_visible()
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("#import-submit")

    job = ImportJob.objects.get()
    assert page.url.endswith(f"/imports/{job.pk}/")
    assert page.locator("#import-status .progress").is_visible()

    # Watch the bar as the page polls: it shows the job running, then the result.
    seen: list[tuple[str, str]] = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        status = page.get_attribute("#import-status", "data-status")
        width = page.get_attribute("#import-bar", "style") or ""
        if not seen or seen[-1] != (status, width):
            seen.append((status, width))
        if status in ("done", "failed"):
            break
        assert import_worker.proc.poll() is None, import_worker.log_tail()
        time.sleep(0.1)
    assert seen[-1][0] == "done", (seen, ImportJob.objects.get().message, import_worker.log_tail())
    assert any(status in ("queued", "validating", "importing") for status, _w in seen), seen
    # htmx settles a swapped element's attributes 20 ms after the swap: the bar may still show its last
    # width when the status already says done.
    page.wait_for_selector("#import-bar[style*='width: 100%']", timeout=5000)
    assert page.locator("#import-result").is_visible()
    page.screenshot(path=str(artifacts / "e2e-import.png"), full_page=True)

    job.refresh_from_db()
    assert (job.status, job.created_cases) == (ImportStatus.DONE, ROWS)
    with page.expect_navigation():
        page.click("#imported-cases")
    assert page.url.endswith(f"/cases/?import_job={job.pk}")
    rows = page.locator(".case-table tbody tr")
    assert rows.count() == 25  # the first page of the imported cases
    assert "冀0129执" in rows.first.inner_text()
    assert EnforcementCase.objects.filter(import_link__job=job).count() == ROWS
