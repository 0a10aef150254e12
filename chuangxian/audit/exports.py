"""The audit log as an export (``audit.log``: Excel, CSV), with the log page's filters (``unit``,
``action``), for the tenant's campaign office: the same who-may-see as the page."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.audit.labels import audit_row
from chuangxian.audit.selectors import audit_entries
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_configure_tenant


class AuditLogExporter(Exporter):
    """The tenant's log, newest first, optionally narrowed to a unit's subtree and a business area."""

    name = "audit.log"
    label = gettext_lazy("审计日志")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("时间"), Kind.DATETIME),
        Column(gettext_lazy("操作人"), width=14),
        Column(gettext_lazy("操作"), width=24),
        Column(gettext_lazy("对象"), width=30),
        Column(gettext_lazy("变更"), width=50, wrap=True),
        Column(gettext_lazy("附加信息"), width=50, wrap=True),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        if actor.tenant_id is None:
            raise Refused(_("找不到要导出的记录，或您没有导出它的权限。"), code="not_found")
        unit = None
        if params.get("unit"):
            unit = fetch_param(actor, Unit.objects.all(), params.get("unit"))
        return {"tenant_id": actor.tenant_id, "unit": unit, "action": str(params.get("action") or "").strip()}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_configure_tenant(actor, objs["tenant_id"])

    def tenant_id(self, actor: Actor, **objs: Any) -> int | None:
        return int(objs["tenant_id"])

    def title(self, **objs: Any) -> str:
        unit = objs.get("unit")
        return f"{unit.name}审计日志" if unit is not None else str(self.label)

    def _entries(self, **objs: Any) -> Any:
        unit = objs.get("unit")
        return audit_entries(
            tenant_id=objs["tenant_id"],
            unit_id=unit.pk if unit is not None else None,
            unit_path=unit.path if unit is not None else None,
            action_prefix=objs.get("action", ""),
        )

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._entries(**objs).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for entry in self._entries(**objs).iterator(chunk_size=2000):
            row = audit_row(entry)
            yield (
                entry.created_at,
                entry.actor_label,
                row.action,
                entry.target_label,
                "\n".join(f"{field}：{before} → {after}" for field, before, after in row.changes),
                "\n".join(f"{key}：{value}" for key, value in row.data),
            )
