"""The appeals' home-page to-dos: a handler is told how many appeals wait to be accepted or answered
(and how many are past their deadline); a member is told how many answers wait for their rating.
One query, whatever the number of appeals."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.appeals.models import OPEN_STATUSES, Appeal, AppealStatus
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
    mine = Q(submitter=member, status=AppealStatus.ANSWERED)
    counts = {"to_rate": Count("id", filter=mine)}
    where = mine
    if may_use_inbox(user):
        handled = inbox_q(user)
        where |= handled & Q(status__in=OPEN_STATUSES)
        counts |= {
            "waiting": Count("id", filter=handled & Q(status=AppealStatus.SUBMITTED)),
            "answering": Count("id", filter=handled & Q(status=AppealStatus.ACCEPTED)),
            "overdue": Count("id", filter=handled & Q(status__in=OPEN_STATUSES, due_on__lt=clock.today())),
        }
    found = Appeal.objects.filter(where, tenant_id=member.tenant_id).aggregate(**counts)
    items = []
    if found.get("waiting") or found.get("answering"):
        detail = _("其中 %(n)s 条已超过答复期限") % {"n": found["overdue"]} if found["overdue"] else ""
        items.append(
            TodoItem(
                title=_("诉求：%(waiting)s 条待受理，%(answering)s 条待答复")
                % {"waiting": found["waiting"], "answering": found["answering"]},
                url=reverse("appeals:inbox"),
                detail=detail,
            )
        )
    if found["to_rate"]:
        items.append(
            TodoItem(
                title=_("您有 %(n)s 条诉求的答复待评价") % {"n": found["to_rate"]},
                url=reverse("appeals:index"),
            )
        )
    return items
