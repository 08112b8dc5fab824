"""The five 五超 alerts (reports.alerts): each built from cases with known dates, checked on the edge
days (day 15 vs 16, 30 vs 31, the last day of the 6-month limit vs the day after), cleared by the act
that answers it, and rolled up over the 石家庄 jurisdiction."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import dossier
from cases.closure import case_archive, case_close
from cases.models import EnforcementCase
from cases.money import disbursement_record, payment_record
from cases.services import case_transition
from reports import alerts
from reports.scope import build_scope
from tests.cases.dossier_helpers import applicant_ids, freeze, on, register

pytestmark = pytest.mark.django_db


def count(world, code: str, today: dt.date, court=None) -> int:
    scope = build_scope(court or world.sjz)
    return sum(alerts.ALERTS_BY_CODE[code].counts(scope, today).values())


def listed(world, code: str, today: dt.date, court=None) -> list[str]:
    return [c.case_number for c in alerts.alert_cases(code, build_scope(court or world.sjz), today)]


def test_assets_found_alert_from_day_16_until_a_control_is_started(world):
    with on(2026, 1, 5):
        case = register(world)
    with on(2026, 3, 1):
        dossier.investigation_record(actor=case.handler, case_id=case.pk, category="real_estate", result="found",
                                     queried_on=dt.date(2026, 3, 1), details="赞皇县城关镇幸福小区3号楼501室")
        dossier.investigation_record(actor=case.handler, case_id=case.pk, category="vehicle", result="none",
                                     queried_on=dt.date(2026, 3, 1))
    assert count(world, "assets_uncontrolled", dt.date(2026, 3, 16)) == 0  # 15 days: still in time
    assert count(world, "assets_uncontrolled", dt.date(2026, 3, 17)) == 1  # day 16
    assert listed(world, "assets_uncontrolled", dt.date(2026, 3, 17)) == [case.case_number]
    row = alerts.alert_cases("assets_uncontrolled", build_scope(world.sjz), dt.date(2026, 3, 17)).get()
    assert row.first_found_on == dt.date(2026, 3, 1)
    with on(2026, 3, 18):
        freeze(world, case, actor=case.handler, started_on=dt.date(2026, 3, 18))
    assert count(world, "assets_uncontrolled", dt.date(2026, 3, 18)) == 0


def test_a_control_started_before_the_finding_does_not_answer_it(world):
    with on(2026, 1, 5):
        case = register(world)
        freeze(world, case, actor=case.handler, started_on=dt.date(2026, 1, 5))
    with on(2026, 2, 1):
        dossier.investigation_record(actor=case.handler, case_id=case.pk, category="vehicle", result="found",
                                     queried_on=dt.date(2026, 2, 1), details="冀A12345")
    assert count(world, "assets_uncontrolled", dt.date(2026, 2, 17)) == 1


def test_controls_expiring_within_30_days_or_expired_until_renewed(world):
    with on(2025, 4, 10):
        case = register(world)
        control = freeze(world, case, actor=case.handler, started_on=dt.date(2025, 4, 10))
    assert control.expires_on == dt.date(2026, 4, 9)
    assert count(world, "controls_expiring", dt.date(2026, 3, 9)) == 0  # 31 days left
    assert count(world, "controls_expiring", dt.date(2026, 3, 10)) == 1  # 30 days left
    assert count(world, "controls_expiring", dt.date(2026, 4, 20)) == 1  # expired, never renewed
    with on(2026, 3, 20):
        dossier.control_renew(actor=case.handler, control_id=control.pk, renewed_on=dt.date(2026, 3, 20))
    assert count(world, "controls_expiring", dt.date(2026, 3, 20)) == 0


def test_money_held_more_than_30_days_until_paid_out(world):
    with on(2026, 1, 5):
        case = register(world, target="85000.00")
    with on(2026, 2, 1):
        payment_record(actor=case.handler, case_id=case.pk, amount="30000.00", received_on=dt.date(2026, 2, 1))
    assert count(world, "money_undisbursed", dt.date(2026, 3, 3)) == 0  # 30 days
    assert count(world, "money_undisbursed", dt.date(2026, 3, 4)) == 1  # 31 days
    with on(2026, 3, 4):
        disbursement_record(actor=case.handler, case_id=case.pk, amount="30000.00", paid_on=dt.date(2026, 3, 4), payee=applicant_ids(case)[0])
    assert count(world, "money_undisbursed", dt.date(2026, 3, 4)) == 0


def test_past_limit_from_the_day_after_the_last_day_suspension_not_counted(world):
    with on(2026, 1, 15):
        plain = register(world)
        suspended = register(world)
    assert EnforcementCase.objects.get(pk=plain.pk).limit_on == dt.date(2026, 7, 15)
    with on(2026, 3, 1):
        case_transition(actor=suspended.handler, case_id=suspended.pk, transition="start")
        case_transition(actor=suspended.handler, case_id=suspended.pk, transition="suspend", reason="案外人异议审查")
    with on(2026, 3, 31):
        case_transition(actor=suspended.handler, case_id=suspended.pk, transition="resume", reason="异议已审结")
    assert EnforcementCase.objects.get(pk=suspended.pk).limit_on == dt.date(2026, 8, 14)  # 30 days suspended
    assert listed(world, "past_limit", dt.date(2026, 7, 15)) == []
    assert listed(world, "past_limit", dt.date(2026, 7, 16)) == [plain.case_number]
    assert sorted(listed(world, "past_limit", dt.date(2026, 8, 15))) == sorted([plain.case_number, suspended.case_number])


def test_a_suspension_in_progress_holds_the_limit(world):
    with on(2026, 1, 15):
        case = register(world)
    with on(2026, 6, 1):
        case_transition(actor=case.handler, case_id=case.pk, transition="start")
        case_transition(actor=case.handler, case_id=case.pk, transition="suspend", reason="被执行人进入破产审查")
    # Suspended since 06-01 with 45 days left: the limit does not run while suspended.
    assert count(world, "past_limit", dt.date(2026, 9, 30)) == 0
    with on(2026, 7, 1):
        case_transition(actor=case.handler, case_id=case.pk, transition="resume", reason="破产申请被驳回")
    # 30 days suspended: the last day moves from 07-15 to 08-14.
    assert count(world, "past_limit", dt.date(2026, 8, 14)) == 0
    assert count(world, "past_limit", dt.date(2026, 8, 15)) == 1


def test_unarchived_from_day_31_after_closure_until_archived(world):
    with on(2026, 1, 5):
        case = register(world, target="10000.00")
    with on(2026, 3, 2):
        payment_record(actor=case.handler, case_id=case.pk, amount="10000.00", received_on=dt.date(2026, 3, 2))
        disbursement_record(actor=case.handler, case_id=case.pk, amount="10000.00", paid_on=dt.date(2026, 3, 2), payee=applicant_ids(case)[0])
        case_close(actor=case.handler, case_id=case.pk, closure_type="performed", reason="被执行人已全部履行")
    assert count(world, "unarchived", dt.date(2026, 4, 1)) == 0  # 30 days
    assert count(world, "unarchived", dt.date(2026, 4, 2)) == 1  # day 31
    with on(2026, 4, 3):
        archived = case_archive(actor=case.handler, case_id=case.pk, note="2026-执-归-0031")
    assert archived.archived_on == dt.date(2026, 4, 3)
    assert count(world, "unarchived", dt.date(2026, 4, 3)) == 0


def test_archiving_refuses_open_cases_dates_before_closure_and_twice(world):
    from enforcement.errors import FieldErrors

    with on(2026, 1, 5):
        case = register(world, target="10000.00")
    with on(2026, 2, 1), pytest.raises(FieldErrors) as exc:
        case_archive(actor=case.handler, case_id=case.pk)
    assert list(exc.value.errors) == ["archived_on"]
    with on(2026, 2, 1):
        case_close(actor=case.handler, case_id=case.pk, closure_type="withdrawn", reason="申请执行人撤回申请")
        with pytest.raises(FieldErrors):
            case_archive(actor=case.handler, case_id=case.pk, archived_on=dt.date(2026, 1, 31))
        case_archive(actor=case.handler, case_id=case.pk)
        with pytest.raises(FieldErrors):
            case_archive(actor=case.handler, case_id=case.pk)
    assert EnforcementCase.objects.get(pk=case.pk).archived_on == dt.date(2026, 2, 1)


def test_counts_roll_up_over_the_jurisdiction_and_drill_down_to_teams_and_judges(world):
    with on(2026, 1, 5):
        zh = [register(world) for _ in range(3)]
        ys = register(world, court=world.yuanshi, actor=world.ys_clerk)
    with on(2026, 2, 1):
        for case in [*zh[:2], ys]:
            payment_record(actor=case.handler, case_id=case.pk, amount="1000.00", received_on=dt.date(2026, 2, 1))
    today = dt.date(2026, 3, 10)
    scope = build_scope(world.sjz)
    per_key = alerts.ALERTS_BY_CODE["money_undisbursed"].counts(scope, today)
    rows = {r.label: sum(per_key.get(k, 0) for k in r.keys) for r in scope.rows(per_key)}
    assert rows == {"赞皇县人民法院": 2, "元氏县人民法院": 1}
    # The basic court: its teams; one team: its judges — the same two cases, split by who holds them.
    zh_scope = build_scope(world.zanhuang)
    zh_keys = alerts.ALERTS_BY_CODE["money_undisbursed"].counts(zh_scope, today)
    by_team = {r.label: sum(zh_keys.get(k, 0) for k in r.keys) for r in zh_scope.rows(zh_keys)}
    expected_team: dict[str, int] = {}
    for case in zh[:2]:
        expected_team[case.team.name] = expected_team.get(case.team.name, 0) + 1
    assert {k: v for k, v in by_team.items() if v} == expected_team
    team = zh[0].team
    team_scope = build_scope(world.zanhuang, team=team)
    judge_counts = alerts.ALERTS_BY_CODE["money_undisbursed"].counts(team_scope, today)
    by_judge = {r.label: sum(judge_counts.get(k, 0) for k in r.keys) for r in team_scope.rows(judge_counts)}
    expected_judge: dict[str, int] = {}
    for case in zh[:2]:
        if case.team_id == team.pk:
            expected_judge[case.handler.display_name] = expected_judge.get(case.handler.display_name, 0) + 1
    assert {k: v for k, v in by_judge.items() if v} == expected_judge
    # Another city's court sees none of it.
    assert count(world, "money_undisbursed", today, court=world.baoding) == 0
