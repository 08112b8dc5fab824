"""Campaign pages through Django's test client (issue #5): the list and create form, the selection page
(filter, pick, add all matching), the ledger (each court its own rows and report forms, the organiser's
check-off, totals), the Excel export read back with openpyxl, and the dossier panel. Messages are
compared with the Chinese catalogue's rendering (the UI language)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from cases import dossier, money
from tests.cases.dossier_helpers import on
from tests.dossier import dossier_html
from tests.queries import assert_constant_queries
from tests.transfers.campaign_helpers import case_at, entry_of, make_campaign, qingyuan
from transfers import campaigns as svc
from transfers.models import Campaign, CampaignCase

pytestmark = pytest.mark.django_db


def zh(msgid: str, **params) -> str:
    with translation.override("zh-hans"):
        text = gettext(msgid)
    return html_lib.escape(text % params if params else text)


def field_error(html: str, name: str) -> str:
    match = re.search(rf'data-field="{re.escape(name)}">([^<]+)<', html)
    assert match, f"no error beside {name}"
    return match.group(1)


def cents(value):
    """A number read back from the sheet as yuan with two places (counts stay ints)."""
    return Decimal(str(value)).quantize(Decimal("0.01")) if isinstance(value, float) else value


def login(client, user):
    client.force_login(user)
    return client


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>([^<]*)<', html)
    assert match, f"no #{element_id}"
    return match.group(1).strip()


# --- list and create ------------------------------------------------------------------------------------------
def test_officer_creates_a_campaign_and_is_taken_to_the_selection(world, client):
    login(client, world.officer)
    with on(2026, 2, 20):
        page = client.get("/transfers/campaigns/")
        assert page.status_code == 200 and 'href="/transfers/campaigns/new/"' in page.content.decode()
        response = client.post("/transfers/campaigns/new/", {"campaign-name": "2026年春季集中执行行动",
                                                             "campaign-starts_on": "2026-03-01",
                                                             "campaign-ends_on": "2026-03-31",
                                                             "campaign-description": "集中清理涉民生案件"})
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/transfers/campaigns/{campaign.pk}/select/"
    assert (campaign.court, campaign.created_by) == (world.sjz, world.officer)


def test_a_mistake_is_shown_beside_its_field_in_chinese_and_nothing_is_saved(world, client):
    login(client, world.officer)
    with on(2026, 2, 20):
        response = client.post("/transfers/campaigns/new/", {"campaign-name": "行动", "campaign-starts_on": "2026-03-31",
                                                             "campaign-ends_on": "2026-03-01"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "campaign-ends_on") == zh(
        "The campaign cannot end before it starts (%(date)s).", date="2026-03-31")
    assert Campaign.objects.count() == 0


def test_pages_are_refused_to_those_they_do_not_concern(world, client):
    login(client, world.judge)
    assert client.get("/transfers/campaigns/new/").status_code == 403
    login(client, world.clerk)
    assert client.get("/transfers/campaigns/").status_code == 403
    campaign = make_campaign(world, cases=[case_at(world)])
    login(client, world.judge)
    assert client.get(f"/transfers/campaigns/{campaign.pk}/select/").status_code == 403
    login(client, world.ys_judge)  # 元氏 has no case in it
    assert client.get(f"/transfers/campaigns/{campaign.pk}/").status_code == 403


# --- selection --------------------------------------------------------------------------------------------------
def test_filter_pick_and_add_all_matching(world, client):
    zh_cases = [case_at(world) for _ in range(3)]
    ys_cases = [case_at(world, world.yuanshi, livelihood=True) for _ in range(2)]
    case_at(world, qingyuan(world))  # outside the jurisdiction: never offered
    campaign = make_campaign(world, cases=[zh_cases[0]], launch=False)
    login(client, world.officer)
    page = client.get(f"/transfers/campaigns/{campaign.pk}/select/", {"court": world.zanhuang.pk}).content.decode()
    assert (text_of(page, "matching-count"), text_of(page, "matching-in"), text_of(page, "campaign-count")) == ("3", "1", "1")
    assert f'id="pick-{zh_cases[0].pk}"' not in page and f'id="pick-{zh_cases[1].pk}"' in page
    # Pick one 赞皇 case by hand.
    with on(2026, 2, 22):
        response = client.post(f"/transfers/campaigns/{campaign.pk}/select/",
                               {"query": f"court={world.zanhuang.pk}", "case": [zh_cases[1].pk], "add_selected": ""})
    assert response.status_code == 302 and response["Location"].endswith(f"/select/?court={world.zanhuang.pk}")
    # Every livelihood case at 元氏 at once.
    with on(2026, 2, 22):
        client.post(f"/transfers/campaigns/{campaign.pk}/select/",
                    {"query": f"court={world.yuanshi.pk}&livelihood=true", "add_all": ""})
    assert set(campaign.entries.values_list("case_id", flat=True)) == {zh_cases[0].pk, zh_cases[1].pk, *[c.pk for c in ys_cases]}
    page = client.get(f"/transfers/campaigns/{campaign.pk}/select/").content.decode()
    assert (text_of(page, "matching-count"), text_of(page, "matching-in"), text_of(page, "campaign-count")) == ("5", "4", "4")


def test_a_case_picked_twice_is_reported_and_an_outsider_refused(world, client):
    a = case_at(world)
    outsider = case_at(world, qingyuan(world))
    campaign = make_campaign(world, cases=[a], launch=False)
    login(client, world.officer)
    with on(2026, 2, 22):
        client.post(f"/transfers/campaigns/{campaign.pk}/select/", {"query": "", "case": [a.pk]}, follow=False)
        shown = client.get(f"/transfers/campaigns/{campaign.pk}/select/").content.decode()
        refused = client.post(f"/transfers/campaigns/{campaign.pk}/select/", {"query": "", "case": [outsider.pk]})
    assert zh("Already in the campaign, not added again: %(numbers)s.", numbers=a.case_number) in shown
    assert refused.status_code == 400
    assert zh("Not a case of a court of %(court)s's jurisdiction: %(numbers)s.", court="石家庄市中级人民法院",
              numbers=outsider.case_number) in refused.content.decode()
    assert campaign.entries.count() == 1


# --- the ledger --------------------------------------------------------------------------------------------------
def test_a_basic_court_judge_sees_its_rows_and_reports_with_the_dossiers_figures(world, client):
    a, c = case_at(world), case_at(world, world.yuanshi, target="30000.00")
    respondent = c.case_parties.get(role="respondent").party_id
    with on(2026, 3, 6):
        money.payment_record(actor=world.ys_judge, case_id=c.pk, amount="1200.00", received_on="2026-03-05")
        money.payment_record(actor=world.ys_judge, case_id=c.pk, amount="800.00", received_on="2026-02-28")
        dossier.measure_issue(actor=world.ys_judge, case_id=c.pk, kind="compelled_appearance", respondent=respondent,
                              issued_on="2026-03-04", reason="拒不到场")
    campaign = make_campaign(world, cases=[a, c])
    login(client, world.ys_judge)
    with on(2026, 3, 10):
        page = client.get(f"/transfers/campaigns/{campaign.pk}/").content.decode()
    entry = entry_of(campaign, c)
    assert f'data-entry="{entry.pk}"' in page and f'data-entry="{entry_of(campaign, a).pk}"' not in page
    assert text_of(page, "total-cases") == "1"
    # Pre-filled from the dossier: the 拘传 of 03-04 and the payment of 03-05, not the one of 02-28.
    assert f'name="report-{entry.pk}-compelled_appearances" value="1"' in page
    assert f'name="report-{entry.pk}-amount_recovered" value="1200.00"' in page
    assert f'name="report-{entry.pk}-voluntary_performance" class="form-check-input" id="id_report-{entry.pk}-voluntary_performance" checked' in page \
        or re.search(rf'name="report-{entry.pk}-voluntary_performance"[^>]*checked', page)
    with on(2026, 3, 10):
        wrong = client.post(f"/transfers/campaigns/{campaign.pk}/cases/{entry.pk}/report/",
                            {f"report-{entry.pk}-compelled_appearances": "-2", f"report-{entry.pk}-amount_recovered": "1200"})
    assert wrong.status_code == 400
    assert field_error(wrong.content.decode(), f"report-{entry.pk}-compelled_appearances") == zh("The number cannot be negative.")
    assert CampaignCase.objects.get(pk=entry.pk).reported_at is None
    with on(2026, 3, 10):
        done = client.post(f"/transfers/campaigns/{campaign.pk}/cases/{entry.pk}/report/",
                           {f"report-{entry.pk}-compelled_appearances": "1", f"report-{entry.pk}-detentions": "0",
                            f"report-{entry.pk}-amount_recovered": "1,200.00", f"report-{entry.pk}-voluntary_performance": "on",
                            f"report-{entry.pk}-note": "拘传后当场履行", "query": ""})
    assert done.status_code == 302
    entry.refresh_from_db()
    assert (entry.compelled_appearances, entry.amount_recovered, entry.voluntary_performance, entry.reported_by) == (
        1, Decimal("1200.00"), True, world.ys_judge)
    # Another court's row: refused.
    with on(2026, 3, 10):
        other = client.post(f"/transfers/campaigns/{campaign.pk}/cases/{entry_of(campaign, a).pk}/report/",
                            {f"report-{entry_of(campaign, a).pk}-detentions": "1"})
    assert other.status_code == 403


def test_the_organiser_checks_off_and_reads_the_totals(world, client):
    a, b, c = case_at(world), case_at(world), case_at(world, world.yuanshi)
    campaign = make_campaign(world, cases=[a, b, c])
    with on(2026, 3, 12):
        svc.campaign_case_report(actor=world.judge, entry_id=entry_of(campaign, a).pk, compelled_appearances=2,
                                 detentions=1, amount_recovered="12345.67")
        svc.campaign_case_report(actor=world.ys_judge, entry_id=entry_of(campaign, c).pk, voluntary_performance=True,
                                 amount_recovered="5000.00")
    entry = entry_of(campaign, a)
    login(client, world.judge)
    with on(2026, 3, 13):
        assert client.post(f"/transfers/campaigns/{campaign.pk}/cases/{entry.pk}/clear/",
                           {f"clear-{entry.pk}-note": "已履行"}).status_code == 403
    login(client, world.officer)
    with on(2026, 3, 13):
        page = client.get(f"/transfers/campaigns/{campaign.pk}/").content.decode()
        assert f'id="clear-{entry.pk}-form"' in page and f'id="report-{entry.pk}-form"' not in page
        assert f'id="remove-{entry_of(campaign, b).pk}-form"' in page
        empty = client.post(f"/transfers/campaigns/{campaign.pk}/cases/{entry.pk}/clear/", {f"clear-{entry.pk}-note": ""})
        assert empty.status_code == 400
        assert field_error(empty.content.decode(), f"clear-{entry.pk}-note") == zh(
            "Say why the case can be checked off (e.g. performed in full, settlement agreed).")
        client.post(f"/transfers/campaigns/{campaign.pk}/cases/{entry.pk}/clear/", {f"clear-{entry.pk}-note": "执行完毕"})
        page = client.get(f"/transfers/campaigns/{campaign.pk}/").content.decode()
    totals = {key: text_of(page, f"total-{key}") for key in ("cases", "reported", "cleared", "compelled", "detentions",
                                                             "voluntary", "recovered")}
    assert totals == {"cases": "3", "reported": "2", "cleared": "1", "compelled": "2", "detentions": "1", "voluntary": "1",
                      "recovered": "¥17,345.67"}
    rows = re.findall(r'<tr data-court="(\d+)"><td>([^<]+)</td><td class="text-end">(\d+)</td>', page)
    assert [(name, n) for _pk, name, n in rows] == [("赞皇法院", "2"), ("元氏法院", "1")]
    # Filters: not reported yet.
    page = client.get(f"/transfers/campaigns/{campaign.pk}/", {"reported": "false"}).content.decode()
    assert re.findall(r'data-entry="(\d+)"', page) == [str(entry_of(campaign, b).pk)]


def test_a_closed_campaign_shows_no_form_and_refuses_a_report(world, client):
    a = case_at(world)
    campaign = make_campaign(world, cases=[a])
    login(client, world.judge)
    with on(2026, 4, 1):
        assert f'id="report-{entry_of(campaign, a).pk}-form"' in client.get(f"/transfers/campaigns/{campaign.pk}/").content.decode()
    login(client, world.officer)
    with on(2026, 4, 2):
        client.post(f"/transfers/campaigns/{campaign.pk}/close/", {"close-note": "行动结束"})
    assert Campaign.objects.get(pk=campaign.pk).status == "closed"
    login(client, world.judge)
    entry = entry_of(campaign, a)
    with on(2026, 4, 3):
        page = client.get(f"/transfers/campaigns/{campaign.pk}/").content.decode()
        assert 'id="campaign-closed"' in page and not re.findall(r'id="(?:report|clear|reopen|remove)-\d+-form"', page)
        response = client.post(f"/transfers/campaigns/{campaign.pk}/cases/{entry.pk}/report/",
                               {f"report-{entry.pk}-detentions": "1"}, follow=True)
    assert zh("The campaign %(name)s was closed on %(date)s: its ledger can no longer be changed.",
              name=campaign.name, date="2026-04-02") in response.content.decode()
    assert CampaignCase.objects.get(pk=entry.pk).reported_at is None


def test_the_ledger_costs_the_same_queries_whatever_its_length(world, client):
    campaign = make_campaign(world, cases=[case_at(world)])
    login(client, world.officer)

    def grow():
        more = [case_at(world), case_at(world, world.yuanshi), case_at(world)]
        with on(2026, 3, 2):
            svc.campaign_cases_add(actor=world.officer, campaign_id=campaign.pk, case_ids=[c.pk for c in more])
            svc.campaign_case_report(actor=world.ys_judge, entry_id=entry_of(campaign, more[1]).pk, detentions=1)

    with on(2026, 3, 3):
        response = assert_constant_queries(lambda: client.get(f"/transfers/campaigns/{campaign.pk}/"), grow)
    assert text_of(response.content.decode(), "total-cases") == "4"


# --- the export -----------------------------------------------------------------------------------------------------
def test_the_export_opens_with_the_ledger_rows_and_totals(world, client):
    a = case_at(world, respondent="甲公司", kind="organisation")
    b = case_at(world, respondent="乙")
    c = case_at(world, world.yuanshi, respondent="丙")
    campaign = make_campaign(world, cases=[a, b, c])
    with on(2026, 3, 12):
        svc.campaign_case_report(actor=world.judge, entry_id=entry_of(campaign, a).pk, compelled_appearances=1,
                                 detentions=1, amount_recovered="10000.10")
        svc.campaign_case_report(actor=world.ys_judge, entry_id=entry_of(campaign, c).pk, voluntary_performance=True,
                                 amount_recovered="2500.25", note="主动履行")
    with on(2026, 3, 13):
        svc.campaign_case_clear(actor=world.officer, entry_id=entry_of(campaign, c).pk, note="已履行完毕")
    login(client, world.officer)
    response = client.get(f"/transfers/campaigns/{campaign.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ledger, per_court = book.worksheets
    assert [ledger.title, per_court.title] == [zh("Campaign ledger"), zh("Totals per court")]
    # Amounts come back from Excel as numbers: read them as yuan to the cent.
    rows = [tuple(cents(v) for v in row) for row in ledger.iter_rows(values_only=True)]
    assert rows[0][0] == "2026年春季集中执行行动（2026-03-01 – 2026-03-31）"
    header, data, total = rows[2], rows[3:-1], rows[-1]
    assert header[1] == zh("Case number") and len(data) == 3
    by_number = {row[1]: row for row in data}
    assert by_number[a.case_number][:4] == ("赞皇县人民法院", a.case_number, "甲公司", "赵法官")
    assert by_number[a.case_number][9:13] == (1, 1, "否", Decimal("10000.10"))
    assert by_number[b.case_number][8:13] == ("否", None, None, None, None)
    assert by_number[c.case_number][12:14] == (Decimal("2500.25"), "主动履行")
    assert by_number[c.case_number][16] == dt.datetime(2026, 3, 13)
    assert total[9:13] == (1, 1, 1, Decimal("12500.35"))
    courts = [tuple(cents(v) for v in row) for row in per_court.iter_rows(values_only=True)][3:]
    assert courts == [("赞皇县人民法院", 2, 1, 1, 0, 1, 1, 0, Decimal("10000.10")),
                      ("元氏县人民法院", 1, 1, 0, 1, 0, 0, 1, Decimal("2500.25")),
                      (zh("Total"), 3, 2, 1, 1, 1, 1, 1, Decimal("12500.35"))]
    # A basic court exports its own rows only.
    login(client, world.ys_judge)
    book = load_workbook(io.BytesIO(b"".join(client.get(f"/transfers/campaigns/{campaign.pk}/export/").streaming_content)))
    assert [row[1] for row in list(book.worksheets[0].iter_rows(values_only=True))[3:-1]] == [c.case_number]


# --- the dossier panel ---------------------------------------------------------------------------------------------
def test_the_dossier_panel_lists_the_campaign_and_takes_the_report(world, client):
    a = case_at(world)
    campaign = make_campaign(world, cases=[a])
    entry = entry_of(campaign, a)
    login(client, world.judge)
    with on(2026, 3, 10):
        page = dossier_html(client, a)
        assert 'id="campaigns"' in page and campaign.name in page and f'id="camp-{entry.pk}-form"' in page
        bad = client.post(f"/transfers/cases/{a.pk}/campaigns/{entry.pk}/report/", {f"camp-{entry.pk}-detentions": "x"})
        assert bad.status_code == 400
        assert field_error(bad.content.decode(), f"camp-{entry.pk}-detentions") == zh("Enter a whole number.")
        done = client.post(f"/transfers/cases/{a.pk}/campaigns/{entry.pk}/report/",
                           {f"camp-{entry.pk}-detentions": "1", f"camp-{entry.pk}-amount_recovered": "500"})
    assert done.status_code == 302 and done["Location"] == f"/cases/{a.pk}/#campaigns"
    assert CampaignCase.objects.get(pk=entry.pk).detentions == 1
    # The upper court reads the panel without the form.
    login(client, world.supervisor)
    with on(2026, 3, 10):
        page = dossier_html(client, a)
    assert 'id="campaigns"' in page and f'id="camp-{entry.pk}-form"' not in page
