"""Home-page to-dos: the study documents a member has not confirmed yet."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.permissions import member_for
from chuangxian.study.selectors import study_documents_for_member


def study_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is None or member.status != MemberStatus.ACTIVE or member.tenant_id != campaign.tenant_id:
        return []
    # A to-do shows the title and the due date: not the documents' bodies.
    documents = study_documents_for_member(member, campaign, unconfirmed_only=True).only(
        "tenant_id", "title", "due_on"
    )
    return [
        TodoItem(
            title=_("学习文件：%(title)s") % {"title": document.title},
            url=reverse("study:detail", args=[document.pk]),
            due=document.due_on,
        )
        for document in documents[:20]
    ]
