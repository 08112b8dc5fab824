"""Extra courts that see a case (registered in courts.access.EXTRA_VISIBILITY): the court that
received it by designation sees the original, the original court sees where its case went, and an
entrusted court sees the case it was asked to act on. Each hook is a subquery (no row duplication)."""

from __future__ import annotations

from django.db.models import Q


def received_by_designation(court_id: int) -> Q:
    from cases.models import EnforcementCase

    return Q(pk__in=EnforcementCase.objects.filter(court_id=court_id, origin_case__isnull=False).values("origin_case_id"))


def moved_from_here(court_id: int) -> Q:
    from django.db.models import Exists, OuterRef

    from cases.models import EnforcementCase

    # EXISTS rather than a join to the origin case: a join of the case table to itself makes the
    # planner weigh every index of both sides, for each list and count (bench/).
    came_from_here = EnforcementCase.objects.filter(pk=OuterRef("origin_case_id"), court_id=court_id)
    return Q(Exists(came_from_here)) & ~Q(court_id=court_id)


def entrusted_to(court_id: int) -> Q:
    from transfers.models import Entrustment

    return Q(pk__in=Entrustment.objects.filter(to_court_id=court_id).values("case_id"))
