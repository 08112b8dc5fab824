"""Properties of the interest engine (documents.interest), checked by hypothesis over random debts, dates from
1992 to 2030 (both rules, every rate change), payments of any size on any day and every payment order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.interest import (
    ALLOCATIONS,
    INTEREST_FIRST,
    NEW_RULE_FROM,
    PRINCIPAL_FIRST,
    PROPORTIONAL,
    STATUTORY,
    InterestInput,
    Payment,
    calculate,
    round_cents,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZERO = Decimal("0.00")


def cents(low: int, high: int):
    return st.integers(low, high).map(lambda c: (Decimal(c) / 100).quantize(Decimal("0.01")))


# Small payments (a few fen: rounding at its edge) as well as large ones (paying everything off).
amounts = st.one_of(cents(1, 500), cents(1, 5 * 10**9), cents(1, 3 * 10**10))


@st.composite
def inputs(draw, *, earliest: dt.date = dt.date(1992, 1, 1), allocation=None):
    deadline = draw(st.dates(earliest, dt.date(2030, 12, 31)))
    target = deadline + dt.timedelta(days=draw(st.integers(0, 4000)))
    span = (target - deadline).days
    payments = tuple(Payment(deadline + dt.timedelta(days=offset), amount)
                     for offset, amount in draw(st.lists(st.tuples(st.integers(0, span), amounts), max_size=6)))
    return InterestInput(principal=draw(cents(1, 10**10)), deadline=deadline, target_date=target, payments=payments,
                         allocation=allocation or draw(st.sampled_from(ALLOCATIONS)))


@SETTINGS
@given(inputs())
def test_interest_and_balances_are_never_negative_and_the_ledger_reconciles(inp):
    result = calculate(inp)
    for line in result.lines:
        assert line.interest >= 0 and line.interest_exact >= 0
        assert line.principal_after >= 0 and line.interest_after >= 0 and line.surplus >= 0
        assert line.to_principal + line.to_interest + line.surplus == line.payment
    assert result.amount_due >= 0
    assert result.principal_paid + result.interest_paid + result.overpaid == result.payments_total
    assert inp.principal - result.principal_paid == result.principal_outstanding
    assert result.interest_total - result.interest_paid == result.interest_outstanding


@SETTINGS
@given(inputs(), st.data())
def test_more_payments_never_increase_what_is_owed(inp, data):
    span = (inp.target_date - inp.deadline).days
    extra = Payment(inp.deadline + dt.timedelta(days=data.draw(st.integers(0, span))), data.draw(amounts))
    before = calculate(inp)
    after = calculate(dataclasses.replace(inp, payments=(*inp.payments, extra)))
    assert after.amount_due <= before.amount_due


@SETTINGS
@given(inputs(earliest=NEW_RULE_FROM), st.data())
def test_splitting_a_period_after_2014_08_01_leaves_every_total_unchanged(inp, data):
    span = (inp.target_date - inp.deadline).days
    if span < 2:
        return
    cut = inp.deadline + dt.timedelta(days=data.draw(st.integers(1, span - 1)))
    whole, split = calculate(inp), calculate(dataclasses.replace(inp, split_dates=(cut,)))
    assert (split.interest_total, split.amount_due, split.interest_paid, split.overpaid) == (
        whole.interest_total, whole.amount_due, whole.interest_paid, whole.overpaid)
    assert sum(line.days for line in split.lines) == sum(line.days for line in whole.lines)


@SETTINGS
@given(inputs(), st.data())
def test_splitting_never_changes_the_total_before_2014_either(inp, data):
    span = (inp.target_date - inp.deadline).days
    if span < 2:
        return
    cuts = tuple(inp.deadline + dt.timedelta(days=d) for d in data.draw(st.sets(st.integers(1, span - 1), max_size=4)))
    assert calculate(dataclasses.replace(inp, split_dates=cuts)).amount_due == calculate(inp).amount_due


@SETTINGS
@given(inputs(earliest=NEW_RULE_FROM), st.data())
def test_after_2014_without_payments_interest_is_principal_times_rate_times_days(inp, data):
    result = calculate(dataclasses.replace(inp, payments=()))
    days = (inp.target_date - inp.deadline).days
    from fractions import Fraction

    assert result.interest_total == round_cents(Fraction(inp.principal) * Fraction(175, 1_000_000) * days)


def _before_payment(line):
    """Principal and interest owed just before the line's payment (the line's own interest included)."""
    return line.base, line.interest_after + line.to_interest


@SETTINGS
@given(inputs(allocation=STATUTORY))
def test_statutory_order_proportional_before_2014_principal_first_from_then(inp):
    for line in calculate(inp).lines:
        if not line.payment or line.start is None:
            continue
        principal, owed_interest = _before_payment(line)
        paid = line.payment
        if line.end < NEW_RULE_FROM:
            assert line.allocation == PROPORTIONAL
            if paid < principal + owed_interest:
                from fractions import Fraction

                share = Fraction(paid) * Fraction(principal) / Fraction(principal + owed_interest)
                assert line.to_principal == round_cents(share)  # principal share rounded half up, interest the rest
                assert line.to_interest == paid - line.to_principal
        else:
            assert line.allocation == PRINCIPAL_FIRST
            assert line.to_principal == min(paid, principal)
            assert line.to_interest == min(paid - line.to_principal, owed_interest)


@SETTINGS
@given(inputs(allocation=INTEREST_FIRST))
def test_agreed_interest_first_pays_the_interest_owed_before_any_principal(inp):
    for line in calculate(inp).lines:
        if not line.payment or line.start is None:
            continue
        principal, owed_interest = _before_payment(line)
        assert line.allocation == INTEREST_FIRST
        assert line.to_interest == min(line.payment, owed_interest)
        assert line.to_principal == min(line.payment - line.to_interest, principal)


@SETTINGS
@given(inputs(allocation=PRINCIPAL_FIRST))
def test_agreed_principal_first_applies_before_2014_too(inp):
    for line in calculate(inp).lines:
        if line.payment and line.start is not None:
            principal, _owed = _before_payment(line)
            assert line.allocation == PRINCIPAL_FIRST and line.to_principal == min(line.payment, principal)


@SETTINGS
@given(inputs())
def test_lines_cover_the_delay_day_by_day(inp):
    result = calculate(inp)
    lines = [line for line in result.lines if line.start is not None]
    if not lines:
        return
    assert lines[0].start == inp.deadline + dt.timedelta(days=1)
    for previous, line in zip(lines, lines[1:], strict=False):
        assert line.start == previous.end + dt.timedelta(days=1)
        assert not (line.start < NEW_RULE_FROM <= line.end), "a line never straddles 2014-08-01"
    assert sum(line.days for line in lines) == (lines[-1].end - lines[0].start).days + 1
