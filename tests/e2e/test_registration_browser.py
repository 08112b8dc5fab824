"""Registering a case in a real browser (Chromium through Playwright), against the live server.

Elements are found by id/name, not visible text: the UI is zh-hans, and its wording may change.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from cases import services
from cases.identifiers import IdentifierError, normalize_resident_id
from cases.models import CaseParty, EnforcementCase
from tests.factories import registration, resident_id

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CASE_NUMBER = re.compile(r"（20\d\d）冀0129执\d+号")
CJK = re.compile(r"[\u4e00-\u9fff]")

CASE_FIELDS = {
    "#id_target_amount": "85000.00",
    "#id_basis_document_number": "（2025）冀0129民初1234号",
    "#id_basis_issuing_court": "赞皇县人民法院",
    "#id_basis_effective_date": "2025-03-01",
    "#id_basis_performance_deadline": "2025-03-16",
}
APPLICANT = {"name": "张建国", "id_number": resident_id(seq=101), "phone": "13803110001"}
RESPONDENT = {"name": "李明", "id_number": resident_id(seq=102), "phone": "13903110002"}
RESPONDENT_2 = {"name": "王小红", "id_number": resident_id(born=dt.date(1975, 2, 3), seq=103),
                "phone": "13703110003"}


def wrong_check_digit(number: str) -> str:
    digits = "0123456789X"
    return number[:17] + digits[(digits.index(number[17]) + 1) % len(digits)]


def fill_case(page) -> None:
    page.select_option("#id_cause", "private_lending")
    page.select_option("#id_basis_document_type", "judgment")
    for selector, value in CASE_FIELDS.items():
        page.fill(selector, value)


def fill_party(page, index: int, party: dict) -> None:
    for name, value in party.items():
        page.fill(f"#id_parties-{index}-{name}", value)


def assert_party(page, index: int, party: dict) -> None:
    for name, value in party.items():
        assert page.input_value(f"#id_parties-{index}-{name}") == value, f"party {index} lost its {name}"


def test_clerk_registers_a_case_with_an_added_respondent(e2e_world, live_server, page, login, artifacts):
    login("clerk")
    assert page.url.endswith("/cases/register/"), "a filing clerk lands on the registration form"
    assert page.input_value("#id_court") == str(e2e_world.zanhuang.pk)
    assert page.locator("#parties .party-row").count() == 2
    assert page.input_value("#id_parties-0-role") == "applicant"
    assert page.input_value("#id_parties-1-role") == "respondent"

    fill_case(page)
    fill_party(page, 0, APPLICANT)
    fill_party(page, 1, RESPONDENT)

    # "+ 被执行人": htmx posts the form and swaps in the re-rendered #parties block with a third row.
    with page.expect_response(lambda r: r.url.endswith("/cases/register/") and r.request.method == "POST") as swap:
        page.click("button[name=add_party][value=respondent]")
    assert swap.value.status == 200
    assert swap.value.request.headers.get("hx-request") == "true", "the button should post through htmx"
    page.wait_for_selector("#id_parties-2-name")
    assert page.locator("#parties .party-row").count() == 3
    assert page.url.endswith("/cases/register/"), "htmx swaps a fragment; no navigation"
    assert page.input_value("#id_parties-2-role") == "respondent"
    assert_party(page, 0, APPLICANT)
    assert_party(page, 1, RESPONDENT)
    for selector, value in CASE_FIELDS.items():  # outside the swapped block: untouched
        assert page.input_value(selector) == value
    assert page.input_value("#id_cause") == "private_lending"

    page.select_option("#id_parties-2-kind", "person")
    fill_party(page, 2, RESPONDENT_2)

    before = EnforcementCase.objects.count()
    with page.expect_navigation():
        page.click("button[name=save]")

    assert re.search(r"/cases/\d+/$", page.url), f"expected the case page, got {page.url}"
    number = page.inner_text("#case-number").strip()
    assert CASE_NUMBER.fullmatch(number), number
    rows = page.locator(".parties-table tbody tr")
    assert rows.count() == 3
    table = page.inner_text(".parties-table")
    for party in (APPLICANT, RESPONDENT, RESPONDENT_2):
        assert party["name"] in table
        assert party["id_number"] in table, "the registering court sees full ID numbers"
    timeline = page.locator(".timeline li")
    assert timeline.count() >= 1
    assert number in page.inner_text(".timeline"), "the registration event names the case number"
    page.screenshot(path=str(artifacts / "e2e-register.png"), full_page=True)

    assert EnforcementCase.objects.count() == before + 1
    case = EnforcementCase.objects.get(case_number=number)
    assert page.url.endswith(f"/cases/{case.pk}/")
    links = CaseParty.objects.filter(case=case).select_related("party").order_by("role", "position")
    assert [(link.role, link.party.name) for link in links] == [
        ("applicant", "张建国"), ("respondent", "李明"), ("respondent", "王小红"),
    ]


def test_bad_resident_id_is_refused_next_to_the_field(e2e_world, live_server, page, login):
    bad = wrong_check_digit(RESPONDENT["id_number"])
    with pytest.raises(IdentifierError) as reason:
        normalize_resident_id(bad)
    with translation.override("zh-hans"):
        expected = translation.gettext(str(reason.value))

    login("clerk")
    fill_case(page)
    fill_party(page, 0, APPLICANT)
    fill_party(page, 1, {**RESPONDENT, "id_number": bad})
    before = EnforcementCase.objects.count()

    with page.expect_response(lambda r: r.url.endswith("/cases/register/") and r.request.method == "POST") as post:
        page.click("button[name=save]")
    page.wait_for_load_state()
    assert post.value.status == 400

    error = page.locator('.party-row[data-index="1"] .invalid-feedback[data-field="parties-1-id_number"]')
    assert error.count() == 1, page.content()
    assert error.is_visible()
    message = error.inner_text().strip()
    assert message == expected
    if expected != str(reason.value):  # once the zh-hans catalog translates it (the UI language)
        assert CJK.search(message), message
    assert "is-invalid" in (page.get_attribute("#id_parties-1-id_number", "class") or "")
    assert page.locator('.invalid-feedback[data-field="parties-0-id_number"]').count() == 0

    assert EnforcementCase.objects.count() == before
    # Everything typed is still there, including the wrong number, for the clerk to correct.
    assert_party(page, 0, APPLICANT)
    assert_party(page, 1, {**RESPONDENT, "id_number": bad})
    for selector, value in CASE_FIELDS.items():
        assert page.input_value(selector) == value
    assert page.input_value("#id_cause") == "private_lending"


def test_judge_of_another_court_gets_403_on_a_case_page(e2e_world, live_server, page, login):
    case = services.case_register(actor=e2e_world.clerk, data=registration(e2e_world.zanhuang))

    login("ys_judge")
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")

    assert response.status == 403
    body = page.content()
    assert case.case_number not in body
    assert "张建国" not in body and "李明" not in body


def test_adding_a_party_row_shows_no_errors_yet(e2e_world, live_server, page, login):
    login("clerk")
    fill_case(page)
    fill_party(page, 0, APPLICANT)
    fill_party(page, 1, RESPONDENT)
    page.click("button[name=add_party][value=respondent]")
    page.wait_for_selector("#id_parties-2-name")

    assert page.locator("#parties .invalid-feedback").all_inner_texts() == []
