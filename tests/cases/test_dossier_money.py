"""The money ledger (DESIGN.md §9): payments in, disbursements out, claims, distribution among
several applicants — totals reconcile to the cent and never go negative."""

import datetime as dt

import pytest
from django.db.models import Sum

from cases import money, services
from cases.models import CaseParty, Disbursement, DistributionPlan, Payment
from enforcement.errors import FieldErrors
from tests.cases.dossier_helpers import D, applicant_ids, fresh, on, register, respondent_id, row_counts

# Exact messages are asserted in English (the msgids), independent of the catalogue.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
d = dt.date



def _pay(world, case, amount, day, **kw):
    with on(day.year, day.month, day.day):
        return money.payment_record(actor=world.judge, case_id=case.pk, amount=amount, received_on=day, **kw)


def _sold_at_auction(world, case, amount, day):
    """Money in beyond what is owed can only come from a disposal (a direct payment and a deduction are
    capped at the outstanding amount): a car sold at auction for ``amount``."""
    from decimal import ROUND_CEILING

    from cases import dossier
    from tests.cases.dossier_helpers import seal

    with on(day.year, day.month, day.day):
        car = seal(world, case, kind="seal_movable", asset="冀A00001 轿车", started_on=day)
        dossier.valuation_record(actor=world.judge, control_id=car.pk, method="online_inquiry", value=amount, valued_on=day)
        reserve = (D(amount) * D("0.70")).quantize(D("0.01"), rounding=ROUND_CEILING)
        auction = dossier.auction_schedule(actor=world.judge, control_id=car.pk, reserve_price=str(reserve), starts_on=day)
        return dossier.auction_conclude(actor=world.judge, auction_id=auction.pk, result="sold", sale_price=amount,
                                        buyer="买受人", concluded_on=day)


def test_a_direct_payment_above_the_outstanding_amount_is_refused(world):
    with on(2026, 3, 2):
        case = register(world, target="5000.00")
    with pytest.raises(FieldErrors) as exc:
        _pay(world, case, "5000.01", d(2026, 3, 10))
    assert exc.value.errors == {"amount": ["Only ¥5,000.00 is outstanding in this case."]}
    assert not Payment.objects.filter(case=case).exists()


def test_money_is_not_paid_out_before_it_arrived(world, case):
    _pay(world, case, "1000.00", d(2026, 3, 10))
    with pytest.raises(FieldErrors) as exc:
        _disburse(world, case, "1000.00", d(2026, 3, 9))
    assert exc.value.errors == {"paid_on": ["On 2026-03-09 the court held only ¥0.00 for this case: the money arrived later."]}
    _disburse(world, case, "1000.00", d(2026, 3, 10))


def _disburse(world, case, amount, day, **kw):
    kw.setdefault("payee", applicant_ids(case)[0])
    with on(day.year, day.month, day.day):
        return money.disbursement_record(actor=world.judge, case_id=case.pk, amount=amount, paid_on=day, **kw)


def _assert_reconciled(case):
    c = fresh(case)
    received = Payment.objects.filter(case=case).aggregate(t=Sum("amount"))["t"] or D("0.00")
    disbursed = Disbursement.objects.filter(case=case).aggregate(t=Sum("amount"))["t"] or D("0.00")
    assert c.recovered_amount == received
    assert c.disbursed_amount == disbursed
    assert c.held_amount == received - disbursed >= 0
    return c


@pytest.fixture
def case(world):
    with on(2026, 3, 2):
        return register(world, target="85000.00")


def test_payments_and_disbursements_reconcile_exactly(world, case):
    _pay(world, case, "10000.00", d(2026, 3, 10), payer="李明")
    _pay(world, case, "0.01", d(2026, 3, 11), source="third_party", payer="李明之兄")
    _pay(world, case, "２，５００．５０", d(2026, 3, 12))  # as clerks type it
    c = _assert_reconciled(case)
    assert (c.recovered_amount, c.held_amount, c.outstanding_amount) == (D("12500.51"), D("12500.51"), D("72499.49"))
    _disburse(world, case, "12000.00", d(2026, 3, 20))
    _disburse(world, case, "0.51", d(2026, 3, 21))
    c = _assert_reconciled(case)
    assert (c.recovered_amount, c.disbursed_amount, c.held_amount, c.held_since) == \
        (D("12500.51"), D("12000.51"), D("500.00"), d(2026, 3, 12))
    assert c.status == "in_progress"
    payment_event = case.events.filter(kind="payment").order_by("occurred_at", "pk").first()
    assert payment_event.description == "¥10,000.00 received (Paid by the respondent)，李明"
    assert payment_event.is_substantive
    assert not case.events.filter(kind="disbursement", is_substantive=True).exists()
    note = case.notifications.filter(message__contains="¥10,000.00 received").get()
    assert note.message.endswith("¥75,000.00 still outstanding.")


def test_held_since_is_the_oldest_money_not_yet_paid_out(world, case):
    _pay(world, case, "1000.00", d(2026, 3, 10))
    _pay(world, case, "2000.00", d(2026, 3, 15))
    _pay(world, case, "3000.00", d(2026, 3, 20))
    assert fresh(case).held_since == d(2026, 3, 10)
    steps = [("500.00", d(2026, 3, 10)),   # 500 of the first payment still held
             ("500.00", d(2026, 3, 15)),   # the first paid out exactly: the second is now the oldest
             ("2500.00", d(2026, 3, 20)),  # 3500 out: the first two are gone, 2500 of the third held
             ("2500.00", None)]            # everything paid out
    for amount, expected in steps:
        _disburse(world, case, amount, d(2026, 3, 25))
        assert fresh(case).held_since == expected, amount
    c = _assert_reconciled(case)
    assert c.held_amount == D("0.00")


def test_held_since_follows_the_receipt_date_not_the_recording_order(world, case):
    _pay(world, case, "1000.00", d(2026, 3, 20))
    with on(2026, 3, 21):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="1000.00", received_on=d(2026, 3, 5))
    assert fresh(case).held_since == d(2026, 3, 5)
    _disburse(world, case, "1000.00", d(2026, 3, 22))
    assert fresh(case).held_since == d(2026, 3, 20)


def test_disbursing_more_than_is_held_is_refused(world, case):
    _pay(world, case, "3000.00", d(2026, 3, 10))
    before = row_counts()
    with pytest.raises(FieldErrors) as exc:
        _disburse(world, case, "3000.01", d(2026, 3, 11))
    assert exc.value.errors == {"amount": ["The court holds only ¥3,000.00 for this case."]}
    assert row_counts() == before
    _assert_reconciled(case)


def test_disbursement_with_nothing_held_is_refused(world, case):
    with pytest.raises(FieldErrors) as exc:
        _disburse(world, case, "1.00", d(2026, 3, 11))
    assert exc.value.errors == {"amount": ["The court holds only ¥0.00 for this case."]}


def test_an_applicant_is_never_paid_more_than_their_claim(world):
    with on(2026, 3, 2):
        case = register(world, target="5000.00")
    _sold_at_auction(world, case, "6000.00", d(2026, 3, 10))
    with pytest.raises(FieldErrors) as exc:
        _disburse(world, case, "5000.01", d(2026, 3, 11))
    assert exc.value.errors == {"amount": ["Only ¥5,000.00 is still owed to 张建国."]}
    # only the surplus over what the applicant is still owed goes back to the respondent
    with pytest.raises(FieldErrors) as exc:
        _disburse(world, case, "1000.01", d(2026, 3, 11), kind="refund", payee=respondent_id(case))
    assert exc.value.errors == {"amount": [
        "A surplus is refunded only after the applicants are paid in full (¥5,000.00 still owed)."]}
    with pytest.raises(FieldErrors) as exc:
        _disburse(world, case, "1000.00", d(2026, 3, 11), kind="refund", payee=applicant_ids(case)[0])
    assert exc.value.errors == {"payee": ["Choose the respondent who receives the surplus."]}
    _disburse(world, case, "5000.00", d(2026, 3, 11))
    with pytest.raises(FieldErrors) as exc:
        _disburse(world, case, "0.01", d(2026, 3, 11))
    assert exc.value.errors == {"amount": ["Only ¥0.00 is still owed to 张建国."]}
    refund = _disburse(world, case, "1000.00", d(2026, 3, 12), kind="refund", payee=respondent_id(case))
    assert refund.payee_id == respondent_id(case)
    c = _assert_reconciled(case)
    assert (c.recovered_amount, c.disbursed_amount, c.held_amount) == (D("6000.00"), D("6000.00"), D("0.00"))


def test_disbursement_field_errors_are_reported_together_and_nothing_is_written(world, case):
    _pay(world, case, "100.00", d(2026, 3, 10))
    before = row_counts()
    with on(2026, 3, 11), pytest.raises(FieldErrors) as exc:
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="1.005", paid_on=d(2026, 3, 12),
                                  payee=respondent_id(case), note="x" * 301)
    assert exc.value.errors == {
        "amount": ["Amounts have at most two decimal places (fen)."],
        "paid_on": ["The date cannot be in the future."],
        "note": ["Too long (at most 300 characters)."],
        "payee": ["Choose one of this case's applicants."],
    }
    assert row_counts() == before
    with on(2026, 3, 11), pytest.raises(FieldErrors) as exc:
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="10.00", paid_on=d(2026, 3, 11),
                                  kind="fee", payee=applicant_ids(case)[0])
    assert exc.value.errors == {"payee": ["A fee has no payee."],
                                "amount": ["The applicants are still owed ¥85,000.00: a fee comes only out of money beyond that."]}


def test_payment_field_errors_are_reported_together_and_nothing_is_written(world, case):
    before = row_counts()
    with on(2026, 3, 10), pytest.raises(FieldErrors) as exc:
        money.payment_record(actor=world.judge, case_id=case.pk, amount="0", received_on="2026-02-30",
                             source="auction")
    assert exc.value.errors == {
        "amount": ["The amount must be more than zero."],
        "received_on": ["Enter a date as YYYY-MM-DD."],
        "source": ["Choose who paid; deductions, auctions and sales are recorded from their control action."],
    }
    assert row_counts() == before
    assert fresh(case).status == "registered"


@pytest.mark.parametrize("amount", [100.5, 0.1 + 0.2, 85000.0])
def test_float_amounts_are_refused(world, case, amount):
    with pytest.raises(ValueError, match="floating-point"):
        services.parse_money(amount)
    with on(2026, 3, 10), pytest.raises(FieldErrors) as exc:
        money.payment_record(actor=world.judge, case_id=case.pk, amount=amount, received_on=d(2026, 3, 10))
    assert exc.value.errors == {"amount": ['Enter the amount as text, e.g. "12345.67" (not as a floating-point number).']}
    assert not Payment.objects.exists()


@pytest.mark.parametrize("typed,message", [
    ("-5.00", "The amount cannot be negative."),
    ("1e3", "Enter a number in yuan, e.g. 12345.67."),
    ("NaN", "Enter a number in yuan, e.g. 12345.67."),
    ("12.345", "Amounts have at most two decimal places (fen)."),
    ("100000000000000.00", "The amount is too large."),
])
def test_malformed_amounts_are_refused(world, case, typed, message):
    with on(2026, 3, 10), pytest.raises(FieldErrors) as exc:
        money.payment_record(actor=world.judge, case_id=case.pk, amount=typed, received_on=d(2026, 3, 10))
    assert exc.value.errors == {"amount": [message]}


# --- several applicants --------------------------------------------------------------------------
@pytest.fixture
def three(world):
    """A case with three applicants: 张建国 (ordinary, ¥50,000), the worker 刘铁柱 (wages, ¥30,000)
    and 河北冀商贸易有限公司 (ordinary, ¥40,000)."""
    with on(2026, 3, 2):
        case = register(world, applicants=3, target="120000.00")
        zhang, liu, jishang = applicant_ids(case)
        money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=zhang, claim_amount="50000.00")
        money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=liu, claim_amount="30000.00",
                                  claim_class="wage")
        money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=jishang, claim_amount="40000.00")
    return case


def test_distribution_pays_wages_first_then_pro_rata_to_the_cent(world, three):
    case = three
    zhang, liu, jishang = applicant_ids(case)
    _pay(world, case, "60000.00", d(2026, 3, 10))
    _pay(world, case, "40000.00", d(2026, 3, 20))
    preview = money.distribution_preview(fresh(case))
    assert [(line.name, line.claim_class, line.claimed, line.paid) for line in preview] == [
        ("张建国", "ordinary", D("50000.00"), D("38888.89")),
        ("刘铁柱", "wage", D("30000.00"), D("30000.00")),
        ("河北冀商贸易有限公司", "ordinary", D("40000.00"), D("31111.11")),
    ]
    with on(2026, 3, 25):
        plan = money.distribution_execute(actor=world.judge, case_id=case.pk)
    assert plan.fund == D("100000.00") and plan.decided_on == d(2026, 3, 25)
    assert [(ln["name"], ln["paid"]) for ln in plan.lines] == \
        [("张建国", "38888.89"), ("刘铁柱", "30000.00"), ("河北冀商贸易有限公司", "31111.11")]
    paid = dict(Disbursement.objects.filter(case=case, plan=plan).values_list("payee_id", "amount"))
    assert paid == {zhang: D("38888.89"), liu: D("30000.00"), jishang: D("31111.11")}
    c = _assert_reconciled(case)
    assert (c.recovered_amount, c.disbursed_amount, c.held_amount, c.held_since, c.outstanding_amount) == \
        (D("100000.00"), D("100000.00"), D("0.00"), None, D("20000.00"))
    assert money.paid_to(c) == paid

    # a later payment is shared on what is still owed: 11111.11 and 8888.89
    _pay(world, case, "20000.00", d(2026, 4, 10))
    with on(2026, 4, 11):
        money.distribution_execute(actor=world.judge, case_id=case.pk)
    assert money.paid_to(fresh(case)) == {zhang: D("50000.00"), liu: D("30000.00"), jishang: D("40000.00")}
    c = _assert_reconciled(case)
    assert (c.held_amount, c.outstanding_amount) == (D("0.00"), D("0.00"))
    with on(2026, 4, 12), pytest.raises(FieldErrors) as exc:
        money.distribution_execute(actor=world.judge, case_id=case.pk)
    assert exc.value.errors == {"fund": ["The court holds no money for this case."]}


def test_distribution_of_part_of_the_money_held(world, three):
    case = three
    _pay(world, case, "100000.00", d(2026, 3, 10))
    with on(2026, 3, 11):
        with pytest.raises(FieldErrors) as exc:
            money.distribution_execute(actor=world.judge, case_id=case.pk, fund="100000.01")
        assert exc.value.errors == {"fund": ["The court holds only ¥100,000.00 for this case."]}
        plan = money.distribution_execute(actor=world.judge, case_id=case.pk, fund="20000.00")
    assert [ln["paid"] for ln in plan.lines] == ["0.00", "20000.00", "0.00"]  # wages first
    assert Disbursement.objects.filter(case=case).count() == 1  # nothing paid out for a zero line
    c = _assert_reconciled(case)
    assert (c.held_amount, c.held_since) == (D("80000.00"), d(2026, 3, 10))


def test_distribution_leaves_a_surplus_held_when_every_claim_is_paid(world, three):
    _sold_at_auction(world, three, "130000.00", d(2026, 3, 10))
    with on(2026, 3, 11):
        plan = money.distribution_execute(actor=world.judge, case_id=three.pk)
    assert plan.fund == D("120000.00")
    c = _assert_reconciled(three)
    assert c.held_amount == D("10000.00")


def test_distribution_refused_while_an_applicant_has_no_claim(world):
    with on(2026, 3, 2):
        case = register(world, applicants=3, target="120000.00")
        money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=applicant_ids(case)[0],
                                  claim_amount="50000.00")
    _pay(world, case, "10000.00", d(2026, 3, 10))
    before = row_counts()
    with on(2026, 3, 11), pytest.raises(FieldErrors) as exc:
        money.distribution_execute(actor=world.judge, case_id=case.pk)
    assert exc.value.errors == {"non_field_errors": ["Set the amount claimed by: 刘铁柱、河北冀商贸易有限公司."]}
    assert row_counts() == before
    assert not DistributionPlan.objects.exists()
    # nor can one applicant be paid directly before their claim is known
    with pytest.raises(FieldErrors) as exc:
        _disburse(world, case, "100.00", d(2026, 3, 11), payee=applicant_ids(case)[1])
    assert exc.value.errors == {"payee": ["Set the amount claimed by 刘铁柱 first (the case has several applicants)."]}


def test_a_claim_cannot_be_set_below_what_was_already_paid(world, three):
    zhang = applicant_ids(three)[0]
    _pay(world, three, "100000.00", d(2026, 3, 10))
    with on(2026, 3, 11):
        money.distribution_execute(actor=world.judge, case_id=three.pk)
        with pytest.raises(FieldErrors) as exc:
            money.applicant_claim_set(actor=world.judge, case_id=three.pk, party=zhang, claim_amount="38888.88")
        assert exc.value.errors == {"claim_amount": ["¥38,888.89 has already been paid to this applicant."]}
        link = money.applicant_claim_set(actor=world.judge, case_id=three.pk, party=zhang, claim_amount="38888.89")
    assert link.claim_amount == D("38888.89")
    assert CaseParty.objects.get(pk=link.pk).history.first().history_user == world.judge


def test_claim_set_errors_are_field_keyed(world, three):
    before = row_counts()
    with on(2026, 3, 11), pytest.raises(FieldErrors) as exc:
        money.applicant_claim_set(actor=world.judge, case_id=three.pk, party=respondent_id(three), claim_amount="",
                                  claim_class="vip")
    assert exc.value.errors == {"party": ["Choose one of this case's applicants."], "claim_amount": ["Enter an amount in yuan."],
                                "claim_class": ["Choose the priority of the claim."]}
    assert row_counts() == before


def test_ledger_reconciles_over_a_long_random_sequence(world, three):
    """Many payments, partial disbursements and distributions: the totals always reconcile and
    no applicant ever receives more than their claim."""
    import random

    rng = random.Random(42)
    case = three
    claims = dict(CaseParty.objects.filter(case=case, role="applicant").values_list("party_id", "claim_amount"))
    day = d(2026, 3, 3)
    for _ in range(25):
        day += dt.timedelta(days=1)
        _pay(world, case, f"{rng.randint(1, 900000) / 100:.2f}", day)
        if rng.random() < 0.5:
            with on(day.year, day.month, day.day):
                try:
                    money.distribution_execute(actor=world.judge, case_id=case.pk,
                                               fund=f"{rng.randint(1, int(fresh(case).held_amount * 100)) / 100:.2f}")
                except FieldErrors as exc:  # everything already paid
                    assert exc.value.errors == {"fund": ["Nothing is owed to the applicants any more."]}
        c = _assert_reconciled(case)
        for party_id, total in money.paid_to(c).items():
            assert total <= claims[party_id]
