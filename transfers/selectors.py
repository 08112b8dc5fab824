"""Reads for assignment decisions: caseloads of teams and judges (DESIGN.md §2, §8.3)."""

from __future__ import annotations

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from cases.models import OPEN_STATUSES, EnforcementCase
from courts.models import Court, Team, TeamMembership, TeamRole, User


def _open_count(field: str) -> Subquery:
    return Subquery(
        EnforcementCase.objects.filter(**{field: OuterRef("pk")}, status__in=OPEN_STATUSES)
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def teams_with_load(court: Court) -> QuerySet[Team]:
    """Active teams of the court that have at least one active judge, with open-case counts, the
    least loaded first by open cases *per judge* (a three-judge team takes three times the cases of
    a one-judge team), then by total, name and id."""
    active_judges = Count(
        "memberships",
        filter=Q(memberships__is_active=True, memberships__role=TeamRole.JUDGE, memberships__user__is_active=True),
        distinct=True,
    )
    return (
        Team.objects.filter(court=court, is_active=True)
        .annotate(judge_count=active_judges, open_cases=Coalesce(_open_count("team"), Value(0)))
        .filter(judge_count__gt=0)
        .annotate(load_per_judge=ExpressionWrapper(
            Cast(F("open_cases"), DecimalField(max_digits=12, decimal_places=4)) / F("judge_count"),
            output_field=DecimalField(max_digits=12, decimal_places=4)))
        .order_by("load_per_judge", "open_cases", "name", "pk")
    )


def judges_with_load(team: Team) -> QuerySet[User]:
    """Active judges of a team, fewest open cases first, ties by a stable order (user id)."""
    member_ids = TeamMembership.objects.filter(team=team, is_active=True, role=TeamRole.JUDGE).values("user_id")
    return (
        User.objects.filter(pk__in=member_ids, is_active=True)
        .annotate(open_cases=Coalesce(_open_count("handler"), Value(0)))
        .order_by("open_cases", "pk")
    )


def eligible_handlers(court: Court) -> QuerySet[User]:
    """Judges a bureau chief may hand a case to: active judges in active teams of the court."""
    member_ids = TeamMembership.objects.filter(
        team__court=court, team__is_active=True, is_active=True, role=TeamRole.JUDGE
    ).values("user_id")
    return (
        User.objects.filter(pk__in=member_ids, is_active=True)
        .annotate(open_cases=Coalesce(_open_count("handler"), Value(0)))
        .order_by("full_name", "username")
    )
