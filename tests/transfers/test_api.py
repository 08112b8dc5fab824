"""REST API of cross execution (transfers.api): escalation policies and steps, a case's escalation
history, designation requests and decisions (also two officers at once, on PostgreSQL), concentrated
jurisdiction and entrustments. Permissions by role and court, structured field errors with nothing
written, conflicts as 409, the schema, and list query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
import itertools
import threading

import pytest
from django.db import connection
from django.utils import timezone

from cases import money as money_services
from cases.models import CaseEvent, EnforcementCase
from courts.models import EscalationPolicy, Role
from tests.cases.dossier_helpers import fresh
from tests.factories import UserFactory, registration, resident_id
from tests.queries import assert_constant_queries
from tests.transfers.ladder_helpers import at_day, day, register_on_day0, sweep
from transfers import designation
from transfers.entrustment import entrustment_create
from transfers.models import (
    Concentration,
    DesignationRequest,
    Entrustment,
    EscalationRule,
    EscalationStep,
    RequestStatus,
)
from transfers.policy import policy_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(as_user):
    """API clients that ask for English (Accept-Language), so messages can be compared with the msgids;
    the Chinese catalogue is checked by tests/project/test_i18n.py."""

    def make(user):
        client = as_user(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make

API = "/api/v1"
# The respondent of tests.factories.registration (李明), the same party in every case registered with it.
LI_MING_ID = resident_id(seq=2)


def today() -> dt.date:
    return timezone.localdate()


def register(world, court=None, clerk=None) -> EnforcementCase:
    from cases import services

    return services.case_register(actor=clerk or world.clerk, data=registration(court or world.zanhuang))


def handler_of(case):
    return fresh(case).handler


def request_for(world, case, reason="被执行人有干扰执行的风险") -> DesignationRequest:
    return designation.designation_request_create(actor=world.chief, case_id=case.pk, reason=reason)


def counts() -> dict[str, int]:
    """Rows a cross-execution write may add: a refused write leaves them all as they were."""
    return {m.__name__: m.objects.count() for m in (EnforcementCase, CaseEvent, DesignationRequest, EscalationStep,
                                                    Concentration, Entrustment, EscalationPolicy)}


# --- escalation policies ------------------------------------------------------------------------------
def policy_body(world, **overrides) -> dict:
    body = {"court": world.zanhuang.pk, "effective_from": today().isoformat(), "level0_days": 30, "level1_days": 20,
            "level2_days": 10, "special_subject_direct": True, "interference_risk_direct": False, "reason": "专项行动"}
    return body | overrides


def test_the_bureau_chief_sets_a_policy_in_force_and_a_later_one(world, as_user):
    chief = as_user(world.chief)
    response = chief.post(f"{API}/escalation-policies/", policy_body(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["court"] == {"id": world.zanhuang.pk, "name": "赞皇县人民法院"}
    assert (body["level0_days"], body["level1_days"], body["level2_days"]) == (30, 20, 10)
    assert body["in_force"] is True and body["state"] == "in_force" and body["has_steps"] is False
    assert body["created_by"] == {"id": world.chief.pk, "name": "周局长"} and body["applied_at"]
    later = chief.post(f"{API}/escalation-policies/", policy_body(world, effective_from=(today() + dt.timedelta(days=10)).isoformat(),
                                                                   level0_days=90), format="json")
    assert later.status_code == 201 and later.json()["state"] == "scheduled" and later.json()["in_force"] is False

    listed = chief.get(f"{API}/escalation-policies/").json()
    assert listed["count"] == 2
    assert [(r["id"], r["in_force"]) for r in listed["results"]] == [(later.json()["id"], False), (body["id"], True)]
    current = chief.get(f"{API}/escalation-policies/current/?court={world.zanhuang.pk}").json()
    assert current["id"] == body["id"] and current["is_default"] is False and current["level0_days"] == 30
    assert chief.get(f"{API}/escalation-policies/{body['id']}/").json()["reason"] == "专项行动"

    # The upper court reads its jurisdiction's versions; another basic court does not.
    officer = as_user(world.officer)
    assert officer.get(f"{API}/escalation-policies/").json()["count"] == 2
    assert officer.get(f"{API}/escalation-policies/?court={world.yuanshi.pk}").json()["count"] == 0
    ys = as_user(world.ys_judge)
    assert ys.get(f"{API}/escalation-policies/").json()["count"] == 0
    assert ys.get(f"{API}/escalation-policies/{body['id']}/").status_code == 403
    assert ys.get(f"{API}/escalation-policies/999999/").status_code == 404
    assert ys.get(f"{API}/escalation-policies/current/?court={world.zanhuang.pk}").status_code == 403
    assert ys.get(f"{API}/escalation-policies/current/?court=999999").status_code == 404
    assert ys.get(f"{API}/escalation-policies/current/").status_code == 400
    # 元氏 never saved a version: the defaults, with id null.
    defaults = ys.get(f"{API}/escalation-policies/current/?court={world.yuanshi.pk}").json()
    assert defaults["id"] is None and defaults["is_default"] is True and defaults["effective_from"] is None
    assert (defaults["level0_days"], defaults["level1_days"], defaults["level2_days"]) == (90, 60, 60)


def test_only_the_courts_bureau_chief_sets_its_policy_and_bad_input_writes_nothing(world, as_user, english):
    before = counts()
    for user in (world.judge, world.officer, world.ys_judge, world.clerk):
        response = as_user(user).post(f"{API}/escalation-policies/", {}, format="json")
        assert response.status_code == 403 and response.json()["detail"], user.username
    # 赞皇's chief cannot set 元氏's policy.
    response = as_user(world.chief).post(f"{API}/escalation-policies/", policy_body(world, court=world.yuanshi.pk), format="json")
    assert response.status_code == 403
    chief = as_user(world.chief)
    response = chief.post(f"{API}/escalation-policies/", policy_body(world, colour="red"), format="json")
    assert response.status_code == 400 and list(response.json()) == ["colour"]
    response = chief.post(f"{API}/escalation-policies/", policy_body(world, level1_days="x", court=999999), format="json")
    assert response.status_code == 400 and set(response.json()) == {"level1_days", "court"}
    # The service's own checks: a past date, days out of range, no reason — all at once.
    response = chief.post(f"{API}/escalation-policies/", policy_body(
        world, effective_from=(today() - dt.timedelta(days=1)).isoformat(), level0_days=0, level2_days=721, reason=""),
        format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"effective_from", "level0_days", "level2_days", "reason"}
    assert response.json()["reason"] == ["State the reason for the change."]
    assert counts() == before


# --- escalation steps and a case's history -------------------------------------------------------------
def climb_to_level_3(world) -> EnforcementCase:
    case = register_on_day0(world)
    for n in (90, 150, 210):
        assert len(sweep(n)) == 1
    return fresh(case)


def test_escalation_steps_list_the_numbers_and_are_scoped_to_visible_cases(world, as_user):
    case = register_on_day0(world)
    first = handler_of(case)
    sweep(90)
    sweep(150)
    judge = as_user(world.judge)
    listed = judge.get(f"{API}/escalation-steps/").json()
    assert listed["count"] == 2
    latest, earliest = listed["results"]
    assert (earliest["level_from"], earliest["level_to"], earliest["rule"]) == (0, 1, "team_handoff")
    assert earliest["rule_display"] and earliest["case"] == {"id": case.pk, "case_number": case.case_number}
    assert (earliest["days_without_progress"], earliest["limit_days"]) == (90, 90)
    assert earliest["old_handler"] == {"id": first.pk, "name": first.display_name}
    assert earliest["old_team"] == earliest["new_team"] == {"id": world.zh_team1.pk, "name": "执行一团队"}
    assert earliest["policy"] is None and earliest["decision"]["policy"]["level0_days"] == 90
    assert {j["id"] for j in earliest["decision"]["level1"]["judges"]} == {earliest["new_handler"]["id"]}
    assert (latest["rule"], latest["new_team"]["id"], latest["new_handler"]["id"]) == ("other_team", world.zh_team2.pk,
                                                                                        world.judge3.pk)
    assert [r["rule"] for r in judge.get(f"{API}/escalation-steps/?rule=other_team").json()["results"]] == ["other_team"]
    assert judge.get(f"{API}/escalation-steps/{earliest['id']}/").json()["limit_days"] == 90
    assert as_user(world.officer).get(f"{API}/escalation-steps/").json()["count"] == 2
    ys = as_user(world.ys_judge)
    assert ys.get(f"{API}/escalation-steps/").json()["count"] == 0
    assert ys.get(f"{API}/escalation-steps/{earliest['id']}/").status_code == 403
    assert ys.get(f"{API}/escalation-steps/999999/").status_code == 404


def test_the_escalation_history_of_a_case_that_climbed_to_the_upper_court(world, as_user):
    case = climb_to_level_3(world)
    with at_day(220):
        response = as_user(world.judge3).get(f"{API}/cases/{case.pk}/escalation/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["case"] == case.pk and body["case_number"] == case.case_number
    assert body["clock"]["level"] == 3 and body["clock"]["waiting_for_upper_court"] is True
    assert body["clock"]["due_on"] is None and body["clock"]["limit_days"] is None
    assert [s["rule"] for s in body["steps"]] == ["team_handoff", "other_team", "upper_court"]
    assert [(s["level_from"], s["level_to"], s["days_without_progress"]) for s in body["steps"]] == [(0, 1, 90), (1, 2, 60),
                                                                                                   (2, 3, 60)]
    assert [h["kind"] for h in body["holders"]] == ["routing", "escalation", "escalation"]
    assert body["holders"][-1]["handler"] == "孙法官" and body["holders"][-1]["until"] is None
    assert body["holders"][0]["days"] == 90 and "from" in body["holders"][0]
    [req] = body["requests"]
    assert (req["status"], req["source"], req["upper_court"]) == ("pending", "ladder", "石家庄市中级人民法院")
    assert [e["type"] for e in body["timeline"]] == ["held", "step", "held", "step", "held", "step", "request"]
    assert body["chain"] == [{"id": case.pk, "case_number": case.case_number, "court": "赞皇县人民法院",
                              "status": "registered", "closure_type": ""}]
    assert as_user(world.supervisor).get(f"{API}/cases/{case.pk}/escalation/").status_code == 200
    assert as_user(world.ys_judge).get(f"{API}/cases/{case.pk}/escalation/").status_code == 403
    assert as_user(world.judge).get(f"{API}/cases/999999/escalation/").status_code == 404


# --- designation requests and decisions ---------------------------------------------------------------
def test_a_manual_request_designated_to_yuanshi_opens_a_new_case_there(world, as_user, english):
    case = register_on_day0(world)
    with at_day(30):
        assert as_user(world.judge).post(f"{API}/designation-requests/", {"case": case.pk, "reason": "x"},
                                         format="json").status_code == 403
        response = as_user(world.chief).post(f"{API}/designation-requests/", {"case": case.pk, "reason": "被执行人系本县重点企业"},
                                             format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["status"], made["source"], made["upper_court"]["id"], made["from_court"]["id"]) == (
        "pending", "bureau_chief", world.sjz.pk, world.zanhuang.pk)
    assert made["case"]["id"] == case.pk and made["can_decide"] is False and made["new_case"] is None
    assert fresh(case).escalation_level == 3
    url = f"{API}/designation-requests/{made['id']}/"

    officer = as_user(world.officer)
    inbox = officer.get(f"{API}/designation-requests/?status=pending").json()
    assert [r["id"] for r in inbox["results"]] == [made["id"]] and inbox["results"][0]["can_decide"] is True
    suggestions = officer.get(url + "suggestions/").json()
    assert [s["court"] for s in suggestions] == [world.yuanshi.pk]  # never the case's own court
    assert suggestions[0]["reasons"] and suggestions[0]["basis"] in ("residence", "assets", "load")

    # Who may not decide: the basic court (its judge and its chief), the upper court's supervisor, another court.
    body = {"decision": "designate", "target_court": world.yuanshi.pk, "reason": "异地执行"}
    for user in (world.judge, world.chief, world.supervisor, world.ys_judge):
        assert as_user(user).post(url + "decide/", body, format="json").status_code == 403, user.username
    with at_day(31):
        response = officer.post(url + "decide/", body, format="json")
    assert response.status_code == 200, response.content
    decided = response.json()
    assert decided["status"] == "designated" and decided["decision"] == "designate"
    assert decided["target_court"]["id"] == world.yuanshi.pk and decided["decided_by"]["id"] == world.officer.pk
    assert decided["new_case"]["case_number"] == "（2026）冀0132执1号" and decided["suggestions"]
    new = EnforcementCase.objects.get(pk=decided["new_case"]["id"])
    old = fresh(case)
    assert (new.court, new.origin_case_id, new.handler) == (world.yuanshi, old.pk, world.ys_judge)
    assert (old.status, old.closure_type) == ("closed", "transferred")

    # Decided once: a second click answers 409 with who decided what.
    before = counts()
    again = officer.post(url + "decide/", body, format="json")
    assert again.status_code == 409
    assert again.json()["detail"].startswith("This request was already decided by 吴指定")
    assert again.json()["status"] == "designated" and counts() == before

    # 元氏 reads the case it received from and the new case's history through the chain.
    ys = as_user(world.ys_judge)
    assert ys.get(f"{API}/cases/{old.pk}/").status_code == 200
    history = ys.get(f"{API}/cases/{new.pk}/escalation/").json()
    assert [c["id"] for c in history["chain"]] == [old.pk, new.pk]
    assert history["requests"][0]["new_case_number"] == "（2026）冀0132执1号"
    assert "decision" in [e["type"] for e in history["timeline"]]


def test_a_reject_sends_the_case_back_to_level_2_with_a_fresh_clock(world, as_user):
    case = climb_to_level_3(world)
    request = DesignationRequest.objects.get(case=case)
    officer = as_user(world.officer)
    url = f"{API}/designation-requests/{request.pk}/decide/"
    before = counts()
    with at_day(215):
        response = officer.post(url, {"decision": "reject"}, format="json")
        assert response.status_code == 400 and list(response.json()) == ["reason"]
        assert counts() == before
        response = officer.post(url, {"decision": "reject", "reason": "本院已督促原承办人加大执行力度"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected" and response.json()["new_case"] is None
    case = fresh(case)
    assert case.is_open and case.escalation_level == 2 and case.escalation_due_on == day(215 + 60)
    assert EscalationStep.objects.filter(case=case).latest("pk").rule == EscalationRule.REJECTED_BACK
    with at_day(216):
        clock = as_user(world.judge3).get(f"{API}/cases/{case.pk}/escalation/").json()["clock"]
    assert (clock["level"], clock["days_on_clock"], clock["limit_days"], clock["days_left"]) == (2, 1, 60, 59)


def test_decide_field_errors_are_keyed_by_field_and_nothing_is_written(world, as_user):
    case = register(world)
    request = request_for(world, case)
    url = f"{API}/designation-requests/{request.pk}/decide/"
    officer = as_user(world.officer)
    before = counts()
    cases = [
        ({"decision": "maybe"}, ["decision"]),
        ({"decision": "designate", "colour": "red"}, ["colour"]),
        ({"decision": "designate", "target_court": "x"}, ["target_court"]),
        ({"decision": "designate"}, ["target_court"]),
        ({"decision": "designate", "target_court": world.zanhuang.pk}, ["target_court"]),  # its own court
        ({"decision": "designate", "target_court": world.baoding.pk}, ["target_court"]),  # not under 石家庄中院
        ({"decision": "designate", "target_court": world.yuanshi.pk, "team": world.zh_team1.pk}, ["team"]),
        ({"decision": "elevate"}, ["team"]),  # 石家庄中院 has no team of its own yet
    ]
    for body, fields in cases:
        response = officer.post(url, body, format="json")
        assert response.status_code == 400, body
        assert list(response.json()) == fields, (body, response.json())
        assert all(isinstance(m, str) for m in response.json()[fields[0]])
    assert counts() == before
    assert DesignationRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING
    assert officer.post(f"{API}/designation-requests/999999/decide/", {"decision": "reject"}, format="json").status_code == 404


def test_elevate_assigns_the_case_to_the_upper_courts_own_team(world, as_user):
    from tests.transfers.ladder_helpers import upper_team

    team = upper_team(world)
    case = register(world)
    request = request_for(world, case)
    response = as_user(world.officer).post(f"{API}/designation-requests/{request.pk}/decide/",
                                           {"decision": "elevate", "reason": "本院提级执行"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "elevated" and response.json()["target_team"]["id"] == team.pk
    new = EnforcementCase.objects.get(pk=response.json()["new_case"]["id"])
    assert new.court == world.sjz and new.case_number.startswith(f"（{today().year}）冀01执")


def test_requests_of_another_court_are_neither_listed_nor_readable(world, as_user):
    request = request_for(world, register(world))
    ys = as_user(world.ys_judge)
    assert ys.get(f"{API}/designation-requests/").json()["count"] == 0
    assert ys.get(f"{API}/designation-requests/{request.pk}/").status_code == 403
    assert ys.get(f"{API}/designation-requests/{request.pk}/suggestions/").status_code == 403
    assert ys.get(f"{API}/designation-requests/999999/").status_code == 404
    # The requesting court reads its own request; 保定中院 does not read 石家庄中院's inbox.
    assert as_user(world.judge).get(f"{API}/designation-requests/{request.pk}/").status_code == 200
    baoding = UserFactory(username="bd_officer", role=Role.DESIGNATION_OFFICER, court=world.baoding)
    assert as_user(baoding).get(f"{API}/designation-requests/").json()["count"] == 0


def test_a_second_request_while_one_is_pending_is_a_field_error(world, as_user, english):
    case = register(world)
    request_for(world, case)
    before = counts()
    response = as_user(world.chief).post(f"{API}/designation-requests/", {"case": case.pk, "reason": "再次报请"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["case"]
    assert "already pending" in response.json()["case"][0]
    response = as_user(world.chief).post(f"{API}/designation-requests/", {"case": 999999, "reason": "x"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["case"]
    response = as_user(world.chief).post(f"{API}/designation-requests/", {"case": case.pk, "reason": 5, "why": "x"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["why"]
    assert counts() == before


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_one_wins_and_one_new_case_exists(world, as_user):
    assert connection.vendor == "postgresql"
    second = UserFactory(username="officer2", full_name="郑指定", role=Role.DESIGNATION_OFFICER, court=world.sjz)
    case = register(world)
    request = request_for(world, case)
    barrier = threading.Barrier(2)
    codes, errors = [], []

    def decide(officer):
        try:
            client = as_user(officer)
            barrier.wait(timeout=30)
            response = client.post(f"{API}/designation-requests/{request.pk}/decide/",
                                   {"decision": "designate", "target_court": world.yuanshi.pk, "reason": "异地执行"}, format="json")
            codes.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(officer,)) for officer in (world.officer, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and sorted(codes) == [200, 409]
    assert EnforcementCase.objects.filter(court=world.yuanshi).count() == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.DESIGNATED and request.new_case.court == world.yuanshi
    assert fresh(case).closure_type == "transferred"


# --- concentrated jurisdiction --------------------------------------------------------------------------
def three_cases_against_li_ming(world):
    zh1, zh2 = register(world), register(world)
    ys = register(world, court=world.yuanshi, clerk=world.ys_clerk)
    return zh1, zh2, ys


def test_a_concentration_moves_two_cases_from_zanhuang_and_keeps_the_one_at_yuanshi(world, as_user):
    zh1, zh2, ys_case = three_cases_against_li_ming(world)
    officer = as_user(world.officer)
    preview = officer.get(f"{API}/concentrations/preview/", {"id_number": LI_MING_ID})
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert [r["name"] for r in body["respondents"]] == ["李明"] and "*" in body["respondents"][0]["id_number"]
    assert body["expected_cases"] == [zh1.pk, zh2.pk, ys_case.pk]
    row = body["cases"][0]
    assert row["court"] == {"id": world.zanhuang.pk, "name": "赞皇县人民法院"} and row["outstanding"] == "85000.00"
    assert row["case_number"] == zh1.case_number and row["handler"]["id"] == zh1.handler_id and row["status"] == "registered"
    targets = {t["court"]: t for t in body["targets"]}
    assert set(targets) == {world.zanhuang.pk, world.yuanshi.pk}
    assert (targets[world.zanhuang.pk]["cases_here"], targets[world.yuanshi.pk]["cases_here"]) == (2, 1)
    assert targets[world.yuanshi.pk]["open_cases"] == 1 and targets[world.yuanshi.pk]["judges"] == 1

    payload = {"id_number": LI_MING_ID, "target_court": world.yuanshi.pk, "reason": "统一制定还款计划",
               "expected_cases": body["expected_cases"]}
    response = officer.post(f"{API}/concentrations/", payload, format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["case_count"] == 3 and made["target_court"]["id"] == world.yuanshi.pk and made["respondent"]["name"] == "李明"
    moved = {m["case"]["id"]: m for m in made["moved"]}
    assert set(moved) == {zh1.pk, zh2.pk}
    year = today().year
    assert sorted(m["new_case"]["case_number"] for m in moved.values()) == [f"（{year}）冀0132执2号", f"（{year}）冀0132执3号"]
    for old in (zh1, zh2):
        old = fresh(old)
        assert (old.status, old.closure_type) == ("closed", "transferred")
        assert EnforcementCase.objects.get(pk=moved[old.pk]["new_case"]["id"]).court == world.yuanshi
    kept = fresh(ys_case)
    assert kept.is_open and kept.court == world.yuanshi
    assert kept.events.filter(kind="designation", data__action="kept").count() == 1

    # Now all three open cases are at 元氏.
    again = officer.get(f"{API}/concentrations/preview/", {"id_number": LI_MING_ID}).json()
    assert {c["court"]["id"] for c in again["cases"]} == {world.yuanshi.pk} and len(again["cases"]) == 3
    # Who reads it: the upper court, the receiving court, the court the cases left; not 保定中院.
    for user, n in ((world.officer, 1), (world.ys_judge, 1), (world.chief, 1)):
        assert as_user(user).get(f"{API}/concentrations/").json()["count"] == n, user.username
    baoding = UserFactory(username="bd_officer", role=Role.DESIGNATION_OFFICER, court=world.baoding)
    assert as_user(baoding).get(f"{API}/concentrations/").json()["count"] == 0
    assert as_user(baoding).get(f"{API}/concentrations/{made['id']}/").status_code == 403
    assert officer.get(f"{API}/concentrations/{made['id']}/").json()["moved"] == made["moved"]


def test_a_concentration_is_all_or_nothing(world, as_user, english):
    zh1, zh2, ys_case = three_cases_against_li_ming(world)
    # Money held at 赞皇 for one case: it must be paid out before the case can move.
    money_services.payment_record(actor=handler_of(zh2), case_id=zh2.pk, amount="1000.00", received_on=today())
    officer = as_user(world.officer)
    expected = officer.get(f"{API}/concentrations/preview/", {"id_number": LI_MING_ID}).json()["expected_cases"]
    payload = {"id_number": LI_MING_ID, "target_court": world.yuanshi.pk, "reason": "统一制定还款计划", "expected_cases": expected}
    before = counts()
    response = officer.post(f"{API}/concentrations/", payload, format="json")
    assert response.status_code == 400 and list(response.json()) == ["cases"]
    [message] = response.json()["cases"]
    assert message.startswith(zh2.case_number) and "still holds" in message
    assert counts() == before and fresh(zh1).is_open and fresh(zh1).court == world.zanhuang

    # The set changed since the preview → 409, nothing written.
    response = officer.post(f"{API}/concentrations/", payload | {"expected_cases": expected[:2]}, format="json")
    assert response.status_code == 409 and "changed" in response.json()["detail"]
    # Field errors.
    response = officer.post(f"{API}/concentrations/", payload | {"target_court": world.zanhuang.pk + 1000, "reason": ""},
                            format="json")
    assert response.status_code == 400 and set(response.json()) == {"target_court", "reason"}
    response = officer.post(f"{API}/concentrations/", {"id_number": LI_MING_ID, "expected_cases": [1.5], "x": 1}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["x"]
    response = officer.post(f"{API}/concentrations/", {"id_number": LI_MING_ID, "expected_cases": [1, "a"]}, format="json")
    assert response.status_code == 400 and response.json()["expected_cases"][0] == [] and response.json()["expected_cases"][1]
    assert counts() == before
    # Preview errors.
    assert officer.get(f"{API}/concentrations/preview/").status_code == 400
    response = officer.get(f"{API}/concentrations/preview/", {"id_number": resident_id(seq=777)})
    assert response.status_code == 400 and list(response.json()) == ["id_number"]


def test_only_an_upper_courts_officers_concentrate(world, as_user):
    three_cases_against_li_ming(world)
    before = counts()
    for user in (world.judge, world.chief, world.ys_judge, world.supervisor):
        client = as_user(user)
        assert client.get(f"{API}/concentrations/preview/", {"id_number": LI_MING_ID}).status_code == 403, user.username
        assert client.post(f"{API}/concentrations/", {}, format="json").status_code == 403, user.username
    assert counts() == before


# --- entrustment -----------------------------------------------------------------------------------------
def entrust_body(case, world, **overrides) -> dict:
    body = {"case": case.pk, "to_court": world.yuanshi.pk, "acts": ["query", "seal"],
            "details": "查询并冻结被执行人在元氏县农村信用社账户 6228480000000000001",
            "deadline": (today() + dt.timedelta(days=15)).isoformat()}
    return body | overrides


def test_an_entrustment_is_sent_read_and_replied_by_the_entrusted_court(world, as_user):
    case = register(world)
    judge = as_user(handler_of(case))
    response = judge.post(f"{API}/entrustments/", entrust_body(case, world), format="json")
    assert response.status_code == 201, response.content
    sent = response.json()
    assert (sent["status"], sent["is_overdue"], sent["can_reply"]) == ("sent", False, False)
    assert sent["acts"] == ["query", "seal"] and len(sent["acts_display"]) == 2
    assert sent["from_court"]["id"] == world.zanhuang.pk and sent["to_court"]["id"] == world.yuanshi.pk
    url = f"{API}/entrustments/{sent['id']}/"

    # 元氏 sees it in its inbox, in full, and may read the case it was asked to act on.
    ys = as_user(world.ys_judge)
    inbox = ys.get(f"{API}/entrustments/?box=received").json()
    assert [e["id"] for e in inbox["results"]] == [sent["id"]] and inbox["results"][0]["can_reply"] is True
    assert "6228480000000000001" in inbox["results"][0]["details"]
    assert ys.get(f"{API}/cases/{case.pk}/").status_code == 200
    # The upper court reads it with the account masked; 保定中院 not at all.
    assert "6228480000000000001" not in as_user(world.supervisor).get(url).json()["details"]
    baoding = UserFactory(username="bd_judge", role=Role.JUDGE, court=world.baoding)
    assert as_user(baoding).get(url).status_code == 403
    assert as_user(baoding).get(f"{API}/cases/{case.pk}/").status_code == 403

    # The entrusting court does not reply; nor does 元氏's filing clerk.
    reply = {"reply": "已查询并冻结", "results": [{"act": "query", "done": True, "result": "查得存款 3 万元"},
                                                   {"act": "seal", "done": True, "result": "已冻结"}]}
    for user in (handler_of(case), world.chief, world.ys_clerk):
        assert as_user(user).post(url + "reply/", reply, format="json").status_code == 403, user.username
    response = ys.post(url + "reply/", reply, format="json")
    assert response.status_code == 200, response.content
    replied = response.json()
    assert replied["status"] == "replied" and replied["replied_by"]["id"] == world.ys_judge.pk
    assert replied["results"] == [{"act": "query", "done": True, "result": "查得存款 3 万元"},
                                  {"act": "seal", "done": True, "result": "已冻结"}]
    # Both courts see the reply; a second reply or a withdrawal now is a conflict.
    assert judge.get(url).json()["reply"] == "已查询并冻结"
    assert ys.post(url + "reply/", reply, format="json").status_code == 409
    response = judge.post(url + "cancel/", {"reason": "不再需要"}, format="json")
    assert response.status_code == 409 and response.json()["status"] == "replied"


def test_an_entrustment_is_withdrawn_by_the_entrusting_court_only(world, as_user):
    case = register(world)
    made = entrustment_create(actor=handler_of(case), case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["locate"],
                              details="查找被执行人下落", deadline=today() + dt.timedelta(days=10))
    url = f"{API}/entrustments/{made.pk}/cancel/"
    before = counts()
    assert as_user(world.ys_judge).post(url, {"reason": "x"}, format="json").status_code == 403
    response = as_user(handler_of(case)).post(url, {"reason": ""}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["reason"]
    assert counts() == before
    response = as_user(handler_of(case)).post(url, {"reason": "被执行人已到案"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "被执行人已到案"
    assert as_user(world.judge).post(f"{API}/entrustments/999999/cancel/", {"reason": "x"}, format="json").status_code == 404


def test_entrustment_field_errors_are_nested_like_the_input_and_nothing_is_written(world, as_user, english):
    case = register(world)
    judge = as_user(handler_of(case))
    before = counts()
    response = judge.post(f"{API}/entrustments/", entrust_body(case, world, acts=["query", "fly"]), format="json")
    assert response.status_code == 400 and list(response.json()) == ["acts"]
    assert response.json()["acts"][0] == [] and isinstance(response.json()["acts"][1][0], str)
    response = judge.post(f"{API}/entrustments/", entrust_body(case, world, to_court=world.zanhuang.pk, acts=[], details="",
                                                               deadline=(today() - dt.timedelta(days=1)).isoformat()),
                          format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"to_court", "acts", "details", "deadline"}
    assert response.json()["to_court"] == ["A court does not entrust acts to itself."]
    response = judge.post(f"{API}/entrustments/", entrust_body(case, world, deadline=(today() + dt.timedelta(days=91)).isoformat()),
                          format="json")
    assert response.status_code == 400 and list(response.json()) == ["deadline"]
    response = judge.post(f"{API}/entrustments/", entrust_body(case, world) | {"case": 999999}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["case"]
    # Another court's judge cannot entrust acts of this case.
    assert as_user(world.ys_judge).post(f"{API}/entrustments/", entrust_body(case, world), format="json").status_code == 403
    assert counts() == before

    made = entrustment_create(actor=handler_of(case), case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["query"],
                              details="查询", deadline=today() + dt.timedelta(days=10))
    before = counts()
    ys = as_user(world.ys_judge)
    url = f"{API}/entrustments/{made.pk}/reply/"
    response = ys.post(url, {"reply": "已办", "results": [{"act": "query", "done": True}, {"act": "seal", "colour": "red"}]},
                       format="json")
    assert response.status_code == 400 and response.json()["results"][0] == {}
    assert list(response.json()["results"][1]) == ["colour"]
    response = ys.post(url, {"reply": "", "results": [{"act": "seal", "done": True}]}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"reply", "results"}
    assert counts() == before and Entrustment.objects.get(pk=made.pk).status == "sent"


def test_overdue_entrustments_are_flagged_and_filtered(world, as_user):
    case = register(world)
    made = entrustment_create(actor=handler_of(case), case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["serve"],
                              details="送达执行通知书", deadline=today() + dt.timedelta(days=5))
    entrustment_create(actor=handler_of(case), case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["query"],
                       details="查询", deadline=today() + dt.timedelta(days=20))
    Entrustment.objects.filter(pk=made.pk).update(deadline=today() - dt.timedelta(days=1))
    ys = as_user(world.ys_judge)
    overdue = ys.get(f"{API}/entrustments/?overdue=true").json()
    assert [e["id"] for e in overdue["results"]] == [made.pk] and overdue["results"][0]["is_overdue"] is True
    assert ys.get(f"{API}/entrustments/?act=query").json()["count"] == 1
    assert as_user(handler_of(case)).get(f"{API}/entrustments/?box=sent").json()["count"] == 2
    assert as_user(handler_of(case)).get(f"{API}/entrustments/?box=received").json()["count"] == 0


def test_anonymous_is_refused(world, api):
    for path in ("escalation-policies/", "escalation-steps/", "designation-requests/", "concentrations/", "entrustments/",
                 "cases/1/escalation/"):
        assert api.get(f"{API}/{path}").status_code in (401, 403), path
    assert api.post(f"{API}/entrustments/", {}, format="json").status_code in (401, 403)


# --- query counts ---------------------------------------------------------------------------------------
def _grow_requests(world):
    def grow():
        for _ in range(3):
            request_for(world, register(world))
    return grow


def _grow_entrustments(world):
    def grow():
        for _ in range(3):
            case = register(world)
            entrustment_create(actor=handler_of(case), case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["query"],
                               details="查询 6228480000000000001", deadline=today() + dt.timedelta(days=10))
    return grow


_offsets = itertools.count(1)  # a new date for every version, across the growers of one test
_seqs = itertools.count(600)  # a new respondent for every concentration


def _grow_policies(world):
    offsets = _offsets

    def grow():
        for _ in range(3):
            policy_set(actor=world.chief, court_id=world.zanhuang.pk, effective_from=today() + dt.timedelta(days=next(offsets)),
                       level0_days=30, level1_days=30, level2_days=30, special_subject_direct=True,
                       interference_risk_direct=True, reason="调整")
    return grow


def _grow_concentrations(world):
    seqs = _seqs

    def grow():
        from cases import services
        from cases.services import PartyInput

        for _ in range(2):
            number = resident_id(seq=next(seqs))
            for _case in range(2):
                data = registration(world.zanhuang)
                data.parties[1] = PartyInput(role="respondent", kind="person", name="韩新债", id_number=number)
                services.case_register(actor=world.clerk, data=data)
            ids = list(designation.concentration_cases(actor=world.officer, parties=designation.respondent_find(number))
                       .values_list("pk", flat=True))
            designation.concentration_execute(actor=world.officer, id_number=number, target_court_id=world.yuanshi.pk,
                                              reason="集中", expected_case_ids=ids)
    return grow


LISTS = [
    ("designation-requests/", "officer", _grow_requests),
    ("designation-requests/", "chief", _grow_requests),
    ("escalation-steps/", "judge", _grow_requests),
    ("entrustments/", "ys_judge", _grow_entrustments),
    ("entrustments/", "supervisor", _grow_entrustments),
    ("escalation-policies/", "officer", _grow_policies),
    ("concentrations/", "officer", _grow_concentrations),
    ("concentrations/", "chief", _grow_concentrations),
]


@pytest.mark.parametrize("path,who,grow", LISTS, ids=[f"{p}{w}" for p, w, _g in LISTS])
def test_list_query_count_does_not_grow_with_rows(world, as_user, path, who, grow):
    client = as_user(getattr(world, who))
    grow(world)()
    client.get(f"{API}/{path}")  # warm up: the first request also loads the user's court onto the user object
    response = assert_constant_queries(lambda: client.get(f"{API}/{path}"), grow(world))
    assert response.status_code == 200 and response.json()["count"] >= 4


def test_history_query_count_does_not_grow_with_steps_and_requests(world, as_user):
    case = register(world)
    officer = world.officer

    def grow():
        for _ in range(2):
            request = request_for(world, case)
            designation.designation_decide(actor=officer, request_id=request.pk, decision="reject", reason="继续执行")

    grow()
    client = as_user(world.judge)
    client.get(f"{API}/cases/{case.pk}/escalation/")
    response = assert_constant_queries(lambda: client.get(f"{API}/cases/{case.pk}/escalation/"), grow)
    assert len(response.json()["requests"]) == 4 and len(response.json()["steps"]) == 8


# --- the schema -----------------------------------------------------------------------------------------
PATHS = {
    "/api/v1/escalation-policies/": {"get", "post"},
    "/api/v1/escalation-policies/{id}/": {"get"},
    "/api/v1/escalation-policies/current/": {"get"},
    "/api/v1/escalation-steps/": {"get"},
    "/api/v1/escalation-steps/{id}/": {"get"},
    "/api/v1/cases/{case_pk}/escalation/": {"get"},
    "/api/v1/designation-requests/": {"get", "post"},
    "/api/v1/designation-requests/{id}/": {"get"},
    "/api/v1/designation-requests/{id}/suggestions/": {"get"},
    "/api/v1/designation-requests/{id}/decide/": {"post"},
    "/api/v1/concentrations/": {"get", "post"},
    "/api/v1/concentrations/{id}/": {"get"},
    "/api/v1/concentrations/preview/": {"get"},
    "/api/v1/entrustments/": {"get", "post"},
    "/api/v1/entrustments/{id}/": {"get"},
    "/api/v1/entrustments/{id}/reply/": {"post"},
    "/api/v1/entrustments/{id}/cancel/": {"post"},
}


def test_every_cross_execution_endpoint_is_in_the_schema_with_its_errors(world, as_user):
    schema = as_user(world.judge).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path, methods in PATHS.items():
        assert path in paths, path
        assert set(paths[path]) - {"parameters"} == methods, path
        for method in methods:
            operation = paths[path][method]
            assert operation.get("summary") and "403" in operation["responses"], (path, method)
            if "{" in path:
                assert "404" in operation["responses"], (path, method)
            if method == "post":
                assert "requestBody" in operation and "400" in operation["responses"], (path, method)
    for path in ("/api/v1/designation-requests/{id}/decide/", "/api/v1/concentrations/", "/api/v1/entrustments/{id}/reply/"):
        assert "409" in paths[path]["post"]["responses"], path
    params = {p["name"] for p in paths["/api/v1/designation-requests/"]["get"]["parameters"]}
    assert {"status", "source", "upper_court", "case", "page"} <= params
    assert {"box", "overdue", "act", "page"} <= {p["name"] for p in paths["/api/v1/entrustments/"]["get"]["parameters"]}
    components = schema["components"]["schemas"]
    assert components["ConcentrationCase"]["properties"]["outstanding"]["type"] == "string"
    assert components["EscalationTimelineEntry"]["discriminator"]["propertyName"] == "type"
    assert set(components["EscalationHistory"]["properties"]) == {"case", "case_number", "clock", "chain", "holders", "steps",
                                                                 "requests", "timeline"}
