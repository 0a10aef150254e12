"""The projects' write services on the permission table (tests/service_permissions).

Every project belongs to 文学与传播学院, so its chair and liaison (and the office above them, the
platform admin and the system: ``can_manage_unit``) manage it and the sibling college's chair may
not. The clock stands in phase 2 (the PROJECT window) for the arrangement and the
call alike.
"""

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import time_machine

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.projects.models import Milestone, Project
from chuangxian.projects.services import (
    Upload,
    milestone_add,
    milestone_complete,
    milestone_reopen,
    milestone_update,
    project_create,
    project_update,
    project_update_add,
)
from chuangxian.projects.tests.conftest import IN_PHASE_2, data_for, png
from tests.service_permissions.harness import ServiceCase, World

MANAGERS = {"chair", "liaison", "office", "admin", "system"}  # can_manage_unit of the college

T = TypeVar("T")


def in_phase_2(call: Callable[[], T]) -> T:
    with time_machine.travel(IN_PHASE_2, tick=False):
        return call()


def _campaign(w: World) -> Campaign:
    return make_campaign(w.tree.tenant)


def _project(w: World) -> Project:
    campaign = _campaign(w)
    return in_phase_2(
        lambda: project_create(
            unit=w.tree.college,
            campaign=campaign,
            data=data_for(campaign, w.personas.chair_row, participants=(w.personas.member_row,)),
            actor=SYSTEM,
        )
    )


def _milestone(w: World, *, done: bool = False) -> Milestone:
    project = _project(w)

    def arrange() -> Milestone:
        milestone = milestone_add(
            project=project, title="启动", due_on=date(2011, 4, 1), weight=1, actor=SYSTEM
        )
        if done:
            milestone = milestone_complete(milestone=milestone, done_on=date(2011, 2, 28), actor=SYSTEM)
        return milestone

    return in_phase_2(arrange)


CASES = [
    ServiceCase(
        service=project_create,
        allowed=MANAGERS,
        arrange=_campaign,
        act=lambda w, campaign, actor: in_phase_2(
            lambda: project_create(
                unit=w.tree.college,
                campaign=campaign,
                data=data_for(campaign, w.personas.chair_row),
                actor=actor,
            )
        ),
    ),
    ServiceCase(
        service=project_update,
        allowed=MANAGERS,
        arrange=_project,
        act=lambda w, project, actor: in_phase_2(
            lambda: project_update(
                project=project,
                data=data_for(project.campaign, w.personas.chair_row, title="师德讲堂（第二季）"),
                actor=actor,
            )
        ),
    ),
    ServiceCase(
        service=milestone_add,
        allowed=MANAGERS,
        arrange=_project,
        act=lambda w, project, actor: in_phase_2(
            lambda: milestone_add(
                project=project, title="首讲", due_on=date(2011, 4, 1), weight=2, actor=actor
            )
        ),
    ),
    ServiceCase(
        service=milestone_update,
        allowed=MANAGERS,
        arrange=_milestone,
        act=lambda w, milestone, actor: in_phase_2(
            lambda: milestone_update(
                milestone=milestone, title="启动会", due_on=date(2011, 4, 8), weight=3, actor=actor
            )
        ),
    ),
    ServiceCase(
        service=milestone_complete,
        allowed=MANAGERS,
        arrange=_milestone,
        act=lambda w, milestone, actor: in_phase_2(
            lambda: milestone_complete(milestone=milestone, actor=actor)
        ),
    ),
    ServiceCase(
        service=milestone_reopen,
        allowed=MANAGERS,
        arrange=lambda w: _milestone(w, done=True),
        act=lambda w, milestone, actor: in_phase_2(
            lambda: milestone_reopen(milestone=milestone, actor=actor)
        ),
    ),
    ServiceCase(
        service=project_update_add,
        allowed=MANAGERS,
        arrange=_project,
        act=lambda w, project, actor: in_phase_2(
            lambda: project_update_add(
                project=project,
                day=date(2011, 3, 1),
                text="首讲已举办",
                uploads=[Upload(name="现场.png", content=png())],
                actor=actor,
            )
        ),
    ),
]
