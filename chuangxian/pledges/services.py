"""Every write to pledges: write/submit (提诺), review (审诺 → 示诺 or 退回), progress (践诺), report (述诺).

Each status change goes through ``PLEDGE_CYCLE`` (the shared review cycle, ``review.cycle``): the
review part (提诺 → 审诺 → 示诺 or 退回 → 审诺 again) plus the pledge's own later steps (践诺, 述诺,
评诺). Anything else is refused with PledgeError 'bad_transition'. Each submission is kept as a
version (``review.Revision``) and each review as a decision (``review.Decision``).
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import phase_require_open
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.roles import OFFICER_ROLES
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member, RoleAssignment
from chuangxian.pledges.models import Pledge, PledgeProgress, PledgeReport, PledgeStatus, PledgeType
from chuangxian.pledges.permissions import can_review_pledge, can_write_pledge_of, is_owner
from chuangxian.review.cycle import ReviewCycle

S = PledgeStatus

MAX_CONTENT = 2000


class PledgeError(DomainError):
    pass


# The only way a pledge's status changes: the review cycle, then 示诺 → 践诺 → 述诺 → 评诺.
PLEDGE_CYCLE = ReviewCycle(
    statuses=PledgeStatus,
    noun=gettext_lazy("承诺"),
    drafts=(S.DRAFT, S.RETURNED),
    submitted=S.IN_REVIEW,
    approved=S.PUBLISHED,
    returned=S.RETURNED,
    error=PledgeError,
    more={S.PUBLISHED: (S.FULFILLING, S.REPORTED), S.FULFILLING: (S.REPORTED,), S.REPORTED: (S.RATED,)},
    comment_required=gettext_lazy("退回承诺时请写明修改意见。"),
)
TRANSITIONS = PLEDGE_CYCLE.transitions  # from-status → {to-status}


@dataclass(frozen=True)
class PledgeContent:
    type: str
    content: str
    due_on: date
    check_standard: str


def can_transition(current: str, target: str) -> bool:
    return PLEDGE_CYCLE.can_move(current, target)


def _transition(pledge: Pledge, target: str) -> None:
    """Raises PledgeError 'bad_transition' unless ``PLEDGE_CYCLE`` allows the move."""
    PLEDGE_CYCLE.move(pledge, target)


def _revision_fields(pledge: Pledge) -> list[tuple[str, str]]:
    """What a submission of ``pledge`` freezes as its version, for the 修改记录 and the compare."""
    return [
        (_("承诺类型"), str(PledgeType(pledge.type).label)),
        (_("承诺内容"), pledge.content),
        (_("完成时限"), pledge.due_on.isoformat()),
        (_("检验标准"), pledge.check_standard),
    ]


def _check_content(content: PledgeContent, campaign: Campaign) -> PledgeContent:
    text, standard = content.content.strip(), content.check_standard.strip()
    if content.type not in PledgeType.values:
        raise PledgeError(code="bad_type", message=_("请选择承诺类型。"), field="type")
    if not text:
        raise PledgeError(code="empty", message=_("请填写承诺内容。"), field="content")
    if len(text) > MAX_CONTENT or len(standard) > MAX_CONTENT:
        raise PledgeError(
            code="too_long", message=_("承诺内容和检验标准各不超过 %(n)s 字。") % {"n": MAX_CONTENT}
        )
    if not standard:
        raise PledgeError(
            code="no_standard", message=_("请写明检验标准：如何检验承诺是否兑现。"), field="check_standard"
        )
    pledge_due_check(content.due_on)
    return PledgeContent(type=content.type, content=text, due_on=content.due_on, check_standard=standard)


def pledge_due_check(due_on: date) -> None:
    """A pledge is due today or later. Raises PledgeError 'past_due'; PledgeForm runs it too."""
    if due_on < clock.today():
        raise PledgeError(code="past_due", message=_("完成时限不能早于今天。"), field="due_on")


def pledge_progress_date_check(on: date) -> None:
    """A step of fulfilment happened today or earlier. Raises PledgeError 'future_date'; ProgressForm
    runs it too."""
    if on > clock.today():
        raise PledgeError(code="future_date", message=_("践诺日期不能晚于今天。"), field="on")


def _officers(pledge: Pledge) -> list[Member]:
    """The unit's chair and liaison who review ``pledge``: never its own author."""
    return list(
        Member.objects.filter(
            tenant_id=pledge.tenant_id,
            pk__in=RoleAssignment.objects.filter(
                tenant_id=pledge.tenant_id, unit=pledge.unit, role__in=OFFICER_ROLES
            ).values("member_id"),
        ).exclude(pk=pledge.member_id)
    )


@transaction.atomic
def pledge_submit(
    *, member: Member, campaign: Campaign, content: PledgeContent, submit: bool = True, actor: Actor
) -> Pledge:
    """Write the member's pledge for ``campaign`` (提诺) and, with ``submit``, send it for review (审诺).

    Only the member writes their own pledge, inside the PLEDGE phase window (or a reopening for the
    member's unit). A draft or a returned pledge is updated in place; any other existing pledge makes
    this a second pledge and is refused. Locks the member row so that two submissions cannot both
    pass the one-pledge check (the unique constraint backs it). The pledge is flagged for strict
    review when the member holds any role. Notifies the unit's chair and liaison after commit.
    Raises Refused 'not_own' (anyone but the member, the system too); PledgeError 'wrong_tenant',
    'duplicate', 'bad_transition', content codes, or PhaseClosedError.
    """
    member = (
        Member.objects.select_for_update()
        .select_related("unit")
        .get(pk=member.pk, tenant_id=member.tenant_id)
    )
    if not can_write_pledge_of(actor, member):
        raise Refused(_("承诺只能由会员本人填写。"), code="not_own")
    if member.tenant_id != campaign.tenant_id:
        raise PledgeError(code="wrong_tenant", message=_("该创先活动不属于本校。"))
    phase_require_open(campaign=campaign, action=PhaseAction.PLEDGE, unit=member.unit)
    clean = _check_content(content, campaign)
    pledge = (
        Pledge.objects.select_for_update()
        .filter(tenant_id=member.tenant_id, campaign=campaign, member=member)
        .first()
    )
    if pledge is not None and not PLEDGE_CYCLE.editable(pledge.status):
        raise PledgeError(
            code="duplicate",
            message=_("您已经提交过本次创先活动的承诺，每位会员每次创先活动只能提交一份承诺。"),
        )
    created = pledge is None
    if pledge is None:
        pledge = Pledge(tenant_id=member.tenant_id, campaign=campaign, member=member, unit=member.unit)
    pledge.type, pledge.content = clean.type, clean.content
    pledge.due_on, pledge.check_standard = clean.due_on, clean.check_standard
    pledge.flagged_strict = RoleAssignment.objects.filter(tenant_id=member.tenant_id, member=member).exists()
    if submit:
        PLEDGE_CYCLE.submit(pledge)
        pledge.submitted_at = clock.now()
    try:
        with transaction.atomic():
            pledge.save()
    except IntegrityError as error:  # only reachable without the member lock (another code path)
        raise PledgeError(
            code="duplicate",
            message=_("您已经提交过本次创先活动的承诺，每位会员每次创先活动只能提交一份承诺。"),
        ) from error
    if submit:
        PLEDGE_CYCLE.record_revision(pledge, fields=_revision_fields(pledge), actor=actor)
    audit_record(
        actor=actor,
        action="pledges.pledge.submitted" if submit else "pledges.pledge.draft_saved",
        target=pledge,
        unit=pledge.unit,
        data={
            "type": pledge.type,
            "due_on": pledge.due_on,
            "created": created,
            "strict": pledge.flagged_strict,
        },
    )
    if submit:
        notify(
            tenant_id=pledge.tenant_id,
            recipients=_officers(pledge),
            kind="pledges.submitted",
            title=_("%(name)s 提交了承诺，请审核") % {"name": member.name},
            url=reverse("pledges:detail", args=[pledge.pk]),
            key=f"pledge-submitted:{pledge.pk}:{pledge.submitted_at.isoformat() if pledge.submitted_at else ''}",
            email=False,
        )
    return pledge


@transaction.atomic
def pledge_review(*, pledge: Pledge, approve: bool, comment: str = "", actor: Actor) -> Pledge:
    """A manager of the pledge's unit approves it (示诺: published on the wall) or returns it.

    Locks the pledge row. A manager never reviews their own pledge. Returning needs a comment.
    Notifies the member after commit. Raises Refused 'not_reviewer', 'own_pledge'; PledgeError
    'comment_required', 'bad_transition'.
    """
    pledge = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("unit", "member")
        .get(pk=pledge.pk, tenant_id=pledge.tenant_id)
    )
    if not can_review_pledge(actor, pledge):
        raise Refused(_("只有本单位的工会主席、联络员或学校工会可以审核承诺。"), code="not_reviewer")
    if is_owner(actor, pledge):
        raise Refused(_("不能审核自己的承诺，请由本单位其他负责人审核。"), code="own_pledge")
    decision = PLEDGE_CYCLE.decide(pledge, approve=approve, comment=comment, actor=actor)
    comment, now = decision.comment, decision.created_at
    # The latest decision, kept on the pledge for the wall and the lists.
    pledge.review_comment = comment
    pledge.reviewed_by = decision.reviewer
    pledge.reviewed_at = now
    if approve:
        pledge.published_at = now
    pledge.save()
    action = "pledges.pledge.published" if approve else "pledges.pledge.returned"
    audit_record(actor=actor, action=action, target=pledge, unit=pledge.unit, data={"comment": comment})
    if approve:
        title = _("您的承诺已审核通过，在本单位承诺墙上公示")
    else:
        title = _("您的承诺被退回，请按审核意见修改后重新提交")
    notify(
        tenant_id=pledge.tenant_id,
        recipients=[pledge.member],
        kind=action,
        title=title,
        body=comment,
        url=reverse("pledges:detail", args=[pledge.pk]),
        key=f"pledge-review:{pledge.pk}:{now.isoformat()}",
    )
    return pledge


def _lock_own(pledge: Pledge, actor: Actor) -> tuple[Pledge, User]:
    """The pledge, locked, and the login of its member, who alone records 践诺 and 述诺."""
    pledge = (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("unit", "member", "campaign")
        .get(pk=pledge.pk, tenant_id=pledge.tenant_id)
    )
    if not is_owner(actor, pledge) or not isinstance(actor, User):
        raise Refused(_("只有承诺人本人可以记录践诺和述诺。"), code="not_own")
    return pledge, actor


@transaction.atomic
def pledge_progress_add(*, pledge: Pledge, on: date, text: str, actor: Actor) -> PledgeProgress:
    """The member records a dated step of fulfilment (践诺); the first one moves 示诺 → 践诺.

    Locks the pledge row; inside the PLEDGE phase window. Raises Refused 'not_own'; PledgeError
    'empty', 'future_date', 'not_published' or PhaseClosedError.
    """
    pledge, author = _lock_own(pledge, actor)
    if pledge.status not in (S.PUBLISHED, S.FULFILLING):
        raise PledgeError(code="not_published", message=_("承诺审核通过并公示后，才能记录践诺情况。"))
    phase_require_open(campaign=pledge.campaign, action=PhaseAction.PLEDGE, unit=pledge.unit)
    text = text.strip()
    if not text:
        raise PledgeError(code="empty", message=_("请填写践诺情况。"), field="text")
    pledge_progress_date_check(on)
    if pledge.status == S.PUBLISHED:
        _transition(pledge, S.FULFILLING)
        pledge.save(update_fields=["status", "updated_at"])
    entry = PledgeProgress.objects.create(
        tenant_id=pledge.tenant_id, pledge=pledge, on=on, text=text[:MAX_CONTENT], created_by=author
    )
    audit_record(
        actor=actor,
        action="pledges.progress.added",
        target=pledge,
        unit=pledge.unit,
        data={"on": on, "entry": entry.pk},
    )
    return entry


@transaction.atomic
def pledge_report_submit(*, pledge: Pledge, text: str, actor: Actor) -> PledgeReport:
    """The member's own report at the end (述诺). Once only; moves the pledge to 述诺.

    Locks the pledge row; inside the PLEDGE phase window. Raises Refused 'not_own'; PledgeError
    'empty', 'bad_transition' (not yet published, or already reported) or PhaseClosedError.
    """
    pledge, author = _lock_own(pledge, actor)
    text = text.strip()
    if not text:
        raise PledgeError(code="empty", message=_("请填写述诺内容：承诺兑现得怎么样。"), field="text")
    _transition(pledge, S.REPORTED)
    phase_require_open(campaign=pledge.campaign, action=PhaseAction.PLEDGE, unit=pledge.unit)
    pledge.save(update_fields=["status", "updated_at"])
    report = PledgeReport.objects.create(
        tenant_id=pledge.tenant_id,
        pledge=pledge,
        text=text[: MAX_CONTENT * 2],
        submitted_by=author,
        submitted_at=clock.now(),
    )
    audit_record(actor=actor, action="pledges.pledge.reported", target=pledge, unit=pledge.unit)
    notify(
        tenant_id=pledge.tenant_id,
        recipients=_officers(pledge),
        kind="pledges.reported",
        title=_("%(name)s 提交了述诺") % {"name": pledge.member.name},
        url=reverse("pledges:detail", args=[pledge.pk]),
        key=f"pledge-reported:{pledge.pk}",
        email=False,
    )
    return report
