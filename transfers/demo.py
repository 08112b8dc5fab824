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


def replay_ladder(*, until: dt.date, moment: Moment, keep: set[int] = frozenset()) -> Counter:
    """Run the daily sweep over the past: take the earliest day a clock ran out, move every case due
    that day (at 01:30, as the beat job would), and repeat until today. ``keep``: the demo tour's
    showcase dossiers, which stay with their judge (their clock restarts 20 days ago instead)."""
    counts: Counter = Counter()
    for case in EnforcementCase.objects.filter(pk__in=keep, escalation_due_on__isnull=False):
        with recorded_at(moment(workday(until - dt.timedelta(days=20)), 9 * 60)):
            clock_arrive(case, level=0, day=workday(until - dt.timedelta(days=20)))
    for _guard in range(20000):
        day = (EnforcementCase.objects.filter(escalation_due_on__lte=until).order_by("escalation_due_on")
               .values_list("escalation_due_on", flat=True).first())
        if day is None:
            break
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
    sjz, zanhuang, yuanshi = courts["shijiazhuang"], courts["zanhuang"], courts["yuanshi"]
    officer, chief = users.get("officer"), users.get("chief")
    summary: Counter = Counter()
    if officer is None or chief is None:
        return summary
    # 赞皇's bureau chief shortened the ladder for a campaign against long-pending cases.
    with recorded_at(moment(workday(today - dt.timedelta(days=30)), 11 * 60)):
        policy_set(actor=chief, court_id=zanhuang.pk, effective_from=workday(today - dt.timedelta(days=30)), level0_days=75,
                   level1_days=45, level2_days=45, special_subject_direct=True, interference_risk_direct=True,
                   reason="开展长期未结案件交叉执行专项行动，缩短各级期限")
    summary.update(replay_ladder(until=today, moment=moment, keep=keep))
    pending = list(DesignationRequest.objects.filter(upper_court=sjz, status=RequestStatus.PENDING)
                   .select_related("case").order_by("created_at", "pk"))
    # The oldest request from 赞皇 is designated to 元氏; the next one is rejected; the rest wait in the inbox.
    from_zanhuang = [r for r in pending if r.from_court_id == zanhuang.pk]
    decided = 0
    for request, decision in zip(from_zanhuang, ("designate", "reject"), strict=False):
        day = max(timezone.localdate(request.created_at) + dt.timedelta(days=6), today - dt.timedelta(days=20))
        with recorded_at(moment(workday(min(day, today - dt.timedelta(days=1))), 10 * 60)):
            try:
                designation_decide(actor=officer, request_id=request.pk, decision=decision,
                                   target_court_id=yuanshi.pk if decision == "designate" else None,
                                   reason="被执行人住所地及主要财产均在元氏县，指定元氏县人民法院执行" if decision == "designate"
                                   else "原审法院已查控到可供执行财产，由原法院继续执行")
                decided += 1
            except Exception:  # noqa: BLE001 — a case that cannot move (money held) just stays in the inbox
                continue
    summary["decided"] = decided
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
