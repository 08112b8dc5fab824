"""What every benchmark shares: timing (median of N runs after a warm-up), the raw-SQL side on its own
psycopg2 connection, query counting, rows of the results table, and undoing what a writing benchmark
added so the next run starts from the same database."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import psycopg2


@dataclass
class Row:
    """One line of the results table."""

    operation: str
    size: str = ""
    system_ms: float | None = None
    raw_ms: float | None = None
    queries: int | None = None
    target: str = ""
    met: bool | None = None
    notes: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.system_ms is None or not self.raw_ms:
            return None
        return self.system_ms / self.raw_ms

    def as_dict(self) -> dict:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 2)
        return data


@dataclass
class Context:
    """What the benchmarks run against: the database URL, the generation's metadata, the options."""

    database_url: str
    meta: dict
    quick: bool
    broker_url: str
    runs: int
    log: Callable[[str], None] = print
    raw: psycopg2.extensions.connection | None = None
    import_rows: int = 100_000

    def cursor(self):
        if self.raw is None or self.raw.closed:
            self.raw = psycopg2.connect(self.database_url, **connection_options())
            self.raw.autocommit = True
        return self.raw.cursor()

    def close_raw(self) -> None:
        """Before forking client processes: no connection may be shared with a child."""
        if self.raw is not None and not self.raw.closed:
            self.raw.close()

    def sql(self, statement: str, params=None) -> list[tuple]:
        with self.cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchall() if cur.description else []

    def scalar(self, statement: str, params=None):
        rows = self.sql(statement, params)
        return rows[0][0] if rows else None


def connection_options() -> dict:
    """The server settings the application's connections use (e.g. ``-c jit=off``), so that the raw
    SQL runs under the same configuration and the comparison is of code, not of settings."""
    try:
        from django.conf import settings

        options = settings.DATABASES["default"].get("OPTIONS", {}).get("options")
    except Exception:  # noqa: BLE001 — Django not configured: server defaults
        options = None
    return {"options": options} if options else {}


def median_ms(run: Callable[[], object], *, runs: int, warmup: int = 2) -> tuple[float, object]:
    """Median wall time in milliseconds of ``runs`` calls after ``warmup`` calls; and the last result."""
    result = None
    for _ in range(warmup):
        result = run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def paired_ms(system: Callable[[], object], raw: Callable[[], object], *, runs: int, warmup: int = 2):
    """Medians of the system and of the raw SQL, run alternately (system, raw, system, raw …) so that
    both meet the same load on a shared machine. Returns (system ms, its last result, raw ms, its last result)."""
    for _ in range(warmup):
        system()
        raw()
    s_times, r_times = [], []
    s_result = r_result = None
    for _ in range(runs):
        started = time.perf_counter()
        s_result = system()
        s_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        r_result = raw()
        r_times.append((time.perf_counter() - started) * 1000)
    return statistics.median(s_times), s_result, statistics.median(r_times), r_result


def raw_runner(ctx: Context, statements: list[tuple[str, object]]) -> Callable[[], list[list[tuple]]]:
    """A callable running ``statements`` (SQL, params or a callable of the previous results giving
    params) on the raw connection, fetching every row as a hand-written implementation would."""

    def run():
        results: list[list[tuple]] = []
        with ctx.cursor() as cur:
            for sql, params in statements:
                cur.execute(sql, params(results) if callable(params) else params)
                results.append(cur.fetchall())
        return results

    return run


def count_queries(run: Callable[[], object]) -> tuple[int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = run()
    return len(captured), result


# --- undoing a writing benchmark ------------------------------------------------------------------------
def _pk_tables(ctx: Context) -> dict[str, str]:
    """Every table with a single integer primary key: table → key column."""
    rows = ctx.sql("""
        SELECT c.relname, a.attname FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE i.indisprimary AND i.indnatts = 1 AND n.nspname = 'public'
          AND format_type(a.atttypid, a.atttypmod) IN ('integer', 'bigint')""")
    return dict(rows)


class Undo:
    """Remember the database before a benchmark that writes; put it back afterwards.

    Rows added are found by primary key (every table's maximum is noted first) and deleted in one
    transaction with the foreign keys deferred; rows that will be changed are copied beforehand
    (``keep(table, where)``) and written back column by column."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.keys = _pk_tables(ctx)
        self.before: dict[str, int] = {}
        self.kept: list[tuple[str, str]] = []

    def mark(self) -> None:
        for table, pk in self.keys.items():
            self.before[table] = self.ctx.scalar(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')

    def keep(self, table: str, where: str, params=None) -> int:
        copy = f"bench_undo_{len(self.kept)}_{table}"[:63]
        self.ctx.sql(f'DROP TABLE IF EXISTS "{copy}"')
        with self.ctx.cursor() as cur:
            cur.execute(f'CREATE UNLOGGED TABLE "{copy}" AS SELECT * FROM "{table}" WHERE {where}', params)
            count = cur.rowcount
        self.kept.append((table, copy))
        return count

    def added(self) -> dict[str, int]:
        out = {}
        for table, pk in self.keys.items():
            now = self.ctx.scalar(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
            if now > self.before.get(table, 0):
                out[table] = self.ctx.scalar(f'SELECT COUNT(*) FROM "{table}" WHERE "{pk}" > %s', [self.before[table]])
        return out

    def restore(self) -> dict[str, int]:
        added = self.added()
        conn = psycopg2.connect(self.ctx.database_url)
        try:
            with conn.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL DEFERRED")
                for table in added:
                    pk = self.keys[table]
                    cur.execute(f'DELETE FROM "{table}" WHERE "{pk}" > %s', [self.before[table]])
                for table, copy in self.kept:
                    pk = self.keys[table]
                    cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s AND "
                                "column_name <> %s ORDER BY ordinal_position", [table, pk])
                    columns = [r[0] for r in cur.fetchall()]
                    assignments = ", ".join(f'"{c}" = k."{c}"' for c in columns)
                    cur.execute(f'UPDATE "{table}" t SET {assignments} FROM "{copy}" k WHERE t."{pk}" = k."{pk}"')
                for _table, copy in self.kept:
                    cur.execute(f'DROP TABLE "{copy}"')
                for table in added:
                    pk = self.keys[table]
                    cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
                                f"GREATEST(%s, 1), %s)", [self.before[table], self.before[table] > 0])
            conn.commit()
        finally:
            conn.close()
        self.kept = []
        return added
