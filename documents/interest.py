"""Late-performance interest (迟延履行期间的债务利息, DESIGN.md §11) — the pure engine.

No Django here: dates and Decimals in, the amount due and a step table out, so that the same
arithmetic serves the calculator page, the API, the dossier, the printed table and the documents,
and is tested by examples and properties alone. Non-monetary obligations are not computed here: for
them the court fixes a 迟延履行金 (late-performance penalty) by ruling, which is no arithmetic.

The law (*law*)
- From 2014-08-01, SPC 《关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》
  (法释〔2014〕8号) art. 1: the doubled part = the unpaid money debt fixed by the document (ordinary
  interest excluded) × 1.75‱ a day (日万分之一点七五) × days of delay.
- Before 2014-08-01, SPC reply 法释〔2009〕6号: twice the People's Bank of China benchmark lending rate
  of the same term (同期贷款基准利率), the rate in force on each day (the table of official changes
  ships as data/pboc_benchmark_loan_rates.csv, with its source).
- 法释〔2014〕8号 art. 7: a delay running across 2014-08-01 is computed under the old rule up to
  2014-07-31 and under the new rule from 2014-08-01; the engine cuts a line there.
- 法释〔2014〕8号 art. 3: the delay runs from the day after the performance deadline to the day the
  debt (or each part of it) is paid. A payment on the deadline day is on time.
- Payments: before 2014-08-01 a payment settles principal and interest in proportion (本息并还,
  法释〔2009〕6号 para. 2); from 2014-08-01 it pays the principal first, then the doubled interest
  (法释〔2014〕8号 art. 4); in both periods the parties may have agreed another order.

Conventions (decided here, printed under every step table)
- Days: a line counts both its first and its last day ("2020-01-11 – 2020-04-19" is 100 days). A
  payment made on day D is applied at the end of D: the amount paid still bears interest for D (the
  doubled interest runs "to the day of payment"), and the next line starts on D + 1.
- Daily rate before 2014-08-01: annual rate × 2 ÷ 360 — the PBoC's conversion 日利率 = 年利率 ÷ 360
  (银发〔2005〕129号). From 2014-08-01 the daily rate is fixed by law (0.0175%), no conversion.
- Term (before 2014-08-01): the benchmark column is the one matching the length of the whole delay,
  from its first day to the calculation date or, if earlier, the day the debt was paid off in full (the
  earliest payment that settles the debt at the rate of the term its own date implies); "up to 6 months"
  means the delay ends before the same day six calendar months later, and so on (6 months, 1, 3, 5
  years). One term applies to every old-rule line of a calculation.
- Rounding: inside a line everything is exact (rational arithmetic, the daily rate is never rounded);
  the line's interest is rounded to the cent, half up, at the end of the line. A proportional payment
  rounds its principal share to the cent (half up) and gives the rest to interest, so the shares add
  up to the payment exactly. Balances are always whole cents.
- Lines end where something changes: a payment, a rate change, 2014-07-31, the calculation date. A
  caller may ask for extra breaks (``split_dates``, e.g. year ends); a line cut only by such a break
  continues the one before it (same base, same rate) and is rounded together with it — its interest
  is the run's rounded total less what the earlier lines of the run showed — so extra breaks never
  change the total.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

NEW_RULE_FROM = dt.date(2014, 8, 1)  # 法释〔2014〕8号 in force
OLD_RULE_LAST_DAY = NEW_RULE_FROM - dt.timedelta(days=1)
NEW_RULE_DAILY_RATE = Fraction(175, 1_000_000)  # 1.75‱ a day (art. 1)
DAYS_PER_YEAR = 360  # 日利率 = 年利率 ÷ 360 (PBoC, 银发〔2005〕129号)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_PAYMENTS = 1000
RATE_TABLE = Path(__file__).resolve().parent / "data" / "pboc_benchmark_loan_rates.csv"

# Benchmark terms (贷款期限档次), shortest first, with the calendar months each reaches (None = open).
TERM_6M, TERM_1Y, TERM_3Y, TERM_5Y, TERM_OVER_5Y = "up_to_6m", "6m_to_1y", "1y_to_3y", "3y_to_5y", "over_5y"
TERMS = (TERM_6M, TERM_1Y, TERM_3Y, TERM_5Y, TERM_OVER_5Y)
_TERM_MONTHS = ((TERM_6M, 6), (TERM_1Y, 12), (TERM_3Y, 36), (TERM_5Y, 60))

# Order in which payments are applied.
STATUTORY = "statutory"  # the law: in proportion before 2014-08-01, principal first from then
PRINCIPAL_FIRST = "principal_first"  # agreed by the parties: principal first in both periods
INTEREST_FIRST = "interest_first"  # agreed by the parties: interest first in both periods
ALLOCATIONS = (STATUTORY, PRINCIPAL_FIRST, INTEREST_FIRST)
PROPORTIONAL = "proportional"  # how a statutory payment before 2014-08-01 is applied

# Kinds of step-table lines.
ON_TIME = "on_time"  # a payment on the deadline day: no delay, it reduces the principal
OLD_RULE = "old_rule"  # before 2014-08-01: twice the benchmark rate
NEW_RULE = "new_rule"  # from 2014-08-01: 1.75‱ a day
AFTER_PAID_OFF = "after_paid_off"  # a payment after the debt was paid off in full: all of it is surplus


# --- the benchmark rate table -----------------------------------------------------------------------
@dataclass(frozen=True)
class RateChange:
    """One official change of the PBoC benchmark lending rates: annual percentages by term."""

    effective: dt.date
    rates: dict[str, Decimal]


@lru_cache(maxsize=4)
def rate_table(path: Path = RATE_TABLE) -> tuple[RateChange, ...]:
    """The official changes, oldest first. Lines starting with ``#`` are the file's notes."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if line.strip() and not line.startswith("#")))
    changes = tuple(
        RateChange(dt.date.fromisoformat(row["effective"]), {term: Decimal(row[term]) for term in TERMS}) for row in rows
    )
    dates = [c.effective for c in changes]
    if not changes or dates != sorted(set(dates)) or any(r <= 0 for c in changes for r in c.rates.values()):
        raise ValueError(f"{path}: the rate table must list distinct dates in order with positive rates")
    return changes


def rate_in_force(day: dt.date, table: tuple[RateChange, ...] | None = None) -> RateChange:
    """The change in force on ``day`` (the latest one effective on or before it)."""
    table = table or rate_table()
    current = None
    for change in table:
        if change.effective > day:
            break
        current = change
    if current is None:
        raise ValueError(f"no benchmark rate before {table[0].effective}")
    return current


# --- dates ----------------------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, or the month's last day if it has none."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_for(first_day: dt.date, last_day: dt.date) -> str:
    """The benchmark term matching a delay from ``first_day`` to ``last_day`` (both counted):
    "up to 6 months" when it ends before the same day six months later, and so on."""
    for term, months in _TERM_MONTHS:
        if last_day < add_months(first_day, months):
            return term
    return TERM_OVER_5Y


def days_between(first_day: dt.date, last_day: dt.date) -> int:
    """Days from ``first_day`` to ``last_day``, both counted."""
    return (last_day - first_day).days + 1


# --- money ------------------------------------------------------------------------------------------------
def round_cents(value: Fraction) -> Decimal:
    """To the cent, half up (values here are never negative)."""
    if value < 0:
        raise ValueError("negative amount")
    cents = math.floor(value * 100 + Fraction(1, 2))
    return (Decimal(cents) / 100).quantize(CENT)


def _fraction(amount: Decimal) -> Fraction:
    return Fraction(amount)


# --- input ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Payment:
    date: dt.date
    amount: Decimal


@dataclass(frozen=True)
class InterestInput:
    principal: Decimal  # the money debt fixed by the document, ordinary interest excluded
    deadline: dt.date  # the last day to perform (履行期限届满日); without one, the effective date
    target_date: dt.date  # compute to the end of this day (e.g. the day of payment, or today)
    payments: tuple[Payment, ...] = ()
    allocation: str = STATUTORY
    split_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: ``field`` (and ``index`` for a payment or split date) and a
    stable ``code``; the caller words the message in the user's language."""

    field: str
    code: str
    index: int | None = None
    params: tuple[tuple[str, str], ...] = ()


class InterestInputError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}[{p.index}]: {p.code}" if p.index is not None else f"{p.field}: {p.code}"
                                   for p in problems))
        self.problems = problems


def _money_problem(value) -> str | None:
    if not isinstance(value, Decimal) or isinstance(value, bool):
        return "not_decimal"
    if not value.is_finite():
        return "not_decimal"
    if value <= 0:
        return "not_positive"
    if value != value.quantize(CENT):
        return "too_precise"
    return None


def validate(inp: InterestInput) -> None:
    """Raise InterestInputError listing every problem (nothing is computed from a bad input)."""
    problems: list[Problem] = []
    code = _money_problem(inp.principal)
    if code:
        problems.append(Problem("principal", code))
    dates_ok = True
    for name in ("deadline", "target_date"):
        value = getattr(inp, name)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            problems.append(Problem(name, "not_date"))
            dates_ok = False
    if dates_ok and inp.target_date < inp.deadline:
        problems.append(Problem("target_date", "before_deadline", params=(("deadline", inp.deadline.isoformat()),)))
    if inp.allocation not in ALLOCATIONS:
        problems.append(Problem("allocation", "unknown"))
    if len(inp.payments) > MAX_PAYMENTS:
        problems.append(Problem("payments", "too_many", params=(("max", str(MAX_PAYMENTS)),)))
    for index, payment in enumerate(inp.payments):
        code = _money_problem(payment.amount)
        if code:
            problems.append(Problem("amount", code, index))
        if not isinstance(payment.date, dt.date) or isinstance(payment.date, dt.datetime):
            problems.append(Problem("date", "not_date", index))
        elif dates_ok and payment.date < inp.deadline:
            # Paid before the deadline: not a late payment; the principal to enter is what was left.
            problems.append(Problem("date", "before_deadline", index, (("deadline", inp.deadline.isoformat()),)))
        elif dates_ok and payment.date > inp.target_date:
            problems.append(Problem("date", "after_target", index, (("target_date", inp.target_date.isoformat()),)))
    if dates_ok:
        first_day = inp.deadline + dt.timedelta(days=1)
        for index, day in enumerate(inp.split_dates):
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                problems.append(Problem("split_dates", "not_date", index))
            elif not first_day <= day < inp.target_date:
                problems.append(Problem("split_dates", "outside_delay", index))
        earliest = rate_table()[0].effective
        if first_day <= min(inp.target_date, OLD_RULE_LAST_DAY) and first_day < earliest:
            problems.append(Problem("deadline", "before_rate_table", params=(("date", earliest.isoformat()),)))
    if problems:
        raise InterestInputError(problems)


# --- output -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One line of the step table: a stretch of days with one base and one rate, and the payment (if
    any) applied at the end of its last day."""

    number: int
    kind: str  # ON_TIME, OLD_RULE, NEW_RULE or AFTER_PAID_OFF
    start: dt.date | None  # None for a line that is only a payment (on time, or after the debt was paid off)
    end: dt.date
    days: int
    base: Decimal  # unpaid principal during the line
    annual_rate: Decimal | None  # OLD_RULE: the benchmark (annual %, before doubling)
    rate_effective: dt.date | None  # OLD_RULE: the change that set that benchmark
    term: str | None  # OLD_RULE: the benchmark column used
    daily_rate: Fraction  # exact: benchmark × 2 ÷ 360 ÷ 100, or 0.000175
    interest_exact: Fraction  # base × daily rate × days, exact
    interest: Decimal  # what the line adds to the interest owed, to the cent
    continues: bool  # cut only by a split date from the line before: rounded together with it
    payment: Decimal  # paid on ``end`` (0.00 if none)
    allocation: str | None  # how the payment was applied: ON_TIME, PROPORTIONAL, PRINCIPAL_FIRST, INTEREST_FIRST
    to_principal: Decimal
    to_interest: Decimal
    surplus: Decimal  # paid beyond everything owed
    principal_after: Decimal
    interest_after: Decimal

    @property
    def daily_rate_percent(self) -> Decimal:
        """The daily rate in percent, to 6 places, for display (the computation uses the exact value)."""
        return (Decimal(self.daily_rate.numerator) * 100 / Decimal(self.daily_rate.denominator)).quantize(Decimal("0.000001"))

    @property
    def owed_after(self) -> Decimal:
        return self.principal_after + self.interest_after


@dataclass(frozen=True)
class TermChoice:
    """The benchmark term of the old-rule lines, and the delay it was measured on."""

    term: str
    first_day: dt.date
    last_day: dt.date
    paid_off: bool  # the delay ended on the day the debt was paid off (else on the calculation date)


@dataclass(frozen=True)
class InterestResult:
    input: InterestInput
    lines: tuple[Line, ...]
    term: TermChoice | None  # None when no day of the delay falls before 2014-08-01
    delay_first_day: dt.date
    delay_days: int  # days of delay counted (to the calculation date, or the day the debt was paid off)
    paid_off_on: dt.date | None
    payments_total: Decimal
    principal_paid: Decimal
    interest_total: Decimal  # doubled interest accrued
    interest_paid: Decimal
    overpaid: Decimal
    principal_outstanding: Decimal
    interest_outstanding: Decimal
    old_rule_interest: Decimal
    new_rule_interest: Decimal

    @property
    def amount_due(self) -> Decimal:
        """What the respondent still owes at the end of the calculation date: principal + doubled interest."""
        return self.principal_outstanding + self.interest_outstanding


# --- the computation -----------------------------------------------------------------------------------
def _allocate(rule: str, paid: Decimal, principal: Decimal, interest: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(to principal, to interest, surplus) of a payment, by ``rule``."""
    owed = principal + interest
    if paid >= owed:
        return principal, interest, paid - owed
    if rule == PROPORTIONAL:
        # 本息并还: shares in proportion to what is owed; the principal share is rounded, interest takes the rest.
        to_principal = round_cents(_fraction(paid) * _fraction(principal) / _fraction(owed))
        return to_principal, paid - to_principal, ZERO
    if rule == INTEREST_FIRST:
        to_interest = min(paid, interest)
        return paid - to_interest, to_interest, ZERO
    to_principal = min(paid, principal)  # PRINCIPAL_FIRST, and ON_TIME (no interest yet)
    return to_principal, paid - to_principal, ZERO


def _payment_rule(allocation: str, day: dt.date) -> str:
    if allocation != STATUTORY:
        return allocation
    return PROPORTIONAL if day < NEW_RULE_FROM else PRINCIPAL_FIRST


def _merged_payments(payments: tuple[Payment, ...]) -> dict[dt.date, Decimal]:
    """Payments of the same day are added up and applied once."""
    merged: dict[dt.date, Decimal] = {}
    for payment in payments:
        merged[payment.date] = merged.get(payment.date, ZERO) + payment.amount
    return dict(sorted(merged.items()))


def _run(inp: InterestInput, term: str | None) -> tuple[list[Line], dt.date | None]:
    """The step table for a given benchmark term; returns the lines and the day the debt was paid off."""
    table = rate_table()
    payments = _merged_payments(inp.payments)
    principal, interest = inp.principal, ZERO
    lines: list[Line] = []
    paid_off_on: dt.date | None = None

    def add(**values) -> None:
        lines.append(Line(number=len(lines) + 1, **values))

    def payment_only(kind: str, day: dt.date, paid: Decimal, rule: str) -> None:
        nonlocal principal, interest
        to_p, to_i, surplus = _allocate(rule, paid, principal, interest)
        principal, interest = principal - to_p, interest - to_i
        add(kind=kind, start=None, end=day, days=0, base=principal + to_p, annual_rate=None, rate_effective=None,
            term=None, daily_rate=Fraction(0), interest_exact=Fraction(0), interest=ZERO, continues=False, payment=paid,
            allocation=rule, to_principal=to_p, to_interest=to_i, surplus=surplus, principal_after=principal,
            interest_after=interest)

    on_time = payments.pop(inp.deadline, None)
    if on_time is not None:
        payment_only(ON_TIME, inp.deadline, on_time, ON_TIME)
        if principal == 0:
            paid_off_on = inp.deadline
    first_day = inp.deadline + dt.timedelta(days=1)
    if paid_off_on is not None or inp.target_date < first_day:
        for day, paid in payments.items():
            payment_only(AFTER_PAID_OFF, day, paid, PRINCIPAL_FIRST)
        return lines, paid_off_on

    splits = set(inp.split_dates)
    hard_ends = set(payments) | {inp.target_date}
    old_last = min(inp.target_date, OLD_RULE_LAST_DAY)
    if first_day <= old_last:
        hard_ends.add(old_last)
        hard_ends.update(c.effective - dt.timedelta(days=1) for c in table if first_day < c.effective <= old_last)
    ends = sorted(hard_ends | splits)

    start = first_day
    run_exact, run_shown, previous_split_only = Fraction(0), ZERO, False
    for end in ends:
        if paid_off_on is not None:
            if end in payments:
                payment_only(AFTER_PAID_OFF, end, payments[end], PRINCIPAL_FIRST)
            continue
        days = days_between(start, end)
        if start < NEW_RULE_FROM:
            change = rate_in_force(start, table)
            assert term is not None
            annual, effective, kind = change.rates[term], change.effective, OLD_RULE
            daily = _fraction(annual) * 2 / 100 / DAYS_PER_YEAR
        else:
            annual, effective, kind, daily = None, None, NEW_RULE, NEW_RULE_DAILY_RATE
        exact = _fraction(principal) * daily * days
        continues = previous_split_only
        if continues:
            run_exact += exact
            shown = round_cents(run_exact) - run_shown
        else:
            run_exact, run_shown = exact, ZERO
            shown = round_cents(exact)
        run_shown += shown
        interest += shown
        base = principal
        paid = payments.get(end, ZERO)
        to_p = to_i = surplus = ZERO
        rule = None
        if paid:
            rule = _payment_rule(inp.allocation, end)
            to_p, to_i, surplus = _allocate(rule, paid, principal, interest)
            principal, interest = principal - to_p, interest - to_i
            if principal == 0 and interest == 0:
                paid_off_on = end
        add(kind=kind, start=start, end=end, days=days, base=base, annual_rate=annual, rate_effective=effective,
            term=term if kind == OLD_RULE else None, daily_rate=daily, interest_exact=exact, interest=shown,
            continues=continues, payment=paid, allocation=rule, to_principal=to_p, to_interest=to_i, surplus=surplus,
            principal_after=principal, interest_after=interest)
        previous_split_only = end in splits and end not in hard_ends
        start = end + dt.timedelta(days=1)
    return lines, paid_off_on


def calculate(inp: InterestInput) -> InterestResult:
    """The doubled interest for delayed performance and the step table. Raises InterestInputError."""
    validate(inp)
    first_day = inp.deadline + dt.timedelta(days=1)
    has_old_rule_days = first_day <= min(inp.target_date, OLD_RULE_LAST_DAY)
    term = None
    if has_old_rule_days:
        # The term matches the whole delay: to the calculation date, or to the day the debt was paid off. That day
        # depends on the rate, so try the terms from the shortest: the first whose run pays the debt off on a day
        # that gives back the same term is the one (a shorter term never has a higher rate, so if any run pays
        # off, one of them is consistent); if none pays off, the delay runs to the calculation date.
        longest = term_for(first_day, inp.target_date)
        for term in TERMS[: TERMS.index(longest) + 1]:
            lines, paid_off_on = _run(inp, term)
            if paid_off_on is not None and term_for(first_day, paid_off_on) == term:
                break
    else:
        lines, paid_off_on = _run(inp, None)
    last_day = paid_off_on if paid_off_on is not None else inp.target_date
    delay_days = max(days_between(first_day, last_day), 0) if last_day >= first_day else 0
    has_old_rule_lines = any(line.kind == OLD_RULE for line in lines)
    choice = TermChoice(term, first_day, last_day, paid_off_on is not None) if term and has_old_rule_lines else None

    def total(attr: str, kinds: tuple[str, ...] | None = None) -> Decimal:
        return sum((getattr(line, attr) for line in lines if kinds is None or line.kind in kinds), ZERO)

    last = lines[-1] if lines else None
    return InterestResult(
        input=inp, lines=tuple(lines), term=choice, delay_first_day=first_day, delay_days=delay_days,
        paid_off_on=paid_off_on, payments_total=sum((p.amount for p in inp.payments), ZERO),
        principal_paid=total("to_principal"), interest_total=total("interest"), interest_paid=total("to_interest"),
        overpaid=total("surplus"),
        principal_outstanding=last.principal_after if last else inp.principal,
        interest_outstanding=last.interest_after if last else ZERO,
        old_rule_interest=total("interest", (OLD_RULE,)), new_rule_interest=total("interest", (NEW_RULE,)),
    )
