"""The disclosure to-do: the responsible office (an answering role at an item's responsible unit, or
a handler grant on the item) is told of the unanswered questions, one line per item; two queries."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.disclosure.selectors import open_questions_for


def disclosure_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    return [
        TodoItem(
            title=_("答复校务公开提问（%(n)s 个）：%(title)s") % {"n": n, "title": item.title},
            url=reverse("disclosure:detail", args=[item.pk]),
        )
        for item, n in open_questions_for(user, campaign.tenant_id)
    ]
