"""The democratic recommendation (民主推荐): the office starts it at the poll stage on the voting
engine; the stage is left only once the published result decides who is recommended, and leaving it
removes the candidates not recommended."""

import pytest

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError, Refused
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.selections.models import Entry, EntryStatus, Stage
from chuangxian.selections.models_poll import PollCandidate, SelectionPoll
from chuangxian.selections.selectors_poll import poll_outcome
from chuangxian.selections.services import entry_withdraw, selection_advance, selection_stage_set
from chuangxian.selections.services.poll import option_label
from chuangxian.selections.tests.factories import nominate
from chuangxian.selections.tests.factories_poll import (
    count_and_publish,
    make_selection_poll,
    open_poll,
    options_of,
    poll_selection,
    run_poll,
    to_poll,
    vote,
    voters_in,
)
from chuangxian.voting import services as voting
from chuangxian.voting.models import Poll, PollPurpose, PollStatus, TieRule


@pytest.fixture
def running(tree, campaign):
    """A selection at its poll stage: 张老师 and 李老师 of the college, 王老师 of the sibling college."""
    selection, entries = poll_selection(
        campaign, [(tree.college, "张老师"), (tree.college, "李老师"), (tree.sibling, "王老师")]
    )
    return to_poll(selection), entries


def _removed(tree):
    return set(
        Entry.objects.filter(tenant_id=tree.tenant.pk, status=EntryStatus.REMOVED).values_list(
            "pk", flat=True
        )
    )


def _refusal(call):
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def test_the_office_starts_the_poll_with_the_entries_in_the_running_as_options(tree, personas, campaign):
    selection, (zhang, li, wang) = poll_selection(
        campaign, [(tree.college, "张老师"), (tree.college, "李老师"), (tree.sibling, "王老师")]
    )
    entry_withdraw(entry=li, actor=SYSTEM)
    selection = to_poll(selection)
    standing = make_selection_poll(selection, [tree.library], 1, actor=personas.office)
    poll = standing.poll
    question = poll.questions.get()
    assert poll.purpose == PollPurpose.SELECTION and poll.status == PollStatus.DRAFT
    assert poll.secret and poll.sealed and poll.unit == tree.root
    assert poll.campaign_id == selection.campaign_id
    assert question.text == "请推荐（至多选 1 名）"
    assert (question.seats, question.min_choices, question.max_choices) == (1, 0, 1)
    options = list(question.options.order_by("order").values_list("label", "member_id"))
    assert options == [
        ("张老师（文学与传播学院）", zhang.member_id),
        ("王老师（数学与计算机科学学院）", wang.member_id),
    ]
    assert set(options_of(standing)) == {zhang.pk, wang.pk}
    entry = AuditEntry.objects.get(action="selections.poll.created")
    assert (
        entry.data["candidates"] == [zhang.candidate_name, wang.candidate_name] and entry.data["seats"] == 1
    )


def test_only_the_office_of_the_school_starts_it(tree, personas, running):
    selection, _entries = running
    for actor in (personas.chair, personas.sibling_chair, personas.member, personas.leader):
        assert _refusal(lambda a=actor: make_selection_poll(selection, [tree.library], 1, actor=a)).code == (
            "not_office"
        )
    assert isinstance(
        _refusal(lambda: make_selection_poll(selection, [tree.library], 1, actor=personas.other_office)),
        Refused,
    )
    assert not Poll.objects.filter(tenant_id=tree.tenant.pk).exists()
    assert not SelectionPoll.objects.filter(tenant_id=tree.tenant.pk).exists()


def test_it_is_refused_outside_the_poll_stage_twice_without_candidates_or_with_bad_seats(
    tree, personas, campaign
):
    selection, entries = poll_selection(campaign, [(tree.college, "张老师"), (tree.sibling, "王老师")])
    assert _refusal(lambda: make_selection_poll(selection, [tree.library], 1)).code == "not_poll_stage"
    selection = to_poll(selection)
    assert _refusal(lambda: make_selection_poll(selection, [tree.library], 3)).code == "bad_seats"
    assert _refusal(lambda: make_selection_poll(selection, [tree.library], 0)).code == "bad_seats"
    make_selection_poll(selection, [tree.library], 2)
    assert _refusal(lambda: make_selection_poll(selection, [tree.library], 1)).code == "poll_exists"
    assert Poll.objects.filter(tenant_id=tree.tenant.pk).count() == 1

    empty, entries = poll_selection(campaign, [(tree.college, "赵老师")], title="空评选")
    entry_withdraw(entry=entries[0], actor=SYSTEM)
    empty = to_poll(empty)
    assert _refusal(lambda: make_selection_poll(empty, [tree.library], 1)).code == "no_candidates"


def test_the_voting_engine_checks_the_electorate(tree, running):
    selection, _entries = running
    error = _refusal(lambda: make_selection_poll(selection, [], 1))
    assert (error.code, error.field) == ("no_units", "electorate_units")
    assert not SelectionPoll.objects.filter(tenant_id=tree.tenant.pk).exists()


def test_the_stage_waits_for_the_published_result(tree, personas, running):
    selection, _entries = running
    leave = lambda: selection_advance(selection=selection, from_stage=Stage.POLL, actor=SYSTEM)  # noqa: E731
    assert _refusal(leave).code == "poll_missing"
    standing = make_selection_poll(selection, [tree.library], 2)
    error = _refusal(leave)
    assert error.code == "poll_not_published" and "草稿" in error.message
    voters = voters_in(tree.library, 3)
    run_poll(standing, voters, [[], [], []], personas.office, publish=False)
    error = _refusal(leave)
    assert error.code == "poll_not_published" and "已计票" in error.message


def test_leaving_the_stage_removes_the_candidates_not_recommended(tree, personas, running):
    selection, (zhang, li, wang) = running
    standing = make_selection_poll(selection, [tree.library], 2)
    voters = voters_in(tree.library, 3)
    run_poll(standing, voters, [[zhang, li], [zhang, li], [zhang, wang]], personas.office)
    outcome = poll_outcome(selection)
    assert outcome.state == "decided" and outcome.recommended == {zhang.pk, li.pk}
    assert [(r.entry_id, r.votes, r.recommended) for r in outcome.rows] == [
        (zhang.pk, 3, True),
        (li.pk, 2, True),
        (wang.pk, 1, False),
    ]
    selection_advance(selection=selection, from_stage=Stage.POLL, actor=SYSTEM)
    statuses = dict(Entry.objects.filter(tenant_id=tree.tenant.pk).values_list("pk", "status"))
    assert statuses == {
        zhang.pk: EntryStatus.NOMINATED,
        li.pk: EntryStatus.NOMINATED,
        wang.pk: EntryStatus.REMOVED,
    }
    wang.refresh_from_db()
    assert wang.removed_reason == "民主推荐未获推荐（得票 1 票，推荐 2 名）"
    advanced = AuditEntry.objects.filter(action="selections.selection.advanced").latest("pk")
    assert advanced.data["removed"] == 1


def test_a_candidate_short_of_the_majority_is_not_recommended(tree, personas, running):
    """Recommended means elected by the engine's rule (more than half of those who voted, by default):
    a second seat nobody reached stays empty."""
    selection, (zhang, li, wang) = running
    standing = make_selection_poll(selection, [tree.library], 2)
    run_poll(standing, voters_in(tree.library, 3), [[zhang, li], [zhang, wang], [zhang]], personas.office)
    selection_advance(selection=selection, from_stage=Stage.POLL, actor=SYSTEM)
    removed = set(
        Entry.objects.filter(tenant_id=tree.tenant.pk, status=EntryStatus.REMOVED).values_list(
            "pk", flat=True
        )
    )
    assert removed == {li.pk, wang.pk}


# Five voters, two seats: 3 votes each for the three candidates (more than half of 5 is 3): tied.
def _tied_ballots(zhang, li, wang):
    return [[zhang, li], [zhang, wang], [li, wang], [zhang], [li, wang]]


def test_a_tie_at_the_cut_waits_for_the_run_off(tree, personas, running):
    selection, (zhang, li, wang) = running
    standing = make_selection_poll(selection, [tree.library], 2)
    voters = voters_in(tree.library, 5)
    run_poll(standing, voters, _tied_ballots(zhang, li, wang), personas.office)
    leave = lambda: selection_advance(selection=selection, from_stage=Stage.POLL, actor=SYSTEM)  # noqa: E731
    error = _refusal(leave)
    assert error.code == "poll_tie"
    assert all(f"{e.candidate_name}（3 票）" in error.message for e in (zhang, li, wang))
    runoff = voting.runoff_create(poll=standing.poll, question_number=1, actor=personas.office)
    error = _refusal(leave)
    assert error.code == "poll_tie" and "再次投票" in error.message and "草稿" in error.message
    labels = dict(runoff.questions.get().options.values_list("label", "pk"))
    runoff = open_poll(runoff, personas.office)
    li_wang = [labels[option_label(e.candidate_name, e.nominating_unit.name)] for e in (li, wang)]
    zhang_li = [labels[option_label(e.candidate_name, e.nominating_unit.name)] for e in (zhang, li)]
    for voter, picks in zip(voters, [li_wang] * 3 + [zhang_li] * 2, strict=True):
        vote(runoff, voter, picks)
    count_and_publish(runoff, personas.office)
    assert poll_outcome(selection).recommended == {li.pk, wang.pk}
    leave()
    assert _removed(tree) == {zhang.pk}
    zhang.refresh_from_db()
    assert zhang.removed_reason == "民主推荐未获推荐（得票 3 票，推荐 2 名）"


def test_a_tie_settled_by_lot(tree, personas, running):
    selection, (zhang, li, wang) = running
    standing = make_selection_poll(selection, [tree.library], 2, tie_rule=TieRule.LOT)
    poll = run_poll(
        standing, voters_in(tree.library, 5), _tied_ballots(zhang, li, wang), personas.office, publish=False
    )
    drawn = [PollCandidate.objects.get(entry=e).option.order for e in (zhang, li)]
    voting.lot_record(
        poll=poll, question_number=1, winners=drawn, note="监票人在场抽签", actor=personas.office
    )
    voting.poll_publish(poll=poll, actor=personas.office)
    selection_advance(selection=selection, from_stage=Stage.POLL, actor=SYSTEM)
    assert _removed(tree) == {wang.pk}


def test_skipping_the_stage_keeps_the_tied_and_removes_nothing_without_a_result(tree, personas, campaign):
    selection, (zhang, li, wang, zhao) = poll_selection(
        campaign,
        [
            (tree.college, "张老师"),
            (tree.college, "李老师"),
            (tree.sibling, "王老师"),
            (tree.sibling, "赵老师"),
        ],
    )
    selection = to_poll(selection)
    standing = make_selection_poll(selection, [tree.library], 2)
    poll = run_poll(
        standing, voters_in(tree.library, 5), _tied_ballots(zhang, li, wang), personas.office, publish=False
    )
    selection_stage_set(selection=selection, stage=Stage.FINAL, reason="暂不等待", actor=SYSTEM)
    assert _removed(tree) == set()  # counted, not published: nothing decided yet
    selection_stage_set(selection=selection, stage=Stage.POLL, reason="回到民主推荐", actor=SYSTEM)
    voting.poll_publish(poll=poll, actor=personas.office)
    selection_stage_set(selection=selection, stage=Stage.FINAL, reason="党委决定都报送", actor=SYSTEM)
    assert _removed(tree) == {zhao.pk}


def test_an_invalid_poll_refuses_and_removes_nobody_when_skipped(tree, personas, running):
    selection, (zhang, _li, _wang) = running
    standing = make_selection_poll(selection, [tree.library], 1)
    voters = voters_in(tree.library, 4)
    run_poll(standing, voters[:1], [[zhang]], personas.office)  # 1 of 4: short of two thirds
    error = _refusal(lambda: selection_advance(selection=selection, from_stage=Stage.POLL, actor=SYSTEM))
    assert error.code == "poll_invalid"
    selection_stage_set(selection=selection, stage=Stage.FINAL, reason="改由党委推荐", actor=SYSTEM)
    assert not Entry.objects.filter(tenant_id=tree.tenant.pk, status=EntryStatus.REMOVED).exists()


def test_an_entry_nominated_after_the_poll_was_made_is_named(tree, personas, running):
    selection, (zhang, li, wang) = running
    standing = make_selection_poll(selection, [tree.library], 2)
    selection = selection_stage_set(selection=selection, stage=Stage.NOMINATION, reason="补报", actor=SYSTEM)
    late = nominate(selection, tree.library, MemberFactory(unit=tree.library, name="钱老师"))
    selection = selection_stage_set(selection=selection, stage=Stage.POLL, reason="补报完毕", actor=SYSTEM)
    run_poll(standing, voters_in(tree.library, 3), [[zhang, li], [zhang, li], [zhang, wang]], personas.office)
    error = _refusal(lambda: selection_advance(selection=selection, from_stage=Stage.POLL, actor=SYSTEM))
    assert error.code == "not_on_ballot" and late.candidate_name in error.message
