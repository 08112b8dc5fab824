"""The campaigns API (/api/v1/reports/campaigns/, issue #5): permissions by role and court (403 before the
body is read), field errors (400) keyed by field, conflicts (409) once closed, exact totals, and the
list's query count."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.cases.dossier_helpers import on
from tests.factories import UserFactory
from tests.queries import assert_constant_queries
from tests.transfers import test_api
from tests.transfers.campaign_helpers import case_at, entry_of, make_campaign, qingyuan
from transfers import campaigns as svc
from transfers.models import Campaign, CampaignCase

as_user = test_api.as_user  # API clients that ask for English, to compare messages with the msgids

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reports/campaigns/"


def cases_url(campaign, entry=None, action: str = "") -> str:
    url = f"{BASE}{campaign.pk}/cases/"
    if entry is not None:
        url += f"{entry.pk}/"
    return url + (f"{action}/" if action else "")


def test_officer_creates_a_campaign_and_a_judge_may_not(world, as_user, english):
    with on(2026, 2, 20):
        made = as_user(world.officer).post(BASE, {"name": "2026年春季集中执行行动", "starts_on": "2026-03-01",
                                                  "ends_on": "2026-03-31", "description": "集中清理"}, format="json")
        refused = as_user(world.judge).post(BASE, {"name": "行动", "starts_on": "2026-03-01", "ends_on": "2026-03-31"},
                                            format="json")
        bad = as_user(world.officer).post(BASE, {"name": "行动", "starts_on": "2026-03-31", "ends_on": "2026-03-01"},
                                          format="json")
        unknown = as_user(world.officer).post(BASE, {"name": "行动", "start": "2026-03-01"}, format="json")
    assert made.status_code == 201, made.data
    assert (made.data["court"], made.data["status"], made.data["cases"], made.data["can_manage"]) == (
        {"id": world.sjz.pk, "name": "石家庄市中级人民法院"}, "draft", 0, True)
    assert refused.status_code == 403
    assert bad.status_code == 400 and bad.data == {"ends_on": ["The campaign cannot end before it starts (2026-03-31)."]}
    assert unknown.status_code == 400 and list(unknown.data) == ["start"]
    assert Campaign.objects.count() == 1


def test_cases_are_added_with_duplicates_reported_and_outsiders_refused(world, as_user, english):
    a, b = case_at(world), case_at(world, world.yuanshi)
    outsider = case_at(world, qingyuan(world))
    campaign = make_campaign(world, cases=[a], launch=False)
    api = as_user(world.officer)
    with on(2026, 2, 21):
        added = api.post(cases_url(campaign), {"cases": [a.pk, b.pk]}, format="json")
        refused = api.post(cases_url(campaign), {"cases": [outsider.pk]}, format="json")
        by_judge = as_user(world.judge).post(cases_url(campaign), {"cases": [b.pk]}, format="json")
    assert added.status_code == 201 and added.data == {"added": [b.pk], "already_in": [a.case_number], "cases": 2}
    assert refused.status_code == 400
    assert refused.data == {"cases": [f"Not a case of a court of 石家庄市中级人民法院's jurisdiction: {outsider.case_number}."]}
    assert by_judge.status_code == 403
    assert campaign.entries.count() == 2


def test_a_basic_court_lists_and_reports_only_its_own_cases(world, as_user, english):
    a, c = case_at(world), case_at(world, world.yuanshi, target="20000.00")
    campaign = make_campaign(world, cases=[a, c])
    api = as_user(world.ys_judge)
    listed = api.get(cases_url(campaign))
    assert listed.status_code == 200 and [row["case"]["id"] for row in listed.data["results"]] == [c.pk]
    assert listed.data["results"][0]["dossier"] == {"compelled_appearances": 0, "detentions": 0, "amount_recovered": "0.00",
                                                    "payments": 0, "voluntary_performance": False}
    with on(2026, 3, 10):
        other = api.post(cases_url(campaign, entry_of(campaign, a), "report"), {"detentions": 1}, format="json")
        bad = api.post(cases_url(campaign, entry_of(campaign, c), "report"), {"amount_recovered": "20000.01"}, format="json")
        done = api.post(cases_url(campaign, entry_of(campaign, c), "report"),
                        {"compelled_appearances": 1, "detentions": 1, "voluntary_performance": True,
                         "amount_recovered": "8000.40", "note": "拘留后履行部分"}, format="json")
    assert other.status_code == 403
    assert bad.status_code == 400 and bad.data == {"amount_recovered": ["More than the amount applied for in this case (¥20,000.00)."]}
    assert done.status_code == 200, done.data
    assert (done.data["reported"], done.data["compelled_appearances"], done.data["amount_recovered"], done.data["dossier"]) == (
        True, 1, "8000.40", None)
    assert done.data["reported_by"] == {"id": world.ys_judge.pk, "name": "陈法官"}
    # Its campaign list counts its own cases only; the organiser's the whole campaign.
    mine = api.get(BASE).data["results"]
    assert [(row["id"], row["cases"], row["reported"], row["recovered"]) for row in mine] == [(campaign.pk, 1, 1, "8000.40")]
    assert as_user(world.officer).get(f"{BASE}{campaign.pk}/").data["cases"] == 2


def test_totals_endpoint_adds_up_per_court(world, as_user):
    a, b, c = case_at(world), case_at(world), case_at(world, world.yuanshi)
    campaign = make_campaign(world, cases=[a, b, c])
    with on(2026, 3, 12):
        svc.campaign_case_report(actor=world.judge, entry_id=entry_of(campaign, a).pk, compelled_appearances=2,
                                 amount_recovered="1000.10")
        svc.campaign_case_report(actor=world.judge, entry_id=entry_of(campaign, b).pk, detentions=1,
                                 voluntary_performance=True, amount_recovered="2000.20")
        svc.campaign_case_report(actor=world.ys_judge, entry_id=entry_of(campaign, c).pk, voluntary_performance=True,
                                 amount_recovered="300.03")
    with on(2026, 3, 20):
        svc.campaign_case_clear(actor=world.officer, entry_id=entry_of(campaign, b).pk, note="已履行")
    data = as_user(world.supervisor).get(f"{BASE}{campaign.pk}/totals/").data
    assert data["totals"] == {"cases": 3, "reported": 3, "unreported": 0, "cleared": 1, "not_cleared": 2,
                              "compelled_appearances": 2, "detentions": 1, "voluntary": 2, "recovered": "3300.33"}
    assert [(row["court"]["name"], row["cases"], row["recovered"]) for row in data["courts"]] == [
        ("赞皇县人民法院", 2, "3000.30"), ("元氏县人民法院", 1, "300.03")]
    basic = as_user(world.ys_judge).get(f"{BASE}{campaign.pk}/totals/").data
    assert (basic["totals"]["cases"], basic["totals"]["recovered"]) == (1, "300.03")


def test_check_off_and_reopen_belong_to_the_organiser(world, as_user):
    a = case_at(world)
    campaign = make_campaign(world, cases=[a])
    entry = entry_of(campaign, a)
    with on(2026, 3, 12):
        svc.campaign_case_report(actor=world.judge, entry_id=entry.pk, detentions=1)
        by_chief = as_user(world.chief).post(cases_url(campaign, entry, "clear"), {"note": "已履行"}, format="json")
        no_note = as_user(world.officer).post(cases_url(campaign, entry, "clear"), {}, format="json")
        cleared = as_user(world.officer).post(cases_url(campaign, entry, "clear"), {"note": "已履行完毕"}, format="json")
        again = as_user(world.officer).post(cases_url(campaign, entry, "clear"), {"note": "再次"}, format="json")
        reopened = as_user(world.officer).post(cases_url(campaign, entry, "reopen"), {"reason": "款项未到位"}, format="json")
    assert by_chief.status_code == 403
    assert no_note.status_code == 400 and list(no_note.data) == ["note"]
    assert cleared.status_code == 200 and cleared.data["cleared"] is True and cleared.data["cleared_on"] == "2026-03-12"
    assert again.status_code == 409
    assert reopened.status_code == 200 and reopened.data["cleared"] is False


def test_remove_before_report_and_a_closed_campaign_answers_409(world, as_user):
    a, b = case_at(world), case_at(world)
    campaign = make_campaign(world, cases=[a, b])
    api = as_user(world.officer)
    with on(2026, 3, 12):
        svc.campaign_case_report(actor=world.judge, entry_id=entry_of(campaign, a).pk, detentions=1)
        reported = api.delete(cases_url(campaign, entry_of(campaign, a)) + "?reason=误选")
        removed = api.delete(cases_url(campaign, entry_of(campaign, b)) + "?reason=误选")
    assert reported.status_code == 409 and removed.status_code == 204
    assert list(campaign.entries.values_list("case_id", flat=True)) == [a.pk]
    with on(2026, 4, 2):
        closed = api.post(f"{BASE}{campaign.pk}/close/", {"note": "行动结束"}, format="json")
        late = as_user(world.judge).post(cases_url(campaign, entry_of(campaign, a), "report"), {"detentions": 2},
                                         format="json")
        patched = api.patch(f"{BASE}{campaign.pk}/", {"name": "改名"}, format="json")
    assert closed.status_code == 200 and (closed.data["campaign"]["status"], closed.data["unreported"]) == ("closed", 0)
    assert late.status_code == 409 and patched.status_code == 409
    assert CampaignCase.objects.get(campaign=campaign, case=a).detentions == 1


def test_candidates_filter_the_jurisdictions_open_cases(world, as_user):
    a = case_at(world, respondent="王富贵")
    b = case_at(world, world.yuanshi, respondent="王富贵", livelihood=True)
    case_at(world, world.yuanshi, respondent="李四")
    case_at(world, qingyuan(world), respondent="王富贵")
    campaign = make_campaign(world, cases=[a], launch=False)
    api = as_user(world.officer)
    rows = api.get(f"{BASE}{campaign.pk}/candidates/", {"respondent": "王富贵"}).data["results"]
    assert sorted((r["id"], r["in_campaign"]) for r in rows) == sorted([(a.pk, True), (b.pk, False)])
    rows = api.get(f"{BASE}{campaign.pk}/candidates/", {"court": world.yuanshi.pk, "livelihood": "true"}).data["results"]
    assert [r["id"] for r in rows] == [b.pk]
    rows = api.get(f"{BASE}{campaign.pk}/candidates/", {"in_campaign": "false", "outstanding_min": "85000"}).data["results"]
    assert len(rows) == 2 and a.pk not in [r["id"] for r in rows]
    assert as_user(world.judge).get(f"{BASE}{campaign.pk}/candidates/").status_code == 403


def test_unknown_is_404_and_not_concerned_is_403(world, as_user):
    a = case_at(world)
    campaign = make_campaign(world, cases=[a])
    outsider = as_user(UserFactory(role="judge", court=qingyuan(world)))
    assert outsider.get(f"{BASE}{campaign.pk}/").status_code == 403
    assert outsider.get(cases_url(campaign)).status_code == 403
    assert as_user(world.officer).get(f"{BASE}999999/").status_code == 404
    assert as_user(world.officer).get(f"{BASE}{campaign.pk}/cases/999999/").status_code == 404
    assert as_user(world.ys_judge).get(cases_url(campaign, entry_of(campaign, a))).status_code == 403


def test_the_ledger_list_costs_the_same_queries_whatever_its_length(world, as_user):
    cases = [case_at(world)]
    campaign = make_campaign(world, cases=cases)
    api = as_user(world.officer)

    def grow():
        more = [case_at(world), case_at(world, world.yuanshi), case_at(world)]
        with on(2026, 3, 2):
            svc.campaign_cases_add(actor=world.officer, campaign_id=campaign.pk, case_ids=[c.pk for c in more])
            svc.campaign_case_report(actor=world.judge, entry_id=entry_of(campaign, more[0]).pk, detentions=1)

    response = assert_constant_queries(lambda: api.get(cases_url(campaign)), grow)
    assert response.data["count"] == 4
    assert sum(Decimal(r["amount_recovered"]) for r in response.data["results"]) == Decimal("0.00")
