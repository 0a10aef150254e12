"""Who may see and handle official notices.

The campaign office (or a platform admin) drafts, issues and revokes notices for its tenant and sees
drafts. Everyone in the tenant reads issued (and revoked) notices. ``access_notice`` raises
``NotFoundError`` for missing and forbidden alike, so a draft's existence never leaks. The system
(the demo loader) may handle notices too. Every write service checks ``can_manage_notices`` itself.
"""

from chuangxian.core.actors import Actor, is_person
from chuangxian.core.errors import NotFoundError
from chuangxian.core.tenancy import actor_rows
from chuangxian.documents.models import Notice, NoticeStatus
from chuangxian.orgs.permissions import can_configure_tenant, tenant_id_for


def can_manage_notices(user: Actor, tenant_id: int | None) -> bool:
    return tenant_id is not None and can_configure_tenant(user, tenant_id)


def can_read_notice(user: Actor, notice: Notice) -> bool:
    if can_manage_notices(user, notice.tenant_id):
        return True
    if notice.status == NoticeStatus.DRAFT:
        return False
    return is_person(user) and tenant_id_for(user) == notice.tenant_id


def access_notice(user: Actor, notice_id: int, *, manage: bool = False, for_update: bool = False) -> Notice:
    qs = actor_rows(Notice.objects.all(), user)
    if for_update:
        qs = qs.select_for_update()
    notice = qs.filter(pk=notice_id).first()
    if notice is None:
        raise NotFoundError()
    allowed = can_manage_notices(user, notice.tenant_id) if manage else can_read_notice(user, notice)
    if not allowed:
        raise NotFoundError()
    return notice
