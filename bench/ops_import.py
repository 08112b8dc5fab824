"""Excel import of legacy cases (imports/, issue #7 part 3): wall time and peak RSS of
``manage.py import_cases`` on a generated ledger, measured by ``bench.import_bench.run``. The rows it
adds (a court of its own, its cases) are removed afterwards so the province stays as generated."""

from __future__ import annotations

from bench.harness import Context, Row, Undo


def bench_import(ctx: Context) -> list[Row]:
    try:
        from bench.import_bench import run
    except ImportError as exc:
        return [Row("Excel import of legacy cases", notes=f"not available: bench.import_bench ({exc})")]
    rows = ctx.import_rows
    undo = Undo(ctx)
    undo.mark()
    try:
        # seed 99: its people carry region 130199, which no court of the generated province uses, so none of
        # them collides with a generated person of another name (an error that would refuse the ledger)
        result = run(rows, ctx.database_url, seed=99)
    finally:
        added = undo.restore()
        ctx.log(f"  restored: removed {sum(added.values()):,} rows in {len(added)} tables")
    seconds, rss, imported = result["seconds"], result["peak_rss_mb"], result["imported"]
    met = seconds <= 60 * rows / 100_000 and rss <= 300 and imported == rows
    return [Row(
        "Excel import of legacy cases (manage.py import_cases)", f"{rows:,} rows", seconds * 1000, None, None,
        "100k rows ≤ 60 s, peak RSS ≤ 300 MB", met=met,
        notes=(f"{imported:,} imported, peak RSS {rss:.0f} MB, {rows / seconds:.0f} rows/s"
               + (f"; import {result['status']} with {result['errors']} errors" if result.get("errors") else "")),
        extra={k: v for k, v in result.items() if isinstance(v, (int, float, str, bool))})]
