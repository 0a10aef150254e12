"""Every write of the voting engine.

One ballot per voter: ``ballot_cast`` inserts the voter's ``Participation`` (unique per poll and
member) and the anonymous ``Ballot`` in one transaction; a second submission fails on the unique
constraint and stores nothing. The audit log records *that* a member voted, never what. After the
close the ballots are chained by hash in receipt order (random, so the chain says nothing about who
voted when) and counted with the pure functions of ``tally``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member, Unit
from chuangxian.voting import tally
from chuangxian.voting.models import (
    Ballot,
    BallotChoice,
    BallotKind,
    Channel,
    ElectorateKind,
    Eligibility,
    LotDraw,
    MajorityBase,
    Mark,
    Option,
    PaperEntry,
    Participation,
    Poll,
    PollMode,
    PollOfficer,
    PollStatus,
    PollUnit,
    Question,
    QuestionMethod,
    TieRule,
)
from chuangxian.voting.permissions import acts_as, can_manage_poll, can_organise_at, can_record_lot
from chuangxian.voting.selectors import ballot_records, electorate_members, poll_definition, scrutineer_get


class VotingError(DomainError):
    pass


def _person(actor: Actor) -> User | None:
    """The login to record as who created a poll; None when the system acted."""
    return actor if isinstance(actor, User) else None


def _require_manager(poll: Poll, actor: Actor, message: str) -> None:
    """Refuse (code 'forbidden') unless ``actor`` organises ``poll`` (``can_manage_poll``)."""
    if not can_manage_poll(actor, poll):
        raise Refused(message, code="forbidden")


def _require_in_person(actor: Actor, member: Member, message: str) -> None:
    """Refuse (code 'not_own') unless ``actor`` is ``member``'s own login (``acts_as``)."""
    if not acts_as(actor, member):
        raise Refused(message, code="not_own")


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------------------------------------
# Setting a poll up (draft only)


@dataclass(frozen=True)
class PollData:
    title: str
    purpose: str
    opens_at: datetime
    closes_at: datetime
    electorate_kind: str
    electorate_units: Sequence[Unit] = ()
    description: str = ""
    secret: bool = True
    mode: str = PollMode.ONLINE
    quorum_num: int = 2
    quorum_den: int = 3
    majority_base: str = MajorityBase.CAST_HALF
    tie_rule: str = TieRule.RUNOFF
    scrutineers: Sequence[Member] = ()
    tellers: Sequence[Member] = ()


@dataclass(frozen=True)
class QuestionData:
    text: str
    method: str
    options: Sequence[str] = ()
    seats: int = 1
    min_choices: int = 0
    max_choices: int = 1
    allow_negative: bool = False
    candidates: Sequence[Member | None] = field(default_factory=tuple)


def poll_window_check(opens_at: datetime, closes_at: datetime) -> None:
    """A poll closes after it opens. Raises VotingError 'bad_window'; PollForm runs it too."""
    if closes_at <= opens_at:
        raise VotingError(code="bad_window", message=_("截止时间必须晚于开始时间。"), field="closes_at")


def _check_poll(unit: Unit, data: PollData, actor: Actor) -> None:
    if not can_organise_at(actor, unit):
        raise Refused(_("只有本单位的主席、联络员或学校工会可以组织投票。"), code="forbidden")
    if not data.title.strip():
        raise VotingError(code="title_required", message=_("请填写投票名称。"), field="title")
    poll_window_check(data.opens_at, data.closes_at)
    if not (data.quorum_den > 0 and 0 <= data.quorum_num <= data.quorum_den):
        raise VotingError(
            code="bad_quorum", message=_("有效人数比例应在 0 到 1 之间，例如 2/3。"), field="quorum_num"
        )
    if data.majority_base not in MajorityBase.values or data.tie_rule not in TieRule.values:
        raise VotingError(code="bad_rule", message=_("请选择当选（通过）标准和票数相同时的处理办法。"))
    if data.mode not in PollMode.values:
        raise VotingError(code="bad_mode", message=_("请选择投票方式。"), field="mode")
    if data.electorate_kind == ElectorateKind.TENANT and unit.depth != 1:
        raise VotingError(
            code="tenant_electorate",
            message=_("面向全校会员的投票只能由学校工会组织。"),
            field="electorate_kind",
        )
    if data.electorate_kind == ElectorateKind.UNITS:
        if not data.electorate_units:
            raise VotingError(code="no_units", message=_("请选择参加投票的单位。"), field="electorate_units")
        for target in data.electorate_units:
            if target.tenant_id != unit.tenant_id or not target.path.startswith(unit.path):
                raise VotingError(
                    code="unit_outside",
                    message=_("「%(unit)s」不在本单位范围内，不能参加本单位组织的投票。")
                    % {"unit": target.name},
                    field="electorate_units",
                )
    if data.mode != PollMode.ONLINE and len({m.pk for m in data.tellers}) < 2:
        raise VotingError(
            code="tellers_required", message=_("纸质投票需要至少两名计票人，分别录入结果。"), field="tellers"
        )
    for person in (*data.scrutineers, *data.tellers):
        if person.tenant_id != unit.tenant_id:
            raise VotingError(code="wrong_tenant", message=_("监票人和计票人必须是本校会员。"))


def _officers_set(poll: Poll, data: PollData) -> None:
    PollOfficer.objects.filter(tenant_id=poll.tenant_id, poll=poll).delete()
    rows = [
        PollOfficer(tenant_id=poll.tenant_id, poll=poll, member=m, kind=PollOfficer.Kind.SCRUTINEER)
        for m in {m.pk: m for m in data.scrutineers}.values()
    ] + [
        PollOfficer(tenant_id=poll.tenant_id, poll=poll, member=m, kind=PollOfficer.Kind.TELLER)
        for m in {m.pk: m for m in data.tellers}.values()
    ]
    PollOfficer.objects.bulk_create(rows)
    PollUnit.objects.filter(tenant_id=poll.tenant_id, poll=poll).delete()
    if data.electorate_kind == ElectorateKind.UNITS:
        PollUnit.objects.bulk_create(
            [
                PollUnit(tenant_id=poll.tenant_id, poll=poll, unit=u)
                for u in {u.pk: u for u in data.electorate_units}.values()
            ]
        )


def _people_and_units(poll: Poll) -> dict[str, list[str]]:
    """Scrutineers, tellers (staff numbers) and electorate units (names), for the audit entry."""
    officers = PollOfficer.objects.filter(tenant_id=poll.tenant_id, poll=poll).order_by("member__staff_no")
    snapshot: dict[str, list[str]] = {"scrutineers": [], "tellers": []}
    for kind, staff_no in officers.values_list("kind", "member__staff_no"):
        snapshot["scrutineers" if kind == PollOfficer.Kind.SCRUTINEER else "tellers"].append(staff_no)
    snapshot["electorate_units"] = list(
        PollUnit.objects.filter(tenant_id=poll.tenant_id, poll=poll)
        .order_by("unit__path")
        .values_list("unit__name", flat=True)
    )
    return snapshot


POLL_FIELDS = (
    "title",
    "purpose",
    "description",
    "secret",
    "mode",
    "opens_at",
    "closes_at",
    "electorate_kind",
    "quorum_num",
    "quorum_den",
    "majority_base",
    "tie_rule",
)


@transaction.atomic
def poll_create(*, unit: Unit, data: PollData, actor: Actor, campaign: Any = None) -> Poll:
    """A draft poll organised by ``unit``. Raises Refused 'forbidden' unless the actor may organise
    there (``can_organise_at``), VotingError for the rest of ``_check_poll``."""
    _check_poll(unit, data, actor)
    poll = Poll(tenant_id=unit.tenant_id, unit=unit, campaign=campaign, created_by=_person(actor))
    for name in POLL_FIELDS:
        setattr(poll, name, getattr(data, name))
    poll.title = data.title.strip()
    poll.save()
    _officers_set(poll, data)
    audit_record(
        actor=actor,
        action="voting.poll.created",
        target=poll,
        unit=unit,
        data={"title": poll.title, **_people_and_units(poll)},
    )
    return poll


def _locked_draft(poll: Poll, actor: Actor) -> Poll:
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    _require_manager(poll, actor, _("只有组织本投票的单位的主席、联络员或学校工会可以修改。"))
    if poll.status != PollStatus.DRAFT:
        raise VotingError(code="not_draft", message=_("投票已经开始，内容不能再修改。"))
    return poll


@transaction.atomic
def poll_update(*, poll: Poll, data: PollData, actor: Actor) -> Poll:
    poll = _locked_draft(poll, actor)
    _check_poll(poll.unit, data, actor)
    changes: dict[str, list[Any]] = {}
    for name in POLL_FIELDS:
        before, after = getattr(poll, name), getattr(data, name)
        if before != after:
            changes[name] = [str(before), str(after)]
            setattr(poll, name, after)
    poll.save()
    before = _people_and_units(poll)
    _officers_set(poll, data)
    after = _people_and_units(poll)
    changes.update({key: [before[key], after[key]] for key in after if before[key] != after[key]})
    audit_record(actor=actor, action="voting.poll.updated", target=poll, unit=poll.unit, changes=changes)
    return poll


def _check_question(data: QuestionData) -> list[str]:
    if not data.text.strip():
        raise VotingError(code="text_required", message=_("请填写题目。"), field="text")
    if data.method not in QuestionMethod.values:
        raise VotingError(code="bad_method", message=_("请选择表决方式。"), field="method")
    options = [o.strip() for o in data.options if o.strip()]
    if data.method == QuestionMethod.YES_NO:
        return []
    if len(options) < 1:
        raise VotingError(
            code="no_options", message=_("请至少填写一个候选人或选项，每行一个。"), field="options"
        )
    if len(set(options)) != len(options):
        raise VotingError(code="duplicate_option", message=_("候选人或选项有重复，请检查。"), field="options")
    if not 1 <= data.seats <= len(options):
        raise VotingError(
            code="bad_seats",
            message=_("应选名额应在 1 到候选人数（%(n)d）之间。") % {"n": len(options)},
            field="seats",
        )
    if not 0 <= data.min_choices <= data.max_choices or data.max_choices < 1:
        raise VotingError(
            code="bad_choices", message=_("“至少选”不能多于“至多选”，“至多选”至少为 1。"), field="max_choices"
        )
    if data.max_choices > len(options):
        raise VotingError(
            code="bad_choices",
            message=_("“至多选”不能多于候选人数（%(n)d）。") % {"n": len(options)},
            field="max_choices",
        )
    return options


@transaction.atomic
def question_add(*, poll: Poll, data: QuestionData, actor: Actor) -> Question:
    poll = _locked_draft(poll, actor)
    options = _check_question(data)
    order = Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).count() + 1
    is_yes_no = data.method == QuestionMethod.YES_NO
    question = Question.objects.create(
        tenant_id=poll.tenant_id,
        poll=poll,
        order=order,
        text=data.text.strip(),
        method=data.method,
        seats=1 if is_yes_no else data.seats,
        min_choices=0 if is_yes_no else data.min_choices,
        max_choices=1 if is_yes_no else data.max_choices,
        allow_negative=False if is_yes_no else data.allow_negative,
    )
    candidates = list(data.candidates) + [None] * (len(options) - len(data.candidates))
    Option.objects.bulk_create(
        [
            Option(
                tenant_id=poll.tenant_id, question=question, order=i, label=label, member=candidates[i - 1]
            )
            for i, label in enumerate(options, start=1)
        ]
    )
    audit_record(
        actor=actor, action="voting.question.added", target=poll, unit=poll.unit, data={"text": question.text}
    )
    return question


@transaction.atomic
def question_remove(*, question: Question, actor: Actor) -> None:
    poll = _locked_draft(question.poll, actor)
    question.delete()
    for i, q in enumerate(
        Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).order_by("order", "id"), 1
    ):
        if q.order != i:
            Question.objects.filter(pk=q.pk).update(order=i)
    audit_record(
        actor=actor,
        action="voting.question.removed",
        target=poll,
        unit=poll.unit,
        data={"text": question.text},
    )


# ---------------------------------------------------------------------------------------------
# Opening: the electorate is frozen


@transaction.atomic
def poll_open(*, poll: Poll, expected_size: int, actor: Actor) -> Poll:
    """Draft → open, or → scheduled (待开始) before its start time: freezes the electorate, then
    nothing about the poll can change. ``expected_size`` is the electorate the organiser confirmed
    (``selectors.electorate_preview``); if members joined or left since, nothing is opened.

    Locks the poll row. The voters are notified after commit when voting starts: now, or for a
    scheduled poll when the clock starts it (``polls_start_due``). Raises Refused 'forbidden';
    VotingError 'not_draft', 'no_questions', 'too_late', 'empty_electorate', 'electorate_changed'.
    """
    poll = _locked_draft(poll, actor)
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
    due = Poll.objects.filter(status=PollStatus.SCHEDULED, opens_at__lte=now, closes_at__gt=now)
    started = 0
    for candidate in due.only("pk"):
        with transaction.atomic():
            poll = Poll.objects.select_for_update().get(pk=candidate.pk)
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
    poll = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
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
        Poll.objects.filter(status=PollStatus.OPEN, auto_reminded_at__isnull=True, closes_at__gt=now)
        .exclude(mode=PollMode.PAPER)
        .only("pk", "opens_at", "opened_at", "closes_at")
    )
    reminded = 0
    for candidate in candidates:
        if now < auto_remind_at(candidate):
            continue
        with transaction.atomic():
            poll = Poll.objects.select_for_update(no_key=True).get(pk=candidate.pk)
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


# ---------------------------------------------------------------------------------------------
# Casting


@dataclass(frozen=True)
class Cast:
    receipt: str


Marks = list[tuple[Question, Option | None, str]]


def _tampered() -> VotingError:
    return VotingError(code="tampered", message=_("选票内容与本次投票不符，请刷新页面后重新填写。"))


def _ballot_marks(poll: Poll, answers: Mapping[int, Any], questions: list[Question] | None) -> Marks:
    """Validate ``answers`` ({question id: mark for yes/no, or {option id: mark} for approval}) and
    return the marks to store. Anything that does not belong to the ballot is a tampered form."""
    if questions is None:
        questions = list(
            Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options")
        )
    by_id = {q.pk: q for q in questions}
    unknown = set(answers) - set(by_id)
    if unknown:
        raise _tampered()
    marks: Marks = []
    for question in questions:
        answer = answers.get(question.pk)
        if question.method == QuestionMethod.YES_NO:
            if answer in (None, ""):
                continue
            if answer not in (Mark.YES, Mark.NO, Mark.ABSTAIN):
                raise _tampered()
            marks.append((question, None, str(answer)))
            continue
        answer = answer or {}
        if not isinstance(answer, Mapping):
            raise _tampered()
        options = {o.pk: o for o in question.options.all()}
        allowed = {Mark.YES, Mark.NO} if question.allow_negative else {Mark.YES}
        chosen = []
        for option_id, mark in answer.items():
            if option_id not in options or mark not in allowed:
                raise _tampered()
            chosen.append((question, options[option_id], str(mark)))
        yes = sum(1 for _q, _o, m in chosen if m == Mark.YES)
        if yes > question.max_choices:
            raise VotingError(
                code="too_many",
                message=_("第 %(n)d 题最多选 %(max)d 人（项），您选了 %(yes)d 人（项）。")
                % {"n": question.order, "max": question.max_choices, "yes": yes},
            )
        if chosen and yes < question.min_choices:
            raise VotingError(
                code="too_few",
                message=_(
                    "第 %(n)d 题至少选 %(min)d 人（项），您选了 %(yes)d 人（项）；不想选择可以整题留空。"
                )
                % {"n": question.order, "min": question.min_choices, "yes": yes},
            )
        marks.extend(chosen)
    return marks


def ballot_check(
    *,
    poll: Poll,
    member: Member,
    answers: Mapping[int, Any],
    blank: bool,
    questions: list[Question] | None = None,
) -> Marks:
    """Everything ``ballot_cast`` checks, without writing: the ballot's confirmation screen uses it so
    a voter hears about a mistake before confirming. ``blank`` is an empty ballot (空白票) whatever
    ``answers`` say. ``questions``: the poll's questions with their options prefetched
    (``selectors.ballot_questions``), when the caller has already read them. Returns the marks to store.

    Raises VotingError 'not_open', 'not_started', 'closed', 'paper_only', 'not_eligible',
    'already_voted', 'tampered', 'too_many', 'too_few', 'empty'.
    """
    now = clock.now()
    if poll.status == PollStatus.DRAFT:
        raise VotingError(code="not_open", message=_("投票尚未开始。"))
    if poll.status == PollStatus.SCHEDULED and now < poll.closes_at:
        raise VotingError(
            code="not_started",
            message=_("投票将于 %(t)s 开始。") % {"t": _local(poll.opens_at)}
            if now < poll.opens_at
            else _("投票马上开始，请稍后刷新页面。"),
        )
    if poll.status != PollStatus.OPEN or now >= poll.closes_at:
        raise VotingError(
            code="closed",
            message=_("投票已于 %(t)s 截止。") % {"t": _local(poll.closed_at or poll.closes_at)},
        )
    if now < poll.opens_at:
        raise VotingError(
            code="not_started", message=_("投票将于 %(t)s 开始。") % {"t": _local(poll.opens_at)}
        )
    if poll.mode == PollMode.PAPER:
        raise VotingError(code="paper_only", message=_("本次为纸质投票，请在现场投票。"))
    if not Eligibility.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists():
        raise VotingError(code="not_eligible", message=_("您不在本次投票的投票人名单中。"))
    if Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists():
        raise _already_voted()
    marks = [] if blank else _ballot_marks(poll, answers, questions)
    if not blank and not marks:
        raise VotingError(code="empty", message=_("您还没有作出任何选择；如确实不选，请勾选“投空白票”。"))
    return marks


def _already_voted() -> VotingError:
    return VotingError(code="already_voted", message=_("您已经投过票了，每人只能投一次。"))


def ballot_cast(
    *,
    poll: Poll,
    member: Member,
    answers: Mapping[int, Any],
    blank: bool,
    actor: Actor,
    questions: list[Question] | None = None,
) -> Cast:
    """Cast ``member``'s ballot after ``ballot_check``. The already-voted check there is only the
    polite path: two submissions racing both pass it, and the Participation unique constraint lets
    exactly one of them commit. Nothing is stored when it raises.

    ``poll`` may have been read before the poll was closed (the voter's page, ``ballot_check``): inside
    the transaction the poll row is read again and locked (FOR NO KEY UPDATE) *before* anything is
    written, and the ballot is refused with 'closed' unless that row is still open. ``poll_close``
    locks the same row FOR UPDATE, so a close and a cast of the same poll run one after the other and
    no ballot lands after the close. Lock order: the poll row first, then the inserts (their foreign
    keys take KEY SHARE on it, which this transaction's own lock allows); taking the poll lock after
    the inserts would let two casts each hold KEY SHARE and wait for the other's, a deadlock. Casts of
    one poll therefore queue on its row for the few statements of their transaction.

    Only the voter casts their ballot: anyone else (an officer, the system) is refused with
    ``Refused`` 'not_own' before anything is checked or stored."""
    _require_in_person(actor, member, _("只能由投票人本人投票，不能替他人投票。"))
    marks = ballot_check(poll=poll, member=member, answers=answers, blank=blank, questions=questions)
    try:
        with transaction.atomic():
            current = Poll.objects.select_for_update(no_key=True).get(pk=poll.pk)
            if current.status != PollStatus.OPEN or clock.now() >= current.closes_at:
                raise VotingError(
                    code="closed",
                    message=_("投票已于 %(t)s 截止，这张选票没有计入。")
                    % {"t": _local(current.closed_at or current.closes_at)},
                )
            Participation.objects.create(
                tenant_id=poll.tenant_id,
                poll=poll,
                member=member,
                channel=Channel.ONLINE,
                named_choices=None if poll.secret else _named(marks),
            )
            ballot = Ballot.objects.create(
                tenant_id=poll.tenant_id, poll=poll, kind=BallotKind.BLANK if blank else BallotKind.VALID
            )
            BallotChoice.objects.bulk_create(
                [
                    BallotChoice(tenant_id=poll.tenant_id, ballot=ballot, question=q, option=o, mark=m)
                    for q, o, m in marks
                ]
            )
            audit_record(actor=actor, action="voting.ballot.cast", target=poll, unit=poll.unit)
    except IntegrityError as error:
        if Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists():
            raise _already_voted() from error
        raise
    return Cast(receipt=ballot.receipt)


def _named(marks: Marks) -> list[list[Any]]:
    return [[q.order, o.order if o else None, m] for q, o, m in marks]


# ---------------------------------------------------------------------------------------------
# Paper ballots: double entry by two tellers


@transaction.atomic
def paper_entry_submit(*, poll: Poll, teller: Member, data: Mapping[str, Any], actor: Actor) -> bool:
    """Record one teller's entry of the paper results; True when all tellers' entries now agree.

    ``data``: {"ballots": n, "blank": n, "invalid": n, "questions": [{"number", "yes", "no", "abstain"}
    or {"number", "options": [{"number", "yes", "no"}]}]}. Each teller enters for themselves:
    ``teller`` must be the actor's own roster row. Raises Refused 'not_own', 'not_teller';
    VotingError 'not_closed', 'online_only', 'bad_paper'.
    """
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    _require_in_person(actor, teller, _("纸质选票结果只能由计票人本人录入，不能替他人录入。"))
    if not PollOfficer.objects.filter(
        tenant_id=poll.tenant_id, poll=poll, member=teller, kind=PollOfficer.Kind.TELLER
    ).exists():
        raise Refused(_("只有本次投票的计票人可以录入纸质选票结果。"), code="not_teller")
    if poll.mode == PollMode.ONLINE:
        raise VotingError(code="online_only", message=_("本次投票没有纸质选票。"))
    if poll.status != PollStatus.CLOSED:
        raise VotingError(code="not_closed", message=_("投票截止后才能录入纸质选票结果。"))
    clean = _check_paper(poll, data)
    PaperEntry.objects.update_or_create(
        tenant_id=poll.tenant_id,
        poll=poll,
        teller=teller,
        defaults={"data": clean, "entered_at": clock.now()},
    )
    audit_record(actor=actor, action="voting.paper.entered", target=poll, unit=poll.unit)
    return paper_result(poll) is not None


def _check_paper(poll: Poll, data: Mapping[str, Any]) -> dict[str, Any]:
    def number(value: Any, label: str) -> int:
        try:
            result = int(value)
        except (TypeError, ValueError):
            result = -1
        if result < 0:
            raise VotingError(
                code="bad_paper", message=_("“%(label)s”应为不小于 0 的整数。") % {"label": label}
            )
        return result

    ballots = number(data.get("ballots"), _("收回选票"))
    blank = number(data.get("blank", 0), _("空白票"))
    invalid = number(data.get("invalid", 0), _("无效票"))
    if blank + invalid > ballots:
        raise VotingError(code="bad_paper", message=_("空白票与无效票之和不能多于收回的选票数。"))
    valid = ballots - blank - invalid
    given = {int(q.get("number", 0)): q for q in data.get("questions", [])}
    questions: list[dict[str, Any]] = []
    for question in Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).prefetch_related("options"):
        entry = given.get(question.order, {})
        label = _("第 %(n)d 题") % {"n": question.order}
        if question.method == QuestionMethod.YES_NO:
            row = {
                k: number(entry.get(k, 0), f"{label}{name}")
                for k, name in (("yes", _("赞成")), ("no", _("反对")), ("abstain", _("弃权")))
            }
            if sum(row.values()) > valid:
                raise VotingError(
                    code="bad_paper",
                    message=_("%(q)s赞成、反对、弃权之和不能多于有效票数（%(n)d）。")
                    % {"q": label, "n": valid},
                )
            questions.append({"number": question.order, **row})
        else:
            options_given = {int(o.get("number", 0)): o for o in entry.get("options", [])}
            rows = []
            for option in question.options.all():
                o = options_given.get(option.order, {})
                yes = number(o.get("yes", 0), f"{label}{option.label}")
                no = number(o.get("no", 0), f"{label}{option.label}") if question.allow_negative else 0
                if yes + no > valid:
                    raise VotingError(
                        code="bad_paper",
                        message=_("%(o)s的票数不能多于有效票数（%(n)d）。") % {"o": option.label, "n": valid},
                    )
                rows.append({"number": option.order, "yes": yes, "no": no})
            questions.append({"number": question.order, "options": rows})
    return {"ballots": ballots, "blank": blank, "invalid": invalid, "questions": questions}


def paper_result(poll: Poll) -> dict[str, Any] | None:
    """The agreed paper result: at least two tellers entered, and all entries are identical."""
    entries = list(
        PaperEntry.objects.filter(tenant_id=poll.tenant_id, poll=poll).values_list("data", flat=True)
    )
    if len(entries) < 2 or any(e != entries[0] for e in entries[1:]):
        return None
    return dict(entries[0])


# ---------------------------------------------------------------------------------------------
# Closing, counting, confirming, publishing


@transaction.atomic
def poll_close(*, poll: Poll, actor: Actor, reason: str = "") -> Poll:
    """Open (or scheduled) → closed. Before the closing time it needs a reason (audited); a scheduled
    poll closed so never starts. The clock closes due polls as ``SYSTEM``."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
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
    due = Poll.objects.filter(status__in=[PollStatus.OPEN, PollStatus.SCHEDULED], closes_at__lte=clock.now())
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

    Raises Refused 'forbidden'; VotingError 'not_closed', 'paper_pending', 'participation_mismatch'.
    """
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    _require_manager(poll, actor, _("只有组织本投票的单位的主席、联络员或学校工会可以计票。"))
    if poll.status != PollStatus.CLOSED:
        raise VotingError(code="not_closed", message=_("投票截止后才能计票。"))
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
    Ballot.objects.bulk_update(
        [
            Ballot(key=record["key"], chain_hash=digest)
            for record, digest in zip(records, hashes, strict=True)
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
    ``PollOfficer.confirmed_fingerprint`` derives it from the confirmed hash).

    Locks the poll row. Each scrutineer confirms for themselves: ``member`` must be the actor's own
    roster row. Raises Refused 'not_own', 'not_scrutineer'; VotingError 'not_tallied',
    'fingerprint_mismatch'."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    _require_in_person(actor, member, _("只能由监票人本人复核确认，不能替他人确认。"))
    officer = scrutineer_get(poll, member)
    if officer is None:
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
    officer.confirmed_hash = poll.final_hash
    officer.confirmed_at = clock.now()
    officer.save(update_fields=["confirmed_hash", "confirmed_at"])
    audit_record(
        actor=actor,
        action="voting.poll.confirmed",
        target=poll,
        unit=poll.unit,
        data={"confirmed_fingerprint": seen},
    )


@transaction.atomic
def lot_record(
    *, poll: Poll, question_number: int, winners: Sequence[int], note: str, actor: Actor
) -> LotDraw:
    """Record the lot that settled a tie (tie rule: lot). ``winners`` are option numbers among the tied."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    recorder = _person(actor)
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
    unconfirmed = PollOfficer.objects.filter(
        tenant_id=poll.tenant_id, poll=poll, kind=PollOfficer.Kind.SCRUTINEER, confirmed_at__isnull=True
    ).select_related("member")
    for officer in unconfirmed:
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
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
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
    """A draft run-off poll among the tied candidates of one question (tie rule: run-off)."""
    source = Poll.objects.select_for_update().get(pk=poll.pk)
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
        created_by=_person(actor),
    )
    PollUnit.objects.bulk_create(
        [
            PollUnit(tenant_id=runoff.tenant_id, poll=runoff, unit_id=u)
            for u in source.units.values_list("unit_id", flat=True)
        ]
    )
    PollOfficer.objects.bulk_create(
        [
            PollOfficer(tenant_id=runoff.tenant_id, poll=runoff, member_id=o.member_id, kind=o.kind)
            for o in PollOfficer.objects.filter(tenant_id=source.tenant_id, poll=source)
        ]
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
