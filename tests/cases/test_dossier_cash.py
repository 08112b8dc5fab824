"""现金可执行率: cash found by the investigation, less what was deducted since and what may never be
deducted, over the amount outstanding."""

import datetime as dt

import pytest

from cases import dossier
from tests.cases.dossier_helpers import D, freeze, fresh, on, register

pytestmark = pytest.mark.django_db


def test_cash_found_shrinks_with_deductions_and_ignores_non_deductible_funds(world):
    with on(2026, 3, 2):
        case = register(world, target="100000.00")
    with on(2026, 3, 5):
        dossier.investigation_record(actor=world.judge, case_id=case.pk, category="deposit", result="found",
                                     queried_on=dt.date(2026, 3, 5), details="农行 余额40000元；低保账户 余额5000元",
                                     found_amount="45000.00")
        assert fresh(case).found_cash_amount == D("45000.00") and fresh(case).cash_ratio == D("0.4500")
        account = freeze(world, case, amount="40000.00", started_on=dt.date(2026, 3, 5))
        freeze(world, case, amount="5000.00", started_on=dt.date(2026, 3, 5), non_deductible=True,
               non_deductible_reason="最低生活保障金")
        assert fresh(case).found_cash_amount == D("40000.00")
        dossier.control_deduct(actor=world.judge, control_id=account.pk, amount="30000.00", deducted_on=dt.date(2026, 3, 5))
    c = fresh(case)
    # 10000 still frozen and deductible, against 70000 outstanding.
    assert (c.found_cash_amount, c.outstanding_amount, c.cash_ratio) == (D("10000.00"), D("70000.00"), D("0.1429"))
