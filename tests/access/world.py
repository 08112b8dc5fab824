"""The world of the access matrix (issue #8): courts in every relation to one case, one user per role
and relation, and a case carrying one object of every kind an endpoint can address.

Courts (all of 河北, the Shijiazhuang jurisdiction unless said otherwise):

    河北高院 (admin)
    ├── 石家庄中院 (upper court of the case)         ├── 保定中院 (another upper court)
    │   ├── 赞皇 (own court: the case T is here)
    │   ├── 元氏 (receiving court: 石家庄中院 designated case D of 赞皇 to it, as D2)
    │   ├── 高邑 (entrusted court: 赞皇 entrusted acts on T to it)
    │   └── 井陉 (another court: a sibling with no relation to the case)

The cases, all of 赞皇 unless said otherwise:
- T, open, handled by 赵法官 (judge, team 1): investigation items, a procedure step, a seal with a
  valuation and a scheduled auction, a deposit freeze, a blacklisting, a payment and a disbursement,
  a generated document, judicial aid, a bankruptcy referral (the respondent is a company), a custodian,
  a petition and its hard-case entry, an escalation step, a campaign entry, an entrustment to 高邑, a
  failed message.
- D, designated by 石家庄中院 to 元氏 (closed as transferred); D2 is 元氏's new case. D carries the
  same kinds of objects as far as a designated case can (no money held, no auction scheduled).
- P, with a designation request pending at 石家庄中院.
Plus a tracking record and an import job of 赞皇, 赞皇's escalation policy, a concentration by 石家庄中院,
and a notification of each case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from cases import dossier, money, services
from cases.models import CaseParty, EnforcementCase, Notification, NotificationStatus
from courts.models import Court, CourtLevel, Role, Team, TeamRole, User
from documents.services import document_generate
from imports.services import import_job_create
from relief import services as relief
from reports import hard_cases
from tests.factories import UserFactory, add_member, credit_code, registration, resident_id
from tracking import services as tracking
from transfers.campaigns import campaign_cases_add, campaign_create, campaign_start
from transfers.designation import designation_decide, designation_request_create
from transfers.entrustment import entrustment_create
from transfers.models import Concentration, EscalationStep
from transfers.policy import policy_set


@dataclass(frozen=True)
class Subject:
    """One row of the matrix: a user (None: anonymous) in a relation to the case it is asked about."""

    key: str
    relation: str  # own | other | upper | other_upper | receiving | entrusted | admin | anonymous
    role: str
    user: User | None = field(compare=False, hash=False, repr=False)


@dataclass
class CaseObjects:
    """The objects of one case, by the URL parameter names the endpoints use."""

    case: EnforcementCase
    ids: dict[str, int]


@dataclass
class AccessWorld:
    courts: dict[str, Court]
    users: dict[str, User]
    subjects: list[Subject]
    T: CaseObjects  # the case (own court 赞皇)
    D: CaseObjects  # designated from 赞皇 to 元氏 (the receiving court's view)
    ids: dict[str, int]  # objects that are not under a case (tracking record, import job, campaign …)


def _court(name, level, parent, code, short):
    return Court.objects.create(name=name, short_name=short, level=level, parent=parent, province_abbr="冀", code=code)


def _register(court: Court, clerk: User, *, respondent_kind: str = "organisation", seq: int) -> EnforcementCase:
    if respondent_kind == "organisation":
        respondent = services.PartyInput(role="respondent", kind="organisation", name=f"赞皇县某建材有限公司{seq}",
                                         id_number=credit_code(900 + seq))
    else:
        respondent = services.PartyInput(role="respondent", kind="person", name=f"李明{seq}",
                                          id_number=resident_id(seq=500 + seq), phone="13903110002")
    parties = [services.PartyInput(role="applicant", kind="person", name=f"张建国{seq}", id_number=resident_id(seq=400 + seq),
                                   phone="13803110001"), respondent]
    data = registration(court, parties=parties, filed_on=timezone.localdate() - dt.timedelta(days=40))
    data.basis.document_number = f"（2025）冀0129民初{7000 + seq}号"
    return services.case_register(actor=clerk, data=data)


def _party(case, role: str) -> int:
    return CaseParty.objects.filter(case=case, role=role).order_by("position").values_list("party_id", flat=True)[0]


def _fill(case: EnforcementCase, judge: User, chief: User, *, designable: bool) -> dict[str, int]:
    """One object of every kind on ``case``; with ``designable`` nothing that would stop a designation
    (money held, an auction scheduled)."""
    today = timezone.localdate()
    ids: dict[str, int] = {}
    respondent, applicant = _party(case, "respondent"), _party(case, "applicant")
    ids["investigation"] = dossier.investigation_record(actor=judge, case_id=case.pk, category="applicant_lead", result="pending",
                                                        details="申请人提供线索：被执行人在赞皇县有一处商铺").pk
    ids["procedure_step"] = dossier.procedure_record(actor=judge, case_id=case.pk, kind="enforcement_notice", done_on=today).pk
    seal = dossier.control_apply(actor=judge, case_id=case.pk, kind="seal_real_estate", asset="赞皇县城关镇幸福小区3号楼501室",
                                 started_on=today - dt.timedelta(days=20), respondent=respondent)
    ids["control"] = seal.pk
    dossier.valuation_record(actor=judge, control_id=seal.pk, method="online_inquiry", value="100000.00",
                             valued_on=today - dt.timedelta(days=15))
    if not designable:
        ids["auction"] = dossier.auction_schedule(actor=judge, control_id=seal.pk, reserve_price="70000.00",
                                                  starts_on=today + dt.timedelta(days=10)).pk
    ids["freeze"] = dossier.control_apply(actor=judge, case_id=case.pk, kind="freeze_deposit", asset="农业银行赞皇支行 6228480000000000001",
                                          amount="5000.00", started_on=today - dt.timedelta(days=20)).pk
    ids["measure"] = dossier.measure_issue(actor=judge, case_id=case.pk, kind="consumption_restriction", respondent=respondent,
                                           issued_on=today - dt.timedelta(days=5), reason="拒不履行").pk
    ids["payment"] = money.payment_record(actor=judge, case_id=case.pk, amount="1000.00", received_on=today - dt.timedelta(days=3)).pk
    ids["disbursement"] = money.disbursement_record(actor=judge, case_id=case.pk, amount="1000.00" if designable else "400.00",
                                                    paid_on=today - dt.timedelta(days=2), payee=applicant).pk
    ids["document"] = document_generate(actor=judge, case_id=case.pk, kind="enforcement_notice").pk
    ids["aid"] = relief.judicial_aid_apply(actor=judge, case_id=case.pk, applicant=applicant, category="livelihood",
                                           facts="申请人家庭生活困难", applied_on=today).pk
    ids["referral"] = relief.referral_initiate(actor=judge, case_id=case.pk, respondent=respondent, grounds="资不抵债", initiated_on=today).pk
    ids["custodian"] = relief.custodian_appoint(actor=judge, case_id=case.pk, kind="custodian", control=seal.pk, name="赞皇县某物业公司",
                                                scope="lease", appointed_on=today).pk
    ids["petition"] = hard_cases.petition_record(actor=judge, case_id=case.pk, received_on=today, channel="visit",
                                                 petitioner_name="张建国", petitioner_standing="applicant",
                                                 summary="申请人来访反映执行不力").pk
    ids["hard_case"] = hard_cases.hard_case_tag(actor=chief, case_id=case.pk, category="sensitive", reason="当地干预风险").pk
    note = Notification.objects.filter(case=case).order_by("pk").first()
    Notification.objects.filter(pk=note.pk).update(status=NotificationStatus.FAILED, attempts=8, last_error="网关超时")
    ids["notification"] = note.pk
    return ids


def build() -> AccessWorld:
    high = _court("河北省高级人民法院", CourtLevel.HIGH, None, "", "河北高院")
    sjz = _court("石家庄市中级人民法院", CourtLevel.INTERMEDIATE, high, "01", "石家庄中院")
    baoding = _court("保定市中级人民法院", CourtLevel.INTERMEDIATE, high, "06", "保定中院")
    zanhuang = _court("赞皇县人民法院", CourtLevel.BASIC, sjz, "0129", "赞皇法院")
    yuanshi = _court("元氏县人民法院", CourtLevel.BASIC, sjz, "0132", "元氏法院")
    gaoyi = _court("高邑县人民法院", CourtLevel.BASIC, sjz, "0127", "高邑法院")
    jingxing = _court("井陉县人民法院", CourtLevel.BASIC, sjz, "0121", "井陉法院")
    courts = {"high": high, "sjz": sjz, "baoding": baoding, "zanhuang": zanhuang, "yuanshi": yuanshi, "gaoyi": gaoyi,
              "jingxing": jingxing}
    teams = {key: Team.objects.create(court=court, name="执行一团队") for key, court in courts.items() if key != "high"}
    zh_team2 = Team.objects.create(court=zanhuang, name="执行二团队")

    users: dict[str, User] = {}

    def user(key, role, court, team=None, team_role=TeamRole.JUDGE):
        users[key] = UserFactory(username=f"acc_{key}", full_name=key, role=role, court=court,
                                 is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
        if team is not None:
            add_member(team, users[key], team_role)
        return users[key]

    # 赞皇: the own court. The handler and the team-1 assistant work T; the team-2 judge does not.
    user("own_clerk", Role.CLERK, zanhuang, teams["zanhuang"], TeamRole.CLERK)
    user("own_judge", Role.JUDGE, zanhuang, teams["zanhuang"])
    user("own_assistant", Role.ASSISTANT, zanhuang, teams["zanhuang"], TeamRole.ASSISTANT)
    user("own_other_team_judge", Role.JUDGE, zanhuang, zh_team2)
    user("own_chief", Role.BUREAU_CHIEF, zanhuang)
    for key, court in (("other", jingxing), ("receiving", yuanshi), ("entrusted", gaoyi)):
        user(f"{key}_clerk", Role.CLERK, court)
        user(f"{key}_judge", Role.JUDGE, court, teams[{"other": "jingxing", "receiving": "yuanshi", "entrusted": "gaoyi"}[key]])
        user(f"{key}_chief", Role.BUREAU_CHIEF, court)
    user("upper_officer", Role.DESIGNATION_OFFICER, sjz)
    user("upper_supervisor", Role.SUPERVISOR, sjz)
    user("upper_chief", Role.BUREAU_CHIEF, sjz)
    user("upper_judge", Role.JUDGE, sjz, teams["sjz"])
    user("other_upper_officer", Role.DESIGNATION_OFFICER, baoding)
    user("other_upper_supervisor", Role.SUPERVISOR, baoding)
    user("admin", Role.ADMIN, high)

    clerk, judge, chief = users["own_clerk"], users["own_judge"], users["own_chief"]

    def handled_by_judge(case):
        if case.handler_id != judge.pk:
            from transfers.services import case_reassign
            case_reassign(actor=chief, case_id=case.pk, handler_id=judge.pk, reason="测试分案")
        return EnforcementCase.objects.get(pk=case.pk)

    t_case = handled_by_judge(_register(zanhuang, clerk, seq=1))
    d_case = handled_by_judge(_register(zanhuang, clerk, seq=2))
    p_case = handled_by_judge(_register(zanhuang, clerk, seq=3))

    t_ids = _fill(t_case, judge, chief, designable=False)
    d_ids = _fill(d_case, judge, chief, designable=True)
    # The receiving court's relation: 石家庄中院 designates D to 元氏.
    d_request = designation_request_create(actor=chief, case_id=d_case.pk, reason="当地干预，申请指定执行")
    designation_decide(actor=users["upper_officer"], request_id=d_request.pk, decision="designate",
                       target_court_id=yuanshi.pk, reason="异地执行")
    d_request.refresh_from_db()
    d_ids["designation_request"] = d_request.pk
    d_ids["escalation_step"] = EscalationStep.objects.filter(case=d_case).order_by("pk").values_list("pk", flat=True)[0]
    d_ids["new_case"] = d_request.new_case_id
    # The entrusted court's relation: 赞皇 entrusts a query on T to 高邑.
    t_ids["entrustment"] = entrustment_create(actor=judge, case_id=t_case.pk, to_court_id=gaoyi.pk, acts=["query", "seal"],
                                              details="请协助查询被执行人在高邑县的不动产", deadline=timezone.localdate() + dt.timedelta(days=20)).pk
    # A pending request (P): the upper court's inbox.
    p_request = designation_request_create(actor=chief, case_id=p_case.pk, reason="长期未能执结")
    t_ids["designation_request"] = p_request.pk
    t_ids["escalation_step"] = EscalationStep.objects.filter(case=p_case).values_list("pk", flat=True)[0]
    # The upper court's campaign, with T selected.
    campaign = campaign_create(actor=users["upper_officer"], name="2026年冬季集中执行行动", starts_on=timezone.localdate(),
                               ends_on=timezone.localdate() + dt.timedelta(days=30), description="集中清理")
    campaign_cases_add(actor=users["upper_officer"], campaign_id=campaign.pk, case_ids=[t_case.pk])
    campaign_start(actor=users["upper_officer"], campaign_id=campaign.pk)
    # Last, T is settled (执行和解): its settlement is one more object to read.
    today = timezone.localdate()
    t_ids["settlement"] = money.settlement_record(actor=judge, case_id=t_case.pk, agreed_on=today, agreed_amount="80000.00",
                                                  instalments=[{"due_on": today + dt.timedelta(days=30), "amount": "80000.00"}]).pk
    from transfers.models import CampaignCase
    t_ids["campaign_entry"] = CampaignCase.objects.get(campaign=campaign, case=t_case).pk

    policy = policy_set(actor=chief, court_id=zanhuang.pk, effective_from=timezone.localdate(), level0_days=75, level1_days=45, level2_days=45,
                        special_subject_direct=True, interference_risk_direct=True, reason="集中攻坚")
    record = tracking.tracking_register(actor=clerk, data=_tracking_data(zanhuang))
    job = import_job_create(actor=clerk, court=zanhuang, upload=ContentFile("案号\n".encode(), name="台账.csv"), enqueue=False)
    concentration = Concentration.objects.create(upper_court=sjz, respondent_id=_party(p_case, "respondent"), target_court=yuanshi,
                                                 decided_by=users["upper_officer"], reason="集中管辖", case_count=0)
    ids = {"court": zanhuang.pk, "team": teams["zanhuang"].pk, "tracking_record": record.pk, "import_job": job.pk, "policy": policy.pk, "concentration": concentration.pk,
           "campaign": campaign.pk}
    subjects = [Subject(key, _relation(key), u.role, u) for key, u in users.items()] + [Subject("anonymous", "anonymous", "", None)]
    return AccessWorld(courts, users, subjects, CaseObjects(EnforcementCase.objects.get(pk=t_case.pk), t_ids),
                       CaseObjects(EnforcementCase.objects.get(pk=d_case.pk), d_ids), ids)


def _relation(key: str) -> str:
    if key == "admin":
        return "admin"
    for prefix in ("other_upper", "own", "other", "upper", "receiving", "entrusted"):
        if key.startswith(prefix + "_"):
            return prefix
    raise ValueError(key)


def _tracking_data(court):
    from cases.services import BasisInput, PartyInput
    from tracking.services import TrackingInput
    today = timezone.localdate()
    return TrackingInput(
        court=court, division="civil_1", division_name="院头人民法庭", cause="private_lending",
        basis=BasisInput(document_number="（2026）冀0129民初8801号", document_type="judgment", issuing_court="赞皇县人民法院",
                         effective_date=today - dt.timedelta(days=30), performance_deadline=today - dt.timedelta(days=15),
                         principal_amount="80000.00", obligations="被告于判决生效之日起十五日内偿还原告借款80000元。"),
        obligation_amount="80000.00",
        parties=[PartyInput(role="obligee", kind="person", name="张建国", id_number=resident_id(seq=611), phone="13803110001"),
                 PartyInput(role="obligor", kind="person", name="李老汉", id_number=resident_id(seq=612), phone="13903110002")],
    )
