"""The ledger page (/reports/hard-cases/): who reads it, scoping, counts per court and category, the
filters, check-off from a row, the court's thresholds, and the Excel export holding exactly the
filtered rows; and the hard-case card of the dossier with its forms."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from reports import hard_cases
from reports.models import HardCaseEntry, HardCaseRules
from tests.cases.dossier_helpers import fresh
from tests.dossier import dossier_html
from tests.queries import assert_constant_queries
from tests.reports.ledger_helpers import at, case_filed, petition, state_organ_case, sweep, yuanshi_chief

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
URL = "/reports/hard-cases/"


@pytest.fixture
def ledger(world):
    """Open entries at 赞皇 (老案, 难案, 棘手案; one 老案 checked off) and at 元氏 (老案), as of TODAY."""
    zh_old = case_filed(world, dt.date(2025, 1, 6))
    zh_old2 = case_filed(world, dt.date(2025, 2, 3))
    zh_petitions = case_filed(world, dt.date(2026, 3, 2))
    petition(world, zh_petitions, dt.date(2026, 4, 1))
    petition(world, zh_petitions, dt.date(2026, 4, 8))
    organ = state_organ_case(world, dt.date(2026, 5, 4))
    ys_old = case_filed(world, dt.date(2025, 3, 3), court=world.yuanshi)
    sweep(dt.date(2026, 5, 29))
    with at(dt.date(2026, 5, 29), 15):
        hard_cases.hard_case_clear(actor=world.chief, entry_id=HardCaseEntry.objects.get(case=zh_old2).pk,
                                   reason="已与申请人达成和解")
    return {"zh_old": zh_old, "zh_old2": zh_old2, "zh_petitions": zh_petitions, "organ": organ, "ys_old": ys_old}


def client_for(client, user):
    client.force_login(user)
    return client


def listed(response) -> list[tuple[int, str, str]]:
    html = response.content.decode()
    return [(int(case), category, state) for case, category, state in
            re.findall(r'data-case="(\d+)" data-category="(\w+)" data-state="(\w+)"', html)]


def test_the_bureau_chief_sees_his_courts_open_entries_longest_standing_first(world, client, ledger):
    with at(TODAY):
        response = client_for(client, world.chief).get(URL)
    assert response.status_code == 200
    assert listed(response) == [(ledger["zh_petitions"].pk, "petitions", "open"),
                                (ledger["organ"].pk, "special_subject", "open"),
                                (ledger["zh_old"].pk, "old", "open")], "entered on 2026-04-08, 05-04 (registered), 05-29"
    html = response.content.decode()
    old_row = html[html.index(f'data-case="{ledger["zh_old"].pk}"'):]
    assert re.search(r'class="text-end days-open">511<', old_row), "2025-01-06 → 2026-06-01"
    counts = html[html.index('id="hard-case-counts"'):html.index("</table>", html.index('id="hard-case-counts"'))]
    assert re.search(rf'data-court="{world.zanhuang.pk}"><td>赞皇县人民法院</td>' + r'<td class="text-end">1</td>' * 2
                     + r'<td class="text-end">0</td><td class="text-end">1</td><td class="text-end">0</td>'
                     + r'<td class="text-end fw-semibold">3</td>', counts), counts
    assert str(world.yuanshi.pk) not in re.findall(r'data-court="(\d+)"', counts)


def test_scoping_another_courts_staff_sees_none_of_these_entries_the_upper_court_sees_all(world, client, ledger):
    with at(TODAY):
        assert listed(client_for(client, yuanshi_chief(world)).get(URL)) == [(ledger["ys_old"].pk, "old", "open")]
        client.logout()
        everything = listed(client_for(client, world.supervisor).get(URL + "?state="))
        client.logout()
        judge = client_for(client, world.judge).get(URL)
    assert sorted(everything) == sorted([(ledger["zh_old"].pk, "old", "open"), (ledger["zh_old2"].pk, "old", "cleared"),
                                         (ledger["zh_petitions"].pk, "petitions", "open"),
                                         (ledger["organ"].pk, "special_subject", "open"), (ledger["ys_old"].pk, "old", "open")])
    assert judge.status_code == 403


def test_filters(world, client, ledger):
    c = client_for(client, world.supervisor)
    with at(TODAY):
        old = listed(c.get(URL, {"category": "old"}))
        cleared = listed(c.get(URL, {"state": "cleared"}))
        at_yuanshi = listed(c.get(URL, {"court": world.yuanshi.pk, "state": ""}))
        whole = listed(c.get(URL, {"court": world.sjz.pk}))
        by_rule = listed(c.get(URL, {"source": "manual"}))
        bad = c.get(URL, {"category": "nonsense"})
    assert old == [(ledger["zh_old"].pk, "old", "open"), (ledger["ys_old"].pk, "old", "open")]
    assert cleared == [(ledger["zh_old2"].pk, "old", "cleared")]
    assert at_yuanshi == [(ledger["ys_old"].pk, "old", "open")]
    assert len(whole) == 4, "an intermediate court's filter covers the courts below it"
    assert by_rule == []
    assert bad.status_code == 400


def test_check_off_from_the_list_with_a_reason(world, client, ledger):
    c = client_for(client, world.chief)
    entry = HardCaseEntry.objects.get(case=ledger["zh_petitions"])
    with at(TODAY):
        page = c.get(URL, {"category": "petitions"})
        assert f'id="hc-clear-{entry.pk}-form"' in page.content.decode()
        refused = c.post(f"/reports/hard-cases/{entry.pk}/clear/", {f"hc-clear-{entry.pk}-reason": " ", "query": "category=petitions"})
        assert refused.status_code == 400
        assert "请说明销号理由" in refused.content.decode() or "Give the reason for the check-off" in refused.content.decode()
        assert HardCaseEntry.objects.get(pk=entry.pk).is_open
        done = c.post(f"/reports/hard-cases/{entry.pk}/clear/",
                      {f"hc-clear-{entry.pk}-reason": "已向申请人书面答复", "query": "category=petitions"})
    assert done.status_code == 302 and done["Location"] == URL + "?category=petitions"
    entry.refresh_from_db()
    assert (entry.cleared_on, entry.cleared_by, entry.clear_reason) == (TODAY, world.chief, "已向申请人书面答复")


def test_another_court_cannot_check_off_and_a_basic_court_cannot_lift_supervision(world, client, ledger):
    entry = HardCaseEntry.objects.get(case=ledger["zh_old"])
    with at(TODAY):
        hidden = client_for(client, yuanshi_chief(world)).post(f"/reports/hard-cases/{entry.pk}/clear/",
                                                               {f"hc-clear-{entry.pk}-reason": "x"})
        client.logout()
        supervised = hard_cases.hard_case_tag(actor=world.supervisor, case_id=ledger["organ"].pk, category="supervised",
                                              reason="中院督办")
        own = client_for(client, world.chief).post(f"/reports/hard-cases/{supervised.pk}/clear/",
                                                   {f"hc-clear-{supervised.pk}-reason": "x"})
        page = client.get(URL, {"category": "supervised"}).content.decode()
    assert hidden.status_code == 403 and own.status_code == 403
    assert f'id="hc-clear-{supervised.pk}-form"' not in page
    assert HardCaseEntry.objects.get(pk=entry.pk).is_open and HardCaseEntry.objects.get(pk=supervised.pk).is_open


def test_the_export_holds_exactly_the_filtered_rows(world, client, ledger):
    c = client_for(client, world.supervisor)
    with at(TODAY):
        response = c.get("/reports/hard-cases/export/", {"category": "old", "state": ""})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True)]
    zh_old, zh_old2, ys_old = (fresh(ledger[k]) for k in ("zh_old", "zh_old2", "ys_old"))
    assert [(r[0], r[5], r[6], r[11].date(), r[14].date() if r[14] else None, r[16]) for r in rows] == [
        (zh_old.case_number, 511, 0, dt.date(2026, 5, 29), None, None),
        (ys_old.case_number, 455, 0, dt.date(2026, 5, 29), None, None),
        (zh_old2.case_number, 483, 0, dt.date(2026, 5, 29), dt.date(2026, 5, 29), "已与申请人达成和解"),
    ]
    assert [r[7] for r in rows] == [85000, 85000, 85000] and sheet.cell(5, 8).number_format == "#,##0.00"
    with at(TODAY):
        only_open_at_zanhuang = c.get("/reports/hard-cases/export/", {"court": world.zanhuang.pk})
    sheet = load_workbook(io.BytesIO(b"".join(only_open_at_zanhuang.streaming_content))).worksheets[0]
    assert sorted(r[0] for r in sheet.iter_rows(min_row=5, values_only=True)) == sorted(
        fresh(ledger[k]).case_number for k in ("zh_old", "zh_petitions", "organ"))


def test_the_list_costs_the_same_queries_whatever_its_length(world, client, ledger):
    c = client_for(client, world.supervisor)

    def more():
        for n in range(4):
            case_filed(world, dt.date(2025, 4, 7 + n))
        sweep(dt.date(2026, 5, 30))

    with at(TODAY):
        response = assert_constant_queries(lambda: c.get(URL), more)
    assert len(listed(response)) == 8


def test_the_bureau_chief_sets_the_courts_thresholds(world, client, english):
    c = client_for(client, world.chief)
    with at(TODAY):
        refused = c.post("/reports/hard-cases/rules/", {"rules-old_after_months": "0", "rules-petitions_threshold": "3",
                                                        "rules-reason": "x"})
        assert refused.status_code == 400 and not HardCaseRules.objects.exists()
        saved = c.post("/reports/hard-cases/rules/", {"rules-old_after_months": "18", "rules-petitions_threshold": "3",
                                                      "rules-reason": "本院积案较多，集中清理18个月以上案件"})
        client.logout()
        judge = client_for(client, world.supervisor).post("/reports/hard-cases/rules/", {
            "rules-old_after_months": "6", "rules-petitions_threshold": "1", "rules-reason": "x"})
    assert saved.status_code == 302
    rules = HardCaseRules.objects.get(court=world.zanhuang)
    assert (rules.old_after_months, rules.petitions_threshold, rules.updated_by) == (18, 3, world.chief)
    assert judge.status_code == 403, "an upper court reads the ledger but sets no basic court's rules"


# --- the dossier card ----------------------------------------------------------------------------------
def test_the_dossier_card_records_a_petition_and_shows_the_entry(world, client):
    case = case_filed(world, dt.date(2026, 5, 4))
    petition(world, case, dt.date(2026, 5, 11))
    c = client_for(client, world.chief)
    with at(dt.date(2026, 5, 18)):
        page = dossier_html(c, case)
        assert 'id="pet-form"' in page and 'id="hc-sensitive-form"' in page
        assert 'id="hc-supervised-form"' not in page, "a basic court does not supervise its own case"
        bad = c.post(f"/cases/{case.pk}/petitions/", {"pet-received_on": "2026-05-18", "pet-channel": "visit"})
        assert bad.status_code == 400 and fresh(case).petition_count == 1
        done = c.post(f"/cases/{case.pk}/petitions/", {
            "pet-received_on": "2026-05-18", "pet-channel": "hotline", "pet-petitioner_name": "张建国",
            "pet-petitioner_standing": "applicant", "pet-summary": "拨打12368反映案件无进展"})
        assert done.status_code == 302 and done["Location"] == f"/cases/{case.pk}/#hard-cases"
        page = dossier_html(c, case)
    entry = HardCaseEntry.objects.get(case=case)
    assert entry.category == "petitions"
    assert f'id="hard-case-{entry.pk}" data-category="petitions" data-state="open"' in page
    assert f'id="hc-clear-{entry.pk}-form"' in page
    with at(dt.date(2026, 5, 18)):
        client.logout()
        upper = dossier_html(client_for(client, world.supervisor), case)
        client.logout()
        outsider = client_for(client, world.ys_judge).post(f"/cases/{case.pk}/petitions/", {"pet-summary": "x"})
    assert 'id="hc-supervised-form"' in upper and 'id="pet-form"' in upper
    assert outsider.status_code == 403


def test_tagging_and_check_off_from_the_dossier(world, client):
    case = case_filed(world, dt.date(2026, 5, 4))
    c = client_for(client, world.supervisor)
    with at(dt.date(2026, 5, 18)):
        empty = c.post(f"/cases/{case.pk}/hard-cases/tag/supervised/", {"hc-supervised-reason": ""})
        done = c.post(f"/cases/{case.pk}/hard-cases/tag/supervised/", {"hc-supervised-reason": "列为中院督办案件"})
        wrong = c.post(f"/cases/{case.pk}/hard-cases/tag/old/", {"hc-old-reason": "x"})
    assert empty.status_code == 400 and done.status_code == 302 and wrong.status_code == 404
    entry = HardCaseEntry.objects.get(case=case)
    assert fresh(case).upper_court_supervised
    with at(dt.date(2026, 5, 19)):
        cleared = c.post(f"/cases/{case.pk}/hard-cases/{entry.pk}/clear/", {f"hc-clear-{entry.pk}-reason": "督办事项已办结"})
    assert cleared.status_code == 302 and not fresh(case).upper_court_supervised
    entry.refresh_from_db()
    assert entry.clear_reason == "督办事项已办结"
