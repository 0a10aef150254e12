"""The plans services on the permission table (``tests/service_permissions``).

The plan is 文学与传播学院's (the college), so its chair and liaison are the unit's managers and
数学与计算机科学学院's chair is the wrong unit. Who may act (``plans.permissions``):

- writing and submitting the plan: whoever manages the unit (its officers, the office, the platform
  admin, the system);
- approving or returning it: a person of the office, or the admin; never the system (a review names
  its reviewer).

Submissions happen inside phase 1 of the seed campaign, whose window allows unit plans.
"""

from collections.abc import Callable
from typing import Any

import time_machine

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.plans.models import UnitPlan
from chuangxian.plans.services import (
    PlanContent,
    plan_approve,
    plan_return,
    plan_save_and_submit,
    plan_save_draft,
    plan_submit,
)
from tests.service_permissions.harness import MANAGERS, ServiceCase, World

IN_PHASE_1 = "2010-12-20 10:00 +0800"
CONTENT = PlanContent(goals="建设模范职工之家", measures="每月一次学习会", schedule="12月完成动员")
EDITORS = MANAGERS | {"admin"}  # whoever manages the college
REVIEWERS = {"office", "admin"}  # people only


def _in_phase1(act: Callable[[], Any]) -> Any:
    with time_machine.travel(IN_PHASE_1, tick=False):
        return act()


def _campaign(w: World) -> Campaign:
    return make_campaign(w.tree.tenant)


def _draft(w: World) -> UnitPlan:
    return plan_save_draft(
        unit=w.tree.college, campaign=_campaign(w), content=CONTENT, actor=w.personas.chair
    )


def _submitted(w: World) -> UnitPlan:
    draft = _draft(w)
    return _in_phase1(lambda: plan_submit(plan=draft, actor=w.personas.chair))


CASES = [
    ServiceCase(
        service=plan_save_draft,
        allowed=EDITORS,
        arrange=_campaign,
        act=lambda w, campaign, actor: plan_save_draft(
            unit=w.tree.college, campaign=campaign, content=CONTENT, actor=actor
        ),
    ),
    ServiceCase(
        service=plan_submit,
        allowed=EDITORS,
        arrange=_draft,
        act=lambda w, plan, actor: _in_phase1(lambda: plan_submit(plan=plan, actor=actor)),
    ),
    ServiceCase(
        service=plan_save_and_submit,
        allowed=EDITORS,
        arrange=_campaign,
        act=lambda w, campaign, actor: _in_phase1(
            lambda: plan_save_and_submit(unit=w.tree.college, campaign=campaign, content=CONTENT, actor=actor)
        ),
    ),
    ServiceCase(
        service=plan_approve,
        allowed=REVIEWERS,
        arrange=_submitted,
        act=lambda w, plan, actor: plan_approve(plan=plan, actor=actor),
    ),
    ServiceCase(
        service=plan_return,
        allowed=REVIEWERS,
        arrange=_submitted,
        act=lambda w, plan, actor: plan_return(plan=plan, comment="请补充进度安排", actor=actor),
    ),
]
