"""Supervision is the office's: the matrix and reminders. A unit's managers see its own progress."""

from typing import Any

from chuangxian.orgs.permissions import can_configure_tenant


def can_supervise(user: Any) -> bool:
    tenant_id = getattr(user, "tenant_id", None)
    return tenant_id is not None and can_configure_tenant(user, tenant_id)
