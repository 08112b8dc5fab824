"""Case numbers (案号) — pure rules, no Django (DESIGN.md §4).

Format ``（YEAR）PROV CODE TYPE SEQ号`` with full-width parentheses and no spaces, per the SPC's
2015 provisions on case numbers (in force 2016-01-01), e.g. ``（2024）冀0129执123号``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Type codes for enforcement cases (SPC 2015 rules, enforcement category).
CASE_TYPE_CODES: dict[str, str] = {
    "执": "first enforcement",
    "执恢": "resumed enforcement",
    "执保": "preservation enforcement",
    "执异": "enforcement objection",
    "执复": "enforcement review",
    "执监": "enforcement supervision",
    "执请": "request for instructions",
    "执协": "coordination between courts",
    "执他": "other enforcement",
}

_PATTERN = re.compile(
    r"^（(?P<year>\d{4})）(?P<prov>[\u4e00-\u9fff]{1,3}?)(?P<code>\d{0,4})"
    r"(?P<type>执恢|执保|执异|执复|执监|执请|执协|执他|执)(?P<seq>[1-9]\d*)号$"
)


@dataclass(frozen=True)
class CaseNumber:
    year: int
    province_abbr: str
    court_code: str
    type_code: str
    seq: int

    def __str__(self) -> str:
        return format_case_number(self.year, self.province_abbr, self.court_code, self.type_code, self.seq)


def format_case_number(year: int, province_abbr: str, court_code: str, type_code: str, seq: int) -> str:
    if type_code not in CASE_TYPE_CODES:
        raise ValueError(f"unknown enforcement case type code: {type_code!r}")
    if not 1900 <= year <= 9999:
        raise ValueError(f"year out of range: {year}")
    if seq < 1:
        raise ValueError("sequence numbers start at 1")
    if court_code and not court_code.isdigit():
        raise ValueError(f"court code must be digits: {court_code!r}")
    return f"（{year}）{province_abbr}{court_code}{type_code}{seq}号"


def parse_case_number(text: str) -> CaseNumber:
    """Parse a case number, accepting half-width parentheses and stray spaces as typed by people."""
    normalized = re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）").replace("〔", "（").replace("〕", "）")
    match = _PATTERN.match(normalized)
    if not match:
        raise ValueError(f"not an enforcement case number: {text!r}")
    return CaseNumber(
        year=int(match["year"]),
        province_abbr=match["prov"],
        court_code=match["code"],
        type_code=match["type"],
        seq=int(match["seq"]),
    )


def normalize_document_number(text: str | None) -> str:
    """A legal document's number as stored and compared (registration, pre-enforcement tracking): no
    whitespace, ASCII brackets as the full-width （） of the SPC 2015 numbering rules, so that
    "(2025)冀0129民初1号" and "（2025）冀0129民初1号" are one document."""
    return "".join((text or "").split()).replace("(", "（").replace(")", "）")
