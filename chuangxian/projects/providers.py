"""What the projects app offers other apps: the chair's and liaison's home-page to-do item."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import PhaseClosedError, phase_require_open
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for, officer_unit_ids
from chuangxian.projects.selectors import unit_ids_with_projects


def project_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    """ "本单位还没有项目" for each unit the user chairs or liaises for, while the window is open."""
    member = member_for(user)
    if member is None or member.tenant_id != campaign.tenant_id:
        return []
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return []
    have = unit_ids_with_projects(campaign, unit_ids)
    missing = [u for u in unit_ids if u not in have]
    items = []
    for unit in Unit.objects.filter(tenant_id=campaign.tenant_id, pk__in=missing).order_by("path"):
        try:
            phase = phase_require_open(campaign=campaign, action=PhaseAction.PROJECT, unit=unit)
        except PhaseClosedError:
            continue
        items.append(
            TodoItem(
                title=_("本单位还没有项目"),
                url=reverse("projects:create", args=[unit.pk]),
                due=phase.ends_on,
                detail=_("%(unit)s：请登记本单位的工会项目（一个分工会一个项目）。") % {"unit": unit.name},
            )
        )
    return items
