"""Cross execution in a real browser (Chromium through Playwright) against the live server: a case at
赞皇 makes no progress and climbs the ladder to the upper court (the daily sweep driven server-side
before the browser opens); 石家庄中院's designation officer opens the inbox, reads the suggested
courts with their reasons and designates 元氏; 元氏's judge then finds the new case in "my dossiers"
with the whole history of the original — who held it, why it moved — and a link back to it.

Elements are found by id/data attributes; the texts checked are the names people read.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cases import services
from cases.models import EnforcementCase
from courts.models import Court, CourtLevel, Role, Team
from tests.factories import UserFactory, add_member, registration, resident_id
from tests.transfers.ladder_helpers import DAY0, at_day, sweep
from transfers.models import DesignationRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")
    # A dossier's cards arrive after the page (cases.panels): go on once they are in, as a user would.
    page.wait_for_function("() => !document.querySelector('.panel-slot')")


def logout(page) -> None:
    with page.expect_navigation():
        page.click("nav form button")


def test_officer_designates_a_stalled_case_and_the_new_court_sees_its_history(e2e_world, live_server, page, login,
                                                                                artifacts):
    world = e2e_world
    # A third court under 石家庄中院, idle: it would win on load alone, but 元氏 is where the respondent lives.
    gaoyi = Court.objects.create(name="高邑县人民法院", short_name="高邑法院", level=CourtLevel.BASIC, parent=world.sjz,
                                 province_abbr="冀", code="0127")
    add_member(Team.objects.create(court=gaoyi, name="执行一团队"),
               UserFactory(username="gy_judge", full_name="高法官", role=Role.JUDGE, court=gaoyi))
    parties = [
        services.PartyInput(role="applicant", kind="person", name="张建国", id_number=resident_id(seq=11), phone="13803110001"),
        services.PartyInput(role="respondent", kind="person", name="王富贵", id_number=resident_id(region="130132", seq=12)),
    ]
    with at_day(0, 9):
        case = services.case_register(actor=world.clerk, data=registration(world.zanhuang, parties=parties, filed_on=DAY0))
    for n in (90, 150, 210):  # level 0 → 1 → 2 → 3, on exactly the policy's days
        sweep(n)
    request = DesignationRequest.objects.get(case=case, status="pending")

    # 1. The officer of 石家庄中院 opens the inbox from the navigation bar.
    login("officer")
    with page.expect_navigation():
        page.click('nav a[href="/transfers/designations/"]')
    row = page.locator(f'tr[data-request="{request.pk}"]')
    assert case.case_number in row.inner_text() and "王富贵" in row.inner_text()
    with page.expect_navigation():
        row.locator(f'a[href="/transfers/designations/{request.pk}/"]').click()

    # 2. The suggestions, each with its reasons: 元氏 first (the respondent's ID was issued there).
    suggestions = page.locator("#suggestions li.suggestion")
    assert suggestions.count() == 2
    first = suggestions.nth(0)
    assert first.get_attribute("data-court") == str(world.yuanshi.pk)
    assert "元氏县人民法院" in first.inner_text() and "属人" in first.inner_text() and "元氏县" in first.inner_text()
    assert suggestions.nth(1).get_attribute("data-court") == str(gaoyi.pk)
    assert page.input_value("#id_decide-target_court") == str(world.yuanshi.pk), "the top suggestion is pre-selected"
    ladder = page.inner_text("#ladder")
    for judge in ("赵法官", "钱法官", "孙法官"):
        assert judge in ladder, judge

    # 3. 指定执行 to 元氏.
    page.check('#decision-choices input[value="designate"]')
    page.fill("#id_decide-reason", "被执行人户籍地在元氏县，指定元氏县人民法院执行")
    submit(page, "#decide-form")
    new = DesignationRequest.objects.get(pk=request.pk).new_case
    assert new is not None and new.court_id == world.yuanshi.pk
    assert page.inner_text("#new-case-link").strip() == new.case_number
    assert page.locator("#decide-form").count() == 0
    page.screenshot(path=str(artifacts / "e2e-designation-decided.png"), full_page=True)
    logout(page)

    # 4. 元氏's judge finds the new case and the history of the original.
    login("ys_judge")
    assert page.url.endswith("/cases/mine/")
    with page.expect_navigation():
        page.click(f'.dossier-table a[href="/cases/{new.pk}/"]')
    assert page.inner_text("#case-number").strip() == new.case_number
    panel = page.locator("#escalation")
    assert panel.locator("#escalation-level").get_attribute("data-level") == "0", "a fresh start at the new court"
    ladder = panel.locator("#ladder").inner_text()
    for text in ("赵法官", "钱法官", "孙法官", "陈法官", "石家庄市中级人民法院", "元氏县人民法院"):
        assert text in ladder, text
    expect(panel.locator('li[data-type="step"]')).to_have_count(3)  # the three rungs of the original case
    link = panel.locator(f'a.ladder-case-link[href="/cases/{case.pk}/"]').first
    assert link.inner_text().strip() == case.case_number
    page.screenshot(path=str(artifacts / "e2e-designation-new-case.png"), full_page=True)

    # 5. The link leads to the original case, closed as transferred, with its link forward.
    with page.expect_navigation():
        link.click()
    assert page.inner_text("#case-number").strip() == case.case_number
    expect(page.locator(f'#escalation a.ladder-new-case[href="/cases/{new.pk}/"]')).to_have_count(1)  # the card arrives after the page (cases.panels)
    original = EnforcementCase.objects.get(pk=case.pk)
    assert (original.status, original.closure_type) == ("closed", "transferred")
