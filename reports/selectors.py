"""Reads for reports. The foundation has one: the caseload of a court's teams and judges, which the
bureau chief reads before reassigning (dashboards and metrics come with the [Dashboards] issue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from cases.models import OPEN_STATUSES, EnforcementCase
from courts.models import Court, TeamMembership, TeamRole


@dataclass
class JudgeLoad:
    user_id: int
    name: str
    open_cases: int = 0
    registered: int = 0
    suspended: int = 0


@dataclass
class TeamLoad:
    team_id: int
    name: str
    judges: list[JudgeLoad] = field(default_factory=list)

    @property
    def open_cases(self) -> int:
        return sum(j.open_cases for j in self.judges)


def court_caseload(court: Court) -> tuple[list[TeamLoad], int]:
    """Open cases per judge, grouped by team, plus the court's unassigned open cases. Two queries."""
    counts = {
        row["handler_id"]: row
        for row in EnforcementCase.objects.filter(court=court, status__in=OPEN_STATUSES)
        .values("handler_id")
        .annotate(
            open_cases=Count("pk"),
            registered=Count("pk", filter=Q(status="registered")),
            suspended=Count("pk", filter=Q(status="suspended")),
        )
    }
    teams: dict[int, TeamLoad] = {}
    memberships = (
        TeamMembership.objects.filter(team__court=court, team__is_active=True, is_active=True, role=TeamRole.JUDGE)
        .select_related("team", "user")
        .order_by("team__name", "user__full_name", "user_id")
    )
    for m in memberships:
        team = teams.setdefault(m.team_id, TeamLoad(m.team_id, m.team.name))
        row = counts.get(m.user_id, {})
        team.judges.append(JudgeLoad(m.user_id, m.user.display_name, row.get("open_cases", 0),
                                     row.get("registered", 0), row.get("suspended", 0)))
    unassigned = counts.get(None, {}).get("open_cases", 0)
    return list(teams.values()), unassigned


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The period a report shows when none is chosen: this year so far."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return dt.date(today.year, 1, 1), today


def report_court(user, court_id: int | None):
    """The court a report is asked for, if the user sees it: (court or None, allowed). None asked → (None, True)."""
    from courts.access import visible_courts

    if court_id is None:
        return None, True
    court = visible_courts(user).filter(pk=court_id).first()
    return court, court is not None
