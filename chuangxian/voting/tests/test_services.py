import pytest
import time_machine
from django.core.management import call_command

from chuangxian.audit.models import AuditEntry
from chuangxian.core.errors import Refused
from chuangxian.notifications.models import Notification
from chuangxian.voting import services, tally
from chuangxian.voting.models import (
    Ballot,
    BallotChoice,
    Eligibility,
    Participation,
    Poll,
    PollMode,
    PollStatus,
    SealedBallot,
    TieRule,
)
from chuangxian.voting.services import VotingError
from chuangxian.voting.tests.conftest import (
    answers_for,
    at,
    cast,
    opened,
    poll_created,
    poll_data,
    tied_poll,
    vote_and_close,
)

pytestmark = pytest.mark.django_db


def test_opening_freezes_the_electorate_and_notifies_it(
    tree, personas, poll, voters, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        poll = opened(poll, personas.chair)
    assert poll.status == PollStatus.OPEN and poll.electorate_size == 6
    assert Eligibility.objects.filter(poll=poll).count() == 6
    assert Notification.objects.filter(key=f"poll:{poll.pk}:open").count() == 6
    # A member who joins later is not in the frozen electorate.
    from chuangxian.orgs.tests.factories import MemberFactory, make_user

    late = MemberFactory(unit=tree.college)
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False), pytest.raises(VotingError) as caught:
        services.ballot_cast(
            poll=poll,
            member=late,
            answers=answers_for(poll, ["张老师"]),
            blank=False,
            actor=make_user(late),
        )
    assert caught.value.code == "not_eligible"


def test_nothing_changes_once_open(personas, poll):
    poll = opened(poll, personas.chair)
    with pytest.raises(VotingError) as caught:
        services.question_add(
            poll=poll, data=services.QuestionData(text="x", method="yes_no"), actor=personas.chair
        )
    assert caught.value.code == "not_draft"


def test_a_ballot_is_stored_without_its_voter_and_the_audit_says_only_that_someone_voted(
    tree, personas, voters, voting_time
):
    plain = poll_created(tree.college, poll_data(tree, ballot_box="plain"), personas.chair)
    services.question_add(
        poll=plain,
        data=services.QuestionData(
            text="推荐", method="approval", options=["张老师", "李老师", "王老师"], seats=2, max_choices=2
        ),
        actor=personas.chair,
    )
    services.question_add(
        poll=plain, data=services.QuestionData(text="报告", method="yes_no"), actor=personas.chair
    )
    poll = opened(plain, personas.chair)
    user, member = voters[0]
    receipt = cast(poll, member, user, picks=["张老师", "李老师"]).receipt
    assert len(receipt) == 14 and receipt.count("-") == 2
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.receipt == receipt
    assert BallotChoice.objects.filter(ballot=ballot).count() == 3
    entry = AuditEntry.objects.get(action="voting.ballot.cast")
    text = str(entry.data) + str(entry.changes)
    assert "张老师" not in text and receipt not in text and ballot.pk not in text
    assert Participation.objects.get(poll=poll).member == member


@pytest.mark.parametrize(
    ("picks", "code"),
    [(["张老师", "李老师", "王老师"], "too_many")],
)
def test_too_many_choices_are_refused_and_nothing_stored(personas, poll, voters, voting_time, picks, code):
    poll = opened(poll, personas.chair)
    user, member = voters[0]
    with pytest.raises(VotingError) as caught:
        cast(poll, member, user, picks=picks)
    assert caught.value.code == code
    assert "最多选 2" in caught.value.message
    assert not Ballot.objects.exists() and not Participation.objects.exists()


def test_too_few_choices_when_a_minimum_is_set(tree, personas, voters, voting_time):
    poll = services.poll_create(unit=tree.college, data=poll_data(tree), actor=personas.chair)
    question = services.question_add(
        poll=poll,
        data=services.QuestionData(
            text="选 2 人",
            method="approval",
            options=["甲", "乙", "丙"],
            seats=2,
            min_choices=2,
            max_choices=2,
        ),
        actor=personas.chair,
    )
    poll = opened(poll, personas.chair)
    option = question.options.first()
    with pytest.raises(VotingError) as caught:
        services.ballot_cast(
            poll=poll,
            member=voters[0][1],
            answers={question.pk: {option.pk: "yes"}},
            blank=False,
            actor=voters[0][0],
        )
    assert caught.value.code == "too_few"
    assert not Ballot.objects.exists()


def test_tampered_forms_are_refused(personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    user, member = voters[0]
    q1, q2 = list(poll.questions.order_by("order"))
    for answers in (
        {q1.pk: {999999: "yes"}},  # an option of no question here
        {q2.pk: "maybe"},  # not a mark
        {123456: "yes"},  # a question of another poll
        {q1.pk: {q1.options.first().pk: "no"}},  # a negative mark where none is allowed
    ):
        with pytest.raises(VotingError) as caught:
            services.ballot_cast(poll=poll, member=member, answers=answers, blank=False, actor=user)
        assert caught.value.code == "tampered"
    assert not Participation.objects.exists()


def test_voting_twice_is_refused_and_the_first_ballot_stands(personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    user, member = voters[0]
    cast(poll, member, user)
    with pytest.raises(VotingError) as caught:
        cast(poll, member, user, picks=["王老师"])
    assert caught.value.code == "already_voted"
    assert SealedBallot.objects.count() == 1 and Participation.objects.count() == 1


def test_outside_the_window_and_not_eligible(tree, personas, poll, voters):
    user, member = voters[0]
    with pytest.raises(VotingError) as caught:
        cast(poll, member, user)
    assert caught.value.code == "not_open"
    poll = opened(poll, personas.chair)
    with time_machine.travel("2011-05-10 07:00 +0800", tick=False), pytest.raises(VotingError) as caught:
        cast(poll, member, user)
    assert caught.value.code == "not_started"
    with time_machine.travel("2011-05-12 18:00 +0800", tick=False), pytest.raises(VotingError) as caught:
        cast(poll, member, user)
    assert caught.value.code == "closed"
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False), pytest.raises(VotingError) as caught:
        cast(poll, personas.sibling_chair.memberships.get(), personas.sibling_chair)
    assert caught.value.code == "not_eligible"


def test_a_ballot_written_on_a_page_read_while_open_is_refused_once_the_poll_is_closed(
    personas, poll, voters, voting_time
):
    """The voter's page (and ``ballot_check``) read the poll while it was open; the organiser closes it
    before the ballot is cast. The cast re-reads the poll under its lock: refused, nothing stored."""
    from chuangxian.voting.models import Poll

    read_while_open = opened(poll, personas.chair)
    services.poll_close(poll=Poll.objects.get(pk=poll.pk), actor=personas.chair, reason="提前截止")
    assert read_while_open.status == PollStatus.OPEN  # the stale copy the cast is handed
    user, member = voters[0]
    with pytest.raises(VotingError) as caught:
        cast(read_while_open, member, user)
    assert caught.value.code == "closed"
    assert not Ballot.objects.exists() and not Participation.objects.exists()
    assert not BallotChoice.objects.exists()
    assert not AuditEntry.objects.filter(action="voting.ballot.cast").exists()


def test_a_ballot_handed_a_poll_whose_closing_time_was_brought_forward_is_refused(
    personas, poll, voters, voting_time
):
    """The same with the closing time: the row in the database says the poll closed at 08:45, the
    copy the cast is handed still says 18:00 on the 12th."""
    from chuangxian.voting.models import Poll

    read_while_open = opened(poll, personas.chair)
    Poll.objects.filter(pk=poll.pk).update(closes_at=at("2011-05-10 08:45"))
    user, member = voters[0]
    with pytest.raises(VotingError) as caught:
        cast(read_while_open, member, user)
    assert caught.value.code == "closed"
    assert not Ballot.objects.exists() and not Participation.objects.exists()


def test_blank_ballots_count_separately(personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    user, member = voters[0]
    cast(poll, member, user, blank=True)
    with pytest.raises(VotingError) as caught:
        services.ballot_cast(poll=poll, member=voters[1][1], answers={}, blank=False, actor=voters[1][0])
    assert caught.value.code == "empty"
    assert SealedBallot.objects.count() == 1
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        services.poll_tally(poll=services.poll_close(poll=poll, actor=personas.chair), actor=personas.chair)
    assert Ballot.objects.get().kind == "blank"


def test_closing_early_needs_a_reason(personas, poll, voting_time):
    poll = opened(poll, personas.chair)
    with pytest.raises(VotingError) as caught:
        services.poll_close(poll=poll, actor=personas.chair)
    assert caught.value.code == "reason_required"
    poll = services.poll_close(poll=poll, actor=personas.chair, reason="全部投票人已投票")
    assert AuditEntry.objects.filter(action="voting.poll.closed_early").exists()


def test_tally_chains_counts_and_applies_the_rules(tree, personas, poll, voters):
    extra = [(personas.chair, personas.chair_row), (personas.member, personas.member_row)]
    poll = vote_and_close(
        poll,
        personas,
        voters + extra,
        [
            (["张老师", "李老师"], "yes"),
            (["张老师"], "yes"),
            (["李老师", "王老师"], "no"),
            (["张老师"], "abstain"),
            ([], "yes"),
        ],
    )
    counts = poll.result["counts"]
    assert counts["turnout"] == 5 and counts["online"] == 5
    assert [o["yes"] for o in counts["questions"][0]["options"]] == [3, 2, 1]
    assert counts["questions"][1] == {
        "number": 2,
        "text": "同意本单位工作报告",
        "method": "yes_no",
        "seats": 1,
        "yes": 3,
        "no": 1,
        "abstain": 1,
    }
    outcome = poll.result["outcome"]
    assert outcome["quorum"] == {"num": 2, "den": 3, "required": 4, "met": True}
    assert outcome["threshold"] == 3  # more than half of 5 who voted
    assert outcome["outcomes"][0]["elected"] == [1] and outcome["outcomes"][0]["unfilled"] == 1
    assert outcome["outcomes"][1]["passed"] is True
    # The chain is over receipts in order and recomputes from the published list alone.
    from chuangxian.voting.selectors import published_list

    published = published_list(poll)
    assert [b["receipt"] for b in published["ballots"]] == sorted(b["receipt"] for b in published["ballots"])
    assert tally.verify(published) == []
    published["ballots"][0]["marks"] = []
    assert "hash mismatch" in " ".join(tally.verify(published))
    # The result shows a column of votes against only where the ballot offered them.
    from chuangxian.voting.selectors import result_view

    assert [q.get("negative") for q in result_view(poll)["questions"]] == [False, False]


def test_quorum_not_met_elects_nobody(personas, poll, voters):
    poll = vote_and_close(poll, personas, voters[:2], [(["张老师"], "yes"), (["张老师"], "yes")])
    outcome = poll.result["outcome"]
    assert outcome["quorum"]["met"] is False
    assert outcome["outcomes"][0]["elected"] == [] and outcome["outcomes"][1]["passed"] is False


def test_a_tie_at_the_last_seat_is_reported_and_settled_by_lot(tree, personas, voters):
    poll = tied_poll(tree, personas, voters, TieRule.LOT)
    outcome = poll.result["outcome"]["outcomes"][0]
    assert outcome["elected"] == [] and outcome["tied"] == [1, 2] and outcome["tied_seats"] == 1
    with pytest.raises(VotingError) as caught:
        services.poll_publish(poll=poll, actor=personas.chair)
    assert "抽签" in caught.value.message
    with pytest.raises(VotingError):
        services.lot_record(poll=poll, question_number=1, winners=[3], note="x", actor=personas.chair)
    services.lot_record(
        poll=poll, question_number=1, winners=[2], note="5月13日由监票人见证抽签", actor=personas.chair
    )
    assert services.poll_publish(poll=poll, actor=personas.chair).status == PollStatus.PUBLISHED


def test_a_tie_can_go_to_a_runoff(tree, personas, voters):
    poll = tied_poll(tree, personas, voters, TieRule.RUNOFF)
    with time_machine.travel("2011-05-13 09:00 +0800", tick=False):
        runoff = services.runoff_create(poll=poll, question_number=1, actor=personas.chair)
    assert runoff.status == PollStatus.DRAFT and runoff.runoff_of == poll
    assert [o.label for o in runoff.questions.get().options.all()] == ["张老师", "李老师"]
    assert (runoff.secret, runoff.ballot_box, runoff.key_threshold) == (True, "sealed", None)


def test_a_runoff_keeps_the_ballot_box_of_the_poll_it_settles(tree, personas, voters):
    poll = tied_poll(tree, personas, voters, TieRule.RUNOFF)
    Poll.objects.filter(pk=poll.pk).update(ballot_box="plain", key_threshold=3)
    poll.refresh_from_db()
    with time_machine.travel("2011-05-13 09:00 +0800", tick=False):
        runoff = services.runoff_create(poll=poll, question_number=1, actor=personas.chair)
    assert (runoff.ballot_box, runoff.key_threshold) == ("plain", 3)


def test_scrutineer_confirms_the_hash_before_release(personas, poll, voters):
    poll = vote_and_close(
        poll, personas, [*voters, (personas.member, personas.member_row)], [(["张老师"], "yes")] * 4
    )
    scrutineer = voters[0][1]
    with pytest.raises(VotingError) as caught:
        services.poll_publish(poll=poll, actor=personas.chair)
    assert caught.value.code == "pending" and scrutineer.name in caught.value.message
    with pytest.raises(VotingError) as caught:
        services.scrutineer_confirm(
            poll=poll, member=scrutineer, fingerprint="0000-0000-0000-0000", actor=voters[0][0]
        )
    assert caught.value.code == "fingerprint_mismatch"
    with pytest.raises(Refused) as caught:
        services.scrutineer_confirm(
            poll=poll, member=voters[1][1], fingerprint=tally.fingerprint(poll.final_hash), actor=voters[1][0]
        )
    assert caught.value.code == "not_scrutineer"
    services.scrutineer_confirm(
        poll=poll, member=scrutineer, fingerprint=tally.fingerprint(poll.final_hash), actor=voters[0][0]
    )
    assert services.poll_publish(poll=poll, actor=personas.chair).status == PollStatus.PUBLISHED


def test_paper_results_need_two_tellers_who_agree(tree, personas, voters):
    tellers = [voters[1][1], voters[2][1]]
    data = poll_data(tree, mode=PollMode.MIXED, tellers=tellers)
    poll = poll_created(tree.college, data, personas.chair)
    services.question_add(
        poll=poll, data=services.QuestionData(text="报告", method="yes_no"), actor=personas.chair
    )
    poll = opened(poll, personas.chair)
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        services.ballot_cast(
            poll=poll,
            member=voters[0][1],
            answers={poll.questions.get().pk: "yes"},
            blank=False,
            actor=voters[0][0],
        )
    with time_machine.travel("2011-05-12 18:30 +0800", tick=False):
        poll = services.poll_close(poll=poll, actor=personas.chair)
        entry = {
            "ballots": 3,
            "blank": 0,
            "invalid": 1,
            "questions": [{"number": 1, "yes": 1, "no": 1, "abstain": 0}],
        }
        with pytest.raises(VotingError) as caught:
            services.poll_tally(poll=poll, actor=personas.chair)
        assert caught.value.code == "paper_pending"
        first, second = voters[1][0], voters[2][0]  # the tellers' logins
        assert services.paper_entry_submit(poll=poll, teller=tellers[0], data=entry, actor=first) is False
        wrong = {**entry, "questions": [{"number": 1, "yes": 2, "no": 0, "abstain": 0}]}
        assert services.paper_entry_submit(poll=poll, teller=tellers[1], data=wrong, actor=second) is False
        assert services.paper_entry_submit(poll=poll, teller=tellers[1], data=entry, actor=second) is True
        with pytest.raises(Refused) as caught:
            services.paper_entry_submit(poll=poll, teller=voters[0][1], data=entry, actor=voters[0][0])
        assert caught.value.code == "not_teller"
        bad = {**entry, "blank": 3}
        with pytest.raises(VotingError) as caught:
            services.paper_entry_submit(poll=poll, teller=tellers[0], data=bad, actor=first)
        assert caught.value.code == "bad_paper"
        poll = services.poll_tally(poll=poll, actor=personas.chair)
    counts = poll.result["counts"]
    assert (counts["turnout"], counts["online"], counts["paper"], counts["invalid"]) == (4, 1, 3, 1)
    assert counts["questions"][0]["yes"] == 2


def test_only_the_organiser_sets_up_and_releases(tree, personas, poll):
    for actor in (personas.member, personas.sibling_chair, personas.other_office, personas.admin):
        with pytest.raises(Refused) as caught:
            services.poll_create(unit=tree.college, data=poll_data(tree), actor=actor)
        assert caught.value.code == "forbidden"
        with pytest.raises(Refused):
            services.poll_open(poll=poll, expected_size=6, actor=actor)
    with pytest.raises(VotingError) as caught:
        services.poll_create(
            unit=tree.college, data=poll_data(tree, electorate_units=[tree.sibling]), actor=personas.chair
        )
    assert caught.value.code == "unit_outside"
    with pytest.raises(VotingError) as caught:
        services.poll_create(
            unit=tree.college, data=poll_data(tree, electorate_kind="tenant"), actor=personas.chair
        )
    assert caught.value.code == "tenant_electorate"


def test_reminders_go_to_those_who_have_not_voted(personas, poll, voters, voting_time):
    poll = opened(poll, personas.chair)
    cast(poll, voters[0][1], voters[0][0])
    assert services.poll_remind(poll=poll, actor=personas.chair) == 5
    assert services.poll_remind(poll=poll, actor=personas.chair) == 0  # once a day


def test_the_clock_closes_due_polls_and_sends_one_automatic_reminder(personas, poll, voters, capsys):
    poll = opened(poll, personas.chair)  # open 05-10 08:00 to 05-12 18:00: reminder from 05-11 18:00
    with time_machine.travel("2011-05-10 09:00 +0800", tick=False):
        cast(poll, voters[0][1], voters[0][0])
    with time_machine.travel("2011-05-11 17:59 +0800", tick=False):
        call_command("voting_tick")
    assert "closed 0 poll(s), reminded 0 poll(s)" in capsys.readouterr().out
    with time_machine.travel("2011-05-11 18:01 +0800", tick=False):
        call_command("voting_tick")
        call_command("voting_tick")  # once only
    reminders = Notification.objects.filter(key=f"poll:{poll.pk}:remind:auto")
    assert reminders.count() == 5 and voters[0][1].pk not in {n.recipient_id for n in reminders}
    # The organiser's own reminder the same day is not swallowed by the automatic one.
    with time_machine.travel("2011-05-11 19:00 +0800", tick=False):
        assert services.poll_remind(poll=poll, actor=personas.chair) == 5
    poll.refresh_from_db()
    assert poll.auto_reminded_at is not None and poll.status == PollStatus.OPEN
    with time_machine.travel("2011-05-12 18:00 +0800", tick=False):
        call_command("voting_tick")
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.closed_at == poll.closes_at
    assert AuditEntry.objects.filter(action="voting.poll.closed", actor=None, actor_label="系统").exists()


def test_a_short_poll_is_reminded_at_half_time(tree, personas, voters):
    poll = services.poll_create(
        unit=tree.college,
        data=poll_data(tree, opens_at=at("2011-05-10 08:00"), closes_at=at("2011-05-10 12:00")),
        actor=personas.chair,
    )
    services.question_add(
        poll=poll, data=services.QuestionData(text="同意", method="yes_no"), actor=personas.chair
    )
    poll = opened(poll, personas.chair)  # opened at 08:30, half an hour late: half-time is 10:15
    assert services.auto_remind_at(poll) == at("2011-05-10 10:15")
    with time_machine.travel("2011-05-10 10:14 +0800", tick=False):
        assert services.polls_remind_due() == 0
    with time_machine.travel("2011-05-10 10:15 +0800", tick=False):
        assert services.polls_remind_due() == 1


def test_paper_polls_get_no_reminders(tree, personas, voters):
    data = poll_data(tree, mode=PollMode.PAPER, tellers=[voters[1][1], voters[2][1]])
    poll = services.poll_create(unit=tree.college, data=data, actor=personas.chair)
    services.question_add(
        poll=poll, data=services.QuestionData(text="报告", method="yes_no"), actor=personas.chair
    )
    poll = opened(poll, personas.chair)
    with time_machine.travel("2011-05-12 17:00 +0800", tick=False):
        assert services.polls_remind_due() == 0
        with pytest.raises(VotingError) as caught:
            services.poll_remind(poll=poll, actor=personas.chair)
    assert caught.value.code == "paper_only"
    assert not Notification.objects.filter(key__startswith=f"poll:{poll.pk}:").exists()


def test_changing_officers_or_units_is_audited(tree, personas, poll, voters):
    data = poll_data(tree, scrutineers=[voters[1][1]], electorate_units=[tree.college, tree.group])
    services.poll_update(poll=poll, data=data, actor=personas.chair)
    entry = AuditEntry.objects.filter(action="voting.poll.updated").latest("pk")
    assert entry.changes["scrutineers"] == [[voters[0][1].staff_no], [voters[1][1].staff_no]]
    assert entry.changes["electorate_units"][1] == ["文学与传播学院", "中文系工会小组"]


def test_the_running_clock_survives_a_failed_tick(monkeypatch, caplog):
    from chuangxian.voting import clock
    from chuangxian.voting.management.commands import voting_tick

    calls = {"ticks": 0, "sleeps": 0}

    def flaky() -> int:
        calls["ticks"] += 1
        if calls["ticks"] == 1:
            raise RuntimeError("database connection lost")
        return 0

    class Stop(Exception):
        pass

    def sleep(seconds: float) -> None:
        calls["sleeps"] += 1
        if calls["sleeps"] == 2:
            raise Stop

    monkeypatch.setattr(clock, "polls_close_due", flaky)
    monkeypatch.setattr(clock, "polls_remind_due", lambda: 0)
    monkeypatch.setattr(clock, "polls_start_due", lambda: 0)
    monkeypatch.setattr(voting_tick.time, "sleep", sleep)
    with pytest.raises(Stop):
        call_command("voting_tick", every=60)
    assert calls["ticks"] == 2  # it ticked again after the failure
    assert "voting_tick failed" in caplog.text


def test_removing_the_first_question_renumbers_the_others(tree, personas, poll):
    """The renumbering names its tenant (the guard raises in tests otherwise)."""
    first, second = poll.questions.order_by("order")
    services.question_remove(question=first, actor=personas.chair)
    second.refresh_from_db()
    assert [q.pk for q in poll.questions.all()] == [second.pk]
    assert second.order == 1
