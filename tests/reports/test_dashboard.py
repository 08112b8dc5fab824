"""The dashboard pages, exports and API: scoped to what the reader may see, drill-down from the
jurisdiction to a judge's cases, a query count that does not grow with courts or cases, and Excel
files that open with the rows the page shows."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.money import payment_record
from courts.models import Court, CourtLevel, Role, Team
from tests.cases.dossier_helpers import on, register
from tests.factories import UserFactory, add_member
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": "2026-01-01", "date_to": "2026-06-30"}


@pytest.fixture
def held(world):
    """Three cases at 赞皇 and one at 元氏 holding money since 2026-02-01 (an alert from 03-04)."""
    cases = []
    with on(2026, 1, 5):
        cases += [register(world) for _ in range(3)]
        cases.append(register(world, court=world.yuanshi, actor=world.ys_clerk))
    with on(2026, 2, 1):
        for case in cases:
            payment_record(actor=case.handler, case_id=case.pk, amount="1500.00", received_on=dt.date(2026, 2, 1))
    return cases


def login(client, user):
    client.force_login(user)
    return client


def test_supervisor_reads_the_jurisdiction_then_drills_down_to_a_judge(client, world, held):
    login(client, world.supervisor)
    with on(2026, 3, 10):
        page = client.get(reverse("dashboard"), PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-alert="money_undisbursed"' in html
    board = page.context["board"]
    assert dict((a.code, n) for a, n in board.alerts)["money_undisbursed"] == 4
    rows = {r.row.label: r for r in board.rows}
    assert set(rows) == {"赞皇县人民法院", "元氏县人民法院"}
    assert rows["赞皇县人民法院"].alerts["money_undisbursed"] == 3
    assert board.totals.new == 4 and board.totals.recovered == Decimal("6000.00")
    # → the court: its teams
    with on(2026, 3, 10):
        court_page = client.get(reverse("dashboard"), {"court": world.zanhuang.pk, **PERIOD})
    teams = {r.row.label: r.figures.new for r in court_page.context["board"].rows}
    assert sum(teams.values()) == 3 and set(teams) <= {"执行一团队", "执行二团队"}
    # → a team: its judges → a judge: the open cases with links to the dossiers
    case = held[0]
    with on(2026, 3, 10):
        team_page = client.get(reverse("dashboard"), {"court": world.zanhuang.pk, "team": case.team_id, **PERIOD})
        judge_page = client.get(reverse("dashboard"), {"court": world.zanhuang.pk, "team": case.team_id,
                                                       "handler": case.handler_id, **PERIOD})
    judges = {r.row.handler_id for r in team_page.context["board"].rows if r.figures.new}
    assert case.handler_id in judges
    assert reverse("case-detail", args=[case.pk]) in judge_page.content.decode()
    mine = [c for c in held if c.handler_id == case.handler_id]
    assert judge_page.context["open_cases"].paginator.count == len(mine)


def test_the_alert_count_opens_its_cases_and_exports_them(client, world, held):
    login(client, world.supervisor)
    with on(2026, 3, 10):
        page = client.get(reverse("alert-cases", args=["money_undisbursed"]), {"court": world.zanhuang.pk})
        export = client.get(reverse("alert-export", args=["money_undisbursed"]), {"court": world.zanhuang.pk})
    assert page.status_code == 200
    numbers = sorted(c.case_number for c in held[:3])
    assert sorted(c.case_number for c in page.context["page_obj"]) == numbers
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "案号"))
    data = rows[header + 1:]
    assert sorted(r[0] for r in data) == numbers
    assert all(r[9] == 1500 for r in data)  # money held, a number


def test_the_dashboard_export_holds_the_drilldown_rows_and_totals(client, world, held):
    login(client, world.supervisor)
    with on(2026, 3, 10):
        export = client.get(reverse("dashboard-export"), {"court": world.sjz.pk, **PERIOD})
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert book.sheetnames[:2] == ["概览", "交叉执行"]
    rows = list(book["概览"].iter_rows(values_only=True))
    body = {r[0]: r for r in rows[3:]}
    assert set(body) == {"赞皇县人民法院", "元氏县人民法院", "合计"}
    assert (body["赞皇县人民法院"][1], body["元氏县人民法院"][1], body["合计"][1]) == (3, 1, 4)
    assert body["合计"][9] == 6000


def test_query_count_does_not_grow_with_courts_or_cases(client, world, held):
    login(client, world.supervisor)

    def request():
        with on(2026, 3, 10):
            response = client.get(reverse("dashboard"), {"court": world.sjz.pk, **PERIOD})
        assert response.status_code == 200
        return response

    def grow():
        for n in range(3):
            court = Court.objects.create(name=f"测试区{n}人民法院", level=CourtLevel.BASIC, parent=world.sjz,
                                         province_abbr="冀", code=f"01{40 + n}")
            team = Team.objects.create(court=court, name="执行一团队")
            clerk = UserFactory(role=Role.CLERK, court=court)
            add_member(team, UserFactory(role=Role.JUDGE, court=court))
            with on(2026, 1, 20):
                for _ in range(2):
                    register(world, court=court, actor=clerk)
        with on(2026, 1, 21):
            register(world)

    response = assert_constant_queries(request, grow)
    assert len(response.context["board"].rows) == 5
    assert response.context["board"].totals.new == 11


def test_only_readers_of_reports_and_only_their_courts(client, world, held):
    login(client, world.judge)
    assert client.get(reverse("dashboard")).status_code == 403
    # A basic court's bureau chief reads his own court; asking for the 中院 shows a field error.
    login(client, world.chief)
    page = client.get(reverse("dashboard"), {"court": world.sjz.pk})
    assert page.status_code == 200
    assert page.context["scope"].court == world.zanhuang
    assert "court" in page.context["errors"]
    # The 中院 cannot read another city.
    login(client, world.supervisor)
    assert client.get(reverse("dashboard"), {"court": world.baoding.pk}).context["errors"]


def test_api_metrics_and_alerts_with_field_errors(as_user, world, held):
    api = as_user(world.supervisor)
    with on(2026, 3, 10):
        metrics = api.get("/api/v1/reports/metrics/", {"court": world.sjz.pk, **PERIOD})
        alerts = api.get("/api/v1/reports/alerts/", {"court": world.sjz.pk})
        cases = api.get("/api/v1/reports/alerts/money_undisbursed/cases/", {"court": world.yuanshi.pk})
    assert metrics.status_code == 200, metrics.content
    body = metrics.json()
    assert body["scope"]["level"] == "jurisdiction" and body["totals"]["new"] == 4
    assert body["totals"]["recovered"] == "6000.00"
    assert {r["label"]: r["alerts"]["money_undisbursed"] for r in body["rows"]} == {"赞皇县人民法院": 3, "元氏县人民法院": 1}
    assert any(d["key"] == "closure_rate" for d in body["definitions"])
    money = next(a for a in alerts.json()["alerts"] if a["code"] == "money_undisbursed")
    assert money["count"] == 4
    assert cases.json()["count"] == 1 and cases.json()["results"][0]["case_number"] == held[3].case_number
    bad = api.get("/api/v1/reports/metrics/", {"court": world.baoding.pk, "date_from": "2026-07-01", "date_to": "2026-01-01"})
    assert bad.status_code == 400 and set(bad.json()) >= {"court", "date_to"}
    assert as_user(world.judge).get("/api/v1/reports/metrics/").status_code == 403
    assert api.get("/api/v1/reports/alerts/nonsense/cases/").status_code == 404


def test_courts_are_ranked_by_the_column_chosen(client, world, held):
    with on(2026, 4, 10):
        ys_more = [register(world, court=world.yuanshi, actor=world.ys_clerk) for _ in range(3)]
    login(client, world.supervisor)
    with on(2026, 4, 20):
        by_new = client.get(reverse("dashboard"), {"court": world.sjz.pk, "sort": "new", **PERIOD}).context["board"].rows
        by_alert = client.get(reverse("dashboard"), {"court": world.sjz.pk, "sort": "money_undisbursed",
                                                     **PERIOD}).context["board"].rows
    assert [(r.rank, r.row.label, r.figures.new) for r in by_new] == [(1, "元氏县人民法院", 1 + len(ys_more)),
                                                                      (2, "赞皇县人民法院", 3)]
    assert [(r.rank, r.row.label) for r in by_alert] == [(1, "赞皇县人民法院"), (2, "元氏县人民法院")]


def test_wrong_parameters_are_shown_and_never_exported_for_another_scope(client, world, held):
    login(client, world.supervisor)
    with on(2026, 3, 10):
        listed = client.get(reverse("alert-cases", args=["money_undisbursed"]), {"court": world.baoding.pk})
        export = client.get(reverse("alert-export", args=["money_undisbursed"]), {"court": world.baoding.pk})
        dash_export = client.get(reverse("dashboard-export"), {"date_from": "2026-05-01"})  # after today, no end
    assert 'id="scope-errors"' in listed.content.decode()
    assert export.status_code == 400 and "未导出" in export.content.decode()
    assert dash_export.status_code == 400 and "截止日期" in dash_export.content.decode()


def test_the_table_totals_the_open_hard_case_entries_of_its_rows(client, world):
    from tests.reports.ledger_helpers import case_filed

    case_filed(world, interference_risk=True)  # 棘手案 at 赞皇
    case_filed(world, court=world.yuanshi, upper_court_supervised=True)  # 重点案 at 元氏
    html = login(client, world.supervisor).get(reverse("dashboard")).content.decode()
    assert 'id="hard-case-total">2<' in html
