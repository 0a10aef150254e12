"""Pledges written, reviewed and fulfilled many at a time, by the platform recording each person's
own act (the demo's replay of phase 2). See ``core.batch`` for the shape of a batched service.

Each batch checks, for every item, the rule ``services`` checks for one call (``pledge_submit``,
``pledge_review``, ``pledge_progress_add``), at the item's moment, and writes in a few queries: one
transaction, the rows locked up front, bulk inserts, one audit entry per unit and action naming the
recorder, and the notices the single services send (``notify_many``).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import phase_require_open
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.batch import require_batch_recorder
from chuangxian.core.errors import Refused
from chuangxian.core.roles import OFFICER_ROLES
from chuangxian.notifications.services_bulk import Notice, notify_many
from chuangxian.orgs.models import Member, RoleAssignment, Unit
from chuangxian.orgs.permissions import actors_prime
from chuangxian.pledges.models import Pledge, PledgeProgress, PledgeStatus
from chuangxian.pledges.permissions import can_review_pledge, can_write_pledge_of, is_owner
from chuangxian.pledges.services import (
    MAX_CONTENT,
    PLEDGE_CYCLE,
    PledgeContent,
    PledgeError,
    _check_content,
    _revision_fields,
    _transition,
    pledge_progress_date_check,
)
from chuangxian.review.cycle import latest_revision_numbers
from chuangxian.review.models import Decision, Revision

S = PledgeStatus
BULK_UPDATE_BATCH = 500  # rows per UPDATE ... CASE: the query count stays flat, each query small


@dataclass(frozen=True)
class PledgeSubmission:
    """``pledge_submit(member=member, content=content, submit=submit, actor=by)`` at ``at``."""

    by: Actor
    member: Member
    content: PledgeContent
    at: datetime
    submit: bool = True


@dataclass(frozen=True)
class PledgeReviewItem:
    """``pledge_review(pledge=pledge, approve=approve, comment=comment, actor=by)`` at ``at``."""

    by: Actor
    pledge: Pledge
    approve: bool
    at: datetime
    comment: str = ""


@dataclass(frozen=True)
class PledgeProgressItem:
    """``pledge_progress_add(pledge=pledge, on=on, text=text, actor=by)`` at ``at``."""

    by: Actor
    pledge: Pledge
    on: date
    text: str
    at: datetime


def _officers_by_unit(tenant_id: int, unit_ids: Iterable[int]) -> dict[int, list[Member]]:
    """unit pk → its chair and liaison (``services._officers`` for many units, one query)."""
    found: dict[int, list[Member]] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(
        tenant_id=tenant_id, unit_id__in=set(unit_ids), role__in=OFFICER_ROLES
    ).select_related("member"):
        if assignment.member not in found[assignment.unit_id]:
            found[assignment.unit_id].append(assignment.member)
    return found


def _audit_by_unit(rows: Iterable[tuple[Unit, str]]) -> dict[Unit, list[str]]:
    grouped: dict[Unit, list[str]] = defaultdict(list)
    for unit, name in rows:
        grouped[unit].append(name)
    return dict(sorted(grouped.items(), key=lambda item: item[0].path))


@transaction.atomic
def pledges_submit_many(
    *, campaign: Campaign, items: Sequence[PledgeSubmission], actor: Actor
) -> list[Pledge]:
    """Many members' ``pledge_submit``, each the member's own act (``item.by``), recorded by the
    system (``actor``). Returns the pledges in the items' order.

    Per item, at ``item.at``: ``can_write_pledge_of(by, member)``, the campaign's school, the PLEDGE
    window for the member's unit (or its reopening), the content, and one pledge per member and
    campaign (counting the batch's own items). Locks the members' rows, then their pledges. One
    audit entry per unit and action ('pledges.pledges.submitted', 'pledges.pledges.draft_saved')
    with the count and the names; the unit's chair and liaison get the notice ``pledge_submit``
    sends. Raises Refused 'not_system', 'not_own'; PledgeError 'wrong_tenant', 'duplicate',
    'bad_transition', content codes; PhaseClosedError: the batch writes nothing then.
    """
    require_batch_recorder(actor)
    actors_prime(item.by for item in items)
    campaign = Campaign.objects.prefetch_related("phases").get(tenant_id=campaign.tenant_id, pk=campaign.pk)
    members = {
        m.pk: m
        for m in Member.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(tenant_id=campaign.tenant_id, pk__in=[item.member.pk for item in items])
    }
    existing = {
        p.member_id: p
        for p in Pledge.objects.select_for_update().filter(
            tenant_id=campaign.tenant_id, campaign=campaign, member_id__in=list(members)
        )
    }
    strict = set(
        RoleAssignment.objects.filter(tenant_id=campaign.tenant_id, member_id__in=list(members)).values_list(
            "member_id", flat=True
        )
    )
    pledges: list[Pledge] = []
    for item in items:
        member = members.get(item.member.pk, item.member)
        if not can_write_pledge_of(item.by, member):
            raise Refused(_("承诺只能由会员本人填写。"), code="not_own")
        if member.tenant_id != campaign.tenant_id:
            raise PledgeError(code="wrong_tenant", message=_("该创先活动不属于本校。"))
        with clock.as_of(item.at):
            phase_require_open(campaign=campaign, action=PhaseAction.PLEDGE, unit=member.unit)
            clean = _check_content(item.content, campaign)
        pledge = existing.get(member.pk)
        if pledge is not None and not PLEDGE_CYCLE.editable(pledge.status):
            raise PledgeError(
                code="duplicate",
                message=_("您已经提交过本次创先活动的承诺，每位会员每次创先活动只能提交一份承诺。"),
            )
        if pledge is None:
            pledge = Pledge(tenant_id=member.tenant_id, campaign=campaign, member=member, unit=member.unit)
        pledge.type, pledge.content = clean.type, clean.content
        pledge.due_on, pledge.check_standard = clean.due_on, clean.check_standard
        pledge.flagged_strict = member.pk in strict
        if item.submit:
            PLEDGE_CYCLE.submit(pledge)
            pledge.submitted_at = item.at
        existing[member.pk] = pledge
        pledges.append(pledge)
    for pledge in pledges:
        if pledge.pk is not None:  # a draft or a returned pledge, updated in place
            pledge.save()
    Pledge.objects.bulk_create([p for p in pledges if p.pk is None], batch_size=500)
    submitted = [(p, item) for p, item in zip(pledges, items, strict=True) if item.submit]
    # Each submission a version (review.Revision), as ``pledge_submit`` records it.
    numbers = latest_revision_numbers([p for p, _item in submitted])
    revisions = []
    for pledge, item in submitted:
        numbers[pledge.pk] = numbers.get(pledge.pk, 0) + 1
        revisions.append(
            PLEDGE_CYCLE.record_revision(
                pledge,
                fields=_revision_fields(pledge),
                actor=item.by,
                number=numbers[pledge.pk],
                at=item.at,
                save=False,
            )
        )
    Revision.objects.bulk_create(revisions, batch_size=500)
    for unit, names in _audit_by_unit((p.unit, p.member.name) for p, _item in submitted).items():
        audit_record(
            actor=actor,
            action="pledges.pledges.submitted",
            target=campaign,
            unit=unit,
            data={"count": len(names), "members": names},
        )
    drafts = [(p.unit, p.member.name) for p, item in zip(pledges, items, strict=True) if not item.submit]
    for unit, names in _audit_by_unit(drafts).items():
        audit_record(
            actor=actor,
            action="pledges.pledges.draft_saved",
            target=campaign,
            unit=unit,
            data={"count": len(names), "members": names},
        )
    officers = _officers_by_unit(campaign.tenant_id, {p.unit_id for p, _item in submitted})
    notify_many(
        tenant_id=campaign.tenant_id,
        notices=[
            Notice(
                recipients=[m for m in officers.get(p.unit_id, []) if m.pk != p.member_id],
                kind="pledges.submitted",
                title=_("%(name)s 提交了承诺，请审核") % {"name": p.member.name},
                url=reverse("pledges:detail", args=[p.pk]),
                key=f"pledge-submitted:{p.pk}:{item.at.isoformat()}",
                email=False,
            )
            for p, item in submitted
        ],
    )
    return pledges


def _save_reviews(pledges: list[Pledge]) -> None:
    """Store the reviewed pledges' status, comment, reviewer and times in few queries: the moment
    (``reviewed_at``, different for each) by one ``UPDATE ... CASE`` per batch of rows, then each group
    of pledges that share status, comment and reviewer by one UPDATE (an approved pledge is published
    at its review's moment): a count of queries that follows the reviewers and comments, not the
    pledges. The fields ``pledge.save`` would write, ``updated_at`` as ``auto_now`` sets it."""
    if not pledges:
        return
    # A batch may span schools: the rows are in hand, each within its own school.
    rows = Pledge.objects.all_tenants().filter(tenant_id__in={p.tenant_id for p in pledges})
    rows.bulk_update(pledges, ["reviewed_at"], batch_size=BULK_UPDATE_BATCH)
    groups: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
    for pledge in pledges:
        groups[(pledge.status, pledge.review_comment, pledge.reviewed_by_id)].append(pledge.pk)
    now = timezone.now()
    for (status, comment, reviewer_id), ids in groups.items():
        published = {"published_at": F("reviewed_at")} if status == S.PUBLISHED else {}
        rows.filter(pk__in=ids).update(
            status=status, review_comment=comment, reviewed_by_id=reviewer_id, updated_at=now, **published
        )


@transaction.atomic
def pledges_review_many(*, items: Sequence[PledgeReviewItem], actor: Actor) -> list[Pledge]:
    """Many ``pledge_review`` calls, each the reviewer's own act (``item.by``), recorded by the
    system (``actor``). Returns the pledges in the items' order.

    Per item, at ``item.at``: ``can_review_pledge(by, pledge)``, never one's own pledge, a comment
    to return, and the transition from the pledge's status (after the batch's earlier items). Locks
    the pledges. One audit entry per unit and action ('pledges.pledges.published',
    'pledges.pledges.returned'); the member gets the notice ``pledge_review`` sends. Raises Refused
    'not_system', 'not_reviewer', 'own_pledge'; PledgeError 'comment_required', 'bad_transition'.
    """
    require_batch_recorder(actor)
    actors_prime(item.by for item in items)
    locked = {
        p.pk: p
        for p in Pledge.objects.all_tenants()  # a batch may span schools; each item is checked
        .select_for_update(of=("self",))
        .select_related("unit", "member")
        .filter(
            tenant_id__in={item.pledge.tenant_id for item in items}, pk__in=[item.pledge.pk for item in items]
        )
    }
    numbers: dict[int, int] = {}
    for tenant_id in {p.tenant_id for p in locked.values()}:
        numbers.update(latest_revision_numbers([p for p in locked.values() if p.tenant_id == tenant_id]))
    decisions: list[Decision] = []
    reviewed: list[tuple[Pledge, PledgeReviewItem, str]] = []
    for item in items:
        pledge = locked[item.pledge.pk]
        if not can_review_pledge(item.by, pledge):
            raise Refused(_("只有本单位的工会主席、联络员或学校工会可以审核承诺。"), code="not_reviewer")
        if is_owner(item.by, pledge):
            raise Refused(_("不能审核自己的承诺，请由本单位其他负责人审核。"), code="own_pledge")
        # The review cycle's checks and decision (review.Decision), as ``pledge_review`` records it.
        decision = PLEDGE_CYCLE.decide(
            pledge,
            approve=item.approve,
            comment=item.comment,
            actor=item.by,
            number=numbers.get(pledge.pk),
            at=item.at,
            save=False,
        )
        decisions.append(decision)
        comment = decision.comment
        pledge.review_comment = comment
        pledge.reviewed_by = decision.reviewer
        pledge.reviewed_at = item.at
        if item.approve:
            pledge.published_at = item.at
        reviewed.append((pledge, item, comment))
    Decision.objects.bulk_create(decisions, batch_size=500)
    _save_reviews(list({p.pk: p for p, _i, _c in reviewed}.values()))
    published = [(p.unit, p.member.name) for p, item, _c in reviewed if item.approve]
    for unit, names in _audit_by_unit(published).items():
        audit_record(
            actor=actor,
            action="pledges.pledges.published",
            target=unit,
            data={"count": len(names), "members": names},
        )
    returned = [(p.unit, p.member.name) for p, item, _c in reviewed if not item.approve]
    for unit, names in _audit_by_unit(returned).items():
        audit_record(
            actor=actor,
            action="pledges.pledges.returned",
            target=unit,
            data={"count": len(names), "members": names},
        )
    by_tenant: dict[int, list[tuple[Pledge, PledgeReviewItem, str]]] = defaultdict(list)
    for row in reviewed:
        by_tenant[row[0].tenant_id].append(row)
    for tenant_id, rows in by_tenant.items():  # each school's notices in that school
        notify_many(
            tenant_id=tenant_id,
            notices=[
                Notice(
                    recipients=[pledge.member],
                    kind="pledges.pledge.published" if item.approve else "pledges.pledge.returned",
                    title=_("您的承诺已审核通过，在本单位承诺墙上公示")
                    if item.approve
                    else _("您的承诺被退回，请按审核意见修改后重新提交"),
                    body=comment,
                    url=reverse("pledges:detail", args=[pledge.pk]),
                    key=f"pledge-review:{pledge.pk}:{item.at.isoformat()}",
                )
                for pledge, item, comment in rows
            ],
        )
    return [locked[item.pledge.pk] for item in items]


@transaction.atomic
def pledges_progress_add_many(*, items: Sequence[PledgeProgressItem], actor: Actor) -> list[PledgeProgress]:
    """Many ``pledge_progress_add`` calls, each the pledge's member's own act (``item.by``),
    recorded by the system (``actor``). Returns the entries in the items' order.

    Per item, at ``item.at``: only the pledge's member with their login (``is_owner``), a published
    pledge (the first entry moves 示诺 → 践诺), the PLEDGE window for the pledge's unit, a text, and a
    day not after the item's day. Locks the pledges. One audit entry per unit,
    'pledges.progress.added_many'. Raises Refused 'not_system', 'not_own'; PledgeError 'empty',
    'future_date', 'not_published'; PhaseClosedError.
    """
    require_batch_recorder(actor)
    actors_prime(item.by for item in items)
    locked = {
        p.pk: p
        for p in Pledge.objects.all_tenants()  # a batch may span schools; each item is checked
        .select_for_update(of=("self",))
        .select_related("unit", "member", "campaign")
        .prefetch_related("campaign__phases")
        .filter(
            tenant_id__in={item.pledge.tenant_id for item in items}, pk__in=[item.pledge.pk for item in items]
        )
    }
    entries: list[PledgeProgress] = []
    moved: dict[int, Pledge] = {}
    for item in items:
        pledge = locked[item.pledge.pk]
        author = login_of(item.by)
        if not is_owner(item.by, pledge) or author is None:
            raise Refused(_("只有承诺人本人可以记录践诺和述诺。"), code="not_own")
        if pledge.status not in (S.PUBLISHED, S.FULFILLING):
            raise PledgeError(code="not_published", message=_("承诺审核通过并公示后，才能记录践诺情况。"))
        text = item.text.strip()
        with clock.as_of(item.at):
            phase_require_open(campaign=pledge.campaign, action=PhaseAction.PLEDGE, unit=pledge.unit)
            if not text:
                raise PledgeError(code="empty", message=_("请填写践诺情况。"), field="text")
            pledge_progress_date_check(item.on)
        if pledge.status == S.PUBLISHED:
            _transition(pledge, S.FULFILLING)
            moved[pledge.pk] = pledge
        entries.append(
            PledgeProgress(
                tenant_id=pledge.tenant_id,
                pledge=pledge,
                on=item.on,
                text=text[:MAX_CONTENT],
                created_by=author,
            )
        )
    if moved:
        Pledge.objects.all_tenants().filter(
            tenant_id__in={p.tenant_id for p in moved.values()}, pk__in=list(moved)
        ).update(status=S.FULFILLING, updated_at=timezone.now())
    PledgeProgress.objects.bulk_create(entries, batch_size=500)
    for unit, names in _audit_by_unit((e.pledge.unit, e.pledge.member.name) for e in entries).items():
        audit_record(
            actor=actor,
            action="pledges.progress.added_many",
            target=unit,
            data={"count": len(names), "members": names},
        )
    return entries
