"""Paper ballots: double entry of the results by two tellers, each for themselves."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Member
from chuangxian.voting.models import (
    PaperEntry,
    Poll,
    PollMode,
    PollStatus,
    Question,
    QuestionMethod,
)
from chuangxian.voting.permissions import is_teller
from chuangxian.voting.services._common import VotingError, _require_in_person


@transaction.atomic
def paper_entry_submit(*, poll: Poll, teller: Member, data: Mapping[str, Any], actor: Actor) -> bool:
    """Record one teller's entry of the paper results; True when all tellers' entries now agree.

    ``data``: {"ballots": n, "blank": n, "invalid": n, "questions": [{"number", "yes", "no", "abstain"}
    or {"number", "options": [{"number", "yes", "no"}]}]}. Each teller enters for themselves:
    ``teller`` must be the actor's own roster row, holding the teller grant on the poll today.
    Raises Refused 'not_own', 'not_teller'; VotingError 'not_closed', 'online_only', 'bad_paper'.
    """
    poll = Poll.objects.select_for_update().get(pk=poll.pk, tenant_id=poll.tenant_id)
    _require_in_person(actor, teller, _("纸质选票结果只能由计票人本人录入，不能替他人录入。"))
    if not is_teller(actor, poll):  # the teller grant on the poll; ``actor`` is ``teller`` in person
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
