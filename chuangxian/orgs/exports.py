"""The organisation's list pages as exports: a unit's member list (``orgs.members``) and the
organisation tree (``orgs.units``). Each runs for whom the page shows it to, with the page's filters."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core.actors import Actor
from chuangxian.core.roles import Capability
from chuangxian.exports.registry import Column, Exporter, Kind, SheetSpec, fetch_param
from chuangxian.orgs import selectors
from chuangxian.orgs.models import MemberStatus, Unit, UnitCategory
from chuangxian.orgs.permissions import (
    can_browse_units,
    can_configure_tenant,
    can_manage_unit,
    can_view_unit,
    scope_for,
)

_STATUSES = {value for value, _label in MemberStatus.choices}
_CATEGORIES = {value for value, _label in UnitCategory.choices}


class MembersExporter(Exporter):
    """A unit's member list (its subtree's), as the 会员名单 page shows it: for the unit's members and
    the roles covering it; the phone column only for those who manage the unit (as on the page)."""

    name = "orgs.members"
    label = gettext_lazy("会员名单")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("姓名"), width=12),
        Column(gettext_lazy("工号"), Kind.ID, width=14),
        Column(gettext_lazy("所在组织"), width=24),
        Column(gettext_lazy("岗位"), width=12),
        Column(gettext_lazy("状态"), width=10),
    )
    phone = Column(gettext_lazy("手机"), Kind.ID, width=14)

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        unit = fetch_param(actor, Unit.objects.all(), params.get("unit"))
        status = str(params.get("status", MemberStatus.ACTIVE))
        return {
            "unit": unit,
            "status": status if status in _STATUSES else "",
            "query": str(params.get("q", ""))[:60],
        }

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_unit(actor, objs["unit"])

    def title(self, **objs: Any) -> str:
        return f"{objs['unit'].name}会员名单"

    def _members(self, **objs: Any) -> Any:
        return selectors.member_list_for_unit(
            objs["unit"], status=objs["status"] or None, query=objs["query"]
        )

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._members(**objs).count())

    def sheets(self, actor: Actor, **objs: Any) -> list[SheetSpec]:
        contact = can_manage_unit(actor, objs["unit"])
        columns = (*self.columns[:4], self.phone, self.columns[4]) if contact else self.columns

        def rows() -> Iterator[Sequence[Any]]:
            for m in self._members(**objs).iterator(chunk_size=2000):
                head = (m.name, m.staff_no, m.unit.name, m.get_post_display())
                yield (*head, m.phone, m.get_status_display()) if contact else (*head, m.get_status_display())

        return [SheetSpec(title=str(self.label), columns=columns, rows=rows())]


class UnitsExporter(Exporter):
    """The organisation tree (组织机构) within the actor's view scope, with the page's filters: who may
    browse the tree; deactivated units only for the campaign office."""

    name = "orgs.units"
    label = gettext_lazy("组织机构")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("组织"), width=30),
        Column(gettext_lazy("上级组织"), width=24),
        Column(gettext_lazy("类型"), width=12),
        Column(gettext_lazy("类别"), width=12),
        Column(gettext_lazy("主席"), width=16),
        Column(gettext_lazy("联络员"), width=16),
        Column(gettext_lazy("本级在职会员"), Kind.NUMBER, width=12),
        Column(gettext_lazy("含下级在职会员"), Kind.NUMBER, width=14),
        Column(gettext_lazy("状态"), width=8),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        category = str(params.get("category", ""))
        return {
            "category": category if category in _CATEGORIES else "",
            "inactive": str(params.get("inactive", "")) == "1",
        }

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_browse_units(actor)

    def _rows(self, actor: Actor, **objs: Any) -> list[selectors.UnitRow]:
        tenant_id = int(actor.tenant_id)  # type: ignore[arg-type]  # may_run: someone of a school
        office = can_configure_tenant(actor, tenant_id)
        return selectors.unit_rows_for_scope(
            scope_for(actor, Capability.VIEW),
            tenant_id=tenant_id,
            include_inactive=office and objs["inactive"],
            category=objs["category"] or None,
        )

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        rows = self._rows(actor, **objs)
        names = {row.unit.path: row.unit.name for row in rows}
        for row in rows:
            unit = row.unit
            parent = names.get(unit.path[: -Unit.steplen], "") if unit.depth > 1 else ""
            yield (
                unit.name,
                parent,
                unit.get_kind_display(),
                unit.get_category_display(),
                "、".join(row.chairs),
                "、".join(row.liaisons),
                row.member_count,
                row.subtree_count,
                _("启用") if unit.is_active else _("停用"),
            )
