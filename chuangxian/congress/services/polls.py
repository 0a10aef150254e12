"""Elections and resolutions in session on the voting engine.

``session_poll_create`` makes a draft poll of the voting engine from the session: organised by the
congress's unit, electorate REPRESENTATIVES (the congress's voters when it opens), secret and sealed
by default, the congress's quorum and majority (``MajorityBase.ELECTORATE_HALF``: more than half of
all representatives; or ``ELECTORATE_TWO_THIRDS``). The office then adds or edits questions and
opens it on the voting engine's own pages. Two hooks keep the engine honest about congresses:

- ``session_electorate`` (``voting.selectors.electorate.register_representatives_source``): the
  electorate a session's poll (or a REPRESENTATIVES poll organised by a unit whose congress is in
  term) freezes is ``selectors.congress_voters``, not the role;
- ``session_quorum_check`` (``voting.services.opening.register_open_check``): opening a session's
  poll is refused ('no_quorum', with the numbers) unless the checked-in voters meet the quorum at
  that moment. The session row is locked so the count is the one that decided.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.congress.models import Session, SessionPoll
from chuangxian.congress.selectors import (
    congress_current_at,
    congress_voters,
    session_for_poll,
    session_quorum,
)
from chuangxian.congress.services._common import CongressError, locked_session
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Member
from chuangxian.voting.models import ElectorateKind, MajorityBase, Poll, PollPurpose, QuestionMethod
from chuangxian.voting.services import PollData, QuestionData, poll_create, question_add


def majority_base(num: int, den: int) -> str:
    return MajorityBase.ELECTORATE_HALF if num * 2 == den else MajorityBase.ELECTORATE_TWO_THIRDS


@transaction.atomic
def session_poll_create(
    *,
    session: Session,
    title: str,
    purpose: str,
    closes_at: datetime,
    actor: Actor,
    question: str = "",
    candidates: tuple[str, ...] = (),
    seats: int = 1,
    secret: bool = True,
) -> Poll:
    """A draft poll of the session (an election with ``candidates`` and ``seats``, or a resolution:
    赞成 / 反对 / 弃权 on ``question``), opening at the session's start. Locks the session. Raises
    Refused 'not_manager' (and the engine's 'forbidden'); CongressError 'bad_purpose'; the engine's
    VotingError for the poll and the question."""
    session = locked_session(session, actor)
    congress = session.congress
    if purpose not in (PollPurpose.ELECTION, PollPurpose.RESOLUTION):
        raise CongressError(code="bad_purpose", message=_("请选择选举或表决。"), field="purpose")
    poll = poll_create(
        unit=congress.unit,
        data=PollData(
            title=title,
            purpose=purpose,
            opens_at=session.starts_at,
            closes_at=closes_at,
            electorate_kind=ElectorateKind.REPRESENTATIVES,
            secret=secret,
            quorum_num=congress.quorum_num,
            quorum_den=congress.quorum_den,
            majority_base=majority_base(congress.majority_num, congress.majority_den),
            description=_("%(session)s的%(purpose)s。")
            % {"session": session, "purpose": PollPurpose(purpose).label},
        ),
        actor=actor,
    )
    if question.strip():
        is_election = purpose == PollPurpose.ELECTION
        question_add(
            poll=poll,
            data=QuestionData(
                text=question,
                method=QuestionMethod.APPROVAL if is_election else QuestionMethod.YES_NO,
                options=candidates if is_election else (),
                seats=seats,
                max_choices=seats,
            ),
            actor=actor,
        )
    SessionPoll.objects.create(tenant_id=session.tenant_id, session=session, poll=poll)
    audit_record(
        actor=actor,
        action="congress.poll.created",
        target=session,
        unit=congress.unit,
        data={"poll": poll.title, "purpose": purpose},
    )
    return poll


def session_electorate(poll: Poll) -> QuerySet[Member] | None:
    """The voters of the congress a session's poll belongs to; for a poll of no session, those of the
    organising unit's congress in term today; None when the unit has none (the engine then keeps the
    representatives' role under the unit)."""
    session = session_for_poll(poll)
    if session is not None:
        return congress_voters(session.congress)
    congress = congress_current_at(poll.unit_id, poll.tenant_id)
    return None if congress is None else congress_voters(congress)


def session_quorum_check(poll: Poll) -> None:
    """Refuse to open a session's poll without quorum (CongressError 'no_quorum'). Called by the
    engine's ``poll_open`` with the draft locked; locks the session so no check-in slips between
    the count and the opening."""
    session = session_for_poll(poll)
    if session is None:
        return
    Session.objects.select_for_update().filter(pk=session.pk, tenant_id=session.tenant_id).first()
    quorum = session_quorum(session)
    if not quorum.quorate:
        raise CongressError(
            code="no_quorum",
            message=_(
                "未达到法定人数，不能开始投票：本届代表 %(total)d 人，需至少 %(needed)d 人（%(rule)s）"
                "签到，现已签到 %(present)d 人。"
            )
            % {
                "total": quorum.total,
                "needed": quorum.needed,
                "rule": quorum.rule,
                "present": quorum.present,
            },
        )
