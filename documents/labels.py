"""Words for the interest engine's codes, in the UI's language (the engine itself has none), and the
messages for its input problems."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import interest

TERM_LABELS = {
    interest.TERM_6M: gettext_lazy("up to 6 months"),
    interest.TERM_1Y: gettext_lazy("6 months to 1 year"),
    interest.TERM_3Y: gettext_lazy("1 to 3 years"),
    interest.TERM_5Y: gettext_lazy("3 to 5 years"),
    interest.TERM_OVER_5Y: gettext_lazy("over 5 years"),
}

ALLOCATION_CHOICES = [
    (interest.STATUTORY, gettext_lazy("As the law provides (in proportion before 2014-08-01, principal first from then)")),
    (interest.PRINCIPAL_FIRST, gettext_lazy("Agreed by the parties: principal first")),
    (interest.INTEREST_FIRST, gettext_lazy("Agreed by the parties: interest first")),
]

PAYMENT_RULE_LABELS = {
    interest.ON_TIME: gettext_lazy("paid on time (deadline day): reduces the principal"),
    interest.PROPORTIONAL: gettext_lazy("principal and interest in proportion"),
    interest.PRINCIPAL_FIRST: gettext_lazy("principal first, then interest"),
    interest.INTEREST_FIRST: gettext_lazy("interest first, then principal"),
}

LINE_KIND_LABELS = {
    interest.ON_TIME: gettext_lazy("Paid by the deadline"),
    interest.OLD_RULE: gettext_lazy("Before 2014-08-01: twice the benchmark rate"),
    interest.NEW_RULE: gettext_lazy("From 2014-08-01: 0.0175% a day"),
    interest.AFTER_PAID_OFF: gettext_lazy("Paid after the debt was paid off"),
}


def conventions() -> list[str]:
    """The rules and conventions printed under every step table (DESIGN.md §11)."""
    return [
        _("From 2014-08-01: unpaid principal × 0.0175% a day × days (SPC interpretation 法释〔2014〕8号, art. 1)."),
        _("Before 2014-08-01: unpaid principal × twice the PBoC benchmark lending rate of the same term ÷ 360 × days "
          "(SPC reply 法释〔2009〕6号; daily rate = annual rate ÷ 360); the term matches the length of the whole delay."),
        _("The delay runs from the day after the performance deadline to the day of payment; a line counts its first "
          "and last day; a payment is applied at the end of its day; a payment on the deadline day is on time."),
        _("Payments before 2014-08-01 pay principal and interest in proportion; from 2014-08-01 principal first, "
          "then interest, unless the parties agreed another order."),
        _("Each line is computed exactly and rounded to the cent (half up) at its end; ordinary interest fixed by the "
          "document is not included; non-monetary obligations carry a late-performance penalty set by the court instead."),
    ]


def problem_message(problem: interest.Problem) -> str:
    params = dict(problem.params)
    messages = {
        "not_decimal": _("Enter an amount in yuan, e.g. 12345.67."),
        "not_positive": _("The amount must be more than zero."),
        "too_precise": _("Amounts have at most two decimal places (fen)."),
        "not_date": _("Enter a date as YYYY-MM-DD."),
        "unknown": _("Choose a valid option."),
        "too_many": _("Too many payments (at most %(max)s).") % params if "max" in params else "",
        "outside_delay": _("A line break must fall inside the delay, before the calculation date."),
    }
    if problem.code == "before_deadline" and problem.field == "target_date":
        return _("The calculation date cannot be before the performance deadline (%(deadline)s).") % params
    if problem.code == "before_deadline":
        return _("This payment is dated before the performance deadline (%(deadline)s): it is not late. "
                 "Enter the principal that was still unpaid on the deadline instead.") % params
    if problem.code == "after_target":
        return _("This payment is dated after the calculation date (%(target_date)s).") % params
    if problem.code == "before_rate_table":
        return _("The benchmark rate table starts on %(date)s: a delay before that date cannot be computed here.") % params
    return messages.get(problem.code) or problem.code


def problems_as_errors(error: interest.InterestInputError, *, payments: int = 0) -> dict:
    """The engine's problems as field errors, shaped like the input: {"principal": [...],
    "payments": [{}, {"date": [...]}], "split_dates": [...]} (one entry per payment given)."""
    errors: dict = {}
    rows: dict[int, dict] = {}
    for problem in error.problems:
        message = problem_message(problem)
        if problem.field in ("date", "amount") and problem.index is not None:
            rows.setdefault(problem.index, {}).setdefault(problem.field, []).append(message)
        else:
            errors.setdefault(problem.field, []).append(message)
    if rows:
        errors["payments"] = [rows.get(i, {}) for i in range(max(payments, max(rows) + 1))]
    return errors
