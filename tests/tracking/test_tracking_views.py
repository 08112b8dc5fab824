"""Tracking in the browser through Django's test client: recording a judgment (mistakes beside their
fields, in Chinese, status 400, nothing saved), the steps, the hand-off landing on the new case,
read-only and forbidden views, the list's constant queries and the metrics page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from cases.models import EnforcementCase
from tests.factories import resident_id
from tests.queries import assert_constant_queries
from tests.tracking.helpers import OLD_ID, on, record
from tracking.models import TrackingRecord, TrackingStep

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(world, **overrides) -> dict:
    data = {
        "court": world.zanhuang.pk, "division": "civil_1", "division_name": "", "cause": "labour_remuneration",
        "obligation_amount": "12,000.00", "non_monetary_obligations": "",
        "basis_document_number": "（2025）冀0129民初555号", "basis_document_type": "mediation", "basis_issuing_court": "赞皇县人民法院",
        "basis_effective_date": "2025-03-01", "basis_performance_deadline": "2025-03-10", "basis_principal_amount": "",
        "basis_obligations": "被告于2025年3月10日前支付原告工资12000元。",
        "parties-TOTAL_FORMS": "2", "parties-INITIAL_FORMS": "0", "parties-MIN_NUM_FORMS": "2", "parties-MAX_NUM_FORMS": "200",
        "parties-0-role": "obligee", "parties-0-kind": "person", "parties-0-name": "刘铁柱", "parties-0-id_type": "",
        "parties-0-id_number": resident_id(seq=631), "parties-0-phone": "13803110003",
        "parties-1-role": "obligor", "parties-1-kind": "person", "parties-1-name": "李老汉", "parties-1-id_type": "resident_id",
        "parties-1-id_number": OLD_ID, "parties-1-phone": "",
        "save": "1",
    }
    data.update(overrides)
    return data


def test_the_tracking_office_records_a_judgment_from_the_form(world):
    clerk = client_for(world.clerk)
    page = clerk.get("/tracking/register/")
    assert page.status_code == 200 and 'name="parties-1-role"' in page.content.decode()
    with on(dt.date(2025, 3, 2)):
        response = clerk.post("/tracking/register/", form_data(world))
    rec = TrackingRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tracking/{rec.pk}/"
    assert rec.obligation_amount == 12000 and rec.division == "civil_1"
    assert list(rec.parties.values_list("role", "name", "id_number")) == [
        ("obligee", "刘铁柱", resident_id(seq=631)), ("obligor", "李老汉", OLD_ID)]
    html = clerk.get(f"/tracking/{rec.pk}/").content.decode()
    assert OLD_ID in html and 'id="remind-form"' in html and 'id="outcome-form"' in html


def test_a_mistake_is_shown_beside_its_field_in_chinese_and_nothing_is_saved(world):
    clerk = client_for(world.clerk)
    bad = resident_id(seq=631)[:17] + ("0" if resident_id(seq=631)[17] != "0" else "1")
    with on(dt.date(2025, 3, 2)):
        response = clerk.post("/tracking/register/", form_data(world, **{"parties-0-id_number": bad, "division": ""}))
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'data-field="parties-0-id_number">([^<]+)<', html)
    assert error and HAN.search(error.group(1)), html[:500]
    assert 'data-field="division"' in html
    assert bad in html, "what was typed stays for the clerk to correct"
    assert TrackingRecord.objects.count() == 0


def test_adding_a_party_row_keeps_what_was_typed(world):
    clerk = client_for(world.clerk)
    response = clerk.post("/tracking/register/", form_data(world, add_party="obligor"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'name="parties-2-name"' in html
    assert "刘铁柱" in html and 'class="invalid-feedback' not in html


def test_steps_and_the_hand_off_in_the_browser(world):
    rec = record(world)
    clerk = client_for(world.clerk)
    with on(dt.date(2025, 3, 5)):
        refused = clerk.post(f"/tracking/{rec.pk}/remind/", {"remind-served_on": "2025-03-05", "remind-served_how": ""})
        assert refused.status_code == 400 and 'data-field="remind-served_how"' in refused.content.decode()
        assert TrackingStep.objects.count() == 0
        served = clerk.post(f"/tracking/{rec.pk}/remind/", {"remind-served_on": "2025-03-05", "remind-served_how": "direct"})
        assert served.status_code == 302
        clerk.post(f"/tracking/{rec.pk}/warn/", {"warn-served_on": "2025-03-05", "warn-served_how": "post"})
    with on(dt.date(2025, 3, 20)):
        page = clerk.get(f"/tracking/{rec.pk}/").content.decode()
        assert 'id="handoff-form"' in page and 'id="check-form"' in page
        handed = clerk.post(f"/tracking/{rec.pk}/hand-off/", {"handoff-applied_on": "2025-03-20", "handoff-note": ""})
    case = EnforcementCase.objects.get()
    assert handed.status_code == 302 and handed["Location"] == f"/cases/{case.pk}/"
    dossier = clerk.get(handed["Location"]).content.decode()
    assert case.case_number in dossier and "李老汉" in dossier and OLD_ID in dossier
    assert "张建国" in dossier


def test_readers_see_masked_identities_and_no_forms_other_courts_get_403(world):
    rec = record(world)
    html = client_for(world.supervisor).get(f"/tracking/{rec.pk}/").content.decode()
    assert OLD_ID not in html and "130*********123" in html
    assert "remind-form" not in html and "handoff-form" not in html
    assert client_for(world.ys_clerk).get(f"/tracking/{rec.pk}/").status_code == 403
    assert client_for(world.ys_clerk).post(f"/tracking/{rec.pk}/remind/", {}).status_code == 403
    assert client_for(world.judge).post(f"/tracking/{rec.pk}/remind/", {}).status_code == 403
    assert client_for(world.judge).get("/tracking/register/").status_code == 403
    assert client_for(world.clerk).get("/tracking/999999/").status_code == 404


def test_the_list_costs_constant_queries(world):
    clerk = client_for(world.clerk)
    record(world)

    def grow():
        for _ in range(3):
            record(world)

    response = assert_constant_queries(lambda: clerk.get("/tracking/"), grow)
    assert response.content.decode().count('data-record="') == 4
    filtered = clerk.get("/tracking/", {"division": "tribunal"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tracking-table")
    assert filtered.status_code == 200 and "<html" not in filtered.content.decode()


def test_the_metrics_page_states_its_definitions(world):
    rec = record(world)
    with on(dt.date(2025, 3, 10)):
        client_for(world.clerk).post(f"/tracking/{rec.pk}/outcome/", {"outcome-outcome": "performed_full",
                                                                      "outcome-outcome_on": "2025-03-10"})
    with on(dt.date(2025, 6, 1)):
        page = client_for(world.supervisor).get("/tracking/metrics/", {"date_from": "2025-01-01", "date_to": "2025-06-01"})
        bad = client_for(world.supervisor).get("/tracking/metrics/", {"date_from": "2025-06-01", "date_to": "2025-01-01"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="rate-tip"' in html and 'id="metric-definitions"' in html
    assert "100.0%" in html
    assert bad.status_code == 400
