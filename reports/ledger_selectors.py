"""Reads of the hard-case ledger (五类硬骨头台账) and of petitions: the ledger page, its counts and export,
the API, and the dossier panel. Scoping goes through courts.access.visible_cases: a court's own
cases (and those transferred or entrusted to it); an upper court its whole jurisdiction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from courts import access
from courts.models import User
from reports.models import HardCaseCategory, HardCaseEntry, Petition


def ledger_entries(user: User) -> QuerySet[HardCaseEntry]:
    """Every ledger entry (open or checked off) of the cases ``user`` sees, with what a row shows."""
    qs = HardCaseEntry.objects.select_related("case", "case__court", "case__handler", "tagged_by", "cleared_by")
    if not user.is_authenticated:
        return qs.none()
    if user.is_system_admin:
        return qs
    return qs.filter(case__in=access.visible_cases(user).values("pk"))


def ledger_order(qs: QuerySet[HardCaseEntry]) -> QuerySet[HardCaseEntry]:
    """Open entries first, the longest-standing at the top; then the latest check-offs."""
    return qs.order_by(F("cleared_on").desc(nulls_first=True), "tagged_on", "case__court__code", "case_id", "pk")


def days_open(case, today: dt.date) -> int:
    """Days since filing, to today or to the closing day."""
    return ((case.closed_on or today) - case.filed_on).days


@dataclass
class CourtCounts:
    court_id: int
    name: str
    code: str
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_category.values())

    def cells(self) -> list[int]:
        return [self.by_category.get(c, 0) for c in HardCaseCategory.values]


@dataclass
class LedgerCounts:
    courts: list[CourtCounts]
    totals: CourtCounts


def ledger_counts(qs: QuerySet[HardCaseEntry]) -> LedgerCounts:
    """Entries per court and category of a (filtered) ledger: one query."""
    rows = (qs.order_by().values_list("case__court_id", "case__court__name", "case__court__code", "category")
            .annotate(n=Count("pk")))
    courts: dict[int, CourtCounts] = {}
    totals = CourtCounts(0, "", "")
    for court_id, name, code, category, n in rows:
        court = courts.setdefault(court_id, CourtCounts(court_id, name, code))
        court.by_category[category] = court.by_category.get(category, 0) + n
        totals.by_category[category] = totals.by_category.get(category, 0) + n
    return LedgerCounts(sorted(courts.values(), key=lambda c: (c.code, c.name)), totals)


def export_rows(qs: QuerySet[HardCaseEntry], today: dt.date | None = None) -> Iterator[list]:
    """The filtered ledger as sheet rows, streamed from the database in chunks (reports.exports)."""
    today = today or timezone.localdate()
    for e in qs.iterator(chunk_size=2000):
        case = e.case
        yield [case.case_number, case.court.name, case.handler.display_name if case.handler else "",
               case.get_status_display(), case.filed_on, days_open(case, today), case.petition_count,
               case.target_amount, case.outstanding_amount, e.get_category_display(), e.get_source_display(), e.tagged_on,
               e.tagged_by.display_name if e.tagged_by else "", e.reason, e.cleared_on,
               e.cleared_by.display_name if e.cleared_by else "", e.clear_reason]


# --- one case ------------------------------------------------------------------------------------------
def case_ledger(case) -> tuple[list[HardCaseEntry], list[Petition]]:
    """The case's ledger entries (open ones first) and its petitions (latest first): two queries."""
    entries = list(HardCaseEntry.objects.filter(case=case).select_related("tagged_by", "cleared_by")
                   .order_by(F("cleared_on").desc(nulls_first=True), "-tagged_on", "-pk"))
    petitions = list(Petition.objects.filter(case=case).select_related("recorded_by", "replied_by")
                     .order_by("-received_on", "-pk"))
    return entries, petitions


def case_petitions(case) -> QuerySet[Petition]:
    return Petition.objects.filter(case=case).select_related("recorded_by", "replied_by").order_by("-received_on", "-pk")
