"""The organisation tree: creating, renaming, moving, deactivating, reactivating and deleting units."""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.models import Tenant
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit
from chuangxian.orgs.services._common import UNIT_FIELDS, OrgError, _require_unique_name, _require_unit_editor


@transaction.atomic
def unit_create(
    *, tenant: Tenant, parent: Unit | None, name: str, kind: str, category: str = "", actor: Actor
) -> Unit:
    """Create a unit under ``parent`` (or the tenant's root when ``parent`` is None).

    Locks the parent row (treebeard does) so two children never get the same path.
    Raises Refused 'not_office' unless ``actor`` may edit the tenant's units (``can_edit_units``);
    OrgError 'duplicate_name', 'root_exists', 'wrong_tenant', 'parent_inactive'.
    """
    _require_unit_editor(actor, tenant.pk, _("只有学校工会可以新建组织。"))
    name = name.strip()
    _require_unique_name(tenant_id=tenant.pk, name=name, kind=kind)
    if parent is None:
        if Unit.objects.get_root_nodes().filter(tenant=tenant).exists():
            raise OrgError(
                code="root_exists", message=_("每个学校只有一个校工会（根组织）。请选择上级组织。")
            )
        unit: Unit = Unit.objects.add_root(
            create_kwargs={"tenant": tenant, "name": name, "kind": kind, "category": category}
        )
    else:
        if parent.tenant_id != tenant.pk:
            raise OrgError(code="wrong_tenant", message=_("上级组织不属于本校。"))
        if not parent.is_active:
            raise OrgError(code="parent_inactive", message=_("上级组织已停用，不能在其下新建组织。"))
        unit = Unit.objects.add_child(
            parent, create_kwargs={"tenant": tenant, "name": name, "kind": kind, "category": category}
        )
    audit_record(
        actor=actor, action="orgs.unit.created", target=unit, changes=diff({}, snapshot(unit, UNIT_FIELDS))
    )
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, name: str, kind: str, category: str, actor: Actor) -> Unit:
    """Rename a unit or change its kind and category.

    Raises Refused 'not_office' (``can_edit_units``), OrgError 'duplicate_name'."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant_id=unit.tenant_id)
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以修改组织信息。"))
    before = snapshot(unit, UNIT_FIELDS)
    name = name.strip()
    _require_unique_name(tenant_id=unit.tenant_id, name=name, kind=kind, exclude_pk=unit.pk)
    unit.name, unit.kind, unit.category = name, kind, category
    unit.save(update_fields=["name", "kind", "category"])
    changes = diff(before, snapshot(unit, UNIT_FIELDS))
    if changes:
        audit_record(actor=actor, action="orgs.unit.updated", target=unit, changes=changes)
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, actor: Actor) -> Unit:
    """Move a unit (with its subtree) under another parent. Members and history move along.

    Raises Refused 'not_office' (``can_edit_units``), OrgError 'move_root', 'move_into_self',
    'wrong_tenant', 'parent_inactive'.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant_id=unit.tenant_id)
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以移动组织。"))
    new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk, tenant_id=new_parent.tenant_id)
    if unit.is_root():
        raise OrgError(code="move_root", message=_("校工会是根组织，不能移动。"))
    if new_parent.tenant_id != unit.tenant_id:
        raise OrgError(code="wrong_tenant", message=_("目标上级组织不属于本校。"))
    if new_parent.path.startswith(unit.path):
        raise OrgError(code="move_into_self", message=_("不能把组织移到它自己或它的下级组织之下。"))
    if not new_parent.is_active:
        raise OrgError(code="parent_inactive", message=_("目标上级组织已停用。"))
    old_parent = Unit.objects.get_parent(unit)
    if old_parent is not None and old_parent.pk == new_parent.pk:
        return unit
    old_path = unit.path
    Unit.objects.move(unit, new_parent, "last-child")
    unit.refresh_from_db()
    audit_record(
        actor=actor,
        action="orgs.unit.moved",
        target=unit,
        changes={"parent": [str(old_parent), str(new_parent)], "path": [old_path, unit.path]},
    )
    return unit


@transaction.atomic
def unit_deactivate(*, unit: Unit, actor: Actor) -> Unit:
    """Deactivate a unit. Its records stay; it disappears from pickers and new work.

    Raises Refused 'not_office' (``can_edit_units``), OrgError 'has_active_members' or
    'has_active_children', 'deactivate_root'.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant_id=unit.tenant_id)
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以停用组织。"))
    if unit.is_root():
        raise OrgError(code="deactivate_root", message=_("校工会是根组织，不能停用。"))
    active_members = Member.objects.filter(
        tenant_id=unit.tenant_id, unit__path__startswith=unit.path, status=MemberStatus.ACTIVE
    ).count()
    if active_members:
        raise OrgError(
            code="has_active_members",
            message=_("该组织（含下级）还有 %(count)s 名在职会员，请先把他们调到其他单位，再停用。")
            % {"count": active_members},
        )
    if (
        Unit.objects.filter(tenant_id=unit.tenant_id, path__startswith=unit.path, is_active=True)
        .exclude(pk=unit.pk)
        .exists()
    ):
        raise OrgError(
            code="has_active_children", message=_("该组织还有启用中的下级组织，请先停用或移走它们。")
        )
    unit.is_active = False
    unit.deactivated_at = clock.now()
    unit.save(update_fields=["is_active", "deactivated_at"])
    audit_record(
        actor=actor, action="orgs.unit.deactivated", target=unit, changes={"is_active": [True, False]}
    )
    return unit


@transaction.atomic
def unit_reactivate(*, unit: Unit, actor: Actor) -> Unit:
    """Bring a deactivated unit back. Raises Refused 'not_office' (``can_edit_units``), OrgError
    'parent_inactive'."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant_id=unit.tenant_id)
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以重新启用组织。"))
    parent = Unit.objects.get_parent(unit)
    if parent is not None and not parent.is_active:
        raise OrgError(code="parent_inactive", message=_("上级组织已停用，请先启用上级组织。"))
    unit.is_active = True
    unit.deactivated_at = None
    unit.save(update_fields=["is_active", "deactivated_at"])
    audit_record(
        actor=actor, action="orgs.unit.reactivated", target=unit, changes={"is_active": [False, True]}
    )
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, actor: Actor) -> None:
    """Hard-delete a unit created by mistake: only with no members, no children and no history.

    Raises Refused 'not_office' (``can_edit_units``), OrgError 'has_history' otherwise
    (deactivate it instead).
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant_id=unit.tenant_id)
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以删除组织。"))
    refusal = OrgError(
        code="has_history", message=_("该组织已有会员、下级组织或业务记录，不能删除，只能停用。")
    )
    if unit.is_root() or Unit.objects.get_children_count(unit) or Member.objects.filter(unit=unit).exists():
        raise refusal
    if RoleAssignment.objects.filter(unit=unit).exists():
        raise refusal
    label = str(unit)
    try:
        with transaction.atomic():
            unit.delete()
    except (ProtectedError, IntegrityError) as error:
        raise refusal from error
    audit_record(actor=actor, action="orgs.unit.deleted", tenant_id=unit.tenant_id, data={"name": label})
