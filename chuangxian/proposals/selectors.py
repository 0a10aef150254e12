"""What the proposal pages, exports and services read: a session's proposals (searchable), the
people of a handling office, the overdue, and the session's statistics. Each a bounded number of
queries whatever the number of proposals."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from chuangxian.congress.models import Session
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, RoleAssignment, Unit
from chuangxian.orgs.permissions import member_for, role_assignments_for
from chuangxian.proposals.models import (
    Answer,
    AnswerCategory,
    Category,
    Collection,
    CoSigner,
    CoSignerStatus,
    Proposal,
    Rating,
    Satisfaction,
    Status,
)

RECEIVED = (
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.MERGED,
    Status.CONVERTED,
    Status.REJECTED,
    Status.FORWARDED,
    Status.ASSIGNED,
    Status.ANSWERED,
    Status.CLOSED,
)
ACCEPTED = (Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED)


def collection_for(session: Session) -> Collection | None:
    return Collection.objects.filter(tenant_id=session.tenant_id, session=session).first()


def handlers_of(units: Iterable[Unit]) -> list[Member]:
    """Who acts for the handling offices: the holders of 承办部门, chair or liaison roles at them."""
    ids = [u.pk for u in units]
    if not ids:
        return []
    tenant_id = next(iter(units)).tenant_id
    rows = RoleAssignment.objects.filter(
        tenant_id=tenant_id, unit_id__in=ids, role__in=(Role.HANDLING_OFFICE, Role.CHAIR, Role.LIAISON)
    ).select_related("member")
    return list({row.member_id: row.member for row in rows}.values())


def session_proposals(session: Session, actor: Actor, *, q: str = "", status: str = "") -> QuerySet[Proposal]:
    """The session's proposals the actor may see: every one from submission on, and the drafts the
    actor proposes or is invited to co-sign."""
    member = member_for(actor)
    visible = ~Q(status=Status.DRAFT)
    if member is not None:
        visible |= Q(proposer=member) | Q(cosigners__member=member)
    rows = Proposal.objects.filter(visible, tenant_id=session.tenant_id, session=session).distinct()
    if q:
        rows = rows.filter(
            Q(title__icontains=q) | Q(proposer__name__icontains=q) | Q(lead_unit__name__icontains=q)
        )
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("proposer__unit", "lead_unit").order_by("number", "-submitted_at", "-pk")


def overdue_in(session: Session) -> list[Proposal]:
    return list(
        Proposal.objects.filter(
            tenant_id=session.tenant_id, session=session, status=Status.ASSIGNED, deadline__lt=clock.today()
        ).select_related("lead_unit", "session")
    )


def cosigners_of(proposal: Proposal) -> list[CoSigner]:
    return list(
        CoSigner.objects.filter(tenant_id=proposal.tenant_id, proposal=proposal).select_related(
            "member__unit"
        )
    )


def answers_of(proposal: Proposal) -> list[Answer]:
    return list(
        Answer.objects.filter(tenant_id=proposal.tenant_id, proposal=proposal)
        .select_related("answered_by")
        .prefetch_related("ratings__member")
        .order_by("round")
    )


def percent(part: int, whole: int) -> str:
    """ "83.3%" (one decimal, half up), or "—" when there is nothing to divide."""
    if not whole:
        return "—"
    tenths = Fraction(part * 1000, whole)
    rounded = int(tenths + Fraction(1, 2))
    return f"{rounded // 10}.{rounded % 10}%"


@dataclass
class Stats:
    received: int = 0
    accepted: int = 0
    merged: int = 0
    converted: int = 0
    rejected: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    by_unit: Counter[tuple[str, int]] = field(default_factory=Counter)  # (name, id): names may repeat
    by_answer: Counter[str] = field(default_factory=Counter)
    answered: int = 0  # first answers given
    late_unanswered: int = 0  # first answers still not given after the deadline
    on_time: int = 0  # first answers given by the deadline
    overdue: int = 0
    ratings: int = 0
    satisfied: int = 0  # 满意 + 基本满意

    @property
    def on_time_rate(self) -> str:
        """First answers given by their deadline among those due: given, or late and still missing."""
        return percent(self.on_time, self.answered + self.late_unanswered)

    @property
    def satisfaction_rate(self) -> str:
        return percent(self.satisfied, self.ratings)

    def category_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_category[value]) for value, label in Category.choices]

    def unit_rows(self) -> list[tuple[str, int]]:
        return [
            (name, n) for (name, _pk), n in sorted(self.by_unit.items(), key=lambda row: (-row[1], row[0]))
        ]

    def answer_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_answer[value]) for value, label in AnswerCategory.choices]


def session_stats(session: Session) -> Stats:
    """Received, accepted (by category, by lead office), the answers by category, the on-time reply
    rate of first answers (given by the deadline in force then, among those given or overdue) and the satisfaction rate (满意 and
    基本满意 among the ratings of each proposal's final answer). Three queries."""
    stats = Stats()
    today = clock.today()
    rows = Proposal.objects.filter(tenant_id=session.tenant_id, session=session, status__in=RECEIVED).values(
        "pk", "status", "category", "lead_unit_id", "lead_unit__name", "deadline", "round"
    )
    deadlines = {}
    for row in rows:
        stats.received += 1
        status = row["status"]
        stats.merged += status == Status.MERGED
        stats.converted += status == Status.CONVERTED
        stats.rejected += status == Status.REJECTED
        if status in ACCEPTED:
            stats.accepted += 1
            stats.by_category[row["category"]] += 1
            if row["lead_unit_id"]:
                stats.by_unit[row["lead_unit__name"], row["lead_unit_id"]] += 1
        if status == Status.ASSIGNED and row["deadline"] and row["deadline"] < today:
            stats.overdue += 1
            stats.late_unanswered += row["round"] == 1
        deadlines[row["pk"]] = row["deadline"]
    answers = Answer.objects.filter(tenant_id=session.tenant_id, proposal__session=session).values(
        "pk", "proposal_id", "round", "category", "answered_at", "deadline"
    )
    latest: dict[int, tuple[int, int, str]] = {}  # proposal -> (round, answer, category)
    for answer in answers:
        if answer["round"] == 1:
            stats.answered += 1
            deadline = answer["deadline"]
            if deadline is None or timezone.localdate(answer["answered_at"]) <= deadline:
                stats.on_time += 1
        held = latest.get(answer["proposal_id"])
        if held is None or held[0] < answer["round"]:
            latest[answer["proposal_id"]] = (answer["round"], answer["pk"], answer["category"])
    stats.by_answer.update(category for _round, _pk, category in latest.values())
    final_answers = [pk for _round, pk, _category in latest.values()]
    for value in Rating.objects.filter(tenant_id=session.tenant_id, answer_id__in=final_answers).values_list(
        "value", flat=True
    ):
        stats.ratings += 1
        stats.satisfied += value in (Satisfaction.SATISFIED, Satisfaction.BASIC)
    return stats


def work_of(actor: Actor) -> dict[str, Any]:
    """What waits for the person: invitations to co-sign, proposals their offices handle, answers
    waiting for their rating (three queries at most; none for a login without a roster row)."""
    member = member_for(actor)
    tenant_id = getattr(actor, "tenant_id", None)
    if member is None or tenant_id is None:
        return {"invitations": [], "to_handle": [], "to_rate": [], "today": None}
    invitations = list(
        CoSigner.objects.filter(
            tenant_id=tenant_id, member=member, status=CoSignerStatus.INVITED, proposal__status=Status.DRAFT
        ).select_related("proposal__proposer")
    )
    units = [
        unit_id
        for role, unit_id, _path in role_assignments_for(actor)
        if role in (Role.HANDLING_OFFICE, Role.CHAIR, Role.LIAISON)
    ]
    to_handle = (
        list(
            Proposal.objects.filter(
                Q(lead_unit_id__in=units) | Q(cohandlers__unit_id__in=units),
                tenant_id=tenant_id,
                status=Status.ASSIGNED,
            )
            .distinct()
            .select_related("lead_unit")
            .order_by("deadline", "pk")
        )
        if units
        else []
    )
    rated = Rating.objects.filter(tenant_id=tenant_id, member=member).values("answer__proposal_id")
    to_rate = list(
        Proposal.objects.filter(
            Q(proposer=member) | Q(cosigners__member=member, cosigners__status=CoSignerStatus.CONFIRMED),
            tenant_id=tenant_id,
            status=Status.ANSWERED,
        )
        .exclude(pk__in=rated.filter(answer__round=models.F("answer__proposal__round")))
        .distinct()
    )
    return {"invitations": invitations, "to_handle": to_handle, "to_rate": to_rate, "today": clock.today()}


def my_page(actor: Actor) -> dict[str, Any]:
    """What "提案" shows a person: the school's congress sessions (with their collection, if any),
    their own proposals, and what waits for them (``work_of``). A fixed number of queries."""
    page = work_of(actor)
    member = member_for(actor)
    tenant_id = getattr(actor, "tenant_id", None)
    if member is None or tenant_id is None:
        return {**page, "sessions": [], "mine": []}
    sessions = list(
        Session.objects.filter(tenant_id=tenant_id, ends_at__gte=clock.now() - timedelta(days=90))
        .select_related("congress__unit")
        .order_by("starts_at", "pk")[:20]
    )
    collections = {
        c.session_id: c
        for c in Collection.objects.filter(tenant_id=tenant_id, session__in=[s.pk for s in sessions])
    }
    for session in sessions:
        session.collection = collections.get(session.pk)  # type: ignore[attr-defined]
    mine = list(
        Proposal.objects.filter(tenant_id=tenant_id, proposer=member)
        .select_related("session")
        .order_by("-created_at")
    )
    return {**page, "sessions": sessions, "mine": mine}
