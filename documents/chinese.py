"""How amounts, dates and persons are written in court documents (pure, no Django).

- Dates in the signature block: 二〇二六年六月十五日 (digits as characters, 〇 for zero), as in
  the SPC's document formats (人民法院诉讼文书样式); dates in the body: 2026年6月15日.
- Amounts: ¥-less figures with thousands separators (85,000.00) and, where a sum is ordered, the
  financial capitals (捌万伍仟元整) by the rules of 《支付结算办法》 (zeros collapse to one 零; 整 after 元).
- A natural person's sex and date of birth are read from the 18-digit resident ID (GB 11643-1999:
  digits 7–14 the birth date, digit 17 odd for men, even for women).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

_DATE_DIGITS = "〇一二三四五六七八九"
_NUMBERS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
_CAPITALS = "零壹贰叁肆伍陆柒捌玖"
_PLACE = ("", "拾", "佰", "仟")
_GROUP = ("", "万", "亿", "万亿")


def date_in_words(day: dt.date) -> str:
    """2026-06-15 → 二〇二六年六月十五日."""
    year = "".join(_DATE_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"


def _small_number(n: int) -> str:
    """1–31 in characters: 十, 十五, 二十, 三十一."""
    if n <= 10:
        return _NUMBERS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMBERS[tens]) + "十" + _NUMBERS[ones]


def date_cn(day: dt.date | None) -> str:
    """2026-06-15 → 2026年6月15日 (body text); empty for no date."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def grouped(amount: Decimal | None) -> str:
    """85000 → 85,000.00."""
    return "" if amount is None else f"{Decimal(amount):,.2f}"


def _group_in_capitals(group: int) -> str:
    text, zero_pending = "", False
    for place in (3, 2, 1, 0):
        digit = group // 10**place % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += _CAPITALS[digit] + _PLACE[place]
    return text


def amount_in_capitals(amount: Decimal) -> str:
    """85000.00 → 捌万伍仟元整; 1000.05 → 壹仟元零伍分; 0.50 → 伍角."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount < 0:
        raise ValueError("negative amount")
    cents = int(amount * 100)
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    groups = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    if len(groups) > len(_GROUP):
        raise ValueError("amount too large")
    text, zero_pending = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _group_in_capitals(group) + _GROUP[index]
        zero_pending = False
    if text:
        text += "元"
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _CAPITALS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _CAPITALS[fen] + "分"
    return text


def person_from_resident_id(number: str) -> tuple[str, dt.date] | None:
    """(男/女, date of birth) from an 18-digit (or old 15-digit) resident ID; None if not readable."""
    number = (number or "").strip().upper()
    try:
        if len(number) == 18:
            born, sex_digit = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])), int(number[16])
        elif len(number) == 15:
            born, sex_digit = dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])), int(number[14])
        else:
            return None
    except ValueError:
        return None
    return ("男" if sex_digit % 2 else "女"), born
