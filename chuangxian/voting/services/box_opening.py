"""Opening the sealed ballot box at the count (``services.box`` collects the shares that open it):
in memory, once. Every sealed ballot is checked against its tracker, decrypted and checked against
the poll's questions as strictly as the cast checked it, then written as a plain ``Ballot`` with its
``BallotChoice`` rows in an order shuffled with ``secrets``, with fresh random keys and receipts, so
nothing ties an opened ballot to the sealed one (nor to its row order, nor to its transaction). The
wrapped private key and every share waiting in the database are erased in the same transaction (and,
on SQLite, pushed out of the write-ahead log after the commit): the box cannot be opened again.
"""

import secrets
from typing import Any

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.voting import sealing, tally
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
    new_receipt,
)
from chuangxian.voting.selectors import poll_definition
from chuangxian.voting.services._common import VotingError


@sensitive_variables("wrapping_key", "opener", "content", "opened")
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
    definition = _Definition(poll)
    rows = list(
        SealedBallot.objects.filter(tenant_id=poll.tenant_id, poll=poll).values_list("sealed", "tracker")
    )
    opened: list[tuple[str, list[list[Any]]]] = []
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
        opened.append(definition.checked(content))
    _write(poll, definition, opened)
    box.wrapped_key = None
    box.opened_at = clock.now()
    box.sealed_count = len(rows)
    box.opened_count = len(opened)
    box.save(update_fields=["wrapped_key", "opened_at", "sealed_count", "opened_count"])
    KeyShare.objects.filter(tenant_id=poll.tenant_id, box=box).update(pending=None, submitted=None)
    audit_record(
        actor=actor,
        action="voting.box.opened",
        target=poll,
        unit=poll.unit,
        data={"sealed": len(rows), "opened": len(opened)},
    )
    if connection.vendor == "sqlite":  # push the erased key out of the write-ahead log too
        transaction.on_commit(_checkpoint)
    count_if_ready(poll=poll, actor=actor)


def _checkpoint() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _corrupt() -> VotingError:
    return VotingError(code="box_corrupt", message=_("票箱中有与本次投票不符的选票，票箱没有开启。"))


_YES_NO_MARKS = frozenset((Mark.YES, Mark.NO, Mark.ABSTAIN))
_APPROVAL_MARKS = {True: frozenset((Mark.YES, Mark.NO)), False: frozenset((Mark.YES,))}


class _Definition:
    """The poll's questions and options as the opening checks ballots against them: for each
    question id its number, method, allowed marks and most approvals, for each option id its
    question and number."""

    def __init__(self, poll: Poll) -> None:
        questions = list(
            Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options")
        )
        self.questions = {q.pk: q for q in questions}
        self.options: dict[int, Option] = {o.pk: o for q in questions for o in q.options.all()}
        self.hash = tally.definition_hash(poll_definition(poll))

    def checked(self, content: dict[str, Any]) -> tuple[str, list[list[Any]]]:
        """(kind, marks as [question id, option id or None, mark]) of an opened ballot, checked as
        strictly as the cast checked it: each question and option of this poll (the option of that
        question), a mark its method allows, no option twice, no more approvals than allowed.
        Anything else means the box was tampered with."""
        kind, raw = content.get("k"), content.get("m")
        if kind not in (BallotKind.VALID, BallotKind.BLANK) or not isinstance(raw, list):
            raise _corrupt()
        if kind == BallotKind.BLANK and raw:
            raise _corrupt()
        seen: set[tuple[Any, Any]] = set()
        approvals: dict[int, int] = {}
        for entry in raw:
            if not (isinstance(entry, list) and len(entry) == 3):
                raise _corrupt()
            question_id, option_id, mark = entry
            question = self.questions.get(question_id) if isinstance(question_id, int) else None
            if question is None or (question_id, option_id) in seen:
                raise _corrupt()
            seen.add((question_id, option_id))
            if question.method == QuestionMethod.YES_NO:
                if option_id is not None or mark not in _YES_NO_MARKS:
                    raise _corrupt()
                continue
            option = self.options.get(option_id) if isinstance(option_id, int) else None
            if option is None or option.question_id != question_id:
                raise _corrupt()
            if mark not in _APPROVAL_MARKS[question.allow_negative]:
                raise _corrupt()
            if mark == Mark.YES:
                approvals[question_id] = approvals.get(question_id, 0) + 1
                if approvals[question_id] > question.max_choices:
                    raise _corrupt()
        return str(kind), raw

    def record(self, receipt: str, kind: str, marks: list[list[Any]]) -> dict[str, Any]:
        """The ballot as the published list (``tally.ballot_record``) shows it: by numbers."""
        return tally.ballot_record(
            receipt,
            kind,
            [[self.questions[q].order, None if o is None else self.options[o].order, m] for q, o, m in marks],
        )


def _fresh_receipts(count: int) -> list[str]:
    receipts: set[str] = set()
    while len(receipts) < count:
        receipts.add(new_receipt())
    return list(receipts)


def _write(poll: Poll, definition: _Definition, opened: list[tuple[str, list[list[Any]]]]) -> None:
    """Write the opened ballots: shuffled with ``secrets``, fresh random keys and receipts, their
    hash chain computed now (``_count`` recomputes it and finds nothing to change), written by
    ``_insert`` without model instances (they cost more than everything else the opening does)."""
    secrets.SystemRandom().shuffle(opened)
    receipts = _fresh_receipts(len(opened))
    keys = [secrets.token_hex(16) for _ in opened]
    records = [
        definition.record(receipt, kind, marks)
        for receipt, (kind, marks) in zip(receipts, opened, strict=True)
    ]
    order = sorted(range(len(opened)), key=lambda i: receipts[i])
    chain = dict(zip(order, tally.chain(definition.hash, [records[i] for i in order]), strict=True))
    tenant, poll_id = poll.tenant_id, poll.pk
    _insert(
        Ballot,
        ("key", "tenant", "poll", "receipt", "kind", "chain_hash"),
        [(keys[i], tenant, poll_id, receipts[i], kind, chain[i]) for i, (kind, _m) in enumerate(opened)],
    )
    choices = [
        (secrets.token_hex(16), tenant, keys[i], q, o, m)
        for i, (_kind, marks) in enumerate(opened)
        for q, o, m in marks
    ]
    secrets.SystemRandom().shuffle(choices)
    _insert(BallotChoice, ("key", "tenant", "ballot", "question", "option", "mark"), choices)


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return field


def _insert(model: type[Model], names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` without building model instances. On PostgreSQL one statement per 10,000 rows
    with a parameter per column (``unnest`` of arrays); on SQLite ``executemany``, which its driver
    runs in C. Both are far cheaper than ``bulk_create``'s instances or a VALUES list the driver must
    parse for thousands of placeholders."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = [_field(model, name) for name in names]
    columns = ", ".join(quote(str(field.column)) for field in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})"
            for start in range(0, len(rows), 10000):
                cursor.execute(
                    sql, [list(column) for column in zip(*rows[start : start + 10000], strict=True)]
                )
        else:
            values = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)


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
