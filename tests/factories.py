"""factory-boy factories and small builders shared by the suites."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import factory
from stdnum.cn import ric, uscc

from cases import services
from courts.models import Court, CourtLevel, Role, Team, TeamMembership, TeamRole, User

_rng = random.Random(7)
_counter = itertools.count(1)


def resident_id(region: str = "130129", born: dt.date = dt.date(1980, 5, 17), seq: int | None = None) -> str:
    """A valid 18-digit resident ID (correct check digit)."""
    seq = seq if seq is not None else next(_counter) % 1000
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(seq: int | None = None) -> str:
    """A valid unified social credit code."""
    seq = seq if seq is not None else next(_counter)
    body = f"91130129MA{seq:07d}"[:17]
    return body + uscc.calc_check_digit(body + "0")


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试县{n}人民法院")
    level = CourtLevel.BASIC
    province_abbr = "冀"
    code = factory.Sequence(lambda n: f"{(n % 90) + 10:02d}{(n // 90) % 90 + 10:02d}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    court = factory.SubFactory(CourtFactory)
    name = factory.Sequence(lambda n: f"执行{n}团队")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.JUDGE
    court = factory.SubFactory(CourtFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw-12345")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def add_member(team: Team, user: User, role: str = TeamRole.JUDGE) -> TeamMembership:
    return TeamMembership.objects.create(team=team, user=user, role=role)


def registration(court: Court, **overrides) -> services.RegistrationInput:
    """A valid registration input; override any top-level field, or pass parties=[...]."""
    data = services.RegistrationInput(
        court=court,
        cause="private_lending",
        basis=services.BasisInput(
            document_number="（2025）冀0129民初1234号", document_type="judgment", issuing_court="赞皇县人民法院",
            effective_date=dt.date(2025, 3, 1), performance_deadline=dt.date(2025, 3, 16),
        ),
        target_amount="85000.00",
        parties=[
            services.PartyInput(role="applicant", kind="person", name="张建国", id_number=resident_id(seq=1), phone="13803110001"),
            services.PartyInput(role="respondent", kind="person", name="李明", id_number=resident_id(seq=2), phone="13903110002"),
        ],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def registration_payload(court: Court, **overrides) -> dict:
    """The same registration as an API request body."""
    body = {
        "court": court.pk,
        "cause": "private_lending",
        "basis": {
            "document_number": "（2025）冀0129民初1234号", "document_type": "judgment", "issuing_court": "赞皇县人民法院",
            "effective_date": "2025-03-01", "performance_deadline": "2025-03-16",
        },
        "target_amount": "85000.00",
        "parties": [
            {"role": "applicant", "kind": "person", "name": "张建国", "id_number": resident_id(seq=1), "phone": "13803110001"},
            {"role": "respondent", "kind": "person", "name": "李明", "id_number": resident_id(seq=2), "phone": "13903110002"},
        ],
    }
    body.update(overrides)
    return body
