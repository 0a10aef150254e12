"""Opening a poll (the electorate is frozen), the clock's start of scheduled polls, and reminders."""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member
from chuangxian.voting.models import Eligibility, Participation, Poll, PollMode, PollStatus, Question
from chuangxian.voting.selectors import electorate_members
from chuangxian.voting.services._common import VotingError, _local, _require_manager
from chuangxian.voting.services.box import box_prepare
from chuangxian.voting.services.polls import _locked_draft

# Other apps' conditions on opening a poll (a congress session's quorum): each is called with the
# locked draft and raises a DomainError to refuse. Registered in the app's ``AppConfig.ready``.
OpenCheck = Callable[[Poll], None]
_open_checks: list[OpenCheck] = []


def register_open_check(check: OpenCheck) -> None:
    if check not in _open_checks:
        _open_checks.append(check)


@transaction.atomic
def poll_open(*, poll: Poll, expected_size: int, actor: Actor) -> Poll:
    """Draft → open, or → scheduled (待开始) before its start time: freezes the electorate, then
    nothing about the poll can change. ``expected_size`` is the electorate the organiser confirmed
    (``selectors.electorate_preview``); if members joined or left since, nothing is opened.

    Locks the poll row. The voters are notified after commit when voting starts: now, or for a
    scheduled poll when the clock starts it (``polls_start_due``). Raises Refused 'forbidden';
    VotingError 'not_draft', 'no_questions', 'too_late', 'empty_electorate', 'electorate_changed';
    whatever a registered open check raises (a congress session's CongressError 'no_quorum').
    """
    poll = _locked_draft(poll, actor)
    for check in _open_checks:  # other apps' conditions (``register_open_check``)
        check(poll)
    now = clock.now()
    if now >= poll.closes_at:
        raise VotingError(
            code="too_late", message=_("截止时间 %(t)s 已过，请先修改时间。") % {"t": _local(poll.closes_at)}
        )
    if not Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).exists():
        raise VotingError(code="no_questions", message=_("请先添加至少一道题目。"))
    member_ids = list(electorate_members(poll).values_list("pk", flat=True))
    if not member_ids:
        raise VotingError(code="empty_electorate", message=_("投票人范围内没有在职会员。"))
    if len(member_ids) != expected_size:
        raise VotingError(
            code="electorate_changed",
            message=_(
                "投票人名单在您确认之后有变化：确认时 %(expected)d 人，现在 %(now)d 人。投票没有开启，"
                "请重新核对投票人范围后再确认。"
            )
            % {"expected": expected_size, "now": len(member_ids)},
        )
    Eligibility.objects.bulk_create(
        [Eligibility(tenant_id=poll.tenant_id, poll=poll, member_id=m) for m in member_ids], batch_size=2000
    )
    if poll.sealed and poll.mode != PollMode.PAPER:  # a paper poll has no online ballot to seal
        box_prepare(poll)
    scheduled = now < poll.opens_at
    poll.status = PollStatus.SCHEDULED if scheduled else PollStatus.OPEN
    poll.opened_at = None if scheduled else now
    poll.electorate_size = len(member_ids)
    poll.save(update_fields=["status", "opened_at", "electorate_size"])
    audit_record(
        actor=actor,
        action="voting.poll.scheduled" if scheduled else "voting.poll.opened",
        target=poll,
        unit=poll.unit,
        data={"electorate": len(member_ids)},
    )
    if not scheduled and poll.mode != PollMode.PAPER:
        transaction.on_commit(lambda: _announce(poll, member_ids))
    return poll


def polls_start_due() -> int:
    """Start every scheduled poll whose start time has come and whose closing time has not (run by
    ``manage.py voting_tick``): scheduled → open, the frozen electorate notified after commit.
    Returns the number of polls started."""
    now = clock.now()
    # The clock's sweep runs over every tenant's polls, on purpose.
    due = Poll.objects.all_tenants().filter(status=PollStatus.SCHEDULED, opens_at__lte=now, closes_at__gt=now)
    started = 0
    for candidate in due.only("pk", "tenant_id"):
        with transaction.atomic():
            poll = Poll.objects.select_for_update().get(pk=candidate.pk, tenant_id=candidate.tenant_id)
            if poll.status != PollStatus.SCHEDULED:  # another tick, or the organiser's close, got there first
                continue
            poll.status = PollStatus.OPEN
            poll.opened_at = now
            poll.save(update_fields=["status", "opened_at"])
            audit_record(actor=SYSTEM, action="voting.poll.started", target=poll, unit=poll.unit)
            if poll.mode != PollMode.PAPER:
                member_ids = list(
                    Eligibility.objects.filter(tenant_id=poll.tenant_id, poll=poll).values_list(
                        "member_id", flat=True
                    )
                )
                transaction.on_commit(partial(_announce, poll, member_ids))
        started += 1
    return started


def _announce(poll: Poll, member_ids: list[int]) -> None:
    notify(
        tenant_id=poll.tenant_id,
        recipients=Member.objects.filter(pk__in=member_ids),
        kind="voting",
        title=_("请参加投票：%(title)s") % {"title": poll.title},
        body=_("投票时间：%(start)s 至 %(end)s。")
        % {"start": _local(poll.opens_at), "end": _local(poll.closes_at)},
        url=reverse("voting:vote", args=[poll.pk]),
        key=f"poll:{poll.pk}:open",
    )


@transaction.atomic
def poll_remind(*, poll: Poll, actor: Actor, automatic: bool = False) -> int:
    """Remind eligible members who have not voted: the organiser's reminder at most once per poll
    and day, the clock's automatic one (``automatic``) once per poll, each with its own key.

    Raises Refused 'forbidden'; VotingError 'not_open', 'paper_only'."""
    # NO KEY UPDATE: the lock must not block the ballots' inserts (their foreign key to the poll
    # takes KEY SHARE); a cast's own lock on the poll row (``ballot_cast``) waits for this short
    # transaction, and it for a cast's.
    poll = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk, tenant_id=poll.tenant_id)
    _require_manager(poll, actor, _("只有组织本投票的单位的主席、联络员或学校工会可以发送提醒。"))
    if poll.status != PollStatus.OPEN or clock.now() >= poll.closes_at:
        raise VotingError(code="not_open", message=_("投票不在进行中，无需提醒。"))
    if poll.mode == PollMode.PAPER:
        raise VotingError(code="paper_only", message=_("纸质投票在现场进行，系统不发送投票提醒。"))
    voted = Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll).values("member_id")
    waiting = list(
        Member.objects.filter(
            tenant_id=poll.tenant_id,
            pk__in=Eligibility.objects.filter(tenant_id=poll.tenant_id, poll=poll).values("member_id"),
        ).exclude(pk__in=voted)
    )
    sent = notify(
        tenant_id=poll.tenant_id,
        recipients=waiting,
        kind="voting",
        title=_("投票即将截止：%(title)s") % {"title": poll.title},
        body=_("您还没有投票，截止时间 %(end)s。") % {"end": _local(poll.closes_at)},
        url=reverse("voting:vote", args=[poll.pk]),
        key=f"poll:{poll.pk}:remind:{'auto' if automatic else clock.today().isoformat()}",
    )
    audit_record(
        actor=actor, action="voting.poll.reminded", target=poll, unit=poll.unit, data={"sent": len(sent)}
    )
    return len(sent)


# The automatic reminder goes out this long before the closing time, or at half-time for a
# poll open less than twice as long.
AUTO_REMIND_BEFORE = timedelta(hours=24)


def auto_remind_at(poll: Poll) -> datetime:
    """When the automatic reminder is due; measured from when the poll really opened if that was
    later than planned."""
    return poll.closes_at - min(AUTO_REMIND_BEFORE, (poll.closes_at - poll.started_at) / 2)


def polls_remind_due() -> int:
    """Send the one automatic reminder of every open poll now within its reminder window
    (run by ``manage.py voting_tick``). Returns the number of polls reminded."""
    now = clock.now()
    candidates = (
        Poll.objects.all_tenants()  # the clock's sweep runs over every tenant's polls, on purpose
        .filter(status=PollStatus.OPEN, auto_reminded_at__isnull=True, closes_at__gt=now)
        .exclude(mode=PollMode.PAPER)
        .only("pk", "tenant_id", "opens_at", "opened_at", "closes_at")
    )
    reminded = 0
    for candidate in candidates:
        if now < auto_remind_at(candidate):
            continue
        with transaction.atomic():
            poll = Poll.objects.select_for_update(no_key=True).get(
                pk=candidate.pk, tenant_id=candidate.tenant_id
            )
            if poll.auto_reminded_at is not None:  # another tick got there first
                continue
            try:
                poll_remind(poll=poll, actor=SYSTEM, automatic=True)
            except VotingError:
                continue
            poll.auto_reminded_at = now
            poll.save(update_fields=["auto_reminded_at"])
        reminded += 1
    return reminded
