"""REST API of the dossier (cases.api_dossier): investigation, procedural steps, control and
disposal, measures, money, settlement, closure, resumption, related cases and "my dossiers".
Permissions (404 / 403 by court and role), structured field errors, money as strings, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases import closure, dossier, services
from cases import money as money_services
from cases.deadlines import statutory_deadline
from cases.models import (
    CaseEvent,
    CaseParty,
    Disbursement,
    EnforcementCase,
    Investigation,
    Payment,
    Settlement,
)
from courts.models import User
from tests.factories import registration, resident_id
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def ago(days: int) -> str:
    return (today() - dt.timedelta(days=days)).isoformat()


def register(world, *, days_ago: int = 130, court=None, clerk=None, **overrides) -> EnforcementCase:
    """A case filed ``days_ago`` days ago (more than 3 months by default, so 终本 is not too early)."""
    court = court or world.zanhuang
    clerk = clerk or world.clerk
    return services.case_register(actor=clerk, data=registration(court, filed_on=today() - dt.timedelta(days=days_ago), **overrides))


def handler(case) -> User:
    return User.objects.get(pk=case.handler_id)


def party(case, role: str = "respondent") -> int:
    return CaseParty.objects.filter(case=case, role=role).order_by("position", "pk").values_list("party_id", flat=True).first()


def url(case, suffix: str = "") -> str:
    return f"/api/v1/cases/{case.pk if hasattr(case, 'pk') else case}/{suffix}"


def events(case) -> int:
    return CaseEvent.objects.filter(case=case).count()


@pytest.fixture
def case(world):
    return register(world)


@pytest.fixture
def client(case, as_user):
    """The case's handler."""
    return as_user(handler(case))


# --- investigation --------------------------------------------------------------------------------
def test_investigations_are_recorded_listed_filtered_and_a_lead_gets_its_result(world, case, client):
    response = client.post(url(case, "investigations/"), {
        "category": "deposit", "result": "found", "queried_on": ago(10), "details": "工商银行赞皇支行 6222…1234",
        "found_amount": "12000.50", "respondent": party(case)}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tier"] == "mandatory" and body["result"] == "found" and body["found_amount"] == "12000.50"
    assert body["respondent"] == {"id": party(case), "name": "李明"}
    assert body["recorded_by"]["id"] == case.handler_id
    lead = client.post(url(case, "investigations/"), {"category": "applicant_lead", "result": "pending",
                                                      "details": "申请人称被执行人在北京有一辆车"}, format="json")
    assert lead.status_code == 201 and lead.json()["tier"] == "lead" and lead.json()["queried_on"] is None
    assert client.post(url(case, "investigations/"), {"category": "vehicle", "result": "none", "queried_on": ago(9)},
                       format="json").status_code == 201
    case.refresh_from_db()
    assert case.status == "in_progress" and str(case.found_cash_amount) == "12000.50"

    listed = client.get(url(case, "investigations/")).json()
    assert listed["count"] == 3
    ids = lambda query: [row["category"] for row in client.get(url(case, "investigations/" + query)).json()["results"]]  # noqa: E731
    assert ids("?category=deposit") == ["deposit"]
    assert ids("?tier=lead") == ["applicant_lead"]
    assert ids("?result=pending") == ["applicant_lead"]
    assert client.get(url(case, "investigations/?result=maybe")).status_code == 400

    lead_id = lead.json()["id"]
    response = client.patch(url(case, f"investigations/{lead_id}/"), {"result": "none", "queried_on": ago(2)}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["result"] == "none" and response.json()["queried_on"] == ago(2)
    assert response.json()["details"] == "申请人称被执行人在北京有一辆车"  # left out → kept
    assert client.get(url(case, f"investigations/{lead_id}/")).json()["result"] == "none"


def test_investigation_field_errors_are_keyed_by_field_and_nothing_is_written(world, case, client):
    before = events(case)
    response = client.post(url(case, "investigations/"), {"category": "deposit", "result": "found",
                                                          "found_amount": "-5"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"queried_on", "details", "found_amount"} and all(isinstance(m, str) for v in body.values() for m in v)
    assert Investigation.objects.count() == 0 and events(case) == before
    response = client.post(url(case, "investigations/"), {"category": "deposit", "result": "pending"}, format="json")
    assert response.status_code == 400 and "result" in response.json()


def test_investigation_of_another_case_is_404(world, case, client):
    other = register(world)
    item = dossier.investigation_record(actor=handler(other), case_id=other.pk, category="applicant_lead", result="pending")
    response = client.patch(url(case, f"investigations/{item.pk}/"), {"result": "none", "queried_on": ago(1)}, format="json")
    assert response.status_code == 404
    assert client.get(url(case, f"investigations/{item.pk}/")).status_code == 404
    assert Investigation.objects.get(pk=item.pk).result == "pending"


# --- procedural steps -----------------------------------------------------------------------------
def test_procedure_steps(world, case, client):
    response = client.post(url(case, "procedure-steps/"), {"kind": "applicant_informed", "done_on": ago(3)}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["applicant_opinion"]
    response = client.post(url(case, "procedure-steps/"), {"kind": "applicant_informed", "done_on": ago(3),
                                                           "applicant_opinion": "同意终本"}, format="json")
    assert response.status_code == 201 and response.json()["applicant_opinion"] == "同意终本"
    client.post(url(case, "procedure-steps/"), {"kind": "enforcement_notice", "done_on": ago(100)}, format="json")
    assert [r["kind"] for r in client.get(url(case, "procedure-steps/")).json()["results"]] == ["enforcement_notice", "applicant_informed"]
    assert [r["kind"] for r in client.get(url(case, "procedure-steps/?kind=enforcement_notice")).json()["results"]] == ["enforcement_notice"]
    response = client.post(url(case, "procedure-steps/"), {"kind": "enforcement_notice", "done_on": ago(-3)}, format="json")
    assert response.status_code == 400 and "done_on" in response.json()


# --- control and disposal -------------------------------------------------------------------------
def test_freeze_renew_deduct_and_release(world, case, client):
    started = today() - dt.timedelta(days=120)
    response = client.post(url(case, "controls/"), {"kind": "freeze_deposit", "asset": "工商银行 6222…1234",
                                                    "started_on": started.isoformat(), "amount": "85000.00",
                                                    "respondent": party(case)}, format="json")
    assert response.status_code == 201, response.content
    control = response.json()
    expires = dt.date(started.year + 1, started.month, started.day) - dt.timedelta(days=1)
    assert control["expires_on"] == expires.isoformat() and control["days_left"] == (expires - today()).days
    assert control["term_years"] == 1 and control["frozen_balance"] == "85000.00" and control["status"] == "in_force"
    assert control["renewals"] == [] and control["non_deductible"] is False

    cid = control["id"]
    response = client.post(url(case, f"controls/{cid}/renew/"), {"renewed_on": today().isoformat()}, format="json")
    assert response.status_code == 200, response.content
    renewed = response.json()
    assert renewed["renewals"] == [{"renewed_on": today().isoformat(), "previous_expiry": expires.isoformat(),
                                    "new_expiry": renewed["expires_on"]}]
    assert renewed["expires_on"] > expires.isoformat()

    response = client.post(url(case, f"controls/{cid}/deduct/"), {"amount": "30000.00"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["frozen_balance"] == "55000.00" and response.json()["deducted_amount"] == "30000.00"
    assert [(p["amount"], p["source"]) for p in response.json()["payments"]] == [("30000.00", "deduction")]
    response = client.post(url(case, f"controls/{cid}/deduct/"), {"amount": "60000.00"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["amount"]

    response = client.post(url(case, f"controls/{cid}/release/"), {"reason": ""}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["reason"]
    response = client.post(url(case, f"controls/{cid}/release/"), {"reason": "被执行人提供担保"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "released" and response.json()["days_left"] is None
    response = client.post(url(case, f"controls/{cid}/release/"), {"reason": "again"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


def test_non_deductible_funds_cannot_be_deducted(world, case, client):
    response = client.post(url(case, "controls/"), {"kind": "freeze_deposit", "asset": "低保账户", "started_on": ago(5),
                                                    "amount": "3000.00", "non_deductible": True}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["non_deductible_reason"]
    response = client.post(url(case, "controls/"), {"kind": "freeze_deposit", "asset": "低保账户", "started_on": ago(5),
                                                    "amount": "3000.00", "non_deductible": True,
                                                    "non_deductible_reason": "最低生活保障金"}, format="json")
    assert response.status_code == 201 and response.json()["non_deductible"] is True
    response = client.post(url(case, f"controls/{response.json()['id']}/deduct/"), {"amount": "100.00"}, format="json")
    assert response.status_code == 400 and "control" in response.json()
    assert Payment.objects.count() == 0


def test_control_filters_status_kind_and_expiring_within(world, case, client):
    freeze = dossier.control_apply(actor=handler(case), case_id=case.pk, kind="freeze_deposit", asset="A", amount="100.00",
                                   started_on=today() - dt.timedelta(days=120))
    seal = dossier.control_apply(actor=handler(case), case_id=case.pk, kind="seal_real_estate", asset="B",
                                 started_on=today() - dt.timedelta(days=120))
    dossier.control_apply(actor=handler(case), case_id=case.pk, kind="seal_movable", asset="C", started_on=ago(100))
    dossier.control_release(actor=handler(case), control_id=seal.pk, reason="错封")
    ids = lambda query: {r["id"] for r in client.get(url(case, "controls/" + query)).json()["results"]}  # noqa: E731
    assert len(ids("")) == 3
    assert ids("?status=released") == {seal.pk}
    assert ids("?kind=freeze_deposit") == {freeze.pk}
    assert ids("?expiring_within=300") == {freeze.pk}  # the freeze ends in ~245 days; the movable seal in ~2 years
    assert ids("?expiring_within=30") == set()
    assert client.get(url(case, "controls/?expiring_within=soon")).status_code == 400


def test_valuation_two_auctions_then_sale(world, case, client):
    control = client.post(url(case, "controls/"), {"kind": "seal_real_estate", "asset": "赞皇县城关镇某小区3-2-501",
                                                   "started_on": ago(100)}, format="json").json()
    cid = control["id"]
    response = client.post(url(case, f"controls/{cid}/auctions/"), {"reserve_price": "70000.00", "starts_on": ago(0)}, format="json")
    assert response.status_code == 400 and "reserve_price" in response.json()  # no valuation yet
    response = client.post(url(case, f"controls/{cid}/valuations/"), {"method": "appraisal", "value": "100000.00",
                                                                      "valued_on": ago(60), "appraiser": "河北某评估公司"}, format="json")
    assert response.status_code == 201 and response.json()["valuations"][0]["value"] == "100000.00"
    response = client.post(url(case, f"controls/{cid}/auctions/"), {"reserve_price": "69999.99", "starts_on": ago(0)}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["reserve_price"]  # below 70%
    response = client.post(url(case, f"controls/{cid}/auctions/"), {"reserve_price": "70000.00", "starts_on": ago(0),
                                                                    "platform": "淘宝司法拍卖"}, format="json")
    assert response.status_code == 201
    first = response.json()["auction_rounds"][0]
    assert first["round_number"] == 1 and first["reserve_price"] == "70000.00" and first["result"] == "scheduled"
    response = client.post(url(case, f"controls/{cid}/auctions/{first['id']}/conclude/"),
                           {"result": "unsold", "concluded_on": ago(0)}, format="json")
    assert response.status_code == 200 and response.json()["auction_rounds"][0]["result"] == "unsold"
    response = client.post(url(case, f"controls/{cid}/auctions/"), {"reserve_price": "56000.00", "starts_on": ago(0)}, format="json")
    second = response.json()["auction_rounds"][1]
    assert response.status_code == 201 and second["round_number"] == 2
    assert client.post(url(case, f"controls/{cid}/auctions/{second['id']}/conclude/"),
                       {"result": "unsold", "concluded_on": ago(0)}, format="json").status_code == 200
    response = client.post(url(case, f"controls/{cid}/sale/"), {"price": "55999.99", "buyer": "张三"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["price"]
    response = client.post(url(case, f"controls/{cid}/sale/"), {"price": "56000.00", "buyer": "张三", "sold_on": ago(0)},
                           format="json")
    assert response.status_code == 201, response.content
    sold = response.json()
    assert sold["status"] == "disposed" and sold["disposal_kind"] == "sale" and sold["disposal_amount"] == "56000.00"
    assert [(p["amount"], p["source"]) for p in sold["payments"]] == [("56000.00", "sale")]
    ledger = client.get(url(case, "ledger/")).json()
    assert (ledger["recovered"], ledger["held"], ledger["outstanding"]) == ("56000.00", "56000.00", "29000.00")


def test_auction_round_of_another_control_is_404(world, case, client):
    a = dossier.control_apply(actor=handler(case), case_id=case.pk, kind="seal_movable", asset="挖掘机", started_on=ago(50))
    b = dossier.control_apply(actor=handler(case), case_id=case.pk, kind="seal_movable", asset="装载机", started_on=ago(50))
    dossier.valuation_record(actor=handler(case), control_id=a.pk, method="online_inquiry", value="10000.00", valued_on=ago(40))
    auction = dossier.auction_schedule(actor=handler(case), control_id=a.pk, reserve_price="7000.00", starts_on=ago(0))
    response = client.post(url(case, f"controls/{b.pk}/auctions/{auction.pk}/conclude/"), {"result": "unsold"}, format="json")
    assert response.status_code == 404
    assert client.post(url(case, "controls/999999/renew/"), {}, format="json").status_code == 404


def test_transfer_in_kind_by_agreement_pays_the_applicant(world, case, client):
    control = dossier.control_apply(actor=handler(case), case_id=case.pk, kind="seal_movable", asset="四头牛", started_on=ago(50))
    response = client.post(url(case, f"controls/{control.pk}/in-kind/"), {"applicant": party(case, "applicant"), "value": "55000.00"},
                           format="json")
    assert response.status_code == 400 and list(response.json()) == ["by_agreement"]
    response = client.post(url(case, f"controls/{control.pk}/in-kind/"), {"applicant": party(case, "applicant"), "value": "55000.00",
                                                                          "by_agreement": True}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["disposal_kind"] == "in_kind" and response.json()["payments"][0]["source"] == "in_kind"
    ledger = client.get(url(case, "ledger/")).json()
    assert (ledger["recovered"], ledger["disbursed"], ledger["held"], ledger["outstanding"]) == ("55000.00", "55000.00", "0.00", "30000.00")
    assert ledger["applicants"] == [{"party_id": party(case, "applicant"), "name": "张建国", "claim_class": "ordinary",
                                     "claim": "85000.00", "paid": "55000.00", "unpaid": "30000.00"}]


# --- coercive measures ----------------------------------------------------------------------------
def test_measures_issue_filter_and_lift(world, case, client):
    response = client.post(url(case, "measures/"), {"kind": "consumption_restriction", "issued_on": ago(20), "reason": "未履行"},
                           format="json")
    assert response.status_code == 400 and list(response.json()) == ["respondent"]
    response = client.post(url(case, "measures/"), {"kind": "consumption_restriction", "respondent": party(case),
                                                    "issued_on": ago(20), "reason": "未按执行通知履行义务"}, format="json")
    assert response.status_code == 201 and response.json()["active"] is True
    restriction = response.json()["id"]
    response = client.post(url(case, "measures/"), {"kind": "fine", "respondent": party(case), "issued_on": ago(10),
                                                    "reason": "拒不报告财产", "amount": "5000.00"}, format="json")
    assert response.status_code == 201 and response.json()["amount"] == "5000.00"
    kinds = lambda query: [r["kind"] for r in client.get(url(case, "measures/" + query)).json()["results"]]  # noqa: E731
    assert kinds("?kind=fine") == ["fine"]
    assert kinds("?active=true") == ["consumption_restriction", "fine"]
    response = client.post(url(case, f"measures/{restriction}/lift/"), {"reason": "已履行完毕"}, format="json")
    assert response.status_code == 200 and response.json()["active"] is False and response.json()["lifted_on"] == today().isoformat()
    assert kinds("?active=false") == ["consumption_restriction"]
    assert client.post(url(case, f"measures/{restriction}/lift/"), {"reason": "again"}, format="json").status_code == 409


# --- money ----------------------------------------------------------------------------------------
def test_payments_recorded_listed_and_filtered_by_source_and_date(world, case, client):
    response = client.post(url(case, "payments/"), {"amount": "12345.67", "received_on": ago(40), "payer": "李明"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "12345.67" and response.json()["source"] == "debtor"
    client.post(url(case, "payments/"), {"amount": "1000", "received_on": ago(5), "source": "third_party"}, format="json")
    response = client.post(url(case, "payments/"), {"amount": "1000.00", "received_on": ago(5), "source": "deduction"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["source"]
    amounts = lambda query: [r["amount"] for r in client.get(url(case, "payments/" + query)).json()["results"]]  # noqa: E731
    assert amounts("") == ["12345.67", "1000.00"]
    assert amounts("?source=third_party") == ["1000.00"]
    assert amounts(f"?received_after={ago(10)}") == ["1000.00"]
    assert amounts(f"?received_before={ago(10)}") == ["12345.67"]
    before = events(case)
    response = client.post(url(case, "payments/"), {"amount": "-5", "received_on": ago(-1)}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"amount", "received_on"}
    assert Payment.objects.count() == 2 and events(case) == before


def test_disbursement_never_more_than_held(world, case, client):
    money_services.payment_record(actor=handler(case), case_id=case.pk, amount="20000.00", received_on=ago(10))
    response = client.post(url(case, "disbursements/"), {"amount": "20000.01", "paid_on": ago(1), "payee": party(case, "applicant")},
                           format="json")
    assert response.status_code == 400 and list(response.json()) == ["amount"]
    response = client.post(url(case, "disbursements/"), {"amount": "20000.00", "paid_on": ago(1), "payee": party(case, "applicant")},
                           format="json")
    assert response.status_code == 201 and response.json()["payee"] == {"id": party(case, "applicant"), "name": "张建国"}
    assert client.get(url(case, "disbursements/?kind=to_applicant")).json()["count"] == 1
    assert client.get(url(case, "disbursements/?kind=fee")).json()["count"] == 0


def two_applicants(world) -> EnforcementCase:
    data = registration(world.zanhuang, filed_on=today() - dt.timedelta(days=130))
    data.parties.append(services.PartyInput(role="applicant", kind="person", name="王五", id_number=resident_id(seq=3),
                                            phone="13803110003"))
    return services.case_register(actor=world.clerk, data=data)


def test_claims_distribution_preview_and_execute_wages_first(world, as_user):
    case = two_applicants(world)
    client = as_user(handler(case))
    ids = dict(CaseParty.objects.filter(case=case, role="applicant").values_list("party__name", "party_id"))
    zhang, wang = ids["张建国"], ids["王五"]
    money_services.payment_record(actor=handler(case), case_id=case.pk, amount="40000.00", received_on=ago(20))
    response = client.get(url(case, "distribution/"))
    assert response.status_code == 400 and "non_field_errors" in response.json()  # claims not set (two applicants)

    response = client.post(url(case, "claims/"), {"party": wang, "claim_amount": "30000.00", "claim_class": "wage"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"party_id": wang, "name": "王五", "claim_class": "wage", "claim": "30000.00", "paid": "0.00",
                               "unpaid": "30000.00"}
    client.post(url(case, "claims/"), {"party": zhang, "claim_amount": "55000.00"}, format="json")
    response = client.post(url(case, "claims/"), {"party": party(case), "claim_amount": "1.00"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["party"]  # the respondent has no claim

    preview = client.get(url(case, "distribution/")).json()
    assert preview["fund"] == "40000.00" and preview["total"] == "40000.00"
    assert {ln["name"]: ln["paid"] for ln in preview["lines"]} == {"张建国": "10000.00", "王五": "30000.00"}
    assert client.get(url(case, "distribution/?fund=1e5")).status_code == 400
    assert Disbursement.objects.count() == 0  # a preview writes nothing

    response = client.post(url(case, "distribution/"), {"paid_on": ago(1)}, format="json")
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["fund"] == "40000.00" and sorted(d["amount"] for d in plan["disbursements"]) == ["10000.00", "30000.00"]
    ledger = client.get(url(case, "ledger/")).json()
    assert (ledger["target"], ledger["recovered"], ledger["disbursed"], ledger["held"], ledger["outstanding"]) == (
        "85000.00", "40000.00", "40000.00", "0.00", "45000.00")
    assert ledger["held_since"] is None and ledger["disbursement_due"] is None
    assert {a["name"]: (a["claim"], a["paid"], a["unpaid"]) for a in ledger["applicants"]} == {
        "张建国": ("55000.00", "10000.00", "45000.00"), "王五": ("30000.00", "30000.00", "0.00")}


def test_ledger_shows_money_held_and_the_disbursement_deadline(world, case, client):
    money_services.payment_record(actor=handler(case), case_id=case.pk, amount="5000.00", received_on=ago(40))
    ledger = client.get(url(case, "ledger/")).json()
    assert ledger["held"] == "5000.00" and ledger["held_since"] == ago(40) and ledger["disbursement_due"] == ago(10)
    assert ledger["undisbursed_overdue"] is True


# --- settlement -----------------------------------------------------------------------------------
def settlement_body(**overrides):
    body = {"agreed_on": ago(60), "agreed_amount": "50000.00", "waives_interest": True, "terms": "免除迟延履行利息",
            "instalments": [{"due_on": ago(30), "amount": "20000.00"}, {"due_on": ago(-30), "amount": "30000.00"}]}
    body.update(overrides)
    return body


def test_settlement_recorded_shown_with_missed_instalment_then_breached(world, case, client):
    assert client.get(url(case, "settlement/")).status_code == 404
    response = client.post(url(case, "settlement/"), settlement_body(agreed_amount="60000.00"), format="json")
    assert response.status_code == 400 and list(response.json()) == ["instalments"]
    response = client.post(url(case, "settlement/"), settlement_body(
        instalments=[{"due_on": ago(30), "amount": 20000.5}, {"due_on": "2026-02-30", "amount": "30000.00"}]), format="json")
    assert response.status_code == 400
    assert [list(row) for row in response.json()["instalments"]] == [["amount"], ["due_on"]]
    response = client.post(url(case, "settlement/"), settlement_body(
        instalments=[{"due_on": ago(30), "amount": "20000.00"}, {"due_on": ago(20), "amount": "30000.00", "colour": "red"}]),
        format="json")
    assert response.status_code == 400
    assert [list(row) for row in response.json()["instalments"]] == [[], ["colour"]]  # one entry per instalment
    assert Settlement.objects.count() == 0

    response = client.post(url(case, "settlement/"), settlement_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "performing" and body["agreed_amount"] == "50000.00" and body["waives_interest"] is True
    assert [(i["number"], i["amount"], i["paid"], i["missed"]) for i in body["instalments"]] == [
        (1, "20000.00", False, True), (2, "30000.00", False, False)]
    case.refresh_from_db()
    assert case.status == "settled"

    response = client.post(url(case, "settlement/breach/"), {"reason": ""}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["reason"]
    response = client.post(url(case, "settlement/breach/"), {"reason": "申请执行人申请恢复执行"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "breached"
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert client.post(url(case, "settlement/breach/"), {"reason": "again"}, format="json").status_code == 409


def test_settlement_payment_marks_the_instalment_paid_and_breach_is_refused(world, case, client):
    client.post(url(case, "settlement/"), settlement_body(), format="json")
    client.post(url(case, "payments/"), {"amount": "20000.00", "received_on": today().isoformat()}, format="json")
    body = client.get(url(case, "settlement/")).json()
    assert [(i["paid_amount"], i["paid"], i["missed"]) for i in body["instalments"]] == [("20000.00", True, False), ("0.00", False, False)]
    assert body["paid"] == "20000.00"
    response = client.post(url(case, "settlement/breach/"), {"reason": "x"}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()


# --- closure, resumption --------------------------------------------------------------------------
CHECKLIST_CODES = [
    "enforcement_notice", "asset_report_order", "consumption_restriction", "blacklist", "query_deposit", "query_real_estate",
    "query_vehicle", "query_securities", "query_business", "check_social_insurance", "check_household", "applicant_informed",
]


def test_full_walk_freeze_deduct_disburse_close_performed(world, case, client):
    control = client.post(url(case, "controls/"), {"kind": "freeze_deposit", "asset": "工商银行 6222…1234", "started_on": ago(60),
                                                   "amount": "85000.00", "respondent": party(case)}, format="json").json()
    client.post(url(case, "measures/"), {"kind": "consumption_restriction", "respondent": party(case), "issued_on": ago(50),
                                         "reason": "未履行"}, format="json")
    response = client.post(url(case, f"controls/{control['id']}/deduct/"), {"amount": "85000.00", "deducted_on": ago(20)}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "disposed" and response.json()["frozen_balance"] == "0.00"
    response = client.post(url(case, "close/"), {"closure_type": "performed", "reason": "执行完毕"}, format="json")
    assert response.status_code == 400 and response.json()["missing"] == ["undisbursed"]
    preview = client.get(url(case, "close/")).json()
    assert preview["performed"] == {"allowed": False, "missing": [{"code": "undisbursed", "message": preview["performed"]["missing"][0]["message"]}]}
    response = client.post(url(case, "disbursements/"), {"amount": "85000.00", "paid_on": ago(10), "payee": party(case, "applicant")},
                           format="json")
    assert response.status_code == 201
    assert client.get(url(case, "close/")).json()["performed"] == {"allowed": True, "missing": []}
    response = client.post(url(case, "close/"), {"closure_type": "performed", "reason": "执行完毕", "expected_status": "in_progress"},
                           format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "closed" and body["closure_type"] == "performed" and body["recovered_amount"] == "85000.00"
    assert body["outstanding_amount"] == "0.00"
    # performing the debt lifts the consumption restriction (信用修复)
    assert client.get(url(case, "measures/?active=true")).json()["count"] == 0
    # a closed case takes no more dossier writes
    response = client.post(url(case, "payments/"), {"amount": "1.00", "received_on": ago(1)}, format="json")
    assert response.status_code == 409


def test_terminated_round_refused_with_missing_codes_then_allowed_then_resumed(world, case, client):
    response = client.post(url(case, "close/"), {"closure_type": "terminated_round", "reason": "无财产可供执行"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["closure_type"]  # enforcement has not started
    client.post(url(case, "procedure-steps/"), {"kind": "enforcement_notice", "done_on": ago(120)}, format="json")
    response = client.post(url(case, "close/"), {"closure_type": "terminated_round", "reason": "无财产可供执行"}, format="json")
    assert response.status_code == 400
    assert response.json()["missing"] == CHECKLIST_CODES[1:] and len(response.json()["checklist"]) == len(CHECKLIST_CODES) - 1
    assert all(isinstance(message, str) and message for message in response.json()["checklist"])
    preview = client.get(url(case, "close/")).json()
    assert [m["code"] for m in preview["terminated_round"]["missing"]] == CHECKLIST_CODES[1:]
    assert client.get(url(case, "dossier/")).json()["checklist_complete"] is False

    for kind, extra in (("asset_report_order", {}), ("applicant_informed", {"applicant_opinion": "同意"})):
        assert client.post(url(case, "procedure-steps/"), {"kind": kind, "done_on": ago(30), **extra}, format="json").status_code == 201
    assert client.post(url(case, "measures/"), {"kind": "consumption_restriction", "respondent": party(case), "issued_on": ago(30),
                                                "reason": "未履行"}, format="json").status_code == 201
    for category in ("deposit", "real_estate", "vehicle", "securities", "business", "social_insurance", "household"):
        assert client.post(url(case, "investigations/"), {"category": category, "result": "none", "queried_on": ago(20)},
                           format="json").status_code == 201
    preview = client.get(url(case, "close/?blacklist_not_applicable_reason=被执行人系残疾人")).json()
    assert preview["terminated_round"] == {"allowed": True, "missing": []}
    response = client.post(url(case, "close/"), {"closure_type": "terminated_round", "reason": "无财产可供执行"}, format="json")
    assert response.json()["missing"] == ["blacklist"]
    response = client.post(url(case, "close/"), {"closure_type": "terminated_round", "reason": "无财产可供执行",
                                                 "blacklist_not_applicable_reason": "被执行人系残疾人"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["closure_type"] == "terminated_round"
    summary = client.get(url(case, "dossier/")).json()
    assert summary["requery_due"] == closure.requery_due_on(EnforcementCase.objects.get(pk=case.pk)).isoformat()

    response = client.post(url(case, "resume/"), {"reason": ""}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["reason"]
    response = client.post(url(case, "resume/"), {"reason": "申请执行人提供新的财产线索"}, format="json")
    assert response.status_code == 201, response.content
    new = response.json()
    assert new["case_number"] == f"（{today().year}）冀0129执恢1号"
    assert new["origin_case"] == {"id": case.pk, "name": case.case_number}
    assert new["target_amount"] == "85000.00" and new["status"] == "registered"
    assert response.json()["id"] != case.pk and EnforcementCase.objects.filter(origin_case=case).count() == 1
    assert client.post(url(case, "resume/"), {"reason": "again"}, format="json").status_code == 409


def test_closing_with_an_unknown_closure_type_or_transferred_is_a_field_error(world, case, client):
    assert list(client.post(url(case, "close/"), {"closure_type": "vanished", "reason": "x"}, format="json").json()) == ["closure_type"]
    response = client.post(url(case, "close/"), {"closure_type": "transferred", "reason": "x"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["closure_type"]
    response = client.post(url(case, "close/"), {"closure_type": "performed", "reason": "x", "expected_status": "settled"}, format="json")
    assert response.status_code == 409
    assert EnforcementCase.objects.get(pk=case.pk).status == "registered"


# --- related cases (一张网), my dossiers, the dossier summary --------------------------------------
def test_related_shows_visible_cases_and_counts_hidden_ones(world, as_user, case):
    same_court = register(world)  # same respondent (same ID number) at 赞皇
    other_court = register(world, court=world.yuanshi, clerk=world.ys_clerk)
    # 李明 is owed money in another 赞皇 case: that money can be frozen
    data = registration(world.zanhuang, filed_on=today() - dt.timedelta(days=20))
    data.parties[0], data.parties[1] = data.parties[1], data.parties[0]
    data.parties[0].role, data.parties[1].role = "applicant", "respondent"
    data.parties[1].id_number, data.parties[1].name = resident_id(seq=4), "赵六"
    creditor_case = services.case_register(actor=world.clerk, data=data)
    money_services.payment_record(actor=handler(same_court), case_id=same_court.pk, amount="1000.00", received_on=ago(5))

    body = as_user(world.judge).get(url(case, "related/")).json()
    assert body["hidden_count"] == 1 and body["hidden_courts"] == 1
    rows = {row["id"]: row for row in body["cases"]}
    assert set(rows) == {same_court.pk, creditor_case.pk}
    row = rows[same_court.pk]
    assert (row["case_number"], row["court_name"], row["status"], row["outstanding"], row["role"], row["party"]) == (
        same_court.case_number, "赞皇县人民法院", "in_progress", "84000.00", "respondent", {"id": party(case), "name": "李明"})
    assert (rows[creditor_case.pk]["role"], rows[creditor_case.pk]["outstanding"]) == ("applicant", "85000.00")
    assert other_court.case_number not in str(body)

    upper = as_user(world.supervisor).get(url(case, "related/")).json()
    assert {row["id"] for row in upper["cases"]} == {same_court.pk, creditor_case.pk, other_court.pk}
    assert upper["hidden_count"] == 0 and upper["hidden_courts"] == 0


def test_my_dossiers_sorted_with_alert_flags(world, as_user):
    old = register(world, days_ago=360)
    small = register(world, days_ago=30, target_amount="20000.00")
    chief = as_user(world.chief)
    dossier.control_apply(actor=world.chief, case_id=old.pk, kind="freeze_deposit", asset="A", amount="1000.00",
                          started_on=today() - dt.timedelta(days=360))
    dossier.investigation_record(actor=world.chief, case_id=small.pk, category="deposit", result="found", queried_on=ago(3),
                                 details="余额", found_amount="10000.00")
    rows = chief.get("/api/v1/dossiers/?sort=outstanding").json()["results"]
    assert [r["id"] for r in rows] == [old.pk, small.pk]
    by_id = {r["id"]: r for r in rows}
    assert by_id[old.pk]["alerts"] == {"expiring_controls": True, "undisbursed_overdue": False, "past_limit": True,
                                       "missed_instalment": False, "lapsed_controls": False}
    assert by_id[small.pk]["alerts"] == {"expiring_controls": False, "undisbursed_overdue": False, "past_limit": False,
                                         "missed_instalment": False, "lapsed_controls": False}
    assert by_id[old.pk]["days_open"] == 360 and by_id[small.pk]["days_open"] == 30
    assert by_id[small.pk]["cash_ratio"] == "0.5000" and by_id[old.pk]["cash_ratio"] == "0.0000"
    assert by_id[old.pk]["outstanding"] == "85000.00" and by_id[old.pk]["respondents"] == ["李明"]
    assert [r["id"] for r in chief.get("/api/v1/dossiers/?sort=cash_ratio").json()["results"]] == [small.pk, old.pk]
    assert [r["id"] for r in chief.get("/api/v1/dossiers/?sort=days_open").json()["results"]] == [old.pk, small.pk]
    response = chief.get("/api/v1/dossiers/?sort=colour")
    assert response.status_code == 400 and list(response.json()) == ["sort"]
    # a judge sees only the cases they handle; another court's judge sees none of them
    mine = {r["id"] for r in as_user(handler(old)).get("/api/v1/dossiers/").json()["results"]}
    assert old.pk in mine and all(EnforcementCase.objects.get(pk=pk).handler_id == old.handler_id for pk in mine)
    assert as_user(world.ys_judge).get("/api/v1/dossiers/").json()["count"] == 0


def test_dossier_summary(world, case, client):
    dossier.investigation_record(actor=handler(case), case_id=case.pk, category="deposit", result="none", queried_on=ago(5))
    dossier.investigation_record(actor=handler(case), case_id=case.pk, category="applicant_lead", result="pending", details="车")
    body = client.get(url(case, "dossier/")).json()
    assert body["case_number"] == case.case_number and body["days_open"] == 130
    assert [q["category"] for q in body["mandatory_queries"] if q["done"]] == ["deposit"]
    assert len(body["missing_queries"]) == 4 and len(body["missing_extended"]) == 2
    assert [lead["details"] for lead in body["pending_leads"]] == ["车"]
    assert "leads_pending" in [m["code"] for m in body["checklist"]] and body["checklist_complete"] is False
    assert body["limit_date"] == statutory_deadline(case.filed_on).isoformat()
    assert body["past_limit"] is False and body["requery_due"] is None and body["held"] == "0.00"


# --- permissions, structured errors, money as strings ----------------------------------------------
READS = ["investigations/", "procedure-steps/", "controls/", "measures/", "payments/", "disbursements/", "ledger/",
         "distribution/", "close/", "related/", "dossier/"]
WRITES = ["investigations/", "procedure-steps/", "controls/", "controls/{control}/renew/", "controls/{control}/release/",
          "controls/{control}/deduct/", "controls/{seal}/valuations/", "controls/{seal}/auctions/", "controls/{seal}/sale/",
          "controls/{seal}/in-kind/", "measures/", "measures/{measure}/lift/", "payments/", "disbursements/", "claims/",
          "distribution/", "settlement/", "settlement/breach/", "close/", "resume/"]


@pytest.fixture
def items(case):
    """A freeze, a seal and a measure to address in URLs."""
    actor = handler(case)
    freeze = dossier.control_apply(actor=actor, case_id=case.pk, kind="freeze_deposit", asset="A", amount="100.00", started_on=ago(10))
    seal = dossier.control_apply(actor=actor, case_id=case.pk, kind="seal_real_estate", asset="B", started_on=ago(10))
    measure = dossier.measure_issue(actor=actor, case_id=case.pk, kind="exit_ban", respondent=party(case), issued_on=ago(10), reason="x")
    return {"control": freeze.pk, "seal": seal.pk, "measure": measure.pk}


def test_reads_need_visibility_writes_need_the_case_team(world, case, items, as_user):
    other_team_judge = world.judge3 if case.team_id == world.zh_team1.pk else world.judge
    before = events(case)
    for suffix in READS:
        assert as_user(handler(case)).get(url(case, suffix)).status_code == 200, suffix
        assert as_user(world.supervisor).get(url(case, suffix)).status_code == 200, suffix  # upper court reads
        assert as_user(world.ys_judge).get(url(case, suffix)).status_code == 403, suffix
        assert as_user(world.judge).get(url(999999, suffix)).status_code == 404, suffix
    for suffix in WRITES:
        path = url(case, suffix.format(**items))
        for user in (world.ys_judge, world.supervisor, other_team_judge):
            response = as_user(user).post(path, {}, format="json")
            assert response.status_code == 403, (suffix, user.username, response.content)
            assert response.json()["detail"]
        if suffix != "resume/":  # the court's registry may resume a 终本 case; it does not work cases
            assert as_user(world.clerk).post(path, {}, format="json").status_code == 403, suffix
        assert as_user(world.judge).post(url(999999, suffix.format(**items)), {}, format="json").status_code == 404, suffix
    assert as_user(world.ys_judge).patch(url(case, "investigations/1/"), {}, format="json").status_code == 403
    assert as_user(world.judge).get(url(case, "controls/999999/")).status_code == 404
    assert as_user(world.judge).get("/api/v1/cases/abc/controls/").status_code == 404
    assert as_user(world.judge).get(url(case, "controls/abc/")).status_code == 404
    assert events(case) == before


def test_anonymous_is_refused(world, case, api):
    assert api.get(url(case, "controls/")).status_code in (401, 403)
    assert api.post(url(case, "payments/"), {"amount": "1.00"}, format="json").status_code in (401, 403)
    assert api.get("/api/v1/dossiers/").status_code in (401, 403)


MONEY_BODIES = [
    ("investigations/", {"category": "deposit", "result": "found", "queried_on": "{d}", "details": "x", "found_amount": 1.5}, "found_amount"),
    ("controls/", {"kind": "freeze_deposit", "asset": "x", "started_on": "{d}", "amount": 100.5}, "amount"),
    ("controls/{control}/deduct/", {"amount": 10.5}, "amount"),
    ("controls/{seal}/valuations/", {"method": "appraisal", "value": 1000.5, "valued_on": "{d}"}, "value"),
    ("controls/{seal}/auctions/", {"reserve_price": 700.5, "starts_on": "{d}"}, "reserve_price"),
    ("controls/{seal}/sale/", {"price": 700.5, "buyer": "x"}, "price"),
    ("controls/{seal}/in-kind/", {"applicant": 1, "value": 700.5, "by_agreement": True}, "value"),
    ("measures/", {"kind": "fine", "respondent": 1, "issued_on": "{d}", "reason": "x", "amount": 500.5}, "amount"),
    ("payments/", {"amount": 12.5, "received_on": "{d}"}, "amount"),
    ("disbursements/", {"amount": 12.5, "paid_on": "{d}", "payee": 1}, "amount"),
    ("claims/", {"party": 1, "claim_amount": 12.5}, "claim_amount"),
    ("distribution/", {"fund": 12.5}, "fund"),
    ("settlement/", {"agreed_on": "{d}", "agreed_amount": 12.5, "instalments": [{"due_on": "{d}", "amount": "12.50"}]}, "agreed_amount"),
]


def _fill(value, items, d):
    if isinstance(value, dict):
        return {k: _fill(v, items, d) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, items, d) for v in value]
    return value.format(d=d, **items) if isinstance(value, str) else value


@pytest.mark.parametrize("suffix,body,field", MONEY_BODIES, ids=[m[0] for m in MONEY_BODIES])
def test_float_money_is_refused_and_nothing_is_written(world, case, items, client, suffix, body, field):
    before = events(case)
    response = client.post(url(case, suffix.format(**items)), _fill(body, items, ago(1)), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json() and isinstance(response.json()[field][0], str)
    assert events(case) == before


@pytest.mark.parametrize("suffix,body,field", MONEY_BODIES, ids=[m[0] for m in MONEY_BODIES])
def test_unknown_field_is_refused(world, case, items, client, suffix, body, field):
    before = events(case)
    payload = _fill(body, items, ago(1)) | {field: "1.00", "colour": "red"}
    response = client.post(url(case, suffix.format(**items)), payload, format="json")
    assert response.status_code == 400 and list(response.json()) == ["colour"]
    assert events(case) == before


def test_dates_are_checked_by_the_services(world, case, items, client):
    response = client.post(url(case, "payments/"), {"amount": "1.00", "received_on": "2026-02-30"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["received_on"]
    response = client.post(url(case, "payments/"), {"amount": "1.00", "received_on": "2000-01-01"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["received_on"]  # before filing
    response = client.post(url(case, f"controls/{items['control']}/renew/"), {"renewed_on": ago(-5)}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["renewed_on"]


# --- query counts ---------------------------------------------------------------------------------
def _grow(case, what):
    actor = handler(case)

    def grow():
        for i in range(3):
            if what == "investigations/":
                dossier.investigation_record(actor=actor, case_id=case.pk, category="other", result="found", queried_on=ago(i),
                                             details="x", found_amount="1.00", respondent=party(case))
            elif what == "procedure-steps/":
                dossier.procedure_record(actor=actor, case_id=case.pk, kind="site_visit", done_on=ago(i))
            elif what == "controls/":
                control = dossier.control_apply(actor=actor, case_id=case.pk, kind="seal_real_estate", asset=f"房{i}", started_on=ago(20),
                                                respondent=party(case))
                dossier.control_renew(actor=actor, control_id=control.pk, renewed_on=ago(1))
                dossier.valuation_record(actor=actor, control_id=control.pk, method="appraisal", value="1000.00", valued_on=ago(10))
                dossier.auction_schedule(actor=actor, control_id=control.pk, reserve_price="700.00", starts_on=ago(0))
                freeze = dossier.control_apply(actor=actor, case_id=case.pk, kind="freeze_deposit", asset=f"卡{i}", amount="10.00",
                                               started_on=ago(20))
                dossier.control_deduct(actor=actor, control_id=freeze.pk, amount="5.00", deducted_on=ago(1))
            elif what == "measures/":
                dossier.measure_issue(actor=actor, case_id=case.pk, kind="fine", respondent=party(case), issued_on=ago(i),
                                      reason="x", amount="100.00")
            elif what == "payments/":
                money_services.payment_record(actor=actor, case_id=case.pk, amount="10.00", received_on=ago(i))
            elif what == "disbursements/":
                # payouts are booked in date order: all on the same day here
                money_services.payment_record(actor=actor, case_id=case.pk, amount="10.00", received_on=ago(0))
                money_services.disbursement_record(actor=actor, case_id=case.pk, amount="10.00", paid_on=ago(0),
                                                   payee=party(case, "applicant"))
    return grow


@pytest.mark.parametrize("suffix", ["investigations/", "procedure-steps/", "controls/", "measures/", "payments/", "disbursements/"])
def test_list_query_count_does_not_grow_with_rows(world, case, client, suffix):
    _grow(case, suffix)()
    client.get(url(case, suffix))  # warm up: the first request also loads the user's court onto the user object
    response = assert_constant_queries(lambda: client.get(url(case, suffix)), _grow(case, suffix))
    assert response.status_code == 200 and response.json()["count"] >= 6


def test_my_dossiers_and_related_query_counts_do_not_grow(world, as_user, case):
    chief = as_user(world.chief)

    def grow():
        for _ in range(3):
            register(world)

    response = assert_constant_queries(lambda: chief.get("/api/v1/dossiers/"), grow)
    assert response.json()["count"] == 4
    response = assert_constant_queries(lambda: chief.get(url(case, "related/")), grow)
    assert len(response.json()["cases"]) == 6
