"""The cross-execution part of the demo data (courts.management.commands.seed_demo): the ladder
replayed over the demo's past, a few decisions by 石家庄中院, requests by hand, entrustments and a
policy version — all through the services, dated with cases.services.recorded_at."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

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
    return summary
