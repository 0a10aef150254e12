"""Who may do what where in the organisation tree.

A role is held at a unit and reaches its subtree; the campaign office holds its role at the tenant's
root unit, so it reaches the whole tenant. A platform admin (superuser) reaches everything.
``access_*`` returns the object or raises ``NotFoundError`` for missing and forbidden alike.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from chuangxian.core.actors import Actor, is_system
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import OFFICER_ROLES, Capability, Role, roles_with
from chuangxian.core.scope import Scope, collapse_prefixes
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Member, RoleAssignment, Unit

_CACHE_ATTR = "_chuangxian_scope_cache"


def member_for(user: Actor) -> Member | None:
    """The roster row behind a login, or None (platform admin, anonymous, the system)."""
    if not user.is_authenticated:
        return None
    cache: dict[str, Any] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if "member" not in cache:
        if user.tenant_id is None:  # the platform admin and the system have no roster row
            cache["member"] = None
            return None
        cache["member"] = (
            Member.objects.select_related("unit").filter(user_id=user.pk, tenant_id=user.tenant_id).first()
        )
    member: Member | None = cache["member"]
    return member


def role_assignments_for(user: Actor) -> list[tuple[str, int, str]]:
    """``(role, unit_id, unit_path)`` for every role the user holds at an active unit; one query."""
    cache: dict[str, Any] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if "roles" not in cache:
        member = member_for(user)
        if member is None:
            cache["roles"] = []
        else:
            cache["roles"] = list(
                RoleAssignment.objects.filter(member=member, tenant_id=member.tenant_id, unit__is_active=True)
                .values_list("role", "unit_id", "unit__path")
                .order_by("unit__path", "role")
            )
    roles: list[tuple[str, int, str]] = cache["roles"]
    return roles


def actors_prime(actors: Iterable[Actor]) -> None:
    """Fill ``member_for``'s and ``role_assignments_for``'s caches of many logins at once, two queries
    per school: a batched service (``core.batch``) asks the same rules about hundreds of people, and
    would otherwise read each one's roster row and roles one query at a time. The rules are unchanged:
    they read what these queries read. Actors already cached, the system and logins of no school are
    left as they are."""
    pending: dict[int, dict[int, Actor]] = defaultdict(dict)
    for actor in actors:
        if actor.is_authenticated and actor.tenant_id is not None and _CACHE_ATTR not in actor.__dict__:
            pending[actor.tenant_id][actor.pk] = actor
    for tenant_id, by_pk in pending.items():
        members = {
            m.user_id: m
            for m in Member.objects.select_related("unit").filter(
                tenant_id=tenant_id, user_id__in=list(by_pk)
            )
        }
        roles: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
        for member_id, role, unit_id, path in (
            RoleAssignment.objects.filter(
                tenant_id=tenant_id, member_id__in=[m.pk for m in members.values()], unit__is_active=True
            )
            .values_list("member_id", "role", "unit_id", "unit__path")
            .order_by("unit__path", "role")
        ):
            roles[member_id].append((role, unit_id, path))
        for user_id, actor in by_pk.items():
            member = members.get(user_id)
            actor.__dict__[_CACHE_ATTR] = {
                "member": member,
                "roles": roles.get(member.pk, []) if member is not None else [],
            }


def officer_unit_ids(user: Actor) -> list[int]:
    """The units ``user`` chairs or liaises for, each once, in tree order (no query of its own)."""
    return list(dict.fromkeys(u for role, u, _path in role_assignments_for(user) if role in OFFICER_ROLES))


def scope_for(user: Actor, capability: str = Capability.VIEW) -> Scope:
    """The subtrees in which ``user`` has ``capability``."""
    if is_system(user):  # the platform's own jobs act wherever a rule sends them
        return Scope(tenant_id=None, everything=True)
    if not user.is_authenticated:
        return Scope.nothing()
    if user.is_superuser and user.tenant_id is None:
        return Scope(tenant_id=None, everything=True)
    if user.is_superuser:
        root = Unit.objects.get_root_nodes().filter(tenant_id=user.tenant_id).values_list("path", flat=True)
        return Scope(tenant_id=user.tenant_id, prefixes=tuple(root))
    allowed = roles_with(capability)
    paths = [path for role, _unit_id, path in role_assignments_for(user) if role in allowed]
    if not paths:
        return Scope.nothing()
    return Scope(tenant_id=user.tenant_id, prefixes=collapse_prefixes(paths))


def roles_of(user: Actor) -> set[str]:
    return {role for role, _unit_id, _path in role_assignments_for(user)}


def has_role(user: Actor, role: Role) -> bool:
    return role in roles_of(user)


def is_office(user: Actor) -> bool:
    """Campaign office (or platform admin, or the system): configures campaigns for the whole tenant."""
    return is_system(user) or user.is_superuser or has_role(user, Role.OFFICE)


def can_manage_unit(user: Actor, unit: Unit) -> bool:
    return scope_for(user, Capability.MANAGE).covers(tenant_id=unit.tenant_id, path=unit.path)


def can_view_unit(user: Actor, unit: Unit) -> bool:
    """Read the unit's non-public records: a role covering it, or being one of its members."""
    if scope_for(user, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path):
        return True
    member = member_for(user)
    return member is not None and member.unit_id == unit.pk


def in_tenant(user: Actor, tenant_id: int) -> bool:
    """A logged-in user of the tenant, or a platform admin without a tenant: who may read the
    tenant's public records (projects, pledge walls)."""
    if not user.is_authenticated:
        return False
    if user.tenant_id is None:
        return bool(user.is_superuser)
    return bool(user.tenant_id == tenant_id)


def is_platform_admin(user: Actor) -> bool:
    """A superuser of no school: runs the platform, has no organisation tree of its own."""
    return bool(user.is_superuser) and user.tenant_id is None


def belongs_to_a_tenant(user: Actor) -> bool:
    """A login of a school (the tenant's pages: projects, study); the platform admin belongs to none."""
    return bool(user.is_authenticated) and user.tenant_id is not None


def can_browse_units(user: Actor) -> bool:
    """The organisation tree and the member search: someone of a school whose role lets them view a
    subtree of it. The platform admin has no school, so no tree to show."""
    return belongs_to_a_tenant(user) and not scope_for(user, Capability.VIEW).is_empty()


def is_tenant_office(user: Actor) -> bool:
    """The campaign office of the user's own school (or a superuser bound to that school)."""
    return (
        user.tenant_id is not None
        and belongs_to_a_tenant(user)
        and can_configure_tenant(user, user.tenant_id)
    )


def can_configure_tenant(user: Actor, tenant_id: int) -> bool:
    if is_system(user):
        return True
    if user.is_superuser and user.tenant_id in (None, tenant_id):
        return True
    return has_role(user, Role.OFFICE) and user.tenant_id == tenant_id


def can_edit_units(actor: Actor, tenant_id: int) -> bool:
    """Create, rename, move, deactivate, reactivate or delete the tenant's units and set their chair
    and liaison: the tenant's campaign office (a platform admin, the system)."""
    return can_configure_tenant(actor, tenant_id)


def can_grant_roles(actor: Actor, tenant_id: int) -> bool:
    """Grant or revoke a role at one of the tenant's units: the tenant's campaign office (a platform
    admin, the system). A chair cannot hand out roles, not even inside their own unit."""
    return can_configure_tenant(actor, tenant_id)


def can_edit_roster(actor: Actor, tenant_id: int) -> bool:
    """Change the tenant's roster (a member's fields, an import applied): the campaign office (a
    platform admin, the system), who also imports it (``roster.permissions.can_import_roster``)."""
    return can_configure_tenant(actor, tenant_id)


def can_create_tenant(actor: Actor) -> bool:
    """Register a school on the installation: the platform admin or the system, never a school's
    own office."""
    return is_system(actor) or is_platform_admin(actor)


def can_manage_member(user: Actor, member: Member) -> bool:
    return scope_for(user, Capability.MANAGE).covers(tenant_id=member.tenant_id, path=member.unit.path)


def can_view_member(user: Actor, member: Member) -> bool:
    if member_for(user) == member:
        return True
    return scope_for(user, Capability.VIEW).covers(tenant_id=member.tenant_id, path=member.unit.path)


def access_unit(user: Actor, unit_id: int, *, manage: bool = False, for_update: bool = False) -> Unit:
    qs = actor_rows(Unit.objects.all(), user)
    if for_update:
        qs = qs.select_for_update()
    unit = qs.filter(pk=unit_id).first()
    if unit is None:
        raise NotFoundError()
    allowed = can_manage_unit(user, unit) if manage else can_view_unit(user, unit)
    if not allowed:
        raise NotFoundError()
    return unit


def access_member(user: Actor, member_id: int, *, manage: bool = False) -> Member:
    member = actor_rows(Member.objects.select_related("unit"), user).filter(pk=member_id).first()
    if member is None:
        raise NotFoundError()
    allowed = can_manage_member(user, member) if manage else can_view_member(user, member)
    if not allowed:
        raise NotFoundError()
    return member


def tenant_id_for(user: Actor) -> int | None:
    return user.tenant_id
