"""Control and disposal of assets (DESIGN.md §6.2): freezes, seals and seizures with their legal
terms, renewal, release, deduction, valuation, the two auction rounds, sale and transfer in kind."""

import datetime as dt
from decimal import Decimal

import pytest

from cases import dossier
from cases.models import (
    AuctionRound,
    CaseEvent,
    ControlAction,
    ControlRenewal,
    Disbursement,
    Payment,
)
from enforcement.errors import FieldErrors, IllegalTransition
from tests.cases.dossier_helpers import (
    D,
    applicant_ids,
    freeze,
    fresh,
    on,
    register,
    respondent_id,
    row_counts,
    seal,
)

# Exact messages are asserted in English (the msgids), independent of the catalogue.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
d = dt.date



@pytest.fixture
def case(world):
    with on(2026, 3, 2):
        return register(world, target="1200000.00")


# --- control_apply -------------------------------------------------------------------------------
@pytest.mark.parametrize("kind,expected", [
    ("freeze_deposit", d(2027, 3, 1)),
    ("seal_real_estate", d(2029, 3, 1)),
    ("seal_movable", d(2028, 3, 1)),
    ("freeze_equity", d(2029, 3, 1)),
    ("periodic_deduction", None),
])
def test_control_apply_sets_the_expiry_of_its_kind(world, case, kind, expected):
    with on(2026, 3, 5):
        control = dossier.control_apply(actor=world.judge, case_id=case.pk, kind=kind, asset="某资产", amount="1000.00",
                                        started_on=d(2026, 3, 2), respondent=respondent_id(case))
    control.refresh_from_db()
    assert control.started_on == d(2026, 3, 2)
    assert control.expires_on == expected
    assert control.status == "in_force"
    assert control.respondent_id == respondent_id(case)
    event = case.events.get(kind="control")
    assert event.is_substantive
    assert event.data["expires_on"] == (expected.isoformat() if expected else None)
    # the first dossier action starts enforcement
    assert fresh(case).status == "in_progress"


def test_freeze_of_29_february_runs_to_28_february_of_next_year(world):
    with on(2028, 2, 29):
        case = register(world)
        control = freeze(world, case, started_on=d(2028, 2, 29))
    assert control.expires_on == d(2029, 2, 28)
    assert case.events.get(kind="control").description.endswith("until 2029-02-28")


def test_a_freeze_needs_its_amount_and_every_field_error_is_reported_at_once(world, case):
    before = row_counts()
    with on(2026, 3, 5), pytest.raises(FieldErrors) as exc:
        dossier.control_apply(actor=world.judge, case_id=case.pk, kind="freeze_deposit", asset="  ",
                              started_on=d(2026, 3, 6), amount=None, non_deductible=True, respondent=999999)
    assert exc.value.errors == {
        "respondent": ["Choose one of this case's respondents."],
        "asset": ["Describe the asset (bank and account, address, plate number …)."],
        "started_on": ["The date cannot be in the future."],
        "amount": ["Enter an amount in yuan."],
        "non_deductible_reason": ["State why the funds cannot be deducted (e.g. earmarked funds)."],
    }
    assert row_counts() == before
    assert fresh(case).status == "registered"  # not even started


def test_only_frozen_funds_can_be_marked_non_deductible(world, case):
    with on(2026, 3, 5), pytest.raises(FieldErrors) as exc:
        seal(world, case, non_deductible=True, non_deductible_reason="低保")
    assert exc.value.errors == {"non_deductible": ["Only frozen funds can be marked non-deductible."]}


def test_control_cannot_start_before_the_case_was_filed(world, case):
    with on(2026, 3, 5), pytest.raises(FieldErrors) as exc:
        seal(world, case, started_on=d(2026, 3, 1))
    assert exc.value.errors == {"started_on": ["The date cannot be before the case was filed (2026-03-02)."]}


def test_no_new_control_while_enforcement_is_suspended(world, case):
    from cases import services

    with on(2026, 3, 5):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="start")
        services.case_transition(actor=world.judge, case_id=case.pk, transition="suspend", reason="案外人异议")
        with pytest.raises(IllegalTransition, match="Enforcement is suspended"):
            seal(world, case)
    assert not ControlAction.objects.filter(case=case).exists()


# --- renewal -------------------------------------------------------------------------------------
def test_renewal_extends_from_the_day_after_expiry_and_keeps_its_history(world, case):
    with on(2026, 3, 2):
        control = freeze(world, case, started_on=d(2026, 3, 2))
    assert control.expires_on == d(2027, 3, 1)
    with on(2027, 2, 10):
        dossier.control_renew(actor=world.judge, control_id=control.pk)
    with on(2028, 2, 20):
        dossier.control_renew(actor=world.judge, control_id=control.pk, renewed_on=d(2028, 2, 18))
    control.refresh_from_db()
    assert control.expires_on == d(2029, 3, 1)
    history = list(ControlRenewal.objects.filter(control=control).order_by("renewed_on")
                   .values_list("renewed_on", "previous_expiry", "new_expiry", "recorded_by"))
    assert history == [
        (d(2027, 2, 10), d(2027, 3, 1), d(2028, 3, 1), world.judge.pk),
        (d(2028, 2, 18), d(2028, 3, 1), d(2029, 3, 1), world.judge.pk),
    ]
    event = case.events.filter(kind="control_renewed").order_by("occurred_at", "pk").last()
    assert event.description == ("Freeze bank deposit renewed: 中国农业银行赞皇县支行 6228480000000000001, "
                                 "until 2029-03-01 (was 2028-03-01)")
    assert not event.is_substantive


def test_renewal_on_the_last_day_is_accepted(world, case):
    with on(2026, 3, 2):
        control = seal(world, case, kind="seal_movable", asset="冀A12345 小型轿车")
    with on(2028, 3, 1):
        renewed = dossier.control_renew(actor=world.judge, control_id=control.pk)
    assert renewed.expires_on == d(2030, 3, 1)


def test_renewal_after_expiry_is_refused_because_the_control_has_lapsed(world, case):
    with on(2026, 3, 2):
        control = freeze(world, case)
    before = row_counts()
    with on(2027, 3, 2), pytest.raises(FieldErrors) as exc:
        dossier.control_renew(actor=world.judge, control_id=control.pk)
    assert exc.value.errors == {"renewed_on": [
        "The control expired on 2027-03-01: it has lapsed and cannot be renewed. Control the asset again."]}
    control.refresh_from_db()
    assert control.expires_on == d(2027, 3, 1)
    assert row_counts() == before


def test_a_control_without_a_term_cannot_be_renewed(world, case):
    with on(2026, 3, 2):
        control = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="periodic_deduction",
                                        asset="李明 养老金账户", started_on=d(2026, 3, 2))
        with pytest.raises(FieldErrors) as exc:
            dossier.control_renew(actor=world.judge, control_id=control.pk)
    assert exc.value.errors == {"renewed_on": ["This control has no fixed term to renew."]}


# --- release -------------------------------------------------------------------------------------
def test_release_ends_the_control_with_its_reason(world, case):
    with on(2026, 3, 2):
        control = seal(world, case)
    with on(2026, 4, 1):
        with pytest.raises(FieldErrors) as exc:
            dossier.control_release(actor=world.judge, control_id=control.pk, reason="")
        assert exc.value.errors == {"reason": ["State the reason."]}
        dossier.control_release(actor=world.judge, control_id=control.pk, reason="被执行人提供足额担保")
    control.refresh_from_db()
    assert (control.status, control.ended_on, control.end_reason) == ("released", d(2026, 4, 1), "被执行人提供足额担保")
    event = case.events.get(kind="control_released")
    assert event.reason == "被执行人提供足额担保" and not event.is_substantive
    with on(2026, 4, 2), pytest.raises(IllegalTransition, match="This control is Released, not in force."):
        dossier.control_renew(actor=world.judge, control_id=control.pk)
    with on(2026, 4, 2), pytest.raises(IllegalTransition):
        dossier.control_release(actor=world.judge, control_id=control.pk, reason="again")


# --- deduction -----------------------------------------------------------------------------------
def test_deduction_brings_the_money_in_and_raises_recovered_and_held(world, case):
    with on(2026, 3, 2):
        control = freeze(world, case, amount="20000.00")
    with on(2026, 3, 10):
        payment = dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="5000.00", note="第一次扣划")
    assert (payment.amount, payment.source, payment.control_id, payment.received_on) == \
        (D("5000.00"), "deduction", control.pk, d(2026, 3, 10))
    control.refresh_from_db()
    assert control.deducted_amount == D("5000.00") and control.frozen_balance == D("15000.00")
    assert control.status == "in_force"
    c = fresh(case)
    assert (c.recovered_amount, c.held_amount, c.held_since, c.outstanding_amount) == \
        (D("5000.00"), D("5000.00"), d(2026, 3, 10), D("1195000.00"))

    with on(2026, 3, 11), pytest.raises(FieldErrors) as exc:
        dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="15000.01")
    assert exc.value.errors == {"amount": ["Only ¥15,000.00 remains frozen in this account."]}

    with on(2026, 3, 12):
        dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="15000")
    control.refresh_from_db()
    assert (control.status, control.end_reason, control.disposal_kind, control.disposal_amount) == \
        ("disposed", "Deducted in full", "deduction", D("20000.00"))
    c = fresh(case)
    assert (c.recovered_amount, c.held_amount) == (D("20000.00"), D("20000.00"))
    assert sum(Payment.objects.filter(case=case).values_list("amount", flat=True)) == D("20000.00")
    with on(2026, 3, 13), pytest.raises(IllegalTransition):
        dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="1.00")


def test_non_deductible_funds_stay_frozen_and_nothing_is_written(world, case):
    with on(2026, 3, 2):
        control = freeze(world, case, amount="30000.00", non_deductible=True, non_deductible_reason="专项扶贫资金")
    before = row_counts()
    with on(2026, 3, 10), pytest.raises(FieldErrors) as exc:
        dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="100.00")
    assert exc.value.errors == {"control": [
        "These funds are marked non-deductible (专项扶贫资金): they may stay frozen but cannot be deducted."]}
    assert row_counts() == before
    control.refresh_from_db()
    assert control.deducted_amount == D("0.00") and control.status == "in_force"
    assert fresh(case).recovered_amount == D("0.00")


def test_only_frozen_deposits_can_be_deducted(world, case):
    with on(2026, 3, 2):
        control = seal(world, case)
        with pytest.raises(FieldErrors) as exc:
            dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="100.00")
    assert exc.value.errors == {"control": ["Only frozen deposits can be deducted."]}


def test_deduction_cannot_be_dated_before_the_freeze(world, case):
    with on(2026, 3, 10):
        control = freeze(world, case, started_on=d(2026, 3, 5))
        with pytest.raises(FieldErrors) as exc:
            dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="100.00", deducted_on=d(2026, 3, 4))
    assert exc.value.errors == {"deducted_on": ["The deduction cannot be before the freeze."]}


def test_nothing_can_be_deducted_from_a_freeze_that_has_lapsed(world, case):
    with on(2026, 3, 2):
        control = freeze(world, case, amount="20000.00")
    with on(2027, 3, 1):  # last day of the term
        dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="100.00")
    before = row_counts()
    with on(2027, 3, 2), pytest.raises(FieldErrors) as exc:
        dossier.control_deduct(actor=world.judge, control_id=control.pk, amount="100.00")
    assert exc.value.errors == {"deducted_on": [
        "The freeze expired on 2027-03-01: it has lapsed and nothing can be deducted. Freeze the account again."]}
    assert row_counts() == before
    assert fresh(case).recovered_amount == D("100.00")


# --- valuation and auction -----------------------------------------------------------------------
def _valued_seal(world, case, value="1000000.00"):
    with on(2026, 3, 2):
        control = seal(world, case)
    with on(2026, 4, 1):
        dossier.valuation_record(actor=world.judge, control_id=control.pk, method="appraisal", value=value,
                                 valued_on=d(2026, 3, 30), appraiser="河北某房地产评估有限公司")
    return control


def test_auction_needs_a_valuation_first(world, case):
    with on(2026, 3, 2):
        control = seal(world, case)
        with pytest.raises(FieldErrors) as exc:
            dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                     starts_on=d(2026, 5, 1))
    assert exc.value.errors == {"reserve_price": ["Record a valuation or price inquiry before the auction."]}


def test_frozen_deposits_are_not_valued_or_auctioned(world, case):
    with on(2026, 3, 2):
        control = freeze(world, case)
        with pytest.raises(FieldErrors) as exc:
            dossier.valuation_record(actor=world.judge, control_id=control.pk, method="appraisal", value="1.00",
                                     valued_on=d(2026, 3, 2))
    assert exc.value.errors == {"control": ["Only sealed or seized property and frozen equity are valued and auctioned."]}


def test_first_round_reserve_below_70_percent_is_refused_and_exactly_70_percent_accepted(world, case):
    control = _valued_seal(world, case)
    with on(2026, 4, 2):
        with pytest.raises(FieldErrors) as exc:
            dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="699999.99",
                                     starts_on=d(2026, 5, 10), platform="人民法院诉讼资产网")
        assert exc.value.errors == {"reserve_price": [
            "The first auction's reserve must be at least 70% of the valuation (¥1,000,000.00): at least ¥700,000.00."]}
        assert not AuctionRound.objects.exists()
        auction = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                           starts_on=d(2026, 5, 10), platform="人民法院诉讼资产网")
    assert (auction.round_number, auction.reserve_price, auction.result) == (1, D("700000.00"), "scheduled")
    event = case.events.get(kind="auction")
    assert not event.is_substantive
    with on(2026, 4, 3), pytest.raises(FieldErrors) as exc:
        dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                 starts_on=d(2026, 6, 10))
    assert exc.value.errors == {"non_field_errors": ["An auction of this asset is already scheduled or sold."]}


def test_auction_cannot_be_dated_before_the_valuation(world, case):
    control = _valued_seal(world, case)
    with on(2026, 4, 2), pytest.raises(FieldErrors) as exc:
        dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                 starts_on=d(2026, 3, 29))
    assert exc.value.errors == {"starts_on": ["The auction cannot be before the valuation."]}


def _unsold_round(world, control, *, reserve, starts_on, concluded_on):
    with on(starts_on.year, starts_on.month, starts_on.day):
        auction = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price=reserve,
                                           starts_on=starts_on)
    with on(concluded_on.year, concluded_on.month, concluded_on.day):
        dossier.auction_conclude(actor=world.judge, auction_id=auction.pk, result="unsold")
    return auction


def test_second_round_only_after_an_unsold_first_and_cut_by_at_most_20_percent(world, case):
    control = _valued_seal(world, case)
    _unsold_round(world, control, reserve="700000.00", starts_on=d(2026, 5, 10), concluded_on=d(2026, 5, 11))
    with on(2026, 5, 15):
        with pytest.raises(FieldErrors) as exc:
            dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="559999.99",
                                     starts_on=d(2026, 6, 10))
        assert exc.value.errors == {"reserve_price": [
            "The second auction may cut the reserve by at most 20% of the first (¥700,000.00): at least ¥560,000.00."]}
        second = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="560000.00",
                                          starts_on=d(2026, 6, 10))
    assert (second.round_number, second.reserve_price) == (2, D("560000.00"))
    with on(2026, 6, 11):
        dossier.auction_conclude(actor=world.judge, auction_id=second.pk, result="unsold")
        with pytest.raises(FieldErrors) as exc:
            dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="560000.00",
                                     starts_on=d(2026, 7, 10))
    assert exc.value.errors == {"non_field_errors": [
        "Both auction rounds found no bidder: sell the asset (变卖) or transfer it in kind to the applicant."]}
    # no money, no disposal: the asset is still under control
    control.refresh_from_db()
    assert control.status == "in_force"
    assert not Payment.objects.filter(case=case).exists()


def test_withdrawn_round_is_run_again_with_the_same_number(world, case):
    control = _valued_seal(world, case)
    with on(2026, 5, 1):
        first = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                         starts_on=d(2026, 5, 1))
        dossier.auction_conclude(actor=world.judge, auction_id=first.pk, result="withdrawn")
        again = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                         starts_on=d(2026, 5, 20))
    assert again.round_number == 1


def test_auction_sold_brings_the_price_in_and_disposes_of_the_asset(world, case):
    control = _valued_seal(world, case)
    with on(2026, 4, 2):
        auction = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                           starts_on=d(2026, 5, 10))
    progress_before = fresh(case).last_progress_at
    with on(2026, 5, 11, hour=15):
        with pytest.raises(FieldErrors) as exc:
            dossier.auction_conclude(actor=world.judge, auction_id=auction.pk, result="sold", sale_price="699999.00",
                                     buyer="")
        assert exc.value.errors == {"sale_price": ["A sale below the reserve price (¥700,000.00) is not possible."],
                                    "buyer": ["Enter the buyer."]}
        dossier.auction_conclude(actor=world.judge, auction_id=auction.pk, result="sold", sale_price="812000.00",
                                 buyer="王某某")
    auction.refresh_from_db()
    assert (auction.result, auction.sale_price, auction.buyer, auction.concluded_on) == \
        ("sold", D("812000.00"), "王某某", d(2026, 5, 11))
    control.refresh_from_db()
    assert (control.status, control.disposal_kind, control.disposal_amount, control.end_reason, control.ended_on) == \
        ("disposed", "auction", D("812000.00"), "Sold at auction", d(2026, 5, 11))
    payment = Payment.objects.get(case=case)
    assert (payment.amount, payment.source, payment.payer, payment.control_id) == \
        (D("812000.00"), "auction", "王某某", control.pk)
    c = fresh(case)
    assert (c.recovered_amount, c.held_amount, c.outstanding_amount) == (D("812000.00"), D("812000.00"), D("388000.00"))
    disposal = case.events.get(kind="disposal")
    assert disposal.is_substantive
    assert disposal.description == "赞皇县城关镇幸福小区3号楼2单元501室: Sold at auction for ¥812,000.00"
    assert c.last_progress_at > progress_before
    assert c.last_progress_at.date() == d(2026, 5, 11)
    with on(2026, 5, 12), pytest.raises(IllegalTransition, match="already concluded"):
        dossier.auction_conclude(actor=world.judge, auction_id=auction.pk, result="unsold")


def test_auction_cannot_conclude_before_it_starts(world, case):
    control = _valued_seal(world, case)
    with on(2026, 4, 2):
        auction = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                           starts_on=d(2026, 5, 10))
        with pytest.raises(FieldErrors) as exc:
            dossier.auction_conclude(actor=world.judge, auction_id=auction.pk, result="unsold")
    assert exc.value.errors == {"concluded_on": ["The auction ends on or after its start (2026-05-10)."]}


def test_no_other_disposal_while_an_auction_is_scheduled(world, case):
    """While an auction is scheduled the asset cannot also be taken in kind, sold or released — the
    auction's result would bring its value in twice. Withdrawing the auction frees it."""
    control = _valued_seal(world, case)
    applicant = applicant_ids(case)[0]
    with on(2026, 4, 2):
        auction = dossier.auction_schedule(actor=world.judge, control_id=control.pk, reserve_price="700000.00",
                                           starts_on=d(2026, 5, 10))
    with on(2026, 4, 20):
        with pytest.raises(FieldErrors) as exc:
            dossier.in_kind_transfer(actor=world.judge, control_id=control.pk, applicant=applicant, value="1000000.00",
                                     by_agreement=True)
        assert exc.value.errors == {"control": ["An auction of this asset is scheduled: record its result or withdraw it first."]}
        with pytest.raises(FieldErrors):
            dossier.control_release(actor=world.judge, control_id=control.pk, reason="被执行人提供担保")
    assert Payment.objects.filter(case=case).count() == 0
    with on(2026, 5, 11):
        dossier.auction_conclude(actor=world.judge, auction_id=auction.pk, result="withdrawn")
        dossier.in_kind_transfer(actor=world.judge, control_id=control.pk, applicant=applicant, value="1000000.00",
                                 by_agreement=True)
    assert fresh(case).recovered_amount == D("1000000.00")
    assert Payment.objects.filter(case=case).count() == 1


# --- sale and transfer in kind -------------------------------------------------------------------
def test_sale_only_after_the_second_auction_found_no_bidder(world, case):
    control = _valued_seal(world, case)
    _unsold_round(world, control, reserve="700000.00", starts_on=d(2026, 5, 10), concluded_on=d(2026, 5, 11))
    with on(2026, 5, 20), pytest.raises(FieldErrors) as exc:
        dossier.sale_record(actor=world.judge, control_id=control.pk, price="700000.00", buyer="赵某")
    assert exc.value.errors == {"non_field_errors": ["An asset is sold (变卖) only after the second auction found no bidder."]}
    _unsold_round(world, control, reserve="560000.00", starts_on=d(2026, 6, 10), concluded_on=d(2026, 6, 11))
    with on(2026, 7, 1):
        with pytest.raises(FieldErrors) as exc:
            dossier.sale_record(actor=world.judge, control_id=control.pk, price="559999.99", buyer="赵某")
        assert exc.value.errors == {"price": ["The sale price cannot be below the second auction's reserve (¥560,000.00)."]}
        payment = dossier.sale_record(actor=world.judge, control_id=control.pk, price="560000.00", buyer="赵某")
    assert (payment.amount, payment.source, payment.payer, payment.received_on) == \
        (D("560000.00"), "sale", "赵某", d(2026, 7, 1))
    control.refresh_from_db()
    assert (control.status, control.disposal_kind, control.end_reason) == ("disposed", "sale", "Sold off (变卖)")
    assert fresh(case).recovered_amount == D("560000.00")
    assert case.events.get(kind="disposal").is_substantive


def test_four_cows_transferred_in_kind_pay_the_applicant_and_leave_nothing_held(world):
    with on(2026, 3, 2):
        case = register(world, target="85000.00")
        control = seal(world, case, kind="seal_movable", asset="黄牛四头（赞皇县许亭村养殖场）")
    applicant = applicant_ids(case)[0]
    with on(2026, 4, 2):
        with pytest.raises(FieldErrors) as exc:
            dossier.in_kind_transfer(actor=world.judge, control_id=control.pk, applicant=applicant, value="55000.00")
        assert exc.value.errors == {"by_agreement": [
            "Without an auction that found no bidder, a transfer in kind needs the parties' agreement."]}
        payment = dossier.in_kind_transfer(actor=world.judge, control_id=control.pk, applicant=applicant,
                                           value="55000.00", by_agreement=True)
    assert (payment.amount, payment.source, payment.payer) == (D("55000.00"), "in_kind", "黄牛四头（赞皇县许亭村养殖场）")
    disbursement = Disbursement.objects.get(case=case)
    assert (disbursement.payee_id, disbursement.amount, disbursement.kind, disbursement.paid_on) == \
        (applicant, D("55000.00"), "to_applicant", d(2026, 4, 2))
    assert disbursement.note == "Transfer in kind: 黄牛四头（赞皇县许亭村养殖场）"
    c = fresh(case)
    assert (c.recovered_amount, c.disbursed_amount, c.held_amount, c.held_since, c.outstanding_amount) == \
        (D("55000.00"), D("55000.00"), D("0.00"), None, D("30000.00"))
    control.refresh_from_db()
    assert (control.status, control.disposal_kind, control.disposal_amount, control.end_reason) == \
        ("disposed", "in_kind", D("55000.00"), "Transferred in kind")


def test_in_kind_after_an_unsold_round_is_at_that_rounds_reserve(world, case):
    control = _valued_seal(world, case, value="100000.00")
    _unsold_round(world, control, reserve="70000.00", starts_on=d(2026, 5, 10), concluded_on=d(2026, 5, 11))
    applicant = applicant_ids(case)[0]
    with on(2026, 5, 20):
        with pytest.raises(FieldErrors) as exc:
            dossier.in_kind_transfer(actor=world.judge, control_id=control.pk, applicant=applicant, value="60000.00")
        assert exc.value.errors == {"value": [
            "After an auction without bidder the asset is taken at that round's reserve price (¥70,000.00)."]}
        payment = dossier.in_kind_transfer(actor=world.judge, control_id=control.pk, applicant=applicant)
    assert payment.amount == D("70000.00")
    assert fresh(case).held_amount == D("0.00")


def test_in_kind_worth_more_than_the_applicant_is_owed_is_refused(world):
    with on(2026, 3, 2):
        case = register(world, target="50000.00")
        control = seal(world, case, kind="seal_movable", asset="黄牛四头")
    before = row_counts()
    with on(2026, 4, 2), pytest.raises(FieldErrors) as exc:
        dossier.in_kind_transfer(actor=world.judge, control_id=control.pk, applicant=applicant_ids(case)[0],
                                 value="55000.00", by_agreement=True)
    assert exc.value.errors == {"value": [
        "The asset is worth more than is still owed to 张建国 (¥50,000.00): the difference must be settled first."]}
    assert row_counts() == before


def test_in_kind_to_someone_who_is_not_an_applicant_is_refused(world, case):
    with on(2026, 3, 2):
        control = seal(world, case, kind="seal_movable", asset="黄牛四头")
        with pytest.raises(FieldErrors) as exc:
            dossier.in_kind_transfer(actor=world.judge, control_id=control.pk, applicant=respondent_id(case),
                                     value="55000.00", by_agreement=True)
    assert exc.value.errors == {"applicant": ["Choose one of this case's applicants."]}
    assert not CaseEvent.objects.filter(case=case, kind="disposal").exists()


def test_control_events_are_recorded_with_actor_and_the_applicant_is_told(world, case):
    with on(2026, 3, 2):
        control = seal(world, case)
    event = case.events.get(kind="control")
    assert event.actor == world.judge
    assert event.description == "Seal real estate: 赞皇县城关镇幸福小区3号楼2单元501室, until 2029-03-01"
    assert control.history.first().history_user == world.judge
    assert case.notifications.filter(message__contains="Seal real estate").count() == 1
    assert Decimal(0) == fresh(case).recovered_amount
