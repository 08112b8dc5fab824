"""Amounts of pre-enforcement tracking (review of issue #9): what the obligor paid voluntarily before
enforcement counts, with its date, in the new case's late-performance interest (the dossier's interest
card, the 执行通知书); the principal fixed by the document cannot exceed what is to be paid; a
performance "in full" cannot be more than is still due; amounts read with thousands separators."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from cases.models import EnforcementCase
from documents.selectors import case_interest_defaults
from enforcement.errors import FieldErrors
from tests.dossier import dossier_html
from tests.tracking.helpers import on, record, tracking_data
from tracking import selectors, services
from tracking.models import TrackingRecord, TrackingStatus, TrackingStep

pytestmark = pytest.mark.django_db
D = Decimal
AFTER_DEADLINE = dt.date(2025, 4, 10)


def recorded(world, amount: str, principal: str | None) -> TrackingRecord:
    data = tracking_data(world.zanhuang, obligation_amount=amount)
    data.basis.principal_amount = principal
    with on(dt.date(2025, 3, 2)):
        return services.tracking_register(actor=world.clerk, data=data)


def part_paid_then_passed_on(world, *, principal: str | None = "60000.00") -> EnforcementCase:
    """60,000 due, 10,000 paid voluntarily on 20 March, the rest passed to enforcement."""
    rec = recorded(world, "60000.00", principal)
    with on(dt.date(2025, 3, 20)):
        services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=TrackingStatus.PERFORMED_PART,
                                         performed_amount="10,000.00")
    with on(AFTER_DEADLINE):
        return services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)


def test_a_payment_before_enforcement_counts_in_the_cases_interest(world):
    case = part_paid_then_passed_on(world)
    assert case.target_amount == D("50000.00"), "the case enforces the rest"
    [prior] = selectors.prior_payments(case)
    assert (prior.date, prior.amount) == (dt.date(2025, 3, 20), D("10000.00"))

    defaults = case_interest_defaults(case)
    assert defaults.principal == D("60000.00") and defaults.principal_from_basis
    assert [(p.date, p.amount) for p in defaults.payments] == [(dt.date(2025, 3, 20), D("10000.00"))]

    client = Client()
    client.force_login(world.clerk)
    with on(AFTER_DEADLINE):
        html = dossier_html(client, case)
    # The interest card: principal, delay, payments, interest, amount due — in that order.
    figures = re.findall(r"<dd[^>]*>(.*?)</dd>", html.split('id="interest-panel"')[1].split("</dl>")[0], re.S)
    assert "¥60,000.00" in figures[0], "the principal fixed by the judgment"
    assert "¥10,000.00" in figures[2], figures[2]


def test_without_a_principal_on_the_document_the_debt_is_the_rest_plus_what_was_paid(world):
    case = part_paid_then_passed_on(world, principal=None)
    defaults = case_interest_defaults(case)
    assert not defaults.principal_from_basis
    assert defaults.principal == D("60000.00"), "50,000 applied for + 10,000 paid before"
    assert sum(p.amount for p in defaults.payments) == D("10000.00")


def test_a_case_not_from_tracking_has_no_prior_payments(world):
    rec = record(world)
    with on(AFTER_DEADLINE):
        case = services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
    assert selectors.prior_payments(case) == []
    assert case_interest_defaults(case).payments == ()


def test_the_principal_cannot_exceed_the_amount_to_be_paid(world, english):
    data = tracking_data(world.zanhuang, obligation_amount="150000.00")
    data.basis.principal_amount = "200,000.00"
    with on(dt.date(2025, 3, 2)), pytest.raises(FieldErrors) as refused:
        services.tracking_register(actor=world.clerk, data=data)
    assert refused.value.errors == {"basis": {"principal_amount": [
        "The principal (¥200,000.00) cannot exceed the amount to be paid (¥150,000.00)."]}}
    assert TrackingRecord.objects.count() == 0

    # A record accepted before the rule is not passed on as it stands.
    rec = record(world, obligation_amount="150000.00")
    TrackingRecord.objects.filter(pk=rec.pk).update(principal_amount=D("200000.00"))
    with on(AFTER_DEADLINE), pytest.raises(FieldErrors) as refused:
        services.tracking_hand_off(actor=world.clerk, record_id=rec.pk)
    assert refused.value.errors == {"principal_amount": [
        "The principal (¥200,000.00) cannot exceed the amount to be paid (¥150,000.00): correct the record first."]}
    assert EnforcementCase.objects.count() == 0


def test_performed_in_full_cannot_be_more_than_is_due(world, english):
    rec = recorded(world, "20000.00", "20000.00")
    with on(dt.date(2025, 3, 12)):
        with pytest.raises(FieldErrors) as refused:
            services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=TrackingStatus.PERFORMED_FULL,
                                             performed_amount="25000.00")
        assert refused.value.errors == {"performed_amount": ["More than the ¥20,000.00 still due: record the amount due."]}
        assert TrackingRecord.objects.get(pk=rec.pk).status == TrackingStatus.TRACKING and rec.steps.count() == 0
        services.tracking_outcome_record(actor=world.clerk, record_id=rec.pk, outcome=TrackingStatus.PERFORMED_FULL,
                                         performed_amount="20000")
    step = TrackingStep.objects.get(record=rec, kind="outcome")
    assert "¥20,000.00" in step.details, step.details
    with on(dt.date(2025, 12, 31)):
        [row] = selectors.performance_metrics(user=world.clerk, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)).rows
    assert row.performed_amount == D("20000.00")


def test_the_record_page_shows_amounts_with_separators(world):
    rec = recorded(world, "20000.00", "20000.00")
    client = Client()
    client.force_login(world.clerk)
    with on(dt.date(2025, 3, 12)):
        refused = client.post(f"/tracking/{rec.pk}/outcome/", {"outcome-outcome": "performed_full", "outcome-outcome_on": "2025-03-12",
                                                               "outcome-performed_amount": "25000"})
        assert refused.status_code == 400
        error = re.search(r'data-field="outcome-performed_amount">([^<]+)<', refused.content.decode()).group(1)
        assert "¥20,000.00" in error
        client.post(f"/tracking/{rec.pk}/outcome/", {"outcome-outcome": "performed_full", "outcome-outcome_on": "2025-03-12"})
        html = client.get(f"/tracking/{rec.pk}/").content.decode()
    steps = html.split('id="tracking-timeline"')[1]
    assert "¥20,000.00" in steps and "¥20000.00" not in html
