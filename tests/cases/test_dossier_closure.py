"""Closure (结案) guards: `performed` only when nothing is outstanding or held, with credit repair;
终本 only with the DESIGN.md §7 checklist complete; the 6-monthly re-query after 终本; resumption
(恢复执行) as a new 执恢 case."""

import datetime as dt

import pytest

from cases import dossier, money, services
from cases.closure import (
    TerminationFacts,
    case_close,
    case_resume_enforcement,
    requery_due_on,
    termination_checklist,
)
from cases.models import CaseParty, CoerciveMeasure, ControlAction, EnforcementCase
from enforcement.errors import FieldErrors, IllegalTransition
from tests.cases.dossier_helpers import (
    D,
    applicant_ids,
    freeze,
    fresh,
    on,
    register,
    respondent_id,
    row_counts,
    seal,
)

# Exact messages are asserted in English (the msgids), independent of the catalogue.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
d = dt.date

EMPTY_DOSSIER_MISSING = [
    "enforcement_notice", "asset_report_order", "consumption_restriction", "blacklist",
    "query_deposit", "query_real_estate", "query_vehicle", "query_securities", "query_business",
    "check_social_insurance", "check_household", "too_early", "applicant_informed",
]
EMPTY_DOSSIER_CHECKLIST = [
    "The enforcement notice (执行通知书) has not been served.",
    "The order to declare assets (报告财产令) has not been served.",
    "No consumption restriction order (限制消费令) is in force.",
    "The respondent is not on the dishonest-debtor list, and no reason is given why the conditions are not met.",
    "Online query not done: Bank deposits.",
    "Online query not done: Real estate.",
    "Online query not done: Vehicles.",
    "Online query not done: Securities.",
    "Online query not done: Business registration and equity.",
    "Extended check required by the court not done: Social insurance / pension.",
    "Extended check required by the court not done: Household registration.",
    "Less than 3 months since filing: 终本 is possible from 2026-06-03.",
    "The applicant has not been interviewed and informed, or their opinion is not recorded.",
]
REASON = "经穷尽财产调查措施，未发现可供执行的财产"
QUERIED = dt.date(2026, 3, 5)
CLOSED = dt.date(2026, 6, 10)



@pytest.fixture
def case(world):
    with on(2026, 3, 2):
        return register(world, target="85000.00")


def _terminate(world, case, **kw):
    return case_close(actor=world.judge, case_id=case.pk, closure_type="terminated_round", reason=REASON, **kw)


def _refused_with(world, case, **kw) -> list[str]:
    with pytest.raises(FieldErrors) as exc:
        _terminate(world, case, **kw)
    assert set(exc.value.errors) == {"checklist", "missing"}
    assert len(exc.value.errors["checklist"]) == len(exc.value.errors["missing"])
    return exc.value.errors["missing"]


def _query(world, case, category, result="none", day=QUERIED, **kw):
    with on(day.year, day.month, day.day):
        return dossier.investigation_record(actor=world.judge, case_id=case.pk, category=category, result=result,
                                            queried_on=day if result != "pending" else None, **kw)


def _complete_dossier(world, case, day=QUERIED):
    """Everything §7 asks for, except the passage of time."""
    rid = respondent_id(case)
    with on(day.year, day.month, day.day):
        for kind in ("enforcement_notice", "asset_report_order"):
            dossier.procedure_record(actor=world.judge, case_id=case.pk, kind=kind, done_on=day)
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="consumption_restriction", respondent=rid,
                              issued_on=day, reason="未按执行通知履行")
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid, issued_on=day,
                              reason="有履行能力而拒不履行")
        for category in ("deposit", "real_estate", "vehicle", "securities", "business", "social_insurance", "household"):
            dossier.investigation_record(actor=world.judge, case_id=case.pk, category=category, result="none",
                                         queried_on=day)
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="applicant_informed", done_on=day,
                                 applicant_opinion="申请执行人同意终结本次执行程序")


def _terminated(world, case, closed=CLOSED):
    _complete_dossier(world, case)
    with on(closed.year, closed.month, closed.day):
        return _terminate(world, case)


# --- 终本 ----------------------------------------------------------------------------------------
def test_terminated_round_on_an_empty_dossier_lists_every_missing_item(world, case):
    with on(2026, 3, 10):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="start")
        before = row_counts()
        with pytest.raises(FieldErrors) as exc:
            _terminate(world, case)
    assert exc.value.errors["missing"] == EMPTY_DOSSIER_MISSING
    assert exc.value.errors["checklist"] == EMPTY_DOSSIER_CHECKLIST
    assert row_counts() == before
    assert fresh(case).status == "in_progress"


def test_terminated_round_is_refused_before_enforcement_started(world, case):
    with on(2026, 3, 10), pytest.raises(FieldErrors) as exc:
        _terminate(world, case)
    assert exc.value.errors == {"closure_type": [
        "Enforcement has not started: the case can only be rejected, not enforced or withdrawn."]}


def test_terminated_round_allowed_once_each_item_is_satisfied_step_by_step(world, case):
    rid = respondent_id(case)
    expected = list(EMPTY_DOSSIER_MISSING)

    def check(**kw):
        with on(*kw.pop("day", (2026, 3, 20))):
            assert _refused_with(world, case, **kw) == expected

    # 1. notices
    with on(2026, 3, 5):
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="enforcement_notice", done_on=d(2026, 3, 3))
    expected.remove("enforcement_notice")
    check()
    with on(2026, 3, 5):
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="asset_report_order", done_on=d(2026, 3, 3))
    expected.remove("asset_report_order")
    check()
    # 2. consumption restriction, then the blacklist (or a reason why its conditions are not met)
    with on(2026, 3, 6):
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="consumption_restriction", respondent=rid,
                              issued_on=d(2026, 3, 6), reason="未按执行通知履行")
    expected.remove("consumption_restriction")
    check()
    with on(2026, 3, 20):
        assert "blacklist" not in _refused_with(
            world, case, facts=TerminationFacts(blacklist_not_applicable_reason="被执行人无履行能力，不符合纳入条件"))
    with on(2026, 3, 6):
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid,
                              issued_on=d(2026, 3, 6), reason="违反报告财产令")
    expected.remove("blacklist")
    check()
    # 3. the five online queries …
    for category in ("deposit", "real_estate", "vehicle", "securities"):
        _query(world, case, category)
        expected.remove(f"query_{category}")
    check()
    _query(world, case, "business", result="found", details="持有赞皇县某某养殖合作社10%股权", respondent=rid)
    expected.remove("query_business")
    expected.insert(expected.index("too_early"), "undisposable_reason")  # something was found
    check()
    # … the applicant's lead (X): pending until checked
    lead = _query(world, case, "applicant_lead", result="pending", details="申请人称被执行人在石家庄有一套房产")
    expected.insert(expected.index("check_social_insurance"), "leads_pending")
    with on(2026, 3, 20):
        with pytest.raises(FieldErrors) as exc:
            _terminate(world, case)
    assert "1 lead(s) supplied by the applicant not yet checked." in exc.value.errors["checklist"]
    assert exc.value.errors["missing"] == expected
    with on(2026, 3, 12):
        dossier.investigation_update(actor=world.judge, investigation_id=lead.pk, result="none",
                                     queried_on=d(2026, 3, 12), details="经查询石家庄市不动产登记中心，无登记")
    expected.remove("leads_pending")
    check()
    # … and the court's extended checks (Y)
    _query(world, case, "social_insurance")
    expected.remove("check_social_insurance")
    check()
    _query(world, case, "household")
    expected.remove("check_household")
    check()
    # what was found cannot be disposed of: the reason is stated with the request
    facts = TerminationFacts(undisposable_reason="股权价值极低且无人竞买，不具处置价值")
    expected.remove("undisposable_reason")
    check(facts=facts)
    # 6. the applicant informed, with their opinion
    with on(2026, 3, 25):
        with pytest.raises(FieldErrors) as exc:
            dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="applicant_informed", done_on=d(2026, 3, 25))
        assert exc.value.errors == {"applicant_opinion": ["Record the applicant's opinion."]}
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="applicant_informed", done_on=d(2026, 3, 25),
                                 applicant_opinion="申请执行人知悉终本法律后果，同意终本，发现财产线索后申请恢复执行")
    expected.remove("applicant_informed")
    assert expected == ["too_early"]
    # 4. more than three months since filing (filed 2026-03-02): not on 2 June, from 3 June
    with on(2026, 6, 2), pytest.raises(FieldErrors) as exc:
        _terminate(world, case, facts=facts)
    assert exc.value.errors == {"checklist": ["Less than 3 months since filing: 终本 is possible from 2026-06-03."],
                                "missing": ["too_early"]}
    with on(2026, 6, 3):
        closed = _terminate(world, case, facts=facts)
    assert (closed.status, closed.closure_type, closed.closed_on) == ("closed", "terminated_round", d(2026, 6, 3))
    event = closed.events.get(kind="closed")
    assert event.reason == REASON and event.is_substantive
    assert event.data["facts"]["undisposable_reason"] == "股权价值极低且无人竞买，不具处置价值"


def test_unknown_whereabouts_and_obstruction_add_their_items(world, case):
    _complete_dossier(world, case)
    facts = TerminationFacts(whereabouts_unknown=True, obstruction=True)
    with on(2026, 6, 10):
        assert _refused_with(world, case, facts=facts) == ["respondent_search", "obstruction_sanction"]
    rid = respondent_id(case)
    with on(2026, 6, 10):
        dossier.procedure_record(actor=world.judge, case_id=case.pk, kind="respondent_search", done_on=d(2026, 6, 1),
                                 details="赴户籍地及经常居住地查找未果")
        assert _refused_with(world, case, facts=facts) == ["obstruction_sanction"]
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="fine", respondent=rid, issued_on=d(2026, 6, 2),
                              amount="10000.00", reason="转移财产妨碍执行")
        assert _terminate(world, case, facts=facts).status == "closed"


def test_a_control_still_in_force_needs_the_reason_it_cannot_be_disposed_of(world, case):
    _complete_dossier(world, case)
    with on(2026, 3, 6):
        seal(world, case, kind="seal_movable", asset="报废农用三轮车一辆")
    with on(2026, 6, 10):
        assert _refused_with(world, case) == ["undisposable_reason"]
        closed = _terminate(world, case, facts=TerminationFacts(undisposable_reason="车辆已报废，无处置价值"))
    assert closed.status == "closed"


def test_money_held_blocks_every_closure(world, case):
    _complete_dossier(world, case)
    with on(2026, 6, 1):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="300.00", received_on=d(2026, 6, 1))
    with on(2026, 6, 10):
        with pytest.raises(FieldErrors) as exc:
            _terminate(world, case)
        assert exc.value.errors == {"checklist": ["¥300.00 received is not yet paid out."], "missing": ["undisbursed"]}
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="300.00", paid_on=d(2026, 6, 10),
                                  payee=applicant_ids(case)[0])
        assert _terminate(world, case).outstanding_amount == D("84700.00")


def test_checklist_reads_the_dossier_without_writing(world, case):
    _complete_dossier(world, case)
    assert termination_checklist(fresh(case), today=d(2026, 6, 2))[0].code == "too_early"
    assert termination_checklist(fresh(case), today=d(2026, 6, 3)) == []


# --- performed -----------------------------------------------------------------------------------
def test_performed_refused_while_outstanding_or_held_then_allowed_and_credit_repaired(world, case):
    rid = respondent_id(case)
    applicant = applicant_ids(case)[0]
    with on(2026, 3, 5):
        for kind in ("blacklist", "consumption_restriction", "exit_ban"):
            dossier.measure_issue(actor=world.judge, case_id=case.pk, kind=kind, respondent=rid, issued_on=d(2026, 3, 5),
                                  reason="拒不履行")
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="fine", respondent=rid, issued_on=d(2026, 3, 5),
                              amount="5000.00", reason="拒不报告财产")
        money.payment_record(actor=world.judge, case_id=case.pk, amount="50000.00", received_on=d(2026, 3, 5))
        with pytest.raises(FieldErrors) as exc:
            case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="履行完毕")
    assert exc.value.errors == {
        "checklist": ["¥50,000.00 received is not yet paid out.", "¥35,000.00 is still outstanding: the case is not performed."],
        "missing": ["undisbursed", "outstanding"],
    }
    with on(2026, 3, 6):
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="50000.00", paid_on=d(2026, 3, 6), payee=applicant)
        with pytest.raises(FieldErrors) as exc:
            case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="履行完毕")
    assert exc.value.errors["missing"] == ["outstanding"]
    with on(2026, 4, 1):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="35000.00", received_on=d(2026, 4, 1))
        with pytest.raises(FieldErrors) as exc:
            case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="履行完毕")
        assert exc.value.errors["missing"] == ["undisbursed"]
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="35000.00", paid_on=d(2026, 4, 1), payee=applicant)
        closed = case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="履行完毕")
    assert (closed.status, closed.closure_type, closed.closed_on, closed.held_amount, closed.outstanding_amount) == \
        ("closed", "performed", d(2026, 4, 1), D("0.00"), D("0.00"))
    lifted = {m.kind: (m.lifted_on, m.lift_reason) for m in CoerciveMeasure.objects.filter(case=case)}
    assert lifted == {
        "blacklist": (d(2026, 4, 1), "Obligations performed: credit repaired"),
        "consumption_restriction": (d(2026, 4, 1), "Obligations performed: credit repaired"),
        "exit_ban": (d(2026, 4, 1), "Obligations performed: credit repaired"),
        "fine": (None, ""),  # a fine is not a credit measure
    }
    assert closed.events.filter(kind="measure_lifted").count() == 3


def test_a_measure_lifted_earlier_keeps_its_own_date_and_reason(world, case):
    rid = respondent_id(case)
    with on(2026, 3, 5):
        measure = dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid,
                                        issued_on=d(2026, 3, 5), reason="拒不履行")
        dossier.measure_lift(actor=world.judge, measure_id=measure.pk, reason="被执行人提供担保")
        money.payment_record(actor=world.judge, case_id=case.pk, amount="85000.00", received_on=d(2026, 3, 5))
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="85000.00", paid_on=d(2026, 3, 5),
                                  payee=applicant_ids(case)[0])
    with on(2026, 3, 9):
        case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="履行完毕")
    measure.refresh_from_db()
    assert (measure.lifted_on, measure.lift_reason) == (d(2026, 3, 5), "被执行人提供担保")


def test_closure_type_must_be_chosen_and_transferred_is_not_direct(world, case):
    with on(2026, 3, 5):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="start")
        with pytest.raises(FieldErrors) as exc:
            case_close(actor=world.judge, case_id=case.pk, closure_type="transferred", reason="")
    assert exc.value.errors == {
        "reason": ["State the reason."],
        "closure_type": ["“Transferred to another court” is reached through its own procedure, not by closing directly."],
    }


# --- re-query after 终本 -------------------------------------------------------------------------
def test_requery_is_due_six_months_after_closure_then_after_each_requery(world, case):
    assert requery_due_on(fresh(case)) is None  # open case
    _terminated(world, case, closed=d(2026, 6, 10))
    closed = fresh(case)
    assert requery_due_on(closed) == d(2026, 12, 10)
    with on(2026, 12, 1):
        item = dossier.investigation_record(actor=world.judge, case_id=case.pk, category="deposit", result="none",
                                            queried_on=d(2026, 12, 1))
    assert item.case_id == case.pk
    assert requery_due_on(closed) == d(2027, 6, 1)
    assert fresh(case).status == "closed"  # a re-query does not reopen the case
    # for five years only
    assert requery_due_on(closed, last_query=d(2030, 12, 10)) == d(2031, 6, 10)
    assert requery_due_on(closed, last_query=d(2030, 12, 11)) is None


def test_a_performed_case_has_no_requery(world, case):
    with on(2026, 3, 5):
        money.payment_record(actor=world.judge, case_id=case.pk, amount="85000.00", received_on=d(2026, 3, 5))
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="85000.00", paid_on=d(2026, 3, 5),
                                  payee=applicant_ids(case)[0])
        closed = case_close(actor=world.judge, case_id=case.pk, closure_type="performed", reason="履行完毕")
    assert requery_due_on(closed) is None


# --- resumption ----------------------------------------------------------------------------------
def test_resumption_opens_a_linked_zhihui_case_with_what_is_still_owed(world, case):
    rid = respondent_id(case)
    with on(2026, 3, 5):
        house = seal(world, case, asset="赞皇县某村宅基地房屋", respondent=rid)
        account = freeze(world, case, amount="3000.00", respondent=rid)
        dossier.control_deduct(actor=world.judge, control_id=account.pk, amount="1000.00")
        money.disbursement_record(actor=world.judge, case_id=case.pk, amount="1000.00", paid_on=d(2026, 3, 5),
                                  payee=applicant_ids(case)[0])
        released = seal(world, case, kind="seal_movable", asset="旧摩托车")
        dossier.control_release(actor=world.judge, control_id=released.pk, reason="无处置价值")
    _complete_dossier(world, case)
    with on(2026, 6, 10):
        _terminate(world, case, facts=TerminationFacts(undisposable_reason="房屋系唯一住房；存款为生活必需"))

    with on(2026, 9, 1):
        with pytest.raises(FieldErrors) as exc:
            case_resume_enforcement(actor=world.judge, case_id=case.pk, reason="", filed_on=d(2026, 6, 9))
        assert exc.value.errors == {
            "reason": ["State the ground for resuming (e.g. new assets found, the applicant's application)."],
            "filed_on": ["A resumption is filed after the case was closed (2026-06-10)."],
        }
        new = case_resume_enforcement(actor=world.judge, case_id=case.pk, reason="申请执行人提供新的财产线索")
    assert new.case_number == "（2026）冀0129执恢1号"
    assert (new.type_code, new.seq, new.year, new.filed_on, new.status) == ("执恢", 1, 2026, d(2026, 9, 1), "registered")
    assert new.origin_case_id == case.pk and new.court_id == case.court_id and new.basis_id == case.basis_id
    assert new.target_amount == D("84000.00")  # 85000 − 1000 recovered
    assert new.handler is not None
    old_links = list(CaseParty.objects.filter(case=case).order_by("role", "position").values_list("party_id", "role", "position"))
    new_links = list(CaseParty.objects.filter(case=new).order_by("role", "position").values_list("party_id", "role", "position"))
    assert new_links == old_links
    # controls still in force are carried over; the released one stays behind
    twins = {c.asset: c for c in ControlAction.objects.filter(case=new)}
    assert set(twins) == {"赞皇县某村宅基地房屋", "中国农业银行赞皇县支行 6228480000000000001"}
    assert twins["赞皇县某村宅基地房屋"].carried_from_id == house.pk
    assert twins["赞皇县某村宅基地房屋"].expires_on == house.expires_on == d(2029, 3, 1)
    assert twins["中国农业银行赞皇县支行 6228480000000000001"].amount == D("2000.00")  # the balance still frozen
    assert all(t.status == "in_force" for t in twins.values())
    old_controls = dict(ControlAction.objects.filter(case=case).values_list("asset", "status"))
    assert old_controls == {"赞皇县某村宅基地房屋": "carried_over", "中国农业银行赞皇县支行 6228480000000000001": "carried_over",
                            "旧摩托车": "released"}
    house.refresh_from_db()
    assert (house.ended_on, house.end_reason) == (d(2026, 9, 1), "（2026）冀0129执恢1号")
    assert case.events.get(kind="resumed").data == {"resumed_case": new.pk}
    registered = new.events.get(kind="registered")
    assert registered.reason == "申请执行人提供新的财产线索"
    assert registered.description == ("Case （2026）冀0129执恢1号 registered: enforcement of （2026）冀0129执1号 resumed, "
                                      "¥84,000.00 outstanding, 2 control(s) carried over")

    with on(2026, 9, 2), pytest.raises(IllegalTransition, match="This case was already resumed as （2026）冀0129执恢1号."):
        case_resume_enforcement(actor=world.clerk, case_id=case.pk, reason="再次申请")
    assert EnforcementCase.objects.filter(type_code="执恢").count() == 1
    # the old case stays closed; the new one is worked like any case
    assert fresh(case).status == "closed"
    with on(2026, 9, 3):
        dossier.control_renew(actor=new.handler, control_id=twins["中国农业银行赞皇县支行 6228480000000000001"].pk)


def test_resumed_claims_are_what_each_applicant_is_still_owed(world):
    with on(2026, 3, 2):
        case = register(world, applicants=3, target="120000.00")
    zhang, liu, jishang = applicant_ids(case)
    with on(2026, 3, 5):
        money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=zhang, claim_amount="50000.00")
        money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=liu, claim_amount="30000.00", claim_class="wage")
        money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=jishang, claim_amount="40000.00")
        money.payment_record(actor=world.judge, case_id=case.pk, amount="20000.00", received_on=d(2026, 3, 5))
        money.distribution_execute(actor=world.judge, case_id=case.pk)
    _terminated(world, case)
    with on(2026, 9, 1):
        new = case_resume_enforcement(actor=world.clerk, case_id=case.pk, reason="申请执行人申请恢复执行")
    assert new.target_amount == D("100000.00")
    claims = dict(CaseParty.objects.filter(case=new, role="applicant").values_list("party_id", "claim_amount"))
    assert claims == {zhang: D("50000.00"), liu: D("10000.00"), jishang: D("40000.00")}
    assert CaseParty.objects.get(case=new, party_id=liu).claim_class == "wage"


def test_only_a_terminated_round_case_can_be_resumed(world, case):
    with on(2026, 3, 5), pytest.raises(IllegalTransition, match=r"Only a case whose round was terminated \(终本\) can be resumed."):
        case_resume_enforcement(actor=world.judge, case_id=case.pk, reason="新线索")
    with on(2026, 3, 5):
        services.case_transition(actor=world.judge, case_id=case.pk, transition="start")
        case_close(actor=world.judge, case_id=case.pk, closure_type="terminated", reason="申请执行人撤回申请")
    with on(2026, 3, 6), pytest.raises(IllegalTransition):
        case_resume_enforcement(actor=world.judge, case_id=case.pk, reason="新线索")
    assert not EnforcementCase.objects.filter(type_code="执恢").exists()


def test_another_court_cannot_resume_the_case(world, case):
    from django.core.exceptions import PermissionDenied

    _terminated(world, case)
    with on(2026, 9, 1), pytest.raises(PermissionDenied):
        case_resume_enforcement(actor=world.ys_judge, case_id=case.pk, reason="新线索")


# --- investigation and coercive measures feeding the checklist -----------------------------------
def test_investigation_found_records_details_cash_and_tells_the_applicant(world, case):
    rid = respondent_id(case)
    with on(2026, 3, 5):
        item = dossier.investigation_record(actor=world.judge, case_id=case.pk, category="deposit", result="found",
                                            queried_on=d(2026, 3, 5), details="中国银行赞皇支行 余额12000.50元",
                                            found_amount="12000.50", respondent=rid)
        dossier.investigation_record(actor=world.judge, case_id=case.pk, category="online_payment", result="found",
                                     queried_on=d(2026, 3, 5), details="支付宝余额", found_amount="99.50")
        dossier.investigation_record(actor=world.judge, case_id=case.pk, category="real_estate", result="found",
                                     queried_on=d(2026, 3, 5), details="幸福小区501室", found_amount="800000.00")
    assert (item.tier, item.respondent_id, item.recorded_by) == ("mandatory", rid, world.judge)
    c = fresh(case)
    assert c.found_cash_amount == D("12100.00")  # bank and online balances only, not the flat
    assert c.cash_ratio == D("0.1424")  # 12100 / 85000
    assert c.status == "in_progress"
    event = c.events.filter(kind="investigation").order_by("pk").first()
    assert event.description == "Bank deposits: Assets found（中国银行赞皇支行 余额12000.50元）"
    assert c.notifications.filter(message__contains="assets found (Bank deposits)").count() == 1


def test_investigation_errors_are_field_keyed_and_nothing_is_written(world, case):
    before = row_counts()
    with on(2026, 3, 5), pytest.raises(FieldErrors) as exc:
        dossier.investigation_record(actor=world.judge, case_id=case.pk, category="deposit", result="pending",
                                     queried_on=None, found_amount="10.00", respondent=applicant_ids(case)[0])
    assert exc.value.errors == {
        "respondent": ["Choose one of this case's respondents."],
        "result": ["Only an applicant's lead can be recorded before it is checked."],
        "found_amount": ["An amount is recorded only when assets were found."],
    }
    with on(2026, 3, 5), pytest.raises(FieldErrors) as exc:
        dossier.investigation_record(actor=world.judge, case_id=case.pk, category="vehicle", result="found",
                                     queried_on=d(2025, 2, 28))
    assert exc.value.errors == {
        "queried_on": ["The date cannot be before the enforcement basis took effect."],
        "details": ["Describe what was found (bank and balance, property address …)."],
    }
    assert row_counts() == before
    assert fresh(case).status == "registered"


def test_blacklist_runs_two_years_by_default_and_is_not_issued_twice(world, case):
    rid = respondent_id(case)
    with on(2026, 3, 5):
        measure = dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid,
                                        issued_on=d(2026, 3, 5), reason="有履行能力而拒不履行")
        assert measure.ends_on == d(2028, 3, 4)
        with pytest.raises(FieldErrors) as exc:
            dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid,
                                  issued_on=d(2026, 3, 5), reason="再次")
        assert exc.value.errors == {"kind": ["This measure is already in force against 李明."]}
        dossier.measure_lift(actor=world.judge, measure_id=measure.pk, reason="信用修复")
        with pytest.raises(IllegalTransition, match="already lifted on 2026-03-05"):
            dossier.measure_lift(actor=world.judge, measure_id=measure.pk, reason="信用修复")
        again = dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="blacklist", respondent=rid,
                                      issued_on=d(2026, 3, 5), reason="再次违反")
    assert again.lifted_on is None


def test_detention_fine_and_compelled_appearance_respect_their_legal_limits(world, case):
    rid = respondent_id(case)
    with on(2026, 3, 25):
        with pytest.raises(FieldErrors) as exc:
            dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="detention", respondent=rid,
                                  issued_on=d(2026, 3, 5), ends_on=d(2026, 3, 20), reason="暴力抗拒执行")
        assert exc.value.errors == {"ends_on": [
            "Judicial detention lasts at most 15 days: the last day is 2026-03-19 at the latest."]}
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="detention", respondent=rid,
                              issued_on=d(2026, 3, 5), ends_on=d(2026, 3, 19), reason="暴力抗拒执行")
        with pytest.raises(FieldErrors) as exc:
            dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="fine", respondent=rid,
                                  issued_on=d(2026, 3, 5), amount="100000.01", reason="妨碍执行")
        assert exc.value.errors == {"amount": ["A fine is between ¥0.01 and ¥100,000.00 for this kind of respondent."]}
        with pytest.raises(FieldErrors) as exc:
            dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="compelled_appearance", respondent=rid,
                                  issued_on=d(2026, 3, 5), ends_on=d(2026, 3, 7), amount="1.00", reason="经两次传唤不到")
        assert exc.value.errors == {"ends_on": ["A compelled appearance lasts at most 24 hours."],
                                    "amount": ["Only a fine has an amount."]}
        appearance = dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="compelled_appearance",
                                           respondent=rid, issued_on=d(2026, 3, 5), reason="经两次传唤不到")
    assert appearance.ends_on == d(2026, 3, 5)


def test_an_organisation_is_fined_at_least_50000(world):
    with on(2026, 3, 2):
        case = register(world, respondent_kind="organisation")
        with pytest.raises(FieldErrors) as exc:
            dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="fine", respondent=respondent_id(case),
                                  issued_on=d(2026, 3, 2), amount="49999.99", reason="拒不协助")
    assert exc.value.errors == {"amount": ["A fine is between ¥50,000.00 and ¥1,000,000.00 for this kind of respondent."]}


# --- checklist details: measures in force, every respondent queried --------------------------------
def test_a_consumption_restriction_lifted_before_closure_does_not_satisfy_the_checklist(world, case):
    _complete_dossier(world, case)
    measure = CoerciveMeasure.objects.get(case=case, kind="consumption_restriction")
    with on(2026, 4, 1):
        dossier.measure_lift(actor=world.judge, measure_id=measure.pk, reason="误发")
    with on(CLOSED.year, CLOSED.month, CLOSED.day):
        assert _refused_with(world, case) == ["consumption_restriction"]


def test_with_two_respondents_each_is_queried(world):
    """A query recorded for one respondent does not cover the other; one recorded without a
    respondent covers both."""
    from tests.cases.dossier_helpers import party
    from tests.factories import registration

    data = registration(world.zanhuang, parties=[party("applicant", "person", "王芳"), party("respondent", "person", "赵强"),
                                                 party("respondent", "organisation", "元氏县某商贸有限公司")])
    with on(2026, 3, 2):
        case = services.case_register(actor=world.clerk, data=data)
    company = CaseParty.objects.get(case=case, role="respondent", party__kind="organisation")
    person = CaseParty.objects.get(case=case, role="respondent", party__kind="person").party
    with on(2026, 3, 5):
        for category in ("deposit", "real_estate", "vehicle", "securities", "business"):
            dossier.investigation_record(actor=world.judge, case_id=case.pk, category=category, result="none",
                                         queried_on=d(2026, 3, 5), respondent=company.party_id)
    with on(CLOSED.year, CLOSED.month, CLOSED.day):
        missing = termination_checklist(case, TerminationFacts())
    assert [m.message for m in missing if m.code.startswith("query_")] == [
        f"Online query not done for {person.name}: {label}." for label in
        ("Bank deposits", "Real estate", "Vehicles", "Securities", "Business registration and equity")]
    with on(2026, 3, 6):
        for category in ("deposit", "real_estate", "vehicle", "securities", "business"):
            dossier.investigation_record(actor=world.judge, case_id=case.pk, category=category, result="none",
                                         queried_on=d(2026, 3, 6))
    with on(CLOSED.year, CLOSED.month, CLOSED.day):
        assert not [m for m in termination_checklist(case, TerminationFacts()) if m.code.startswith("query_")]


def test_requery_reminder_stops_once_the_case_is_resumed(world, case):
    from cases.dossier_selectors import requery_due_cases

    _terminated(world, case)
    assert requery_due_on(fresh(case)) == d(2026, 12, 10)
    with on(2026, 12, 1):
        assert [c.pk for c in requery_due_cases(world.judge)] == [case.pk]
        case_resume_enforcement(actor=world.judge, case_id=case.pk, reason="申请执行人提供新的财产线索")
        assert requery_due_cases(world.judge) == []
    assert requery_due_on(fresh(case)) is None


def test_an_expired_control_is_not_carried_into_the_resumed_case(world, case):
    with on(2026, 3, 5):
        lapsed = freeze(world, case, started_on=d(2026, 3, 5))  # expires 2027-03-04
        kept = seal(world, case, started_on=d(2026, 3, 5))  # expires 2029-03-04
    _complete_dossier(world, case)
    with on(CLOSED.year, CLOSED.month, CLOSED.day):
        _terminate(world, case, facts=TerminationFacts(undisposable_reason="账户余额为零，房产系唯一住房"))
    with on(2027, 4, 1):
        new = case_resume_enforcement(actor=world.judge, case_id=case.pk, reason="发现新财产")
    assert list(ControlAction.objects.filter(case=new).values_list("carried_from_id", flat=True)) == [kept.pk]
    assert ControlAction.objects.get(pk=lapsed.pk).status == "in_force"  # lapsed on the old case, not carried


def test_an_expired_seal_cannot_be_valued_or_auctioned(world, case):
    with on(2026, 3, 5):
        control = seal(world, case, kind="seal_movable", asset="五菱宏光 冀A12345", started_on=d(2026, 3, 5))
    with on(2028, 3, 5), pytest.raises(FieldErrors) as exc:
        dossier.valuation_record(actor=world.judge, control_id=control.pk, method="online_inquiry", value="30000.00",
                                 valued_on=d(2028, 3, 5))
    assert exc.value.errors == {"valued_on": ["This control expired on 2028-03-04 without renewal: it has lapsed. Control the asset again first."]}


def test_claims_cannot_add_up_to_more_than_the_target(world):
    with on(2026, 3, 2):
        case = register(world, applicants=2, target="100000.00")
        first, second = applicant_ids(case)
        money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=first, claim_amount="60000.00")
        with pytest.raises(FieldErrors) as exc:
            money.applicant_claim_set(actor=world.judge, case_id=case.pk, party=second, claim_amount="40000.01")
    assert exc.value.errors == {"claim_amount": ["The applicants' claims would add up to more than the amount applied for (¥100,000.00)."]}
