"""The selections' home-page to-dos: a unit's officers are told to nominate (while the nomination is
open and the unit has put forward fewer than it should) and to record the party organisation's
opinions; the office is told what waits for its first review. A few queries per campaign, whatever
the number of units or entries."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.todos import TodoItem
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import is_office, member_for, officer_unit_ids
from chuangxian.selections.models import (
    ACTIVE_STATUSES,
    Entry,
    EntryStatus,
    Selection,
    SelectionStatus,
    Stage,
)
from chuangxian.selections.permissions import nominating_depth
from chuangxian.selections.selectors import unit_quota


def selection_todos(user: Actor, campaign: Campaign) -> list[TodoItem]:
    member = member_for(user)
    if member is None or member.tenant_id != campaign.tenant_id:
        return []
    running = list(
        Selection.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign, status=SelectionStatus.OPEN)
        .select_related("type")
        .order_by("nomination_ends_on", "id")
    )
    if not running:
        return []
    items: list[TodoItem] = []
    units = list(
        Unit.objects.filter(
            tenant_id=campaign.tenant_id,
            pk__in=officer_unit_ids(user),
            depth=nominating_depth(),
            is_active=True,
        ).order_by("path")
    )
    if units:
        items += _officer_todos(running, units)
    if is_office(user):
        items += _office_todos(running)
    return items


def _officer_todos(running: list[Selection], units: list[Unit]) -> list[TodoItem]:
    counts = {
        (row["selection_id"], row["nominating_unit_id"]): row
        for row in Entry.objects.filter(
            tenant_id=units[0].tenant_id, selection__in=running, nominating_unit__in=units
        )
        .values("selection_id", "nominating_unit_id")
        .annotate(
            used=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
            party_pending=Count("pk", filter=Q(status=EntryStatus.NOMINATED, party_decision="")),
        )
        .order_by()
    }
    items = []
    for selection in running:
        for unit in units:
            row = counts.get((selection.pk, unit.pk), {"used": 0, "party_pending": 0})
            if selection.stage == Stage.NOMINATION and clock.today() <= selection.nomination_ends_on:
                quota = unit_quota(selection, unit)
                if row["used"] < max(quota.minimum, 1) and quota.limit > 0:
                    items.append(
                        TodoItem(
                            title=_("评选推荐：%(selection)s") % {"selection": selection.title},
                            url=reverse("selections:nominate", args=[selection.pk, unit.pk]),
                            due=selection.nomination_ends_on,
                            detail=_("%(unit)s：%(quota)s，已推荐 %(used)s。")
                            % {"unit": unit.name, "quota": quota.arithmetic, "used": row["used"]},
                        )
                    )
            if selection.stage == Stage.PARTY_REVIEW and row["party_pending"]:
                items.append(
                    TodoItem(
                        title=_("登记党组织意见：%(selection)s") % {"selection": selection.title},
                        url=reverse("selections:detail", args=[selection.pk]),
                        detail=_("%(unit)s：%(n)s 个推荐对象还没有登记党组织意见。")
                        % {"unit": unit.name, "n": row["party_pending"]},
                    )
                )
    return items


def _office_todos(running: list[Selection]) -> list[TodoItem]:
    reviewing = [s for s in running if s.stage == Stage.OFFICE_REVIEW]
    if not reviewing:
        return []
    pending = dict(
        Entry.objects.filter(
            tenant_id=reviewing[0].tenant_id, selection__in=reviewing, status=EntryStatus.NOMINATED
        )
        .values("selection_id")
        .annotate(n=Count("pk"))
        .values_list("selection_id", "n")
        .order_by()
    )
    return [
        TodoItem(
            title=_("初审：%(selection)s") % {"selection": s.title},
            url=reverse("selections:detail", args=[s.pk]),
            detail=_("%(n)s 个推荐对象待初审。") % {"n": pending[s.pk]},
        )
        for s in reviewing
        if pending.get(s.pk)
    ]
