"""The world the API fuzzing runs against (issue #8): the demo data set, seeded once for the module
(test_schema_fuzz.py), plus a generated document, a ledger import and a concentration, which the demo
does not have.

``seed_demo`` tells realistic histories through the real services (controls with auction rounds,
settlements, designation requests, entrustments, tracking records, judicial aid, bankruptcy referrals,
custodians, petitions, hard cases, campaigns …), so that every nested path of the API has rows to hit.
Seeding takes seconds, too long for each of the ~145 operation tests: it runs once, inside an outer
transaction that is rolled back at the end of the module; each test still gets pytest-django's
transaction (a savepoint inside it), so what one operation's requests write is gone before the next.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from rest_framework.authtoken.models import Token

from courts.models import User
from enforcement.errors import FieldErrors
from tests.reliability import tally

# Small but complete: every kind of story in the demo (petitions and hard cases need a few 赞皇 cases of
# the right age) shows up at least once with this many cases; tests/courts/test_seed_demo.py checks them.
DEMO_CASES, DEMO_SEED = 40, 7


@dataclass
class FuzzWorld:
    tokens: dict[str, str]                                  # username → API token (admin)
    path_values: dict[str, list[dict]] = field(default_factory=dict)  # path template → real parameter sets


def _collections():
    """The model behind a path parameter, keyed by the path segment before it."""
    from cases.models import (
        AuctionRound,
        CoerciveMeasure,
        ControlAction,
        EnforcementCase,
        Investigation,
        Notification,
    )
    from courts.models import Court, EscalationPolicy, Team
    from documents.models import GeneratedDocument
    from imports.models import ImportJob
    from relief.models import BankruptcyReferral, Custodian, JudicialAid
    from reports.models import HardCaseEntry, Petition
    from tracking.models import TrackingRecord
    from transfers.models import (
        Campaign,
        CampaignCase,
        Concentration,
        DesignationRequest,
        Entrustment,
        EscalationStep,
    )

    return {
        "cases": EnforcementCase, "controls": ControlAction, "auctions": AuctionRound, "measures": CoerciveMeasure,
        "investigations": Investigation, "notifications": Notification, "courts": Court, "teams": Team,
        "documents": GeneratedDocument, "imports": ImportJob, "bankruptcy-referral": BankruptcyReferral,
        "custodians": Custodian, "judicial-aid": JudicialAid, "hard-cases": HardCaseEntry, "petitions": Petition,
        "tracking-records": TrackingRecord, "campaigns": Campaign, "campaigns/cases": CampaignCase,
        "concentrations": Concentration, "designation-requests": DesignationRequest, "entrustments": Entrustment,
        "escalation-policies": EscalationPolicy, "escalation-steps": EscalationStep,
    }


PARAM = re.compile(r"\{(\w+)\}")


def id_parameters(template: str) -> list[tuple[str, str]]:
    """(parameter, collection) for each id parameter of a path template, outermost first.
    ``/cases/{case_pk}/controls/{id}/`` → [("case_pk", "cases"), ("id", "controls")]."""
    segments = template.strip("/").split("/")
    found: list[tuple[str, str]] = []
    for i, segment in enumerate(segments):
        m = PARAM.fullmatch(segment)
        if not m or not (m.group(1) == "id" or m.group(1).endswith("_pk")):
            continue  # e.g. {file_format}, {code}: values the schema enumerates, not rows
        collection = segments[i - 1]
        if found and found[-1][1] == "campaigns" and collection == "cases":
            collection = "campaigns/cases"
        found.append((m.group(1), collection))
    return found


def real_parameter_sets(template: str, per_template: int = 4) -> list[dict]:
    """Parameter sets of ``template`` that name existing rows (spread over the table), plus one that
    pairs a real item with another parent (which must answer 404, not another parent's item)."""
    params = id_parameters(template)
    if not params:
        return []
    models = _collections()
    chain = [(name, models[collection]) for name, collection in params]
    leaf_name, leaf_model = chain[-1]
    pks = list(leaf_model.objects.order_by("pk").values_list("pk", flat=True))
    if not pks:
        return []
    step = max(1, len(pks) // per_template)
    sets: list[dict] = []
    for pk in pks[::step][:per_template]:
        row, values = leaf_model.objects.get(pk=pk), {leaf_name: pk}
        for (name, model), (_child_name, child_model) in zip(reversed(chain[:-1]), reversed(chain[1:]), strict=True):
            fk = next(f for f in child_model._meta.concrete_fields if f.is_relation and f.related_model is model)
            row = getattr(row, fk.name)
            values[name] = row.pk
        sets.append(values)
    if len(chain) > 1 and len(sets) > 1:
        parent = chain[-2][0]
        others = [s[parent] for s in sets if s[parent] != sets[0][parent]]
        if others:
            sets.append({**sets[0], parent: others[0]})
    return sets


def _add_what_the_demo_lacks() -> None:
    """A generated document, a (validated-only) ledger import and a concentration, through their services."""
    from django.core.files.base import ContentFile

    from cases.models import CaseStatus, EnforcementCase, Party
    from courts.demo_data import SERIAL_RESPONDENTS
    from courts.models import Court
    from documents.services import document_generate
    from imports.services import import_job_create
    from transfers.designation import concentration_execute

    admin = User.objects.get(username="admin")
    case = EnforcementCase.objects.filter(status=CaseStatus.IN_PROGRESS).order_by("pk").first()
    document_generate(actor=admin, case_id=case.pk, kind="enforcement_notice")
    ledger = ContentFile("案号,立案日期\n".encode(), name="ledger.csv")
    import_job_create(actor=admin, court=case.court, upload=ledger, dry_run=True, enqueue=False)
    # 石家庄中院 concentrates the open cases of one of the demo's serial respondents (cases at several of
    # its courts) at 元氏: the first whose cases can all move (none holds undisbursed money, …).
    officer, yuanshi = User.objects.get(username="officer"), Court.objects.get(name="元氏县人民法院")
    for serial in SERIAL_RESPONDENTS:
        party = Party.objects.filter(name=serial["name"]).first()
        try:
            with transaction.atomic():
                concentration_execute(actor=officer, id_number=party.id_number, target_court_id=yuanshi.pk,
                                      reason="统一协调执行")
            break
        except FieldErrors:
            continue


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """Seed the demo once for the module; the requests go through the real WSGI handler in this thread,
    on this connection, so they see (and write into) the same transaction."""
    from tests.api_fuzz.schema import SCHEMA, operations

    # The WSGI handler closes "obsolete" connections at the start and end of each request — inside a
    # transaction that would be ours. django.test.Client disconnects the same receivers.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", cases=DEMO_CASES, seed=DEMO_SEED, stdout=io.StringIO())
            _add_what_the_demo_lacks()
            # The system administrator may reach every operation of every court (courts.access).
            tokens = {"admin": Token.objects.create(user=User.objects.get(username="admin")).key}
            templates = sorted({operation.path for operation in operations(SCHEMA)})
            world = FuzzWorld(tokens=tokens, path_values={t: real_parameter_sets(t) for t in templates})
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.fuzz_passed = report.passed
    return report


@pytest.fixture
def fuzz_statuses(request):
    """Status codes of the requests one operation's test made; tallied once the test has passed."""
    statuses: Counter = Counter()
    yield statuses
    if getattr(request.node, "fuzz_passed", False) and statuses:
        errors = sum(n for code, n in statuses.items() if code >= 500)
        tally("fuzzing", endpoints=1, cases=sum(statuses.values()), server_errors=errors)


@pytest.fixture
def api_client(fuzz_world):
    """Django's API test client as the system administrator (who may reach every operation)."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {fuzz_world.tokens['admin']}")
    return client
