"""Reads of the democratic recommendation (民主推荐): the entries that may stand, the selection's poll
and what its *published* result decided.

The count is the voting engine's (``voting.tally``): nothing here reads a ballot. A question's
outcome names the options elected and, when the last seats are tied, the tied ones; a tie is settled
by the engine itself, by a recorded lot (``LotDraw``) or by a run-off poll (``Poll.runoff_of``) whose
own published outcome elects among the tied (its options carry the tied options' labels). Every
function here reads a fixed number of queries, whatever the number of candidates (a run-off of a
run-off adds one more level at most per tie actually run off).
"""

from dataclasses import dataclass, field
from typing import Any

from chuangxian.core.actors import Actor
from chuangxian.selections.models import (
    KIND_NOUNS,
    Entry,
    EntryKind,
    EntryStatus,
    Selection,
    SelectionStatus,
    Stage,
)
from chuangxian.selections.models_poll import PollCandidate, SelectionPoll
from chuangxian.selections.permissions import can_configure_selections
from chuangxian.voting.models import LotDraw, Poll, PollStatus, TieRule
from chuangxian.voting.permissions import can_see_poll, can_see_result

# Entries still in the running: the candidates of a democratic recommendation.
IN_RUNNING: tuple[str, ...] = (EntryStatus.NOMINATED, EntryStatus.PASSED)
# How deep a chain of run-offs is followed (a run-off tied again starts another).
MAX_RUNOFFS = 5

MISSING, OPEN, INVALID, TIE, DECIDED = "missing", "open", "invalid", "tie", "decided"


def poll_candidates(selection: Selection) -> list[Entry]:
    """The entries in the running, in the order of their nominating units: the poll's options."""
    return list(
        Entry.objects.filter(tenant_id=selection.tenant_id, selection=selection, status__in=IN_RUNNING)
        .select_related("nominating_unit", "member")
        .order_by("nominating_unit__path", "nominated_at", "pk")
    )


def selection_poll_of(selection: Selection) -> SelectionPoll | None:
    """The selection's democratic recommendation (one per selection), with its poll and unit."""
    return (
        SelectionPoll.objects.filter(tenant_id=selection.tenant_id, selection=selection)
        .select_related("poll__unit")
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class CandidateResult:
    entry_id: int
    name: str
    label: str  # as on the ballot: the name and the nominating unit
    status: str
    votes: int | None
    recommended: bool
    tied: bool


@dataclass(frozen=True)
class PollOutcome:
    """What the poll decided: ``state`` is MISSING (no poll), OPEN (not published yet), INVALID
    (published, but turnout short of the quorum), TIE (published, the last seats still tied: no lot
    recorded, no run-off published) or DECIDED. ``rows`` are the candidates, most votes first."""

    state: str
    selection_poll: SelectionPoll | None = None
    rows: list[CandidateResult] = field(default_factory=list)
    recommended: frozenset[int] = frozenset()
    tied: frozenset[int] = frozenset()
    runoff: Poll | None = None  # the run-off still to be published, when there is one

    @property
    def poll(self) -> Poll | None:
        return self.selection_poll.poll if self.selection_poll else None


@dataclass
class _Decision:
    quorum_met: bool
    elected: set[int]  # option numbers
    tied: set[int]
    pending_runoff: Poll | None = None


def _outcome_of(poll: Poll, number: int) -> dict[str, Any]:
    outcome = (poll.result or {}).get("outcome") or {}
    for item in outcome.get("outcomes", []):
        if item.get("number") == number:
            return {**item, "quorum_met": bool(outcome.get("quorum", {}).get("met"))}
    return {"quorum_met": False, "elected": [], "tied": []}


def _labels(poll: Poll, number: int) -> dict[int, str]:
    definition = (poll.result or {}).get("definition") or {}
    for question in definition.get("questions", []):
        if question.get("number") == number:
            return {o["number"]: o["label"] for o in question.get("options", [])}
    return {}


def _decide(poll: Poll, number: int, depth: int = 0) -> _Decision:
    """Question ``number`` of the published ``poll``: elected and still tied option numbers, after
    the engine's own lot or run-off."""
    outcome = _outcome_of(poll, number)
    decision = _Decision(
        quorum_met=outcome["quorum_met"], elected=set(outcome.get("elected", [])), tied=set(outcome["tied"])
    )
    if not decision.tied:
        return decision
    if poll.tie_rule == TieRule.LOT:
        lot = (
            LotDraw.objects.filter(tenant_id=poll.tenant_id, poll=poll, question__order=number)
            .order_by("-recorded_at", "-pk")
            .first()
        )
        if lot is not None:
            decision.elected |= set(lot.winners) & decision.tied
            decision.tied = set()
        return decision
    runoff = (
        Poll.objects.filter(tenant_id=poll.tenant_id, runoff_of=poll, runoff_question__order=number)
        .order_by("-pk")
        .first()
    )
    if runoff is None:
        return decision
    if runoff.status != PollStatus.PUBLISHED or depth >= MAX_RUNOFFS:
        decision.pending_runoff = runoff
        return decision
    inner = _decide(runoff, 1, depth + 1)
    if not inner.quorum_met:
        decision.pending_runoff = inner.pending_runoff
        return decision
    # The run-off's options carry the tied options' labels (unique within a question).
    source = {label: n for n, label in _labels(poll, number).items() if n in decision.tied}
    runoff_labels = _labels(runoff, 1)
    decision.elected |= {source[runoff_labels[n]] for n in inner.elected if runoff_labels.get(n) in source}
    decision.tied = {source[runoff_labels[n]] for n in inner.tied if runoff_labels.get(n) in source}
    decision.pending_runoff = inner.pending_runoff
    return decision


def _votes(poll: Poll, number: int) -> dict[int, int]:
    counts = (poll.result or {}).get("counts") or {}
    for question in counts.get("questions", []):
        if question.get("number") == number:
            return {o["number"]: int(o.get("yes", 0)) for o in question.get("options", [])}
    return {}


def poll_outcome(selection: Selection) -> PollOutcome:
    """What the selection's democratic recommendation decided (``PollOutcome``)."""
    standing = selection_poll_of(selection)
    if standing is None:
        return PollOutcome(state=MISSING)
    candidates = list(
        PollCandidate.objects.filter(tenant_id=selection.tenant_id, selection_poll=standing)
        .select_related("entry__nominating_unit", "option__question")
        .order_by("option__order", "pk")
    )
    poll = standing.poll
    if poll.status != PollStatus.PUBLISHED or not candidates:
        rows = [_row(c, None, False, False) for c in candidates]
        return PollOutcome(state=OPEN, selection_poll=standing, rows=rows)
    number = candidates[0].option.question.order
    decision = _decide(poll, number)
    votes = _votes(poll, number)
    by_option = {c.option.order: c.entry_id for c in candidates}
    recommended = frozenset(by_option[n] for n in decision.elected if n in by_option)
    tied = frozenset(by_option[n] for n in decision.tied if n in by_option)
    rows = [
        _row(c, votes.get(c.option.order, 0), c.entry_id in recommended, c.entry_id in tied)
        for c in candidates
    ]
    rows.sort(key=lambda r: (-(r.votes or 0), not r.recommended))
    if not decision.quorum_met:
        state = INVALID
    elif tied:
        state = TIE
    else:
        state = DECIDED
    return PollOutcome(
        state=state,
        selection_poll=standing,
        rows=rows,
        recommended=recommended,
        tied=tied,
        runoff=decision.pending_runoff,
    )


def _row(candidate: PollCandidate, votes: int | None, recommended: bool, tied: bool) -> CandidateResult:
    entry = candidate.entry
    return CandidateResult(
        entry_id=entry.pk,
        name=entry.candidate_name,
        label=candidate.option.label,
        status=entry.get_status_display(),
        votes=votes,
        recommended=recommended,
        tied=tied,
    )


@dataclass(frozen=True)
class PollLink:
    """What the selection page shows of its democratic recommendation (``_poll_links.html``)."""

    can_create: bool
    outcome: PollOutcome
    can_open_poll: bool  # may open the poll's own page (``voting.permissions.can_see_poll``)
    can_see_result: bool  # may see the votes (the engine's rule: its electorate, officers, viewers)
    seats: int | None
    noun: str  # how an entry is counted: 名 / 项 / 个


def poll_link_of(selection: Selection, actor: Actor) -> PollLink | None:
    """The selection page's democratic recommendation block: the office's link to start it while at
    the poll stage without one; the poll's status and, once published, its result. None for a
    selection without the poll stage (no query)."""
    if Stage.POLL not in selection.stages:
        return None
    outcome = poll_outcome(selection)
    poll = outcome.poll
    office = can_configure_selections(actor, selection.tenant_id)
    return PollLink(
        can_create=office
        and poll is None
        and selection.status == SelectionStatus.OPEN
        and selection.stage == Stage.POLL,
        outcome=outcome,
        can_open_poll=poll is not None and can_see_poll(actor, poll),
        can_see_result=poll is not None and can_see_result(actor, poll),
        seats=outcome.selection_poll.seats if outcome.selection_poll else None,
        noun=str(KIND_NOUNS[EntryKind(selection.type.entry_kind)]),
    )
