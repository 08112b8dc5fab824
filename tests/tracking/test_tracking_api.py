"""The tracking API (/api/v1/tracking-records/): recording a judgment with money as strings, the steps,
the one-step hand-off, structured 400s with nothing saved, 403 for other courts, 404, 409, the
metrics, and a list whose query count does not grow with its rows."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.models import CaseParty, EnforcementCase
from tests.factories import resident_id
from tests.queries import assert_constant_queries
from tests.tracking.helpers import OLD_ID, OLD_ORG_CODE, on, record
from tracking.models import TrackingRecord

pytestmark = pytest.mark.django_db

URL = "/api/v1/tracking-records/"


def body(world, **overrides) -> dict:
    data = {
        "court": world.zanhuang.pk, "division": "civil_2", "cause": "sales_contract",
        "basis": {"document_number": "（2025）冀0129民初2222号", "document_type": "mediation", "issuing_court": "赞皇县人民法院",
                  "effective_date": "2025-03-01", "performance_deadline": "2025-03-31", "principal_amount": "40000.00",
                  "obligations": "被告于2025年3月31日前支付原告货款40000元。"},
        "obligation_amount": "40000.00",
        "parties": [
            {"role": "obligee", "kind": "person", "name": "张建国", "id_number": resident_id(seq=621), "phone": "13803110001"},
            {"role": "obligor", "kind": "person", "name": "李老汉", "id_type": "resident_id", "id_number": OLD_ID},
            {"role": "obligor", "kind": "organisation", "name": "赞皇县老字号酿造厂", "id_type": "org_code",
             "id_number": OLD_ORG_CODE, "legal_representative": "李老汉"},
        ],
    }
    data.update(overrides)
    return data


def test_the_tracking_office_records_a_judgment_and_passes_it_on(world, as_user):
    clerk = as_user(world.clerk)
    with on(dt.date(2025, 3, 2)):
        created = clerk.post(URL, body(world), format="json")
    assert created.status_code == 201, created.json()
    rec = created.json()
    assert rec["status"] == "tracking" and rec["obligation_amount"] == "40000.00"
    assert rec["parties"][1]["id_number"] == OLD_ID, "the tracking office sees full identifiers"
    pk = rec["id"]
    obligor = next(p["id"] for p in rec["parties"] if p["name"] == "李老汉")
    with on(dt.date(2025, 3, 3)):
        assert clerk.post(f"{URL}{pk}/remind/", {"served_how": "direct", "recipient": obligor}, format="json").status_code == 200
        warned = clerk.post(f"{URL}{pk}/warn/", {"served_how": "electronic"}, format="json")
    assert [s["kind"] for s in warned.json()["steps"]] == ["reminder", "warning"]
    with on(dt.date(2025, 4, 2)):
        checked = clerk.post(f"{URL}{pk}/check/", {"statement": "performed_part", "reported_amount": "10000.00"}, format="json")
        assert checked.status_code == 200 and checked.json()["steps"][-1]["reported_amount"] == "10000.00"
        handed = clerk.post(f"{URL}{pk}/hand-off/", {"note": "申请执行"}, format="json")
        again = clerk.post(f"{URL}{pk}/hand-off/", {}, format="json")
    assert handed.status_code == 201, handed.json()
    case = handed.json()
    assert case["case_number"] == "（2025）冀0129执1号"
    assert case["basis"]["document_number"] == "（2025）冀0129民初2222号" and case["basis"]["document_type"] == "mediation"
    assert case["target_amount"] == "40000.00"
    assert {(p["role"], p["name"], p["id_number"]) for p in case["parties"]} == {
        ("applicant", "张建国", resident_id(seq=621)), ("respondent", "李老汉", OLD_ID), ("respondent", "赞皇县老字号酿造厂", "123456788")}
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    assert EnforcementCase.objects.count() == 1
    detail = clerk.get(f"{URL}{pk}/").json()
    assert detail["status"] == "enforcement" and detail["enforcement_case"]["case_number"] == case["case_number"]


def test_bad_input_answers_400_by_field_and_saves_nothing(world, as_user):
    clerk = as_user(world.clerk)
    bad = body(world, obligation_amount=40000.5)
    with on(dt.date(2025, 3, 2)):
        floats = clerk.post(URL, bad, format="json")
        parties = body(world)
        parties["parties"][0]["id_number"] = "130129198005170000"
        parties["basis"]["performance_deadline"] = "2025-02-01"
        checked = clerk.post(URL, parties, format="json")
        unknown = clerk.post(URL, body(world, colour="red"), format="json")
    assert floats.status_code == 400 and set(floats.json()) == {"obligation_amount"}
    assert checked.status_code == 400
    errors = checked.json()
    assert set(errors["basis"]) == {"performance_deadline"}
    assert errors["parties"][0]["id_number"] and errors["parties"][1] == {} and errors["parties"][2] == {}
    assert unknown.status_code == 400 and "colour" in unknown.json()
    assert TrackingRecord.objects.count() == 0


def test_other_courts_get_403_and_unknown_records_404(world, as_user):
    rec = record(world)
    outsider = as_user(world.ys_clerk)
    assert outsider.get(f"{URL}{rec.pk}/").status_code == 403
    assert outsider.post(f"{URL}{rec.pk}/remind/", {"served_how": "direct"}, format="json").status_code == 403
    assert outsider.get(URL).json()["count"] == 0
    judge = as_user(world.judge)
    assert judge.get(f"{URL}{rec.pk}/").status_code == 200, "the court's judges read"
    assert judge.post(f"{URL}{rec.pk}/remind/", {"served_how": "direct"}, format="json").status_code == 403
    assert judge.get(f"{URL}{rec.pk}/").json()["parties"][0]["id_number"].count("*") > 0, "masked for readers"
    with on(dt.date(2025, 3, 2)):
        assert outsider.post(URL, body(world), format="json").status_code == 403
    assert as_user(world.clerk).get(f"{URL}999999/").status_code == 404
    upper = as_user(world.supervisor).get(URL)
    assert upper.json()["count"] == 1, "the intermediate court reads its subtree"


def test_the_list_filters_like_the_browser_and_costs_constant_queries(world, as_user):
    clerk = as_user(world.clerk)
    record(world)

    def grow():
        for i in range(3):
            with on(dt.date(2025, 3, 2)):
                clerk.post(URL, body(world, basis={**body(world)["basis"], "document_number": f"（2025）冀0129民初{300 + i}号"}),
                           format="json")

    response = assert_constant_queries(lambda: clerk.get(URL), grow)
    assert response.json()["count"] == 4
    assert clerk.get(URL, {"division": "civil_2"}).json()["count"] == 3
    assert clerk.get(URL, {"q": "民初301"}).json()["count"] == 1
    assert clerk.get(URL, {"q": "李老汉"}).json()["count"] == 4
    with on(dt.date(2025, 3, 20)):
        assert clerk.get(URL, {"status": "overdue"}).json()["count"] == 1  # the first one: deadline 16 March, the others 31 March
    assert clerk.get(URL, {"status": "nonsense"}).status_code == 400


def test_metrics_endpoint(world, as_user):
    rec = record(world)
    clerk = as_user(world.clerk)
    with on(dt.date(2025, 3, 10)):
        clerk.post(f"{URL}{rec.pk}/outcome/", {"outcome": "performed_full"}, format="json")
    with on(dt.date(2025, 6, 1)):
        response = as_user(world.supervisor).get(f"{URL}metrics/", {"date_from": "2025-01-01", "date_to": "2025-06-01"})
        bad = clerk.get(f"{URL}metrics/", {"date_from": "2025-06-01", "date_to": "2025-01-01"})
        other = as_user(world.ys_clerk).get(f"{URL}metrics/", {"court": world.zanhuang.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["total"]["rate"] == "1.0000" and data["total"]["decided"] == 1
    assert data["rows"][0]["court_name"] == "赞皇县人民法院" and data["rows"][0]["mean_days"] == "9.0"
    assert bad.status_code == 400 and "date_to" in bad.json()
    assert other.status_code == 403


def test_hand_off_field_errors_come_from_the_registration(world, as_user):
    rec = record(world)
    # The obligee's ID was meanwhile registered under another name (another court's case):
    # the registration refuses, the record stays under tracking.
    from cases.models import Party

    obligee = rec.parties.get(role="obligee")
    Party.objects.create(kind="person", name="张建华", id_type="resident_id", id_number=obligee.id_number,
                         id_key="ric:" + obligee.id_number)
    with on(dt.date(2025, 4, 10)):
        response = as_user(world.clerk).post(f"{URL}{rec.pk}/hand-off/", {}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["parties"][0]
    assert TrackingRecord.objects.get(pk=rec.pk).status == "tracking"
    assert EnforcementCase.objects.count() == 0 and CaseParty.objects.count() == 0
