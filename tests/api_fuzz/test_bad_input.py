"""Bad input through the REST API (issue #8, item 6): amounts, dates, ids and strings that only the
services can judge — a negative amount, three decimals, text, an amount beyond any ledger, an impossible
date, an id that names nothing, an oversized name. Each goes into an otherwise valid request of the
write endpoints that carry money; each must come back as a 400 naming the field (nested like the input)
and leave every table as it was. The same request with the good value is then accepted, which shows
that the bad value, and nothing else, was refused.

(tests/api_fuzz/test_schema_fuzz.py sends malformed values that the fields' own declarations refuse —
and unknown fields — to every write operation of the schema.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases import money as money_services
from tests.api_fuzz.rows import changed, row_counts
from tests.cases.dossier_helpers import applicant_ids, register, respondent_id
from tests.factories import registration_payload, resident_id
from tests.reliability import tally

pytestmark = pytest.mark.django_db

AMOUNTS = ["-100.00", "100.005", "一百元", "abc", "1e3", "NaN", "Infinity", "99999999999999999999.00", 12.5, True, ""]
DATES = ["2026-02-30", "2025-13-01", "2025-00-10", "not-a-date", "0000-00-00", 20250301, ""]
IDS = ["abc", -1, 0, 99999999999, 10**20, 1.5, ""]


def ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def put(body: dict, path: tuple, value) -> dict:
    """A deep copy of ``body`` with the value at ``path`` (keys and list indexes) replaced."""
    import copy

    body = copy.deepcopy(body)
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return body


def blames(errors, path: tuple) -> bool:
    """The error body names the field at ``path`` (nested lists come as one entry per item)."""
    node = errors
    for key in path:
        if isinstance(node, dict) and str(key) in node:
            node = node[str(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return False
    return bool(node)


def check_rejections(client: APIClient, url: str, body: dict, bad: dict[tuple, list]) -> int:
    """Send ``body`` with each bad value in turn: 400 naming the field, nothing written. Then the good
    body itself must succeed. Returns the number of bad requests sent."""
    tried = 0
    for path, values in bad.items():
        for value in values:
            before = row_counts()
            response = client.post(url, put(body, path, value), format="json")
            assert response.status_code == 400, (path, value, response.status_code, response.content[:400])
            assert blames(response.json(), path), (path, value, response.json())
            assert changed(before, row_counts()) == {}, (path, value)
            tried += 1
    response = client.post(url, body, format="json")
    assert response.status_code in (200, 201), (body, response.status_code, response.content[:400])
    return tried


@pytest.fixture
def chief(world) -> APIClient:
    """The bureau chief of 赞皇: registers and works every case of the court."""
    client = APIClient()
    client.force_authenticate(world.chief)
    return client


@pytest.fixture
def case(world):
    """Filed two months ago, so that the good dates of the requests (days ago) are after the filing."""
    return register(world, applicants=2, actor=world.chief, filed_on=timezone.localdate() - dt.timedelta(days=60))


def url(case, tail: str) -> str:
    return f"/api/v1/cases/{case.pk}/{tail}"


def test_registration(world, chief):
    body = registration_payload(world.zanhuang)
    body["parties"][1]["id_number"] = resident_id(seq=77)
    tried = check_rejections(chief, "/api/v1/cases/", body, {
        ("target_amount",): AMOUNTS,
        ("court",): IDS,
        ("basis", "effective_date"): DATES,
        ("parties", 1, "id_number"): ["12345", "110101198002301234", "abc" * 10],  # bad length, 30 Feb, text
        ("parties", 0, "name"): ["长" * 201, ""],
        ("parties", 0, "role"): ["judge", 3],
        ("parties", 0, "nickname"): ["小张"],  # unknown fields, nested too
        ("basis", "court_fee"): ["100.00"],
    })
    tally("bad_input", cases=tried)


def test_payment(chief, case):
    body = {"amount": "1000.00", "received_on": ago(3), "payer": "李明"}
    tried = check_rejections(chief, url(case, "payments/"), body, {
        ("amount",): AMOUNTS,
        ("received_on",): [*DATES, ago(-1)],  # and a day still to come
        ("payer",): ["长" * 121],
        ("source",): ["bank_robbery", 1],
    })
    tally("bad_input", cases=tried)


def test_control_with_amount_and_respondent(chief, case):
    body = {"kind": "freeze_deposit", "asset": "工商银行 6222…1234", "started_on": ago(5), "amount": "5000.00",
            "respondent": respondent_id(case)}
    tried = check_rejections(chief, url(case, "controls/"), body, {
        ("amount",): [a for a in AMOUNTS if a != ""],
        ("started_on",): DATES,
        ("respondent",): [*IDS, applicant_ids(case)[0]],  # an applicant is no respondent
        ("asset",): ["长" * 301],
    })
    tally("bad_input", cases=tried)


def test_disbursement(world, chief):
    # One applicant: with several, the claims must be recorded before anyone is paid.
    case = register(world, applicants=1, actor=world.chief, filed_on=timezone.localdate() - dt.timedelta(days=60))
    money_services.payment_record(actor=world.chief, case_id=case.pk, amount="3000.00",
                                  received_on=timezone.localdate() - dt.timedelta(days=10))
    body = {"amount": "1000.00", "paid_on": ago(1), "payee": applicant_ids(case)[0]}
    tried = check_rejections(chief, url(case, "disbursements/"), body, {
        ("amount",): [*AMOUNTS, "3000.01"],  # and more than the court holds
        ("paid_on",): DATES,
        ("payee",): [*IDS, respondent_id(case)],  # the respondent is paid nothing
    })
    tally("bad_input", cases=tried)


def test_settlement_with_instalments(chief, case):
    body = {"agreed_on": ago(1), "agreed_amount": "80000.00", "instalments": [
        {"due_on": ago(-30), "amount": "40000.00"}, {"due_on": ago(-60), "amount": "40000.00"}]}
    tried = check_rejections(chief, url(case, "settlement/"), body, {
        ("agreed_amount",): AMOUNTS,
        ("agreed_on",): DATES,
        ("instalments", 1, "amount"): ["-1.00", "1.001", "abc", 12.5],
        ("instalments", 0, "due_on"): ["2026-02-30", "soon"],
        ("instalments", 1, "interest"): ["0.00"],
    })
    tally("bad_input", cases=tried)


def test_fine(chief, case):
    body = {"kind": "fine", "respondent": respondent_id(case), "issued_on": ago(1), "amount": "1000.00",
            "reason": "拒不申报财产"}
    tried = check_rejections(chief, url(case, "measures/"), body, {
        ("amount",): [a for a in AMOUNTS if a != ""],
        ("issued_on",): DATES,
        ("respondent",): IDS,
        ("reason",): ["长" * 501],
    })
    tally("bad_input", cases=tried)


def test_late_interest_tool(chief):
    body = {"principal": "10000.00", "deadline": "2025-01-01", "target_date": "2025-06-30"}
    tried = check_rejections(chief, "/api/v1/tools/late-interest/", body, {
        ("principal",): AMOUNTS,
        ("deadline",): DATES,
        ("target_date",): ["2025-02-29", "later"],
    })
    tally("bad_input", cases=tried)
