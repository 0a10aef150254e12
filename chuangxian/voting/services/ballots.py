"""Casting: one ballot per voter, checked, stored without its voter, cast only by the voter."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Member
from chuangxian.voting.models import (
    Ballot,
    BallotBox,
    BallotChoice,
    BallotKind,
    Channel,
    Eligibility,
    Mark,
    Option,
    Participation,
    Poll,
    PollMode,
    PollStatus,
    Question,
    QuestionMethod,
)
from chuangxian.voting.services._common import VotingError, _local, _require_in_person
from chuangxian.voting.services.box import box_seal


@dataclass(frozen=True)
class Cast:
    """What the voter keeps: the receipt; for a sealed poll it is the tracker of the sealed ballot,
    which proves the ballot is in the box and shows nothing of its content."""

    receipt: str
    sealed: bool = False


Marks = list[tuple[Question, Option | None, str]]


def _tampered() -> VotingError:
    return VotingError(code="tampered", message=_("选票内容与本次投票不符，请刷新页面后重新填写。"))


def _ballot_marks(poll: Poll, answers: Mapping[int, Any], questions: list[Question] | None) -> Marks:
    """Validate ``answers`` ({question id: mark for yes/no, or {option id: mark} for approval}) and
    return the marks to store. Anything that does not belong to the ballot is a tampered form."""
    if questions is None:
        questions = list(
            Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options")
        )
    by_id = {q.pk: q for q in questions}
    unknown = set(answers) - set(by_id)
    if unknown:
        raise _tampered()
    marks: Marks = []
    for question in questions:
        answer = answers.get(question.pk)
        if question.method == QuestionMethod.YES_NO:
            if answer in (None, ""):
                continue
            if answer not in (Mark.YES, Mark.NO, Mark.ABSTAIN):
                raise _tampered()
            marks.append((question, None, str(answer)))
            continue
        answer = answer or {}
        if not isinstance(answer, Mapping):
            raise _tampered()
        options = {o.pk: o for o in question.options.all()}
        allowed = {Mark.YES, Mark.NO} if question.allow_negative else {Mark.YES}
        chosen = []
        for option_id, mark in answer.items():
            if option_id not in options or mark not in allowed:
                raise _tampered()
            chosen.append((question, options[option_id], str(mark)))
        yes = sum(1 for _q, _o, m in chosen if m == Mark.YES)
        if yes > question.max_choices:
            raise VotingError(
                code="too_many",
                message=_("第 %(n)d 题最多选 %(max)d 人（项），您选了 %(yes)d 人（项）。")
                % {"n": question.order, "max": question.max_choices, "yes": yes},
            )
        if chosen and yes < question.min_choices:
            raise VotingError(
                code="too_few",
                message=_(
                    "第 %(n)d 题至少选 %(min)d 人（项），您选了 %(yes)d 人（项）；不想选择可以整题留空。"
                )
                % {"n": question.order, "min": question.min_choices, "yes": yes},
            )
        marks.extend(chosen)
    return marks


def ballot_check(
    *,
    poll: Poll,
    member: Member,
    answers: Mapping[int, Any],
    blank: bool,
    questions: list[Question] | None = None,
) -> Marks:
    """Everything ``ballot_cast`` checks, without writing: the ballot's confirmation screen uses it so
    a voter hears about a mistake before confirming. ``blank`` is an empty ballot (空白票) whatever
    ``answers`` say. ``questions``: the poll's questions with their options prefetched
    (``selectors.ballot_questions``), when the caller has already read them. Returns the marks to store.

    Raises VotingError 'not_open', 'not_started', 'closed', 'paper_only', 'not_eligible',
    'already_voted', 'tampered', 'too_many', 'too_few', 'empty'.
    """
    now = clock.now()
    if poll.status == PollStatus.DRAFT:
        raise VotingError(code="not_open", message=_("投票尚未开始。"))
    if poll.status == PollStatus.SCHEDULED and now < poll.closes_at:
        raise VotingError(
            code="not_started",
            message=_("投票将于 %(t)s 开始。") % {"t": _local(poll.opens_at)}
            if now < poll.opens_at
            else _("投票马上开始，请稍后刷新页面。"),
        )
    if poll.status != PollStatus.OPEN or now >= poll.closes_at:
        raise VotingError(
            code="closed",
            message=_("投票已于 %(t)s 截止。") % {"t": _local(poll.closed_at or poll.closes_at)},
        )
    if now < poll.opens_at:
        raise VotingError(
            code="not_started", message=_("投票将于 %(t)s 开始。") % {"t": _local(poll.opens_at)}
        )
    if poll.mode == PollMode.PAPER:
        raise VotingError(code="paper_only", message=_("本次为纸质投票，请在现场投票。"))
    if not Eligibility.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists():
        raise VotingError(code="not_eligible", message=_("您不在本次投票的投票人名单中。"))
    if Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists():
        raise _already_voted()
    marks = [] if blank else _ballot_marks(poll, answers, questions)
    if not blank and not marks:
        raise VotingError(code="empty", message=_("您还没有作出任何选择；如确实不选，请勾选“投空白票”。"))
    return marks


def _already_voted() -> VotingError:
    return VotingError(code="already_voted", message=_("您已经投过票了，每人只能投一次。"))


def ballot_cast(
    *,
    poll: Poll,
    member: Member,
    answers: Mapping[int, Any],
    blank: bool,
    actor: Actor,
    questions: list[Question] | None = None,
) -> Cast:
    """Cast ``member``'s ballot after ``ballot_check``. The already-voted check there is only the
    polite path: two submissions racing both pass it, and the Participation unique constraint lets
    exactly one of them commit. Nothing is stored when it raises.

    ``poll`` may have been read before the poll was closed (the voter's page, ``ballot_check``): inside
    the transaction the poll row is read again and locked (FOR NO KEY UPDATE) *before* anything is
    written, and the ballot is refused with 'closed' unless that row is still open. ``poll_close``
    locks the same row FOR UPDATE, so a close and a cast of the same poll run one after the other and
    no ballot lands after the close. Lock order: the poll row first, then the inserts (their foreign
    keys take KEY SHARE on it, which this transaction's own lock allows); taking the poll lock after
    the inserts would let two casts each hold KEY SHARE and wait for the other's, a deadlock. Casts of
    one poll therefore queue on its row for the few statements of their transaction.

    Only the voter casts their ballot: anyone else (an officer, the system) is refused with
    ``Refused`` 'not_own' before anything is checked or stored."""
    _require_in_person(actor, member, _("只能由投票人本人投票，不能替他人投票。"))
    marks = ballot_check(poll=poll, member=member, answers=answers, blank=blank, questions=questions)
    try:
        with transaction.atomic():
            current = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk, tenant_id=poll.tenant_id)
            if current.status != PollStatus.OPEN or clock.now() >= current.closes_at:
                raise VotingError(
                    code="closed",
                    message=_("投票已于 %(t)s 截止，这张选票没有计入。")
                    % {"t": _local(current.closed_at or current.closes_at)},
                )
            Participation.objects.create(
                tenant_id=poll.tenant_id,
                poll=poll,
                member=member,
                channel=Channel.ONLINE,
                named_choices=None if poll.secret else _named(marks),
            )
            kind = BallotKind.BLANK if blank else BallotKind.VALID
            if current.sealed:
                receipt = _seal(current, kind, marks)
            else:
                ballot = Ballot.objects.create(tenant_id=poll.tenant_id, poll=poll, kind=kind)
                BallotChoice.objects.bulk_create(
                    [
                        BallotChoice(tenant_id=poll.tenant_id, ballot=ballot, question=q, option=o, mark=m)
                        for q, o, m in marks
                    ]
                )
                receipt = ballot.receipt
            audit_record(actor=actor, action="voting.ballot.cast", target=poll, unit=poll.unit)
    except IntegrityError as error:
        if Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists():
            raise _already_voted() from error
        raise
    return Cast(receipt=receipt, sealed=current.sealed)


def _seal(poll: Poll, kind: str, marks: Marks) -> str:
    """Seal the ballot into the poll's box; its tracker is the voter's receipt."""
    box = BallotBox.objects.filter(tenant_id=poll.tenant_id, poll=poll).first()
    if box is None or box.is_open:
        raise VotingError(code="no_box", message=_("本次投票的密封票箱不可用，请联系组织者。"))
    return box_seal(box, kind, [[q.pk, o.pk if o else None, m] for q, o, m in marks]).tracker


def _named(marks: Marks) -> list[list[Any]]:
    return [[q.order, o.order if o else None, m] for q, o, m in marks]
