"""One judgment is handed off to enforcement once (review of issue #9): document numbers are normalised
on input — spaces dropped, ASCII brackets made full-width, by the registration and by tracking alike —
and a judgment already tracked, already passed on, or already under enforcement at a court is refused
there, naming the record or the case; nothing is half-saved."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import services as case_services
from cases.models import Basis, EnforcementCase
from enforcement.errors import FieldErrors
from tests.factories import registration
from tests.tracking.helpers import on, record, tracking_data
from tracking import services
from tracking.models import TrackingRecord, TrackingStatus

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = dt.date(2025, 4, 10)
TYPED = " (2025)冀0129民初 4321号 "  # as typed: ASCII brackets, spaces
NUMBER = "（2025）冀0129民初4321号"


def document_errors(exc) -> list[str]:
    return exc.value.errors["basis"]["document_number"]


def test_document_numbers_are_stored_normalised_by_tracking_and_by_registration(world):
    rec = record(world, document_number=TYPED)
    assert rec.document_number == NUMBER
    with on(dt.date(2025, 4, 1)):
        case = case_services.case_register(actor=world.clerk, data=registration(
            world.zanhuang, basis=case_services.BasisInput(
                document_number="(2025)冀0129民初 99号", document_type="judgment", issuing_court="赞皇县人民法院",
                effective_date=dt.date(2025, 3, 1), performance_deadline=dt.date(2025, 3, 16))))
    assert Basis.objects.get(cases=case).document_number == "（2025）冀0129民初99号"


def test_the_same_judgment_typed_differently_is_refused_naming_the_record(world, english):
    record(world, document_number=NUMBER)
    with on(dt.date(2025, 3, 3)), pytest.raises(FieldErrors) as refused:
        services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang, document_number=TYPED))
    assert document_errors(refused) == [
        "This document is already being tracked at this court (record of 2025-03-02, recorded by 王立案)."]
    assert TrackingRecord.objects.count() == 1


def test_a_judgment_passed_on_is_not_tracked_again_the_case_is_named(world, english):
    rec = record(world, document_number=NUMBER)
    with on(AFTER_DEADLINE):
        case = services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
        with pytest.raises(FieldErrors) as refused:
            services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang, document_number=TYPED))
    assert document_errors(refused) == [
        f"This document was already passed to enforcement at this court as case {case.case_number}."]
    assert TrackingRecord.objects.count() == 1


def test_a_judgment_performed_in_full_is_not_tracked_again_but_after_a_withdrawal_it_may_be(world, english):
    done = record(world, document_number=NUMBER)
    with on(dt.date(2025, 3, 10)):
        services.tracking_outcome_record(actor=world.clerk, record_id=done.pk, outcome=TrackingStatus.PERFORMED_FULL)
        with pytest.raises(FieldErrors) as refused:
            services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang, document_number=NUMBER))
    assert document_errors(refused) == [
        "This document was already tracked at this court: Performed voluntarily in full on 2025-03-10."]


def test_a_judgment_already_under_enforcement_is_neither_tracked_nor_handed_off(world, english):
    # Recorded for tracking first; meanwhile the obligee applied directly at the registration window.
    rec = record(world, document_number=NUMBER)
    with on(dt.date(2025, 4, 1)):
        direct = case_services.case_register(actor=world.clerk, data=registration(world.zanhuang, basis=case_services.BasisInput(
            document_number=TYPED, document_type="judgment", issuing_court="赞皇县人民法院",
            effective_date=dt.date(2025, 3, 1), performance_deadline=dt.date(2025, 3, 16))))
    before = (EnforcementCase.objects.count(), Basis.objects.count())
    with on(AFTER_DEADLINE), pytest.raises(FieldErrors) as refused:
        services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
    assert refused.value.errors == {"document_number": [
        f"An enforcement case on this document already exists at this court: {direct.case_number}."]}
    assert (EnforcementCase.objects.count(), Basis.objects.count()) == before, "no second case"
    assert TrackingRecord.objects.get(pk=rec.pk).status == TrackingStatus.TRACKING

    with on(AFTER_DEADLINE):
        services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome="withdrawn", note="已直接申请执行")
        with pytest.raises(FieldErrors) as again:
            services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang, document_number=NUMBER))
    assert document_errors(again) == [f"An enforcement case on this document already exists at this court: {direct.case_number}."]


def test_rows_saved_before_normalisation_still_match(world, english):
    rec = record(world, document_number=NUMBER)
    TrackingRecord.objects.filter(pk=rec.pk).update(document_number="(2025)冀0129民初4321号")  # an older row
    with on(dt.date(2025, 3, 3)), pytest.raises(FieldErrors):
        services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang, document_number=NUMBER))


def test_another_court_tracks_its_own_record_of_the_same_number(world):
    record(world, document_number=NUMBER)
    from tests.factories import resident_id
    from tests.tracking.helpers import obligee

    with on(dt.date(2025, 3, 2)):
        other = services.tracking_register(actor=world.ys_clerk, data=tracking_data(
            world.yuanshi, document_number=NUMBER,
            parties=[obligee(name="王五", id_number=resident_id(seq=612)), obligee(role="obligor", name="赵六", id_number=resident_id(seq=613))]))
    assert other.court_id == world.yuanshi.pk
