"""Every dossier write is on the audit trail with who, when and why; applicants' claims can be
given at registration; history can be imported with its own dates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cases import dossier, money, selectors, services
from cases.models import CaseParty, ControlAction, ControlStatus, PartyRole, Payment
from enforcement.errors import FieldErrors
from tests.factories import registration, resident_id

pytestmark = pytest.mark.django_db


def test_control_and_payment_appear_on_the_audit_trail_with_the_judge(world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    control = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="freeze_deposit", asset="农行赞皇支行 6228****1234",
                                    amount="30000.00", started_on=timezone.localdate())
    dossier.control_release(actor=world.judge, control_id=control.pk, reason="被执行人提供担保")
    money.payment_record(actor=world.judge2, case_id=case.pk, amount="500.00", received_on=timezone.localdate())
    trail = selectors.case_audit_trail(case=selectors.case_get(pk=case.pk))
    controls = [e for e in trail if e["object"] == str(ControlAction._meta.verbose_name)]
    assert [e["action"] for e in controls] == ["changed", "created"]
    assert controls[0]["user"] == world.judge.display_name and controls[0]["reason"] == "被执行人提供担保"
    status_label = str(ControlAction._meta.get_field("status").verbose_name)
    assert {"field": status_label, "old": str(ControlStatus.IN_FORCE.label), "new": str(ControlStatus.RELEASED.label)} in controls[0]["changes"]
    payment = next(e for e in trail if e["object"] == str(Payment._meta.verbose_name))
    assert payment["user"] == world.judge2.display_name and payment["object_repr"] == "500.00"


def test_claims_given_at_registration_feed_the_distribution(world):
    data = registration(world.zanhuang, target_amount="100000.00")
    first = data.parties[0]
    first.claim_amount, first.claim_class = "30000.00", "wage"
    data.parties.append(services.PartyInput(role="applicant", kind="person", name="孙小红", id_type="resident_id",
                                            id_number=resident_id(seq=77), claim_amount="70000.00"))
    case = services.case_register(actor=world.clerk, data=data)
    links = {link.party.name: link for link in CaseParty.objects.filter(case=case, role=PartyRole.APPLICANT).select_related("party")}
    assert links[first.name].claim_amount == Decimal("30000.00") and links[first.name].claim_class == "wage"
    assert links["孙小红"].claim_amount == Decimal("70000.00") and links["孙小红"].claim_class == "ordinary"
    money.payment_record(actor=world.judge, case_id=case.pk, amount="40000.00", received_on=timezone.localdate())
    preview = {line.name: line.paid for line in money.distribution_preview(selectors.case_get(pk=case.pk))}
    assert preview == {first.name: Decimal("30000.00"), "孙小红": Decimal("10000.00")}


def test_claims_above_the_target_are_refused_at_registration(world):
    data = registration(world.zanhuang, target_amount="1000.00")
    data.parties[0].claim_amount = "1000.01"
    with pytest.raises(FieldErrors) as exc:
        services.case_register(actor=world.clerk, data=data)
    assert "target_amount" in exc.value.errors


def test_imported_history_keeps_its_dates(world):
    filed = timezone.localdate() - dt.timedelta(days=200)
    at = timezone.make_aware(dt.datetime.combine(filed, dt.time(9, 0)))
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang, filed_on=filed), at=at)
    paid_at = at + dt.timedelta(days=40)
    with services.recorded_at(paid_at):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="100.00", received_on=paid_at.date())
    event = case.events.filter(kind="payment").get()
    assert event.occurred_at == paid_at and event.is_substantive
    case.refresh_from_db()
    assert case.last_progress_at == paid_at
    with pytest.raises(ValueError):
        with services.recorded_at(timezone.now() + dt.timedelta(days=1)):
            pass
