"""Enforcement campaigns (集中执行行动, issue #5 part 3): 石家庄中院 creates a dated campaign, selects open
cases of its courts, the courts report per case, the organiser checks them off and closes the
campaign. Services and selectors: permissions by role and court, field errors with nothing written,
the dossier's figures within the campaign's dates, exact totals, the audit trail and the timeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import dossier, money
from cases.models import CaseEvent, EventKind
from cases.selectors import case_audit_trail
from enforcement.errors import FieldErrors, IllegalTransition
from tests.cases.dossier_helpers import on
from tests.factories import UserFactory
from tests.transfers.campaign_helpers import ENDS, STARTS, case_at, entry_of, make_campaign, qingyuan
from transfers import campaigns as svc
from transfers.entrustment import entrustment_create
from transfers.models import Campaign, CampaignCase, CampaignStatus
from transfers.selectors import (
    campaign_court_totals,
    campaign_entries_visible,
    campaign_totals,
    campaigns_visible,
    dossier_figures,
)

pytestmark = pytest.mark.django_db


def report(actor, campaign, case, *, day=(2026, 3, 15), **figures):
    with on(*day):
        return svc.campaign_case_report(actor=actor, entry_id=entry_of(campaign, case).pk, **figures)


# --- creating and editing -----------------------------------------------------------------------------------
def test_designation_officer_creates_a_draft_campaign_of_the_intermediate_court(world):
    with on(2026, 2, 20):
        campaign = svc.campaign_create(actor=world.officer, name="2026年春季集中执行行动", starts_on="2026-03-01",
                                       ends_on=dt.date(2026, 3, 31), description="集中清理涉民生案件")
    assert (campaign.court, campaign.status, campaign.starts_on, campaign.ends_on) == (
        world.sjz, CampaignStatus.DRAFT, STARTS, ENDS)
    assert campaign.created_by == world.officer
    record = campaign.history.get()
    assert (record.history_type, record.history_user) == ("+", world.officer)


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_supervisor_and_admin_of_an_upper_court_may_organise(world, who):
    with on(2026, 2, 20):
        campaign = svc.campaign_create(actor=getattr(world, who), name="行动", starts_on=STARTS, ends_on=ENDS)
    assert campaign.court_id == getattr(world, who).court_id


@pytest.mark.parametrize("who", ["judge", "chief", "clerk"])
def test_basic_court_staff_cannot_create_a_campaign(world, who):
    with on(2026, 2, 20), pytest.raises(PermissionDenied):
        svc.campaign_create(actor=getattr(world, who), name="行动", starts_on=STARTS, ends_on=ENDS)
    assert Campaign.objects.count() == 0


def test_end_before_start_and_missing_name_are_field_errors_and_nothing_is_saved(world, english):
    with on(2026, 2, 20), pytest.raises(FieldErrors) as exc:
        svc.campaign_create(actor=world.officer, name=" ", starts_on="2026-03-31", ends_on="2026-03-01")
    assert exc.value.errors == {"name": ["Name the campaign, e.g. 2026年冬季集中执行行动."],
                                "ends_on": ["The campaign cannot end before it starts (2026-03-31)."]}
    with on(2026, 2, 20), pytest.raises(FieldErrors) as exc:
        svc.campaign_create(actor=world.officer, name="行动", starts_on="2026-13-01", ends_on="2027-06-01")
    assert exc.value.errors == {"starts_on": ["Enter a date as YYYY-MM-DD."]}
    with on(2026, 2, 20), pytest.raises(FieldErrors) as exc:
        svc.campaign_create(actor=world.officer, name="行动", starts_on="2026-01-01", ends_on="2026-02-19")
    assert exc.value.errors == {"ends_on": ["This date has passed: a campaign is created before it ends."]}
    assert Campaign.objects.count() == 0


def test_one_start_day_campaign_is_valid_and_a_name_is_unique_per_court(world, english):
    with on(2026, 2, 20):
        svc.campaign_create(actor=world.officer, name="一日行动", starts_on=STARTS, ends_on=STARTS)
        with pytest.raises(FieldErrors) as exc:
            svc.campaign_create(actor=world.supervisor, name="一日行动", starts_on=STARTS, ends_on=ENDS)
    assert exc.value.errors == {"name": ["石家庄市中级人民法院 already has a campaign of this name."]}


def test_editing_records_what_changed_in_the_audit_trail(world, english):
    campaign = make_campaign(world)
    with on(2026, 2, 21):
        svc.campaign_update(actor=world.supervisor, campaign_id=campaign.pk, name=campaign.name, starts_on=STARTS,
                            ends_on=dt.date(2026, 4, 15), description=campaign.description)
    campaign.refresh_from_db()
    assert campaign.ends_on == dt.date(2026, 4, 15)
    latest = campaign.history.first()
    assert latest.history_user == world.supervisor and "ends on" in latest.history_change_reason


# --- selecting cases -----------------------------------------------------------------------------------------
def test_cases_of_two_courts_are_added_with_a_timeline_event_each(world):
    a, b = case_at(world), case_at(world, world.yuanshi)
    campaign = make_campaign(world, launch=False)
    with on(2026, 2, 21):
        result = svc.campaign_cases_add(actor=world.officer, campaign_id=campaign.pk, case_ids=[a.pk, str(b.pk)])
    assert sorted(result.added) == sorted([a.pk, b.pk]) and result.already_in == []
    assert set(CampaignCase.objects.filter(campaign=campaign).values_list("case_id", flat=True)) == {a.pk, b.pk}
    events = CaseEvent.objects.filter(kind=EventKind.CAMPAIGN, case__in=[a, b])
    assert events.count() == 2 and all(not e.is_substantive and e.actor == world.officer for e in events)
    assert "2026年春季集中执行行动" in events.first().description
    # The rows' history, with who added them (bulk insert with history).
    assert CampaignCase.history.filter(history_type="+", history_user=world.officer).count() == 2


def test_adding_many_cases_costs_the_same_statements_as_adding_two(world):
    cases = [case_at(world) for _ in range(2)] + [case_at(world, world.yuanshi) for _ in range(6)]
    first, second = make_campaign(world, launch=False), make_campaign(world, launch=False, name="第二次行动")
    with on(2026, 2, 21), CaptureQueriesContext(connection) as two:
        svc.campaign_cases_add(actor=world.officer, campaign_id=first.pk, case_ids=[c.pk for c in cases[:2]])
    with on(2026, 2, 21), CaptureQueriesContext(connection) as eight:
        svc.campaign_cases_add(actor=world.officer, campaign_id=second.pk, case_ids=[c.pk for c in cases])
    assert second.entries.count() == 8
    assert len(eight) == len(two), "\n".join(q["sql"][:120] for q in eight.captured_queries)


def test_a_case_of_a_court_outside_the_jurisdiction_is_refused_and_nothing_is_added(world, english):
    inside, outside = case_at(world), case_at(world, qingyuan(world))
    campaign = make_campaign(world, launch=False)
    with on(2026, 2, 21), pytest.raises(FieldErrors) as exc:
        svc.campaign_cases_add(actor=world.officer, campaign_id=campaign.pk, case_ids=[inside.pk, outside.pk])
    assert exc.value.errors == {"cases": [f"Not a case of a court of 石家庄市中级人民法院's jurisdiction: {outside.case_number}."]}
    assert campaign.entries.count() == 0
    assert not CaseEvent.objects.filter(kind=EventKind.CAMPAIGN).exists()


def test_a_case_already_in_the_campaign_is_reported_not_duplicated(world):
    a, b, c = case_at(world), case_at(world), case_at(world, world.yuanshi)
    campaign = make_campaign(world, cases=[a, b], launch=False)
    with on(2026, 2, 22):
        result = svc.campaign_cases_add(actor=world.supervisor, campaign_id=campaign.pk, case_ids=[b.pk, c.pk, c.pk])
    assert result.added == [c.pk] and result.already_in == [b.case_number]
    assert campaign.entries.count() == 3 and campaign.entries.filter(case=b).count() == 1
    assert CaseEvent.objects.filter(kind=EventKind.CAMPAIGN, case=b).count() == 1


def test_closed_or_unknown_cases_are_refused(world, english):
    open_case, closed = case_at(world), case_at(world)
    with on(2026, 2, 10):
        from cases.closure import case_close

        case_close(actor=world.judge, case_id=closed.pk, closure_type="withdrawn", reason="申请执行人撤回申请")
    campaign = make_campaign(world, launch=False)
    with on(2026, 2, 21), pytest.raises(FieldErrors) as exc:
        svc.campaign_cases_add(actor=world.officer, campaign_id=campaign.pk, case_ids=[open_case.pk, closed.pk, 999999])
    assert exc.value.errors == {"cases": ["No such case: 999999.",
                                          f"Closed cases cannot join a campaign: {closed.case_number}."]}
    with on(2026, 2, 21), pytest.raises(FieldErrors) as exc:
        svc.campaign_cases_add(actor=world.officer, campaign_id=campaign.pk, case_ids=[])
    assert exc.value.errors == {"cases": ["Choose at least one case."]}
    assert campaign.entries.count() == 0


def test_only_the_organising_court_selects_cases(world):
    a = case_at(world)
    campaign = make_campaign(world, launch=False)
    for user in (world.chief, world.judge, UserFactory(role="designation_officer", court=world.baoding)):
        with on(2026, 2, 21), pytest.raises(PermissionDenied):
            svc.campaign_cases_add(actor=user, campaign_id=campaign.pk, case_ids=[a.pk])
    assert campaign.entries.count() == 0


def test_launch_needs_cases_and_happens_once(world, english):
    campaign = make_campaign(world, launch=False)
    with on(2026, 2, 25), pytest.raises(IllegalTransition) as exc:
        svc.campaign_start(actor=world.officer, campaign_id=campaign.pk)
    assert str(exc.value) == "Select the campaign's cases before launching it."
    with on(2026, 2, 25):
        svc.campaign_cases_add(actor=world.officer, campaign_id=campaign.pk, case_ids=[case_at(world).pk])
        svc.campaign_start(actor=world.officer, campaign_id=campaign.pk)
        with pytest.raises(IllegalTransition):
            svc.campaign_start(actor=world.officer, campaign_id=campaign.pk)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE and campaign.started_by == world.officer


# --- the dossier's figures within the window ---------------------------------------------------------------------
def test_prefill_counts_payments_and_measures_from_the_first_to_the_last_day_only(world):
    case = case_at(world, target="85000.00")
    respondent = case.case_parties.get(role="respondent").party_id
    with on(2026, 4, 2):
        for amount, day, source in (("1000.00", "2026-02-28", "debtor"), ("2500.00", "2026-03-01", "third_party"),
                                    ("3000.50", "2026-03-31", "debtor"), ("700.00", "2026-04-01", "debtor")):
            money.payment_record(actor=world.judge, case_id=case.pk, amount=amount, received_on=day, source=source)
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="detention", respondent=respondent,
                              issued_on="2026-02-27", ends_on="2026-03-12", reason="拒不报告财产")
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="compelled_appearance", respondent=respondent,
                              issued_on="2026-03-05", reason="经两次传唤无正当理由拒不到场")
        dossier.measure_issue(actor=world.judge, case_id=case.pk, kind="detention", respondent=respondent,
                              issued_on="2026-03-31", ends_on="2026-04-14", reason="拒不履行")
    campaign = make_campaign(world, cases=[case])
    figures = dossier_figures(campaign, [case.pk])[case.pk]
    # 2026-02-28 is the day before the start: not counted; 2026-03-31 is the last day: counted.
    assert figures.as_dict() == {"compelled_appearances": 1, "detentions": 1, "amount_recovered": Decimal("5500.50"),
                                 "payments": 2, "voluntary_performance": True}


def test_no_record_in_the_window_prefills_zeros(world):
    case = case_at(world)
    campaign = make_campaign(world, cases=[case])
    assert dossier_figures(campaign, [case.pk])[case.pk].as_dict() == {
        "compelled_appearances": 0, "detentions": 0, "amount_recovered": Decimal("0.00"), "payments": 0,
        "voluntary_performance": False}


# --- reports and totals ---------------------------------------------------------------------------------------------
def build_reported(world):
    """赞皇: A (2 拘传, 1 拘留, ¥12,000.50), B (voluntary, ¥30,000.25), D not reported; 元氏: C (1 拘传, voluntary, ¥5,000)."""
    a, b, d = case_at(world, respondent="甲"), case_at(world, respondent="乙"), case_at(world, respondent="丁")
    c = case_at(world, world.yuanshi, respondent="丙")
    campaign = make_campaign(world, cases=[a, b, c, d])
    report(world.judge, campaign, a, compelled_appearances=2, detentions="1", amount_recovered="12000.50")
    report(world.chief, campaign, b, voluntary_performance=True, amount_recovered="30,000.25", note="主动履行")
    report(world.ys_judge, campaign, c, compelled_appearances=1, voluntary_performance="yes", amount_recovered=Decimal("5000"))
    return campaign, a, b, c, d


def test_totals_add_up_exactly_from_the_reports(world):
    campaign, *_ = build_reported(world)
    totals = campaign_totals(campaign.entries.all())
    assert totals.as_dict() == {"cases": 4, "reported": 3, "cleared": 0, "compelled_appearances": 3, "detentions": 1,
                                "voluntary": 2, "recovered": Decimal("47000.75"), "unreported": 1, "not_cleared": 4}
    per_court = {t.court_name: t.as_dict() for t in campaign_court_totals(campaign.entries.all())}
    assert per_court == {
        "赞皇县人民法院": {"cases": 3, "reported": 2, "cleared": 0, "compelled_appearances": 2, "detentions": 1, "voluntary": 1,
                           "recovered": Decimal("42000.75"), "unreported": 1, "not_cleared": 3},
        "元氏县人民法院": {"cases": 1, "reported": 1, "cleared": 0, "compelled_appearances": 1, "detentions": 0, "voluntary": 1,
                           "recovered": Decimal("5000.00"), "unreported": 0, "not_cleared": 1},
    }


def test_a_report_is_recorded_with_who_and_when_and_on_the_timeline(world):
    campaign, a, *_ = build_reported(world)
    entry = entry_of(campaign, a)
    assert (entry.reported_by, entry.compelled_appearances, entry.detentions, entry.amount_recovered) == (
        world.judge, 2, 1, Decimal("12000.50"))
    event = CaseEvent.objects.filter(case=a, kind=EventKind.CAMPAIGN).order_by("-pk").first()
    assert event.data["action"] == "reported" and event.actor == world.judge
    assert "¥12,000.50" in event.description and "拘传 2" in event.description
    rows = [row for row in case_audit_trail(case=a) if row["object"] == str(CampaignCase._meta.verbose_name)]
    assert [(row["action"], row["user"]) for row in rows] == [("changed", "赵法官"), ("created", "吴指定")]
    labels = {str(CampaignCase._meta.get_field(name).verbose_name) for name in ("compelled_appearances", "detentions",
                                                                                "amount_recovered", "reported_by")}
    assert {str(c["field"]) for c in rows[0]["changes"]} >= labels


def test_a_basic_court_sees_its_own_cases_of_the_campaign_only(world):
    campaign, a, b, c, d = build_reported(world)
    # 元氏 entrusts an act on its case to 赞皇: 赞皇 sees that case, but it is not one of 赞皇's campaign cases.
    with on(2026, 3, 16):
        entrustment_create(actor=world.ys_judge, case_id=c.pk, to_court_id=world.zanhuang.pk, acts=["query"],
                           details="查询被执行人在赞皇县的不动产", deadline=dt.date(2026, 3, 30))
    assert list(campaign_entries_visible(world.ys_judge, campaign).values_list("case_id", flat=True)) == [c.pk]
    assert set(campaign_entries_visible(world.judge, campaign).values_list("case_id", flat=True)) == {a.pk, b.pk, d.pk}
    assert campaign_entries_visible(world.officer, campaign).count() == 4
    assert campaign_totals(campaign_entries_visible(world.ys_judge, campaign)).recovered == Decimal("5000.00")
    # A court without cases in it does not see it; a campaign in preparation is the organiser's alone.
    assert not campaigns_visible(UserFactory(role="judge", court=qingyuan(world))).filter(pk=campaign.pk).exists()
    draft = make_campaign(world, cases=[case_at(world, world.yuanshi)], launch=False, name="筹备中")
    assert not campaigns_visible(world.ys_judge).filter(pk=draft.pk).exists()
    assert campaigns_visible(world.ys_judge).filter(pk=campaign.pk).exists()
    assert campaigns_visible(world.supervisor).filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["ys_judge", "officer", "clerk", "supervisor"])
def test_only_the_case_courts_judges_report_on_it(world, who):
    case = case_at(world)
    campaign = make_campaign(world, cases=[case])
    with pytest.raises(PermissionDenied):
        report(getattr(world, who), campaign, case, compelled_appearances=1)
    assert entry_of(campaign, case).reported_at is None


def test_a_team_member_and_the_chief_may_report(world):
    case = case_at(world)  # handled by 赵法官 of team 1; 钱法官 is in team 1 too
    campaign = make_campaign(world, cases=[case])
    report(world.judge2, campaign, case, compelled_appearances=1)
    report(world.chief, campaign, case, compelled_appearances=2)
    assert entry_of(campaign, case).compelled_appearances == 2
    with pytest.raises(PermissionDenied):  # 孙法官 is in team 2
        report(world.judge3, campaign, case, compelled_appearances=3)


def test_report_values_are_checked_field_by_field(world, english):
    case = case_at(world, target="10000.00")
    campaign = make_campaign(world, cases=[case])
    with pytest.raises(FieldErrors) as exc:
        report(world.judge, campaign, case, compelled_appearances="-1", detentions="two", amount_recovered="10000.01",
               voluntary_performance="maybe")
    assert exc.value.errors == {
        "compelled_appearances": ["The number cannot be negative."], "detentions": ["Enter a whole number."],
        "voluntary_performance": ["Answer yes or no."],
        "amount_recovered": ["More than the amount applied for in this case (¥10,000.00)."]}
    assert entry_of(campaign, case).reported_at is None


def test_no_report_before_launch_or_before_the_first_day(world, english):
    case = case_at(world)
    draft = make_campaign(world, cases=[case], launch=False)
    with pytest.raises(IllegalTransition) as exc:
        report(world.judge, draft, case, day=(2026, 3, 2))
    assert str(exc.value) == "The campaign has not been launched yet: report once it is under way."
    with on(2026, 2, 25):
        svc.campaign_start(actor=world.officer, campaign_id=draft.pk)
    with pytest.raises(IllegalTransition) as exc:
        report(world.judge, draft, case, day=(2026, 2, 28))
    assert str(exc.value) == "The campaign starts on 2026-03-01: report from that day on."
    report(world.judge, draft, case, day=(2026, 3, 1), detentions=1)
    assert entry_of(draft, case).detentions == 1


# --- check-off (销号) --------------------------------------------------------------------------------------------------
def test_only_the_organiser_checks_off_a_reported_case_with_a_note(world, english):
    campaign, a, b, c, d = build_reported(world)
    for user in (world.judge, world.chief, world.ys_judge):
        with on(2026, 4, 1), pytest.raises(PermissionDenied):
            svc.campaign_case_clear(actor=user, entry_id=entry_of(campaign, a).pk, note="已履行")
    with on(2026, 4, 1), pytest.raises(FieldErrors) as exc:
        svc.campaign_case_clear(actor=world.officer, entry_id=entry_of(campaign, a).pk, note="  ")
    assert list(exc.value.errors) == ["note"]
    with on(2026, 4, 1), pytest.raises(IllegalTransition) as exc:
        svc.campaign_case_clear(actor=world.officer, entry_id=entry_of(campaign, d).pk, note="已履行")
    assert str(exc.value) == f"赞皇县人民法院 has not reported on case {d.case_number} yet: it cannot be checked off."
    with on(2026, 4, 1):
        svc.campaign_case_clear(actor=world.officer, entry_id=entry_of(campaign, a).pk, note="执行完毕，予以销号")
    entry = entry_of(campaign, a)
    assert (entry.cleared_on, entry.cleared_by, entry.clear_note) == (dt.date(2026, 4, 1), world.officer, "执行完毕，予以销号")
    assert campaign_totals(campaign.entries.all()).cleared == 1
    assert CaseEvent.objects.filter(case=a, kind=EventKind.CAMPAIGN, data__action="cleared").count() == 1


def test_a_checked_off_report_is_locked_until_the_organiser_reopens_it(world, english):
    campaign, a, *_ = build_reported(world)
    with on(2026, 4, 1):
        svc.campaign_case_clear(actor=world.officer, entry_id=entry_of(campaign, a).pk, note="已履行")
    with pytest.raises(IllegalTransition) as exc:
        report(world.judge, campaign, a, day=(2026, 4, 2), compelled_appearances=5)
    assert str(exc.value).startswith("Checked off by 石家庄市中级人民法院 on 2026-04-01")
    with on(2026, 4, 2), pytest.raises(FieldErrors):
        svc.campaign_case_reopen(actor=world.officer, entry_id=entry_of(campaign, a).pk, reason="")
    with on(2026, 4, 2):
        svc.campaign_case_reopen(actor=world.officer, entry_id=entry_of(campaign, a).pk, reason="申请执行人反映款项未到位")
    report(world.judge, campaign, a, day=(2026, 4, 3), compelled_appearances=5, amount_recovered="0")
    entry = entry_of(campaign, a)
    assert (entry.cleared_on, entry.compelled_appearances, entry.amount_recovered) == (None, 5, Decimal("0.00"))


def test_a_case_leaves_the_campaign_only_before_its_report(world):
    campaign, a, b, c, d = build_reported(world)
    with on(2026, 3, 20), pytest.raises(IllegalTransition):
        svc.campaign_case_remove(actor=world.officer, entry_id=entry_of(campaign, a).pk, reason="误选")
    with on(2026, 3, 20):
        svc.campaign_case_remove(actor=world.officer, entry_id=entry_of(campaign, d).pk, reason="误选")
    assert not campaign.entries.filter(case=d).exists()
    deleted = CampaignCase.history.get(case_id=d.pk, history_type="-")
    assert (deleted.history_user, deleted.history_change_reason) == (world.officer, "误选")
    assert CaseEvent.objects.filter(case=d, kind=EventKind.CAMPAIGN, data__action="removed").count() == 1


# --- closing -----------------------------------------------------------------------------------------------------------
def test_a_closed_campaign_refuses_every_change(world):
    campaign, a, b, c, d = build_reported(world)
    with on(2026, 4, 5):
        done = svc.campaign_close(actor=world.officer, campaign_id=campaign.pk, note="行动结束")
    assert (done.cases, done.unreported, done.not_cleared) == (4, 1, 4)
    before = list(CampaignCase.objects.order_by("pk").values())
    extra = case_at(world)
    attempts = [
        lambda: report(world.judge, campaign, d, day=(2026, 4, 6), detentions=1),
        lambda: svc.campaign_case_clear(actor=world.officer, entry_id=entry_of(campaign, a).pk, note="已履行"),
        lambda: svc.campaign_case_remove(actor=world.officer, entry_id=entry_of(campaign, d).pk),
        lambda: svc.campaign_cases_add(actor=world.officer, campaign_id=campaign.pk, case_ids=[extra.pk]),
        lambda: svc.campaign_update(actor=world.officer, campaign_id=campaign.pk, name="改名", starts_on=STARTS, ends_on=ENDS),
        lambda: svc.campaign_close(actor=world.officer, campaign_id=campaign.pk),
    ]
    for attempt in attempts:
        with on(2026, 4, 6), pytest.raises(IllegalTransition):
            attempt()
    assert list(CampaignCase.objects.order_by("pk").values()) == before
    assert Campaign.objects.get(pk=campaign.pk).name == "2026年春季集中执行行动"


def test_closing_is_for_the_organiser_only(world):
    campaign, *_ = build_reported(world)
    with on(2026, 4, 5), pytest.raises(PermissionDenied):
        svc.campaign_close(actor=world.chief, campaign_id=campaign.pk)
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.ACTIVE
