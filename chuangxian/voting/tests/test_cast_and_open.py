"""``ballot_cast`` and ``poll_open``: what the mutation pass (docs/testing.md, 变异测试) found no test
checking. What a ballot stores (its kind, named choices only for a named poll), the edges of the
opening and closing times, the question check of this poll only, and the opening's audit entry."""

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.voting import selectors, services
from chuangxian.voting.models import Ballot, BallotChoice, Participation, Poll, PollStatus
from chuangxian.voting.services import VotingError
from chuangxian.voting.tests.conftest import at, cast, opened, poll_data

pytestmark = pytest.mark.django_db


def test_a_secret_ballot_leaves_no_choices_next_to_the_voters_name(personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    assert poll.secret
    user, member = voters[0]
    cast(poll, member, user, picks=["张老师"])
    assert Participation.objects.get(poll=poll, member=member).named_choices is None


def test_a_named_poll_records_each_voters_choices(tree, personas, voters, voting_time):
    poll = services.poll_create(unit=tree.college, data=poll_data(tree, secret=False), actor=personas.chair)
    question = services.question_add(
        poll=poll,
        data=services.QuestionData(text="同意本单位工作报告", method="yes_no"),
        actor=personas.chair,
    )
    poll = opened(poll, personas.chair)
    user, member = voters[0]
    services.ballot_cast(poll=poll, member=member, answers={question.pk: "yes"}, blank=False, actor=user)
    assert Participation.objects.get(poll=poll, member=member).named_choices == [
        [question.order, None, "yes"]
    ]


def test_a_ballot_with_marks_is_valid_and_a_blank_one_stores_no_marks(personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    (user, member), (blank_user, blank_member) = voters[0], voters[1]
    cast(poll, member, user, picks=["张老师"])
    cast(poll, blank_member, blank_user, picks=["李老师"], blank=True)  # the marks are ignored
    assert not Ballot.objects.filter(poll=poll).exists()  # sealed until the count
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        poll = services.poll_close(poll=poll, actor=personas.chair)
        services.poll_tally(poll=poll, actor=personas.chair)  # one scrutineer: the instance key opens it
    blank, valid = Ballot.objects.filter(poll=poll).order_by("kind")  # "blank" sorts first
    assert (blank.kind, valid.kind) == ("blank", "valid")
    assert not BallotChoice.objects.filter(ballot=blank).exists()
    assert BallotChoice.objects.filter(ballot=valid).count() == 2


def test_a_ballot_cast_at_the_closing_moment_read_from_the_locked_row_is_refused(
    personas, poll, voters, voting_time
):
    poll = opened(poll, personas.chair)
    read_earlier = Poll.objects.get(pk=poll.pk)  # the voter's page, read before the end was moved
    Poll.objects.filter(pk=poll.pk).update(closes_at=at("2011-05-10 09:00"))  # the very moment now
    user, member = voters[0]
    with pytest.raises(VotingError) as caught:
        cast(read_earlier, member, user)
    assert caught.value.code == "closed"
    assert not Ballot.objects.exists() and not Participation.objects.exists()


def _open_at(poll, moment, actor):
    with time_machine.travel(moment, tick=False):
        return services.poll_open(
            poll=poll, expected_size=selectors.electorate_preview(poll).size, actor=actor
        )


def test_a_poll_opened_at_its_start_time_is_open_and_the_audit_says_who_and_how_many(tree, personas, poll):
    poll = _open_at(poll, "2011-05-10 08:00 +0800", personas.chair)  # exactly opens_at
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN and poll.opened_at == at("2011-05-10 08:00")
    entry = AuditEntry.objects.get(action="voting.poll.opened")
    assert (entry.actor_id, entry.target_id, entry.unit_id) == (
        personas.chair.pk,
        str(poll.pk),
        tree.college.pk,
    )
    assert entry.data == {"electorate": 6}


def test_a_poll_cannot_be_opened_at_its_closing_moment(personas, poll):
    with pytest.raises(VotingError) as caught:
        _open_at(poll, "2011-05-12 18:00 +0800", personas.chair)  # exactly closes_at
    assert caught.value.code == "too_late"
    assert Poll.objects.get(pk=poll.pk).status == PollStatus.DRAFT


def test_a_poll_without_questions_is_refused_though_another_poll_has_some(tree, personas, poll):
    empty = services.poll_create(
        unit=tree.college, data=poll_data(tree, title="空投票"), actor=personas.chair
    )
    with pytest.raises(VotingError) as caught:
        _open_at(empty, "2011-05-10 09:00 +0800", personas.chair)
    assert caught.value.code == "no_questions"
