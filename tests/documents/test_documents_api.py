"""The REST API of the documents app: the calculator (POST /api/v1/tools/late-interest/), a case's interest
(GET /api/v1/cases/{id}/late-interest/) and its documents (list, generate, download) — money as strings,
floats refused, field errors shaped like the input, access by role and court, constant queries, and every
endpoint documented in the OpenAPI schema with its error responses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext

from cases import dossier, money
from documents.models import DocumentFile, GeneratedDocument
from documents.services import document_generate
from tests.cases.dossier_helpers import on
from tests.documents.helpers import pdf_text
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
TOOL = "/api/v1/tools/late-interest/"
def zh(msgid: str) -> str:
    """The message as the API answers it (Chinese; the msgid itself until its translation is merged)."""
    with translation.override("zh-hans"):
        return gettext(msgid)


ACROSS_2014 = {"principal": "200000.00", "deadline": "2013-12-31", "target_date": "2015-01-31",
               "payments": [{"date": "2014-03-31", "amount": "50000.00"}, {"date": "2014-10-31", "amount": "60000"}]}


def test_the_calculator_answers_the_amount_due_and_the_step_table_with_money_as_strings(world, as_user):
    response = as_user(world.supervisor).post(TOOL, ACROSS_2014, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["amount_due"], body["interest_total"], body["old_rule_interest"], body["new_rule_interest"]) == (
        "106376.72", "16376.72", "12464.68", "3912.04")
    assert body["term"] | {"label": None} == {"term": "1y_to_3y", "label": None, "first_day": "2014-01-01",
                                               "last_day": "2015-01-31", "paid_off": False}
    assert [(line["kind"], line["start"], line["days"], line["interest"], line["allocation"]) for line in body["lines"]] == [
        ("old_rule", "2014-01-01", 90, "6150.00", "proportional"), ("old_rule", "2014-04-01", 122, "6314.68", None),
        ("new_rule", "2014-08-01", 92, "2439.02", "principal_first"), ("new_rule", "2014-11-01", 92, "1473.02", None)]
    first = body["lines"][0]
    assert (first["annual_rate"], first["rate_effective"], first["to_principal"], first["to_interest"]) == (
        "6.15", "2012-07-06", "48508.37", "1491.63")
    assert first["formula"] == "200,000.00 × 6.15% × 2 ÷ 360 × 90 = 6,150.0000"
    assert body["lines"][2]["daily_rate_percent"] == "0.017500"
    assert len(body["conventions"]) == 5


def test_floats_unknown_fields_and_bad_values_come_back_per_field(world, as_user):
    api = as_user(world.judge)
    assert api.post(TOOL, {**ACROSS_2014, "rate": "1"}, format="json").json() == {"rate": [zh("Unknown field.")]}
    response = api.post(TOOL, {**ACROSS_2014, "principal": 200000.5}, format="json")
    assert response.status_code == 400
    assert response.json() == {"principal": [zh('Send amounts as a string, e.g. "85000.00".')]}
    # A payment's amount as a float, and its date missing: the errors sit in that payment's entry.
    body = {**ACROSS_2014, "payments": [{"date": "2014-03-31", "amount": "1.00"}, {"amount": 5.5}]}
    errors = api.post(TOOL, body, format="json").json()
    assert errors["payments"][0] == {} and set(errors["payments"][1]) == {"date", "amount"}
    # The engine's own checks, one entry per payment.
    body = {**ACROSS_2014, "payments": [{"date": "2014-03-31", "amount": "1.00"}, {"date": "2016-01-01", "amount": "2.00"},
                                        {"date": "2013-12-30", "amount": "0"}]}
    errors = api.post(TOOL, body, format="json").json()
    assert errors == {"payments": [
        {},
        {"date": [zh("This payment is dated after the calculation date (%(target_date)s).") % {"target_date": "2015-01-31"}]},
        {"amount": [zh("The amount must be more than zero.")],
         "date": [zh("This payment is dated before the performance deadline (%(deadline)s): it is not late. "
                     "Enter the principal that was still unpaid on the deadline instead.") % {"deadline": "2013-12-31"}]},
    ]}
    errors = api.post(TOOL, {**ACROSS_2014, "target_date": "2013-01-01", "payments": []}, format="json").json()
    assert errors == {"target_date": [zh("The calculation date cannot be before the performance deadline (%(deadline)s).")
                                      % {"deadline": "2013-12-31"}]}
    errors = api.post(TOOL, {**ACROSS_2014, "principal": "1.005"}, format="json").json()
    assert errors == {"principal": [zh("Amounts have at most two decimal places (fen).")]}


def test_agreed_order_and_split_dates(world, as_user):
    api = as_user(world.judge)
    body = {"principal": "10000.00", "deadline": "2019-12-31", "target_date": "2020-06-30",
            "payments": [{"date": "2020-03-31", "amount": "1000.00"}]}
    assert api.post(TOOL, body | {"allocation": "interest_first"}, format="json").json()["amount_due"] == "9305.11"
    assert api.post(TOOL, body, format="json").json()["amount_due"] == "9302.58"
    split = api.post(TOOL, body | {"split_dates": ["2020-01-31", "2020-05-31"]}, format="json").json()
    assert split["amount_due"] == "9302.58" and len(split["lines"]) == 4
    assert [line["continues"] for line in split["lines"]] == [False, True, False, True]


def test_the_calculator_needs_a_signed_in_user(api):
    assert api.post(TOOL, ACROSS_2014, format="json").status_code == 403


# --- a case ---------------------------------------------------------------------------------------------
def test_the_case_interest_comes_from_its_basis_and_payments(world, as_user, case):
    with on(2026, 4, 1):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="35000.00", received_on=dt.date(2026, 4, 1))
    url = f"/api/v1/cases/{case.pk}/late-interest/"
    with on(2026, 6, 30):
        body = as_user(world.judge).get(url).json()
        assert (body["principal"], body["deadline"], body["target_date"], body["amount_due"]) == (
            "85000.00", "2025-03-16", "2026-06-30", "56454.88")
        assert (body["principal_from_basis"], body["deadline_from_basis"], body["interest_waived"]) == (True, True, False)
        assert as_user(world.judge).get(url, {"target_date": "2026-04-01"}).json()["amount_due"] == "55667.38"
        assert as_user(world.judge).get(url, {"target_date": "yesterday"}).status_code == 400
        assert as_user(world.supervisor).get(url).status_code == 200  # the upper court reads
        assert as_user(world.ys_judge).get(url).status_code == 403  # another court does not
        assert as_user(world.judge).get("/api/v1/cases/999999/late-interest/").status_code == 404

        def grow():
            for amount in ("10.00", "20.00", "30.00"):
                money.payment_record(actor=world.judge, case_id=case.pk, amount=amount, received_on=dt.date(2026, 6, 1))

        response = assert_constant_queries(lambda: as_user(world.judge).get(url), grow)
    assert len(response.json()["lines"]) == 3


def test_without_a_principal_the_amount_applied_for_is_used_and_said_so(world, as_user):
    from tests.documents.conftest import make_case

    case = make_case(world, principal=None, deadline=None)
    with on(2026, 6, 30):
        body = as_user(world.judge).get(f"/api/v1/cases/{case.pk}/late-interest/").json()
    # No deadline: the delay runs from the day after the basis took effect (2025-03-01).
    assert (body["principal"], body["deadline"], body["delay_first_day"]) == ("85000.00", "2025-03-01", "2025-03-02")
    assert (body["principal_from_basis"], body["deadline_from_basis"]) == (False, False)


def test_documents_listed_generated_and_downloaded_by_role_and_court(world, as_user, case):
    url = f"/api/v1/cases/{case.pk}/documents/"
    judge = as_user(world.judge)
    assert judge.get(url).json()["results"] == []
    with on(2026, 6, 15):
        response = judge.post(url, {"kind": "enforcement_notice"}, format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["kind"], made["version"], made["generated_by"]["id"], made["can_download"]) == (
        "enforcement_notice", 1, world.judge.pk, True)
    # One version, both files: the PDF to print and the DOCX to edit.
    files = {f["format"]: f for f in made["files"]}
    assert set(files) == {"pdf", "docx"} and all(len(f["checksum"]) == 64 for f in files.values())
    assert files["pdf"]["display_name"] == f"{case.case_number}执行通知书（第1版）.pdf"
    assert files["docx"]["download_url"] == f"{url}{made['id']}/download/docx/"
    download = judge.get(files["pdf"]["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert case.case_number in pdf_text(b"".join(download.streaming_content))
    word = judge.get(files["docx"]["download_url"])
    assert word.status_code == 200 and word["Content-Type"].endswith("wordprocessingml.document")
    assert judge.get(f"{url}{made['id']}/download/", HTTP_ACCEPT="application/pdf")["Content-Type"] == "application/pdf"
    assert judge.get(f"{url}{made['id']}/").json()["version"] == 1

    # The upper court's supervisor lists the documents (kind, version, who, when) but gets no link and may not
    # download them — they print the full ID numbers it sees masked — nor generate; another court sees nothing.
    supervisor = as_user(world.supervisor)
    [listed] = supervisor.get(url).json()["results"]
    assert (listed["id"], listed["kind"], listed["version"], listed["generated_by"]["name"]) == (made["id"], "enforcement_notice", 1, "赵法官")
    assert listed["can_download"] is False and [f["download_url"] for f in listed["files"]] == [None, None]
    for path in (f"{url}{made['id']}/download/", files["pdf"]["download_url"], files["docx"]["download_url"]):
        refused = supervisor.get(path)
        assert refused.status_code == 403
        assert zh("Only the staff of the court that holds the case (and, for a designation decision, the upper court "
                  "that decided it) can download its documents: they show the parties' full identity numbers.") in refused.content.decode()
    refused = supervisor.post(url, {"kind": "enforcement_notice"}, format="json")
    assert refused.status_code == 403 and zh("Only those who work the case generate its documents: its handler, the judges "
                                             "and assistants of its team and the bureau chief.") in refused.content.decode()
    assert as_user(world.clerk).post(url, {"kind": "enforcement_notice"}, format="json").status_code == 403
    assert as_user(world.clerk).get(files["pdf"]["download_url"]).status_code == 200  # the court's staff download
    other = as_user(world.ys_judge)
    assert other.get(url).status_code == 403 and other.get(files["pdf"]["download_url"]).status_code == 403
    assert judge.get(f"/api/v1/cases/{case.pk}/documents/999999/download/").status_code == 404
    assert judge.get(f"{url}{made['id']}/download/odt/").status_code == 404

    # Bad input and documents the case cannot have yet: field errors, nothing written.
    assert judge.post(url, {"kind": "enforcement_notice", "extra": 1}, format="json").json() == {
        "extra": [zh("Unknown field.")]}
    assert set(judge.post(url, {"kind": "verdict"}, format="json").json()) == {"kind"}
    with on(2026, 6, 15):
        refused = judge.post(url, {"kind": "termination_ruling"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["kind"][0].startswith(zh("The 终本 checklist is not complete: %(items)s").split("%(items)s")[0])
    assert GeneratedDocument.objects.count() == 1 and DocumentFile.objects.count() == 2


def test_the_documents_list_costs_the_same_queries_however_many_documents(world, as_user, case):
    url = f"/api/v1/cases/{case.pk}/documents/"
    with on(2026, 3, 5):
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="enforcement_notice", done_on=dt.date(2026, 3, 5))
    with on(2026, 6, 15):
        document_generate(actor=world.judge, case_id=case.pk, kind="enforcement_notice")

        def grow():
            for kind in ("asset_report_order", "consumption_restriction", "enforcement_notice"):
                document_generate(actor=world.chief, case_id=case.pk, kind=kind)

        response = assert_constant_queries(lambda: as_user(world.supervisor).get(url), grow)
    assert [d["generated_by"]["name"] for d in response.json()["results"]] == ["周局长", "周局长", "周局长", "赵法官"]
    assert all(len(d["files"]) == 2 for d in response.json()["results"])


def test_the_interest_statement_by_api_to_a_date_in_an_agreed_order(world, as_user, case):
    with on(2026, 6, 15):
        response = as_user(world.judge).post(f"/api/v1/cases/{case.pk}/documents/", {
            "kind": "interest_statement", "target_date": "2026-06-30", "allocation": "interest_first"},
            format="json")
    assert response.status_code == 201, response.content
    data = GeneratedDocument.objects.get(pk=response.json()["id"]).data["interest"]
    assert data["target_date"] == "2026年6月30日" and data["allocation"] == "当事人约定：先利息后本金"


# --- OpenAPI --------------------------------------------------------------------------------------------
def test_every_endpoint_is_in_the_schema_with_its_errors(world, as_user):
    schema = as_user(world.judge).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    expected = {
        "/api/v1/tools/late-interest/": {"post"},
        "/api/v1/cases/{case_pk}/late-interest/": {"get"},
        "/api/v1/cases/{case_pk}/documents/": {"get", "post"},
        "/api/v1/cases/{case_pk}/documents/{id}/": {"get"},
        "/api/v1/cases/{case_pk}/documents/{id}/download/": {"get"},
        "/api/v1/cases/{case_pk}/documents/{id}/download/{file_format}/": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) - {"parameters"} == methods, path
        for method in methods:
            operation = paths[path][method]
            assert operation.get("summary"), (path, method)
            assert "403" in operation["responses"], (path, method)
            if "{case_pk}" in path:
                assert "404" in operation["responses"]
            if method == "post":
                assert "400" in operation["responses"] and "requestBody" in operation
    for path in ("/api/v1/cases/{case_pk}/documents/{id}/download/", "/api/v1/cases/{case_pk}/documents/{id}/download/{file_format}/"):
        download = paths[path]["get"]["responses"]["200"]["content"]
        assert {"application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} <= set(download)
    file_format = next(p for p in paths["/api/v1/cases/{case_pk}/documents/{id}/download/{file_format}/"]["get"]["parameters"]
                       if p["name"] == "file_format")
    assert set(file_format["schema"]["enum"]) == {"pdf", "docx"}
    components = schema["components"]["schemas"]
    assert components["LateInterestResult"]["properties"]["amount_due"]["type"] == "string"
    assert components["LateInterestRequest"]["properties"]["principal"]["type"] == "string"
