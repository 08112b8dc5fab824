"""The supervisor dashboard as one read: the 五超 alerts, the hard-case ledger's open entries, the
metrics with their drill-down rows, cross execution per rung, designation turnaround and monthly
trends — for one scope and period, in a fixed number of queries (asserted in tests/reports)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from reports import alerts as alert_defs
from reports import metrics
from reports.scope import Key, Row, Scope


@dataclass
class DashboardRow:
    row: Row
    figures: metrics.Figures
    alerts: dict[str, int]
    alert_total: int
    hard_cases: int


@dataclass
class Dashboard:
    scope: Scope
    start: dt.date
    end: dt.date
    today: dt.date
    alerts: list[tuple[alert_defs.Alert, int]]
    rows: list[DashboardRow]
    totals: metrics.Figures
    hard_cases: list[tuple[str, str, int]]  # (category, label, open entries)
    rungs: list[metrics.Rung]
    designation: metrics.DesignationFigures
    trends: dict


def hard_case_counts(scope: Scope) -> dict[Key, dict[str, int]]:
    """Open ledger entries per (court, team, handler) and category: one query."""
    from reports.models import HardCaseEntry

    rows = (HardCaseEntry.objects.filter(scope.case_q("case__"), cleared_on__isnull=True).order_by()
            .values_list("case__court_id", "case__team_id", "case__handler_id", "category").annotate(n=Count("pk")))
    out: dict[Key, dict[str, int]] = defaultdict(dict)
    for court_id, team_id, handler_id, category, n in rows:
        out[(court_id, team_id, handler_id)][category] = n
    return out


def dashboard(scope: Scope, *, start: dt.date, end: dt.date, today: dt.date) -> Dashboard:
    from reports.models import HardCaseCategory

    counts = alert_defs.alert_counts(scope, today)
    figures = metrics.case_figures(scope, start, end)
    ledger = hard_case_counts(scope)
    keys = set(figures) | set(ledger)
    for per_key in counts.values():
        keys |= set(per_key)
    rows = []
    for row, fig in metrics.rolled_up(scope.rows(keys), figures)[0]:
        by_alert = {code: sum(per_key.get(k, 0) for k in row.keys) for code, per_key in counts.items()}
        rows.append(DashboardRow(row, fig, by_alert, sum(by_alert.values()),
                                 sum(sum(ledger[k].values()) for k in row.keys if k in ledger)))
    totals = metrics.Figures()
    for r in rows:
        totals.add(r.figures)
    category_totals: dict[str, int] = defaultdict(int)
    for per_category in ledger.values():
        for category, n in per_category.items():
            category_totals[category] += n
    return Dashboard(
        scope=scope, start=start, end=end, today=today,
        alerts=[(a, sum(counts[a.code].values())) for a in alert_defs.ALERTS],
        rows=rows, totals=totals,
        hard_cases=[(c.value, c.label, category_totals.get(c.value, 0)) for c in HardCaseCategory],
        rungs=metrics.cross_execution(scope, start, end),
        designation=metrics.designation(scope, start, end),
        trends=metrics.trends(scope, start, end),
    )
