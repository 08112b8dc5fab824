"""Cross execution in the browser (issue #4) through Django's test client: the escalation policy,
the upper court's inbox and decision page, concentrated jurisdiction, entrustments and the ladder's
panel on the dossier — each page for the roles it serves (403 for the others), mistakes beside their
fields with status 400 and nothing written, conflicts explained, constant query counts.

Messages are compared with the catalogue's rendering of their msgid (``zh``): the UI language is
Chinese, so a translated message must come out in Chinese."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext

from cases import money
from cases import services as case_services
from cases.models import EnforcementCase
from courts.models import Court, CourtLevel, EscalationPolicy, Role, Team
from tests.cases.dossier_helpers import fresh
from tests.dossier import dossier_html, dossier_page
from tests.factories import UserFactory, add_member, registration, resident_id
from tests.queries import assert_constant_queries
from tests.transfers.ladder_helpers import DAY0, at_day, register_on_day0, sweep, upper_team
from transfers.designation import designation_decide, designation_request_create
from transfers.entrustment import entrustment_create
from transfers.models import Concentration, DesignationRequest, Entrustment, RequestStatus

pytestmark = pytest.mark.django_db


def zh(msgid: str, **params) -> str:
    """The message as the Chinese UI renders it (HTML-escaped, as in the page)."""
    with translation.override("zh-hans"):
        text = gettext(msgid)
    return html_lib.escape(text % params if params else text)


def field_error(html: str, name: str) -> str:
    match = re.search(rf'data-field="{re.escape(name)}">([^<]+)<', html)
    assert match, f"no error beside {name}: {re.findall(r'data-field=.([^>]+)>([^<]+)<', html)}"
    return match.group(1)


def climb_to_upper_court(world, **kw) -> EnforcementCase:
    """A case at 赞皇 that made no progress: three sweeps take it to a pending request at 石家庄中院."""
    case = register_on_day0(world, **kw)
    for n in (90, 150, 210):
        sweep(n)
    case = fresh(case)
    assert case.escalation_level == 3
    return case


def case_with_respondent_from(world, region: str, name: str = "王富贵") -> EnforcementCase:
    """A case at 赞皇 whose respondent's ID was issued in ``region`` (属人 for the court there)."""
    parties = [
        case_services.PartyInput(role="applicant", kind="person", name="张建国", id_number=resident_id(seq=801)),
        case_services.PartyInput(role="respondent", kind="person", name=name, id_number=resident_id(region=region, seq=802)),
    ]
    with at_day(0, 9):
        return case_services.case_register(actor=world.clerk, data=registration(world.zanhuang, parties=parties, filed_on=DAY0))


def gaoyi(world) -> Court:
    """A third basic court under 石家庄中院, with a judge and no case: the lowest load."""
    court = Court.objects.create(name="高邑县人民法院", short_name="高邑法院", level=CourtLevel.BASIC, parent=world.sjz,
                                 province_abbr="冀", code="0127")
    add_member(Team.objects.create(court=court, name="执行一团队"),
               UserFactory(username="gy_judge", full_name="高法官", role=Role.JUDGE, court=court))
    return court


# --- escalation policy -----------------------------------------------------------------------------
def test_policy_page_shows_the_defaults_and_the_chief_adds_a_version(client, world):
    client.force_login(world.chief)
    response = client.get("/transfers/policy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="policy-default"' in html and 'id="policy-form"' in html
    assert re.search(r'id="policy-level0">90\D', html) and re.search(r'id="policy-level1">60\D', html)

    today = timezone.localdate()
    response = client.post(f"/transfers/policy/?court={world.zanhuang.pk}", {
        "policy-effective_from": today.isoformat(), "policy-level0_days": "80", "policy-level1_days": "50",
        "policy-level2_days": "45", "policy-special_subject_direct": "on", "policy-reason": "院党组会议决定缩短期限"})
    assert response.status_code == 302
    policy = EscalationPolicy.objects.get(court=world.zanhuang)
    assert (policy.level0_days, policy.level1_days, policy.level2_days) == (80, 50, 45)
    assert policy.special_subject_direct and not policy.interference_risk_direct and policy.applied_at is not None

    html = client.get(response["Location"]).content.decode()
    assert 'id="policy-default"' not in html and re.search(r'id="policy-level0">80\D', html)
    row = re.search(rf'<tr data-policy="{policy.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "院党组会议决定缩短期限" in row and "周局长" in row and today.isoformat() in row


def test_policy_mistakes_are_shown_beside_their_fields_and_nothing_is_saved(client, world):
    client.force_login(world.chief)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post("/transfers/policy/", {
        "policy-effective_from": yesterday.isoformat(), "policy-level0_days": "九十", "policy-level1_days": "0",
        "policy-level2_days": "60", "policy-reason": " "})
    html = response.content.decode()
    assert response.status_code == 400
    assert field_error(html, "policy-effective_from") == zh(
        "A policy applies from today or a later date; past steps keep the policy they ran under.")
    assert field_error(html, "policy-level0_days") == zh("Enter a whole number of days.")
    assert field_error(html, "policy-level1_days") == zh("Between 1 and %(max)d days.", max=720)
    assert field_error(html, "policy-reason") == zh("State the reason for the change.")
    assert 'value="九十"' in html, "what was typed is kept"
    assert EscalationPolicy.objects.count() == 0


def test_policy_page_for_supervisors_and_refused_to_others(client, world):
    client.force_login(world.supervisor)
    html = client.get(f"/transfers/policy/?court={world.zanhuang.pk}").content.decode()
    assert "赞皇县人民法院" in html and 'id="policy-form"' not in html, "a supervisor reads, never edits"
    assert 'id="policy-court-select"' in html and "元氏县人民法院" in html, "a court of the jurisdiction can be chosen"
    assert client.post(f"/transfers/policy/?court={world.zanhuang.pk}", {"policy-level0_days": "30"}).status_code == 403

    client.force_login(world.chief)
    assert client.get(f"/transfers/policy/?court={world.yuanshi.pk}").status_code == 403, "another court's policy"
    for user in (world.judge, world.clerk):
        client.force_login(user)
        assert client.get("/transfers/policy/").status_code == 403
    assert EscalationPolicy.objects.count() == 0


# --- designation inbox -----------------------------------------------------------------------------
def test_inbox_lists_the_upper_courts_requests_pending_first(client, world):
    climbed = climb_to_upper_court(world)
    by_chief = register_on_day0(world)
    designation_request_create(actor=world.chief, case_id=by_chief.pk, reason="被执行人系当地重点企业，存在干预风险")
    decided = register_on_day0(world)
    old = designation_request_create(actor=world.chief, case_id=decided.pk, reason="申请指定执行")
    designation_decide(actor=world.officer, request_id=old.pk, decision="reject", reason="本院认为应由原法院继续执行")

    client.force_login(world.officer)
    response = client.get("/transfers/designations/")
    html = response.content.decode()
    assert response.status_code == 200
    order = [int(pk) for pk in re.findall(r'<tr data-request="(\d+)"', html)]
    ladder_request = DesignationRequest.objects.get(case=climbed)
    chief_request = DesignationRequest.objects.get(case=by_chief)
    assert order == [ladder_request.pk, chief_request.pk, old.pk], "pending first, the longest waiting on top"
    row = re.search(rf'<tr data-request="{ladder_request.pk}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert climbed.case_number in row and f'href="/cases/{climbed.pk}/"' in row
    assert "赞皇" in row and "李明" in row and "¥85,000.00" in row and "孙法官" in row
    days = (timezone.localdate() - DAY0 - dt.timedelta(days=210)).days
    assert re.search(rf'class="text-end days-waiting">(<span[^>]*>)?{days}<', row)
    assert f'href="/transfers/designations/{ladder_request.pk}/"' in row

    # The filterset shared with the API: only the ladder's requests, or only the decided ones.
    html = client.get("/transfers/designations/?source=ladder").content.decode()
    assert re.findall(r'<tr data-request="(\d+)"', html) == [str(ladder_request.pk)]
    html = client.get("/transfers/designations/?status=rejected", HTTP_HX_REQUEST="true",
                      HTTP_HX_TARGET="designation-table").content.decode()
    assert "<html" not in html and re.findall(r'<tr data-request="(\d+)"', html) == [str(old.pk)]


def test_inbox_and_decision_page_are_refused_to_those_who_do_not_decide_or_supervise(client, world):
    case = climb_to_upper_court(world)
    request = DesignationRequest.objects.get(case=case)
    for user in (world.judge, world.clerk, world.ys_judge):
        client.force_login(user)
        assert client.get("/transfers/designations/").status_code == 403
        assert client.get(f"/transfers/designations/{request.pk}/").status_code == 403
    client.force_login(world.supervisor)
    assert client.get("/transfers/designations/").status_code == 200
    html = client.get(f"/transfers/designations/{request.pk}/").content.decode()
    assert 'id="decide-form"' not in html and 'id="suggestions"' in html, "a supervisor reads the request, cannot decide"
    assert client.post(f"/transfers/designations/{request.pk}/decide/", {"decide-decision": "reject",
                                                                          "decide-reason": "x"}).status_code == 403
    assert fresh(request.case).escalation_level == 3 and DesignationRequest.objects.get(pk=request.pk).is_pending


def test_the_requesting_courts_chief_follows_the_request_without_the_upper_courts_ranking(client, world):
    case = register_on_day0(world)
    request = designation_request_create(actor=world.chief, case_id=case.pk, reason="被执行人系当地重点企业")
    client.force_login(world.chief)
    html = client.get("/transfers/designations/").content.decode()
    assert re.findall(r'<tr data-request="(\d+)"', html) == [str(request.pk)], "the requests sent from the court"
    html = client.get(f"/transfers/designations/{request.pk}/").content.decode()
    assert 'id="request-reason">被执行人系当地重点企业<' in html
    assert 'id="suggestions"' not in html and 'id="decide-form"' not in html
    assert client.post(f"/transfers/designations/{request.pk}/decide/", {"decide-decision": "reject",
                                                                          "decide-reason": "x"}).status_code == 403


def test_the_officer_designates_the_suggested_court_and_the_new_case_is_opened(client, world):
    other = gaoyi(world)
    case = case_with_respondent_from(world, "130132")  # an ID issued in 元氏县
    for n in (90, 150, 210):
        sweep(n)
    request = DesignationRequest.objects.get(case=case)

    client.force_login(world.officer)
    html = client.get(f"/transfers/designations/{request.pk}/").content.decode()
    suggested = re.findall(r'<li class="list-group-item suggestion" data-court="(\d+)">', html)
    assert suggested == [str(world.yuanshi.pk), str(other.pk)], "属人 first, then the lowest load"
    first = html[html.index(f'data-court="{world.yuanshi.pk}"'):html.index(f'data-court="{other.pk}"')]
    assert zh("属人: %(party)s's ID was issued in %(place)s", party="王富贵", place="元氏县") in first
    assert f'<option value="{world.yuanshi.pk}" selected>' in html, "the top suggestion is pre-selected"
    assert f'<option value="{world.zanhuang.pk}"' not in html, "never the case's own court"
    assert "赵法官" in html and "孙法官" in html, "the ladder shows who held the case"

    response = client.post(f"/transfers/designations/{request.pk}/decide/", {
        "decide-decision": "designate", "decide-target_court": str(world.yuanshi.pk), "decide-reason": "被执行人住所地在元氏"})
    assert response.status_code == 302 and response["Location"] == f"/transfers/designations/{request.pk}/"
    request = DesignationRequest.objects.get(pk=request.pk)
    new = request.new_case
    assert (request.status, request.target_court, new.court) == (RequestStatus.DESIGNATED, world.yuanshi, world.yuanshi)
    assert (new.origin_case_id, new.handler) == (case.pk, world.ys_judge)
    assert (fresh(case).status, fresh(case).closure_type) == ("closed", "transferred")

    html = client.get(response["Location"]).content.decode()
    assert re.search(rf'id="new-case-link"[^>]*>{re.escape(new.case_number)}<', html)
    assert f'href="/cases/{new.pk}/"' in html and 'id="decide-form"' not in html


def test_elevation_gives_the_case_to_a_team_of_the_upper_court(client, world):
    team = upper_team(world)
    case = climb_to_upper_court(world)
    request = DesignationRequest.objects.get(case=case)
    client.force_login(world.officer)
    html = client.get(f"/transfers/designations/{request.pk}/").content.decode()
    assert f'<option value="{team.pk}">' in html
    response = client.post(f"/transfers/designations/{request.pk}/decide/", {
        "decide-decision": "elevate", "decide-team": str(team.pk), "decide-reason": "标的额大，本院提级执行"})
    assert response.status_code == 302
    new = DesignationRequest.objects.get(pk=request.pk).new_case
    assert (new.court, new.team) == (world.sjz, team)


def test_decision_mistakes_are_shown_beside_their_fields_and_nothing_moves(client, world):
    case = climb_to_upper_court(world)
    request = DesignationRequest.objects.get(case=case)
    cases_before = EnforcementCase.objects.count()
    client.force_login(world.officer)
    response = client.post(f"/transfers/designations/{request.pk}/decide/", {"decide-decision": "reject", "decide-reason": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert field_error(html, "decide-reason") == zh("State why the request is rejected.")
    response = client.post(f"/transfers/designations/{request.pk}/decide/", {"decide-decision": "designate"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "decide-target_court") == zh("Choose the court to designate.")
    response = client.post(f"/transfers/designations/{request.pk}/decide/", {
        "decide-decision": "designate", "decide-target_court": str(world.zanhuang.pk)})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "decide-target_court") == zh(
        "A case cannot be designated back to its own court.")
    assert DesignationRequest.objects.get(pk=request.pk).is_pending and EnforcementCase.objects.count() == cases_before


def test_a_second_officer_is_told_who_decided_first(client, world):
    case = climb_to_upper_court(world)
    request = DesignationRequest.objects.get(case=case)
    colleague = UserFactory(username="officer2", full_name="冯指定", role=Role.DESIGNATION_OFFICER, court=world.sjz)
    client.force_login(colleague)
    assert 'id="decide-form"' in client.get(f"/transfers/designations/{request.pk}/").content.decode()
    designation_decide(actor=world.officer, request_id=request.pk, decision="designate", target_court_id=world.yuanshi.pk)

    response = client.post(f"/transfers/designations/{request.pk}/decide/", {
        "decide-decision": "reject", "decide-reason": "应由原法院执行"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain[-1][0] == f"/transfers/designations/{request.pk}/"
    alert = re.search(r'<div class="alert alert-danger" role="alert">(.*?)</div>', html, re.S).group(1)
    assert "吴指定" in alert, "the conflict names who decided first"
    assert 'id="decision-status"' in html and 'id="decide-form"' not in html
    assert DesignationRequest.objects.get(pk=request.pk).status == RequestStatus.DESIGNATED
    assert EnforcementCase.objects.filter(origin_case=case).count() == 1


def test_the_officer_takes_up_a_case_from_the_inbox_by_its_number(client, world):
    case = register_on_day0(world)
    client.force_login(world.officer)
    response = client.post("/transfers/designations/open/", {"open-case_number": "（2026）冀0129执999号", "open-reason": "上级督办"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "open-case_number") == zh("No case with this number in your jurisdiction.")
    response = client.post("/transfers/designations/open/", {"open-case_number": case.case_number, "open-reason": ""})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "open-reason") == zh("State why the case should go to the upper court.")
    assert DesignationRequest.objects.count() == 0

    response = client.post("/transfers/designations/open/", {"open-case_number": case.case_number, "open-reason": "上级法院督办案件"})
    request = DesignationRequest.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == f"/transfers/designations/{request.pk}/"
    assert (request.source, request.upper_court) == ("upper_court", world.sjz)
    client.force_login(world.supervisor)
    assert client.post("/transfers/designations/open/", {"open-case_number": case.case_number}).status_code == 403


# --- concentrated jurisdiction ---------------------------------------------------------------------
def _three_cases_against_one_respondent(world) -> list[EnforcementCase]:
    """Two cases at 赞皇 and one at 元氏 against the same 李明 (the factory's default respondent)."""
    with at_day(0, 9):
        cases = [case_services.case_register(actor=world.clerk, data=registration(world.zanhuang)) for _ in range(2)]
        cases.append(case_services.case_register(actor=world.ys_clerk, data=registration(world.yuanshi)))
    return cases


def test_concentration_lists_every_case_against_the_respondent_and_moves_them_all(client, world):
    cases = _three_cases_against_one_respondent(world)
    id_number = resident_id(seq=2)
    client.force_login(world.officer)
    html = client.get("/transfers/concentration/", {"id_number": id_number}).content.decode()
    assert sorted(int(pk) for pk in re.findall(r'<tr data-case="(\d+)">', html)) == sorted(c.pk for c in cases)
    assert re.search(r'id="total-outstanding">¥255,000.00<', html)
    assert re.search(r'id="concentration-suggested">[^<]*<strong>赞皇县人民法院</strong>', html), "the court holding most"
    assert all(f'name="conc-case_ids" value="{c.pk}"' in html for c in cases)

    response = client.post("/transfers/concentration/execute/", {
        "conc-id_number": id_number, "conc-case_ids": [str(c.pk) for c in cases],
        "conc-target_court": str(world.zanhuang.pk), "conc-reason": "统一制定还款计划"})
    assert response.status_code == 302
    concentration = Concentration.objects.get()
    assert (concentration.target_court, concentration.case_count) == (world.zanhuang, 3)
    moved = EnforcementCase.objects.get(origin_case=cases[2])
    assert moved.court == world.zanhuang and fresh(cases[2]).closure_type == "transferred"
    assert all(fresh(c).is_open for c in cases[:2]), "the cases already there stay"


def test_a_concentration_that_cannot_move_every_case_moves_none_and_lists_the_blockers(client, world):
    cases = _three_cases_against_one_respondent(world)
    with at_day(1):
        money.payment_record(actor=world.chief, case_id=cases[0].pk, amount="1000.00", received_on=DAY0 + dt.timedelta(days=1))
    id_number = resident_id(seq=2)
    before = EnforcementCase.objects.count()
    client.force_login(world.officer)
    response = client.post("/transfers/concentration/execute/", {
        "conc-id_number": id_number, "conc-case_ids": [str(c.pk) for c in cases],
        "conc-target_court": str(world.yuanshi.pk), "conc-reason": "统一制定还款计划"})
    html = response.content.decode()
    assert response.status_code == 400
    refused = re.search(r'id="concentration-refused">(.*?)</ul>', html, re.S).group(1)
    assert cases[0].case_number in refused and cases[1].case_number not in refused
    assert EnforcementCase.objects.count() == before and Concentration.objects.count() == 0
    assert all(fresh(c).is_open and fresh(c).escalation_level == 0 for c in cases)

    response = client.post("/transfers/concentration/execute/", {
        "conc-id_number": id_number, "conc-case_ids": [str(cases[1].pk)], "conc-target_court": str(world.yuanshi.pk),
        "conc-reason": "统一制定还款计划"})
    assert response.status_code == 302, "a stale list is a conflict: back to a fresh list"
    assert Concentration.objects.count() == 0


def test_concentration_is_for_the_upper_courts_deciders(client, world):
    for user in (world.supervisor, world.chief, world.judge):
        client.force_login(user)
        assert client.get("/transfers/concentration/").status_code == 403
        assert client.post("/transfers/concentration/execute/", {}).status_code == 403


# --- entrustments ----------------------------------------------------------------------------------
def test_a_judge_entrusts_from_the_dossier_and_the_other_court_replies(client, world):
    case = register_on_day0(world)
    handler = fresh(case).handler
    deadline = timezone.localdate() + dt.timedelta(days=10)
    client.force_login(handler)
    html = dossier_html(client, case)
    assert 'id="entrust-form"' in html
    response = client.post(f"/transfers/cases/{case.pk}/entrust/", {
        "entrust-to_court": str(world.yuanshi.pk), "entrust-acts": ["query", "seal"],
        "entrust-details": "查询并冻结被执行人在元氏县农村信用社的存款", "entrust-deadline": deadline.isoformat()})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/#escalation"
    entrustment = Entrustment.objects.get(case=case)
    assert (entrustment.to_court, entrustment.acts, entrustment.deadline) == (world.yuanshi, ["query", "seal"], deadline)
    html = dossier_html(client, case)
    assert f'data-entrustment="{entrustment.pk}"' in html and "元氏县人民法院" in html

    client.force_login(world.ys_judge)
    html = client.get("/transfers/entrustments/").content.decode()
    assert f'<tr data-entrustment="{entrustment.pk}"' in html
    html = client.get(f"/transfers/entrustments/{entrustment.pk}/").content.decode()
    assert 'id="reply-form"' in html and 'id="withdraw-form"' not in html
    assert client.post(f"/transfers/entrustments/{entrustment.pk}/withdraw/", {"withdraw-reason": "x"}).status_code == 403
    response = client.post(f"/transfers/entrustments/{entrustment.pk}/reply/", {"reply-reply": ""})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "reply-reply") == zh("Write the reply.")
    response = client.post(f"/transfers/entrustments/{entrustment.pk}/reply/", {
        "reply-reply": "已查询", "reply-result_seal": "冻" * 1001})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "reply-result_seal") == zh("Too long (at most 1000 characters).")
    assert Entrustment.objects.get(pk=entrustment.pk).status == "sent"
    response = client.post(f"/transfers/entrustments/{entrustment.pk}/reply/", {
        "reply-reply": "已查询并冻结", "reply-done_query": "on", "reply-result_query": "信用社存款 12,000 元",
        "reply-done_seal": "on", "reply-result_seal": "已冻结 12,000 元"})
    assert response.status_code == 302
    entrustment = Entrustment.objects.get(pk=entrustment.pk)
    assert entrustment.status == "replied" and entrustment.results[0] == {"act": "query", "done": True,
                                                                           "result": "信用社存款 12,000 元"}
    client.force_login(handler)
    html = client.get(f"/transfers/entrustments/{entrustment.pk}/").content.decode()
    assert "已查询并冻结" in html and "已冻结 12,000 元" in html and 'id="reply-form"' not in html


def test_entrust_mistakes_are_shown_beside_their_fields_and_nothing_is_sent(client, world):
    case = register_on_day0(world)
    client.force_login(world.chief)
    response = client.post(f"/transfers/cases/{case.pk}/entrust/", {
        "entrust-to_court": "", "entrust-details": "", "entrust-deadline": timezone.localdate().isoformat()})
    html = response.content.decode()
    assert response.status_code == 400
    assert field_error(html, "entrust-to_court") == zh("Choose the basic or intermediate court to entrust.")
    assert field_error(html, "entrust-acts") == zh("Choose at least one act.")
    assert field_error(html, "entrust-deadline") == zh("The deadline must be after today.")
    assert field_error(html, "entrust-details") == zh(
        "Describe what the other court should do (accounts, addresses, persons, documents).")
    assert 'class="collapse mt-2 show" id="entrust-panel"' in html, "the form is open again"
    assert Entrustment.objects.count() == 0
    client.force_login(world.supervisor)
    assert client.post(f"/transfers/cases/{case.pk}/entrust/", {"entrust-to_court": str(world.yuanshi.pk)}).status_code == 403


def test_overdue_entrustments_are_red_on_both_sides_and_the_entrusting_court_withdraws(client, world):
    case = register_on_day0(world)
    handler = fresh(case).handler
    today = timezone.localdate()
    entrustment = entrustment_create(actor=handler, case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["locate"],
                                     details="查找被执行人下落", deadline=today + dt.timedelta(days=5))
    client.force_login(world.ys_judge)
    assert "entrustment-overdue" not in client.get("/transfers/entrustments/").content.decode()

    later = time_machine.travel(timezone.now() + dt.timedelta(days=8), tick=False)
    later.start()
    html = client.get("/transfers/entrustments/").content.decode()
    assert re.search(rf'<tr data-entrustment="{entrustment.pk}" class="table-danger">', html)
    assert re.search(r'id="tab-received">[^<]*<span class="badge text-bg-danger">1</span>', html)
    client.force_login(handler)
    html = client.get("/transfers/entrustments/?box=sent").content.decode()
    assert "entrustment-overdue" in html and re.search(r'id="tab-sent">[^<]*<span class="badge text-bg-danger">1<', html)
    assert f'<tr data-entrustment="{entrustment.pk}"' not in client.get("/transfers/entrustments/").content.decode(), \
        "the received tab is the court's own inbox"
    assert "entrustment-overdue" in dossier_html(client, case)

    assert client.post(f"/transfers/entrustments/{entrustment.pk}/reply/", {"reply-reply": "x"}).status_code == 403
    response = client.post(f"/transfers/entrustments/{entrustment.pk}/withdraw/", {"withdraw-reason": ""})
    assert response.status_code == 400 and field_error(response.content.decode(), "withdraw-reason") == zh("State the reason.")
    response = client.post(f"/transfers/entrustments/{entrustment.pk}/withdraw/", {"withdraw-reason": "被执行人已到案"})
    assert response.status_code == 302 and Entrustment.objects.get(pk=entrustment.pk).status == "cancelled"
    later.stop()


def test_entrustments_are_refused_to_filing_clerks_and_other_courts(client, world):
    case = register_on_day0(world)
    entrustment = entrustment_create(actor=world.chief, case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["query"],
                                     details="查询存款", deadline=timezone.localdate() + dt.timedelta(days=5))
    client.force_login(world.clerk)
    assert client.get("/transfers/entrustments/").status_code == 403
    other = UserFactory(username="bd_judge", role=Role.JUDGE, court=world.baoding)
    client.force_login(other)
    assert client.get(f"/transfers/entrustments/{entrustment.pk}/").status_code == 403
    client.force_login(world.supervisor)
    html = client.get("/transfers/entrustments/?box=").content.decode()
    assert f'<tr data-entrustment="{entrustment.pk}"' in html, "an upper court reads its jurisdiction's entrustments"


# --- the dossier panel -----------------------------------------------------------------------------
def test_the_panel_shows_the_clock_and_the_ladder_after_the_sweep_moved_the_case(client, world):
    case = register_on_day0(world)
    first = fresh(case).handler
    sweep(90)
    sweep(150)
    client.force_login(world.chief)
    html = dossier_html(client, case)
    panel = html[html.index('id="escalation"'):html.index('id="timeline"')]
    assert 'data-level="2"' in panel
    assert re.findall(r'data-type="step" data-rule="(\w+)" data-level-to="(\d)"', panel) == [
        ("team_handoff", "1"), ("other_team", "2")]
    holders = re.findall(r'class="ladder-holder">([^<]+)<', panel)
    assert holders[0] == first.display_name and holders[-1] == "孙法官" and len(holders) == 3
    assert zh("%(days)s days without substantive progress (limit %(limit)s days)", days=90, limit=90) in panel
    assert 'id="desreq-form"' in panel and 'id="entrust-form"' in panel

    sweep(210)
    html = dossier_html(client, case)
    panel = html[html.index('id="escalation"'):html.index('id="timeline"')]
    assert 'data-level="3"' in panel and 'class="clock-waiting"' in panel and "石家庄市中级人民法院" in panel
    assert 'id="pending-request"' in panel and 'id="desreq-form"' not in panel


def test_the_chief_requests_a_designation_from_the_panel(client, world):
    case = register_on_day0(world)
    client.force_login(world.judge)
    assert client.post(f"/transfers/cases/{case.pk}/designation-request/", {"desreq-reason": "x"}).status_code == 403
    client.force_login(world.chief)
    response = client.post(f"/transfers/cases/{case.pk}/designation-request/", {"desreq-reason": " "})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "desreq-reason") == zh("State why the case should go to the upper court.")
    assert DesignationRequest.objects.count() == 0
    response = client.post(f"/transfers/cases/{case.pk}/designation-request/", {"desreq-reason": "被执行人为当地政府投资企业"})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/#escalation"
    request = DesignationRequest.objects.get(case=case)
    assert (request.source, fresh(case).escalation_level) == ("bureau_chief", 3)
    client.force_login(world.officer)
    html = dossier_html(client, case)
    assert 'id="pending-request-link"' in html and f'href="/transfers/designations/{request.pk}/"' in html


def test_the_new_case_shows_the_history_of_the_original(client, world):
    case = climb_to_upper_court(world)
    request = DesignationRequest.objects.get(case=case)
    designation_decide(actor=world.officer, request_id=request.pk, decision="designate", target_court_id=world.yuanshi.pk)
    new = DesignationRequest.objects.get(pk=request.pk).new_case
    client.force_login(world.ys_judge)
    html = dossier_html(client, new)
    panel = html[html.index('id="escalation"'):html.index('id="timeline"')]
    assert f'class="ladder-case-link">{case.case_number}<' in panel and f'href="/cases/{case.pk}/"' in panel
    assert "孙法官" in panel and "陈法官" in panel and 'data-level="0"' in panel
    assert re.search(rf'class="ladder-new-case">{re.escape(new.case_number)}<', panel)


# --- query counts ----------------------------------------------------------------------------------
def test_inbox_query_count_does_not_grow_with_the_requests(client, world):
    designation_request_create(actor=world.chief, case_id=register_on_day0(world).pk, reason="申请指定执行")
    client.force_login(world.officer)

    def grow():
        for _ in range(3):
            designation_request_create(actor=world.chief, case_id=register_on_day0(world).pk, reason="申请指定执行")
        decided = DesignationRequest.objects.order_by("pk").first()
        designation_decide(actor=world.officer, request_id=decided.pk, decision="designate", target_court_id=world.yuanshi.pk)

    response = assert_constant_queries(lambda: client.get("/transfers/designations/"), grow)
    assert len(re.findall(r'<tr data-request="', response.content.decode())) == 4


def test_panel_query_count_does_not_grow_with_the_history(client, world):
    case = register_on_day0(world)
    client.force_login(world.chief)

    def grow():
        sweep(90)
        sweep(150)
        for act in ("query", "seal", "locate"):
            entrustment_create(actor=world.chief, case_id=case.pk, to_court_id=world.yuanshi.pk, acts=[act],
                               details="协助执行", deadline=timezone.localdate() + dt.timedelta(days=5))

    response = assert_constant_queries(lambda: dossier_page(client, case), grow)
    html = response.content.decode()
    assert html.count('data-type="step"') == 2 and html.count('data-entrustment="') == 3
