"""Shared set-up for the ladder tests: a case registered on a known day, and the sweep run eagerly
(the same code path a worker runs) on a given day."""

from __future__ import annotations

import datetime as dt

from cases.models import EnforcementCase
from courts.models import Team
from tests.cases.dossier_helpers import on, register
from tests.factories import UserFactory, add_member
from transfers.escalation import case_escalate, escalation_candidates

DAY0 = dt.date(2026, 1, 5)


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def at_day(n: int, hour: int = 10):
    d = day(n)
    return on(d.year, d.month, d.day, hour)


def register_on_day0(world, **kw) -> EnforcementCase:
    with at_day(0, 9):
        return register(world, filed_on=DAY0, **kw)


def sweep(n: int) -> list:
    """Run the sweep on day ``n`` the way the worker does: candidates, then one case at a time."""
    with at_day(n, 2):
        ids = list(escalation_candidates(day(n)).values_list("pk", flat=True))
        return [s for s in (case_escalate(case_id=pk, today=day(n)) for pk in ids) if s is not None]


def upper_team(world) -> Team:
    """石家庄中院's own enforcement team (for 提级执行), with one judge."""
    team = Team.objects.create(court=world.sjz, name="执行一庭")
    judge = UserFactory(username="sjz_judge", full_name="石法官", role="judge", court=world.sjz)
    add_member(team, judge)
    return team
