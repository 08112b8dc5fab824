"""Browser fixtures: Playwright's sync API driving Debian's Chromium against pytest-django's live_server.

Never run `playwright install` (DESIGN.md §13): the browser is the system one, launched through
``executable_path``. The sync API runs an event loop in the test thread, so Django needs
DJANGO_ALLOW_ASYNC_UNSAFE for the ORM calls the tests make (bin/test exports it; the fixture below
sets it for these tests only). The browser lives per module, so no event loop outlives the e2e tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
TIMEOUT_MS = 15_000  # every Playwright action and wait is bounded by this
PASSWORD = "pw-12345"


@pytest.fixture(autouse=True)
def _async_unsafe_allowed(monkeypatch):
    """Playwright's sync API keeps an event loop in this thread; let the tests' ORM calls through."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.skip(f"no Chromium at {executable} (apt-get install chromium, or set CHROMIUM_PATH)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def e2e_world(transactional_db, world):
    """The shared court tree, committed (live_server runs in another thread, with its own connection)."""
    return world


@pytest.fixture
def login(page, live_server):
    def do(username: str) -> None:
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert "/login/" not in page.url, f"login as {username} failed: still on {page.url}"

    return do


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
