"""Five hundred voters cast at the same moment, each submitting twice from two threads, into the
sealed box that three scrutineers then open together."""

import threading
from collections import Counter
from functools import partial

import time_machine

from chuangxian.accounts.models import User
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.voting import selectors, services, tally
from chuangxian.voting.models import Ballot, BallotBox, BallotChoice, Participation, PollStatus, SealedBallot
from chuangxian.voting.services import VotingError
from chuangxian.voting.tests.conftest import SET_UP, answers_for, box_open, opened, poll_data
from tests.races import postgres_race, run_together

pytestmark = postgres_race

VOTERS = 500
PAIRS = 10  # thread k and thread k + PAIRS submit for the same voters in the same order
LABELS = ("张老师", "李老师", "王老师")


def picks_for(index: int) -> list[str]:
    """Voter ``index``'s approvals: one, two or none of the three candidates."""
    return [[LABELS[0]], [LABELS[0], LABELS[1]], [LABELS[2]], []][index % 4]


def test_five_hundred_voters_racing_with_duplicates_cast_exactly_five_hundred_ballots(
    tree, personas, poll, voters
):
    with time_machine.travel(SET_UP, tick=False):  # three scrutineers, two of whom open the box
        services.poll_update(
            poll=poll, data=poll_data(tree, scrutineers=[m for _u, m in voters]), actor=personas.chair
        )
    Member.objects.bulk_create(
        [MemberFactory.build(unit=tree.college, name=f"选民{i:03d}") for i in range(VOTERS)]
    )
    people = list(Member.objects.filter(unit=tree.college, name__startswith="选民").order_by("name"))
    assert len(people) == VOTERS
    logins = {m.pk: make_user(m) for m in people}  # each voter casts their own ballot
    poll = opened(poll, personas.chair)
    electorate = poll.electorate_size
    assert electorate == VOTERS + 6  # the fixture's six college members are eligible too
    jobs = [
        (
            member,
            logins[member.pk],
            answers_for(poll, picks_for(i), "yes" if i % 3 else "no"),
            i % 25 == 0,  # every 25th voter casts a blank ballot
        )
        for i, member in enumerate(people)
    ]
    accepted: list[str] = []
    refused: Counter[str] = Counter()
    lock = threading.Lock()

    def vote(batch: list[tuple[Member, User, dict, bool]]) -> None:
        for member, user, answers, blank in batch:
            try:
                cast = services.ballot_cast(
                    poll=poll, member=member, answers=answers, blank=blank, actor=user
                )
            except VotingError as error:
                with lock:
                    refused[error.code] += 1
            else:
                with lock:
                    accepted.append(cast.receipt)

    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        errors = run_together(*[partial(vote, jobs[k % PAIRS :: PAIRS]) for k in range(2 * PAIRS)])
    assert errors == []
    # Every voter got exactly one ballot in; every duplicate was refused as a second vote.
    assert len(accepted) == VOTERS and len(set(accepted)) == VOTERS
    assert refused == Counter({"already_voted": VOTERS})
    # Exactly one sealed ballot each, and nothing in the clear before the count.
    assert SealedBallot.objects.filter(poll=poll).count() == VOTERS
    assert not Ballot.objects.filter(poll=poll).exists()
    assert Participation.objects.filter(poll=poll).count() == VOTERS
    assert set(Participation.objects.filter(poll=poll).values_list("member_id", flat=True)) == {
        m.pk for m in people
    }
    assert set(SealedBallot.objects.filter(poll=poll).values_list("tracker", flat=True)) == set(accepted)

    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        assert services.polls_close_due() == 1
        poll = box_open(poll, shares=2)
    assert poll.status == PollStatus.TALLIED
    box = BallotBox.objects.get(poll=poll)
    assert (box.sealed_count, box.opened_count, box.threshold) == (VOTERS, VOTERS, 2)
    assert box.wrapped_key is None
    assert Ballot.objects.filter(poll=poll).count() == VOTERS

    # The tally equals what the voters were told to cast.
    expected_options = Counter()
    expected_yes_no = Counter()
    blanks = 0
    for i in range(VOTERS):
        if i % 25 == 0:
            blanks += 1
            continue
        expected_options.update(picks_for(i))
        expected_yes_no["yes" if i % 3 else "no"] += 1
    counts = poll.result["counts"]
    assert counts["online"] == counts["turnout"] == VOTERS
    assert counts["blank"] == blanks
    approval, yes_no = counts["questions"]
    assert {o["label"]: o["yes"] for o in approval["options"]} == {
        label: expected_options[label] for label in LABELS
    }
    assert (yes_no["yes"], yes_no["no"]) == (expected_yes_no["yes"], expected_yes_no["no"])
    assert BallotChoice.objects.filter(ballot__poll=poll).count() == sum(expected_options.values()) + sum(
        expected_yes_no.values()
    )
    # Quorum: 500 of 506 took part.
    assert poll.result["outcome"]["quorum"]["met"] is True

    # The published list alone recomputes the same chain, counts and outcome.
    published = selectors.published_list(poll)
    assert len(published["ballots"]) == VOTERS
    assert sorted(published["trackers"]) == sorted(accepted)  # every voter finds their tracker
    assert tally.verify(published) == []
    assert published["final_hash"] == poll.final_hash
    # ...and a single changed mark breaks it.
    tampered = {**published, "ballots": [dict(b) for b in published["ballots"]]}
    victim = next(b for b in tampered["ballots"] if b["marks"])
    victim["marks"] = [[q, o, "no" if m == "yes" else "yes"] for q, o, m in victim["marks"]]
    assert tally.verify(tampered) != []
