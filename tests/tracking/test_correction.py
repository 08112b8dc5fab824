"""Correcting a tracking record (review of issue #9): a hand-off refused by the registration names the
party it is about (obligee/obligor N and the name); the tracking office corrects the record's
document and parties while it is tracked — page and API PATCH — with the registration's checks and a
reason kept in the history; nothing is half-saved; then the record is passed on."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from cases.models import EnforcementCase, Party
from enforcement.errors import FieldErrors, IllegalTransition
from tests.factories import resident_id
from tests.tracking.helpers import OLD_ID, on, record
from tracking import services
from tracking.models import StepKind, TrackingParty, TrackingRecord, TrackingStatus, TrackingStep

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = dt.date(2025, 4, 10)
URL = "/api/v1/tracking-records/"
NEW_ID = resident_id(seq=655)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def taken_id(rec) -> TrackingParty:
    """The obligee's ID number turns out to be registered to someone else (赵建国): a typo at recording."""
    obligee = rec.parties.get(role="obligee")
    Party.objects.create(kind="person", name="赵建国", id_type="resident_id", id_number=obligee.id_number,
                         id_key="ric:" + obligee.id_number)
    return obligee


def corrected_input(rec, **party_changes):
    data = services.tracking_input_of(rec)
    index = data.party_ids.index(rec.parties.get(role="obligee").pk)
    for name, value in party_changes.items():
        setattr(data.parties[index], name, value)
    return data


def snapshot(rec) -> tuple:
    rec = TrackingRecord.objects.get(pk=rec.pk)
    parties = list(TrackingParty.objects.filter(record=rec).order_by("pk").values_list("pk", "role", "position", "name", "id_number"))
    return (rec.document_number, rec.obligation_amount, rec.principal_amount, tuple(parties),
            TrackingStep.objects.filter(record=rec).count(), rec.history.count())


def test_a_refused_hand_off_names_the_party(world, english):
    rec = record(world)
    taken_id(rec)
    with on(AFTER_DEADLINE), pytest.raises(FieldErrors) as refused:
        services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
    errors = refused.value.errors
    assert errors["parties"][0] == {"name": [
        "Obligee 1 (张建国): This ID number is already registered to “赵建国”. Check the ID number, or use that name."]}
    assert errors["non_field_errors"] == ["Correct the parties on the record, then pass it on again."]
    assert EnforcementCase.objects.count() == 0


def test_a_refused_hand_off_in_the_browser_is_a_400_that_names_the_party(world):
    rec = record(world)
    taken_id(rec)
    with on(AFTER_DEADLINE):
        response = client_for(world.clerk).post(f"/tracking/{rec.pk}/hand-off/", {"handoff-applied_on": AFTER_DEADLINE.isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(r'class="alert alert-danger[^"]*form-errors" data-form="handoff">(.*?)</div>\s*<div class="row', html, re.S)
    assert errors and "张建国" in errors.group(1) and "赵建国" in errors.group(1)
    assert 'id="record-correct"' in html, "the way out is offered"
    assert EnforcementCase.objects.count() == 0


def test_a_record_corrected_with_a_reason_is_then_passed_on(world, english):
    rec = record(world)
    obligee = taken_id(rec)
    with on(dt.date(2025, 4, 9)):
        services.tracking_correct(actor=world.clerk, record_id=rec.pk, data=corrected_input(rec, id_number=NEW_ID),
                                  reason="权利人身份证号码录入有误，经核对判决书更正")
    obligee.refresh_from_db()
    assert obligee.id_number == NEW_ID, "the same party row, corrected"
    last = obligee.history.latest()
    assert (last.history_change_reason, last.history_user_id) == ("权利人身份证号码录入有误，经核对判决书更正", world.clerk.pk)
    step = TrackingStep.objects.get(record=rec, kind=StepKind.CORRECTION)
    assert step.done_on == dt.date(2025, 4, 9) and step.recorded_by_id == world.clerk.pk
    assert step.details == "Corrected: Obligee 1 (张建国): ID number. Reason: 权利人身份证号码录入有误，经核对判决书更正"
    with on(AFTER_DEADLINE):
        case = services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
    assert case.case_parties.get(role="applicant").party.id_number == NEW_ID


def test_a_correction_is_checked_like_the_registration_and_nothing_is_half_saved(world, english):
    rec = record(world)
    before = snapshot(rec)
    data = corrected_input(rec, id_number=NEW_ID[:17] + ("0" if NEW_ID[17] != "0" else "1"))
    data.basis.document_number = "(2025)冀0129民初 8888号"
    data.basis.principal_amount = "90000.00"  # more than the 85,000 to be paid
    with on(dt.date(2025, 4, 9)), pytest.raises(FieldErrors) as refused:
        services.tracking_correct(actor=world.clerk, record_id=rec.pk, data=data, reason="")
    errors = refused.value.errors
    assert errors["reason"] == ["State what is corrected and why."]
    assert errors["parties"][0]["id_number"] == ["The ID number's check digit is wrong; please check for a typo."]
    assert errors["basis"] == {"principal_amount": ["The principal (¥90,000.00) cannot exceed the amount to be paid (¥85,000.00)."]}
    assert snapshot(rec) == before

    other = record(world)
    data = services.tracking_input_of(rec)
    data.basis.document_number = other.document_number.replace("（", "(").replace("）", ")")
    with on(dt.date(2025, 4, 9)), pytest.raises(FieldErrors) as refused:
        services.tracking_correct(actor=world.clerk, record_id=rec.pk, data=data, reason="案号更正")
    assert refused.value.errors["basis"]["document_number"][0].startswith("This document is already being tracked at this court")
    with on(dt.date(2025, 4, 9)), pytest.raises(FieldErrors) as refused:
        services.tracking_correct(actor=world.clerk, record_id=rec.pk, data=services.tracking_input_of(rec), reason="无")
    assert refused.value.errors == {"non_field_errors": ["Nothing was changed."]}
    assert snapshot(rec) == before


def test_parties_are_added_and_removed_but_one_served_a_notice_stays(world, english):
    rec = record(world)
    obligors = list(rec.parties.filter(role="obligor").order_by("position"))
    with on(dt.date(2025, 3, 5)):
        services.tracking_notice_serve(actor=world.clerk, record_id=rec.pk, kind=StepKind.REMINDER, served_how="direct",
                                       recipient=obligors[0].pk)
    data = services.tracking_input_of(rec)
    keep = [i for i, pid in enumerate(data.party_ids) if pid != obligors[0].pk]
    data.parties, data.party_ids = [data.parties[i] for i in keep], [data.party_ids[i] for i in keep]
    with on(dt.date(2025, 4, 9)), pytest.raises(FieldErrors) as refused:
        services.tracking_correct(actor=world.clerk, record_id=rec.pk, data=data, reason="误列义务人")
    assert refused.value.errors == {"non_field_errors": [
        "Obligor 1 (李老汉) was served a notice: correct the party's details, it cannot be removed."]}

    # The company is removed (listed by mistake) and a guarantor added: positions follow.
    data = services.tracking_input_of(rec)
    drop = data.party_ids.index(obligors[1].pk)
    data.parties.pop(drop)
    data.party_ids.pop(drop)
    from cases.services import PartyInput

    data.parties.append(PartyInput(role="obligor", kind="person", name="王保证", id_number=resident_id(seq=656)))
    data.party_ids.append(None)
    with on(dt.date(2025, 4, 9)):
        services.tracking_correct(actor=world.clerk, record_id=rec.pk, data=data, reason="担保人漏列，酿造厂误列")
    assert list(rec.parties.filter(role="obligor").order_by("position").values_list("name", "position")) == [
        ("李老汉", 1), ("王保证", 2)]
    assert not TrackingParty.objects.filter(pk=obligors[1].pk).exists()
    details = TrackingStep.objects.get(record=rec, kind=StepKind.CORRECTION).details
    assert "Obligor 2 (王保证) added" in details and "Obligor 2 (赞皇县老字号酿造厂) removed" in details


def test_only_the_tracking_office_corrects_and_only_while_the_record_is_open(world):
    rec = record(world)
    with on(dt.date(2025, 4, 9)):
        for outsider in (world.judge, world.ys_clerk):
            with pytest.raises(PermissionDenied):
                services.tracking_correct(actor=outsider, record_id=rec.pk, data=corrected_input(rec, phone="13800000000"),
                                          reason="电话更正")
    with on(AFTER_DEADLINE):
        services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
        with pytest.raises(IllegalTransition):
            services.tracking_correct(actor=world.clerk, record_id=rec.pk, data=corrected_input(rec, phone="13800000000"),
                                      reason="电话更正")
    assert client_for(world.clerk).get(f"/tracking/{rec.pk}/correct/").status_code == 302
    assert 'id="record-correct"' not in client_for(world.clerk).get(f"/tracking/{rec.pk}/").content.decode()


def page_data(html: str) -> dict:
    """The correction form's fields as the browser would send them back."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_the_correction_page(world):
    rec = record(world)
    obligee = taken_id(rec)
    clerk = client_for(world.clerk)
    page = clerk.get(f"/tracking/{rec.pk}/correct/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="parties-0-id" value="{obligee.pk}"' in html and OLD_ID in html
    data = page_data(html)
    assert data["basis_document_number"] == rec.document_number and data["obligation_amount"] == "85000.00"

    with on(dt.date(2025, 4, 9)):
        refused = clerk.post(f"/tracking/{rec.pk}/correct/", {**data, "reason": "", "parties-0-id_number": "123"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'data-field="reason"' in body and 'data-field="parties-0-id_number"' in body
    assert TrackingParty.objects.get(pk=obligee.pk).id_number != "123"

    added = clerk.post(f"/tracking/{rec.pk}/correct/", {**data, "add_party": "obligor"}, HTTP_HX_REQUEST="true")
    assert added.status_code == 200 and 'name="parties-3-name"' in added.content.decode()
    assert f'name="parties-0-id" value="{obligee.pk}"' in added.content.decode(), "each row keeps its party"

    with on(dt.date(2025, 4, 9)):
        saved = clerk.post(f"/tracking/{rec.pk}/correct/", {**data, "reason": "身份证号码更正", "parties-0-id_number": NEW_ID})
    assert saved.status_code == 302 and saved["Location"] == f"/tracking/{rec.pk}/"
    assert TrackingParty.objects.get(pk=obligee.pk).id_number == NEW_ID
    detail = clerk.get(saved["Location"]).content.decode()
    assert 'data-kind="correction"' in detail and "身份证号码更正" in detail
    assert client_for(world.judge).get(f"/tracking/{rec.pk}/correct/").status_code == 403


def test_the_api_patches_a_record(world, as_user):
    rec = record(world)
    obligee = taken_id(rec)
    clerk = as_user(world.clerk)
    with on(AFTER_DEADLINE):
        refused = clerk.post(f"{URL}{rec.pk}/hand-off/", {}, format="json")
        assert refused.status_code == 400 and "张建国" in refused.json()["parties"][0]["name"][0]
        bad = clerk.patch(f"{URL}{rec.pk}/", {"parties": [{"id": obligee.pk, "id_number": NEW_ID}]}, format="json")
        assert bad.status_code == 400 and "reason" in bad.json()
        parties = [{"id": p.pk} for p in rec.parties.order_by("role", "position")]
        parties[0]["id_number"] = NEW_ID
        ok = clerk.patch(f"{URL}{rec.pk}/", {"parties": parties, "basis": {"document_number": " (2025)冀0129民初 7777号"},
                                             "reason": "权利人身份证号码及案号更正"}, format="json")
        assert ok.status_code == 200, ok.json()
        body = ok.json()
        assert body["document_number"] == "（2025）冀0129民初7777号"
        assert body["parties"][0]["id_number"] == NEW_ID and len(body["parties"]) == 3
        assert body["steps"][-1]["kind"] == "correction"
        assert as_user(world.judge).patch(f"{URL}{rec.pk}/", {"reason": "x"}, format="json").status_code == 403
        assert as_user(world.ys_clerk).patch(f"{URL}{rec.pk}/", {"reason": "x"}, format="json").status_code == 403
        assert clerk.post(f"{URL}{rec.pk}/hand-off/", {}, format="json").status_code == 201
        assert clerk.patch(f"{URL}{rec.pk}/", {"division_name": "x", "reason": "x"}, format="json").status_code == 409
    assert TrackingRecord.objects.get(pk=rec.pk).status == TrackingStatus.ENFORCEMENT


def test_a_correction_keeps_the_steps_already_taken_true(world, english):
    rec = record(world)
    with on(dt.date(2025, 3, 20)):
        services.tracking_obligee_check(actor=world.clerk, record_id=rec.pk, statement="not_performed")
        data = services.tracking_input_of(rec)
        data.basis.performance_deadline = dt.date(2025, 3, 25)
        with pytest.raises(FieldErrors) as refused:
            services.tracking_correct(actor=world.clerk, record_id=rec.pk, data=data, reason="履行期限更正")
    assert refused.value.errors == {"basis": {"performance_deadline": [
        "The obligee was asked on 2025-03-20, after the deadline: the deadline is before that day."]}}


def test_the_api_refuses_a_party_id_of_another_record(world, as_user):
    rec, other = record(world), record(world)
    stranger = other.parties.first()
    with on(dt.date(2025, 4, 9)):
        response = as_user(world.clerk).patch(f"{URL}{rec.pk}/", {
            "parties": [{"id": p.pk} for p in rec.parties.order_by("role", "position")] + [{"id": stranger.pk}],
            "reason": "误填"}, format="json")
    assert response.status_code == 400 and "id" in response.json()["parties"][3]
    assert rec.parties.count() == 3 and TrackingParty.objects.get(pk=stranger.pk).record_id == other.pk
    from tests.tracking.test_tracking_api import body

    new = body(world)
    new["parties"][0]["id"] = stranger.pk
    with on(dt.date(2025, 3, 3)):
        created = as_user(world.clerk).post(URL, new, format="json")
    assert created.status_code == 400 and "parties" in created.json(), "a new record's parties carry no id"
