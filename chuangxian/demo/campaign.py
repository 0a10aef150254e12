"""The seed's campaign (泉师院委组工〔2010〕22号) as a CampaignSpec, its dates moved to the demo's day.

The document's own dates are kept as each phase's reference dates; the live dates are all shifted by
one offset, chosen so that the demo's as-of day falls about a third of the way into phase 2
(创先争优，扎实推进): projects, pledges and activities are under way, nothing is finished yet.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from chuangxian.campaigns.models import PhaseAction
from chuangxian.campaigns.services import CampaignSpec, PhaseSpec

SEED_PATH = Path(__file__).resolve().parent / "data" / "seed.txt"
SEED_FILENAME = "泉师院委组工2010-22号-创先争优活动实施方案.txt"

TITLE = "关于在工会组织和广大教职工中深入开展创先争优活动的实施方案"
SHORT_TITLE = "创先争优活动"
DOC_NUMBER = "泉师院委组工〔2010〕22号"
THEME = "党建带工建、工建服务党建"

# Seed §二, the general requirement and the four "相结合" of the campaign.
GOALS = "\n".join(
    (
        "紧紧围绕“推动科学发展、促进社会和谐、服务人民群众、加强基层组织”的总体要求，"
        "以“党建带工建、工建服务党建”为主题，以创建“模范职工之家”、建设“学习型工会组织”、"
        "争当“优秀工会工作者”、“劳动模范”和“先进工作者”为主要内容，"
        "以服务学校发展、服务教职工群众为基准目标，努力形成学习先进、崇尚先进、争当先进的热潮。",
        "一、与大力弘扬劳模精神、团结动员广大教职工为促进学校跨越发展建功立业相结合。",
        "二、与服务教职工、解决教职工最关心最直接最现实的利益问题相结合："
        "倾听教职工的意愿和诉求，为教职工办好事、办实事、解难事，组织丰富多彩的业余文化体育活动。",
        "三、与加强二级工会组织建设相结合：坚持分类指导，找准二级工会开展活动、发挥作用的着力点。",
    )
)

# Seed §六(二): the six themed practice activities.
THEMES = (
    "完善民主管理制度",
    "党政工共建模范之家",
    "健全基层工会组织",
    "师德建设常态化",
    "教学竞赛常规化",
    "科研立项上层次",
)


@dataclass(frozen=True)
class SeedPhase:
    name: str
    ref_starts_on: date
    ref_ends_on: date
    actions: tuple[str, ...]
    summary: str


# Seed §六, the four steps. Phase 4 ends the day the 18th Party Congress opened (2012-11-08).
SEED_PHASES: tuple[SeedPhase, ...] = (
    SeedPhase(
        "宣传发动，制定方案",
        date(2010, 12, 15),
        date(2010, 12, 31),
        (PhaseAction.MEETING, PhaseAction.STUDY, PhaseAction.UNIT_PLAN),
        "一是动员部署。各二级工会、直属工会小组要召开全体教职工动员大会，组织学习有关文件，"
        "明确“党建带工建，工建服务党建”的活动主题，统一思想，大力营造履职尽责创先进，"
        "立足岗位争优秀的浓厚氛围。二是制定方案。在党总支开展创先争优活动的基础上，"
        "结合本单位的实际，制定工会活动方案。",
    ),
    SeedPhase(
        "创先争优，扎实推进",
        date(2011, 1, 1),
        date(2011, 12, 31),
        (PhaseAction.PROJECT, PhaseAction.PLEDGE, PhaseAction.ACTIVITY, PhaseAction.NOMINATION),
        "各二级工会、直属工会小组要结合工会职责，以扎实推进“完善民主管理制度”、“党政工共建模范之家”、"
        "“健全基层工会组织”、“师德建设常态化”、“教学竞赛常规化”“科研立项上层次”等主题实践活动的开展，"
        "立足岗位，比学习、比工作、比贡献，通过“一个分工会一个项目，一个岗位一个承诺，"
        "一位教师一次活动”来落实。各单位可报送1—2个项目参加校工会创先争优优秀项目的评选。",
    ),
    SeedPhase(
        "树立典型，注重特色",
        date(2012, 1, 1),
        date(2012, 7, 31),
        (PhaseAction.BRAND, PhaseAction.EXEMPLAR, PhaseAction.NOMINATION, PhaseAction.ACTIVITY),
        "各二级工会、直属工会小组要在党总支“一个总支一品牌，百名党员百件事”活动经验的基础上，"
        "把品牌活动推广到全体教师、全体工会会员。在全体教师、全体工会会员中树立典型，"
        "并结合本单位实际和特点，做出特色，突出特色。届时校工会将组织评选创先争优先进个人。",
    ),
    SeedPhase(
        "总结经验，巩固成果",
        date(2012, 8, 1),
        date(2012, 11, 8),
        (PhaseAction.SUMMARY, PhaseAction.OUTCOME),
        "各二级工会、直属工会小组要对开展创先争优活动进行全面的总结，总结好的经验，好的做法。"
        "发现不足，进一步明确今后的努力方向。巩固成果，宣传成果。"
        "进一步对开展创先争优活动的经验、成果进行理论提升，形成理论成果，并加以宣传和推广。",
    ),
)

CURRENT_PHASE = 2  # the phase the as-of day falls in
CURRENT_PHASE_FRACTION = 1 / 3  # how far into it


def date_offset(as_of: date) -> timedelta:
    """The shift from the seed's dates to the live ones that puts ``as_of`` a third into phase 2."""
    phase = SEED_PHASES[CURRENT_PHASE - 1]
    length = (phase.ref_ends_on - phase.ref_starts_on).days + 1
    day_in_phase = int(length * CURRENT_PHASE_FRACTION)  # 0-based: 121 of 365
    live_start = as_of - timedelta(days=day_in_phase)
    return live_start - phase.ref_starts_on


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def seed_campaign_spec(as_of: date) -> CampaignSpec:
    offset = date_offset(as_of)
    return CampaignSpec(
        title=TITLE,
        short_title=SHORT_TITLE,
        doc_number=DOC_NUMBER,
        theme=THEME,
        goals=GOALS,
        founding_text=seed_text(),
        themes=THEMES,
        phases=tuple(
            PhaseSpec(
                name=phase.name,
                starts_on=phase.ref_starts_on + offset,
                ends_on=phase.ref_ends_on + offset,
                actions=phase.actions,
                summary=phase.summary,
                ref_starts_on=phase.ref_starts_on,
                ref_ends_on=phase.ref_ends_on,
            )
            for phase in SEED_PHASES
        ),
    )
