"""A selection's nominations per unit as an export (``selections.nominations``: Excel, CSV): one sheet
of the entries the actor may view (the office and the leadership all, a unit's officers their unit's),
one of every nominating unit's quota and count, as the selection page shows them."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core.actors import Actor
from chuangxian.core.roles import Capability
from chuangxian.exports.registry import Column, Exporter, Kind, SheetSpec, fetch_param
from chuangxian.orgs.permissions import scope_for
from chuangxian.selections.models import Selection
from chuangxian.selections.permissions import can_view_selection
from chuangxian.selections.selectors import entries_visible_qs, quota_rows

QUOTA_COLUMNS = (
    Column(gettext_lazy("单位"), width=24),
    Column(gettext_lazy("在职会员"), Kind.NUMBER, width=10),
    Column(gettext_lazy("名额"), Kind.NUMBER, width=8),
    Column(gettext_lazy("名额计算"), width=44, wrap=True),
    Column(gettext_lazy("已推荐"), Kind.NUMBER, width=8),
)


class NominationsExporter(Exporter):
    name = "selections.nominations"
    label = gettext_lazy("推荐对象")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("推荐单位"), width=24),
        Column(gettext_lazy("推荐对象"), width=30),
        Column(gettext_lazy("主要事迹 / 推荐理由"), width=50, wrap=True),
        Column(gettext_lazy("状态"), width=10),
        Column(gettext_lazy("党组织意见"), width=10),
        Column(gettext_lazy("党组织意见说明"), width=30, wrap=True),
        Column(gettext_lazy("初审意见"), width=30, wrap=True),
        Column(gettext_lazy("推荐时间"), Kind.DATETIME),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        selection = fetch_param(actor, Selection.objects.select_related("type"), params.get("selection"))
        return {"selection": selection}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        """Whoever sees the selection and may view some unit's records (its officers, the office,
        the leadership): a plain member sees no entries, so has nothing to export."""
        return (
            can_view_selection(actor, objs["selection"]) and not scope_for(actor, Capability.VIEW).is_empty()
        )

    def title(self, **objs: Any) -> str:
        return _("%(selection)s · 推荐对象") % {"selection": objs["selection"].title}

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(entries_visible_qs(objs["selection"], actor).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for entry in entries_visible_qs(objs["selection"], actor).iterator(chunk_size=2000):
            yield (
                entry.nominating_unit.name,
                entry.candidate_name,
                entry.summary,
                entry.get_status_display(),
                entry.get_party_decision_display() if entry.party_decision else "",
                entry.party_note,
                entry.office_note,
                entry.nominated_at,
            )

    def _quota_rows(self, selection: Selection) -> Iterator[Sequence[Any]]:
        for row in quota_rows(selection):
            yield (row.unit.name, row.members, row.quota.limit, row.quota.arithmetic, row.used)

    def sheets(self, actor: Actor, **objs: Any) -> list[SheetSpec]:
        selection = objs["selection"]
        return [
            SheetSpec(title=str(self.label), columns=self.columns, rows=self.rows(actor, **objs)),
            SheetSpec(title=_("各单位名额"), columns=QUOTA_COLUMNS, rows=self._quota_rows(selection)),
        ]
