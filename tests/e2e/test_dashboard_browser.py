"""The supervisors' dashboard in a real browser (Chromium through Playwright): 石家庄中院's supervisor
opens the dashboard, reads the 超期未发款 alert of the jurisdiction, drills down court → team → judge →
case and downloads the Excel export, which opens with openpyxl and holds the courts' rows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from cases.money import payment_record
from tests.cases.dossier_helpers import SHANGHAI, register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def go(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_supervisor_drills_down_from_the_jurisdiction_to_a_case_and_exports(e2e_world, live_server, page, login,
                                                                           artifacts, tmp_path):
    world = e2e_world
    today = timezone.localdate()
    filed = today - dt.timedelta(days=45)
    paid = today - dt.timedelta(days=40)  # held 40 days: past the 30-day limit
    with time_machine.travel(dt.datetime.combine(filed, dt.time(10), tzinfo=SHANGHAI), tick=False):
        zh = [register(world, filed_on=filed) for _ in range(2)]
        ys = register(world, court=world.yuanshi, actor=world.ys_clerk, filed_on=filed)
    with time_machine.travel(dt.datetime.combine(paid, dt.time(10), tzinfo=SHANGHAI), tick=False):
        for case in [*zh, ys]:
            payment_record(actor=case.handler, case_id=case.pk, amount="2500.00", received_on=paid)

    login("supervisor")
    page.goto(f"{live_server.url}/reports/dashboard/")
    money = page.locator('[data-alert="money_undisbursed"] .fs-4')
    assert money.inner_text() == "3"
    page.wait_for_function("window.dashboardCharts === 2")  # both trend charts drawn (Chart.js served locally)
    rows = page.locator("#drilldown tbody tr")
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == ["元氏县人民法院", "赞皇县人民法院"]
    page.screenshot(path=str(artifacts / "dashboard-jurisdiction.png"), full_page=True)

    # The Excel export of the jurisdiction.
    with page.expect_download() as download:
        page.click("#dashboard-export")
    path = tmp_path / "dashboard.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path)["概览"]
    body = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert set(body) == {"赞皇县人民法院", "元氏县人民法院", "合计"}
    assert (body["赞皇县人民法院"][1], body["元氏县人民法院"][1], body["合计"][9]) == (2, 1, 7500)

    # Drill down: the court → the team of the first case → its judge → the case.
    case = zh[0]
    go(page, "#drilldown tbody tr >> text=赞皇县人民法院")
    assert "执行一团队" in page.locator("#drilldown").inner_text() or "执行二团队" in page.locator("#drilldown").inner_text()
    go(page, f"#drilldown tbody tr >> text={case.team.name}")
    go(page, f"#drilldown tbody tr >> text={case.handler.display_name}")
    go(page, f"#judge-case-list >> text={case.case_number}")
    assert case.case_number in page.locator("h1").inner_text()
    page.screenshot(path=str(artifacts / "dashboard-drilldown-case.png"), full_page=True)

    # The alert's own list, from the card.
    page.goto(f"{live_server.url}/reports/dashboard/")
    go(page, '[data-alert="money_undisbursed"]')
    listed = page.locator("#alert-case-list tbody tr td:first-child").all_inner_texts()
    assert sorted(listed) == sorted(c.case_number for c in [*zh, ys])
