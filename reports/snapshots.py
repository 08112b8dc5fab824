"""Pre-computed dashboards for the courts with courts below them (issue #7): a province's dashboard
aggregates a million cases, which takes the database several seconds whatever the query's shape, so
a beat job (``reports.tasks.refresh_dashboard_snapshots``, every ``SNAPSHOT_MINUTES``) computes the
default view of each intermediate and high court — this year so far, alerts as of today — and the
page and the API serve that snapshot, saying when it was computed. Any other period, a team or a
judge, a basic court, or "compute now" (``?live=1``) is computed on the spot as before.

A snapshot is the ``reports.dashboard.Dashboard`` itself, pickled without its scope (rebuilt from
the request) and with its alerts by code: it is written only by this module from our own data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courts.models import Court, CourtLevel
from reports import alerts as alert_defs
from reports.dashboard import Dashboard, dashboard
from reports.scope import Scope, build_scope
from reports.selectors import default_period


def max_age() -> dt.timedelta:
    """A snapshot older than two refresh intervals is not served (the beat job has stopped)."""
    return dt.timedelta(minutes=2 * settings.REPORT_SNAPSHOT_MINUTES)


def snapshot_courts():
    """The courts whose default dashboard is kept: those with courts below them."""
    return Court.objects.filter(level__in=[CourtLevel.HIGH, CourtLevel.INTERMEDIATE], is_active=True).order_by("pk")


def _freeze(board: Dashboard) -> bytes:
    return pickle.dumps(dataclasses.replace(board, scope=None, alerts=[(a.code, n) for a, n in board.alerts]),
                        protocol=pickle.HIGHEST_PROTOCOL)


def _thaw(payload: bytes, scope: Scope) -> Dashboard:
    board = pickle.loads(payload)  # noqa: S301 - written by refresh() only, from our own database
    return dataclasses.replace(board, scope=scope, alerts=[(alert_defs.ALERTS_BY_CODE[c], n) for c, n in board.alerts])


def refresh(court: Court, *, today: dt.date | None = None):
    """Compute ``court``'s default dashboard and keep it (replacing the day's previous one)."""
    from reports.models import DashboardSnapshot

    today = today or timezone.localdate()
    start, end = default_period(today)
    began = time.perf_counter()
    board = dashboard(build_scope(court), start=start, end=end, today=today)
    seconds = time.perf_counter() - began
    with transaction.atomic():
        DashboardSnapshot.objects.filter(court=court).exclude(as_of=today).delete()
        snapshot, _created = DashboardSnapshot.objects.update_or_create(
            court=court, period_start=start, period_end=end, as_of=today,
            defaults={"payload": _freeze(board), "computed_at": timezone.now(), "seconds": round(seconds, 3)})
    return snapshot


def refresh_all(*, today: dt.date | None = None) -> dict:
    out = {}
    for court in snapshot_courts():
        out[court.pk] = refresh(court, today=today).seconds
    return out


def dashboard_for(scope: Scope, *, start: dt.date, end: dt.date, today: dt.date, live: bool = False):
    """(dashboard, computed_at): the kept snapshot when it answers exactly this question and is fresh,
    else the dashboard computed now (computed_at None)."""
    from reports.models import DashboardSnapshot

    whole_court = scope.team is None and scope.handler is None and not scope.own_only
    if not live and whole_court and (start, end) == default_period(today):
        snapshot = (DashboardSnapshot.objects.filter(court=scope.court, period_start=start, period_end=end, as_of=today,
                                                     computed_at__gte=timezone.now() - max_age())
                    .only("payload", "computed_at").first())
        if snapshot is not None:
            try:
                return _thaw(bytes(snapshot.payload), scope), snapshot.computed_at
            except (pickle.UnpicklingError, AttributeError, KeyError, TypeError, ImportError, EOFError):
                pass  # written by an older release: compute it now; the next refresh replaces it
    return dashboard(scope, start=start, end=end, today=today), None
