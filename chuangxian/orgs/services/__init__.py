"""Every write to the organisation tree, the roster and the roles.

The services live in one module per concern; this package re-exports them, so
``services.unit_create`` and ``from chuangxian.orgs.services import unit_create`` work as before. To
patch a name in a test, patch the submodule that uses it.

- ``units``: the organisation tree (create, update, move, deactivate, reactivate, delete);
- ``roles``: a unit's chair and liaison, roles granted and revoked;
- ``members``: a member's fields and a roster import applied (``roster_apply``);
- ``tenants``: registering an institution.
"""

from chuangxian.orgs.services._common import MEMBER_FIELDS, UNIT_FIELDS, OrgError, name_initials
from chuangxian.orgs.services.members import BATCH, RosterChanges, RosterResult, member_update, roster_apply
from chuangxian.orgs.services.roles import role_grant, role_revoke, unit_officers_set, unit_set_officer
from chuangxian.orgs.services.tenants import tenant_create
from chuangxian.orgs.services.units import (
    unit_create,
    unit_deactivate,
    unit_delete,
    unit_move,
    unit_reactivate,
    unit_update,
)

__all__ = [
    "BATCH",
    "MEMBER_FIELDS",
    "UNIT_FIELDS",
    "OrgError",
    "RosterChanges",
    "RosterResult",
    "member_update",
    "name_initials",
    "role_grant",
    "role_revoke",
    "roster_apply",
    "tenant_create",
    "unit_create",
    "unit_deactivate",
    "unit_delete",
    "unit_move",
    "unit_officers_set",
    "unit_reactivate",
    "unit_set_officer",
    "unit_update",
]
