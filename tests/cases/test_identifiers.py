import datetime as dt

import pytest

from cases.identifiers import (
    IdentifierError,
    mask_identifier,
    mask_phone,
    normalize_credit_code,
    normalize_phone,
    normalize_resident_id,
    resident_id_key,
)
from tests.factories import credit_code, resident_id


def test_valid_18_digit_id_is_accepted_and_compacted():
    number = resident_id("130129", dt.date(1985, 2, 3), 12)
    assert normalize_resident_id(f" {number[:6]} {number[6:]} ") == number


def test_lower_case_x_check_digit_is_normalised():
    # Find a number whose check character is X.
    for seq in range(1000):
        number = resident_id("130132", dt.date(1990, 1, 1), seq)
        if number.endswith("X"):
            break
    assert normalize_resident_id(number.lower()) == number


def test_wrong_check_digit_is_refused():
    number = resident_id(seq=5)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(IdentifierError, match="check digit"):
        normalize_resident_id(wrong)


def test_impossible_birth_date_is_refused():
    body = "13012919850230123"  # 30 February
    from stdnum.cn import ric

    with pytest.raises(IdentifierError, match="birth date"):
        normalize_resident_id(body + ric.calc_check_digit(body + "0"))


def test_id_from_a_county_code_since_abolished_is_accepted():
    # 1323xx belonged to 石家庄地区, abolished in 1993; people born there still carry such numbers.
    number = resident_id("132301", dt.date(1952, 6, 1), 1)  # 石家庄地区 (abolished 1993)
    assert normalize_resident_id(number) == number


def test_first_generation_15_digit_id_is_accepted_and_matches_its_18_digit_form():
    old = "130129520601123"  # born 1952-06-01, no check digit
    assert normalize_resident_id(old) == old
    new = resident_id_key(old)
    assert len(new) == 18 and new.startswith("13012919520601123")
    assert normalize_resident_id(new) == new  # the upgrade carries a valid check digit


def test_15_digit_id_with_bad_date_is_refused():
    with pytest.raises(IdentifierError):
        normalize_resident_id("130129521301123")


def test_wrong_length_is_refused():
    with pytest.raises(IdentifierError, match="18 digits"):
        normalize_resident_id("1301291985")


def test_credit_code_checksum():
    code = credit_code(42)
    assert normalize_credit_code(code.lower()) == code
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(IdentifierError, match="check character"):
        normalize_credit_code(wrong)


def test_masks_keep_only_the_ends():
    assert mask_identifier("130129198502031234") == "1301**********1234"
    assert mask_phone("13803110001") == "138****0001"
    assert mask_identifier("") == ""


@pytest.mark.parametrize("phone,expected", [
    ("138 0311 0001", "13803110001"), ("+8613803110001", "13803110001"), ("0311-86688888", "0311-86688888"), ("", ""),
])
def test_phone_normalisation(phone, expected):
    assert normalize_phone(phone) == expected


def test_bad_phone_is_refused():
    with pytest.raises(IdentifierError):
        normalize_phone("12345")


def test_short_documents_are_masked_proportionally():
    assert mask_identifier("E12345678") == "E1*****78"
    assert mask_identifier("ABC") == "***"


def test_full_width_input_from_a_chinese_input_method_is_accepted():
    number = resident_id("130129", dt.date(1975, 8, 9), 21)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in number)
    assert normalize_resident_id(full_width) == number
    assert normalize_phone("１３８０３１１０００１") == "13803110001"


def test_pre_2015_organisation_code_checksum():
    from cases.identifiers import normalize_organisation_code, organisation_code_check

    body = "60003734"
    code = body + organisation_code_check(body)
    assert normalize_organisation_code(f"{body}-{code[-1]}") == code
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(IdentifierError, match="check character"):
        normalize_organisation_code(wrong)
    # the organisation code sits inside the unified social credit code that replaced it
    assert "91110000600037341L"[8:17] == code
