"""Loading generated rows into PostgreSQL with COPY (psycopg2 ``copy_expert``), never the ORM.

Two sinks share one interface, ``add(table, line)`` with ``line`` one row in COPY's text format:

- ``MemorySink`` (small provinces, the CI smoke test): rows are kept in memory and copied table by
  table in one transaction at the end, with every index and constraint in place (the foreign keys,
  deferred, are checked at commit);
- ``StreamSink`` (full size): each table gets its own connection and thread running one COPY fed
  from a bounded queue, so PostgreSQL parses and writes while Python generates the next rows. Before
  the load the foreign keys touching the loaded tables and their secondary indexes are dropped; each
  table is truncated and copied with ``FREEZE`` in one transaction (rows land frozen and all-visible:
  no vacuum needed for index-only scans); afterwards the indexes are built once and the foreign keys
  added back and validated. The definitions come from the catalogue, so what is rebuilt is exactly
  what the migrations created.
"""

from __future__ import annotations

import io
import queue
import threading
import time

import psycopg2

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def esc(text: str) -> str:
    """A text value for COPY's text format."""
    return text.translate(_ESCAPES)


class MemorySink:
    def __init__(self, database_url: str, columns: dict[str, tuple[str, ...]]):
        self.url = database_url
        self.columns = columns
        self.buffers: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: str, line: str) -> None:
        buf = self.buffers.get(table)
        if buf is None:
            buf = self.buffers[table] = []
        buf.append(line)

    def close(self, log=print) -> dict[str, int]:
        conn = psycopg2.connect(self.url)
        try:
            with conn.cursor() as cur:
                cur.execute("SET synchronous_commit = off")
                for table, lines in self.buffers.items():
                    data = io.BytesIO(("\n".join(lines) + "\n").encode())
                    cur.copy_expert(f"COPY {table} ({', '.join(self.columns[table])}) FROM STDIN", data)
                    self.counts[table] = len(lines)
            conn.commit()
        finally:
            conn.close()
        self.buffers.clear()
        return self.counts


class _QueueReader:
    """File-like object for copy_expert: hands out the queued chunks, b"" at the end."""

    def __init__(self, q: queue.Queue):
        self.q = q
        self.view = memoryview(b"")
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        while self.offset >= len(self.view):
            item = self.q.get()
            if item is None:
                return b""
            self.view, self.offset = memoryview(item), 0
        end = len(self.view) if size is None or size < 0 else self.offset + size
        chunk = bytes(self.view[self.offset:end])
        self.offset += len(chunk)
        return chunk

    readline = read


class _TableStream:
    CHUNK_LINES = 20_000

    def __init__(self, url: str, table: str, columns: tuple[str, ...]):
        self.table = table
        self.q: queue.Queue = queue.Queue(maxsize=6)
        self.lines: list[str] = []
        self.count = 0
        self.error: BaseException | None = None
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FREEZE)"
        self.thread = threading.Thread(target=self._run, args=(url, sql), name=f"copy-{table}", daemon=True)
        self.thread.start()

    def _run(self, url: str, sql: str) -> None:
        try:
            conn = psycopg2.connect(url)
            try:
                with conn.cursor() as cur:
                    cur.execute("SET synchronous_commit = off")
                    cur.execute(f"TRUNCATE {self.table}")
                    cur.copy_expert(sql, _QueueReader(self.q), size=1 << 20)
                conn.commit()
            finally:
                conn.close()
        except BaseException as exc:  # noqa: BLE001 — reported to the generating thread, which stops feeding
            self.error = exc

    def _put(self, item) -> None:
        while True:
            if self.error is not None:
                raise RuntimeError(f"COPY into {self.table} failed: {self.error}") from self.error
            try:
                self.q.put(item, timeout=1)
                return
            except queue.Full:
                continue

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= self.CHUNK_LINES:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.count += len(self.lines)
            self._put(("\n".join(self.lines) + "\n").encode())
            self.lines = []

    def finish(self) -> None:
        self.flush()
        self._put(None)
        self.thread.join()
        if self.error is not None:
            raise RuntimeError(f"COPY into {self.table} failed: {self.error}") from self.error


class StreamSink:
    def __init__(self, database_url: str, columns: dict[str, tuple[str, ...]]):
        self.url = database_url
        self.columns = columns
        self.streams: dict[str, _TableStream] = {}
        self.ddl = _drop_secondary_structures(database_url, list(columns))

    def add(self, table: str, line: str) -> None:
        stream = self.streams.get(table)
        if stream is None:
            stream = self.streams[table] = _TableStream(self.url, table, self.columns[table])
        stream.add(line)

    def close(self, log=print) -> dict[str, int]:
        for stream in self.streams.values():
            stream.finish()
        counts = {t: s.count for t, s in self.streams.items()}
        started = time.monotonic()
        _rebuild(self.url, self.ddl, log)
        log(f"  indexes and foreign keys rebuilt in {time.monotonic() - started:.1f} s")
        return counts


def _drop_secondary_structures(url: str, tables: list[str]) -> list[tuple[str, str]]:
    """Drop the foreign keys on or referencing ``tables`` and their non-primary-key indexes and unique
    constraints. Returns [(kind, DDL to recreate)] in the order to replay."""
    conn = psycopg2.connect(url)
    uniques, indexes, fkeys = [], [], []
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT oid FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'", [tables])
            oids = [r[0] for r in cur.fetchall()]
            cur.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE contype IN ('f', 'u') AND (conrelid = ANY(%s) OR (contype = 'f' AND confrelid = ANY(%s)))",
                [oids, oids])
            for table, name, definition, kind in cur.fetchall():
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                (fkeys if kind == "f" else uniques).append(
                    ("constraint", f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
            cur.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = ANY(%s) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [oids])
            for name, definition in cur.fetchall():
                cur.execute(f"DROP INDEX {name}")
                indexes.append(("index", definition))
        conn.commit()
    finally:
        conn.close()
    return uniques + indexes + fkeys


def _rebuild(url: str, ddl: list[tuple[str, str]], log) -> None:
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'")
            cur.execute("SET max_parallel_maintenance_workers = 2")
            for _kind, statement in ddl:
                cur.execute(statement)
    finally:
        conn.close()
