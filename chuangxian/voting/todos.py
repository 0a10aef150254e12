"""Home-page to-do: an open poll the member may vote in and has not yet."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.orgs.permissions import member_for
from chuangxian.voting.selectors import polls_to_vote


def voting_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is None or member.tenant_id != campaign.tenant_id:
        return []
    return [
        TodoItem(
            title=_("请投票：%(title)s") % {"title": poll.title},
            url=reverse("voting:vote", args=[poll.pk]),
            due=timezone.localtime(poll.closes_at).date(),
        )
        for poll in polls_to_vote(member)
    ]
