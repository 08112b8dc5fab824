"""Row counts of every table the project's models use (their audit-trail tables included), in one query:
the proof that a refused request wrote nothing anywhere — no case, no party, no outbox message, no
history row."""

from __future__ import annotations

from django.apps import apps
from django.db import connection


def _tables() -> list[str]:
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)
              if model._meta.managed and not model._meta.proxy}
    existing = set(connection.introspection.table_names())
    return sorted(tables & existing)


_TABLES: list[str] | None = None


def row_counts() -> dict[str, int]:
    global _TABLES
    if _TABLES is None:
        _TABLES = _tables()
    qn = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT {i}, count(*) FROM {qn(t)}" for i, t in enumerate(_TABLES))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(cursor.fetchall())
    return {table: counts[i] for i, table in enumerate(_TABLES)}


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}
