"""A box tampered with in the database does not open (and writes nothing): a ciphertext swapped under
a voter's tracker, or a sealed ballot the cast would have refused. Production never makes up an
instance key: without one, a sealed poll does not open."""

import json

import pytest
import time_machine

from chuangxian.voting import sealing, services
from chuangxian.voting.models import (
    Ballot,
    BallotBox,
    BallotChoice,
    Option,
    PollStatus,
    Question,
    SealedBallot,
)
from chuangxian.voting.services import VotingError
from chuangxian.voting.tests.conftest import opened
from chuangxian.voting.tests.test_box import AFTER, closed, sealed_poll, vote_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast_and_closed(tree, personas, voters):
    """A closed sealed poll kept with the instance key (no scrutineers), its six ballots cast."""
    poll = opened(sealed_poll(tree, personas), personas.chair)
    vote_all(poll, personas, voters)
    return closed(poll, personas)


def _reseal(poll, content, *, keep_tracker):
    """Replace one sealed ballot by ``content`` sealed with the poll's public key (anyone with write
    access to the database can), keeping the voter's tracker or giving it the new one's."""
    box = BallotBox.objects.get(poll=poll)
    row = SealedBallot.objects.filter(poll=poll).order_by("tracker").first()
    body = json.dumps(content, separators=(",", ":")).encode()
    sealed = sealing.seal(bytes(box.public_key), body + b" " * (box.pad_size - len(body)))
    row.sealed = sealed
    if not keep_tracker:
        row.tracker = sealing.tracker(sealed)
    row.save()


def _refused(poll, personas):
    with time_machine.travel(AFTER, tick=False), pytest.raises(VotingError) as caught:
        services.poll_tally(poll=poll, actor=personas.chair)
    assert caught.value.code == "box_corrupt" and "票箱没有开启" in caught.value.message
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and BallotBox.objects.get(poll=poll).wrapped_key is not None
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()


def test_a_ciphertext_swapped_under_a_voters_tracker_is_caught(cast_and_closed, personas):
    yes_no = Question.objects.get(poll=cast_and_closed, method="yes_no")
    _reseal(cast_and_closed, {"k": "valid", "m": [[yes_no.pk, None, "no"]]}, keep_tracker=True)
    _refused(cast_and_closed, personas)


def _ids(poll):
    approval = Question.objects.get(poll=poll, method="approval")
    yes_no = Question.objects.get(poll=poll, method="yes_no")
    return approval, list(Option.objects.filter(question=approval).order_by("order")), yes_no


@pytest.mark.parametrize(
    "tamper",
    [
        "option_of_no_question",  # an option of the approval question marked on the yes/no one
        "too_many",  # three approvals where two are allowed
        "twice",  # one candidate marked twice
        "negative",  # a vote against where none is allowed
        "blank_with_marks",
        "not_a_list",
    ],
)
def test_a_ballot_the_cast_would_refuse_keeps_the_box_shut(cast_and_closed, personas, tamper):
    approval, options, yes_no = _ids(cast_and_closed)
    content = {
        "option_of_no_question": {"k": "valid", "m": [[yes_no.pk, options[0].pk, "yes"]]},
        "too_many": {"k": "valid", "m": [[approval.pk, o.pk, "yes"] for o in options]},
        "twice": {
            "k": "valid",
            "m": [[approval.pk, options[0].pk, "yes"], [approval.pk, options[0].pk, "yes"]],
        },
        "negative": {"k": "valid", "m": [[approval.pk, options[0].pk, "no"]]},
        "blank_with_marks": {"k": "blank", "m": [[yes_no.pk, None, "yes"]]},
        "not_a_list": {"k": "valid", "m": [[yes_no.pk, "yes"]]},
    }[tamper]
    _reseal(cast_and_closed, content, keep_tracker=False)
    _refused(cast_and_closed, personas)


def test_production_makes_up_no_instance_key_and_the_poll_stays_a_draft(tree, personas, settings, tmp_path):
    settings.VOTING_INSTANCE_KEY = ""
    settings.VOTING_INSTANCE_KEY_FILE = str(tmp_path / "missing.key")
    settings.VOTING_INSTANCE_KEY_CREATE = False
    poll = sealed_poll(tree, personas)
    with pytest.raises(VotingError) as caught:
        opened(poll, personas.chair)
    assert caught.value.code == "no_instance_key" and "VOTING_INSTANCE_KEY" in caught.value.message
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT and not BallotBox.objects.exists()
    assert not (tmp_path / "missing.key").exists()
    settings.VOTING_INSTANCE_KEY_CREATE = True  # development: made on first use, whole, mode 0600
    assert opened(poll, personas.chair).status == PollStatus.OPEN
    made = tmp_path / "missing.key"
    assert len(bytes.fromhex(made.read_text())) == 32 and made.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["missing.key"]  # no temporary file left


def test_the_opening_writes_each_ballot_once_with_its_chain(cast_and_closed, personas):
    """The opening computes the hash chain as it writes the ballots; the count then finds every hash
    right and updates none (its check of the chain still runs: a wrong hash would be rewritten)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chuangxian.voting import selectors, tally

    with time_machine.travel(AFTER, tick=False), CaptureQueriesContext(connection) as captured:
        poll = services.poll_tally(poll=cast_and_closed, actor=personas.chair)
    ballot_table = Ballot._meta.db_table
    assert not [
        q["sql"]
        for q in captured
        if q["sql"].startswith("UPDATE") and q["sql"].split()[1].strip('"') == ballot_table
    ]
    assert Ballot.objects.filter(poll=poll, chain_hash="").count() == 0
    assert tally.verify(selectors.published_list(poll)) == []
