"""Builders shared by the relief suites: a case at 赞皇 handled by the judge (赵法官), against a
company (for 执转破 and temporary administrators) or a person."""

from __future__ import annotations

import datetime as dt

from stdnum.cn import uscc

from cases import services
from cases.models import CaseParty, EnforcementCase
from tests.cases.dossier_helpers import on, register
from tests.factories import credit_code, registration, resident_id
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


def credit_code_of(prefix: str, seq: int) -> str:
    """A valid unified social credit code whose first two characters (registering authority, kind of
    body) are ``prefix``: 91 a company, 92 an individual business, 93 a cooperative, 11 a state organ …"""
    body = prefix + credit_code(seq)[2:17]
    return body + uscc.calc_check_digit(body + "0")


def case_against(world, name: str, code: str, *, court=None, legal_representative: str = "") -> EnforcementCase:
    """A case at 赞皇 (or ``court``) against the organisation ``name`` with credit code ``code``."""
    parties = [services.PartyInput(role="applicant", kind="person", name="张建国", id_number=resident_id(seq=771), phone="13803110001"),
               services.PartyInput(role="respondent", kind="organisation", name=name, id_number=code,
                                   legal_representative=legal_representative)]
    with on(FILED.year, FILED.month, FILED.day):
        case = services.case_register(actor=world.clerk, data=registration(court or world.zanhuang, parties=parties, filed_on=FILED))
    return EnforcementCase.objects.get(pk=case.pk)
