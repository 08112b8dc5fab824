"""The bureau chief records a second petition on a dossier, in a real browser (Chromium through
Playwright) against the live server: the case enters the hard-case ledger as 难案 at once, shows in
the ledger page, and is checked off there with a reason — gone from the open entries, kept with who
and why among the checked-off ones.

Elements are found by id and data attributes; the category's label is the one the UI shows in its
language (zh-hans: 难案)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from reports import hard_cases
from reports.models import HardCaseCategory, HardCaseEntry
from tests.cases.dossier_helpers import party
from tests.reports.ledger_helpers import registration_on

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")
    # A dossier's cards arrive after the page (cases.panels): go on once they are in, as a user would.
    page.wait_for_function("() => !document.querySelector('.panel-slot')")


def test_a_second_petition_puts_the_case_in_the_ledger_and_the_chief_checks_it_off(e2e_world, live_server, page, login,
                                                                                     artifacts):
    from cases import services

    world = e2e_world
    today = timezone.localdate()
    parties = [party("applicant", "person", "张建国", "13803110001"), party("respondent", "person", "李明", "13903110002")]
    case = services.case_register(actor=world.clerk, data=registration_on(world.zanhuang, today - dt.timedelta(days=40), parties))
    hard_cases.petition_record(actor=world.clerk, case_id=case.pk, received_on=today - dt.timedelta(days=10), channel="visit",
                               petitioner_name="张建国", petitioner_standing="applicant", summary="来访反映案件无进展")
    assert not HardCaseEntry.objects.filter(case=case).exists(), "one petition is not a hard case"
    with translation.override("zh-hans"):
        label = str(HardCaseCategory.PETITIONS.label)

    login("chief")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.inner_text("#petition-count").strip() == "1"

    # 1. Record the second petition (the form is folded away until asked for).
    assert not page.is_visible("#pet-form")
    page.click('button[data-bs-target="#petition-panel"]')
    page.wait_for_selector("#pet-form", state="visible")
    assert page.input_value("#id_pet-received_on") == today.isoformat()
    page.select_option("#id_pet-channel", "hotline")
    page.fill("#id_pet-petitioner_name", "张建国")
    page.select_option("#id_pet-petitioner_standing", "applicant")
    page.fill("#id_pet-summary", "拨打12368热线，反映被执行人仍在经营却拒不履行")
    submit(page, "#pet-form")
    assert page.url.endswith("#hard-cases")
    assert page.inner_text("#petition-count").strip() == "2"
    badge = page.locator('#hard-case-badges [data-category="petitions"]')
    assert badge.inner_text().strip() == label
    entry = HardCaseEntry.objects.get(case=case)
    assert page.get_attribute(f"#hard-case-{entry.pk}", "data-state") == "open"
    assert "12368" in page.inner_text(".timeline")

    # 2. The ledger: the case is there, as 难案, with its two petitions.
    page.click('nav li[data-menu="reports"] > a.dropdown-toggle')
    with page.expect_navigation():
        page.click('nav a.dropdown-item[href="/reports/hard-cases/"]')
    row = page.locator(f'#entry-{entry.pk}')
    assert row.get_attribute("data-category") == "petitions"
    assert row.locator(".badge").inner_text().strip() == label
    assert row.locator(".petitions").inner_text().strip() == "2"
    assert row.locator("a").inner_text().strip() == case.case_number
    page.screenshot(path=str(artifacts / "hard_case_ledger.png"), full_page=True)

    # 3. Check it off from its row, with the reason.
    page.click(f"#clear-toggle-{entry.pk}")
    page.wait_for_selector(f"#hc-clear-{entry.pk}-form", state="visible")
    submit(page, f"#hc-clear-{entry.pk}-form")  # no reason: refused, nothing changed
    assert page.is_visible(f'#hc-clear-{entry.pk}-form .invalid-feedback[data-field="hc-clear-{entry.pk}-reason"]')
    assert HardCaseEntry.objects.get(pk=entry.pk).is_open
    page.fill(f"#id_hc-clear-{entry.pk}-reason", "已约谈申请人释明执行进展，并书面答复")
    submit(page, f"#hc-clear-{entry.pk}-form")
    assert page.locator(f"#entry-{entry.pk}").count() == 0, "gone from the open entries"
    assert page.locator(".alert-success").count() == 1
    entry.refresh_from_db()
    assert (entry.cleared_on, entry.cleared_by, entry.clear_reason) == (today, world.chief, "已约谈申请人释明执行进展，并书面答复")

    page.select_option("#id_state", "cleared")
    submit(page, "#hard-case-filter")
    cleared = page.locator(f"#entry-{entry.pk}")
    assert cleared.get_attribute("data-state") == "cleared"
    assert cleared.locator(".clear-reason").inner_text().strip() == "已约谈申请人释明执行进展，并书面答复"
