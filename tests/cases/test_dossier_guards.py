"""Guards found by walking the dossier as a judge: what a court must not be allowed to record."""

import datetime as dt
from decimal import Decimal

import pytest

from cases import dossier, money
from cases.closure import TerminationFacts, case_close, case_resume_enforcement, termination_checklist
from cases.models import CoerciveMeasure, EnforcementCase, Notification
from enforcement.errors import FieldErrors
from tests.cases.dossier_helpers import D, applicant_ids, freeze, fresh, on, register, respondent_id, seal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
d = dt.date


@pytest.fixture
def case(world):
    with on(2026, 3, 2):
        return register(world, target="85000.00")


def test_outstanding_is_always_in_cents():
    # SQLite returns sums with extra places; a message must read "0.00", never "0E-10".
    case = EnforcementCase(target_amount=Decimal("100.00"), recovered_amount=Decimal("100.0000000000"))
    assert str(case.outstanding_amount) == "0.00"


def test_a_company_is_not_detained(world):
    with on(2026, 3, 2):
        case = register(world, respondent_kind="organisation")
    with on(2026, 3, 5), pytest.raises(FieldErrors) as exc:
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="detention", respondent=respondent_id(case),
                              issued_on=d(2026, 3, 5), ends_on=d(2026, 3, 10), reason="拒不履行")
    assert list(exc.value.errors) == ["respondent"]
    assert not CoerciveMeasure.objects.filter(case=case).exists()


def test_closing_as_performed_needs_controls_released_and_no_auction_pending(world, case):
    with on(2026, 3, 5):
        account = freeze(world, case, amount="85000.00", started_on=d(2026, 3, 5))
        car = seal(world, case, kind="seal_movable", asset="冀A12345 轿车", started_on=d(2026, 3, 5))
        dossier.valuation_record(actor=world.judge, control_id=car.pk, method="online_inquiry", value="50000.00",
                                 valued_on=d(2026, 3, 5))
        dossier.auction_schedule(actor=world.judge, control_id=car.pk, reserve_price="35000.00", starts_on=d(2026, 4, 1))
        dossier.control_deduct(actor=world.judge, control_id=account.pk, amount="85000.00", deducted_on=d(2026, 3, 5))
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="85000.00", paid_on=d(2026, 3, 5),
                                  payee=applicant_ids(case)[0])
        with pytest.raises(FieldErrors) as exc:
            case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="扣划到位")
    assert exc.value.errors["missing"] == ["auction_scheduled", "controls_in_force"]
    assert exc.value.errors["checklist"][1] == "Release the controls still in force first: 冀A12345 轿车."
    with on(2026, 3, 6):
        dossier.auction_conclude(actor=world.judge, auction_id=car.auction_rounds.get().pk, result="withdrawn")
        dossier.control_release(actor=world.judge, control_id=car.pk, reason="执行完毕")
        case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="扣划到位")
    assert fresh(case).closure_type == "performed"


def test_an_auction_is_scheduled_ahead_and_on_a_fresh_valuation(world, case):
    with on(2026, 3, 5):
        house = seal(world, case, started_on=d(2026, 3, 5))
        dossier.valuation_record(actor=world.judge, control_id=house.pk, method="appraisal", value="1000000.00",
                                 valued_on=d(2026, 3, 5))
    with on(2026, 4, 1), pytest.raises(FieldErrors) as exc:
        dossier.auction_schedule(actor=world.judge, control_id=house.pk, reserve_price="700000.00", starts_on=d(2026, 3, 31))
    assert exc.value.errors == {"starts_on": ["An auction is scheduled for a date to come, not 2026-03-31."]}
    with on(2027, 3, 1), pytest.raises(FieldErrors) as exc:
        dossier.auction_schedule(actor=world.judge, control_id=house.pk, reserve_price="700000.00", starts_on=d(2027, 3, 5))
    assert exc.value.errors == {"starts_on": ["The reference price of 2026-03-05 is valid for one year at most: value the asset again."]}


def test_a_blacklist_whose_period_ended_no_longer_counts_for_terminating_the_round(world, case):
    with on(2026, 3, 5):
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=respondent_id(case),
                              issued_on=d(2026, 3, 5), ends_on=d(2026, 5, 31), reason="有能力而拒不履行")
    with on(2026, 6, 10):
        codes = [m.code for m in termination_checklist(fresh(case), TerminationFacts())]
    assert "blacklist" in codes
    assert CoerciveMeasure.objects.get(case=case).has_expired


def test_each_applicant_is_told_only_of_their_own_payout(world):
    with on(2026, 3, 2):
        case = register(world, applicants=3, target="90000.00")
        first, second, third = applicant_ids(case)
        for party in (first, second, third):
            money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=party, claim_amount="30000.00")
    with on(2026, 3, 5):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="9000.00", received_on=d(2026, 3, 5))
        before = Notification.objects.count()
        money.distribution_execute(actor=world.judge, case_id=case.pk)
    payouts = Notification.objects.filter(pk__gt=0).order_by("pk")[before:]
    assert [(n.party_id, "¥3,000.00" in n.message) for n in payouts] == [(first, True), (second, True), (third, True)]


def test_resumption_keeps_the_handler_and_the_credit_measures_in_force(world, case):
    from tests.cases.test_dossier_closure import _complete_dossier

    _complete_dossier(world, case)
    with on(2026, 6, 10):
        case_close(actor=world.judge, case_id=case.pk, closure_type="terminated_round", reason="无可供执行财产")
    with on(2026, 9, 1):
        new = case_resume_enforcement(actor=world.judge, case_id=case.pk, reason="申请执行人提供新线索")
    assert new.handler == fresh(case).handler == world.judge
    carried = sorted(CoerciveMeasure.objects.filter(case=new).values_list("kind", flat=True))
    assert carried == ["blacklist", "consumption_restriction"]
    assert new.events.filter(kind="assigned").get().data["rule"] == "back to the judge who handled the original case"
    assert D("85000.00") == new.target_amount


def test_amounts_in_messages_are_written_with_thousands_separators():
    from enforcement.errors import FieldErrors as Errors
    from enforcement.formatting import group_yuan

    assert group_yuan("执行款到账¥1234567.80，尚有¥999.00、¥80000未执行到位（2025年12345号）") == \
        "执行款到账¥1,234,567.80，尚有¥999.00、¥80,000未执行到位（2025年12345号）"
    assert Errors({"parties": [{}, {"amount": ["Only ¥5000.00 is owed."]}]}).errors == \
        {"parties": [{}, {"amount": ["Only ¥5,000.00 is owed."]}]}


def test_the_five_online_queries_are_recorded_at_once_or_not_at_all(world, case, client):
    from cases.models import Investigation

    client.force_login(world.judge)
    base = {"q5-queried_on": "2026-03-05", "q5-deposit_result": "found", "q5-deposit_details": "农行 余额3,000元",
            "q5-deposit_found_amount": "3000", "q5-real_estate_result": "none", "q5-vehicle_result": "none",
            "q5-securities_result": "none", "q5-business_result": ""}
    with on(2026, 3, 5):
        response = client.post(f"/cases/{case.pk}/investigations/online/", base)
    assert response.status_code == 400 and 'data-field="q5-business_result"' in response.content.decode()
    assert not Investigation.objects.filter(case=case).exists()  # nothing half-saved
    with on(2026, 3, 5):
        response = client.post(f"/cases/{case.pk}/investigations/online/", {**base, "q5-business_result": "none"})
    assert response.status_code == 302
    assert sorted(Investigation.objects.filter(case=case).values_list("category", "result")) == [
        ("business", "none"), ("deposit", "found"), ("real_estate", "none"), ("securities", "none"), ("vehicle", "none")]
    assert fresh(case).found_cash_amount == D("3000.00")


def test_the_terminated_round_preview_shows_each_condition_met_or_missing(world, case, client):
    import re

    with on(2026, 3, 5):
        for kind in ("enforcement_notice", "asset_report_order"):
            dossier.procedure_record(actor=world.judge, case_id=case.pk, kind=kind, done_on=d(2026, 3, 5))
    client.force_login(world.judge)
    with on(2026, 3, 6):
        html = client.get(f"/cases/{case.pk}/close/checklist/", {"close-closure_type": "terminated_round"}).content.decode()
    states = dict(re.findall(r'class="text-(success|danger) condition-(?:met|missing)" data-condition="(\d)"', html)[i][::-1]
                  for i in range(6))
    assert states == {"1": "success", "2": "danger", "3": "danger", "4": "danger", "5": "success", "6": "danger"}
    assert "2026-06-03" in html  # condition 4 says from when 终本 is possible


def test_money_frozen_beyond_the_debt_is_pointed_out(world, case, client):
    with on(2026, 3, 5):
        freeze(world, case, amount="60000.00", started_on=d(2026, 3, 5))
        freeze(world, case, amount="40000.00", started_on=d(2026, 3, 5))
        freeze(world, case, amount="9000.00", started_on=d(2026, 3, 5), non_deductible=True, non_deductible_reason="低保")
        client.force_login(world.judge)
        html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'class="alert alert-warning small py-1 px-2 m-2 over-frozen"' in html and "¥15,000.00" in html


def test_my_dossiers_turn_the_order_round_on_a_second_click(world, client):
    with on(2026, 3, 2):
        small = register(world, target="1000.00")
        large = register(world, target="90000.00")
    client.force_login(world.chief)  # the bureau chief's list holds the whole court's open cases
    with on(2026, 3, 3):
        first = client.get("/cases/mine/", {"sort": "outstanding"}).content.decode()
        second = client.get("/cases/mine/", {"sort": "-outstanding"}).content.decode()
    assert first.index(large.case_number) < first.index(small.case_number) and 'href="?sort=-outstanding"' in first
    assert second.index(small.case_number) < second.index(large.case_number) and "▲" in second


def test_the_five_online_queries_through_the_api(world, case, as_user):
    from cases.models import Investigation

    api = as_user(case.handler)
    body = {"queried_on": "2026-03-05", **{c: {"result": "none"} for c in ("real_estate", "vehicle", "securities", "business")},
            "deposit": {"result": "found", "details": "农行 余额3000元", "found_amount": "3000.00"}}
    with on(2026, 3, 5):
        bad = api.post(f"/api/v1/cases/{case.pk}/investigations/online/", {**body, "business": {"result": "pending"}}, format="json")
        assert bad.status_code == 400 and "business" in bad.json()
        assert not Investigation.objects.filter(case=case).exists()
        response = api.post(f"/api/v1/cases/{case.pk}/investigations/online/", body, format="json")
    assert response.status_code == 201
    assert [(row["category"], row["result"]) for row in response.json()] == [
        ("deposit", "found"), ("real_estate", "none"), ("vehicle", "none"), ("securities", "none"), ("business", "none")]
    assert as_user(world.ys_judge).post(f"/api/v1/cases/{case.pk}/investigations/online/", body, format="json").status_code == 403


# --- from the second review: the API tried as an adversary ---------------------------------------
def test_a_fee_never_comes_out_of_the_applicants_money(world, case):
    with on(2026, 3, 5):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="85000.00", received_on=d(2026, 3, 5))
        with pytest.raises(FieldErrors) as exc:
            money.disbursement_record(actor=world.judge, case_id=case.pk, kind="fee", amount="4000.00", paid_on=d(2026, 3, 5))
    assert exc.value.errors == {"amount": ["The applicants are still owed ¥85,000.00: a fee comes only out of money beyond that."]}


def test_no_deduction_beyond_what_is_owed(world, case):
    with on(2026, 3, 5):
        account = freeze(world, case, amount="500000.00", started_on=d(2026, 3, 5))
        with pytest.raises(FieldErrors) as exc:
            dossier.control_deduct(actor=world.judge, control_id=account.pk, amount="85000.01", deducted_on=d(2026, 3, 5))
    assert exc.value.errors == {"amount": ["Only ¥85,000.00 is outstanding: deduct no more than is owed."]}


@pytest.mark.parametrize("pause", ["suspend", "settle"])
def test_coercion_pauses_while_suspended_or_under_a_settlement(world, case, pause):
    from cases import services
    from enforcement.errors import IllegalTransition

    with on(2026, 3, 5):
        account = freeze(world, case, amount="10000.00", started_on=d(2026, 3, 5))
        if pause == "suspend":
            services.case_transition(actor=world.judge, case_id=case.pk, transition="suspend", reason="案外人异议审查中")
        else:
            money.settlement_record(actor=world.judge, case_id=case.pk, agreed_on=d(2026, 3, 5), agreed_amount="85000.00",
                                    instalments=[{"due_on": d(2026, 4, 5), "amount": "85000.00"}])
        with pytest.raises(IllegalTransition):
            dossier.control_deduct(actor=world.judge, control_id=account.pk, amount="100.00", deducted_on=d(2026, 3, 5))
        with pytest.raises(IllegalTransition):
            dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="detention", respondent=respondent_id(case),
                                  issued_on=d(2026, 3, 5), ends_on=d(2026, 3, 9), reason="拒不履行")
    assert fresh(case).recovered_amount == D("0.00") and not CoerciveMeasure.objects.filter(case=case).exists()


def test_payouts_are_booked_in_date_order(world, case):
    with on(2026, 3, 15):
        for day in (5, 15):
            money.payment_record(actor=world.judge, case_id=case.pk, amount="100.00", received_on=d(2026, 3, day))
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="100.00", paid_on=d(2026, 3, 10),
                                  payee=applicant_ids(case)[0])
        with pytest.raises(FieldErrors) as exc:
            money.disbursement_record(actor=world.judge, case_id=case.pk, amount="100.00", paid_on=d(2026, 3, 7),
                                      payee=applicant_ids(case)[0])
    assert exc.value.errors == {"paid_on": ["The last payout was booked on 2026-03-10: a later one cannot be dated before it."]}


def test_a_settlement_agrees_on_no_more_than_is_owed(world, case):
    with on(2026, 3, 5), pytest.raises(FieldErrors) as exc:
        money.settlement_record(actor=world.judge, case_id=case.pk, agreed_on=d(2026, 3, 5), agreed_amount="85000.01",
                                instalments=[{"due_on": d(2026, 4, 5), "amount": "85000.01"}])
    assert exc.value.errors == {"agreed_amount": ["Only ¥85,000.00 is outstanding: a settlement cannot agree on more."]}


def test_renewals_are_dated_in_order_and_a_listing_lasts_five_years_at_most(world, case):
    with on(2026, 3, 5):
        car = seal(world, case, kind="seal_movable", asset="冀A12345", started_on=d(2026, 3, 5))
    with on(2028, 3, 1):
        dossier.control_renew(actor=world.judge, control_id=car.pk, renewed_on=d(2028, 3, 1))
        with pytest.raises(FieldErrors) as exc:
            dossier.control_renew(actor=world.judge, control_id=car.pk, renewed_on=d(2028, 2, 28))
        assert exc.value.errors == {"renewed_on": ["The last renewal was on 2028-03-01: a later one cannot be dated before it."]}
        with pytest.raises(FieldErrors) as exc:
            dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=respondent_id(case),
                                  issued_on=d(2028, 3, 1), ends_on=d(2033, 3, 1), reason="拒不履行")
    assert exc.value.errors == {"ends_on": ["A listing lasts at most 5 years: the last day is 2033-02-28 at the latest."]}


@pytest.mark.parametrize("text,ok", [("12,345.60", True), ("1,234,567", True), ("12,5", False), ("1,00", False), ("1,2345", False)])
def test_thousands_separators_only_where_they_belong(text, ok):
    from cases.services import parse_money

    if ok:
        assert parse_money(text) == D(text.replace(",", "")).quantize(D("0.01"))
    else:
        with pytest.raises(ValueError):
            parse_money(text)


def test_the_outbox_masks_phones(world, client, as_user):
    from cases import services
    from tests.factories import registration

    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    client.force_login(world.judge)
    html = client.get("/cases/messages/").content.decode()
    assert "13803110001" not in html and "138****0001" in html
    assert as_user(world.judge).get("/api/v1/notifications/", {"case_number": case.case_number}).json()["results"][0]["phone"] \
        == "138****0001"


def test_upper_courts_see_account_numbers_in_free_text_masked(world, case, client, as_user):
    with on(2026, 3, 5):
        freeze(world, case, amount="1000.00", started_on=d(2026, 3, 5))  # 中国农业银行赞皇县支行 6228480000000000001
    client.force_login(world.judge)
    assert "6228480000000000001" in client.get(f"/cases/{case.pk}/").content.decode()
    client.force_login(world.supervisor)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "6228480000000000001" not in html and "6228***********0001" in html
    controls = as_user(world.supervisor).get(f"/api/v1/cases/{case.pk}/controls/").json()["results"]
    assert controls[0]["asset"].endswith("6228***********0001")
    events = as_user(world.supervisor).get(f"/api/v1/cases/{case.pk}/events/").json()
    assert not any("6228480000000000001" in e["description"] for e in events)
    assert any("6228480000000000001" in e["description"] for e in as_user(world.judge).get(f"/api/v1/cases/{case.pk}/events/").json())
