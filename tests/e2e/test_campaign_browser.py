"""An enforcement campaign in a real browser (Chromium through Playwright) against the live server:
石家庄中院's designation officer creates a campaign from the navigation bar, filters the jurisdiction's
open cases and picks one case at 赞皇 and one at 元氏, launches the campaign; 元氏's judge finds it,
sees only 元氏's case and reports on it; the officer checks the case off and reads the totals.

Elements are found by id/data attributes; the texts checked are what people read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.transfers.campaign_helpers import case_at
from transfers.models import Campaign, CampaignCase

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def logout(page) -> None:
    with page.expect_navigation():
        page.click("nav form button")


def test_officer_runs_a_campaign_a_basic_court_reports_and_the_officer_checks_off(e2e_world, live_server, page, login,
                                                                                   artifacts):
    world = e2e_world
    filed = timezone.localdate() - dt.timedelta(days=90)
    zh_picked, zh_other = case_at(world, respondent="王富贵", filed_on=filed), case_at(world, respondent="刘二", filed_on=filed)
    ys_picked = case_at(world, world.yuanshi, respondent="赵大", target="30000.00", filed_on=filed)
    today = timezone.localdate()

    # 1. The officer creates the campaign from the navigation bar.
    login("officer")
    submit(page, 'nav a[href="/transfers/campaigns/"]')
    submit(page, "#campaign-new")
    page.fill("#id_campaign-name", "2026年冬季集中执行行动")
    page.fill("#id_campaign-starts_on", today.isoformat())
    page.fill("#id_campaign-ends_on", (today + dt.timedelta(days=30)).isoformat())
    page.fill("#id_campaign-description", "集中清理涉民生及长期未结案件")
    submit(page, "#campaign-form button[type=submit]")
    campaign = Campaign.objects.get()
    assert page.url.endswith(f"/transfers/campaigns/{campaign.pk}/select/")

    # 2. Filter by court and pick: one case at 赞皇, then one at 元氏.
    page.select_option("#candidate-filter select[name=court]", str(world.zanhuang.pk))
    submit(page, "#candidate-filter button[type=submit]")
    assert page.inner_text("#matching-count") == "2"
    assert page.locator(f'tr[data-case="{ys_picked.pk}"]').count() == 0
    page.check(f"#pick-{zh_picked.pk}")
    submit(page, "#add-selected")
    assert page.locator(f'tr[data-case="{zh_picked.pk}"] .in-campaign').count() == 1
    assert page.locator(f"#pick-{zh_other.pk}").count() == 1
    page.select_option("#candidate-filter select[name=court]", str(world.yuanshi.pk))
    submit(page, "#candidate-filter button[type=submit]")
    page.check(f"#pick-{ys_picked.pk}")
    submit(page, "#add-selected")
    assert page.inner_text("#campaign-count") == "2"
    submit(page, "#to-ledger")
    submit(page, "#campaign-start-form button")
    assert page.inner_text("#total-cases") == "2"
    assert "2026年冬季集中执行行动" in page.inner_text("#campaign-name")
    logout(page)

    # 3. 元氏's judge finds the campaign and reports on 元氏's case — the only one it sees.
    entry = CampaignCase.objects.get(campaign=campaign, case=ys_picked)
    login("ys_judge")
    submit(page, 'nav a[href="/transfers/campaigns/"]')
    submit(page, f'tr[data-campaign="{campaign.pk}"] a')
    rows = page.locator("#ledger tr[data-entry]")
    assert rows.count() == 1 and rows.first.get_attribute("data-case") == str(ys_picked.pk)
    page.click(f"#report-btn-{entry.pk}")
    page.wait_for_selector(f"#report-{entry.pk}-form", state="visible")
    page.fill(f"#id_report-{entry.pk}-compelled_appearances", "1")
    page.fill(f"#id_report-{entry.pk}-detentions", "1")
    page.fill(f"#id_report-{entry.pk}-amount_recovered", "12,000.50")
    page.check(f"#id_report-{entry.pk}-voluntary_performance")
    page.fill(f"#id_report-{entry.pk}-note", "拘留后被执行人履行部分款项")
    submit(page, f"#report-{entry.pk}-form button[type=submit]")
    assert page.inner_text(f'tr[data-entry="{entry.pk}"] .entry-recovered') == "¥12,000.50"
    logout(page)

    # 4. The officer checks it off and reads the totals.
    login("officer")
    page.goto(f"{live_server.url}/transfers/campaigns/{campaign.pk}/")
    page.click(f"#clear-btn-{entry.pk}")
    page.wait_for_selector(f"#clear-{entry.pk}-form", state="visible")
    page.fill(f"#id_clear-{entry.pk}-note", "被执行人已履行部分并达成还款计划，予以销号")
    submit(page, f"#clear-{entry.pk}-form button[type=submit]")
    totals = {key: page.inner_text(f"#total-{key}") for key in ("cases", "reported", "cleared", "compelled", "detentions",
                                                                "voluntary", "recovered")}
    assert totals == {"cases": "2", "reported": "1", "cleared": "1", "compelled": "1", "detentions": "1", "voluntary": "1",
                      "recovered": "¥12,000.50"}
    cleared = page.inner_text(f'tr[data-entry="{entry.pk}"] .entry-cleared')
    assert today.isoformat() in cleared and "吴指定" in cleared
    page.screenshot(path=str(artifacts / "campaign-ledger.png"), full_page=True)
