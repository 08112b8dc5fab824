"""``manage.py seed_demo [--cases N] [--seed S]`` — the demo data set (DESIGN.md §2, §6–9).

Creates the Hebei court tree of ``courts.demo_data`` (石家庄中院 with all its basic courts, 保定中院
with some of its), enforcement teams and staff, one documented account per role, and N (default 300)
first-enforcement (执) cases, plus the 执恢 cases some of them were resumed as.

Every case's history since filing is told through the system's own services — registration, then
the dossier services (cases.dossier, cases.money, cases.closure) — each step inside
``cases.services.recorded_at`` at a plausible past time on a working day, so timelines, ledgers,
notifications and the audit trail are the system's own and carry the dates the steps happened on.
A story stops where it reaches today: a case filed last month is still being investigated. A case's
fate (paid after the notice, deposits deducted, 终本 after the full checklist, a flat auctioned in
the second round, a settlement by instalments …) is drawn by its age; a set of showcase stories is
dated back from today so that every alert shows (a control expiring within 30 days or expired, money
held over 30 days, a missed instalment, a 终本 case due for re-query …), most of them in the demo
judge's list (王志刚 at 赞皇). The summary printed at the end names those dossiers.

Everything is drawn from ``random.Random(seed)``: the same seed on an empty database on the same day
gives the same courts, people, numbers, amounts and histories (histories are dated back from today).

Idempotent: if the demo courts exist already, it says so and does nothing. The whole run is one
transaction, so an interrupted run leaves nothing behind.

Notifications to applicants are written to the outbox as the services do, but not handed to the
broker during seeding (a history's messages are not worth a broker round-trip each, and seeding must
work with no broker running): they stay pending, and the periodic resend job delivers them once a
worker with beat runs.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from stdnum.cn import ric, uscc

from cases import dossier, notifications
from cases import money as money_services
from cases.closure import TerminationFacts, case_close, case_resume_enforcement, requery_due_on
from cases.deadlines import add_months, add_years, statutory_deadline
from cases.identifiers import resident_id_key
from cases.models import (
    OPEN_STATUSES,
    AuctionResult,
    AuctionRound,
    CaseParty,
    CaseStatus,
    ClaimClass,
    ClosureType,
    CoerciveMeasure,
    ControlAction,
    ControlKind,
    ControlRenewal,
    ControlStatus,
    DisbursementKind,
    DistributionPlan,
    DocumentType,
    EnforcementCase,
    IdType,
    Investigation,
    InvestigationResult,
    Notification,
    NotificationStatus,
    Party,
    PartyKind,
    PartyRole,
    PaymentSource,
    ProcedureKind,
    ProcedureStep,
    Settlement,
    SettlementStatus,
    ValuationMethod,
)
from cases.services import (
    BasisInput,
    PartyInput,
    RegistrationInput,
    case_register,
    case_transition,
    recorded_at,
)
from courts import demo_data as D
from courts.models import Court, Role, Team, TeamMembership, TeamRole, User
from relief.demo import seed_relief
from reports.demo import hard_case_summary, seed_hard_cases
from reports.demo_dashboard import seed_archives
from tracking.demo import seed_tracking
from transfers.demo import seed_cross_execution

DEFAULT_SEED = 20261126
DEFAULT_CASES = 300
FIRST_FILING_DAY = dt.date(2024, 1, 2)
CENT = Decimal("0.01")

TEAM_NAMES = ["执行一团队", "执行二团队", "执行三团队", "执行四团队"]
NUMERALS = {10: "十", 15: "十五", 20: "二十", 30: "三十"}
# Causes whose basis may be an arbitration award, a payment order or a notarized debt document.
CONTRACT_CAUSES = {"private_lending", "sales_contract", "financial_loan", "construction_contract", "lease_contract",
                   "contract_for_work", "transport_contract", "other_contract", "guarantee_contract", "house_sale"}
LABOUR_CAUSES = {"labour_remuneration", "labour_service"}
INTEREST_CAUSES = {"private_lending", "financial_loan", "credit_card", "guarantee_contract", "notarized_debt",
                   "sales_contract", "construction_contract"}


# --- small helpers ----------------------------------------------------------------------------------
def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def court_fee(amount: Decimal) -> Decimal:
    """案件受理费 for a property case (诉讼费用交纳办法 art. 13), cumulative brackets."""
    brackets = [(10_000, None), (100_000, "0.025"), (200_000, "0.02"), (500_000, "0.015"), (1_000_000, "0.01"),
                (2_000_000, "0.009"), (5_000_000, "0.008"), (10_000_000, "0.007"), (20_000_000, "0.006")]
    fee, lower = Decimal("50"), Decimal("10000")
    for upper, rate in brackets[1:]:
        if amount <= lower:
            break
        fee += (min(amount, Decimal(upper)) - lower) * Decimal(rate)
        lower = Decimal(upper)
    return money(fee)


def org_code_check(body: str) -> str:
    """Check character of a 9-character organisation code (GB 11714)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch, 36) * w for ch, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


# --- parties -----------------------------------------------------------------------------------------
@dataclass
class PartySpec:
    """One real person or organisation of the demo world; the same spec → the same Party."""

    kind: str
    name: str
    id_type: str
    id_number: str
    phone: str = ""
    address: str = ""
    legal_representative: str = ""

    def as_input(self, role: str, *, id_number: str | None = None, liability_cap: Decimal | None = None) -> PartyInput:
        return PartyInput(
            role=role, kind=self.kind, name=self.name, id_type=self.id_type,
            id_number=id_number or self.id_number, phone=self.phone, address=self.address,
            legal_representative=self.legal_representative, liability_cap=liability_cap,
        )


class World:
    """Draws people, organisations and places from ``demo_data`` with one random generator."""

    def __init__(self, rng: random.Random, courts_by_key: dict[str, dict]) -> None:
        self.rng = rng
        self.info = courts_by_key
        self.basic_keys = [c["key"] for c in D.BASIC_COURTS]
        self.used_keys: set[str] = set()
        self.used_org_names: set[str] = set()
        self.cache: dict[str, PartySpec] = {}
        self._surnames = [s for s, _w in D.SURNAMES]
        self._surname_weights = [w for _s, w in D.SURNAMES]

    # places
    def city_of(self, key: str) -> dict:
        return self.info[self.info[key]["parent"]]

    def province_prefix(self, key: str) -> str:
        """河北省石家庄市赞皇县 — a county-level city is written without its prefecture."""
        county = self.info[key]["county"]
        if county.endswith("市"):
            return f"河北省{county}"
        return f"河北省{self.city_of(key)['city']}{county}"

    def region_code(self, key: str, issue_year: int | None = None) -> str:
        codes = self.info[key]["id_codes"]
        if issue_year is None:
            return codes[-1][2]
        for start, end, code in codes:
            if start <= issue_year <= end:
                return code
        return codes[-1][2]

    def home_court(self, key: str, *, stay: float = 0.85) -> str:
        """Where a party of a case at court ``key`` lives: mostly there, else nearby."""
        if self.rng.random() < stay:
            return key
        same_city = [k for k in self.basic_keys if self.info[k]["parent"] == self.info[key]["parent"]]
        pool = same_city if self.rng.random() < 0.8 else self.basic_keys
        return self.rng.choice(pool)

    def village(self) -> str:
        pattern = self.rng.choice(D.VILLAGE_PATTERNS)
        return pattern.format(s=self.rng.choices(self._surnames, self._surname_weights)[0],
                              d=self.rng.choice(D.DIRECTIONS))

    def home_address(self, key: str) -> str:
        rng = self.rng
        prefix = self.province_prefix(key)
        if key in D.ROADS:
            return (f"{prefix}{rng.choice(D.ROADS[key])}{rng.randint(1, 480)}号{rng.choice(D.COMPOUNDS)}"
                    f"{rng.randint(1, 28)}号楼{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室")
        towns = D.TOWNS[key]
        if rng.random() < 0.3:  # the county seat
            return f"{prefix}{towns[0]}{rng.choice(D.SEAT_ROADS)}{rng.randint(1, 260)}号"
        return f"{prefix}{rng.choice(towns)}{self.village()}{rng.randint(1, 320)}号"

    def business_address(self, key: str) -> str:
        rng = self.rng
        prefix = self.province_prefix(key)
        if key in D.ROADS:
            return f"{prefix}{rng.choice(D.ROADS[key])}{rng.randint(1, 600)}号"
        towns = D.TOWNS[key]
        town = towns[0] if rng.random() < 0.6 else rng.choice(towns)
        if rng.random() < 0.5:
            return f"{prefix}{town}{rng.choice(D.SEAT_ROADS)}{rng.randint(1, 400)}号"
        return f"{prefix}{town}{self.village()}{rng.randint(1, 120)}号"

    # people
    def mobile(self) -> str:
        return self.rng.choice(D.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def landline(self, key: str) -> str:
        area = self.city_of(key)["area_code"]
        return f"{area}-{self.rng.choice('68')}{self.rng.randrange(10**7):07d}"

    def full_name(self, gender: str, birth_year: int) -> str:
        generation = "old" if birth_year < 1965 else "mid" if birth_year < 1985 else "young"
        surname = self.rng.choices(self._surnames, self._surname_weights)[0]
        return surname + self.rng.choice(D.GIVEN_NAMES[generation][gender])

    def birth_date(self, first_year: int, last_year: int) -> dt.date:
        start = dt.date(first_year, 1, 1)
        return start + dt.timedelta(days=self.rng.randrange((dt.date(last_year, 12, 31) - start).days + 1))

    def resident_id(self, key: str, born: dt.date, gender: str, *, old: bool = False) -> str:
        """A valid ID of someone from ``key``: region code of the year the card was first issued,
        birth date, sequence (odd for men, even for women), check digit (18-digit form)."""
        region = self.region_code(key, max(born.year + 16, 1985))
        for _attempt in range(100):
            last = self.rng.choice("13579" if gender == "m" else "02468")
            seq = f"{self.rng.randrange(100):02d}{last}"
            if old:
                number = f"{region}{born:%y%m%d}{seq}"
            else:
                body = f"{region}{born:%Y%m%d}{seq}"
                number = body + ric.calc_check_digit(body + "0")
            key18 = resident_id_key(number)
            if key18 not in self.used_keys:
                self.used_keys.add(key18)
                return number
        raise RuntimeError("could not draw an unused resident ID")  # pragma: no cover

    def person(self, key: str, *, years: tuple[int, int] = (1950, 2000), old_id: bool = False,
               gender: str | None = None) -> PartySpec:
        home = self.home_court(key)
        gender = gender or self.rng.choice("mf")
        born = self.birth_date(*years)
        return PartySpec(
            kind=PartyKind.PERSON, name=self.full_name(gender, born.year), id_type=IdType.RESIDENT_ID,
            id_number=self.resident_id(home, born, gender, old=old_id), phone=self.mobile(),
            address=self.home_address(home),
        )

    # organisations
    def credit_code(self, prefix: str, region: str, *, modern: bool | None = None, government: bool = False) -> str:
        """A valid unified social credit code: registration authority + type, region, organisation
        code (with its own GB 11714 check), overall check character (GB 32100)."""
        letters = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        for _attempt in range(100):
            if government:
                body = "00" + f"{self.rng.randrange(10**6):06d}"
            elif modern or (modern is None and self.rng.random() < 0.6):
                body = "MA0" + "".join(self.rng.choice(letters) for _i in range(5))  # codes issued since 2015
            else:
                body = self.rng.choice("567") + f"{self.rng.randrange(10**7):07d}"
            number = prefix + region + body + org_code_check(body)
            number += uscc.calc_check_digit(number)
            if "uscc:" + number not in self.used_keys:
                self.used_keys.add("uscc:" + number)
                return number
        raise RuntimeError("could not draw an unused credit code")  # pragma: no cover

    def _unique_org_name(self, make) -> str:
        for _attempt in range(200):
            name = make()
            if name not in self.used_org_names:
                self.used_org_names.add(name)
                return name
        raise RuntimeError("could not draw an unused company name")  # pragma: no cover

    def company(self, key: str, industry: str | None = None) -> PartySpec:
        rng = self.rng
        home = self.home_court(key, stay=0.7)
        industry = industry or rng.choice(["construction", "trade", "trade", "logistics", "manufacturing",
                                           "building_materials", "agriculture", "service"])
        word = rng.choice(D.INDUSTRIES[industry])
        county = self.info[home]["county"]
        city_short = self.city_of(home)["city"].removesuffix("市")
        cooperative = word.endswith("合作社")

        def make() -> str:
            if cooperative:
                return f"{county}{rng.choice(D.TRADE_NAMES)}{word}"
            place = rng.choice([county, city_short, city_short, "河北"]) if home not in D.ROADS else \
                rng.choice([city_short, city_short, "河北"])
            return f"{place}{rng.choice(D.TRADE_NAMES)}{word}{rng.choice(['有限公司', '有限公司', '有限责任公司'])}"

        name = self._unique_org_name(make)
        return PartySpec(
            kind=PartyKind.ORGANISATION, name=name, id_type=IdType.CREDIT_CODE,
            id_number=self.credit_code("93" if cooperative else "91", self.region_code(home)),
            phone=self.landline(home) if rng.random() < 0.5 else self.mobile(),
            address=self.business_address(home),
            legal_representative=self.full_name(rng.choice("mf"), rng.randint(1960, 1990)),
        )

    def shop(self, key: str, kind: str | None = None) -> PartySpec:
        """An individual business (个体工商户), credit code 92…."""
        rng = self.rng
        home = self.home_court(key, stay=0.9)
        owner_gender = rng.choice("mf")
        owner = self.full_name(owner_gender, rng.randint(1960, 1992))
        county = self.info[home]["county"]
        name = self._unique_org_name(lambda: f"{county}{owner}{kind or rng.choice(D.SHOP_KINDS)}")
        return PartySpec(
            kind=PartyKind.ORGANISATION, name=name, id_type=IdType.CREDIT_CODE,
            id_number=self.credit_code("92", self.region_code(home), modern=True), phone=self.mobile(),
            address=self.business_address(home), legal_representative=owner,
        )

    def _cached_org(self, name: str, region: str, address: str, phone: str) -> PartySpec:
        if name not in self.cache:
            self.used_org_names.add(name)
            self.cache[name] = PartySpec(
                kind=PartyKind.ORGANISATION, name=name, id_type=IdType.CREDIT_CODE,
                id_number=self.credit_code("91", region, modern=False), phone=phone, address=address,
                legal_representative=self.full_name(self.rng.choice("mf"), self.rng.randint(1965, 1985)),
            )
        return self.cache[name]

    def bank(self, key: str) -> PartySpec:
        county = self.info[key]["county"]
        city_short = self.city_of(key)["city"].removesuffix("市")
        if key not in D.ROADS and self.rng.random() < 0.35:
            short = county[:-1] if len(county) > 2 else county
            name = D.RURAL_BANK.format(short=short)
        else:
            place = f"{city_short}{county[:-1]}" if key in D.ROADS else county
            name = self.rng.choice(D.BANKS).format(place=place)
        return self._cached_org(name, self.region_code(key), self.business_address(key), self.landline(key))

    def card_centre(self) -> PartySpec:
        name = self.rng.choice(D.CARD_CENTRES)
        shanghai = "交通" in name
        region, address, area = ("310115", "上海市浦东新区世纪大道", "021") if shanghai else \
            ("440300", "广东省深圳市福田区深南大道", "0755")
        return self._cached_org(name, region, f"{address}{self.rng.randint(100, 9999)}号",
                                f"{area}-{self.rng.randint(2, 8)}{self.rng.randrange(10**7):07d}")

    def insurer(self, key: str) -> PartySpec:
        city = self.city_of(key)
        name = self.rng.choice(D.INSURERS).format(city=city["city"])
        region = "130100" if city["key"] == "shijiazhuang" else "130600"
        district = "qiaoxi" if region == "130100" else "jingxiu"
        address = f"{self.province_prefix(district)}{self.rng.choice(D.ROADS[district])}{self.rng.randint(1, 300)}号"
        return self._cached_org(name, region, address, self.landline(key))

    def party_of_kind(self, spec: str, key: str) -> PartySpec:
        """``spec`` like "person|company:labour|shop": pick one alternative and draw that party."""
        choice = self.rng.choice(spec.split("|"))
        kind, _sep, industry = choice.partition(":")
        if kind == "person":
            return self.person(key)
        if kind == "company":
            return self.company(key, industry or None)
        if kind == "shop":
            return self.shop(key)
        if kind == "bank":
            return self.bank(key)
        if kind == "card":
            return self.card_centre()
        if kind == "insurer":
            return self.insurer(key)
        raise ValueError(spec)


# --- the case plans ----------------------------------------------------------------------------------
@dataclass
class Plan:
    court_key: str
    filed_on: dt.date
    cause: str
    index: int
    applicants: list[PartyInput] = field(default_factory=list)
    respondents: list[PartyInput] = field(default_factory=list)
    keep_open: bool = False
    interference_risk: bool = False
    upper_court_supervised: bool = False
    fixed_amount: Decimal | None = None
    document: str = ""  # forced kind of enforcement basis
    script: str = ""  # a showcase story bound to this case (Story.script_…)
    registration: RegistrationInput | None = None


# --- case histories ----------------------------------------------------------------------------------
class StoryEnd(Exception):
    """The story has reached today: the rest has not happened yet."""


@dataclass
class Asset:
    """Something an investigation found: its description (the control's ``asset``) and value."""

    category: str
    asset: str
    details: str
    value: Decimal | None = None
    cash: bool = False  # a balance the court can take at once (feeds the cash enforceability ratio)


MANDATORY = ("deposit", "real_estate", "vehicle", "securities", "business")
WORK_START, WORK_END = 8 * 60 + 30, 11 * 60  # a day's first step falls in the morning
FATES_BY_AGE = {
    # fate → weight, for cases a judge other than the demo judge handles (more of them are closed)
    "other": {"voluntary": 20, "deduct": 14, "zhongben": 28, "partial_zhongben": 6, "vehicle": 5, "auction": 2,
              "settlement_done": 6, "terminated": 5, "withdrawn": 1, "suspended": 4, "periodic": 2, "detention": 2,
              "investigating": 3, "controlled": 2},
    # the demo judge's: a working list with something to do in most dossiers
    "judge": {"voluntary": 3, "deduct": 3, "zhongben": 5, "partial_zhongben": 1, "vehicle": 3, "auction": 2,
              "settlement_done": 1, "terminated": 1, "suspended": 8, "periodic": 6, "detention": 1,
              "investigating": 22, "controlled": 24, "settlement_running": 5},
    "keep_open": {"investigating": 5, "controlled": 3, "suspended": 2},
}


class Story:
    """One case's history told through the dossier services, step by step at plausible past times
    (inside ``recorded_at``), stopping where today is reached. Steps fall on working days."""

    def __init__(self, cmd: Command, case: EnforcementCase, plan: Plan | None, *, day: dt.date | None = None,
                 last_at: dt.datetime | None = None) -> None:
        self.cmd, self.rng, self.world = cmd, cmd.rng, cmd.world
        self.case_id = case.pk
        self.plan = plan
        self.court_key = cmd.court_keys[case.court_id]
        self.filed_on = case.filed_on
        self.day = day or case.filed_on
        self.last_at = last_at or case.created_at
        self.clock: dt.datetime | None = None
        self.limit = cmd.today - dt.timedelta(days=1)  # nothing is recorded for today: it is still going on
        self.chief = cmd.chiefs[self.court_key]
        self.judge = case.handler or self.chief
        self.assistant = cmd.assistants.get(case.team_id) or self.judge
        links = list(CaseParty.objects.filter(case_id=case.pk).select_related("party").order_by("role", "position", "pk"))
        self.applicants = [lk.party for lk in links if lk.role == PartyRole.APPLICANT]
        self.respondents = [lk.party for lk in links if lk.role == PartyRole.RESPONDENT]
        self.heirs = any(lk.liability_cap is not None for lk in links)
        self.debtors = [r for r in self.respondents if not self.is_insurer(r)] or self.respondents
        self.leave_expiring: set[int] = set()  # controls left to run out (the expiry alerts)
        self.requery = self.rng.random() < 0.8  # most courts keep up the 6-monthly re-query after 终本
        self.multi = len(self.applicants) > 1

    # --- time ------------------------------------------------------------------------------------
    def go(self, day: dt.date) -> None:
        day = max(day, self.day)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        if day > self.limit:
            raise StoryEnd
        if day != self.day:
            self.day, self.clock = day, None

    def wait(self, low: int, high: int) -> None:
        self.go(self.day + dt.timedelta(days=self.rng.randint(low, high)))

    def at(self):
        """``recorded_at`` for the next step: the morning of a new day, or a little after the last step."""
        if self.clock is None:
            at = Command.moment(self.day, self.rng.randint(WORK_START, WORK_END))
        else:
            at = self.clock + dt.timedelta(minutes=self.rng.randint(4, 30))
        at = max(at, self.last_at + dt.timedelta(minutes=1))
        self.clock = self.last_at = at
        return recorded_at(at)

    def at_day(self, day: dt.date):
        """``recorded_at`` for a step on another day (renewals, re-queries), outside the story's clock."""
        return recorded_at(Command.moment(day, self.rng.randint(WORK_START, 17 * 60)))

    # --- reads -----------------------------------------------------------------------------------
    def case(self) -> EnforcementCase:
        return EnforcementCase.objects.get(pk=self.case_id)

    def outstanding(self) -> Decimal:
        return self.case().outstanding_amount

    @staticmethod
    def is_insurer(party: Party) -> bool:
        return "保险" in party.name

    def lapsed_now(self, control) -> bool:
        """Whether the control's term (as renewed so far) ends before today. The dossier services
        refuse to value, auction or sell such an asset even on a past date (they compare the expiry
        with today, not with the step's date), so the stories leave these assets undisposed."""
        return bool(control.expires_on and control.expires_on < self.cmd.today)

    def is_person(self, party: Party) -> bool:
        return party.kind == PartyKind.PERSON

    def names(self, parties=None) -> str:
        return "、".join(p.name for p in (parties or self.respondents))

    # --- what is found ---------------------------------------------------------------------------
    def county_key(self, party: Party) -> str:
        """The basic court whose area the party's address lies in (the case's court if none matches)."""
        for key, info in self.cmd.info.items():
            if info.get("level") == "basic" and info["county"] in party.address:
                return key
        return self.court_key

    def bank_branch(self, party: Party) -> str:
        key = self.county_key(party)
        county = self.cmd.info[key]["county"]
        if key not in D.ROADS and self.rng.random() < 0.35:
            return D.RURAL_BANK.format(short=county[:-1] if len(county) > 2 else county)
        city_short = self.world.city_of(key)["city"].removesuffix("市")
        place = f"{city_short}{county[:-1]}" if key in D.ROADS else county
        return self.rng.choice(D.BANKS).format(place=place)

    def account_number(self, bank: str, party: Party) -> str:
        if not self.is_person(party):
            return "13" + "".join(str(self.rng.randrange(10)) for _i in range(15))  # 对公 account
        prefix = next((b for name, b in D.CARD_BINS.items() if name in bank), "622848")
        body = prefix + "".join(str(self.rng.randrange(10)) for _i in range(12))
        digits = [int(c) for c in reversed(body)]
        total = sum(sum(divmod(d * 2, 10)) if i % 2 == 0 else d for i, d in enumerate(digits))
        return body + str((10 - total % 10) % 10)  # Luhn check digit

    @staticmethod
    def non_deductible(party: Party) -> tuple[str, str]:
        """(note on the account, reason) for funds of this holder that may be frozen but not deducted."""
        if party.kind == PartyKind.STATE_ORGAN:
            return D.NON_DEDUCTIBLE["state_organ"]
        if party.kind == PartyKind.PERSON:
            return D.NON_DEDUCTIBLE["person"]
        if not party.name.endswith("公司"):
            return D.NON_DEDUCTIBLE["shop"]
        if any(word in party.name for word in D.CONSTRUCTION_WORDS):
            return D.NON_DEDUCTIBLE["construction"]
        return D.NON_DEDUCTIBLE["company"]

    def deposit(self, party: Party, balance: Decimal, *, note: str = "") -> Asset:
        bank = self.bank_branch(party)
        asset = f"{bank} 账号{self.account_number(bank, party)}"
        return Asset("deposit", asset, f"{asset}，余额¥{balance}{note}", balance, cash=True)

    def flat(self, party: Party) -> Asset:
        rng = self.rng
        key = self.county_key(party)
        info = self.cmd.info[key]
        prefix = self.world.province_prefix(key)
        if key in D.ROADS:
            place = f"{prefix}{rng.choice(D.ROADS[key])}{rng.randint(1, 480)}号"
            low, high = D.FLAT_PRICE["district"]
        else:
            place = f"{prefix}{D.TOWNS[key][0]}{rng.choice(D.SEAT_ROADS)}{rng.randint(1, 260)}号"
            low, high = D.FLAT_PRICE["county"]
        area = Decimal(rng.randint(620, 1450)) / 10
        address = f"{place}{rng.choice(D.COMPOUNDS)}{rng.randint(1, 24)}号楼{rng.randint(1, 4)}单元{rng.randint(2, 18)}0{rng.randint(1, 4)}室"
        certificate = f"{D.PROVINCE_ABBR}（{rng.randint(2016, 2023)}）{info['county']}不动产权第{rng.randint(1, 99999):07d}号"
        value = money(area * rng.randint(low, high))
        asset = f"{address}住宅（{certificate}，建筑面积{area}㎡）"
        return Asset("real_estate", asset, f"{asset}，登记于被执行人{party.name}名下，无抵押登记", value)

    def vehicle(self, party: Party) -> Asset:
        rng = self.rng
        kind, model, low, high = rng.choice(D.VEHICLES if not self.is_person(party) else D.VEHICLES[:7] + D.VEHICLES[9:])
        city = self.world.city_of(self.county_key(party))["key"]
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        chars = [rng.choice("0123456789") for _i in range(5)]
        for i in rng.sample(range(5), rng.randint(0, 2)):
            chars[i] = rng.choice(letters)
        plate = D.PLATE_PREFIX.get(city, "冀A") + "".join(chars)
        asset = f"{kind} {plate}（{model}，{rng.randint(2012, 2022)}年初次登记）"
        return Asset("vehicle", asset, f"{asset}，登记于被执行人{party.name}名下", money(rng.randint(low, high)))

    def equity(self, party: Party) -> Asset:
        company = self.world.company(self.court_key).name
        share = self.rng.choice([10, 20, 30, 40, 51])
        asset = f"被执行人持有的{company}{share}%股权"
        return Asset("business", asset, f"{asset}（认缴出资¥{self.rng.choice([10, 30, 50, 100])}万元）")

    # --- steps -----------------------------------------------------------------------------------
    def notices(self, *, how: str | None = None) -> None:
        how = how or self.rng.choice(D.SERVICE_METHODS)
        names = self.names(self.debtors)
        with self.at():
            dossier.procedure_record(actor=self.judge, case_id=self.case_id, kind=ProcedureKind.ENFORCEMENT_NOTICE,
                                     done_on=self.day, details=D.NOTICE_DETAILS.format(names=names, how=how))
        with self.at():
            dossier.procedure_record(actor=self.judge, case_id=self.case_id, kind=ProcedureKind.ASSET_REPORT_ORDER,
                                     done_on=self.day, details=D.REPORT_ORDER_DETAILS.format(names=names, how=how))

    def investigate(self, category: str, *, found: Asset | None = None, details: str = "", party: Party | None = None):
        with self.at():
            return dossier.investigation_record(
                actor=self.assistant, case_id=self.case_id, category=category, queried_on=self.day,
                result=InvestigationResult.FOUND if found else InvestigationResult.NONE,
                details=found.details if found else details,
                found_amount=found.value if found and found.cash else None, respondent=party.pk if party else None,
            )

    def online_queries(self, found: dict[int, list[Asset]] | None = None) -> None:
        """The five online queries (网络查控) for each respondent; ``found`` maps respondent → assets."""
        for i, party in enumerate(self.respondents):
            if self.is_insurer(party):
                continue
            hits: dict[str, list[Asset]] = {}
            for asset in (found or {}).get(i, []):
                hits.setdefault(asset.category, []).append(asset)
            for category in MANDATORY:
                assets = hits.get(category)
                if not assets:
                    self.investigate(category, details=D.QUERY_NONE[category], party=party)
                    continue
                joined = Asset(category, "", "；".join(a.details for a in assets),
                               sum((a.value for a in assets if a.cash), Decimal("0.00")) or None, cash=assets[0].cash)
                self.investigate(category, found=joined, party=party)

    def begin(self, found: dict[int, list[Asset]] | None = None, *, how: str | None = None) -> None:
        """Notice and order to declare assets, then the online queries a few days later."""
        self.wait(1, 6)
        self.notices(how=how)
        self.wait(0, 4)
        self.online_queries(found)

    def checks(self, kinds=("social_insurance", "household"), *, found: dict[str, Asset] | None = None) -> None:
        party = self.debtors[0]
        for kind in kinds:
            if found and kind in found:
                self.investigate(kind, found=found[kind], party=party)
                continue
            address = party.address or self.cmd.info[self.court_key]["county"]
            self.investigate(kind, details=self.rng.choice(D.CHECK_NONE[kind]).format(address=address), party=party)

    def lead(self, *, checked: bool = True, found: Asset | None = None):
        rng = self.rng
        text, answer = rng.choice(D.LEADS)
        info = self.cmd.info[self.court_key]
        text = text.format(town=rng.choice(D.TOWNS.get(self.court_key, [info["county"]])),
                           company=self.world.company(self.court_key).name, bank=self.bank_branch(self.debtors[0]))
        if found is not None:
            text = f"申请执行人提供线索：{found.asset}"
        with self.at():
            item = dossier.investigation_record(actor=self.assistant, case_id=self.case_id, category="applicant_lead",
                                                result=InvestigationResult.PENDING, details=text)
        if not checked:
            return item
        self.wait(5, 25)
        with self.at():
            dossier.investigation_update(
                actor=self.assistant, investigation_id=item.pk, queried_on=self.day,
                result=InvestigationResult.FOUND if found else InvestigationResult.NONE,
                details=f"{text}。核查结果：{found.details if found else answer}")
        return item

    def measure(self, kind: str, party: Party, *, reason: str | None = None, **extra):
        reason = reason or self.rng.choice(D.MEASURE_REASONS[kind])
        with self.at():
            return dossier.measure_issue(actor=self.judge, case_id=self.case_id, kind=kind, respondent=party.pk,
                                         issued_on=self.day, reason=reason, **extra)

    def restrict(self, *, blacklist: float = 0.0) -> list:
        """限制消费令 for every debtor; the dishonest-debtor list with probability ``blacklist``."""
        listed = []
        for party in self.debtors:
            if party.kind == PartyKind.STATE_ORGAN:
                continue
            self.measure("consumption_restriction", party)
            if not self.heirs and self.rng.random() < blacklist:
                listed.append(self.measure("blacklist", party))
            if self.is_person(party) and self.outstanding() > 300_000 and self.rng.random() < 0.3:
                self.measure("exit_ban", party)
        return listed

    def control(self, kind: str, asset: Asset, party: Party, *, amount: Decimal | None = None, non_deductible: str = ""):
        with self.at():
            return dossier.control_apply(
                actor=self.judge, case_id=self.case_id, kind=kind, asset=asset.asset, started_on=self.day,
                amount=amount, respondent=party.pk, non_deductible=bool(non_deductible),
                non_deductible_reason=non_deductible,
            )

    def freeze(self, asset: Asset, party: Party, *, amount: Decimal | None = None, non_deductible: str = ""):
        return self.control(ControlKind.FREEZE_DEPOSIT, asset, party, amount=amount or asset.value,
                            non_deductible=non_deductible)

    def deduct(self, control, amount: Decimal | None = None) -> None:
        with self.at():
            dossier.control_deduct(actor=self.judge, control_id=control.pk, amount=amount or control.amount,
                                   deducted_on=self.day, note="扣划至法院执行款专户")

    def release(self, control, reason: str) -> None:
        with self.at():
            dossier.control_release(actor=self.judge, control_id=control.pk, released_on=self.day, reason=reason)

    def release_all(self, reason: str = D.RELEASE_PERFORMED) -> None:
        for control in ControlAction.objects.filter(case_id=self.case_id, status=ControlStatus.IN_FORCE):
            self.release(control, reason)

    def pay(self, amount: Decimal, *, source: str = PaymentSource.DEBTOR, payer: str = "", note: str = "") -> None:
        if amount <= 0:
            return
        party = self.debtors[0]
        if not note:
            note = self.rng.choice(D.PAYMENT_NOTES["debtor"])
        with self.at():
            money_services.payment_record(actor=self.judge, case_id=self.case_id, amount=amount, received_on=self.day,
                                          source=source, payer=payer or party.name, note=note)

    def family_pays(self, amount: Decimal) -> None:
        party = self.debtors[0]
        relative = self.rng.choice(D.RELATIVES)
        name = self.world.full_name("m" if relative in ("丈夫", "父亲", "兄长") else "f", self.rng.randint(1955, 1995))
        if relative in ("父亲", "兄长", "女儿") and self.is_person(party):
            name = party.name[0] + name[1:]  # same family name
        note = D.PAYMENT_NOTES["family"][0].format(relative=relative, name=name)
        self.pay(amount, source=PaymentSource.THIRD_PARTY, payer=name, note=note)

    def disburse(self) -> None:
        """Pay out everything held: to the applicants (by the distribution order when there are several),
        any surplus back to the respondent."""
        case = self.case()
        if case.held_amount <= 0:
            return
        if self.multi:
            with self.at():
                money_services.distribution_execute(actor=self.judge, case_id=self.case_id, paid_on=self.day)
        else:
            applicant = self.applicants[0]
            link = CaseParty.objects.get(case=case, party=applicant, role=PartyRole.APPLICANT)
            owed = money_services.claim_of(case, link) - money_services.paid_to(case).get(applicant.pk, Decimal("0.00"))
            amount = min(case.held_amount, owed)
            if amount > 0:
                with self.at():
                    money_services.disbursement_record(actor=self.judge, case_id=self.case_id, amount=amount,
                                                       paid_on=self.day, payee=applicant.pk, note=D.DISBURSEMENT_NOTE)
        surplus = self.case().held_amount
        if surplus > 0:
            with self.at():
                money_services.disbursement_record(actor=self.judge, case_id=self.case_id, amount=surplus, paid_on=self.day,
                                                   kind=DisbursementKind.REFUND, payee=self.debtors[0].pk,
                                                   note=D.REFUND_NOTE)

    def close(self, closure_type: str, reason: str | None = None, *, facts: TerminationFacts | None = None,
              actor: User | None = None) -> None:
        reason = reason or self.rng.choice(D.CLOSE_REASONS[closure_type])
        with self.at():
            case_close(actor=actor or self.judge, case_id=self.case_id, closure_type=closure_type, reason=reason,
                       facts=facts, at=self.last_at)

    def transition(self, name: str, reason: str) -> None:
        with self.at():
            case_transition(actor=self.judge, case_id=self.case_id, transition=name, reason=reason, at=self.last_at)

    def perform(self, reason: str | None = None) -> None:
        """Pay out, have the debtor pay any rest, lift the controls, close as performed (the closure
        lifts the credit measures)."""
        self.wait(2, 15)
        self.disburse()
        if self.outstanding() > 0:
            self.wait(10, 40)
            self.pay(self.outstanding(), note="被执行人交纳剩余执行款")
            self.wait(2, 15)
            self.disburse()
        self.wait(0, 8)
        self.release_all()
        self.close("performed", reason)

    # --- after the story: what a diligent court keeps up -----------------------------------------
    def maintain(self) -> None:
        """Renew controls in force before they run out (unless the story leaves one to lapse) and keep
        up the 6-monthly re-query of a 终本 case."""
        horizon = self.cmd.today + dt.timedelta(days=31)
        for control in ControlAction.objects.filter(case_id=self.case_id, status=ControlStatus.IN_FORCE,
                                                    expires_on__isnull=False).exclude(pk__in=self.leave_expiring):
            while control.expires_on <= horizon:
                day = control.expires_on - dt.timedelta(days=self.rng.randint(6, 25))
                while day.weekday() >= 5:
                    day -= dt.timedelta(days=1)
                day = max(day, control.started_on, self.filed_on)
                if day > self.limit or day > control.expires_on:
                    break
                with self.at_day(day):
                    control = dossier.control_renew(actor=self.judge, control_id=control.pk, renewed_on=day)
        case = self.case()
        if case.closure_type == ClosureType.TERMINATED_ROUND and self.requery:
            day = case.closed_on
            while True:
                day = add_months(day, 6) - dt.timedelta(days=self.rng.randint(3, 25))
                while day.weekday() >= 5:
                    day -= dt.timedelta(days=1)
                if day > self.limit:
                    break
                self.requery_once(day)

    def requery_once(self, day: dt.date, found: Asset | None = None) -> None:
        party = self.debtors[0]
        at = Command.moment(day, self.rng.randint(WORK_START, WORK_END))
        for category in ("deposit", "real_estate", "vehicle"):
            hit = found if found is not None and found.category == category else None
            at += dt.timedelta(minutes=self.rng.randint(2, 15))
            with recorded_at(at):
                dossier.investigation_record(
                    actor=self.assistant, case_id=self.case_id, category=category, queried_on=day,
                    result=InvestigationResult.FOUND if hit else InvestigationResult.NONE,
                    details=hit.details if hit else "终结本次执行程序后定期复查：" + D.QUERY_NONE[category].removeprefix("经"),
                    found_amount=hit.value if hit and hit.cash else None, respondent=party.pk)

    # --- fates ----------------------------------------------------------------------------------
    def small_balance(self) -> Decimal:
        return money(math.exp(self.rng.gauss(math.log(600), 1.2)))

    def fate_registered(self) -> None:
        """Filed a few days ago: nothing done yet."""

    def fate_begun(self) -> None:
        self.begin()

    def fate_rejected(self) -> None:
        self.wait(3, 20)
        self.close("rejected", actor=self.chief)

    def fate_not_enforced(self) -> None:
        self.wait(10, 40)
        self.close("not_enforced", actor=self.chief)

    def fate_withdrawn_early(self) -> None:
        self.wait(2, 15)
        self.close("withdrawn", actor=self.chief)

    def fate_eviction(self) -> None:
        """Only the eviction is enforced: notice, a visit, the premises handed over."""
        self.begin()
        self.wait(10, 30)
        with self.at():
            dossier.procedure_record(actor=self.judge, case_id=self.case_id, kind=ProcedureKind.SITE_VISIT,
                                     done_on=self.day, details="组织强制腾退，清点屋内物品并登记造册，房屋已交付申请执行人")
        self.wait(1, 10)
        self.close("performed", "被执行人已腾退房屋并交付申请执行人，执行完毕")

    def fate_voluntary(self) -> None:
        """Pays after the notice (an insurer pays its share at once), sometimes in two parts."""
        insurer = next((r for r in self.respondents if self.is_insurer(r)), None)
        self.begin()
        if insurer is not None:
            self.wait(5, 25)
            share = money(self.outstanding() * Decimal(str(self.rng.uniform(0.6, 1.0))))
            self.pay(share, payer=insurer.name, note="保险公司在交强险及商业三者险限额内赔付")
        else:
            if self.rng.random() < 0.5:
                self.wait(8, 20)
                self.restrict()
            self.wait(5, 30)
            if self.rng.random() < 0.3:
                self.pay(money(self.outstanding() * Decimal(str(self.rng.uniform(0.3, 0.7)))))
                self.wait(10, 28)
                self.disburse()
                self.wait(5, 30)
        self.pay(self.outstanding())
        self.perform()

    def fate_deduct(self) -> None:
        """Money in the bank: frozen and deducted, paid out, done."""
        party = self.debtors[0]
        owed = self.outstanding()
        balance = money(owed * Decimal(str(self.rng.uniform(1.0, 1.8))))
        account = self.deposit(party, balance)
        self.begin({self.respondents.index(party): [account]})
        self.wait(0, 2)
        control = self.freeze(account, party, amount=owed)
        self.wait(3, 20)
        self.deduct(control)
        self.perform("经强制扣划被执行人银行存款，执行款已全部发放申请执行人")

    def fate_zhongben(self, *, partial: bool = False, close_by: dt.date | None = None) -> None:
        """Nothing (or little) to take: the full 终本 checklist, then closure."""
        rng = self.rng
        party = self.debtors[0]
        index = self.respondents.index(party)
        found: dict[int, list[Asset]] = {}
        account = vehicle = None
        if partial or rng.random() < 0.35:
            balance = money(self.outstanding() * Decimal(str(rng.uniform(0.1, 0.4)))) if partial else self.small_balance()
            account = self.deposit(party, balance)
            found.setdefault(index, []).append(account)
        if rng.random() < 0.15:
            vehicle = self.vehicle(party)
            found.setdefault(index, []).append(vehicle)
        unknown = rng.random() < 0.15
        self.begin(found, how=D.PUBLIC_NOTICE if unknown else None)
        undisposable = []
        if account is not None:
            self.wait(0, 2)
            control = self.freeze(account, party)
            self.wait(3, 15)
            self.deduct(control)
            self.wait(3, 20)
            self.disburse()
            undisposable.append(D.UNDISPOSABLE["deducted"].format(amount=account.value))
        if vehicle is not None:
            self.wait(0, 5)
            self.control(ControlKind.SEAL_MOVABLE, vehicle, party)
            undisposable.append(D.UNDISPOSABLE["vehicle"])
        self.wait(5, 20)
        listed = self.restrict(blacklist=0.6)
        self.wait(10, 40)
        kinds = ["social_insurance", "household"] + (["residents_committee"] if rng.random() < 0.5 else [])
        self.checks(kinds)
        if rng.random() < 0.3:
            self.wait(3, 20)
            self.lead()
        if unknown:
            self.wait(5, 20)
            with self.at():
                dossier.procedure_record(actor=self.judge, case_id=self.case_id, kind=ProcedureKind.RESPONDENT_SEARCH,
                                         done_on=self.day, details=D.CHECK_SEARCH)
            if rng.random() < 0.4:
                self.measure("reward_notice", party)
        obstruction = rng.random() < 0.08 and self.is_person(party)
        if obstruction:
            self.wait(3, 15)
            self.measure("fine", party, amount=money(rng.choice([2000, 3000, 5000, 10000])))
            if rng.random() < 0.4:
                self.measure("detention", party, ends_on=self.day + dt.timedelta(days=rng.choice([7, 10, 14])))
                if rng.random() < 0.5:
                    self.wait(10, 30)
                    self.measure("criminal_referral", party)
        earliest = add_months(self.filed_on, 3) + dt.timedelta(days=rng.randint(1, 40))
        self.go(max(earliest, close_by - dt.timedelta(days=rng.randint(2, 8))) if close_by else earliest)
        with self.at():
            dossier.procedure_record(actor=self.judge, case_id=self.case_id, kind=ProcedureKind.APPLICANT_INFORMED,
                                     done_on=self.day, details=D.INFORMED_DETAILS,
                                     applicant_opinion=rng.choice(D.APPLICANT_OPINIONS))
        if close_by:
            self.go(close_by)
        else:
            self.wait(0, 10)
        facts = TerminationFacts(
            whereabouts_unknown=unknown, obstruction=obstruction,
            # A listing still in force on the closing day, or the ruling says why not (DESIGN.md §7).
            blacklist_not_applicable_reason="" if listed and CoerciveMeasure.objects.filter(
                case_id=self.case_id, kind="blacklist", lifted_on__isnull=True).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=self.day)).exists()
            else D.BLACKLIST_NOT_APPLICABLE[1 if self.heirs else 0],
            undisposable_reason="；".join(undisposable),
        )
        self.close("terminated_round", "经穷尽财产调查措施，未发现被执行人有可供执行的财产，终结本次执行程序", facts=facts)

    def fate_partial_zhongben(self) -> None:
        self.fate_zhongben(partial=True)

    def fate_vehicle(self) -> None:
        """A car is sealed; the debtor raises the money to get it back, or it is auctioned."""
        party = self.debtors[0]
        car = self.vehicle(party)
        self.begin({self.respondents.index(party): [car]})
        self.wait(0, 5)
        control = self.control(ControlKind.SEAL_MOVABLE, car, party)
        self.wait(5, 20)
        self.restrict()
        owed = self.outstanding()
        if self.rng.random() < 0.6 or not owed * Decimal("0.5") <= car.value <= owed * 2 or self.lapsed_now(control):
            self.wait(10, 50)
            self.pay(self.outstanding(), note="被执行人筹款履行全部义务，申请解除车辆查封")
            self.perform()
            return
        self.wait(10, 30)
        self.sell_at_auction(control, car.value, notices=(15,))
        self.perform("拍卖所得价款足额清偿，执行完毕")

    @staticmethod
    def reserve(value: Decimal, ratio: str) -> Decimal:
        """A reserve price: ``ratio`` of ``value``, rounded up to the hundred (never below the lawful floor)."""
        return (value * Decimal(ratio) / 100).to_integral_value(rounding=ROUND_CEILING) * 100

    def sell_at_auction(self, control, value: Decimal, *, notices: tuple[int, ...], sold: bool = True,
                        last_round_from: dt.date | None = None) -> None:
        """Valuation, then one auction round per entry of ``notices`` (its announcement period in
        days): every round but the last finds no bidder; the last sells, or with ``sold`` False is
        left scheduled (from ``last_round_from``)."""
        rng = self.rng
        method = ValuationMethod.APPRAISAL if control.kind == ControlKind.SEAL_REAL_ESTATE else ValuationMethod.ONLINE_INQUIRY
        appraiser = (rng.choice(D.APPRAISERS).format(trade=rng.choice(D.TRADE_NAMES)) if method == ValuationMethod.APPRAISAL
                     else rng.choice(D.ONLINE_INQUIRY_PLATFORMS))
        with self.at():
            dossier.valuation_record(actor=self.judge, control_id=control.pk, method=method, value=value,
                                     valued_on=self.day, appraiser=appraiser)
        platform = rng.choice(D.AUCTION_PLATFORMS)
        reserve = self.reserve(value, rng.choice(["0.70", "0.70", "0.75", "0.80"]))
        rounds = len(notices)
        for number, notice in enumerate(notices, start=1):
            if number > 1:
                reserve = self.reserve(reserve, rng.choice(["0.80", "0.80", "0.85", "0.90"]))
                self.wait(5, 15)
            else:
                self.wait(5, 20)
            if number == rounds and last_round_from:
                self.go(last_round_from)
            with self.at():
                auction = dossier.auction_schedule(actor=self.judge, control_id=control.pk, reserve_price=reserve,
                                                   starts_on=self.day + dt.timedelta(days=notice), platform=platform)
            if number == rounds and not sold:
                return
            self.go(auction.starts_on + dt.timedelta(days=1))  # an online auction runs for 24 hours
            if number < rounds:
                with self.at():
                    dossier.auction_conclude(actor=self.judge, auction_id=auction.pk, result=AuctionResult.UNSOLD,
                                             concluded_on=self.day)
                continue
            increment = max((reserve / 100).to_integral_value(rounding=ROUND_CEILING), Decimal("500"))
            price = reserve + increment * rng.randint(0, 15)
            buyer = self.world.full_name(rng.choice("mf"), rng.randint(1965, 1995))
            with self.at():
                dossier.auction_conclude(actor=self.judge, auction_id=auction.pk, result=AuctionResult.SOLD,
                                         sale_price=price, buyer=buyer, concluded_on=self.day)

    def fate_auction(self, *, sold: bool = True) -> None:
        """A flat sealed and valued; no bidder in the first round, sold in the second; surplus refunded."""
        today = self.cmd.today
        party = self.debtors[0]
        flat = self.flat(party)
        self.begin({self.respondents.index(party): [flat]})
        self.wait(0, 7)
        control = self.control(ControlKind.SEAL_REAL_ESTATE, flat, party)
        self.wait(5, 15)
        self.restrict(blacklist=0.5)
        self.wait(20, 45)
        if not sold:
            self.go(today - dt.timedelta(days=self.rng.randint(85, 100)))
        value = max(flat.value, money(self.outstanding() * Decimal(str(self.rng.uniform(1.9, 2.5)))))
        self.sell_at_auction(control, value, notices=(30, 15), sold=sold,
                             last_round_from=None if sold else today - dt.timedelta(days=self.rng.randint(3, 8)))
        if sold:
            self.perform("拍卖所得价款足额清偿，执行完毕")

    def fate_auction_running(self) -> None:
        """As above, but the second round is still ahead."""
        self.fate_auction(sold=False)

    def fate_settlement(self, *, variant: str = "done", agreed_by: dt.date | None = None) -> None:
        """执行和解 by monthly instalments: performed in full, running on schedule, missed, or breached."""
        rng = self.rng
        self.begin()
        self.wait(5, 20)
        listed = self.restrict(blacklist=0.3)
        if agreed_by:
            self.go(agreed_by)
        else:
            self.wait(10, 40)
        owed = self.outstanding()
        case = self.case()
        principal = case.basis.principal_amount or owed
        waiver = principal < owed and rng.random() < 0.6
        agreed = min(principal, owed) if waiver else owed
        n = rng.randint(4, 6) if variant == "running" else rng.randint(3, 6)
        first_due = self.day + dt.timedelta(days=rng.randint(10, 25))
        part = (agreed / n / 100).to_integral_value(rounding=ROUND_FLOOR) * 100 if agreed >= n * 1000 else money(agreed / n)
        amounts = [part] * (n - 1) + [agreed - part * (n - 1)]
        dues = [add_months(first_due, i) for i in range(n)]
        terms = D.SETTLEMENT_TERMS.format(n=n, amount=agreed, day=first_due.day, waiver=D.WAIVER if waiver else "")
        with self.at():
            money_services.settlement_record(
                actor=self.judge, case_id=self.case_id, agreed_on=self.day, agreed_amount=agreed,
                instalments=[{"due_on": d, "amount": a} for d, a in zip(dues, amounts, strict=True)],
                waives_interest=waiver, terms=terms)
        for measure in listed:
            self.wait(1, 10)
            with self.at():
                dossier.measure_lift(actor=self.judge, measure_id=measure.pk, lifted_on=self.day, reason=D.SETTLEMENT_LIFT)
        if variant in ("missed", "breached"):
            # the last instalment due (well) before today is the one missed; the earlier ones were paid
            margin = 35 if variant == "breached" else 5
            stop_at = max(sum(1 for d in dues if d < self.cmd.today - dt.timedelta(days=margin)) - 1, 0)
        else:
            stop_at = n
        for number, (due, amount) in enumerate(zip(dues, amounts, strict=True), start=1):
            if number > stop_at:
                break
            self.go(due - dt.timedelta(days=rng.randint(0, 6)))
            self.pay(amount, note=f"按和解协议履行第{number}期")
            self.wait(3, 15)
            self.disburse()
        if variant in ("missed", "breached"):
            missed = dues[stop_at]
            if variant == "missed":
                return
            self.go(missed + dt.timedelta(days=rng.randint(10, 30)))
            with self.at():
                money_services.settlement_breach(actor=self.judge, case_id=self.case_id,
                                                 reason=D.BREACH_REQUEST.format(n=stop_at + 1))
            self.wait(3, 15)
            for party in self.debtors:
                if self.is_person(party):
                    self.measure("blacklist", party, reason="违反执行和解协议")
            return
        if variant == "done":
            self.wait(1, 10)
            self.release_all()
            self.close("performed", "执行和解协议已履行完毕")

    def fate_settlement_done(self) -> None:
        self.fate_settlement(variant="done")

    def fate_settlement_running(self) -> None:
        # agreed one to three months ago, so instalments are still to come
        self.fate_settlement(variant="running", agreed_by=self.cmd.today - dt.timedelta(days=self.rng.randint(30, 80)))

    def fate_terminated(self) -> None:
        self.begin()
        self.wait(10, 30)
        self.restrict()
        self.wait(20, 120)
        self.release_all("终结执行，解除查封（冻结）")
        self.close("terminated")

    def fate_withdrawn(self) -> None:
        self.begin()
        self.wait(5, 30)
        self.close("withdrawn", "立案后发现重复立案，依法销案")

    def fate_suspended(self) -> None:
        self.begin()
        self.wait(5, 20)
        self.restrict()
        self.wait(20, 90)
        self.transition("suspend", self.rng.choice(D.SUSPEND_REASONS))
        if self.rng.random() < 0.4:
            self.wait(30, 150)
            self.transition("resume", self.rng.choice(D.RESUME_REASONS))
            self.wait(5, 30)
            self.pay(self.outstanding())
            self.perform()

    def fate_periodic(self) -> None:
        """The debtor earns a wage: the employer withholds part of it every month (扣留提取工资)."""
        rng = self.rng
        party = self.debtors[0]
        employer = self.world.company(self.court_key).name
        # part of the wage, leaving the debtor enough to live on: the debt takes a year or two
        monthly = max(min((self.outstanding() / rng.randint(12, 30) / 100).to_integral_value(rounding=ROUND_CEILING) * 100,
                          Decimal("2500")), Decimal("500"))
        found = Asset("social_insurance", "", f"被执行人在{employer}参加职工养老保险，月缴费基数¥{rng.randint(3200, 5200)}")
        self.begin()
        self.wait(5, 20)
        self.checks(["social_insurance", "household"], found={"social_insurance": found})
        self.wait(3, 15)
        asset = Asset("", D.PERIODIC_ASSET.format(company=employer, amount=monthly), "")
        self.control(ControlKind.PERIODIC_DEDUCTION, asset, party)
        day = self.day
        while self.outstanding() > 0:
            day = add_months(day, 1)
            self.go(day)
            self.pay(min(monthly, self.outstanding()), source=PaymentSource.PERIODIC, payer=employer,
                     note="协助执行单位按月扣留提取的工资")
            self.wait(3, 12)
            self.disburse()
        self.perform()

    def fate_detention(self) -> None:
        """Refuses to report assets: compelled appearance, a fine and detention; the family pays."""
        rng = self.rng
        party = next((p for p in self.debtors if self.is_person(p)), None)
        if party is None:
            return self.fate_zhongben()
        self.begin()
        self.wait(10, 25)
        self.restrict()
        self.wait(10, 30)
        self.measure("compelled_appearance", party)
        self.measure("fine", party, amount=money(rng.choice([3000, 5000, 10000])))
        detention = self.measure("detention", party, ends_on=self.day + dt.timedelta(days=14))
        self.wait(2, 7)
        self.family_pays(self.outstanding())
        with self.at():
            dossier.measure_lift(actor=self.judge, measure_id=detention.pk, lifted_on=self.day, reason=D.DETENTION_RELEASE)
        self.perform("被执行人在司法拘留期间由家属代为履行全部义务，执行完毕")

    def fate_investigating(self) -> None:
        """Open and still looking: queries done, some checks, a lead not yet checked."""
        rng = self.rng
        party = self.debtors[0]
        found = {}
        if rng.random() < 0.3:
            found = {self.respondents.index(party): [self.deposit(party, self.small_balance())]}
        self.begin(found)
        self.wait(5, 25)
        self.restrict(blacklist=0.3)
        if rng.random() < 0.6:
            self.wait(10, 40)
            self.checks(["social_insurance", "household"][: rng.randint(1, 2)])
        if rng.random() < 0.4:
            self.wait(5, 30)
            self.lead(checked=False)

    def fate_controlled(self) -> None:
        """Open with an asset under control, waiting for its disposal."""
        rng = self.rng
        party = self.debtors[0]
        if party.kind == PartyKind.STATE_ORGAN or (not self.is_person(party) and rng.random() < 0.3):
            note, reason = self.non_deductible(party)
            account = self.deposit(party, money(rng.randint(20_000, 150_000)), note=note)
            self.begin({self.respondents.index(party): [account]})
            self.wait(0, 3)
            self.freeze(account, party, non_deductible=reason)
            return
        r = rng.random()
        if r < (0.15 if self.is_person(party) else 0.4):
            asset = self.equity(party)
        elif r < 0.6 and self.is_person(party):
            asset = self.flat(party)
        else:
            asset = self.vehicle(party)
        self.begin({self.respondents.index(party): [asset]})
        self.wait(0, 7)
        kind = {"real_estate": ControlKind.SEAL_REAL_ESTATE, "business": ControlKind.FREEZE_EQUITY}.get(
            asset.category, ControlKind.SEAL_MOVABLE)
        control = self.control(kind, asset, party)
        self.wait(5, 20)
        self.restrict(blacklist=0.4)
        if asset.value and rng.random() < 0.5 and not self.lapsed_now(control):
            self.wait(20, 60)
            appraisal = kind == ControlKind.SEAL_REAL_ESTATE
            with self.at():
                dossier.valuation_record(
                    actor=self.judge, control_id=control.pk, value=asset.value, valued_on=self.day,
                    method=ValuationMethod.APPRAISAL if appraisal else ValuationMethod.ONLINE_INQUIRY,
                    appraiser=rng.choice(D.APPRAISERS).format(trade=rng.choice(D.TRADE_NAMES)) if appraisal
                    else rng.choice(D.ONLINE_INQUIRY_PLATFORMS))

    # --- showcase scripts: dated from today, so the alerts show ------------------------------------
    def script_expiring(self) -> None:
        """A control that runs out within 30 days, not yet renewed."""
        party = self.debtors[0]
        if self.is_person(party):
            car = self.vehicle(party)
            self.begin()
            start = add_years(self.cmd.today, -2) + dt.timedelta(days=self.rng.randint(4, 24))
            self.go(start)
            self.investigate("vehicle", found=car, party=party)
            control = self.control(ControlKind.SEAL_MOVABLE, car, party)
            self.leave_expiring.add(control.pk)
            self.wait(5, 20)
            self.restrict()
            self.wait(10, 30)
            with self.at():
                dossier.procedure_record(actor=self.judge, case_id=self.case_id, kind=ProcedureKind.SITE_VISIT,
                                         done_on=self.day, details="到被执行人住所地查找查封车辆，未找到，车辆下落不明")
            return
        note, reason = self.non_deductible(party)
        account = self.deposit(party, money(self.rng.randint(30_000, 160_000)), note=note)
        self.begin()
        start = add_years(self.cmd.today, -1) + dt.timedelta(days=self.rng.randint(4, 24))
        self.go(start)
        self.investigate("deposit", found=account, party=party)
        control = self.freeze(account, party, non_deductible=reason)
        self.leave_expiring.add(control.pk)
        self.wait(5, 20)
        self.restrict()

    def script_expired(self) -> None:
        """A freeze that ran out some days ago and was neither renewed nor deducted (措施到期未处置)."""
        party = self.debtors[0]
        account = self.deposit(party, self.small_balance())
        self.begin()
        self.wait(5, 20)
        self.restrict(blacklist=0.5)
        self.go(add_years(self.cmd.today, -1) - dt.timedelta(days=self.rng.randint(4, 20)))
        self.investigate("deposit", found=account, party=party)
        control = self.freeze(account, party)
        self.leave_expiring.add(control.pk)

    def script_renewed(self) -> None:
        """A non-deductible freeze (or a car nobody can find) kept in force by renewal."""
        party = self.debtors[0]
        self.begin()
        self.go(add_years(self.cmd.today, -1) - dt.timedelta(days=self.rng.randint(20, 90)))
        if self.is_person(party):
            fund = Asset("provident_fund", f"{self.world.city_of(self.county_key(party))['city']}住房公积金管理中心 "
                         f"个人账号{self.rng.randrange(10**11):011d}", "", money(self.rng.randint(8_000, 60_000)))
            fund.details = f"{fund.asset}，余额¥{fund.value}"
            self.investigate("provident_fund", found=fund, party=party)
            self.freeze(fund, party, non_deductible=D.NON_DEDUCTIBLE["provident_fund"][1])
        else:
            note, reason = self.non_deductible(party)
            account = self.deposit(party, money(self.rng.randint(30_000, 200_000)), note=note)
            self.investigate("deposit", found=account, party=party)
            self.freeze(account, party, non_deductible=reason)
        self.wait(5, 20)
        self.restrict()
        # maintain() renews it before it runs out

    def script_held(self) -> None:
        """Money received more than 30 days ago and still not paid out (超期未发款)."""
        self.begin()
        self.wait(5, 20)
        self.restrict()
        self.go(self.cmd.today - dt.timedelta(days=self.rng.randint(35, 80)))
        self.pay(money(self.outstanding() * Decimal(str(self.rng.uniform(0.2, 0.6)))), note="被执行人交纳部分执行款")

    def script_found_no_control(self) -> None:
        """A car found weeks ago and not yet sealed (有财产超15天未查控)."""
        party = self.debtors[0]
        self.wait(1, 6)
        self.notices()
        self.go(self.cmd.today - dt.timedelta(days=self.rng.randint(20, 50)))
        self.online_queries({self.respondents.index(party): [self.vehicle(party)]})

    def script_lead_pending(self) -> None:
        self.fate_investigating()
        self.go(self.cmd.today - dt.timedelta(days=self.rng.randint(5, 20)))
        self.lead(checked=False)

    def script_requery_due(self) -> None:
        """终本 about six months ago, not re-queried since: the re-query is due."""
        self.requery = False
        self.fate_zhongben(close_by=self.cmd.today - dt.timedelta(days=self.rng.randint(170, 230)))

    def script_resumed(self) -> None:
        """终本, then the 6-monthly re-query finds something: resumed as a 执恢 case, which goes on."""
        rng = self.rng
        self.requery = False
        self.fate_zhongben(close_by=self.cmd.today - dt.timedelta(days=rng.randint(230, 330)))
        party = self.debtors[0]
        closed_on = self.case().closed_on
        requery_day = add_months(closed_on, 6) - dt.timedelta(days=rng.randint(0, 10))
        while requery_day.weekday() >= 5:
            requery_day -= dt.timedelta(days=1)
        kind = rng.choice(["deposit", "vehicle"])
        owed = self.outstanding()
        asset = self.deposit(party, money(owed * Decimal(str(rng.uniform(0.3, 0.9))))) if kind == "deposit" \
            else self.vehicle(party)
        self.go(requery_day)
        self.requery_once(self.day, found=asset)
        self.wait(2, 10)
        clerk = self.rng.choice(self.cmd.filing_clerks[self.court_key])
        with self.at():
            new = case_resume_enforcement(actor=clerk, case_id=self.case_id, reason=D.RESUME_GROUNDS[kind],
                                          filed_on=self.day)
        self.cmd.resumed.append(new)
        story = Story(self.cmd, EnforcementCase.objects.get(pk=new.pk), None, day=self.day, last_at=self.last_at)
        story.tell("resumed_" + kind, asset=asset)

    def fate_resumed_deposit(self, asset: Asset) -> None:
        party = self.debtors[0]
        self.wait(0, 3)
        control = self.freeze(asset, party)
        self.wait(3, 15)
        self.deduct(control)
        self.wait(3, 20)
        self.disburse()

    def fate_resumed_vehicle(self, asset: Asset) -> None:
        party = self.debtors[0]
        self.wait(0, 5)
        self.control(ControlKind.SEAL_MOVABLE, asset, party)
        self.wait(10, 40)
        self.pay(money(self.outstanding() * Decimal("0.5")), note="被执行人为解除车辆查封交纳部分执行款")
        self.wait(3, 20)
        self.disburse()

    def script_in_kind(self) -> None:
        """The cows: the applicant takes four head of cattle at ¥55,000 by agreement; the rest is paid."""
        rng = self.rng
        party = self.debtors[0]
        self.begin()
        self.wait(10, 25)
        self.restrict()
        place = party.address or self.cmd.info[self.court_key]["county"]
        tags = "、".join(f"{rng.randrange(10**5):05d}" for _i in range(4))
        cows = Asset("applicant_lead", D.LIVESTOCK.format(tags=tags, place=place), "", Decimal(D.LIVESTOCK_VALUE))
        cows.details = f"经实地查看，{cows.asset}属实，被执行人认可系其所有"
        self.wait(3, 15)
        self.lead(found=cows)
        self.wait(0, 3)
        control = self.control(ControlKind.SEAL_MOVABLE, cows, party)
        self.wait(10, 30)
        with self.at():
            dossier.in_kind_transfer(actor=self.judge, control_id=control.pk, applicant=self.applicants[0].pk,
                                     value=cows.value, transferred_on=self.day, by_agreement=True)
        self.wait(15, 45)
        self.pay(self.outstanding(), note="被执行人以现金履行以物抵债后的剩余债务")
        self.perform("以物抵债并清偿剩余款项，执行完毕")

    def script_wage_distribution(self) -> None:
        """Three workers, one fund: the frozen account is deducted and distributed pro rata among the
        wage claims; the company's lorry is sealed for the rest."""
        rng = self.rng
        party = self.debtors[0]
        owed = self.outstanding()
        account = self.deposit(party, money(owed * Decimal(str(rng.uniform(0.45, 0.65)))))
        lorry = self.vehicle(party)
        self.begin({self.respondents.index(party): [account, lorry]})
        self.wait(0, 2)
        control = self.freeze(account, party)
        self.control(ControlKind.SEAL_MOVABLE, lorry, party)
        self.wait(5, 15)
        self.deduct(control)
        self.restrict()
        self.wait(5, 15)
        with self.at():
            money_services.distribution_execute(actor=self.judge, case_id=self.case_id, paid_on=self.day)

    def script_periodic(self) -> None:
        self.fate_periodic()

    def script_sale(self) -> None:
        """A lorry nobody bids for twice, then sold (变卖) at the second round's reserve."""
        party = self.debtors[0]
        car = self.vehicle(party)
        self.begin({self.respondents.index(party): [car]})
        self.wait(0, 5)
        control = self.control(ControlKind.SEAL_MOVABLE, car, party)
        self.wait(5, 20)
        self.restrict(blacklist=0.5)
        self.wait(10, 30)
        self.sell_at_auction(control, car.value, notices=(15, 7), sold=False)
        last = control.auction_rounds.order_by("-round_number").first()
        self.go(last.starts_on + dt.timedelta(days=1))
        with self.at():
            dossier.auction_conclude(actor=self.judge, auction_id=last.pk, result=AuctionResult.UNSOLD, concluded_on=self.day)
        self.wait(10, 30)
        buyer = self.world.full_name(self.rng.choice("mf"), self.rng.randint(1965, 1995))
        with self.at():
            dossier.sale_record(actor=self.judge, control_id=control.pk, price=last.reserve_price, buyer=buyer,
                                sold_on=self.day)
        self.perform()

    def script_detention(self) -> None:
        self.fate_detention()

    def script_auction(self) -> None:
        self.fate_auction()

    def script_missed(self) -> None:
        self.fate_settlement(variant="missed", agreed_by=self.cmd.today - dt.timedelta(days=self.rng.randint(95, 140)))

    def script_breached(self) -> None:
        self.fate_settlement(variant="breached", agreed_by=self.cmd.today - dt.timedelta(days=self.rng.randint(110, 150)))

    def script_running(self) -> None:
        self.fate_settlement_running()

    def script_suspended(self) -> None:
        self.begin()
        self.wait(5, 20)
        self.restrict()
        self.wait(20, 60)
        self.transition("suspend", self.rng.choice(D.SUSPEND_REASONS))

    def script_low_income(self) -> None:
        """A 低保 account frozen by the online freeze, marked non-deductible and then released."""
        party = next((p for p in self.debtors if self.is_person(p)), self.debtors[0])
        note, reason = D.NON_DEDUCTIBLE["person"]
        account = self.deposit(party, self.small_balance(), note=note)
        self.begin({self.respondents.index(party): [account]})
        self.wait(0, 2)
        control = self.freeze(account, party, non_deductible=reason)
        self.wait(3, 10)
        self.release(control, D.LOW_INCOME_RELEASE)
        self.wait(5, 20)
        self.restrict()

    def script_sealed_flat(self) -> None:
        """A flat found by the queries and sealed, the respondent restricted: waiting for its disposal."""
        party = self.debtors[0]
        flat = self.flat(party)
        self.begin({self.respondents.index(party): [flat]})
        self.wait(0, 5)
        self.control(ControlKind.SEAL_REAL_ESTATE, flat, party)
        self.wait(3, 10)
        self.restrict(blacklist=0.3)

    def script_insolvent(self) -> None:
        """A company that stopped trading: the queries find a few thousand yuan on its account
        (deducted and paid out) and nothing else; the site visit finds the works closed; consumption
        restricted. relief.demo then refers it to bankruptcy review (执转破)."""
        rng = self.rng
        party = self.debtors[0]
        account = self.deposit(party, money(rng.uniform(1500, 9000)))
        self.begin({self.respondents.index(party): [account]})
        self.wait(0, 2)
        control = self.freeze(account, party)
        self.wait(3, 8)
        self.deduct(control)
        self.wait(2, 6)
        with self.at():
            dossier.procedure_record(actor=self.judge, case_id=self.case_id, kind=ProcedureKind.SITE_VISIT,
                                     done_on=self.day, details=D.INSOLVENT_CASES["site_visit"])
        self.wait(1, 5)
        self.disburse()
        self.wait(1, 6)
        self.restrict(blacklist=0.5)

    # --- telling ---------------------------------------------------------------------------------
    def tell(self, fate: str, **kwargs) -> None:
        method = getattr(self, fate if fate.startswith("script_") else f"fate_{fate}")
        try:
            method(**kwargs)
        except StoryEnd:
            pass
        self.maintain()


class Command(BaseCommand):
    help = "Create the demo data set: Hebei courts, teams, staff, demo accounts and ~300 enforcement cases."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="number of cases (default 300)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")

    # --- entry -----------------------------------------------------------------------------------
    def handle(self, *args, cases: int, seed: int, **options) -> None:
        if cases < 0:
            raise CommandError("--cases must be zero or more.")
        all_courts = [D.SUPREME_COURT, D.HIGH_COURT, *D.INTERMEDIATE_COURTS, *D.BASIC_COURTS]
        existing = list(
            Court.objects.filter(
                Q(name__in=[c["name"] for c in all_courts])
                | Q(province_abbr=D.PROVINCE_ABBR, code__in=[c["code"] for c in all_courts if c.get("code")])
            ).values_list("name", flat=True)[:5]
        )
        if existing:
            self.stdout.write(self.style.WARNING(
                f"Demo data already present (found {', '.join(existing)} …): nothing to do."
            ))
            return

        started = time.monotonic()
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.info = {c["key"]: {**c, "level": c.get("level", "basic"),
                                "province_abbr": c.get("province_abbr", D.PROVINCE_ABBR)} for c in all_courts}
        self.world = World(self.rng, self.info)
        # See the module docstring: outbox rows stay pending instead of going to the broker now.
        with notifications.deliveries_held() as held, transaction.atomic():
            self.create_courts()
            self.create_staff()
            plans = self.plan_cases(cases)
            self.register(plans)
            self.tell_stories(plans)
            # The demo judges' showcase dossiers stay with them for the tour (README); the ladder moves the rest.
            tour = {case.pk for _script, case in self.showcase
                    if case.handler_id in {u.pk for u in self.demo_users.values()}}
            self.ladder = seed_cross_execution(today=self.today, moment=self.moment, courts=self.courts,
                                               users=self.demo_users, keep=tour)
            # Relief first: a case it registers (small demo) is dated in the past, the hand-offs' cases today.
            self.relief = seed_relief(today=self.today, moment=self.moment, courts=self.courts, users=self.demo_users,
                                      world=self.world, keep={case.pk for _script, case in self.showcase},
                                      new_case=self.story_case)
            self.tracking = seed_tracking(today=self.today, moment=self.moment, courts=self.courts,
                                          clerks=self.filing_clerks, world=self.world, amount=self.amount,
                                          users=self.demo_users)
            # Petitions and the hard-case ledger, on the cases the other demos left as they are now.
            self.hard_cases = seed_hard_cases(today=self.today, moment=self.moment, courts=self.courts,
                                              users=self.demo_users, keep={case.pk for _script, case in self.showcase})
            # Last: the cases every other demo closed are archived (most of them) after their closure.
            self.archives = seed_archives(today=self.today, moment=self.moment)
        self.report(seed=seed, seconds=time.monotonic() - started, held=len(held))

    # --- courts ----------------------------------------------------------------------------------
    def create_courts(self) -> None:
        self.courts: dict[str, Court] = {}
        for key, info in self.info.items():  # parents come before children in demo_data's order
            region = info.get("region") or f"{self.info[info['parent']]['city']}{info['county']}"
            court = Court(
                name=info["name"], short_name=info["short_name"], level=info["level"],
                parent=self.courts[info["parent"]] if info["parent"] else None,
                province_abbr=info["province_abbr"], code=info["code"], region=region, address=info["address"],
            )
            court.full_clean()
            court.save()
            self.courts[key] = court

    # --- teams and people ------------------------------------------------------------------------
    def create_staff(self) -> None:
        rng = self.rng
        self.demo_users: dict[str, User] = {}
        self.skipped_demo: list[str] = []
        self.filing_clerks: dict[str, list[User]] = {}
        self.chiefs: dict[str, User] = {}
        self.assistants: dict[int, User] = {}  # team → its 法官助理, who runs the online queries
        self.used_staff_names: set[str] = set()
        demo_hash = make_password(D.DEMO_PASSWORD)  # one hash (one salt) for all demo accounts: fast
        taken = set(User.objects.filter(username__in=[a[0] for a in D.DEMO_ACCOUNTS]).values_list("username", flat=True))
        demo_by_place: dict[tuple, list] = {}
        for account in D.DEMO_ACCOUNTS:
            username, _name, role, court_key, team_no, _team_role = account
            if username in taken:
                self.skipped_demo.append(username)
                continue
            demo_by_place.setdefault((court_key, team_no, role), []).append(account)

        def demo_user(court_key: str, role: str, team_no: int | None = None) -> User | None:
            accounts = demo_by_place.get((court_key, team_no, role))
            if not accounts:
                return None
            username, full_name, role, _c, _t, _tr = accounts.pop(0)
            user = User(username=username, full_name=full_name, court=self.courts[court_key], role=role,
                        phone=self.world.mobile(), password=demo_hash)
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
            self.demo_users[username] = user
            return user

        counters: Counter = Counter()

        def staff(court_key: str, role: str, token: str) -> User:
            prefix = D.COURT_STAFF_PREFIX.get(court_key, court_key)
            counters[(court_key, token)] += 1
            gender = rng.choice("mf")
            for _attempt in range(50):
                full_name = self.world.full_name(gender, rng.randint(1966, 1998))
                if full_name not in self.used_staff_names:
                    break
            self.used_staff_names.add(full_name)
            user = User(username=f"{prefix}_{token}{counters[(court_key, token)]}", full_name=full_name,
                        court=self.courts[court_key], role=role, phone=self.world.mobile())
            user.set_unusable_password()
            user.save()
            return user

        def member(team: Team, user: User, team_role: str) -> None:
            membership = TeamMembership(team=team, user=user, role=team_role,
                                        joined_on=dt.date(rng.randint(2015, 2023), rng.randint(1, 12), 1))
            membership.full_clean()
            membership.save()

        def build_teams(court_key: str, count: int) -> None:
            for number in range(1, count + 1):
                team = Team(court=self.courts[court_key], name=TEAM_NAMES[number - 1])
                team.full_clean()
                team.save()
                # A demo judge works alone in the team, so routing gives the account a full caseload.
                judges = [u for u in [demo_user(court_key, Role.JUDGE, number)] if u]
                wanted = 1 if judges else D.DEMO_COURT_TEAM_JUDGES if court_key in D.CASE_SHARES else rng.randint(1, 3)
                while len(judges) < wanted:
                    judges.append(staff(court_key, Role.JUDGE, "judge"))
                for judge in judges:
                    member(team, judge, TeamRole.JUDGE)
                assistant = demo_user(court_key, Role.ASSISTANT, number) or staff(court_key, Role.ASSISTANT, "assistant")
                member(team, assistant, TeamRole.ASSISTANT)
                self.assistants[team.pk] = assistant
                # A team's 书记员: Role has no separate value for it, so it carries the clerk role.
                member(team, staff(court_key, Role.CLERK, "secretary"), TeamRole.CLERK)

        for key in self.info:
            level = self.info[key]["level"]
            if level == "supreme":
                continue
            if level == "high":
                staff(key, Role.SUPERVISOR, "supervisor")
                demo_user(key, Role.ADMIN)
                continue
            if level == "intermediate":
                build_teams(key, 2)
                self.chiefs[key] = staff(key, Role.BUREAU_CHIEF, "chief")
                demo_user(key, Role.DESIGNATION_OFFICER) or staff(key, Role.DESIGNATION_OFFICER, "officer")
                demo_user(key, Role.SUPERVISOR) or staff(key, Role.SUPERVISOR, "supervisor")
                continue
            build_teams(key, 3 if key in D.CASE_SHARES else rng.randint(2, 4))
            self.chiefs[key] = demo_user(key, Role.BUREAU_CHIEF) or staff(key, Role.BUREAU_CHIEF, "chief")
            clerks = [u for u in [demo_user(key, Role.CLERK)] if u]
            extra = 1 if clerks else rng.randint(1, 2)  # 立案 clerks, outside the teams
            clerks += [staff(key, Role.CLERK, "filing") for _i in range(extra)]
            self.filing_clerks[key] = clerks

    # --- planning --------------------------------------------------------------------------------
    def allocate(self, total: int) -> dict[str, int]:
        """Cases per basic court: fixed shares for the demo courts, the rest by weight (largest remainder)."""
        counts = {key: round(total * share) for key, share in D.CASE_SHARES.items()}
        rest = max(total - sum(counts.values()), 0)
        weights = {c["key"]: c["weight"] for c in D.BASIC_COURTS if c["key"] not in D.CASE_SHARES}
        weight_sum = sum(weights.values())
        exact = {k: rest * w / weight_sum for k, w in weights.items()}
        floor = {k: int(v) for k, v in exact.items()}
        leftover = rest - sum(floor.values())
        for key in sorted(exact, key=lambda k: (-(exact[k] - floor[k]), k))[:leftover]:
            floor[key] += 1
        counts.update(floor)
        return counts

    def filing_days(self) -> list[dt.date]:
        days, day = [], FIRST_FILING_DAY
        while day < self.today:  # today's work is still going on: the history ends yesterday
            if day.weekday() < 5:
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    def plan_cases(self, total: int) -> list[Plan]:
        rng = self.rng
        days = self.filing_days()
        causes = list(D.CAUSE_WEIGHTS)
        cause_weights = [D.CAUSE_WEIGHTS[c] for c in causes]
        serial = self.serial_parties()
        plans: list[Plan] = []
        for key, count in self.allocate(total).items():
            specials = self.specials_for(key, serial, count)
            for i in range(count):
                plan = Plan(court_key=key, filed_on=rng.choice(days), cause=rng.choices(causes, cause_weights)[0],
                            index=len(plans))
                if i < len(specials):
                    specials[i](plan)
                if not plan.applicants:
                    plan.applicants = self.draw_applicants(plan)
                if not plan.respondents:
                    plan.respondents = self.draw_respondents(plan)
                plan.interference_risk = plan.interference_risk or rng.random() < 0.02
                plan.upper_court_supervised = rng.random() < 0.02
                plans.append(plan)
        return plans

    def serial_parties(self) -> dict[str, PartySpec]:
        world = self.world
        specs = {}
        for entry in D.SERIAL_RESPONDENTS:
            home = entry["home"]
            if entry["kind"] == "person":
                born = dt.date(*entry["born"])
                specs[entry["key"]] = PartySpec(
                    kind=PartyKind.PERSON, name=entry["name"], id_type=IdType.RESIDENT_ID,
                    id_number=world.resident_id(home, born, entry["gender"], old=entry.get("id") == "old"),
                    phone=world.mobile(), address=world.home_address(home),
                )
            else:
                world.used_org_names.add(entry["name"])
                specs[entry["key"]] = PartySpec(
                    kind=PartyKind.ORGANISATION, name=entry["name"], id_type=IdType.CREDIT_CODE,
                    id_number=world.credit_code("91", world.region_code(home), modern=True),
                    phone=world.landline(home), address=world.business_address(home),
                    legal_representative=entry["legal_representative"],
                )
        return specs

    def specials_for(self, key: str, serial: dict[str, PartySpec], count: int = 0) -> list:
        """Functions that turn a plan at court ``key`` into one of the demo's story cases."""
        rng, world = self.rng, self.world
        specials = []
        for entry in D.SERIAL_RESPONDENTS:
            spec = serial[entry["key"]]
            for n in range(entry["cases"].get(key, 0)):
                def against(plan: Plan, entry=entry, spec=spec, n=n) -> None:
                    plan.cause = entry["causes"][n % len(entry["causes"])]
                    number = None
                    if entry.get("quote_upgraded") and key == entry["home"]:
                        # This judgment quotes the 18-digit upgrade of the card another court's case
                        # quoted (courts register in demo_data order: 高邑 before 赞皇): one Party.
                        number = resident_id_key(spec.id_number)
                    plan.respondents = [spec.as_input(PartyRole.RESPONDENT, id_number=number)]
                    plan.keep_open = True
                specials.append(against)
            for _n in range(entry.get("applicant_in", {}).get(key, 0)):
                def lends(plan: Plan, spec=spec) -> None:
                    plan.cause = "private_lending"
                    plan.applicants = [spec.as_input(PartyRole.APPLICANT)]
                specials.append(lends)
        organ = D.STATE_ORGAN_CASE
        if organ["court"] == key:
            def state_organ(plan: Plan) -> None:
                plan.cause = organ["cause"]
                plan.applicants = [world.company(key, organ["applicant_industry"]).as_input(PartyRole.APPLICANT)]
                organ_spec = PartySpec(
                    kind=PartyKind.STATE_ORGAN, name=organ["name"], id_type=IdType.CREDIT_CODE,
                    id_number=world.credit_code("11", world.region_code(key), government=True),
                    phone=world.landline(key), address=organ["address"],
                    legal_representative=organ["legal_representative"],
                )
                plan.respondents = [organ_spec.as_input(PartyRole.RESPONDENT)]
                plan.fixed_amount = Decimal(organ["amount"])
                plan.interference_risk = organ["interference_risk"]
                plan.keep_open = True
            specials.append(state_organ)
        heirs = D.HEIRS_CASE
        if heirs["court"] == key:
            def heirs_case(plan: Plan) -> None:
                plan.cause = heirs["cause"]
                plan.respondents = [
                    world.person(key, years=(1965, 1992)).as_input(PartyRole.RESPONDENT, liability_cap=Decimal(cap))
                    for cap in heirs["caps"]
                ]
                plan.keep_open = True
            specials.append(heirs_case)
        rng.shuffle(specials)
        # The dossier's two set pieces come first, so they exist even in a small demo.
        wage = D.WAGE_CASE
        if wage["court"] == key:
            def wage_case(plan: Plan) -> None:
                plan.cause = wage["cause"]
                plan.document = "labour_arbitration"
                plan.applicants = []
                for claim in wage["claims"]:
                    worker = world.person(key, years=(1968, 1998)).as_input(PartyRole.APPLICANT)
                    worker.claim_amount, worker.claim_class = Decimal(claim), ClaimClass.WAGE
                    plan.applicants.append(worker)
                plan.respondents = [world.company(key, "labour").as_input(PartyRole.RESPONDENT)]
                plan.fixed_amount = sum((Decimal(c) for c in wage["claims"]), Decimal("0.00"))
                plan.filed_on = self.workday_before(self.today - dt.timedelta(days=75))
                plan.script = "script_wage_distribution"
            specials.insert(0, wage_case)
        cows = D.IN_KIND_CASE
        if cows["court"] == key:
            def cows_case(plan: Plan) -> None:
                plan.cause = cows["cause"]
                plan.document = "mediation"
                plan.applicants = [world.company(key, "trade").as_input(PartyRole.APPLICANT)]
                plan.respondents = [world.shop(key, cows["shop"]).as_input(PartyRole.RESPONDENT)]
                plan.fixed_amount = Decimal(cows["amount"])
                plan.filed_on = self.workday_before(self.today - dt.timedelta(days=240))
                plan.script = "script_in_kind"
            specials.insert(1 if specials and wage["court"] == key else 0, cows_case)
        # Then the companies relief.demo refers to bankruptcy review — where the court has cases enough
        # that they crowd out no showcase story (a small demo's relief.demo registers them afterwards).
        insolvent = D.INSOLVENT_CASES
        if insolvent["court"] == key and count >= insolvent["min_plans"]:
            front = (wage["court"] == key) + (cows["court"] == key)
            for n, (days_ago, industry) in enumerate(insolvent["respondents"]):
                def insolvent_case(plan: Plan, days_ago=days_ago, industry=industry) -> None:
                    plan.cause = insolvent["cause"]
                    plan.applicants = [world.company(key, insolvent["applicant_industry"]).as_input(PartyRole.APPLICANT)]
                    plan.respondents = [world.company(key, industry).as_input(PartyRole.RESPONDENT)]
                    plan.fixed_amount = money(rng.randint(*insolvent["amount"]))
                    plan.filed_on = self.workday_before(self.today - dt.timedelta(days=days_ago))
                    plan.script = "script_insolvent"
                specials.insert(front + n, insolvent_case)
        return specials

    def story_case(self, key: str, *, filed_on: dt.date, cause: str, fate: str, respondent: str = "",
                   amount: Decimal | None = None, **story) -> EnforcementCase:
        """A case another app's demo needs (relief.demo) and the drawn ones do not offer: drawn, registered
        and told like the others, filed on ``filed_on`` (its number follows the court's latest, whatever
        the date: the others are numbered already). It comes after the ladder's replay, so a case left
        open must be young enough that no rung has come due."""
        plan = Plan(court_key=key, filed_on=self.workday_before(filed_on), cause=cause, index=-1, fixed_amount=amount)
        plan.applicants = self.draw_applicants(plan)
        plan.respondents = ([self.world.party_of_kind(respondent, key).as_input(PartyRole.RESPONDENT)] if respondent
                            else self.draw_respondents(plan))
        clerk = self.rng.choice(self.filing_clerks[key])
        case = case_register(actor=clerk, data=self.build_registration(plan),
                             at=self.moment(plan.filed_on, self.rng.randint(8 * 60 + 30, 17 * 60)))
        Story(self, case, plan).tell(fate, **story)
        return EnforcementCase.objects.get(pk=case.pk)

    def workday_before(self, day: dt.date) -> dt.date:
        day = max(day, FIRST_FILING_DAY)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    def draw_applicants(self, plan: Plan) -> list[PartyInput]:
        profile = D.CAUSE_PROFILES[plan.cause]
        count = 1
        if plan.cause in LABOUR_CAUSES and self.rng.random() < 0.12:
            count = self.rng.randint(2, 3)  # several workers against one employer
        return [self.world.party_of_kind(profile["applicant"], plan.court_key).as_input(PartyRole.APPLICANT)
                for _i in range(count)]

    def draw_respondents(self, plan: Plan) -> list[PartyInput]:
        rng, world = self.rng, self.world
        profile = D.CAUSE_PROFILES[plan.cause]
        old_id = rng.random() < 0.04  # a first-generation card quoted in an old judgment
        first = world.person(plan.court_key, years=(1950, 1975), old_id=True) if old_id and \
            profile["respondent"].startswith("person") else world.party_of_kind(profile["respondent"], plan.court_key)
        respondents = [first.as_input(PartyRole.RESPONDENT)]
        if rng.random() < profile["second_respondent"]:
            second_kind = profile.get("second_kind", "person")
            respondents.append(world.party_of_kind(second_kind, plan.court_key).as_input(PartyRole.RESPONDENT))
        return respondents

    # --- registration ----------------------------------------------------------------------------
    def amount(self, cause: str) -> Decimal:
        rng = self.rng
        profile = D.CAUSE_PROFILES[cause]
        value = math.exp(rng.gauss(math.log(profile["median"]), profile["sigma"]))
        if rng.random() < 0.03:
            value *= rng.uniform(4, 15)  # the long tail: a few cases of several million
        value = min(max(value, D.MIN_AMOUNT), D.MAX_AMOUNT)
        step = profile["round"]
        if step and rng.random() < 0.75:
            return money(max(round(value / step), 1) * step)
        return money(value)

    def document_kind(self, cause: str) -> str:
        forced = D.CAUSE_PROFILES[cause].get("document")
        if forced:
            return forced
        if cause in LABOUR_CAUSES and self.rng.random() < 0.3:
            return "labour_arbitration"
        kinds = dict(D.DOCUMENT_WEIGHTS)
        if cause not in CONTRACT_CAUSES:
            for kind in ("arbitration", "payment_order", "notarized_debt"):
                kinds.pop(kind)
        elif cause not in {"private_lending", "financial_loan", "guarantee_contract"}:
            kinds.pop("notarized_debt")
        return self.rng.choices(list(kinds), list(kinds.values()))[0]

    def build_registration(self, plan: Plan) -> RegistrationInput:
        rng = self.rng
        key = plan.court_key
        court, info = self.courts[key], self.info[key]
        city = self.world.city_of(key)
        profile = D.CAUSE_PROFILES[plan.cause]
        kind = plan.document or self.document_kind(plan.cause)

        principal = plan.fixed_amount or self.amount(plan.cause)
        perform_days = {"judgment": rng.choice([10, 10, 10, 15, 30]), "appeal_judgment": 10, "payment_order": 15,
                        "arbitration": 10, "labour_arbitration": 15}.get(kind, rng.randint(10, 30))
        delay = min(int(rng.expovariate(1 / 90)) + 3, 700)  # days from the deadline to the application
        deadline = plan.filed_on - dt.timedelta(days=delay)
        effective = deadline - dt.timedelta(days=perform_days)

        applicants = "、".join(p.name for p in plan.applicants)
        respondents = "、".join(p.name for p in plan.respondents)
        noun = profile["noun"]
        interest = ""
        if plan.cause in INTEREST_CAUSES and kind not in ("labour_arbitration",):
            since = effective - dt.timedelta(days=rng.randint(120, 700))
            interest = (f"及利息（以{principal}元为基数，自{cn_date(since)}起按全国银行间同业拆借中心公布的一年期"
                        f"贷款市场报价利率计算至实际给付之日止）")
        fee = court_fee(principal)
        suit_year = (effective - dt.timedelta(days=rng.randint(45, 300))).year
        size = 8000 if info.get("urban") else 3500
        abbr = court.province_abbr
        document_type = DocumentType.JUDGMENT
        issuing = court.name
        if kind == "judgment":
            number = f"（{suit_year}）{abbr}{court.code}民初{rng.randint(1, size)}号"
            text = (f"被告{respondents}于本判决生效之日起{NUMERALS[perform_days]}日内给付原告{applicants}{noun}"
                    f"{principal}元{interest}。案件受理费{fee}元，由被告{respondents}负担。")
        elif kind == "mediation":
            document_type = DocumentType.MEDIATION
            fee = money(fee / 2)
            number = f"（{suit_year}）{abbr}{court.code}民初{rng.randint(1, size)}号"
            text = (f"被告{respondents}于{cn_date(deadline)}前给付原告{applicants}{noun}{principal}元；"
                    f"案件受理费减半收取{fee}元，由被告{respondents}负担。")
        elif kind == "appeal_judgment":
            parent = self.courts[info["parent"]]
            issuing = parent.name
            appeal_year = (effective - dt.timedelta(days=rng.randint(20, 90))).year
            number = f"（{appeal_year}）{abbr}{parent.code}民终{rng.randint(1, 12000)}号"
            text = (f"驳回上诉，维持原判。原判决：被告{respondents}于判决生效之日起十日内给付原告{applicants}{noun}"
                    f"{principal}元{interest}。二审案件受理费{fee}元，由上诉人{respondents}负担。")
        elif kind == "payment_order":
            document_type = DocumentType.PAYMENT_ORDER
            fee = money(fee / 3)
            number = f"（{effective.year}）{abbr}{court.code}民督{rng.randint(1, 300)}号"
            text = f"债务人{respondents}应当自收到本支付令之日起十五日内给付债权人{applicants}{noun}{principal}元。"
        elif kind == "arbitration":
            document_type = DocumentType.ARBITRATION
            issuing, prefix = D.ARBITRATION_COMMISSIONS[city["key"]]
            number = f"（{effective.year}）{prefix}第{rng.randint(1, 1500):04d}号"
            text = f"被申请人{respondents}于本裁决书送达之日起十日内向申请人{applicants}支付{noun}{principal}元{interest}。"
        elif kind == "labour_arbitration":
            document_type = DocumentType.ARBITRATION
            issuing = f"{info['county']}劳动人事争议仲裁委员会"
            number = f"{info['county'][0]}劳人仲案字〔{effective.year}〕第{rng.randint(1, 400)}号"
            text = f"被申请人{respondents}于本裁决生效之日起十五日内支付申请人{applicants}{noun}{principal}元。"
        else:  # notarized_debt
            document_type = DocumentType.NOTARIZED_DEBT
            issuing, prefix = D.NOTARY_OFFICES[city["key"]]
            number = f"（{effective.year}）{prefix}第{rng.randint(1, 3000)}号"
            text = (f"债务人{respondents}应于{cn_date(deadline)}前偿还债权人{applicants}{noun}{principal}元及约定利息；"
                    f"到期不履行的，债权人可依法申请强制执行。")

        target = principal
        if interest and rng.random() < 0.7:
            target += money(principal * Decimal(str(rng.uniform(0.02, 0.15))))
        if kind in ("judgment", "mediation", "appeal_judgment") and rng.random() < 0.6:
            target += fee  # the applicant prepaid the fee the respondent must bear
        non_monetary = ""
        if profile.get("non_monetary"):
            place = self.world.home_address(key)
            non_monetary = f"被告{respondents}腾退位于{place}的房屋并交付原告{applicants}。"
            text = f"{text}{non_monetary}"
            if rng.random() < 0.5:
                target = Decimal("0.00")  # only the eviction is enforced
        if D.HEIRS_CASE["court"] == key and any(p.liability_cap for p in plan.respondents):
            text = f"{text}（{D.HEIRS_CASE['note']}。）"
        if len(plan.applicants) > 1 and target > 0 and any(p.claim_amount is None for p in plan.applicants):
            # Several applicants: each one's claim is set at registration (needed to pay them out).
            weights = [rng.uniform(0.5, 1.5) for _p in plan.applicants]
            shares = [money(target * Decimal(str(w / sum(weights)))) for w in weights]
            shares[-1] = target - sum(shares[:-1], Decimal("0.00"))
            claim_class = ClaimClass.WAGE if plan.cause in LABOUR_CAUSES else ClaimClass.ORDINARY
            for party, share in zip(plan.applicants, shares, strict=True):
                party.claim_amount, party.claim_class = share, claim_class

        return RegistrationInput(
            court=court, cause=plan.cause, target_amount=str(target.quantize(CENT)),
            basis=BasisInput(
                document_number=number, document_type=document_type, issuing_court=issuing,
                effective_date=effective, performance_deadline=deadline, obligations=text,
                principal_amount=str(principal),
            ),
            parties=[*plan.applicants, *plan.respondents], non_monetary_obligations=non_monetary,
            filed_on=plan.filed_on, interference_risk=plan.interference_risk,
            upper_court_supervised=plan.upper_court_supervised,
        )

    def register(self, plans: list[Plan]) -> None:
        """Register court by court in filing order, so sequence numbers grow with the date."""
        order = {key: i for i, key in enumerate(self.info)}
        plans.sort(key=lambda p: (order[p.court_key], p.filed_on, p.index))
        self.cases: dict[int, EnforcementCase] = {}
        for plan in plans:
            plan.registration = self.build_registration(plan)
            clerk = self.rng.choice(self.filing_clerks[plan.court_key])
            at = self.moment(plan.filed_on, self.rng.randint(8 * 60 + 30, 17 * 60))
            self.cases[plan.index] = case_register(actor=clerk, data=plan.registration, at=at)

    # --- what happened since filing -------------------------------------------------------------
    # Showcase stories (Story.script_…), dated back from today so that every alert of the dossier and
    # the supervisor's views shows: (script, where it goes first, whether it closes the case, who fits).
    # "judge" prefers the demo judge's cases, "court" the demo court's, "any" takes any case. A name
    # ending in "?" is a fallback, used only if the entries before it found no case.
    SCRIPTS = [
        ("script_requery_due", "judge", True, lambda s, p: 300 <= s.age(p) <= 480),
        ("script_requery_due?", "judge", True, lambda s, p: s.age(p) >= 300),
        ("script_expiring", "judge", False, lambda s, p: s.age(p) >= (380 if s.org_debtor(p) else 745)),
        ("script_expired", "judge", False, lambda s, p: s.age(p) >= 400),
        ("script_held", "judge", False, lambda s, p: s.age(p) >= 100),
        ("script_missed", "judge", False, lambda s, p: s.age(p) >= 170),
        ("script_found_no_control", "judge", False, lambda s, p: 60 <= s.age(p) <= 200),
        ("script_running", "judge", False, lambda s, p: 110 <= s.age(p) <= 400),
        ("script_running?", "judge", False, lambda s, p: s.age(p) >= 110),
        ("auction_running", "judge", False, lambda s, p: 150 <= s.age(p) <= 320 and s.flat_sized(p) and s.person_debtor(p)),
        ("auction_running?", "judge", False, lambda s, p: s.age(p) >= 150 and s.flat_sized(p) and s.person_debtor(p)),
        ("script_suspended", "judge", False, lambda s, p: s.age(p) >= 120),
        ("script_lead_pending", "judge", False, lambda s, p: 50 <= s.age(p) <= 300),
        ("script_periodic", "judge", False, lambda s, p: 120 <= s.age(p) <= 400 and s.person_debtor(p) and s.small_debt(p)),
        ("script_periodic?", "any", False, lambda s, p: 120 <= s.age(p) <= 400 and s.person_debtor(p) and s.small_debt(p)),
        ("script_held", "court", False, lambda s, p: s.age(p) >= 100),
        ("script_renewed", "court", False, lambda s, p: s.age(p) >= 480),
        ("script_resumed", "court", True, lambda s, p: 360 <= s.age(p) <= 560),
        ("script_resumed", "court", True, lambda s, p: 360 <= s.age(p) <= 560),
        ("script_resumed", "any", True, lambda s, p: 360 <= s.age(p) <= 560),
        ("script_resumed?", "any", True, lambda s, p: s.age(p) >= 360),
        ("script_expiring", "court", False, lambda s, p: s.age(p) >= (380 if s.org_debtor(p) else 745)),
        ("script_auction", "any", True, lambda s, p: s.age(p) >= 300 and s.flat_sized(p) and s.person_debtor(p)),
        ("script_sale", "any", True, lambda s, p: 200 <= s.age(p) <= 680),
        ("script_detention", "any", True, lambda s, p: s.age(p) >= 100 and s.person_debtor(p)),
        ("script_breached", "any", False, lambda s, p: s.age(p) >= 190),
        ("script_low_income", "any", False, lambda s, p: s.age(p) >= 40 and s.person_debtor(p)),
    ]
    SCRIPT_LABELS = {
        "script_expiring": "控制措施即将到期", "script_expired": "控制措施到期未续行", "script_held": "执行款超30天未发放",
        "script_missed": "和解分期逾期未付", "script_requery_due": "终本案件到期复查", "script_found_no_control": "查到车辆未控制",
        "script_running": "和解按期履行中", "auction_running": "一拍流拍、二拍待拍", "script_suspended": "中止执行",
        "script_lead_pending": "申请人线索待核查", "script_periodic": "按月扣划工资", "script_renewed": "续行冻结/查封",
        "script_resumed": "终本后恢复执行（执恢）", "script_auction": "房产二拍成交", "script_sale": "两次流拍后变卖",
        "script_detention": "拘留后家属代履行", "script_breached": "和解违约恢复执行", "script_low_income": "低保账户解除冻结",
        "script_wage_distribution": "三名工人参与分配", "script_in_kind": "四头肉牛以物抵债",
    }

    def age(self, plan: Plan) -> int:
        return (self.today - plan.filed_on).days

    @staticmethod
    def debtor_inputs(plan: Plan) -> list[PartyInput]:
        return [p for p in plan.respondents if "保险" not in p.name] or plan.respondents

    def has_insurer(self, plan: Plan) -> bool:
        return len(self.debtor_inputs(plan)) < len(plan.respondents)

    def person_debtor(self, plan: Plan) -> bool:
        return self.debtor_inputs(plan)[0].kind == PartyKind.PERSON

    def org_debtor(self, plan: Plan) -> bool:
        return self.debtor_inputs(plan)[0].kind == PartyKind.ORGANISATION

    def small_debt(self, plan: Plan) -> bool:
        return Decimal("8000") <= self.cases[plan.index].target_amount <= Decimal("80000")

    def flat_sized(self, plan: Plan) -> bool:
        """A debt a flat in the county pays off at auction."""
        return Decimal("40000") <= self.cases[plan.index].target_amount <= Decimal("300000")

    def assign_fates(self, plans: list[Plan]) -> dict[int, str]:
        rng = self.rng
        judge = self.demo_users.get("judge")
        demo_court = self.courts["zanhuang"]
        ordered = sorted(plans, key=lambda p: p.index)
        fates = {p.index: p.script for p in ordered if p.script}
        free = [p for p in ordered if not p.script and self.cases[p.index].target_amount > 0 and not self.has_insurer(p)]
        rng.shuffle(free)
        placed: set[str] = set()
        for script, where, closes, fits in self.SCRIPTS:
            if script.endswith("?"):
                script = script[:-1]
                if script in placed:
                    continue
            pools = [
                [p for p in free if judge and self.cases[p.index].handler_id == judge.pk],
                [p for p in free if self.cases[p.index].court_id == demo_court.pk],
                free,
            ][{"judge": 0, "court": 1, "any": 2}[where]:]
            for pool in pools:
                chosen = next((p for p in pool if p.index not in fates and not (closes and p.keep_open) and fits(self, p)),
                              None)
                if chosen is not None:
                    fates[chosen.index] = script
                    placed.add(script)
                    break
        for plan in ordered:
            if plan.index not in fates:
                fates[plan.index] = self.random_fate(plan, judge)
        return fates

    def random_fate(self, plan: Plan, judge: User | None) -> str:
        rng = self.rng
        case = self.cases[plan.index]
        age = self.age(plan)
        if case.target_amount == 0:  # only the eviction is enforced
            return "eviction" if age >= 25 else "registered"
        if age < 12:
            return rng.choice(["registered", "registered", "begun"])
        debtors = self.debtor_inputs(plan)
        if debtors[0].kind == PartyKind.STATE_ORGAN:
            return "controlled"  # the township's special funds, frozen (cannot be deducted)
        if plan.keep_open:
            pool = "keep_open"
        else:
            if rng.random() < 0.03:  # the application itself fails
                if plan.cause == "arbitration_award":
                    return "not_enforced"
                return rng.choice(["rejected", "withdrawn_early", "withdrawn_early"])
            if self.has_insurer(plan):
                return "voluntary"  # the insurer pays
            pool = "judge" if judge and case.handler_id == judge.pk else "other"
        weights = dict(FATES_BY_AGE[pool])
        if debtors[0].kind != PartyKind.PERSON:
            weights.pop("detention", None)
            weights.pop("periodic", None)
        if not self.small_debt(plan):
            weights.pop("periodic", None)
        if age > 300:  # an old case still "investigating" would long have been closed (终本) or escalated
            weights["investigating"] = weights.get("investigating", 0) / 4
            weights["zhongben"] = weights.get("zhongben", 0) * 1.5
        if not self.flat_sized(plan):
            weights.pop("auction", None)
        return rng.choices(list(weights), list(weights.values()))[0]

    def tell_stories(self, plans: list[Plan]) -> None:
        self.court_keys = {court.pk: key for key, court in self.courts.items()}
        self.resumed: list[EnforcementCase] = []
        fates = self.assign_fates(plans)
        self.fates = Counter(fates.values())
        self.showcase: list[tuple[str, EnforcementCase]] = []
        for plan in sorted(plans, key=lambda p: p.index):
            case = self.cases[plan.index]
            Story(self, case, plan).tell(fates[plan.index])
            if fates[plan.index] in self.SCRIPT_LABELS:
                self.showcase.append((fates[plan.index], case))

    def dossier_summary(self) -> list[str]:
        """What the dossiers hold and which alerts show today, for the presenter."""
        today = self.today
        controls = Counter(ControlAction.objects.values_list("kind", flat=True))
        in_force = ControlAction.objects.filter(status=ControlStatus.IN_FORCE, expires_on__isnull=False)
        expiring = in_force.filter(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=30)).count()
        expired = in_force.filter(expires_on__lt=today).count()
        held = EnforcementCase.objects.filter(held_amount__gt=0, held_since__lt=today - dt.timedelta(days=30)).count()
        missed = Settlement.objects.filter(status=SettlementStatus.PERFORMING, instalments__due_on__lt=today,
                                           instalments__paid_amount__lt=F("instalments__amount")).distinct().count()
        open_cases = list(EnforcementCase.objects.filter(status__in=OPEN_STATUSES))
        past = sum(1 for c in open_cases if today > statutory_deadline(
            c.filed_on, suspended_days=c.suspended_days + ((today - c.suspended_since).days if c.suspended_since else 0)))
        due = 0
        for case in EnforcementCase.objects.filter(closure_type=ClosureType.TERMINATED_ROUND):
            when = requery_due_on(case)
            due += bool(when and when <= today + dt.timedelta(days=30))
        totals = EnforcementCase.objects.aggregate(recovered=Sum("recovered_amount"), disbursed=Sum("disbursed_amount"))
        labels = dict(ControlKind.choices)
        lines = [
            f"dossiers: {Investigation.objects.count()} investigation items, {ProcedureStep.objects.count()} procedural steps, "
            f"{CoerciveMeasure.objects.count()} coercive measures, {Settlement.objects.count()} settlements, "
            f"{DistributionPlan.objects.count()} distribution plans; "
            f"¥{money(totals['recovered'] or 0)} recovered, ¥{money(totals['disbursed'] or 0)} paid out",
            "controls: " + ", ".join(f"{labels[k]} {n}" for k, n in controls.most_common())
            + f"; {ControlRenewal.objects.count()} renewals, {AuctionRound.objects.count()} auction rounds",
            f"alerts today: {expiring} controls expiring within 30 days, {expired} expired unrenewed; {held} cases holding "
            f"money over 30 days; {missed} settlements with a missed instalment; {past} open cases past the 6-month "
            f"limit; {due} 终本 cases due for re-query; {len(self.resumed)} resumed as 执恢",
        ]
        if self.showcase:
            lines.append("showcase dossiers:")
            for script, case in self.showcase:
                case.refresh_from_db(fields=["handler", "status"])
                handler = case.handler.display_name if case.handler else "—"
                lines.append(f"  {self.SCRIPT_LABELS[script]}: {case.case_number} ({handler})")
        return lines

    @staticmethod
    def moment(day: dt.date, minute_of_day: int) -> dt.datetime:
        """An aware datetime in China Standard Time on ``day``."""
        naive = dt.datetime.combine(day, dt.time(minute_of_day // 60, minute_of_day % 60))
        return timezone.make_aware(naive, timezone.get_default_timezone())

    # --- summary ---------------------------------------------------------------------------------
    def tracking_summary(self, tracking: dict) -> str:
        """One line: the tracking records by outcome, the cases the hand-offs registered, 赞皇's 自动履行率
        as its report page shows it by default (this year)."""
        from tracking.models import TrackingRecord, TrackingStatus
        from tracking.selectors import default_period, performance_metrics

        statuses = Counter(TrackingRecord.objects.values_list("status", flat=True))
        still = TrackingRecord.objects.filter(status=TrackingStatus.TRACKING)
        overdue = still.filter(performance_deadline__lt=self.today).count()
        soon = still.filter(performance_deadline__gte=self.today,
                            performance_deadline__lte=self.today + dt.timedelta(days=7)).count()
        line = (f"pre-enforcement tracking: {sum(statuses.values())} records ("
                + ", ".join(f"{name} {n}" for name, n in tracking["courts"].items())
                + f"): {statuses[TrackingStatus.PERFORMED_FULL]} performed in full, "
                f"{statuses[TrackingStatus.PERFORMED_PART]} in part, {statuses[TrackingStatus.WITHDRAWN]} withdrawn, "
                f"{statuses[TrackingStatus.ENFORCEMENT]} passed to enforcement today ("
                + ", ".join(case.case_number for case in tracking["cases"])
                + f"), {statuses[TrackingStatus.TRACKING]} still tracked ({overdue} overdue, {soon} due within a week)")
        chief = self.demo_users.get("chief")
        if chief is not None:
            total = performance_metrics(user=chief, date_from=default_period(self.today)[0], date_to=self.today,
                                        court=self.courts["zanhuang"]).total
            if total.rate is not None:
                line += (f"; 自动履行率 at 赞皇 this year {total.rate * 100:.1f}% "
                         f"({total.performed_full} of {total.decided} decided)")
        return line

    @staticmethod
    def relief_summary(relief: dict) -> str:
        """One line: what judicial aid, bankruptcy referrals and custodians the demo holds, with the cases."""
        parts = []
        for aid in relief["aid"]:
            if aid.paid_amount:
                parts.append(f"aid ¥{aid.paid_amount} granted and paid to {aid.applicant.name} in {aid.case.case_number}")
            else:
                parts.append(f"{aid.applicant.name}'s aid application in {aid.case.case_number} awaits the chief's decision")
        for referral in relief["referrals"]:
            court = referral.bankruptcy_court.name if referral.bankruptcy_court else "—"
            if referral.status == "accepted":
                parts.append(f"{referral.respondent.name} ({referral.case.case_number}) accepted for bankruptcy by {court},"
                             " case closed as 终结执行")
            else:
                parts.append(f"{referral.respondent.name} ({referral.case.case_number}) referred to {court}, waiting")
        for custodian in relief["custodians"]:
            net = sum((p.amount for p in custodian.proceeds.all()), Decimal("0.00"))
            parts.append(f"custodian {custodian.name} leasing a sealed property in {custodian.case.case_number}"
                         f" (rent ¥{net} paid in" + (", property sealed for it" if relief["sealed_for_custodian"] else "") + ")")
        registered = relief["registered"]
        head = "relief at 赞皇" + (f" (+{len(registered)} cases registered for it: "
                                  + ", ".join(c.case_number for c in registered) + ")" if registered else "")
        return head + ": " + "; ".join(parts)

    def report(self, *, seed: int, seconds: float, held: int) -> None:
        out = self.stdout
        statuses = Counter(EnforcementCase.objects.values_list("status", flat=True))
        closures = Counter(EnforcementCase.objects.filter(status=CaseStatus.CLOSED).values_list("closure_type", flat=True))
        out.write(self.style.SUCCESS(f"Demo data created in {seconds:.1f} s (seed {seed})."))
        out.write(
            f"  courts {Court.objects.count()}, teams {Team.objects.count()}, users {User.objects.count()}, "
            f"cases {EnforcementCase.objects.count()}, parties {Party.objects.count()}"
        )
        if statuses:
            out.write("  cases by status: " + ", ".join(
                f"{CaseStatus(s).label} {n}" for s, n in sorted(statuses.items(), key=lambda kv: -kv[1])))
        if closures:
            out.write("  closed as: " + ", ".join(f"{ClosureType(k).label} {n}" for k, n in closures.most_common()))
        if statuses:
            for line in self.dossier_summary():
                out.write("  " + line)
        ladder = getattr(self, "ladder", {})
        if ladder:
            out.write("  cross execution: " + ", ".join(f"{k} {v}" for k, v in sorted(ladder.items()))
                      + "; levels now " + ", ".join(f"L{lvl} {n}" for lvl, n in sorted(Counter(
                          EnforcementCase.objects.filter(status__in=OPEN_STATUSES).values_list("escalation_level", flat=True)
                      ).items())))
        tracking = getattr(self, "tracking", None)
        if tracking and tracking["courts"]:
            out.write("  " + self.tracking_summary(tracking))
        relief = getattr(self, "relief", None)
        if relief and (relief["aid"] or relief["referrals"] or relief["custodians"]):
            out.write("  " + self.relief_summary(relief))
        if getattr(self, "hard_cases", None) is not None:
            out.write("  " + hard_case_summary(self.hard_cases))
        archives = getattr(self, "archives", None)
        if archives:
            out.write(f"  archive: {archives['archived']} closed cases archived, {archives['waiting']} not yet "
                      "(those closed over 30 days ago show in the 超期未归档 alert)")
        pending = Notification.objects.filter(status=NotificationStatus.PENDING).count()
        out.write(f"  notifications in the outbox: {pending} pending ({held} not sent to the broker while seeding;"
                  " the worker's resend job delivers them)")
        sample = EnforcementCase.objects.filter(court=self.courts["zanhuang"]).order_by("-year", "-seq").first()
        if sample:
            out.write(f"  e.g. {sample.case_number} · {sample.cause_label} · ¥{sample.target_amount}")

        rows = [("username", "password", "role", "court", "open cases handled")]
        for username, *_rest in D.DEMO_ACCOUNTS:
            user = self.demo_users.get(username)
            if user is None:
                continue
            handled = EnforcementCase.objects.filter(handler=user, status__in=OPEN_STATUSES).count()
            rows.append((username, D.DEMO_PASSWORD, user.get_role_display(), user.court.name,
                         str(handled) if user.role == Role.JUDGE else ""))
        widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        out.write("")
        out.write("Demo accounts (all other generated users have unusable passwords):")
        for n, row in enumerate(rows):
            out.write("  " + "  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
            if n == 0:
                out.write("  " + "  ".join("-" * w for w in widths))
        if self.skipped_demo:
            out.write(self.style.WARNING(
                "Not created, the username was taken already (left untouched): " + ", ".join(self.skipped_demo)))
