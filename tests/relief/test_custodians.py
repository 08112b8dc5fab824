"""Custodians and temporary administrators (管理人 / 临时管理人, issue #9): appointed for a sealed
property or a debtor company, they report and pay proceeds into the court — payments of the case, net
of their fee, so the ledger's recovered and held figures include them and reconcile to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client

from cases import dossier, money
from cases.models import EnforcementCase, Payment
from enforcement.errors import FieldErrors, IllegalTransition
from relief import selectors, services
from relief.models import Custodian, CustodianProceed
from tests.cases.dossier_helpers import row_counts
from tests.dossier import dossier_html
from tests.relief.helpers import applicant, day, make_case, respondent

pytestmark = pytest.mark.django_db
D = Decimal


def sealed_shop(world, case):
    with day(dt.date(2026, 1, 10)):
        return dossier.control_apply(actor=world.judge, case_id=case.pk, kind="seal_real_estate", asset="赞皇县建设路20号临街商铺",
                                     started_on=dt.date(2026, 1, 10))


def appoint(world, case, shop, **kw):
    fields = {"kind": "custodian", "name": "石家庄某资产管理有限公司", "scope": "lease", "control": shop.pk if shop else None, "contact": "0311-86688888",
              "term_until": "2027-01-31", "fee_terms": "租金的5%", "mandate": "出租查封商铺，按月收取租金交法院账户。"}
    fields.update(kw)
    with day(dt.date(2026, 2, 1)):
        return services.custodian_appoint(actor=world.judge, case_id=case.pk, **fields)


def test_custodian_proceeds_enter_the_ledger_and_reconcile(world):
    case = make_case(world)
    shop = sealed_shop(world, case)
    custodian = appoint(world, case, shop)
    for month in (3, 4):
        with day(dt.date(2026, month, 5)):
            services.custodian_proceed_record(actor=world.judge, custodian_id=custodian.pk, source="rent", gross_amount="3000.00",
                                              fee_amount="150.00", note=f"{month}月租金")
    with day(dt.date(2026, 4, 6)):
        services.custodian_report_record(actor=world.judge, custodian_id=custodian.pk, text="商铺已出租，租户按月付租。")

    case = EnforcementCase.objects.get(pk=case.pk)
    payments = Payment.objects.filter(case=case, source="custodian")
    assert list(payments.values_list("amount", "control_id", "payer")) == [
        (D("2850.00"), shop.pk, "石家庄某资产管理有限公司")] * 2
    proceeds = CustodianProceed.objects.filter(custodian=custodian)
    assert proceeds.aggregate(t=Sum("amount"))["t"] == payments.aggregate(t=Sum("amount"))["t"] == D("5700.00")
    assert proceeds.aggregate(t=Sum("gross_amount"))["t"] == D("6000.00") and proceeds.aggregate(t=Sum("fee_amount"))["t"] == D("300.00")
    assert (case.recovered_amount, case.held_amount, case.outstanding_amount) == (D("5700.00"), D("5700.00"), D("79300.00"))
    assert case.held_since == dt.date(2026, 3, 5)

    with day(dt.date(2026, 4, 10)):
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="5700.00", payee=applicant(case),
                                  paid_on=dt.date(2026, 4, 10))
    case = EnforcementCase.objects.get(pk=case.pk)
    assert (case.recovered_amount, case.disbursed_amount, case.held_amount) == (D("5700.00"), D("5700.00"), D("0.00"))

    client = Client()
    client.force_login(world.judge)
    html = dossier_html(client, case)
    assert 'id="custodian-proceeds-total">¥5,700.00<' in html and 'id="ledger-recovered">¥5,700.00<' in html
    assert "商铺已出租" in html and "石家庄某资产管理有限公司" in html

    [row] = selectors.relief_report(user=world.chief, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31)).rows
    assert (row.custodians_appointed, row.custodians_active, row.proceeds_count) == (1, 1, 2)
    assert (row.proceeds_gross, row.proceeds_fee, row.proceeds_net) == (D("6000.00"), D("300.00"), D("5700.00"))


def test_bad_proceeds_are_refused_and_nothing_is_half_saved(world, english):
    case = make_case(world, target="5000.00")
    custodian = appoint(world, case, sealed_shop(world, case))
    before = row_counts()
    with day(dt.date(2026, 3, 5)):
        with pytest.raises(FieldErrors) as refused:
            services.custodian_proceed_record(actor=world.judge, custodian_id=custodian.pk, source="sale", gross_amount="6000.00",
                                              received_on="2026-01-31")
        assert refused.value.errors == {
            "source": ["This custodian's mandate does not include selling."],
            "received_on": ["Proceeds follow the appointment (2026-02-01)."],
            "gross_amount": ["Only ¥5,000.00 is outstanding in this case."],
        }
        with pytest.raises(FieldErrors) as refused:
            services.custodian_proceed_record(actor=world.judge, custodian_id=custodian.pk, source="rent", gross_amount="100.00",
                                              fee_amount="100.00")
        assert set(refused.value.errors) == {"fee_amount"}
    assert row_counts() == before and CustodianProceed.objects.count() == 0


def test_only_a_sealed_property_gets_a_custodian_once(world, english):
    case = make_case(world)
    shop = sealed_shop(world, case)
    with day(dt.date(2026, 1, 10)):
        account = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="freeze_deposit", asset="农业银行 6228480000000000009",
                                        amount="1000.00", started_on=dt.date(2026, 1, 10))
    with pytest.raises(FieldErrors) as refused:
        appoint(world, case, account)
    assert refused.value.errors == {"control": [
        "A custodian is appointed for real estate or movables under seal or seizure, in force."]}
    appoint(world, case, shop)
    with pytest.raises(FieldErrors) as refused:
        appoint(world, case, shop, name="另一管理人")
    assert refused.value.errors == {"control": ["This property already has a custodian."]}


def test_a_temporary_administrator_runs_the_debtor_company(world, english):
    case = make_case(world)
    administrator = appoint(world, case, None, kind="temporary_administrator", control=None, respondent=respondent(case),
                            scope="manage", name="王会计", fee_terms="")
    assert administrator.respondent_id == respondent(case) and administrator.control_id is None
    with day(dt.date(2026, 3, 31)):
        services.custodian_proceed_record(actor=world.judge, custodian_id=administrator.pk, source="operating",
                                          gross_amount="12000.00")
        services.custodian_end(actor=world.judge, custodian_id=administrator.pk, reason="还款计划履行完毕")
        with pytest.raises(IllegalTransition):
            services.custodian_proceed_record(actor=world.judge, custodian_id=administrator.pk, source="operating", gross_amount="1.00")
    assert EnforcementCase.objects.get(pk=case.pk).recovered_amount == D("12000.00")
    person_case = make_case(world, respondent_kind="person")
    with pytest.raises(FieldErrors) as refused:
        appoint(world, person_case, None, kind="temporary_administrator", control=None, respondent=respondent(person_case),
                scope="manage")
    assert refused.value.errors == {"respondent": [
        "A temporary administrator runs a company: the respondent must be an organisation."]}
    assert Custodian.objects.filter(case=person_case).count() == 0


def test_a_custodian_reports_and_hands_back_after_the_case_is_closed(world):
    from cases import closure

    case = make_case(world, target="2850.00")
    shop = sealed_shop(world, case)
    custodian = appoint(world, case, shop)
    with day(dt.date(2026, 3, 5)):
        services.custodian_proceed_record(actor=world.judge, custodian_id=custodian.pk, source="rent", gross_amount="3000.00",
                                          fee_amount="150.00")
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="2850.00", payee=applicant(case),
                                  paid_on=dt.date(2026, 3, 5))
        dossier.control_release(actor=world.judge, control_id=shop.pk, reason="债务已清偿")
        closure.case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="执行完毕")
    with day(dt.date(2026, 3, 10)):
        with pytest.raises(IllegalTransition):  # no money into a closed case
            services.custodian_proceed_record(actor=world.judge, custodian_id=custodian.pk, source="rent", gross_amount="1.00")
        services.custodian_report_record(actor=world.judge, custodian_id=custodian.pk, text="商铺已交还被执行人，管理结束。")
        services.custodian_end(actor=world.judge, custodian_id=custodian.pk, reason="案件执行完毕")
    assert Custodian.objects.get(pk=custodian.pk).status == "ended"
