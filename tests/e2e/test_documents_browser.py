"""The late-performance interest calculator and the dossier's documents card in a real browser (Chromium
through Playwright, against the live server): a judge opens the calculator from the navigation, types a
debt running across 2014-08-01 with a payment on each side, computes (htmx swaps the result in), then on a
case's dossier reads the interest to date and generates a PDF that lands in the documents list."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from documents import interest
from documents.models import GeneratedDocument
from documents.selectors import case_interest_defaults
from tests.factories import registration
from transfers.services import case_reassign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_judge_computes_the_interest_and_generates_a_document_from_the_dossier(e2e_world, live_server, page, login, artifacts):
    world = e2e_world
    login("judge")

    # 1. The calculator, from the navigation bar.
    page.click('nav a[href="/tools/late-interest/"]')
    page.wait_for_selector("#interest-form")
    page.fill("#id_principal", "200000")
    page.fill("#id_deadline", "2013-12-31")
    page.fill("#id_target_date", "2015-01-31")
    page.fill("#payment-date-0", "2014-03-31")
    page.fill("#payment-amount-0", "50,000")
    page.fill("#payment-date-1", "2014-10-31")
    page.fill("#payment-amount-1", "60000")
    page.click("#interest-compute")
    page.wait_for_selector("#interest-amount-due")
    assert page.inner_text("#interest-amount-due").strip() == "¥106,376.72"
    assert page.locator(".interest-steps tbody tr").count() == 4
    assert "6,314.6761…" in page.inner_text(".interest-steps")
    assert "principal=200000&" in page.url, "the calculation is a link (htmx pushes the query)"
    page.screenshot(path=str(artifacts / "documents-calculator.png"), full_page=True)

    # A mistake is shown beside its field, the rest of the form kept.
    page.fill("#payment-date-1", "2016-01-01")
    page.click("#interest-compute")
    page.wait_for_selector("#payment-date-1.is-invalid")
    assert "2015-01-31" in page.inner_text(".payment-rows")
    assert page.input_value("#id_principal") == "200000"

    # 2. The dossier: the interest to date from the case's basis, then a document generated and listed.
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    if case.handler_id != world.judge.pk:
        case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge.pk, reason="分案")
    expected = interest.calculate(case_interest_defaults(case).as_input(target_date=timezone.localdate()))
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.inner_text("#panel-amount-due").strip() == f"¥{expected.amount_due:,.2f}"
    page.select_option("#id_doc-kind", "enforcement_notice")
    with page.expect_navigation():
        page.click("#document-generate")
    assert page.url.endswith("#documents")
    document = GeneratedDocument.objects.get(case=case)
    # One version, its PDF and its DOCX.
    expect(page.locator(f"#document-{document.pk} a.document-download")).to_have_count(2)  # the card arrives after the page (cases.panels)
    with page.expect_download() as download_info:
        page.click(f'#document-{document.pk} a.document-download[data-format="pdf"]')
    assert download_info.value.suggested_filename == f"{case.case_number}执行通知书（第1版）.pdf"
    with page.expect_download() as download_info:
        page.click(f'#document-{document.pk} a.document-download[data-format="docx"]')
    assert download_info.value.suggested_filename == f"{case.case_number}执行通知书（第1版）.docx"
    assert "执行通知书" in page.inner_text(".timeline")
    page.screenshot(path=str(artifacts / "documents-dossier.png"), full_page=True)
