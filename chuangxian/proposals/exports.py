"""A session's proposals as an export (``proposals.session``: Excel, CSV) — the handling report's
table for the next session: number, title, proposer, co-signers, category, status, lead office,
deadline, the latest answer's category and text, the proposer's rating. Everyone of the school may
read submitted proposals, so whoever may see the congress may export (drafts are never listed)."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.congress.models import Session
from chuangxian.congress.permissions import can_view_congress
from chuangxian.core.actors import Actor
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.proposals.models import Answer, CoSigner, CoSignerStatus, Proposal, Rating, Status


class ProposalsExporter(Exporter):
    name = "proposals.session"
    label = gettext_lazy("提案办理情况")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("提案号"), Kind.NUMBER, width=8),
        Column(gettext_lazy("案由"), width=36),
        Column(gettext_lazy("提案人"), width=12),
        Column(gettext_lazy("附议人"), width=24),
        Column(gettext_lazy("类别"), width=10),
        Column(gettext_lazy("状态"), width=14),
        Column(gettext_lazy("主办单位"), width=16),
        Column(gettext_lazy("答复期限"), Kind.DATE),
        Column(gettext_lazy("答复类别"), width=24),
        Column(gettext_lazy("办理情况"), width=48),
        Column(gettext_lazy("提案人评价"), width=10),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        session = fetch_param(actor, Session.objects.select_related("congress__unit"), params.get("session"))
        return {"session": session}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_congress(actor, objs["session"].congress)

    def title(self, **objs: Any) -> str:
        return _("%(session)s · 提案办理情况") % {"session": objs["session"]}

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        session = objs["session"]
        proposals = list(
            Proposal.objects.filter(tenant_id=session.tenant_id, session=session)
            .exclude(status=Status.DRAFT)
            .select_related("proposer", "lead_unit")
            .order_by("number", "submitted_at", "pk")
        )
        ids = [p.pk for p in proposals]
        cosigners: dict[int, list[str]] = {}
        for row in CoSigner.objects.filter(
            tenant_id=session.tenant_id, proposal_id__in=ids, status=CoSignerStatus.CONFIRMED
        ).select_related("member"):
            cosigners.setdefault(row.proposal_id, []).append(row.member.name)
        latest: dict[int, Answer] = {}
        for answer in Answer.objects.filter(tenant_id=session.tenant_id, proposal_id__in=ids).order_by(
            "round"
        ):
            latest[answer.proposal_id] = answer
        proposer_of = {p.pk: p.proposer_id for p in proposals}
        rating: dict[int, str] = {}
        for r in Rating.objects.filter(
            tenant_id=session.tenant_id, answer__in=list(latest.values())
        ).select_related("answer"):
            if r.member_id == proposer_of.get(r.answer.proposal_id):
                rating[r.answer.proposal_id] = r.get_value_display()
        for p in proposals:
            final = latest.get(p.pk)
            yield (
                p.number,
                p.title,
                p.proposer.name,
                "、".join(cosigners.get(p.pk, [])),
                p.get_category_display(),
                p.get_status_display(),
                p.lead_unit.name if p.lead_unit else "",
                p.deadline,
                final.get_category_display() if final else "",
                final.text if final else "",
                rating.get(p.pk, ""),
            )
