"""Case list (API and browser) and the dossier page, each next to the same data read with raw SQL."""

from __future__ import annotations

import json

from bench.harness import Context, Row, count_queries, paired_ms, raw_runner

OPEN = ("registered", "in_progress", "suspended", "settled")
LIST_COLUMNS = """c.id, c.case_number, c.status, c.closure_type, c.court_id, co.name, c.team_id, t.name, c.handler_id,
    u.full_name, u.username, c.cause, c.target_amount, c.recovered_amount, c.non_monetary_obligations, c.filed_on,
    c.closed_on, c.is_livelihood, c.is_special_subject, c.interference_risk, c.upper_court_supervised"""
LIST_FROM = """FROM cases_enforcementcase c JOIN courts_court co ON co.id = c.court_id
    LEFT JOIN courts_team t ON t.id = c.team_id LEFT JOIN courts_user u ON u.id = c.handler_id"""
PARTIES_SQL = """SELECT cp.case_id, cp.role, cp.position, cp.liability_cap, cp.claim_amount, cp.claim_class, p.id, p.kind,
    p.name, p.id_type, p.id_number, p.phone, p.address FROM cases_caseparty cp JOIN cases_party p ON p.id = cp.party_id
    WHERE cp.case_id = ANY(%s) ORDER BY cp.case_id, cp.role, cp.position, cp.id"""
VISIBLE = """(c.court_id = %s
    OR c.id IN (SELECT origin_case_id FROM cases_enforcementcase WHERE court_id = %s AND origin_case_id IS NOT NULL)
    OR (c.court_id <> %s AND EXISTS (SELECT 1 FROM cases_enforcementcase o WHERE o.id = c.origin_case_id AND o.court_id = %s))
    OR c.id IN (SELECT case_id FROM transfers_entrustment WHERE to_court_id = %s))"""
# The pagination counts exactly up to this many rows and estimates beyond (enforcement.pagination).
COUNT_CAP = 10_000


def _user(username_or_id):
    from courts.models import User

    return User.objects.get(pk=username_or_id)


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def subjects(ctx: Context) -> dict:
    """Who and what the list and dossier benchmarks ask for, from the generated data."""
    court_id, court_cases = ctx.sql("""SELECT court_id, COUNT(*) FROM cases_enforcementcase c JOIN courts_court k
        ON k.id = c.court_id WHERE k.level = 'basic' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""")[0]
    handler_id, handler_open = ctx.sql("""SELECT handler_id, COUNT(*) FROM cases_enforcementcase WHERE court_id = %s
        AND status <> 'closed' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""", [court_id])[0]
    chief = ctx.scalar("SELECT id FROM courts_user WHERE court_id = %s AND role = 'bureau_chief' ORDER BY id LIMIT 1",
                       [court_id])
    admin = ctx.scalar("SELECT id FROM courts_user WHERE role = 'admin' ORDER BY id LIMIT 1")
    # A second court and judge, to show the query count does not depend on the data.
    other_court, other_handler = ctx.sql("""SELECT c.court_id, c.handler_id FROM cases_enforcementcase c
        JOIN courts_court k ON k.id = c.court_id WHERE k.level = 'basic' AND c.court_id <> %s AND c.status <> 'closed'
        GROUP BY 1, 2 ORDER BY COUNT(*) DESC, 1, 2 LIMIT 1""", [court_id])[0]
    other_chief = ctx.scalar("SELECT id FROM courts_user WHERE court_id = %s AND role = 'bureau_chief' LIMIT 1", [other_court])
    heavy = ctx.meta.get("heavy_cases") or []
    dossier_case = None
    if heavy:
        rows = ctx.sql("""SELECT case_id, COUNT(*) FROM cases_caseevent WHERE case_id = ANY(%s) GROUP BY 1
            HAVING COUNT(*) >= 200 ORDER BY ABS(COUNT(*) - 220), 1 LIMIT 1""", [heavy])
        dossier_case = rows[0] if rows else None
    if dossier_case is None:
        dossier_case = ctx.sql("""SELECT case_id, COUNT(*) FROM cases_caseevent GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""")[0]
    # A case like it (same court, same status) with a short timeline: the query count must be the same.
    small_case = ctx.sql("""SELECT c.id FROM cases_enforcementcase c JOIN cases_enforcementcase d ON d.id = %s
        WHERE c.court_id = d.court_id AND c.status = d.status AND c.id <> d.id ORDER BY c.id LIMIT 1""",
                         [dossier_case[0]])[0][0]
    return {"court": court_id, "court_cases": court_cases, "handler": handler_id, "handler_open": handler_open,
            "chief": chief, "admin": admin, "other_court": other_court, "other_handler": other_handler,
            "other_chief": other_chief, "dossier_case": dossier_case[0], "dossier_events": dossier_case[1],
            "small_case": small_case}


def _list_raw(where: str, params: list, limit: int) -> list[tuple[str, object]]:
    capped = f"SELECT COUNT(*) FROM (SELECT 1 FROM cases_enforcementcase c WHERE {where} LIMIT {COUNT_CAP + 1}) s"
    page = f"SELECT {LIST_COLUMNS} {LIST_FROM} WHERE {where} ORDER BY c.filed_on DESC, c.id DESC LIMIT {limit}"
    return [(capped, params), (page, params), (PARTIES_SQL, lambda results: [[r[0] for r in results[1]]])]


def _exact_count(ctx: Context, where: str, params: list) -> int:
    return ctx.scalar(f"SELECT COUNT(*) FROM cases_enforcementcase c WHERE {where}", params)


def bench_case_lists(ctx: Context) -> list[Row]:
    s = subjects(ctx)
    ctx.log(f"  court {s['court']} ({s['court_cases']:,} cases), judge {s['handler']} ({s['handler_open']} open), "
            f"dossier case {s['dossier_case']} ({s['dossier_events']} events)")
    rows = []
    filters = {"court": s["court"], "status": "open", "handler": s["handler"]}
    other = {"court": s["other_court"], "status": "open", "handler": s["other_handler"]}
    # The bureau chief's scope written by hand (courts.access + transfers.visibility): the court's own
    # cases, the cases it received by designation or that left it, those entrusted to it.
    where = f"{VISIBLE} AND c.court_id = %s AND c.status = ANY(%s) AND c.handler_id = %s"
    params = [s["court"]] * 5 + [s["court"], list(OPEN), s["handler"]]
    chief, other_chief, admin = _user(s["chief"]), _user(s["other_chief"]), _user(s["admin"])

    # API: court + status + handler, page of 50, as the court's bureau chief
    api = _client(chief)
    system, response, raw, results = paired_ms(lambda: api.get("/api/v1/cases/", filters),
                                               raw_runner(ctx, _list_raw(where, params, 50)), runs=ctx.runs)
    assert response.status_code == 200, response.content[:500]
    data = response.json()
    queries, _r = count_queries(lambda: api.get("/api/v1/cases/", filters))
    other_api = _client(other_chief)
    other_api.get("/api/v1/cases/", other)
    other_queries, _r = count_queries(lambda: other_api.get("/api/v1/cases/", other))
    exact = _exact_count(ctx, where, params)
    rows.append(Row(
        "Case list API — court + status + handler, page of 50", f"{s['court_cases']:,} cases at the court",
        system, raw, queries, "≤ 3× raw, constant queries", notes=f"{other_queries} queries for another court and judge",
        extra={"count": data["count"], "raw_count": exact, "ids": [r["id"] for r in data["results"]],
               "raw_ids": [r[0] for r in results[1]], "other_queries": other_queries}))

    # API: the whole province, unfiltered, as the high court's administrator (page 1 and page 20)
    api_admin = _client(admin)
    for page in (1, 20):
        params_p = {"page": page} if page > 1 else {}
        statements = _list_raw("TRUE", [], 50)
        statements[1] = (statements[1][0].replace("LIMIT 50", f"LIMIT 50 OFFSET {(page - 1) * 50}"), [])
        system, response, raw, results = paired_ms(lambda p=params_p: api_admin.get("/api/v1/cases/", p),
                                                   raw_runner(ctx, statements), runs=ctx.runs)
        assert response.status_code == 200, response.content[:500]
        data = response.json()
        queries, _r = count_queries(lambda p=params_p: api_admin.get("/api/v1/cases/", p))
        total = ctx.scalar("SELECT COUNT(*) FROM cases_enforcementcase")
        rows.append(Row(
            f"Case list API — whole province, page {page}", f"{total:,} cases", system, raw, queries,
            "≤ 3× raw, constant queries", notes=f"count {'estimated' if data.get('count_is_estimate') else 'exact'}: "
                                                f"{data['count']:,} (true {total:,})",
            extra={"count": data["count"], "raw_count": total, "ids": [r["id"] for r in data["results"]],
                   "raw_ids": [r[0] for r in results[1]], "estimate": bool(data.get("count_is_estimate"))}))

    # The framework's own cost, for reading the ratios above: an authenticated API request that reads
    # nothing but the session, the user and the user's court (GET /api/v1/me/), next to those three rows
    # read by hand. Every request of the system pays at least this.
    me = _client(chief)
    floor_raw = [
        ("SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > now()", [me.session.session_key]),
        ("SELECT * FROM courts_user WHERE id = %s", [chief.pk]),
        ("SELECT * FROM courts_court WHERE id = %s", [chief.court_id]),
    ]
    system, response, raw, _results = paired_ms(lambda: me.get("/api/v1/me/"), raw_runner(ctx, floor_raw), runs=ctx.runs)
    assert response.status_code == 200 and response.json()["id"] == chief.pk
    queries, _r = count_queries(lambda: me.get("/api/v1/me/"))
    rows.append(Row(
        "Framework floor — an authenticated API request that reads only its user (GET /api/v1/me/)", "", system, raw,
        queries, "— (for reading the ratios)", met=None,
        notes="session, authentication, middleware and JSON rendering: what every request costs before its own work"))

    # Browser list page, same filters (25 a page)
    browser = _client(chief)
    system, response, raw, results = paired_ms(lambda: browser.get("/cases/", filters),
                                               raw_runner(ctx, _list_raw(where, params, 25)), runs=ctx.runs)
    assert response.status_code == 200
    queries, _r = count_queries(lambda: browser.get("/cases/", filters))
    other_browser = _client(other_chief)
    other_browser.get("/cases/", other)
    other_queries, _r = count_queries(lambda: other_browser.get("/cases/", other))
    html = response.content.decode()
    shown = sum(1 for r in results[1] if r[1] in html)
    rows.append(Row(
        "Case list page (browser) — court + status + handler", f"{s['court_cases']:,} cases at the court", system, raw,
        queries, "≤ 3× raw, constant queries", notes=f"{other_queries} queries for another court and judge",
        extra={"raw_rows": len(results[1]), "rows_shown": shown, "other_queries": other_queries}))
    return rows


def _dossier_raw(case_id: int) -> list[tuple[str, object]]:
    """What the dossier page itself reads, written by hand: the case, its parties, the latest 50 events
    (the page's first timeline page, plus one to know whether there are more), the assignments and
    messages, and each section of the dossier."""
    p = [case_id]
    return [
        ("""SELECT c.*, co.name, t.name, u.full_name, b.*, r.full_name FROM cases_enforcementcase c
            JOIN courts_court co ON co.id = c.court_id LEFT JOIN courts_team t ON t.id = c.team_id
            LEFT JOIN courts_user u ON u.id = c.handler_id JOIN cases_basis b ON b.id = c.basis_id
            LEFT JOIN courts_user r ON r.id = c.registered_by_id WHERE c.id = %s""", p),
        (PARTIES_SQL, [p]),
        ("""SELECT e.*, u.full_name FROM cases_caseevent e LEFT JOIN courts_user u ON u.id = e.actor_id WHERE e.case_id = %s
            ORDER BY e.occurred_at DESC, e.id DESC LIMIT 51""", p),
        ("""SELECT a.*, u.full_name, t.name FROM transfers_assignment a LEFT JOIN courts_user u ON u.id = a.handler_id
            LEFT JOIN courts_team t ON t.id = a.team_id WHERE a.case_id = %s ORDER BY a.started_at DESC""", p),
        ("SELECT * FROM cases_notification WHERE case_id = %s ORDER BY created_at DESC, id DESC LIMIT 50", p),
        ("SELECT * FROM cases_investigation WHERE case_id = %s ORDER BY queried_on, id", p),
        ("SELECT * FROM cases_controlaction WHERE case_id = %s ORDER BY started_on, id", p),
        ("SELECT * FROM cases_coercivemeasure WHERE case_id = %s ORDER BY issued_on, id", p),
        ("SELECT * FROM cases_procedurestep WHERE case_id = %s ORDER BY done_on, id", p),
        ("SELECT * FROM cases_payment WHERE case_id = %s ORDER BY received_on, id", p),
        ("SELECT * FROM cases_disbursement WHERE case_id = %s ORDER BY paid_on, id", p),
        ("""SELECT s.*, i.* FROM cases_settlement s LEFT JOIN cases_instalment i ON i.settlement_id = s.id
            WHERE s.case_id = %s ORDER BY s.agreed_on DESC, i.number""", p),
    ]


def _api_dossier_raw(case_id: int) -> list[tuple[str, object]]:
    """The API's detail and its whole timeline (the events endpoint is not paged)."""
    case, parties, events = _dossier_raw(case_id)[:3]
    return [case, parties, (events[0].replace(" LIMIT 51", ""), events[1])]


def _cards_raw(case_id: int) -> list[tuple[str, object]]:
    """What the dossier's cards from other apps read (cases.panels, each fetched after the page): the
    escalation ladder and requests, entrustments, campaigns, the hard-case ledger and petitions, the
    generated documents, judicial aid, referrals and custodians."""
    p = [case_id]
    return [
        ("""SELECT s.*, co.name, oh.full_name, nh.full_name, ot.name, nt.name FROM transfers_escalationstep s
            JOIN courts_court co ON co.id = s.court_id LEFT JOIN courts_user oh ON oh.id = s.old_handler_id
            LEFT JOIN courts_user nh ON nh.id = s.new_handler_id LEFT JOIN courts_team ot ON ot.id = s.old_team_id
            LEFT JOIN courts_team nt ON nt.id = s.new_team_id WHERE s.case_id = %s ORDER BY s.occurred_at, s.id""", p),
        ("""SELECT d.*, uc.name, tc.name FROM transfers_designationrequest d JOIN courts_court uc ON uc.id = d.upper_court_id
            LEFT JOIN courts_court tc ON tc.id = d.target_court_id WHERE d.case_id = %s OR d.new_case_id = %s
            ORDER BY d.created_at, d.id""", [case_id, case_id]),
        ("""SELECT e.*, c.name FROM transfers_entrustment e JOIN courts_court c ON c.id = e.to_court_id WHERE e.case_id = %s
            ORDER BY e.id""", p),
        ("""SELECT cc.*, k.* FROM transfers_campaigncase cc JOIN transfers_campaign k ON k.id = cc.campaign_id
            WHERE cc.case_id = %s ORDER BY k.starts_on DESC, cc.id DESC""", p),
        ("SELECT * FROM reports_hardcaseentry WHERE case_id = %s ORDER BY id", p),
        ("SELECT * FROM reports_petition WHERE case_id = %s ORDER BY id", p),
        ("SELECT * FROM documents_generateddocument WHERE case_id = %s ORDER BY id DESC LIMIT 100", p),
        ("SELECT * FROM relief_judicialaid WHERE case_id = %s ORDER BY id", p),
        ("SELECT * FROM relief_bankruptcyreferral WHERE case_id = %s ORDER BY id", p),
        ("SELECT * FROM relief_custodian WHERE case_id = %s ORDER BY id", p),
        # 一张网: the respondents' other cases, with their court, status and outstanding amount
        ("""SELECT cp.party_id, cp.role, c.id, c.case_number, c.status, c.target_amount - c.recovered_amount, co.name
            FROM cases_caseparty cp JOIN cases_enforcementcase c ON c.id = cp.case_id JOIN courts_court co ON co.id = c.court_id
            WHERE cp.party_id IN (SELECT party_id FROM cases_caseparty WHERE case_id = %s AND role = 'respondent')
            AND cp.case_id <> %s ORDER BY c.filed_on DESC LIMIT 200""", [case_id, case_id]),
    ]


def _card_urls(html: str) -> list[str]:
    """The cards the dossier page asks the browser to fetch (cases/_panel_slot.html)."""
    import re

    return re.findall(r'hx-get="(/cases/\d+/panels/[\w-]+/)"', html)


def _queries_before_and_after_growth(request, case_id: int) -> tuple[int, int]:
    """Queries of ``request()`` (a dossier of ``case_id``), then again once 200 more events are on the
    case's timeline — inside a transaction rolled back afterwards."""
    from django.db import transaction
    from django.utils import timezone

    from cases.models import CaseEvent

    request()
    with transaction.atomic():
        before, _r = count_queries(request)
        CaseEvent.objects.bulk_create([CaseEvent(case_id=case_id, kind="note", description=f"电话联系申请执行人（{n}）",
                                                 occurred_at=timezone.now()) for n in range(200)])
        after, _r = count_queries(request)
        transaction.set_rollback(True)
    return before, after


def bench_dossier(ctx: Context) -> list[Row]:
    s = subjects(ctx)
    case_id = s["dossier_case"]
    handler = ctx.scalar("SELECT handler_id FROM cases_enforcementcase WHERE id = %s", [case_id])
    client = _client(_user(handler))
    url = f"/cases/{case_id}/"
    system, response, raw, results = paired_ms(lambda: client.get(url), raw_runner(ctx, _dossier_raw(case_id)), runs=ctx.runs)
    assert response.status_code == 200, response.status_code
    queries, _r = count_queries(lambda: client.get(url))
    small_handler = ctx.scalar("SELECT handler_id FROM cases_enforcementcase WHERE id = %s", [s["small_case"]])
    small_client = _client(_user(small_handler))
    small_queries, grown_queries = _queries_before_and_after_growth(
        lambda: small_client.get(f"/cases/{s['small_case']}/"), s["small_case"])
    html = response.content.decode()
    events = results[2]
    rows = [Row(
        f"Dossier page (browser) — case with {s['dossier_events']} events", "", system, raw, queries,
        "≤ 3× raw, constant queries",
        notes=f"a case with a short timeline: {small_queries} queries, {grown_queries} after 200 more events",
        extra={"events": s["dossier_events"], "raw_events": len(events), "events_shown": html.count('<li class="list-group-item" data-kind='),
               "case_number_shown": results[0][0][1] in html,
               "small_queries": small_queries, "grown_queries": grown_queries})]

    # The page as the browser completes it: the page, then each card it fetches (cases.panels)
    cards = _card_urls(html)

    def page_and_cards():
        page = client.get(url)
        return page, [client.get(card) for card in cards]

    system, (page, card_responses), raw, _results = paired_ms(
        page_and_cards, raw_runner(ctx, _dossier_raw(case_id) + _cards_raw(case_id)), runs=ctx.runs)
    assert page.status_code == 200 and all(r.status_code == 200 for r in card_responses)
    queries, _r = count_queries(page_and_cards)
    rows.append(Row(
        f"Dossier page with its {len(cards)} cards (browser, {len(cards) + 1} requests)", "", system, raw, queries,
        "≤ 3× raw, constant queries", notes="each card is fetched by the page once it has painted",
        extra={"cards": cards, "card_bytes": [len(r.content) for r in card_responses]}))

    # The same dossier through the API: detail and timeline
    api = _client(_user(handler))

    def api_dossier():
        detail = api.get(f"/api/v1/cases/{case_id}/")
        timeline = api.get(f"/api/v1/cases/{case_id}/events/")
        return detail, timeline

    system, (detail, timeline), raw, results = paired_ms(api_dossier, raw_runner(ctx, _api_dossier_raw(case_id)),
                                                         runs=ctx.runs)
    assert detail.status_code == 200 and timeline.status_code == 200
    queries, _r = count_queries(api_dossier)
    small_api = _client(_user(small_handler))
    small_queries, grown_queries = _queries_before_and_after_growth(
        lambda: (small_api.get(f"/api/v1/cases/{s['small_case']}/"), small_api.get(f"/api/v1/cases/{s['small_case']}/events/")),
        s["small_case"])
    rows.append(Row(
        f"Dossier API — detail + timeline of {s['dossier_events']} events", "", system, raw, queries,
        "≤ 3× raw, constant queries",
        notes=f"a case with a short timeline: {small_queries} queries, {grown_queries} after 200 more events",
        extra={"events": len(json.loads(timeline.content)), "raw_events": len(results[2]), "small_queries": small_queries,
               "grown_queries": grown_queries}))
    return rows
