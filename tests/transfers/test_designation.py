"""The upper court's decision (DESIGN.md §8.4), concentrated jurisdiction and entrustment (§8.5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cases import money as money_services
from cases import services
from cases.models import CaseParty, ControlAction, EnforcementCase, Notification, Party
from courts import access
from enforcement.errors import FieldErrors, IllegalTransition
from tests.cases.dossier_helpers import freeze, fresh, party, register, seal
from tests.factories import registration
from tests.transfers.ladder_helpers import at_day, day, register_on_day0, sweep, upper_team
from transfers.designation import (
    concentration_cases,
    concentration_execute,
    designation_decide,
    designation_request_create,
    respondent_find,
)
from transfers.entrustment import (
    entrustment_cancel,
    entrustment_create,
    entrustment_reply,
    entrustments_flag_overdue,
)
from transfers.models import DesignationRequest, Entrustment, EscalationStep, RequestStatus
from transfers.selectors import escalation_history
from transfers.suggestions import designation_suggestions

pytestmark = pytest.mark.django_db


def _at_level3(world, **kw) -> tuple[EnforcementCase, DesignationRequest]:
    case = register_on_day0(world, **kw)
    with at_day(20):
        services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
        freeze(world, case, actor=world.chief, started_on=day(20))
        seal(world, case, actor=world.chief, started_on=day(20))
    for n in (110, 170, 230):
        sweep(n)
    case = fresh(case)
    assert case.escalation_level == 3
    return case, DesignationRequest.objects.get(case=case, status=RequestStatus.PENDING)


def test_designation_moves_the_case_to_a_new_number_with_parties_amounts_and_controls(world):
    case, request = _at_level3(world)
    with at_day(225):
        asked = entrustment_create(actor=world.judge3, case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["locate"],
                                   details="查找被执行人下落", deadline=day(240))
    with at_day(231):
        money_before = case.outstanding_amount
        designation_decide(actor=world.officer, request_id=request.pk, decision="designate",
                           target_court_id=world.yuanshi.pk, reason="被执行人住所地在元氏县")
    request.refresh_from_db()
    old, new = fresh(case), request.new_case
    assert (old.status, old.closure_type) == ("closed", "transferred")
    assert new.court == world.yuanshi and new.case_number == "（2026）冀0132执1号"
    assert new.origin_case == old and new.target_amount == money_before and new.status == "in_progress"
    assert new.handler == world.ys_judge and new.escalation_level == 0 and new.escalation_due_on == day(231 + 90)
    assert sorted(CaseParty.objects.filter(case=new).values_list("party_id", "role")) == \
        sorted(CaseParty.objects.filter(case=old).values_list("party_id", "role"))
    # Controls in force went with the case; none is left in force at the old one.
    assert ControlAction.objects.filter(case=new, status="in_force").count() == 2
    assert not ControlAction.objects.filter(case=old, status="in_force").exists()
    assert request.status == RequestStatus.DESIGNATED and request.decided_by == world.officer
    assert request.suggestions and request.suggestions[0]["court"] == world.yuanshi.pk
    # The history is readable from either side, and the receiving court sees the original.
    assert access.can_view_case(world.ys_judge, old) and access.can_view_case(world.judge, new)
    assert not access.can_act_on_case(world.ys_judge, old)
    history = escalation_history(new)
    assert [c["case_number"] for c in history["chain"]] == [old.case_number, new.case_number]
    assert [s["level_to"] for s in history["steps"]] == [1, 2, 3]
    assert {"decision"} <= {e["type"] for e in history["timeline"]}
    assert Notification.objects.filter(case=new, message__contains=new.case_number).exists()
    # What the old court asked of others lapses with the case; the transfer is not progress of the old case.
    asked.refresh_from_db()
    assert asked.status == "cancelled" and new.case_number in asked.cancel_reason
    assert not old.events.filter(kind="closed", is_substantive=True).exists()


def test_elevation_assigns_the_upper_courts_team(world):
    team = upper_team(world)
    case, request = _at_level3(world)
    with at_day(231):
        designation_decide(actor=world.officer, request_id=request.pk, decision="elevate", team_id=team.pk)
    new = DesignationRequest.objects.get(pk=request.pk).new_case
    assert new.court == world.sjz and new.team == team and new.case_number.startswith("（2026）冀01执")
    assert new.handler.username == "sjz_judge"


def test_rejection_returns_the_case_to_level_2_with_a_fresh_clock(world, english):
    case, request = _at_level3(world)
    with pytest.raises(FieldErrors) as exc:
        designation_decide(actor=world.officer, request_id=request.pk, decision="reject", reason="")
    assert "reason" in exc.value.errors
    with at_day(240):
        designation_decide(actor=world.officer, request_id=request.pk, decision="reject", reason="本院认为原法院可继续执行")
    case = fresh(case)
    assert case.escalation_level == 2 and case.is_open and case.escalation_due_on == day(300)
    assert EscalationStep.objects.filter(case=case, rule="rejected_back").count() == 1
    # Decided once: a second decision is a conflict that names who decided.
    with pytest.raises(IllegalTransition) as conflict:
        designation_decide(actor=world.officer, request_id=request.pk, decision="designate", target_court_id=world.yuanshi.pk)
    assert "吴指定" in str(conflict.value)


def test_decisions_are_refused_to_others_and_never_back_to_the_original_court(world, english):
    case, request = _at_level3(world)
    for user in (world.judge, world.chief, world.ys_judge, world.supervisor):
        with pytest.raises(PermissionDenied):
            designation_decide(actor=user, request_id=request.pk, decision="designate", target_court_id=world.yuanshi.pk)
    with pytest.raises(FieldErrors) as exc:
        designation_decide(actor=world.officer, request_id=request.pk, decision="designate", target_court_id=world.zanhuang.pk)
    assert exc.value.errors["target_court"] == ["A case cannot be designated back to its own court."]
    with pytest.raises(FieldErrors) as exc:
        designation_decide(actor=world.officer, request_id=request.pk, decision="designate", target_court_id=world.baoding.pk)
    assert "target_court" in exc.value.errors
    assert fresh(case).is_open and not EnforcementCase.objects.filter(origin_case=case).exists()


def test_money_held_must_be_paid_out_before_the_case_moves(world, english):
    case, request = _at_level3(world)
    with at_day(231):
        money_services.payment_record(actor=world.chief, case_id=case.pk, amount="500.00", received_on=day(231),
                                      source="debtor")
    with pytest.raises(FieldErrors) as exc:
        designation_decide(actor=world.officer, request_id=request.pk, decision="designate", target_court_id=world.yuanshi.pk)
    assert "¥500.00" in exc.value.errors["decision"][0]
    assert DesignationRequest.objects.get(pk=request.pk).status == "pending"


def test_the_bureau_chief_or_the_upper_court_can_request_by_hand(world, english):
    case = register(world)
    with pytest.raises(PermissionDenied):
        designation_request_create(actor=world.judge, case_id=case.pk, reason="x")
    request = designation_request_create(actor=world.chief, case_id=case.pk, reason="被执行人系当地重点企业，存在干预风险")
    assert (request.source, request.upper_court) == ("bureau_chief", world.sjz)
    assert fresh(case).escalation_level == 3 and fresh(case).escalation_due_on is None
    with pytest.raises(FieldErrors) as exc:
        designation_request_create(actor=world.officer, case_id=case.pk, reason="上级督办")
    assert "already pending" in exc.value.errors["case"][0]
    other = register(world)
    opened = designation_request_create(actor=world.officer, case_id=other.pk, reason="上级法院督办案件")
    assert opened.source == "upper_court"


def test_suggestions_rank_residence_then_assets_then_load(world):
    from courts.models import Court, Team
    from tests.factories import UserFactory, add_member

    gaocheng = Court.objects.create(name="石家庄市藁城区人民法院", short_name="藁城法院", level="basic", parent=world.sjz,
                                    province_abbr="冀", code="0109", region="石家庄市藁城区")
    luquan = Court.objects.create(name="石家庄市鹿泉区人民法院", short_name="鹿泉法院", level="basic", parent=world.sjz,
                                  province_abbr="冀", code="0110", region="石家庄市鹿泉区")
    for court in (gaocheng, luquan):
        add_member(Team.objects.create(court=court, name="执行一团队"),
                   UserFactory(username=f"j{court.code}", role="judge", court=court))
    # The respondent's ID was issued when 藁城 was a county-level city (130182); a flat is sealed in 鹿泉区.
    data = registration(world.zanhuang, parties=[
        party("applicant", "person", "张三"),
        services.PartyInput(role="respondent", kind="person", name="李四", id_number="130182198001011234"),
    ])
    with at_day(0):
        case = services.case_register(actor=world.clerk, data=data)
        services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
        seal(world, case, actor=world.chief, asset="石家庄市鹿泉区获鹿镇海山街8号", started_on=day(0))
    ranked = designation_suggestions(case, world.sjz)
    assert [s.court for s in ranked][:2] == [gaocheng, luquan]
    assert world.zanhuang not in [s.court for s in ranked]
    assert "藁城市" in ranked[0].reasons[0] and "鹿泉区" in ranked[1].reasons[0]
    assert all("open cases" in s.reasons[-1] or "件" in s.reasons[-1] for s in ranked)


def _case_against(world, court, respondent_number: str, clerk) -> EnforcementCase:
    data = registration(court, parties=[
        party("applicant", "person", "王五"),
        services.PartyInput(role="respondent", kind="organisation", name="河北某某建设集团有限公司",
                            id_number=respondent_number),
    ])
    return services.case_register(actor=clerk, data=data)


USCC = "91130100MA0CEXR49R"  # a valid credit code whose organisation code (MA0CEXR49) is valid too


def test_concentration_moves_every_case_from_several_courts_or_none(world, english):
    from courts.models import Court, Team
    from tests.factories import UserFactory, add_member

    gaoyi = Court.objects.create(name="高邑县人民法院", short_name="高邑法院", level="basic", parent=world.sjz,
                                 province_abbr="冀", code="0127", region="石家庄市高邑县")
    add_member(Team.objects.create(court=gaoyi, name="执行一团队"), UserFactory(username="gy_judge", role="judge", court=gaoyi))
    gy_clerk = UserFactory(username="gy_clerk", role="clerk", court=gaoyi)
    cases = [_case_against(world, world.zanhuang, USCC, world.clerk) for _ in range(2)]
    cases.append(_case_against(world, world.yuanshi, USCC, world.ys_clerk))
    kept = _case_against(world, gaoyi, USCC, gy_clerk)
    parties = respondent_find(USCC.lower())
    assert [p.pk for p in parties] == [Party.objects.get(id_number=USCC).pk]
    found = list(concentration_cases(actor=world.officer, parties=parties))
    assert sorted(c.pk for c in found) == sorted([c.pk for c in cases] + [kept.pk])

    # One case holds money its court has not paid out yet: nothing moves.
    services.case_transition(actor=world.chief, case_id=cases[1].pk, transition="start")
    money_services.payment_record(actor=world.chief, case_id=cases[1].pk, amount="100.00", source="debtor",
                                  received_on=dt.date.today())
    counts = EnforcementCase.objects.count()
    with pytest.raises(FieldErrors) as exc:
        concentration_execute(actor=world.officer, id_number=USCC, target_court_id=gaoyi.pk, reason="统一清偿方案")
    assert cases[1].case_number in exc.value.errors["cases"][0]
    assert EnforcementCase.objects.count() == counts and all(fresh(c).is_open for c in cases)
    assert not DesignationRequest.objects.exists()

    # Paid out: the three cases from 赞皇 and 元氏 move to 高邑; the one already there stays.
    money_services.disbursement_record(actor=world.chief, case_id=cases[1].pk, **_payout(cases[1]))
    concentration = concentration_execute(actor=world.officer, id_number=USCC, target_court_id=gaoyi.pk,
                                          reason="统一清偿方案", expected_case_ids=[c.pk for c in found])
    assert concentration.case_count == 4
    assert all(fresh(c).closure_type == "transferred" for c in cases)
    assert sorted(EnforcementCase.objects.filter(court=gaoyi, status__in=["registered", "in_progress"])
                  .values_list("origin_case__court__name", flat=True), key=str) == \
        sorted([None, "元氏县人民法院", "赞皇县人民法院", "赞皇县人民法院"], key=str)
    assert fresh(kept).is_open and DesignationRequest.objects.filter(concentration=concentration).count() == 3
    # One judge takes them all: the one who already holds the respondent's case there.
    moved = EnforcementCase.objects.filter(court=gaoyi, origin_case__isnull=False)
    assert {c.handler_id for c in moved} == {fresh(kept).handler_id}


def _payout(case) -> dict:
    applicant = CaseParty.objects.get(case=case, role="applicant").party_id
    return {"payee": applicant, "amount": "100.00", "paid_on": dt.date.today()}


def test_concentration_refuses_a_stale_list_and_other_roles(world, english):
    cases = [_case_against(world, world.zanhuang, USCC, world.clerk) for _ in range(2)]
    with pytest.raises(IllegalTransition):
        concentration_execute(actor=world.officer, id_number=USCC, target_court_id=world.yuanshi.pk, reason="r",
                              expected_case_ids=[cases[0].pk])
    with pytest.raises(PermissionDenied):
        concentration_execute(actor=world.chief, id_number=USCC, target_court_id=world.yuanshi.pk, reason="r")
    with pytest.raises(FieldErrors) as exc:
        concentration_execute(actor=world.officer, id_number="91130100MA0CEXR44X", target_court_id=None, reason="")
    assert set(exc.value.errors) == {"id_number", "target_court", "reason"}


def test_an_old_organisation_code_and_the_credit_code_name_one_respondent(world):
    data = registration(world.zanhuang, parties=[
        party("applicant", "person", "王五"),
        services.PartyInput(role="respondent", kind="organisation", name="河北某某建设集团有限公司",
                            id_type="org_code", id_number=USCC[8:17]),
    ])
    older = services.case_register(actor=world.clerk, data=data)
    newer = _case_against(world, world.yuanshi, USCC, world.ys_clerk)
    parties = respondent_find(USCC)
    assert len(parties) == 2
    assert sorted(c.pk for c in concentration_cases(actor=world.officer, parties=parties)) == sorted([older.pk, newer.pk])


def test_entrustment_is_seen_and_answered_by_the_other_court_and_flagged_when_late(world, english):
    case = register(world)
    services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
    with at_day(0):
        with pytest.raises(FieldErrors) as exc:
            entrustment_create(actor=world.judge, case_id=case.pk, to_court_id=world.zanhuang.pk, acts=["fly"], details="",
                               deadline=day(0))
        assert set(exc.value.errors) == {"to_court", "acts", "details", "deadline"}
        entrustment = entrustment_create(actor=world.judge, case_id=case.pk, to_court_id=world.yuanshi.pk,
                                         acts=["query", "seal"], details="查询并查封被执行人在元氏县的房产", deadline=day(15))
    assert access.can_view_case(world.ys_judge, case) and not access.can_act_on_case(world.ys_judge, case)
    with pytest.raises(PermissionDenied):
        entrustment_reply(actor=world.judge, entrustment_id=entrustment.pk, reply="x")
    with at_day(15, 23):
        assert entrustments_flag_overdue(today=day(15)) == 0
    with at_day(16):
        assert entrustments_flag_overdue(today=day(16)) == 1
        assert entrustments_flag_overdue(today=day(16)) == 0
    assert Entrustment.objects.get(pk=entrustment.pk).is_overdue(day(16))
    assert case.events.filter(kind="entrustment", data__action="overdue").count() == 1
    with at_day(17):
        entrustment_reply(actor=world.ys_judge, entrustment_id=entrustment.pk, reply="已查询，查封房产一处",
                          results=[{"act": "query", "done": True, "result": "不动产登记中心：一处"},
                                   {"act": "seal", "done": True, "result": "已查封"}])
    entrustment.refresh_from_db()
    assert entrustment.status == "replied" and not entrustment.is_overdue(day(17))
    assert "after the deadline" in case.events.filter(kind="entrustment").order_by("-pk").first().description
    with pytest.raises(IllegalTransition):
        entrustment_cancel(actor=world.judge, entrustment_id=entrustment.pk, reason="x")


def test_a_request_whose_case_closed_meanwhile_can_only_be_rejected(world, english):
    case = register(world)
    request = designation_request_create(actor=world.chief, case_id=case.pk, reason="干预风险")
    services.case_transition(actor=world.chief, case_id=case.pk, transition="close", closure_type="withdrawn",
                             reason="申请人撤回执行申请")
    with pytest.raises(FieldErrors) as exc:
        designation_decide(actor=world.officer, request_id=request.pk, decision="designate", target_court_id=world.yuanshi.pk)
    assert "closed meanwhile" in exc.value.errors["decision"][0]
    designation_decide(actor=world.officer, request_id=request.pk, decision="reject", reason="案件已撤回")
    assert DesignationRequest.objects.get(pk=request.pk).status == "rejected"
    assert fresh(case).status == "closed" and not DesignationRequest.objects.filter(status="pending").exists()


def test_a_concentrated_case_already_at_the_court_has_its_pending_request_decided(world):
    here = _case_against(world, world.yuanshi, USCC, world.ys_clerk)
    away = _case_against(world, world.zanhuang, USCC, world.clerk)
    pending = designation_request_create(actor=world.officer, case_id=here.pk, reason="上级督办")
    concentration_execute(actor=world.officer, id_number=USCC, target_court_id=world.yuanshi.pk, reason="统一清偿")
    pending.refresh_from_db()
    assert (pending.status, pending.target_court, pending.new_case) == ("designated", world.yuanshi, None)
    assert fresh(here).escalation_level == 0 and fresh(here).escalation_due_on is not None
    assert fresh(away).closure_type == "transferred"


def test_a_rejected_request_by_hand_takes_the_case_to_another_team(world):
    case = register(world)
    first_team = fresh(case).team
    request = designation_request_create(actor=world.chief, case_id=case.pk, reason="干预风险")
    designation_decide(actor=world.officer, request_id=request.pk, decision="reject", reason="由原法院其他团队继续执行")
    case = fresh(case)
    assert case.escalation_level == 2 and case.team != first_team
    step = EscalationStep.objects.get(case=case, rule="rejected_back")
    assert (step.old_team, step.new_team) == (first_team, case.team) and step.decision["level2"]["teams"]


def test_an_entrustment_reply_reads_plainly_in_the_case_audit_trail(world):
    from cases.selectors import case_audit_trail

    case = register(world)
    services.case_transition(actor=world.chief, case_id=case.pk, transition="start")
    with at_day(0):
        entrustment = entrustment_create(actor=world.judge, case_id=case.pk, to_court_id=world.yuanshi.pk, acts=["query"],
                                         details="查询房产", deadline=day(10))
    with at_day(3, 15):
        entrustment_reply(actor=world.ys_judge, entrustment_id=entrustment.pk, reply="已查询",
                          results=[{"act": "query", "done": True, "result": "无房产"}])
    changes = {c["field"]: c["new"] for e in case_audit_trail(case=case, full_identity=True)
               if e["user"] == world.ys_judge.display_name for c in e["changes"]}
    assert changes["回复时间"] == "2026-01-08 15:00", changes  # court time, not raw UTC
    assert "无房产" in changes["办理结果"] and "{" not in changes["办理结果"], changes
