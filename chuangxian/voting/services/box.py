"""The sealed ballot box: made when a poll opens, its key shares collected by the scrutineers,
ballots sealed into it, and opened together at the count (``docs/voting.md``, "密封票箱").

The box is opened in memory, once: every sealed ballot is decrypted, checked against the poll's
questions and written as a plain ``Ballot`` with its ``BallotChoice`` rows, all in an order shuffled
with ``secrets`` and with fresh random keys and receipts, so nothing ties an opened ballot to the
sealed one (nor to its row order, nor to its transaction). The wrapped private key and every share
waiting in the database are then erased in the same transaction: the box cannot be opened again.
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member
from chuangxian.voting import sealing
from chuangxian.voting.models import (
    BallotBox,
    KeyShare,
    Poll,
    PollStatus,
    Question,
    QuestionMethod,
    SealedBallot,
)
from chuangxian.voting.models_box import BoxCustody
from chuangxian.voting.permissions import is_scrutineer
from chuangxian.voting.selectors import scrutineers
from chuangxian.voting.services._common import VotingError, _local, _require_in_person
from chuangxian.voting.services.box_opening import box_open


def _box_questions(poll: Poll) -> list[tuple[int, list[int]]]:
    return [
        (q.pk, [] if q.method == QuestionMethod.YES_NO else [o.pk for o in q.options.all()])
        for q in Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options")
    ]


@sensitive_variables("private_key", "secret", "shares", "share")
def box_prepare(poll: Poll) -> BallotBox:
    """Make the sealed poll's box as it opens (the caller holds the poll's lock): a fresh key pair,
    its private key wrapped for the scrutineers' shares (two or more scrutineers) or for the instance
    key (fewer). Each scrutineer's share waits, sealed by the instance key, until they collect it."""
    public_key, private_key = sealing.new_keypair()
    members = [officer.member for officer in scrutineers(poll)]
    box = BallotBox(
        tenant_id=poll.tenant_id,
        poll=poll,
        public_key=public_key,
        pad_size=sealing.ballot_pad_size(_box_questions(poll)),
    )
    try:
        instance_wrapping_key = sealing.instance_wrapping_key()
    except sealing.NoInstanceKey as error:
        raise VotingError(
            code="no_instance_key",
            message=_(
                "服务器没有设置实例密钥（VOTING_INSTANCE_KEY），不能开启密封票箱的投票。请联系系统管理员。"
            ),
        ) from error
    if len(members) < 2:
        box.custody = BoxCustody.INSTANCE
        box.wrapped_key = sealing.wrap(private_key, instance_wrapping_key)
        box.save()
        return box
    threshold = poll.key_threshold or sealing.majority(len(members))
    if not 2 <= threshold <= len(members):
        raise VotingError(
            code="bad_threshold",
            message=_("开箱所需监票人数应在 2 到监票人数（%(n)d）之间。") % {"n": len(members)},
            field="key_threshold",
        )
    secret, shares = sealing.split(threshold, len(members))
    box.custody = BoxCustody.SCRUTINEERS
    box.threshold = threshold
    box.share_count = len(members)
    box.wrapped_key = sealing.wrap(private_key, sealing.wrapping_key_from_secret(secret))
    box.save()
    KeyShare.objects.bulk_create(
        [
            KeyShare(
                tenant_id=poll.tenant_id,
                box=box,
                member=member,
                index=index,
                verifier=sealing.share_check(bytes(box.salt), index, share),
                pending=sealing.instance_seal(share),
            )
            for member, (index, share) in zip(members, shares, strict=True)
        ]
    )
    transaction.on_commit(partial(_tell_scrutineers, poll, members, "share"))
    return box


def box_close_notice(poll: Poll) -> None:
    """After a sealed poll closes (the caller's transaction): tell its scrutineers to open the box."""
    box = poll.box
    if box is None or box.custody != BoxCustody.SCRUTINEERS or box.is_open:
        return
    members = list(
        Member.objects.filter(
            tenant_id=poll.tenant_id,
            pk__in=KeyShare.objects.filter(tenant_id=poll.tenant_id, box=box).values("member_id"),
        )
    )
    transaction.on_commit(partial(_tell_scrutineers, poll, members, "box"))


def _tell_scrutineers(poll: Poll, members: list[Member], step: str) -> None:
    if step == "share":
        title = _("请领取开箱密钥分片：%(title)s") % {"title": poll.title}
        body = _(
            "您是本次投票的监票人。请在无人旁观时领取分片，抄写后在页面上输入一遍确认；确认后系统不再保存它，请妥善保管，截止后凭它开箱。"
        )
    else:
        title = _("请开箱计票：%(title)s") % {"title": poll.title}
        body = _("投票已截止。请凭您领取的密钥分片打开密封票箱；达到规定人数后即开箱计票。")
    notify(
        tenant_id=poll.tenant_id,
        recipients=members,
        kind="voting",
        title=title,
        body=body,
        url=reverse(f"voting:{step}", args=[poll.pk]),
        key=f"poll:{poll.pk}:{step}",
    )


def box_seal(box: BallotBox, kind: str, marks: list[list[object]]) -> SealedBallot:
    """Seal one ballot into ``box`` (inside the cast's transaction). ``marks``: [question id, option
    id or None, mark]."""
    sealed = sealing.seal(bytes(box.public_key), sealing.ballot_plaintext(kind, marks, box.pad_size))
    return SealedBallot.objects.create(
        tenant_id=box.tenant_id, poll_id=box.poll_id, sealed=sealed, tracker=sealing.tracker(sealed)
    )


def _scrutineer_share(poll: Poll, member: Member, actor: Actor) -> KeyShare:
    _require_in_person(actor, member, _("密钥分片只能由监票人本人领取和提交。"))
    if not is_scrutineer(actor, poll):
        raise Refused(_("只有本次投票的监票人持有开箱密钥分片。"), code="not_scrutineer")
    share = (
        KeyShare.objects.select_for_update()
        .filter(tenant_id=poll.tenant_id, box__poll=poll, member=member)
        .select_related("box")
        .first()
    )
    if share is None:
        raise VotingError(code="no_share", message=_("本次投票没有为您生成开箱密钥分片。"))
    return share


def _instance_open(data: bytes) -> bytes:
    """A share kept sealed by the instance key; VotingError 'instance_key' if that key has changed."""
    try:
        return sealing.instance_open(data)
    except sealing.SealingError as error:
        raise VotingError(
            code="instance_key",
            message=_(
                "服务器实例密钥与开启投票时的不同，无法读取保存的密钥分片，什么也没有改变。"
                "请管理员恢复原来的实例密钥后重试。"
            ),
        ) from error


@transaction.atomic
@sensitive_variables("code")
def box_share_collect(*, poll: Poll, member: Member, actor: Actor) -> str:
    """The scrutineer's share, to write down: returns its code. It can be shown again only until the
    scrutineer confirms their copy (``box_share_confirm``), which erases the stored one; a share lost
    on the way (a dropped connection, a double tap) is therefore not lost for good.

    Raises Refused 'not_own', 'not_scrutineer'; VotingError 'no_share', 'collected', 'box_opened',
    'instance_key'."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    share = _scrutineer_share(poll, member, actor)
    _check_collectable(share)
    assert share.pending is not None
    code = sealing.share_code(share.index, _instance_open(bytes(share.pending)))
    audit_record(actor=actor, action="voting.box.share_shown", target=poll, unit=poll.unit)
    return code


def _check_collectable(share: KeyShare) -> None:
    if share.box.is_open:
        raise VotingError(code="box_opened", message=_("票箱已经开启，密钥分片已无用处。"))
    if share.pending is None:
        raise VotingError(
            code="collected",
            message=_("您已于 %(t)s 确认抄好密钥分片，系统不再保存它，不能再次显示。")
            % {"t": _local(share.collected_at) if share.collected_at else "—"},
        )


@transaction.atomic
@sensitive_variables("code", "value")
def box_share_confirm(*, poll: Poll, member: Member, code: str, actor: Actor) -> None:
    """The scrutineer types back the share they wrote down: if it is their share, the stored copy is
    erased and from now on only they hold it. Nothing changes when it is not.

    Raises Refused 'not_own', 'not_scrutineer'; VotingError 'no_share', 'collected', 'box_opened',
    'share_malformed', 'wrong_share'."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    share = _scrutineer_share(poll, member, actor)
    _check_collectable(share)
    index, value = _parsed(code)
    if not _is_theirs(share, index, value):
        raise VotingError(
            code="wrong_share",
            message=_(
                "您输入的与显示的分片不一致，请逐组核对抄写的内容后再确认（分片仍然保存在系统中，可以再次显示）。"
            ),
            field="code",
        )
    share.pending = None
    share.collected_at = clock.now()
    share.save(update_fields=["pending", "collected_at"])
    audit_record(actor=actor, action="voting.box.share_collected", target=poll, unit=poll.unit)


def _parsed(code: str) -> tuple[int, bytes]:
    try:
        return sealing.share_parse(code)
    except sealing.SealingError as error:
        raise VotingError(
            code="share_malformed",
            message=_("分片格式不正确：应为 8 组、每组 4 个字母或数字（共 31 位），请逐组核对后重新输入。"),
            field="code",
        ) from error


def _is_theirs(share: KeyShare, index: int, value: bytes) -> bool:
    """Whether a parsed code is ``share``: its number, and the keyed hash the box keeps of it."""
    return index == share.index and sealing.share_check(bytes(share.box.salt), index, value) == share.verifier


@dataclass(frozen=True)
class ShareResult:
    submitted: int  # valid shares in, this one included
    needed: int  # how many more are needed (0: the box is open)


@transaction.atomic
@sensitive_variables("code", "value", "have", "wrapping_key")
def box_share_submit(*, poll: Poll, member: Member, code: str, actor: Actor) -> ShareResult:
    """A scrutineer enters their share at the count. Below the threshold it waits, sealed by the
    instance key; the share that reaches the threshold opens the box at once (``box_open``) and, if
    nothing else (paper results) is pending, counts the poll.

    Raises Refused 'not_own', 'not_scrutineer'; VotingError 'no_share', 'not_closed', 'box_opened',
    'share_malformed', 'wrong_share', 'instance_key', 'box_key'."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    share = _scrutineer_share(poll, member, actor)
    box = share.box
    if box.is_open:
        raise VotingError(code="box_opened", message=_("票箱已经开启。"))
    if poll.status != PollStatus.CLOSED:
        raise VotingError(code="not_closed", message=_("投票截止后才能开箱。"))
    index, value = _parsed(code)
    if not _is_theirs(share, index, value):
        raise VotingError(
            code="wrong_share",
            message=_(
                "这不是您在本次投票领取的密钥分片（与系统保存的校验值不符）。请核对您抄写或保存的分片。"
            ),
            field="code",
        )
    waiting = list(
        KeyShare.objects.filter(tenant_id=poll.tenant_id, box=box, submitted__isnull=False)
        .exclude(pk=share.pk)
        .order_by("index")
    )
    have = _readable(waiting)
    have.append((index, value))
    audit_record(actor=actor, action="voting.box.share_submitted", target=poll, unit=poll.unit)
    if len(have) < box.threshold:
        share.submitted = sealing.instance_seal(value)
        share.submitted_at = clock.now()
        share.save(update_fields=["submitted", "submitted_at"])
        return ShareResult(submitted=len(have), needed=box.threshold - len(have))
    wrapping_key = sealing.wrapping_key_from_secret(sealing.combine(have[: box.threshold]))
    box_open(poll=poll, box=box, wrapping_key=wrapping_key, actor=actor)
    return ShareResult(submitted=len(have), needed=0)


def _readable(waiting: list[KeyShare]) -> list[tuple[int, bytes]]:
    """The shares waiting for the threshold. One the instance key no longer opens (the key was
    changed) is cleared, so its scrutineer is asked for it again instead of the box being stuck."""
    have = []
    for held in waiting:
        assert held.submitted is not None
        try:
            have.append((held.index, sealing.instance_open(bytes(held.submitted))))
        except sealing.SealingError:
            held.submitted, held.submitted_at = None, None
            held.save(update_fields=["submitted", "submitted_at"])
    return have
