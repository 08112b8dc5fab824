"""Which court to designate (指定执行, DESIGN.md §8.4): the courts of the upper court's jurisdiction,
ranked where the respondent lives (属人) first, then where its assets lie (属地), then the lowest
caseload per judge — each with the reason shown to the officer who decides.

Places are read from data the case already has:
- 属人: the region code of a respondent's resident ID (first six digits, also on 15-digit cards) or
  unified social credit code (digits 3–8), named through python-stdnum's division table (which knows
  the counties renamed over the years), and the county named in the respondent's address;
- 属地: the county named in the asset of a control still in force (property address, registry …).
A court is matched by its county: its ``region`` ("石家庄市长安区") or name, by the county's full
name (长安区), or by its stem (藁城 for an ID issued when it was 藁城市, now 藁城区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from cases.models import OPEN_STATUSES, CaseParty, ControlAction, ControlStatus, EnforcementCase, PartyRole
from courts.models import Court

COUNTY_SUFFIXES = ("自治县", "区", "县", "市", "旗")


@dataclass
class Suggestion:
    court: Court
    open_cases: int
    judges: int
    reasons: list[str] = field(default_factory=list)
    rank_group: int = 2  # 0 属人, 1 属地, 2 load only

    @property
    def load_per_judge(self) -> Decimal | None:
        if not self.judges:
            return None
        return (Decimal(self.open_cases) / self.judges).quantize(Decimal("0.01"))

    def as_dict(self) -> dict:
        return {"court": self.court.pk, "court_name": self.court.name, "open_cases": self.open_cases, "judges": self.judges,
                "load_per_judge": str(self.load_per_judge) if self.load_per_judge is not None else None,
                "reasons": self.reasons, "basis": ("residence", "assets", "load")[self.rank_group]}


def _stem(name: str) -> str:
    for suffix in COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def division_names(code: str) -> list[str]:
    """County names for a 6-digit administrative division code (all names it has carried)."""
    if not re.fullmatch(r"\d{6}", code or ""):
        return []
    from stdnum import numdb

    names: list[str] = []
    for _part, props in numdb.get("cn/loc").info(code):
        for county in (props.get("county") or "").split(","):
            county = county.split("]")[-1].strip()
            if county and county not in names:
                names.append(county)
    return names


def party_region_code(id_type: str, id_number: str) -> str:
    number = (id_number or "").upper()
    if id_type == "resident_id" and len(number) in (15, 18):
        return number[:6]
    if id_type == "credit_code" and len(number) == 18:
        return number[2:8]
    return ""


def _court_places(court: Court) -> tuple[str, str]:
    """(text to search for a county name, the court's own county name) — the region as stored, e.g.
    石家庄市长安区 → county 长安区."""
    region = court.region or ""
    county = region
    for parent_part in ("市", "州", "盟", "地区"):
        # the county is what follows the prefecture: 石家庄市长安区 → 长安区
        idx = region.find(parent_part)
        if 0 <= idx < len(region) - 2:
            county = region[idx + len(parent_part):]
            break
    return f"{court.name}{region}", county


def _matches(court: Court, name: str) -> bool:
    haystack, _county = _court_places(court)
    return bool(name) and (name in haystack or _stem(name) in haystack)


def _in_text(court: Court, text: str) -> bool:
    _haystack, county = _court_places(court)
    return bool(county) and len(county) >= 2 and county in (text or "")


def designation_suggestions(case: EnforcementCase, upper_court: Court) -> list[Suggestion]:
    """Courts the upper court may designate for ``case``: active basic courts directly under it,
    never the case's own court; ranked 属人 → 属地 → lowest load per judge, then name."""
    from transfers.selectors import courts_with_load

    courts = list(courts_with_load(upper_court).exclude(pk=case.court_id))
    respondents = list(CaseParty.objects.filter(case=case, role=PartyRole.RESPONDENT).select_related("party"))
    assets = list(ControlAction.objects.filter(case=case, status=ControlStatus.IN_FORCE).values_list("asset", flat=True)[:50])

    suggestions = []
    for court in courts:
        s = Suggestion(court=court, open_cases=court.open_cases, judges=court.judge_count)
        for link in respondents:
            party = link.party
            for name in division_names(party_region_code(party.id_type, party.id_number)):
                if _matches(court, name):
                    message = (_("属人: %(party)s is registered in %(place)s") if party.id_type == "credit_code"
                               else _("属人: %(party)s's ID was issued in %(place)s"))
                    s.reasons.append(message % {"party": party.name, "place": name})
                    s.rank_group = 0
                    break
            if _in_text(court, party.address):
                s.reasons.append(_("属人: %(party)s's address is in %(place)s") % {"party": party.name,
                                                                                  "place": _court_places(court)[1]})
                s.rank_group = 0
        for asset in assets:
            if _in_text(court, asset):
                s.reasons.append(_("属地: asset under control there: %(asset)s")
                                 % {"asset": asset if len(asset) <= 40 else asset[:39] + "…"})
                s.rank_group = min(s.rank_group, 1)
                break
        load = s.load_per_judge
        s.reasons.append(_("Load: %(n)d open cases, %(j)d judges (%(per)s per judge)")
                         % {"n": s.open_cases, "j": s.judges, "per": load if load is not None else "—"})
        suggestions.append(s)
    no_judges = Decimal("1e9")
    suggestions.sort(key=lambda s: (s.rank_group, s.judges == 0, s.load_per_judge if s.load_per_judge is not None
                                    else no_judges, s.court.code, s.court.name))
    return suggestions


def respondent_cases(party_ids: list[int], court_ids: list[int]) -> Q:
    """Open cases with one of ``party_ids`` as respondent at one of ``court_ids``."""
    return Q(case_parties__party_id__in=party_ids, case_parties__role=PartyRole.RESPONDENT, court_id__in=court_ids,
             status__in=OPEN_STATUSES)
