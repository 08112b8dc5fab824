"""The demo data command the README's bin/demo runs: real courts, working accounts, idempotent."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from cases.identifiers import normalize_credit_code, normalize_resident_id
from cases.models import EnforcementCase, IdType, Notification, Party
from courts.models import Court

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_working_jurisdiction_once(capsys):
    call_command("seed_demo", cases=40, seed=7)
    out = capsys.readouterr().out
    assert "demo12345" in out
    assert Court.objects.get(name="赞皇县人民法院").case_prefix == "冀0129"
    assert Court.objects.get(name="元氏县人民法院").case_prefix == "冀0132"
    assert Court.objects.get(name="石家庄市中级人民法院").case_prefix == "冀01"
    for username in ("clerk", "judge", "assistant", "chief", "officer", "supervisor", "admin", "judge_yuanshi"):
        assert authenticate(username=username, password="demo12345") is not None, username
    assert EnforcementCase.objects.count() == 40
    assert all(re.fullmatch(r"（20\d\d）冀0\d{3}执\d+号", n) for n in EnforcementCase.objects.values_list("case_number", flat=True))
    # every generated identifier passes the same checks as the registration form
    for party in Party.objects.exclude(id_number=""):
        if party.id_type == IdType.RESIDENT_ID:
            normalize_resident_id(party.id_number)
        elif party.id_type == IdType.CREDIT_CODE:
            normalize_credit_code(party.id_number)
    assert Notification.objects.filter(status="pending").exists()  # left for the worker's resend job

    call_command("seed_demo", cases=40, seed=7)
    assert "nothing to do" in capsys.readouterr().out
    assert EnforcementCase.objects.count() == 40
