"""Home-page to-dos while the pledge window is open: a member without a pledge, pledges waiting for
the review of a chair or liaison (审诺), and reported pledges waiting for the user's rating (评诺)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import PhaseClosedError, phase_require_open
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.orgs.permissions import member_for, officer_unit_ids
from chuangxian.pledges.models import Pledge
from chuangxian.pledges.selectors import pledge_review_queue, pledges_to_rate


def pledge_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is not None and (
        member.status != MemberStatus.ACTIVE or member.tenant_id != campaign.tenant_id
    ):
        return []
    if member is None and user.tenant_id != campaign.tenant_id:
        return []
    try:
        phase = phase_require_open(
            campaign=campaign, action=PhaseAction.PLEDGE, unit=member.unit if member else None
        )
    except PhaseClosedError:
        return []
    items = []
    if (
        member is not None
        and not Pledge.objects.filter(tenant_id=member.tenant_id, campaign=campaign, member=member).exists()
    ):
        items.append(TodoItem(title=_("您还没有提交承诺"), url=reverse("pledges:write"), due=phase.ends_on))
    items.extend(_review_todos(user, campaign, member, phase.ends_on))
    waiting = pledges_to_rate(user=user, campaign=campaign, rated=False).order_by().count()
    if waiting:
        items.append(
            TodoItem(
                title=_("有 %(n)s 份承诺等待您评议") % {"n": waiting},
                url=reverse("pledges:to_rate"),
                due=phase.ends_on,
            )
        )
    return items


def _review_todos(user: Actor, campaign: Campaign, member: Member | None, due: date) -> list[TodoItem]:
    """「本单位有 N 份承诺待审核」 for each unit the user chairs or liaises for (their own excluded)."""
    unit_ids = officer_unit_ids(user)
    items = []
    for unit in Unit.objects.filter(tenant_id=campaign.tenant_id, pk__in=unit_ids, is_active=True).order_by(
        "path"
    ):
        waiting = pledge_review_queue(unit=unit, campaign=campaign, reviewer=member).order_by().count()
        if waiting:
            items.append(
                TodoItem(
                    title=_("%(unit)s有 %(n)s 份承诺待审核") % {"unit": unit.name, "n": waiting},
                    url=reverse("pledges:queue", args=[unit.pk]),
                    due=due,
                )
            )
    return items
