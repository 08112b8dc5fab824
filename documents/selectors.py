"""Reads of the documents app: a case's interest inputs (from its basis and the payments on it) and
its generated documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from cases.models import EnforcementCase, Payment, Settlement
from documents import interest
from documents.models import GeneratedDocument


@dataclass(frozen=True)
class CaseInterestDefaults:
    """What the calculator starts from for a case. The basis may be enforced by several cases over time
    (first enforcement, resumption, a designated court's case): the debt is the basis's, so the payments
    of every case on the same basis count, and the principal is the basis's — or, when the basis does
    not state it, the amount applied for in the first case on that basis."""

    principal: Decimal | None
    principal_from_basis: bool
    deadline: dt.date | None
    deadline_from_basis: bool  # False: the basis sets no deadline, the delay runs from the day after it took effect
    payments: tuple[interest.Payment, ...]
    interest_waived: bool  # a settlement of the case waives interest

    def as_input(self, *, target_date: dt.date, allocation: str = interest.STATUTORY) -> interest.InterestInput | None:
        if self.principal is None or self.deadline is None:
            return None
        return interest.InterestInput(principal=self.principal, deadline=self.deadline, target_date=target_date,
                                      payments=self.payments, allocation=allocation)


def case_interest_defaults(case: EnforcementCase) -> CaseInterestDefaults:
    """Four queries at most (payments, voluntary payments before enforcement, settlements, and the first
    case on the basis if the basis has no principal)."""
    from tracking.selectors import prior_payments

    basis = case.basis
    principal = basis.principal_amount
    from_basis = principal is not None
    # Paid voluntarily before enforcement, recorded on the tracking record the case was registered from
    # (issue #9): payments of the same debt, with their dates — the case's target is only the rest.
    prior = prior_payments(case)
    if principal is None:
        first = (EnforcementCase.objects.filter(basis_id=case.basis_id).order_by("filed_on", "pk")
                 .values_list("target_amount", flat=True).first())
        # That first target is what was left after the prior payments: the debt was that much more.
        principal = first + sum((p.amount for p in prior), Decimal("0.00")) if first and first > 0 else None
    # 法释〔2014〕8号 art. 3: without a performance period, the delay runs from the day after the document took effect.
    deadline = basis.performance_deadline or basis.effective_date
    payments = tuple(sorted(
        [interest.Payment(date=p.date, amount=p.amount) for p in prior]
        + [interest.Payment(date=day, amount=amount)
           for day, amount in Payment.objects.filter(case__basis_id=case.basis_id).order_by("received_on", "pk")
           .values_list("received_on", "amount")],
        key=lambda p: p.date,  # stable: same-day payments keep their order, the prior ones first
    ))
    waived = Settlement.objects.filter(case__basis_id=case.basis_id, waives_interest=True).exists()
    return CaseInterestDefaults(principal=principal, principal_from_basis=from_basis, deadline=deadline,
                                deadline_from_basis=basis.performance_deadline is not None, payments=payments,
                                interest_waived=waived)


def case_documents(case: EnforcementCase) -> QuerySet[GeneratedDocument]:
    """The case's generated documents (versions), newest first, with who generated them and their files
    (two queries)."""
    return (GeneratedDocument.objects.filter(case=case).select_related("generated_by").prefetch_related("files")
            .order_by("-generated_at", "-pk"))
