"""The pre-enforcement tracking part of the demo data (courts.management.commands.seed_demo): judgments
and mediation statements of 赞皇 (and a few of 元氏) that the courts' tracking offices followed over the
last eight months — reminders and dishonest-debtor warnings served, obligees asked after the deadline;
most performed voluntarily in full, some in part, a few withdrawn, several passed on to enforcement,
a few still tracked (one overdue, one due next week) — all through tracking.services, each step inside
cases.services.recorded_at on a working day.

The hand-off is the one step told in the present: tracking.services.tracking_hand_off registers the
enforcement case today (cases.services.case_register files it on the day it runs; the service takes
no past date). So the records passed on are those whose obligee applied in the last few days, and
the cases are registered as the seed runs: they head the clerk's list of today's registrations.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

from cases.models import Basis, DocumentType, EnforcementCase
from cases.services import BasisInput, recorded_at
from courts import demo_data as D
from courts.models import Court, User
from tracking.models import (
    ObligeeStatement,
    ServiceMethod,
    StepKind,
    TrackingRecord,
    TrackingStatus,
    TrialDivision,
)
from tracking.services import (
    TrackingInput,
    tracking_hand_off,
    tracking_notice_serve,
    tracking_obligee_check,
    tracking_outcome_record,
    tracking_register,
)

Moment = Callable[[dt.date, int], dt.datetime]

# How each record's story goes, and how many of them each court tells (in this order, so the draws
# stay the same from one run to the next). 赞皇: 25 records, 元氏: 4.
STORIES = {
    "zanhuang": ["full_early"] * 5 + ["full_after_check"] * 5 + ["full_after_warning"] * 3 + ["part"] * 2
    + ["part_then_enforcement", "enforcement", "enforcement", "enforcement", "withdrawn", "withdrawn",
       "overdue", "due_next_week", "tracking", "fresh"],
    "yuanshi": ["full_early", "full_after_check", "part", "tracking"],
}
# Causes a basic court's tracking office follows, with weights (keys of cases.causes).
CAUSES = {"private_lending": 8, "sales_contract": 4, "labour_remuneration": 3, "traffic_accident": 3, "lease_contract": 2,
          "labour_service": 2, "service_provider_injury": 1, "property_service": 1, "child_support": 1,
          "alimony_elderly": 1, "contract_for_work": 1, "personal_injury": 1}
# Which division tried a cause (a county court: family, tort and labour in the first civil division,
# contracts in the second); the people's tribunals and the filing division's fast track take some of both.
FIRST_CIVIL = {"labour_remuneration", "traffic_accident", "labour_service", "service_provider_injury", "child_support",
               "alimony_elderly", "personal_injury"}
DIVISION_NAMES = {TrialDivision.CIVIL_1: "民事审判第一庭", TrialDivision.CIVIL_2: "民事审判第二庭",
                  TrialDivision.FILING: "立案庭（速裁团队）", TrialDivision.CRIMINAL: "刑事审判庭"}
NUMERALS = {10: "十", 15: "十五", 30: "三十"}
HOW = {ServiceMethod.DIRECT: "直接送达", ServiceMethod.POST: "邮寄送达", ServiceMethod.ELECTRONIC: "电子送达",
       ServiceMethod.LEFT_AT_ADDRESS: "留置送达", ServiceMethod.PHONE: "电话通知并短信送达"}
REMINDER = ("向义务人{name}{how}督促履行通知书，告知其应于{deadline}前履行{document}确定的义务，逾期不履行将被强制执行，"
            "并须加倍支付迟延履行期间的债务利息")
WARNING = "向义务人{name}{how}失信惩戒预警通知书，告知其逾期不履行将被依法纳入失信被执行人名单、限制高消费"
CHECK = {
    ObligeeStatement.PERFORMED_FULL: "电话回访权利人{name}，其表示已收到义务人给付的全部款项",
    ObligeeStatement.PERFORMED_PART: "电话回访权利人{name}，其表示义务人仅给付¥{amount:,.2f}，余款至今未付",
    ObligeeStatement.NOT_PERFORMED: "电话回访权利人{name}，其表示义务人至今未履行，将申请强制执行",
}
FULL_NOTES = ["权利人到庭确认已收到全部款项", "义务人提交银行转账凭证，经电话向权利人核实无误",
              "义务人到庭当面交付，权利人出具收条", "权利人确认义务人已通过微信转账付清"]
PART_NOTE = "义务人已给付¥{amount:,.2f}，称经营困难余款暂无力给付；已告知权利人可就剩余部分申请强制执行"
WITHDRAWN_NOTES = ["权利人书面申请撤回跟踪：双方已自行达成分期还款协议，不再需要法院督促",
                   "权利人与义务人系亲属，书面表示自行协商解决，申请撤回跟踪"]
HAND_OFF_NOTES = ["权利人递交强制执行申请书", "权利人到立案窗口申请强制执行", "权利人通过网上立案申请强制执行"]


def workday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def workday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


class Teller:
    """Tells one court's records: draws the documents and parties, then serves, asks and records
    outcomes at past times on working days (never today, except the hand-off)."""

    def __init__(self, *, today: dt.date, moment: Moment, court: Court, key: str, office: list[User], world,
                 amount: Callable[[str], Decimal], used_numbers: set[str]) -> None:
        self.today, self.moment, self.court, self.key = today, moment, court, key
        self.office, self.world, self.rng, self.amount = office, world, world.rng, amount
        self.used_numbers = used_numbers
        self.last_workday = workday_on_or_before(today - dt.timedelta(days=1))
        self.counts: Counter = Counter()
        self.cases: list[EnforcementCase] = []

    # --- time ----------------------------------------------------------------------------------
    def day_after(self, day: dt.date, low: int, high: int) -> dt.date:
        """A working day ``low``–``high`` days after ``day``, never after the last working day before today."""
        return min(workday_on_or_after(day + dt.timedelta(days=self.rng.randint(low, high))), self.last_workday)

    def at(self, day: dt.date):
        self.clock = max(self.moment(day, self.rng.randint(8 * 60 + 40, 16 * 60 + 50)), self.clock + dt.timedelta(minutes=7))
        return recorded_at(self.clock)

    # --- the document ----------------------------------------------------------------------------
    def party(self, spec: str, role: str):
        return self.world.party_of_kind(spec, self.key).as_input(role)

    def document_number(self, effective: dt.date, kind: str) -> str:
        for _attempt in range(100):
            year = (effective - dt.timedelta(days=self.rng.randint(25, 200))).year
            number = f"（{year}）{self.court.case_prefix}{kind}{self.rng.randint(1, 300 if kind == '刑初' else 3500)}号"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number
        raise RuntimeError("could not draw an unused document number")  # pragma: no cover

    def draw(self, story: str, criminal: bool) -> TrackingInput:
        rng, today = self.rng, self.today
        cause = "personal_injury" if criminal else rng.choices(list(CAUSES), list(CAUSES.values()))[0]
        profile = D.CAUSE_PROFILES[cause]
        # Days since the document took effect: room for the story, spread over eight months.
        ages = {"full_early": (20, 240), "full_after_check": (50, 240), "full_after_warning": (55, 240), "part": (60, 220),
                "withdrawn": (35, 220), "part_then_enforcement": (75, 150), "tracking": (8, 14), "fresh": (3, 6)}
        mediation = not criminal and rng.random() < 0.45
        days = 10 if criminal else rng.choice([10, 10, 15, 15, 30])
        if story in ("enforcement", "overdue"):
            # enforcement: the deadline passed one to six weeks ago and the obligee applied this week;
            # overdue: it passed a week or two ago and the obligee is yet to be asked
            deadline = today - dt.timedelta(days=rng.randint(9, 42) if story == "enforcement" else rng.randint(6, 12))
            effective = deadline - dt.timedelta(days=days)
        elif story == "due_next_week":  # within the coming week
            deadline = today + dt.timedelta(days=rng.randint(4, 7))
            days = 15
            effective = deadline - dt.timedelta(days=days)
        else:
            low, high = ages[story]
            effective = today - dt.timedelta(days=rng.randint(low, high))
            if story in ("tracking", "fresh"):
                days = 30 if not mediation else rng.randint(18, 30)
            deadline = effective + dt.timedelta(days=days)

        if criminal:
            division, division_name = TrialDivision.CRIMINAL, DIVISION_NAMES[TrialDivision.CRIMINAL]
        elif mediation and rng.random() < 0.4:
            division, division_name = TrialDivision.FILING, DIVISION_NAMES[TrialDivision.FILING]
        elif rng.random() < 0.3 and self.key in D.TOWNS:
            division = TrialDivision.TRIBUNAL
            division_name = f"{rng.choice(D.TOWNS[self.key][1:5])[:-1]}人民法庭"
        else:
            division = TrialDivision.CIVIL_1 if cause in FIRST_CIVIL else TrialDivision.CIVIL_2
            division_name = DIVISION_NAMES[division]

        obligees = [self.party(profile["applicant"], "obligee")]
        obligors = [self.party(profile["respondent"], "obligor")]
        if rng.random() < profile["second_respondent"] / 2:
            obligors.append(self.party(profile.get("second_kind", "person"), "obligor"))
        if criminal:
            obligees = [self.world.person(self.key).as_input("obligee")]
            obligors = [self.world.person(self.key, years=(1975, 2002), gender="m").as_input("obligor")]
        e_names, o_names = "、".join(p.name for p in obligees), "、".join(p.name for p in obligors)
        principal = self.amount(cause)
        if criminal:
            principal = (principal / 100).to_integral_value(rounding=ROUND_FLOOR) * 100
        noun = profile["noun"]
        if criminal:
            number, document_type = self.document_number(effective, "刑初"), DocumentType.JUDGMENT
            text = (f"被告人{o_names}于本判决生效之日起十日内赔偿附带民事诉讼原告人{e_names}医疗费、误工费、护理费、"
                    f"交通费等经济损失共计{principal}元。")
        elif mediation:
            number, document_type = self.document_number(effective, "民初"), DocumentType.MEDIATION
            text = (f"经本院主持调解，双方当事人自愿达成如下协议：被告{o_names}于{deadline.year}年{deadline.month}月"
                    f"{deadline.day}日前给付原告{e_names}{noun}{principal}元；案件受理费减半收取，由被告{o_names}负担。")
        else:
            number, document_type = self.document_number(effective, "民初"), DocumentType.JUDGMENT
            text = (f"被告{o_names}于本判决生效之日起{NUMERALS[days]}日内给付原告{e_names}{noun}{principal}元。"
                    f"案件受理费由被告{o_names}负担。")
        return TrackingInput(
            court=self.court, division=division, division_name=division_name, cause=cause,
            basis=BasisInput(document_number=number, document_type=document_type, issuing_court=self.court.name,
                             effective_date=effective, performance_deadline=deadline, obligations=text,
                             principal_amount=str(principal)),
            obligation_amount=str(principal), parties=[*obligees, *obligors],
        )

    # --- the story ------------------------------------------------------------------------------
    def tell(self, story: str, *, criminal: bool = False) -> TrackingRecord:
        rng = self.rng
        data = self.draw(story, criminal)
        b = data.basis
        clerk = self.office[0] if rng.random() < 0.75 or len(self.office) == 1 else rng.choice(self.office[1:])
        # Recorded a few working days after the document took effect.
        day = self.day_after(b.effective_date, 1, 4)
        self.clock = self.moment(day, 8 * 60)
        with self.at(day):
            record = tracking_register(actor=clerk, data=data)
        obligors = list(record.parties.filter(role="obligor").order_by("position"))
        obligee = record.parties.filter(role="obligee").order_by("position").first()
        names = "、".join(p.name for p in obligors)
        document = f"{record.get_document_type_display()}（{record.document_number}）"
        deadline, owed = record.performance_deadline, record.obligation_amount

        def serve(kind: str, day: dt.date) -> None:
            how = rng.choice([ServiceMethod.DIRECT, ServiceMethod.DIRECT, ServiceMethod.POST, ServiceMethod.ELECTRONIC,
                              ServiceMethod.PHONE] if kind == StepKind.REMINDER else
                             [ServiceMethod.DIRECT, ServiceMethod.POST, ServiceMethod.LEFT_AT_ADDRESS])
            template = REMINDER if kind == StepKind.REMINDER else WARNING
            with self.at(day):
                tracking_notice_serve(actor=clerk, record_id=record.pk, kind=kind, served_on=day, served_how=how,
                                      details=template.format(name=names, how=HOW[how], document=document,
                                                              deadline=deadline.isoformat()))

        def check(day: dt.date, statement: str, amount: Decimal | None = None) -> None:
            with self.at(day):
                tracking_obligee_check(actor=clerk, record_id=record.pk, checked_on=day, statement=statement,
                                       reported_amount=str(amount) if amount else None,
                                       details=CHECK[statement].format(name=obligee.name, amount=amount))

        def outcome(day: dt.date, status: str, note: str, amount: Decimal | None = None) -> None:
            with self.at(day):
                tracking_outcome_record(actor=clerk, record_id=record.pk, outcome=status, outcome_on=day,
                                        performed_amount=str(amount) if amount else None, note=note)

        def part_amount() -> Decimal:
            share = owed * Decimal(str(rng.uniform(0.25, 0.7)))
            return max((share / 100).to_integral_value(rounding=ROUND_FLOOR) * 100, Decimal("100")).quantize(Decimal("0.01"))

        if story == "fresh":  # recorded, nothing served yet
            self.counts[record.status] += 1
            return record
        day = self.day_after(day, 0, 2)
        serve(StepKind.REMINDER, day)
        if story == "full_early":
            paid = min(self.day_after(day, 2, max((deadline - day).days, 2)), self.last_workday)
            outcome(paid, TrackingStatus.PERFORMED_FULL, rng.choice(FULL_NOTES))
        elif story == "full_after_check":
            if rng.random() < 0.4:
                day = self.day_after(max(day + dt.timedelta(days=1), deadline - dt.timedelta(days=5)), 0, 3)
                serve(StepKind.WARNING, day)
            asked = self.day_after(max(day, deadline), 1, 6)
            check(asked, ObligeeStatement.PERFORMED_FULL)
            outcome(self.day_after(asked, 0, 2), TrackingStatus.PERFORMED_FULL, rng.choice(FULL_NOTES))
        elif story == "full_after_warning":
            warned = self.day_after(deadline, 1, 4)
            serve(StepKind.WARNING, warned)
            asked = self.day_after(warned, 5, 12)
            check(asked, ObligeeStatement.PERFORMED_FULL)
            outcome(asked, TrackingStatus.PERFORMED_FULL, "义务人收到失信惩戒预警通知书后履行完毕，权利人予以确认")
        elif story in ("part", "part_then_enforcement"):
            serve(StepKind.WARNING, self.day_after(deadline, 1, 4))
            asked = self.day_after(deadline, 6, 12)
            amount = part_amount()
            check(asked, ObligeeStatement.PERFORMED_PART, amount)
            outcome(self.day_after(asked, 0, 2), TrackingStatus.PERFORMED_PART, PART_NOTE.format(amount=amount), amount)
            if story == "part_then_enforcement":
                self.hand_off(record, clerk, "权利人就剩余部分申请强制执行")
        elif story == "enforcement":
            day = self.day_after(max(day + dt.timedelta(days=1), deadline - dt.timedelta(days=3)), 0, 4)
            serve(StepKind.WARNING, day)
            asked = self.day_after(max(day, deadline), 2, 6)
            check(asked, ObligeeStatement.NOT_PERFORMED)
            self.hand_off(record, clerk, rng.choice(HAND_OFF_NOTES), after=asked)
        elif story == "withdrawn":
            outcome(self.day_after(day, 5, 25), TrackingStatus.WITHDRAWN, rng.choice(WITHDRAWN_NOTES))
        elif story == "overdue":  # warned before the deadline; the obligee is yet to be asked
            serve(StepKind.WARNING, self.day_after(max(day + dt.timedelta(days=1), deadline - dt.timedelta(days=4)), 0, 2))
        # "tracking", "due_next_week": the reminder is served, the deadline is ahead
        record.refresh_from_db()
        self.counts[record.status] += 1
        return record

    def hand_off(self, record: TrackingRecord, clerk: User, note: str, *, after: dt.date | None = None) -> None:
        """The obligee applied in the last few working days; the case is registered now (see the module)."""
        applied = max(workday_on_or_before(self.today - dt.timedelta(days=self.rng.randint(1, 5))),
                      after or record.performance_deadline + dt.timedelta(days=1))
        self.cases.append(tracking_hand_off(actor=clerk, record_id=record.pk, applied_on=min(applied, self.last_workday),
                                            note=note))


def seed_tracking(*, today: dt.date, moment: Moment, courts: dict[str, Court], clerks: dict[str, list[User]], world,
                  amount: Callable[[str], Decimal], users: dict[str, User] | None = None) -> dict:
    """Tracking records at 赞皇 and 元氏 (STORIES), recorded by each court's filing clerks (the demo
    clerk first at 赞皇). ``world``: the seed's World (people, companies, its random generator);
    ``amount``: the seed's amount drawn for a cause. Returns counts by status and court, and the
    enforcement cases the hand-offs registered."""
    users = users or {}
    used = set(Basis.objects.values_list("document_number", flat=True))
    summary: dict = {"courts": Counter(), "statuses": Counter(), "cases": []}
    for key, stories in STORIES.items():
        court = courts.get(key)
        office = list(clerks.get(key) or [])
        if court is None or not office:
            continue
        demo_clerk = users.get("clerk")
        if demo_clerk is not None and demo_clerk.court_id == court.pk:
            office = [demo_clerk, *[c for c in office if c.pk != demo_clerk.pk]]
        teller = Teller(today=today, moment=moment, court=court, key=key, office=office, world=world, amount=amount,
                        used_numbers=used)
        criminal_at = stories.index("full_after_check") if "full_after_check" in stories else -1
        for n, story in enumerate(stories):
            teller.tell(story, criminal=key == "zanhuang" and n == criminal_at)
        summary["courts"][court.short_name or court.name] = len(stories)
        summary["statuses"].update(teller.counts)
        summary["cases"] += teller.cases
    return summary

