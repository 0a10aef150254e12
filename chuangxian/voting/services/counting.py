"""Closing (by the organiser or the clock), counting, and the scrutineers' confirmation."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Member
from chuangxian.voting import tally
from chuangxian.voting.models import (
    Ballot,
    BallotBox,
    Channel,
    KeyShare,
    Participation,
    Poll,
    PollMode,
    PollOfficer,
    PollStatus,
)
from chuangxian.voting.models_box import BoxCustody
from chuangxian.voting.permissions import is_scrutineer
from chuangxian.voting.selectors import ballot_records, poll_definition
from chuangxian.voting.services._common import VotingError, _require_in_person, _require_manager
from chuangxian.voting.services.box import box_close_notice
from chuangxian.voting.services.box_opening import box_open_with_instance_key
from chuangxian.voting.services.paper import paper_result


@transaction.atomic
def poll_close(*, poll: Poll, actor: Actor, reason: str = "") -> Poll:
    """Open (or scheduled) → closed. Before the closing time it needs a reason (audited); a scheduled
    poll closed so never starts. The clock closes due polls as ``SYSTEM``."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    _require_manager(poll, actor, _("只有组织本投票的单位的主席、联络员或学校工会可以截止投票。"))
    if poll.status not in (PollStatus.OPEN, PollStatus.SCHEDULED):
        raise VotingError(code="not_open", message=_("投票不在进行中。"))
    now = clock.now()
    early = now < poll.closes_at
    if early and not reason.strip():
        raise VotingError(code="reason_required", message=_("提前截止投票须填写理由。"), field="reason")
    poll.status = PollStatus.CLOSED
    poll.closed_at = min(now, poll.closes_at)
    poll.closed_early_reason = reason.strip() if early else ""
    poll.save(update_fields=["status", "closed_at", "closed_early_reason"])
    if poll.sealed:
        box_close_notice(poll)
    audit_record(
        actor=actor,
        action="voting.poll.closed_early" if early else "voting.poll.closed",
        target=poll,
        unit=poll.unit,
        data={"reason": poll.closed_early_reason} if early else {},
    )
    return poll


def polls_close_due() -> int:
    """Close every open (or never started) poll whose closing time has passed (run by
    ``manage.py voting_tick``)."""
    # The clock's sweep runs over every tenant's polls, on purpose.
    due = Poll.objects.all_tenants().filter(
        status__in=[PollStatus.OPEN, PollStatus.SCHEDULED], closes_at__lte=clock.now()
    )
    closed = 0
    for poll in due:
        try:
            poll_close(poll=poll, actor=SYSTEM)
        except VotingError:
            continue
        closed += 1
    return closed


@transaction.atomic
def poll_tally(*, poll: Poll, actor: Actor) -> Poll:
    """Closed → tallied: chain the ballots by hash, count, apply the rules. Not yet visible.

    A sealed poll's box must be opened first: a box kept with the instance key (no scrutineers) is
    opened here; one kept by the scrutineers only by their shares (``box_share_submit``), which count
    the poll themselves when nothing else is pending.

    Raises Refused 'forbidden'; VotingError 'not_closed', 'box_sealed', 'paper_pending',
    'participation_mismatch'.
    """
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    _require_manager(poll, actor, _("只有组织本投票的单位的主席、联络员或学校工会可以计票。"))
    if poll.status != PollStatus.CLOSED:
        raise VotingError(code="not_closed", message=_("投票截止后才能计票。"))
    box = BallotBox.objects.filter(tenant_id=poll.tenant_id, poll=poll).first() if poll.sealed else None
    if box is not None and not box.is_open:
        if box.custody != BoxCustody.INSTANCE:
            waiting = KeyShare.objects.filter(
                tenant_id=poll.tenant_id, box=box, submitted__isnull=False
            ).count()
            raise VotingError(
                code="box_sealed",
                message=_("票箱尚未开启：需要 %(t)d 位监票人提交密钥分片，已提交 %(n)d 位，还需 %(m)d 位。")
                % {"t": box.threshold, "n": waiting, "m": box.threshold - waiting},
            )
        box_open_with_instance_key(poll=poll, box=box, actor=actor)
        if poll.status == PollStatus.TALLIED:
            return poll
    return _count(poll, actor)


def count_if_ready(*, poll: Poll, actor: Actor) -> None:
    """Count ``poll`` (locked, closed, its box open) now unless its paper results are still pending:
    the box's opening counts an online poll at once; a mixed poll's paper part is added after."""
    if poll.mode != PollMode.ONLINE and paper_result(poll) is None:
        return
    _count(poll, actor)


def _count(poll: Poll, actor: Actor) -> Poll:
    paper = None
    if poll.mode != PollMode.ONLINE:
        paper = paper_result(poll)
        if paper is None:
            raise VotingError(
                code="paper_pending", message=_("纸质选票结果尚未由两名计票人分别录入且一致，暂不能计票。")
            )
    records = ballot_records(poll)
    online = Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll, channel=Channel.ONLINE).count()
    if online != len(records):
        raise VotingError(
            code="participation_mismatch", message=_("投票人数与选票数不一致，请联系管理员核查。")
        )
    definition = poll_definition(poll)
    hashes = tally.chain(tally.definition_hash(definition), records)
    # The opening of a sealed box wrote the chain already: only a hash that differs is written.
    Ballot.objects.bulk_update(
        [
            Ballot(key=record["key"], receipt=record["receipt"], chain_hash=digest)
            for record, digest in zip(records, hashes, strict=True)
            if record["hash"] != digest
        ],
        ["chain_hash"],
        batch_size=500,
    )
    counted = tally.count(definition, records, paper)
    poll.result = {
        "definition": definition,
        "paper": paper,
        "counts": counted,
        "outcome": tally.evaluate(definition["rules"], poll.electorate_size, counted),
    }
    poll.final_hash = hashes[-1] if hashes else tally.definition_hash(definition)
    poll.status = PollStatus.TALLIED
    poll.tallied_at = clock.now()
    poll.save(update_fields=["result", "final_hash", "status", "tallied_at"])
    audit_record(
        actor=actor,
        action="voting.poll.tallied",
        target=poll,
        unit=poll.unit,
        data={"final_hash": poll.final_hash},
    )
    return poll


@transaction.atomic
def scrutineer_confirm(*, poll: Poll, member: Member, fingerprint: str, actor: Actor) -> None:
    """A scrutineer (监票人) confirms the count: ``fingerprint`` is what their own recount of the
    ballot list showed (the confirmation page's browser recount, or ``poll_verify``). It must be the
    fingerprint of the final hash (``tally.fingerprint``); the audit entry records it (and
    ``PollOfficer.confirmed_fingerprint`` derives it from the confirmed hash). The confirmation is
    the scrutineer's ``PollOfficer`` row, made now (or updated on a second confirmation).

    Locks the poll row. Each scrutineer confirms for themselves: ``member`` must be the actor's own
    roster row, holding the scrutineer grant on the poll today. Raises Refused 'not_own',
    'not_scrutineer'; VotingError 'not_tallied', 'fingerprint_mismatch'."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    _require_in_person(actor, member, _("只能由监票人本人复核确认，不能替他人确认。"))
    if not is_scrutineer(actor, poll):  # the scrutineer grant on the poll; ``actor`` is ``member``
        raise Refused(_("只有本次投票的监票人可以确认。"), code="not_scrutineer")
    if poll.status != PollStatus.TALLIED:
        raise VotingError(code="not_tallied", message=_("计票完成后才能确认。"))
    seen = fingerprint.strip().upper()
    if seen != tally.fingerprint(poll.final_hash):
        raise VotingError(
            code="fingerprint_mismatch",
            message=_(
                "您复核得到的指纹（%(seen)s）与计票结果的指纹不一致，不能确认。请重新打开本页复核；"
                "仍不一致时请不要公布，向组织者和其他监票人反映。"
            )
            % {"seen": seen or "—"},
            field="fingerprint",
        )
    PollOfficer.objects.update_or_create(
        tenant_id=poll.tenant_id,
        poll=poll,
        member=member,
        kind=PollOfficer.Kind.SCRUTINEER,
        defaults={"confirmed_hash": poll.final_hash, "confirmed_at": clock.now()},
    )
    audit_record(
        actor=actor,
        action="voting.poll.confirmed",
        target=poll,
        unit=poll.unit,
        data={"confirmed_fingerprint": seen},
    )
