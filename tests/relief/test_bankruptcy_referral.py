"""Referral to bankruptcy review (执转破, SPC 2017 guidance; issue #9): only a company is referred, with
the consent of an applicant or of the company; the bureau chief's decision suspends enforcement; the
file goes to the bankruptcy court; its acceptance terminates the enforcement case even with money
outstanding and controls in force (released, money held handed over, credit measures lifted), its
refusal resumes enforcement. The stages show on the dossier and are counted in the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.test import Client

from cases import dossier
from cases.models import (
    AuctionRound,
    CaseEvent,
    CoerciveMeasure,
    ControlAction,
    Disbursement,
    EnforcementCase,
    Notification,
    Payment,
)
from enforcement.errors import FieldErrors, IllegalTransition
from relief import selectors, services
from relief.models import BankruptcyReferral, ReferralStatus
from tests.relief.helpers import applicant, day, make_case, respondent

pytestmark = pytest.mark.django_db
D = Decimal


def enforce(world, case):
    """A company under enforcement: a frozen account partly deducted (money held), an office sealed and
    put up for auction, a consumption restriction."""
    with day(dt.date(2026, 1, 10)):
        account = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="freeze_deposit", asset="建设银行赞皇支行 6217000000000000001",
                                        amount="20000.00", started_on=dt.date(2026, 1, 10))
        dossier.control_deduct(actor=world.judge, control_id=account.pk, amount="5000.00", deducted_on=dt.date(2026, 1, 10))
        office = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="seal_real_estate", asset="赞皇县建设路18号办公楼",
                                       started_on=dt.date(2026, 1, 10))
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="consumption_restriction", respondent=respondent(case),
                              issued_on=dt.date(2026, 1, 10), reason="未按执行通知履行")
        dossier.valuation_record(actor=world.judge, control_id=office.pk, method="online_inquiry", value="300000.00",
                                 valued_on=dt.date(2026, 1, 10))
        dossier.auction_schedule(actor=world.judge, control_id=office.pk, reserve_price="210000.00", starts_on=dt.date(2026, 4, 1))


def refer_and_transfer(world, case) -> BankruptcyReferral:
    with day(dt.date(2026, 2, 2)):
        referral = services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case),
                                              grounds="被执行人资产不足以清偿全部债务，另有三起执行案件未结。")
    with day(dt.date(2026, 2, 3)):
        services.referral_consent_record(actor=world.judge, referral_id=referral.pk, party=applicant(case), note="书面同意")
    with day(dt.date(2026, 2, 5)):
        services.referral_decide(actor=world.chief, referral_id=referral.pk, note="院长签发移送决定书")
    case = EnforcementCase.objects.get(pk=case.pk)
    assert case.status == "suspended" and case.suspended_since == dt.date(2026, 2, 5), "the decision suspends enforcement"
    suspension = CaseEvent.objects.filter(case=case, kind="status_changed").order_by("-occurred_at", "-pk").first()
    assert suspension.data["transition"] == "suspend" and "执转破" in suspension.reason
    with day(dt.date(2026, 2, 10)):
        return services.referral_transfer(actor=world.judge, referral_id=referral.pk, bankruptcy_court=world.sjz.pk,
                                          note="移送卷宗及财产清单")


def test_referral_suspends_enforcement_then_acceptance_closes_the_case(world):
    case = make_case(world)
    enforce(world, case)
    referral = refer_and_transfer(world, case)
    assert referral.status == ReferralStatus.TRANSFERRED and referral.bankruptcy_court_id == world.sjz.pk
    with day(dt.date(2026, 3, 6)):
        services.referral_outcome(actor=world.judge, referral_id=referral.pk, outcome="accepted", ruling_number="（2026）冀01破申8号")

    case = EnforcementCase.objects.get(pk=case.pk)
    assert (case.status, case.closure_type, case.closed_on) == ("closed", "terminated", dt.date(2026, 3, 6))
    assert case.outstanding_amount == D("80000.00"), "closed although money is outstanding"
    assert case.suspended_days == 29 and case.suspended_since is None
    assert not ControlAction.objects.filter(case=case, status="in_force").exists(), "seals and freezes released"
    assert all("（2026）冀01破申8号" in r for r in ControlAction.objects.filter(case=case).values_list("end_reason", flat=True))
    assert AuctionRound.objects.get(control__case=case).result == "withdrawn"
    assert not CoerciveMeasure.objects.filter(case=case, lifted_on__isnull=True).exists(), "credit measures lifted"
    handed = Disbursement.objects.get(case=case)
    assert (handed.kind, handed.payee_id, handed.amount) == ("refund", respondent(case), D("5000.00"))
    received = Payment.objects.filter(case=case).aggregate(t=Sum("amount"))["t"]
    assert received == case.recovered_amount == case.disbursed_amount == D("5000.00") and case.held_amount == 0
    assert BankruptcyReferral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED
    messages = list(Notification.objects.filter(case=case).values_list("message", flat=True))
    assert any("石家庄市中级人民法院" in m and "赞皇县某建材有限公司" in m for m in messages)

    client = Client()
    client.force_login(world.judge)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-status="accepted"' in html and "（2026）冀01破申8号" in html and 'class="referral-stages' in html

    [row] = selectors.relief_report(user=world.supervisor, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31)).rows
    assert (row.referrals_started, row.referrals_decided, row.referrals_transferred, row.referrals_accepted) == (1, 1, 1, 1)
    assert (row.referrals_not_accepted, row.referrals_active) == (0, 0)


def test_a_refused_bankruptcy_resumes_enforcement(world):
    case = make_case(world)
    referral = refer_and_transfer(world, case)
    with day(dt.date(2026, 3, 6)):
        services.referral_outcome(actor=world.judge, referral_id=referral.pk, outcome="not_accepted", note="不符合破产受理条件")
    case = EnforcementCase.objects.get(pk=case.pk)
    assert case.status == "in_progress" and case.suspended_days == 29
    [row] = selectors.relief_report(user=world.chief, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31)).rows
    assert (row.referrals_accepted, row.referrals_not_accepted) == (0, 1)
    with day(dt.date(2026, 3, 7)):  # a new referral may be started later
        services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case), grounds="新的资不抵债证据")


def test_only_a_company_is_referred(world, english):
    case = make_case(world, respondent_kind="person")
    with day(dt.date(2026, 2, 2)), pytest.raises(FieldErrors) as refused:
        services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case), grounds="资不抵债")
    assert refused.value.errors == {"respondent": [
        "Only an enterprise (a legal person or organisation, not a natural person or a state organ) can be referred to bankruptcy review."]}
    assert BankruptcyReferral.objects.count() == 0


def test_the_decision_needs_a_consent_and_the_bureau_chief(world, english):
    case = make_case(world)
    with day(dt.date(2026, 2, 2)):
        referral = services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case), grounds="资不抵债")
        with pytest.raises(IllegalTransition):
            services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case), grounds="再次")
        with pytest.raises(FieldErrors) as refused:
            services.referral_decide(actor=world.chief, referral_id=referral.pk)
        assert refused.value.errors == {"non_field_errors": ["Record the consent of an applicant or of the respondent first."]}
        services.referral_consent_record(actor=world.judge, referral_id=referral.pk, party=respondent(case))
        with pytest.raises(FieldErrors):
            services.referral_consent_record(actor=world.judge, referral_id=referral.pk, party=respondent(case))
        with pytest.raises(PermissionDenied):
            services.referral_decide(actor=world.judge, referral_id=referral.pk)
        with pytest.raises(IllegalTransition):
            services.referral_transfer(actor=world.judge, referral_id=referral.pk, bankruptcy_court=world.sjz.pk)
    assert EnforcementCase.objects.get(pk=case.pk).status == "registered"


def test_a_decided_referral_abandoned_by_the_chief_resumes_enforcement(world):
    case = make_case(world)
    with day(dt.date(2026, 2, 2)):
        referral = services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case), grounds="资不抵债")
        services.referral_consent_record(actor=world.judge, referral_id=referral.pk, party=applicant(case))
        services.referral_decide(actor=world.chief, referral_id=referral.pk)
    with day(dt.date(2026, 2, 12)):
        with pytest.raises(PermissionDenied):
            services.referral_cancel(actor=world.judge, referral_id=referral.pk, reason="被执行人筹得资金")
        services.referral_cancel(actor=world.chief, referral_id=referral.pk, reason="被执行人筹得资金")
    assert EnforcementCase.objects.get(pk=case.pk).status == "in_progress"
    assert BankruptcyReferral.objects.get(pk=referral.pk).status == ReferralStatus.CANCELLED
