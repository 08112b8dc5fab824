"""The counting rules of the hard-case ledger as date arithmetic (pure: no Django import).

老案 (long pending, DESIGN.md §3.3/§10): a case still open more than N months (*default* 12) after it
was filed. "More than": on the day the case has been open exactly N months (the same calendar day
N months after filing, cases.deadlines.add_months) it is not yet old; the day after, it is. The count
runs from the filing date in calendar days and includes suspensions, like the courts' 一年以上未结
statistics (the 6-month statutory limit, which excludes them, is a different alert).

难案 (repeated petitions): N or more petitions (*default* 2) about the case.
"""

from __future__ import annotations

import datetime as dt

from cases.deadlines import add_months

ONE_DAY = dt.timedelta(days=1)


def is_long_pending(filed_on: dt.date, today: dt.date, months: int) -> bool:
    """Open more than ``months`` months on ``today`` (assuming it is open)."""
    return add_months(filed_on, months) < today


def latest_long_pending_filing(today: dt.date, months: int) -> dt.date:
    """The last filing date that is long pending on ``today``: a case is long pending exactly when
    filed on or before it (add_months never decreases as the filing date grows, so those dates are a
    prefix of the calendar). Lets the daily sweep select with one indexed comparison."""
    day = add_months(today, -months)
    while add_months(day, months) >= today:
        day -= ONE_DAY
    while add_months(day + ONE_DAY, months) < today:
        day += ONE_DAY
    return day


def is_repeated_petitions(count: int, threshold: int) -> bool:
    return count >= threshold
