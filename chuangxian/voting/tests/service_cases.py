"""The voting services on the permission table (``tests/service_permissions``).

Every poll here is organised by 文学与传播学院 for its members (the college's chair, liaison and
``personas.member_row`` in its 中文系 group vote), opens 2011-05-10 08:00 and closes 2011-05-12 18:00:
the college's officers, the office and the system (the voting clock) manage it. A ballot, a
scrutineer's confirmation and a teller's entry are made in person only; the system draws no lots.
"""

from collections.abc import Callable
from typing import Any, TypeVar

import time_machine

from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.orgs.permissions import member_for
from chuangxian.voting import selectors, tally
from chuangxian.voting.models import Poll, PollMode, QuestionMethod, TieRule
from chuangxian.voting.services import (
    PollData,
    QuestionData,
    ballot_cast,
    box_share_collect,
    box_share_confirm,
    box_share_submit,
    lot_record,
    paper_entry_submit,
    poll_close,
    poll_create,
    poll_open,
    poll_publish,
    poll_remind,
    poll_tally,
    poll_update,
    question_add,
    question_remove,
    runoff_create,
    scrutineer_confirm,
)
from chuangxian.voting.services.box_opening import box_open, box_open_with_instance_key
from chuangxian.voting.services.counting import count_if_ready
from chuangxian.voting.tests.conftest import at
from tests.service_permissions.harness import MANAGERS, OFFICERS, ServiceCase, World

T = TypeVar("T")

BEFORE = "2011-05-10 08:30 +0800"  # opening
DURING = "2011-05-10 09:00 +0800"  # voting
AFTER = "2011-05-12 18:30 +0800"  # closed
SET_UP = "2011-05-09 10:00 +0800"  # the day before it opens: the officers' grants start then

# Steps of the box's opening that only the services above call, holding the poll's lock, once they
# have authorised their actor.
EXEMPT = {
    box_open: "opens the box for box_share_submit or poll_tally, which have authorised",
    box_open_with_instance_key: "opens the box for poll_tally, which has authorised",
    count_if_ready: "counts for box_open, called by services that have authorised",
}


def _at(moment: str, call: Callable[[], T]) -> T:
    with time_machine.travel(moment, tick=False):
        return call()


def _data(w: World, **fields: Any) -> PollData:
    values: dict[str, Any] = {
        "title": "优秀工会工作者民主推荐",
        "purpose": "selection",
        "opens_at": at("2011-05-10 08:00"),
        "closes_at": at("2011-05-12 18:00"),
        "electorate_kind": "units",
        "electorate_units": [w.tree.college],
        "quorum_num": 0,
        "quorum_den": 1,
        **fields,
    }
    return PollData(**values)


def _draft(w: World, **fields: Any) -> Poll:
    """A draft with one question: approve one of 张老师 and 李老师 (either or both)."""
    poll = poll_create(unit=w.tree.college, data=_data(w, **fields), actor=SYSTEM)
    question_add(
        poll=poll,
        data=QuestionData(
            text="推荐优秀工会工作者（应选 1 名）",
            method=QuestionMethod.APPROVAL,
            options=["张老师", "李老师"],
            seats=1,
            max_choices=2,
        ),
        actor=SYSTEM,
    )
    return poll


def _open(w: World, **fields: Any) -> Poll:
    poll = _draft(w, **fields)
    return _at(
        BEFORE,
        lambda: poll_open(poll=poll, expected_size=selectors.electorate_preview(poll).size, actor=SYSTEM),
    )


def _vote(poll: Poll, voter: Any, picks: tuple[str, ...]) -> None:
    question = poll.questions.get()
    options = {o.label: o.pk for o in question.options.all()}
    member = member_for(voter)
    assert member is not None
    _at(
        DURING,
        lambda: ballot_cast(
            poll=poll,
            member=member,
            answers={question.pk: {options[p]: "yes" for p in picks}},
            blank=False,
            actor=voter,
        ),
    )


def _closed(w: World, **fields: Any) -> Poll:
    poll = _open(w, **fields)
    return _at(AFTER, lambda: poll_close(poll=poll, actor=SYSTEM))


def _tallied(w: World, *, tie: bool = False, **fields: Any) -> Poll:
    """Counted; with ``tie`` the member and the chair both approve both candidates (a tie for the
    one seat), otherwise the member approves 张老师."""
    poll = _open(w, **fields)
    _vote(poll, w.personas.member, ("张老师", "李老师") if tie else ("张老师",))
    if tie:
        _vote(poll, w.personas.chair, ("张老师", "李老师"))
    poll = _at(AFTER, lambda: poll_close(poll=poll, actor=SYSTEM))
    return _at(AFTER, lambda: poll_tally(poll=poll, actor=SYSTEM))


def _cast(w: World, poll: Poll, actor: Actor) -> None:
    question = poll.questions.get()
    option = question.options.first()
    assert option is not None
    _at(
        DURING,
        lambda: ballot_cast(
            poll=poll,
            member=w.personas.member_row,  # the member's own ballot: nobody else may cast it
            answers={question.pk: {option.pk: "yes"}},
            blank=False,
            actor=actor,
        ),
    )


def _two_scrutineers(w: World) -> dict[str, Any]:
    return {"scrutineers": [w.personas.chair_row, w.personas.member_row]}


def _sealed_open(w: World) -> Poll:
    """An open sealed poll whose scrutineers are the chair and the member: their grants start the day
    it is set up (before it opens), so the box is made for their shares."""
    return _at(SET_UP, lambda: _open(w, **_two_scrutineers(w)))


def _shown(w: World) -> tuple[Poll, str]:
    """An open sealed poll whose chair-scrutineer has been shown their share (not yet confirmed)."""
    poll = _sealed_open(w)
    code = _at(
        DURING, lambda: box_share_collect(poll=poll, member=w.personas.chair_row, actor=w.personas.chair)
    )
    return poll, code


def _closed_with_chairs_share(w: World) -> tuple[Poll, str]:
    """A sealed poll closed with the member's ballot in it; its two scrutineers are the chair and the
    member, and the chair has collected their share (the code they will enter)."""
    poll = _sealed_open(w)
    _vote(poll, w.personas.member, ("张老师",))
    poll = _at(AFTER, lambda: poll_close(poll=poll, actor=SYSTEM))
    code = _at(
        AFTER, lambda: box_share_collect(poll=poll, member=w.personas.chair_row, actor=w.personas.chair)
    )
    return poll, code


PAPER_ENTRY = {"ballots": 2, "blank": 0, "invalid": 0, "questions": [{"number": 1, "options": []}]}

CASES = [
    ServiceCase(
        service=poll_create,
        allowed=MANAGERS,
        arrange=lambda w: None,
        act=lambda w, _, actor: poll_create(unit=w.tree.college, data=_data(w), actor=actor),
    ),
    ServiceCase(
        service=poll_update,
        allowed=MANAGERS,
        arrange=_draft,
        act=lambda w, poll, actor: poll_update(poll=poll, data=_data(w, title="改名"), actor=actor),
    ),
    ServiceCase(
        service=question_add,
        allowed=MANAGERS,
        arrange=_draft,
        act=lambda w, poll, actor: question_add(
            poll=poll, data=QuestionData(text="同意工作报告", method=QuestionMethod.YES_NO), actor=actor
        ),
    ),
    ServiceCase(
        service=question_remove,
        allowed=MANAGERS,
        arrange=lambda w: _draft(w).questions.get(),
        act=lambda w, question, actor: question_remove(question=question, actor=actor),
    ),
    ServiceCase(
        service=poll_open,
        allowed=MANAGERS,
        arrange=_draft,
        act=lambda w, poll, actor: _at(
            BEFORE,
            lambda: poll_open(poll=poll, expected_size=selectors.electorate_preview(poll).size, actor=actor),
        ),
    ),
    ServiceCase(
        service=poll_remind,
        allowed=MANAGERS,
        arrange=_open,
        act=lambda w, poll, actor: _at(DURING, lambda: poll_remind(poll=poll, actor=actor)),
    ),
    ServiceCase(
        service=poll_close,
        allowed=MANAGERS,
        arrange=_open,
        act=lambda w, poll, actor: _at(DURING, lambda: poll_close(poll=poll, actor=actor, reason="提前截止")),
    ),
    ServiceCase(
        service=ballot_cast,
        allowed={"member"},
        arrange=_open,
        act=_cast,
    ),
    ServiceCase(
        service=box_share_collect,
        allowed={"chair"},  # the scrutineer in person
        arrange=_sealed_open,
        act=lambda w, poll, actor: _at(
            DURING, lambda: box_share_collect(poll=poll, member=w.personas.chair_row, actor=actor)
        ),
    ),
    ServiceCase(
        service=box_share_confirm,
        allowed={"chair"},  # the scrutineer in person
        arrange=lambda w: _shown(w),
        act=lambda w, arranged, actor: _at(
            DURING,
            lambda: box_share_confirm(
                poll=arranged[0], member=w.personas.chair_row, code=arranged[1], actor=actor
            ),
        ),
    ),
    ServiceCase(
        service=box_share_submit,
        allowed={"chair"},
        arrange=_closed_with_chairs_share,
        act=lambda w, arranged, actor: _at(
            AFTER,
            lambda: box_share_submit(
                poll=arranged[0], member=w.personas.chair_row, code=arranged[1], actor=actor
            ),
        ),
    ),
    ServiceCase(
        service=paper_entry_submit,
        allowed={"chair"},
        arrange=lambda w: _closed(
            w, mode=PollMode.PAPER, tellers=[w.personas.chair_row, w.personas.member_row]
        ),
        act=lambda w, poll, actor: paper_entry_submit(
            poll=poll, teller=w.personas.chair_row, data=PAPER_ENTRY, actor=actor
        ),
    ),
    ServiceCase(
        service=poll_tally,
        allowed=MANAGERS,
        arrange=_closed,
        act=lambda w, poll, actor: _at(AFTER, lambda: poll_tally(poll=poll, actor=actor)),
    ),
    ServiceCase(
        service=scrutineer_confirm,
        allowed={"chair"},
        arrange=lambda w: _tallied(w, scrutineers=[w.personas.chair_row]),
        act=lambda w, poll, actor: scrutineer_confirm(
            poll=poll,
            member=w.personas.chair_row,
            fingerprint=tally.fingerprint(poll.final_hash),
            actor=actor,
        ),
    ),
    ServiceCase(
        service=lot_record,
        allowed=OFFICERS | {"office"},  # a person draws the lot in front of the scrutineers
        arrange=lambda w: _tallied(w, tie=True, tie_rule=TieRule.LOT),
        act=lambda w, poll, actor: lot_record(
            poll=poll, question_number=1, winners=[2], note="5月13日由监票人见证抽签", actor=actor
        ),
    ),
    ServiceCase(
        service=poll_publish,
        allowed=MANAGERS,
        arrange=_tallied,
        act=lambda w, poll, actor: poll_publish(poll=poll, actor=actor),
    ),
    ServiceCase(
        service=runoff_create,
        allowed=MANAGERS,
        arrange=lambda w: _tallied(w, tie=True, tie_rule=TieRule.RUNOFF),
        act=lambda w, poll, actor: runoff_create(poll=poll, question_number=1, actor=actor),
    ),
]
