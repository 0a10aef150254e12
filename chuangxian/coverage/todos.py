"""Home-page to-do for a chair or liaison: who in their unit still owes a pledge or an activity."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.selectors import phase_current
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.coverage.selectors import Missing, figures_for_units
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for, officer_unit_ids


def officer_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is None or member.tenant_id != campaign.tenant_id:
        return []
    unit_ids = officer_unit_ids(user)
    if not unit_ids:
        return []
    current = phase_current(campaign)
    if current is None or not {PhaseAction.PLEDGE, PhaseAction.ACTIVITY} & set(current.phase.actions):
        return []
    units = list(Unit.objects.filter(tenant_id=campaign.tenant_id, pk__in=unit_ids, is_active=True))
    items = []
    for unit, figures in figures_for_units(campaign, units):
        if not figures.incomplete:
            continue
        items.append(
            TodoItem(
                title=_("本单位还有 %(n)d 人未完成承诺或活动") % {"n": figures.incomplete},
                url=reverse("coverage:unit", args=[unit.pk]) + f"?missing={Missing.ANY}",
                due=current.phase.ends_on,
                detail=_("%(unit)s：%(p)d 人未公示承诺，%(a)d 人未参加活动。")
                % {"unit": unit.name, "p": figures.without_pledge, "a": figures.without_activity},
            )
        )
    return items
