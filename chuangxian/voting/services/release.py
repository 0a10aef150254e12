"""After the count: settling ties by lot or run-off, and publishing the result."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.grants.selectors import grant_holders
from chuangxian.voting.models import (
    LotDraw,
    Option,
    Poll,
    PollStatus,
    PollUnit,
    Question,
    QuestionMethod,
    TieRule,
)
from chuangxian.voting.permissions import OFFICER_KINDS, can_record_lot
from chuangxian.voting.selectors import scrutineers
from chuangxian.voting.services._common import (
    VotingError,
    _require_manager,
)
from chuangxian.voting.services.polls import _officers_grant


@transaction.atomic
def lot_record(
    *, poll: Poll, question_number: int, winners: Sequence[int], note: str, actor: Actor
) -> LotDraw:
    """Record the lot that settled a tie (tie rule: lot). ``winners`` are option numbers among the tied."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    recorder = login_of(actor)
    if recorder is None or not can_record_lot(actor, poll):
        raise Refused(
            _("只有组织本投票的单位的主席、联络员或学校工会可以记录抽签结果（系统不抽签）。"),
            code="forbidden",
        )
    if poll.status != PollStatus.TALLIED or poll.tie_rule != TieRule.LOT:
        raise VotingError(code="no_lot", message=_("本次投票不需要抽签。"))
    outcome = next((o for o in poll.result["outcome"]["outcomes"] if o["number"] == question_number), None)
    if not outcome or not outcome.get("tied"):
        raise VotingError(code="no_tie", message=_("该题没有票数相同需要抽签的情况。"))
    if len(set(winners)) != outcome["tied_seats"] or not set(winners) <= set(outcome["tied"]):
        raise VotingError(
            code="bad_lot",
            message=_("请从票数相同的候选人中选出 %(n)d 人。") % {"n": outcome["tied_seats"]},
            field="winners",
        )
    if not note.strip():
        raise VotingError(
            code="note_required", message=_("请写明抽签经过（时间、地点、监票人）。"), field="note"
        )
    question = Question.objects.get(tenant_id=poll.tenant_id, poll=poll, order=question_number)
    lot = LotDraw.objects.create(
        tenant_id=poll.tenant_id,
        poll=poll,
        question=question,
        winners=sorted(set(winners)),
        note=note.strip(),
        recorded_by=recorder,
        recorded_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="voting.poll.lot",
        target=poll,
        unit=poll.unit,
        data={"question": question_number, "winners": lot.winners},
    )
    return lot


def pending_before_publish(poll: Poll) -> list[str]:
    """What still stands between a tallied poll and its release, in words."""
    missing = []
    for officer in scrutineers(poll):  # those holding the grant today
        if officer.confirmed_at is None:
            missing.append(_("监票人%(name)s尚未复核确认。") % {"name": officer.member.name})
    if poll.tie_rule == TieRule.LOT and poll.result:
        settled = set(
            LotDraw.objects.filter(tenant_id=poll.tenant_id, poll=poll).values_list(
                "question__order", flat=True
            )
        )
        for outcome in poll.result["outcome"]["outcomes"]:
            if outcome.get("tied") and outcome["number"] not in settled:
                missing.append(_("第 %(n)d 题票数相同，尚未记录抽签结果。") % {"n": outcome["number"]})
    return missing


@transaction.atomic
def poll_publish(*, poll: Poll, actor: Actor) -> Poll:
    """Tallied → published: the result and the ballot list become visible. Raises Refused 'forbidden';
    VotingError 'not_tallied', 'pending'."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    _require_manager(poll, actor, _("只有组织本投票的单位的主席、联络员或学校工会可以公布结果。"))
    if poll.status != PollStatus.TALLIED:
        raise VotingError(code="not_tallied", message=_("计票完成后才能公布结果。"))
    pending = pending_before_publish(poll)
    if pending:
        raise VotingError(code="pending", message=" ".join(pending))
    poll.status = PollStatus.PUBLISHED
    poll.published_at = clock.now()
    poll.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, action="voting.poll.published", target=poll, unit=poll.unit)
    return poll


@transaction.atomic
def runoff_create(*, poll: Poll, question_number: int, actor: Actor) -> Poll:
    """A draft run-off poll among the tied candidates of one question (tie rule: run-off), with the
    source's scrutineers and tellers granted the same powers on it (from today)."""
    source = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    _require_manager(source, actor, _("只有组织本投票的单位的主席、联络员或学校工会可以发起再次投票。"))
    if source.status not in (PollStatus.TALLIED, PollStatus.PUBLISHED) or source.tie_rule != TieRule.RUNOFF:
        raise VotingError(code="no_runoff", message=_("本次投票不需要再次投票。"))
    outcome = next((o for o in source.result["outcome"]["outcomes"] if o["number"] == question_number), None)
    if not outcome or not outcome.get("tied"):
        raise VotingError(code="no_tie", message=_("该题没有票数相同的情况。"))
    question = Question.objects.get(tenant_id=source.tenant_id, poll=source, order=question_number)
    if Poll.objects.filter(tenant_id=source.tenant_id, runoff_of=source, runoff_question=question).exists():
        raise VotingError(code="runoff_exists", message=_("已经为这道题发起过再次投票。"))
    tied = list(
        Option.objects.filter(tenant_id=source.tenant_id, question=question, order__in=outcome["tied"])
    )
    now = clock.now()
    runoff = Poll.objects.create(
        tenant_id=source.tenant_id,
        unit=source.unit,
        campaign=source.campaign,
        title=_("%(title)s（再次投票）") % {"title": source.title},
        purpose=source.purpose,
        description=source.description,
        secret=source.secret,
        ballot_box=source.ballot_box,
        key_threshold=source.key_threshold,
        mode=source.mode,
        opens_at=now,
        closes_at=now + (source.closes_at - source.opens_at),
        electorate_kind=source.electorate_kind,
        quorum_num=source.quorum_num,
        quorum_den=source.quorum_den,
        majority_base=source.majority_base,
        tie_rule=source.tie_rule,
        runoff_of=source,
        runoff_question=question,
        created_by=login_of(actor),
    )
    PollUnit.objects.bulk_create(
        [
            PollUnit(tenant_id=runoff.tenant_id, poll=runoff, unit_id=u)
            for u in source.units.values_list("unit_id", flat=True)
        ]
    )
    # The same scrutineers and tellers: the grants they hold on the source today, granted on the run-off.
    _officers_grant(
        runoff,
        {
            kind: [grant.member for grant in grant_holders(kind, source) if grant.member is not None]
            for kind in OFFICER_KINDS
        },
        actor,
    )
    seats = outcome["tied_seats"]
    new_question = Question.objects.create(
        tenant_id=runoff.tenant_id,
        poll=runoff,
        order=1,
        text=question.text,
        method=QuestionMethod.APPROVAL,
        seats=seats,
        min_choices=0,
        max_choices=seats,
        allow_negative=False,
    )
    Option.objects.bulk_create(
        [
            Option(
                tenant_id=runoff.tenant_id,
                question=new_question,
                order=i,
                label=o.label,
                member_id=o.member_id,
            )
            for i, o in enumerate(tied, start=1)
        ]
    )
    audit_record(
        actor=actor, action="voting.poll.runoff", target=runoff, unit=runoff.unit, data={"of": source.pk}
    )
    return runoff
