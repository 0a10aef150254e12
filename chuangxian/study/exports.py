"""Who has studied a document, for a unit's subtree (``study.confirmations``: Excel, CSV): the unit
status page (未学习 / 已学习) as a file, for whoever may see that page (``can_view_document`` and
``can_view_study_status``: the unit's officers, the roles covering it, the office)."""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.exports.registry import Column, Exporter, Kind, fetch_param
from chuangxian.orgs.models import Unit
from chuangxian.study.models import StudyConfirmation, StudyDocument
from chuangxian.study.permissions import can_view_document, can_view_study_status
from chuangxian.study.selectors import targeted_members

SHOW = ("missing", "confirmed")


class ConfirmationsExporter(Exporter):
    """The document's targeted members in the unit's subtree, by unit, with when each confirmed;
    ``show`` = ``missing`` or ``confirmed`` narrows to one of the page's two tabs (both by default)."""

    name = "study.confirmations"
    label = gettext_lazy("学习情况")
    formats = ("xlsx", "csv")
    columns = (
        Column(gettext_lazy("工号"), Kind.ID, width=14),
        Column(gettext_lazy("姓名"), width=12),
        Column(gettext_lazy("单位"), width=24),
        Column(gettext_lazy("是否已学习"), width=10),
        Column(gettext_lazy("确认时间"), Kind.DATETIME),
    )

    def resolve(self, actor: Actor, params: Mapping[str, Any]) -> dict[str, Any]:
        document = fetch_param(actor, StudyDocument.objects.all(), params.get("document"))
        unit = fetch_param(actor, Unit.objects.all(), params.get("unit"))
        if unit.tenant_id != document.tenant_id:
            raise Refused(_("找不到要导出的记录，或您没有导出它的权限。"), code="not_found")
        show = str(params.get("show") or "")
        return {"document": document, "unit": unit, "show": show if show in SHOW else ""}

    def may_run(self, actor: Actor, **objs: Any) -> bool:
        return can_view_document(actor, objs["document"]) and can_view_study_status(actor, objs["unit"])

    def title(self, **objs: Any) -> str:
        return _("%(unit)s学习情况 · %(title)s") % {
            "unit": objs["unit"].name,
            "title": objs["document"].title,
        }

    def _members(self, **objs: Any) -> Any:
        document = objs["document"]
        confirmed_at = StudyConfirmation.objects.filter(
            tenant_id=document.tenant_id, document=document, member=OuterRef("pk")
        ).values("confirmed_at")[:1]
        members = (
            targeted_members(document, objs["unit"])
            .annotate(confirmed_at=Subquery(confirmed_at))
            .select_related("unit")
            .order_by("unit__path", "name", "staff_no")
        )
        if objs["show"] == "missing":
            members = members.filter(confirmed_at__isnull=True)
        elif objs["show"] == "confirmed":
            members = members.filter(confirmed_at__isnull=False)
        return members

    def count(self, actor: Actor, **objs: Any) -> int:
        return int(self._members(**objs).count())

    def rows(self, actor: Actor, **objs: Any) -> Iterator[Sequence[Any]]:
        for member in self._members(**objs).iterator(chunk_size=2000):
            yield (
                member.staff_no,
                member.name,
                member.unit.name,
                _("是") if member.confirmed_at else _("否"),
                member.confirmed_at,
            )
