"""Smoke test of the benchmark suite (issue #7): a small province generated into the test database with
COPY, then every benchmark in quick mode — checking that what each one reports is right (the system's
rows and totals equal the raw SQL's, registrations issue no duplicate number, the sweep moves exactly
the cases that were due and the database is put back), not how fast it is.

Needs PostgreSQL and Redis (bin/test provides both); the sweep starts real Celery workers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from bench.generate import COLUMNS, generate, read_meta
from bench.run import run
from tests.integration.workers import worker_database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

AS_OF = dt.date(2026, 6, 30)
CASES = 1500


@pytest.fixture
def province():
    url = worker_database_url()
    meta = generate(url, cases=CASES, seed=7, as_of=AS_OF, stream=False, log=lambda *a: None)
    return url, meta


def _sql(statement: str, params=None):
    with connection.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall()


def test_the_generator_writes_a_consistent_province(province):
    url, meta = province
    assert meta["cases"] == CASES
    assert read_meta(url)["seed"] == 7
    (courts,), = _sql("SELECT COUNT(*) FROM courts_court")
    assert courts == 1 + 11 + 180
    assert _sql("SELECT level, COUNT(*) FROM courts_court GROUP BY 1 ORDER BY 1") == [("basic", 180), ("high", 1),
                                                                                     ("intermediate", 11)]
    for table, count in meta["rows"].items():
        assert _sql(f"SELECT COUNT(*) FROM {table}")[0][0] == count, table
    assert set(meta["rows"]) <= set(COLUMNS)
    # the ledger totals are the sums of the rows, the counters the last numbers issued, the limit and clock derived
    assert _sql("""SELECT COUNT(*) FROM cases_enforcementcase c
        LEFT JOIN (SELECT case_id, SUM(amount) s FROM cases_payment GROUP BY 1) p ON p.case_id = c.id
        LEFT JOIN (SELECT case_id, SUM(amount) s FROM cases_disbursement GROUP BY 1) d ON d.case_id = c.id
        WHERE c.recovered_amount <> COALESCE(p.s, 0) OR c.disbursed_amount <> COALESCE(d.s, 0)
           OR c.held_amount <> c.recovered_amount - c.disbursed_amount OR (c.held_amount > 0) <> (c.held_since IS NOT NULL)""") \
        == [(0,)]
    assert _sql("""SELECT COUNT(*) FROM cases_casenumbercounter k JOIN (SELECT court_id, year, type_code, MAX(seq) m,
        COUNT(*) n FROM cases_enforcementcase GROUP BY 1, 2, 3) c USING (court_id, year, type_code)
        WHERE k.last_seq <> c.m OR c.n <> c.m""") == [(0,)]
    assert _sql("SELECT COUNT(*) FROM cases_enforcementcase WHERE status <> 'closed' AND escalation_due_on < %s",
                [AS_OF]) == [(0,)]
    from cases.deadlines import statutory_deadline

    for filed, days, limit in _sql("SELECT filed_on, suspended_days, limit_on FROM cases_enforcementcase ORDER BY id LIMIT 200"):
        assert limit == statutory_deadline(filed, suspended_days=days)
    # every identifier passes the checks registration applies
    from cases.identifiers import normalize_credit_code, normalize_resident_id, resident_id_key

    for id_type, number, key in _sql("SELECT id_type, id_number, id_key FROM cases_party WHERE id_number <> ''"):
        if id_type == "resident_id":
            assert key == "ric:" + resident_id_key(normalize_resident_id(number))
        else:
            assert key == "uscc:" + normalize_credit_code(number)
    # a registration after generation takes the next free number
    from cases import services
    from courts.models import Court, User
    from tests.factories import registration

    court = Court.objects.get(code="0129")
    clerk = User.objects.filter(court=court, role="clerk").first()
    (last,), = _sql("SELECT last_seq FROM cases_casenumbercounter WHERE court_id = %s AND year = %s AND type_code = '执'",
                    [court.pk, dt.date.today().year]) or [(0,)]
    case = services.case_register(actor=clerk, data=registration(court))
    assert case.seq == last + 1


def test_every_benchmark_reports_what_the_raw_sql_finds(province, tmp_path):
    url, _meta = province
    rows, header = run(url, quick=True, broker_url=settings.CELERY_BROKER_URL, out=tmp_path, log=lambda *a: None,
                       import_rows=300)
    by_name = {r.operation: r for r in rows}
    failed = [r for r in rows if r.notes.startswith("failed")]
    assert not failed, [(r.operation, r.notes) for r in failed]
    assert (tmp_path / "latest.md").read_text().count("\n|") == len(rows) + 2
    assert header["cases"] == CASES

    for r in rows:
        if r.raw_ms is not None:
            assert r.system_ms > 0 and r.raw_ms > 0 and r.ratio > 0, r.operation

    lists = [r for name, r in by_name.items() if name.startswith("Case list API")]
    assert len(lists) == 3
    for r in lists:
        assert r.extra["count"] == r.extra["raw_count"], r.operation
        assert r.extra["ids"] == r.extra["raw_ids"] and r.extra["ids"], r.operation
        assert not r.extra.get("estimate")
    filtered = lists[0]
    assert filtered.queries == filtered.extra["other_queries"]
    page = by_name[next(n for n in by_name if n.startswith("Case list page"))]
    assert page.extra["rows_shown"] == page.extra["raw_rows"] > 0
    assert page.queries == page.extra["other_queries"]

    dossier = by_name[next(n for n in by_name if n.startswith("Dossier page"))]
    # The page shows the latest 50 events (the rest on demand); the raw side reads 51 to know there are more.
    assert dossier.extra["events"] >= 200 and dossier.extra["events_shown"] == 50 and dossier.extra["raw_events"] == 51
    cards = by_name[next(n for n in by_name if n.startswith("Dossier page with its"))]
    fetched = dict(zip(cards.extra["cards"], cards.extra["card_bytes"], strict=True))
    assert len(fetched) >= 6
    assert next(n for url, n in fetched.items() if url.endswith("/panels/escalation/")) > 0  # the ladder card is never empty
    assert dossier.extra["case_number_shown"]
    assert dossier.extra["grown_queries"] == dossier.extra["small_queries"]
    api = by_name[next(n for n in by_name if n.startswith("Dossier API"))]
    assert api.extra["events"] == api.extra["raw_events"] == dossier.extra["events"]

    boards = [r for name, r in by_name.items() if name.startswith("Dashboard selector")]
    assert len(boards) == 2
    for r in boards:
        assert r.extra["equal"], (r.extra["system"], r.extra["raw"])
        assert Decimal(r.extra["system"]["new"]) > 0

    selection = by_name["Escalation sweep — candidate selection"]
    assert selection.extra["same"] and selection.extra["due"] == selection.extra["raw_due"] > 0
    sweep = by_name["Escalation sweep — end to end, 2 worker processes, Redis"]
    assert sweep.extra["moved"] == sweep.extra["due"] == selection.extra["due"]
    assert sweep.extra["due_after_restore"] == sweep.extra["due"]

    reg = by_name[next(n for n in by_name if n.startswith("Registration"))]
    assert reg.extra["errors"] == []
    assert reg.extra["registered"] == 8 * 8
    assert reg.extra["duplicates"] == reg.extra["duplicates_returned"] == reg.extra["gaps"] == 0
    assert reg.extra["issued"] == 8 * (8 + 2)
    assert reg.extra["raw_check"]["duplicates"] == reg.extra["raw_check"]["gaps"] == 0

    imported = by_name[next(n for n in by_name if n.startswith("Excel import"))]
    if not imported.notes.startswith("not available"):
        assert imported.extra["imported"] == imported.extra["rows"] == 300
    # the writing benchmarks put the province back as generated
    assert _sql("SELECT COUNT(*) FROM cases_enforcementcase") == [(CASES,)]
