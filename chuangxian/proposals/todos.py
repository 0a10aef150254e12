"""Proposals' to-dos on the home page: for a representative, the invitations to co-sign and the
answers waiting for their rating; for a handling office, the proposals it has to answer (overdue
ones first); for a congress's committee, the submitted proposals waiting for its decision. Four
queries at most, whatever the numbers."""

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.congress.permissions import can_manage_congress
from chuangxian.core.actors import Actor
from chuangxian.core.roles import Role
from chuangxian.orgs.permissions import roles_of
from chuangxian.proposals.models import Proposal, Status
from chuangxian.proposals.selectors import work_of


def proposal_todos(actor: Actor, campaign: Campaign) -> list[TodoItem]:
    page = work_of(actor)
    if not page.get("today"):
        return []
    items = [
        TodoItem(
            title=_("确认是否附议提案：%(title)s") % {"title": row.proposal.title},
            url=reverse("proposals:detail", args=[row.proposal.pk]),
            detail=_("提案人：%(name)s") % {"name": row.proposal.proposer.name},
        )
        for row in page["invitations"]
    ]
    items += [
        TodoItem(
            title=_("评价提案的答复：%(title)s") % {"title": p.title},
            url=reverse("proposals:detail", args=[p.pk]),
        )
        for p in page["to_rate"]
    ]
    items += [
        TodoItem(
            title=_("答复提案：%(title)s") % {"title": p.title},
            url=reverse("proposals:detail", args=[p.pk]),
            due=p.deadline,
            detail=_("已逾期") if p.deadline and p.deadline < page["today"] else "",
        )
        for p in page["to_handle"]
    ]
    if not roles_of(actor) & {Role.OFFICE, Role.CHAIR, Role.LIAISON}:
        return items  # only a congress's organisers decide (no query for anyone else)
    waiting = [
        p
        for p in Proposal.objects.filter(tenant_id=campaign.tenant_id, status=Status.SUBMITTED)
        .select_related("session__congress__unit")
        .order_by("submitted_at", "pk")[:50]
        if can_manage_congress(actor, p.session.congress)
    ]
    items += [
        TodoItem(
            title=_("审查提案：%(title)s") % {"title": p.title},
            url=reverse("proposals:detail", args=[p.pk]),
        )
        for p in waiting
    ]
    return items
