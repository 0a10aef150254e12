"""The sealed ballot box through its services: sealed at the cast, the scrutineers' shares, the
opening at the count and what is left afterwards (``docs/voting.md``, "保密：密封票箱")."""

from collections import Counter

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.orgs.models import Member
from chuangxian.voting import sealing, selectors, services, tally
from chuangxian.voting.models import (
    Ballot,
    BallotBox,
    BallotChoice,
    KeyShare,
    Participation,
    PollMode,
    PollStatus,
    SealedBallot,
)
from chuangxian.voting.services import VotingError
from chuangxian.voting.services.box_opening import box_open as service_box_open
from chuangxian.voting.tests.conftest import cast, opened, poll_created, poll_data

DURING = "2011-05-10 09:00 +0800"
AFTER = "2011-05-12 18:30 +0800"
SEALBOX_OVERHEAD = 48  # libsodium's crypto_box_SEALBYTES: the ephemeral public key and the MAC

# (picks in question 1, answer to question 2, blank) for the six voters: every shape of ballot.
BALLOTS = [
    (["张老师"], "yes", False),
    (["张老师", "李老师"], "no", False),
    ([], "abstain", False),
    (["王老师"], "yes", False),
    ([], "yes", True),
    (["李老师", "王老师"], "yes", False),
]


def sealed_poll(tree, personas, **fields):
    """A sealed poll of the college (approval of 2 among 3, and a yes/no question)."""
    poll = poll_created(tree.college, poll_data(tree, **fields), personas.chair)
    services.question_add(
        poll=poll,
        data=services.QuestionData(
            text="推荐优秀工会工作者（应选 2 名）",
            method="approval",
            options=["张老师", "李老师", "王老师"],
            seats=2,
            max_choices=2,
        ),
        actor=personas.chair,
    )
    services.question_add(
        poll=poll,
        data=services.QuestionData(text="同意本单位工作报告", method="yes_no"),
        actor=personas.chair,
    )
    return poll


@pytest.fixture
def boxed(tree, personas, voters):
    """An open sealed poll whose three scrutineers (the three extra voters) hold its key in shares."""
    return opened(sealed_poll(tree, personas, scrutineers=[m for _u, m in voters]), personas.chair)


def everyone(personas, voters):
    """The six voters of the college as (user, member)."""
    liaison = Member.objects.get(user=personas.liaison)
    return [
        (personas.chair, personas.chair_row),
        (personas.liaison, liaison),
        (personas.member, personas.member_row),
        *voters,
    ]


def vote_all(poll, personas, voters):
    with time_machine.travel(DURING, tick=False):
        return [
            cast(poll, member, user, picks=picks, yes_no=yes_no, blank=blank).receipt
            for (user, member), (picks, yes_no, blank) in zip(
                everyone(personas, voters), BALLOTS, strict=True
            )
        ]


def closed(poll, personas):
    with time_machine.travel(AFTER, tick=False):
        return services.poll_close(poll=poll, actor=personas.chair)


def collect(poll, voters):
    """Each scrutineer shows their share and confirms their copy: [(user, member, code)] in the
    voters' order."""
    with time_machine.travel(DURING, tick=False):
        shares = [(u, m, services.box_share_collect(poll=poll, member=m, actor=u)) for u, m in voters]
        for user, member, code in shares:
            services.box_share_confirm(poll=poll, member=member, code=code, actor=user)
        return shares


def submit(poll, user, member, code):
    with time_machine.travel(AFTER, tick=False):
        return services.box_share_submit(poll=poll, member=member, code=code, actor=user)


def state(poll):
    """Everything a share submission may write."""
    shares = KeyShare.objects.filter(box__poll=poll).order_by("index")
    box = BallotBox.objects.get(poll=poll)
    return (
        [(s.index, s.pending and bytes(s.pending), s.submitted and bytes(s.submitted)) for s in shares],
        (box.wrapped_key and bytes(box.wrapped_key), box.opened_at, box.opened_count),
        AuditEntry.objects.count(),
        Ballot.objects.count(),
        BallotChoice.objects.count(),
        poll.__class__.objects.get(pk=poll.pk).status,
    )


def expected_counts():
    options, marks = Counter(), Counter()
    for picks, yes_no, blank in BALLOTS:
        if not blank:
            options.update(picks)
            marks[yes_no] += 1
    return options, marks


def assert_exact_tally(poll, paper=None):
    """The count is what ``BALLOTS`` (and ``paper``) hold, and the published list recomputes it."""
    options, marks = expected_counts()
    counts = poll.result["counts"]
    approval, yes_no = counts["questions"]
    paper = paper or {"options": Counter(), "marks": Counter()}
    assert counts["online"] == 6
    assert counts["blank"] == 1
    assert {o["label"]: o["yes"] for o in approval["options"]} == {
        label: options[label] + paper["options"][label] for label in ("张老师", "李老师", "王老师")
    }
    assert {m: yes_no[m] for m in ("yes", "no", "abstain")} == {
        m: marks[m] + paper["marks"][m] for m in ("yes", "no", "abstain")
    }
    assert tally.verify(selectors.published_list(poll)) == []


def test_a_cast_is_only_sealed_until_the_count_and_every_ciphertext_has_one_length(personas, voters, boxed):
    receipts = vote_all(boxed, personas, voters)
    sealed = list(SealedBallot.objects.filter(poll=boxed))
    assert len(sealed) == Participation.objects.filter(poll=boxed).count() == 6
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()
    # The receipt is the tracker, the hash of the ciphertext.
    assert sorted(receipts) == sorted(s.tracker for s in sealed)
    assert all(s.tracker == sealing.tracker(bytes(s.sealed)) for s in sealed)
    # Blank, one mark, three marks: one length, the box's padded size plus the sealed box's overhead.
    box = BallotBox.objects.get(poll=boxed)
    assert {len(bytes(s.sealed)) for s in sealed} == {box.pad_size + SEALBOX_OVERHEAD}
    assert box.custody == "scrutineers" and (box.threshold, box.share_count) == (2, 3)


def test_the_threshold_opens_the_box_and_fewer_shares_do_not(personas, voters, boxed):
    vote_all(boxed, personas, voters)
    shares = collect(boxed, voters)
    poll = closed(boxed, personas)
    (user, member, code), second = shares[0], shares[1]
    assert submit(poll, user, member, code) == services.ShareResult(submitted=1, needed=1)
    # The same share again still counts once.
    assert submit(poll, user, member, code) == services.ShareResult(submitted=1, needed=1)
    with time_machine.travel(AFTER, tick=False), pytest.raises(VotingError) as caught:
        services.poll_tally(poll=poll, actor=personas.chair)
    assert caught.value.code == "box_sealed"
    assert "已提交 1 位，还需 1 位" in caught.value.message
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and not Ballot.objects.exists()
    assert BallotBox.objects.get(poll=poll).wrapped_key is not None

    assert submit(poll, *second) == services.ShareResult(submitted=2, needed=0)
    poll.refresh_from_db()
    assert poll.status == PollStatus.TALLIED
    box = BallotBox.objects.get(poll=poll)
    assert (box.sealed_count, box.opened_count) == (6, 6)
    assert Ballot.objects.filter(poll=poll).count() == 6
    assert_exact_tally(poll)


def _typo(code):
    """``code`` with one character changed so that its check no longer matches."""
    for position, char in enumerate(code):
        if char == "-":
            continue
        replacement = "0" if char != "0" else "1"
        typed = code[:position] + replacement + code[position + 1 :]
        try:
            sealing.share_parse(typed)
        except sealing.SealingError:
            return typed
    raise AssertionError("no single typo was caught")


def _flipped(code):
    """A share with a valid format and check but another value: what a wrong guess looks like."""
    index, value = sealing.share_parse(code)
    return sealing.share_code(index, bytes([value[0] ^ 1]) + value[1:])


@pytest.mark.parametrize(
    ("wrong", "error"),
    [
        ("another poll's", "wrong_share"),
        ("another scrutineer's", "wrong_share"),
        ("mistyped, well formed", "wrong_share"),
        ("mistyped, caught by the check", "share_malformed"),
        ("malformed", "share_malformed"),
    ],
)
def test_a_wrong_share_is_named_and_changes_nothing(tree, personas, voters, boxed, wrong, error):
    vote_all(boxed, personas, voters)
    shares = collect(boxed, voters)
    poll = closed(boxed, personas)
    submit(poll, *shares[0])  # one genuine share waits
    user, member, code = shares[1]
    if wrong == "another poll's":
        other = opened(sealed_poll(tree, personas, scrutineers=[m for _u, m in voters]), personas.chair)
        code = {m.pk: c for _u, m, c in collect(other, voters)}[member.pk]
        assert sealing.share_parse(code)[0] == sealing.share_parse(shares[1][2])[0]  # the same number
    elif wrong == "another scrutineer's":
        code = shares[2][2]
    elif wrong == "mistyped, well formed":
        code = _flipped(code)
    elif wrong == "mistyped, caught by the check":
        code = _typo(code)
    else:
        code = "ABCD-1234"
    before = state(poll)
    with pytest.raises(VotingError) as caught:
        submit(poll, user, member, code)
    assert caught.value.code == error and caught.value.field == "code"
    assert (
        "不是您在本次投票领取的密钥分片" if error == "wrong_share" else "分片格式不正确"
    ) in caught.value.message
    assert state(poll) == before
    # The genuine share still opens it.
    assert submit(poll, *shares[1]).needed == 0


def test_a_share_is_shown_until_its_copy_is_confirmed_and_never_after(personas, voters, boxed):
    user, member = voters[0]
    with time_machine.travel(DURING, tick=False):
        code = services.box_share_collect(poll=boxed, member=member, actor=user)
        # A lost page (a dropped connection, a double tap) loses nothing: it shows the same share again.
        assert services.box_share_collect(poll=boxed, member=member, actor=user) == code
        other = services.box_share_collect(poll=boxed, member=voters[1][1], actor=voters[1][0])
        for wrong, error in ((other, "wrong_share"), ("1234", "share_malformed")):
            before = state(boxed)
            with pytest.raises(VotingError) as caught:
                services.box_share_confirm(poll=boxed, member=member, code=wrong, actor=user)
            assert caught.value.code == error and state(boxed) == before  # still held, can be shown again
        services.box_share_confirm(poll=boxed, member=member, code=code.lower(), actor=user)
    index, _value = sealing.share_parse(code)
    held = KeyShare.objects.get(box__poll=boxed, member=member)
    assert held.index == index and held.pending is None and held.collected_at is not None
    with time_machine.travel(DURING, tick=False), pytest.raises(VotingError) as caught:
        services.box_share_collect(poll=boxed, member=member, actor=user)
    assert caught.value.code == "collected"
    assert "不能再次显示" in caught.value.message
    assert not KeyShare.objects.filter(box__poll=boxed, verifier=code).exists()  # a check, not the code


def test_after_the_opening_the_key_and_every_share_are_gone_and_it_cannot_open_again(personas, voters, boxed):
    vote_all(boxed, personas, voters)
    shares = collect(boxed, voters[:2])  # the third scrutineer never collects theirs
    poll = closed(boxed, personas)
    # The two codes rebuild the wrapping key: it opens the wrapped key now...
    secret = sealing.combine([sealing.share_parse(code) for _u, _m, code in shares])
    wrapping_key = sealing.wrapping_key_from_secret(secret)
    sealing.unwrap(bytes(BallotBox.objects.get(poll=poll).wrapped_key), wrapping_key)
    submit(poll, *shares[0])
    assert KeyShare.objects.filter(box__poll=poll, submitted__isnull=False).count() == 1
    assert KeyShare.objects.filter(box__poll=poll, pending__isnull=False).count() == 1
    assert submit(poll, *shares[1]).needed == 0
    # ...and then nothing is left to open: no wrapped key, no share pending or submitted.
    box = BallotBox.objects.get(poll=poll)
    assert box.wrapped_key is None and box.is_open
    assert not KeyShare.objects.filter(box=box, pending__isnull=False).exists()
    assert not KeyShare.objects.filter(box=box, submitted__isnull=False).exists()
    poll.refresh_from_db()
    before = state(poll)
    for user, member, code in shares:
        with pytest.raises(VotingError) as caught:
            submit(poll, user, member, code)
        assert caught.value.code == "box_opened"
    third_user, third = voters[2]
    with pytest.raises(VotingError) as caught:
        services.box_share_collect(poll=poll, member=third, actor=third_user)
    assert caught.value.code == "box_opened"
    with pytest.raises(VotingError) as caught:
        service_box_open(poll=poll, box=box, wrapping_key=wrapping_key, actor=personas.chair)
    assert caught.value.code == "box_opened"
    assert state(poll) == before


def test_a_poll_with_one_scrutineer_keeps_its_key_with_the_instance_and_opens_at_the_tally(
    tree, personas, voters
):
    poll = opened(sealed_poll(tree, personas, scrutineers=[voters[0][1]]), personas.chair)
    box = BallotBox.objects.get(poll=poll)
    assert box.custody == "instance" and box.threshold == 0 and not KeyShare.objects.exists()
    assert bytes(box.wrapped_key) != b""
    vote_all(poll, personas, voters)
    poll = closed(poll, personas)
    with time_machine.travel(AFTER, tick=False):
        poll = services.poll_tally(poll=poll, actor=personas.chair)
    assert poll.status == PollStatus.TALLIED
    box.refresh_from_db()
    assert box.wrapped_key is None and (box.sealed_count, box.opened_count) == (6, 6)
    assert_exact_tally(poll)


def test_the_key_threshold_is_between_two_and_the_number_of_scrutineers(tree, personas, voters):
    three = [m for _u, m in voters]
    for threshold, scrutineers in ((1, three), (4, three), (2, three[:1]), (2, [])):
        with pytest.raises(VotingError) as caught:
            sealed_poll(tree, personas, scrutineers=scrutineers, key_threshold=threshold)
        assert (caught.value.code, caught.value.field) == ("bad_threshold", "key_threshold")
    # A poll that is not sealed has no box: the threshold is not checked.
    sealed_poll(tree, personas, scrutineers=three[:1], key_threshold=1, ballot_box="plain")
    for threshold, expected in ((3, 3), (2, 2), (None, sealing.majority(3))):
        poll = opened(sealed_poll(tree, personas, scrutineers=three, key_threshold=threshold), personas.chair)
        assert BallotBox.objects.get(poll=poll).threshold == expected


# Two tellers' agreed entry of the paper ballots: 4 collected, 1 invalid; 张老师 2, 李老师 1; yes 1, no 1.
PAPER = {
    "ballots": 4,
    "blank": 0,
    "invalid": 1,
    "questions": [
        {"number": 1, "options": [{"number": 1, "yes": 2}, {"number": 2, "yes": 1}, {"number": 3, "yes": 0}]},
        {"number": 2, "yes": 1, "no": 1, "abstain": 0},
    ],
}


def paper_poll(tree, personas, voters, mode):
    """An open sealed poll of ``mode`` whose scrutineers are the three voters, two of them tellers too."""
    members = [m for _u, m in voters]
    poll = sealed_poll(tree, personas, mode=mode, scrutineers=members, tellers=members[1:])
    return opened(poll, personas.chair)


def tallied_with_paper(poll, personas, tellers):
    with time_machine.travel(AFTER, tick=False):
        for user, member in tellers:
            services.paper_entry_submit(poll=poll, teller=member, data=PAPER, actor=user)
        return services.poll_tally(poll=poll, actor=personas.chair)


def test_a_mixed_poll_opens_its_box_then_takes_the_paper_and_counts_both(tree, personas, voters):
    poll = paper_poll(tree, personas, voters, PollMode.MIXED)
    vote_all(poll, personas, voters)
    shares = collect(poll, voters)
    poll = closed(poll, personas)
    submit(poll, *shares[0])
    assert submit(poll, *shares[1]).needed == 0
    poll.refresh_from_db()
    # The box is open and its ballots are written, but the count waits for the paper.
    assert poll.status == PollStatus.CLOSED and Ballot.objects.filter(poll=poll).count() == 6
    poll = tallied_with_paper(poll, personas, voters[1:])
    assert poll.status == PollStatus.TALLIED
    assert (poll.result["counts"]["paper"], poll.result["counts"]["turnout"]) == (4, 10)
    paper = {"options": Counter({"张老师": 2, "李老师": 1}), "marks": Counter({"yes": 1, "no": 1})}
    assert_exact_tally(poll, paper=paper)


def test_a_paper_poll_has_no_box_to_open_before_its_count(tree, personas, voters):
    poll = closed(paper_poll(tree, personas, voters, PollMode.PAPER), personas)
    assert not BallotBox.objects.filter(poll=poll).exists()  # nothing would ever be sealed in it
    poll = tallied_with_paper(poll, personas, voters[1:])
    assert poll.status == PollStatus.TALLIED and poll.result["counts"]["paper"] == 4


def test_a_box_opened_with_a_changed_instance_key_fails_with_a_message_and_writes_nothing(
    tree, personas, voters, settings
):
    poll = opened(sealed_poll(tree, personas), personas.chair)
    vote_all(poll, personas, voters)
    poll = closed(poll, personas)
    settings.VOTING_INSTANCE_KEY = "ab" * 32  # not the key the box was wrapped with
    audits = AuditEntry.objects.count()
    with time_machine.travel(AFTER, tick=False), pytest.raises(VotingError) as caught:
        services.poll_tally(poll=poll, actor=personas.chair)
    assert caught.value.code == "box_key"
    assert "实例密钥" in caught.value.message and "没有开启" in caught.value.message
    poll.refresh_from_db()
    box = BallotBox.objects.get(poll=poll)
    assert poll.status == PollStatus.CLOSED and box.wrapped_key is not None and not box.is_open
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()
    assert AuditEntry.objects.count() == audits
    # With the instance's own key back, the same box opens.
    settings.VOTING_INSTANCE_KEY = ""
    with time_machine.travel(AFTER, tick=False):
        assert services.poll_tally(poll=poll, actor=personas.chair).status == PollStatus.TALLIED


def test_shares_kept_with_a_changed_instance_key_fail_with_a_message_and_write_nothing(
    personas, voters, boxed, settings
):
    vote_all(boxed, personas, voters)
    first, third = collect(boxed, [voters[0], voters[2]])  # the second scrutineer has not collected yet
    poll = closed(boxed, personas)
    submit(poll, *first)  # waits, sealed by the instance key
    settings.VOTING_INSTANCE_KEY = "ab" * 32
    second_user, second = voters[1]
    before = state(poll)
    with pytest.raises(VotingError) as caught:
        services.box_share_collect(poll=poll, member=second, actor=second_user)
    assert caught.value.code == "instance_key" and "实例密钥" in caught.value.message
    assert state(poll) == before
    # A waiting share the new key cannot read is cleared, so its scrutineer enters it again and the box
    # is not stuck: the shares' own secret, not the instance key, wraps the box's key.
    assert submit(poll, *third) == services.ShareResult(submitted=1, needed=1)
    assert KeyShare.objects.get(box__poll=poll, member=first[1]).submitted is None
    assert submit(poll, *first).needed == 0
    poll.refresh_from_db()
    assert poll.status == PollStatus.TALLIED
    assert_exact_tally(poll)
