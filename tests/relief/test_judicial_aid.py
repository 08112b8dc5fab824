"""Judicial aid (司法救助, issue #9): an applicant in hardship applies, the court assesses, the bureau
chief decides, the aid is paid — by the state, outside the case's ledger — and the dossier shows it,
the applicant is told, and the report counts it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client

from cases import closure
from cases.models import Disbursement, EnforcementCase, Notification, Payment
from enforcement.errors import FieldErrors, IllegalTransition
from relief import selectors, services
from relief.models import AidPayment, AidStatus, JudicialAid
from tests.dossier import dossier_html
from tests.relief.helpers import applicant, day, make_case

pytestmark = pytest.mark.django_db
D = Decimal


def aid_to_decision(world, case, *, applied=dt.date(2026, 3, 2), assessed=dt.date(2026, 3, 9)) -> JudicialAid:
    with day(applied):
        aid = services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=applicant(case), category="livelihood",
                                          facts="申请人系农民工，追索劳动报酬无果，家庭生活困难，有低保证明。")
    with day(assessed):
        return services.judicial_aid_assess(actor=world.judge, aid_id=aid.pk, assessment="经核查，情况属实，建议救助20000元。")


def test_aid_decided_paid_and_shown_outside_the_ledger(world):
    case = make_case(world, respondent_kind="person")
    aid = aid_to_decision(world, case)
    assert EnforcementCase.objects.get(pk=case.pk).judicial_aid is True, "the case is flagged when aid is applied for"
    with day(dt.date(2026, 3, 16)):
        aid = services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="grant", amount="20000.00",
                                           decision_number="（2026）冀0129司救执1号")
    with day(dt.date(2026, 3, 20)):
        services.judicial_aid_pay(actor=world.judge, aid_id=aid.pk, amount="20,000.00")
    aid.refresh_from_db()
    assert (aid.status, aid.granted_amount, aid.paid_amount) == (AidStatus.PAID, D("20000.00"), D("20000.00"))

    case = EnforcementCase.objects.get(pk=case.pk)
    assert (case.recovered_amount, case.held_amount, case.outstanding_amount) == (D("0.00"), D("0.00"), D("85000.00")), \
        "aid is paid by the state: nothing recovered from the respondent"
    assert not Payment.objects.filter(case=case).exists() and not Disbursement.objects.filter(case=case).exists()
    told = list(Notification.objects.filter(case=case, party_id=applicant(case)).values_list("message", flat=True))
    assert sum("20,000.00" in m for m in told) == 2, told  # the decision and the payment, to that applicant

    client = Client()
    client.force_login(world.judge)
    html = dossier_html(client, case)
    assert 'id="judicial-aid"' in html and 'data-status="paid"' in html and 'id="aid-paid">¥20,000.00<' in html
    assert "（2026）冀0129司救执1号" in html

    report = selectors.relief_report(user=world.supervisor, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    [row] = report.rows
    assert (row.court_id, row.aid_applied, row.aid_granted, row.aid_refused) == (world.zanhuang.pk, 1, 1, 0)
    assert (row.aid_granted_amount, row.aid_paid_amount, row.aid_pending) == (D("20000.00"), D("20000.00"), 0)


def test_only_the_bureau_chief_decides(world):
    case = make_case(world, respondent_kind="person")
    aid = aid_to_decision(world, case)
    with day(dt.date(2026, 3, 16)), pytest.raises(PermissionDenied):
        services.judicial_aid_decide(actor=world.judge, aid_id=aid.pk, decision="grant", amount="1000.00")
    assert JudicialAid.objects.get(pk=aid.pk).status == AidStatus.ASSESSED


def test_bad_decisions_are_refused_and_nothing_changes(world, english):
    case = make_case(world, respondent_kind="person", target="10000.00")
    aid = aid_to_decision(world, case)
    with day(dt.date(2026, 3, 16)):
        with pytest.raises(FieldErrors) as refused:
            services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="grant", amount="10000.01",
                                         decided_on="2026-03-08")
        assert refused.value.errors == {
            "decided_on": ["The decision follows the assessment (2026-03-09)."],
            "amount": ["Aid does not exceed what 张建国 is still owed (¥10,000.00)."],
        }
        with pytest.raises(FieldErrors) as refused:
            services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="refuse")
        assert refused.value.errors == {"reason": ["State why aid is refused."]}
        assert JudicialAid.objects.get(pk=aid.pk).status == AidStatus.ASSESSED
        services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="grant", amount="6000.00")
        with pytest.raises(FieldErrors) as refused:
            services.judicial_aid_pay(actor=world.judge, aid_id=aid.pk, amount="6000.01")
        assert refused.value.errors == {"amount": ["Only ¥6,000.00 of the aid granted is unpaid."]}
        with pytest.raises(IllegalTransition):
            services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="refuse", reason="重复")
    assert AidPayment.objects.count() == 0


def test_the_same_applicant_is_aided_once_and_may_apply_again_after_a_refusal(world, english):
    case = make_case(world, respondent_kind="person")
    aid = aid_to_decision(world, case)
    with day(dt.date(2026, 3, 10)):
        with pytest.raises(FieldErrors) as refused:
            services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=applicant(case), category="other", facts="再次申请")
        assert set(refused.value.errors) == {"applicant"}
        services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="refuse", reason="不符合救助条件")
        again = services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=applicant(case), category="serious_illness",
                                            facts="新发现重大疾病")
    assert again.status == AidStatus.APPLIED
    assert Notification.objects.filter(case=case, message__contains="不符合救助条件").count() == 1


def test_aid_is_possible_on_a_closed_case(world):
    """Aid is most often needed when enforcement ended without payment."""
    case = make_case(world, respondent_kind="person")
    with day(dt.date(2026, 2, 1)):
        closure.case_close(actor=world.judge, case_id=case.pk, closure_type="withdrawn", reason="申请人撤回申请")
    aid = aid_to_decision(world, case)
    with day(dt.date(2026, 3, 16)):
        services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="grant", amount="5000.00")
    assert EnforcementCase.objects.get(pk=case.pk).status == "closed"
    assert JudicialAid.objects.get(pk=aid.pk).status == AidStatus.GRANTED


def test_applying_needs_an_applicant_of_the_case_a_hardship_and_its_facts(world, english):
    case = make_case(world, respondent_kind="person")
    other = make_case(world, respondent_kind="person")
    with day(dt.date(2026, 3, 2)), pytest.raises(FieldErrors) as refused:
        services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=str(applicant(other) + 1000), category="x",
                                    facts=" ", applied_on="2025-12-31")
    assert set(refused.value.errors) == {"applicant", "category", "facts", "applied_on"}
    assert JudicialAid.objects.count() == 0 and EnforcementCase.objects.get(pk=case.pk).judicial_aid is False


def test_no_aid_once_the_applicant_is_paid_in_full(world, english):
    from cases import money

    case = make_case(world, respondent_kind="person", target="3000.00")
    with day(dt.date(2026, 2, 2)):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="3000.00", received_on=dt.date(2026, 2, 2))
        with pytest.raises(FieldErrors) as refused:
            services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=applicant(case), category="other", facts="困难")
    assert refused.value.errors == {"applicant": ["Nothing is owed to 张建国 any more: there is no loss to relieve."]}
    client = Client()
    client.force_login(world.judge)
    assert 'id="aid-form"' not in dossier_html(client, case), "not offered: nothing to relieve"


def test_aid_decisions_are_in_the_case_audit_trail(world):
    from cases.selectors import case_audit_trail

    case = make_case(world, respondent_kind="person")
    aid = aid_to_decision(world, case)
    with day(dt.date(2026, 3, 16)):
        services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="grant", amount="20000.00",
                                     decision_number="（2026）冀0129司救执2号")
    entries = [e for e in case_audit_trail(case=case, full_identity=True) if e["user"] == world.chief.display_name]
    assert any(c["new"] == "20000.00" or str(c["new"]) == "20000.00" for e in entries for c in e["changes"]), entries


def test_judicial_aid_is_for_natural_persons_not_a_company_applicant(world, english):
    case = make_case(world, respondent_kind="person", applicants=3)  # the third applicant is 河北冀商贸易有限公司
    company = applicant(case, 2)
    with day(dt.date(2026, 3, 2)), pytest.raises(FieldErrors) as refused:
        services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=company, category="other",
                                    facts="公司经营困难，资金链断裂。")
    assert refused.value.errors == {"applicant": [
        "Judicial aid is for natural persons: 河北冀商贸易有限公司 is an organisation or a state organ."]}
    assert JudicialAid.objects.count() == 0 and EnforcementCase.objects.get(pk=case.pk).judicial_aid is False

    # The card offers the natural persons only; a company posted anyway is refused beside the field.
    client = Client()
    client.force_login(world.judge)
    card = dossier_html(client, case).split('id="aid-apply-panel"')[1].split("</form>")[0]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages speak English only when chosen
    assert "张建国" in card and "河北冀商贸易有限公司" not in card
    response = client.post(f"/cases/{case.pk}/judicial-aid/", {
        "aid-applicant": str(company), "aid-category": "other", "aid-applied_on": "2026-01-10", "aid-facts": "公司困难"})
    assert response.status_code == 400
    assert 'data-field="aid-applicant">Judicial aid is for natural persons: 河北冀商贸易有限公司' in response.content.decode()
    assert JudicialAid.objects.count() == 0
