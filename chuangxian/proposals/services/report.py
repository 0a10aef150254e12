"""The proposals handling report (提案办理情况报告) for the next session: an official notice drafted in
the documents engine (.docx and .pdf after GB/T 9704 once issued), with the session's statistics and
every accepted proposal's number, title, lead office, answer category and the proposer's rating."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.congress.models import Session
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.documents.models import Notice
from chuangxian.documents.services import NoticeFields, notice_create
from chuangxian.proposals.models import Answer, Proposal, Rating
from chuangxian.proposals.permissions import can_decide
from chuangxian.proposals.selectors import ACCEPTED, session_stats
from chuangxian.proposals.services._common import ProposalError


def report_body(session: Session) -> str:
    stats = session_stats(session)
    proposals = list(
        Proposal.objects.filter(tenant_id=session.tenant_id, session=session, status__in=ACCEPTED)
        .select_related("lead_unit", "proposer")
        .order_by("number", "pk")
    )
    latest: dict[int, Answer] = {}
    for answer in Answer.objects.filter(tenant_id=session.tenant_id, proposal__in=proposals).order_by(
        "round"
    ):
        latest[answer.proposal_id] = answer
    proposer_of = {p.pk: p.proposer_id for p in proposals}
    rating = {
        r.answer.proposal_id: r.get_value_display()
        for r in Rating.objects.filter(
            tenant_id=session.tenant_id, answer__in=list(latest.values())
        ).select_related("answer")
        if r.member_id == proposer_of.get(r.answer.proposal_id)
    }
    lines = [
        _(
            "%(session)s共收到提案 %(received)d 件，经提案工作委员会审查，立案 %(accepted)d 件，并案 %(merged)d 件，"
            "转为意见建议 %(converted)d 件，不予立案 %(rejected)d 件。"
        )
        % {
            "session": session,
            "received": stats.received,
            "accepted": stats.accepted,
            "merged": stats.merged,
            "converted": stats.converted,
            "rejected": stats.rejected,
        },
        _("立案提案按期答复率 %(on_time)s，提案人和附议人对答复的满意率（含基本满意）%(satisfaction)s。")
        % {"on_time": stats.on_time_rate, "satisfaction": stats.satisfaction_rate},
        "",
        _("立案提案办理情况如下："),
    ]
    for p in proposals:
        final = latest.get(p.pk)
        lines.append(
            _("第 %(n)s 号 %(title)s（提案人：%(proposer)s；主办单位：%(lead)s）：%(answer)s%(rating)s")
            % {
                "n": p.number,
                "title": p.title,
                "proposer": p.proposer.name,
                "lead": p.lead_unit.name if p.lead_unit else _("尚未交办"),
                "answer": final.get_category_display() if final else _("尚未答复"),
                "rating": _("，提案人评价：%(r)s") % {"r": rating[p.pk]} if p.pk in rating else "",
            }
        )
    return "\n".join(lines)


@transaction.atomic
def proposals_report_draft(*, session: Session, prefix: str, issuing_office: str, actor: Actor) -> Notice:
    """The committee drafts the handling report of ``session`` as an official notice (numbered when
    the office issues it). Raises Refused 'not_committee' (and 'not_office' from the documents engine
    for anyone but the school's office); ProposalError 'nothing_accepted'; what ``notice_create``
    raises."""
    if not can_decide(actor, session):
        raise Refused(_("只有教代会提案工作委员会可以生成提案办理情况报告。"), code="not_committee")
    if not Proposal.objects.filter(
        tenant_id=session.tenant_id, session=session, status__in=ACCEPTED
    ).exists():
        raise ProposalError(code="nothing_accepted", message=_("本次会议还没有立案的提案。"))
    fields = NoticeFields(
        prefix=prefix,
        year=timezone.localdate(session.starts_at).year,
        title=_("关于%(session)s提案办理情况的报告") % {"session": session},
        body=report_body(session),
        issuing_office=issuing_office,
        addressees=_("各位代表"),
    )
    notice = notice_create(tenant=session.congress.unit.tenant, fields=fields, actor=actor)
    audit_record(
        actor=actor, action="proposals.session.reported", target=session, data={"notice": notice.title}
    )
    return notice
