"""Shared fixtures: a small court tree of Hebei with teams and one user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from courts.models import Court, CourtLevel, Role, Team, TeamRole, User
from tests.factories import UserFactory, add_member


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            f"The suite runs on PostgreSQL (got {engine}). Use bin/test, which sets DATABASE_URL and starts the servers."
        )
    # Fast hashing for the many test users (production keeps Django's PBKDF2 default).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    high: Court
    sjz: Court
    zanhuang: Court
    yuanshi: Court
    baoding: Court
    zh_team1: Team
    zh_team2: Team
    ys_team: Team
    clerk: User
    judge: User
    judge2: User
    judge3: User
    chief: User
    officer: User
    supervisor: User
    ys_clerk: User
    ys_judge: User
    admin: User


def _court(name, level, parent, code, short=""):
    return Court.objects.create(name=name, short_name=short, level=level, parent=parent, province_abbr="冀", code=code)


@pytest.fixture
def world(db) -> World:
    high = _court("河北省高级人民法院", CourtLevel.HIGH, None, "")
    sjz = _court("石家庄市中级人民法院", CourtLevel.INTERMEDIATE, high, "01", "石家庄中院")
    zanhuang = _court("赞皇县人民法院", CourtLevel.BASIC, sjz, "0129", "赞皇法院")
    yuanshi = _court("元氏县人民法院", CourtLevel.BASIC, sjz, "0132", "元氏法院")
    baoding = _court("保定市中级人民法院", CourtLevel.INTERMEDIATE, high, "06", "保定中院")
    zh_team1 = Team.objects.create(court=zanhuang, name="执行一团队")
    zh_team2 = Team.objects.create(court=zanhuang, name="执行二团队")
    ys_team = Team.objects.create(court=yuanshi, name="执行一团队")
    clerk = UserFactory(username="clerk", full_name="王立案", role=Role.CLERK, court=zanhuang)
    judge = UserFactory(username="judge", full_name="赵法官", role=Role.JUDGE, court=zanhuang)
    judge2 = UserFactory(username="judge2", full_name="钱法官", role=Role.JUDGE, court=zanhuang)
    judge3 = UserFactory(username="judge3", full_name="孙法官", role=Role.JUDGE, court=zanhuang)
    chief = UserFactory(username="chief", full_name="周局长", role=Role.BUREAU_CHIEF, court=zanhuang)
    officer = UserFactory(username="officer", full_name="吴指定", role=Role.DESIGNATION_OFFICER, court=sjz)
    supervisor = UserFactory(username="supervisor", full_name="郑院长", role=Role.SUPERVISOR, court=sjz)
    ys_clerk = UserFactory(username="ys_clerk", full_name="冯立案", role=Role.CLERK, court=yuanshi)
    ys_judge = UserFactory(username="ys_judge", full_name="陈法官", role=Role.JUDGE, court=yuanshi)
    admin = UserFactory(username="admin", full_name="系统管理员", role=Role.ADMIN, court=high, is_staff=True, is_superuser=True)
    add_member(zh_team1, judge)
    add_member(zh_team1, judge2)
    add_member(zh_team2, judge3)
    add_member(zh_team1, clerk, TeamRole.CLERK)
    add_member(ys_team, ys_judge)
    return World(high, sjz, zanhuang, yuanshi, baoding, zh_team1, zh_team2, ys_team, clerk, judge, judge2, judge3,
                 chief, officer, supervisor, ys_clerk, ys_judge, admin)


@pytest.fixture
def api():
    """An API client; call api.force_authenticate(user) or use as_user()."""
    return APIClient()


@pytest.fixture
def as_user():
    def make(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def english():
    """Messages in English (the msgids) for tests that assert exact service messages."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request with Accept-Language activates that language for the thread (LocaleMiddleware); put the
    default back so that no test's language leaks into the next one."""
    yield
    from django.utils import translation

    translation.deactivate()


def pytest_sessionfinish(session, exitstatus):
    """Write this run's reliability figures (tests/reliability.py) to test-artifacts/."""
    from tests import reliability

    reliability.flush_part()
    if not hasattr(session.config, "workerinput"):  # the controlling process merges
        session.config._reliability_summary = reliability.merge_and_report()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    summary = getattr(config, "_reliability_summary", None)
    if summary:
        terminalreporter.write_line(summary)
