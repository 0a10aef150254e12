"""Reads of the public notice's pages: each a fixed number of queries whatever the rows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.filters import NO_FILTER, ListFilter, text_q
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.selectors import grant_state
from chuangxian.publicnotice.models import NoticeItem, Objection, ObjectionStatus, PublicNotice
from chuangxian.publicnotice.permissions import can_answer, can_object, can_publish
from chuangxian.publicnotice.services.publish import unlisted_entries
from chuangxian.selections.models import Selection, SelectionStatus, Stage
from chuangxian.workdays.calendar import unknown_years, unknown_years_warning


def notice_list_for_tenant(tenant_id: int, *, filters: ListFilter = NO_FILTER) -> QuerySet[PublicNotice]:
    """The school's notices, newest first, with their open objections counted; ``filters``: text in
    the notice's or the selection's title; ``state`` current / withdrawn."""
    qs = PublicNotice.objects.filter(tenant_id=tenant_id)
    qs = qs.filter(text_q(filters.q, ("title", "selection__title")))
    if filters.get("state") == "current":
        qs = qs.filter(withdrawn_at__isnull=True)
    elif filters.get("state") == "withdrawn":
        qs = qs.filter(withdrawn_at__isnull=False)
    open_count = Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN))
    return (
        qs.annotate(open_count=open_count)
        .only(
            "id",
            "tenant_id",
            "title",
            "round_no",
            "starts_on",
            "ends_on",
            "working_days",
            "withdrawn_at",
            "finalised_at",
        )
        .order_by("-published_at", "-id")
    )


def notice_phase(notice: PublicNotice, today: date | None = None) -> str:
    """未开始 / 公示中 / 已期满 / 已撤下 / 已确认."""
    today = today or clock.today()
    if notice.withdrawn_at is not None:
        return "withdrawn"
    if notice.finalised_at is not None:
        return "finalised"
    if today < notice.starts_on:
        return "upcoming"
    return "running" if today <= notice.ends_on else "ended"


@dataclass
class NoticePage:
    notice: PublicNotice
    items: list[NoticeItem]
    objections: list[Objection]  # what the actor may see: every one for an answerer, else their own
    rounds: list[PublicNotice]  # every round of the selection, newest first
    phase: str
    warning: str
    can_object: bool
    can_answer: bool
    can_publish: bool
    may_finalise: bool
    may_republish: bool
    open_count: int = 0


def notice_page(notice: PublicNotice, actor: Actor) -> NoticePage:
    """Everything the notice page shows, read here (five queries and the rules' own)."""
    selection: Selection = notice.selection
    items = list(NoticeItem.objects.filter(tenant_id=notice.tenant_id, notice=notice).select_related("entry"))
    answerer = can_answer(actor, selection)
    objections = Objection.objects.filter(tenant_id=notice.tenant_id, notice__selection=selection)
    if not answerer:
        objections = objections.filter(filed_by_id=actor.pk) if actor.pk else objections.none()
    shown = list(objections.select_related("item", "notice").order_by("-filed_at", "-id"))
    rounds = list(
        PublicNotice.objects.filter(tenant_id=notice.tenant_id, selection=selection)
        .only("id", "tenant_id", "round_no", "title", "starts_on", "ends_on", "withdrawn_at", "finalised_at")
        .order_by("-round_no")
    )
    latest = rounds[0] if rounds else notice
    phase = notice_phase(notice)
    office = can_publish(actor, notice.tenant_id)
    at_notice = selection.status == SelectionStatus.OPEN and selection.stage == Stage.NOTICE
    return NoticePage(
        notice=notice,
        items=items,
        objections=shown,
        rounds=rounds,
        phase=phase,
        warning=unknown_years_warning(
            unknown_years(notice.starts_on, notice.ends_on, tenant_id=notice.tenant_id)
        ),
        can_object=phase == "running" and can_object(actor, notice),
        can_answer=answerer,
        can_publish=office,
        may_finalise=office and at_notice and latest.pk == notice.pk and phase == "ended",
        may_republish=office
        and at_notice
        and latest.pk == notice.pk
        and (phase == "withdrawn" or (notice.is_current and bool(unlisted_entries(selection, notice)))),
        open_count=sum(1 for o in shown if o.status == ObjectionStatus.OPEN) if answerer else 0,
    )


def latest_notice(selection: Selection) -> PublicNotice | None:
    return (
        PublicNotice.objects.filter(tenant_id=selection.tenant_id, selection=selection)
        .order_by("-round_no")
        .first()
    )


def discipline_grants(selection: Selection) -> list[tuple[Grant, str]]:
    """Every discipline-inspection grant on the selection with its state (在任 / 已收回...), the ones
    not taken back first; one query."""
    grants = (
        grants_on(selection)
        .filter(kind=GrantKind.DISCIPLINE)
        .select_related("member__unit")
        .order_by(F("revoked_at").asc(nulls_first=True), "member__staff_no", "-pk")
    )
    return [(grant, grant_state(grant)) for grant in grants]


def selections_awaiting_notice(tenant_id: int) -> list[Selection]:
    """The school's selections at their notice stage with no notice standing (none yet, or the last
    one withdrawn): the office's 发布公示 links; one query."""
    standing = PublicNotice.objects.filter(tenant_id=tenant_id, withdrawn_at__isnull=True).values(
        "selection_id"
    )
    return list(
        Selection.objects.filter(tenant_id=tenant_id, status=SelectionStatus.OPEN, stage=Stage.NOTICE)
        .exclude(pk__in=standing)
        .only("id", "tenant_id", "title")
        .order_by("-created_at", "-id")
    )
