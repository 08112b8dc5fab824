"""Routing at registration and reassignment (DESIGN.md §8.3 tie rules; issue: fewest open cases)."""

import pytest

from cases import services
from courts.models import Role, Team
from enforcement.errors import FieldErrors, IllegalTransition
from tests.factories import UserFactory, add_member, registration
from transfers.services import case_reassign

pytestmark = pytest.mark.django_db


def test_new_case_goes_to_the_least_loaded_team_per_judge_then_its_least_loaded_judge(world):
    # team 1 has two judges (赵, 钱), team 2 one (孙)
    first = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    # both teams empty: tie broken by name → 执行一团队, then its judge with the lowest id
    assert first.team == world.zh_team1 and first.handler == world.judge
    second = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert second.team == world.zh_team2 and second.handler == world.judge3  # 0 per judge < 0.5
    third = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert third.team == world.zh_team1 and third.handler == world.judge2  # 0.5 < 1
    decision = third.assignments.get().decision
    assert decision["teams"][0] == {"id": world.zh_team1.pk, "name": "执行一团队", "open_cases": 1, "judges": 2, "per_judge": "0.50"}
    assert decision["judges"][0]["name"] == "钱法官"
    # 1 per judge in both teams: the smaller total (team 2, one case) breaks the tie
    fourth = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert fourth.team == world.zh_team2 and fourth.handler == world.judge3
    # team 1 at 1 per judge, team 2 at 2: team 1, where 赵 (1) ties 钱 (1) → the lower id
    fifth = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert fifth.team == world.zh_team1 and fifth.handler == world.judge



def test_closed_cases_do_not_count_as_load(world):
    first = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    services.case_transition(actor=world.judge, case_id=first.pk, transition="close", closure_type="withdrawn", reason="撤回")
    again = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    assert again.team == world.zh_team1 and again.handler == world.judge


def test_court_without_judges_leaves_the_case_unassigned_and_says_so(world):
    court_clerk = UserFactory(role=Role.CLERK, court=world.baoding)
    case = services.case_register(actor=court_clerk, data=registration(world.baoding))
    assert case.handler is None
    assert "等待执行局长分案" in case.events.filter(kind="assigned").get().description


def test_inactive_team_or_judge_gets_no_cases(world):
    Team.objects.filter(pk=world.zh_team2.pk).update(is_active=False)
    world.judge.is_active = False
    world.judge.save()
    for _ in range(3):
        case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
        assert case.handler == world.judge2


def test_reassignment_rules(world):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    with pytest.raises(FieldErrors) as exc:
        case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.ys_judge.pk, reason="调整")
    assert exc.value.errors["handler"]  # a judge of another court
    with pytest.raises(FieldErrors):
        case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge3.pk, reason="")
    case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge3.pk, reason="均衡案件量")
    case.refresh_from_db()
    assert case.handler == world.judge3 and case.team == world.zh_team2
    event = case.events.filter(kind="reassigned").get()
    assert event.actor == world.chief and event.reason == "均衡案件量"
    services.case_transition(actor=world.judge3, case_id=case.pk, transition="close", closure_type="withdrawn", reason="撤回")
    with pytest.raises(IllegalTransition):
        case_reassign(actor=world.chief, case_id=case.pk, handler_id=world.judge.pk, reason="x")


def test_audit_trail_lists_who_changed_what(world, as_user):
    case = services.case_register(actor=world.clerk, data=registration(world.zanhuang))
    new_judge = UserFactory(role=Role.JUDGE, court=world.zanhuang, full_name="新法官")
    add_member(world.zh_team2, new_judge)
    case_reassign(actor=world.chief, case_id=case.pk, handler_id=new_judge.pk, reason="均衡案件量")
    trail = as_user(world.chief).get(f"/api/v1/cases/{case.pk}/audit/").json()
    users = {entry["user"] for entry in trail}
    assert {"王立案", "周局长"} <= users
    handler_change = [e for e in trail if e["user"] == "周局长" and any(c["field"] == "承办人" for c in e["changes"])]
    assert handler_change and "均衡案件量" in handler_change[0]["reason"]
