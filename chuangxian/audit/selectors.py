"""Reads of the audit log: a tenant's entries, narrowed to a unit (with its subtree) or a record."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from chuangxian.audit.models import AuditEntry


def audit_entries(
    *,
    tenant_id: int,
    unit_id: int | None = None,
    unit_path: str | None = None,
    target_type: ContentType | None = None,
    target_id: str | None = None,
    action_prefix: str = "",
) -> QuerySet[AuditEntry]:
    """Newest first. A unit's entries are those about the unit itself or anything under it."""
    entries = AuditEntry.objects.filter(tenant_id=tenant_id).select_related("target_type")
    if unit_id is not None:
        condition = Q(unit_id=unit_id)
        if unit_path:
            condition |= Q(unit_path__startswith=unit_path)
        entries = entries.filter(condition)
    if target_type is not None and target_id is not None:
        entries = entries.filter(target_type=target_type, target_id=target_id)
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    return entries.order_by("-created_at", "-id")
