"""Phase 2's pledges (一个岗位一个承诺): who wrote one, how far it went, what it says.

Of the active members, about 60 % have a published pledge (a third of those already recorded
progress: 践诺), 10 % wait for review, 8 % hold a draft and 3 % had theirs returned with a comment;
the rest have not written one. The plain member persona has none (their home page shows the to-do);
the personas' unit has pledges waiting for its chair's review.

Every pledge goes through the pledge services, batched for speed (``pledges.services_bulk``:
``pledges_submit_many``, ``pledges_review_many``, ``pledges_progress_add_many``). Each item is its
author's own act, checked with the single service's rule at its moment: the member writes and fulfils
their own pledge with their own login (the members who pledge are given one by
``accounts_create_for_members``: an unusable password and a forced change, so their first login
is still the initial password's); a reviewer reviews it (in the personas' unit its chair persona,
who reviews the liaison's and whose own the liaison reviews; elsewhere the office persona, whose own
another member of the office reviews); the demo (``DEMO``) records the batches, one audit entry per
unit and action. The services set the status, times, ``flagged_strict``, the versions and decisions
of the review cycle and the notices.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.urls import reverse

from chuangxian.core import clock
from chuangxian.core.actors import DEMO, Actor
from chuangxian.core.roles import Role
from chuangxian.demo.history import at, count
from chuangxian.demo.phase2 import pledge_texts as texts
from chuangxian.demo.phase2.world import World, logins_for, own_login
from chuangxian.notifications.models import Notification
from chuangxian.notifications.services import notification_mark_read
from chuangxian.orgs.models import Member, Post, UnitCategory
from chuangxian.pledges.models import PledgeStatus, PledgeType
from chuangxian.pledges.services import PledgeContent
from chuangxian.pledges.services_bulk import (
    PledgeProgressItem,
    PledgeReviewItem,
    PledgeSubmission,
    pledges_progress_add_many,
    pledges_review_many,
    pledges_submit_many,
)

S = PledgeStatus
# Shares of the active members.
PUBLISHED = 0.60  # 示诺 or 践诺
FULFILLING = 0.35  # of the published: progress recorded (践诺)
IN_REVIEW = 0.10
DRAFT = 0.08
RETURNED = 0.03
MODEL_UNIT_IN_REVIEW = 3  # at least this many wait for the chair persona's review
TYPE_WEIGHTS = {PledgeType.POST: 75, PledgeType.COMMON: 15, PledgeType.PRACTICAL: 10}
TERM_DAYS = 180  # a term pledge falls due this many days into phase 2


@dataclass
class PledgePlan:
    member: Member
    status: str
    type: str = PledgeType.POST
    text: texts.PledgeText | None = None
    fill: dict[str, str] = field(default_factory=dict)
    submitted_at: datetime | None = None
    reviewed_at: datetime | None = None
    comment: str = ""
    progress: list[date] = field(default_factory=list)

    def format(self, value: str) -> str:
        return value.format(**self.fill)


def plan_statuses(world: World, rng: random.Random) -> dict[int, str]:
    """member pk → the status of their pledge ("" for none), as fixed shares of the active members."""
    total = len(world.members)
    cast = world.cast
    pool = [m for m in world.members if m.pk != cast.plain_member_id]
    rng.shuffle(pool)
    n_published = count(PUBLISHED, total)
    n_fulfilling = count(FULFILLING * PUBLISHED, total)
    statuses: list[str] = []
    for status, n in (
        (S.FULFILLING, n_fulfilling),
        (S.PUBLISHED, n_published - n_fulfilling),
        (S.IN_REVIEW, count(IN_REVIEW, total)),
        (S.DRAFT, count(DRAFT, total)),
        (S.RETURNED, count(RETURNED, total)),
    ):
        statuses += [status] * n
    statuses += [""] * (len(pool) - len(statuses))
    plan = {m.pk: status for m, status in zip(pool, statuses, strict=True)}

    forced: set[int] = set()

    def force(member_id: int | None, status: str, *, among: set[int] | None = None) -> None:
        """Give ``member_id`` this status by swapping with someone (outside ``among``) who has it."""
        if member_id is None or member_id not in plan:
            return
        forced.add(member_id)
        if plan[member_id] == status:
            return
        for other in pool:
            if (
                other.pk not in forced
                and plan[other.pk] == status
                and (among is None or other.pk not in among)
            ):
                plan[other.pk], plan[member_id] = plan[member_id], status
                return

    personas = cast.persona_member_ids
    force(personas.get("chair"), S.FULFILLING)
    force(personas.get("liaison"), S.PUBLISHED)
    force(personas.get("office"), S.PUBLISHED)
    if cast.model_unit is not None:
        unit_members = {m.pk for m in world.subtree(cast.model_unit)}
        waiting = [pk for pk in unit_members if plan.get(pk) == S.IN_REVIEW]
        candidates = [
            m.pk for m in pool if m.pk in unit_members and m.pk not in forced and plan[m.pk] != S.IN_REVIEW
        ]
        for pk in candidates[: max(MODEL_UNIT_IN_REVIEW - len(waiting), 0)]:
            force(pk, S.IN_REVIEW, among=unit_members)
    return plan


def pick_text(world: World, member: Member, kind: str, rng: random.Random) -> texts.PledgeText:
    """A pledge fitting the member's post and unit (chairs and liaisons pledge as union officers)."""
    officers = world.officers.get(world.secondary_of(member).pk, {})
    if kind == PledgeType.POST and officers.get(Role.CHAIR) == member:
        return texts.CHAIR
    if kind == PledgeType.POST and officers.get(Role.LIAISON) == member:
        return texts.LIAISON
    if kind == PledgeType.COMMON:
        return rng.choice(texts.COMMON)
    if kind == PledgeType.PRACTICAL:
        return rng.choice(texts.PRACTICAL)
    unit = world.secondary_of(member)
    if member.post == Post.TEACHER:
        return rng.choice(texts.SCHOOL_TEACHER if unit.name == "附属实验学校工会小组" else texts.TEACHER)
    if member.post == Post.ADMIN:
        pool = texts.ADMIN + (texts.COLLEGE_ADMIN if unit.category == UnitCategory.COLLEGE else ())
        return rng.choice(pool)
    if member.post == Post.SUPPORT:
        if unit.name in texts.SUPPORT:
            return rng.choice(texts.SUPPORT[unit.name])
        return rng.choice(texts.LAB if unit.category == UnitCategory.COLLEGE else texts.GENERIC_SUPPORT)
    return rng.choice(texts.OTHER)


def _fill(world: World, member: Member, rng: random.Random) -> dict[str, str]:
    unit = world.secondary_of(member)
    return {
        "course": rng.choice(texts.COURSES.get(unit.name, texts.DEFAULT_COURSES)),
        "contest": texts.CONTESTS.get(unit.name, texts.DEFAULT_CONTEST),
        "service": texts.SERVICES.get(
            unit.name, texts.COLLEGE_SERVICE if unit.category == UnitCategory.COLLEGE else "本岗位工作"
        ),
    }


def _moment(day: date, rng: random.Random, hours: tuple[int, int]) -> datetime:
    return at(day, rng.randint(*hours), rng.randrange(0, 60, 5))


def plan_pledges(world: World, rng: random.Random) -> list[PledgePlan]:
    """Every pledge: its content, and when it was submitted, reviewed and fulfilled. No writes."""
    statuses = plan_statuses(world, rng)
    kinds, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    last = world.elapsed - 1
    plans = []
    for member in world.members:
        status = statuses.get(member.pk, "")
        if not status:
            continue
        kind = rng.choices(kinds, weights=weights)[0]
        plan = PledgePlan(member=member, status=status, type=kind, text=pick_text(world, member, kind, rng))
        plan.fill = _fill(world, member, rng)
        if status in (S.PUBLISHED, S.FULFILLING):
            day = world.day(int(rng.triangular(5, last - 10, 25)))
            plan.submitted_at = _moment(day, rng, (8, 22))
            reviewed = min(day + timedelta(days=rng.randint(1, 6)), world.day(last - 1))
            plan.reviewed_at = _moment(reviewed, rng, (9, 17))
            if status == S.FULFILLING:
                first = min(reviewed + timedelta(days=rng.randint(5, 30)), world.day(last))
                plan.progress = [first]
                second = first + timedelta(days=rng.randint(14, 40))
                if rng.random() < 0.3 and second <= world.day(last):
                    plan.progress.append(second)
        elif status == S.IN_REVIEW:
            plan.submitted_at = _moment(world.day(rng.randint(last - 20, last)), rng, (8, 22))
        elif status == S.RETURNED:
            day = world.day(rng.randint(20, last - 20))
            plan.submitted_at = _moment(day, rng, (8, 22))
            plan.reviewed_at = _moment(day + timedelta(days=rng.randint(2, 5)), rng, (9, 17))
            plan.comment = rng.choice(texts.RETURN_COMMENTS)
        plans.append(plan)
    return plans


def _due_on(world: World, text: texts.PledgeText) -> date:
    return world.day(TERM_DAYS) if text.term else world.end


def _reviewer(world: World, member: Member) -> Actor:
    """Who reviewed: the unit's chair where it has a login, else the office persona; the chair's and
    the liaison's personas review each other's; the office persona's own pledge was reviewed by
    another member of the office (given a login for it). Never oneself."""
    cast = world.cast
    if member.user is not None and member.user == cast.chair and cast.liaison is not None:
        return cast.liaison
    if member.user is not None and member.user == cast.liaison and cast.chair is not None:
        return cast.chair
    reviewer = world.actor(world.secondary_of(member))
    if reviewer.pk != member.user_id:
        return reviewer
    colleague = next(m for m in world.office_staff if m.pk != member.pk)
    return own_login(colleague)


def pledges_replay(world: World, rng: random.Random) -> Counter[str]:
    """Write every planned pledge through the batched pledge services; returns the count by status.

    Each member writes, and fulfils, their own pledge with their own login (``logins_for``); the
    unit's reviewer reviews it; the demo records the batches (``DEMO``)."""
    plans = plan_pledges(world, rng)
    reviewers = [m for m in world.office_staff[:2] if m.user_id is None]
    logins_for([plan.member for plan in plans] + reviewers)
    _write(world, plans)
    return Counter(plan.status for plan in plans)


def _write(world: World, plans: list[PledgePlan]) -> None:
    """提诺, 审诺 and 践诺 as the members and their reviewers did them, each at its moment."""
    draft_at = at(world.day(world.elapsed - 1), 20, 0)
    submissions = []
    for plan in plans:
        assert plan.text is not None
        submissions.append(
            PledgeSubmission(
                by=own_login(plan.member),
                member=plan.member,
                content=PledgeContent(
                    type=plan.type,
                    content=plan.format(plan.text.content),
                    due_on=_due_on(world, plan.text),
                    check_standard=plan.format(plan.text.standard),
                ),
                at=plan.submitted_at or draft_at,
                submit=plan.submitted_at is not None,
            )
        )
    pledges = pledges_submit_many(campaign=world.campaign, items=submissions, actor=DEMO)
    by_member = {pledge.member_id: pledge for pledge in pledges}
    reviews = [
        PledgeReviewItem(
            by=_reviewer(world, plan.member),
            pledge=by_member[plan.member.pk],
            approve=plan.status != S.RETURNED,
            comment=plan.comment,
            at=plan.reviewed_at,
        )
        for plan in plans
        if plan.reviewed_at is not None
    ]
    pledges_review_many(items=sorted(reviews, key=lambda r: r.at), actor=DEMO)
    progress = [
        PledgeProgressItem(
            by=own_login(plan.member),
            pledge=by_member[plan.member.pk],
            on=day,
            text=plan.format(plan.text.progress[i % len(plan.text.progress)]),
            at=at(day, 21, 0),
        )
        for plan in plans
        if plan.text is not None
        for i, day in enumerate(plan.progress)
    ]
    pledges_progress_add_many(items=sorted(progress, key=lambda p: p.at), actor=DEMO)
    _officers_read(world, reviews)


def _officers_read(world: World, reviews: list[PledgeReviewItem]) -> None:
    """The chair and liaison personas opened the notice of each pledge since reviewed in their unit
    (``notification_mark_read``, as themselves); the notices of pledges still waiting stay unread."""
    cast = world.cast
    for login in (cast.chair, cast.liaison):
        member = next((m for m in world.members if login is not None and m.user_id == login.pk), None)
        if member is None:
            continue
        urls = {reverse("pledges:detail", args=[r.pledge.pk]): r.at for r in reviews}
        seen = list(
            Notification.objects.filter(
                tenant_id=world.tenant_id, recipient=member, kind="pledges.submitted", url__in=list(urls)
            ).values_list("pk", "url")
        )
        if seen:
            with clock.as_of(max(urls[url] for _pk, url in seen)):
                notification_mark_read(member=member, actor=login, notification_ids=[pk for pk, _url in seen])
