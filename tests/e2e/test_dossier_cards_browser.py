"""The dossier's cards in a real browser (issue #7): the page paints, then each card arrives in its
slot; a link to a card scrolls to it once it is there; a card the server cannot give says so in
Chinese instead of "loading" for ever."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cases import services
from tests.factories import registration
from transfers.services import case_reassign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(e2e_world):
    world = e2e_world
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    if case.handler_id != world.judge.pk:
        case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge.pk, reason="分案")
    return case


def test_every_card_arrives_and_a_link_to_one_scrolls_to_it(live_server, page, login, case, artifacts):
    login("judge")
    page.set_viewport_size({"width": 1400, "height": 600})
    page.goto(f"{live_server.url}/cases/{case.pk}/#documents")
    expect(page.locator(".panel-slot")).to_have_count(0)  # every slot replaced by its card
    expect(page.locator("#escalation")).to_be_visible()
    expect(page.locator("#documents")).to_be_in_viewport()  # the link's card, scrolled to once it arrived
    expect(page.locator("#escalation-level")).to_have_attribute("data-level", "0")  # the ladder: a fresh case
    page.screenshot(path=str(artifacts / "e2e-dossier-cards.png"), full_page=True)


def test_the_page_does_not_jump_back_to_a_linked_section_on_later_updates(live_server, page, login, case):
    login("judge")
    page.set_viewport_size({"width": 1400, "height": 600})
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.locator(".panel-slot")).to_have_count(0)
    page.click('nav a[href="#timeline"]')  # the dossier's section links
    expect(page.locator("#timeline")).to_be_in_viewport()
    # The judge reads on to the bottom: the audit trail loads as it comes into view (htmx), and the page
    # stays where the judge is — not pulled back to the section last linked to.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    bottom = page.evaluate("window.scrollY")
    assert bottom > 0
    expect(page.locator("#audit .audit-table")).to_be_visible()
    page.wait_for_timeout(300)  # let htmx settle the swap
    assert page.evaluate("window.scrollY") >= bottom - 5, "pulled back up to the card"
    expect(page.locator("#audit .audit-table")).to_be_in_viewport()


def test_a_card_that_cannot_be_fetched_says_so(live_server, page, login, case):
    login("judge")
    page.route("**/panels/escalation/", lambda route: route.fulfill(status=500, body="error"))
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    slot = page.locator('.panel-slot[data-panel="escalation"]')
    expect(slot).to_have_text("此卡片未能加载，请刷新页面重试。")
    expect(page.locator("#documents")).to_be_visible()  # the other cards are not held up by it
