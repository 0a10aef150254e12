from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting import selectors, services
from chuangxian.voting.models import ElectorateKind, KeyShare, MajorityBase, PollMode, QuestionMethod


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


OPENS, CLOSES = "2011-05-10 08:00", "2011-05-12 18:00"
SET_UP = "2011-05-09 10:00 +0800"  # the day before it opens: its officers' grants start then


def poll_created(unit, data, actor):
    """``services.poll_create`` on the day before the poll opens: the scrutineers' and tellers'
    grants start on the day the poll is set up, so a poll made "today" (the real date) would have
    officers who do not hold their grant yet in 2011, when the tests vote and count."""
    with time_machine.travel(SET_UP, tick=False):
        return services.poll_create(unit=unit, data=data, actor=actor)


@pytest.fixture
def voting_time():
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False) as traveller:
        yield traveller


def poll_data(tree, **fields):
    data = {
        "title": "优秀工会工作者民主推荐",
        "purpose": "selection",
        "opens_at": at(OPENS),
        "closes_at": at(CLOSES),
        "electorate_kind": ElectorateKind.UNITS,
        "electorate_units": [tree.college],
        "majority_base": MajorityBase.CAST_HALF,
        **fields,
    }
    return services.PollData(**data)


@pytest.fixture
def voters(tree, personas):
    """Three extra voters in the college (with the chair, liaison and member: six in all)."""
    rows = [MemberFactory(unit=tree.college, name=name) for name in ("投票人甲", "投票人乙", "投票人丙")]
    return [(make_user(m), m) for m in rows]


@pytest.fixture
def poll(tree, personas, voters):
    poll = poll_created(tree.college, poll_data(tree, scrutineers=[voters[0][1]]), personas.chair)
    services.question_add(
        poll=poll,
        data=services.QuestionData(
            text="推荐优秀工会工作者（应选 2 名）",
            method=QuestionMethod.APPROVAL,
            options=["张老师", "李老师", "王老师"],
            seats=2,
            min_choices=0,
            max_choices=2,
        ),
        actor=personas.chair,
    )
    services.question_add(
        poll=poll,
        data=services.QuestionData(text="同意本单位工作报告", method=QuestionMethod.YES_NO),
        actor=personas.chair,
    )
    return poll


def opened(poll, actor):
    """Open ``poll`` at 08:30, after its start, confirming the electorate the organiser is shown."""
    with time_machine.travel("2011-05-10 08:30 +0800", tick=False):
        size = selectors.electorate_preview(poll).size
        return services.poll_open(poll=poll, expected_size=size, actor=actor)


def answers_for(poll, picks, yes_no="yes"):
    """``picks``: option labels to approve in question 1; ``yes_no`` the answer to question 2."""
    q1, q2 = list(poll.questions.order_by("order"))
    options = {o.label: o.pk for o in q1.options.all()}
    return {q1.pk: {options[label]: "yes" for label in picks}, q2.pk: yes_no}


def cast(poll, member, user, picks=("张老师",), yes_no="yes", blank=False):
    return services.ballot_cast(
        poll=poll, member=member, answers=answers_for(poll, picks, yes_no), blank=blank, actor=user
    )


def box_open(poll, shares=None):
    """The scrutineers of a sealed ``poll`` (closed) collect and then enter their shares until the box
    opens (all of them, or the first ``shares``); returns the poll as the last share left it."""
    held = list(KeyShare.objects.filter(box__poll=poll).select_related("member__user").order_by("index"))
    codes = []
    for share in held:
        user = share.member.user
        if share.pending is not None:
            codes.append(
                (share.member, user, services.box_share_collect(poll=poll, member=share.member, actor=user))
            )
    for member, user, code in codes[:shares]:
        result = services.box_share_submit(poll=poll, member=member, code=code, actor=user)
        if result.needed == 0:
            break
    poll.refresh_from_db()
    return poll


def vote_and_close(poll, personas, voters, ballots):
    """Open ``poll``, cast ``ballots`` ((picks, yes/no) per voter), close and tally it."""
    poll = opened(poll, personas.chair)
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        for (user, member), (picks, yes_no) in zip(voters, ballots, strict=False):
            cast(poll, member, user, picks=picks, yes_no=yes_no)
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        poll = services.poll_close(poll=poll, actor=personas.chair)
        if KeyShare.objects.filter(box__poll=poll).exists():  # the scrutineers hold the box's key
            return box_open(poll)
        return services.poll_tally(poll=poll, actor=personas.chair)


def tied_poll(tree, personas, voters, tie_rule):
    """张老师 and 李老师 tied for the one seat (4 votes each, 4 voters)."""
    data = poll_data(tree, tie_rule=tie_rule, quorum_num=1, quorum_den=2)
    poll = services.poll_create(unit=tree.college, data=data, actor=personas.chair)
    services.question_add(
        poll=poll,
        data=services.QuestionData(
            text="应选 1 名",
            method="approval",
            options=["张老师", "李老师", "王老师"],
            seats=1,
            max_choices=2,
        ),
        actor=personas.chair,
    )
    services.question_add(
        poll=poll, data=services.QuestionData(text="报告", method="yes_no"), actor=personas.chair
    )
    return vote_and_close(
        poll, personas, [*voters, (personas.member, personas.member_row)], [(["张老师", "李老师"], "yes")] * 4
    )


__all__ = [
    "PollMode",
    "answers_for",
    "at",
    "box_open",
    "cast",
    "opened",
    "poll_created",
    "poll_data",
    "tied_poll",
    "vote_and_close",
]
