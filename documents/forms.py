"""The calculator's form: the scalar inputs as a Django form, the payments as repeated
``payment_date`` / ``payment_amount`` pairs (a GET form, so a calculation is a link that can be
printed, exported or sent). ``calculate_from`` turns a query into the engine's input and result,
with every problem beside its field or its payment row."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import zip_longest

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.forms import BootstrapMixin, DateInput
from cases.services import parse_money
from documents import interest
from documents.labels import ALLOCATION_CHOICES, problem_message
from documents.models import DocumentKind

MIN_PAYMENT_ROWS = 3
MAX_PAYMENT_ROWS = interest.MAX_PAYMENTS


class InterestForm(BootstrapMixin, forms.Form):
    principal = forms.CharField(
        label=gettext_lazy("Principal (yuan)"), max_length=24,
        help_text=gettext_lazy("The money debt fixed by the document, without its ordinary interest."),
    )
    deadline = forms.DateField(label=gettext_lazy("Performance deadline"), widget=DateInput(),
                               help_text=gettext_lazy("Without a performance period: the date the document took effect."))
    target_date = forms.DateField(label=gettext_lazy("Calculate to"), widget=DateInput(),
                                  help_text=gettext_lazy("E.g. the day of payment, or today."))
    allocation = forms.ChoiceField(label=gettext_lazy("Order in which payments are applied"), choices=ALLOCATION_CHOICES,
                                   initial=interest.STATUTORY)
    split_dates = forms.CharField(
        label=gettext_lazy("Extra line breaks (optional)"), required=False, max_length=400,
        help_text=gettext_lazy("Dates at which to cut a line as well, e.g. year ends, separated by commas. They do not change the total."),
    )

    def clean_principal(self):
        try:
            return parse_money(self.cleaned_data["principal"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_split_dates(self) -> tuple[dt.date, ...]:
        text = self.cleaned_data.get("split_dates") or ""
        days = []
        for token in re.split(r"[\s,，、;；]+", text.strip()):
            if not token:
                continue
            try:
                days.append(dt.date.fromisoformat(token))
            except ValueError as exc:
                raise forms.ValidationError(_("Enter dates as YYYY-MM-DD, separated by commas.")) from exc
        return tuple(sorted(set(days)))


@dataclass
class PaymentRow:
    date: str = ""
    amount: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


@dataclass
class Calculation:
    form: InterestForm
    rows: list[PaymentRow]
    result: interest.InterestResult | None = None
    input: interest.InterestInput | None = None
    problems: list[str] = field(default_factory=list)  # problems of a calculation not typed in (e.g. the case's data)

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or bool(self.form.errors) or any(row.errors for row in self.rows)

    def query(self) -> str:
        """The inputs as a query string: the same calculation printed, exported or linked."""
        if self.input is None:
            return ""
        query = QueryDict(mutable=True)
        query.update({"principal": str(self.input.principal), "deadline": self.input.deadline.isoformat(),
                      "target_date": self.input.target_date.isoformat(), "allocation": self.input.allocation})
        if self.input.split_dates:
            query["split_dates"] = ",".join(d.isoformat() for d in self.input.split_dates)
        for payment in self.input.payments:
            query.appendlist("payment_date", payment.date.isoformat())
            query.appendlist("payment_amount", str(payment.amount))
        return query.urlencode()


def _blank_rows(rows: list[PaymentRow], extra: int = 0) -> list[PaymentRow]:
    wanted = max(MIN_PAYMENT_ROWS, sum(1 for r in rows if r.date or r.amount) + 1) + extra
    while len(rows) < min(wanted, MAX_PAYMENT_ROWS):
        rows.append(PaymentRow())
    return rows


def calculate_from(data: QueryDict, *, initial: interest.InterestInput | None = None) -> Calculation:
    """Read the calculator's query (or, when nothing was submitted, start from ``initial``, e.g. the case's
    basis and payments) and compute. Problems land beside their fields; ``result`` is None if any."""
    if "principal" not in data:
        if initial is None:
            return Calculation(InterestForm(initial={"allocation": interest.STATUTORY}), _blank_rows([]))
        form = InterestForm(initial={"principal": f"{initial.principal}", "deadline": initial.deadline,
                                     "target_date": initial.target_date, "allocation": initial.allocation})
        rows = [PaymentRow(p.date.isoformat(), f"{p.amount}") for p in initial.payments]
        calculation = Calculation(form, _blank_rows(rows), input=initial)
        try:
            calculation.result = interest.calculate(initial)
        except interest.InterestInputError as exc:
            _place_problems(calculation, exc, list(range(len(initial.payments))))
        return calculation

    form = InterestForm(data)
    rows: list[PaymentRow] = []
    payments: list[interest.Payment] = []
    row_of_payment: list[int] = []
    for raw_date, raw_amount in zip_longest(data.getlist("payment_date"), data.getlist("payment_amount"), fillvalue=""):
        row = PaymentRow(raw_date.strip(), raw_amount.strip())
        rows.append(row)
        if not row.date and not row.amount:
            continue
        day = amount = None
        try:
            day = dt.date.fromisoformat(row.date)
        except ValueError:
            row.add("date", _("Enter the date of the payment (YYYY-MM-DD)."))
        try:
            amount = parse_money(row.amount)
            if amount <= 0:
                row.add("amount", _("The amount must be more than zero."))
        except ValueError as exc:
            row.add("amount", str(exc))
        if not row.errors:
            payments.append(interest.Payment(day, amount))
            row_of_payment.append(len(rows) - 1)
    if len(payments) > MAX_PAYMENT_ROWS:
        form.add_error(None, _("Too many payments (at most %(max)s).") % {"max": MAX_PAYMENT_ROWS})
    calculation = Calculation(form, _blank_rows(rows, extra=1 if "add_row" in data else 0))
    if not form.is_valid() or calculation.has_errors:
        return calculation
    d = form.cleaned_data
    calculation.input = interest.InterestInput(
        principal=d["principal"], deadline=d["deadline"], target_date=d["target_date"], payments=tuple(payments),
        allocation=d["allocation"], split_dates=d["split_dates"],
    )
    try:
        calculation.result = interest.calculate(calculation.input)
    except interest.InterestInputError as exc:
        _place_problems(calculation, exc, row_of_payment)
    return calculation


def _place_problems(calculation: Calculation, error: interest.InterestInputError, row_of_payment: list[int]) -> None:
    form = calculation.form
    for problem in error.problems:
        message = problem_message(problem)
        if problem.field in ("date", "amount") and problem.index is not None and problem.index < len(row_of_payment):
            calculation.rows[row_of_payment[problem.index]].add(problem.field, message)
        elif not form.is_bound:
            calculation.problems.append(message)
        elif problem.field in form.fields:
            form.add_error(problem.field, message)
        else:
            form.add_error(None, message)
    calculation.result = None


class GenerateForm(BootstrapMixin, forms.Form):
    """One document of the case: its next version, as PDF and DOCX together."""

    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=DocumentKind.choices)
    target_date = forms.DateField(label=gettext_lazy("Interest to"), required=False, widget=DateInput())
    allocation = forms.ChoiceField(label=gettext_lazy("Order in which payments are applied"), required=False,
                                   choices=ALLOCATION_CHOICES)
