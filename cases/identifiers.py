"""Party identifiers — pure rules, no Django (DESIGN.md §5).

Resident identity card numbers (居民身份证号码):
- 18 digits (second generation, GB 11643-1999): region(6) + birth date(8) + sequence(3) + check(1),
  the check character per ISO 7064 MOD 11-2 ('X' for 10). We check length, digits, the checksum and
  that the birth date is a real date not in the future.
- 15 digits (first generation, issued until 2004 and never all replaced: older citizens, archived
  judgments): region(6) + birth date YYMMDD in the 1900s + sequence(3), no checksum.
- We deliberately do *not* require the region code to have existed on the birth date (as
  python-stdnum's ``cn.ric.is_valid`` does): counties merge and get renumbered, and a person keeps
  the number they were issued. Rejecting them would stop a clerk registering a real judgment.
A 15-digit number is matched to its 18-digit upgrade through ``resident_id_key`` so the same
person is one record whichever card a judgment quotes.

Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters, checksum via
python-stdnum's ``cn.uscc``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def gettext_noop(message: str) -> str:
    """Marks a message for translation (Django's makemessages extracts it) without importing Django."""
    return message


def _ascii(value: str) -> str:
    """Full-width characters typed with a Chinese input method (１３０１…, Ｘ) as plain ASCII."""
    return unicodedata.normalize("NFKC", value or "")


# Compiled once: the legacy-ledger import runs every ID number and phone of a file through these.
_SEPARATORS = re.compile(r"[\s-]")
_PHONE_NOISE = re.compile(r"[\s()（）]")
_PHONE_COUNTRY = re.compile(r"^(\+?86)(?=1\d{10}$)")


class IdentifierError(ValueError):
    """Carries a user-facing reason (English msgid; translated by the caller)."""


def _birth_date(year: int, month: int, day: int, today: dt.date | None) -> dt.date:
    try:
        born = dt.date(year, month, day)
    except ValueError as exc:
        raise IdentifierError(gettext_noop("The birth date inside the ID number is not a real date.")) from exc
    today = today or dt.date.today()
    if born > today or born.year < 1880:
        raise IdentifierError(gettext_noop("The birth date inside the ID number is impossible."))
    return born


def normalize_resident_id(value: str, *, today: dt.date | None = None) -> str:
    """Validate a resident ID number and return it compacted (upper-case X). Raises IdentifierError."""
    number = _SEPARATORS.sub("", _ascii(value)).upper()
    if len(number) == 18:
        if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
            raise IdentifierError(gettext_noop("An 18-digit ID number has 17 digits followed by a digit or X."))
        _birth_date(int(number[6:10]), int(number[10:12]), int(number[12:14]), today)
        if ric.calc_check_digit(number) != number[17]:
            raise IdentifierError(gettext_noop("The ID number's check digit is wrong; please check for a typo."))
        return number
    if len(number) == 15:
        if not number.isdigit():
            raise IdentifierError(gettext_noop("A 15-digit (first-generation) ID number has digits only."))
        _birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]), today)
        return number
    raise IdentifierError(gettext_noop("A resident ID number has 18 digits (or 15 for first-generation cards)."))


def resident_id_key(number: str) -> str:
    """The 18-digit form used to match people: a 15-digit number is upgraded ('19' + check digit)."""
    if len(number) == 15:
        body = number[:6] + "19" + number[6:]
        return body + ric.calc_check_digit(body + "0")
    return number


def normalize_credit_code(value: str) -> str:
    code = _SEPARATORS.sub("", _ascii(value)).upper()
    if len(code) != 18:
        raise IdentifierError(gettext_noop("A unified social credit code has 18 characters."))
    try:
        return uscc.validate(code)
    except StdnumError as exc:
        raise IdentifierError(gettext_noop("The unified social credit code's check character is wrong; please check for a typo.")) from exc


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def organisation_code_check(body: str) -> str:
    """Check character of an organisation code (组织机构代码, GB 11714-1997): 8 characters + check."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def normalize_organisation_code(value: str) -> str:
    """An organisation code issued before the 2015 credit-code reform (still on older judgments),
    written with or without its hyphen: 8 digits/letters, then the check character."""
    code = _SEPARATORS.sub("", _ascii(value)).upper()
    if len(code) != 9 or any(c not in _ORG_ALPHABET for c in code[:8]) or code[8] not in _ORG_ALPHABET + "X":
        raise IdentifierError(gettext_noop("An organisation code has 9 characters, e.g. 12345678-5."))
    if organisation_code_check(code[:8]) != code[8]:
        raise IdentifierError(gettext_noop("The organisation code's check character is wrong; please check for a typo."))
    return code


def mask_identifier(number: str) -> str:
    """Mask an ID for lists: a quarter of the characters kept at each end (at most 4), the rest
    starred — 1301**********1234 for a resident ID, E12*****78 for a 9-character passport."""
    if not number:
        return ""
    keep = min(4, len(number) // 4)
    if keep == 0:
        return "*" * len(number)
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]


def mask_phone(phone: str) -> str:
    """Mask a phone number for lists: 138****5678."""
    digits = phone or ""
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_phone(value: str) -> str:
    """Mainland mobile (11 digits) or landline with area code; +86 prefix tolerated."""
    phone = _PHONE_NOISE.sub("", _ascii(value))
    phone = _PHONE_COUNTRY.sub("", phone)
    if not phone:
        return ""
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return phone
    raise IdentifierError(gettext_noop("Enter a mobile number (11 digits) or a landline with area code, e.g. 0311-86688888."))


_LONG_NUMBER = re.compile(r"(?<![0-9])([0-9]{4})([0-9]{3,})([0-9]{3}[0-9Xx])(?![0-9])")


def redact_numbers(text: str) -> str:
    """Mask long numbers inside free text (bank accounts, ID numbers, phones typed into an asset's
    description or a message) for readers who see identities masked: 6228480000000000001 →
    6228***********0001. Numbers of fewer than 11 digits (amounts, plates, dates) are left alone."""
    if not text:
        return text or ""
    return _LONG_NUMBER.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
