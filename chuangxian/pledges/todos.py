"""Home-page to-do: a member without a pledge while the pledge window is open."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import PhaseClosedError, phase_require_open
from chuangxian.campaigns.todos import TodoItem
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.permissions import member_for
from chuangxian.pledges.models import Pledge


def pledge_todos(user: Any, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is None or member.status != MemberStatus.ACTIVE or member.tenant_id != campaign.tenant_id:
        return []
    try:
        phase = phase_require_open(campaign=campaign, action=PhaseAction.PLEDGE, unit=member.unit)
    except PhaseClosedError:
        return []
    if Pledge.objects.filter(tenant_id=member.tenant_id, campaign=campaign, member=member).exists():
        return []
    return [TodoItem(title=_("您还没有提交承诺"), url=reverse("pledges:write"), due=phase.ends_on)]
