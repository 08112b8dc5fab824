"""The ledger API (/api/v1/reports/hard-cases/) and a case's petitions (/api/v1/cases/{id}/petitions/):
filters shared with the page, structured 400s with nothing written, 403 for other courts and roles,
404 unknown, 409 for a second check-off, constant query counts, all in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.models import HardCaseEntry, Petition
from tests.cases.dossier_helpers import fresh
from tests.queries import assert_constant_queries
from tests.reports.ledger_helpers import at, case_filed, petition, state_organ_case, sweep, yuanshi_chief

pytestmark = pytest.mark.django_db

LEDGER = "/api/v1/reports/hard-cases/"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def cases(world):
    old = case_filed(world, dt.date(2025, 1, 6))
    organ = state_organ_case(world, dt.date(2026, 5, 4))
    ys_old = case_filed(world, dt.date(2025, 3, 3), court=world.yuanshi)
    sweep(dt.date(2026, 5, 29))
    return {"old": old, "organ": organ, "ys_old": ys_old}


def test_the_ledger_list_filters_and_detail(world, as_user, cases):
    supervisor = as_user(world.supervisor)
    with at(TODAY):
        everything = supervisor.get(LEDGER).json()
        old = supervisor.get(LEDGER, {"category": "old", "court": world.zanhuang.pk}).json()
        none_cleared = supervisor.get(LEDGER, {"state": "cleared"}).json()
        bad = supervisor.get(LEDGER, {"category": "hard"})
    assert everything["count"] == 3
    assert [r["case"]["case_number"] for r in old["results"]] == [cases["old"].case_number]
    row = old["results"][0]
    assert row["category"] == "old" and row["source"] == "rule" and row["tagged_by"] is None
    assert row["days_open"] == 511 and row["figures"] == {"filed_on": "2025-01-06", "days_open": 508, "months": 12}
    assert row["case"]["court"]["name"] == "赞皇县人民法院" and row["is_open"] is True and row["cleared_on"] is None
    assert none_cleared["count"] == 0
    assert bad.status_code == 400 and set(bad.json()) == {"category"}
    with at(TODAY):
        detail = supervisor.get(f"{LEDGER}{row['id']}/")
        unknown = supervisor.get(f"{LEDGER}999999/")
        ys_entry = HardCaseEntry.objects.get(case=cases["ys_old"])
        other_court = as_user(world.chief).get(f"{LEDGER}{ys_entry.pk}/")
        judge = as_user(world.judge).get(LEDGER)
    assert detail.status_code == 200 and detail.json()["id"] == row["id"]
    assert unknown.status_code == 404 and other_court.status_code == 403 and judge.status_code == 403


def test_scoping_a_bureau_chief_lists_only_his_court(world, as_user, cases):
    with at(TODAY):
        mine = as_user(world.chief).get(LEDGER).json()
        theirs = as_user(yuanshi_chief(world)).get(LEDGER).json()
    assert sorted(r["case"]["id"] for r in mine["results"]) == sorted([cases["old"].pk, cases["organ"].pk])
    assert [r["case"]["id"] for r in theirs["results"]] == [cases["ys_old"].pk]


def test_clear_through_the_api(world, as_user, cases):
    entry = HardCaseEntry.objects.get(case=cases["old"])
    chief = as_user(world.chief)
    with at(TODAY):
        empty = chief.post(f"{LEDGER}{entry.pk}/clear/", {"reason": ""}, format="json")
        unknown_field = chief.post(f"{LEDGER}{entry.pk}/clear/", {"reason": "x", "why": "y"}, format="json")
        other = as_user(yuanshi_chief(world)).post(f"{LEDGER}{entry.pk}/clear/", {"reason": "x"}, format="json")
        done = chief.post(f"{LEDGER}{entry.pk}/clear/", {"reason": "已制定专项执行方案"}, format="json")
        again = chief.post(f"{LEDGER}{entry.pk}/clear/", {"reason": "再次"}, format="json")
    assert empty.status_code == 400 and set(empty.json()) == {"reason"}
    assert unknown_field.status_code == 400 and set(unknown_field.json()) == {"why"}
    assert other.status_code == 403
    assert done.status_code == 200
    body = done.json()
    assert (body["is_open"], body["cleared_on"], body["cleared_by"]["name"], body["clear_reason"]) == (
        False, "2026-06-01", "周局长", "已制定专项执行方案")
    assert again.status_code == 409 and again.json()["status"] == "cleared"


def test_tag_through_the_api(world, as_user, cases):
    case = cases["organ"]
    with at(TODAY):
        basic = as_user(world.chief).post(f"{LEDGER}tag/", {"case": case.pk, "category": "supervised", "reason": "x"}, format="json")
        hidden = as_user(yuanshi_chief(world)).post(f"{LEDGER}tag/", {"case": case.pk, "category": "sensitive", "reason": "x"},
                                                    format="json")
        by_rule = as_user(world.supervisor).post(f"{LEDGER}tag/", {"case": case.pk, "category": "old", "reason": "x"}, format="json")
        made = as_user(world.supervisor).post(f"{LEDGER}tag/", {"case": case.pk, "category": "supervised",
                                                                "reason": "中院挂牌督办"}, format="json")
        twice = as_user(world.officer).post(f"{LEDGER}tag/", {"case": case.pk, "category": "supervised", "reason": "再次"},
                                            format="json")
    assert basic.status_code == 403, "a basic court may not put its own case under supervision"
    assert hidden.status_code == 400 and set(hidden.json()) == {"case"}
    assert by_rule.status_code == 400 and set(by_rule.json()) == {"category"}
    assert made.status_code == 201
    assert (made.json()["category"], made.json()["source"], made.json()["tagged_by"]["name"]) == ("supervised", "manual", "郑院长")
    assert twice.status_code == 400 and set(twice.json()) == {"category"}
    assert fresh(case).upper_court_supervised is True
    assert HardCaseEntry.objects.filter(case=case, category="supervised").count() == 1


def test_the_ledger_list_costs_the_same_queries_for_more_rows(world, as_user, cases):
    supervisor = as_user(world.supervisor)

    def more():
        for n in range(3):
            state_organ_case(world, dt.date(2026, 5, 11 + n))
        sweep(dt.date(2026, 5, 30))

    with at(TODAY):
        response = assert_constant_queries(lambda: supervisor.get(LEDGER), more)
    assert response.json()["count"] == 6


# --- petitions ------------------------------------------------------------------------------------------
def petitions_url(case, tail: str = "") -> str:
    return f"/api/v1/cases/{case.pk}/petitions/{tail}"


def test_petitions_through_the_api(world, as_user):
    case = case_filed(world, dt.date(2026, 5, 4))
    clerk = as_user(world.clerk)
    body = {"received_on": "2026-05-11", "channel": "online", "petitioner_name": "张建国", "petitioner_standing": "applicant",
            "summary": "网上信访反映被执行人转移财产"}
    with at(dt.date(2026, 5, 11)):
        first = clerk.post(petitions_url(case), body, format="json")
        wrong = clerk.post(petitions_url(case), {**body, "channel": "fax", "summary": ""}, format="json")
        outsider = as_user(world.ys_clerk).post(petitions_url(case), body, format="json")
        upper = as_user(world.officer).post(petitions_url(case), {**body, "channel": "referred", "summary": "省院交办"},
                                            format="json")
        listed = as_user(world.judge).get(petitions_url(case)).json()
        unknown = clerk.get("/api/v1/cases/999999/petitions/")
    assert first.status_code == 201
    assert (first.json()["channel"], first.json()["recorded_by"]["name"], first.json()["replied_on"]) == ("online", "王立案", None)
    assert wrong.status_code == 400 and set(wrong.json()) == {"channel"}, "the serializer's choices first"
    assert outsider.status_code == 403
    assert upper.status_code == 201
    assert [p["channel"] for p in listed["results"]] == ["referred", "online"], "latest first"
    assert unknown.status_code == 404
    assert fresh(case).petition_count == 2
    entry = HardCaseEntry.objects.get(case=case)
    assert entry.category == "petitions" and entry.figures["petitions"] == 2
    with at(dt.date(2026, 5, 12)):
        blank = clerk.post(petitions_url(case), {**body, "petitioner_name": " ", "summary": ""}, format="json")
    assert blank.status_code == 400 and set(blank.json()) == {"petitioner_name", "summary"}
    assert Petition.objects.filter(case=case).count() == 2


def test_reply_through_the_api(world, as_user):
    case = case_filed(world, dt.date(2026, 5, 4))
    p = petition(world, case, dt.date(2026, 5, 11))
    judge = as_user(world.judge)
    with at(dt.date(2026, 5, 13)):
        done = judge.post(petitions_url(case, f"{p.pk}/reply/"), {"reply": "已书面答复申请人"}, format="json")
        again = judge.post(petitions_url(case, f"{p.pk}/reply/"), {"reply": "again"}, format="json")
        other = case_filed(world, dt.date(2026, 5, 4))
        elsewhere = judge.post(petitions_url(other, f"{p.pk}/reply/"), {"reply": "x"}, format="json")
    assert done.status_code == 200 and done.json()["replied_on"] == "2026-05-13" and done.json()["replied_by"]["name"] == "赵法官"
    assert again.status_code == 409
    assert elsewhere.status_code == 404


def test_the_schema_documents_the_ledger_and_petitions(world, as_user):
    schema = as_user(world.chief).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path, method in (("/api/v1/reports/hard-cases/", "get"), ("/api/v1/reports/hard-cases/{id}/", "get"),
                         ("/api/v1/reports/hard-cases/{id}/clear/", "post"), ("/api/v1/reports/hard-cases/tag/", "post"),
                         ("/api/v1/cases/{case_pk}/petitions/", "get"), ("/api/v1/cases/{case_pk}/petitions/", "post"),
                         ("/api/v1/cases/{case_pk}/petitions/{id}/reply/", "post")):
        assert method in paths[path], (path, method)
        assert {"403"} <= set(paths[path][method]["responses"]), (path, method)
    params = {p["name"] for p in paths["/api/v1/reports/hard-cases/"]["get"]["parameters"]}
    assert {"category", "court", "state", "case_status", "source", "case_number"} <= params
    assert "409" in paths["/api/v1/reports/hard-cases/{id}/clear/"]["post"]["responses"]
