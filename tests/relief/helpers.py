"""Builders shared by the relief suites: a case at 赞皇 handled by the judge (赵法官), against a
company (for 执转破 and temporary administrators) or a person."""

from __future__ import annotations

import datetime as dt

from cases.models import CaseParty, EnforcementCase
from tests.cases.dossier_helpers import on, register
from transfers.services import case_reassign

FILED = dt.date(2026, 1, 5)
COMPANY = "赞皇县某建材有限公司"


def make_case(world, *, respondent_kind: str = "organisation", applicants: int = 1, target: str = "85000.00") -> EnforcementCase:
    with on(FILED.year, FILED.month, FILED.day):
        case = register(world, applicants=applicants, target=target, filed_on=FILED, respondent_kind=respondent_kind)
        if case.handler_id != world.judge.pk:
            case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge.pk, reason="测试分案")
    return EnforcementCase.objects.get(pk=case.pk)


def day(value: dt.date):
    return on(value.year, value.month, value.day)


def applicant(case, n: int = 0) -> int:
    return list(CaseParty.objects.filter(case=case, role="applicant").order_by("position").values_list("party_id", flat=True))[n]


def respondent(case) -> int:
    return CaseParty.objects.get(case=case, role="respondent").party_id
