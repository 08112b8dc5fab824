"""Builders shared by the dossier suites (test_dossier_*.py): cases with several applicants, and
shortcuts for the dossier steps that most tests need before the behaviour they look at."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from cases import dossier, services
from cases.models import (
    CaseEvent,
    CaseParty,
    ControlAction,
    Disbursement,
    EnforcementCase,
    Notification,
    Payment,
)
from tests.factories import credit_code, registration, resident_id

_ids = itertools.count(401)

APPLICANTS = [
    ("person", "张建国", "13803110001"),
    ("person", "刘铁柱", "13803110003"),
    ("organisation", "河北冀商贸易有限公司", "13803110004"),
]


def D(value: str) -> Decimal:
    return Decimal(value)


def party(role: str, kind: str, name: str, phone: str = "") -> services.PartyInput:
    number = resident_id(seq=next(_ids) % 1000) if kind == "person" else credit_code(next(_ids))
    return services.PartyInput(role=role, kind=kind, name=name, id_number=number, phone=phone)


def register(world, *, applicants: int = 1, target: str = "85000.00", filed_on: dt.date | None = None,
             court=None, actor=None, respondent_kind: str = "person") -> EnforcementCase:
    """Register a case at 赞皇 (by default) with ``applicants`` applicants and one respondent 李明."""
    parties = [party("applicant", kind, name, phone) for kind, name, phone in APPLICANTS[:applicants]]
    if respondent_kind == "person":
        parties.append(party("respondent", "person", "李明", "13903110002"))
    else:
        parties.append(party("respondent", "organisation", "赞皇县某建材有限公司"))
    data = registration(court or world.zanhuang, parties=parties, target_amount=target, filed_on=filed_on)
    return services.case_register(actor=actor or world.clerk, data=data)


def applicant_ids(case: EnforcementCase) -> list[int]:
    return list(CaseParty.objects.filter(case=case, role="applicant").order_by("position").values_list("party_id", flat=True))


def respondent_id(case: EnforcementCase) -> int:
    return CaseParty.objects.get(case=case, role="respondent").party_id


def fresh(case: EnforcementCase) -> EnforcementCase:
    return EnforcementCase.objects.get(pk=case.pk)


def row_counts() -> dict[str, int]:
    """Rows a dossier write may add: used to prove that a refused write left nothing behind."""
    from cases.models import (
        AuctionRound,
        CoerciveMeasure,
        ControlRenewal,
        DistributionPlan,
        Instalment,
        Investigation,
        ProcedureStep,
        Settlement,
        Valuation,
    )

    models = [CaseEvent, Notification, Payment, Disbursement, ControlAction, ControlRenewal, Valuation, AuctionRound,
              Investigation, ProcedureStep, CoerciveMeasure, Settlement, Instalment, DistributionPlan, EnforcementCase]
    return {m.__name__: m.objects.count() for m in models}


def seal(world, case, *, kind: str = "seal_real_estate", asset: str = "赞皇县城关镇幸福小区3号楼2单元501室",
         started_on: dt.date | None = None, actor=None, **kw) -> ControlAction:
    return dossier.control_apply(actor=actor or world.judge, case_id=case.pk, kind=kind, asset=asset,
                                 started_on=started_on or case.filed_on, **kw)


def freeze(world, case, *, amount: str = "20000.00", started_on: dt.date | None = None, actor=None, **kw) -> ControlAction:
    return dossier.control_apply(actor=actor or world.judge, case_id=case.pk, kind="freeze_deposit",
                                 asset="中国农业银行赞皇县支行 6228480000000000001", amount=amount,
                                 started_on=started_on or case.filed_on, **kw)


SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(year: int, month: int, day: int, hour: int = 10):
    """Freeze "now" at ``hour`` o'clock, Beijing time, on the given day."""
    return time_machine.travel(dt.datetime(year, month, day, hour, 0, tzinfo=SHANGHAI), tick=False)
