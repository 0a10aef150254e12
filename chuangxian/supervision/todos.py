"""Home-page to-dos from unit tasks: what a unit still owes, for its responsible person and officers;
for the office, how many submissions wait for review."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.assignments.selectors import (
    OWED,
    unit_task_rows,
    unit_tasks_awaiting_review,
    unit_tasks_open_for,
)
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.orgs.permissions import member_for, officer_unit_ids
from chuangxian.supervision.permissions import can_supervise


def unit_task_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    items: list[TodoItem] = []
    member = member_for(user)
    if member is not None:
        officer_units = officer_unit_ids(user)
        unit_tasks = unit_tasks_open_for(
            tenant_id=member.tenant_id, campaign=campaign, member_id=member.pk, unit_ids=officer_units
        )
        for row in unit_task_rows(unit_tasks, campaign):
            if row.status.base not in OWED:
                continue
            items.append(
                TodoItem(
                    title=_("%(task)s（%(unit)s）") % {"task": row.task.title, "unit": row.unit.name},
                    url=reverse("assignments:unit_task", args=[row.unit_task.pk]),
                    due=row.status.due,
                    detail=row.status.label,
                )
            )
    if can_supervise(user):
        waiting = unit_tasks_awaiting_review(tenant_id=campaign.tenant_id, campaign=campaign)
        if waiting:
            items.append(
                TodoItem(
                    title=_("有 %(n)d 项单位任务待审核") % {"n": waiting},
                    url=reverse("supervision:index") + f"?campaign={campaign.pk}",
                )
            )
    return items
