"""Builders shared by the campaign suites (test_campaigns*.py): cases at 赞皇 and 元氏 (under 石家庄中院),
one at 清苑 (under 保定中院: outside 石家庄中院's jurisdiction), and a campaign of March 2026."""

from __future__ import annotations

import datetime as dt
import itertools

from cases import services
from cases.models import EnforcementCase
from courts.models import Court, CourtLevel, Role, Team
from tests.cases.dossier_helpers import on
from tests.factories import UserFactory, add_member, credit_code, registration, resident_id
from transfers.campaigns import campaign_cases_add, campaign_create, campaign_start
from transfers.models import Campaign, CampaignCase
from transfers.services import case_reassign

FILED = dt.date(2026, 1, 5)
STARTS, ENDS = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
_ids = itertools.count(601)


def case_at(world, court=None, *, respondent: str = "李明", target: str = "85000.00", handler=None, kind: str = "person",
            livelihood: bool = False, filed_on: dt.date = FILED) -> EnforcementCase:
    """An open case at ``court`` (赞皇 by default), its handler ``handler`` (赵法官 at 赞皇, 陈法官 at 元氏)."""
    court = court or world.zanhuang
    number = resident_id(seq=next(_ids) % 1000) if kind == "person" else credit_code(next(_ids))
    parties = [services.PartyInput(role="applicant", kind="person", name="张建国", id_number=resident_id(seq=next(_ids) % 1000),
                                   phone="13803110001"),
               services.PartyInput(role="respondent", kind=kind, name=respondent, id_number=number)]
    clerk = {world.zanhuang.pk: world.clerk, world.yuanshi.pk: world.ys_clerk}.get(court.pk)
    if clerk is None:
        clerk = UserFactory(role=Role.CLERK, court=court)
    with on(filed_on.year, filed_on.month, filed_on.day):
        cause = "labour_remuneration" if livelihood else "private_lending"  # wages are a livelihood cause
        case = services.case_register(actor=clerk, data=registration(court, parties=parties, target_amount=target,
                                                                     filed_on=filed_on, cause=cause))
        wanted = handler or {world.zanhuang.pk: world.judge, world.yuanshi.pk: world.ys_judge}.get(court.pk)
        if wanted is not None and case.handler_id != wanted.pk:
            chief = world.chief if court.pk == world.zanhuang.pk else UserFactory(role=Role.BUREAU_CHIEF, court=court)
            case_reassign(actor=chief, case_id=case.pk, handler_id=wanted.pk, reason="测试分案")
    return EnforcementCase.objects.get(pk=case.pk)


def qingyuan(world) -> Court:
    """A basic court under 保定中院, with a team and a judge: outside 石家庄中院's jurisdiction."""
    court = Court.objects.create(name="保定市清苑区人民法院", short_name="清苑法院", level=CourtLevel.BASIC, parent=world.baoding,
                                 province_abbr="冀", code="0608")
    add_member(Team.objects.create(court=court, name="执行一团队"),
               UserFactory(username="qy_judge", full_name="齐法官", role=Role.JUDGE, court=court))
    return court


def make_campaign(world, *, cases=(), launch: bool = True, actor=None, name: str = "2026年春季集中执行行动",
                  starts_on: dt.date = STARTS, ends_on: dt.date = ENDS) -> Campaign:
    """石家庄中院's campaign (created on 2026-02-20), with ``cases`` selected and launched on its first day."""
    actor = actor or world.officer
    with on(2026, 2, 20):
        campaign = campaign_create(actor=actor, name=name, starts_on=starts_on, ends_on=ends_on, description="集中清理涉民生案件")
        if cases:
            campaign_cases_add(actor=actor, campaign_id=campaign.pk, case_ids=[c.pk for c in cases])
    if launch and cases:
        with on(starts_on.year, starts_on.month, starts_on.day, 9):
            campaign_start(actor=actor, campaign_id=campaign.pk)
    return Campaign.objects.get(pk=campaign.pk)


def entry_of(campaign: Campaign, case: EnforcementCase) -> CampaignCase:
    return CampaignCase.objects.get(campaign=campaign, case=case)
