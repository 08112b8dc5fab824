"""Worked examples of the late-performance interest engine (documents.interest), each checked by hand:
the arithmetic is in the comment above the assertions, as a clerk would explain it to the parties.

Rules (DESIGN.md §11): from 2014-08-01, unpaid principal × 0.0175% a day; before, unpaid principal ×
twice the PBoC benchmark (annual) ÷ 360 a day; days counted from the day after the deadline, both ends of
a line included; a payment applied at the end of its day; lines rounded half up to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from documents.interest import (
    AFTER_PAID_OFF,
    INTEREST_FIRST,
    NEW_RULE,
    OLD_RULE,
    ON_TIME,
    PRINCIPAL_FIRST,
    PROPORTIONAL,
    TERM_1Y,
    TERM_3Y,
    TERM_6M,
    InterestInput,
    InterestInputError,
    Payment,
    add_months,
    calculate,
    rate_in_force,
    rate_table,
    round_cents,
    term_for,
)

D = Decimal
day = dt.date


def pay(y: int, m: int, d: int, amount: str) -> Payment:
    return Payment(day(y, m, d), D(amount))


def summary(result) -> list[tuple]:
    return [(line.kind, line.start, line.end, line.days, line.base, line.interest, line.to_principal, line.to_interest,
             line.principal_after, line.interest_after) for line in result.lines]


def test_example_1_after_2014_no_payment():
    # 100,000.00 due by 2020-01-10, computed to 2020-04-19 (2020 is a leap year):
    # delay 2020-01-11 – 2020-04-19 = 21 + 29 + 31 + 19 = 100 days
    # 100,000.00 × 0.0175% × 100 = 1,750.00; due 101,750.00
    result = calculate(InterestInput(D("100000.00"), day(2020, 1, 10), day(2020, 4, 19)))
    assert summary(result) == [(NEW_RULE, day(2020, 1, 11), day(2020, 4, 19), 100, D("100000.00"), D("1750.00"),
                                D("0.00"), D("0.00"), D("100000.00"), D("1750.00"))]
    assert result.interest_total == D("1750.00")
    assert result.amount_due == D("101750.00")
    assert result.term is None  # no day before 2014-08-01: no benchmark term


def test_example_2_after_2014_partial_payment_pays_principal_first():
    # 50,000.00 due by 2021-03-31; 20,000.00 paid on 2021-05-10; computed to 2021-06-30.
    # Line 1: 2021-04-01 – 2021-05-10 = 30 + 10 = 40 days: 50,000.00 × 0.0175% × 40 = 350.00
    #   the 20,000.00 pays principal first (法释〔2014〕8号 art. 4): principal 30,000.00, interest owed 350.00
    # Line 2: 2021-05-11 – 2021-06-30 = 21 + 30 = 51 days: 30,000.00 × 0.0175% × 51 = 267.75
    # Due: 30,000.00 + 350.00 + 267.75 = 30,617.75
    result = calculate(InterestInput(D("50000.00"), day(2021, 3, 31), day(2021, 6, 30), (pay(2021, 5, 10, "20000.00"),)))
    assert summary(result) == [
        (NEW_RULE, day(2021, 4, 1), day(2021, 5, 10), 40, D("50000.00"), D("350.00"), D("20000.00"), D("0.00"),
         D("30000.00"), D("350.00")),
        (NEW_RULE, day(2021, 5, 11), day(2021, 6, 30), 51, D("30000.00"), D("267.75"), D("0.00"), D("0.00"),
         D("30000.00"), D("617.75")),
    ]
    assert result.lines[0].allocation == PRINCIPAL_FIRST
    assert result.amount_due == D("30617.75")


def test_example_3_payment_on_the_deadline_day_is_on_time():
    # 80,000.00 due by 2022-06-30; 30,000.00 paid on 2022-06-30 itself: on time, it reduces the principal with
    # no interest. Delay 2022-07-01 – 2022-09-30 = 31 + 31 + 30 = 92 days on 50,000.00:
    # 50,000.00 × 0.0175% × 92 = 805.00; due 50,805.00
    result = calculate(InterestInput(D("80000.00"), day(2022, 6, 30), day(2022, 9, 30), (pay(2022, 6, 30, "30000.00"),)))
    assert summary(result) == [
        (ON_TIME, None, day(2022, 6, 30), 0, D("80000.00"), D("0.00"), D("30000.00"), D("0.00"), D("50000.00"), D("0.00")),
        (NEW_RULE, day(2022, 7, 1), day(2022, 9, 30), 92, D("50000.00"), D("805.00"), D("0.00"), D("0.00"),
         D("50000.00"), D("805.00")),
    ]
    assert result.amount_due == D("50805.00")
    assert result.delay_first_day == day(2022, 7, 1) and result.delay_days == 92


def test_example_4_before_2014_one_rate_six_month_term():
    # 100,000.00 due by 2013-01-15, computed to 2013-07-15: delay 2013-01-16 – 2013-07-15 = 16 + 28 + 31 + 30 + 31
    # + 30 + 15 = 181 days; it ends before 2013-07-16 (six months on): term "up to 6 months", benchmark 5.60%
    # (in force since 2012-07-06), doubled 11.20% a year.
    # 100,000.00 × 11.20% ÷ 360 × 181 = 2,027,200 ÷ 360 = 5,631.111… → 5,631.11; due 105,631.11
    result = calculate(InterestInput(D("100000.00"), day(2013, 1, 15), day(2013, 7, 15)))
    [line] = result.lines
    assert (line.kind, line.days, line.annual_rate, line.rate_effective, line.term) == (
        OLD_RULE, 181, D("5.60"), day(2012, 7, 6), TERM_6M)
    assert line.interest == D("5631.11")
    assert result.amount_due == D("105631.11")
    assert result.term.term == TERM_6M and not result.term.paid_off


def test_example_5_before_2014_across_two_rate_changes():
    # 100,000.00 due by 2012-05-31, computed to 2012-08-31 (92 days: up to 6 months). Benchmarks (≤ 6 months):
    #   2012-06-01 – 2012-06-07  7 days at 6.10% (since 2011-07-07): 100,000 × 12.20% ÷ 360 × 7  = 237.222… → 237.22
    #   2012-06-08 – 2012-07-05 28 days at 5.85% (since 2012-06-08): 100,000 × 11.70% ÷ 360 × 28 = 910.00
    #   2012-07-06 – 2012-08-31 57 days at 5.60% (since 2012-07-06): 100,000 × 11.20% ÷ 360 × 57 = 1,773.333… → 1,773.33
    # Interest 2,920.55; due 102,920.55
    result = calculate(InterestInput(D("100000.00"), day(2012, 5, 31), day(2012, 8, 31)))
    assert [(line.start, line.end, line.days, line.annual_rate, line.interest) for line in result.lines] == [
        (day(2012, 6, 1), day(2012, 6, 7), 7, D("6.10"), D("237.22")),
        (day(2012, 6, 8), day(2012, 7, 5), 28, D("5.85"), D("910.00")),
        (day(2012, 7, 6), day(2012, 8, 31), 57, D("5.60"), D("1773.33")),
    ]
    assert result.interest_total == D("2920.55")
    assert result.amount_due == D("102920.55")


def test_example_6_across_2014_08_01_with_payments_on_both_sides():
    # 200,000.00 due by 2013-12-31, computed to 2015-01-31. The whole delay (2014-01-01 – 2015-01-31) is 1 year
    # and 1 month: term "1 to 3 years", benchmark 6.15% (since 2012-07-06), doubled 12.30% a year.
    # Line 1 (old rule) 2014-01-01 – 2014-03-31 = 90 days: 200,000 × 12.30% ÷ 360 × 90 = 6,150.00
    #   50,000.00 paid 2014-03-31, before 2014-08-01: principal and interest in proportion (本息并还):
    #   to principal 50,000 × 200,000 ÷ 206,150 = 48,508.367… → 48,508.37; to interest 50,000 − 48,508.37 = 1,491.63
    #   principal 151,491.63; interest owed 6,150.00 − 1,491.63 = 4,658.37
    # Line 2 (old rule) 2014-04-01 – 2014-07-31 = 122 days: 151,491.63 × 12.30% ÷ 360 × 122 = 6,314.676… → 6,314.68
    #   interest owed 10,973.05 (the line is cut at 2014-07-31: art. 7 of 法释〔2014〕8号)
    # Line 3 (new rule) 2014-08-01 – 2014-10-31 = 92 days: 151,491.63 × 0.0175% × 92 = 2,439.015… → 2,439.02
    #   interest owed 13,412.07; 60,000.00 paid 2014-10-31 pays principal first: principal 91,491.63
    # Line 4 (new rule) 2014-11-01 – 2015-01-31 = 92 days: 91,491.63 × 0.0175% × 92 = 1,473.015… → 1,473.02
    # Interest owed 14,885.09; due 91,491.63 + 14,885.09 = 106,376.72
    result = calculate(InterestInput(D("200000.00"), day(2013, 12, 31), day(2015, 1, 31),
                                     (pay(2014, 3, 31, "50000.00"), pay(2014, 10, 31, "60000.00"))))
    assert summary(result) == [
        (OLD_RULE, day(2014, 1, 1), day(2014, 3, 31), 90, D("200000.00"), D("6150.00"), D("48508.37"), D("1491.63"),
         D("151491.63"), D("4658.37")),
        (OLD_RULE, day(2014, 4, 1), day(2014, 7, 31), 122, D("151491.63"), D("6314.68"), D("0.00"), D("0.00"),
         D("151491.63"), D("10973.05")),
        (NEW_RULE, day(2014, 8, 1), day(2014, 10, 31), 92, D("151491.63"), D("2439.02"), D("60000.00"), D("0.00"),
         D("91491.63"), D("13412.07")),
        (NEW_RULE, day(2014, 11, 1), day(2015, 1, 31), 92, D("91491.63"), D("1473.02"), D("0.00"), D("0.00"),
         D("91491.63"), D("14885.09")),
    ]
    assert [line.allocation for line in result.lines] == [PROPORTIONAL, None, PRINCIPAL_FIRST, None]
    assert result.term.term == TERM_3Y and result.lines[0].annual_rate == D("6.15")
    assert (result.old_rule_interest, result.new_rule_interest) == (D("12464.68"), D("3912.04"))
    assert result.amount_due == D("106376.72")


def test_example_7_agreed_interest_first_and_half_up_rounding():
    # 10,000.00 due by 2019-12-31; 1,000.00 paid 2020-03-31; computed to 2020-06-30 (91 + 91 days).
    # Line 1: 10,000.00 × 0.0175% × 91 = 159.25.
    # Agreed interest first: 159.25 to interest, 840.75 to principal → 9,159.25;
    #   line 2: 9,159.25 × 0.0175% × 91 = 145.861… → 145.86; due 9,159.25 + 145.86 = 9,305.11.
    # Statutory (principal first): principal 9,000.00, interest owed 159.25;
    #   line 2: 9,000.00 × 0.0175% × 91 = 143.325 → 143.33 (half up); due 9,000.00 + 159.25 + 143.33 = 9,302.58.
    payments = (pay(2020, 3, 31, "1000.00"),)
    agreed = calculate(InterestInput(D("10000.00"), day(2019, 12, 31), day(2020, 6, 30), payments, allocation=INTEREST_FIRST))
    assert [(line.interest, line.to_principal, line.to_interest) for line in agreed.lines] == [
        (D("159.25"), D("840.75"), D("159.25")), (D("145.86"), D("0.00"), D("0.00"))]
    assert agreed.amount_due == D("9305.11")
    statutory = calculate(InterestInput(D("10000.00"), day(2019, 12, 31), day(2020, 6, 30), payments))
    assert statutory.lines[1].interest == D("143.33")
    assert statutory.amount_due == D("9302.58")


def test_example_8_six_months_to_one_year_term():
    # 100,000.00 due by 2013-01-15, computed to 2013-10-15: 273 days, more than six months but less than a year:
    # benchmark 6.00% (6 months to 1 year), doubled 12.00%: 100,000 × 12% ÷ 360 × 273 = 9,100.00
    result = calculate(InterestInput(D("100000.00"), day(2013, 1, 15), day(2013, 10, 15)))
    assert (result.lines[0].days, result.lines[0].annual_rate, result.lines[0].interest) == (273, D("6.00"), D("9100.00"))
    assert result.term.term == TERM_1Y


def test_example_9_paid_off_early_the_term_follows_the_real_delay():
    # 10,000.00 due by 2012-12-31; 10,280.00 paid on 2013-03-31; computed to 2014-01-31.
    # The delay really ended on 2013-03-31 (90 days: up to 6 months, 5.60% doubled):
    # 10,000 × 11.20% ÷ 360 × 90 = 280.00, so 10,280.00 pays everything: nothing due, the term is "up to 6 months"
    # (measured to 2014-01-31 it would have been "6 months to 1 year", 6.00%, and 300.00 of interest).
    result = calculate(InterestInput(D("10000.00"), day(2012, 12, 31), day(2014, 1, 31), (pay(2013, 3, 31, "10280.00"),)))
    assert result.amount_due == D("0.00")
    assert result.paid_off_on == day(2013, 3, 31) and result.delay_days == 90
    assert result.term.term == TERM_6M and result.term.paid_off
    assert result.interest_total == D("280.00")


def test_payment_after_the_debt_is_paid_off_is_surplus():
    # 1,000.00 due 2020-01-31; 1,000.00 paid 2020-02-01 (1 day: 1,000 × 0.0175% = 0.175 → 0.18):
    # principal paid, 0.18 of interest still owed; 100.00 on 2020-02-10 pays 0.18 and 99.82 is surplus;
    # 50.00 on 2020-03-01 comes after the debt was paid off: all surplus.
    result = calculate(InterestInput(D("1000.00"), day(2020, 1, 31), day(2020, 3, 31),
                                     (pay(2020, 2, 1, "1000.00"), pay(2020, 2, 10, "100.00"), pay(2020, 3, 1, "50.00"))))
    assert result.lines[0].interest == D("0.18")
    assert (result.lines[1].days, result.lines[1].base, result.lines[1].interest) == (9, D("0.00"), D("0.00"))
    assert (result.lines[1].to_interest, result.lines[1].surplus) == (D("0.18"), D("99.82"))
    assert result.lines[2].kind == AFTER_PAID_OFF and result.lines[2].surplus == D("50.00")
    assert result.paid_off_on == day(2020, 2, 10)
    assert (result.amount_due, result.overpaid) == (D("0.00"), D("149.82"))


def test_same_day_payments_are_added_up():
    one = calculate(InterestInput(D("5000.00"), day(2020, 1, 1), day(2020, 3, 1),
                                  (pay(2020, 2, 1, "1000.00"), pay(2020, 2, 1, "500.00"))))
    merged = calculate(InterestInput(D("5000.00"), day(2020, 1, 1), day(2020, 3, 1), (pay(2020, 2, 1, "1500.00"),)))
    assert summary(one) == summary(merged)


def test_split_dates_cut_lines_without_changing_the_total():
    # 1,234.57 from 2020-01-01: 0.216… a day. Split at 2020-01-02: 2 days = 0.432… → 0.43; to 2020-01-05 the run
    # is 5 days = 1.080… → 1.08, so the second line shows 1.08 − 0.43 = 0.65 (rounded alone it would be 0.648 → 0.65).
    plain = calculate(InterestInput(D("1234.57"), day(2019, 12, 31), day(2020, 1, 5)))
    split = calculate(InterestInput(D("1234.57"), day(2019, 12, 31), day(2020, 1, 5), split_dates=(day(2020, 1, 2),)))
    assert [(line.days, line.interest, line.continues) for line in split.lines] == [(2, D("0.43"), False), (3, D("0.65"), True)]
    assert plain.interest_total == split.interest_total == D("1.08")


def test_no_delay_when_computed_to_the_deadline():
    result = calculate(InterestInput(D("5000.00"), day(2020, 1, 1), day(2020, 1, 1)))
    assert result.lines == () and result.amount_due == D("5000.00") and result.delay_days == 0


@pytest.mark.parametrize(("inp", "expected"), [
    (InterestInput(D("0.00"), day(2020, 1, 1), day(2020, 2, 1)), {("principal", "not_positive", None)}),
    (InterestInput(D("-5.00"), day(2020, 1, 1), day(2020, 2, 1)), {("principal", "not_positive", None)}),
    (InterestInput(D("1.005"), day(2020, 1, 1), day(2020, 2, 1)), {("principal", "too_precise", None)}),
    (InterestInput(1000.0, day(2020, 1, 1), day(2020, 2, 1)), {("principal", "not_decimal", None)}),
    (InterestInput(D("100.00"), day(2020, 2, 1), day(2020, 1, 1)), {("target_date", "before_deadline", None)}),
    (InterestInput(D("100.00"), day(2020, 1, 1), day(2020, 2, 1), (pay(2019, 12, 31, "10.00"),)),
     {("date", "before_deadline", 0)}),
    (InterestInput(D("100.00"), day(2020, 1, 1), day(2020, 2, 1), (pay(2020, 1, 5, "10.00"), pay(2020, 2, 2, "-1.00"))),
     {("date", "after_target", 1), ("amount", "not_positive", 1)}),
    (InterestInput(D("100.00"), day(2020, 1, 1), day(2020, 2, 1), allocation="whatever"), {("allocation", "unknown", None)}),
    (InterestInput(D("100.00"), day(2020, 1, 1), day(2020, 2, 1), split_dates=(day(2020, 2, 1),)),
     {("split_dates", "outside_delay", 0)}),
    (InterestInput(D("100.00"), day(1990, 1, 1), day(1990, 6, 1)), {("deadline", "before_rate_table", None)}),
])
def test_invalid_input_is_refused_with_every_problem(inp, expected):
    with pytest.raises(InterestInputError) as caught:
        calculate(inp)
    assert {(p.field, p.code, p.index) for p in caught.value.problems} == expected


def test_term_boundaries_are_calendar_months():
    start = day(2013, 1, 16)
    assert term_for(start, day(2013, 7, 15)) == TERM_6M  # six months exactly
    assert term_for(start, day(2013, 7, 16)) == TERM_1Y
    assert term_for(start, day(2014, 1, 15)) == TERM_1Y
    assert term_for(start, day(2014, 1, 16)) == TERM_3Y
    assert add_months(day(2013, 8, 31), 6) == day(2014, 2, 28)


def test_rate_table_holds_the_official_figures():
    # Spot checks against the PBoC announcements (documents/data/pboc_benchmark_loan_rates.csv cites the sources).
    def rates(y, m, d):
        return [str(v) for v in rate_in_force(day(y, m, d)).rates.values()]

    assert rates(2012, 7, 6) == ["5.60", "6.00", "6.15", "6.40", "6.55"]
    assert rates(2011, 7, 7) == ["6.10", "6.56", "6.65", "6.90", "7.05"]
    assert rates(2008, 12, 23) == ["4.86", "5.31", "5.40", "5.76", "5.94"]
    assert rates(1999, 6, 10) == ["5.58", "5.85", "5.94", "6.03", "6.21"]
    assert rates(1996, 8, 23) == ["9.18", "10.08", "10.98", "11.70", "12.42"]
    assert rates(2015, 10, 24) == ["4.35", "4.35", "4.75", "4.75", "4.90"]
    assert rates(2012, 7, 5) == ["5.85", "6.31", "6.40", "6.65", "6.80"]  # the day before a change: the old rates
    dates = [change.effective for change in rate_table()]
    assert dates[0] <= day(1996, 1, 1) and dates[-1] == day(2015, 10, 24) and len(dates) == 40


def test_round_cents_is_half_up():
    from fractions import Fraction

    assert round_cents(Fraction(143325, 1000)) == D("143.33")
    assert round_cents(Fraction(143324999, 1000000)) == D("143.32")
    assert round_cents(Fraction(0)) == D("0.00")
