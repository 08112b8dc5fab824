"""The relief part of the demo data (courts.management.commands.seed_demo), at 赞皇 on cases the seed
already told: two applications for judicial aid (one granted and paid, one assessed and waiting for
the bureau chief's decision), two referrals to bankruptcy review (one transferred to 石家庄中院 and
waiting, one accepted — the case closed as terminated) and a custodian who leases out a sealed
property and pays the rent into the court. Every step goes through relief.services (and the dossier
services where a case needs one more step), dated with cases.services.recorded_at on working days
after the case's last event, so timelines stay in order.

Which cases: the seed's showcase dossiers (``keep``) are left alone; a referral needs an open case
against a company (no other open case against it, no designation request waiting, nothing held);
aid goes to a person still owed in a 终本 case; the custodian to a property under seal in an open
case. Where no case offers a sealed property, one is sealed first (dossier.control_apply, from the
applicant's lead). The seed's plan includes two companies that stopped trading (demo_data.
INSOLVENT_CASES) when 赞皇 has cases enough; where nothing fits at all (a small demo), ``new_case``
registers and tells a case for it the way the seed tells its own (its number then follows the
court's latest, out of date order).

Two steps happen in the present, because the services record them only as of today:
- the bankruptcy court's acceptance (relief.services.referral_outcome closes the case today): the
  ruling is dated a few days back, the enforcement court records it and closes the case as the seed runs;
- the suspension on the referral decision is the one step the demo does itself, through
  cases.services.case_transition with the decision's time and the reason referral_decide would give
  (referral_decide suspends as of today and leaves an already suspended case as it is).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from cases import dossier
from cases import money as money_services
from cases.causes import LIVELIHOOD_CAUSES
from cases.models import (
    OPEN_STATUSES,
    CaseParty,
    CaseStatus,
    ClosureType,
    ControlAction,
    ControlKind,
    ControlStatus,
    EnforcementCase,
    InvestigationResult,
    PartyKind,
    PartyRole,
)
from cases.services import case_transition, recorded_at
from courts import demo_data as D
from courts.models import Court, User
from relief import services
from relief.models import (
    ACTIVE_REFERRAL,
    CustodianKind,
    HardshipCategory,
    MandateScope,
    ProceedSource,
    ReferralStatus,
)
from transfers.models import RequestStatus

Moment = Callable[[dt.date, int], dt.datetime]
CENT = Decimal("0.01")

# How the applicant came to harm, by cause (the injury causes of cases.causes.LIVELIHOOD_CAUSES).
INJURY = {"traffic_accident": "在交通事故中受伤", "personal_injury": "被他人殴打致伤",
          "service_provider_injury": "在提供劳务过程中受伤", "medical_damage": "因医疗损害致残"}
LABOUR_CAUSES = {"labour_remuneration", "labour_dispute", "labour_contract", "labour_service"}
AID_FACTS = {
    "injury": ("申请人{name}系本案申请执行人，{how}，右下肢粉碎性骨折，经鉴定构成{grade}级伤残，基本丧失劳动能力；"
               "后续治疗费用无着，家中尚有年迈父母需要赡养，家庭生活陷入困境。"),
    "labour": ("申请人{name}系进城务工人员，被拖欠的劳动报酬是其家庭主要收入来源；现其妻子患病住院，子女在校就读，"
               "家庭无其他经济来源，生活十分困难。"),
    "support": "申请人{name}无稳定收入，被执行人应当给付的费用是其基本生活来源，现靠亲友接济维持生活，十分困难。",
    "other": ("申请人{name}身患糖尿病及并发症，需长期治疗，无固定收入，现靠亲友接济维持生活；"
              "本案款项系其家庭积蓄，执行不能致其生活陷入困境。"),
}
AID_CLOSED = "本案经穷尽财产调查措施，未发现被执行人有可供执行的财产，已于{closed}终结本次执行程序。"
AID_ASSESSMENT = ("经审查：申请人{name}系本案申请执行人，尚有¥{owed:,.2f}未获清偿；经走访其户籍地村（居）民委员会并调取"
                  "病历、收入证明等材料，所述困难情况属实；被执行人确无财产可供执行，申请人符合国家司法救助条件，"
                  "建议给予一次性救助¥{amount:,.2f}。")
REFERRAL_GROUNDS = ("经网络查控，被执行人{name}{deposits}，无不动产、车辆、证券及对外投资；据其法定代表人陈述，企业已停产，"
                    "尚拖欠职工工资及多家供应商货款。被执行人不能清偿到期债务，并且明显缺乏清偿能力，具备破产原因，"
                    "拟移送破产审查。")
TRANSFER_NOTE = ("移送材料：执行案件移送破产审查决定书、申请执行人（被执行人）同意移送破产审查的书面意见、被执行人财产状况说明、"
                 "已采取的执行措施及执行款项情况说明")
CUSTODIAN_MANDATE = ("负责查封房产的日常看管、维护及对外出租：租期不超过一年，租金扣除管理费后交付本院执行款专户；"
                     "不得转租、抵押或改变房屋结构；拍卖、变卖时配合看样并腾交；每季度书面报告管理情况。")


def workday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def workday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


class Steps:
    """The dates and times of one case's relief steps: working days from ``start`` on, in order,
    never after the last working day before today."""

    def __init__(self, rng, moment: Moment, today: dt.date, start: dt.datetime) -> None:
        self.rng, self.moment = rng, moment
        self.limit = workday_on_or_before(today - dt.timedelta(days=1))
        self.last_at = start
        self.day = timezone.localdate(start)

    def next(self, low: int, high: int) -> dt.date:
        day = workday_on_or_after(self.day + dt.timedelta(days=self.rng.randint(low, high)))
        self.day = min(day, self.limit)
        return self.day

    def at(self):
        at = max(self.moment(self.day, self.rng.randint(8 * 60 + 40, 16 * 60 + 30)), self.last_at + dt.timedelta(minutes=5))
        self.last_at = at
        return recorded_at(at)


def _start(moment: Moment, day: dt.date) -> dt.datetime:
    return moment(day, 8 * 60)


def _round_down(value: Decimal, step: int) -> Decimal:
    return ((value / step).to_integral_value(rounding=ROUND_FLOOR) * step).quantize(CENT)


def seed_relief(*, today: dt.date, moment: Moment, courts: dict[str, Court], users: dict[str, User], world,
                keep: set[int] = frozenset(), new_case: Callable[..., EnforcementCase] | None = None) -> dict:
    """Judicial aid, bankruptcy referrals and a custodian at 赞皇 (see the module). ``users`` by demo
    username (the bureau chief decides); ``world``: the seed's World (names, its random generator);
    ``keep``: the showcase dossiers, left untouched; ``new_case(court_key, filed_on=, cause=, fate=,
    respondent=, amount=, **story)``: the seed's way to register and tell a case, for what no case
    offers. Returns what was done, by kind, with the cases (and those registered for it)."""
    zanhuang, sjz = courts["zanhuang"], courts["shijiazhuang"]
    chief = users.get("chief")
    summary: dict = {"aid": [], "referrals": [], "custodians": [], "sealed_for_custodian": False, "registered": []}
    if chief is None:
        return summary
    ctx = _Context(today=today, moment=moment, court=zanhuang, bankruptcy_court=sjz, chief=chief, world=world,
                   used=set(keep), new_case=new_case, registered=summary["registered"])
    ctx.referrals(summary)
    ctx.judicial_aid(summary)
    ctx.custodian(summary)
    return summary


class _Context:
    def __init__(self, *, today, moment, court, bankruptcy_court, chief, world, used, new_case, registered) -> None:
        self.today, self.moment, self.court, self.bankruptcy_court = today, moment, court, bankruptcy_court
        self.chief, self.world, self.rng, self.used = chief, world, world.rng, used
        self.new_case, self.registered = new_case, registered

    def register(self, *, days_ago: int, cause: str, fate: str, **kwargs) -> EnforcementCase | None:
        """A case for what no case offers, registered and told by the seed (see the module)."""
        if self.new_case is None:
            return None
        case = self.new_case("zanhuang", filed_on=self.today - dt.timedelta(days=days_ago), cause=cause, fate=fate, **kwargs)
        self.registered.append(case)
        return self.annotated(case.pk)

    @staticmethod
    def annotated(pk: int) -> EnforcementCase:
        return EnforcementCase.objects.annotate(last_at=Max("events__occurred_at")).select_related("handler").get(pk=pk)

    # --- reads ---------------------------------------------------------------------------------------
    def cases(self, **filters):
        return (EnforcementCase.objects.filter(court=self.court, **filters).exclude(pk__in=self.used)
                .annotate(last_at=Max("events__occurred_at")).select_related("handler").order_by("last_at", "pk"))

    def open_cases(self):
        """Open cases a relief step may join: in progress, not waiting for the upper court, nothing held."""
        return (self.cases(status=CaseStatus.IN_PROGRESS, escalation_level__lt=3, held_amount=0)
                .exclude(designation_requests__status=RequestStatus.PENDING))

    def room(self, case, start: dt.date | None = None) -> int:
        """Working room (calendar days) between the case's last event (or ``start``) and yesterday."""
        begin = max(timezone.localdate(case.last_at), start or dt.date.min)
        return (self.today - begin).days - 1

    def worker(self, case: EnforcementCase) -> User:
        """Who prepares the steps: the case's handler, or the bureau chief."""
        return case.handler if case.handler_id and case.handler.is_active else self.chief

    @staticmethod
    def applicants(case) -> list[CaseParty]:
        return list(CaseParty.objects.filter(case=case, role=PartyRole.APPLICANT).select_related("party").order_by("position", "pk"))

    # --- judicial aid --------------------------------------------------------------------------------
    def aid_candidates(self, only: EnforcementCase | None = None):
        """(case, applicant party, unpaid) for a person still owed — 终本 cases first, livelihood causes first."""
        found = []
        closed = list(self.cases(status=CaseStatus.CLOSED, closure_type=ClosureType.TERMINATED_ROUND)
                      .filter(judicial_aid_applications__isnull=True))
        opened = list(self.cases(status__in=[CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED])
                      .filter(judicial_aid_applications__isnull=True))
        for case in [only] if only is not None else closed + opened:
            if case.outstanding_amount <= 0:
                continue
            for account in money_services.applicant_accounts(case):
                unpaid = account.unpaid if account.unpaid is not None else case.outstanding_amount
                if account.link.party.kind == PartyKind.PERSON and min(unpaid, case.outstanding_amount) >= 1000:
                    found.append((case, account.link.party, min(unpaid, case.outstanding_amount)))
                    break
        found.sort(key=lambda row: (row[0].status != CaseStatus.CLOSED, row[0].cause not in LIVELIHOOD_CAUSES))
        return found

    def judicial_aid(self, summary: dict) -> None:
        rng, today = self.rng, self.today
        candidates = self.aid_candidates()

        def pick_from(rows, back: tuple[int, int], room: int):
            for case, party, owed in rows:
                if case.pk in self.used:
                    continue
                closed = case.status == CaseStatus.CLOSED
                # After 终本 the application may come between the re-queries. On an open case it follows its last
                # event and stays within the last four weeks: each event re-dates the escalation clock under the
                # policy of its day, and 赞皇's current version dates from a month ago (transfers.demo).
                floor = case.closed_on if closed else max(timezone.localdate(case.last_at), today - dt.timedelta(days=28))
                start = max(floor, today - dt.timedelta(days=rng.randint(*back)))
                if (today - start).days - 1 >= room:
                    return case, party, owed, start
            return None

        # (paid?, how far back the application is, the room it needs, how old a case registered for it is)
        for paid, back, room, age in ((True, (90, 130), 35, (230, 270)), (False, (20, 30), 12, (150, 180))):
            pick = pick_from(candidates, back, room)
            if pick is None:
                # A wage or injury claim closed as 终本 some months ago.
                days_ago = rng.randint(*age)
                case = self.register(days_ago=days_ago, cause=rng.choice(["labour_remuneration", "personal_injury"]),
                                     fate="zhongben",
                                     close_by=workday_on_or_before(today - dt.timedelta(days=days_ago - rng.randint(100, 115))))
                pick = pick_from(self.aid_candidates(only=case), back, room) if case is not None else None
            if pick is None:
                continue
            case, party, owed, start = pick
            self.used.add(case.pk)
            summary["aid"].append(self.aid_story(case, party, owed, start, paid=paid))

    def aid_story(self, case, party, owed: Decimal, start: dt.date, *, paid: bool):
        rng = self.rng
        steps = Steps(rng, self.moment, self.today, _start(self.moment, start))
        judge = self.worker(case)
        if case.cause in INJURY:
            category, facts = HardshipCategory.DISABILITY, AID_FACTS["injury"]
        elif case.cause in LABOUR_CAUSES:
            category, facts = HardshipCategory.LIVELIHOOD, AID_FACTS["labour"]
        elif case.cause in LIVELIHOOD_CAUSES:
            category, facts = HardshipCategory.LIVELIHOOD, AID_FACTS["support"]
        else:
            category, facts = HardshipCategory.SERIOUS_ILLNESS, AID_FACTS["other"]
        facts = facts.format(name=party.name, how=INJURY.get(case.cause, ""), grade=rng.choice(["七", "八", "九"]))
        if case.closure_type == ClosureType.TERMINATED_ROUND:
            facts += AID_CLOSED.format(closed=f"{case.closed_on.year}年{case.closed_on.month}月{case.closed_on.day}日")
        amount = min(Decimal(rng.choice([8000, 10000, 15000, 20000, 30000])), _round_down(owed * Decimal("0.6"), 100))
        amount = max(amount, Decimal("500.00")).quantize(CENT)
        steps.next(1, 3)
        with steps.at():
            aid = services.judicial_aid_apply(actor=judge, case_id=case.pk, applicant=party.pk, category=category, facts=facts,
                                              applied_on=steps.day)
        steps.next(6, 12)
        with steps.at():
            services.judicial_aid_assess(actor=judge, aid_id=aid.pk, assessed_on=steps.day,
                                         assessment=AID_ASSESSMENT.format(name=party.name, owed=owed, amount=amount))
        if not paid:
            return aid  # assessed: the bureau chief's decision is pending
        steps.next(7, 14)
        with steps.at():
            services.judicial_aid_decide(actor=self.chief, aid_id=aid.pk, decision="grant", decided_on=steps.day, amount=str(amount),
                                         decision_number=f"（{steps.day.year}）{self.court.case_prefix}司救执{rng.randint(1, 12)}号",
                                         reason="符合国家司法救助条件，决定给予一次性救助")
        steps.next(5, 12)
        with steps.at():
            services.judicial_aid_pay(actor=judge, aid_id=aid.pk, amount=str(amount), paid_on=steps.day,
                                      note="司法救助金由财政专项资金一次性发放至申请人银行账户")
        aid.refresh_from_db()
        return aid

    # --- custodian --------------------------------------------------------------------------------
    def custodian(self, summary: dict) -> None:
        """A custodian leases out a sealed flat or shop: appointed, collects half a year's rent (net of
        the fee, paid into the court and out to the applicant), reports."""
        today = self.today
        # Recent: the rent is the case's latest progress, and its last step falls within the current
        # escalation policy's time (see judicial_aid).
        floor = today - dt.timedelta(days=35)
        sealed = None
        for case in self.open_cases().filter(controls__kind=ControlKind.SEAL_REAL_ESTATE,
                                             controls__status=ControlStatus.IN_FORCE).distinct():
            if case.settlements.filter(status="performing").exists() or self.room(case, floor) < 14:
                continue
            control = (ControlAction.objects.filter(case=case, kind=ControlKind.SEAL_REAL_ESTATE, status=ControlStatus.IN_FORCE,
                                                    expires_on__gt=today + dt.timedelta(days=180))
                       .exclude(custodians__status="active").order_by("pk").first())
            if control is not None:
                sealed = (case, control)
                break
        if sealed is None:
            sealed = self.seal_for_custodian(floor)
            summary["sealed_for_custodian"] = sealed is not None
        if sealed is None:
            # A flat found and sealed in a case filed some weeks ago.
            case = self.register(days_ago=self.rng.randint(50, 60), cause="private_lending", fate="script_sealed_flat",
                                 respondent="person")
            control = (ControlAction.objects.filter(case=case, kind=ControlKind.SEAL_REAL_ESTATE, status=ControlStatus.IN_FORCE)
                       .first() if case is not None else None)
            sealed = (case, control) if control is not None else None
        if sealed is None:
            return
        case, control = sealed
        self.used.add(case.pk)
        summary["custodians"].append(self.custodian_story(case, control, floor))

    def seal_for_custodian(self, floor: dt.date):
        """No property under seal fits: the applicant points to a shop of the respondent, which is sealed."""
        rng, world = self.rng, self.world
        for case in self.open_cases():
            if case.settlements.filter(status="performing").exists() or self.room(case, floor) < 20:
                continue
            respondent = (CaseParty.objects.filter(case=case, role=PartyRole.RESPONDENT,
                                                   party__kind__in=[PartyKind.PERSON, PartyKind.ORGANISATION])
                          .exclude(party__name__contains="保险").select_related("party").order_by("position", "pk").first())
            if respondent is None:
                continue
            party = respondent.party
            steps = Steps(rng, self.moment, self.today, max(case.last_at, _start(self.moment, floor)))
            area = Decimal(rng.randint(450, 1200)) / 10
            town = D.TOWNS["zanhuang"][0]
            asset = (f"{world.province_prefix('zanhuang')}{town}{rng.choice(D.SEAT_ROADS)}{rng.randint(1, 260)}号临街商铺"
                     f"（{D.PROVINCE_ABBR}（{rng.randint(2015, 2022)}）赞皇县不动产权第{rng.randint(1, 99999):07d}号，"
                     f"建筑面积{area}㎡）")
            judge = self.worker(case)
            steps.next(1, 3)
            with steps.at():
                dossier.investigation_record(
                    actor=judge, case_id=case.pk, category="applicant_lead", result=InvestigationResult.FOUND,
                    queried_on=steps.day, respondent=party.pk,
                    details=f"申请执行人提供线索：被执行人{party.name}名下有{asset}。经赞皇县不动产登记中心核实属实，无抵押登记")
            with steps.at():
                control = dossier.control_apply(actor=judge, case_id=case.pk, kind=ControlKind.SEAL_REAL_ESTATE, asset=asset,
                                                started_on=steps.day, respondent=party.pk)
            case.last_at = steps.last_at
            return case, control
        return None

    def custodian_story(self, case, control: ControlAction, floor: dt.date):
        rng, world = self.rng, self.world
        steps = Steps(rng, self.moment, self.today, max(case.last_at, _start(self.moment, max(floor, control.started_on))))
        judge = self.worker(case)
        company = world.company("zanhuang", "property")
        steps.next(1, 4)
        with steps.at():
            custodian = services.custodian_appoint(
                actor=judge, case_id=case.pk, kind=CustodianKind.CUSTODIAN, control=control.pk, name=company.name,
                contact=f"{company.legal_representative} {company.phone}", appointed_on=steps.day, scope=MandateScope.LEASE,
                term_until=steps.day + dt.timedelta(days=365), mandate=CUSTODIAN_MANDATE,
                fee_terms="按实收租金的5%收取管理费，从租金中扣除")
        match = re.search(r"建筑面积([\d.]+)㎡", control.asset)
        area = Decimal(match.group(1)) if match else Decimal("90")
        monthly = max(_round_down(area * rng.randint(9, 14), 50), Decimal("500.00"))
        months = 6
        outstanding = EnforcementCase.objects.get(pk=case.pk).outstanding_amount
        while months > 1 and monthly * months * Decimal("0.95") > outstanding:
            months -= 1
        gross = min(monthly * months, _round_down(outstanding / Decimal("0.95"), 1))
        fee = (gross * Decimal("0.05")).quantize(CENT)
        tenant = world.full_name(rng.choice("mf"), rng.randint(1970, 1995))
        steps.next(6, 12)
        with steps.at():
            proceed = services.custodian_proceed_record(
                actor=judge, custodian_id=custodian.pk, source=ProceedSource.RENT, gross_amount=str(gross), fee_amount=str(fee),
                received_on=steps.day, note=f"承租人{tenant}预付{months}个月租金")
        steps.next(1, 3)
        with steps.at():
            services.custodian_report_record(
                actor=judge, custodian_id=custodian.pk, reported_on=steps.day,
                text=(f"已与承租人{tenant}签订房屋租赁合同，租期一年，月租金¥{monthly:,.2f}，租金每{months}个月预付一次；"
                      f"首期租金¥{gross:,.2f}已收取，扣除管理费¥{fee:,.2f}后¥{proceed.amount:,.2f}已交付法院执行款专户。"
                      "房屋现状良好，无拖欠物业费、水电费，承租人已知悉房屋处于查封状态。"))
        steps.next(0, 3)
        applicants = self.applicants(case)
        with steps.at():
            if len(applicants) == 1:
                money_services.disbursement_record(actor=judge, case_id=case.pk, amount=str(proceed.amount), paid_on=steps.day,
                                                   payee=applicants[0].party_id, note=D.DISBURSEMENT_NOTE)
            else:
                money_services.distribution_execute(actor=judge, case_id=case.pk, paid_on=steps.day)
        custodian.refresh_from_db()
        return custodian

    # --- referral to bankruptcy review -------------------------------------------------------------------
    def referral_candidates(self) -> list[tuple[EnforcementCase, CaseParty]]:
        found = []
        for case in self.open_cases().exclude(bankruptcy_referrals__status__in=ACTIVE_REFERRAL):
            if case.settlements.filter(status="performing").exists():
                continue
            for link in CaseParty.objects.filter(case=case, role=PartyRole.RESPONDENT, party__kind=PartyKind.ORGANISATION
                                                 ).select_related("party").order_by("position", "pk"):
                party = link.party
                company = party.id_number.startswith("91") or party.name.endswith("公司")
                elsewhere = (CaseParty.objects.filter(party=party, role=PartyRole.RESPONDENT, case__status__in=OPEN_STATUSES)
                             .exclude(case=case).exists())
                if company and not elsewhere:
                    found.append((case, link))
                    break
        return found

    def referrals(self, summary: dict) -> None:
        """The case with the longest quiet spell is accepted by the bankruptcy court; the next waits for it.
        Without such cases, the two companies of demo_data.INSOLVENT_CASES are registered for it."""
        plans = [(True, 14), (False, 8)]
        picked = []
        for case, link in self.referral_candidates():
            if not plans:
                break
            accepted, room = plans[0]
            if case.pk in self.used or self.room(case) < room:
                continue
            plans.pop(0)
            self.used.add(case.pk)
            picked.append((case, link, accepted))
        insolvent = D.INSOLVENT_CASES
        for (accepted, room), (days_ago, industry) in zip(plans, insolvent["respondents"][-len(plans):] if plans else [],
                                                          strict=True):
            case = self.register(days_ago=days_ago, cause=insolvent["cause"], fate="script_insolvent",
                                 respondent=f"company:{industry}",
                                 amount=Decimal(self.rng.randint(*insolvent["amount"])).quantize(CENT))
            if case is None or self.room(case) < room:
                continue
            self.used.add(case.pk)
            link = CaseParty.objects.select_related("party").get(case=case, role=PartyRole.RESPONDENT)
            picked.append((case, link, accepted))
        for case, link, accepted in picked:
            summary["referrals"].append(self.referral_story(case, link, accepted=accepted))

    def referral_story(self, case, link: CaseParty, *, accepted: bool):
        rng, today = self.rng, self.today
        steps = Steps(rng, self.moment, today, case.last_at)
        judge, party = self.worker(case), link.party
        found = sum((p.amount for p in case.payments.all()), Decimal("0.00"))
        deposits = f"名下银行账户仅有存款¥{found:,.2f}（已扣划发放）" if found else "名下银行账户无存款"
        steps.next(2, 5)
        with steps.at():
            referral = services.referral_initiate(actor=judge, case_id=case.pk, respondent=party.pk, initiated_on=steps.day,
                                                  grounds=REFERRAL_GROUNDS.format(name=party.name, deposits=deposits))
        applicant = self.applicants(case)[0].party
        steps.next(2, 4)
        with steps.at():
            services.referral_consent_record(actor=judge, referral_id=referral.pk, party=applicant.pk, consented_on=steps.day,
                                             note="申请执行人出具书面意见，同意将本案移送破产审查")
        if accepted:
            with steps.at():
                services.referral_consent_record(
                    actor=judge, referral_id=referral.pk, party=party.pk, consented_on=steps.day,
                    note=f"被执行人法定代表人{party.legal_representative or '（未登记）'}到庭签署同意移送破产审查意见书")
        steps.next(3, 5)
        with steps.at():
            # The suspension referral_decide would record, at the decision's time (see the module).
            case_transition(actor=self.chief, case_id=case.pk, transition="suspend", at=steps.last_at,
                            reason=gettext("Referred to bankruptcy review (执转破): %(name)s") % {"name": party.name})
        with steps.at():
            services.referral_decide(actor=self.chief, referral_id=referral.pk, decided_on=steps.day,
                                     note="经合议庭评议，被执行人不能清偿到期债务并且明显缺乏清偿能力，决定移送破产审查")
        steps.next(2, 4)
        with steps.at():
            services.referral_transfer(actor=judge, referral_id=referral.pk, bankruptcy_court=self.bankruptcy_court.pk,
                                       transferred_on=steps.day, note=TRANSFER_NOTE)
        if accepted:
            ruled = max(workday_on_or_before(today - dt.timedelta(days=rng.randint(2, 6))), steps.day)
            services.referral_outcome(
                actor=judge, referral_id=referral.pk, outcome=ReferralStatus.ACCEPTED, ruling_on=min(ruled, steps.limit),
                ruling_number=f"（{ruled.year}）{self.bankruptcy_court.case_prefix}破申{rng.randint(3, 40)}号",
                note="石家庄市中级人民法院裁定受理对被执行人的破产清算申请，本案终结执行；申请执行人可向管理人申报债权")
        referral.refresh_from_db()
        return referral
