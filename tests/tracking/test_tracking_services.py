"""Pre-enforcement tracking (issue #9) through its services: a judgment performed voluntarily is
counted in 自动履行率 and opens no case; one passed on registers the enforcement case from the record
in one step, with the basis and the parties exactly as recorded, and only once; bad input is refused
field by field with nothing saved; only the court's tracking office writes."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from cases.models import Basis, CaseEvent, CaseParty, EnforcementCase, Notification, Party
from cases.services import PartyInput
from enforcement.errors import FieldErrors, IllegalTransition
from tests.factories import resident_id
from tests.tracking.helpers import DEADLINE, EFFECTIVE, OLD_ID, obligee, on, record, tracking_data
from tracking import selectors, services
from tracking.models import StepKind, TrackingParty, TrackingRecord, TrackingStatus, TrackingStep

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = dt.date(2025, 4, 10)
PARTY_FIELDS = ("kind", "name", "id_type", "id_number", "id_missing_reason", "phone", "address", "legal_representative")


def serve_both(world, rec, day=dt.date(2025, 3, 5)):
    with on(day):
        services.tracking_notice_serve(actor=world.clerk, record_id=rec.pk, kind=StepKind.REMINDER, served_how="direct")
        services.tracking_notice_serve(actor=world.clerk, record_id=rec.pk, kind=StepKind.WARNING, served_how="post",
                                       details="EMS 1234567890")


def wrong_check_digit(number: str) -> str:
    digits = "0123456789X"
    return number[:17] + digits[(digits.index(number[17]) + 1) % len(digits)]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (TrackingRecord, TrackingParty, TrackingStep, EnforcementCase, Basis, Party,
                                                    CaseEvent, Notification)}


def test_judgment_performed_voluntarily_counts_in_the_rate_and_opens_no_case(world):
    rec = record(world)
    serve_both(world, rec)
    with on(dt.date(2025, 3, 12)):
        done = services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=TrackingStatus.PERFORMED_FULL)

    assert done.status == TrackingStatus.PERFORMED_FULL
    assert done.performed_amount == Decimal("85000.00") and done.performed_on == dt.date(2025, 3, 12)
    assert EnforcementCase.objects.count() == 0, "a voluntary performance opens no enforcement case"
    assert list(rec.steps.values_list("kind", flat=True)) == [StepKind.REMINDER, StepKind.WARNING, StepKind.OUTCOME]

    with on(dt.date(2025, 12, 31)):
        metrics = selectors.performance_metrics(user=world.chief, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
    [row] = metrics.rows
    assert (row.court_id, row.division) == (world.zanhuang.pk, "civil_1")
    assert (row.decided, row.performed_full, row.enforcement) == (1, 1, 0)
    assert row.rate == Decimal("1.0000")
    assert row.performances == 1 and row.performed_amount == Decimal("85000.00")
    assert row.mean_days == row.median_days == Decimal("11.0")  # 1 March → 12 March


def test_judgment_passed_to_enforcement_carries_basis_and_parties_exactly(world):
    rec = record(world)
    serve_both(world, rec)
    with on(AFTER_DEADLINE):
        services.tracking_obligee_check(actor=world.clerk, record_id=rec.pk, statement="not_performed", details="电话回访")
        case = services.tracking_hand_off(actor=world.clerk, record_id=rec.pk, note="权利人申请执行")

    case = EnforcementCase.objects.select_related("basis").get(pk=case.pk)
    assert case.case_number == "（2025）冀0129执1号", "numbered by the registration service"
    assert case.court_id == world.zanhuang.pk and case.filed_on == AFTER_DEADLINE
    basis = case.basis
    for field in ("document_number", "document_type", "issuing_court", "effective_date", "performance_deadline",
                  "principal_amount", "obligations"):
        assert getattr(basis, field) == getattr(rec, field), field
    assert (basis.effective_date, basis.performance_deadline) == (EFFECTIVE, DEADLINE)
    assert case.target_amount == Decimal("85000.00") and case.cause == rec.cause

    recorded = [(p.role, *(getattr(p, f) for f in PARTY_FIELDS)) for p in rec.parties.order_by("role", "position")]
    carried = [({"applicant": "obligee", "respondent": "obligor"}[link.role], *(getattr(link.party, f) for f in PARTY_FIELDS))
               for link in CaseParty.objects.filter(case=case).select_related("party").order_by("role", "position")]
    assert sorted(carried) == sorted(recorded)
    assert {p.id_number for p in rec.parties.all()} >= {OLD_ID, "123456788"}, "old identifiers kept as recorded"

    rec.refresh_from_db()
    assert rec.status == TrackingStatus.ENFORCEMENT and rec.enforcement_case_id == case.pk
    assert rec.outcome_on == AFTER_DEADLINE
    note = CaseEvent.objects.get(case=case, kind="note")
    assert rec.document_number in note.description and note.data["tracking_record"] == rec.pk
    assert note.data["reminder_served_on"] == "2025-03-05" and note.data["warning_served_on"] == "2025-03-05"
    assert Notification.objects.filter(case=case, party__name="张建国").exists(), "the applicant hears of the registration"

    with on(dt.date(2025, 12, 31)):
        [row] = selectors.performance_metrics(user=world.clerk, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)).rows
    assert (row.decided, row.performed_full, row.enforcement, row.rate) == (1, 0, 1, Decimal("0.0000"))
    assert row.performances == 0


def test_a_record_is_passed_to_enforcement_only_once(world):
    rec = record(world)
    with on(AFTER_DEADLINE):
        first = services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
        with pytest.raises(IllegalTransition) as refused:
            services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
    assert first.case_number in str(refused.value)
    assert EnforcementCase.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clerks_passing_the_same_record_at_once_register_one_case(world):
    assert connection.vendor == "postgresql"
    rec = record(world)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def hand_off(actor):
        try:
            barrier.wait(timeout=30)
            results.append(services.tracking_hand_off(actor=actor, record_id=rec.pk).case_number)
        except IllegalTransition as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=hand_off, args=(actor,)) for actor in (world.clerk, world.chief)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 1 and len(errors) == 1
    assert EnforcementCase.objects.count() == 1
    assert TrackingRecord.objects.get(pk=rec.pk).enforcement_case.case_number == results[0]


def test_enforcement_is_applied_for_only_after_the_deadline(world):
    rec = record(world)
    with on(DEADLINE):
        with pytest.raises(IllegalTransition):
            services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
        with pytest.raises(FieldErrors) as asked:
            services.tracking_obligee_check(actor=world.clerk, record_id=rec.pk, statement="not_performed")
    assert set(asked.value.errors) == {"checked_on"}
    assert EnforcementCase.objects.count() == 0


def test_part_performance_then_the_rest_passed_to_enforcement(world):
    rec = record(world)
    with on(dt.date(2025, 3, 20)):
        services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=TrackingStatus.PERFORMED_PART,
                                         performed_amount="30,000.00")
    with on(AFTER_DEADLINE):
        case = services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
    assert case.target_amount == Decimal("55000.00"), "only the rest is enforced"
    rec.refresh_from_db()
    assert (rec.status, rec.performed_amount, rec.performed_on) == (TrackingStatus.ENFORCEMENT, Decimal("30000.00"), dt.date(2025, 3, 20))
    with on(dt.date(2025, 12, 31)):
        [row] = selectors.performance_metrics(user=world.clerk, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)).rows
    assert (row.decided, row.enforcement, row.performances, row.performed_amount) == (1, 1, 1, Decimal("30000.00"))
    assert row.rate == Decimal("0.0000")


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(world, english):
    before = counts()
    data = tracking_data(
        world.zanhuang, division="", obligation_amount=12.5,
        parties=[obligee(id_number=wrong_check_digit(resident_id(seq=611))),
                 PartyInput(role="obligor", kind="person", name="李老汉", id_type="resident_id", id_number=OLD_ID[:-1] + "x")],
    )
    data.basis.performance_deadline = dt.date(2025, 2, 1)
    with on(dt.date(2025, 3, 2)), pytest.raises(FieldErrors) as refused:
        services.tracking_register(actor=world.clerk, data=data)
    errors = refused.value.errors
    assert errors["division"] == ["Choose the trial division."]
    assert errors["obligation_amount"] == ['Enter the amount as text, e.g. "12345.67" (not as a floating-point number).']
    assert errors["basis"] == {"performance_deadline": ["The performance deadline cannot be before the effective date."]}
    assert errors["parties"][0]["id_number"] == ["The ID number's check digit is wrong; please check for a typo."]
    assert errors["parties"][1]["id_number"] == ["A 15-digit (first-generation) ID number has digits only."]
    assert counts() == before


def test_a_party_whose_id_is_registered_under_another_name_is_refused_when_recorded(world, english):
    Party.objects.create(kind="person", name="张建华", id_type="resident_id", id_number=resident_id(seq=611),
                         id_key="ric:" + resident_id(seq=611))
    with on(dt.date(2025, 3, 2)), pytest.raises(FieldErrors) as refused:
        services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang))
    assert refused.value.errors["parties"][0]["name"] == [
        "This ID number is already registered to “张建华”. Check the ID number, or use that name."]
    assert TrackingRecord.objects.count() == 0


def test_a_document_is_tracked_once_at_a_time(world, english):
    rec = record(world)
    with on(dt.date(2025, 3, 3)), pytest.raises(FieldErrors) as refused:
        services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang, document_number=rec.document_number))
    assert refused.value.errors == {"basis": {"document_number": [
        "This document is already being tracked at this court (record of 2025-03-02, recorded by 王立案)."]}}
    with on(dt.date(2025, 3, 4)):
        services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome="withdrawn", note="重复登记")
        services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang, document_number=rec.document_number))
    assert TrackingRecord.objects.filter(document_number=rec.document_number).count() == 2


def test_a_record_needs_an_obligee_and_an_obligor(world, english):
    with on(dt.date(2025, 3, 2)), pytest.raises(FieldErrors) as refused:
        services.tracking_register(actor=world.clerk, data=tracking_data(world.zanhuang, parties=[obligee()]))
    assert refused.value.errors["non_field_errors"] == ["Add at least one obligor."]


def test_only_the_courts_tracking_office_writes(world):
    with on(dt.date(2025, 3, 2)):
        for outsider in (world.judge, world.ys_clerk, world.supervisor):
            with pytest.raises(FieldErrors) as refused:
                services.tracking_register(actor=outsider, data=tracking_data(world.zanhuang))
            assert set(refused.value.errors) == {"court"}
    rec = record(world, actor=world.chief)
    with on(dt.date(2025, 3, 5)):
        for outsider in (world.judge, world.ys_clerk):
            with pytest.raises(PermissionDenied):
                services.tracking_notice_serve(actor=outsider, record_id=rec.pk, kind=StepKind.REMINDER, served_how="direct")
    assert rec.steps.count() == 0


def test_outcomes_end_tracking(world, english):
    rec = record(world)
    with on(dt.date(2025, 3, 20)):
        with pytest.raises(FieldErrors) as refused:
            services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=TrackingStatus.PERFORMED_PART,
                                             performed_amount="85000.00")
        assert refused.value.errors == {"performed_amount": [
            "Part of the ¥85,000.00 to be paid: for all of it, record it as performed in full."]}
        with pytest.raises(FieldErrors) as refused:
            services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=TrackingStatus.WITHDRAWN)
        assert set(refused.value.errors) == {"note"}
        services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=TrackingStatus.WITHDRAWN, note="权利人放弃")
        with pytest.raises(IllegalTransition):
            services.tracking_notice_serve(actor=world.clerk, record_id=rec.pk, kind=StepKind.REMINDER, served_how="direct")
    with on(AFTER_DEADLINE), pytest.raises(IllegalTransition):
        services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)


def test_metrics_per_court_and_division_and_the_upper_court_sees_its_subtree(world):
    # 赞皇 civil_1: two in full, one passed on, one withdrawn (out of the rate); 赞皇 tribunal: one in part.
    for day, outcome in ((dt.date(2025, 3, 6), "performed_full"), (dt.date(2025, 3, 21), "performed_full"),
                         (dt.date(2025, 3, 25), "withdrawn")):
        rec = record(world)
        with on(day):
            services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=outcome,
                                             note="撤回" if outcome == "withdrawn" else "")
    rec = record(world)
    with on(AFTER_DEADLINE):
        services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
    rec = record(world, division="tribunal")
    with on(dt.date(2025, 3, 31)):
        services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome="performed_part", performed_amount="1000")
    # 元氏: one performed in full; one still tracked past its deadline.
    for who in ("done", "open"):
        with on(dt.date(2025, 3, 2)):
            ys = services.tracking_register(actor=world.ys_clerk, data=tracking_data(
                world.yuanshi, parties=[obligee(name="王五", id_number=resident_id(seq=612)),
                                        obligee(role="obligor", name="赵六", id_number=resident_id(seq=613))]))
        if who == "done":
            with on(dt.date(2025, 3, 10)):
                services.tracking_outcome_record(actor=world.ys_clerk, record_id=ys.pk, outcome="performed_full")

    period = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}
    with on(dt.date(2025, 6, 1)):
        upper = selectors.performance_metrics(user=world.supervisor, **period)
        basic = selectors.performance_metrics(user=world.clerk, **period)
        only_ys = selectors.performance_metrics(user=world.supervisor, court=world.yuanshi, **period)
    rows = {(r.court_id, r.division): r for r in upper.rows}
    assert set(rows) == {(world.zanhuang.pk, "civil_1"), (world.zanhuang.pk, "tribunal"), (world.yuanshi.pk, "civil_1")}
    zh = rows[(world.zanhuang.pk, "civil_1")]
    assert (zh.decided, zh.performed_full, zh.enforcement, zh.withdrawn) == (3, 2, 1, 1)
    assert zh.rate == Decimal("0.6667")
    assert sorted(zh.days) == [5, 20] and zh.median_days == Decimal("12.5") and zh.mean_days == Decimal("12.5")
    ys_row = rows[(world.yuanshi.pk, "civil_1")]
    assert (ys_row.decided, ys_row.rate, ys_row.open, ys_row.overdue) == (1, Decimal("1.0000"), 1, 1)
    assert (upper.total.decided, upper.total.performed_full, upper.total.performances) == (5, 3, 4)
    assert upper.total.rate == Decimal("0.6000")
    assert {r.court_id for r in basic.rows} == {world.zanhuang.pk}, "a basic court sees its own figures"
    assert {r.court_id for r in only_ys.rows} == {world.yuanshi.pk}
    with on(dt.date(2025, 6, 1)):
        later = selectors.performance_metrics(user=world.supervisor, date_from=dt.date(2025, 4, 1), date_to=dt.date(2025, 12, 31))
    assert later.total.decided == 1 and later.total.enforcement == 1, "the period selects by the outcome's date"
