"""The appeals' home-page to-dos: a handler is told how many appeals wait to be accepted or answered
(and how many are past their deadline); a member is told which answers wait for their rating. Two
queries at most, whatever the number of appeals."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.appeals.models import Appeal, AppealStatus
from chuangxian.appeals.permissions import may_use_inbox
from chuangxian.appeals.selectors import inbox_q
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.orgs.permissions import member_for


def appeals_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is None or member.tenant_id != campaign.tenant_id:
        return []
    items = []
    if may_use_inbox(user):
        counts = (
            Appeal.objects.filter(tenant_id=member.tenant_id)
            .filter(inbox_q(user))
            .aggregate(
                waiting=Count("id", filter=Q(status=AppealStatus.SUBMITTED)),
                answering=Count("id", filter=Q(status=AppealStatus.ACCEPTED)),
                overdue=Count(
                    "id",
                    filter=Q(
                        status__in=[AppealStatus.SUBMITTED, AppealStatus.ACCEPTED], due_on__lt=clock.today()
                    ),
                ),
            )
        )
        if counts["waiting"] or counts["answering"]:
            detail = _("其中 %(n)s 条已超过答复期限") % {"n": counts["overdue"]} if counts["overdue"] else ""
            items.append(
                TodoItem(
                    title=_("诉求：%(waiting)s 条待受理，%(answering)s 条待答复")
                    % {"waiting": counts["waiting"], "answering": counts["answering"]},
                    url=reverse("appeals:inbox"),
                    detail=detail,
                )
            )
    to_rate = list(
        Appeal.objects.filter(tenant_id=member.tenant_id, submitter=member, status=AppealStatus.ANSWERED)
        .only("id", "tenant_id", "subject")
        .order_by("pk")[:5]
    )
    for appeal in to_rate:
        items.append(
            TodoItem(
                title=_("请评价诉求「%(subject)s」的答复") % {"subject": appeal.subject},
                url=reverse("appeals:detail", args=[appeal.pk]),
            )
        )
    return items
