"""Builders shared by the tracking suites: a judgment of 赞皇 whose parties carry identifiers of every
generation the registration form accepts (a 15-digit first-generation ID, a pre-2015 organisation
code, an 18-digit ID), so that "carried over exactly" is tested on the hard cases."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import time_machine

from cases.identifiers import organisation_code_check
from cases.services import BasisInput, PartyInput
from tests.factories import resident_id
from tracking import services

SHANGHAI = ZoneInfo("Asia/Shanghai")
EFFECTIVE = dt.date(2025, 3, 1)
DEADLINE = dt.date(2025, 3, 16)
OLD_ID = "130129650317123"  # first-generation card: 15 digits, born 1965-03-17, no check digit
OLD_ORG_CODE = "12345678-" + organisation_code_check("12345678")
_numbers = itertools.count(1234)  # one document is tracked once at a time at a court


def on(day: dt.date, hour: int = 10):
    """Freeze "now" at ``hour`` o'clock, Beijing time, on ``day``."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI), tick=False)


def obligee(**kw) -> PartyInput:
    fields = {"role": "obligee", "kind": "person", "name": "张建国", "id_number": resident_id(seq=611), "phone": "13803110001",
              "address": "赞皇县城关镇南街12号"}
    fields.update(kw)
    return PartyInput(**fields)


def obligors() -> list[PartyInput]:
    return [
        PartyInput(role="obligor", kind="person", name="李老汉", id_type="resident_id", id_number=OLD_ID, phone="0311-84221234",
                   address="赞皇县院头镇北庄村"),
        PartyInput(role="obligor", kind="organisation", name="赞皇县老字号酿造厂", id_type="org_code", id_number=OLD_ORG_CODE,
                   legal_representative="李老汉", address="赞皇县工业路8号"),
    ]


def tracking_data(court, *, document_number: str = "", **overrides) -> services.TrackingInput:
    data = services.TrackingInput(
        court=court, division="civil_1", division_name="院头人民法庭", cause="private_lending",
        basis=BasisInput(document_number=document_number or f"（2025）冀0129民初{next(_numbers)}号", document_type="judgment", issuing_court="赞皇县人民法院",
                         effective_date=EFFECTIVE, performance_deadline=DEADLINE, principal_amount="80000.00",
                         obligations="被告李老汉、赞皇县老字号酿造厂于判决生效之日起十五日内连带偿还原告张建国借款80000元及利息5000元。"),
        obligation_amount="85000.00",
        parties=[obligee(), *obligors()],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def record(world, *, actor=None, day: dt.date = dt.date(2025, 3, 2), **overrides):
    """A record at 赞皇, entered by its filing clerk (the tracking office) on ``day``."""
    with on(day):
        return services.tracking_register(actor=actor or world.clerk, data=tracking_data(world.zanhuang, **overrides))
