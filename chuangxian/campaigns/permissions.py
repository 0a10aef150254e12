"""Who configures campaigns.

A campaign, its themes and phases, its founding file and the reopening of a closed phase window for
a unit are the campaign office's (创先办) of the campaign's school: a login of that school with the
office role (or a superuser bound to it). The system (the clock, the worker, the demo loader) may too,
except where a person must answer for the decision (reopening a window, which names its author).
The platform admin belongs to no school and configures no campaign. The services check these rules
themselves; the pages only fetch.
"""

from chuangxian.core.actors import Actor, is_person, is_system
from chuangxian.orgs.permissions import can_configure_tenant


def can_configure_campaigns(actor: Actor, tenant_id: int) -> bool:
    """The campaign office of school ``tenant_id``, or the system."""
    if is_system(actor):
        return True
    return actor.tenant_id == tenant_id and can_configure_tenant(actor, tenant_id)


def can_reopen_phase(actor: Actor, tenant_id: int) -> bool:
    """Reopening a closed window is a person's decision (the reopening names who made it): the
    campaign office of the school, not the system."""
    return is_person(actor) and can_configure_campaigns(actor, tenant_id)
