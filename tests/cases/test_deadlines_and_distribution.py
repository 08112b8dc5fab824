"""Pure rules: legal terms of control actions (cases.deadlines) and distribution of a fund among
applicants (cases.distribution). No database."""

import datetime as dt
import random
from decimal import ROUND_DOWN, Decimal

import pytest

from cases.deadlines import add_months, renewal_end, statutory_deadline, term_end
from cases.distribution import Claim, distribute
from cases.dossier import control_expiry, reserve_price_floor

D = Decimal
d = dt.date


# --- legal terms ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind,start,expected", [
    ("freeze_deposit", d(2024, 3, 1), d(2025, 2, 28)),      # 1 year, the day before the anniversary
    ("freeze_deposit", d(2023, 3, 1), d(2024, 2, 29)),      # … which may be a 29 February
    ("freeze_deposit", d(2025, 1, 1), d(2025, 12, 31)),
    ("seal_real_estate", d(2024, 3, 1), d(2027, 2, 28)),    # 3 years
    ("seal_real_estate", d(2025, 6, 15), d(2028, 6, 14)),
    ("seal_movable", d(2024, 3, 1), d(2026, 2, 28)),        # 2 years
    ("seal_movable", d(2025, 6, 15), d(2027, 6, 14)),
    ("freeze_equity", d(2024, 3, 1), d(2027, 2, 28)),       # 3 years
    ("freeze_equity", d(2025, 12, 31), d(2028, 12, 30)),
])
def test_control_expiry_follows_the_legal_term_of_its_kind(kind, start, expected):
    assert control_expiry(kind, start) == expected


def test_periodic_deduction_has_no_fixed_term():
    assert control_expiry("periodic_deduction", d(2025, 6, 15)) is None


@pytest.mark.parametrize("kind,expected", [
    ("freeze_deposit", d(2025, 2, 28)),    # 2025-02-29 does not exist: the anniversary is 1 March
    ("seal_movable", d(2026, 2, 28)),
    ("seal_real_estate", d(2027, 2, 28)),
    ("freeze_equity", d(2027, 2, 28)),
])
def test_term_starting_on_29_february_ends_on_28_february(kind, expected):
    assert control_expiry(kind, d(2024, 2, 29)) == expected


def test_four_year_term_from_29_february_ends_on_28_february_of_the_next_leap_year():
    assert term_end(d(2024, 2, 29), years=4) == d(2028, 2, 28)


@pytest.mark.parametrize("previous_end,years,expected", [
    (d(2025, 2, 28), 1, d(2026, 2, 28)),   # freeze 2024-03-01..2025-02-28, renewed from 2025-03-01
    (d(2027, 2, 28), 3, d(2030, 2, 28)),   # seal real estate 2024-03-01..2027-02-28
    (d(2026, 2, 28), 2, d(2028, 2, 29)),   # seal movables, renewed from 2026-03-01 into a leap year
    (d(2024, 2, 28), 1, d(2025, 2, 28)),   # renewal starts on 29 Feb 2024
    (d(2025, 12, 31), 1, d(2026, 12, 31)),
])
def test_renewal_runs_from_the_day_after_the_previous_expiry(previous_end, years, expected):
    assert renewal_end(previous_end, years=years) == expected
    # no gap, no overlap: the renewal is a term that starts the day after
    assert renewal_end(previous_end, years=years) == term_end(previous_end + dt.timedelta(days=1), years=years)


def test_add_months_rolls_a_missing_day_to_the_first_of_the_next_month():
    assert add_months(d(2025, 1, 31), 1) == d(2025, 3, 1)
    assert add_months(d(2024, 1, 31), 1) == d(2024, 3, 1)
    assert add_months(d(2025, 3, 31), -1) == d(2025, 3, 1)
    assert add_months(d(2025, 11, 30), 3) == d(2026, 3, 1)
    assert add_months(d(2025, 12, 15), 1) == d(2026, 1, 15)


def test_term_in_days_counts_the_start_day():
    # judicial detention of at most 15 days issued on 1 May: the last day is 15 May
    assert term_end(d(2025, 5, 1), days=15) == d(2025, 5, 15)


def test_statutory_six_month_limit_runs_from_the_day_after_filing_and_excludes_suspension():
    assert statutory_deadline(d(2025, 3, 10)) == d(2025, 9, 10)  # counted from 2025-03-11 (立案次日)
    assert statutory_deadline(d(2025, 5, 28)) == d(2025, 11, 28)
    assert statutory_deadline(d(2025, 3, 10), suspended_days=20) == d(2025, 9, 30)


@pytest.mark.parametrize("valuation,expected", [
    (D("1000000.00"), D("700000.00")),
    (D("123456.78"), D("86419.75")),   # 86419.746 rounded *up*: the floor itself must be lawful
    (D("0.01"), D("0.01")),
])
def test_first_auction_reserve_floor_is_70_percent_of_the_valuation_rounded_up(valuation, expected):
    assert reserve_price_floor(round_number=1, valuation=valuation, first_reserve=None) == expected


def test_second_auction_reserve_floor_is_80_percent_of_the_first_reserve():
    assert reserve_price_floor(round_number=2, valuation=D("1000000.00"), first_reserve=D("700000.00")) == D("560000.00")
    assert reserve_price_floor(round_number=2, valuation=D("1"), first_reserve=D("86419.75")) == D("69135.80")


# --- distribution --------------------------------------------------------------------------------
def _paid(shares):
    return [s.paid for s in shares]


def test_wages_first_then_ordinary_claims_pro_rata_to_the_cent():
    claims = [
        Claim("甲公司", "ordinary", D("50000.00")),
        Claim("工人刘铁柱", "wage", D("30000.00")),
        Claim("乙公司", "ordinary", D("40000.00")),
    ]
    shares = distribute(D("100000.00"), claims)
    # wage claim in full; 70000 shared 5:4 = 38888.888… / 31111.111…; the spare cent goes to the
    # larger discarded fraction (甲, .00888… against .00111…)
    assert _paid(shares) == [D("38888.89"), D("30000.00"), D("31111.11")]
    assert sum(_paid(shares)) == D("100000.00")
    assert [s.key for s in shares] == ["甲公司", "工人刘铁柱", "乙公司"]  # input order kept
    assert [s.claimed for s in shares] == [D("50000.00"), D("30000.00"), D("40000.00")]


def test_the_spare_cent_goes_to_the_larger_discarded_fraction_even_when_listed_later():
    shares = distribute(D("1.00"), [Claim("a", "ordinary", D("1.00")), Claim("b", "ordinary", D("2.00"))])
    assert _paid(shares) == [D("0.33"), D("0.67")]


def test_a_tie_on_the_discarded_fraction_goes_to_the_claimant_listed_first():
    shares = distribute(D("100.01"), [Claim("a", "ordinary", D("100.00")), Claim("b", "ordinary", D("100.00"))])
    assert _paid(shares) == [D("50.01"), D("50.00")]
    shares = distribute(D("100.00"), [Claim(k, "ordinary", D("500.00")) for k in "abc"])
    assert _paid(shares) == [D("33.34"), D("33.33"), D("33.33")]


def test_secured_before_wages_before_ordinary():
    claims = [Claim("ordinary", "ordinary", D("40000.00")), Claim("wage", "wage", D("30000.00")),
              Claim("secured", "secured", D("50000.00"))]
    assert _paid(distribute(D("60000.00"), claims)) == [D("0.00"), D("10000.00"), D("50000.00")]
    assert _paid(distribute(D("85000.00"), claims)) == [D("5000.00"), D("30000.00"), D("50000.00")]


def test_wage_claims_share_pro_rata_when_the_fund_does_not_cover_them():
    claims = [Claim("w1", "wage", D("30000.00")), Claim("w2", "wage", D("10000.00")), Claim("o", "ordinary", D("5000.00"))]
    assert _paid(distribute(D("20000.00"), claims)) == [D("15000.00"), D("5000.00"), D("0.00")]


def test_fund_larger_than_all_claims_pays_every_claim_in_full_and_no_more():
    claims = [Claim("a", "ordinary", D("100.00")), Claim("b", "wage", D("50.50"))]
    assert _paid(distribute(D("1000.00"), claims)) == [D("100.00"), D("50.50")]


def test_zero_fund_and_zero_claims_pay_nothing():
    assert _paid(distribute(D("0.00"), [Claim("a", "ordinary", D("10.00"))])) == [D("0.00")]
    assert _paid(distribute(D("10.00"), [Claim("a", "ordinary", D("0.00")), Claim("b", "ordinary", D("4.00"))])) == \
        [D("0.00"), D("4.00")]
    assert distribute(D("10.00"), []) == []


@pytest.mark.parametrize("fund,claims,message", [
    (D("-0.01"), [Claim("a", "ordinary", D("1.00"))], "fund cannot be negative"),
    (D("1.00"), [Claim("a", "priority", D("1.00"))], "unknown claim class 'priority'"),
    (D("1.00"), [Claim("a", "ordinary", D("-1.00"))], "a claim cannot be negative"),
])
def test_invalid_distribution_input_is_refused(fund, claims, message):
    with pytest.raises(ValueError, match=message):
        distribute(fund, claims)


def _random_case(rng: random.Random):
    n = rng.randint(1, 8)
    scale = rng.choice([100, 10_000, 1_000_000, 10**12])  # cents: ¥1 … ¥10 billion
    claims = [Claim(i, rng.choice(["secured", "wage", "ordinary", "ordinary"]), D(rng.randint(0, scale)) / 100)
              for i in range(n)]
    total = sum((c.amount for c in claims), D("0.00"))
    fund = D(rng.randint(0, int(total * 100 * 3 // 2) + 1)) / 100
    return fund, claims


def test_shares_always_add_up_to_the_fund_and_never_exceed_a_claim():
    rng = random.Random(20250301)
    for _ in range(3000):
        fund, claims = _random_case(rng)
        shares = distribute(fund, claims)
        total_claimed = sum((c.amount for c in claims), D("0.00"))
        assert sum((s.paid for s in shares), D("0.00")) == min(fund, total_claimed), (fund, claims)
        for claim, share in zip(claims, shares, strict=True):
            assert share.key == claim.key
            assert D("0.00") <= share.paid <= claim.amount, (fund, claims)
            assert share.paid == share.paid.quantize(D("0.01"))


def test_a_lower_class_gets_nothing_until_every_higher_class_is_paid_in_full():
    rng = random.Random(7)
    order = {"secured": 0, "wage": 1, "ordinary": 2}
    for _ in range(3000):
        fund, claims = _random_case(rng)
        shares = distribute(fund, claims)
        for share in shares:
            if share.paid > 0:
                for other in shares:
                    if order[other.claim_class] < order[share.claim_class]:
                        assert other.paid == other.claimed, (fund, claims)


def test_within_a_class_nobody_is_more_than_one_cent_from_their_exact_share():
    rng = random.Random(11)
    for _ in range(3000):
        n = rng.randint(2, 8)
        claims = [Claim(i, "ordinary", D(rng.randint(1, 10**9)) / 100) for i in range(n)]
        total = sum(c.amount for c in claims)
        fund = D(rng.randint(0, int(total * 100))) / 100
        shares = distribute(fund, claims)
        for claim, share in zip(claims, shares, strict=True):
            exact = fund * claim.amount / total
            assert exact.quantize(D("0.01"), rounding=ROUND_DOWN) <= share.paid <= exact + D("0.01"), (fund, claims)
