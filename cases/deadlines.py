"""Legal periods as date arithmetic (pure: no Django import).

Rule used throughout: a term of N years/months that starts on day D covers D itself and ends on the
day before the same calendar day N years/months later (inclusive end, calendar days, no working-day
adjustment). A freeze from 2024-03-01 for one year therefore runs to 2025-02-28; a start on 29
February whose anniversary does not exist ends on 28 February (the anniversary is taken as 1 March).
This is how 冻结/查封 rulings state their period ("自2024年3月1日起至2025年2月28日止").
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same calendar day ``months`` later; a day that does not exist rolls to the 1st of the next month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return dt.date(year, month, day.day)
    return dt.date(year, month, last) + dt.timedelta(days=1)


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def term_end(start: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """Last day (inclusive) of a term starting on ``start``."""
    end_exclusive = add_months(start, 12 * years + months) + dt.timedelta(days=days)
    return end_exclusive - dt.timedelta(days=1)


def renewal_end(previous_end: dt.date, *, years: int) -> dt.date:
    """A renewal (续行) runs on without a gap from the day after the previous term ended."""
    return term_end(previous_end + dt.timedelta(days=1), years=years)


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days


def statutory_deadline(filed_on: dt.date, *, suspended_days: int = 0, months: int = 6) -> dt.date:
    """Last day of the 6-month limit for concluding a case (DESIGN.md §3.3). The limit runs from the
    day after filing (立案次日起算): filed 2025-05-28 → last day 2025-11-28. Suspension does not count."""
    return term_end(filed_on + dt.timedelta(days=1), months=months) + dt.timedelta(days=suspended_days)
