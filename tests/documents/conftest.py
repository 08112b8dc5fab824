"""Fixtures of the documents suites: generated files go to a temporary MEDIA_ROOT; a case at 赞皇 whose basis
states its principal (85,000.00) and deadline (2025-03-16), handled by the judge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cases import services
from cases.models import EnforcementCase
from tests.cases.dossier_helpers import on
from tests.factories import registration
from transfers.services import case_reassign


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_case(world, *, principal: str | None = "85000.00", deadline: dt.date | None = dt.date(2025, 3, 16),
              filed: tuple[int, int, int] = (2026, 3, 2)) -> EnforcementCase:
    data = registration(world.zanhuang)
    data.basis.principal_amount = Decimal(principal) if principal else None
    data.basis.performance_deadline = deadline
    data.basis.obligations = "一、被告李明于本判决生效之日起十日内偿还原告张建国借款85000元；\n二、案件受理费962元由被告李明负担。"
    with on(*filed):
        case = services.case_register(actor=world.clerk, data=data)
        if case.handler_id != world.judge.pk:
            case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge.pk, reason="分案")
    return EnforcementCase.objects.get(pk=case.pk)


@pytest.fixture
def case(world):
    return make_case(world)
