"""Opening the sealed ballot box at the count (``services.box`` collects the shares that open it):
in memory, once. Every sealed ballot is checked against its tracker, decrypted and checked against
the poll's questions as strictly as the cast checked it, then written as a plain ``Ballot`` with its
``BallotChoice`` rows in an order shuffled with ``secrets``, with fresh random keys and receipts, so
nothing ties an opened ballot to the sealed one (nor to its row order, nor to its transaction). The
wrapped private key and every share waiting in the database are erased in the same transaction (and,
on SQLite, pushed out of the write-ahead log after the commit): the box cannot be opened again.
"""

import secrets

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.voting import sealing
from chuangxian.voting.models import (
    Ballot,
    BallotBox,
    BallotChoice,
    BallotKind,
    KeyShare,
    Mark,
    Option,
    Poll,
    Question,
    QuestionMethod,
    SealedBallot,
)
from chuangxian.voting.services._common import VotingError


@sensitive_variables("wrapping_key", "opener", "content", "ballots", "choices")
def box_open(*, poll: Poll, box: BallotBox, wrapping_key: bytes, actor: Actor) -> None:
    """Open ``box`` with ``wrapping_key`` (the caller holds the poll's lock, in its transaction), then
    count the poll unless paper results are still pending. Raises VotingError 'box_key', 'box_corrupt'."""
    from chuangxian.voting.services.counting import count_if_ready  # counting opens boxes too

    if box.wrapped_key is None:
        raise VotingError(code="box_opened", message=_("票箱已经开启。"))
    try:
        opener = sealing.opener(sealing.unwrap(bytes(box.wrapped_key), wrapping_key))
    except sealing.SealingError as error:
        raise VotingError(code="box_key", message=_("密钥分片不能还原票箱的密钥，票箱没有开启。")) from error
    questions = {
        q.pk: q
        for q in Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options")
    }
    rows = list(
        SealedBallot.objects.filter(tenant_id=poll.tenant_id, poll=poll).values_list("sealed", "tracker")
    )
    ballots: list[Ballot] = []
    choices: list[BallotChoice] = []
    for ciphertext, tracker in rows:
        sealed = bytes(ciphertext)
        if sealing.tracker(sealed) != tracker:  # a ciphertext swapped under the voter's tracker
            raise _corrupt()
        try:
            content = sealing.ballot_open(opener, sealed)
        except sealing.SealingError as error:
            raise VotingError(
                code="box_corrupt", message=_("票箱中有无法解密的选票，票箱没有开启。")
            ) from error
        ballot = Ballot(
            tenant_id=poll.tenant_id,
            poll=poll,
            kind=BallotKind.BLANK if content.get("k") == BallotKind.BLANK else BallotKind.VALID,
        )
        ballots.append(ballot)
        choices.extend(
            BallotChoice(tenant_id=poll.tenant_id, ballot=ballot, question=q, option=o, mark=m)
            for q, o, m in _checked_marks(content, questions)
        )
    shuffler = secrets.SystemRandom()
    shuffler.shuffle(ballots)
    shuffler.shuffle(choices)
    Ballot.objects.bulk_create(ballots, batch_size=500)
    BallotChoice.objects.bulk_create(choices, batch_size=1000)
    box.wrapped_key = None
    box.opened_at = clock.now()
    box.sealed_count = len(rows)
    box.opened_count = len(ballots)
    box.save(update_fields=["wrapped_key", "opened_at", "sealed_count", "opened_count"])
    KeyShare.objects.filter(tenant_id=poll.tenant_id, box=box).update(pending=None, submitted=None)
    audit_record(
        actor=actor,
        action="voting.box.opened",
        target=poll,
        unit=poll.unit,
        data={"sealed": len(rows), "opened": len(ballots)},
    )
    if connection.vendor == "sqlite":  # push the erased key out of the write-ahead log too
        transaction.on_commit(_checkpoint)
    count_if_ready(poll=poll, actor=actor)


def _checkpoint() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _corrupt() -> VotingError:
    return VotingError(code="box_corrupt", message=_("票箱中有与本次投票不符的选票，票箱没有开启。"))


def _checked_marks(
    content: dict[str, object], questions: dict[int, Question]
) -> list[tuple[Question, Option | None, str]]:
    """The marks of an opened ballot, checked as strictly as the cast checked them: each question and
    option of this poll (the option of that question), a mark its method allows, no option twice, no
    more approvals than allowed. Anything else means the box was tampered with."""
    marks: list[tuple[Question, Option | None, str]] = []
    seen: set[tuple[int, int | None]] = set()
    raw = content.get("m")
    if content.get("k") not in (BallotKind.VALID, BallotKind.BLANK) or not isinstance(raw, list):
        raise _corrupt()
    if content.get("k") == BallotKind.BLANK and raw:
        raise _corrupt()
    for entry in raw:
        if not (isinstance(entry, list) and len(entry) == 3):
            raise _corrupt()
        question_id, option_id, mark = entry
        question = questions.get(question_id) if isinstance(question_id, int) else None
        if question is None or (question_id, option_id) in seen:
            raise _corrupt()
        seen.add((question_id, option_id))
        if question.method == QuestionMethod.YES_NO:
            if option_id is not None or mark not in (Mark.YES, Mark.NO, Mark.ABSTAIN):
                raise _corrupt()
            marks.append((question, None, mark))
            continue
        option = next((o for o in question.options.all() if o.pk == option_id), None)
        allowed = (Mark.YES, Mark.NO) if question.allow_negative else (Mark.YES,)
        if option is None or mark not in allowed:
            raise _corrupt()
        marks.append((question, option, mark))
    for question in questions.values():
        yes = sum(
            1
            for q, _o, m in marks
            if q.pk == question.pk and q.method == QuestionMethod.APPROVAL and m == Mark.YES
        )
        if yes > question.max_choices:
            raise _corrupt()
    return marks


@sensitive_variables("wrapping_key")
def box_open_with_instance_key(*, poll: Poll, box: BallotBox, actor: Actor) -> None:
    """Open a box kept with the instance key (a poll without scrutineers), at the organiser's count.
    Raises VotingError 'box_key' if the instance key is not the one the box was sealed with."""
    try:
        box_open(poll=poll, box=box, wrapping_key=sealing.instance_wrapping_key(), actor=actor)
    except VotingError as error:
        if error.code != "box_key":
            raise
        raise VotingError(
            code="box_key",
            message=_(
                "服务器实例密钥与开启投票时的不同，票箱没有开启。请管理员恢复原来的实例密钥"
                "（VOTING_INSTANCE_KEY 或密钥文件）后重新计票。"
            ),
        ) from error
