"""The democratic recommendation (民主推荐) of a selection, run on the voting engine.

``selection_poll_create`` sets the poll up through the engine's own services (``poll_create`` and
``question_add``): one approval question whose options are the entries in the running; the poll is
then opened, voted, closed, counted (the scrutineers open the sealed box) and published on the
engine's pages. The stage is left forward only once that result is published and decides who is
recommended (``poll_exit_refusal``); leaving it removes the candidates not recommended
(``poll_settle``). Both are registered with ``runs`` in ``apps_poll.ready_poll``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor, login_of
from chuangxian.orgs.models import Member, Unit
from chuangxian.selections.models import KIND_NOUNS, EntryKind, EntryStatus, Selection, SelectionStatus, Stage
from chuangxian.selections.models_poll import PollCandidate, SelectionPoll
from chuangxian.selections.selectors_poll import (
    DECIDED,
    IN_RUNNING,
    INVALID,
    MISSING,
    OPEN,
    TIE,
    poll_candidates,
    poll_outcome,
)
from chuangxian.selections.services._common import (
    SelectionError,
    _require_office,
    entries_settle,
    locked_selection,
)
from chuangxian.voting.models import BallotBoxKind, ElectorateKind, Option, PollPurpose, TieRule
from chuangxian.voting.services import PollData, QuestionData, poll_create, question_add

ELECTORATES: tuple[str, ...] = (ElectorateKind.TENANT, ElectorateKind.UNITS)


@dataclass(frozen=True)
class SelectionPollData:
    title: str
    opens_at: datetime
    closes_at: datetime
    seats: int
    electorate_kind: str = ElectorateKind.TENANT
    electorate_units: Sequence[Unit] = ()
    secret: bool = True
    ballot_box: str = BallotBoxKind.SEALED
    tie_rule: str = TieRule.RUNOFF
    scrutineers: Sequence[Member] = ()


def option_label(name: str, unit: str) -> str:
    """A candidate on the ballot: the name and the nominating unit (a member's name carries their own
    unit already, ``entries``), within the option's 200 characters."""
    suffix = f"（{unit}）"
    if name == unit or name.endswith(suffix) or len(suffix) >= 200:
        return name[:200]
    return name[: 200 - len(suffix)] + suffix


def _school_union(tenant_id: int) -> Unit:
    """The school union (the tree's root), which organises the poll: the office manages it."""
    root = Unit.objects.filter(tenant_id=tenant_id, depth=1).order_by("path").first()
    if root is None:
        raise SelectionError(code="no_school_union", message=_("本校还没有建立学校工会组织。"))
    return root


@transaction.atomic
def selection_poll_create(*, selection: Selection, data: SelectionPollData, actor: Actor) -> SelectionPoll:
    """The office starts the selection's democratic recommendation: a draft poll of the school union
    (purpose: selection) with one question, "recommend at most N", whose options are the entries in
    the running (nominated or passed the first review), labelled with the candidate and the
    nominating unit (a member entry's option names the member). One poll per selection.

    Locks the selection (a stage move or a second creation waits). The poll and its question are
    made by the voting engine's services, which check the window, the electorate, the box and the
    scrutineers (their VotingError passes through). Audits ``selections.poll.created``.

    Raises Refused 'not_office' (and the engine's 'forbidden' for an actor of no school);
    SelectionError 'not_poll_stage', 'poll_exists', 'no_candidates', 'bad_seats', 'bad_electorate'."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    if selection.status != SelectionStatus.OPEN or selection.stage != Stage.POLL:
        raise SelectionError(code="not_poll_stage", message=_("评选处于「民主推荐」环节时才能发起民主推荐。"))
    if SelectionPoll.objects.filter(tenant_id=selection.tenant_id, selection=selection).exists():
        raise SelectionError(code="poll_exists", message=_("本评选已经发起过民主推荐。"))
    entries = poll_candidates(selection)
    if not entries:
        raise SelectionError(code="no_candidates", message=_("没有仍在评选中的推荐对象，无法发起民主推荐。"))
    if not 1 <= data.seats <= len(entries):
        raise SelectionError(
            code="bad_seats",
            message=_("推荐名额应在 1 到推荐对象数（%(n)d）之间。") % {"n": len(entries)},
            field="seats",
        )
    if data.electorate_kind not in ELECTORATES:
        raise SelectionError(code="bad_electorate", message=_("请选择投票人范围。"), field="electorate_kind")
    poll = poll_create(
        unit=_school_union(selection.tenant_id),
        campaign=selection.campaign,
        data=PollData(
            title=data.title,
            purpose=PollPurpose.SELECTION,
            description=_("「%(selection)s」的民主推荐。") % {"selection": selection.title},
            opens_at=data.opens_at,
            closes_at=data.closes_at,
            electorate_kind=data.electorate_kind,
            electorate_units=data.electorate_units,
            secret=data.secret,
            ballot_box=data.ballot_box,
            tie_rule=data.tie_rule,
            scrutineers=data.scrutineers,
        ),
        actor=actor,
    )
    labels = _unique([option_label(e.candidate_name, e.nominating_unit.name) for e in entries])
    noun = KIND_NOUNS[EntryKind(selection.type.entry_kind)]
    question = question_add(
        poll=poll,
        data=QuestionData(
            text=_("请推荐（至多选 %(n)d %(noun)s）") % {"n": data.seats, "noun": noun},
            method="approval",
            options=labels,
            seats=data.seats,
            min_choices=0,
            max_choices=data.seats,
            candidates=[e.member if e.kind == EntryKind.MEMBER else None for e in entries],
        ),
        actor=actor,
    )
    standing = SelectionPoll.objects.create(
        tenant_id=selection.tenant_id,
        selection=selection,
        poll=poll,
        seats=data.seats,
        created_by=login_of(actor),
    )
    options = Option.objects.filter(tenant_id=poll.tenant_id, question=question).order_by("order")
    PollCandidate.objects.bulk_create(
        [
            PollCandidate(tenant_id=selection.tenant_id, selection_poll=standing, entry=entry, option=option)
            for entry, option in zip(entries, options, strict=True)
        ]
    )
    audit_record(
        actor=actor,
        action="selections.poll.created",
        target=selection,
        data={"poll": poll.title, "seats": data.seats, "candidates": [e.candidate_name for e in entries]},
    )
    return standing


def _unique(labels: list[str]) -> list[str]:
    """The voting engine refuses two options of one label: a second one gets a number."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label[:195]}#{seen[label]}")
    return result


def poll_exit_refusal(selection: Selection) -> SelectionError | None:
    """Why the selection may not leave its poll stage forward yet (None: it may): no poll
    ('poll_missing'), an entry in the running nominated after the poll was made, so not on its
    ballot ('not_on_ballot': the stage went back for a late nomination), its result not published ('poll_not_published', naming its state), the turnout
    short of the quorum ('poll_invalid'), or the last seats still tied ('poll_tie', naming the tied
    entries: the office settles them by the engine's lot or run-off). Registered with
    ``runs.register_exit_check``; the office may still move the stage with a reason."""
    outcome = poll_outcome(selection)
    poll = outcome.poll
    if outcome.state == MISSING or poll is None:
        return SelectionError(
            code="poll_missing", message=_("还没有发起民主推荐。请先发起民主推荐并公布结果，再进入下一环节。")
        )
    on_ballot = {row.entry_id for row in outcome.rows}
    late = [e.candidate_name for e in poll_candidates(selection) if e.pk not in on_ballot]
    if late:
        return SelectionError(
            code="not_on_ballot",
            message=_(
                "以下推荐对象是发起民主推荐之后推荐的，不在投票的候选对象中：%(names)s。"
                "请用“跳过或退回环节”写明理由后处理。"
            )
            % {"names": "、".join(late)},
        )
    if outcome.state == OPEN:
        return SelectionError(
            code="poll_not_published",
            message=_("民主推荐投票「%(title)s」目前为「%(status)s」，结果公布后才能进入下一环节。")
            % {"title": poll.title, "status": poll.get_status_display()},
        )
    if outcome.state == INVALID:
        return SelectionError(
            code="poll_invalid",
            message=_(
                "民主推荐投票「%(title)s」参加投票人数未达到有效人数，投票无效。"
                "如需跳过本环节，请用“跳过或退回环节”并写明理由。"
            )
            % {"title": poll.title},
        )
    if outcome.state == TIE:
        tied = [f"{r.name}（{r.votes} 票）" for r in outcome.rows if r.tied]
        waiting = (
            _("再次投票「%(title)s」目前为「%(status)s」。")
            % {"title": outcome.runoff.title, "status": outcome.runoff.get_status_display()}
            if outcome.runoff is not None
            else ""
        )
        return SelectionError(
            code="poll_tie",
            message=_(
                "民主推荐最后的名额票数相同，尚未决定：%(names)s。%(waiting)s"
                "请在投票页面按规则对票数相同者再次投票或记录抽签结果，公布后再进入下一环节。"
            )
            % {"names": "、".join(tied), "waiting": waiting},
        )
    return None


def poll_settle(selection: Selection) -> int:
    """As the selection leaves its poll stage forward: every candidate still in the running that the
    published result did not recommend is removed, with its votes in the reason. A tie still open
    (the office skipped the stage) keeps the tied candidates; without a published, valid result
    nothing is removed. Runs under the selection's lock (``runs._move``); returns how many."""
    outcome = poll_outcome(selection)
    if outcome.state not in (DECIDED, TIE) or outcome.selection_poll is None:
        return 0
    seats = outcome.selection_poll.seats
    keep = outcome.recommended | outcome.tied
    out = {r.entry_id: r for r in outcome.rows if r.entry_id not in keep}
    running = set(
        selection.entries.filter(
            tenant_id=selection.tenant_id, pk__in=list(out), status__in=IN_RUNNING
        ).values_list("pk", flat=True)
    )
    noun = KIND_NOUNS[EntryKind(selection.type.entry_kind)]
    removed = 0
    for entry_id in sorted(running):
        reason = _("民主推荐未获推荐（得票 %(votes)d 票，推荐 %(seats)d %(noun)s）") % {
            "votes": out[entry_id].votes or 0,
            "seats": seats,
            "noun": noun,
        }
        removed += entries_settle(
            tenant_id=selection.tenant_id, entry_ids=[entry_id], status=EntryStatus.REMOVED, reason=reason
        )
    return removed
