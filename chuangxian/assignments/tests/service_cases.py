"""The assignments services on the permission table (``tests/service_permissions``).

Every record is in 文学与传播学院 (the college), so its chair and liaison are the unit's officers and
数学与计算机科学学院's chair is the wrong unit. Who may act (``assignments.permissions``):

- defining tasks (create, update, delete, defaults, sync) and naming the responsible person: the
  office, the platform admin, the system (the demo loader sets up the default tasks);
- starting, submitting, marking done: whoever manages the unit (its officers, the office, the admin,
  the system) or the task's responsible person;
- reviewing: a person of the office, or the admin; never the system (a review names its reviewer).

Submissions happen inside phase 1 of the seed campaign (``PHASE1_DAY``), so an allowed call succeeds.
"""

import io
from collections.abc import Callable
from typing import Any

import time_machine

from chuangxian.assignments.evidence import EvidenceKind
from chuangxian.assignments.models import ReviewBy, Task, UnitTask
from chuangxian.assignments.services import (
    campaign_tasks_sync,
    task_create,
    task_delete,
    task_update,
    tasks_create_defaults,
    unit_task_mark_done,
    unit_task_review,
    unit_task_set_responsible,
    unit_task_start,
    unit_task_submit,
    unit_tasks_sync,
)
from chuangxian.assignments.tests.factories import PDF, PHASE1_DAY
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.models import UnitCategory
from chuangxian.orgs.tests.factories import make_unit
from tests.service_permissions.harness import MANAGERS, OFFICE, ServiceCase, World

DEFINERS = OFFICE | {"admin"}  # the tenant's office, the platform admin, the system
SUBMITTERS = MANAGERS | {"admin"}  # whoever manages the college
REVIEWERS = {"office", "admin"}  # people only


def _in_phase1(act: Callable[[], Any]) -> Any:
    with time_machine.travel(PHASE1_DAY, tick=False):
        return act()


def _campaign(w: World) -> Campaign:
    return make_campaign(w.tree.tenant)


def _task(w: World, **fields: Any) -> Task:
    campaign = _campaign(w)
    return task_create(
        campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=SYSTEM, **fields
    )


def _college_task(w: World, **fields: Any) -> UnitTask:
    return UnitTask.objects.get(task=_task(w, **fields), unit=w.tree.college)


def _with_new_unit(w: World) -> Task:
    """A task, then a new college that the next sync gives its unit task."""
    task = _task(w)
    make_unit(w.tree.tenant, "新建学院", w.tree.root, category=UnitCategory.COLLEGE)
    return task


def _member_responsible(w: World) -> UnitTask:
    unit_task = _college_task(w)
    return unit_task_set_responsible(unit_task=unit_task, member=w.personas.member_row, actor=SYSTEM)


def _submit(unit_task: UnitTask, actor: Any) -> UnitTask:
    return _in_phase1(
        lambda: unit_task_submit(
            unit_task=unit_task, document=io.BytesIO(PDF), document_name="材料.pdf", actor=actor
        )
    )


def _submitted(w: World) -> UnitTask:
    return _submit(_college_task(w), w.personas.chair)


def _free_task(w: World) -> UnitTask:
    return _college_task(w, evidence_kind=EvidenceKind.NONE, review_by=ReviewBy.NONE)


CASES = [
    ServiceCase(
        service=task_create,
        allowed=DEFINERS,
        arrange=_campaign,
        act=lambda w, campaign, actor: task_create(
            campaign=campaign, phase=campaign.phases.get(order=1), title="上传材料", actor=actor
        ),
    ),
    ServiceCase(
        service=task_update,
        allowed=DEFINERS,
        arrange=_task,
        act=lambda w, task, actor: task_update(task=task, title="上传总结材料", actor=actor),
    ),
    ServiceCase(
        service=task_delete,
        allowed=DEFINERS,
        arrange=_task,
        act=lambda w, task, actor: task_delete(task=task, actor=actor),
    ),
    ServiceCase(
        service=tasks_create_defaults,
        allowed=DEFINERS,
        arrange=_campaign,
        act=lambda w, campaign, actor: tasks_create_defaults(campaign=campaign, actor=actor),
    ),
    ServiceCase(
        service=unit_tasks_sync,
        allowed=DEFINERS,
        arrange=_with_new_unit,
        act=lambda w, task, actor: unit_tasks_sync(task=task, actor=actor),
    ),
    ServiceCase(
        service=campaign_tasks_sync,
        allowed=DEFINERS,
        arrange=_with_new_unit,
        act=lambda w, task, actor: campaign_tasks_sync(campaign=task.campaign, actor=actor),
    ),
    ServiceCase(
        service=unit_task_set_responsible,
        allowed=DEFINERS,
        arrange=_college_task,
        act=lambda w, unit_task, actor: unit_task_set_responsible(
            unit_task=unit_task, member=w.personas.member_row, actor=actor
        ),
    ),
    ServiceCase(
        service=unit_task_start,
        allowed=SUBMITTERS,
        arrange=_college_task,
        act=lambda w, unit_task, actor: unit_task_start(unit_task=unit_task, actor=actor),
    ),
    ServiceCase(
        service=unit_task_submit,
        allowed=SUBMITTERS,
        arrange=_college_task,
        act=lambda w, unit_task, actor: _submit(unit_task, actor),
    ),
    ServiceCase(
        # Naming a 责任人 delegates the task: the plain member may now submit it (for the unit).
        service=unit_task_submit,
        name="member_responsible",
        allowed=SUBMITTERS | {"member"},
        arrange=_member_responsible,
        act=lambda w, unit_task, actor: _submit(unit_task, actor),
    ),
    ServiceCase(
        service=unit_task_mark_done,
        allowed=SUBMITTERS,
        arrange=_free_task,
        act=lambda w, unit_task, actor: _in_phase1(
            lambda: unit_task_mark_done(unit_task=unit_task, actor=actor)
        ),
    ),
    ServiceCase(
        service=unit_task_review,
        allowed=REVIEWERS,
        arrange=_submitted,
        act=lambda w, unit_task, actor: unit_task_review(
            unit_task=unit_task, approve=False, comment="请补充照片", actor=actor
        ),
    ),
]
