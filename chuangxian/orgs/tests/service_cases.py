"""The orgs services on the permission table (tests/service_permissions).

The organisation tree, the roles and the roster are the campaign office's: the tenant's office, the
platform admin (who runs every school's installation) and the system (the demo loader, the fixtures)
may write them; a chair or liaison may not, not even inside their own unit (``can_edit_units``,
``can_grant_roles``, ``can_edit_roster``). Registering a school is the platform's alone: the admin or
the system (``can_create_tenant``).
"""

from chuangxian.core.actors import SYSTEM
from chuangxian.core.roles import Role
from chuangxian.orgs.models import UnitKind
from chuangxian.orgs.services import (
    RosterChanges,
    member_update,
    role_grant,
    role_revoke,
    roster_apply,
    tenant_create,
    unit_create,
    unit_deactivate,
    unit_delete,
    unit_move,
    unit_officers_set,
    unit_reactivate,
    unit_set_officer,
    unit_update,
)
from chuangxian.orgs.tests.factories import make_unit
from tests.service_permissions.harness import OFFICE, ServiceCase

TREE_EDITORS = OFFICE | {"admin"}  # the tenant's office, the platform admin, the system


def _empty_group(w):
    """A group with no members under the college: one that may be deactivated or deleted."""
    return make_unit(w.tree.tenant, "空小组", w.tree.college, kind=UnitKind.GROUP)


def _inactive_group(w):
    group = _empty_group(w)
    return unit_deactivate(unit=group, actor=SYSTEM)


def _new_member_changes(w):
    return RosterChanges(
        creates=[{"staff_no": "8000001", "name": "新会员", "unit_id": w.tree.college.pk}],
        updates=[],
        departures=[],
    )


CASES = [
    ServiceCase(
        service=unit_create,
        allowed=TREE_EDITORS,
        arrange=lambda w: None,
        act=lambda w, _ctx, actor: unit_create(
            tenant=w.tree.tenant, parent=w.tree.college, name="新小组", kind=UnitKind.GROUP, actor=actor
        ),
    ),
    ServiceCase(
        service=unit_update,
        allowed=TREE_EDITORS,
        arrange=lambda w: w.tree.group,
        act=lambda w, group, actor: unit_update(
            unit=group, name="中文系小组", kind=UnitKind.GROUP, category="", actor=actor
        ),
    ),
    ServiceCase(
        service=unit_move,
        allowed=TREE_EDITORS,
        arrange=lambda w: w.tree.group,
        act=lambda w, group, actor: unit_move(unit=group, new_parent=w.tree.sibling, actor=actor),
    ),
    ServiceCase(
        service=unit_deactivate,
        allowed=TREE_EDITORS,
        arrange=_empty_group,
        act=lambda w, group, actor: unit_deactivate(unit=group, actor=actor),
    ),
    ServiceCase(
        service=unit_reactivate,
        allowed=TREE_EDITORS,
        arrange=_inactive_group,
        act=lambda w, group, actor: unit_reactivate(unit=group, actor=actor),
    ),
    ServiceCase(
        service=unit_delete,
        allowed=TREE_EDITORS,
        arrange=_empty_group,
        act=lambda w, group, actor: unit_delete(unit=group, actor=actor),
    ),
    ServiceCase(
        service=unit_set_officer,
        allowed=TREE_EDITORS,
        arrange=lambda w: w.personas.member_row,
        act=lambda w, member, actor: unit_set_officer(
            unit=w.tree.college, role=Role.LIAISON, member=member, actor=actor
        ),
    ),
    ServiceCase(
        service=unit_officers_set,
        allowed=TREE_EDITORS,
        arrange=lambda w: w.personas.member_row,
        act=lambda w, member, actor: unit_officers_set(
            unit=w.tree.college, chair=w.personas.chair_row, liaison=member, actor=actor
        ),
    ),
    ServiceCase(
        service=role_grant,
        allowed=TREE_EDITORS,
        arrange=lambda w: w.personas.member_row,
        act=lambda w, member, actor: role_grant(
            member=member, unit=w.tree.college, role=Role.REPRESENTATIVE, actor=actor
        ),
    ),
    ServiceCase(
        service=role_revoke,
        allowed=TREE_EDITORS,
        arrange=lambda w: role_grant(
            member=w.personas.member_row, unit=w.tree.college, role=Role.REPRESENTATIVE, actor=SYSTEM
        ),
        act=lambda w, assignment, actor: role_revoke(assignment=assignment, actor=actor),
    ),
    ServiceCase(
        service=member_update,
        allowed=TREE_EDITORS,
        arrange=lambda w: w.personas.member_row,
        act=lambda w, member, actor: member_update(member=member, phone="13900000000", actor=actor),
    ),
    ServiceCase(
        service=roster_apply,
        allowed=TREE_EDITORS,
        arrange=_new_member_changes,
        act=lambda w, changes, actor: roster_apply(
            tenant=w.tree.tenant, changes=changes, actor=actor, source="test"
        ),
    ),
    ServiceCase(
        service=tenant_create,
        allowed={"admin", "system"},
        arrange=lambda w: None,
        act=lambda w, _ctx, actor: tenant_create(name="新登记的学院", slug="new", actor=actor),
    ),
]
