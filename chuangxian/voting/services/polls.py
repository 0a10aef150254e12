"""Setting a poll up (draft only): the poll, its officers and electorate units, its questions.

The officers named on the form are grants on the poll (``grants``): a scrutineer (监票人) or teller
(计票人) named is granted the power from today, open-ended; one no longer named has it taken back.
Each grant and revocation is audited by ``grants`` as well as listed on the poll's own entry."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.services import grant_create, grant_revoke
from chuangxian.orgs.models import Member, Unit
from chuangxian.voting.models import (
    BallotBoxKind,
    ElectorateKind,
    MajorityBase,
    Option,
    Poll,
    PollMode,
    PollStatus,
    PollUnit,
    Question,
    QuestionMethod,
    TieRule,
)
from chuangxian.voting.permissions import OFFICER_KINDS, can_organise_at
from chuangxian.voting.selectors import officer_staff_numbers
from chuangxian.voting.services._common import (
    VotingError,
    _require_manager,
)


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
    ballot_box: str = BallotBoxKind.SEALED
    key_threshold: int | None = None
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
    if data.ballot_box not in BallotBoxKind.values:
        raise VotingError(code="bad_box", message=_("请选择票箱方式。"), field="ballot_box")
    named = len({m.pk for m in data.scrutineers})
    if data.key_threshold is not None and data.secret and data.ballot_box == BallotBoxKind.SEALED:
        if named < 2:
            raise VotingError(
                code="bad_threshold",
                message=_("至少有两名监票人时才能设定开箱所需人数；少于两名时由服务器实例密钥保管票箱。"),
                field="key_threshold",
            )
        if not 2 <= data.key_threshold <= named:
            raise VotingError(
                code="bad_threshold",
                message=_("开箱所需监票人数应在 2 到监票人数（%(n)d）之间。") % {"n": named},
                field="key_threshold",
            )
    if data.mode != PollMode.ONLINE and len({m.pk for m in data.tellers}) < 2:
        raise VotingError(
            code="tellers_required", message=_("纸质投票需要至少两名计票人，分别录入结果。"), field="tellers"
        )
    for person in (*data.scrutineers, *data.tellers):
        if person.tenant_id != unit.tenant_id:
            raise VotingError(code="wrong_tenant", message=_("监票人和计票人必须是本校会员。"))


def _officers_grant(poll: Poll, wanted: dict[str, Sequence[Member]], actor: Actor) -> None:
    """Make the poll's scrutineer and teller grants exactly ``wanted`` (kind → members): grant
    (from today, open-ended) each member not yet holding theirs, take back every grant of a member no
    longer named. ``actor`` must be allowed to grant on the poll (its organiser, ``apps.py``)."""
    current: dict[tuple[str, int], Grant] = {
        (grant.kind, grant.member_id): grant
        for grant in grants_on(poll)
        .select_for_update()
        .filter(kind__in=OFFICER_KINDS, revoked_at__isnull=True, member__isnull=False)
        .order_by("pk")
        if grant.member_id is not None
    }
    named = {(kind, member.pk): member for kind in OFFICER_KINDS for member in wanted.get(kind, ())}
    for key, grant in current.items():
        if key not in named:
            grant_revoke(grant=grant, actor=actor)
    for (kind, member_pk), member in named.items():
        if (kind, member_pk) not in current:
            grant_create(kind=kind, target=poll, member=member, starts_on=clock.today(), actor=actor)


def _officers_set(poll: Poll, data: PollData, actor: Actor) -> None:
    _officers_grant(poll, {GrantKind.SCRUTINEER: data.scrutineers, GrantKind.TELLER: data.tellers}, actor)
    PollUnit.objects.filter(tenant_id=poll.tenant_id, poll=poll).delete()
    if data.electorate_kind == ElectorateKind.UNITS:
        PollUnit.objects.bulk_create(
            [
                PollUnit(tenant_id=poll.tenant_id, poll=poll, unit=u)
                for u in {u.pk: u for u in data.electorate_units}.values()
            ]
        )


def _people_and_units(poll: Poll) -> dict[str, list[str]]:
    """Scrutineers, tellers (staff numbers, from their grants) and electorate units (names), for the
    audit entry."""
    snapshot = officer_staff_numbers(poll)
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
    "ballot_box",
    "key_threshold",
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
    poll = Poll(tenant_id=unit.tenant_id, unit=unit, campaign=campaign, created_by=login_of(actor))
    for name in POLL_FIELDS:
        setattr(poll, name, getattr(data, name))
    poll.title = data.title.strip()
    poll.save()
    _officers_set(poll, data, actor)
    audit_record(
        actor=actor,
        action="voting.poll.created",
        target=poll,
        unit=unit,
        data={"title": poll.title, **_people_and_units(poll)},
    )
    return poll


def _locked_draft(poll: Poll, actor: Actor) -> Poll:
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
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
    _officers_set(poll, data, actor)
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
    try:
        with transaction.atomic():
            question.delete()
    except ProtectedError as error:
        # Another app's records hang on the question's options (a selection's democratic
        # recommendation lists its candidates by option): the question belongs to that app.
        raise VotingError(
            code="question_in_use",
            message=_("该题目的选项由其他功能使用（如评选的民主推荐候选对象），不能在这里删除。"),
        ) from error
    for i, q in enumerate(
        Question.objects.filter(tenant_id=poll.tenant_id, poll=poll).order_by("order", "id"), 1
    ):
        if q.order != i:
            Question.objects.filter(tenant_id=poll.tenant_id, pk=q.pk).update(order=i)
    audit_record(
        actor=actor,
        action="voting.question.removed",
        target=poll,
        unit=poll.unit,
        data={"text": question.text},
    )
