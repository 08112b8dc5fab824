"""Settlement (执行和解, DESIGN.md §9): the agreement and its instalments, payments matched in
order, performance in full, and a missed instalment resuming enforcement of the original basis."""

import datetime as dt

import pytest

from cases import money, services
from cases.closure import case_close
from cases.models import Instalment, Settlement
from enforcement.errors import FieldErrors, IllegalTransition
from tests.cases.dossier_helpers import D, applicant_ids, fresh, on, register, row_counts

# Exact messages are asserted in English (the msgids), independent of the catalogue.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
d = dt.date

SCHEDULE = [
    {"due_on": d(2026, 4, 10), "amount": "20000.00"},
    {"due_on": "2026-06-10", "amount": "20000.00"},  # as a form sends it
    {"due_on": d(2026, 5, 10), "amount": "20000.00"},  # out of order: numbered by due date
]

AGREED = d(2026, 3, 10)



@pytest.fixture
def case(world):
    with on(2026, 3, 2):
        return register(world, target="85000.00")


def _settle(world, case, instalments=SCHEDULE, amount="60000.00", day=AGREED):
    with on(day.year, day.month, day.day):
        return money.settlement_record(actor=world.judge, case_id=case.pk, agreed_on=day, agreed_amount=amount,
                                       instalments=instalments, waives_interest=True, terms="免除迟延履行利息，分三期付清")


def _pay(world, case, amount, day):
    with on(day.year, day.month, day.day):
        return money.payment_record(actor=world.judge, case_id=case.pk, amount=amount, received_on=day, payer="李明")


def test_settlement_moves_the_case_to_settled_with_its_instalments(world, case):
    settlement = _settle(world, case)
    c = fresh(case)
    assert c.status == "settled"
    assert (settlement.agreed_amount, settlement.status, settlement.waives_interest, settlement.paid_before) == \
        (D("60000.00"), "performing", True, D("0.00"))
    rows = list(settlement.instalments.values_list("number", "due_on", "amount", "paid_amount"))
    assert rows == [(1, d(2026, 4, 10), D("20000.00"), D("0.00")),
                    (2, d(2026, 5, 10), D("20000.00"), D("0.00")),
                    (3, d(2026, 6, 10), D("20000.00"), D("0.00"))]
    event = c.events.get(kind="settlement")
    assert event.description == "Settlement agreed: ¥60,000.00 in 3 instalment(s)"
    assert event.is_substantive
    assert c.last_progress_at == event.occurred_at
    assert money.active_settlement(c) == settlement


def test_instalments_must_add_up_to_the_agreed_amount(world, case):
    before = row_counts()
    with pytest.raises(FieldErrors) as exc:
        _settle(world, case, instalments=[{"due_on": d(2026, 4, 10), "amount": "30000.00"},
                                          {"due_on": d(2026, 5, 10), "amount": "29999.99"}])
    assert exc.value.errors == {"instalments": ["The instalments add up to ¥59,999.99, not the agreed ¥60,000.00."]}
    assert row_counts() == before
    assert fresh(case).status == "registered"


def test_each_instalment_error_is_reported_beside_its_row(world, case):
    before = row_counts()
    with pytest.raises(FieldErrors) as exc:
        _settle(world, case, amount="", instalments=[
            {"due_on": d(2026, 4, 10), "amount": "30000.00"},
            {"due_on": d(2026, 3, 9), "amount": "10000.00"},
            {"due_on": "", "amount": "-1"},
        ])
    assert exc.value.errors == {
        "agreed_amount": ["Enter an amount in yuan."],
        "instalments": [
            {},
            {"due_on": ["An instalment cannot fall due before the agreement."]},
            {"due_on": ["Enter the date."], "amount": ["The amount cannot be negative."]},
        ],
    }
    assert row_counts() == before


def test_a_settlement_needs_instalments_on_distinct_days(world, case):
    with pytest.raises(FieldErrors) as exc:
        _settle(world, case, instalments=[])
    assert exc.value.errors == {"instalments": ["Enter at least one instalment (one for payment in a lump sum)."]}
    with pytest.raises(FieldErrors) as exc:
        _settle(world, case, instalments=[{"due_on": d(2026, 4, 10), "amount": "30000.00"},
                                          {"due_on": d(2026, 4, 10), "amount": "30000.00"}])
    assert exc.value.errors == {"instalments": ["Two instalments fall due on the same day."]}


def test_no_settlement_while_suspended_or_already_settled(world, case):
    with on(2026, 3, 5):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="start")
        services.case_transition(actor=world.judge, case_id=case.pk, transition="suspend", reason="被执行人破产申请审查中")
    with pytest.raises(IllegalTransition, match="A settlement is recorded while enforcement is in progress"):
        _settle(world, case)
    with on(2026, 3, 6):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="resume")
    _settle(world, case)
    with pytest.raises(IllegalTransition):
        _settle(world, case, day=d(2026, 3, 11))
    assert Settlement.objects.filter(case=case).count() == 1


def test_payments_pay_the_instalments_in_due_order(world, case):
    settlement = _settle(world, case)
    _pay(world, case, "25000.00", d(2026, 4, 8))
    rows = list(settlement.instalments.values_list("number", "paid_amount", "paid_on"))
    assert rows == [(1, D("20000.00"), d(2026, 4, 8)), (2, D("5000.00"), None), (3, D("0.00"), None)]
    _pay(world, case, "15000.00", d(2026, 5, 9))
    rows = list(settlement.instalments.values_list("number", "paid_amount", "paid_on"))
    assert rows == [(1, D("20000.00"), d(2026, 4, 8)), (2, D("20000.00"), d(2026, 5, 9)), (3, D("0.00"), None)]
    assert money.settlement_paid(settlement) == D("40000.00")
    settlement.refresh_from_db()
    assert settlement.status == "performing"


def test_paying_every_instalment_performs_the_settlement_and_the_case_closes_as_performed(world, case):
    settlement = _settle(world, case)
    for day in (d(2026, 4, 9), d(2026, 5, 9), d(2026, 6, 9)):
        _pay(world, case, "20000.00", day)
    settlement.refresh_from_db()
    assert (settlement.status, settlement.ended_on) == ("performed", d(2026, 6, 9))
    c = fresh(case)
    assert (c.status, c.recovered_amount, c.outstanding_amount) == ("settled", D("60000.00"), D("25000.00"))
    performed = c.events.filter(kind="settlement", data__action="performed").get()
    assert performed.description == "Settlement performed in full (¥60,000.00)"
    # the money must still be paid out before closing
    with on(2026, 6, 10), pytest.raises(FieldErrors) as exc:
        case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="和解协议履行完毕")
    assert exc.value.errors == {"checklist": ["¥60,000.00 received is not yet paid out."], "missing": ["undisbursed"]}
    with on(2026, 6, 10):
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="60000.00", paid_on=d(2026, 6, 10),
                                  payee=applicant_ids(case)[0])
        closed = case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="和解协议履行完毕")
    assert (closed.status, closed.closure_type, closed.closed_on) == ("closed", "performed", d(2026, 6, 10))
    assert closed.outstanding_amount == D("25000.00")  # waived by the agreement


def test_payments_before_the_agreement_do_not_count_towards_its_instalments(world, case):
    _pay(world, case, "5000.00", d(2026, 3, 5))
    settlement = _settle(world, case, amount="20000.00", instalments=[{"due_on": d(2026, 4, 10), "amount": "20000.00"}])
    assert settlement.paid_before == D("5000.00")
    assert money.settlement_paid(settlement) == D("0.00")


def test_a_missed_instalment_is_flagged_the_day_after_it_falls_due(world, case):
    settlement = _settle(world, case)
    _pay(world, case, "5000.00", d(2026, 4, 1))
    assert money.missed_instalments(settlement, today=d(2026, 4, 10)) == []
    with on(2026, 4, 10):
        assert money.missed_instalments(settlement) == []
    with on(2026, 4, 11):
        missed = money.missed_instalments(settlement)
    assert [(i.number, i.unpaid) for i in missed] == [(1, D("15000.00"))]
    assert [i.number for i in money.missed_instalments(settlement, today=d(2026, 5, 11))] == [1, 2]


def test_breach_returns_the_case_to_enforcement_for_target_less_paid(world, case):
    settlement = _settle(world, case)
    _pay(world, case, "5000.00", d(2026, 4, 1))
    with on(2026, 4, 20):
        with pytest.raises(FieldErrors) as exc:
            money.settlement_breach(actor=world.judge, case_id=case.pk, reason="")
        assert exc.value.errors == {"reason": ["Record the applicant's request to resume enforcement."]}
        money.settlement_breach(actor=world.judge, case_id=case.pk, reason="申请执行人申请恢复执行原生效法律文书")
    settlement.refresh_from_db()
    assert (settlement.status, settlement.ended_on, settlement.end_reason) == \
        ("breached", d(2026, 4, 20), "申请执行人申请恢复执行原生效法律文书")
    c = fresh(case)
    assert (c.status, c.outstanding_amount) == ("in_progress", D("80000.00"))  # 85000 − 5000, not 60000 − 5000
    event = c.events.get(kind="settlement", data__action="breached")
    assert event.description == ("Settlement breached (instalment 1 of ¥20,000.00 due 2026-04-10 unpaid): "
                                 "enforcement of the original basis resumes for ¥80,000.00")
    assert not event.is_substantive
    # later payments no longer touch the breached settlement's instalments
    _pay(world, case, "1000.00", d(2026, 4, 21))
    assert Instalment.objects.get(settlement=settlement, number=1).paid_amount == D("5000.00")
    assert fresh(case).outstanding_amount == D("79000.00")


def test_breach_refused_while_the_settlement_is_on_schedule(world, case):
    _settle(world, case)
    _pay(world, case, "20000.00", d(2026, 4, 10))
    before = row_counts()
    with on(2026, 5, 10), pytest.raises(FieldErrors) as exc:
        money.settlement_breach(actor=world.judge, case_id=case.pk, reason="申请执行人申请恢复执行")
    assert exc.value.errors == {"non_field_errors": [
        "No instalment has been missed: the settlement is being performed on schedule."]}
    assert row_counts() == before
    assert fresh(case).status == "settled"


def test_breach_refused_without_a_settlement(world, case):
    with on(2026, 3, 5), pytest.raises(IllegalTransition, match="No settlement is being performed in this case."):
        money.settlement_breach(actor=world.judge, case_id=case.pk, reason="x")
