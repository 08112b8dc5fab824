"""The synthetic province's court tree: Hebei (冀) — 1 high court, 11 intermediate courts, 180 basic courts.

The 167 basic courts of the county-level divisions in force today come from the administrative
division table that python-stdnum ships (``stdnum/cn/loc.dat``): a basic court's code is the last four
digits of its county's division code (e.g. 130129 赞皇县 → 冀0129, as in courts/demo_data.py), so the
case numbers and the resident IDs of the people living there look like the real ones. Thirteen
development-zone courts (codes xx71/xx72, illustrative) bring the count to 180.

Caseload is skewed the way real courts are: a city's share follows its population (2020 census), a
court's share inside its city is log-normal with city districts weighted up.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field

import stdnum

PROVINCE_ABBR = "冀"
PROVINCE = "河北省"
HIGH_COURT_NAME = "河北省高级人民法院"

# City code → (name, share of the province's population, 2020 census, telephone area code, plate prefix).
CITIES = {
    "01": ("石家庄市", 11.24, "0311", "冀A"),
    "02": ("唐山市", 7.72, "0315", "冀B"),
    "03": ("秦皇岛市", 3.14, "0335", "冀C"),
    "04": ("邯郸市", 9.41, "0310", "冀D"),
    "05": ("邢台市", 7.11, "0319", "冀E"),
    "06": ("保定市", 11.54, "0312", "冀F"),
    "07": ("张家口市", 4.12, "0313", "冀G"),
    "08": ("承德市", 3.35, "0314", "冀H"),
    "09": ("沧州市", 7.30, "0317", "冀J"),
    "10": ("廊坊市", 5.46, "0316", "冀R"),
    "11": ("衡水市", 4.21, "0318", "冀T"),
}

# Development-zone courts (illustrative names and codes; they hear their zone's cases).
ZONE_COURTS = [
    ("0171", "石家庄高新技术产业开发区人民法院", "高新区"), ("0172", "石家庄循环化工园区人民法院", "循环化工园区"),
    ("0271", "唐山高新技术产业开发区人民法院", "高新区"), ("0272", "唐山市芦台经济技术开发区人民法院", "芦台开发区"),
    ("0371", "秦皇岛经济技术开发区人民法院", "开发区"), ("0471", "邯郸经济技术开发区人民法院", "开发区"),
    ("0571", "邢台经济开发区人民法院", "开发区"), ("0671", "保定高新技术产业开发区人民法院", "高新区"),
    ("0771", "张家口经济开发区人民法院", "开发区"), ("0871", "承德高新技术产业开发区人民法院", "高新区"),
    ("0971", "沧州渤海新区人民法院", "渤海新区"), ("1071", "廊坊经济技术开发区人民法院", "开发区"),
    ("1171", "衡水高新技术产业开发区人民法院", "高新区"),
]

HIGH_SHARE = 0.002  # cases filed at the high court (major cases it tried at first instance)
INTERMEDIATE_SHARE = 0.03  # of a city's cases, filed at its intermediate court


@dataclass
class CourtPlan:
    index: int  # position in ``Province.courts`` (id = index + 1)
    name: str
    short_name: str
    level: str
    code: str
    parent: int | None  # index of the parent court
    city_code: str
    region: str
    address: str
    area_code: str  # 6-digit division code its residents' IDs carry
    urban: bool = False
    weight: float = 0.0  # share of the province's cases
    teams: list[int] = field(default_factory=list)  # team indexes
    judges: list[int] = field(default_factory=list)  # user indexes of the court's judges
    clerks: list[int] = field(default_factory=list)
    chief: int | None = None
    officers: list[int] = field(default_factory=list)
    supervisor: int | None = None
    policy_level0_days: int | None = None  # a saved escalation policy (else the defaults 90/60/60)

    @property
    def id(self) -> int:
        return self.index + 1


def _division_table() -> list[tuple[str, str]]:
    """(4-digit county code, current name) of Hebei's county-level divisions in force today."""
    path = os.path.join(os.path.dirname(stdnum.__file__), "cn", "loc.dat")
    rows, province = [], None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith(" "):
                province = line.split()[0]
                continue
            if province != "13":
                continue
            code, rest = line.strip().split(" ", 1)
            match = re.search(r'county="([^"]*)"', rest)
            if not match or code.endswith("00"):
                continue
            last = match.group(1).split(",")[-1]
            period = re.match(r"\[(\d*)-(\d*)\](.*)", last)
            name = last if period is None else (None if period.group(2) else period.group(3))
            if name and name != "市辖区" and code[:2] in CITIES:
                rows.append((code, name))
    return rows


def _short(name: str) -> str:
    if len(name) > 2 and name[-1] in "县区市" and not name.endswith("矿区"):
        name = name[:-1]
    return name + "法院"


def build_courts(rng: random.Random) -> list[CourtPlan]:
    """The tree, high court first, then per city its intermediate court and basic courts."""
    courts: list[CourtPlan] = [CourtPlan(
        index=0, name=HIGH_COURT_NAME, short_name="河北高院", level="high", code="", parent=None, city_code="01",
        region=PROVINCE, address="河北省石家庄市新华区中华北大街168号", area_code="130105", weight=HIGH_SHARE)]
    divisions = _division_table()
    population = sum(c[1] for c in CITIES.values())
    roads = ["建设大街", "人民路", "解放路", "兴华路", "府前街", "胜利街", "新华路", "育才路", "中山路", "文化路"]
    for city_code, (city, people, _area, _plate) in CITIES.items():
        city_share = (1 - HIGH_SHARE) * people / population
        inter = CourtPlan(
            index=len(courts), name=f"{city[:-1]}市中级人民法院", short_name=f"{city[:-1]}中院", level="intermediate",
            code=city_code, parent=0, city_code=city_code, region=city, address=f"河北省{city}{rng.choice(roads)}{rng.randint(1, 300)}号",
            area_code=f"13{city_code}02", weight=city_share * INTERMEDIATE_SHARE)
        courts.append(inter)
        basics: list[CourtPlan] = []
        for code, county in divisions:
            if code[:2] != city_code:
                continue
            urban = county.endswith("区")
            name = f"{city}{county}人民法院" if urban else f"{county}人民法院"
            basics.append(CourtPlan(
                index=0, name=name, short_name=_short(county), level="basic", code=code, parent=inter.index,
                city_code=city_code, region=county, address=f"河北省{city}{county}{rng.choice(roads)}{rng.randint(1, 300)}号",
                area_code="13" + code, urban=urban))
        for code, name, zone in ZONE_COURTS:
            if code[:2] == city_code:
                first = basics[0].area_code if basics else f"13{city_code}02"
                basics.append(CourtPlan(
                    index=0, name=name, short_name=zone + "法院", level="basic", code=code, parent=inter.index,
                    city_code=city_code, region=f"{city}{zone}", address=f"河北省{city}{zone}{rng.choice(roads)}{rng.randint(1, 300)}号",
                    area_code=first, urban=True))
        raw = [rng.lognormvariate(0, 0.55) * (1.6 if b.urban else 1.0) for b in basics]
        total = sum(raw)
        for basic, w in zip(basics, raw, strict=True):
            basic.index = len(courts)
            basic.weight = city_share * (1 - INTERMEDIATE_SHARE) * w / total
            courts.append(basic)
    return courts
