"""Benchmark suite (issue #7): every operation timed next to the same query done as raw SQL through
psycopg2, on the same database, in the same run.

    python -m bench.run --database-url postgres://postgres@127.0.0.1:5432/enf_benchbig --generate 1000000 [--quick]

The database must come from ``python -m bench.generate`` (its parameters are read back from the
database comment); ``--generate N`` makes it first when the database holds no province. Each operation is run twice to warm up, then N times (7; 3 with ``--quick``) and
the median is reported; the raw SQL is timed the same way on its own connection. "Queries" is the
number of SQL statements the system issued for one request (django.test.utils.CaptureQueriesContext).
Requests go through Django's test client (the whole middleware, view, serializer and template stack,
no network), logged in as a user whose scope fits the operation.

Benchmarks that write (the escalation sweep, registrations) put the database back afterwards
(bench.harness.Undo), so runs can be repeated. The sweep starts real Celery workers (two processes)
on Redis (``--broker-url``, a Redis database of its own: it is flushed).

The table goes to stdout and to ``bench/results/latest.md``, the figures to ``latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import Context, Row  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def _benchmarks() -> dict[str, Callable[[Context], list[Row]]]:
    """The registry: name → function returning rows. Each module is imported when its turn comes."""

    def lists(ctx):
        from bench.ops_cases import bench_case_lists

        return bench_case_lists(ctx)

    def dossier(ctx):
        from bench.ops_cases import bench_dossier

        return bench_dossier(ctx)

    def dashboard(ctx):
        from bench.ops_dashboard import bench_dashboard

        return bench_dashboard(ctx)

    def sweep(ctx):
        from bench.ops_sweep import bench_sweep

        return bench_sweep(ctx)

    def registration(ctx):
        from bench.ops_register import bench_registration

        return bench_registration(ctx)

    def legacy_import(ctx):
        from bench.ops_import import bench_import

        return bench_import(ctx)

    return {"lists": lists, "dossier": dossier, "dashboard": dashboard, "registration": registration, "sweep": sweep,
            "import": legacy_import}


def setup_django(database_url: str, broker_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["CELERY_BROKER_URL"] = broker_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enforcement.settings")
    # Production-like: DEBUG off (no query log kept), plain static storage (no collected manifest needed).
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
    os.environ["SECURE_COOKIES"] = "0"
    os.environ["STATIC_MANIFEST"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def machine() -> dict:
    def first(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return ""

    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "memory": mem, "python": platform.python_version(), "os": platform.platform(),
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def _fmt_ms(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 10_000:
        return f"{value / 1000:.1f} s"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def markdown(rows: list[Row], header: dict) -> str:
    lines = [
        f"Benchmark run {header['when']} on {header['database']} — {header['cases']:,} cases (seed {header['seed']}, "
        f"as of {header['as_of']}), {header['machine']['cores']} cores, {header['machine']['memory']} RAM, "
        f"{header['postgres']}, Python {header['machine']['python']}{' — quick mode' if header['quick'] else ''}; "
        f"median of {header['runs']} runs after 2 warm-up runs, alternating with the raw SQL; load average at start {header['machine']['load_average']}.",
        "",
        "| Operation | Size | System | Raw SQL | Ratio | Queries | Target | Met | Notes |",
        "|---|---|---:|---:|---:|---:|---|:-:|---|",
    ]
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        met = "—" if r.met is None else ("✓" if r.met else "✗")
        lines.append(f"| {r.operation} | {r.size} | {_fmt_ms(r.system_ms)} | {_fmt_ms(r.raw_ms)} | {ratio} | "
                     f"{'—' if r.queries is None else r.queries} | {r.target} | {met} | {r.notes} |")
    return "\n".join(lines) + "\n"


def judge(row: Row) -> None:
    """Fill ``met`` from the target where it is a ratio or a time (the others set it themselves)."""
    if row.met is not None or row.system_ms is None:
        return
    if row.target.startswith("≤ 3× raw") and row.ratio is not None:
        if "grown_queries" in row.extra:
            constant = row.extra["grown_queries"] == row.extra["small_queries"]
        else:
            constant = row.extra.get("other_queries", row.queries) == row.queries
        row.met = row.ratio <= 3 and constant


def run(database_url: str, *, quick: bool = False, only: list[str] | None = None, broker_url: str,
        out: Path | None = RESULTS, log=print, import_rows: int | None = None) -> tuple[list[Row], dict]:
    """Run the benchmarks; Django is set up here unless it already is (the CI smoke test)."""
    from django.apps import apps

    from bench.generate import read_meta

    meta = read_meta(database_url)
    if not apps.ready:
        setup_django(database_url, broker_url)
    ctx = Context(database_url=database_url, meta=meta, quick=quick, broker_url=broker_url, runs=3 if quick else 9, log=log)
    ctx.import_rows = import_rows or (5_000 if quick else 100_000)
    header = {
        "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "database": database_url.rsplit("/", 1)[-1],
        "cases": meta["cases"], "seed": meta["seed"], "as_of": meta["as_of"], "quick": quick, "runs": ctx.runs,
        "machine": machine(), "postgres": ctx.scalar("SHOW server_version").split(" ")[0],
    }
    header["postgres"] = f"PostgreSQL {header['postgres']}"
    rows: list[Row] = []
    for name, bench in _benchmarks().items():
        if only and name not in only:
            continue
        log(f"» {name}")
        started = time.monotonic()
        try:
            new = bench(ctx)
        except Exception as exc:  # noqa: BLE001 — one failing benchmark is a row, not the end of the run
            import traceback

            traceback.print_exc()
            new = [Row(name, notes=f"failed: {type(exc).__name__}: {exc}"[:300], met=False)]
        for row in new:
            judge(row)
            log(f"  {row.operation}: system {_fmt_ms(row.system_ms)}, raw {_fmt_ms(row.raw_ms)}, queries {row.queries} "
                f"{row.notes}")
        rows.extend(new)
        log(f"  ({time.monotonic() - started:.0f} s)")
    ctx.close_raw()
    table = markdown(rows, header)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "latest.md").write_text(table, encoding="utf-8")
        (out / "latest.json").write_text(json.dumps({"header": header, "rows": [r.as_dict() for r in rows]},
                                                    ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return rows, header


def _has_province(database_url: str) -> bool:
    from bench.generate import read_meta

    try:
        read_meta(database_url)
    except (SystemExit, Exception):  # noqa: BLE001 — no such database, or not made by bench.generate
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 9, smaller registration and import loads")
    parser.add_argument("--only", default="", help="comma-separated: " + ", ".join(_benchmarks()))
    parser.add_argument("--broker-url", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/11"),
                        help="Redis for the sweep's workers (flushed; default redis://127.0.0.1:6379/11)")
    parser.add_argument("--out", default=str(RESULTS), help="folder for latest.md and latest.json")
    parser.add_argument("--generate", type=int, metavar="CASES", default=0,
                        help="first generate a province of this many cases (seed 1, as of today) if the database "
                             "holds none (python -m bench.generate)")
    args = parser.parse_args(argv)
    only = [x.strip() for x in args.only.split(",") if x.strip()] or None
    if args.generate and not _has_province(args.database_url):
        from bench import generate

        setup_django(args.database_url, args.broker_url)  # the benchmark's settings, before generate's own set-up
        generate.main(["--database-url", args.database_url, "--cases", str(args.generate), "--seed", "1", "--drop"])
    rows, header = run(args.database_url, quick=args.quick, only=only, broker_url=args.broker_url, out=Path(args.out))
    print()
    print(markdown(rows, header))


if __name__ == "__main__":
    main()
