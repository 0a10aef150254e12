"""The voting services decide themselves who may act (issue 12): a ballot, a scrutineer's confirmation
and a teller's paper entry are made by that member in person; the platform admin runs no school's
poll; the clock (``SYSTEM``) closes and reminds but draws no lots. Each refusal is a ``Refused`` and
stores nothing."""

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.voting import services, tally
from chuangxian.voting.models import Ballot, LotDraw, PaperEntry, Participation, PollMode, PollStatus, TieRule
from chuangxian.voting.tests.conftest import (
    answers_for,
    opened,
    poll_created,
    poll_data,
    tied_poll,
    vote_and_close,
)

pytestmark = pytest.mark.django_db


def test_nobody_casts_a_ballot_for_another_member(personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    _user, member = voters[0]
    for actor in (personas.chair, personas.office, voters[1][0], SYSTEM):
        with pytest.raises(Refused) as caught:
            services.ballot_cast(
                poll=poll, member=member, answers=answers_for(poll, ["张老师"]), blank=False, actor=actor
            )
        assert caught.value.code == "not_own"
    assert not Ballot.objects.exists() and not Participation.objects.exists()
    assert not AuditEntry.objects.filter(action="voting.ballot.cast").exists()
    # The voter themself still votes.
    services.ballot_cast(
        poll=poll, member=member, answers=answers_for(poll, ["张老师"]), blank=False, actor=voters[0][0]
    )
    assert Participation.objects.get().member == member


def test_a_scrutineer_confirms_only_for_themselves(personas, poll, voters):
    poll = vote_and_close(
        poll, personas, [*voters, (personas.member, personas.member_row)], [(["张老师"], "yes")] * 4
    )
    scrutineer = voters[0][1]
    fingerprint = tally.fingerprint(poll.final_hash)
    for actor in (personas.chair, voters[1][0], SYSTEM):
        with pytest.raises(Refused) as caught:
            services.scrutineer_confirm(poll=poll, member=scrutineer, fingerprint=fingerprint, actor=actor)
        assert caught.value.code == "not_own"
    assert not AuditEntry.objects.filter(action="voting.poll.confirmed").exists()
    services.scrutineer_confirm(poll=poll, member=scrutineer, fingerprint=fingerprint, actor=voters[0][0])
    assert AuditEntry.objects.filter(action="voting.poll.confirmed").count() == 1


def test_a_teller_enters_the_paper_result_only_for_themselves(tree, personas, voters):
    tellers = [voters[1][1], voters[2][1]]
    poll = poll_created(tree.college, poll_data(tree, mode=PollMode.PAPER, tellers=tellers), personas.chair)
    services.question_add(
        poll=poll, data=services.QuestionData(text="报告", method="yes_no"), actor=personas.chair
    )
    poll = opened(poll, personas.chair)
    entry = {"ballots": 2, "blank": 0, "invalid": 0, "questions": [{"number": 1, "yes": 2}]}
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        poll = services.poll_close(poll=poll, actor=personas.chair)
        for actor in (voters[2][0], personas.chair, SYSTEM):  # the other teller, the organiser, the system
            with pytest.raises(Refused) as caught:
                services.paper_entry_submit(poll=poll, teller=tellers[0], data=entry, actor=actor)
            assert caught.value.code == "not_own"
        assert not PaperEntry.objects.exists()
        assert (
            services.paper_entry_submit(poll=poll, teller=tellers[0], data=entry, actor=voters[1][0]) is False
        )
        assert (
            services.paper_entry_submit(poll=poll, teller=tellers[1], data=entry, actor=voters[2][0]) is True
        )


def test_the_platform_admin_runs_no_school_s_poll(tree, personas, poll):
    """The admin's scope reaches every unit, but it belongs to no school: it neither organises a poll
    nor manages one (its pages are already closed to it: ``access_poll`` filters by school)."""
    with pytest.raises(Refused) as caught:
        services.poll_create(unit=tree.college, data=poll_data(tree), actor=personas.admin)
    assert caught.value.code == "forbidden"
    with pytest.raises(Refused):
        services.question_remove(question=poll.questions.first(), actor=personas.admin)
    assert poll.questions.count() == 2


def test_the_clock_closes_and_reminds_but_draws_no_lot(tree, personas, voters, poll):
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        assert services.poll_remind(poll=opened(poll, personas.chair), actor=SYSTEM) == 6
        assert services.poll_close(poll=poll, actor=SYSTEM, reason="测试").status == PollStatus.CLOSED
    lot_poll = tied_poll(tree, personas, voters, TieRule.LOT)
    with pytest.raises(Refused) as caught:
        services.lot_record(poll=lot_poll, question_number=1, winners=[2], note="系统抽签", actor=SYSTEM)
    assert caught.value.code == "forbidden"
    assert not LotDraw.objects.exists()
