"""Synthetic province generator (issue #7): a province-sized, realistic enforcement database loaded with
PostgreSQL COPY, deterministic by seed.

    python -m bench.generate --database-url postgres://postgres@127.0.0.1:5432/enf_benchbig --cases 1000000 --seed 1

creates the database (``--drop`` replaces an existing one), migrates it (``manage.py migrate``) and loads:
1 high court, 11 intermediate and 180 basic courts (bench.province) with teams, judges, assistants,
clerks, bureau chiefs, designation officers and supervisors; N cases filed over the 5 years up to
``--as-of`` (default today), each simulated from registration to that day — parties (reused across
cases and courts: serial debtors, banks), basis, timeline events, online queries, controls, coercive
measures, payments and disbursements, settlements, suspensions, the escalation ladder (steps,
reassignments, designation requests, decisions that close a case as transferred and open the new one
at the receiving court), resumptions (执恢) of 终本 cases, closure and archiving.

Derived columns are written the way the application keeps them: ``limit_on`` (cases.deadlines), the
escalation clock (``clock_from`` / ``clock_paused_since`` / ``escalation_due_on``, the rule of
cases.clock, with the ladder simulated by daily sweeps up to the day before ``--as-of``, so the sweep
for that day finds exactly the cases due on it), the ledger totals (recovered = Σ payments, disbursed
= Σ disbursements, held and held-since first in, first out), ``last_progress_at`` (the latest
substantive event, cases.progress) and the case-number counters (a registration after generation
takes the next free number).

Distributions: yearly growth and a seasonal filing pattern (few filings at weekends and around the
Spring Festival); caseload skewed by city population and log-normally between courts; amounts
log-normal per cause of action (courts.demo_data.CAUSE_PROFILES: most cases small); durations from a
mixture (quick performance, 终本 after the 3-month minimum, a long tail of hard cases still open after
years); a few cases with 200+ timeline events.

``--cases 2000`` runs in seconds (rows kept in memory, one transaction); from ``--stream-from`` cases
on (default 100 000), every table is streamed through its own COPY while its indexes and foreign keys
are rebuilt once at the end (bench.load).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import heapq
import json
import math
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import NULL, MemorySink, StreamSink, esc  # noqa: E402

# --- tables and the columns written ----------------------------------------------------------------
COLUMNS: dict[str, tuple[str, ...]] = {
    "courts_court": ("id", "name", "short_name", "level", "parent_id", "province_abbr", "code", "region", "address",
                     "is_active", "required_extended_checks"),
    "courts_team": ("id", "name", "is_active", "court_id"),
    "courts_user": ("id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
                    "is_staff", "is_active", "date_joined", "full_name", "role", "phone", "court_id"),
    "courts_teammembership": ("id", "role", "is_active", "joined_on", "team_id", "user_id"),
    "courts_escalationpolicy": ("id", "effective_from", "level0_days", "level1_days", "level2_days",
                                "special_subject_direct", "interference_risk_direct", "reason", "created_at",
                                "applied_at", "court_id", "created_by_id"),
    "cases_party": ("id", "kind", "name", "id_type", "id_number", "id_key", "id_missing_reason", "phone", "address",
                    "legal_representative", "created_at", "updated_at"),
    "cases_basis": ("id", "document_number", "document_type", "issuing_court", "effective_date", "performance_deadline",
                    "principal_amount", "obligations"),
    "cases_enforcementcase": (
        "id", "case_number", "year", "type_code", "seq", "court_id", "team_id", "handler_id", "basis_id", "cause",
        "target_amount", "recovered_amount", "non_monetary_obligations", "status", "closure_type", "filed_on",
        "closed_on", "archived_on", "is_livelihood", "is_special_subject", "interference_risk", "upper_court_supervised",
        "petition_count", "judicial_aid", "origin_case_id", "registered_by_id", "last_progress_at", "disbursed_amount",
        "held_amount", "held_since", "found_cash_amount", "suspended_since", "suspended_days", "escalation_level",
        "clock_from", "clock_paused_since", "escalation_due_on", "limit_on", "termination_checklist_complete",
        "created_at", "updated_at"),
    "cases_historicalenforcementcase": (
        "history_id", "id", "case_number", "year", "type_code", "seq", "cause", "target_amount", "recovered_amount",
        "non_monetary_obligations", "status", "closure_type", "filed_on", "is_livelihood", "is_special_subject",
        "interference_risk", "upper_court_supervised", "petition_count", "judicial_aid", "created_at", "history_date",
        "history_change_reason", "history_type", "basis_id", "court_id", "history_user_id", "origin_case_id",
        "registered_by_id", "disbursed_amount", "found_cash_amount", "held_amount", "suspended_days",
        "escalation_level"),
    "cases_caseparty": ("id", "role", "position", "liability_cap", "note", "case_id", "party_id", "claim_amount",
                        "claim_class"),
    "cases_caseevent": ("id", "kind", "occurred_at", "description", "reason", "is_substantive", "data", "actor_id",
                        "case_id"),
    "cases_casenumbercounter": ("id", "year", "type_code", "last_seq", "court_id"),
    "cases_investigation": ("id", "category", "tier", "queried_on", "result", "details", "found_amount", "created_at",
                            "case_id", "recorded_by_id", "respondent_id"),
    "cases_controlaction": ("id", "kind", "asset", "amount", "deducted_amount", "started_on", "expires_on",
                            "non_deductible", "non_deductible_reason", "status", "ended_on", "end_reason",
                            "disposal_kind", "disposal_amount", "created_at", "case_id", "recorded_by_id",
                            "respondent_id"),
    "cases_coercivemeasure": ("id", "kind", "issued_on", "ends_on", "amount", "reason", "lifted_on", "lift_reason",
                              "created_at", "case_id", "recorded_by_id", "respondent_id"),
    "cases_procedurestep": ("id", "kind", "done_on", "details", "applicant_opinion", "created_at", "case_id",
                            "recorded_by_id"),
    "cases_payment": ("id", "amount", "received_on", "source", "payer", "note", "created_at", "case_id", "control_id",
                      "recorded_by_id"),
    "cases_disbursement": ("id", "kind", "amount", "paid_on", "note", "created_at", "case_id", "payee_id",
                           "recorded_by_id"),
    "cases_settlement": ("id", "agreed_on", "agreed_amount", "paid_before", "waives_interest", "terms", "status",
                         "ended_on", "end_reason", "created_at", "case_id", "recorded_by_id"),
    "cases_instalment": ("id", "number", "due_on", "amount", "paid_amount", "paid_on", "settlement_id"),
    "transfers_assignment": ("id", "kind", "reason", "decision", "started_at", "ended_at", "assigned_by_id", "case_id",
                             "court_id", "handler_id", "team_id"),
    "transfers_escalationstep": ("id", "level_from", "level_to", "rule", "days_without_progress", "limit_days",
                                 "decision", "reason", "occurred_at", "actor_id", "case_id", "court_id",
                                 "new_handler_id", "new_team_id", "old_handler_id", "old_team_id", "policy_id"),
    "reports_petition": ("id", "created_at", "received_on", "channel", "petitioner_name", "petitioner_standing", "summary",
                         "reply", "replied_on", "case_id", "recorded_by_id", "replied_by_id"),
    "transfers_designationrequest": ("id", "source", "reason", "created_at", "status", "decision", "decision_reason",
                                     "decided_at", "suggestions", "case_id", "decided_by_id", "from_court_id",
                                     "new_case_id", "requested_by_id", "target_court_id", "target_team_id",
                                     "upper_court_id"),
}
# The primary key column whose sequence is moved past the loaded rows.
PK = {t: ("history_id" if t.startswith("cases_historical") else "id") for t in COLUMNS}

STATUS_LABEL = {"registered": "已立案", "in_progress": "执行中", "suspended": "中止执行", "settled": "和解履行中",
                "closed": "已结案"}
CLOSURE_LABEL = {"performed": "执行完毕", "terminated_round": "终结本次执行程序", "terminated": "终结执行",
                 "transferred": "移送其他法院执行", "rejected": "驳回申请", "not_enforced": "不予执行", "withdrawn": "销案"}
QUERY_LABEL = {"deposit": "存款", "real_estate": "不动产", "vehicle": "车辆", "securities": "证券", "business": "工商登记及股权"}
MANDATORY = ("deposit", "real_estate", "vehicle", "securities", "business")
NOTES = ["电话联系申请执行人，告知案件执行进展", "电话联系被执行人，敦促其履行义务，被执行人称暂无履行能力",
         "约谈被执行人，责令其如实申报财产", "申请执行人来院询问案件进展，已告知", "到被执行人住所地实地调查，未见被执行人",
         "向被执行人邮寄履行催告函", "申请执行人提交书面意见，要求加大执行力度", "承办人阅卷，制作执行计划",
         "被执行人来电称愿意分期履行，待与申请执行人协商", "复查被执行人财产状况，未发现新的可供执行财产"]
TEAM_NAMES = ["执行一团队", "执行二团队", "执行三团队", "执行四团队", "执行五团队", "执行六团队", "执行七团队", "执行八团队",
              "执行九团队", "执行十团队", "执行十一团队", "执行十二团队", "执行十三团队", "执行十四团队", "执行十五团队",
              "执行十六团队", "执行十七团队", "执行十八团队", "执行十九团队", "执行二十团队"]
PASSWORD = "bench12345"  # every generated account (hashed once)
DEFAULT_LIMITS = (90, 60, 60)
SWEEP_MINUTE = 90  # the daily escalation sweep runs at 01:30 court time (enforcement.settings)


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def yuan(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


_CLOCK = [f" {m // 60:02d}:{m % 60:02d}:00+08" for m in range(1440)]


class Dates:
    """Ordinal → 'YYYY-MM-DD' and timestamp strings, cached (a few thousand distinct days)."""

    def __init__(self):
        self.cache: dict[int, str] = {}

    def d(self, ordinal: int | None) -> str:
        if ordinal is None:
            return NULL
        s = self.cache.get(ordinal)
        if s is None:
            s = self.cache[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return s

    def ts(self, ordinal: int, minute: int) -> str:
        return self.d(ordinal) + _CLOCK[minute]


class Generator:
    def __init__(self, *, cases: int, seed: int, as_of: dt.date, sink, log=print):
        from courts.demo_data import CAUSE_PROFILES, CAUSE_WEIGHTS

        self.n_cases = cases
        self.seed = seed
        self.as_of = as_of.toordinal()
        self.last_sweep = self.as_of - 1  # the sweep for --as-of itself is left to the benchmark
        self.start = (as_of.replace(year=as_of.year - 5) + dt.timedelta(days=1)).toordinal()
        self.rng = random.Random(seed)
        self.sink = sink
        self.log = log
        self.D = Dates()
        self.ids: dict[str, int] = dict.fromkeys(COLUMNS, 0)
        self.causes = list(CAUSE_WEIGHTS)
        self.cause_cum = list(_cumulative([CAUSE_WEIGHTS[c] for c in self.causes]))
        self.profiles = CAUSE_PROFILES
        self.counters: dict[tuple[int, int, str], int] = {}
        self.arrivals: list = []
        self.arrival_seq = 0
        self.person_serial = 0
        self.org_serial = 0
        self.city_respondents: dict[str, list] = {}
        self.city_companies: dict[str, list] = {}
        self.court_banks: dict[int, list] = {}
        self.shared: dict[str, list] = {}
        self.heavy_cases: list[int] = []
        self.heavy_share = max(0.0005, 5 / max(cases, 1))
        self.stats: dict[str, int] = {}
        from bench.people import PersonIds

        self.person_ids = PersonIds(as_of, seed)
        self.salt = seed * 104_729 % 100_000_000

    # --- helpers ---------------------------------------------------------------------------------------
    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def emit(self, table: str, *fields) -> None:
        self.sink.add(table, "\t".join(fields))

    def minute(self) -> int:
        return self.rng.randint(510, 1050)  # 08:30–17:30

    # --- courts, teams, staff ------------------------------------------------------------------------
    def build_courts(self) -> None:
        from django.contrib.auth.hashers import make_password

        from bench.people import mobile, person_name
        from bench.province import PROVINCE_ABBR, build_courts

        rng = self.rng
        self.courts = build_courts(rng)
        password = make_password(PASSWORD)
        joined = self.D.ts(self.start - 400, 540)
        checks = esc(json.dumps(["social_insurance", "household"]))
        yearly = self.n_cases / 5
        self.user_names: dict[int, str] = {}
        for c in self.courts:
            self.emit("courts_court", str(c.id), c.name, c.short_name, c.level, NULL if c.parent is None else str(c.parent + 1),
                      PROVINCE_ABBR, c.code, c.region, c.address, "t", checks)
        for c in self.courts:
            tag = f"c{c.code}" if c.code else "hebei"

            def user(role: str, n: int, court=c, tag=tag, superuser: bool = False) -> int:
                uid = self.next_id("courts_user")
                born = rng.randint(1965, 1995)
                name = person_name(rng, born, rng.random() < 0.55)
                self.user_names[uid] = name
                self.emit("courts_user", str(uid), password, NULL, "t" if superuser else "f", f"{tag}_{role}{n}", "", "",
                          "", "t" if superuser else "f", "t", joined, name, role, mobile(rng), str(court.id))
                return uid

            per_year = c.weight * yearly
            judges = max(2, min(40, round(per_year / 300)))
            if c.level == "intermediate":
                judges = max(4, min(20, judges + 2))
            elif c.level == "high":
                judges = 3
            n_teams = max(1, min(len(TEAM_NAMES), round(judges / 2.5)))
            teams = []
            for t in range(n_teams):
                team_id = self.next_id("courts_team")
                self.emit("courts_team", str(team_id), TEAM_NAMES[t], "t", str(c.id))
                teams.append((team_id, []))
            for j in range(judges):
                uid = user("judge", j + 1)
                team_id, members = teams[j % n_teams]
                members.append(uid)
                c.judges.append(uid)
                self.emit("courts_teammembership", str(self.next_id("courts_teammembership")), "judge", "t",
                          self.D.d(self.start - 300), str(team_id), str(uid))
                aid = user("assistant", j + 1)
                self.emit("courts_teammembership", str(self.next_id("courts_teammembership")), "assistant", "t",
                          self.D.d(self.start - 300), str(team_id), str(aid))
            c.teams = teams  # [(team id, [judge user ids])]
            c.clerks = [user("clerk", k + 1) for k in range(2)]
            c.chief = user("bureau_chief", 1)
            if c.level != "basic":
                c.officers = [user("designation_officer", k + 1) for k in range(2)]
                c.supervisor = user("supervisor", 1)
            if c.level == "high":
                user("admin", 1, superuser=True)
            # A tenth of the basic courts set a shorter first rung (as 赞皇 does in the demo).
            if c.level == "basic" and rng.random() < 0.1:
                c.policy_level0_days = 75
                self.emit("courts_escalationpolicy", str(self.next_id("courts_escalationpolicy")), self.D.d(self.start - 200),
                          "75", "60", "60", "t", "t", "本院执行案件数量大，缩短首轮无实质进展期限", self.D.ts(self.start - 210, 600),
                          self.D.ts(self.start - 200, 90), str(c.id), str(c.chief))
        self.court_cum = list(_cumulative([c.weight for c in self.courts]))
        self.city_basics: dict[str, list] = {}
        for c in self.courts:
            if c.level == "basic":
                self.city_basics.setdefault(c.city_code, []).append(c)
        self.intermediates = [c for c in self.courts if c.level == "intermediate"]

    # --- parties ---------------------------------------------------------------------------------------
    def new_person(self, court, day: int, minute: int) -> tuple[int, str, str]:
        from bench.people import mobile, resident_id

        rng = self.rng
        self.person_serial += 1
        pid = self.next_id("cases_party")
        number, key, name, _male, _born = resident_id(self.person_ids, self.person_serial, court.area_code, rng)
        ts = self.D.ts(day, minute)
        from bench.province import CITIES

        city = CITIES[court.city_code][0]
        address = f"河北省{city}{court.region}{rng.choice(ROADS)}{rng.randint(1, 400)}号" if court.level == "basic" \
            else f"河北省{city}{rng.choice(ROADS)}{rng.randint(1, 400)}号"
        if rng.random() < 0.004:
            self.emit("cases_party", str(pid), "person", name, "none", "", "", "被执行人下落不明，身份证号码不详", "", address, "",
                      ts, ts)
        else:
            self.emit("cases_party", str(pid), "person", name, "resident_id", number, key, "", mobile(rng), address, "", ts, ts)
        return pid, name, "person"

    def new_org(self, court, day: int, minute: int, *, kind: str = "organisation", name: str | None = None,
                industry: str | None = None) -> tuple[int, str, str]:
        from bench.people import company_name, credit_code, mobile, person_name
        from bench.province import CITIES

        rng = self.rng
        self.org_serial += 1
        pid = self.next_id("cases_party")
        place = court.region[:-1] if court.level == "basic" and len(court.region) > 2 else CITIES[court.city_code][0][:-1]
        if name is None:
            name, _industry = company_name(rng, place, industry)
        prefix = {"organisation": "91", "shop": "92", "state_organ": "11"}[kind]
        code = credit_code(prefix, court.area_code, self.org_serial, self.salt)
        ts = self.D.ts(day, minute)
        rep = person_name(rng, rng.randint(1955, 1990), rng.random() < 0.8)
        city = CITIES[court.city_code][0]
        self.emit("cases_party", str(pid), "state_organ" if kind == "state_organ" else "organisation", name, "credit_code",
                  code, "uscc:" + code, "", mobile(rng), f"河北省{city}{place}{rng.choice(ROADS)}{rng.randint(1, 400)}号", rep,
                  ts, ts)
        return pid, name, "state_organ" if kind == "state_organ" else "organisation"

    def party_of(self, spec: str, court, day: int, minute: int, role: str):
        """A party for ``spec`` (person, company[:industry], bank, card, insurer, shop), reusing records:
        repeat debtors across the city's courts, the banks of a county, the card centres of the province."""
        rng = self.rng
        from courts.demo_data import BANKS, CARD_CENTRES, INSURERS, RURAL_BANK, SHOP_KINDS

        choice = rng.choice(spec.split("|"))
        kind, _, industry = choice.partition(":")
        city = court.city_code
        if role == "respondent":
            pool = self.city_respondents.setdefault(city, [])
            if pool and rng.random() < 0.2:
                return pool[int(len(pool) * rng.random() ** 3)]
        if kind == "bank":
            banks = self.court_banks.get(court.index)
            if banks is None:
                place = court.short_name[:-2] if court.level == "basic" else court.region[:-1]
                names = [b.format(place=place) for b in BANKS] + [RURAL_BANK.format(short=place)]
                banks = self.court_banks[court.index] = [self.new_org(court, day, minute, name=n) for n in names]
            return rng.choice(banks)
        if kind in ("card", "insurer"):
            key = kind if kind == "card" else f"insurer{city}"
            shared = self.shared.get(key)
            if shared is None:
                from bench.province import CITIES

                names = CARD_CENTRES if kind == "card" else [i.format(city=CITIES[city][0]) for i in INSURERS]
                shared = self.shared[key] = [self.new_org(court, day, minute, name=n) for n in names]
            return rng.choice(shared)
        if kind == "company" and role == "applicant":
            pool = self.city_companies.setdefault(city, [])
            if pool and rng.random() < 0.35:
                return pool[int(len(pool) * rng.random() ** 2)]
            party = self.new_org(court, day, minute, industry=industry or None)
            pool.append(party)
            return party
        if kind == "company":
            party = self.new_org(court, day, minute, industry=industry or None)
        elif kind == "shop":
            from bench.people import person_name

            owner = person_name(rng, rng.randint(1960, 1995), True)
            place = court.region[:-1] if len(court.region) > 2 else court.region
            party = self.new_org(court, day, minute, kind="shop", name=f"{place}{owner}{rng.choice(SHOP_KINDS)}")
        else:
            party = self.new_person(court, day, minute)
        if role == "respondent" and rng.random() < 0.15:
            self.city_respondents[city].append(party)
        return party

    def state_organ(self, court, day: int, minute: int):
        towns = ["城关镇", "东关镇", "西城镇", "南关乡", "北旺乡", "新兴镇"]
        place = court.region if court.level == "basic" else court.region
        return self.new_org(court, day, minute, kind="state_organ", name=f"{place}{self.rng.choice(towns)}人民政府")

    # --- the day loop ---------------------------------------------------------------------------------------
    def run(self) -> None:
        t0 = time.monotonic()
        self.build_courts()
        self.log(f"  courts, teams and staff: {len(self.courts)} courts, {self.ids['courts_user']} users "
                 f"({time.monotonic() - t0:.1f} s)")
        days = list(range(self.start, self.as_of + 1))
        weights = [self.day_weight(d) for d in days]
        total = sum(weights)
        quotas = [w * self.n_cases / total for w in weights]
        counts = [int(q) for q in quotas]
        rest = self.n_cases - sum(counts)
        for i in sorted(range(len(days)), key=lambda i: quotas[i] - counts[i], reverse=True)[:rest]:
            counts[i] += 1
        debt = 0
        t1 = time.monotonic()
        report_every = max(1, len(days) // 10)
        for i, day in enumerate(days):
            arrivals = []
            while self.arrivals and self.arrivals[0][0] <= day:
                arrivals.append(heapq.heappop(self.arrivals)[2])
            for payload in arrivals:
                self.case(day, payload["court"], payload)
            base = counts[i] - len(arrivals) - debt
            debt = max(0, -base)
            rng = self.rng
            for _ in range(max(0, base)):
                court = self.courts[_bisect(self.court_cum, rng.random() * self.court_cum[-1])]
                self.case(day, court, None)
            if (i + 1) % report_every == 0:
                self.log(f"  simulated to {dt.date.fromordinal(day)}: {self.ids['cases_enforcementcase']:,} cases, "
                         f"{self.ids['cases_caseevent']:,} events ({time.monotonic() - t1:.0f} s)")
        for (court_id, year, type_code), last in sorted(self.counters.items()):
            self.emit("cases_casenumbercounter", str(self.next_id("cases_casenumbercounter")), str(year), type_code,
                      str(last), str(court_id))

    @staticmethod
    def day_weight(ordinal: int) -> float:
        day = dt.date.fromordinal(ordinal)
        month = (1.05, 0.6, 1.1, 1.05, 1.0, 1.05, 1.0, 0.95, 1.0, 0.8, 1.05, 1.1)[day.month - 1]
        weekday = (1, 1, 1, 1, 1, 0.04, 0.02)[day.weekday()]
        return month * weekday * 1.07 ** ((ordinal - 730_000) / 365)

    # --- one case --------------------------------------------------------------------------------------
    def case(self, f: int, court, arrival: dict | None) -> None:  # noqa: C901 — one case's life, step by step
        rng, D = self.rng, self.D
        cid = self.next_id("cases_enforcementcase")
        minute = self.minute()
        type_code = "执"
        origin_id = None
        if arrival is not None:
            type_code = arrival["type"]
            origin_id = arrival["origin"]
        elif rng.random() < 0.04:
            type_code = "执保"
        year = dt.date.fromordinal(f).year
        key = (court.id, year, type_code)
        seq = self.counters.get(key, 0) + 1
        self.counters[key] = seq
        number = f"（{year}）冀{court.code}{type_code}{seq}号"
        clerk = rng.choice(court.clerks)
        created = D.ts(f, minute)

        # cause, amount, parties, basis
        if arrival is not None:
            cause, target, parties, basis_id = arrival["cause"], arrival["target"], arrival["parties"], arrival["basis"]
            profile = self.profiles.get(cause, self.profiles["other_contract"])
        else:
            cause = self.causes[_bisect(self.cause_cum, rng.random() * self.cause_cum[-1])]
            profile = self.profiles[cause]
            amount = rng.lognormvariate(math.log(profile["median"]), profile["sigma"])
            amount = min(max(amount, 2_000), 5_000_000 if rng.random() > 0.001 else 60_000_000)
            step = profile.get("round") or 0
            target = int(round(amount / step) * step * 100) if step else int(amount * 100)
            parties = self.parties_for(profile, court, f, minute)
            basis_id = self.basis(court, f, cause, profile, target, parties)
        applicants = [p for p in parties if p[1] == "applicant"]
        respondents = [p for p in parties if p[1] == "respondent"]
        special = any(p[3] == "state_organ" for p in respondents)
        interference = rng.random() < (0.3 if special else 0.01)
        livelihood = cause in LIVELIHOOD
        for position, (pid, role, _name, _kind, claim) in enumerate(parties, start=1):
            self.emit("cases_caseparty", str(self.next_id("cases_caseparty")), role, str(position), NULL, "", str(cid), str(pid),
                      NULL if claim is None else money(claim), "wage" if claim is not None and cause == "labour_remuneration"
                      else "ordinary")

        # routing
        team_id, team_judges = rng.choice([t for t in court.teams for _ in t[1]])
        handler = rng.choice(team_judges)
        held = {handler}
        held_teams = {team_id}
        events: list[tuple] = []  # (day, minute, kind, description, reason, substantive, data, actor)
        ev = events.append
        ev((f, minute, "registered", f"立案：{number}", "", False,
            {"target_amount": money(target), "basis": ""}, clerk))
        ev((f, minute, "assigned", f"分配给{self.user_names[handler]}（{TEAM_NAMES[court.teams.index((team_id, team_judges))]}）："
            "未结案件最少", "", False, {"rule": "fewest open cases per judge: team, then judge"}, clerk))
        assignments = [[f, minute, None, "routing", "自动分案", team_id, handler, clerk]]

        # fate
        heavy = arrival is None and f < self.as_of - 500 and rng.random() < self.heavy_share
        u = rng.random()
        if heavy:
            fate, duration = "long", 10_000
        elif u < 0.05 and arrival is None:
            fate = rng.choice(("withdrawn", "withdrawn", "rejected", "not_enforced"))
            duration = rng.randint(3, 45)
        elif u < 0.38 or (arrival is not None and u < 0.6):
            fate, duration = "performed", int(min(1500, 5 + rng.lognormvariate(math.log(65), 0.9)))
        elif u < 0.70 or arrival is not None:
            fate, duration = "terminated_round", int(min(1500, 92 + rng.lognormvariate(math.log(45), 0.8)))
        elif u < 0.74:
            fate, duration = "terminated", int(min(1500, 20 + rng.lognormvariate(math.log(150), 0.7)))
        else:
            fate, duration = "long", int(rng.lognormvariate(math.log(800), 0.7))
        if fate == "long" and not heavy:
            fate_long = "performed" if rng.random() < 0.4 else "terminated_round"
        else:
            fate_long = "terminated_round"
        close = f + duration
        early = fate in ("withdrawn", "rejected", "not_enforced")
        closure = fate if fate != "long" else fate_long
        d_start = None if early else f + rng.randint(1, 6)

        payments: list[list] = []  # [day, cents, source, control index or None]
        controls: list[dict] = []
        pauses: list[tuple[int, int, str]] = []
        subst: list[int] = []
        settlement = None
        found: dict[str, int] = {}
        if not early:
            close = max(close, d_start + 2)
            q_day = d_start + rng.randint(0, 6)
            # voluntary performance soon after the notice often comes before any query
            queried = not (closure == "performed" and duration < 35 and rng.random() < 0.5)
            assets_p = {"performed": 0.7, "terminated_round": 0.35, "terminated": 0.2}.get(closure, 0.35)
            if closure == "performed" and fate == "long":
                assets_p = 0.5
            if arrival is not None:
                assets_p = 0.6  # the receiving court is chosen where the assets or the respondent are
            if queried and rng.random() < assets_p:
                if closure == "terminated_round" and arrival is None:
                    # a small balance frozen and deducted, nothing else: the usual 终本 file
                    found["deposit"] = max(int(target * rng.uniform(0.01, 0.15)), 10_000)
                else:
                    for cat in ("deposit", "real_estate", "vehicle"):
                        if rng.random() < {"deposit": 0.7, "real_estate": 0.25, "vehicle": 0.25}[cat]:
                            value = int(target * rng.uniform(0.05, 1.6))
                            found[cat] = max(value - value % 100, 10_000)
                    if not found:
                        found["deposit"] = max(int(target * rng.uniform(0.1, 1.0)), 10_000)
            for cat, value in found.items():
                c_day = q_day + rng.randint(0, 20)
                if c_day >= close:
                    continue
                kind = {"deposit": "freeze_deposit", "real_estate": "seal_real_estate", "vehicle": "seal_movable"}[cat]
                controls.append({"kind": kind, "day": c_day, "amount": value, "deducted": 0, "status": "in_force",
                                 "disposal": ""})
                subst.append(c_day)
            first_money = min([c["day"] for c in controls], default=q_day) + rng.randint(3, 40)
            # settlement (performed by instalments) or a suspension
            if closure == "performed" and fate != "long" and rng.random() < 0.12:
                s_day = q_day + rng.randint(10, 60)
                n = rng.randint(2, 6)
                agreed = target - sum(p[1] for p in payments)
                settlement = {"day": s_day, "n": n, "agreed": agreed, "dues": [s_day + 30 * (k + 1) for k in range(n)]}
                close = settlement["dues"][-1] + rng.randint(3, 20) if fate != "long" else close
                subst.append(s_day)
                pauses.append((s_day, close, "settled"))
            elif rng.random() < 0.05:
                s1 = d_start + rng.randint(15, 200)
                s2 = s1 + rng.randint(30, 500)
                if s1 < close:
                    if s2 >= close and close <= self.as_of:
                        s2 = close - 1
                    if s2 > s1:
                        pauses.append((s1, s2, "suspended"))
            # money
            if settlement is not None:
                per = settlement["agreed"] // settlement["n"]
                for k, due in enumerate(settlement["dues"]):
                    amount = per if k < settlement["n"] - 1 else settlement["agreed"] - per * (settlement["n"] - 1)
                    payments.append([due - rng.randint(0, 3), amount, "debtor", None])
            else:
                share = {"performed": 1.0}.get(closure, 0.0)
                if closure == "terminated_round":
                    if "deposit" in found:
                        share = min(1.0, found["deposit"] / max(target, 1))  # the frozen balance, deducted
                    elif rng.random() < 0.1:
                        share = rng.uniform(0.05, 0.3)
                elif closure == "terminated" and rng.random() < 0.1:
                    share = rng.uniform(0.05, 0.5)
                if fate == "long" and rng.random() < 0.8:
                    share = rng.uniform(0.05, 0.7)
                if heavy:
                    share = rng.uniform(0.3, 0.8)
                if close > self.as_of and share == 1.0:
                    # an open case is paid in part so far (or not at all)
                    share = rng.uniform(0.1, 0.9) if rng.random() < 0.45 else 0.0
                recovered = int(target * share)
                if recovered > 0:
                    n = 1 if rng.random() < 0.7 else rng.randint(2, 3)
                    if fate == "long":
                        # periodic deductions (wages, pension) or instalments: progress every few months
                        n = max(2, min(6, (min(close, self.as_of) - f) // rng.randint(90, 180)))
                    if heavy:
                        n = rng.randint(20, 40)
                    last = min(close, self.as_of + 1) - 1
                    first = min(first_money, last)
                    days = sorted(rng.randint(first, last) for _ in range(n))
                    per = recovered // n
                    deposit = next((i for i, c in enumerate(controls) if c["kind"] == "freeze_deposit"), None)
                    estate = next((i for i, c in enumerate(controls) if c["kind"] == "seal_real_estate"), None)
                    for k, day in enumerate(days):
                        amount = per if k < n - 1 else recovered - per * (n - 1)
                        if amount <= 0:
                            continue
                        source, control = "debtor", None
                        if k == 0 and deposit is not None and controls[deposit]["day"] <= day:
                            c = controls[deposit]
                            take = min(amount, c["amount"] - c["deducted"])
                            if take > 0:
                                c["deducted"] += take
                                if c["deducted"] >= c["amount"]:
                                    c["status"], c["disposal"], c["end"] = "disposed", "deduction", day
                                payments.append([day, take, "deduction", deposit])
                                amount -= take
                        elif k == n - 1 and estate is not None and controls[estate]["day"] < day:
                            c = controls[estate]
                            c["status"], c["disposal"], c["end"], c["sold"] = "disposed", "auction", day, amount
                            source, control = "auction", estate
                        if amount > 0:
                            payments.append([day, amount, source, control])
            for p in payments:
                subst.append(p[0])

        # the escalation ladder, day by day up to the sweep before --as-of
        end = min(close, self.as_of + 1)
        lim = (court.policy_level0_days or 90, 60, 60)
        level, clock_from, paused_since = 0, f, None
        moments = sorted([(d, 0, None) for d in subst if d < end]
                         + [(a, 1, None) for a, _b, _k in pauses if a < end]
                         + [(b, 2, None) for _a, b, _k in pauses if b < end])
        steps = []
        requests = []
        transfer = None
        i = 0
        direct = special or interference
        while not early:
            due = clock_from + lim[level] if level < 3 and paused_since is None else None
            nxt = moments[i][0] if i < len(moments) else None
            if due is not None and due <= self.last_sweep and due < end and (nxt is None or due <= nxt):
                old_team, old_handler = team_id, handler
                level_from = level
                rule = None
                if direct:
                    rule = "direct_upper"
                if rule is None and level == 0:
                    others = [j for j in dict(court.teams)[team_id] if j not in held]
                    if others:
                        rule, handler, level = "team_handoff", rng.choice(others), 1
                if rule is None and level <= 1:
                    teams = [t for t in court.teams if t[0] not in held_teams and any(j not in held for j in t[1])]
                    if teams:
                        team_id, judges = rng.choice(teams)
                        rule, handler, level = "other_team", rng.choice([j for j in judges if j not in held]), 2
                if rule is None:
                    rule = "upper_court"
                if rule in ("upper_court", "direct_upper"):
                    if court.parent is None:
                        rule = "no_upper_court"
                    else:
                        level = 3
                held.add(handler)
                held_teams.add(team_id)
                steps.append((due, level_from, level, rule, lim[level_from], old_team, old_handler, team_id, handler))
                if rule in ("team_handoff", "other_team"):
                    assignments.append([due, SWEEP_MINUTE, None, "escalation", "交叉执行", team_id, handler, None])
                clock_from = due
                if level == 3:
                    upper = self.courts[court.parent]
                    decided = due + rng.randint(7, 75)
                    request = {"day": due, "upper": upper, "status": "pending", "decided": None}
                    requests.append(request)
                    if decided < end and decided <= self.as_of:
                        r = rng.random()
                        request["decided"] = decided
                        if r < 0.7:
                            request["status"] = "rejected"
                            level, clock_from = 2, decided
                            steps.append((decided, 3, 2, "rejected_back", None, team_id, handler, team_id, handler))
                            if rng.random() < 0.8:
                                # sent back with the upper court's instructions, the court acts: a freeze
                                act = decided + rng.randint(15, 45)
                                if act < end:
                                    controls.append({"kind": "freeze_deposit", "day": act, "deducted": 0, "status": "in_force",
                                                     "amount": max(int(target * rng.uniform(0.01, 0.1)), 10_000),
                                                     "disposal": ""})
                                    bisect.insort(moments, (act, 0, None), lo=i)
                        else:
                            if r < 0.9 and court.level == "basic":
                                target_court = rng.choice([b for b in self.city_basics[court.city_code] if b is not court]
                                                          or [upper])
                            elif r < 0.9 and court.level == "intermediate":
                                target_court = rng.choice([c for c in self.intermediates if c is not court])
                            else:
                                target_court = upper
                            request["status"] = "elevated" if target_court is upper else "designated"
                            request["target"] = target_court
                            transfer = decided
                            break
                continue
            if nxt is None or nxt >= end:
                break
            day, what, _x = moments[i]
            i += 1
            if what == 0:
                if day > clock_from:
                    clock_from = day
            elif what == 1:
                if paused_since is None:
                    paused_since = day
            else:
                if paused_since is not None:
                    start = max(paused_since, clock_from)
                    if day > start:
                        clock_from += day - start
                    paused_since = None

        if transfer is not None:
            close, closure, fate = transfer, "transferred", "transferred"
            payments = [p for p in payments if p[0] < close]
            controls = [c for c in controls if c["day"] < close]
            for c in controls:
                if c.get("end") is not None and c["end"] >= close:
                    c["status"], c["disposal"], c["end"], c["deducted"] = "in_force", "", None, 0
            pauses = [(a, min(b, close - 1), k) for a, b, k in pauses if a < close and min(b, close - 1) > a]
            if settlement is not None and settlement["day"] >= close:
                settlement = None
        is_open = close > self.as_of
        status = "closed" if not is_open else ("registered" if d_start is None or d_start > self.as_of else "in_progress")
        suspended_days = 0
        suspended_since = None
        for a, b, k in pauses:
            if k == "suspended":
                if b <= self.as_of:
                    suspended_days += b - a
                    ev((a, self.minute(), "status_changed", "状态：执行中 → 中止执行", rng.choice(SUSPEND_REASONS), False,
                        {"transition": "suspend", "from": "in_progress", "to": "suspended", "closure_type": ""}, handler))
                    ev((b, self.minute(), "status_changed", "状态：中止执行 → 执行中", rng.choice(RESUME_REASONS), False,
                        {"transition": "resume", "from": "suspended", "to": "in_progress", "closure_type": ""}, handler))
                elif a <= self.as_of:
                    status = "suspended" if is_open else status
                    suspended_since = a
                    ev((a, self.minute(), "status_changed", "状态：执行中 → 中止执行", rng.choice(SUSPEND_REASONS), False,
                        {"transition": "suspend", "from": "in_progress", "to": "suspended", "closure_type": ""}, handler))
            elif a <= self.as_of and is_open and b > self.as_of:
                status = "settled"
        # the escalation clock at --as-of (cases.clock's rule)
        if is_open and not early:
            if paused_since is None and status in ("suspended", "settled"):
                paused_since = max(a for a, _b, _k in pauses if a <= self.as_of)
            due_on = clock_from + lim[level] if level < 3 and status in ("registered", "in_progress") else None
            clock_paused = paused_since if status in ("suspended", "settled") else None
        else:
            due_on, clock_paused = None, None
            if early:
                clock_from = f
        limit_on = _statutory(f, suspended_days)

        # rows of the dossier, keeping only what happened by --as-of
        horizon = min(close, self.as_of + 1)  # things on the closing day happen before closing
        respondent = respondents[0][0] if respondents else NULL
        r_name = respondents[0][2] if respondents else ""
        a_name = applicants[0][2] if applicants else ""
        payee = str(applicants[0][0]) if applicants else NULL
        if d_start is not None and d_start < horizon:
            ev((d_start, self.minute(), "status_changed", "状态：已立案 → 执行中", "", False,
                {"transition": "start", "from": "registered", "to": "in_progress", "closure_type": ""}, handler))
            n_day = min(d_start + rng.randint(0, 3), horizon - 1)
            for kind, text in (("enforcement_notice", f"向被执行人{r_name}直接送达执行通知书，责令其自觉履行生效法律文书确定的义务"),
                               ("asset_report_order", f"向被执行人{r_name}直接送达报告财产令，责令其限期如实报告财产情况")):
                sid = self.next_id("cases_procedurestep")
                self.emit("cases_procedurestep", str(sid), kind, D.d(n_day), text, "", D.ts(n_day, 600), str(cid), str(handler))
                ev((n_day, 600, "procedure", {"enforcement_notice": "送达执行通知书",
                                              "asset_report_order": "送达报告财产令"}[kind], "", False, {"step": sid}, handler))
            if queried and q_day < horizon:
                for cat in MANDATORY:
                    value = found.get(cat)
                    iid = self.next_id("cases_investigation")
                    result = "found" if value else "none"
                    details = (f"经网络查控系统查询，发现被执行人名下{QUERY_LABEL[cat]}，价值约¥{yuan(value)}" if value
                               else QUERY_NONE[cat])
                    self.emit("cases_investigation", str(iid), cat, "mandatory", D.d(q_day), result, details,
                              money(value) if value and cat == "deposit" else NULL, D.ts(q_day, 660), str(cid), str(handler),
                              str(respondent))
                    ev((q_day, 660, "investigation", f"{QUERY_LABEL[cat]}：{'查有财产' if value else '未查到财产'}", "", False,
                        {"investigation": iid}, handler))
            # coercive measures
            if respondents and (closure == "terminated_round" or (is_open and f < self.as_of - 40 and rng.random() < 0.7)
                                or rng.random() < 0.25):
                m_day = n_day + rng.randint(8, 30)
                if m_day < horizon:
                    lifted = close if closure == "performed" and close <= self.as_of else None
                    self.emit("cases_coercivemeasure", str(self.next_id("cases_coercivemeasure")), "consumption_restriction",
                              D.d(m_day), NULL, NULL, "被执行人未按执行通知书指定的期间履行生效法律文书确定的给付义务",
                              D.d(lifted), "义务已履行完毕，信用修复" if lifted else "", D.ts(m_day, 700), str(cid), str(handler),
                              str(respondent))
                    ev((m_day, 700, "measure", f"限制消费令：{r_name}", "", False, {"measure": "consumption_restriction"},
                        handler))
                    if closure == "terminated_round" and rng.random() < 0.45 and m_day + 10 < horizon:
                        b_day = m_day + rng.randint(1, 10)
                        self.emit("cases_coercivemeasure", str(self.next_id("cases_coercivemeasure")), "blacklist", D.d(b_day),
                                  D.d(b_day + 729), NULL, "有履行能力而拒不履行生效法律文书确定的义务", NULL, "",
                                  D.ts(b_day, 700), str(cid), str(handler), str(respondent))
                        ev((b_day, 700, "measure", f"失信被执行人名单：{r_name}", "", False, {"measure": "blacklist"}, handler))
            if closure == "terminated_round" and close <= self.as_of:
                for cat in ("social_insurance", "household"):
                    y_day = min(q_day + rng.randint(5, 40), close - 1)
                    iid = self.next_id("cases_investigation")
                    text = CHECK_NONE[cat][0].replace("{address}", "户籍所在地")
                    self.emit("cases_investigation", str(iid), cat, "extended", D.d(y_day), "none", text, NULL,
                              D.ts(y_day, 900), str(cid), str(handler), str(respondent))
                    ev((y_day, 900, "investigation", f"{'社保及养老金' if cat == 'social_insurance' else '户籍'}：未查到财产", "",
                        False, {"investigation": iid}, handler))
                i_day = close - rng.randint(1, 10)
                self.emit("cases_procedurestep", str(self.next_id("cases_procedurestep")), "applicant_informed", D.d(i_day),
                          INFORMED, rng.choice(OPINIONS), D.ts(i_day, 620), str(cid), str(handler))
                ev((i_day, 620, "procedure", "约谈申请执行人并告知", "", False, {"step": "applicant_informed"}, handler))
        control_ids: dict[int, int] = {}
        found_cash = 0
        for index, c in enumerate(controls):
            if c["day"] >= horizon:
                continue
            kid = control_ids[index] = self.next_id("cases_controlaction")
            start = c["day"]
            years = {"freeze_deposit": 1, "seal_real_estate": 3, "seal_movable": 2}[c["kind"]]
            expires = _term_end(start, years)
            status_c, ended, reason = c["status"], c.get("end"), ""
            if status_c == "disposed":
                reason = "扣划完毕" if c["disposal"] == "deduction" else "网络司法拍卖成交"
            elif closure == "performed" and close <= self.as_of:
                status_c, ended, reason = "released", close, "义务已履行完毕，解除查封（冻结）"
            if ended is not None and ended > self.as_of:
                status_c, ended, reason = "in_force", None, ""
            asset = {"freeze_deposit": f"{rng.choice(BANK_NAMES)}账户{rng.randrange(10**15):015d}",
                     "seal_real_estate": f"{court.region}{rng.choice(ROADS)}{rng.randint(1, 99)}号院{rng.randint(1, 30)}号楼"
                                         f"{rng.randint(1, 6)}单元{rng.randint(101, 2602)}室",
                     "seal_movable": f"{rng.choice(PLATES)}{rng.randrange(10**5):05d} 小型轿车"}[c["kind"]]
            if c["kind"] == "freeze_deposit":
                found_cash += c["amount"]
            self.emit("cases_controlaction", str(kid), c["kind"], asset, money(c["amount"]), money(c["deducted"]), D.d(start),
                      D.d(expires), "f", "", status_c, D.d(ended), reason,
                      c["disposal"] if status_c == "disposed" else "",
                      money(c["sold"]) if status_c == "disposed" and c.get("sold") else NULL, D.ts(start, 800), str(cid),
                      str(handler), str(respondent))
            label = {"freeze_deposit": "冻结银行存款", "seal_real_estate": "查封不动产", "seal_movable": "查封、扣押动产"}[c["kind"]]
            ev((start, 800, "control", f"{label}：{asset}，¥{yuan(c['amount'])}", "", True, {"control": kid}, handler))
        # settlement
        if settlement is not None and settlement["day"] < horizon:
            sid = self.next_id("cases_settlement")
            done = close <= self.as_of
            self.emit("cases_settlement", str(sid), D.d(settlement["day"]), money(settlement["agreed"]), "0.00", "t",
                      f"被执行人分{settlement['n']}期给付¥{yuan(settlement['agreed'])}", "performed" if done else "performing",
                      D.d(close) if done else NULL, "和解协议已履行完毕" if done else "", D.ts(settlement["day"], 630), str(cid),
                      str(handler))
            per = settlement["agreed"] // settlement["n"]
            for k, due in enumerate(settlement["dues"]):
                amount = per if k < settlement["n"] - 1 else settlement["agreed"] - per * (settlement["n"] - 1)
                paid = payments[k][0] <= self.as_of if k < len(payments) else False
                self.emit("cases_instalment", str(self.next_id("cases_instalment")), str(k + 1), D.d(due), money(amount),
                          money(amount) if paid else "0.00", D.d(payments[k][0]) if paid else NULL, str(sid))
            ev((settlement["day"], 630, "settlement", f"达成执行和解：¥{yuan(settlement['agreed'])}，分{settlement['n']}期履行",
                "", True, {"action": "agreed", "settlement": sid}, handler))
            if not done and status == "in_progress":
                status = "settled"
        # money: payments in, disbursements out (first in, first out)
        recovered = disbursed = 0
        held_since = None
        for day, amount, source, control in payments:
            if day > self.as_of or day >= close:
                continue
            pid_ = self.next_id("cases_payment")
            recovered += amount
            self.emit("cases_payment", str(pid_), money(amount), D.d(day), source, r_name if source == "debtor" else "",
                      "", D.ts(day, 720), str(cid), NULL if control is None else str(control_ids[control]), str(handler))
            ev((day, 720, "payment", f"收到执行款¥{yuan(amount)}（{PAYMENT_LABEL[source]}）", "", True,
                {"payment": pid_, "amount": money(amount)}, handler))
            out = day + rng.randint(3, 45)
            if close <= self.as_of:
                out = min(out, close)
            if out <= self.as_of:
                disbursed += amount
                self.emit("cases_disbursement", str(self.next_id("cases_disbursement")), "to_applicant", money(amount),
                          D.d(out), "执行款发放至申请执行人指定账户", D.ts(out, 930), str(cid), payee, str(handler))
                ev((out, 930, "disbursement", f"发放执行款¥{yuan(amount)}：{a_name}", "", False, {"amount": money(amount)},
                    handler))
            elif held_since is None:
                held_since = day
        # escalation steps, requests, assignments
        for s_day, lf, lt, rule, limit_days, o_team, o_handler, n_team, n_handler in steps:
            step_id = self.next_id("transfers_escalationstep")
            decision = esc(json.dumps({"limit_days": limit_days, "due_on": D.d(s_day)}, ensure_ascii=False))
            reason = f"{RULE_LABEL[rule]}：{limit_days}日无实质进展" if limit_days else RULE_LABEL[rule]
            self.emit("transfers_escalationstep", str(step_id), str(lf), str(lt), rule, NULL if limit_days is None else str(limit_days),
                      NULL if limit_days is None else str(limit_days), decision, reason, D.ts(s_day, SWEEP_MINUTE), NULL, str(cid),
                      str(court.id), str(n_handler), str(n_team), str(o_handler), str(o_team), NULL)
            text = (f"交叉执行，第{lf}级 → 第{lt}级：{limit_days}日无实质进展（期限{limit_days}日）" if limit_days
                    else f"上级法院驳回指定执行请求，退回第{lt}级")
            if rule in ("team_handoff", "other_team"):
                text += f"；由{self.user_names[o_handler]}移交{self.user_names[n_handler]}"
            ev((s_day, SWEEP_MINUTE, "escalated", text, reason, False, {"step": step_id, "rule": rule, "from": lf, "to": lt},
                None))
        new_case_request = None
        for request in requests:
            upper = request["upper"]
            ev((request["day"], SWEEP_MINUTE, "designation", f"请求{upper.name}指定执行（交叉执行）", "", False, {}, None))
            fields = ["ladder", "交叉执行：期限内无实质进展，请求上级法院提级执行或指定执行", D.ts(request["day"], SWEEP_MINUTE)]
            if request["status"] == "pending" or request["decided"] is None:
                self.emit("transfers_designationrequest", str(self.next_id("transfers_designationrequest")), *fields,
                          "pending", "", "", NULL, "[]", str(cid), NULL, str(court.id), NULL, NULL, NULL, NULL, str(upper.id))
            elif request["status"] == "rejected":
                self.emit("transfers_designationrequest", str(self.next_id("transfers_designationrequest")), *fields,
                          "rejected", "reject", "原审法院尚有执行条件，退回继续执行", D.ts(request["decided"], 660), "[]", str(cid),
                          str(upper.officers[0]), str(court.id), NULL, NULL, NULL, NULL, str(upper.id))
            else:
                new_case_request = (fields, request)
        # the closing events
        if close <= self.as_of:
            from_status = "registered" if early else ("suspended" if any(a < close <= b for a, b, _k in pauses) else "in_progress")
            if closure == "transferred":
                target_court = new_case_request[1]["target"]
                ev((close, 660, "closed", f"状态：{STATUS_LABEL[from_status]} → 已结案（{CLOSURE_LABEL[closure]}）",
                    f"{new_case_request[1]['upper'].name}决定由{target_court.name}执行", False,
                    {"transition": "close", "from": from_status, "to": "closed", "closure_type": closure}, None))
            else:
                ev((close, 960, "closed", f"状态：{STATUS_LABEL[from_status]} → 已结案（{CLOSURE_LABEL[closure]}）",
                    rng.choice(CLOSE_REASONS[closure]), True,
                    {"transition": "close", "from": from_status, "to": "closed", "closure_type": closure}, handler))
        archived = None
        if close <= self.as_of:
            archive_day = close + rng.randint(5, 50)
            if archive_day <= self.as_of and rng.random() < 0.95:
                archived = archive_day
                ev((archive_day, 990, "note", f"案卷已于{D.d(archive_day)}归档", "", False, {"archived_on": D.d(archive_day)},
                    handler))
        # notes: phone calls, visits, reviews (heavy cases: hundreds)
        span_end = min(close, self.as_of + 1)
        extra = 0 if early else (rng.randint(190, 380) if heavy else _poisson(rng, 0.1 + min(span_end - f, 900) / 2400))
        if span_end - 1 <= f:
            extra = 0  # filed on the last day: nothing more has happened yet
        for _ in range(extra):
            day = rng.randint(f + 1, span_end - 1)
            ev((day, self.minute(), "note", rng.choice(NOTES), "", False, {}, handler))

        # the case row (and its registration in the audit trail)
        last_progress = None
        events.sort(key=lambda e: (e[0], e[1]))
        for e in events:
            if e[5] and (last_progress is None or (e[0], e[1]) >= last_progress):
                last_progress = (e[0], e[1])
        held_amount = recovered - disbursed
        if is_open:
            closed_on = None
            closure_type = ""
        else:
            closed_on = close
            closure_type = closure
            if suspended_since is not None:
                suspended_since = None
        checklist = NULL
        if closure_type == "terminated_round":
            checklist = "t" if rng.random() < 0.92 else NULL
        last_event = events[-1]
        updated = D.ts(last_event[0], last_event[1])
        supervised = rng.random() < 0.005
        petitions = 0
        if rng.random() < 0.03 and span_end - 1 > f:
            # 信访: letters, visits, calls to 12368 about a case that drags on (reports.Petition)
            petitions = rng.randint(1, 6)
            for _ in range(petitions):
                day = rng.randint(f + 1, span_end - 1)
                replied = day + rng.randint(3, 20)
                answered = replied <= self.as_of
                self.emit("reports_petition", str(self.next_id("reports_petition")), D.ts(day, 600), D.d(day),
                          rng.choice(PETITION_CHANNELS), a_name or r_name, "applicant", rng.choice(PETITION_SUMMARIES),
                          "已电话答复申请执行人，告知执行进展及下一步措施" if answered else "", D.d(replied) if answered else NULL,
                          str(cid), str(clerk), str(handler) if answered else NULL)
        aid = rng.random() < 0.004
        self.emit("cases_enforcementcase", str(cid), number, str(year), type_code, str(seq), str(court.id), str(team_id),
                  str(handler), str(basis_id), cause, money(target), money(recovered),
                  "腾退房屋并交付申请执行人" if profile.get("non_monetary") else "", status, closure_type, D.d(f), D.d(closed_on),
                  D.d(archived), _b(livelihood), _b(special), _b(interference), _b(supervised), str(petitions), _b(aid),
                  NULL if origin_id is None else str(origin_id), str(clerk),
                  NULL if last_progress is None else D.ts(*last_progress), money(disbursed), money(held_amount),
                  D.d(held_since) if held_amount > 0 else NULL, money(found_cash),
                  D.d(suspended_since) if status == "suspended" else NULL, str(suspended_days), str(level),
                  D.d(clock_from), D.d(clock_paused), D.d(due_on), D.d(limit_on), checklist, created, updated)
        self.emit("cases_historicalenforcementcase", str(self.next_id("cases_historicalenforcementcase")), str(cid), number,
                  str(year), type_code, str(seq), cause, money(target), "0.00",
                  "腾退房屋并交付申请执行人" if profile.get("non_monetary") else "", "registered", "", D.d(f), _b(livelihood),
                  _b(special), _b(interference), "f", "0", "f", created, created, "立案", "+", str(basis_id), str(court.id),
                  str(clerk), NULL if origin_id is None else str(origin_id), str(clerk), "0.00", "0.00", "0.00", "0", "0")
        for e in events:
            self.emit("cases_caseevent", str(self.next_id("cases_caseevent")), e[2], D.ts(e[0], e[1]), e[3], e[4] or "",
                      "t" if e[5] else "f", _j(e[6]) if e[6] else "{}",
                      NULL if e[7] is None else str(e[7]), str(cid))
        for k, a in enumerate(assignments):
            ended = D.ts(assignments[k + 1][0], assignments[k + 1][1]) if k + 1 < len(assignments) else NULL
            self.emit("transfers_assignment", str(self.next_id("transfers_assignment")), a[3], a[4], "{}", D.ts(a[0], a[1]), ended,
                      NULL if a[7] is None else str(a[7]), str(cid), str(court.id), str(a[6]), str(a[5]))
        if heavy:
            self.heavy_cases.append(cid)
        self.stats[status] = self.stats.get(status, 0) + 1

        # what follows from this case: the receiving court's new case, a resumption of 终本
        base = {"cause": cause, "parties": parties, "basis": basis_id, "origin": cid}
        if closure == "transferred":
            fields, request = new_case_request
            self.arrive(close, {**base, "type": "执", "court": request["target"], "target": max(target - recovered, 100_000),
                                "request": (fields, request, court)})
        elif closure == "terminated_round" and rng.random() < 0.08:
            day = close + rng.randint(60, 900)
            if day <= self.as_of:
                self.arrive(day, {**base, "type": "执恢", "court": court, "target": max(target - recovered, 100_000)})
        if arrival is not None and arrival.get("request"):
            fields, request, from_court = arrival["request"]
            upper = request["upper"]
            target_team = str(team_id)
            self.emit("transfers_designationrequest", str(self.next_id("transfers_designationrequest")), *fields,
                      request["status"], "elevate" if request["status"] == "elevated" else "designate",
                      "为排除地方干扰，依法指定异地法院执行" if request["status"] == "designated" else "本院依法提级执行",
                      D.ts(request["decided"], 660), "[]", str(arrival["origin"]), str(upper.officers[0]), str(from_court.id),
                      str(cid), NULL, str(court.id), target_team, str(upper.id))

    def arrive(self, day: int, payload: dict) -> None:
        self.arrival_seq += 1
        heapq.heappush(self.arrivals, (day, self.arrival_seq, payload))

    def parties_for(self, profile: dict, court, f: int, minute: int) -> list[tuple]:
        """[(party id, role, name, kind, claim cents or None)] — applicants then respondents."""
        rng = self.rng
        out = []
        n_app = 1
        if profile["applicant"] == "person" and rng.random() < 0.12:
            n_app = rng.randint(2, 5)
        for _ in range(n_app):
            pid, name, kind = self.party_of(profile["applicant"], court, f, minute, "applicant")
            if any(p[0] == pid for p in out):
                continue
            out.append((pid, "applicant", name, kind, None))
        n_resp = 1
        if rng.random() < profile.get("second_respondent", 0.1):
            n_resp = 2 if rng.random() < 0.8 else 3
        for k in range(n_resp):
            spec = profile.get("second_kind", profile["respondent"]) if k == 1 and profile.get("second_kind") else profile["respondent"]
            if k == 0 and spec != "person" and rng.random() < 0.004:
                pid, name, kind = self.state_organ(court, f, minute)
            else:
                pid, name, kind = self.party_of(spec, court, f, minute, "respondent")
            if any(p[0] == pid for p in out):
                continue
            out.append((pid, "respondent", name, kind, None))
        if rng.random() < 0.02:
            pid, name, kind = self.party_of("company", court, f, minute, "third_party")
            out.append((pid, "third_party", name, kind, None))
        return out

    def basis(self, court, f: int, cause: str, profile: dict, target: int, parties: list) -> int:
        rng, D = self.rng, self.D
        bid = self.next_id("cases_basis")
        effective = f - rng.randint(20, 400)
        eff_year = dt.date.fromordinal(effective).year
        doc = profile.get("document")
        applicant = next(p[2] for p in parties if p[1] == "applicant")
        respondent = next(p[2] for p in parties if p[1] == "respondent")
        if doc == "arbitration":
            kind, issuer = "arbitration", f"{court.region[:2]}仲裁委员会"
            number = f"（{eff_year}）{court.region[:1]}仲裁字第{rng.randint(1, 3000)}号"
        elif doc == "notarized_debt":
            kind, issuer = "notarized_debt", f"河北省{court.region[:2]}公证处"
            number = f"（{eff_year}）冀证经字第{rng.randint(1, 5000)}号"
        else:
            r = rng.random()
            kind = "judgment" if r < 0.5 else "mediation" if r < 0.92 else "payment_order"
            issuer = court.name
            sort = {"judgment": "民初", "mediation": "民初", "payment_order": "民督"}[kind]
            number = f"（{eff_year}）冀{court.code}{sort}{rng.randint(1, 12000)}号"
        noun = profile.get("noun", "款项")
        text = f"被告{respondent}于本判决生效之日起十日内给付原告{applicant}{noun}{yuan(target)}元"
        self.emit("cases_basis", str(bid), number, kind, issuer, D.d(effective), D.d(effective + 10), money(target), text)
        return bid


# --- reference texts -------------------------------------------------------------------------------------
from courts.demo_data import CHECK_NONE, CLOSE_REASONS, QUERY_NONE, RESUME_REASONS, SUSPEND_REASONS  # noqa: E402

LIVELIHOOD = frozenset({"labour_remuneration", "labour_dispute", "labour_contract", "labour_service",
                        "service_provider_injury", "traffic_accident", "personal_injury", "medical_damage", "child_support",
                        "alimony_elderly", "maintenance"})
ROADS = ["建设大街", "人民路", "解放路", "兴华路", "府前街", "胜利街", "新华路", "育才路", "光明路", "迎宾路", "中山路", "文化路",
         "和平路", "振兴路", "工业路"]
BANK_NAMES = ["中国农业银行", "中国邮政储蓄银行", "中国建设银行", "中国工商银行", "中国银行", "河北农村商业银行"]
PLATES = ["冀A", "冀B", "冀C", "冀D", "冀E", "冀F", "冀G", "冀H", "冀J", "冀R", "冀T"]
PAYMENT_LABEL = {"debtor": "被执行人履行", "deduction": "冻结账户扣划", "auction": "拍卖价款"}
RULE_LABEL = {"team_handoff": "第1级：团队内交叉", "other_team": "第2级：团队间交叉", "upper_court": "第3级：请求上级法院指定执行",
              "direct_upper": "直接请求上级法院指定执行", "rejected_back": "上级法院驳回请求，退回第2级",
              "no_upper_court": "无上级法院可提请，重新计时"}
PETITION_CHANNELS = ["letter", "visit", "online", "hotline", "referred"]
PETITION_SUMMARIES = ["反映案件长期未执行到位，要求加大执行力度", "反映被执行人有财产而法院未采取措施",
                      "要求尽快发放执行款", "对承办人工作态度不满，要求更换承办人"]
INFORMED = "约谈申请执行人，告知案件执行情况、已采取的财产调查措施及终结本次执行程序的法律后果"
OPINIONS = ["同意终结本次执行程序，发现财产线索后将及时申请恢复执行", "对终结本次执行程序无异议"]
CLOSE_REASONS = {**CLOSE_REASONS, "terminated_round": ["经全面调查，被执行人暂无可供执行财产，终结本次执行程序"]}


def _j(data: dict) -> str:
    """JSON for the flat dicts of event data (no quotes or backslashes in the values): much faster than
    json.dumps over ten million rows."""
    return "{" + ", ".join(f'"{k}": {v}' if type(v) is int else f'"{k}": "{v}"' for k, v in data.items()) + "}"


def _cumulative(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def _bisect(cum: list[float], x: float) -> int:
    from bisect import bisect_right

    return min(bisect_right(cum, x), len(cum) - 1)


def _b(value: bool) -> str:
    return "t" if value else "f"


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


_statutory_cache: dict[tuple[int, int], int] = {}


def _statutory(filed: int, suspended_days: int) -> int:
    from cases.deadlines import statutory_deadline

    key = (filed, suspended_days)
    value = _statutory_cache.get(key)
    if value is None:
        value = _statutory_cache[key] = statutory_deadline(dt.date.fromordinal(filed), suspended_days=suspended_days).toordinal()
    return value


def _term_end(start: int, years: int) -> int:
    from cases.deadlines import term_end

    return term_end(dt.date.fromordinal(start), years=years).toordinal()


# --- database set-up and the command line ---------------------------------------------------------------------
def _admin_url(url: str) -> tuple[str, str]:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    return urlunparse(parts._replace(path="/postgres")), name


def create_database(url: str, *, drop: bool, log=print) -> None:
    import psycopg2

    admin, name = _admin_url(url)
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone():
                if not drop:
                    raise SystemExit(f"database {name} exists: pass --drop to replace it")
                log(f"  dropping database {name}")
                cur.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enforcement.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DB_CONN_MAX_AGE", "0")
    import django

    django.setup()


def generate(database_url: str, *, cases: int, seed: int = 1, as_of: dt.date | None = None,
             stream: bool | None = None, log=print) -> dict:
    """Load a province into ``database_url`` (migrated, with empty case tables). Returns what was loaded.
    Django must be set up (any database: the rows go through psycopg2 to ``database_url``)."""
    import psycopg2

    as_of = as_of or dt.date.today()
    stream = cases >= 100_000 if stream is None else stream
    conn = psycopg2.connect(database_url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT EXISTS (SELECT 1 FROM cases_enforcementcase) OR EXISTS (SELECT 1 FROM courts_court)")
            if cur.fetchone()[0]:
                raise SystemExit("the target database already holds courts or cases: generate into an empty one (--drop)")
    finally:
        conn.close()
    started = time.monotonic()
    sink = (StreamSink if stream else MemorySink)(database_url, COLUMNS)
    gen = Generator(cases=cases, seed=seed, as_of=as_of, sink=sink, log=log)
    gen.run()
    t_gen = time.monotonic() - started
    log(f"  generated in {t_gen:.1f} s; finishing the load")
    counts = sink.close(log=log)
    t_load = time.monotonic() - started
    meta = finish(database_url, gen, counts, seed=seed, as_of=as_of, log=log)
    meta["seconds"] = {"generate": round(t_gen, 1), "load": round(t_load, 1), "total": round(time.monotonic() - started, 1)}
    _store_meta(database_url, meta)
    return meta


def finish(url: str, gen: Generator, counts: dict[str, int], *, seed: int, as_of: dt.date, log=print) -> dict:
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    started = time.monotonic()
    try:
        with conn.cursor() as cur:
            for table in COLUMNS:
                pk = PK[table]
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), COALESCE(MAX({pk}), 1), "
                            f"MAX({pk}) IS NOT NULL) FROM {table}")
            cur.execute("ANALYZE")
    finally:
        conn.close()
    log(f"  sequences set, ANALYZE done in {time.monotonic() - started:.1f} s")
    return {"seed": seed, "cases": gen.ids["cases_enforcementcase"], "as_of": as_of.isoformat(), "rows": counts,
            "status": gen.stats, "heavy_cases": gen.heavy_cases[:50], "password": PASSWORD,
            "persons_next": gen.person_serial + 1}


def _store_meta(url: str, meta: dict) -> None:
    """The generation's parameters, as a comment on the database (read back by bench.run)."""
    import psycopg2

    _admin, name = _admin_url(url)
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f'COMMENT ON DATABASE "{name}" IS %s', [json.dumps(meta, ensure_ascii=False)])
    finally:
        conn.close()


def read_meta(url: str) -> dict:
    import psycopg2

    _admin, name = _admin_url(url)
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
            row = cur.fetchone()
    finally:
        conn.close()
    if not row or not row[0]:
        raise SystemExit(f"{name} was not made by bench.generate (no metadata comment): run python -m bench.generate first")
    return json.loads(row[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="postgres://user@host:port/name (created if missing)")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                        help="the last day simulated (default today): same seed and day → same database")
    parser.add_argument("--drop", action="store_true", help="drop the database first if it exists")
    parser.add_argument("--stream-from", type=int, default=100_000,
                        help="stream through parallel COPYs from this many cases on (else one in-memory transaction)")
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    print(f"» database {args.database_url}")
    create_database(args.database_url, drop=args.drop)
    setup_django(args.database_url)
    from django.core.management import call_command

    t1 = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"  migrated in {time.monotonic() - t1:.1f} s")
    print(f"» generating {args.cases:,} cases, seed {args.seed}")
    meta = generate(args.database_url, cases=args.cases, seed=args.seed, as_of=args.as_of,
                    stream=args.cases >= args.stream_from)
    rows = meta["rows"]
    width = max(len(t) for t in rows)
    for table in sorted(rows, key=lambda t: -rows[t]):
        print(f"  {table:<{width}} {rows[table]:>12,}")
    print(f"  cases by status at {meta['as_of']}: {meta['status']}")
    print(f"» done in {time.monotonic() - t0:.0f} s (generate {meta['seconds']['generate']} s, load "
          f"{meta['seconds']['load']} s); accounts' password: {PASSWORD}")


if __name__ == "__main__":
    main()
