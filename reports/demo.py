"""The hard-case ledger and petitions of the demo data (courts.management.commands.seed_demo), on cases
the seed already told, through reports.hard_cases, dated with cases.services.recorded_at on working
days before today:

- petitions at 赞皇: a case with two (a visit and a 12368 call) that entered the ledger as 难案 at the
  second, both answered, and checked off by the bureau chief; a case with three (a letter, an online
  petition, a matter referred by 石家庄中院) still open as 难案 and put under 石家庄中院's supervision
  (重点案); a case with one petition, answered (not a hard case); at 元氏 a case with two (难案);
- the bureau chief flags a risk of interference on one case (敏感案);
- the nightly rules run a week ago: every case open more than 12 months enters as 老案, the township
  government's case as 棘手案 (and 敏感案: it was flagged at registration), cases flagged at
  registration as 重点案 / 敏感案;
- two days ago the bureau chief checks off two 老案 entries with reasons.

Which cases get petitions and marks: open cases filed at least four months ago, in case-number order,
leaving out the seed's showcase dossiers (``keep``) and the cases waiting for the upper court's
decision; the 老案 checked off are the two longest-standing at 赞皇."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from cases.models import OPEN_STATUSES, EnforcementCase
from cases.services import recorded_at
from courts.models import Court, User
from reports import hard_cases
from reports.models import HardCaseCategory, HardCaseEntry, Petition
from transfers.models import RequestStatus

Moment = Callable[[dt.date, int], dt.datetime]

REASONS = {
    "petitions_cleared": "已约谈申请执行人，当面释明财产查控情况及下一步执行计划，并书面答复；申请人表示理解，不再信访",
    "supervised": "申请人多次信访，反映执行不力，列为石家庄中院督办案件，要求三个月内报告执行进展",
    "sensitive": "被执行人系当地纳税大户，其实际控制人与镇政府关系密切，执行中有不当干预迹象",
    "old": ("已制定专项执行方案：由执行局长牵头，每月复查被执行人财产并约谈申请人，纳入常态化管理",
            "经核查，被执行人已与申请人达成分期履行意向，按月履行中，纳入常态化跟踪"),
}


def workday(day: dt.date) -> dt.date:
    """The day, or the Friday before it: people act on working days (the rules run every night)."""
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def seed_hard_cases(*, today: dt.date, moment: Moment, courts: dict[str, Court], users: dict[str, User],
                    keep: set[int] = frozenset()) -> dict:
    """See the module. ``users``: the demo accounts by username (clerk, judge, chief at 赞皇; supervisor
    at 石家庄中院; judge_yuanshi). Returns what was done."""
    summary: dict = {"petition_cases": [], "checked_off": [], "sweep": {}}
    clerk, judge, chief, supervisor = (users.get(k) for k in ("clerk", "judge", "chief", "supervisor"))
    if not (clerk and judge and chief and supervisor):
        return summary
    picked = _cases(courts["zanhuang"], today, keep, 4)

    def when(days_ago: int, minute: int = 10 * 60):
        return recorded_at(moment(workday(today - dt.timedelta(days=days_ago)), minute))

    def petition(case, days_ago: int, channel: str, name: str, standing: str, summary_text: str, *, actor=clerk, reply=""):
        day = workday(today - dt.timedelta(days=days_ago))
        with when(days_ago):
            p = hard_cases.petition_record(actor=actor, case_id=case.pk, received_on=day, channel=channel, petitioner_name=name,
                                           petitioner_standing=standing, summary=summary_text)
        if reply:
            with when(days_ago - 3, 15 * 60):
                hard_cases.petition_reply(actor=judge, petition_id=p.pk, reply=reply,
                                          replied_on=workday(today - dt.timedelta(days=days_ago - 3)))
        return p

    if len(picked) >= 3:
        answered, open_hard, single = picked[:3]
        applicant = _applicant(answered)
        petition(answered, 62, "visit", applicant, "applicant", "申请人来院反映：立案已一年，尚未收到任何执行款，要求法院加大执行力度",
                 reply="已向申请人释明网络查控结果：被执行人名下无可供执行的存款、车辆，已对其采取限制消费措施")
        petition(answered, 41, "hotline", applicant, "applicant", "申请人拨打12368热线，反映被执行人仍在经营，要求查封其经营场所设备",
                 reply="已派员实地调查被执行人经营场所，查封生产设备两台，正在委托评估")
        with when(20, 16 * 60):
            hard_cases.hard_case_clear(actor=chief, entry_id=_open(answered, HardCaseCategory.PETITIONS).pk,
                                       reason=REASONS["petitions_cleared"])
        summary["checked_off"].append((answered, HardCaseCategory.PETITIONS))
        name = _applicant(open_hard)
        petition(open_hard, 55, "letter", name, "applicant", "申请人来信反映被执行人有能力履行而拒不履行，要求对其司法拘留")
        petition(open_hard, 34, "online", name, "applicant", "申请人网上信访，反映被执行人名下车辆仍在使用，要求扣押")
        petition(open_hard, 27, "referred", name, "applicant", "石家庄中院转来申请人来访材料，要求核查执行情况并报告", actor=supervisor)
        with when(25, 11 * 60):
            hard_cases.hard_case_tag(actor=supervisor, case_id=open_hard.pk, category=HardCaseCategory.SUPERVISED,
                                     reason=REASONS["supervised"])
        petition(single, 15, "visit", _respondent(single), "respondent", "被执行人来访，称其唯一住房被查封，请求解除查封",
                 reply="已释明：查封房产系被执行人名下第二套住房，不属于生活必需住房，查封依法有效")
        summary["petition_cases"] += [answered, open_hard, single]
    if len(picked) >= 4:
        with when(30, 9 * 60 + 30):
            hard_cases.hard_case_tag(actor=chief, case_id=picked[3].pk, category=HardCaseCategory.SENSITIVE,
                                     reason=REASONS["sensitive"])
    yuanshi_judge = users.get("judge_yuanshi")
    ys = _cases(courts["yuanshi"], today, keep, 1) if yuanshi_judge else []
    if ys:
        name = _applicant(ys[0])
        petition(ys[0], 48, "visit", name, "applicant", "申请人（农民工）来访反映被拖欠工资至今未执行到位", actor=yuanshi_judge)
        petition(ys[0], 19, "hotline", name, "applicant", "申请人拨打12368热线，再次反映工资款未执行到位", actor=yuanshi_judge)
        summary["petition_cases"].append(ys[0])

    # The nightly rules, a week ago (the first run: everything already due enters at once).
    sweep_day = workday(today - dt.timedelta(days=7))
    with recorded_at(moment(sweep_day, 2 * 60 + 15)):
        summary["sweep"] = hard_cases.hard_cases_sweep(today=sweep_day)
    olds = list(HardCaseEntry.objects.filter(case__court=courts["zanhuang"], category=HardCaseCategory.OLD,
                                             cleared_on__isnull=True).order_by("case__filed_on", "pk")[:2])
    for n, entry in enumerate(olds):
        with when(2, 14 * 60 + 10 * n):
            hard_cases.hard_case_clear(actor=chief, entry_id=entry.pk, reason=REASONS["old"][n])
        summary["checked_off"].append((entry.case, HardCaseCategory.OLD))
    return summary


def _cases(court: Court, today: dt.date, keep, n: int) -> list[EnforcementCase]:
    waiting = EnforcementCase.objects.filter(designation_requests__status=RequestStatus.PENDING).values("pk")
    return list(EnforcementCase.objects.filter(court=court, status__in=OPEN_STATUSES, petition_count=0,
                                               filed_on__lte=today - dt.timedelta(days=120))
                .exclude(pk__in=keep).exclude(pk__in=waiting).order_by("year", "seq")[:n])


def _applicant(case) -> str:
    link = case.case_parties.filter(role="applicant").select_related("party").order_by("position").first()
    return link.party.name[:60] if link else "申请执行人"


def _respondent(case) -> str:
    link = case.case_parties.filter(role="respondent").select_related("party").order_by("position").first()
    return link.party.name[:60] if link else "被执行人"


def _open(case, category: str) -> HardCaseEntry:
    return HardCaseEntry.objects.get(case=case, category=category, cleared_on__isnull=True)


def hard_case_summary(summary: dict) -> str:
    """One line for the seed's report: the ledger by category, check-offs, petitions, with cases."""
    open_counts = Counter(HardCaseEntry.objects.filter(cleared_on__isnull=True).values_list("category", flat=True))
    cleared = HardCaseEntry.objects.filter(cleared_on__isnull=False).count()
    petitions = Petition.objects.count()
    parts = ", ".join(f"{c.label} {open_counts.get(c.value, 0)}" for c in HardCaseCategory)
    line = (f"hard-case ledger: {sum(open_counts.values())} open ({parts}), {cleared} checked off; "
            f"{petitions} petitions on {Petition.objects.values('case').distinct().count()} cases")
    if summary["petition_cases"]:
        line += " (" + ", ".join(c.case_number for c in summary["petition_cases"]) + ")"
    return line
