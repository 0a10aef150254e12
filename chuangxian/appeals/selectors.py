"""Reads of the appeals box and the ledger: each a fixed number of queries whatever the rows.

No list, page or export of an appeal reads the submitter's name of an anonymous appeal: lists
annotate ``shown_name`` in SQL (匿名教职工 for an anonymous appeal), the appeal's page and the thread
get ``submitter_label``, and the export writes the same annotation.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from chuangxian.appeals.models import (
    OPEN_STATUSES,
    SATISFIED_RATINGS,
    Appeal,
    AppealAnswer,
    AppealCategory,
    AppealDesk,
    AppealMessage,
    AppealStatus,
    AppealTransfer,
    MatterAppeal,
    PracticalMatter,
)
from chuangxian.appeals.permissions import (
    can_handle,
    can_oversee,
    handling_unit_ids,
    is_submitter,
)
from chuangxian.appeals.services._common import ANONYMOUS_LABEL, routable_units
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.filters import NO_FILTER, ListFilter, text_q
from chuangxian.core.roles import Capability
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import in_force
from chuangxian.grants.selectors import grant_holders
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for, scope_for

LIST_FIELDS = (
    "id",
    "tenant_id",
    "subject",
    "category",
    "status",
    "anonymous",
    "submitted_at",
    "due_on",
    "round",
    "rating",
    "unit__name",
)


def shown_name() -> Case:
    """The submitter's name as a list shows it: 匿名教职工 for an anonymous appeal, in SQL."""
    return Case(
        When(anonymous=True, then=Value(ANONYMOUS_LABEL)),
        default=F("submitter__name"),
        output_field=CharField(),
    )


def is_overdue(appeal: Appeal, today: date | None = None) -> bool:
    return appeal.status in OPEN_STATUSES and appeal.due_on < (today or clock.today())


def appeals_of_member(actor: Actor) -> list[Appeal]:
    """The actor's own appeals, newest first (one query)."""
    member = member_for(actor)
    if member is None:
        return []
    return list(
        Appeal.objects.filter(tenant_id=member.tenant_id, submitter=member)
        .select_related("unit")
        .only(*LIST_FIELDS)
        .order_by("-submitted_at", "-id")
    )


def inbox_q(actor: Actor) -> Q:
    """The appeals ``actor`` handles: in a subtree they manage, at a unit where they are the
    handling office, or granted to them."""
    if actor.tenant_id is not None and can_oversee(actor, actor.tenant_id):
        return Q(tenant_id=actor.tenant_id)
    where = scope_for(actor, Capability.MANAGE).q("unit__path", "tenant_id")
    units = handling_unit_ids(actor)
    if units:
        where |= Q(unit_id__in=units)
    member = member_for(actor)
    if member is not None:
        granted = Grant.objects.filter(
            in_force(),
            tenant_id=member.tenant_id,
            kind=GrantKind.HANDLER,
            member=member,
            target_type=ContentType.objects.get_for_model(Appeal),
        ).values("target_id")
        where |= Q(pk__in=granted, tenant_id=member.tenant_id)
    return where


def inbox(actor: Actor, *, filters: ListFilter = NO_FILTER) -> QuerySet[Appeal]:
    """The handler's inbox: what they handle, open ones first by deadline; ``filters``: text in the
    subject or the text, ``status``, ``category``, ``overdue``."""
    if actor.tenant_id is None:  # the platform admin has no school, so no inbox
        return Appeal.objects.none()
    qs = Appeal.objects.filter(tenant_id=actor.tenant_id).filter(inbox_q(actor))
    qs = qs.filter(text_q(filters.q, ("subject", "text")))
    if filters.get("status") in AppealStatus.values:
        qs = qs.filter(status=filters.get("status"))
    if filters.get("category") in AppealCategory.values:
        qs = qs.filter(category=filters.get("category"))
    if filters.get("overdue") == "yes":
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=clock.today())
    open_first = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
    return (
        qs.select_related("unit")
        .annotate(shown_name=shown_name(), open_first=open_first)
        .only(*LIST_FIELDS)
        .order_by("open_first", "due_on", "-id")
    )


def submitter_label(appeal: Appeal, actor: Actor) -> str:
    """Who submitted the appeal, as ``actor`` is shown it: the name to the submitter and, for an
    appeal that is not anonymous, to its handler and the office; 匿名教职工 otherwise."""
    if appeal.anonymous and not is_submitter(actor, appeal):
        return ANONYMOUS_LABEL
    name: str = appeal.submitter.name
    return name


@dataclass
class AppealPage:
    appeal: Appeal
    submitter: str
    mine: bool
    handler: bool
    overdue: bool
    answers: list[AppealAnswer]
    messages: list[AppealMessage]
    transfers: list[AppealTransfer]
    matters: list[PracticalMatter]
    transfer_units: list[Unit] = field(default_factory=list)
    office: bool = False
    named_handlers: list[str] = field(default_factory=list)  # members named by the office (grants)

    @property
    def may_accept(self) -> bool:
        return self.handler and self.appeal.status == AppealStatus.SUBMITTED

    @property
    def may_transfer(self) -> bool:
        return self.handler and self.appeal.status in OPEN_STATUSES

    @property
    def may_answer(self) -> bool:
        return self.handler and self.appeal.status == AppealStatus.ACCEPTED

    @property
    def may_rate(self) -> bool:
        return self.mine and self.appeal.status == AppealStatus.ANSWERED

    @property
    def may_message(self) -> bool:
        return (self.mine or self.handler) and self.appeal.status != AppealStatus.CLOSED


def appeal_page(appeal: Appeal, actor: Actor) -> AppealPage:
    """Everything the appeal's page shows (seven queries and the rules' own). The submitter's row is
    read only when its name may be shown."""
    mine = is_submitter(actor, appeal)
    handler = can_handle(actor, appeal)
    tenant_id = appeal.tenant_id
    submitter = ANONYMOUS_LABEL if appeal.anonymous and not mine else submitter_label(appeal, actor)
    return AppealPage(
        appeal=appeal,
        submitter=submitter,
        mine=mine,
        handler=handler,
        overdue=is_overdue(appeal),
        answers=list(AppealAnswer.objects.filter(tenant_id=tenant_id, appeal=appeal).order_by("round")),
        messages=list(
            AppealMessage.objects.filter(tenant_id=tenant_id, appeal=appeal)
            .only("id", "tenant_id", "appeal_id", "from_submitter", "author_label", "text", "at")
            .order_by("at", "id")
        ),
        transfers=list(
            AppealTransfer.objects.filter(tenant_id=tenant_id, appeal=appeal)
            .select_related("from_unit", "to_unit")
            .order_by("at", "id")
        ),
        matters=list(
            PracticalMatter.objects.filter(tenant_id=tenant_id, links__appeal=appeal)
            .only("id", "tenant_id", "title", "done_on")
            .order_by("-done_on")
        ),
        transfer_units=[u for u in routable_units(tenant_id) if u.pk != appeal.unit_id] if handler else [],
        office=can_oversee(actor, tenant_id),
        named_handlers=[
            grant.member.name
            for grant in grant_holders(GrantKind.HANDLER, appeal).filter(member__isnull=False)
            if grant.member is not None
        ]
        if handler
        else [],
    )


# --- statistics -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatRow:
    label: str
    received: int
    answered: int
    on_time: int
    rated: int
    satisfied: int
    overdue: int

    @property
    def on_time_rate(self) -> str:
        return _percent(self.on_time, self.answered)

    @property
    def satisfaction_rate(self) -> str:
        return _percent(self.satisfied, self.rated)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _counts() -> dict[str, Any]:
    today = clock.today()
    return {
        "received": Count("id"),
        "answered": Count("id", filter=Q(first_answered_at__isnull=False)),
        "on_time": Count("id", filter=Q(answered_on_time=True)),
        "rated": Count("id", filter=~Q(rating="")),
        "satisfied": Count("id", filter=Q(rating__in=SATISFIED_RATINGS)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
    }


def _row(label: str, values: dict[str, Any]) -> StatRow:
    return StatRow(label, *(int(values[k] or 0) for k in _counts()))


@dataclass(frozen=True)
class Stats:
    total: StatRow
    by_unit: list[StatRow]
    by_category: list[StatRow]


def appeal_stats(tenant_id: int, *, start: date | None = None, end: date | None = None) -> Stats:
    """Received, answered on time, satisfaction, overdue: in all, per unit, per category (three
    queries whatever the number of appeals). ``start``/``end`` bound the submission date."""
    qs = Appeal.objects.filter(tenant_id=tenant_id)
    if start:
        qs = qs.filter(submitted_at__date__gte=start)
    if end:
        qs = qs.filter(submitted_at__date__lte=end)
    total = qs.aggregate(**_counts())
    by_unit = qs.values("unit__name", "unit__path").annotate(**_counts()).order_by("unit__path")
    by_category = {
        row["category"]: row for row in qs.values("category").annotate(**_counts()).order_by("category")
    }
    return Stats(
        total=_row(str(_("合计")), total),
        by_unit=[_row(row["unit__name"], row) for row in by_unit],
        by_category=[
            _row(str(label), by_category[value])
            for value, label in AppealCategory.choices
            if value in by_category
        ],
    )


# --- the office's list and the ledger --------------------------------------------------------------


def desks(tenant_id: int) -> list[AppealDesk]:
    return list(AppealDesk.objects.filter(tenant_id=tenant_id).select_related("unit").order_by("unit__path"))


def matter_list(tenant_id: int, *, filters: ListFilter = NO_FILTER) -> QuerySet[PracticalMatter]:
    """The school's ledger, latest first, with the number of appeals each resolves."""
    qs = PracticalMatter.objects.filter(tenant_id=tenant_id).filter(
        text_q(filters.q, ("title", "description"))
    )
    return (
        qs.select_related("unit")
        .annotate(appeal_count=Count("links"))
        .only("id", "tenant_id", "title", "done_on", "beneficiaries", "unit__name")
        .order_by("-done_on", "-id")
    )


def matter_appeals(matter: PracticalMatter) -> list[Appeal]:
    """The appeals a matter resolves, as anyone of the school may see them: subject, category,
    unit, status; never who submitted them (one query)."""
    return list(
        Appeal.objects.filter(
            tenant_id=matter.tenant_id,
            pk__in=MatterAppeal.objects.filter(tenant_id=matter.tenant_id, matter=matter).values("appeal_id"),
        )
        .select_related("unit")
        .only("id", "tenant_id", "subject", "category", "status", "unit__name")
        .order_by("pk")
    )


def linkable_appeals(tenant_id: int, limit: int = 300) -> list[Appeal]:
    """The appeals the office may link to a matter: the latest ``limit`` of the school (one query)."""
    return list(
        Appeal.objects.filter(tenant_id=tenant_id)
        .select_related("unit")
        .only("id", "tenant_id", "subject", "status", "unit__name")
        .order_by("-id")[:limit]
    )
