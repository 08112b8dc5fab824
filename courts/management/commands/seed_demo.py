"""``manage.py seed_demo [--cases N] [--seed S]`` — the demo data set (DESIGN.md §2).

Creates the Hebei court tree of ``courts.demo_data`` (石家庄中院 with all its basic courts, 保定中院
with some of its), enforcement teams and staff, one documented account per role, and about 300
enforcement cases. Cases are registered through ``cases.services.case_register`` and moved on with
``case_transition``, so case numbers, routing, timelines, notifications and the audit trail are the
system's own. Everything is drawn from ``random.Random(seed)``: the same seed on an empty database
gives the same courts, people, numbers and amounts (timestamps of events are the time of seeding).

Idempotent: if the demo courts exist already, it says so and does nothing. The whole run is one
transaction, so an interrupted run leaves nothing behind.

Notifications to applicants are written to the outbox as registration does, but not handed to the
broker during seeding (hundreds of historical "your case was registered" messages are not worth a
broker round-trip each, and seeding must work with no broker running): they stay pending, and the
periodic resend job delivers them once a worker with beat runs.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from stdnum.cn import ric, uscc

from cases import notifications
from cases.identifiers import resident_id_key
from cases.models import (
    OPEN_STATUSES,
    CaseStatus,
    DocumentType,
    EnforcementCase,
    IdType,
    Notification,
    NotificationStatus,
    Party,
    PartyKind,
    PartyRole,
)
from cases.services import BasisInput, PartyInput, RegistrationInput, case_register, case_transition
from courts import demo_data as D
from courts.models import Court, Role, Team, TeamMembership, TeamRole, User

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

    def shop(self, key: str) -> PartySpec:
        """An individual business (个体工商户), credit code 92…."""
        rng = self.rng
        home = self.home_court(key, stay=0.9)
        owner_gender = rng.choice("mf")
        owner = self.full_name(owner_gender, rng.randint(1960, 1992))
        county = self.info[home]["county"]
        name = self._unique_org_name(lambda: f"{county}{owner}{rng.choice(D.SHOP_KINDS)}")
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
    story: list[tuple[str, str]] = field(default_factory=list)  # (transition, closure type)
    keep_open: bool = False
    interference_risk: bool = False
    upper_court_supervised: bool = False
    fixed_amount: Decimal | None = None
    registration: RegistrationInput | None = None


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
            self.advance(plans)
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
                wanted = 1 if judges else rng.randint(1, 3)
                while len(judges) < wanted:
                    judges.append(staff(court_key, Role.JUDGE, "judge"))
                for judge in judges:
                    member(team, judge, TeamRole.JUDGE)
                assistant = demo_user(court_key, Role.ASSISTANT, number) or staff(court_key, Role.ASSISTANT, "assistant")
                member(team, assistant, TeamRole.ASSISTANT)
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
        while day <= self.today:
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
            specials = self.specials_for(key, serial)
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
                plan.story = self.draw_story(plan)
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

    def specials_for(self, key: str, serial: dict[str, PartySpec]) -> list:
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
        return specials

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

    def draw_story(self, plan: Plan) -> list[tuple[str, str]]:
        """What has happened to the case since filing, by its age (DESIGN.md §3.2)."""
        rng = self.rng
        age = (self.today - plan.filed_on).days
        start = ("start", "")
        if plan.keep_open:  # the demo's story cases stay open so bundling/designation can be shown
            if age < 15:
                return []
            return [start] if rng.random() < 0.85 else [start, ("suspend", "")]
        r = rng.random()
        if age < 15:
            return [] if r < 0.75 else [start]
        if r < 0.03:  # the application itself fails
            if plan.cause == "arbitration_award":
                return [("close", "not_enforced")]
            return [("close", rng.choice(["rejected", "withdrawn", "withdrawn"]))]
        if age < 90:
            outcomes = [([], 0.08), ([start], 0.60), ([start, ("close", "performed")], 0.18),
                        ([start, ("settle", "")], 0.08), ([start, ("suspend", "")], 0.06)]
        elif age < 365:
            outcomes = [([start], 0.28), ([start, ("close", "performed")], 0.36),
                        ([start, ("close", "terminated")], 0.08),
                        ([start, ("settle", ""), ("close", "performed")], 0.06),
                        ([start, ("settle", "")], 0.06), ([start, ("suspend", "")], 0.07),
                        ([start, ("suspend", ""), ("resume", "")], 0.04),
                        ([start, ("settle", ""), ("settlement_breached", "")], 0.03),
                        ([start, ("close", "withdrawn")], 0.02)]
        else:
            outcomes = [([start], 0.16), ([start, ("close", "performed")], 0.47),
                        ([start, ("close", "terminated")], 0.14),
                        ([start, ("settle", ""), ("close", "performed")], 0.06),
                        ([start, ("settle", "")], 0.03), ([start, ("suspend", "")], 0.07),
                        ([start, ("suspend", ""), ("resume", "")], 0.03),
                        ([start, ("settle", ""), ("settlement_breached", "")], 0.02),
                        ([start, ("close", "withdrawn")], 0.02)]
        stories, weights = zip(*outcomes, strict=True)
        return list(rng.choices(stories, weights)[0])

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
        kind = self.document_kind(plan.cause)

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

    # --- moving cases on -------------------------------------------------------------------------
    def advance(self, plans: list[Plan]) -> None:
        rng = self.rng
        reasons = {"suspend": D.SUSPEND_REASONS, "resume": D.RESUME_REASONS, "settle": D.SETTLE_REASONS,
                   "settlement_breached": D.BREACH_REASONS}
        now = timezone.now()
        for plan in plans:
            case = self.cases[plan.index]
            chief = self.chiefs[plan.court_key]
            day = plan.filed_on
            previous = case.created_at
            for transition, closure_type in plan.story:
                # Each step some days after the last (start within a week), never in the future.
                day = day + dt.timedelta(days=rng.randint(1, 7) if transition == "start" else rng.randint(15, 120))
                at = min(max(self.moment(day, rng.randint(8 * 60 + 30, 17 * 60)), previous), now)
                previous = at
                actor = case.handler or chief
                if transition == "close" and (rng.random() < 0.15 or closure_type in ("rejected", "not_enforced")):
                    actor = chief  # the bureau chief signs off
                if transition == "start":
                    reason = ""
                elif transition == "close":
                    reason = rng.choice(D.CLOSE_REASONS[closure_type])
                else:
                    reason = rng.choice(reasons[transition])
                case = case_transition(actor=actor, case_id=case.pk, transition=transition, reason=reason,
                                       closure_type=closure_type, at=at)

    @staticmethod
    def moment(day: dt.date, minute_of_day: int) -> dt.datetime:
        """An aware datetime in China Standard Time on ``day``."""
        naive = dt.datetime.combine(day, dt.time(minute_of_day // 60, minute_of_day % 60))
        return timezone.make_aware(naive, timezone.get_default_timezone())

    # --- summary ---------------------------------------------------------------------------------
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
            out.write("  closed as: " + ", ".join(f"{k} {n}" for k, n in closures.most_common()))
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
