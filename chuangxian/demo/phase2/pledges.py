"""Phase 2's pledges (一个岗位一个承诺): who wrote one, how far it went, what it says.

Of the active members, about 60 % have a published pledge (a third of those already recorded
progress: 践诺), 10 % wait for review, 8 % hold a draft and 3 % had theirs returned with a comment;
the rest have not written one. The plain member persona has none (their home page shows the to-do);
the personas' unit has pledges waiting for its chair's review.

Members have no logins in the demo (only the personas do), and ``pledge_submit`` is written by the
member only; so the pledges are written in bulk, with the fields the services would have set
(status, submission, review and publication times, the reviewer, ``flagged_strict`` for members who
hold a role, the notices to the unit's officers and to the member) and one audit entry per unit
(``demo.pledges.recorded``). The chair and liaison personas write and review theirs through
``pledge_submit``, ``pledge_review`` and ``pledge_progress_add``, so the audit log shows the real
codes too.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import DEMO
from chuangxian.core.roles import Role
from chuangxian.demo.history import at, count
from chuangxian.demo.phase2 import pledge_texts as texts
from chuangxian.demo.phase2.world import World
from chuangxian.notifications.models import EmailStatus, Notification
from chuangxian.orgs.models import Member, Post, UnitCategory
from chuangxian.pledges.models import Pledge, PledgeProgress, PledgeStatus, PledgeType
from chuangxian.pledges.services import PledgeContent, pledge_progress_add, pledge_review, pledge_submit

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


def _reviewer(world: World, member: Member) -> Any:
    """Who reviewed: the unit's chair where it has a login, else the office; never oneself (the office
    persona's own pledge was reviewed by another office member, who has no login: None). The chair's
    and the liaison's own pledges go through the services (``_through_services``)."""
    reviewer = world.actor(world.secondary_of(member))
    return None if reviewer.pk == member.user_id else reviewer


def pledges_replay(world: World, rng: random.Random) -> Counter[str]:
    """Write every planned pledge; returns the count by status."""
    plans = plan_pledges(world, rng)
    through_services = {world.cast.persona_member_ids.get(k) for k in ("chair", "liaison")} - {None}
    bulk = [p for p in plans if p.member.pk not in through_services]
    _bulk_write(world, bulk)
    for plan in plans:
        if plan.member.pk in through_services:
            _through_services(world, plan)
    return Counter(plan.status for plan in plans)


def _bulk_write(world: World, plans: list[PledgePlan]) -> None:
    """The pledges as ``pledge_submit`` and ``pledge_review`` would leave them, in a few queries."""
    rows = []
    for plan in plans:
        assert plan.text is not None
        reviewed = plan.reviewed_at is not None
        reviewer = _reviewer(world, plan.member) if reviewed else None
        rows.append(
            Pledge(
                tenant_id=world.tenant_id,
                campaign=world.campaign,
                member=plan.member,
                unit=plan.member.unit,
                type=plan.type,
                content=plan.format(plan.text.content),
                due_on=_due_on(world, plan.text),
                check_standard=plan.format(plan.text.standard),
                status=plan.status,
                flagged_strict=plan.member.pk in world.cadres,
                review_comment=plan.comment,
                reviewed_by=reviewer,
                submitted_at=plan.submitted_at,
                reviewed_at=plan.reviewed_at,
                published_at=plan.reviewed_at if plan.status in (S.PUBLISHED, S.FULFILLING) else None,
            )
        )
    Pledge.objects.bulk_create(rows, batch_size=500)
    ids = dict(
        Pledge.objects.filter(tenant_id=world.tenant_id, campaign=world.campaign).values_list(
            "member_id", "pk"
        )
    )
    progress = [
        PledgeProgress(
            tenant_id=world.tenant_id,
            pledge_id=ids[plan.member.pk],
            on=day,
            text=plan.format(plan.text.progress[i % len(plan.text.progress)]),
            created_by=plan.member.user,
        )
        for plan in plans
        if plan.text is not None
        for i, day in enumerate(plan.progress)
    ]
    PledgeProgress.objects.bulk_create(progress, batch_size=500)
    Notification.objects.bulk_create(_notices(world, plans, ids), batch_size=500)
    _audit(world, plans)


def _notices(world: World, plans: list[PledgePlan], ids: dict[int, int]) -> list[Notification]:
    """The notices ``pledge_submit`` sends the unit's officers and ``pledge_review`` the member.

    An officer's notice of a pledge that has since been reviewed is marked read when it was reviewed
    (the officer opened it to review). No e-mail goes out for replayed history.
    """
    notices = []
    for plan in plans:
        if plan.submitted_at is None:
            continue
        pk = ids[plan.member.pk]
        url = reverse("pledges:detail", args=[pk])
        officers = list(world.officers.get(plan.member.unit_id, {}).values())
        title = _("%(name)s 提交了承诺，请审核") % {"name": plan.member.name}
        for officer in officers:
            notices.append(
                Notification(
                    tenant_id=world.tenant_id,
                    recipient=officer,
                    kind="pledges.submitted",
                    title=title[:200],
                    url=url,
                    key=f"pledge-submitted:{pk}:{plan.submitted_at.isoformat()}",
                    email_status=EmailStatus.NONE,
                    read_at=plan.reviewed_at,
                )
            )
        if plan.reviewed_at is None:
            continue
        approved = plan.status != S.RETURNED
        notices.append(
            Notification(
                tenant_id=world.tenant_id,
                recipient=plan.member,
                kind="pledges.pledge.published" if approved else "pledges.pledge.returned",
                title=_("您的承诺已审核通过，在本单位承诺墙上公示")
                if approved
                else _("您的承诺被退回，请按审核意见修改后重新提交"),
                body=plan.comment,
                url=url,
                key=f"pledge-review:{pk}:{plan.reviewed_at.isoformat()}",
                email_status=EmailStatus.NONE,
            )
        )
    return notices


def _audit(world: World, plans: list[PledgePlan]) -> None:
    """One batch entry per reviewing unit (the 二级工会 or the school union), with its counts."""
    by_unit: dict[int, Counter[str]] = defaultdict(Counter)
    for plan in plans:
        counts = by_unit[world.secondary_of(plan.member).pk]
        counts[plan.status] += 1
        counts["progress"] += len(plan.progress)
        counts["strict"] += plan.member.pk in world.cadres
    for unit_pk, counts in sorted(by_unit.items(), key=lambda item: world.by_pk[item[0]].path):
        unit = world.by_pk[unit_pk]
        audit_record(
            actor=DEMO,
            action="demo.pledges.recorded",
            target=world.campaign,
            unit=unit,
            data={"pledges": sum(counts[s] for s in S.values), **{k: v for k, v in counts.items() if v}},
        )


def _through_services(world: World, plan: PledgePlan) -> None:
    """A persona with a login writes, has reviewed and fulfils their pledge through the services."""
    member, cast = plan.member, world.cast
    author = member.user
    reviewer = cast.liaison if author == cast.chair else cast.chair
    assert author is not None, "a persona has a login"
    assert plan.text is not None and plan.submitted_at is not None and plan.reviewed_at is not None
    with clock.as_of(plan.submitted_at):
        pledge = pledge_submit(
            member=member,
            campaign=world.campaign,
            content=PledgeContent(
                type=plan.type,
                content=plan.format(plan.text.content),
                due_on=_due_on(world, plan.text),
                check_standard=plan.format(plan.text.standard),
            ),
            actor=author,
        )
    with clock.as_of(plan.reviewed_at):
        pledge = pledge_review(pledge=pledge, approve=True, actor=reviewer)
    for i, day in enumerate(plan.progress):
        with clock.as_of(at(day, 21, 0)):
            pledge_progress_add(
                pledge=pledge,
                on=day,
                text=plan.format(plan.text.progress[i % len(plan.text.progress)]),
                actor=author,
            )
