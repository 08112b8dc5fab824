"""The calculator and the case's documents in the browser (Django's test client, Chinese UI): the step table
from a query, mistakes beside their fields, the print view and the Excel export, the case's calculator
pre-filled from its basis and payments, the dossier card, generating and downloading documents, who may
do what, constant queries."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote, urlencode

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from cases import money
from documents.models import GeneratedDocument
from documents.services import document_generate
from tests.cases.dossier_helpers import on
from tests.documents.helpers import pdf_text
from tests.dossier import dossier_html, dossier_page
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

# Example 6 of test_interest_examples: across 2014-08-01 with payments on both sides; due 106,376.72.
ACROSS_2014 = [("principal", "200,000.00"), ("deadline", "2013-12-31"), ("target_date", "2015-01-31"),
               ("allocation", "statutory"), ("payment_date", "2014-03-31"), ("payment_amount", "50000"),
               ("payment_date", "2014-10-31"), ("payment_amount", "60000.00"), ("payment_date", ""), ("payment_amount", "")]


def zh(msgid: str) -> str:
    """What the Chinese UI shows for ``msgid`` (the msgid itself until its translation is merged)."""
    with translation.override("zh-hans"):
        return gettext(msgid)


def cn_date(day: dt.date) -> str:
    """A date as the Chinese UI writes it (2014年1月1日)."""
    with translation.override("zh-hans"):
        return date_format(day, "DATE_FORMAT")


def zh_ctx(context: str, msgid: str) -> str:
    with translation.override("zh-hans"):
        return pgettext(context, msgid)


def client_for(client, user):
    client.force_login(user)
    return client


def test_the_calculator_is_open_to_every_signed_in_user_and_in_the_navigation(client, world):
    assert client.get("/tools/late-interest/").status_code == 302  # anonymous: to the login page
    for user in (world.supervisor, world.clerk, world.officer):
        client.force_login(user)
        response = client.get("/tools/late-interest/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'href="/tools/late-interest/"' in html and 'id="interest-form"' in html
        assert html.count('name="payment_date"') == 3  # three empty payment rows to start with


def test_the_step_table_across_2014_with_payments_on_both_sides(client, world):
    response = client_for(client, world.judge).get("/tools/late-interest/?" + urlencode(ACROSS_2014))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd class="col-sm-3 fw-bold" id="interest-amount-due">¥106,376.72</dd>' in html
    assert html.count('class="step step-old_rule"') == 2 and html.count('class="step step-new_rule"') == 2
    for figure in ("¥6,150.00", "48,508.37", "¥6,314.68", "¥2,439.02", "¥1,473.02", "¥14,885.09"):
        assert figure in html, figure
    # The computation a judge reads out, with the exact value before rounding.
    assert "151,491.63 × 6.15% × 2 ÷ 360 × 122 = 6,314.6761…" in html
    assert "151,491.63 × 0.0175% × 92 = 2,439.0152…" in html
    assert 'id="interest-print-link"' in html and 'id="interest-xlsx-link"' in html
    # The rules under the table.
    assert zh("Before 2014-08-01: unpaid principal × twice the PBoC benchmark lending rate of the same term ÷ 360 × days "
              "(SPC reply 法释〔2009〕6号; daily rate = annual rate ÷ 360); the term matches the length of the whole delay.") in html


def test_mistakes_are_shown_beside_their_fields_and_nothing_is_computed(client, world):
    query = [("principal", "12,5"), ("deadline", "2020-01-10"), ("target_date", "2020-04-19"), ("allocation", "statutory"),
             ("payment_date", "2020-01-05"), ("payment_amount", "100"), ("payment_date", "2020-02-01"), ("payment_amount", "-3")]
    response = client_for(client, world.judge).get("/tools/late-interest/?" + urlencode(query))
    assert response.status_code == 400
    html = response.content.decode()
    assert zh("Enter a number in yuan, e.g. 12345.67.") in html  # principal "12,5"
    assert zh("The amount cannot be negative.") in html  # the second payment
    assert 'id="interest-result"' not in html
    # With the principal fixed, the engine's own checks speak: a payment before the deadline.
    query[0] = ("principal", "1000")
    html = client.get("/tools/late-interest/?" + urlencode(query[:6])).content.decode()
    assert zh("This payment is dated before the performance deadline (%(deadline)s): it is not late. "
              "Enter the principal that was still unpaid on the deadline instead.") % {"deadline": "2020-01-10"} in html


def test_an_htmx_request_gets_only_the_calculator_back(client, world):
    response = client_for(client, world.judge).get("/tools/late-interest/?" + urlencode(ACROSS_2014),
                                                   HTTP_HX_REQUEST="true", HTTP_HX_TARGET="calculator")
    html = response.content.decode()
    assert html.startswith('<div id="calculator">') and "<html" not in html and "¥106,376.72" in html


def test_adding_a_payment_row_keeps_what_was_typed(client, world):
    query = [*ACROSS_2014[:8], ("add_row", "1")]
    html = client_for(client, world.judge).get("/tools/late-interest/?" + urlencode(query)).content.decode()
    assert html.count('name="payment_date"') == 4 and 'value="2014-10-31"' in html


def test_the_print_view_is_a_page_of_its_own_for_the_printer(client, world):
    client_for(client, world.judge)
    html = client.get("/tools/late-interest/print/?" + urlencode(ACROSS_2014)).content.decode()
    assert "@media print" in html and "window.print()" in html and 'class="navbar' not in html
    assert "¥106,376.72" in html and html.count('class="step ') == 4
    assert "赵法官" in html  # computed by
    # Nothing to print: back to the form with the same query.
    response = client.get("/tools/late-interest/print/?principal=x&deadline=2020-01-01&target_date=2020-02-01")
    assert response.status_code == 302 and response.url.startswith("/tools/late-interest/?principal=x")


def test_the_excel_export_holds_each_line_and_the_totals(client, world):
    response = client_for(client, world.supervisor).get("/tools/late-interest/xlsx/?" + urlencode(ACROSS_2014))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == zh_ctx("excel workbook", "Late-performance interest table") != zh_ctx("interest table", "Interest")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    steps = [r for r in rows if isinstance(r[0], int)]
    # Dates are Excel dates (sortable, countable), amounts numbers shown with two places.
    assert [(r[1], r[2], r[3], Decimal(str(r[6]))) for r in steps] == [
        (dt.datetime(2014, 1, 1), dt.datetime(2014, 3, 31), 90, Decimal("6150")),
        (dt.datetime(2014, 4, 1), dt.datetime(2014, 7, 31), 122, Decimal("6314.68")),
        (dt.datetime(2014, 8, 1), dt.datetime(2014, 10, 31), 92, Decimal("2439.02")),
        (dt.datetime(2014, 11, 1), dt.datetime(2015, 1, 31), 92, Decimal("1473.02"))]
    first = next(row for row in sheet.iter_rows() if isinstance(row[0].value, int))
    assert first[1].is_date and first[1].number_format == "yyyy-mm-dd"
    assert all(first[column].number_format == "#,##0.00" for column in (4, 6, 10, 11))
    deadline = next(row for row in sheet.iter_rows() if row[0].value == zh("Performance deadline"))
    assert deadline[2].value == dt.datetime(2013, 12, 31) and deadline[2].is_date
    due = next(r for r in rows if r[0] == zh("Amount due"))
    assert Decimal(str(due[4])) == Decimal("106376.72")
    assert sheet.page_setup.orientation == "landscape"
    assert response["Content-Disposition"] == ("attachment; filename=\"late-interest.xlsx\"; filename*=UTF-8''"
                                               + quote(zh_ctx("excel workbook", "Late-performance interest table") + ".xlsx"))


def test_the_step_table_and_summary_speak_chinese(client, world):
    """Dates as 2014年1月1日—2014年3月31日, full-width brackets around the Chinese asides, a payment count that reads."""
    html = client_for(client, world.judge).get("/tools/late-interest/?" + urlencode(ACROSS_2014)).content.decode()
    start, end = cn_date(dt.date(2014, 1, 1)), cn_date(dt.date(2014, 3, 31))
    assert zh("%(start)s – %(end)s") % {"start": start, "end": end} in html
    assert "2014-01-01" not in html.split('id="interest-result"')[1].split("interest-conventions")[0]
    split = zh("(%(old)s before 2014-08-01, %(new)s from then)") % {"old": "¥12,464.68", "new": "¥3,912.04"}
    assert f'¥16,376.72<span class="text-muted ms-1">{split}</span>' in html
    assert zh("(%(n)s in all)") % {"n": 2} in html


def test_no_delay_reads_as_no_interest_not_zero_days(client, world):
    query = [("principal", "10000"), ("deadline", "2020-01-10"), ("target_date", "2020-01-10"), ("allocation", "statutory")]
    html = client_for(client, world.judge).get("/tools/late-interest/?" + urlencode(query)).content.decode()
    assert 'id="interest-amount-due">¥10,000.00<' in html
    assert zh("from %(start)s, %(n)s days") % {"start": cn_date(dt.date(2020, 1, 11)), "n": 0} not in html
    assert zh("No delay: %(day)s is not after the performance deadline (%(deadline)s), so no late-performance interest is "
              "due. The amount due is the unpaid principal, %(due)s, without interest.") % {
        "day": cn_date(dt.date(2020, 1, 10)), "deadline": cn_date(dt.date(2020, 1, 10)),
        "due": "¥10,000.00"} in html
    assert zh_ctx("payments", "none recorded") in html and "(0)" not in html


# --- a case ---------------------------------------------------------------------------------------------
def test_the_case_calculator_starts_from_the_basis_and_every_payment(client, world, case):
    with on(2026, 4, 1):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="35000.00", received_on=dt.date(2026, 4, 1))
    with on(2026, 6, 30):
        response = client_for(client, world.judge).get(f"/cases/{case.pk}/interest/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="principal" value="85000.00"' in html and 'name="deadline" value="2025-03-16"' in html
        assert 'value="2026-04-01"' in html and 'value="35000.00"' in html
        # 5,667.38 to the payment (381 days), then 787.50 on 50,000.00 (90 days): due 56,454.88.
        assert 'id="interest-amount-due">¥56,454.88<' in html
        assert f'href="/cases/{case.pk}/#documents"' in html and 'id="interest-statement-form"' in html
        # Changing the date recomputes from the query.
        html = client.get(f"/cases/{case.pk}/interest/?principal=85000&deadline=2025-03-16&target_date=2026-04-01"
                          "&allocation=statutory&payment_date=2026-04-01&payment_amount=35000").content.decode()
        assert 'id="interest-amount-due">¥55,667.38<' in html
        xlsx = client.get(f"/cases/{case.pk}/interest/xlsx/")
        assert load_workbook(io.BytesIO(xlsx.content)).active["A2"].value == "赞皇县人民法院"
        # 迟延履行利息计算表-（2026）冀0129执1号.xlsx, with an ASCII name for old clients.
        name = f"{zh_ctx('excel workbook', 'Late-performance interest table')}-{case.case_number}.xlsx"
        assert xlsx["Content-Disposition"] == (f"attachment; filename=\"late-interest-case-{case.pk}.xlsx\"; "
                                               f"filename*=UTF-8''{quote(name, safe='')}")
        printed = client.get(f"/cases/{case.pk}/interest/print/").content.decode()
        assert case.case_number in printed and "张建国" in printed and "李明" in printed
    # The upper court reads it; another court does not.
    client.force_login(world.supervisor)
    assert client.get(f"/cases/{case.pk}/interest/").status_code == 200
    client.force_login(world.ys_judge)
    assert client.get(f"/cases/{case.pk}/interest/").status_code == 403


def serve_notice(world, case):
    from cases import dossier

    with on(2026, 3, 5):
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="enforcement_notice", done_on=dt.date(2026, 3, 5))


def test_the_dossier_card_shows_the_interest_to_date_and_the_documents(client, world, case):
    with on(2026, 6, 15):
        document = document_generate(actor=world.judge, case_id=case.pk, kind="enforcement_notice")
        html = dossier_html(client_for(client, world.judge), case)
    assert 'id="documents"' in html and 'id="document-generate-form"' in html
    # 85,000.00 from 2025-03-17 to 2026-06-15: 456 days × 14.875 = 6,783.00; due 91,783.00.
    assert 'id="panel-interest-total">¥6,783.00<' in html and 'id="panel-amount-due">¥91,783.00<' in html
    assert zh("from %(start)s, %(n)s days") % {"start": cn_date(dt.date(2025, 3, 17)), "n": 456} in html
    assert zh_ctx("payments", "none recorded") in html  # not "¥0.00 (0)"
    # One row per version, with its two files.
    assert f'href="/cases/{case.pk}/documents/{document.pk}/pdf/"' in html
    assert f'href="/cases/{case.pk}/documents/{document.pk}/docx/"' in html
    assert 'value="designation_decision"' not in html  # no designation decided: not offered
    # The upper court's supervisor sees the list (kind, version, who, when) without download links, and no form.
    client.force_login(world.supervisor)
    html = dossier_html(client, case)
    assert 'id="documents"' in html and 'id="document-generate-form"' not in html
    row = html.split(f'id="document-{document.pk}"')[1].split("</tr>")[0]
    assert "赵法官" in row and "document-download" not in row and f"/documents/{document.pk}/" not in html
    assert 'id="documents-restricted"' in html
    # The court's filing clerk downloads but does not generate.
    client.force_login(world.clerk)
    html = dossier_html(client, case)
    assert f'href="/cases/{case.pk}/documents/{document.pk}/pdf/"' in html and 'id="document-generate-form"' not in html


def test_the_dossier_page_costs_the_same_queries_with_more_documents_and_payments(client, world, case):
    serve_notice(world, case)
    client_for(client, world.judge)
    with on(2026, 6, 15):
        document_generate(actor=world.judge, case_id=case.pk, kind="asset_report_order")

        def grow():
            for amount in ("100.00", "200.00"):
                money.payment_record(actor=world.judge, case_id=case.pk, amount=amount, received_on=dt.date(2026, 6, 1))
            for kind in ("enforcement_notice", "consumption_restriction"):
                document_generate(actor=world.judge, case_id=case.pk, kind=kind)

        response = assert_constant_queries(lambda: dossier_page(client, case), grow)
    html = response.content.decode()
    assert html.count('class="document-download') == 6  # three versions, PDF and DOCX each
    assert zh("(%(n)s in all)") % {"n": 2} in html


def test_generate_from_the_dossier_then_download(client, world, case):
    serve_notice(world, case)
    client_for(client, world.judge)
    with on(2026, 6, 15):
        response = client.post(f"/cases/{case.pk}/documents/", {"doc-kind": "consumption_restriction"})
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/#documents"
    document = GeneratedDocument.objects.get(case=case)
    assert (document.kind, document.version, document.generated_by) == ("consumption_restriction", 1, world.judge)
    assert sorted(document.files.values_list("format", flat=True)) == ["docx", "pdf"]
    download = client.get(f"/cases/{case.pk}/documents/{document.pk}/pdf/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"] and "filename*=utf-8''" in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    assert "限制消费令" in pdf_text(body) and case.case_number in pdf_text(body)
    word = client.get(f"/cases/{case.pk}/documents/{document.pk}/docx/")
    assert word.status_code == 200 and word["Content-Type"].endswith("wordprocessingml.document")
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/").status_code == 200  # the PDF by default
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/odt/").status_code == 404
    # The interest statement from the case's calculator, to a chosen date.
    with on(2026, 6, 15):
        client.post(f"/cases/{case.pk}/documents/", {"doc-kind": "interest_statement",
                                                     "doc-target_date": "2026-06-30", "doc-allocation": "statutory",
                                                     "next": f"/cases/{case.pk}/#documents"})
    statement = GeneratedDocument.objects.get(case=case, kind="interest_statement")
    assert statement.data["interest"]["target_date"] == "2026年6月30日" and statement.files.count() == 2
    # Only the staff of the case's court download; only those who work the case generate.
    client.force_login(world.supervisor)
    for path in (f"/cases/{case.pk}/documents/{document.pk}/pdf/", f"/cases/{case.pk}/documents/{document.pk}/"):
        refused = client.get(path)
        assert refused.status_code == 403
        assert escape(zh("Only the staff of the court that holds the case (and, for a designation decision, the upper court "
                         "that decided it) can download its documents: they show the parties' full identity numbers.")) \
            in refused.content.decode()
    assert client.post(f"/cases/{case.pk}/documents/", {"doc-kind": "enforcement_notice"}).status_code == 403
    client.force_login(world.clerk)
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/docx/").status_code == 200
    assert client.post(f"/cases/{case.pk}/documents/", {"doc-kind": "enforcement_notice"}).status_code == 403
    client.force_login(world.ys_judge)
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/pdf/").status_code == 403
    assert GeneratedDocument.objects.count() == 2


def test_a_refused_generation_says_why_on_the_dossier(client, world, case):
    client_for(client, world.judge)
    with on(2026, 6, 15):
        response = client.post(f"/cases/{case.pk}/documents/", {"doc-kind": "termination_ruling"}, follow=True)
    html = response.content.decode()
    assert zh("The 终本 checklist is not complete: %(items)s").split("%(items)s")[0] in html
    with on(2026, 6, 15):
        html = client.post(f"/cases/{case.pk}/documents/", {"doc-kind": "consumption_restriction"}, follow=True).content.decode()
    assert escape(zh("The enforcement notice has not been served yet (no service is recorded on the dossier): a consumption "
                     "restriction order follows the respondent's failure to perform within the period the notice set.")) in html
    assert GeneratedDocument.objects.count() == 0
