"""The cross-execution part of the demo data (courts.management.commands.seed_demo): the ladder
replayed over the demo's past, a few decisions by 石家庄中院, requests by hand, entrustments, a
policy version and 石家庄中院's enforcement campaign of the last month — all through the services,
dated with cases.services.recorded_at."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from cases.clock import clock_arrive
from cases.models import CaseStatus, EnforcementCase
from cases.services import recorded_at
from courts.models import Court, User
from transfers.designation import designation_decide, designation_request_create
from transfers.entrustment import entrustment_create, entrustment_reply, entrustments_flag_overdue
from transfers.escalation import case_escalate
from transfers.models import Assignment, DesignationRequest, RequestStatus
from transfers.policy import policy_set

Moment = Callable[[dt.date, int], dt.datetime]


def workday(day: dt.date) -> dt.date:
    """The day, or the Friday before it: people act on working days (the sweep runs every day)."""
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


DECISION_DELAY = 14  # days an upper court takes to decide a request, in the demo
REASONS = {
    "residence": "被执行人住所地在{place}，指定{court}执行",
    "assets": "被执行人主要财产位于{place}，指定{court}执行",
    "load": "原法院执行受阻，指定辖区内收案负荷较低的{court}异地执行",
}


def _decide(request: DesignationRequest, *, n: int, prefer: tuple[Court, int | None] | None) -> str:
    """An upper court's decision in the demo: every third request is rejected; the others go to the
    top suggestion (or to ``prefer`` = (court, team) for the first one from 赞皇). A case that cannot move
    (money held, a settlement, an auction) is rejected with that reason."""
    from cases.models import EnforcementCase as Case
    from courts.models import Role
    from enforcement.errors import FieldErrors
    from transfers.suggestions import designation_suggestions

    officer = (User.objects.filter(court=request.upper_court, role=Role.DESIGNATION_OFFICER, is_active=True).order_by("pk").first()
               or User.objects.filter(court=request.upper_court, role=Role.BUREAU_CHIEF).order_by("pk").first())
    if officer is None:
        return "undecided"
    case = Case.objects.get(pk=request.case_id)
    if n % 3 == 2 and prefer is None:
        designation_decide(actor=officer, request_id=request.pk, decision="reject",
                           reason="原法院已查控到可供执行的财产线索，由原法院其他团队继续执行")
        return "rejected"
    if prefer is not None:
        target, team_id, reason = prefer[0], prefer[1], REASONS["load"].format(court=prefer[0].name)
    else:
        ranked = designation_suggestions(case, request.upper_court)
        if not ranked:
            return "undecided"
        top = ranked[0]
        target, team_id = top.court, None
        basis = ("residence", "assets", "load")[top.rank_group]
        from transfers.suggestions import _court_places

        reason = REASONS[basis].format(place=_court_places(top.court)[1] or top.court.region, court=top.court.name)
    try:
        designation_decide(actor=officer, request_id=request.pk, decision="designate", target_court_id=target.pk,
                           team_id=team_id, reason=reason)
        return "designated"
    except FieldErrors as exc:
        why = "；".join(exc.errors.get("decision", [])) or "暂不具备移送条件"
        designation_decide(actor=officer, request_id=request.pk, decision="reject", reason=f"{why[:200]}，由原法院继续执行")
        return "rejected"


def replay_ladder(*, until: dt.date, moment: Moment, keep: set[int] = frozenset(),
                  prefer: tuple[Court, Court, int | None] | None = None) -> Counter:
    """Run the daily sweep over the past: take the earliest day a clock ran out (or an upper court
    decides a request, 14 days after it came in), do what happened that day, and repeat until today.
    ``keep``: the demo tour's showcase dossiers, which stay with their judge (their clock restarts 20
    days ago instead). ``prefer``: (from court, receiving court, team) for the first request decided from
    that court, so that the tour has a designated case where its README says."""
    counts: Counter = Counter()
    for case in EnforcementCase.objects.filter(pk__in=keep, escalation_due_on__isnull=False):
        with recorded_at(moment(workday(until - dt.timedelta(days=20)), 9 * 60)):
            clock_arrive(case, level=0, day=workday(until - dt.timedelta(days=20)))
    decided, undecided = 0, set()
    for _guard in range(20000):
        due = (EnforcementCase.objects.filter(escalation_due_on__lte=until).order_by("escalation_due_on")
               .values_list("escalation_due_on", flat=True).first())
        waiting = (DesignationRequest.objects.filter(status=RequestStatus.PENDING, source="ladder").exclude(pk__in=undecided)
                   .order_by("created_at", "pk").first())
        decide_on = (workday(timezone.localdate(waiting.created_at) + dt.timedelta(days=DECISION_DELAY))
                     if waiting is not None else None)
        if decide_on is not None and decide_on >= until:
            decide_on = None  # recent requests wait in the inbox
        if due is None and decide_on is None:
            break
        if decide_on is not None and (due is None or decide_on < due):
            with recorded_at(moment(decide_on, 10 * 60)):
                first_here = prefer is not None and waiting.from_court_id == prefer[0].pk
                outcome = _decide(waiting, n=decided, prefer=(prefer[1], prefer[2]) if first_here else None)
                counts[outcome] += 1
                if outcome == "undecided":
                    undecided.add(waiting.pk)
                if first_here and outcome == "designated":
                    prefer = None
            decided += 1
            continue
        day = due
        at = moment(day, 90)
        with recorded_at(at):
            for case in EnforcementCase.objects.filter(escalation_due_on=day).order_by("pk"):
                later = Assignment.objects.filter(case=case, started_at__gt=at).order_by("started_at").first()
                if later is not None:
                    # The bureau chief reassigned it after that day: the new judge starts a fresh clock.
                    clock_arrive(case, level=case.escalation_level, day=timezone.localdate(later.started_at))
                    continue
                step = case_escalate(case_id=case.pk, today=day)
                # None: its due date was re-dated under the policy of that day (the policy changed since).
                counts[step.rule if step else "re-dated"] += 1
                if step is None and EnforcementCase.objects.filter(pk=case.pk, escalation_due_on=day).exists():
                    clock_arrive(case, level=case.escalation_level, day=day + dt.timedelta(days=1))
    return counts


def seed_cross_execution(*, today: dt.date, moment: Moment, courts: dict[str, Court], users: dict[str, User],
                         keep: set[int] = frozenset()) -> dict:
    """A policy version at 赞皇, the ladder replayed over the past, then decisions, requests by hand and
    entrustments. ``courts`` by demo key, ``users`` by demo
    username (officer, chief, judge, judge_yuanshi)."""
    zanhuang, yuanshi = courts["zanhuang"], courts["yuanshi"]
    officer, chief = users.get("officer"), users.get("chief")
    summary: Counter = Counter()
    if officer is None or chief is None:
        return summary
    # 赞皇's bureau chief shortened the ladder for a campaign against long-pending cases.
    with recorded_at(moment(workday(today - dt.timedelta(days=30)), 11 * 60)):
        policy_set(actor=chief, court_id=zanhuang.pk, effective_from=workday(today - dt.timedelta(days=30)), level0_days=75,
                   level1_days=45, level2_days=45, special_subject_direct=True, interference_risk_direct=True,
                   reason="开展长期未结案件交叉执行专项行动，缩短各级期限")
    # The first of 赞皇's requests that 石家庄中院 decides goes to 元氏, to the team of the demo's 元氏 judge.
    yuanshi_judge = users.get("judge_yuanshi")
    from courts.models import TeamMembership

    team = (TeamMembership.objects.filter(user=yuanshi_judge, is_active=True).values_list("team_id", flat=True).first()
            if yuanshi_judge else None)
    summary.update(replay_ladder(until=today, moment=moment, keep=keep, prefer=(zanhuang, yuanshi, team)))
    # A request by hand from 赞皇's bureau chief: a case against a local enterprise.
    candidate = (EnforcementCase.objects.filter(court=zanhuang, status=CaseStatus.IN_PROGRESS, escalation_level__lt=3)
                 .exclude(designation_requests__status=RequestStatus.PENDING).order_by("-target_amount", "pk").first())
    if candidate is not None:
        with recorded_at(moment(workday(today - dt.timedelta(days=3)), 15 * 60)):
            designation_request_create(actor=chief, case_id=candidate.pk,
                                       reason="被执行人系本县重点企业，执行中多次受到外部干预，请求提级或指定异地执行")
        summary["requested_by_chief"] = 1
    # Entrustments from 赞皇 to 元氏: one answered, one overdue, one still open.
    judge = users.get("judge") or chief
    yuanshi_judge = users.get("judge_yuanshi")
    cases = list(EnforcementCase.objects.filter(court=zanhuang, status=CaseStatus.IN_PROGRESS, handler=judge)
                 .order_by("pk")[:3])
    plans = [(40, 30, "query", "查询被执行人在元氏县的不动产及车辆登记情况", 18),
             (45, 15, "locate", "协助查找被执行人下落（据称在元氏县槐阳镇务工）", None),
             (5, 25, "serve", "向被执行人送达执行通知书、报告财产令", None)]
    for case, (ago, days, act, details, reply_after) in zip(cases, plans, strict=False):
        sent = workday(today - dt.timedelta(days=ago))
        with recorded_at(moment(sent, 9 * 60 + 30)):
            entrustment = entrustment_create(actor=judge, case_id=case.pk, to_court_id=yuanshi.pk, acts=[act],
                                             details=details, deadline=sent + dt.timedelta(days=days))
        summary["entrustments"] += 1
        if reply_after and yuanshi_judge is not None:
            with recorded_at(moment(workday(sent + dt.timedelta(days=reply_after)), 16 * 60)):
                entrustment_reply(actor=yuanshi_judge, entrustment_id=entrustment.pk,
                                  reply="经查询，被执行人名下在元氏县无不动产登记；登记小型汽车一辆（冀A·5K2X7），已协助查封。",
                                  results=[{"act": act, "done": True, "result": "无不动产；车辆一辆已查封"}])
    summary["overdue"] = entrustments_flag_overdue(today=today)
    summary.update(seed_campaign(today=today, moment=moment, courts=courts, users=users))
    return summary


# --- the enforcement campaign (集中执行行动) -------------------------------------------------------------------
CAMPAIGN_DAYS = 30
CAMPAIGN_QUOTAS = (10, 6)  # cases from the two busiest courts; two from each other court
CAMPAIGN_CASES = 30
SEASONS = {1: "冬", 2: "冬", 3: "春", 4: "春", 5: "春", 6: "夏", 7: "夏", 8: "夏", 9: "秋", 10: "秋", 11: "冬", 12: "冬"}
CLEAR_NOTES = ["被执行人已自动履行完毕，予以销号", "双方达成和解并已履行，予以销号", "执行款已全部到位，予以销号",
               "拘留后被执行人履行主要义务，申请执行人同意销号"]
REPORT_NOTES = ["集中行动期间凌晨拘传被执行人到庭", "对拒不履行的被执行人司法拘留十五日", "被执行人主动到庭履行",
                "经集中约谈，被执行人分期履行", "被执行人下落不明，继续查找"]


def seed_campaign(*, today: dt.date, moment: Moment, courts: dict[str, Court], users: dict[str, User]) -> Counter:
    """石家庄中院's campaign of the last month: ~30 open cases of the city's basic courts, most reported by the
    cases' handlers (the dossier's figures within the dates, with a few 拘传/拘留 and payments straight to
    the applicant), some checked off by the designation officer; the campaign is still under way."""
    import random

    from django.db.models import Count

    from cases.models import OPEN_STATUSES
    from courts.models import Role
    from transfers.campaigns import (
        campaign_case_clear,
        campaign_case_report,
        campaign_cases_add,
        campaign_create,
        campaign_start,
    )
    from transfers.selectors import dossier_figures

    summary: Counter = Counter()
    sjz, officer = courts.get("shijiazhuang"), users.get("officer")
    if sjz is None or officer is None:
        return summary
    rng = random.Random(20261126)
    starts = workday(today - dt.timedelta(days=CAMPAIGN_DAYS))
    ends = today - dt.timedelta(days=2)
    created = workday(starts - dt.timedelta(days=7))
    # Cases filed before the campaign was prepared (their timeline shows them joining it).
    open_cases = EnforcementCase.objects.filter(court__parent=sjz, status__in=OPEN_STATUSES, filed_on__lt=created,
                                                handler__isnull=False)
    # The busiest courts bring most cases, every other court a couple: a campaign across the city.
    by_court = [row["court"] for row in open_cases.values("court").annotate(n=Count("pk")).order_by("-n", "court")]
    picked: list[EnforcementCase] = []
    for rank, court_id in enumerate(by_court):
        quota = CAMPAIGN_QUOTAS[rank] if rank < len(CAMPAIGN_QUOTAS) else 2
        picked += list(open_cases.filter(court_id=court_id).select_related("handler", "court")
                       .order_by("-target_amount", "pk")[:quota])
        if len(picked) >= CAMPAIGN_CASES:
            break
    picked = picked[:CAMPAIGN_CASES]
    if not picked:
        return summary
    with recorded_at(moment(created, 10 * 60)):
        campaign = campaign_create(
            actor=officer, name=f"{starts.year}年{SEASONS[starts.month]}季集中执行行动", starts_on=starts, ends_on=ends,
            description="全市法院集中开展“雷霆”专项执行行动：对有履行能力而拒不履行的被执行人依法拘传、拘留；"
                        "涉民生案件优先执行；各院对列入行动的案件逐案填报成果，中院审核销号。")
        campaign_cases_add(actor=officer, campaign_id=campaign.pk, case_ids=[c.pk for c in picked])
    with recorded_at(moment(starts, 9 * 60)):
        campaign_start(actor=officer, campaign_id=campaign.pk)
    summary["campaign_cases"] = len(picked)
    figures = dossier_figures(campaign, [c.pk for c in picked])
    chiefs = {u.court_id: u for u in User.objects.filter(court_id__in={c.court_id for c in picked}, role=Role.BUREAU_CHIEF,
                                                         is_active=True).order_by("pk")}
    entries = {e.case_id: e for e in campaign.entries.all()}
    reported = []
    for n, case in enumerate(picked):
        if n % 5 == 4:  # one case in five is still waiting for its court's report
            continue
        reporter = case.handler if case.handler and case.handler.court_id == case.court_id else chiefs.get(case.court_id)
        if reporter is None:
            continue
        f = figures[case.pk]
        compelled = f.compelled_appearances + (1 if rng.random() < 0.35 else 0)
        detained = f.detentions + (1 if rng.random() < 0.15 else 0)
        recovered = f.recovered
        voluntary = f.debtor_paid
        if not recovered and case.outstanding_amount > 0 and rng.random() < 0.4:
            # Paid straight to the applicant during the campaign (not through the court's account).
            recovered = min(case.outstanding_amount, (case.outstanding_amount * Decimal(rng.choice(["0.2", "0.3", "0.5", "1"])))
                            .quantize(Decimal("1")))
            voluntary = True
        note = rng.choice(REPORT_NOTES[:2]) if detained or compelled else (REPORT_NOTES[2] if voluntary else rng.choice(REPORT_NOTES[3:]))
        day = min(ends, starts + dt.timedelta(days=rng.randint(5, CAMPAIGN_DAYS - 3)))
        with recorded_at(moment(max(workday(day), starts), 16 * 60)):
            campaign_case_report(actor=reporter, entry_id=entries[case.pk].pk, compelled_appearances=compelled,
                                 detentions=detained, voluntary_performance=voluntary, amount_recovered=recovered, note=note)
        reported.append(case)
    summary["campaign_reported"] = len(reported)
    for n, case in enumerate(reported[::3]):
        with recorded_at(moment(workday(today - dt.timedelta(days=1)), 10 * 60 + n)):
            campaign_case_clear(actor=officer, entry_id=entries[case.pk].pk, note=CLEAR_NOTES[n % len(CLEAR_NOTES)])
        summary["campaign_cleared"] += 1
    return summary
