"""The relief card on the dossier page and its forms through Django's test client: who sees which
form, a mistake shown again beside its field in Chinese with status 400 and nothing saved, success
back to the card, 403/404, the dossier's query count, and the report page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from cases import dossier
from relief import services
from relief.models import Custodian, JudicialAid
from tests.dossier import dossier_html, dossier_page
from tests.queries import assert_constant_queries
from tests.relief.helpers import applicant, day, make_case, respondent

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_card_offers_each_user_the_steps_they_may_take(world):
    case = make_case(world)
    with day(dt.date(2026, 2, 2)):
        aid = services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=applicant(case), category="livelihood",
                                          facts="工资被拖欠")
        services.judicial_aid_assess(actor=world.judge, aid_id=aid.pk, assessment="属实")
    judge = dossier_html(client_for(world.judge), case)
    chief = dossier_html(client_for(world.chief), case)
    reader = dossier_html(client_for(world.supervisor), case)
    assert 'id="relief"' in judge and 'id="ref-form"' in judge and 'id="cust-form"' in judge
    assert f'id="aid-decide-{aid.pk}-form"' not in judge, "the decision is the bureau chief's"
    assert f'id="aid-decide-{aid.pk}-form"' in chief
    # The upper court's supervisor reads the card without a form (the hard-case card below it has the upper court's own forms).
    relief_card = reader.split('id="relief"')[1].split('id="timeline"')[0]
    relief_card = re.sub(r'<div class="card mb-3" id="hard-cases">.*?<!-- /#hard-cases -->', "", relief_card, flags=re.S)
    assert 'id="relief"' in reader and "工资被拖欠" in reader and "-form" not in relief_card


def test_a_mistake_comes_back_beside_its_field_in_chinese_and_nothing_is_saved(world):
    case = make_case(world)
    response = client_for(world.judge).post(f"/cases/{case.pk}/judicial-aid/", {
        "aid-applicant": str(applicant(case)), "aid-category": "livelihood", "aid-applied_on": "2099-01-01", "aid-facts": "困难"})
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'data-field="aid-applied_on">([^<]+)<', html)
    assert error and HAN.search(error.group(1)), "the date's error, in Chinese"
    assert 'id="aid-apply-panel"' in html and 'class="collapse show" id="aid-apply-panel"' in html, "the form is open again"
    assert JudicialAid.objects.count() == 0


def test_steps_post_back_to_the_card(world):
    case = make_case(world)
    with day(dt.date(2026, 1, 10)):
        shop = dossier.control_apply(actor=world.judge, case_id=case.pk, kind="seal_real_estate", asset="商铺", started_on=dt.date(2026, 1, 10))
    judge = client_for(world.judge)
    with day(dt.date(2026, 2, 2)):
        appointed = judge.post(f"/cases/{case.pk}/custodians/", {
            "cust-kind": "custodian", "cust-control": str(shop.pk), "cust-name": "某物业公司", "cust-scope": "lease",
            "cust-appointed_on": "2026-02-02"})
        assert appointed.status_code == 302 and appointed["Location"] == f"/cases/{case.pk}/#relief"
        custodian = Custodian.objects.get()
        paid = judge.post(f"/cases/{case.pk}/custodians/{custodian.pk}/proceeds/", {
            f"cust-proceed-{custodian.pk}-received_on": "2026-02-02", f"cust-proceed-{custodian.pk}-source": "rent",
            f"cust-proceed-{custodian.pk}-gross_amount": "1,200.00", f"cust-proceed-{custodian.pk}-fee_amount": "200"})
    assert paid.status_code == 302
    html = dossier_html(judge, case)
    assert 'id="custodian-proceeds-total">¥1,000.00<' in html and 'id="ledger-recovered">¥1,000.00<' in html
    started = judge.post(f"/cases/{case.pk}/bankruptcy-referral/", {"ref-respondent": str(respondent(case)), "ref-grounds": "资不抵债",
                                                                   "ref-initiated_on": "2026-02-02"})
    assert started.status_code == 302


def test_forbidden_and_unknown(world):
    case = make_case(world)
    other = make_case(world)
    with day(dt.date(2026, 2, 2)):
        aid = services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=applicant(case), category="other", facts="x")
        services.judicial_aid_assess(actor=world.judge, aid_id=aid.pk, assessment="属实")
    assert client_for(world.ys_judge).post(f"/cases/{case.pk}/judicial-aid/", {}).status_code == 403
    assert client_for(world.judge).post(f"/cases/{case.pk}/judicial-aid/{aid.pk}/decide/", {}).status_code == 403
    assert client_for(world.chief).post(f"/cases/{other.pk}/judicial-aid/{aid.pk}/decide/", {}).status_code == 404
    assert client_for(world.supervisor).post(f"/cases/{case.pk}/custodians/", {}).status_code == 403


def test_the_dossier_page_costs_constant_queries_as_relief_grows(world):
    case = make_case(world, applicants=2)
    judge = client_for(world.judge)
    with day(dt.date(2026, 1, 10)):
        shops = [dossier.control_apply(actor=world.judge, case_id=case.pk, kind="seal_real_estate", asset=f"商铺{i}",
                                       started_on=dt.date(2026, 1, 10)) for i in range(2)]

    def grow(i):
        with day(dt.date(2026, 2, 2)):
            aid = services.judicial_aid_apply(actor=world.judge, case_id=case.pk, applicant=applicant(case, i), category="other", facts="困难")
            services.judicial_aid_assess(actor=world.judge, aid_id=aid.pk, assessment="属实")
            services.judicial_aid_decide(actor=world.chief, aid_id=aid.pk, decision="grant", amount="100.00")
            services.judicial_aid_pay(actor=world.judge, aid_id=aid.pk, amount="50.00")
            c = services.custodian_appoint(actor=world.judge, case_id=case.pk, kind="custodian", control=shops[i].pk, name=f"管理人{i}",
                                           scope="lease")
            services.custodian_report_record(actor=world.judge, custodian_id=c.pk, text="月报")

    grow(0)
    assert_constant_queries(lambda: dossier_page(judge, case), lambda: grow(1))


def test_the_report_page(world):
    case = make_case(world)
    with day(dt.date(2026, 2, 2)):
        services.referral_initiate(actor=world.judge, case_id=case.pk, respondent=respondent(case), grounds="资不抵债")
    page = client_for(world.supervisor).get("/relief/report/", {"date_from": "2026-01-01", "date_to": "2026-12-31"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="report-definitions"' in html and "赞皇县人民法院" in html
    assert client_for(world.supervisor).get("/relief/report/", {"date_from": "2026-12-31", "date_to": "2026-01-01"}).status_code == 400

