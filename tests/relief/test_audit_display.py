"""What the case's audit trail shows for relief and ledger changes: yes/no for flags, and no ledger jump
credited to whoever saved the case next."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import money as money_services
from cases import services as case_services
from cases.selectors import case_audit_trail
from relief import services
from tests.relief.helpers import applicant, day, make_case

pytestmark = pytest.mark.django_db


def test_flags_read_yes_or_no_and_ledger_totals_are_not_diffed(world):
    case = make_case(world, respondent_kind="person")
    with day(dt.date(2026, 3, 2)):
        case_services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
        money_services.payment_record(actor=world.chief, case_id=case.pk, amount="1000.00", received_on=dt.date(2026, 3, 2),
                                      source="debtor")
    with day(dt.date(2026, 3, 3)):
        services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=applicant(case), category="livelihood",
                                    facts="申请人系农民工，家庭生活困难。")
    changes = [(c["field"], c["old"], c["new"]) for e in case_audit_trail(case=case, full_identity=True)
               if e["object_repr"] == case.case_number for c in e["changes"]]
    assert ("已申请司法救助", "否", "是") in changes, changes
    assert not [c for c in changes if c[0] in ("执行到位金额", "已执行到位", "recovered", "执行款余额")], changes
    assert all(str(c[2]) not in ("True", "False", "1000.00") for c in changes), changes
