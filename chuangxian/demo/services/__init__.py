"""Load and delete the demo: a fictional normal university shaped like the seed, its union tree, a
roster of about 1,500 members, one login per role, and the seed's campaign running.

Every domain row goes through its app's services: the tenant through ``tenant_create``, units
through ``unit_create``, the roster in one batch through ``roster_apply``, officers through
``unit_set_officer``, roles through ``role_grant``, the personas' logins through
``account_create_for_member`` and ``password_set``, the campaign through ``campaign_create``,
``campaign_attach_founding_file`` and ``campaign_set_status``; so the audit log shows the demo as it
would show a real set-up. The history of phases 1 and 2 is replayed through the services too
(``demo.history``, ``demo.phase2``); members' own acts in phase 2 (pledges, sign-ups, check-ins) are
done with their own logins (``accounts_create_for_members``) through the batched services, which the
demo records (``core.batch``).
One write has no service and is made here with its own audit entry: the platform admin account
(``demo.admin.created``), a superuser of no school.

The loader lives in one module per concern; this package re-exports it, so ``services.demo_load``
and ``from chuangxian.demo.services import demo_load`` work as before. To patch a name in a test,
patch the submodule that uses it.

- ``load``: the tenant, tree, roster, personas and campaign (``demo_load``);
- ``replay``: the history of phases 1 and 2, replayed through the services;
- ``delete``: deleting the demo tenant (``demo_delete``, ``deletion_order``).
"""

from chuangxian.demo.services._common import (
    ADMIN_DISPLAY_NAME,
    ADMIN_USERNAME,
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SHORT_NAME,
    DEMO_SLUG,
    PERSONA_ORDER,
    ROSTER_SOURCE,
    DemoError,
    DemoResult,
    demo_tenant,
)
from chuangxian.demo.services.delete import BLOCKING, deletion_order, demo_delete
from chuangxian.demo.services.load import demo_load

__all__ = [
    "ADMIN_DISPLAY_NAME",
    "ADMIN_USERNAME",
    "BLOCKING",
    "DEMO_NAME",
    "DEMO_PASSWORD",
    "DEMO_SHORT_NAME",
    "DEMO_SLUG",
    "PERSONA_ORDER",
    "ROSTER_SOURCE",
    "DemoError",
    "DemoResult",
    "deletion_order",
    "demo_delete",
    "demo_load",
    "demo_tenant",
]
