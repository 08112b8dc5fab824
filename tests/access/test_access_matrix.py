"""The access matrix (issue #8, item 3): role × relation of the user's court to the case × every
endpoint and page, each cell asserted allowed or denied, object by object (a detail or action URL of a
case the user may not see or change answers 403/404 — it is not enough that lists leave it out).

The table is tests/access/matrix.py; the world (courts in every relation, one user per role) is built
once for the module (tests/access/world.py). Each request runs in a savepoint that is rolled back, so
every cell sees the same world; a refused write must also leave the database untouched — measured by
PostgreSQL's per-transaction row counters (pg_stat_xact_user_tables), which see every insert, update
and delete of any table, even one rolled back inside the request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.matrix import ENDPOINTS, EXCLUDED_NAMES, EXCLUDED_PREFIXES, Endpoint
from tests.access.world import AccessWorld, Subject, build
from tests.reliability import tally

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Tables a refused request may touch without writing anything of the case's: the session row.
IGNORED_TABLES = ("django_session",)
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


# --- the world, once per module -------------------------------------------------------------------
@dataclass
class Setup:
    world: AccessWorld
    clients: dict[str, Client]


@pytest.fixture(scope="module")
def acc(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build()
        clients = {}
        for subject in world.subjects:
            client = Client(raise_request_exception=False)
            if subject.user is not None:
                client.force_login(subject.user, backend=LOGIN_BACKEND)
            clients[subject.key] = client
        yield Setup(world, clients)
        transaction.set_rollback(True)


# --- enumerating the resolver ---------------------------------------------------------------------
def _patterns(resolver=None, prefix: str = "", namespace: str = ""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _patterns(p, prefix + str(p.pattern), ns)
        else:
            yield prefix + str(p.pattern), (f"{namespace}{p.name}" if p.name else None), p


def _api_methods(p: URLPattern) -> set[str]:
    actions = getattr(p.callback, "actions", None) or {}
    return {m.upper() for m in actions}


def test_every_url_pattern_is_classified():
    """A URL pattern the matrix does not name fails here: a new page or endpoint must be classified
    (added to ENDPOINTS with its rule per method, or excluded with a reason)."""
    table = {e.name: e for e in ENDPOINTS}
    assert len(table) == len(ENDPOINTS), "an endpoint is listed twice"
    unclassified, missing_methods, seen = [], [], set()
    for route, name, pattern in _patterns():
        if any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES) or name in EXCLUDED_NAMES:
            continue
        if name is None or name not in table:
            unclassified.append(f"{route} (name {name})")
            continue
        seen.add(name)
        declared = set(table[name].rules) | ({"HEAD", "OPTIONS"} if "GET" in table[name].rules else {"OPTIONS"})
        methods = _api_methods(pattern)
        if methods - declared:
            missing_methods.append(f"{name}: {sorted(methods - declared)} not in the matrix")
    assert not unclassified, "URL patterns missing from the access matrix:\n" + "\n".join(unclassified)
    assert not missing_methods, "\n".join(missing_methods)
    stale = set(table) - seen
    assert not stale, f"the matrix names URLs the project no longer has: {sorted(stale)}"


# --- one cell -------------------------------------------------------------------------------------
def _writes() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
                       "WHERE relname <> ALL(%s)", [list(IGNORED_TABLES)])
        return int(cursor.fetchone()[0])


def _ids(world: AccessWorld, case: str) -> dict[str, int]:
    objects = world.T if case == "T" else world.D
    return {**world.ids, **objects.ids, "case": objects.case.pk}


def _url(endpoint: Endpoint, ids: dict[str, int]) -> str | None:
    kwargs = {}
    for param, key in endpoint.kw.items():
        if param == "_":
            if key not in ids:
                return None
            continue
        if key.startswith("="):
            kwargs[param] = key[1:]
        elif key in ids:
            kwargs[param] = ids[key]
        else:
            return None  # the case has no such object (D: no auction, no campaign entry …)
    url = reverse(endpoint.name, kwargs=kwargs)
    return url + ("?" + endpoint.query.format(**ids) if endpoint.query else "")


def _body(endpoint: Endpoint, ids: dict[str, int]) -> dict:
    if callable(endpoint.body):
        return endpoint.body(ids)
    return {k: ids[v[1:]] if isinstance(v, str) and v.startswith("@") else v for k, v in endpoint.body.items()}


def _request(client: Client, method: str, url: str, body: dict, api: bool, multipart: bool):
    if method == "GET":
        return client.get(url)
    if api and not multipart:
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


def _verdict(response, subject: Subject, endpoint: Endpoint) -> str:
    """'denied', 'allowed' or 'error' (a 5xx, or a method the URL does not answer)."""
    status = response.status_code
    if status == 400 and endpoint.denied_field and endpoint.denied_field in response.json():
        return "denied"
    if status >= 500 or status == 405:
        return "error"
    if status in (401, 403, 404):
        return "denied"
    if subject.user is None and status == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return "denied"
    return "allowed"


@dataclass
class Cell:
    endpoint: str
    method: str
    subject: str
    case: str
    expected: str
    got: str
    status: int
    written: int


def _probe(acc: Setup, endpoint: Endpoint, method: str, subject: Subject, case: str, expected_allowed: bool) -> Cell | None:
    ids = _ids(acc.world, case)
    url = _url(endpoint, ids)
    if url is None:
        return None
    write = method in WRITE_METHODS
    with transaction.atomic():
        before = _writes() if write else 0
        response = _request(acc.clients[subject.key], method, url, _body(endpoint, ids), endpoint.api, endpoint.multipart)
        if getattr(response, "streaming", False):  # an export: read it to the end (a failure mid-stream raises)
            b"".join(response.streaming_content)
        written = _writes() - before if write else 0
        transaction.set_rollback(True)
    return Cell(endpoint.name, method, subject.key, case, "allowed" if expected_allowed else "denied",
                _verdict(response, subject, endpoint), response.status_code, written)


def _cases_for(endpoint: Endpoint, subject: Subject) -> tuple[str, ...]:
    """Case T for everyone; case D (designated to 元氏) too, for the subjects whose relation to it differs
    from their relation to T: the receiving court (元氏) and the entrusted court of T (高邑), which has
    no relation to D. Everyone else stands to D as to T."""
    if endpoint.case_scoped and subject.relation in ("receiving", "entrusted"):
        return ("T", "D")
    return ("T",)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_access_matrix(acc, endpoint):
    """Every subject × method × case of one endpoint: allowed where the rule says so, 403/404 elsewhere,
    and a refused write leaves every table as it was."""
    wrong, cells = [], 0
    for method, rule in endpoint.rules.items():
        for subject in acc.world.subjects:
            for case in _cases_for(endpoint, subject):
                cell = _probe(acc, endpoint, method, subject, case, rule(subject, case))
                if cell is None:
                    continue
                cells += 1
                if cell.got != cell.expected:
                    wrong.append(cell)
                elif cell.got == "denied" and method in WRITE_METHODS and cell.written:
                    wrong.append(cell)
    assert not wrong, "\n".join(
        f"{c.method} {c.endpoint} as {c.subject} on {c.case}: expected {c.expected}, got {c.got} ({c.status})"
        + (f", {c.written} rows written" if c.written else "") for c in wrong)
    tally("access", cells=cells)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["api:case-list", "case-list"])
def test_case_lists_show_each_case_to_exactly_those_who_may_open_it(acc, name):
    """The lists agree with the object-level rule: searched by its number, case T (and the designated
    case D) is listed for a subject exactly when the subject may open it."""
    from tests.access.matrix import view

    cells = []
    for subject in acc.world.subjects:
        if subject.user is None:
            continue
        for case in _cases_for(Endpoint(name, {}, {"pk": "case"}), subject):
            target = (acc.world.T if case == "T" else acc.world.D).case
            response = acc.clients[subject.key].get(reverse(name), {"case_number": target.case_number})
            assert response.status_code == 200, (subject.key, response.status_code)
            if name.startswith("api:"):
                listed = target.pk in [row["id"] for row in response.json()["results"]]
            else:  # the row links to the dossier (the number itself is echoed in the search box)
                listed = f'href="{reverse("case-detail", args=[target.pk])}"' in response.content.decode()
            cells.append((subject.key, case, listed, view(subject, case)))
    wrong = [c for c in cells if c[2] != c[3]]
    assert not wrong, "\n".join(f"{name} as {key} for {case}: listed={listed}, may open={may}" for key, case, listed, may in wrong)
    tally("access", cells=len(cells))
