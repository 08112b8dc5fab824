"""Registration throughput: 8 concurrent clients (processes) registering cases through the API at one
court — the worst case for the case-number counter, whose row every registration locks — next to
the same rows inserted by hand with psycopg2 from 8 processes. Every number issued must be unique
and the sequence gap-free. The database is put back afterwards (bench.harness.Undo)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time

from bench.harness import Context, Row, Undo

CLIENTS = 8


def _courts(ctx: Context, n: int) -> list[dict]:
    """The ``n`` busiest basic courts, each with a filing clerk and a judge of one of its teams."""
    out = []
    for court_id, code, name in ctx.sql("""SELECT c.id, c.code, c.name FROM cases_enforcementcase e JOIN courts_court c
            ON c.id = e.court_id WHERE c.level = 'basic' GROUP BY 1, 2, 3 ORDER BY COUNT(*) DESC, 1 LIMIT %s""", [n]):
        clerk = ctx.scalar("SELECT id FROM courts_user WHERE court_id = %s AND role = 'clerk' ORDER BY id LIMIT 1", [court_id])
        team, handler = ctx.sql("""SELECT m.team_id, m.user_id FROM courts_teammembership m JOIN courts_team t
            ON t.id = m.team_id WHERE t.court_id = %s AND m.role = 'judge' ORDER BY m.id LIMIT 1""", [court_id])[0]
        out.append({"id": court_id, "code": code, "name": name, "clerk": clerk, "area": "13" + code, "team": team,
                    "handler": handler})
    return out


def _payloads(ctx: Context, *, client: int, count: int, court_id: int, code: str, name: str, area: str) -> list[dict]:
    import random

    from bench.people import PersonIds, mobile, resident_id

    rng = random.Random(client)
    ids = PersonIds(dt.date.fromisoformat(ctx.meta["as_of"]), ctx.meta["seed"])
    first = ctx.meta["persons_next"] + client * 100_000
    out = []
    for k in range(count):
        parties = []
        for offset, role in ((0, "applicant"), (50_000, "respondent")):
            number, _key, person, _male, _born = resident_id(ids, first + offset + k, area, rng)
            parties.append({"role": role, "kind": "person", "name": person, "id_type": "resident_id", "id_number": number,
                            "phone": mobile(rng), "address": "河北省住所地"})
        out.append({
            "court": court_id, "cause": "private_lending", "target_amount": f"{rng.randint(20, 500) * 1000}.00",
            "basis": {"document_number": f"（{dt.date.today().year}）冀{code}民初{90_000 + client * 1000 + k}号",
                      "document_type": "judgment", "issuing_court": name,
                      "effective_date": (dt.date.today() - dt.timedelta(days=30)).isoformat()},
            "parties": parties,
        })
    return out


def _api_client(args) -> None:
    index, clerk_id, payloads, warmup, barrier, results = args
    from django.db import connections
    from django.test import Client

    from courts.models import User

    connections.close_all()
    client = Client()
    client.force_login(User.objects.get(pk=clerk_id))
    numbers, errors = [], []

    def post(payload):
        response = client.post("/api/v1/cases/", payload, content_type="application/json")
        if response.status_code == 201:
            numbers.append(response.json()["case_number"])
        else:
            errors.append(f"{response.status_code}: {response.content[:300]!r}")

    for payload in payloads[:warmup]:
        post(payload)
    numbers.clear()
    barrier.wait()
    started = time.time()
    for payload in payloads[warmup:]:
        post(payload)
    results.put((index, started, time.time(), numbers, errors))
    connections.close_all()


RAW_STATEMENTS = """
INSERT INTO cases_casenumbercounter (court_id, year, type_code, last_seq) VALUES (%(court)s, %(year)s, '执', 1)
  ON CONFLICT (court_id, year, type_code) DO UPDATE SET last_seq = cases_casenumbercounter.last_seq + 1 RETURNING last_seq;
INSERT INTO cases_basis (document_number, document_type, issuing_court, effective_date, performance_deadline, principal_amount,
  obligations) VALUES (%(doc)s, 'judgment', %(issuer)s, %(effective)s, NULL, NULL, '') RETURNING id;
INSERT INTO cases_enforcementcase (case_number, year, type_code, seq, court_id, team_id, handler_id, basis_id, cause,
  target_amount, recovered_amount, non_monetary_obligations, status, closure_type, filed_on, is_livelihood, is_special_subject,
  interference_risk, upper_court_supervised, petition_count, judicial_aid, registered_by_id, disbursed_amount, held_amount,
  found_cash_amount, suspended_days, escalation_level, clock_from, escalation_due_on, limit_on, created_at, updated_at)
  VALUES (%(number)s, %(year)s, '执', %(seq)s, %(court)s, %(team)s, %(handler)s, %(basis)s, 'private_lending', %(amount)s, 0, '',
  'registered', '', %(today)s, false, false, false, false, 0, false, %(clerk)s, 0, 0, 0, 0, 0, %(today)s, %(due)s, %(limit)s,
  now(), now()) RETURNING id;
INSERT INTO cases_party (kind, name, id_type, id_number, id_key, id_missing_reason, phone, address, legal_representative,
  created_at, updated_at) VALUES ('person', %(name)s, 'resident_id', %(id)s, %(key)s, '', %(phone)s, '', '', now(), now())
  ON CONFLICT (id_key) WHERE NOT (id_key = '') DO UPDATE SET id_key = EXCLUDED.id_key RETURNING id;
INSERT INTO cases_caseparty (role, position, note, case_id, party_id, claim_class) VALUES (%(role)s, 1, '', %(case)s, %(party)s,
  'ordinary');
INSERT INTO cases_caseevent (kind, occurred_at, description, reason, is_substantive, data, actor_id, case_id)
  VALUES (%(kind)s, now(), %(text)s, '', false, '{}', %(clerk)s, %(case)s);
INSERT INTO transfers_assignment (kind, reason, decision, started_at, assigned_by_id, case_id, court_id, handler_id, team_id)
  VALUES ('routing', '自动分案', '{}', now(), %(clerk)s, %(case)s, %(court)s, %(handler)s, %(team)s);
INSERT INTO cases_notification (case_id, party_id, phone, message, status, attempts, last_error, created_at, delivered_by)
  VALUES (%(case)s, %(party)s, %(phone)s, %(text)s, 'pending', 0, '', now(), '')
"""


def _raw_client(args) -> None:
    """The same registration written by hand: counter row locked by the upsert, then the inserts. A
    person already on file is found by ID number, as the system finds them (the upsert returns the row)."""
    index, url, payloads, court, team, handler, clerk, barrier, results = args
    import psycopg2

    statements = [s.strip() for s in RAW_STATEMENTS.strip().split(";\n")]
    conn = psycopg2.connect(url)
    today = dt.date.today()
    numbers = []
    barrier.wait()
    started = time.time()
    for p in payloads:
        with conn.cursor() as cur:
            cur.execute(statements[0], {"court": court, "year": today.year})
            seq = cur.fetchone()[0]
            cur.execute(statements[1], {"doc": p["basis"]["document_number"], "issuer": p["basis"]["issuing_court"],
                                        "effective": p["basis"]["effective_date"]})
            basis = cur.fetchone()[0]
            number = f"（{today.year}）冀{p['code']}执{seq}号"
            cur.execute(statements[2], {"number": number, "year": today.year, "seq": seq, "court": court, "team": team,
                                        "handler": handler, "basis": basis, "amount": p["target_amount"], "today": today,
                                        "clerk": clerk, "due": today + dt.timedelta(days=90),
                                        "limit": today + dt.timedelta(days=183)})
            case = cur.fetchone()[0]
            for party in p["parties"]:
                cur.execute(statements[3], {"name": party["name"], "id": party["id_number"], "key": "ric:" + party["id_number"],
                                            "phone": party["phone"]})
                party_id = cur.fetchone()[0]
                cur.execute(statements[4], {"role": party["role"], "case": case, "party": party_id})
                if party["role"] == "applicant":
                    applicant = party_id
            cur.execute(statements[5], {"kind": "registered", "text": f"立案：{number}", "clerk": clerk, "case": case})
            cur.execute(statements[5], {"kind": "assigned", "text": "自动分案", "clerk": clerk, "case": case})
            cur.execute(statements[6], {"clerk": clerk, "case": case, "court": court, "handler": handler, "team": team})
            cur.execute(statements[7], {"case": case, "party": applicant, "phone": p["parties"][0]["phone"],
                                        "text": f"立案：{number}"})
        conn.commit()
        numbers.append(number)
    results.put((index, started, time.time(), numbers, []))
    conn.close()


def _run_clients(target, args_for) -> tuple[float, list[str], list[str], int]:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(CLIENTS)
    results = context.Queue()
    procs = [context.Process(target=target, args=(args_for(i, barrier, results),)) for i in range(CLIENTS)]
    for p in procs:
        p.start()
    out = [results.get(timeout=900) for _ in procs]
    for p in procs:
        p.join(60)
    started = min(o[1] for o in out)
    ended = max(o[2] for o in out)
    numbers = [n for o in out for n in o[3]]
    errors = [e for o in out for e in o[4]]
    return ended - started, numbers, errors, len(numbers)


def _check_numbers(ctx: Context, court_id: int, year: int, before_seq: int) -> dict:
    seqs = [r[0] for r in ctx.sql("""SELECT seq FROM cases_enforcementcase WHERE court_id = %s AND year = %s AND
        type_code = '执' AND seq > %s ORDER BY seq""", [court_id, year, before_seq])]
    duplicates = len(seqs) - len(set(seqs))
    gaps = (seqs[-1] - before_seq - len(set(seqs))) if seqs else 0
    return {"issued": len(seqs), "duplicates": duplicates, "gaps": gaps}


def _seqs_before(ctx: Context, courts: list[dict], year: int) -> dict[int, int]:
    return {c["id"]: ctx.scalar("SELECT COALESCE(MAX(seq), 0) FROM cases_enforcementcase WHERE court_id = %s AND year = %s "
                                "AND type_code = '执'", [c["id"], year]) for c in {c["id"]: c for c in courts}.values()}


def _check_all(ctx: Context, before: dict[int, int], year: int) -> dict:
    total = {"issued": 0, "duplicates": 0, "gaps": 0}
    for court_id, seq in before.items():
        for key, value in _check_numbers(ctx, court_id, year, seq).items():
            total[key] += value
    return total


def _scenario(ctx: Context, courts: list[dict], label: str, *, per_client: int) -> Row:
    """8 clients, client i at ``courts[i]``: the API, then the same rows by hand; the database put back after each."""
    from django.db import connections

    warmup = 2
    year = dt.date.today().year
    payloads = [_payloads(ctx, client=i, count=per_client + warmup, court_id=c["id"], code=c["code"], name=c["name"],
                          area=c["area"]) for i, c in enumerate(courts)]
    court_ids = sorted({c["id"] for c in courts})

    undo = Undo(ctx)
    undo.mark()
    undo.keep("cases_casenumbercounter", "court_id = ANY(%s)", [court_ids])
    try:
        before = _seqs_before(ctx, courts, year)
        connections.close_all()
        ctx.close_raw()
        elapsed, numbers, errors, count = _run_clients(
            _api_client, lambda i, barrier, results: (i, courts[i]["clerk"], payloads[i], warmup, barrier, results))
        check = _check_all(ctx, before, year)
        check["duplicates_returned"] = len(numbers) - len(set(numbers))
    finally:
        added = undo.restore()
    ctx.log(f"  restored: removed {sum(added.values()):,} rows in {len(added)} tables")
    rate = count / elapsed if elapsed else 0

    undo = Undo(ctx)
    undo.mark()
    undo.keep("cases_casenumbercounter", "court_id = ANY(%s)", [court_ids])
    try:
        before = _seqs_before(ctx, courts, year)
        ctx.close_raw()
        raw_payloads = [[{**p, "code": courts[i]["code"]} for p in payloads[i][warmup:]] for i in range(CLIENTS)]
        raw_elapsed, _n, _e, raw_count = _run_clients(
            _raw_client, lambda i, barrier, results: (i, ctx.database_url, raw_payloads[i], courts[i]["id"], courts[i]["team"],
                                                      courts[i]["handler"], courts[i]["clerk"], barrier, results))
        raw_check = _check_all(ctx, before, year)
    finally:
        undo.restore()
    raw_rate = raw_count / raw_elapsed if raw_elapsed else 0
    ok = not errors and check["duplicates"] == 0 and check["duplicates_returned"] == 0 and check["gaps"] == 0
    return Row(
        f"Registration — {CLIENTS} concurrent API clients, {label}", f"{count} cases",
        1000 * elapsed / count if count else None, 1000 * raw_elapsed / raw_count if raw_count else None, None,
        "≥ 200/s, no duplicate numbers", met=ok and rate >= 200,
        notes=(f"{rate:.0f} registrations/s (raw SQL {raw_rate:.0f}/s); {check['duplicates']} duplicate and "
               f"{check['gaps']} missing numbers" + (f"; {len(errors)} errors: {errors[0]}" if errors else "")
               + "; times are per registration (wall time ÷ cases)"),
        extra={"rate": rate, "raw_rate": raw_rate, "registered": count, "errors": errors[:5], **check,
               "raw_check": raw_check})


def bench_registration(ctx: Context) -> list[Row]:
    if "persons_next" not in ctx.meta:
        ctx.meta["persons_next"] = ctx.scalar("SELECT COUNT(*) FROM cases_party WHERE kind = 'person'") + 1
    courts = _courts(ctx, CLIENTS)
    per_client = 8 if ctx.quick else 40
    # All at one court: every registration queues on that court's counter row (the test of no duplicates).
    rows = [_scenario(ctx, [courts[0]] * CLIENTS, "one court", per_client=per_client)]
    if not ctx.quick and len(courts) == CLIENTS:
        # A clerk at each of 8 courts: what the province's filing desks do at once.
        rows.append(_scenario(ctx, courts, f"{CLIENTS} courts", per_client=per_client))
    return rows
