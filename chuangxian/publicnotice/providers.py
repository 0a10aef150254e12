"""The public notice's home-page to-dos: the office is told to publish the notice of a selection at
its notice stage, to answer open objections and to confirm the result once the period is over; a
holder of a selection's discipline-inspection grant is told to answer its open objections. Four
queries per campaign at most, whatever the number of selections, notices or objections."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import in_force
from chuangxian.orgs.permissions import is_office, member_for
from chuangxian.publicnotice.models import Objection, ObjectionStatus, PublicNotice
from chuangxian.selections.models import Selection, SelectionStatus, Stage


def publicnotice_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is None or member.tenant_id != campaign.tenant_id:
        return []
    tenant_id = campaign.tenant_id
    at_notice = list(
        Selection.objects.filter(
            tenant_id=tenant_id, campaign=campaign, status=SelectionStatus.OPEN, stage=Stage.NOTICE
        ).only("id", "tenant_id", "title")
    )
    if not at_notice:
        return []
    office = is_office(user)
    if office:
        mine = at_notice
    else:
        inspected = set(
            Grant.objects.filter(
                in_force(),
                tenant_id=tenant_id,
                kind=GrantKind.DISCIPLINE,
                member=member,
                target_type=ContentType.objects.get_for_model(Selection),
                target_id__in=[s.pk for s in at_notice],
            ).values_list("target_id", flat=True)
        )
        mine = [s for s in at_notice if s.pk in inspected]
    if not mine:
        return []
    latest: dict[int, PublicNotice] = {}
    for row in PublicNotice.objects.filter(tenant_id=tenant_id, selection__in=mine).order_by(
        "selection_id", "round_no"
    ):
        latest[row.selection_id] = row  # the last round of each selection wins
    pending = {
        row["notice__selection_id"]: row["n"]
        for row in Objection.objects.filter(
            tenant_id=tenant_id, notice__selection__in=mine, status=ObjectionStatus.OPEN
        )
        .values("notice__selection_id")
        .annotate(n=Count("id"))
    }
    items: list[TodoItem] = []
    today = clock.today()
    for selection in mine:
        notice = latest.get(selection.pk)
        if notice is None or notice.withdrawn_at is not None:
            if office:
                items.append(
                    TodoItem(
                        title=_("发布公示：%(title)s") % {"title": selection.title},
                        url=reverse("publicnotice:publish", args=[selection.pk]),
                    )
                )
            continue
        if pending.get(selection.pk):
            items.append(
                TodoItem(
                    title=_("答复公示异议（%(n)s 条）：%(title)s")
                    % {"n": pending[selection.pk], "title": selection.title},
                    url=reverse("publicnotice:detail", args=[notice.pk]),
                )
            )
        elif office and today > notice.ends_on:
            items.append(
                TodoItem(
                    title=_("公示期满，确认结果：%(title)s") % {"title": selection.title},
                    url=reverse("publicnotice:detail", args=[notice.pk]),
                )
            )
    return items
