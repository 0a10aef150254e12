"""Give and take back a grant on a single record. Both are audited; both are decided here."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.models import TenantModel
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.registry import grantable
from chuangxian.orgs.models import Member, Unit


class GrantError(DomainError):
    pass


@transaction.atomic
def grant_create(
    *,
    kind: str,
    target: TenantModel,
    member: Member | None = None,
    unit: Unit | None = None,
    starts_on: date,
    ends_on: date | None = None,
    actor: Actor,
) -> Grant:
    """Make ``member`` (or ``unit``) ``kind`` of ``target`` from ``starts_on`` to ``ends_on`` (open-ended
    when None). Refused unless the app that registered ``kind`` on the target's model lets ``actor``
    give it. Raises Refused 'not_granter'; GrantError 'not_grantable', 'wrong_holder',
    'wrong_tenant', 'bad_term', 'duplicate'."""
    spec = grantable(kind, target)
    if spec is None or kind not in GrantKind.values:
        raise GrantError(code="not_grantable", message=_("该对象不能授予这项权限。"))
    if not spec.can_grant(actor, target):
        raise Refused(_("只有负责该事项的部门可以授予或收回这项权限。"), code="not_granter")
    tenant_id = target.tenant_id
    holder: Member | Unit | None = member if spec.holder == "member" else unit
    if holder is None or (member is not None and unit is not None):
        message = _("这项权限应授予一名会员。") if spec.holder == "member" else _("这项权限应授予一个单位。")
        raise GrantError(code="wrong_holder", message=message)
    if holder.tenant_id != tenant_id:
        raise GrantError(code="wrong_tenant", message=_("被授权人不属于本校。"))
    if ends_on is not None and ends_on < starts_on:
        raise GrantError(code="bad_term", message=_("结束日期不能早于开始日期。"), field="ends_on")
    # Lock the holder so that two grants of the same power cannot both pass the check below.
    type(holder).objects.select_for_update().get(pk=holder.pk, tenant_id=holder.tenant_id)
    existing = grants_on(target).filter(kind=kind, revoked_at__isnull=True)
    existing = existing.filter(member=holder) if isinstance(holder, Member) else existing.filter(unit=holder)
    if existing.exists():
        raise GrantError(code="duplicate", message=_("已经授予过这项权限，请先收回原授权再重新授予。"))
    grant = Grant(
        tenant_id=tenant_id,
        kind=kind,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        member=holder if isinstance(holder, Member) else None,
        unit=holder if isinstance(holder, Unit) else None,
        target_label=str(target)[:200],
        starts_on=starts_on,
        ends_on=ends_on,
        granted_by=login_of(actor),
        granted_at=clock.now(),
    )
    try:
        with transaction.atomic():
            grant.save()
    except IntegrityError as error:  # only without the holder lock
        raise GrantError(code="duplicate", message=_("已经授予过这项权限。")) from error
    audit_record(
        actor=actor,
        action="grants.grant.created",
        target=grant,
        unit=holder if isinstance(holder, Unit) else holder.unit,
        data={
            "权限": grant.get_kind_display(),
            "对象": grant.target_label,
            "被授权人": str(holder),
            "开始日期": starts_on,
            "结束日期": ends_on,
        },
    )
    return grant


@transaction.atomic
def grant_revoke(*, grant: Grant, actor: Actor) -> Grant:
    """Take a grant back from today on. Refused unless ``actor`` may give it. Raises Refused
    'not_granter'; GrantError 'already_revoked'."""
    # Lock the grant row only: PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins.
    grant = (
        Grant.objects.select_for_update(of=("self",))
        .select_related("member__unit", "unit")
        .get(pk=grant.pk, tenant_id=grant.tenant_id)
    )
    target = grant.target_type.get_object_for_this_type(pk=grant.target_id)
    spec = grantable(grant.kind, target) if isinstance(target, TenantModel) else None
    if spec is None or not isinstance(target, TenantModel) or not spec.can_grant(actor, target):
        raise Refused(_("只有负责该事项的部门可以授予或收回这项权限。"), code="not_granter")
    if grant.revoked_at is not None:
        raise GrantError(code="already_revoked", message=_("这项授权已经收回。"))
    grant.revoked_at = clock.now()
    grant.revoked_by = login_of(actor)
    grant.save(update_fields=["revoked_at", "revoked_by"])
    holder = grant.member if grant.member is not None else grant.unit
    audit_record(
        actor=actor,
        action="grants.grant.revoked",
        target=grant,
        unit=grant.unit if grant.unit is not None else grant.member.unit if grant.member else None,
        data={"权限": grant.get_kind_display(), "对象": grant.target_label, "被授权人": str(holder)},
    )
    return grant
