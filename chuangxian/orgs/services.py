"""Every write to the organisation tree, the roster and the roles."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.models import Tenant
from chuangxian.core.roles import OFFICER_ROLES, Role
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit, UnitKind
from chuangxian.orgs.permissions import can_create_tenant, can_edit_roster, can_edit_units, can_grant_roles

UNIT_FIELDS = ("name", "kind", "category", "is_active")
# Fields a roster import may write, in template order.
MEMBER_FIELDS = (
    "staff_no",
    "name",
    "unit_id",
    "gender",
    "birth_date",
    "birth_year",
    "post",
    "political",
    "phone",
    "id_number",
    "joined_on",
    "status",
    "left_on",
)


class OrgError(DomainError):
    pass


def _require_unit_editor(actor: Actor, tenant_id: int, message: str) -> None:
    if not can_edit_units(actor, tenant_id):
        raise Refused(message, code="not_office")


def name_initials(name: str) -> str:
    """Pinyin initials, so that "zw" finds 张伟."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()[:60]


def _require_unique_name(*, tenant_id: int, name: str, kind: str, exclude_pk: int | None = None) -> None:
    if kind == UnitKind.GROUP:
        return
    clash = Unit.objects.filter(tenant_id=tenant_id, name=name).exclude(kind=UnitKind.GROUP)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise OrgError(
            code="duplicate_name",
            message=_("已有名为「%(name)s」的组织，请换一个名称。") % {"name": name},
            field="name",
        )


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
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
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
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以移动组织。"))
    new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk)
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
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
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
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
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
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
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


@transaction.atomic
def unit_set_officer(*, unit: Unit, role: str, member: Member | None, actor: Actor) -> None:
    """Make ``member`` the unit's chair or liaison (replacing the previous one), or clear it.

    The officer must belong to the unit or its subtree. Raises Refused 'not_office'
    (``can_edit_units``), OrgError 'not_in_unit', 'bad_role'.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以设置主席和联络员。"))
    if role not in OFFICER_ROLES:
        raise OrgError(code="bad_role", message=_("只能设置主席或联络员。"))
    if member is not None:
        member = Member.objects.select_related("unit").get(pk=member.pk)
        if member.tenant_id != unit.tenant_id or not member.unit.path.startswith(unit.path):
            raise OrgError(
                code="not_in_unit",
                message=_("%(name)s 不是本组织的会员。") % {"name": member.name},
                field="member",
            )
        if member.status != MemberStatus.ACTIVE:
            raise OrgError(
                code="member_inactive",
                message=_("%(name)s 已不在职。") % {"name": member.name},
                field="member",
            )
    previous = list(RoleAssignment.objects.filter(unit=unit, role=role).select_related("member"))
    before = ", ".join(sorted(a.member.name for a in previous))
    RoleAssignment.objects.filter(unit=unit, role=role).delete()
    if member is not None:
        RoleAssignment.objects.create(tenant_id=unit.tenant_id, unit=unit, member=member, role=role)
    after = member.name if member is not None else ""
    if before != after:
        audit_record(
            actor=actor, action=f"orgs.unit.{role}_set", target=unit, changes={role: [before, after]}
        )


@transaction.atomic
def unit_officers_set(*, unit: Unit, chair: Member | None, liaison: Member | None, actor: Actor) -> None:
    """Set the unit's chair and liaison together: both or neither (raises what unit_set_officer raises)."""
    _require_unit_editor(actor, unit.tenant_id, _("只有学校工会可以设置主席和联络员。"))
    unit_set_officer(unit=unit, role=Role.CHAIR, member=chair, actor=actor)
    unit_set_officer(unit=unit, role=Role.LIAISON, member=liaison, actor=actor)


@transaction.atomic
def role_grant(*, member: Member, unit: Unit, role: str, actor: Actor) -> RoleAssignment:
    """Give ``member`` a role at ``unit`` (reaching its subtree). Idempotent.

    Raises Refused 'not_office' unless ``actor`` may grant roles in the unit's tenant
    (``can_grant_roles``), OrgError 'wrong_tenant'."""
    if not can_grant_roles(actor, unit.tenant_id):
        raise Refused(_("只有学校工会可以授予角色。"), code="not_office")
    if member.tenant_id != unit.tenant_id:
        raise OrgError(code="wrong_tenant", message=_("会员与组织不属于同一学校。"))
    assignment, created = RoleAssignment.objects.get_or_create(
        tenant_id=unit.tenant_id, member=member, unit=unit, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action="orgs.role.granted",
            target=assignment,
            unit=unit,
            data={"member": member.staff_no, "role": role},
        )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: Actor) -> None:
    """Take a role away. Raises Refused 'not_office' (``can_grant_roles``)."""
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("unit", "member")
        .get(pk=assignment.pk)
    )
    if not can_grant_roles(actor, assignment.tenant_id):
        raise Refused(_("只有学校工会可以收回角色。"), code="not_office")
    unit = assignment.unit
    audit_record(
        actor=actor,
        action="orgs.role.revoked",
        target=assignment,
        unit=unit,
        data={"member": assignment.member.staff_no, "role": assignment.role},
    )
    assignment.delete()


@transaction.atomic
def member_update(*, member: Member, actor: Actor, **fields: Any) -> Member:
    """Change a member's roster fields (moving them to another unit included).

    Raises Refused 'not_office' unless ``actor`` may change the tenant's roster (``can_edit_roster``)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not can_edit_roster(actor, member.tenant_id):
        raise Refused(_("只有学校工会可以修改会员的名册信息。"), code="not_office")
    before = snapshot(member, MEMBER_FIELDS)
    for key, value in fields.items():
        if key not in MEMBER_FIELDS:
            raise ValueError(f"not a roster field: {key}")
        setattr(member, key, value)
    if "name" in fields:
        member.name_initials = name_initials(member.name)
    if member.birth_date is not None:
        member.birth_year = member.birth_date.year
    member.save()
    changes = diff(before, snapshot(member, MEMBER_FIELDS))
    if changes:
        audit_record(
            actor=actor, action="orgs.member.updated", target=member, unit=member.unit, changes=changes
        )
    return member


@dataclass(frozen=True)
class RosterChanges:
    """What a roster import will write; built by the import's planner, applied here in one go."""

    creates: list[Mapping[str, Any]]
    updates: list[tuple[int, Mapping[str, Any]]]  # (member id, changed fields)
    departures: list[int]  # member ids missing from a full import
    departure_status: str = MemberStatus.LEFT


@dataclass(frozen=True)
class RosterResult:
    created: int
    updated: int
    departed: int


BATCH = 1000


def _chunks(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def roster_apply(
    *, tenant: Tenant, changes: RosterChanges, actor: Actor, source: str, on: date | None = None
) -> RosterResult:
    """Write a roster import: create, update and mark departures, all or nothing.

    The caller has validated every row. One batch audit entry records the counts and the source.
    Departed members are never deleted: their status becomes 离职 or 退休.
    Raises Refused 'not_office' unless ``actor`` may change the tenant's roster (``can_edit_roster``).
    """
    if not can_edit_roster(actor, tenant.pk):
        raise Refused(_("只有学校工会可以导入名册。"), code="not_office")
    today = on or clock.today()
    new_members = []
    for fields in changes.creates:
        member = Member(tenant=tenant, **fields)
        member.name_initials = name_initials(member.name)
        if member.birth_date is not None and not member.birth_year:
            member.birth_year = member.birth_date.year
        new_members.append(member)
    for batch in _chunks(new_members):
        Member.objects.bulk_create(batch, batch_size=BATCH)

    if changes.updates:
        by_id = {}
        for batch_ids in _chunks([member_id for member_id, _fields in changes.updates]):
            by_id.update(Member.objects.select_for_update().in_bulk(batch_ids))
        touched: set[str] = {"updated_at"}
        to_save = []
        for member_id, fields in changes.updates:
            member = by_id[member_id]
            for key, value in fields.items():
                setattr(member, key, value)
                touched.add(key)
            if "name" in fields:
                member.name_initials = name_initials(member.name)
                touched.add("name_initials")
            if fields.get("birth_date") is not None and "birth_year" not in fields:
                member.birth_year = fields["birth_date"].year
                touched.add("birth_year")
            member.updated_at = timezone.now()
            to_save.append(member)
        for batch in _chunks(to_save):
            Member.objects.bulk_update(batch, sorted(touched), batch_size=BATCH)

    departed = 0
    for batch_ids in _chunks(changes.departures):
        departed += Member.objects.filter(tenant=tenant, pk__in=batch_ids, status=MemberStatus.ACTIVE).update(
            status=changes.departure_status, left_on=today, updated_at=timezone.now()
        )
    result = RosterResult(created=len(new_members), updated=len(changes.updates), departed=departed)
    audit_record(
        actor=actor,
        action="orgs.roster.imported",
        tenant_id=tenant.pk,
        data={
            "source": source,
            "created": result.created,
            "updated": result.updated,
            "departed": result.departed,
            "departure_status": changes.departure_status,
        },
    )
    return result


@transaction.atomic
def tenant_create(*, name: str, slug: str, short_name: str = "", actor: Actor) -> Tenant:
    """Register an institution on the installation.

    Raises Refused 'not_platform_admin' unless ``actor`` is the platform admin or the system
    (``can_create_tenant``), OrgError 'tenant_exists'."""
    if not can_create_tenant(actor):
        raise Refused(_("只有平台管理员可以登记新的学校。"), code="not_platform_admin")
    if Tenant.objects.filter(name=name).exists() or Tenant.objects.filter(slug=slug).exists():
        raise OrgError(
            code="tenant_exists",
            message=_("已有同名或同代号的学校：%(name)s（%(slug)s）。") % {"name": name, "slug": slug},
        )
    tenant = Tenant.objects.create(name=name, slug=slug, short_name=short_name)
    audit_record(
        actor=actor, action="orgs.tenant.created", target=tenant, tenant_id=tenant.pk, data={"slug": slug}
    )
    return tenant
