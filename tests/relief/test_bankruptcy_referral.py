"""Referral to bankruptcy review (执转破, SPC 2017 guidance; issue #9): only a company is referred, with
the consent of an applicant or of the company; the bureau chief's decision suspends enforcement; the
file goes to the bankruptcy court; its acceptance terminates the enforcement case even with money
outstanding and controls in force (released, money held handed over, credit measures lifted), its
refusal resumes enforcement. The stages show on the dossier and are counted in the report."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
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
from tests.dossier import dossier_html
from tests.relief.helpers import applicant, case_against, credit_code_of, day, make_case, respondent

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
    assert (handed.kind, handed.payee_id, handed.amount) == ("to_bankruptcy_court", None, D("5000.00")), \
        "handed over to the bankruptcy court, not paid to the debtor"
    assert "石家庄市中级人民法院" in handed.note
    received = Payment.objects.filter(case=case).aggregate(t=Sum("amount"))["t"]
    assert received == case.recovered_amount == case.disbursed_amount == D("5000.00") and case.held_amount == 0
    assert BankruptcyReferral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED
    messages = list(Notification.objects.filter(case=case).values_list("message", flat=True))
    assert any("石家庄市中级人民法院" in m and "赞皇县某建材有限公司" in m for m in messages)

    client = Client()
    client.force_login(world.judge)
    html = dossier_html(client, case)
    assert 'data-status="accepted"' in html and "（2026）冀01破申8号" in html and 'class="referral-stages' in html
    # The ledger and the timeline name the bankruptcy court as the receiver, never the company.
    event = CaseEvent.objects.get(case=case, kind="disbursement")
    assert "石家庄市中级人民法院" in event.description and "¥5,000.00" in event.description
    assert "赞皇县某建材有限公司" not in event.description
    assert event.data["kind"] == "to_bankruptcy_court" and event.data["payee"] is None

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


def test_the_money_handed_over_reads_as_such_in_the_ledger(world, english):
    case = make_case(world)
    enforce(world, case)
    referral = refer_and_transfer(world, case)
    with day(dt.date(2026, 3, 6)):
        services.referral_outcome(actor=world.judge, referral_id=referral.pk, outcome="accepted", ruling_number="（2026）冀01破申8号")
    event = CaseEvent.objects.get(case=case, kind="disbursement")
    assert event.description == "¥5,000.00 handed over to 石家庄市中级人民法院 (bankruptcy court) for the bankruptcy estate"
    html = Client()
    html.force_login(world.judge)
    html.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages speak English only when chosen
    page = dossier_html(html, case)
    ledger = page.split('id="money"')[1] if 'id="money"' in page else page
    assert "Handed over to the bankruptcy court" in ledger and "Refund of surplus" not in ledger


def test_a_manual_payout_cannot_pose_as_the_handover(world, english):
    from cases import money

    case = make_case(world)
    enforce(world, case)
    with day(dt.date(2026, 1, 12)), pytest.raises(FieldErrors) as refused:
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="1000.00", kind="to_bankruptcy_court")
    assert refused.value.errors["kind"] == [
        "Money held is handed over to the bankruptcy court when its acceptance of the bankruptcy is recorded."]
    assert not Disbursement.objects.filter(case=case).exists()


@pytest.mark.parametrize(("prefix", "refused_as"), [
    ("92", "individual business"),            # 个体工商户
    ("11", "state organ or public institution"),  # a public institution registered by the staffing authority
    ("52", "social organisation"),            # 民办非企业单位, registered by civil affairs
])
def test_only_an_enterprise_legal_person_is_referred(world, english, prefix, refused_as):
    case = case_against(world, "赞皇县某某经营部", credit_code_of(prefix, 811))
    with day(dt.date(2026, 2, 2)), pytest.raises(FieldErrors) as refused:
        services.referral_initiate(actor=world.chief, case_id=case.pk, respondent=respondent(case), grounds="资不抵债")
    [message] = refused.value.errors["respondent"]
    assert refused_as in message and "赞皇县某某经营部" in message and "Enterprise Bankruptcy Law, art. 2" in message
    assert BankruptcyReferral.objects.count() == 0
    html = Client()
    html.force_login(world.chief)
    assert 'id="ref-form"' not in dossier_html(html, case), "the card offers no referral for it"


def test_a_cooperative_and_a_company_may_be_referred(world):
    for n, (prefix, name) in enumerate((("93", "赞皇县某某种植专业合作社"), ("91", "赞皇县某某贸易有限公司"))):
        case = case_against(world, name, credit_code_of(prefix, 821 + n), legal_representative="钱文明")
        with day(dt.date(2026, 2, 2)):
            referral = services.referral_initiate(actor=world.chief, case_id=case.pk, respondent=respondent(case), grounds="资不抵债")
        assert referral.respondent.name == name
    html = Client()
    html.force_login(world.chief)
    card = dossier_html(html, case).split('id="bankruptcy-referral"')[1]
    assert f"{name}</strong> <span class=\"text-muted\">（法定代表人：钱文明）</span>" in card


def decided(world, case) -> BankruptcyReferral:
    with day(dt.date(2026, 2, 2)):
        referral = services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case), grounds="资不抵债")
        services.referral_consent_record(actor=world.judge, referral_id=referral.pk, party=applicant(case))
        return services.referral_decide(actor=world.chief, referral_id=referral.pk)


def test_the_file_goes_to_the_intermediate_court_of_the_debtors_domicile(world, english):
    case = make_case(world)
    referral = decided(world, case)
    with day(dt.date(2026, 2, 10)), pytest.raises(FieldErrors) as refused:
        services.referral_transfer(actor=world.judge, referral_id=referral.pk, bankruptcy_court=world.baoding.pk)
    [message] = refused.value.errors["bankruptcy_court"]
    assert "石家庄市中级人民法院" in message and "保定市中级人民法院" in message and "art. 3" in message
    assert BankruptcyReferral.objects.get(pk=referral.pk).status == ReferralStatus.DECIDED, "nothing written"

    # The card offers the competent courts only: 石家庄中院 first, then the basic courts under it.
    html = Client()
    html.force_login(world.judge)
    page = dossier_html(html, case)
    form = page.split(f'id="ref-transfer-{referral.pk}-form"')[1].split("</form>")[0]
    assert "石家庄市中级人民法院" in form and "元氏县人民法院" in form and "保定市中级人民法院" not in form
    assert form.index("石家庄市中级人民法院") < form.index("元氏县人民法院")

    # A basic court in that intermediate court's jurisdiction, to which it leaves the case, is accepted.
    with day(dt.date(2026, 2, 10)):
        done = services.referral_transfer(actor=world.judge, referral_id=referral.pk, bankruptcy_court=world.yuanshi.pk)
    assert done.bankruptcy_court_id == world.yuanshi.pk


def test_a_refused_transfer_in_the_browser_explains_the_rule(world):
    case = make_case(world)
    referral = decided(world, case)
    html = Client()
    html.force_login(world.judge)
    with day(dt.date(2026, 2, 10)):
        response = html.post(f"/cases/{case.pk}/bankruptcy-referral/{referral.pk}/transfer/", {
            f"ref-transfer-{referral.pk}-bankruptcy_court": str(world.baoding.pk),
            f"ref-transfer-{referral.pk}-transferred_on": "2026-02-10"})
    assert response.status_code == 400
    error = re.search(rf'data-field="ref-transfer-{referral.pk}-bankruptcy_court">([^<]+)<', response.content.decode())
    assert error and "石家庄市中级人民法院" in error.group(1) and "保定市中级人民法院" in error.group(1)
