"""A small coverage world on the shared tree (see the root conftest):

文学与传播学院 (college): chair, liaison and 学院会员 甲/乙 directly, 普通会员 in 中文系工会小组;
数学与计算机科学学院 (college): its chair and 数计会员; 图书馆 (support): 馆员; the root: office, leader.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from chuangxian.activities.models import Activity, ActivityKind, ActivityStatus, Attendance, AttendanceMethod
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.pledges.models import Pledge, PledgeStatus
from chuangxian.projects.models import Project

IN_PHASE_2 = "2011-03-10 10:00 +0800"


@pytest.fixture
def phase2():
    with time_machine.travel(IN_PHASE_2, tick=False) as traveller:
        yield traveller


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


def pledge(campaign: Campaign, member: Member, status: str = PledgeStatus.PUBLISHED) -> Pledge:
    return Pledge.objects.create(
        tenant_id=campaign.tenant_id,
        campaign=campaign,
        member=member,
        unit=member.unit,
        content="每周答疑两次",
        due_on=date(2011, 7, 1),
        check_standard="学生评教",
        status=status,
    )


def activity(campaign: Campaign, unit: Unit, **fields: Any) -> Activity:
    start = timezone.make_aware(timezone.datetime(2011, 3, 5, 14, 0))
    data: dict[str, Any] = {
        "tenant_id": campaign.tenant_id,
        "campaign": campaign,
        "unit": unit,
        "kind": ActivityKind.CONTEST,
        "title": "青年教师教学竞赛",
        "starts_at": start,
        "ends_at": start,
        "signup_opens_at": start,
        "signup_closes_at": start,
        "whole_tenant": True,
        "status": ActivityStatus.PUBLISHED,
        **fields,
    }
    return Activity.objects.create(**data)


def attend(item: Activity, member: Member) -> Attendance:
    return Attendance.objects.create(
        tenant_id=item.tenant_id,
        activity=item,
        member=member,
        method=AttendanceMethod.TICKED,
        at=item.starts_at,
    )


def project(campaign: Campaign, unit: Unit) -> Project:
    return Project.objects.create(
        tenant_id=campaign.tenant_id,
        campaign=campaign,
        unit=unit,
        theme=campaign.themes.first(),
        title="项目",
        goals="目标",
    )


@dataclass
class World:
    campaign: Campaign
    college_a: Member
    college_b: Member
    sibling_member: Member
    librarian: Member
    retired: Member
    activity: Activity


@pytest.fixture
def world(tree, personas, campaign) -> World:
    college_a = MemberFactory(unit=tree.college, name="学院会员甲")
    college_b = MemberFactory(unit=tree.college, name="学院会员乙")
    sibling_member = MemberFactory(unit=tree.sibling, name="数计会员")
    librarian = MemberFactory(unit=tree.library, name="馆员")
    retired = MemberFactory(unit=tree.college, name="退休会员", status=MemberStatus.RETIRED)
    item = activity(campaign, tree.root)
    return World(campaign, college_a, college_b, sibling_member, librarian, retired, item)
