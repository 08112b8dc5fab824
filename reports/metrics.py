"""The supervisors' metrics (DESIGN.md §10) for a scope (court with its jurisdiction, team or judge)
and a period [start, end], both days included. Every figure is defined in ``DEFINITIONS`` next to
the query that computes it; the pages show the same words as tooltips.

Counting: each source (cases, payments, petitions, escalation steps, designation requests) is read
with one grouped query per scope — grouped by (court, team, handler) — and rolled up in Python for
the drill-down rows, so the number of queries does not depend on the number of courts or cases.
Attribution: a case counts for the court, team and judge that hold it now (a closed case: that
closed it); a cross-execution step for the judge who received the case (rung 3: who held it).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStatus, ClosureType, EnforcementCase, Payment
from reports.scope import Key, Row, Scope

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)
CONCLUDED_TYPES = (ClosureType.PERFORMED, ClosureType.TERMINATED)  # 有财产可供执行: concluded, not 终本

DEFINITIONS: dict[str, tuple] = {
    "new": (_("New"), _("Cases filed in the period.")),
    "closed": (_("Closed"), _("Cases closed in the period, whatever the closure type (transfers to another court included).")),
    "pending_start": (_("Pending at start"), _("Cases filed before the period and not closed before it began.")),
    "pending_end": (_("Pending at end"), _("Cases filed by the end of the period and not closed by then.")),
    "closure_rate": (_("Closure rate"), _("Closed ÷ (pending at start + new).")),
    "performed": (_("Performed"), _("Cases closed in the period as 执行完毕 (performed in full).")),
    "terminated_round": (_("终本"), _("Cases closed in the period as 终结本次执行程序 (terminated this round).")),
    "transferred": (_("Transferred"), _("Cases closed in the period because the upper court moved them to another court.")),
    "recovered": (_("Recovered"), _("Money received in the period for the cases (payments dated in the period), in yuan.")),
    "recovery_rate": (_("Recovery rate"), _("For the cases closed in the period (transfers excluded): amount recovered ÷ amount "
                                            "applied for.")),
    "with_assets": (_("Cases with assets concluded"), _("Cases closed in the period as performed or 终结执行 — the cases "
                                                         "that had enforceable assets (终本 excluded).")),
    "within_limit_rate": (_("Concluded within 6 months"), _("Of the cases with assets concluded in the period, the share closed "
                                                            "within the 6-month statutory limit (from the day after filing, "
                                                            "suspension not counted; the last day counts as within).")),
    "tb_compliance": (_("终本 compliance"), _("Of the 终本 closures in the period, the share that passed the full 终本 checklist "
                                              "(DESIGN §7) when closed; closures without it (e.g. imported) count as not compliant.")),
    "petitions": (_("Petitions"), _("Petitions (信访) received in the period about the cases.")),
}
CROSS_DEFINITIONS = {
    "escalated": (_("Escalated"), _("Cases that reached this rung in the period.")),
    "concluded": (_("Concluded"), _("Of those, cases concluded since (closed other than by transfer; at rung 3 the receiving "
                                    "court's case).")),
    "recovered": (_("Recovered after"), _("Money received from the day of the escalation (rung 3: by the receiving court).")),
    "days": (_("Days to conclusion"), _("Mean days from the escalation to the conclusion, over the concluded cases.")),
}
DESIGNATION_DEFINITIONS = {
    "requested": (_("Requests"), _("Designation requests made in the period for the cases.")),
    "decided": (_("Decided"), _("Requests decided in the period (designated, elevated or rejected).")),
    "pending": (_("Waiting now"), _("Requests still waiting for the upper court's decision.")),
    "mean_days": (_("Mean days to decision"), _("Mean days from request to decision, over the requests decided in the period.")),
    "median_days": (_("Median days to decision"), _("Median days from request to decision.")),
}


def ratio(part, whole) -> Decimal | None:
    """part ÷ whole to four places (0.4567 = 45.67 %), None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _money(value) -> Decimal:
    # SQLite hands sums back with extra places: every amount is quantized to the cent.
    return (Decimal(value) if value is not None else ZERO).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The counts and sums of one row (summable); the rates are derived after summing."""

    new: int = 0
    closed: int = 0
    pending_start: int = 0
    pending_end: int = 0
    performed: int = 0
    terminated_round: int = 0
    transferred: int = 0
    closed_target: Decimal = ZERO
    closed_recovered: Decimal = ZERO
    with_assets: int = 0
    within_limit: int = 0
    tb_checked: int = 0
    recovered: Decimal = ZERO
    petitions: int = 0

    def add(self, other: Figures) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def closure_rate(self) -> Decimal | None:
        return ratio(self.closed, self.pending_start + self.new)

    @property
    def recovery_rate(self) -> Decimal | None:
        return ratio(self.closed_recovered, self.closed_target)

    @property
    def within_limit_rate(self) -> Decimal | None:
        return ratio(self.within_limit, self.with_assets)

    @property
    def tb_compliance(self) -> Decimal | None:
        return ratio(self.tb_checked, self.terminated_round)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def _relevant(start: dt.date, end: dt.date) -> Q:
    """The cases a period can count: filed by its end and not closed before it began."""
    return Q(filed_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))


def case_conditions(start: dt.date, end: dt.date) -> dict[str, Q]:
    """Each case count of ``Figures`` as a condition on the cases (within ``_relevant``): the same Q counts
    the figure and lists its cases (``metric_cases``)."""
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    return {
        "new": Q(filed_on__gte=start),
        "closed": closed,
        "pending_start": Q(filed_on__lt=start),
        "pending_end": Q(closed_on__isnull=True) | Q(closed_on__gt=end),
        "performed": closed & Q(closure_type=ClosureType.PERFORMED),
        "terminated_round": closed & Q(closure_type=ClosureType.TERMINATED_ROUND),
        "transferred": closed & Q(closure_type=ClosureType.TRANSFERRED),
        "with_assets": closed & Q(closure_type__in=CONCLUDED_TYPES),
        "within_limit": closed & Q(closure_type__in=CONCLUDED_TYPES, closed_on__lte=F("limit_on")),
        "tb_checked": closed & Q(closure_type=ClosureType.TERMINATED_ROUND, termination_checklist_complete=True),
    }


LISTABLE = ("new", "closed", "pending_start", "pending_end", "performed", "terminated_round", "transferred",
            "with_assets", "within_limit", "tb_checked")


def metric_cases(metric: str, scope: Scope, start: dt.date, end: dt.date):
    """The cases behind one count of the period (a key of LISTABLE)."""
    return (EnforcementCase.objects.filter(scope.case_q()).filter(_relevant(start, end))
            .filter(case_conditions(start, end)[metric]))


def case_figures(scope: Scope, start: dt.date, end: dt.date) -> dict[Key, Figures]:
    """Figures per (court, team, handler): one query over the cases, one over payments, one over petitions."""
    q = case_conditions(start, end)
    counted = q["closed"] & ~Q(closure_type=ClosureType.TRANSFERRED)
    relevant = EnforcementCase.objects.filter(scope.case_q()).filter(_relevant(start, end))
    rows = relevant.order_by().values("court_id", "team_id", "handler_id").annotate(
        **{name: Count("pk", filter=condition) for name, condition in q.items()},
        closed_target=Sum("target_amount", filter=counted),
        closed_recovered=Sum("recovered_amount", filter=counted),
    )
    out: dict[Key, Figures] = defaultdict(Figures)
    for r in rows:
        key = (r.pop("court_id"), r.pop("team_id"), r.pop("handler_id"))
        r["closed_target"], r["closed_recovered"] = _money(r["closed_target"]), _money(r["closed_recovered"])
        out[key] = Figures(**r)
    payments = (Payment.objects.filter(scope.case_q("case__"), received_on__gte=start, received_on__lte=end)
                .order_by().values_list("case__court_id", "case__team_id", "case__handler_id").annotate(s=Sum("amount")))
    for court_id, team_id, handler_id, amount in payments:
        out[(court_id, team_id, handler_id)].recovered += _money(amount)
    for key, n in _petition_counts(scope, start, end).items():
        out[key].petitions += n
    return out


def _petition_counts(scope: Scope, start: dt.date, end: dt.date) -> dict[Key, int]:
    from reports.models import Petition

    rows = (Petition.objects.filter(scope.case_q("case__"), received_on__gte=start, received_on__lte=end)
            .order_by().values_list("case__court_id", "case__team_id", "case__handler_id").annotate(n=Count("pk")))
    return {(c, t, h): n for c, t, h, n in rows}


def rolled_up(rows: list[Row], per_key: dict[Key, Figures]) -> tuple[list[tuple[Row, Figures]], Figures]:
    """The figures of each drill-down row and of the whole scope."""
    total = Figures()
    out = []
    for row in rows:
        figures = Figures()
        for key in row.keys:
            figures.add(per_key[key])
        total.add(figures)
        out.append((row, figures))
    return out, total


# --- cross execution and designation ---------------------------------------------------------------
@dataclass
class Rung:
    level: int
    escalated: int = 0
    concluded: int = 0
    recovered: Decimal = ZERO
    days_total: int = 0  # days from escalation to conclusion, summed over the concluded steps

    @property
    def label(self) -> str:
        from transfers.views import LEVEL_NAMES

        return str(LEVEL_NAMES.get(self.level, self.level))

    @property
    def concluded_rate(self) -> Decimal | None:
        return ratio(self.concluded, self.escalated)

    @property
    def mean_days(self) -> Decimal | None:
        return (Decimal(self.days_total) / self.concluded).quantize(Decimal("0.1")) if self.concluded else None


def _escalation_steps(scope: Scope, start: dt.date, end: dt.date):
    from transfers.models import EscalationStep

    lo, hi = _bounds(start, end)
    return EscalationStep.objects.filter(scope.case_q("case__"), occurred_at__gte=lo, occurred_at__lt=hi, level_to__gte=1)


def cross_execution(scope: Scope, start: dt.date, end: dt.date) -> list[Rung]:
    """Per rung (1 internal hand-off, 2 another team, 3 upper court): cases escalated in the period, how many
    concluded since, money recovered from the escalation on, mean days to conclusion. One query.

    A step is concluded when its case closed other than by transfer (rung 3: when the case the receiving
    court opened did); the money is what the case received from the escalation day on (rung 3: plus
    all the receiving court's case received)."""
    if connection.vendor == "postgresql":
        return _cross_execution_sql(scope, start, end)
    return _cross_execution_orm(scope, start, end)


# The same figures as _cross_execution_orm, set-based: a province's year holds some 300,000 steps, and
# four correlated subqueries per step took the database 20 seconds; joins and grouped sums take one or two.
_CROSS_SQL = """
WITH s0 AS ({steps}), st AS (
    SELECT s0.id, s0.case_id, s0.level_to, (s0.occurred_at AT TIME ZONE %s)::date AS esc_on FROM s0
), paid AS (
    SELECT st.id, SUM(p.amount) AS amount FROM st JOIN cases_payment p ON p.case_id = st.case_id AND p.received_on >= st.esc_on
    GROUP BY st.id
), des AS (
    SELECT DISTINCT ON (r.case_id) r.case_id, r.new_case_id FROM transfers_designationrequest r
    WHERE r.new_case_id IS NOT NULL AND r.case_id IN (SELECT case_id FROM st WHERE level_to = 3)
    ORDER BY r.case_id, r.decided_at DESC NULLS LAST
), new_paid AS (
    SELECT p.case_id, SUM(p.amount) AS amount FROM cases_payment p WHERE p.case_id IN (SELECT new_case_id FROM des)
    GROUP BY p.case_id
), rows AS (
    SELECT st.level_to, st.esc_on,
           CASE WHEN st.level_to < 3 THEN c.status = 'closed' AND c.closure_type <> 'transferred'
                ELSE n.closed_on IS NOT NULL AND n.closure_type <> 'transferred' END AS done,
           CASE WHEN st.level_to < 3 THEN c.closed_on ELSE n.closed_on END AS closed_on,
           COALESCE(paid.amount, 0) + CASE WHEN st.level_to < 3 THEN 0 ELSE COALESCE(new_paid.amount, 0) END AS recovered
    FROM st JOIN cases_enforcementcase c ON c.id = st.case_id
    LEFT JOIN paid ON paid.id = st.id
    LEFT JOIN des ON des.case_id = st.case_id AND st.level_to = 3
    LEFT JOIN cases_enforcementcase n ON n.id = des.new_case_id
    LEFT JOIN new_paid ON new_paid.case_id = des.new_case_id
)
SELECT level_to, COUNT(*), COUNT(*) FILTER (WHERE done), COALESCE(SUM(recovered), 0),
       COALESCE(SUM(GREATEST(closed_on - esc_on, 0)) FILTER (WHERE done), 0)
FROM rows GROUP BY level_to
"""


def _cross_execution_sql(scope: Scope, start: dt.date, end: dt.date) -> list[Rung]:
    steps_sql, steps_params = (_escalation_steps(scope, start, end).order_by()
                               .values("id", "case_id", "level_to", "occurred_at").query.sql_with_params())
    rungs = {level: Rung(level) for level in (1, 2, 3)}
    with transaction.atomic(), connection.cursor() as cursor:
        # The joins sort a few hundred thousand steps: in memory rather than spilled to disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(_CROSS_SQL.format(steps=steps_sql), [*steps_params, settings.TIME_ZONE])
        rows = cursor.fetchall()
    for level, escalated, concluded, recovered, days in rows:
        rung = rungs.get(level)
        if rung is None:
            continue
        rung.escalated, rung.concluded, rung.recovered = escalated, concluded, _money(recovered)
        rung.days_total = int(days)
    return list(rungs.values())


def _cross_execution_orm(scope: Scope, start: dt.date, end: dt.date) -> list[Rung]:
    """cross_execution on other databases (the embedded SQLite demo): correlated subqueries per step."""
    from transfers.models import DesignationRequest

    designated = DesignationRequest.objects.filter(case_id=OuterRef("case_id"), new_case__isnull=False).order_by("-decided_at")
    paid_after = (Payment.objects.filter(case_id=OuterRef("case_id"), received_on__gte=OuterRef("esc_on"))
                  .order_by().values("case_id").annotate(s=Sum("amount")).values("s"))
    paid_new = (Payment.objects.filter(case_id=OuterRef("new_case_id"))
                .order_by().values("case_id").annotate(s=Sum("amount")).values("s"))
    steps = (_escalation_steps(scope, start, end)
             .annotate(esc_on=TruncDate("occurred_at"),
                       new_case_id=Subquery(designated.values("new_case_id")[:1]))
             .annotate(new_closed_on=Subquery(designated.values("new_case__closed_on")[:1]),
                       new_closure=Subquery(designated.values("new_case__closure_type")[:1]),
                       paid_after=Coalesce(Subquery(paid_after, output_field=MONEY), Value(ZERO), output_field=MONEY),
                       paid_new=Coalesce(Subquery(paid_new, output_field=MONEY), Value(ZERO), output_field=MONEY))
             .values("level_to", "occurred_at", "case__status", "case__closure_type", "case__closed_on",
                     "new_closed_on", "new_closure", "paid_after", "paid_new"))
    rungs = {level: Rung(level) for level in (1, 2, 3)}
    for s in steps:
        rung = rungs.get(s["level_to"])
        if rung is None:
            continue
        on = timezone.localdate(s["occurred_at"])
        rung.escalated += 1
        if rung.level < 3:
            done = s["case__status"] == CaseStatus.CLOSED and s["case__closure_type"] != ClosureType.TRANSFERRED
            closed_on, recovered = s["case__closed_on"], _money(s["paid_after"])
        else:
            done = bool(s["new_closed_on"]) and s["new_closure"] != ClosureType.TRANSFERRED
            closed_on, recovered = s["new_closed_on"], _money(s["paid_after"]) + _money(s["paid_new"])
        rung.recovered += recovered
        if done:
            rung.concluded += 1
            rung.days_total += max((closed_on - on).days, 0)
    return list(rungs.values())


@dataclass
class DesignationFigures:
    requested: int = 0
    decided: int = 0
    pending: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def mean_days(self) -> Decimal | None:
        return (Decimal(sum(self.days)) / len(self.days)).quantize(Decimal("0.1")) if self.days else None

    @property
    def median_days(self) -> Decimal | None:
        return Decimal(str(statistics.median(self.days))).quantize(Decimal("0.1")) if self.days else None


def designation(scope: Scope, start: dt.date, end: dt.date) -> DesignationFigures:
    """Requests for the scope's cases: made and decided in the period, waiting now, turnaround. Two queries:
    the counts, and the decided requests grouped by (day made, day decided) — a province decides a
    hundred thousand requests a year, over a few thousand such pairs."""
    from transfers.models import DesignationRequest, RequestStatus

    lo, hi = _bounds(start, end)
    base = DesignationRequest.objects.filter(scope.case_q("case__")).order_by()
    counts = base.aggregate(requested=Count("pk", filter=Q(created_at__gte=lo, created_at__lt=hi)),
                            pending=Count("pk", filter=Q(status=RequestStatus.PENDING)))
    pairs = (base.filter(decided_at__gte=lo, decided_at__lt=hi)
             .annotate(made=TruncDate("created_at"), done=TruncDate("decided_at"))
             .values_list("made", "done").annotate(n=Count("pk")))
    out = DesignationFigures(requested=counts["requested"], pending=counts["pending"])
    for made, done, n in pairs:
        out.decided += n
        out.days.extend([(done - made).days] * n)
    return out


# --- monthly trends (charts) --------------------------------------------------------------------
def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], dt.date(start.year, start.month, 1)
    while day <= end:
        months.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def trends(scope: Scope, start: dt.date, end: dt.date) -> dict:
    """Month by month over the period: new, closed, recovered, petitions. Four queries."""
    from reports.models import Petition

    months = month_starts(start, end)

    def series(qs, date_field, value) -> list:
        got = {(m.date() if isinstance(m, dt.datetime) else m): v
               for m, v in qs.annotate(month=TruncMonth(date_field)).order_by().values_list("month").annotate(v=value)}
        return [got.get(m, 0) for m in months]

    cases = EnforcementCase.objects.filter(scope.case_q())
    recovered = series(Payment.objects.filter(scope.case_q("case__"), received_on__gte=start, received_on__lte=end),
                       "received_on", Sum("amount"))
    return {
        "months": [m.strftime("%Y-%m") for m in months],
        "new": series(cases.filter(filed_on__gte=start, filed_on__lte=end), "filed_on", Count("pk")),
        "closed": series(cases.filter(closed_on__gte=start, closed_on__lte=end), "closed_on", Count("pk")),
        "recovered": [_money(v) for v in recovered],
        "petitions": series(Petition.objects.filter(scope.case_q("case__"), received_on__gte=start, received_on__lte=end),
                            "received_on", Count("pk")),
    }
