"""Logins for many roster members at once (the demo gives a login to every member who acts).

Kept apart from ``services`` so that the batch stays one small, separately tested function; the
rules are those of ``account_create_for_member``.
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from chuangxian.accounts.models import User
from chuangxian.accounts.permissions import can_manage_logins
from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.core.models import Tenant
from chuangxian.orgs.models import Member


@transaction.atomic
def accounts_create_for_members(*, members: Sequence[Member], actor: Actor) -> dict[int, User]:
    """Give each of ``members`` who has no login one, in one batch; returns member pk → login for
    every member given (existing logins as they are).

    A created login has an unusable password and a forced change, exactly as
    ``account_create_for_member(password=None)`` leaves it: the member's first login is the usual
    initial-password login, which arms it. No password is hashed, so a few thousand cost a few
    queries. Checks ``can_manage_logins`` for every member's school before writing anything, then
    locks the members' rows and creates logins only for those still without one. One audit entry per
    school, 'accounts.users.created', with the count and the staff numbers.
    Raises Refused 'forbidden' (the same refusal as ``account_create_for_member``).
    """
    for tenant_id in sorted({m.tenant_id for m in members}):
        if not can_manage_logins(actor, tenant_id):
            raise Refused(_("只有学校工会可以为会员开通登录账号。"), code="forbidden")
    locked = list(
        Member.objects.all_tenants()  # the members may be of several schools, each one checked above
        .select_for_update(of=("self",))
        .select_related("user")
        .filter(tenant_id__in={m.tenant_id for m in members}, pk__in=[m.pk for m in members])
        .order_by("tenant_id", "staff_no")
    )
    tenants = {t.pk: t for t in Tenant.objects.filter(pk__in={m.tenant_id for m in locked})}
    logins: dict[int, User] = {m.pk: m.user for m in locked if m.user is not None}
    missing = [m for m in locked if m.user is None]
    fresh = [
        User(
            tenant_id=m.tenant_id,
            staff_no=m.staff_no,
            username=User.username_for(tenants[m.tenant_id], m.staff_no),
            display_name=m.name,
            must_change_password=True,
        )
        for m in missing
    ]
    for user in fresh:
        user.set_unusable_password()
    created = User.objects.bulk_create(fresh, batch_size=500)
    for member, user in zip(missing, created, strict=True):
        member.user = user
        logins[member.pk] = user
    for tenant_id in sorted({m.tenant_id for m in missing}):
        # One UPDATE per school: each member gets the login of their staff number, just created.
        Member.objects.filter(
            tenant_id=tenant_id, pk__in=[m.pk for m in missing if m.tenant_id == tenant_id]
        ).update(
            user_id=Subquery(
                User.objects.filter(tenant_id=OuterRef("tenant_id"), staff_no=OuterRef("staff_no")).values(
                    "pk"
                )[:1]
            )
        )
    for tenant_id in sorted({m.tenant_id for m in missing}):
        staff_nos = [m.staff_no for m in missing if m.tenant_id == tenant_id]
        audit_record(
            actor=actor,
            action="accounts.users.created",
            tenant_id=tenant_id,
            data={"count": len(staff_nos), "staff_nos": staff_nos},
        )
    return logins
