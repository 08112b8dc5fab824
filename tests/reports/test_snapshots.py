"""Kept dashboards (issue #7, reports.snapshots): the beat job computes each jurisdiction's default view,
the page and the API serve it with the time it was computed, and anything else is computed on the spot."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.money import payment_record
from reports.models import DashboardSnapshot
from reports.snapshots import refresh
from reports.tasks import refresh_dashboard_snapshots
from tests.cases.dossier_helpers import on, register

pytestmark = pytest.mark.django_db


def _new(page) -> int:
    return page.context["board"].totals.new


def test_the_jurisdiction_page_serves_the_kept_dashboard_until_the_next_refresh(client, world):
    with on(2026, 3, 2):
        first = register(world)
        payment_record(actor=first.handler, case_id=first.pk, amount="1234.56", received_on=dt.date(2026, 3, 2))
        refresh(world.sjz)
        register(world, court=world.yuanshi, actor=world.ys_clerk)  # after the snapshot
    client.force_login(world.supervisor)
    with on(2026, 3, 2, 10):
        kept = client.get(reverse("dashboard"))
        html = kept.content.decode()
        assert _new(kept) == 1 and kept.context["board"].totals.recovered == Decimal("1234.56")
        assert 'id="snapshot-note"' in html and "live=1" in html
        # the rows still drill down and the cards still link to their lists
        assert {r.row.label: r.figures.new for r in kept.context["board"].rows} == {"赞皇县人民法院": 1, "元氏县人民法院": 0}
        assert reverse("alert-cases", args=["money_undisbursed"]) in html
        live = client.get(reverse("dashboard"), {"live": "1"})
        assert _new(live) == 2 and 'id="snapshot-note"' not in live.content.decode()
        api = client.get("/api/v1/reports/metrics/").json()
        assert api["totals"]["new"] == 1 and api["computed_at"] is not None
        assert client.get("/api/v1/reports/metrics/", {"live": "1"}).json()["computed_at"] is None
        refresh_dashboard_snapshots.apply(kwargs={"today": "2026-03-02"}).get()  # the beat job, eagerly
        assert _new(client.get(reverse("dashboard"))) == 2


def test_other_questions_and_stale_snapshots_are_computed_on_the_spot(client, world):
    with on(2026, 3, 2):
        register(world)
        refresh(world.sjz)
        register(world)
    client.force_login(world.supervisor)
    with on(2026, 3, 2, 10):
        # another period, a basic court, a team: not what the snapshot holds
        assert _new(client.get(reverse("dashboard"), {"date_from": "2026-02-01", "date_to": "2026-03-02"})) == 2
        assert _new(client.get(reverse("dashboard"), {"court": world.zanhuang.pk})) == 2
    # two refresh intervals later the beat job has evidently stopped: the snapshot is not served
    with on(2026, 3, 2, 12):
        page = client.get(reverse("dashboard"))
        assert _new(page) == 2 and 'id="snapshot-note"' not in page.content.decode()
    # the next day's first visit does not get yesterday's figures either
    with on(2026, 3, 3, 0):
        assert _new(client.get(reverse("dashboard"))) == 2


def test_the_beat_job_keeps_one_snapshot_per_upper_court_and_drops_the_previous_days(world):
    with on(2026, 3, 1):
        register(world)
        refresh_dashboard_snapshots.apply(kwargs={"today": "2026-03-01"}).get()
    with on(2026, 3, 2):
        seconds = refresh_dashboard_snapshots.apply(kwargs={"today": "2026-03-02"}).get()
    kept = DashboardSnapshot.objects.order_by("court_id")
    assert {s.court_id for s in kept} == {world.high.pk, world.sjz.pk, world.baoding.pk} == {int(k) for k in seconds}
    assert {(s.period_start, s.period_end, s.as_of) for s in kept} == {
        (dt.date(2026, 1, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 2))}
