"""Output escaping and PII masking (issue #8, hardening).

A party called ``<script>alert(1)</script>``, an address, a payment note, a petition and a campaign
description with markup in them render as text on every page that shows them (the dossier, lists,
search results, ledgers, the dashboard's case lists) and as plain text in the Excel exports — also a
name starting with ``=`` stays text there, never a formula. ID numbers and phones appear only masked
in lists and exports; in full only on the dossier, for the court that works the case."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from cases import services
from cases.identifiers import mask_identifier, mask_phone
from cases.models import EnforcementCase
from tests.cases.dossier_helpers import on
from tests.factories import registration, resident_id
from tests.reliability import tally
from tests.transfers.campaign_helpers import make_campaign

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
FORMULA = '=HYPERLINK("http://evil.example/","点击查看")'
RESPONDENT_ID = resident_id(region="130102", born=dt.date(1975, 3, 8), seq=417)
RESPONDENT_PHONE = "13803115678"
APPLICANT_PHONE = "13912340001"


@pytest.fixture
def hostile(world):
    """A case at 赞皇 (filed 2026-01-05) whose parties and notes carry markup, in a launched campaign."""
    from cases.money import payment_record
    from reports.hard_cases import petition_record

    parties = [
        services.PartyInput(role="applicant", kind="person", name=f"张{SCRIPT}", id_number=resident_id(seq=418),
                            phone=APPLICANT_PHONE, address=f"赞皇县{IMG}"),
        # First: the exports' respondents cell starts with '=' (a formula, if written carelessly).
        services.PartyInput(role="respondent", kind="person", name=FORMULA, id_number=resident_id(seq=419)),
        services.PartyInput(role="respondent", kind="person", name=SCRIPT, id_number=RESPONDENT_ID,
                            phone=RESPONDENT_PHONE, address=f"赞皇县城关镇{IMG}"),
    ]
    with on(2026, 1, 5):
        case = services.case_register(actor=world.clerk, data=registration(
            world.zanhuang, parties=parties, target_amount="85000.00", filed_on=dt.date(2026, 1, 5)))
    with on(2026, 1, 10):
        payment_record(actor=case.handler, case_id=case.pk, amount="100.00", received_on=dt.date(2026, 1, 10),
                       payer=SCRIPT, note=f"备注{IMG}")
        petition_record(actor=world.clerk, case_id=case.pk, received_on=dt.date(2026, 1, 10), channel="visit",
                        petitioner_name=SCRIPT, petitioner_standing="applicant", summary=f"反映{IMG}")
    campaign = make_campaign(world, cases=[case], name=f"行动{SCRIPT}")
    return EnforcementCase.objects.get(pk=case.pk), campaign


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def assert_inert(html: str, url: str) -> None:
    """No live markup from the data: the script and img tags only appear escaped."""
    assert SCRIPT not in html and "<img src=x" not in html, url
    assert "onerror=\"alert" not in html and "alert(1)</script>" not in html, url


def assert_no_full_identity(text: str, where: str) -> None:
    for secret in (RESPONDENT_ID, RESPONDENT_PHONE, APPLICANT_PHONE):
        assert secret not in text, (where, secret)


def workbook_text(response) -> tuple[list[str], list[str]]:
    """(every string cell value, the data types of cells whose value starts with '=')."""
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values, formula_types = [], []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    values.append(cell.value)
                    if cell.value.startswith("="):
                        formula_types.append(cell.data_type)
    return values, formula_types


def test_markup_in_the_data_renders_as_text_and_identities_stay_masked_in_lists(world, hostile):
    case, campaign = hostile
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    handler = Client()
    handler.force_login(case.handler)
    pages = 0
    # The dossier, for the judge who works the case: the markup escaped, the full identity shown.
    dossier = page(handler, f"/cases/{case.pk}/")
    assert_inert(dossier, "dossier")
    assert escaped in dossier and "&lt;img src=x onerror=" in dossier
    assert RESPONDENT_ID in dossier and RESPONDENT_PHONE in dossier
    pages += 1
    period = "date_from=2026-01-01&date_to=2026-12-31"
    lists = {
        "case list": (handler, "/cases/"),
        "search results": (handler, "/cases/?q=" + "script"),
        "search by ID": (handler, f"/cases/?q={RESPONDENT_ID}"),
        "my dossiers": (handler, "/cases/mine/"),
        "campaign ledger": (world.officer, f"/transfers/campaigns/{campaign.pk}/"),
        "campaign list": (world.officer, "/transfers/campaigns/"),
        "hard-case ledger": (world.chief, "/reports/hard-cases/"),
        "dashboard": (world.supervisor, f"/reports/dashboard/?{period}"),
        "dashboard case list": (world.supervisor, f"/reports/cases/new/?{period}&court={world.zanhuang.pk}"),
        "messages": (handler, "/cases/messages/"),
        "upper court's dossier": (world.supervisor, f"/cases/{case.pk}/"),
    }
    clients = {}
    for where, (user, url) in lists.items():
        client = user if isinstance(user, Client) else clients.setdefault(user.pk, Client())
        if not isinstance(user, Client):
            client.force_login(user)
        html = page(client, url)
        assert_inert(html, where)
        assert_no_full_identity(html, where)
        pages += 1
        if where in ("case list", "search results", "search by ID", "campaign ledger",
                     "upper court's dossier"):
            assert escaped in html, where
        if where in ("case list", "search results", "search by ID"):
            # The respondent's ID masked, e.g. 1301**********1234: recognisable, not readable.
            assert mask_identifier(RESPONDENT_ID) in html and re.search(r"1301\*{10}\d{3}[\dX]", html), where
    # Phones masked in the messages list (the applicant is told of the payment).
    messages = page(handler, "/cases/messages/")
    assert mask_phone(APPLICANT_PHONE) in messages

    # Exports: the names as plain text, the formula-like name a string, no full identity anywhere.
    exports = {
        "campaign export": (world.officer, f"/transfers/campaigns/{campaign.pk}/export/"),
        "dashboard case export": (world.supervisor, f"/reports/cases/new/export/?{period}&court={world.zanhuang.pk}"),
        "hard-case export": (world.chief, "/reports/hard-cases/export/"),
        "dashboard export": (world.supervisor, f"/reports/dashboard/export/?{period}"),
    }
    names_seen = 0
    for where, (user, url) in exports.items():
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (where, response.status_code)
        values, formula_types = workbook_text(response)
        text = "\n".join(values)
        assert_no_full_identity(text, where)
        assert all(t == "s" for t in formula_types), (where, formula_types)
        if SCRIPT in text:
            names_seen += 1
            assert formula_types, where
            assert any(FORMULA in v for v in values), where
    assert names_seen >= 2  # the campaign and the dashboard case exports list the respondents
    tally("hardening", checks=pages + len(exports))
