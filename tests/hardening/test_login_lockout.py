"""Login throttling (issue #8, hardening): django-axes counts failed logins per username + address;
the 5th failure locks that pair out for the cool-off, even the right password is refused meanwhile,
a successful login clears the count, and the lockout ends by itself after the cool-off."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.reliability import tally

pytestmark = pytest.mark.django_db
RIGHT, WRONG = "pw-12345", "not-the-password"
LOCK_TEXT = "登录失败次数过多"


def attempt(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address,
                       HTTP_ACCEPT_LANGUAGE="zh-hans")


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int, address: str = "10.0.0.1") -> int:
    for _ in range(times):
        response = attempt(client, username, WRONG, address)
        assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()
    return times


def test_sixth_try_is_refused_even_with_the_right_password(world):
    client = Client()
    tried = fail(client, "judge", settings.AXES_FAILURE_LIMIT - 1)
    # The 5th failure is the one that locks.
    response = attempt(client, "judge", WRONG)
    tried += 1
    assert response.status_code == 429 and LOCK_TEXT in response.content.decode()
    response = attempt(client, "judge", RIGHT)
    tried += 1
    body = response.content.decode()
    assert response.status_code == 429 and LOCK_TEXT in body and "15 分钟" in body
    assert not logged_in(client)
    # The page is the login form again (username kept), not an error page.
    assert 'name="password"' in body and 'value="judge"' in body
    assert client.get("/cases/").status_code == 302
    # Keyed on username + address: the same user elsewhere, and another user here, still log in.
    other_place = Client()
    assert attempt(other_place, "judge", RIGHT, address="10.0.0.2").status_code == 302
    assert logged_in(other_place)
    colleague = Client()
    assert attempt(colleague, "judge2", RIGHT).status_code == 302
    tally("hardening", checks=3)
    assert tried == settings.AXES_FAILURE_LIMIT + 1


def test_a_successful_login_resets_the_count(world):
    client = Client()
    fail(client, "clerk", settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, "clerk", RIGHT).status_code == 302
    client.post("/logout/")
    # Another four failures: eight in all, but never five in a row, so the right password still works.
    fail(client, "clerk", settings.AXES_FAILURE_LIMIT - 1)
    assert attempt(client, "clerk", RIGHT).status_code == 302 and logged_in(client)
    tally("hardening", checks=1)


def test_the_lockout_ends_after_the_cool_off(world):
    start = timezone.now()
    client = Client()
    with time_machine.travel(start, tick=False):
        fail(client, "chief", settings.AXES_FAILURE_LIMIT - 1)
        assert attempt(client, "chief", WRONG).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1), tick=False):
        assert attempt(client, "chief", RIGHT).status_code == 429 and not logged_in(client)
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1), tick=False):
        response = attempt(client, "chief", RIGHT)
        assert response.status_code == 302 and logged_in(client)
    tally("hardening", checks=1)


def test_the_api_token_login_is_throttled_too(world, api):
    def token(password):
        return api.post("/api/v1/auth/token/", {"username": "judge", "password": password}, format="json",
                        REMOTE_ADDR="10.0.0.9")

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token(WRONG).status_code == 400
    assert token(WRONG).status_code == 429
    response = token(RIGHT)
    assert response.status_code == 429 and "token" not in response.json()
    assert response.json()["code"] == "locked_out"
    tally("hardening", checks=1)
