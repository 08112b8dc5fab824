"""Reads of pre-enforcement tracking: the records a user may see (scoped by
courts.access.visible_courts: own court; an upper court its whole subtree) and the performance
metrics (执前督促统计)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from courts import access
from courts.models import Court, User
from reports.selectors import default_period  # noqa: F401  (the reports' default period, used by views and API)
from tracking.models import (
    DECIDED_OUTCOMES,
    TrackingParty,
    TrackingRecord,
    TrackingStatus,
    TrackingStep,
    TrialDivision,
)

ZERO = Decimal("0.00")


def visible_court_ids(user: User) -> list[int]:
    return list(access.visible_courts(user).values_list("pk", flat=True))


def tracking_list(*, user: User) -> QuerySet[TrackingRecord]:
    """Records the user may see, with what a list row shows, in a constant number of queries."""
    return TrackingRecord.objects.filter(court__in=access.visible_courts(user)).select_related(
        "court", "enforcement_case").prefetch_related(
        Prefetch("parties", queryset=TrackingParty.objects.order_by("role", "position", "pk")))


def tracking_get(*, pk: int) -> TrackingRecord | None:
    """A record with its parties and steps — unscoped: callers check access so that 'no such record'
    (404) and 'not yours' (403) stay apart."""
    return (TrackingRecord.objects.select_related("court", "enforcement_case", "recorded_by")
            .prefetch_related(Prefetch("parties", queryset=TrackingParty.objects.order_by("role", "position", "pk")),
                              Prefetch("steps", queryset=TrackingStep.objects.select_related("recorded_by", "recipient")
                                       .order_by("done_on", "pk")))
            .filter(pk=pk).first())


def can_view_record(user: User, record: TrackingRecord) -> bool:
    return access.visible_courts(user).filter(pk=record.court_id).exists()


@dataclass(frozen=True)
class PriorPayment:
    """Money the obligor paid voluntarily before enforcement, as recorded on the tracking record."""

    date: dt.date
    amount: Decimal
    record_id: int


def prior_payments(case) -> list[PriorPayment]:
    """The voluntary payments recorded on the tracking record an enforcement case on this case's basis
    was registered from (performed in part, then passed on), by date. They are payments of the same
    debt: the case's target is only the rest, so the late-performance interest (documents) counts
    them as dated payments against the document's principal. One query."""
    rows = (TrackingRecord.objects.filter(enforcement_case__basis_id=case.basis_id, performed_amount__isnull=False,
                                          performed_on__isnull=False)
            .order_by("performed_on", "pk").values_list("pk", "performed_on", "performed_amount"))
    return [PriorPayment(date=day, amount=amount, record_id=pk) for pk, day, amount in rows]


# --- metrics ---------------------------------------------------------------------------------------
# Definitions (shown beside the figures in the UI as tooltips):
# - The period selects records by the date of their outcome (outcome_on), both ends included.
# - Decided: performed in full, performed in part, or passed to enforcement. Withdrawn records (the
#   obligee waived, recorded in error) are neither a performance nor a refusal: they are counted but
#   left out of the rate.
# - 自动履行率 (voluntary performance rate) = performed in full ÷ decided.
# - Performances before enforcement: decided records in which the obligor paid or acted voluntarily
#   — in full, in part, or in part before the rest was passed on — with the amount so paid.
# - Days to performance: calendar days from the document's effective date to the day of the
#   voluntary performance, over those same records; mean (one decimal) and median.
# - Open and overdue are today's figures, not the period's: overdue = still tracked after the
#   performance deadline.
@dataclass
class MetricsRow:
    court_id: int | None
    court_name: str
    division: str
    decided: int = 0
    performed_full: int = 0
    performed_part: int = 0
    enforcement: int = 0
    withdrawn: int = 0
    performances: int = 0
    performed_amount: Decimal = ZERO
    open: int = 0
    overdue: int = 0
    days: list[int] = field(default_factory=list, repr=False)

    @property
    def division_label(self) -> str:
        return str(TrialDivision(self.division).label) if self.division in TrialDivision.values else ""

    @property
    def rate(self) -> Decimal | None:
        """自动履行率 as a ratio (0.4567), None when nothing was decided."""
        if not self.decided:
            return None
        return (Decimal(self.performed_full) / Decimal(self.decided)).quantize(Decimal("0.0001"))

    @property
    def mean_days(self) -> Decimal | None:
        if not self.days:
            return None
        return (Decimal(sum(self.days)) / Decimal(len(self.days))).quantize(Decimal("0.1"))

    @property
    def median_days(self) -> Decimal | None:
        if not self.days:
            return None
        return Decimal(str(statistics.median(self.days))).quantize(Decimal("0.1"))

    def add(self, other: MetricsRow) -> None:
        for name in ("decided", "performed_full", "performed_part", "enforcement", "withdrawn", "performances", "open",
                     "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.performed_amount += other.performed_amount
        self.days.extend(other.days)


@dataclass
class Metrics:
    date_from: dt.date
    date_to: dt.date
    rows: list[MetricsRow]
    total: MetricsRow


def metrics_courts(user: User, court: Court | None = None) -> list[int]:
    """The courts the figures cover: those the user sees, narrowed to ``court``'s subtree if given."""
    visible = set(visible_court_ids(user))
    if court is None:
        return sorted(visible)
    return sorted(visible & set(access.jurisdiction_ids(court)))


def performance_metrics(*, user: User, date_from: dt.date, date_to: dt.date, court: Court | None = None,
                        division: str = "", today: dt.date | None = None) -> Metrics:
    """自动履行率 and the other figures per court and division (definitions above). Three queries,
    whatever the number of records."""
    from django.utils import timezone

    today = today or timezone.localdate()
    court_ids = metrics_courts(user, court)
    base = TrackingRecord.objects.filter(court_id__in=court_ids)
    if division:
        base = base.filter(division=division)
    names = dict(Court.objects.filter(pk__in=court_ids).values_list("pk", "name"))
    rows: dict[tuple[int, str], MetricsRow] = {}

    def row(court_id: int, div: str) -> MetricsRow:
        key = (court_id, div)
        if key not in rows:
            rows[key] = MetricsRow(court_id, names.get(court_id, ""), div)
        return rows[key]

    decided = base.filter(outcome_on__gte=date_from, outcome_on__lte=date_to).values_list(
        "court_id", "division", "status", "effective_date", "performed_on", "performed_amount")
    for court_id, div, status, effective, performed_on, amount in decided:
        r = row(court_id, div)
        if status == TrackingStatus.WITHDRAWN:
            r.withdrawn += 1
            continue
        if status not in DECIDED_OUTCOMES:
            continue
        r.decided += 1
        if status == TrackingStatus.PERFORMED_FULL:
            r.performed_full += 1
        elif status == TrackingStatus.PERFORMED_PART:
            r.performed_part += 1
        else:
            r.enforcement += 1
        if performed_on is not None:
            r.performances += 1
            r.performed_amount += amount or ZERO
            r.days.append((performed_on - effective).days)
    for item in (base.filter(status=TrackingStatus.TRACKING).values("court_id", "division")
                 .annotate(n=Count("pk"), late=Count("pk", filter=Q(performance_deadline__lt=today)))):
        r = row(item["court_id"], item["division"])
        r.open, r.overdue = item["n"], item["late"]
    ordered = sorted(rows.values(), key=lambda r: (r.court_name, list(TrialDivision.values).index(r.division)
                                                  if r.division in TrialDivision.values else 99))
    total = MetricsRow(None, "", "")
    for r in ordered:
        total.add(r)
    return Metrics(date_from, date_to, ordered, total)


