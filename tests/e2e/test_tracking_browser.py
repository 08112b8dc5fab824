"""The tracking office walks an effective judgment to a registered enforcement case in a real browser
(Chromium through Playwright) against the live server: record the judgment with its parties (one of
them added through htmx, with a first-generation ID and an old organisation code), serve the reminder
and the warning, ask the obligee after the deadline, pass the record on — and land on the new case's
dossier, numbered, with the parties carried over as typed.

Elements are found by id/name, not visible text: the UI is zh-hans, and its wording may change.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from cases.models import CaseParty, EnforcementCase
from tests.factories import resident_id
from tests.tracking.helpers import OLD_ID, OLD_ORG_CODE
from tracking.models import TrackingRecord

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CASE_NUMBER = re.compile(r"（20\d\d）冀0129执\d+号")
DOCUMENT = "（2025）冀0129民初4321号"
OBLIGEE = {"name": "张建国", "id_number": resident_id(seq=641), "phone": "13803110001", "address": "赞皇县城关镇南街12号"}
OBLIGOR = {"name": "李老汉", "id_number": OLD_ID, "phone": "0311-84221234", "address": "赞皇县院头镇北庄村"}
COMPANY = {"name": "赞皇县老字号酿造厂", "id_number": OLD_ORG_CODE, "legal_representative": "李老汉"}


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")


def fill_party(page, index: int, party: dict) -> None:
    for name, value in party.items():
        page.fill(f"#id_parties-{index}-{name}", value)


def test_tracking_office_takes_a_judgment_to_a_registered_enforcement_case(e2e_world, live_server, page, login, artifacts):
    today = timezone.localdate()
    effective, deadline = today - dt.timedelta(days=60), today - dt.timedelta(days=45)

    login("clerk")
    with page.expect_navigation():
        page.click('nav a.nav-link[href="/tracking/"]')
    with page.expect_navigation():
        page.click("#tracking-register-link")
    assert page.url.endswith("/tracking/register/")
    assert page.input_value("#id_court") == str(e2e_world.zanhuang.pk)

    # 1. The judgment, its obligations and its parties.
    page.select_option("#id_division", "civil_1")
    page.fill("#id_division_name", "院头人民法庭")
    page.fill("#id_basis_document_number", DOCUMENT)
    page.select_option("#id_basis_document_type", "judgment")
    page.fill("#id_basis_issuing_court", "赞皇县人民法院")
    page.select_option("#id_cause", "private_lending")
    page.fill("#id_basis_effective_date", effective.isoformat())
    page.fill("#id_basis_performance_deadline", deadline.isoformat())
    page.fill("#id_basis_principal_amount", "80000")
    page.fill("#id_basis_obligations", "被告于判决生效后十五日内偿还原告借款80000元及利息5000元。")
    page.fill("#id_obligation_amount", "85,000.00")
    fill_party(page, 0, OBLIGEE)
    page.select_option("#id_parties-1-id_type", "resident_id")
    fill_party(page, 1, OBLIGOR)
    with page.expect_response(lambda r: r.url.endswith("/tracking/register/") and r.request.method == "POST") as swap:
        page.click("button[name=add_party][value=obligor]")
    assert swap.value.status == 200 and swap.value.request.headers.get("hx-request") == "true"
    page.wait_for_selector("#id_parties-2-name")
    assert page.input_value("#id_parties-2-role") == "obligor"
    assert page.input_value("#id_parties-1-id_number") == OLD_ID, "rows already typed survive the swap"
    page.select_option("#id_parties-2-kind", "organisation")
    page.select_option("#id_parties-2-id_type", "org_code")
    fill_party(page, 2, COMPANY)
    with page.expect_navigation():
        page.click("button[name=save]")

    assert re.search(r"/tracking/\d+/$", page.url), page.url
    assert page.inner_text("#record-number").strip() == DOCUMENT
    assert page.get_attribute("#record-status", "data-status") == "tracking"
    assert page.is_visible("#record-overdue"), "the deadline has passed: the office is told to ask the obligee"
    record = TrackingRecord.objects.get(document_number=DOCUMENT)

    # 2. The reminder and the warning, served on the obligors.
    page.select_option("#id_remind-served_how", "direct")
    submit(page, "#remind-form")
    page.select_option("#id_warn-served_how", "post")
    page.fill("#id_warn-details", "EMS 1187654321")
    submit(page, "#warn-form")
    steps = page.locator(".tracking-steps li")
    assert [steps.nth(i).get_attribute("data-kind") for i in range(steps.count())] == ["reminder", "warning"]

    # 3. The obligee, asked after the deadline: nothing was paid.
    page.select_option("#id_check-statement", "not_performed")
    page.fill("#id_check-details", "电话回访，权利人称未收到任何款项，申请强制执行。")
    submit(page, "#check-form")
    assert page.locator('.tracking-steps li[data-kind="obligee_check"]').count() == 1
    page.screenshot(path=str(artifacts / "e2e-tracking-record.png"), full_page=True)

    # 4. Passed to enforcement in one step: the dossier of the new case.
    submit(page, "#handoff-form")
    assert re.search(r"/cases/\d+/$", page.url), page.url
    number = page.inner_text("#case-number").strip()
    assert CASE_NUMBER.fullmatch(number), number
    parties = page.inner_text(".parties-table")
    for party in (OBLIGEE, OBLIGOR, COMPANY):
        assert party["name"] in parties
    assert OBLIGEE["id_number"] in parties and OLD_ID in parties and "123456788" in parties, "IDs carried over as typed"
    assert OBLIGEE["phone"] in parties and OBLIGOR["address"] in parties
    assert DOCUMENT in page.inner_text("main"), "the judgment is the case's basis"
    assert DOCUMENT in page.inner_text(".timeline"), "the timeline says where the case came from"
    page.screenshot(path=str(artifacts / "e2e-tracking.png"), full_page=True)

    case = EnforcementCase.objects.select_related("basis").get(case_number=number)
    record.refresh_from_db()
    assert record.status == "enforcement" and record.enforcement_case_id == case.pk
    assert (case.basis.document_number, case.basis.effective_date, case.basis.performance_deadline) == (DOCUMENT, effective, deadline)
    assert str(case.target_amount) == "85000.00"
    links = CaseParty.objects.filter(case=case).select_related("party").order_by("role", "position")
    assert [(lk.role, lk.party.name, lk.party.id_number) for lk in links] == [
        ("applicant", "张建国", OBLIGEE["id_number"]), ("respondent", "李老汉", OLD_ID), ("respondent", "赞皇县老字号酿造厂", "123456788")]

    # Back on the record, the step is final: no second hand-off is offered.
    page.goto(f"{live_server.url}/tracking/{record.pk}/")
    assert page.get_attribute("#record-status", "data-status") == "enforcement"
    assert page.inner_text("#record-case").endswith(number)
    assert page.locator("#handoff-form").count() == 0
