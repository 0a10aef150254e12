"""Reads of the disclosure pages and export: each a fixed number of queries whatever the rows."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.filters import NO_FILTER, ListFilter, text_q
from chuangxian.core.roles import Capability
from chuangxian.core.scope import lineage
from chuangxian.disclosure.models import (
    DisclosureAttachment,
    DisclosureAudience,
    DisclosureItem,
    DisclosureSettings,
    Feedback,
    FeedbackKind,
    Mode,
    Right,
)
from chuangxian.disclosure.permissions import (
    answering_unit_ids,
    can_answer,
    can_post_feedback,
    can_publish,
    is_live,
)
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import grants_on, in_force
from chuangxian.grants.selectors import grant_state
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for, scope_for

ANSWERED = Q(feedback__kind=FeedbackKind.QUESTION, feedback__answered_at__isnull=False)
OPEN = Q(feedback__kind=FeedbackKind.QUESTION, feedback__answered_at__isnull=True)


def rights_labels(tenant_id: int) -> dict[str, str]:
    """The school's wording of the four rights, the seed's names where it has none; one query."""
    row = DisclosureSettings.objects.filter(tenant_id=tenant_id).first()
    if row is None:
        return {code: str(label) for code, label in Right.choices}
    return row.labels()


def _visible_q(actor: Actor, tenant_id: int) -> Q:
    """The live items ``actor`` reads (``permissions.can_view_item`` as a filter)."""
    today = clock.today()
    live = Q(withdrawn_at__isnull=True, publish_on__lte=today)
    member = member_for(actor)
    reach = Q(whole_school=True) if member is not None or actor.is_superuser else Q(pk__in=[])
    if member is not None:
        mine = DisclosureAudience.objects.filter(
            tenant_id=tenant_id, item=OuterRef("pk"), unit__path__in=lineage(member.unit.path, Unit.steplen)
        )
        reach |= Q(Exists(mine))
        handled = Grant.objects.filter(
            in_force(today),
            tenant_id=tenant_id,
            kind=GrantKind.HANDLER,
            member=member,
            target_type=ContentType.objects.get_for_model(DisclosureItem),
        ).values("target_id")
        reach |= Q(pk__in=handled)
    scope = scope_for(actor, Capability.VIEW)
    if scope.prefixes:
        viewed = Q()
        for prefix in scope.prefixes:
            viewed |= Q(unit__path__startswith=prefix)
        reach |= Q(
            Exists(DisclosureAudience.objects.filter(viewed, tenant_id=tenant_id, item=OuterRef("pk")))
        )
    answering = answering_unit_ids(actor)
    if answering:
        reach |= Q(responsible_unit_id__in=answering)
    return live & reach


def item_list_for(
    actor: Actor, tenant_id: int, *, filters: ListFilter = NO_FILTER
) -> QuerySet[DisclosureItem]:
    """The items ``actor`` reads, newest first, with their questions, answered questions and comments
    counted; the office sees every item not withdrawn, scheduled ones included. ``filters``: text
    in the title or the body; ``category``; ``mode``; one query."""
    qs = DisclosureItem.objects.filter(tenant_id=tenant_id)
    if can_publish(actor, tenant_id):
        qs = qs.filter(withdrawn_at__isnull=True)
    else:
        qs = qs.filter(_visible_q(actor, tenant_id))
    qs = qs.filter(text_q(filters.q, ("title", "body")))
    if filters.get("category"):
        qs = qs.filter(category=filters.get("category"))
    if filters.get("mode"):
        qs = qs.filter(mode=filters.get("mode"))
    return (
        qs.annotate(
            question_count=Count("feedback", filter=Q(feedback__kind=FeedbackKind.QUESTION)),
            answered_count=Count("feedback", filter=ANSWERED),
            comment_count=Count("feedback", filter=Q(feedback__kind=FeedbackKind.COMMENT)),
            open_count=Count("feedback", filter=OPEN),
        )
        .select_related("responsible_unit")
        .only(
            "id",
            "tenant_id",
            "title",
            "category",
            "mode",
            "rights",
            "whole_school",
            "publish_on",
            "review_on",
            "withdrawn_at",
            "responsible_unit__id",
            "responsible_unit__name",
        )
        .order_by("-publish_on", "-id")
    )


def label_rights(items: Iterable[DisclosureItem], labels: dict[str, str], actor: Actor) -> None:
    """Give each item of a list its ``right_labels`` (the school's wording, in the rights' order),
    ``answering`` (the actor answers its questions: the office, or its responsible office) and
    ``review_due``; no query beyond the actor's cached roles."""
    office = any(can_publish(actor, item.tenant_id) for item in items)
    units = set(answering_unit_ids(actor))
    today = clock.today()
    for item in items:
        item.right_labels = [labels[code] for code in Right.values if code in item.rights]  # type: ignore[attr-defined]
        item.answering = office or item.responsible_unit_id in units  # type: ignore[attr-defined]
        item.is_review_due = review_due(item, today)  # type: ignore[attr-defined]


def review_due(item: DisclosureItem, today: date | None = None) -> bool:
    """A periodic item whose review (expiry) date has come: it should be brought up to date."""
    return (
        item.mode == Mode.PERIODIC
        and item.review_on is not None
        and item.review_on <= (today or clock.today())
    )


@dataclass
class ItemPage:
    item: DisclosureItem
    audience: list[str]  # the chosen units' names; empty: the whole school
    attachments: list[DisclosureAttachment]
    feedback: list[Feedback]
    right_labels: list[str]
    live: bool
    review_due: bool
    can_post: bool
    can_answer: bool
    can_publish: bool
    open_count: int


def item_page(item: DisclosureItem, actor: Actor) -> ItemPage:
    """Everything the item page shows (the item was fetched by ``access_item`` with its audience);
    three queries and the rules' own."""
    labels = rights_labels(item.tenant_id)
    feedback = list(Feedback.objects.filter(tenant_id=item.tenant_id, item=item).order_by("posted_at", "id"))
    return ItemPage(
        item=item,
        audience=[row.unit.name for row in sorted(item.audience.all(), key=lambda r: r.unit.path)],
        attachments=list(DisclosureAttachment.objects.filter(tenant_id=item.tenant_id, item=item)),
        feedback=feedback,
        right_labels=[labels[code] for code in Right.values if code in item.rights],
        live=is_live(item),
        review_due=review_due(item),
        can_post=can_post_feedback(actor, item),
        can_answer=can_answer(actor, item),
        can_publish=can_publish(actor, item.tenant_id),
        open_count=sum(1 for row in feedback if row.is_open),
    )


def open_questions_for(actor: Actor, tenant_id: int) -> list[tuple[DisclosureItem, int]]:
    """The live items whose responsible office ``actor`` is (an answering role at the unit, or a
    handler grant) with their unanswered questions counted, oldest question first; two queries."""
    member = member_for(actor)
    if member is None or member.tenant_id != tenant_id:
        return []
    handled = Grant.objects.filter(
        in_force(),
        tenant_id=tenant_id,
        kind=GrantKind.HANDLER,
        member=member,
        target_type=ContentType.objects.get_for_model(DisclosureItem),
    ).values("target_id")
    mine = Q(responsible_unit_id__in=answering_unit_ids(actor)) | Q(pk__in=handled)
    rows = (
        DisclosureItem.objects.filter(mine, tenant_id=tenant_id, withdrawn_at__isnull=True)
        .annotate(open_count=Count("feedback", filter=OPEN))
        .filter(open_count__gt=0)
        .only("id", "tenant_id", "title")
        .order_by("publish_on", "id")
    )
    return [(item, item.open_count) for item in rows]


def handler_grants(item: DisclosureItem) -> list[tuple[Grant, str]]:
    """Every handler grant on the item with its state (在任 / 已收回...), the ones not taken back
    first; one query."""
    grants = (
        grants_on(item)
        .filter(kind=GrantKind.HANDLER)
        .select_related("member__unit")
        .order_by(F("revoked_at").asc(nulls_first=True), "member__staff_no", "-pk")
    )
    return [(grant, grant_state(grant)) for grant in grants]
