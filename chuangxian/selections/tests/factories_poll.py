"""Test helpers for the democratic recommendation (民主推荐): a members' selection with a poll stage,
its poll made by the service, voters with logins, and the poll run on the voting engine's services
(open, vote, close, count, publish) in real time."""

from collections.abc import Sequence
from datetime import timedelta

from chuangxian.accounts.models import User
from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.selections.models import Entry, Selection, Stage
from chuangxian.selections.models_poll import PollCandidate, SelectionPoll
from chuangxian.selections.services import selection_advance
from chuangxian.selections.services.poll import SelectionPollData, selection_poll_create
from chuangxian.selections.tests.factories import make_selection, make_type, nominate
from chuangxian.voting import selectors as voting_selectors
from chuangxian.voting import services as voting
from chuangxian.voting.models import ElectorateKind, Poll, TieRule

POLL_STAGES = (Stage.NOMINATION, Stage.POLL, Stage.FINAL)


def poll_selection(
    campaign: Campaign, candidates: Sequence[tuple[Unit, str]], *, title: str = "2011年度先进个人"
) -> tuple[Selection, list[Entry]]:
    """A members' selection (nomination → poll → final) with one member nominated per
    ``(unit, name)`` by that unit, still at its nomination stage."""
    selection_type = make_type(campaign.tenant, name=f"{title}类型", stages=POLL_STAGES, quota_max=10)
    selection = make_selection(campaign, selection_type, title=title)
    entries = [nominate(selection, unit, MemberFactory(unit=unit, name=name)) for unit, name in candidates]
    return selection, entries


def to_poll(selection: Selection) -> Selection:
    return selection_advance(selection=selection, from_stage=Stage.NOMINATION, actor=SYSTEM)


def voters_in(unit: Unit, count: int, prefix: str = "投票人") -> list[tuple[User, Member]]:
    members = [MemberFactory(unit=unit, name=f"{prefix}{i}") for i in range(1, count + 1)]
    return [(make_user(m), m) for m in members]


def poll_data(units: Sequence[Unit], seats: int, **fields: object) -> SelectionPollData:
    now = clock.now()
    values: dict[str, object] = {
        "title": "先进个人民主推荐",
        "opens_at": now - timedelta(minutes=1),
        "closes_at": now + timedelta(days=1),
        "seats": seats,
        "electorate_kind": ElectorateKind.UNITS,
        "electorate_units": list(units),
        "tie_rule": TieRule.RUNOFF,
        **fields,
    }
    return SelectionPollData(**values)  # type: ignore[arg-type]


def make_selection_poll(
    selection: Selection, units: Sequence[Unit], seats: int, *, actor: Actor = SYSTEM, **fields: object
) -> SelectionPoll:
    return selection_poll_create(selection=selection, data=poll_data(units, seats, **fields), actor=actor)


def options_of(standing: SelectionPoll) -> dict[int, int]:
    """Entry id → option id."""
    return dict(
        PollCandidate.objects.filter(tenant_id=standing.tenant_id, selection_poll=standing).values_list(
            "entry_id", "option_id"
        )
    )


def open_poll(poll: Poll, actor: Actor = SYSTEM) -> Poll:
    return voting.poll_open(
        poll=poll, expected_size=voting_selectors.electorate_preview(poll).size, actor=actor
    )


def vote(poll: Poll, voter: tuple[User, Member], option_ids: Sequence[int]) -> None:
    question = poll.questions.get()
    user, member = voter
    voting.ballot_cast(
        poll=poll,
        member=member,
        answers={question.pk: dict.fromkeys(option_ids, "yes")},
        blank=not option_ids,
        actor=user,
    )


def count_and_publish(poll: Poll, actor: Actor, *, publish: bool = True) -> Poll:
    poll = voting.poll_close(poll=poll, actor=actor, reason="投票人已全部投票")
    poll = voting.poll_tally(poll=poll, actor=actor)
    return voting.poll_publish(poll=poll, actor=actor) if publish else poll


def run_poll(
    standing: SelectionPoll,
    voters: Sequence[tuple[User, Member]],
    ballots: Sequence[Sequence[Entry]],
    actor: Actor,
    *,
    publish: bool = True,
) -> Poll:
    """Open the poll, cast one ballot per voter approving ``ballots[i]``'s entries, close, count and
    (unless ``publish`` is False) publish."""
    poll = open_poll(standing.poll, actor)
    options = options_of(standing)
    for voter, picks in zip(voters, ballots, strict=True):
        vote(poll, voter, [options[entry.pk] for entry in picks])
    return count_and_publish(poll, actor, publish=publish)
