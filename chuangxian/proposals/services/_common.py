"""What the proposal services share: the error type, the locked rows, who is told."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from chuangxian.core.errors import DomainError
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member
from chuangxian.proposals.models import Collection, Proposal


class ProposalError(DomainError):
    pass


def locked_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("session__congress__unit", "lead_unit")
        .get(pk=proposal.pk, tenant_id=proposal.tenant_id)
    )


def collection_of(proposal: Proposal, *, lock: bool = False) -> Collection | None:
    qs = Collection.objects.filter(tenant_id=proposal.tenant_id, session_id=proposal.session_id)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def tell(members: Iterable[Member], proposal: Proposal, title: str, body: str = "", key: str = "") -> None:
    """Notify ``members`` of the proposal; with ``key``, a member who already has it gets no second."""
    notify(
        tenant_id=proposal.tenant_id,
        recipients=list(members),
        kind="proposals",
        title=title,
        body=body or proposal.title,
        url=f"/proposals/{proposal.pk}/",
        key=key,
    )


def require(condition: bool, code: str, message: str, field: str | None = None) -> None:
    if not condition:
        raise ProposalError(code=code, message=message, field=field)


def status_refusal(proposal: Proposal, doing: str) -> ProposalError:
    return ProposalError(
        code="wrong_status",
        message=_("该提案当前为“%(status)s”，不能%(doing)s。")
        % {"status": proposal.get_status_display(), "doing": doing},
    )
