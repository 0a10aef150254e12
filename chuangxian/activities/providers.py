"""What the activities app offers other apps: the member's home-page to-do item."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.activities.selectors import member_attended_in_campaign, member_is_active
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.orgs.permissions import member_for


def activity_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    """「一位教师一次活动」: an active member with no attended activity in ``campaign`` is told so."""
    member = member_for(user)
    if member is None or member.tenant_id != campaign.tenant_id or not member_is_active(member):
        return []
    if member_attended_in_campaign(member, campaign):
        return []
    return [
        TodoItem(
            title=_("您还没有参加过活动"),
            url=reverse("activities:list"),
            detail=_("一位教师一次活动：报名并参加至少一项活动。"),
        )
    ]
