"""The relief API nested under the case (judicial-aid/, bankruptcy-referral/, custodians/) and the
report: money as strings, structured 400s, 403 for other courts and for decisions that are the bureau
chief's, 404 unknown, 409 illegal state, lists of constant query count, all in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import dossier
from relief.models import BankruptcyReferral, JudicialAid
from tests.queries import assert_constant_queries
from tests.relief.helpers import applicant, day, make_case, respondent

pytestmark = pytest.mark.django_db


def url(case, tail: str = "") -> str:
    return f"/api/v1/cases/{case.pk}/{tail}"


def test_judicial_aid_through_the_api(world, as_user):
    case = make_case(world, respondent_kind="person")
    judge, chief = as_user(world.judge), as_user(world.chief)
    with day(dt.date(2026, 3, 2)):
        created = judge.post(url(case, "judicial-aid/"), {"applicant": applicant(case), "category": "disability",
                                                          "facts": "申请人系一级残疾，无劳动能力。"}, format="json")
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        assert judge.post(url(case, f"judicial-aid/{pk}/assess/"), {"assessment": "属实"}, format="json").status_code == 200
        forbidden = judge.post(url(case, f"judicial-aid/{pk}/decide/"), {"decision": "grant", "amount": "3000.00"}, format="json")
        floats = chief.post(url(case, f"judicial-aid/{pk}/decide/"), {"decision": "grant", "amount": 3000.5}, format="json")
        granted = chief.post(url(case, f"judicial-aid/{pk}/decide/"), {"decision": "grant", "amount": "3000.00"}, format="json")
        twice = chief.post(url(case, f"judicial-aid/{pk}/decide/"), {"decision": "refuse", "reason": "x"}, format="json")
        paid = judge.post(url(case, f"judicial-aid/{pk}/pay/"), {"amount": "1000.00"}, format="json")
    assert forbidden.status_code == 403
    assert floats.status_code == 400 and set(floats.json()) == {"amount"}
    assert granted.status_code == 200 and granted.json()["granted_amount"] == "3000.00"
    assert twice.status_code == 409 and twice.json()["status"] == "granted"
    assert paid.status_code == 201 and paid.json()["paid_amount"] == "1000.00" and paid.json()["unpaid_amount"] == "2000.00"
    ledger = judge.get(url(case, "ledger/")).json()
    assert ledger["recovered"] == "0.00", "aid is not recovered money"


def test_a_referral_through_the_api(world, as_user):
    case = make_case(world)
    judge, chief = as_user(world.judge), as_user(world.chief)
    with day(dt.date(2026, 2, 2)):
        started = judge.post(url(case, "bankruptcy-referral/"), {"respondent": respondent(case), "grounds": "资不抵债"}, format="json")
        pk = started.json()["id"]
        judge.post(url(case, f"bankruptcy-referral/{pk}/consents/"), {"party": applicant(case)}, format="json")
        assert chief.post(url(case, f"bankruptcy-referral/{pk}/decide/"), {}, format="json").status_code == 200
        again = chief.post(url(case, f"bankruptcy-referral/{pk}/decide/"), {}, format="json")
        bad_court = judge.post(url(case, f"bankruptcy-referral/{pk}/transfer/"), {"bankruptcy_court": 999999}, format="json")
        judge.post(url(case, f"bankruptcy-referral/{pk}/transfer/"), {"bankruptcy_court": world.sjz.pk}, format="json")
        accepted = judge.post(url(case, f"bankruptcy-referral/{pk}/outcome/"),
                              {"outcome": "accepted", "ruling_number": "（2026）冀01破3号"}, format="json")
    assert started.status_code == 201
    assert again.status_code == 409
    assert bad_court.status_code == 400 and set(bad_court.json()) == {"bankruptcy_court"}
    assert accepted.status_code == 200, accepted.json()
    data = accepted.json()
    assert data["status"] == "accepted" and data["bankruptcy_court"]["name"] == "石家庄市中级人民法院"
    assert [c["party"]["id"] for c in data["consents"]] == [applicant(case)]
    detail = judge.get(f"/api/v1/cases/{case.pk}/").json()
    assert detail["status"] == "closed" and detail["closure_type"] == "terminated"
    closed_write = judge.post(url(case, "bankruptcy-referral/"), {"respondent": respondent(case), "grounds": "x"}, format="json")
    assert closed_write.status_code == 409


def test_custodians_through_the_api(world, as_user):
    case = make_case(world)
    judge = as_user(world.judge)
    with day(dt.date(2026, 1, 10)):
        shop = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="seal_movable", asset="冀A12345 货车",
                                     started_on=dt.date(2026, 1, 10))
        appointed = judge.post(url(case, "custodians/"), {"kind": "custodian", "control": shop.pk, "name": "某拍卖行", "scope": "sell"},
                               format="json")
        pk = appointed.json()["id"]
        sold = judge.post(url(case, f"custodians/{pk}/proceeds/"), {"source": "sale", "gross_amount": "50000.00",
                                                                     "fee_amount": "1500.00"}, format="json")
        wrong = judge.post(url(case, f"custodians/{pk}/proceeds/"), {"source": "sale", "gross_amount": "1", "extra": 1}, format="json")
        reported = judge.post(url(case, f"custodians/{pk}/reports/"), {"text": "车辆已变卖"}, format="json")
        ended = judge.post(url(case, f"custodians/{pk}/end/"), {"reason": "委托事项完成"}, format="json")
    assert appointed.status_code == 201 and appointed.json()["asset"] == "冀A12345 货车"
    assert sold.status_code == 201
    proceed = sold.json()["proceeds"][0]
    assert (proceed["gross_amount"], proceed["fee_amount"], proceed["amount"]) == ("50000.00", "1500.00", "48500.00")
    assert wrong.status_code == 400 and "extra" in wrong.json()
    assert reported.status_code == 201 and ended.json()["status"] == "ended"
    payments = judge.get(url(case, "payments/")).json()["results"]
    assert [(p["id"], p["source"], p["amount"], p["control"]) for p in payments] == [
        (proceed["payment"], "custodian", "48500.00", shop.pk)]
    assert judge.get(url(case, "ledger/")).json()["recovered"] == "48500.00"


def test_other_courts_get_403_and_unknown_ids_404(world, as_user):
    case = make_case(world)
    with day(dt.date(2026, 2, 2)):
        JudicialAid.objects.create(case=case, applicant_id=applicant(case), category="other", facts="x", applied_on=dt.date(2026, 2, 2))
    outsider = as_user(world.ys_judge)
    for tail in ("judicial-aid/", "bankruptcy-referral/", "custodians/"):
        assert outsider.get(url(case, tail)).status_code == 403
        assert outsider.post(url(case, tail), {}, format="json").status_code == 403
        assert as_user(world.judge).get(f"/api/v1/cases/999999/{tail}").status_code == 404
    aid = JudicialAid.objects.get()
    other = make_case(world)
    assert as_user(world.judge).post(url(other, f"judicial-aid/{aid.pk}/assess/"), {"assessment": "x"}, format="json").status_code == 404
    assert as_user(world.supervisor).get(url(case, "judicial-aid/")).status_code == 200, "upper courts read"
    assert as_user(world.supervisor).post(url(case, "judicial-aid/"), {}, format="json").status_code == 403


def test_lists_cost_constant_queries(world, as_user):
    case = make_case(world)
    judge = as_user(world.judge)
    with day(dt.date(2026, 1, 10)):
        shops = [dossier.control_apply(actor=world.judge, case_id=case.pk, kind="seal_real_estate", asset=f"商铺{i}号",
                                       started_on=dt.date(2026, 1, 10)) for i in range(3)]

    def add(i):
        with day(dt.date(2026, 2, 2)):
            c = judge.post(url(case, "custodians/"), {"kind": "custodian", "control": shops[i].pk, "name": f"管理人{i}", "scope": "lease"},
                           format="json").json()
            judge.post(url(case, f"custodians/{c['id']}/proceeds/"), {"source": "rent", "gross_amount": "100.00"}, format="json")
            judge.post(url(case, f"custodians/{c['id']}/reports/"), {"text": "月报"}, format="json")

    add(0)
    assert_constant_queries(lambda: judge.get(url(case, "custodians/")), lambda: (add(1), add(2)))

    def refer():
        with day(dt.date(2026, 2, 2)):
            r = services_referral(world, case)
            judge.post(url(case, f"bankruptcy-referral/{r}/consents/"), {"party": applicant(case)}, format="json")
            judge.post(url(case, f"bankruptcy-referral/{r}/cancel/"), {"reason": "未获同意"}, format="json")

    refer()
    assert_constant_queries(lambda: judge.get(url(case, "bankruptcy-referral/")), refer)
    assert BankruptcyReferral.objects.count() == 2


def services_referral(world, case) -> int:
    from relief import services

    return services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case), grounds="资不抵债").pk


def test_report_endpoint(world, as_user):
    case = make_case(world)
    with day(dt.date(2026, 2, 2)):
        services_referral(world, case)
    response = as_user(world.supervisor).get("/api/v1/relief/report/", {"date_from": "2026-01-01", "date_to": "2026-12-31"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"]["referrals_started"] == 1 and data["total"]["referrals_active"] == 1
    assert data["rows"][0]["court_name"] == "赞皇县人民法院"
    assert as_user(world.ys_judge).get("/api/v1/relief/report/", {"court": world.zanhuang.pk}).status_code == 403
    assert as_user(world.ys_judge).get("/api/v1/relief/report/").json()["rows"] == []


def test_every_endpoint_is_in_the_schema_with_its_errors(world, as_user):
    schema = as_user(world.judge).get("/api/schema/?format=json").json()
    case = "/api/v1/cases/{case_pk}"
    expected = {
        f"{case}/judicial-aid/": {"get", "post"}, f"{case}/judicial-aid/{{id}}/": {"get"},
        f"{case}/judicial-aid/{{id}}/assess/": {"post"}, f"{case}/judicial-aid/{{id}}/decide/": {"post"},
        f"{case}/judicial-aid/{{id}}/pay/": {"post"},
        f"{case}/bankruptcy-referral/": {"get", "post"}, f"{case}/bankruptcy-referral/{{id}}/": {"get"},
        f"{case}/bankruptcy-referral/{{id}}/consents/": {"post"}, f"{case}/bankruptcy-referral/{{id}}/decide/": {"post"},
        f"{case}/bankruptcy-referral/{{id}}/transfer/": {"post"}, f"{case}/bankruptcy-referral/{{id}}/outcome/": {"post"},
        f"{case}/bankruptcy-referral/{{id}}/cancel/": {"post"},
        f"{case}/custodians/": {"get", "post"}, f"{case}/custodians/{{id}}/": {"get"},
        f"{case}/custodians/{{id}}/reports/": {"post"}, f"{case}/custodians/{{id}}/proceeds/": {"post"},
        f"{case}/custodians/{{id}}/end/": {"post"},
        "/api/v1/relief/report/": {"get"},
        "/api/v1/tracking-records/": {"get", "post"}, "/api/v1/tracking-records/{id}/": {"get", "patch"},
        "/api/v1/tracking-records/{id}/remind/": {"post"}, "/api/v1/tracking-records/{id}/warn/": {"post"},
        "/api/v1/tracking-records/{id}/check/": {"post"}, "/api/v1/tracking-records/{id}/outcome/": {"post"},
        "/api/v1/tracking-records/{id}/hand-off/": {"post"}, "/api/v1/tracking-records/metrics/": {"get"},
    }
    for path, methods in expected.items():
        assert path in schema["paths"], path
        assert set(schema["paths"][path]) - {"parameters"} == methods, path
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation.get("summary") and "403" in operation["responses"], (path, method)
            if method == "post":
                assert "400" in operation["responses"] and "requestBody" in operation, (path, method)
            if "{id}" in path or path.startswith(case):
                assert "404" in operation["responses"], (path, method)
    components = schema["components"]["schemas"]
    assert components["CustodianProceedInRequest"]["properties"]["gross_amount"]["type"] == "string"
    assert components["TrackingRegisterRequest"]["properties"]["obligation_amount"]["type"] == "string"
    assert {"division", "status", "q", "effective_after"} <= {p["name"] for p in schema["paths"]["/api/v1/tracking-records/"]["get"]["parameters"]}
