import pytest

from cases.case_numbers import CASE_TYPE_CODES, format_case_number, parse_case_number


def test_basic_court_number_has_four_digit_code_and_full_width_parentheses():
    assert format_case_number(2026, "冀", "0129", "执", 1) == "（2026）冀0129执1号"


def test_intermediate_and_high_court_numbers():
    assert format_case_number(2024, "冀", "01", "执恢", 7) == "（2024）冀01执恢7号"
    assert format_case_number(2024, "冀", "", "执监", 3) == "（2024）冀执监3号"


@pytest.mark.parametrize("type_code", sorted(CASE_TYPE_CODES))
def test_every_type_code_round_trips(type_code):
    text = format_case_number(2025, "冀", "0132", type_code, 123)
    parsed = parse_case_number(text)
    assert (parsed.year, parsed.court_code, parsed.type_code, parsed.seq) == (2025, "0132", type_code, 123)
    assert str(parsed) == text


def test_parse_accepts_half_width_parentheses_and_spaces_as_typed():
    parsed = parse_case_number("(2024) 冀0129执 45号")
    assert str(parsed) == "（2024）冀0129执45号"


@pytest.mark.parametrize("bad", ["（2024）冀0129民初45号", "2024冀0129执45号", "（2024）冀0129执0号", "（2024）冀0129执号"])
def test_parse_rejects_non_enforcement_or_malformed_numbers(bad):
    with pytest.raises(ValueError):
        parse_case_number(bad)


def test_format_refuses_unknown_type_and_zero_sequence():
    with pytest.raises(ValueError):
        format_case_number(2024, "冀", "0129", "民初", 1)
    with pytest.raises(ValueError):
        format_case_number(2024, "冀", "0129", "执", 0)
