"""Names, resident ID numbers, credit codes and phones for the synthetic province — pure functions
of a random stream and a serial number, so every identifier is unique by construction (no set of
millions of keys held in memory) and passes the checks registration applies (cases.identifiers).

- Resident IDs (GB 11643): the region of the court the person lives under, a birth date and a
  sequence derived from the person's serial number through a bijection (so no two persons share
  one), the check digit per ISO 7064 MOD 11-2; about 4% of the older people carry a first-generation
  15-digit card, matched through its 18-digit upgrade (``id_key``) as the application does.
- Unified social credit codes (GB 32100): registration authority + type, the region, a 9-character
  organisation code with its own check character (GB 11714), the final check from python-stdnum.
"""

from __future__ import annotations

import datetime as dt
import random

from stdnum.cn import uscc

from cases.identifiers import organisation_code_check
from courts.demo_data import GIVEN_NAMES, INDUSTRIES, MOBILE_PREFIXES, SURNAMES, TRADE_NAMES

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
_SURNAME_CUM: list[float] = []
_total = 0.0
for _name, _w in SURNAMES:
    _total += _w
    _SURNAME_CUM.append(_total)
_SURNAME_NAMES = [s for s, _w in SURNAMES]


def ric_check(body17: str) -> str:
    return _RIC_CHECK[sum(int(c) * w for c, w in zip(body17, _RIC_WEIGHTS, strict=True)) % 11]


class PersonIds:
    """Unique (birth date, sequence) pairs: serial n → (n·A + B) mod M, a permutation of 0…M−1 for
    gcd(A, M) = 1, M = days in the age range × 500 sequence slots (the last digit's parity is the sex)."""

    A = 2_654_435_761  # a prime: coprime with any M below it

    def __init__(self, as_of: dt.date, seed: int):
        self.oldest = as_of.replace(year=as_of.year - 78).toordinal()
        self.youngest = as_of.replace(year=as_of.year - 20).toordinal()
        self.days = self.youngest - self.oldest
        self.modulus = self.days * 500
        self.offset = (seed * 7_919) % self.modulus

    def birth_and_seq(self, serial: int) -> tuple[dt.date, int]:
        m = (serial * self.A + self.offset) % self.modulus
        return dt.date.fromordinal(self.oldest + m // 500), m % 500


def person_name(rng: random.Random, born_year: int, male: bool) -> str:
    surname = _SURNAME_NAMES[_bisect(_SURNAME_CUM, rng.random() * _total)]
    era = "old" if born_year < 1965 else "mid" if born_year < 1985 else "young"
    return surname + rng.choice(GIVEN_NAMES[era]["m" if male else "f"])


def _bisect(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def resident_id(ids: PersonIds, serial: int, area: str, rng: random.Random) -> tuple[str, str, str, bool, int]:
    """(id_number, id_key, name, male, birth year) of person ``serial`` registered in ``area``."""
    born, k = ids.birth_and_seq(serial)
    male = rng.random() < 0.62  # enforcement respondents and applicants are mostly men
    seq = k * 2 + (1 if male else 0)
    seq %= 1000
    body = f"{area}{born:%Y%m%d}{seq:03d}"
    full = body + ric_check(body)
    name = person_name(rng, born.year, male)
    if born.year < 1968 and rng.random() < 0.12:
        old = f"{area}{born:%y%m%d}{seq:03d}"  # first-generation card: 15 digits, no check digit
        return old, "ric:" + full, name, male, born.year
    return full, "ric:" + full, name, male, born.year


def org_code(serial: int, salt: int) -> str:
    """A 9-character organisation code, unique per serial (8 digits from a bijection mod 10^8)."""
    body = f"{(serial * 48_271 + salt) % 100_000_000:08d}"
    return body + organisation_code_check(body)


def credit_code(kind_prefix: str, area: str, serial: int, salt: int) -> str:
    """18-character USCC: '91' enterprise, '92' individual business, '11' state organ."""
    body = f"{kind_prefix}{area}{org_code(serial, salt)}"
    return body + uscc.calc_check_digit(body)


def company_name(rng: random.Random, place: str, industry: str | None = None) -> tuple[str, str]:
    industry = industry or rng.choice(list(INDUSTRIES))
    trade = rng.choice(TRADE_NAMES)
    words = rng.choice(INDUSTRIES[industry])
    if words.endswith("合作社"):
        return f"{place}{trade}{words}", industry
    return f"{place}{trade}{words}有限公司", industry


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
