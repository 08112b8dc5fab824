"""Builders shared by the ledger and petition suites: cases at 赞皇 filed on known days, petitions,
the sweep run on a given day, and the people of other courts the permission tests need."""

from __future__ import annotations

import datetime as dt

from cases import services
from cases.models import EnforcementCase
from courts.models import Role
from reports import hard_cases
from tests.cases.dossier_helpers import on, party
from tests.factories import UserFactory, registration

FILED = dt.date(2025, 3, 14)


def at(value: dt.date, hour: int = 10):
    return on(value.year, value.month, value.day, hour)


def registration_on(court, filed_on: dt.date, parties, **flags):
    data = registration(court, filed_on=filed_on, parties=parties, **flags)
    # The basis took effect a month before the filing, its deadline a fortnight later.
    data.basis.effective_date = filed_on - dt.timedelta(days=30)
    data.basis.performance_deadline = filed_on - dt.timedelta(days=15)
    return data


def case_filed(world, filed_on: dt.date = FILED, *, court=None, **flags) -> EnforcementCase:
    """A case filed on ``filed_on`` (at 赞皇 unless ``court``: then 元氏), registered that day; ``flags``:
    interference_risk / upper_court_supervised as ticked on the registration form."""
    parties = [party("applicant", "person", "张建国", "13803110001"), party("respondent", "person", "李明", "13903110002")]
    with at(filed_on, 9):
        case = services.case_register(actor=world.clerk if court is None else world.ys_clerk,
                                      data=registration_on(court or world.zanhuang, filed_on, parties, **flags))
    return EnforcementCase.objects.get(pk=case.pk)


def state_organ_case(world, filed_on: dt.date = FILED) -> EnforcementCase:
    """A case against a township government (a state organ: special subject)."""
    parties = [party("applicant", "person", "张建国", "13803110001"), party("respondent", "state_organ", "赞皇县某镇人民政府")]
    with at(filed_on, 9):
        case = services.case_register(actor=world.clerk, data=registration_on(world.zanhuang, filed_on, parties))
    return EnforcementCase.objects.get(pk=case.pk)


def petition(world, case, day: dt.date, *, actor=None, name: str = "张建国", standing: str = "applicant", **extra):
    with at(day, 11):
        return hard_cases.petition_record(actor=actor or world.clerk, case_id=case.pk, received_on=day, channel="visit",
                                          petitioner_name=name, petitioner_standing=standing,
                                          summary=extra.pop("summary", "申请人来访反映执行不力，要求尽快执行到位"), **extra)


def sweep(day: dt.date) -> dict:
    with at(day, 2):
        return hard_cases.hard_cases_sweep()


def yuanshi_chief(world):
    return UserFactory(username="ys_chief", full_name="元局长", role=Role.BUREAU_CHIEF, court=world.yuanshi)
