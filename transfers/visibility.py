"""Extra courts that see a case (registered in courts.access.EXTRA_VISIBILITY): the court that
received it by designation sees the original, the original court sees where its case went, and an
entrusted court sees the case it was asked to act on. Each hook is a subquery (no row duplication)."""

from __future__ import annotations

from django.db.models import Q


def received_by_designation(court_id: int) -> Q:
    from cases.models import EnforcementCase

    return Q(pk__in=EnforcementCase.objects.filter(court_id=court_id, origin_case__isnull=False).values("origin_case_id"))


def moved_from_here(court_id: int) -> Q:
    return Q(origin_case__court_id=court_id) & ~Q(court_id=court_id)


def entrusted_to(court_id: int) -> Q:
    from transfers.models import Entrustment

    return Q(pk__in=Entrustment.objects.filter(to_court_id=court_id).values("case_id"))
