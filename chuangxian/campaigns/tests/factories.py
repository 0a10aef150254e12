from datetime import date

from chuangxian.campaigns.models import Campaign, CampaignStatus, PhaseAction
from chuangxian.campaigns.services import CampaignSpec, PhaseSpec, campaign_create, campaign_set_status
from chuangxian.core.actors import SYSTEM
from chuangxian.core.models import Tenant

SEED_PHASES = [
    PhaseSpec(
        "宣传发动，制定方案",
        date(2010, 12, 15),
        date(2010, 12, 31),
        [PhaseAction.MEETING, PhaseAction.STUDY, PhaseAction.UNIT_PLAN],
    ),
    PhaseSpec(
        "创先争优，扎实推进",
        date(2011, 1, 1),
        date(2011, 12, 31),
        [PhaseAction.PROJECT, PhaseAction.PLEDGE, PhaseAction.ACTIVITY, PhaseAction.NOMINATION],
    ),
    PhaseSpec(
        "树立典型，注重特色",
        date(2012, 1, 1),
        date(2012, 7, 31),
        [PhaseAction.BRAND, PhaseAction.EXEMPLAR, PhaseAction.NOMINATION, PhaseAction.ACTIVITY],
    ),
    PhaseSpec(
        "总结经验，巩固成果", date(2012, 8, 1), date(2012, 11, 8), [PhaseAction.SUMMARY, PhaseAction.OUTCOME]
    ),
]


def make_campaign(tenant: Tenant, *, active: bool = True, phases: list[PhaseSpec] | None = None) -> Campaign:
    campaign = campaign_create(
        tenant=tenant,
        spec=CampaignSpec(
            title="创先争优活动",
            doc_number="泉师院委组工〔2010〕22号",
            theme="党建带工建、工建服务党建",
            themes=["师德建设常态化", "教学竞赛常规化"],
            phases=phases or SEED_PHASES,
        ),
        actor=SYSTEM,
    )
    if active:
        campaign = campaign_set_status(campaign=campaign, status=CampaignStatus.ACTIVE, actor=SYSTEM)
    return campaign
